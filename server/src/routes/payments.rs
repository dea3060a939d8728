//! `POST /api/payments/create-intent` and `GET /api/payments/history`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::routes::bookings;
use crate::state::AppState;
use crate::stripe::PaymentIntent;
use axum::extract::{Query, State};
use axum::Json;
use booking_contract::{BookingStatus, CreateIntentRequest, CreateIntentResponse, Currency, HistoryPage, PaymentRecord};
use serde::Deserialize;
use std::time::Instant;

/// Stripe `Idempotency-Key` for a booking's n-th intent: derived from
/// server facts only, so every retry of the same attempt — from any
/// process — asks Stripe for the same intent.
pub fn idempotency_key(booking_id: &str, attempt: i64) -> String {
    format!("booking-checkout:create-intent:{booking_id}:{attempt}")
}

fn respond(pi: PaymentIntent) -> Result<Json<CreateIntentResponse>, ApiError> {
    let client_secret = pi.client_secret.ok_or_else(|| ApiError::PaymentProvider("stripe_no_client_secret".into()))?;
    let currency = Currency::parse(&pi.currency).map_err(|_| ApiError::PaymentProvider("stripe_bad_currency".into()))?;
    Ok(Json(CreateIntentResponse { client_secret, amount: pi.amount, currency }))
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
    state.create_intent_limit.check(user.id, Instant::now()).map_err(ApiError::RateLimited)?;
    let booking = bookings::find(&state, user, &req.booking_id).await?;
    if booking.status == BookingStatus::Paid {
        return Err(ApiError::AlreadyPaid);
    }
    let lock = state.booking_lock(&booking.id);
    let _serialised = lock.lock().await;

    let existing: Option<(String, i64)> =
        sqlx::query_as("SELECT payment_intent_id, attempt FROM payments WHERE booking_id = $1")
            .bind(&booking.id)
            .fetch_optional(&state.db)
            .await?;
    let attempt = match existing {
        Some((pi_id, attempt)) => {
            let pi = state.stripe.retrieve_intent(&pi_id).await?;
            match pi.status.as_str() {
                "succeeded" => return Err(ApiError::AlreadyPaid),
                // A canceled intent, or one for another price, is replaced.
                "canceled" => attempt + 1,
                _ if pi.amount != booking.amount || pi.currency != booking.currency.as_str() => attempt + 1,
                _ => return respond(pi),
            }
        }
        None => 1,
    };

    let pi = state
        .stripe
        .create_intent(booking.amount, booking.currency.as_str(), &booking.id, &idempotency_key(&booking.id, attempt))
        .await?;
    let saved = sqlx::query(
        "INSERT INTO payments (booking_id, payment_intent_id, attempt, amount, currency, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (booking_id) DO UPDATE SET payment_intent_id = excluded.payment_intent_id,
             attempt = excluded.attempt, amount = excluded.amount, currency = excluded.currency,
             status = excluded.status, created_at = excluded.created_at
         WHERE payments.attempt < excluded.attempt",
    )
    .bind(&booking.id)
    .bind(&pi.id)
    .bind(attempt)
    .bind(pi.amount)
    .bind(&pi.currency)
    .bind(&pi.status)
    .bind(crate::db::now())
    .execute(&state.db)
    .await?;
    if saved.rows_affected() == 0 {
        // Another process recorded this attempt first: hand out its intent.
        let winner: String = sqlx::query_scalar("SELECT payment_intent_id FROM payments WHERE booking_id = $1")
            .bind(&booking.id)
            .fetch_one(&state.db)
            .await?;
        return respond(state.stripe.retrieve_intent(&winner).await?);
    }
    respond(pi)
}

/// `?after=<cursor>&limit=<1..=100>`.
#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    after: Option<i64>,
    limit: Option<u32>,
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    booking_id: String,
    payment_intent_id: String,
    amount: i64,
    currency: String,
    status: String,
    created_at: i64,
}

/// The caller's own payments, newest first, with minimal fields.
pub async fn history(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<HistoryQuery>,
) -> Result<Json<HistoryPage>, ApiError> {
    let limit = i64::from(q.limit.unwrap_or(20).clamp(1, 100));
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT p.id, p.booking_id, p.payment_intent_id, p.amount, p.currency, p.status, p.created_at
         FROM payments p JOIN bookings b ON b.id = p.booking_id
         WHERE b.user_id = $1 AND p.id < $2
         ORDER BY p.id DESC LIMIT $3",
    )
    .bind(user.id)
    .bind(q.after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&state.db)
    .await?;
    let next_cursor = (rows.len() as i64 == limit).then(|| rows.last().map(|r| r.id.to_string())).flatten();
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(PaymentRecord {
                booking_id: r.booking_id,
                payment_intent_id: r.payment_intent_id,
                amount: r.amount,
                currency: Currency::parse(&r.currency).map_err(|_| ApiError::Internal("bad_currency_in_db".into()))?,
                status: r.status,
                created_at: r.created_at,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Json(HistoryPage { items, next_cursor }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_depend_only_on_booking_and_attempt() {
        assert_eq!(idempotency_key("bk_1", 1), idempotency_key("bk_1", 1));
        assert_ne!(idempotency_key("bk_1", 1), idempotency_key("bk_1", 2));
        assert_ne!(idempotency_key("bk_1", 1), idempotency_key("bk_2", 1));
    }
}
