//! What every staff action shares: the booking's lock, one log line per
//! action, the optional `{amount}` body, the answer, and moving the
//! booking as Stripe's answer says.
//!
//! Each change runs under the booking's lock with a Stripe
//! `Idempotency-Key` derived from server facts, and answers a repeat with
//! what the first call did without moving money again. Each action is
//! logged with the request id, the route and an outcome code: never a
//! guest's data, a card or a key.

use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::routes::bookings;
use crate::routes::webhook::{write_change, Payment};
use crate::state::AppState;
use crate::stripe::event::Outcome;
use crate::stripe::plan::PaymentKind;
use axum::body::Bytes;
use axum::Json;
use booking_contract::{Booking, BookingStatus, StaffAmount, StaffOutcome};

/// What a staff action did: its answer and its log code.
pub type Done = (StaffOutcome, &'static str);

/// Runs `action` on booking `id` under its lock and logs the result.
pub async fn locked<F>(state: &AppState, rid: &RequestId, route: &'static str, id: &str, action: F) -> StaffResult
where
    F: std::future::Future<Output = Result<Done, ApiError>>,
{
    bookings::find_any(state, id).await.inspect_err(|e| log(rid, route, e.log_code().as_str()))?;
    let lock = state.lock_booking(id).await?;
    let done = action.await;
    lock.release().await;
    match done {
        Ok((outcome, code)) => {
            log(rid, route, code);
            Ok(Json(outcome))
        }
        Err(e) => {
            log(rid, route, &e.log_code());
            Err(e)
        }
    }
}

/// A staff route's answer.
pub type StaffResult = Result<Json<StaffOutcome>, ApiError>;

/// One log line per staff action: request id, route, outcome code.
pub fn log(rid: &RequestId, route: &'static str, code: &str) {
    tracing::info!(request_id = %rid.0, route, code, "staff action");
}

/// The optional `{amount}` body: none or blank is `{}`; otherwise a JSON
/// object (the CSRF guard has required `application/json` for a body).
pub fn amount_body(body: &Bytes) -> Result<StaffAmount, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(StaffAmount::default());
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::InvalidRequest);
    }
    serde_json::from_slice(body).map_err(|_| ApiError::InvalidRequest)
}

/// The answer for `booking` now standing at `status`.
pub fn outcome(booking: &Booking, status: BookingStatus, amount: i64, intent: Option<String>) -> StaffOutcome {
    StaffOutcome {
        booking_id: booking.id.clone(),
        status,
        currency: booking.currency,
        amount,
        payment_intent_id: intent,
    }
}

/// Moves booking `booking_id` as Stripe's answer about its `kind` object
/// `intent` (last known as `was`) says, as the webhook would, never
/// backwards; its status afterwards.
pub async fn apply(
    state: &AppState,
    booking_id: &str,
    kind: PaymentKind,
    intent: &str,
    was: &str,
    outcome: Outcome,
) -> Result<BookingStatus, ApiError> {
    let payment = Payment { booking_id: booking_id.to_owned(), kind, status: was.to_owned() };
    let (intent, status) = (intent.to_owned(), outcome.default_status());
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                write_change(&mut *conn, &payment, &intent, outcome, status).await?;
                Ok(())
            })
        })
        .await?;
    Ok(bookings::find_any(state, booking_id).await?.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_body_is_no_amount_and_only_an_object_is_read() {
        assert_eq!(amount_body(&Bytes::from_static(b"")).unwrap(), StaffAmount::default());
        assert_eq!(amount_body(&Bytes::from_static(b" {\"amount\": 7} ")).unwrap().amount, Some(7));
        assert_eq!(amount_body(&Bytes::from_static(b"[7]")).unwrap_err(), ApiError::InvalidRequest);
        assert_eq!(amount_body(&Bytes::from_static(b"{\"amount\":\"7\"}")).unwrap_err(), ApiError::InvalidRequest);
    }
}
