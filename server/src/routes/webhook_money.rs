//! What the webhook writes for a refund or dispute event
//! ([`MoneyEvent`]), inside the transaction that records the event id
//! (the webhook route's `apply`): so a redelivery is a no-op, and a refund's
//! or dispute's status only ever moves forward.
//!
//! The PaymentIntent is found in the payments table (never through
//! metadata); one we did not create is a logged no-op. A refund we did not
//! make (one made in Stripe's Dashboard) is recorded as staff's. A booking
//! never changes status for a refund or a dispute: a failed refund shows
//! in its refund row and in the booking's `refund_failed`, a dispute in
//! its row of `disputes` and in the booking's `dispute_status`.

use crate::stripe::money_event::{dispute_moves, refund_moves, MoneyEvent};
use sqlx::AnyConnection;

/// What a refund or dispute event changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyApplied {
    /// Its PaymentIntent is not one of ours.
    UnknownObject,
    /// Refund rows recorded or moved (how many), and whether one failed.
    Refunds {
        /// Rows inserted or moved.
        changed: usize,
        /// Whether a refund is now failed.
        failed: bool,
    },
    /// The booking's dispute status moved (or stayed, when not forward).
    Dispute {
        /// Whether it moved.
        moved: bool,
    },
}

impl MoneyApplied {
    /// Stable code for the log line.
    pub fn log_code(self) -> &'static str {
        match self {
            Self::UnknownObject => "webhook_unknown_intent",
            Self::Refunds { failed: true, .. } => "webhook_refund_failed",
            Self::Refunds { changed: 0, .. } => "webhook_refund_unchanged",
            Self::Refunds { .. } => "webhook_refund_recorded",
            Self::Dispute { moved: true } => "webhook_dispute_recorded",
            Self::Dispute { moved: false } => "webhook_dispute_unchanged",
        }
    }
}

/// Writes what `money` says, at `now`, on `conn` (inside the event's transaction).
pub async fn write(conn: &mut AnyConnection, money: MoneyEvent, now: i64) -> Result<MoneyApplied, sqlx::Error> {
    let intent = match &money {
        MoneyEvent::Refunds { payment_intent, .. } | MoneyEvent::Dispute { payment_intent, .. } => {
            payment_intent.clone()
        }
    };
    let ours: Option<(String, String)> =
        sqlx::query_as("SELECT booking_id, currency FROM payments WHERE payment_intent_id = $1")
            .bind(&intent)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((booking_id, currency)) = ours else { return Ok(MoneyApplied::UnknownObject) };
    // The booking row first (a no-op update): on PostgreSQL, events for
    // one booking then write one after the other.
    sqlx::query("UPDATE bookings SET status = status WHERE id = $1").bind(&booking_id).execute(&mut *conn).await?;
    match money {
        MoneyEvent::Refunds { refunds, .. } => {
            let (mut changed, mut failed) = (0, false);
            for refund in refunds {
                let known: Option<String> = sqlx::query_scalar("SELECT status FROM refunds WHERE refund_id = $1")
                    .bind(&refund.id)
                    .fetch_optional(&mut *conn)
                    .await?;
                match known.as_deref() {
                    // A refund made elsewhere (Stripe's Dashboard): recorded as staff's.
                    None if refund.amount > 0
                        && (refund.status == "pending" || refund_moves("pending", &refund.status)) =>
                    {
                        sqlx::query(
                            "INSERT INTO refunds (booking_id, payment_intent_id, refund_id, amount, currency, status,
                                 reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'staff', $7)
                             ON CONFLICT (refund_id) DO NOTHING",
                        )
                        .bind(&booking_id)
                        .bind(&intent)
                        .bind(&refund.id)
                        .bind(refund.amount)
                        .bind(&currency)
                        .bind(&refund.status)
                        .bind(now)
                        .execute(&mut *conn)
                        .await?;
                    }
                    Some(from) if refund_moves(from, &refund.status) => {
                        sqlx::query("UPDATE refunds SET status = $1 WHERE refund_id = $2")
                            .bind(&refund.status)
                            .bind(&refund.id)
                            .execute(&mut *conn)
                            .await?;
                    }
                    _ => continue,
                }
                changed += 1;
                failed |= refund.status == "failed";
            }
            Ok(MoneyApplied::Refunds { changed, failed })
        }
        MoneyEvent::Dispute { dispute_id, amount, status, .. } => {
            let known: Option<String> = sqlx::query_scalar("SELECT status FROM disputes WHERE dispute_id = $1")
                .bind(&dispute_id)
                .fetch_optional(&mut *conn)
                .await?;
            if known.is_none() && dispute_moves(None, &status) {
                sqlx::query(
                    "INSERT INTO disputes (booking_id, payment_intent_id, dispute_id, amount, currency, status,
                         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&booking_id)
                .bind(&intent)
                .bind(&dispute_id)
                .bind(amount.max(0))
                .bind(&currency)
                .bind(&status)
                .bind(now)
                .execute(&mut *conn)
                .await?;
            } else if known.as_deref().is_some_and(|from| dispute_moves(Some(from), &status)) {
                sqlx::query("UPDATE disputes SET status = $1 WHERE dispute_id = $2")
                    .bind(&status)
                    .bind(&dispute_id)
                    .execute(&mut *conn)
                    .await?;
            }
            let current: Option<String> = sqlx::query_scalar("SELECT dispute_status FROM bookings WHERE id = $1")
                .bind(&booking_id)
                .fetch_one(&mut *conn)
                .await?;
            let moved = dispute_moves(current.as_deref(), &status);
            if moved {
                sqlx::query("UPDATE bookings SET dispute_status = $1 WHERE id = $2")
                    .bind(&status)
                    .bind(&booking_id)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(MoneyApplied::Dispute { moved })
        }
    }
}
