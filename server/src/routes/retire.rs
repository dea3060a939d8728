//! Retiring a booking's checkout object that must not be confirmed any
//! more: its price changed (a price change), or the booking's terms now
//! need another kind of object (a hold became a guarantee, a deposit a
//! payment in full). Shared by the booking and create-intent routes,
//! under the booking's lock.
//!
//! An object's amount never changes once a guest may have seen it: it is
//! canceled instead. Stripe serialises a cancel and the guest's
//! confirmation on one object, so either the confirmation wins (the cancel
//! is refused, and so is the caller's change, with 409) or the cancel wins
//! (the confirmation fails and the guest is shown the booking again).

use crate::error::ApiError;
use crate::state::AppState;
use crate::stripe::Checkout;
use booking_contract::IntentStatus;

/// What became of the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retired {
    /// Left open as it is: the caller's `keep` said it still fits.
    Kept,
    /// Canceled, now or before: nothing can confirm it.
    Canceled,
}

/// Retires checkout object `id` unless `keep` says it still fits. One
/// that is not open ([`IntentStatus::is_open`]) is refused: the guest is
/// authenticating on their screen (3D Secure, a bank app), the money is
/// moving or moved, or its state is one this build does not know.
pub async fn retire(state: &AppState, id: &str, keep: impl Fn(&Checkout) -> bool) -> Result<Retired, ApiError> {
    let current = state.stripe.retrieve_checkout(id).await?;
    if let Some(decided) = decision(current.status, keep(&current)) {
        return decided;
    }
    // One key per object: canceling it is one operation however often asked.
    let key = format!("booking-checkout:cancel:{id}");
    match state.stripe.cancel_checkout(id, &key).await {
        Ok(_) => Ok(Retired::Canceled),
        // The guest's confirmation reached the object first: what it
        // became decides, read again.
        Err(refused) => {
            let now = state.stripe.retrieve_checkout(id).await?;
            match decision(now.status, false) {
                Some(decided) => decided,
                None => Err(refused.into()),
            }
        }
    }
}

/// What an object in `status` comes to when that is decided without
/// Stripe: `None` when it must be canceled.
pub fn decision(status: IntentStatus, keep: bool) -> Option<Result<Retired, ApiError>> {
    match status {
        IntentStatus::Succeeded => Some(Err(ApiError::AlreadyPaid)),
        IntentStatus::Canceled => Some(Ok(Retired::Canceled)),
        status if !status.is_open() => Some(Err(ApiError::PaymentInProgress)),
        _ if keep => Some(Ok(Retired::Kept)),
        _ => None,
    }
}

/// Releases the hold `intent` of `booking_id` at Stripe (with the
/// booking's lock held). Marked canceled first, so that the webhook that
/// follows knows the cancel was the server's own. When Stripe refuses,
/// what the intent is now decides: one Stripe has canceled already (the
/// authorisation expired before its webhook came) is released; any other
/// (captured meanwhile, say) has its row put back as Stripe says, and the
/// refusal stands, so a retry decides from the truth.
pub async fn release_hold(state: &AppState, booking_id: &str, intent: &str) -> Result<(), ApiError> {
    crate::ledger::mark_canceled(&state.writes, intent).await?;
    let Err(refused) = state.stripe.cancel_intent(intent, &format!("booking-checkout:cancel:{intent}")).await else {
        return Ok(());
    };
    let now = state.stripe.retrieve_intent(intent).await?;
    if now.status == IntentStatus::Canceled {
        return Ok(());
    }
    let kind = crate::stripe::plan::PaymentKind::Hold;
    crate::ledger::record_answer(&state.writes, booking_id, kind, &now, state.clock.now()).await?;
    Err(refused.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_open_object_that_no_longer_fits_is_canceled() {
        for status in [IntentStatus::RequiresPaymentMethod, IntentStatus::RequiresConfirmation] {
            assert_eq!(decision(status, false), None, "{status:?}");
            assert_eq!(decision(status, true), Some(Ok(Retired::Kept)), "{status:?}");
        }
        assert_eq!(decision(IntentStatus::Canceled, false), Some(Ok(Retired::Canceled)));
    }

    /// Regression: a price change moved an intent's amount while the
    /// customer was authenticating it, or once money moved on it.
    #[test]
    fn an_object_whose_money_moves_or_moved_refuses_the_change() {
        assert_eq!(decision(IntentStatus::Succeeded, false), Some(Err(ApiError::AlreadyPaid)));
        for status in [
            IntentStatus::RequiresAction,
            IntentStatus::Processing,
            IntentStatus::RequiresCapture,
            IntentStatus::Unknown,
        ] {
            assert_eq!(decision(status, false), Some(Err(ApiError::PaymentInProgress)), "{status:?}");
            assert_eq!(decision(status, true), Some(Err(ApiError::PaymentInProgress)), "{status:?}");
        }
    }
}
