//! Stripe's error `type`s: what kind of failure a Stripe.js error reports.

/// Stripe's error `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripeErrorKind {
    /// A decline or card problem; message meant for the customer.
    Card,
    /// Incomplete or invalid input; message meant for the customer.
    Validation,
    /// Integration mistake; message is for developers.
    InvalidRequest,
    /// Stripe-side failure.
    Api,
    /// Stripe could not be reached from the browser.
    ApiConnection,
    /// Bad key.
    Authentication,
    /// Too many requests.
    RateLimit,
    /// Idempotency key reuse mismatch.
    Idempotency,
    /// A type this build does not know.
    Unknown,
}

impl StripeErrorKind {
    /// Parses Stripe's `type` string.
    pub fn parse(t: &str) -> Self {
        match t {
            "card_error" => Self::Card,
            "validation_error" => Self::Validation,
            "invalid_request_error" => Self::InvalidRequest,
            "api_error" => Self::Api,
            "api_connection_error" => Self::ApiConnection,
            "authentication_error" => Self::Authentication,
            "rate_limit_error" => Self::RateLimit,
            "idempotency_error" => Self::Idempotency,
            _ => Self::Unknown,
        }
    }

    pub(super) fn code(self) -> &'static str {
        match self {
            Self::Card => "card_error",
            Self::Validation => "validation_error",
            Self::InvalidRequest => "invalid_request_error",
            Self::Api => "api_error",
            Self::ApiConnection => "api_connection_error",
            Self::Authentication => "authentication_error",
            Self::RateLimit => "rate_limit_error",
            Self::Idempotency => "idempotency_error",
            Self::Unknown => "stripe_error",
        }
    }
}
