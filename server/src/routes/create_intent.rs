//! `POST /api/payments/create-intent`: a PaymentIntent for one of the
//! caller's bookings, as a sequence of small named steps.
//!
//! 1. [`authorize`]: rate limit, ownership, not already paid.
//! 2. [`price`]: amount and currency from the booking row, never the request.
//! 3. [`find_or_create`], under the booking's lock: reuse the recorded
//!    intent while it can still be paid ([`reuse_or_replace`]), otherwise
//!    create attempt n+1 at Stripe with a key derived from server facts.
//! 4. [`remember`] the new intent; if another process recorded the same
//!    attempt first, hand out the winner's intent instead.

use crate::auth::AuthUser;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::routes::bookings;
use crate::state::AppState;
use crate::stripe::PaymentIntent;
use crate::writes::Writes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use booking_contract::{
    Booking, BookingStatus, CreateIntentRequest, CreateIntentResponse, Currency, IntentStatus, Money,
    CREATE_INTENT_PATH,
};
use std::time::Instant;

/// `POST` create-intent.
pub fn router() -> Router<AppState> {
    Router::new().route(CREATE_INTENT_PATH, post(create_intent))
}

/// Creates (or returns the open) PaymentIntent for one of the caller's bookings.
///
/// Order matters: authentication (the extractor) before anything; ownership
/// before Stripe; amount and currency from the booking row only.
pub async fn create_intent(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(req): JsonBody<CreateIntentRequest>,
) -> Result<Json<CreateIntentResponse>, ApiError> {
    let booking = authorize(&state, user, &req.booking_id).await?;
    let charge = price(&booking);
    let lock = state.lock_booking(&booking.id).await?;
    let intent = find_or_create(&state, &booking.id, &charge).await;
    lock.release().await;
    respond(intent?)
}

/// What the booking costs, as the server priced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// Minor units.
    pub amount: i64,
    /// Currency of the amount.
    pub currency: Currency,
}

/// What to do with the intent a booking already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Hand it out again: it is open and for the right price.
    Reuse,
    /// Create a new one as this attempt (the old one was canceled or has
    /// another price).
    Replace {
        /// The new attempt number.
        attempt: i64,
    },
}

/// Step 1: the caller may pay for `booking_id` now. Rate limit first (it
/// costs nothing), then ownership (another user's booking is "not found"),
/// then a paid booking is refused before Stripe is called.
pub async fn authorize(state: &AppState, user: AuthUser, booking_id: &str) -> Result<Booking, ApiError> {
    state.create_intent_limit.check(user.id, Instant::now()).map_err(ApiError::RateLimited)?;
    let booking = bookings::find(state, user, booking_id).await?;
    if booking.status == BookingStatus::Paid {
        return Err(ApiError::AlreadyPaid);
    }
    Ok(booking)
}

/// Step 2: the charge is the booking row's price; nothing from the request.
pub fn price(booking: &Booking) -> Charge {
    Charge { amount: booking.amount, currency: booking.currency }
}

/// Step 3 (call with the booking's lock held): the booking's open intent,
/// or a new one created at Stripe and remembered.
pub async fn find_or_create(state: &AppState, booking_id: &str, charge: &Charge) -> Result<PaymentIntent, ApiError> {
    let attempt = match recorded(&state.db, booking_id).await? {
        Some((intent_id, attempt)) => {
            let current = state.stripe.retrieve_intent(&intent_id).await?;
            match reuse_or_replace(&current, attempt, charge)? {
                Decision::Reuse => return Ok(current),
                Decision::Replace { attempt } => attempt,
            }
        }
        None => 1,
    };
    let key = idempotency_key(booking_id, attempt);
    let created = state.stripe.create_intent(charge.amount, charge.currency.as_str(), booking_id, &key).await?;
    if remember(&state.writes, booking_id, attempt, &created, state.clock.now()).await? {
        return Ok(created);
    }
    // Another process recorded this attempt first: hand out its intent.
    let winner = recorded(&state.db, booking_id).await?.ok_or(ApiError::Internal("payment_row_vanished".into()))?;
    Ok(state.stripe.retrieve_intent(&winner.0).await?)
}

/// The booking's recorded intent id and attempt number, if any.
pub async fn recorded(db: &Db, booking_id: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT payment_intent_id, attempt FROM payments WHERE booking_id = $1")
        .bind(booking_id)
        .fetch_optional(db)
        .await
}

/// Whether the recorded intent (`attempt`) is handed out again or replaced.
/// A succeeded intent means the booking is paid (the webhook may be late).
/// Only an intent no money is moving on may be replaced for another price:
/// one being authenticated, processing or authorised is handed out as it
/// is (with its own amount, which the customer then sees), since a second
/// intent beside it could charge the booking twice.
pub fn reuse_or_replace(current: &PaymentIntent, attempt: i64, charge: &Charge) -> Result<Decision, ApiError> {
    let repriced = current.amount != charge.amount || current.currency != charge.currency.as_str();
    match current.status {
        IntentStatus::Succeeded => Err(ApiError::AlreadyPaid),
        IntentStatus::Canceled => Ok(Decision::Replace { attempt: attempt + 1 }),
        status if status.is_open() && repriced => Ok(Decision::Replace { attempt: attempt + 1 }),
        _ => Ok(Decision::Reuse),
    }
}

/// Stripe `Idempotency-Key` for a booking's n-th intent: derived from
/// server facts only, so every retry of the same attempt — from any
/// process — asks Stripe for the same intent.
pub fn idempotency_key(booking_id: &str, attempt: i64) -> String {
    format!("booking-checkout:create-intent:{booking_id}:{attempt}")
}

