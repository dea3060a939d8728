//! Shared application state: what every handler reaches through
//! `State<AppState>` (database, Stripe client, configuration, clock, rate
//! limiters, per-booking locks and the prepared page).

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::error::ApiError;
use crate::lock::BookingLocks;
use crate::page::Page;
use crate::ratelimit::RateLimiter;
use crate::stripe::StripeClient;
use crate::writes::Writes;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

/// Cheap-to-clone handle on everything handlers share.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts.
pub struct Inner {
    /// Database pool, for reads.
    pub db: Db,
    /// Where every write transaction runs ([`crate::writes`]).
    pub writes: Writes,
    /// Stripe API client.
    pub stripe: StripeClient,
    /// Configuration, shared with the layers that need only it.
    pub config: Arc<Config>,
    /// Wall clock (tests set it).
    pub clock: Clock,
    /// Per-user limit on create-intent.
    pub create_intent_limit: RateLimiter<i64>,
    /// Per-user limit on consents (each is a row kept for good).
    pub consent_limit: RateLimiter<i64>,
    /// Global limit on CSP reports.
    pub report_limit: RateLimiter<()>,
    /// One lock per booking, across instances on PostgreSQL
    /// ([`crate::lock`]): what creates or changes Stripe objects for a
    /// booking runs one at a time.
    pub booking_locks: BookingLocks,
    /// The checkout page, prepared at start-up.
    pub page: Page,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Builds the state from its parts, with a Stripe client for the
    /// configured base URL and key.
    pub fn new(db: Db, config: Config, page: Page) -> Self {
        let stripe = StripeClient::new(&config.stripe_api_base, config.stripe_secret_key.clone());
        Self::with_stripe(db, config, page, stripe)
    }

    /// Builds the state with a given Stripe client (e.g. one with shorter
    /// time-outs, to prove how a slow Stripe is answered).
    pub fn with_stripe(db: Db, config: Config, page: Page, stripe: StripeClient) -> Self {
        Self(Arc::new(Inner {
            writes: Writes::for_database(db.clone(), &config.database_url),
            db,
            stripe,
            create_intent_limit: RateLimiter::new(
                config.create_intent_burst,
                Duration::from_secs(u64::from(config.create_intent_refill_secs)),
            ),
            consent_limit: RateLimiter::new(
                config.consent_burst,
                Duration::from_secs(u64::from(config.consent_refill_secs)),
            ),
            report_limit: RateLimiter::new(30, Duration::from_secs(2)),
            booking_locks: BookingLocks::for_database(&config.database_url),
            config: Arc::new(config),
            clock: Clock::system(),
            page,
        }))
    }

    /// Takes the lock on `booking_id` ([`crate::lock`]).
    pub async fn lock_booking(&self, booking_id: &str) -> Result<crate::lock::BookingLock, ApiError> {
        self.booking_locks.lock(booking_id).await
    }
}
