//! PaymentIntent statuses and what each means for the customer.

use crate::i18n::Text;

/// A PaymentIntent `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntentStatus {
    /// Paid.
    Succeeded,
    /// The payment method is asynchronous; the result comes later.
    Processing,
    /// Authorised, to be captured by the merchant.
    RequiresCapture,
    /// The attempt failed; another method or a retry is needed.
    RequiresPaymentMethod,
    /// 3DS or another customer action is pending.
    RequiresAction,
    /// Not yet confirmed.
    RequiresConfirmation,
    /// Canceled.
    Canceled,
    /// A status this build does not know.
    Unknown,
}

impl IntentStatus {
    /// Parses Stripe's status string.
    pub fn parse(s: &str) -> Self {
        match s {
            "succeeded" => Self::Succeeded,
            "processing" => Self::Processing,
            "requires_capture" => Self::RequiresCapture,
            "requires_payment_method" => Self::RequiresPaymentMethod,
            "requires_action" => Self::RequiresAction,
            "requires_confirmation" => Self::RequiresConfirmation,
            "canceled" => Self::Canceled,
            _ => Self::Unknown,
        }
    }

    /// The status string, for the `checkout:succeeded` event.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Processing => "processing",
            Self::RequiresCapture => "requires_capture",
            Self::RequiresPaymentMethod => "requires_payment_method",
            Self::RequiresAction => "requires_action",
            Self::RequiresConfirmation => "requires_confirmation",
            Self::Canceled => "canceled",
            Self::Unknown => "unknown",
        }
    }

    /// The success text for statuses the customer can treat as done, `None`
    /// for every other status. Fulfilment still waits for the webhook.
    pub fn success_text(self) -> Option<Text> {
        match self {
            Self::Succeeded => Some(Text::Paid),
            Self::Processing => Some(Text::PaymentProcessing),
            Self::RequiresCapture => Some(Text::Authorised),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in [
            "succeeded",
            "processing",
            "requires_capture",
            "requires_payment_method",
            "requires_action",
            "requires_confirmation",
            "canceled",
        ] {
            assert_eq!(IntentStatus::parse(s).as_str(), s);
        }
        assert_eq!(IntentStatus::parse("paid"), IntentStatus::Unknown);
    }

    #[test]
    fn only_succeeded_processing_and_requires_capture_count_as_success() {
        assert_eq!(IntentStatus::Succeeded.success_text(), Some(Text::Paid));
        assert_eq!(IntentStatus::Processing.success_text(), Some(Text::PaymentProcessing));
        assert_eq!(IntentStatus::RequiresCapture.success_text(), Some(Text::Authorised));
        for s in [
            IntentStatus::RequiresPaymentMethod,
            IntentStatus::RequiresAction,
            IntentStatus::RequiresConfirmation,
            IntentStatus::Canceled,
            IntentStatus::Unknown,
        ] {
            assert_eq!(s.success_text(), None, "{s:?}");
        }
    }
}
