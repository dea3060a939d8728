//! What an integrator got wrong, said without the value given.

use booking_contract::KeyError;
use std::fmt;

/// An integrator mistake. Messages never contain the offending value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    /// No publishable key.
    MissingKey,
    /// A secret or restricted key (`sk_`, `rk_`) or a webhook secret (`whsec_`).
    SecretKey,
    /// Not a `pk_test_`/`pk_live_` key.
    NotPublishable,
    /// No booking id, or one with characters outside `[A-Za-z0-9_-]`.
    BadBookingId,
    /// The create-intent or return URL is not http(s) or same-origin.
    BadUrl,
    /// Unknown `element`, `flow`, `theme` or `wallets` value.
    BadOption,
    /// Deferred flow without a valid amount and currency.
    BadAmount,
    /// Payment terms that do not add up, or given outside the deferred flow.
    BadTerms,
    /// The CSRF header name is missing its value or is not a header token.
    BadCsrf,
}

impl ConfigError {
    /// What is wrong, for the integrator's console (never the value given).
    pub fn message(self) -> &'static str {
        match self {
            Self::MissingKey => "booking-checkout: a Stripe publishable key (pk_test_… or pk_live_…) is required",
            Self::SecretKey => {
                "booking-checkout: refused a secret key. Only a publishable key (pk_…) may be used in a \
                 browser; rotate the key you supplied if it was real"
            }
            Self::NotPublishable => {
                "booking-checkout: the key is not a Stripe publishable key (pk_test_… or pk_live_…)"
            }
            Self::BadBookingId => "booking-checkout: booking-id is missing or has characters outside A-Z a-z 0-9 _ -",
            Self::BadUrl => "booking-checkout: create-intent-url and return-url must be http(s) or same-origin paths",
            Self::BadOption => "booking-checkout: element, flow, theme or wallets has an unknown value",
            Self::BadAmount => "booking-checkout: the deferred flow needs amount (minor units) and currency",
            Self::BadTerms => {
                "booking-checkout: policy, deposit, balance-due, capture-on and fee-up-to belong to the deferred flow \
                 and must describe terms that add up (intent-first, create-intent's answer says them)"
            }
            Self::BadCsrf => "booking-checkout: csrf-header and csrf-token must be given together",
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl From<KeyError> for ConfigError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::Missing => Self::MissingKey,
            KeyError::Secret => Self::SecretKey,
            KeyError::NotPublishable => Self::NotPublishable,
        }
    }
}
