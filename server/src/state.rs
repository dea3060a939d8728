//! Shared application state: what every handler reaches through
//! `State<AppState>` (database, Stripe client, configuration, clock, rate
//! limiters, per-booking locks and the prepared page).

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::page::Page;
use crate::ratelimit::RateLimiter;
use crate::stripe::StripeClient;
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Cheap-to-clone handle on everything handlers share.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts.
pub struct Inner {
    /// Database pool.
    pub db: Db,
    /// Stripe API client.
    pub stripe: StripeClient,
    /// Configuration, shared with the layers that need only it.
    pub config: Arc<Config>,
    /// Wall clock (tests set it).
    pub clock: Clock,
    /// Per-user limit on create-intent.
    pub create_intent_limit: RateLimiter<i64>,
    /// Global limit on CSP reports.
    pub report_limit: RateLimiter<()>,
    /// One lock per booking: create-intent for a booking runs one at a time
    /// in this process (the UNIQUE constraint covers other processes).
    pub booking_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
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
            db,
            stripe,
            create_intent_limit: RateLimiter::new(
                config.create_intent_burst,
                Duration::from_secs(u64::from(config.create_intent_refill_secs)),
            ),
            report_limit: RateLimiter::new(30, Duration::from_secs(2)),
            booking_locks: Mutex::new(HashMap::new()),
            config: Arc::new(config),
            clock: Clock::system(),
            page,
        }))
    }

    /// The lock serialising create-intent for `booking_id`.
    pub fn booking_lock(&self, booking_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.booking_locks.lock().unwrap_or_else(|p| p.into_inner());
        if locks.len() > 10_000 {
            locks.retain(|_, l| Arc::strong_count(l) > 1);
        }
        locks.entry(booking_id.to_owned()).or_default().clone()
    }
}
