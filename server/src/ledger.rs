//! The payments table: a booking's checkout objects at Stripe, at most one
//! row per booking and kind ([`PaymentKind`]), each the latest attempt of
//! that kind. A row's intent id is a PaymentIntent's, or a SetupIntent's
//! for a guarantee (which has no amount: 0 is recorded).

use crate::db::Db;
use crate::settle::Received;
use crate::stripe::plan::PaymentKind;
use crate::stripe::{Checkout, PaymentIntent};
use crate::writes::Writes;

/// One recorded checkout object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// What it is for.
    pub kind: PaymentKind,
    /// `pi_…` or `seti_…`.
    pub intent_id: String,
    /// Its attempt number for this booking and kind (1, then one more per
    /// replacement).
    pub attempt: i64,
    /// Its last known Stripe status.
    pub status: String,
}

/// Whether any of `booking_id`'s payments was refunded (or a refund is
/// pending): a failed refund gave nothing back.
pub async fn refunded_any(db: &Db, booking_id: &str) -> Result<bool, sqlx::Error> {
    let refunds: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM refunds WHERE booking_id = $1 AND status <> 'failed' AND status <> 'canceled'",
    )
    .bind(booking_id)
    .fetch_one(db)
    .await?;
    Ok(refunds > 0)
}

/// Whether a cancellation of `booking_id` was claimed (its amounts
/// written before Stripe was asked), completed or not: from then on only
/// the cancel moves the booking's money, so a retry that finishes it
/// finds the money as it left it.
pub async fn cancellation_claimed(db: &Db, booking_id: &str) -> Result<bool, sqlx::Error> {
    let claimed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cancellations WHERE booking_id = $1")
        .bind(booking_id)
        .fetch_one(db)
        .await?;
    Ok(claimed > 0)
}

/// The checkout objects recorded for `booking_id`, one per kind.
pub async fn of_booking(db: &Db, booking_id: &str) -> Result<Vec<Recorded>, sqlx::Error> {
    let rows: Vec<(String, String, i64, String)> =
        sqlx::query_as("SELECT kind, payment_intent_id, attempt, status FROM payments WHERE booking_id = $1")
            .bind(booking_id)
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, intent_id, attempt, status)| {
            // The table's CHECK allows only known kinds.
            Some(Recorded { kind: PaymentKind::parse(&kind)?, intent_id, attempt, status })
        })
        .collect())
}

/// Records `object` as attempt `attempt` of `booking_id`'s `kind`,
/// replacing only an older attempt. `false` when the row already holds
/// this attempt or a later one (another process won the race). `currency`
/// is recorded for a SetupIntent, which has none. Answers once the row is
/// durable.
pub async fn remember(
    writes: &Writes,
    booking_id: &str,
    kind: PaymentKind,
    attempt: i64,
    object: &Checkout,
    currency: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (amount, currency) = object.amount.clone().unwrap_or((0, currency.to_owned()));
    let (booking_id, intent_id, status) = (booking_id.to_owned(), object.id.clone(), object.status.as_str());
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                let saved = sqlx::query(
                    "INSERT INTO payments (booking_id, kind, payment_intent_id, attempt, amount, currency, status, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (booking_id, kind) DO UPDATE SET payment_intent_id = excluded.payment_intent_id,
                         attempt = excluded.attempt, amount = excluded.amount, currency = excluded.currency,
                         status = excluded.status, created_at = excluded.created_at, capture_before = NULL
                     WHERE payments.attempt < excluded.attempt",
                )
                .bind(booking_id)
                .bind(kind.as_str())
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

/// Records when hold `intent_id`'s authorisation expires (unix seconds).
pub async fn record_capture_before(writes: &Writes, intent_id: &str, at: i64) -> Result<(), sqlx::Error> {
    let intent_id = intent_id.to_owned();
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query("UPDATE payments SET capture_before = $1 WHERE payment_intent_id = $2 AND kind = 'hold'")
                    .bind(at)
                    .bind(intent_id)
                    .execute(conn)
                    .await?;
                Ok(())
            })
        })
        .await
}

/// Records that the server canceled `intent_id` at Stripe (the webhook
/// that follows then knows the cancel was the server's own).
pub async fn mark_canceled(writes: &Writes, intent_id: &str) -> Result<(), sqlx::Error> {
    let intent_id = intent_id.to_owned();
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "UPDATE payments SET status = 'canceled' WHERE payment_intent_id = $1 AND status != 'succeeded'",
                )
                .bind(intent_id)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
        .await
}

/// What each PaymentIntent of `booking_id` received (succeeded ones that
/// move money: not a saved card), with what of it was refunded (refunds
/// not failed or canceled), oldest first. (PostgreSQL's `SUM` of a
/// `BIGINT` is a `NUMERIC`: cast back, for sqlx's `Any` driver.)
pub async fn received(db: &Db, booking_id: &str) -> Result<Vec<Received>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT p.payment_intent_id, p.kind, COALESCE(p.amount_received, p.amount),
                CAST(COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.payment_intent_id = p.payment_intent_id
                          AND r.status NOT IN ('failed', 'canceled')), 0) AS BIGINT)
         FROM payments p WHERE p.booking_id = $1 AND p.status = 'succeeded' AND p.kind != 'guarantee'
         ORDER BY p.id",
    )
    .bind(booking_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(intent_id, kind, received, refunded)| {
            Some(Received { intent_id, kind: PaymentKind::parse(&kind)?, received, refunded })
        })
        .collect())
}

/// Records an object the server created without the guest (an
/// off-session charge) or whose status it learnt from Stripe's answer (a
/// capture, with what was received): inserted, or its row updated.
pub async fn record_answer(
    writes: &Writes,
    booking_id: &str,
    kind: PaymentKind,
    pi: &PaymentIntent,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (booking_id, id, status) = (booking_id.to_owned(), pi.id.clone(), pi.status.as_str());
    let (amount, currency, received) = (pi.amount, pi.currency.clone(), pi.amount_received);
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO payments (booking_id, kind, payment_intent_id, attempt, amount, currency, status,
                         created_at, amount_received)
                     VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8)
                     ON CONFLICT (payment_intent_id) DO UPDATE SET status = excluded.status,
                         amount_received = COALESCE(excluded.amount_received, payments.amount_received)",
                )
                .bind(booking_id)
                .bind(kind.as_str())
                .bind(id)
                .bind(amount)
                .bind(currency)
                .bind(status)
                .bind(now)
                .bind(received)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
        .await
}

/// A refund made at Stripe, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundMade {
    /// The booking refunded.
    pub booking_id: String,
    /// The PaymentIntent refunded.
    pub payment_intent_id: String,
    /// `re_…`.
    pub refund_id: String,
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO code.
    pub currency: String,
    /// Stripe's status of the refund.
    pub status: String,
    /// `cancel` or `staff`.
    pub reason: &'static str,
}

/// Records `refund` once (a replayed Stripe answer names the same `re_…`).
/// A row the webhook wrote first, as a refund made elsewhere, takes this
/// refund's reason: the cancellation then counts it as its own.
pub async fn record_refund(writes: &Writes, refund: RefundMade, now: i64) -> Result<(), sqlx::Error> {
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO refunds (booking_id, payment_intent_id, refund_id, amount, currency, status,
                         reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (refund_id) DO UPDATE SET reason = excluded.reason",
                )
                .bind(refund.booking_id)
                .bind(refund.payment_intent_id)
                .bind(refund.refund_id)
                .bind(refund.amount)
                .bind(refund.currency)
                .bind(refund.status)
                .bind(refund.reason)
                .bind(now)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
        .await
}
