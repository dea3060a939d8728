//! `GET /api/payments/history`: the caller's own payments, paged by cursor:
//! PaymentIntents only (a card saved as a guarantee moves no money, and its
//! SetupIntent is not listed). (create-intent is [`super::create_intent`].)

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use booking_contract::{Currency, HistoryPage, PaymentRecord, PAYMENT_HISTORY_PATH};
use serde::Deserialize;

/// `GET` the payment history.
pub fn router() -> Router<AppState> {
    Router::new().route(PAYMENT_HISTORY_PATH, get(history))
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
         WHERE b.user_id = $1 AND p.id < $2 AND p.kind != 'guarantee'
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
