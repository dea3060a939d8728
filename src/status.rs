//! PaymentIntent statuses (the contract's one enum) and what each means
//! for the customer.

use crate::i18n::Text;
use booking_contract::Money;

pub use booking_contract::IntentStatus;

/// The success text for statuses the customer can treat as done
/// ([`IntentStatus::is_success`]), `None` for every other status.
/// Fulfilment still waits for the webhook.
pub fn success_text(status: IntentStatus) -> Option<Text> {
    match status {
        IntentStatus::Succeeded => Some(Text::Paid),
        IntentStatus::Processing => Some(Text::PaymentProcessing),
        IntentStatus::RequiresCapture => Some(Text::Authorised),
        _ => None,
    }
}

/// A PaymentIntent as the checkout learned of it: from a confirmation, a
/// retrieval, or the error Stripe.js resolved when the intent could not be
/// confirmed in its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// PaymentIntent id (`pi_…`; not secret). Empty when none exists yet.
    pub id: String,
    /// Its status.
    pub status: IntentStatus,
    /// Its amount, when Stripe.js reported one that reads as money.
    pub amount: Option<Money>,
}

impl Intent {
    /// An intent known only by its status (no id, no amount).
    pub fn with_status(status: IntentStatus) -> Self {
        Self { id: String::new(), status, amount: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_success_has_its_text_and_nothing_else_has_one() {
        assert_eq!(success_text(IntentStatus::Succeeded), Some(Text::Paid));
        assert_eq!(success_text(IntentStatus::Processing), Some(Text::PaymentProcessing));
        assert_eq!(success_text(IntentStatus::RequiresCapture), Some(Text::Authorised));
        for s in IntentStatus::KNOWN.into_iter().chain([IntentStatus::Unknown]) {
            assert_eq!(success_text(s).is_some(), s.is_success(), "{s:?}");
        }
    }
}
