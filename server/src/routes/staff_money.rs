//! The staff route that charges the card saved at checkout (a deposit's
//! balance, a no-show fee), whose amount is the guest's stored consent's,
//! while it is to the booking's terms now (409 `consent_outdated`
//! otherwise). Runs through [`super::staff_action::locked`] (lock, log);
//! refunds are [`super::staff_refund`]'s.

use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::ledger;
use crate::request_id::RequestId;
use crate::routes::bookings;
use crate::routes::consented::{consented_terms, Consented};
use crate::routes::off_session::{self, Charged};
use crate::routes::staff_action::{apply, locked, outcome, Done, StaffResult};
use crate::staff_auth::Staff;
use crate::staff_rules::charge_amount;
use crate::state::AppState;
use crate::stripe::event::Outcome;
use crate::stripe::plan::PaymentKind;
use axum::extract::{Path, State};
use axum::Extension;
use booking_contract::{BookingStatus, IntentStatus, StaffCharge, StaffChargeKind};

/// `POST …/charge` `{kind}`: charges the saved card off-session for
/// `kind`; a card that needs the guest, or a decline, leaves the booking
/// `action_required` with that intent recorded. One charge of each kind
/// per booking: a repeat answers the first.
pub async fn charge(
    _: Staff,
    State(state): State<AppState>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<StaffCharge>,
) -> StaffResult {
    locked(&state, &rid, "charge", &id, charge_locked(&state, &id, req.kind)).await
}

async fn charge_locked(state: &AppState, id: &str, wanted: StaffChargeKind) -> Result<Done, ApiError> {
    let booking = bookings::find_any(state, id).await?;
    let (kind, policy, due) = match wanted {
        StaffChargeKind::Balance => (PaymentKind::Balance, "deposit", BookingStatus::DepositPaid),
        StaffChargeKind::NoShow => (PaymentKind::NoShow, "guarantee", BookingStatus::Guaranteed),
    };
    let made: Option<(String, i64)> =
        sqlx::query_as("SELECT payment_intent_id, amount FROM payments WHERE booking_id = $1 AND kind = $2")
            .bind(id)
            .bind(kind.as_str())
            .fetch_optional(&state.db)
            .await?;
    if let Some((intent, amount)) = made {
        return Ok((outcome(&booking, booking.status, amount, Some(intent)), "staff_charge_repeated"));
    }
    match booking.status {
        // A cancellation that has begun settles the booking's money itself.
        s if s == due && ledger::cancellation_claimed(&state.db, id).await? => return Err(ApiError::BookingCancelled),
        s if s == due => {}
        BookingStatus::Cancelled => return Err(ApiError::BookingCancelled),
        _ => return Err(ApiError::Unacceptable("staff_charge_not_due")),
    }
    // Only a consent to the booking's terms as they are now decides what
    // the card is charged; one to older terms refuses, charging nothing.
    let terms = match consented_terms(state, &booking, policy).await? {
        Consented::Current(terms) => Some(terms),
        Consented::Nothing => None,
        Consented::Outdated => return Err(ApiError::ConsentOutdated),
    };
    let amount = charge_amount(wanted, terms.as_ref()).map_err(|r| ApiError::Unacceptable(r.log_code()))?;
    let key = off_session::idempotency_key(kind, id, amount);
    let currency = booking.currency.as_str();
    let (intent, said, code) = match off_session::charge(state, id, kind, amount, currency, &key).await? {
        Charged::Done(pi) if pi.status == IntentStatus::Succeeded => (pi.id, Some(Outcome::Succeeded), "staff_charged"),
        Charged::Done(pi) => (pi.id, None, "staff_charge_pending"),
        Charged::NeedsGuest(intent) => (intent, Some(Outcome::Failed), "staff_charge_needs_guest"),
    };
    let status = match said {
        Some(said) => apply(state, id, kind, &intent, "requires_confirmation", said).await?,
        None => booking.status,
    };
    Ok((outcome(&booking, status, amount, Some(intent)), code))
}
