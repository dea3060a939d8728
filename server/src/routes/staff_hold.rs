//! `POST …/capture` and `…/release`: a hold captured (all of it, or
//! part: Stripe releases the rest) or released, under the booking's lock
//! ([`super::staff_action::locked`]).

use crate::error::ApiError;
use crate::ledger;
use crate::request_id::RequestId;
use crate::routes::bookings;
use crate::routes::staff_action::{amount_body, apply, locked, outcome, Done, StaffResult};
use crate::staff_auth::Staff;
use crate::staff_rules::capture_amount;
use crate::state::AppState;
use crate::stripe::event::Outcome;
use crate::stripe::plan::PaymentKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Extension;
use booking_contract::{Booking, BookingStatus, IntentStatus};

/// A booking's hold: (intent, authorised, status, captured).
async fn hold_of(state: &AppState, id: &str) -> Result<(String, i64, String, Option<i64>), ApiError> {
    let hold: Option<(String, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT payment_intent_id, amount, status, amount_received FROM payments WHERE booking_id = $1 AND kind = 'hold'",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?;
    hold.ok_or(ApiError::Unacceptable("staff_no_hold"))
}

/// Refuses a booking that is not held now, or whose cancellation has
/// begun (the cancel captures or releases the hold itself).
async fn held(state: &AppState, booking: &Booking) -> Result<(), ApiError> {
    match booking.status {
        BookingStatus::Held if ledger::cancellation_claimed(&state.db, &booking.id).await? => {
            Err(ApiError::BookingCancelled)
        }
        BookingStatus::Held => Ok(()),
        BookingStatus::Cancelled => Err(ApiError::BookingCancelled),
        _ => Err(ApiError::Unacceptable("staff_not_held")),
    }
}

/// `POST …/capture` `{amount?}`: captures the hold, all of it by default,
/// never more than authorised; Stripe releases the rest. A repeat answers
/// the first capture. Once the hold's authorisation has expired, 409
/// `hold_expired`, and Stripe is not asked.
pub async fn capture(
    _: Staff,
    State(state): State<AppState>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    body: Bytes,
) -> StaffResult {
    let req = amount_body(&body)?;
    locked(&state, &rid, "capture", &id, capture_locked(&state, &id, req.amount)).await
}

async fn capture_locked(state: &AppState, id: &str, requested: Option<i64>) -> Result<Done, ApiError> {
    let booking = bookings::find_any(state, id).await?;
    let (intent, authorised, status, captured) = hold_of(state, id).await?;
    if status == IntentStatus::Succeeded.as_str() {
        let amount = captured.unwrap_or(authorised);
        return Ok((outcome(&booking, booking.status, amount, Some(intent)), "staff_capture_repeated"));
    }
    held(state, &booking).await?;
    super::hold_expiry::refuse_expired(state, &intent).await?;
    let amount = capture_amount(authorised, requested).map_err(|r| ApiError::Unacceptable(r.log_code()))?;
    let key = format!("booking-checkout:capture:staff:{id}:{intent}:{amount}");
    let pi = state.stripe.capture_intent(&intent, Some(amount), &key).await?;
    ledger::record_answer(&state.writes, id, PaymentKind::Hold, &pi, state.clock.now()).await?;
    let moved = if pi.status == IntentStatus::Succeeded {
        apply(state, id, PaymentKind::Hold, &intent, &status, Outcome::Succeeded).await?
    } else {
        booking.status
    };
    let amount = pi.amount_received.filter(|a| *a > 0).unwrap_or(amount);
    Ok((outcome(&booking, moved, amount, Some(intent)), "staff_captured"))
}

/// `POST …/release`: cancels the hold at Stripe, releasing all of it; the
/// booking is `hold_released`. A repeat answers the first release.
pub async fn release(
    _: Staff,
    State(state): State<AppState>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
) -> StaffResult {
    locked(&state, &rid, "release", &id, release_locked(&state, &id)).await
}

async fn release_locked(state: &AppState, id: &str) -> Result<Done, ApiError> {
    let booking = bookings::find_any(state, id).await?;
    let (intent, authorised, status, _) = hold_of(state, id).await?;
    if status == IntentStatus::Canceled.as_str() && booking.status != BookingStatus::Held {
        return Ok((outcome(&booking, booking.status, authorised, Some(intent)), "staff_release_repeated"));
    }
    if status == IntentStatus::Succeeded.as_str() {
        return Err(ApiError::AlreadyPaid);
    }
    held(state, &booking).await?;
    super::retire::release_hold(state, id, &intent).await?;
    let moved = apply(state, id, PaymentKind::Hold, &intent, "requires_capture", Outcome::Canceled).await?;
    Ok((outcome(&booking, moved, authorised, Some(intent)), "staff_released"))
}
