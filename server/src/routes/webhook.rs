//! `POST /api/payments/webhook`: verified, deduplicated, never moving a
//! booking backwards. Checkout objects' events are applied here; refund
//! and dispute events by [`super::webhook_money`], in the same transaction.
//! A hold's authorisation also records when it expires
//! ([`super::hold_expiry`]).

use crate::booking_status;
use crate::error::ApiError;
use crate::routes::hold_expiry;
use crate::routes::webhook_money::{self, MoneyApplied};
use crate::state::AppState;
use crate::stripe::event::{Event, ObjectType, Outcome};
use crate::stripe::hold::expires_at;
use crate::stripe::plan::PaymentKind;
use crate::stripe::webhook::{verify_any, SIGNATURE_HEADER};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use booking_contract::{BookingStatus, IntentStatus, WEBHOOK_PATH};
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
/// Steps: [`record_event`] (first delivery?), [`Event::outcome`] (what the
/// event says), [`payment_of`] (is the object ours, and of which kind and
/// booking? Found through the payments table, never through metadata),
/// [`write_change`].
pub async fn apply(state: &AppState, event: &Event) -> Result<(), ApiError> {
    let (event_id, now) = (event.id.clone(), state.clock.now());
    let authorised_at = event.created.unwrap_or(now);
    let said = event.outcome().map(|(object, outcome)| (object, outcome, event.status(outcome)));
    let object_id = event.data.object.id.clone();
    let money = event.money();
    let outcome = state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                if !record_event(&mut *conn, &event_id, now).await? {
                    return Ok(Applied::Duplicate);
                }
                if let Some(money) = money {
                    return Ok(Applied::Money(webhook_money::write(&mut *conn, money, now).await?));
                }
                let Some((object, outcome, status)) = said else { return Ok(Applied::Ignored) };
                let Some(payment) = payment_of(&mut *conn, &object_id).await? else {
                    return Ok(Applied::UnknownObject);
                };
                if (object == ObjectType::SetupIntent) != (payment.kind == PaymentKind::Guarantee) {
                    return Ok(Applied::UnknownObject);
                }
                let moved = write_change(&mut *conn, &payment, &object_id, outcome, status).await?;
                if (outcome, payment.kind) == (Outcome::Authorised, PaymentKind::Hold) {
                    // The default window at once; Stripe's own deadline below.
                    sqlx::query("UPDATE payments SET capture_before = COALESCE(capture_before, $1) WHERE payment_intent_id = $2")
                        .bind(expires_at(None, authorised_at))
                        .bind(&object_id)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(Applied::Done { outcome, kind: payment.kind, booking_id: payment.booking_id, moved })
            })
        })
        .await?;
    match outcome {
        Applied::Duplicate => tracing::info!(code = "webhook_duplicate", "webhook event already processed"),
        Applied::UnknownObject => {
            tracing::info!(code = "webhook_unknown_intent", "webhook for a checkout object we did not create")
        }
        Applied::Ignored => {}
        Applied::Money(m) => tracing::info!(code = m.log_code(), "webhook applied"),
        Applied::Done { outcome, kind, booking_id, moved } => {
            let expired = kind == PaymentKind::Hold
                && outcome == Outcome::Canceled
                && event.data.object.cancellation_reason.as_deref() == Some("automatic");
            tracing::info!(
                code = if expired { "webhook_hold_expired" } else { "webhook_applied" },
                outcome = ?outcome,
                kind = kind.as_str(),
                booking_status = moved.map_or("unchanged", booking_status::name),
                "webhook applied"
            );
            if (outcome, kind) == (Outcome::Authorised, PaymentKind::Hold) {
                let object_id = &event.data.object.id;
                if let Err(e) = hold_expiry::track(state, &booking_id, object_id, authorised_at).await {
                    // The default window recorded with the event stands.
                    tracing::warn!(code = %e.log_code(), "hold expiry kept at the default window");
                }
            }
        }
    }
    Ok(())
}

/// What applying an event did.
enum Applied {
    /// The event was processed before.
    Duplicate,
    /// Recorded; it changes nothing.
    Ignored,
    /// Recorded; its object is not one of ours.
    UnknownObject,
    /// Recorded; a refund or dispute event, with what it changed.
    Money(MoneyApplied),
    /// Recorded, and the payment (and perhaps the booking) changed.
    Done {
        /// What the event said.
        outcome: Outcome,
        /// The kind of the payment it was about.
        kind: PaymentKind,
        /// Its booking.
        booking_id: String,
        /// The booking's new status, if it moved.
        moved: Option<BookingStatus>,
    },
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

/// A recorded checkout object, as the webhook needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The booking it is for.
    pub booking_id: String,
    /// What it is for.
    pub kind: PaymentKind,
    /// Its status before this event.
    pub status: String,
}

/// The recorded checkout object `object_id`, if we created it.
pub async fn payment_of(conn: &mut AnyConnection, object_id: &str) -> Result<Option<Payment>, sqlx::Error> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT booking_id, kind, status FROM payments WHERE payment_intent_id = $1")
            .bind(object_id)
            .fetch_optional(conn)
            .await?;
    Ok(row
        .and_then(|(booking_id, kind, status)| Some(Payment { booking_id, kind: PaymentKind::parse(&kind)?, status })))
}

/// Writes what `outcome` means to the payment `object_id` (its Stripe
/// status, never downgrading a succeeded one) and to its booking (moved by
/// [`booking_status::next`], never backwards). A cancel the server made
/// itself (a price change, a change of terms: the row already says
/// canceled) leaves the booking as it is. The booking row is locked first
/// (a no-op update), so that on PostgreSQL two events for one booking read
/// and write its status one after the other. The booking's new status, if
/// it moved.
pub async fn write_change(
    conn: &mut AnyConnection,
    payment: &Payment,
    object_id: &str,
    outcome: Outcome,
    status: IntentStatus,
) -> Result<Option<BookingStatus>, sqlx::Error> {
    let ours = outcome == Outcome::Canceled && payment.status == IntentStatus::Canceled.as_str();
    let mut moved = None;
    if !ours {
        sqlx::query("UPDATE bookings SET status = status WHERE id = $1")
            .bind(&payment.booking_id)
            .execute(&mut *conn)
            .await?;
        let stored: String = sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
            .bind(&payment.booking_id)
            .fetch_one(&mut *conn)
            .await?;
        let current = booking_status::parse(&stored).unwrap_or(BookingStatus::AwaitingPayment);
        moved = booking_status::next(current, payment.kind, outcome);
        if let Some(to) = moved {
            sqlx::query("UPDATE bookings SET status = $1 WHERE id = $2")
                .bind(booking_status::name(to))
                .bind(&payment.booking_id)
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query(
        "UPDATE payments SET status = $1 WHERE payment_intent_id = $2 AND (status != 'succeeded' OR $3 = 'succeeded')",
    )
    .bind(status.as_str())
    .bind(object_id)
    .bind(status.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(moved)
}
