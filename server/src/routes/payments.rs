//! `GET /api/payments/history`: every movement of money on the caller's
//! own bookings, newest first, paged by cursor: charges, authorisations,
//! captures and releases (one per PaymentIntent, as it stands), refunds
//! and disputes. A card saved as a guarantee moves no money, and its
//! SetupIntent is not listed. (create-intent is [`super::create_intent`].)

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use booking_contract::{Currency, HistoryPage, Movement, PaymentRecord, PAYMENT_HISTORY_PATH};
use serde::Deserialize;

/// `GET` the payment history.
pub fn router() -> Router<AppState> {
    Router::new().route(PAYMENT_HISTORY_PATH, get(history))
}

/// `?after=<cursor>&limit=<1..=100>`.
#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    after: Option<String>,
    limit: Option<u32>,
}

/// Where a page starts: after the movement at `(created_at, source, id)`
/// in the order newest first. Written `created_at_source_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    created_at: i64,
    source: i64,
    id: i64,
}

impl Cursor {
    /// Before every movement: the first page.
    const START: Self = Self { created_at: i64::MAX, source: 0, id: 0 };

    /// Reads a cursor this server wrote; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('_').map(|p| p.parse::<i64>().ok());
        let (created_at, source, id) = (parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(Self { created_at, source, id })
    }

    fn write(self) -> String {
        format!("{}_{}_{}", self.created_at, self.source, self.id)
    }
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    source: i64,
    id: i64,
    booking_id: String,
    payment_intent_id: String,
    amount: i64,
    currency: String,
    status: String,
    created_at: i64,
    movement: String,
}

/// The movements, one query: payments (source 0), refunds (1), disputes
/// (2), each of the caller's bookings, ordered newest first by
/// (created_at, source, id), after the cursor.
const MOVEMENTS: &str = "
    SELECT m.source, m.id, m.booking_id, m.payment_intent_id, m.amount, m.currency, m.status, m.created_at, m.movement
    FROM (
        SELECT CAST(0 AS BIGINT) AS source, p.id, p.booking_id, p.payment_intent_id,
               CASE WHEN p.kind = 'hold' AND p.status = 'succeeded' THEN COALESCE(p.amount_received, p.amount)
                    ELSE p.amount END AS amount,
               p.currency, p.status, p.created_at,
               CASE WHEN p.kind != 'hold' THEN 'charge'
                    WHEN p.status = 'requires_capture' THEN 'authorisation'
                    WHEN p.status = 'succeeded' THEN 'capture'
                    WHEN p.status = 'canceled' THEN 'release'
                    ELSE 'charge' END AS movement
        FROM payments p WHERE p.kind != 'guarantee'
        UNION ALL
        SELECT CAST(1 AS BIGINT), r.id, r.booking_id, r.payment_intent_id, r.amount, r.currency, r.status, r.created_at, 'refund'
        FROM refunds r
        UNION ALL
        SELECT CAST(2 AS BIGINT), d.id, d.booking_id, d.payment_intent_id, d.amount, d.currency, d.status, d.created_at, 'dispute'
        FROM disputes d
    ) m JOIN bookings b ON b.id = m.booking_id
    WHERE b.user_id = $1
      AND (m.created_at < $2 OR (m.created_at = $2 AND (m.source > $3 OR (m.source = $3 AND m.id < $4))))
    ORDER BY m.created_at DESC, m.source ASC, m.id DESC LIMIT $5";

fn movement(name: &str) -> Movement {
    match name {
        "authorisation" => Movement::Authorisation,
        "capture" => Movement::Capture,
        "release" => Movement::Release,
        "refund" => Movement::Refund,
        "dispute" => Movement::Dispute,
        _ => Movement::Charge,
    }
}

/// The caller's own movements, newest first, with minimal fields.
pub async fn history(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<HistoryQuery>,
) -> Result<Json<HistoryPage>, ApiError> {
    let limit = i64::from(q.limit.unwrap_or(20).clamp(1, 100));
    let after = match q.after.as_deref() {
        None => Cursor::START,
        Some(s) => Cursor::parse(s).ok_or(ApiError::Rejected("history_bad_cursor"))?,
    };
    let rows: Vec<HistoryRow> = sqlx::query_as(MOVEMENTS)
        .bind(user.id)
        .bind(after.created_at)
        .bind(after.source)
        .bind(after.id)
        .bind(limit)
        .fetch_all(&state.db)
        .await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| Cursor { created_at: r.created_at, source: r.source, id: r.id }.write()))
        .flatten();
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
                movement: Some(movement(&r.movement)),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Json(HistoryPage { items, next_cursor }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_nothing_else() {
        let c = Cursor { created_at: 1_800_000_000, source: 1, id: 42 };
        assert_eq!(Cursor::parse(&c.write()), Some(c));
        for bad in ["", "abc", "1_2", "1_2_3_4", "1_x_3", "12"] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }
}
