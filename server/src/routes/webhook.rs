//! `POST /api/payments/webhook`: verified, deduplicated, never downgrading.

use crate::error::ApiError;
use crate::state::AppState;
use crate::stripe::event::{Effect, Event};
use crate::stripe::webhook::{verify_any, SIGNATURE_HEADER};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use booking_contract::{IntentStatus, WEBHOOK_PATH};
use sqlx::AnyConnection;

/// `POST` from Stripe, authenticated by its signature (no cookie).
pub fn router() -> Router<AppState> {
    Router::new().route(WEBHOOK_PATH, post(receive))
}

/// Verifies the signature on the raw bytes, then parses and applies the event.
pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, ApiError> {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    verify_any(signature, &body, &state.config.webhook_secrets(), state.clock.now())
        .map_err(|e| ApiError::Rejected(e.code()))?;
    let event: Event = serde_json::from_slice(&body).map_err(|_| ApiError::Rejected("webhook_invalid_json"))?;
    apply(&state, &event).await?;
    Ok(StatusCode::OK)
}

/// Applies `event` once: the event id is recorded in the same transaction
/// as the booking change, so a redelivery (even a concurrent one) is a no-op.
///
/// Steps: [`record_event`] (first delivery?), [`change_for`] (what the event
/// means), [`booking_of`] (is the intent ours?), [`write_change`].
pub async fn apply(state: &AppState, event: &Event) -> Result<(), ApiError> {
    let (event_id, now) = (event.id.clone(), state.clock.now());
    let change = change_for(event);
    let intent = event.data.object.id.clone();
    let outcome = state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                if !record_event(&mut *conn, &event_id, now).await? {
                    return Ok(Outcome::Duplicate);
                }
                let Some(change) = change else { return Ok(Outcome::Ignored) };
                let Some(booking) = booking_of(&mut *conn, &intent).await? else {
                    return Ok(Outcome::UnknownIntent);
                };
                write_change(&mut *conn, &booking, &intent, &change).await?;
                Ok(Outcome::Applied(change.effect))
            })
        })
        .await?;
    match outcome {
        Outcome::Duplicate => tracing::info!(code = "webhook_duplicate", "webhook event already processed"),
        Outcome::UnknownIntent => {
            tracing::info!(code = "webhook_unknown_intent", "webhook for a PaymentIntent we did not create")
        }
        Outcome::Ignored => {}
        Outcome::Applied(effect) => tracing::info!(code = "webhook_applied", effect = ?effect, "webhook applied"),
    }
    Ok(())
}

/// What applying an event did.
enum Outcome {
    /// The event was processed before.
    Duplicate,
    /// Recorded; it changes nothing.
    Ignored,
    /// Recorded; its PaymentIntent is not one of ours.
    UnknownIntent,
    /// Recorded, and the booking changed.
    Applied(Effect),
}

/// The statuses an event moves a booking and its payment to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What the event means.
    pub effect: Effect,
    /// New `bookings.status`.
    pub booking_status: &'static str,
    /// New `payments.status` (Stripe's PaymentIntent status).
    pub payment_status: String,
}

/// Records `event_id` as processed; `false` if it already was. Written
/// first: the transaction takes the write lock at once, so two concurrent
/// deliveries queue here instead of both reading "not seen".
pub async fn record_event(conn: &mut AnyConnection, event_id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let inserted =
        sqlx::query("INSERT INTO processed_events (event_id, processed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(event_id)
            .bind(now)
            .execute(conn)
            .await?;
    Ok(inserted.rows_affected() == 1)
}

/// What `event` changes, or `None` for an event that is acknowledged and
/// ignored. A failure leaves the booking payable again.
pub fn change_for(event: &Event) -> Option<Change> {
    let effect = event.effect();
    let (booking_status, payment_status) = match effect {
        Effect::Paid => ("paid", "succeeded"),
        Effect::Processing => ("processing", "processing"),
        Effect::Failed => {
            let status = event.data.object.status.unwrap_or(IntentStatus::RequiresPaymentMethod);
            ("awaiting_payment", status.as_str())
        }
        Effect::Ignore => return None,
    };
    Some(Change { effect, booking_status, payment_status: payment_status.to_owned() })
}

/// The booking whose recorded intent is `intent`, if we created it.
pub async fn booking_of(conn: &mut AnyConnection, intent: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT booking_id FROM payments WHERE payment_intent_id = $1")
        .bind(intent)
        .fetch_optional(conn)
        .await
}

/// Writes `change` to the booking and its payment, never downgrading: a
/// late failure or processing event leaves a paid booking paid.
pub async fn write_change(
    conn: &mut AnyConnection,
    booking: &str,
    intent: &str,
    change: &Change,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bookings SET status = $1 WHERE id = $2 AND (status != 'paid' OR $3 = 'paid')")
        .bind(change.booking_status)
        .bind(booking)
        .bind(change.booking_status)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE payments SET status = $1 WHERE payment_intent_id = $2 AND (status != 'succeeded' OR $3 = 'succeeded')",
    )
    .bind(&change.payment_status)
    .bind(intent)
    .bind(&change.payment_status)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, status: Option<&str>) -> Event {
        let status = status.map_or("null".to_owned(), |s| format!("\"{s}\""));
        let body = format!(
            r#"{{"id":"evt_1","type":"{kind}","data":{{"object":{{"id":"pi_1","object":"payment_intent","status":{status}}}}}}}"#
        );
        serde_json::from_str(&body).unwrap()
    }

    #[test]
    fn a_succeeded_event_marks_booking_and_payment_paid() {
        let c = change_for(&event("payment_intent.succeeded", Some("succeeded"))).unwrap();
        assert_eq!((c.booking_status, c.payment_status.as_str()), ("paid", "succeeded"));
    }

    #[test]
    fn a_failure_makes_the_booking_payable_again_with_stripes_status() {
        let c = change_for(&event("payment_intent.canceled", Some("canceled"))).unwrap();
        assert_eq!((c.booking_status, c.payment_status.as_str()), ("awaiting_payment", "canceled"));
        let c = change_for(&event("payment_intent.payment_failed", None)).unwrap();
        assert_eq!(c.payment_status, "requires_payment_method");
    }

    #[test]
    fn other_events_change_nothing() {
        assert_eq!(change_for(&event("payment_intent.created", Some("requires_payment_method"))), None);
    }
}
