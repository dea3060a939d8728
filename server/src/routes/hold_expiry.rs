//! When a booking's hold expires: recorded when Stripe says the hold is
//! authorised (the webhook), and checked before staff capture it.
//!
//! The deadline is Stripe's `capture_before` of the hold's charge, read
//! under the booking's lock; when Stripe does not give it (or cannot be
//! reached), the authorisation plus 7 days. Once it has passed, a capture
//! is refused (409 `hold_expired`) without asking Stripe; Stripe cancels
//! the PaymentIntent itself, and its `payment_intent.canceled` makes the
//! booking `hold_released`, payable again at the terms decided then.

use crate::error::ApiError;
use crate::ledger;
use crate::state::AppState;
use crate::stripe::hold::{expired, expires_at};

/// Records when `booking_id`'s hold `intent`, authorised at
/// `authorised_at` (the event's time), expires; the expiry recorded.
pub async fn track(state: &AppState, booking_id: &str, intent: &str, authorised_at: i64) -> Result<i64, ApiError> {
    let lock = state.lock_booking(booking_id).await?;
    let said = state.stripe.hold_authorisation(intent).await;
    let (at, code) = match said {
        Ok(auth) if auth.capture_before.is_some() => (expires_at(auth.capture_before, authorised_at), "from_stripe"),
        Ok(auth) => (expires_at(None, auth.authorised_at.unwrap_or(authorised_at)), "default_window"),
        Err(_) => (expires_at(None, authorised_at), "default_window_stripe_unreachable"),
    };
    let written = ledger::record_capture_before(&state.writes, intent, at).await;
    lock.release().await;
    written?;
    tracing::info!(code = "hold_expiry_recorded", source = code, "hold expiry recorded");
    Ok(at)
}

/// Refuses (409 `hold_expired`) a capture of hold `intent` once its
/// recorded expiry has passed by the server's clock.
pub async fn refuse_expired(state: &AppState, intent: &str) -> Result<(), ApiError> {
    let at: Option<i64> = sqlx::query_scalar("SELECT capture_before FROM payments WHERE payment_intent_id = $1")
        .bind(intent)
        .fetch_optional(&state.db)
        .await?
        .flatten();
    if expired(at, state.clock.now()) {
        return Err(ApiError::HoldExpired);
    }
    Ok(())
}
