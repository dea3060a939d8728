//! `POST /api/payments/webhook`: verified, deduplicated, never downgrading.

use crate::error::ApiError;
use crate::state::AppState;
use crate::stripe::event::{Effect, Event};
use crate::stripe::webhook::verify;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

/// Verifies the signature on the raw bytes, then parses and applies the event.
pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode, ApiError> {
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok());
    verify(signature, &body, state.config.webhook_secret(), crate::db::now()).map_err(|e| ApiError::Rejected(e.code()))?;
    let event: Event = serde_json::from_slice(&body).map_err(|_| ApiError::Rejected("webhook_invalid_json"))?;
    apply(&state, &event).await?;
    Ok(StatusCode::OK)
}

/// Applies `event` once: the event id is recorded in the same transaction
/// as the booking change, so a redelivery (even a concurrent one) is a no-op.
pub async fn apply(state: &AppState, event: &Event) -> Result<(), ApiError> {
    let mut tx = state.db.begin().await?;
    // Write first: the transaction takes the write lock at once, so two
    // concurrent deliveries queue here instead of both reading "not seen".
    let fresh = sqlx::query("INSERT INTO processed_events (event_id, processed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(&event.id)
        .bind(crate::db::now())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !fresh {
        tracing::info!(code = "webhook_duplicate", "webhook event already processed");
        return Ok(());
    }
    let effect = event.effect();
    if effect == Effect::Ignore {
        tx.commit().await?;
        return Ok(());
    }
    let intent = &event.data.object.id;
    let booking: Option<String> = sqlx::query_scalar("SELECT booking_id FROM payments WHERE payment_intent_id = $1")
        .bind(intent)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(booking) = booking else {
        tracing::info!(code = "webhook_unknown_intent", "webhook for a PaymentIntent we did not create");
        tx.commit().await?;
        return Ok(());
    };
    let (booking_status, payment_status) = match effect {
        Effect::Paid => ("paid", "succeeded"),
        Effect::Processing => ("processing", "processing"),
        Effect::Failed => ("awaiting_payment", event.data.object.status.as_deref().unwrap_or("requires_payment_method")),
        Effect::Ignore => unreachable!("returned above"),
    };
    // `status != 'paid'`: a late failure or processing event never downgrades a paid booking.
    sqlx::query("UPDATE bookings SET status = $1 WHERE id = $2 AND (status != 'paid' OR $3 = 'paid')")
        .bind(booking_status)
        .bind(&booking)
        .bind(booking_status)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE payments SET status = $1 WHERE payment_intent_id = $2 AND (status != 'succeeded' OR $3 = 'succeeded')")
        .bind(payment_status)
        .bind(intent)
        .bind(payment_status)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(code = "webhook_applied", effect = ?effect, "webhook applied");
    Ok(())
}
