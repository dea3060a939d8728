//! One deposit's balance charged on its due date without staff: the
//! balance job's step for one booking.
//!
//! Under the booking's lock (across instances on PostgreSQL) the booking
//! is read again and charged only while it is still `deposit_paid`, has no
//! balance charge recorded, and its consented balance is due by the
//! server's clock. The charge is the staff charge's: the same
//! off-session call, the amount of the guest's consent, the same
//! idempotency key; so staff and the job, on any instance, make one
//! balance charge per booking between them. A card that needs the guest,
//! or a decline, leaves the booking `action_required` with that intent.

use crate::error::ApiError;
use crate::ledger;
use crate::routes::bookings;
use crate::routes::consented::{consented_terms, Consented};
use crate::routes::off_session::{self, Charged};
use crate::routes::staff_action::apply;
use crate::staff_rules::charge_amount;
use crate::state::AppState;
use crate::stripe::event::Outcome;
use crate::stripe::plan::PaymentKind;
use booking_contract::{Booking, BookingStatus, Date, IntentStatus, PaymentTerms, StaffChargeKind};

/// What the step did with one booking (a log code each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Charged, and Stripe took the money: the booking is paid.
    Charged,
    /// Charged; Stripe is still taking it (the webhook settles it).
    Pending,
    /// The bank wants the guest: the booking is `action_required`.
    NeedsGuest,
    /// Nothing to do: not `deposit_paid` any more, a balance charge is
    /// recorded already (staff's, or another run's), or not due yet.
    Skipped(&'static str),
}

impl Step {
    /// Stable code for logs.
    pub fn log_code(self) -> &'static str {
        match self {
            Self::Charged => "balance_charged",
            Self::Pending => "balance_charge_pending",
            Self::NeedsGuest => "balance_charge_needs_guest",
            Self::Skipped(code) => code,
        }
    }
}

/// The day the guest's consented balance of `booking` falls due, with its
/// terms; `None` without a deposit's consent. A consent to other terms
/// than the booking's now (repriced or moved since) charges nothing.
pub async fn consented_balance(state: &AppState, booking: &Booking) -> Result<Option<(Date, PaymentTerms)>, ApiError> {
    match consented_terms(state, booking, "deposit").await? {
        Consented::Current(terms @ PaymentTerms::Deposit { balance_due, .. }) => Ok(Some((balance_due, terms))),
        Consented::Current(_) | Consented::Nothing => Ok(None),
        Consented::Outdated => Err(ApiError::ConsentOutdated),
    }
}

/// Charges `booking_id`'s balance if it is due, under the booking's lock.
pub async fn charge_if_due(state: &AppState, booking_id: &str) -> Result<Step, ApiError> {
    let lock = state.lock_booking(booking_id).await?;
    let done = charge_locked(state, booking_id).await;
    lock.release().await;
    done
}

async fn charge_locked(state: &AppState, id: &str) -> Result<Step, ApiError> {
    let booking = bookings::find_any(state, id).await?;
    if booking.status != BookingStatus::DepositPaid {
        return Ok(Step::Skipped("balance_not_deposit_paid"));
    }
    // The guest has begun to cancel (a retry finishes it): never charge
    // a balance the cancellation would not refund.
    if ledger::cancellation_claimed(&state.db, id).await? {
        return Ok(Step::Skipped("balance_booking_cancelling"));
    }
    let made: Option<String> =
        sqlx::query_scalar("SELECT payment_intent_id FROM payments WHERE booking_id = $1 AND kind = $2")
            .bind(id)
            .bind(PaymentKind::Balance.as_str())
            .fetch_optional(&state.db)
            .await?;
    if made.is_some() {
        return Ok(Step::Skipped("balance_already_charged"));
    }
    let Some((due, terms)) = consented_balance(state, &booking).await? else {
        return Err(ApiError::Unacceptable("balance_without_consent"));
    };
    if due > bookings::today(state) {
        return Ok(Step::Skipped("balance_not_due"));
    }
    let amount =
        charge_amount(StaffChargeKind::Balance, Some(&terms)).map_err(|r| ApiError::Unacceptable(r.log_code()))?;
    let kind = PaymentKind::Balance;
    let key = off_session::idempotency_key(kind, id, amount);
    match off_session::charge(state, id, kind, amount, booking.currency.as_str(), &key).await? {
        Charged::Done(pi) if pi.status == IntentStatus::Succeeded => {
            apply(state, id, kind, &pi.id, "requires_confirmation", Outcome::Succeeded).await?;
            Ok(Step::Charged)
        }
        Charged::Done(_) => Ok(Step::Pending),
        Charged::NeedsGuest(intent) => {
            apply(state, id, kind, &intent, "requires_confirmation", Outcome::Failed).await?;
            Ok(Step::NeedsGuest)
        }
    }
}
