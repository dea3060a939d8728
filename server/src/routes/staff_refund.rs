//! `POST …/refund` `{amount?}` with an `Idempotency-Key` header of staff's
//! own: refunds `amount`, or all that is left, newest payment first; never
//! more than was paid and not yet refunded.
//!
//! The first request with a key claims, before Stripe is asked, the amount
//! decided then and its parts (PaymentIntent and amount); Stripe's keys
//! derive from that claim. A repeat with the key (a retry after a lost
//! answer, with a refund webhook recorded in between or not) carries out
//! the same parts, skipping each refund already made, and answers the
//! same; another key is another refund. Runs through
//! [`super::staff_action::locked`] (lock, log).

use crate::error::ApiError;
use crate::ledger::{self, RefundMade};
use crate::request_id::RequestId;
use crate::routes::bookings;
use crate::routes::staff_action::{amount_body, locked, outcome, Done, StaffResult};
use crate::settle;
use crate::staff_auth::Staff;
use crate::staff_rules::{refund_amount, request_key};
use crate::state::AppState;
use crate::stripe::after_checkout::Refund;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Extension;
use booking_contract::Booking;
use sha2::{Digest, Sha256};

/// Refunds booking `id` as the claim of the request's `Idempotency-Key`
/// says, making that claim first if the key is new. 400 without a valid
/// key; 422 for an amount over what is left, or another amount than the
/// key's claim.
pub async fn refund(
    _: Staff,
    State(state): State<AppState>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StaffResult {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).and_then(request_key);
    let Some(key) = key.map(str::to_owned) else {
        let e = ApiError::Rejected("staff_refund_key_invalid");
        super::staff_action::log(&rid, "refund", &e.log_code());
        return Err(e);
    };
    let req = amount_body(&body)?;
    locked(&state, &rid, "refund", &id, refund_locked(&state, &id, &key, req.amount)).await
}

/// One part of a claim: intent, amount, the refund made for it if any.
type Part = (String, i64, Option<String>);

async fn refund_locked(state: &AppState, id: &str, key: &str, requested: Option<i64>) -> Result<Done, ApiError> {
    let booking = bookings::find_any(state, id).await?;
    let claimed: Option<i64> =
        sqlx::query_scalar("SELECT amount FROM staff_refund_claims WHERE booking_id = $1 AND request_key = $2")
            .bind(id)
            .bind(key)
            .fetch_optional(&state.db)
            .await?;
    let (amount, code) = match claimed {
        // The same key with another amount is another request: refused, as Stripe refuses a key reused so.
        Some(amount) if requested.is_some_and(|r| r != amount) => {
            return Err(ApiError::Unacceptable("staff_refund_key_reused"))
        }
        Some(amount) => (amount, "staff_refund_repeated"),
        None => (claim(state, &booking, key, requested).await?, "staff_refunded"),
    };
    if amount == 0 {
        return Ok((outcome(&booking, booking.status, 0, None), "staff_nothing_to_refund"));
    }
    let parts: Vec<Part> = sqlx::query_as(
        "SELECT payment_intent_id, amount, refund_id FROM staff_refund_parts
         WHERE booking_id = $1 AND request_key = $2 ORDER BY position",
    )
    .bind(id)
    .bind(key)
    .fetch_all(&state.db)
    .await?;
    let claim_tag = &hex::encode(Sha256::digest(key.as_bytes()))[..16];
    for (intent, part, _) in parts.iter().filter(|p| p.2.is_none()) {
        let stripe_key = format!("booking-checkout:refund:staff:{id}:{claim_tag}:{intent}:{part}");
        let made = state.stripe.create_refund(intent, *part, &stripe_key).await?;
        record(state, &booking, key, intent, made).await?;
    }
    let last = parts.last().map(|p| p.0.clone());
    Ok((outcome(&booking, booking.status, amount, last), code))
}

/// Decides the amount for a new key (what was asked for, or all that is
/// left) and claims it with its parts, in one transaction; the amount.
async fn claim(state: &AppState, booking: &Booking, key: &str, requested: Option<i64>) -> Result<i64, ApiError> {
    let received = ledger::received(&state.db, &booking.id).await?;
    let refundable = received.iter().map(settle::Received::refundable).sum();
    let amount = refund_amount(refundable, requested).map_err(|r| ApiError::Unacceptable(r.log_code()))?;
    let parts = settle::split_refund(amount, &received);
    let (id, key, now) = (booking.id.clone(), key.to_owned(), state.clock.now());
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO staff_refund_claims (booking_id, request_key, amount, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(&id)
                .bind(&key)
                .bind(amount)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                for (position, (intent, part)) in (0_i32..).zip(parts) {
                    sqlx::query(
                        "INSERT INTO staff_refund_parts (booking_id, request_key, payment_intent_id, position, amount)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&id)
                    .bind(&key)
                    .bind(intent)
                    .bind(position)
                    .bind(part)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(amount)
}

/// Records the refund Stripe made for a part, and keeps it in the part so
/// a repeat never asks for it again.
async fn record(state: &AppState, booking: &Booking, key: &str, intent: &str, made: Refund) -> Result<(), ApiError> {
    let row = RefundMade {
        booking_id: booking.id.clone(),
        payment_intent_id: intent.to_owned(),
        refund_id: made.id.clone(),
        amount: made.amount,
        currency: booking.currency.as_str().to_owned(),
        status: made.status,
        reason: "staff",
    };
    ledger::record_refund(&state.writes, row, state.clock.now()).await?;
    let (id, key, intent, refund_id) = (booking.id.clone(), key.to_owned(), intent.to_owned(), made.id);
    state
        .writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "UPDATE staff_refund_parts SET refund_id = $1
                     WHERE booking_id = $2 AND request_key = $3 AND payment_intent_id = $4",
                )
                .bind(refund_id)
                .bind(id)
                .bind(key)
                .bind(intent)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}