/// Step 4: records `intent` as the booking's `attempt`, replacing only an
/// older attempt. `false` when the row already holds this attempt or a later
/// one (another process won the race). Answers once the row is durable.
pub async fn remember(
    writes: &Writes,
    booking_id: &str,
    attempt: i64,
    intent: &PaymentIntent,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (booking_id, intent_id) = (booking_id.to_owned(), intent.id.clone());
    let (amount, currency, status) = (intent.amount, intent.currency.clone(), intent.status.as_str());
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                let saved = sqlx::query(
                    "INSERT INTO payments (booking_id, payment_intent_id, attempt, amount, currency, status, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (booking_id) DO UPDATE SET payment_intent_id = excluded.payment_intent_id,
                         attempt = excluded.attempt, amount = excluded.amount, currency = excluded.currency,
                         status = excluded.status, created_at = excluded.created_at
                     WHERE payments.attempt < excluded.attempt",
                )
                .bind(booking_id)
                .bind(intent_id)
                .bind(attempt)
                .bind(amount)
                .bind(currency)
                .bind(status)
                .bind(now)
                .execute(conn)
                .await?;
                Ok(saved.rows_affected() == 1)
            })
        })
        .await
}

fn respond(pi: PaymentIntent) -> Result<Json<CreateIntentResponse>, ApiError> {
    let client_secret = pi.client_secret.ok_or_else(|| ApiError::PaymentProvider("stripe_no_client_secret".into()))?;
    let currency =
        Currency::parse(&pi.currency).map_err(|_| ApiError::PaymentProvider("stripe_bad_currency".into()))?;
    let price = Money::new(pi.amount, currency).map_err(|_| ApiError::PaymentProvider("stripe_bad_amount".into()))?;
    Ok(Json(CreateIntentResponse { client_secret, price }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(amount: i64) -> Charge {
        Charge { amount, currency: Currency::parse("eur").unwrap() }
    }

    fn intent(id: &str, status: &str, amount: i64) -> PaymentIntent {
        let status = IntentStatus::parse(status);
        PaymentIntent { id: id.into(), status, amount, currency: "eur".into(), client_secret: None }
    }

    #[test]
    fn idempotency_keys_depend_only_on_booking_and_attempt() {
        assert_eq!(idempotency_key("bk_1", 1), idempotency_key("bk_1", 1));
        assert_ne!(idempotency_key("bk_1", 1), idempotency_key("bk_1", 2));
        assert_ne!(idempotency_key("bk_1", 1), idempotency_key("bk_2", 1));
    }

    #[test]
    fn the_charge_is_the_booking_rows_price() {
        let booking = Booking {
            id: "bk_1".into(),
            description: "Garden room, 1 night".into(),
            amount: 4_800,
            currency: Currency::parse("eur").unwrap(),
            status: BookingStatus::AwaitingPayment,
        };
        assert_eq!(price(&booking), eur(4_800));
    }

    #[test]
    fn an_open_intent_for_the_same_price_is_reused() {
        for status in ["requires_payment_method", "requires_action", "processing"] {
            assert_eq!(reuse_or_replace(&intent("pi_1", status, 100), 1, &eur(100)), Ok(Decision::Reuse), "{status}");
        }
    }

    #[test]
    fn a_canceled_intent_or_one_for_another_price_is_replaced_by_the_next_attempt() {
        assert_eq!(
            reuse_or_replace(&intent("pi_1", "canceled", 100), 1, &eur(100)),
            Ok(Decision::Replace { attempt: 2 })
        );
        assert_eq!(
            reuse_or_replace(&intent("pi_1", "requires_payment_method", 99), 3, &eur(100)),
            Ok(Decision::Replace { attempt: 4 })
        );
        let usd = PaymentIntent { currency: "usd".into(), ..intent("pi_1", "requires_payment_method", 100) };
        assert_eq!(reuse_or_replace(&usd, 1, &eur(100)), Ok(Decision::Replace { attempt: 2 }));
    }

    /// Regression: an intent whose amount differed from the booking's (a
    /// price change written to Stripe but not to the database) was replaced
    /// even while its payment was processing, so the booking could be paid
    /// twice.
    #[test]
    fn an_intent_whose_money_is_moving_is_never_replaced_whatever_its_price() {
        for status in ["requires_action", "processing", "requires_capture"] {
            assert_eq!(reuse_or_replace(&intent("pi_1", status, 99), 1, &eur(100)), Ok(Decision::Reuse), "{status}");
        }
    }

    #[test]
    fn a_succeeded_intent_means_already_paid() {
        assert_eq!(reuse_or_replace(&intent("pi_1", "succeeded", 100), 1, &eur(100)), Err(ApiError::AlreadyPaid));
    }

    #[tokio::test]
    async fn remember_records_a_newer_attempt_and_refuses_the_same_one_twice() {
        let dir = std::env::temp_dir().join(format!("booking-server-unit-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::db::connect(&format!("sqlite://{}", dir.join("t.db").display())).await.unwrap();
        crate::demo::seed(&db, 1).await.unwrap();
        let writes = Writes::new(db.clone(), true);
        assert!(remember(&writes, "bk_demo_1", 1, &intent("pi_a", "requires_payment_method", 12_500), 1)
            .await
            .unwrap());
        assert!(
            !remember(&writes, "bk_demo_1", 1, &intent("pi_b", "requires_payment_method", 12_500), 2).await.unwrap(),
            "same attempt: the first wins"
        );
        assert_eq!(recorded(&db, "bk_demo_1").await.unwrap(), Some(("pi_a".into(), 1)));
        assert!(remember(&writes, "bk_demo_1", 2, &intent("pi_c", "requires_payment_method", 12_500), 3)
            .await
            .unwrap());
        assert_eq!(recorded(&db, "bk_demo_1").await.unwrap(), Some(("pi_c".into(), 2)));
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
