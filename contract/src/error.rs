//! The one error body every API failure uses.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. The component maps each to fixed
/// text; the server's message is never shown to a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No or expired session (401).
    Unauthenticated,
    /// Authenticated but not allowed, e.g. cross-site request (403).
    Forbidden,
    /// Unknown resource, or one the caller does not own (404).
    NotFound,
    /// The booking is already paid (409).
    AlreadyPaid,
    /// The booking's payment is under way (being authenticated, processing
    /// or authorised), so the booking cannot change now (409).
    PaymentInProgress,
    /// The payment terms the guest saw are no longer the booking's: show
    /// the booking's terms again before anything is confirmed (409).
    TermsChanged,
    /// The booking was cancelled: nothing more can be paid, captured or
    /// cancelled on it (409).
    BookingCancelled,
    /// The booking's payment was refunded: nothing is paid again at
    /// checkout (409).
    BookingRefunded,
    /// The booking's payment is disputed at the card holder's bank: nothing
    /// is paid at checkout meanwhile (409).
    BookingDisputed,
    /// The hold's authorisation has expired: nothing is left to capture,
    /// and the guest is asked to pay again (409).
    HoldExpired,
    /// The guest's consent is to other terms than the booking's now (it
    /// was repriced or moved after they agreed): nothing is charged to the
    /// saved card without a consent to its current terms (409).
    ConsentOutdated,
    /// The booking holds as many consents as are kept for one booking
    /// (409); the latest one stands.
    ConsentLimitReached,
    /// The request body or parameters are not acceptable (400/422).
    InvalidRequest,
    /// Not `application/json` (415).
    UnsupportedMediaType,
    /// Body over the route's limit (413).
    PayloadTooLarge,
    /// Too many requests; see `Retry-After` (429).
    RateLimited,
    /// Stripe could not be reached or answered with an error (502).
    PaymentProviderUnavailable,
    /// Anything else (500).
    Internal,
    /// A code this build does not know (forward compatibility).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::AlreadyPaid => "already_paid",
            Self::PaymentInProgress => "payment_in_progress",
            Self::TermsChanged => "terms_changed",
            Self::BookingCancelled => "booking_cancelled",
            Self::BookingRefunded => "booking_refunded",
            Self::BookingDisputed => "booking_disputed",
            Self::HoldExpired => "hold_expired",
            Self::ConsentOutdated => "consent_outdated",
            Self::ConsentLimitReached => "consent_limit_reached",
            Self::InvalidRequest => "invalid_request",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::RateLimited => "rate_limited",
            Self::PaymentProviderUnavailable => "payment_provider_unavailable",
            Self::Internal => "internal",
            Self::Unknown => "unknown",
        }
    }
}

/// `{"code": …, "message": …}` inside [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable code.
    pub code: ErrorCode,
    /// Generic, fixed English text for developers; never user data or internals.
    pub message: String,
}

/// `{"error":{"code","message"},"request_id"}`: the only shape of an error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
    /// The request id, also in the server's logs, for support.
    pub request_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_parse_as_unknown() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"x"},"request_id":"r"}"#).unwrap();
        assert_eq!(body.error.code, ErrorCode::Unknown);
    }

    #[test]
    fn as_str_matches_the_serde_name() {
        for code in [
            ErrorCode::AlreadyPaid,
            ErrorCode::HoldExpired,
            ErrorCode::RateLimited,
            ErrorCode::PaymentProviderUnavailable,
        ] {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
        }
    }
}
