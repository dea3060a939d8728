//! What a decided cancellation asks Stripe for, with the booking's lock
//! held by the caller.
//!
//! The decided amounts, and each refund part (PaymentIntent and amount),
//! are written before Stripe is asked ([`claim`]); each refund is recorded
//! as Stripe answers it, tagged as the cancellation's (`reason = 'cancel'`),
//! and a capture or a fee is recorded as Stripe answers it too. A retry
//! ([`carry_out`]) therefore does only what was claimed and not yet made,
//! with the same idempotency keys: an attempt that failed half-way (one
//! refund made, the next refused) never has a part refunded twice.

use crate::error::ApiError;
use crate::ledger::{self, RefundMade};
use crate::routes::off_session::{charge, Charged};
use crate::routes::retire::release_hold;
use crate::settle::{self, Plan, Received, Step};
use crate::state::AppState;
use crate::stripe::plan::PaymentKind;
use booking_contract::{Booking, BookingStatus};

/// Writes the decided amounts and `plan`'s refund parts, in one
/// transaction, before Stripe is asked. A claim made first by another
/// call stands: neither its row nor its parts are replaced.
pub async fn claim(state: &AppState, booking: &Booking, plan: &Plan, version: &str) -> Result<(), ApiError> {
    let (id, currency, version, now) =
        (booking.id.clone(), booking.currency.as_str().to_owned(), version.to_owned(), state.clock.now());
    let (retained, refunded, charged) = (plan.retained, plan.refunded, plan.charged);
    let parts = match &plan.step {
        Step::Refund(parts) => parts.clone(),
        _ => Vec::new(),
    };
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                let claimed = sqlx::query(
                    "INSERT INTO cancellations (booking_id, currency, retained, refunded, charged, policy_version,
                         cancelled_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (booking_id) DO NOTHING",
                )
                .bind(&id)
                .bind(currency)
                .bind(retained)
                .bind(refunded)
                .bind(charged)
                .bind(version)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                if claimed.rows_affected() == 0 {
                    return Ok(());
                }
                for (position, (intent, amount)) in (0_i32..).zip(parts) {
                    sqlx::query(
                        "INSERT INTO cancellation_refunds (booking_id, payment_intent_id, position, amount)
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&id)
                    .bind(intent)
                    .bind(position)
                    .bind(amount)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// The refund parts `booking_id`'s cancellation claimed (`refunded` in
/// all). A claim written before the parts were kept has none: its parts
/// are then what is left of it, split as a first attempt splits, plus
/// what was made of each (which [`carry_out`] takes off again).
pub async fn claimed_refunds(
    state: &AppState,
    booking_id: &str,
    refunded: i64,
) -> Result<Vec<(String, i64)>, ApiError> {
    let parts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT payment_intent_id, amount FROM cancellation_refunds WHERE booking_id = $1 ORDER BY position",
    )
    .bind(booking_id)
    .fetch_all(&state.db)
    .await?;
    if !parts.is_empty() || refunded == 0 {
        return Ok(parts);
    }
    let made = made(state, booking_id).await?;
    let left = refunded - made.iter().map(|m| m.1).sum::<i64>();
    let mut parts = settle::split_refund(left, &ledger::received(&state.db, booking_id).await?);
    for (intent, amount) in made {
        match parts.iter_mut().find(|p| p.0 == intent) {
            Some(part) => part.1 += amount,
            None => parts.push((intent, amount)),
        }
    }
    Ok(parts)
}

/// What was refunded of each PaymentIntent for `booking_id`'s
/// cancellation (refunds not failed or canceled). (PostgreSQL's `SUM` of
/// a `BIGINT` is a `NUMERIC`: cast back, for sqlx's `Any` driver.)
async fn made(state: &AppState, booking_id: &str) -> Result<Vec<(String, i64)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT payment_intent_id, CAST(SUM(amount) AS BIGINT) FROM refunds
         WHERE booking_id = $1 AND reason = 'cancel' AND status NOT IN ('failed', 'canceled')
         GROUP BY payment_intent_id",
    )
    .bind(booking_id)
    .fetch_all(&state.db)
    .await?)
}

/// Asks Stripe for what `plan` says and is not done yet; the booking's
/// status afterwards.
pub async fn carry_out(state: &AppState, booking: &Booking, plan: &Plan) -> Result<BookingStatus, ApiError> {
    let id = &booking.id;
    match &plan.step {
        Step::CancelOpen | Step::ChargeFee { amount: 0 } => {}
        Step::Refund(parts) => refund(state, booking, parts).await?,
        Step::Release { intent } => release_hold(state, id, intent).await?,
        Step::Capture { intent, amount } => {
            // A capture an earlier attempt recorded is not asked for again.
            if intent_status(state, intent).await?.as_deref() != Some("succeeded") {
                let key = format!("booking-checkout:capture:cancel:{id}:{intent}:{amount}");
                let pi = state.stripe.capture_intent(intent, Some(*amount), &key).await?;
                ledger::record_answer(&state.writes, id, PaymentKind::Hold, &pi, state.clock.now()).await?;
            }
        }
        Step::ChargeFee { amount } => {
            let earlier: Option<String> =
                sqlx::query_scalar("SELECT status FROM payments WHERE booking_id = $1 AND kind = 'cancel_fee'")
                    .bind(id)
                    .fetch_optional(&state.db)
                    .await?;
            // A fee an earlier attempt charged (or left to the guest) stands.
            let needs_guest = match earlier.as_deref() {
                Some(status) => !matches!(status, "succeeded" | "processing"),
                None => {
                    let key = format!("booking-checkout:off-session:cancel_fee:{id}:{amount}");
                    let currency = booking.currency.as_str();
                    let charged = charge(state, id, PaymentKind::CancelFee, *amount, currency, &key).await?;
                    matches!(charged, Charged::NeedsGuest(_))
                }
            };
            if needs_guest {
                return Ok(BookingStatus::ActionRequired);
            }
        }
    }
    Ok(BookingStatus::Cancelled)
}

/// Refunds each claimed part less what was made of it for the
/// cancellation, never more than its intent has left, recording each
/// refund as Stripe answers it. A part untouched so far keeps its first
/// idempotency key (the amount is the same), so Stripe replays a refund
/// whose answer was lost.
async fn refund(state: &AppState, booking: &Booking, parts: &[(String, i64)]) -> Result<(), ApiError> {
    let id = &booking.id;
    let made = made(state, id).await?;
    let received = ledger::received(&state.db, id).await?;
    for (intent, part) in parts {
        let done: i64 = made.iter().filter(|m| m.0 == *intent).map(|m| m.1).sum();
        let left = received.iter().find(|r| r.intent_id == *intent).map_or(0, Received::refundable);
        let amount = (part - done).min(left);
        if amount <= 0 {
            continue;
        }
        let key = format!("booking-checkout:refund:cancel:{id}:{intent}:{amount}");
        let made = state.stripe.create_refund(intent, amount, &key).await?;
        let row = RefundMade {
            booking_id: id.clone(),
            payment_intent_id: intent.clone(),
            refund_id: made.id,
            amount: made.amount,
            currency: booking.currency.as_str().to_owned(),
            status: made.status,
            reason: "cancel",
        };
        ledger::record_refund(&state.writes, row, state.clock.now()).await?;
    }
    Ok(())
}

/// The recorded status of checkout object `intent`.
async fn intent_status(state: &AppState, intent: &str) -> Result<Option<String>, ApiError> {
    Ok(sqlx::query_scalar("SELECT status FROM payments WHERE payment_intent_id = $1")
        .bind(intent)
        .fetch_optional(&state.db)
        .await?)
}
