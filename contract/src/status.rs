//! PaymentIntent statuses, one enum for the component and the server.
//!
//! Stripe adds statuses over time: a string this build does not know is
//! read as [`IntentStatus::Unknown`] at the edge (never an error, never a
//! success), and every decision matches the enum, not strings.

use serde::{Deserialize, Serialize};

/// A PaymentIntent `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "&'static str")]
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
    /// Every status Stripe documents, in its lifecycle order.
    pub const KNOWN: [IntentStatus; 7] = [
        Self::RequiresPaymentMethod,
        Self::RequiresConfirmation,
        Self::RequiresAction,
        Self::Processing,
        Self::RequiresCapture,
        Self::Canceled,
        Self::Succeeded,
    ];

    /// Parses Stripe's status string; an unknown one is [`Self::Unknown`].
    pub fn parse(s: &str) -> Self {
        Self::KNOWN.into_iter().find(|k| k.as_str() == s).unwrap_or(Self::Unknown)
    }

    /// The status string as Stripe spells it (`unknown` for [`Self::Unknown`]).
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

    /// Done from the customer's point of view: paid, processing (an
    /// asynchronous method) or authorised. Fulfilment still waits for the
    /// webhook.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Succeeded | Self::Processing | Self::RequiresCapture)
    }

    /// Whether money may still be asked for on this intent without a
    /// second one beside it: nothing is being authenticated, moving or
    /// moved. Only then may its amount change or the intent be replaced.
    pub fn is_open(self) -> bool {
        matches!(self, Self::RequiresPaymentMethod | Self::RequiresConfirmation)
    }
}

impl From<String> for IntentStatus {
    fn from(s: String) -> Self {
        Self::parse(&s)
    }
}

impl From<IntentStatus> for &'static str {
    fn from(s: IntentStatus) -> Self {
        s.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in IntentStatus::KNOWN {
            assert_eq!(IntentStatus::parse(s.as_str()), s);
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<IntentStatus>(&json).unwrap(), s);
        }
        assert_eq!(IntentStatus::parse("paid"), IntentStatus::Unknown);
        assert_eq!(serde_json::from_str::<IntentStatus>(r#""requires_source""#).unwrap(), IntentStatus::Unknown);
    }

    #[test]
    fn only_succeeded_processing_and_requires_capture_count_as_success() {
        let success: Vec<_> = IntentStatus::KNOWN.into_iter().filter(|s| s.is_success()).collect();
        assert_eq!(success, [IntentStatus::Processing, IntentStatus::RequiresCapture, IntentStatus::Succeeded]);
        assert!(!IntentStatus::Unknown.is_success());
    }

    #[test]
    fn only_an_intent_no_money_moves_on_is_open() {
        let open: Vec<_> = IntentStatus::KNOWN.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [IntentStatus::RequiresPaymentMethod, IntentStatus::RequiresConfirmation]);
        assert!(!IntentStatus::Unknown.is_open(), "an unknown state is never repriced or replaced");
    }
}
