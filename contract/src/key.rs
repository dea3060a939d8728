//! The one rule for which Stripe keys may reach a browser.
//!
//! The component refuses to start with any other key, and the reference
//! server refuses to start (and so never writes one into its payment page)
//! with any other key: both call [`PublishableKey::parse`].

use std::fmt;

/// A Stripe publishable key (`pk_test_…` / `pk_live_…`). No other key can be built.
///
/// The characters after the prefix are ASCII letters and digits only, so a
/// key can be written into HTML, an attribute or a header without escaping
/// (writers escape anyway).
#[derive(Clone, PartialEq, Eq)]
pub struct PublishableKey(String);

/// Why a string is not a publishable key. Never carries the value: a secret
/// pasted by mistake must not end up in a log or an error tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// Empty or only whitespace.
    Missing,
    /// A secret or restricted key (`sk_`, `rk_`) or a webhook secret (`whsec_`).
    Secret,
    /// Anything else that is not `pk_test_`/`pk_live_` plus letters and digits.
    NotPublishable,
}

impl PublishableKey {
    /// Accepts only `pk_test_`/`pk_live_` followed by ASCII letters and digits
    /// (surrounding whitespace is ignored).
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(KeyError::Missing);
        }
        if ["sk_", "rk_", "whsec_"].iter().any(|p| raw.starts_with(p)) {
            return Err(KeyError::Secret);
        }
        match raw.strip_prefix("pk_test_").or_else(|| raw.strip_prefix("pk_live_")) {
            Some(r) if !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()) => Ok(Self(raw.to_owned())),
            _ => Err(KeyError::NotPublishable),
        }
    }

    /// The key, for `Stripe(key)` or the page.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a live-mode key.
    pub fn is_live(&self) -> bool {
        self.0.starts_with("pk_live_")
    }
}

impl fmt::Debug for PublishableKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Publishable keys are public, but mode is all a log reader needs.
        f.write_str(if self.is_live() { "PublishableKey(live)" } else { "PublishableKey(test)" })
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "no publishable key (pk_test_… or pk_live_…) was given",
            Self::Secret => "a secret key was given where only a publishable key (pk_…) may be used",
            Self::NotPublishable => "the key is not a Stripe publishable key (pk_test_… or pk_live_…)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_and_live_publishable_keys_are_accepted() {
        assert_eq!(PublishableKey::parse(" pk_test_51AbC ").unwrap().as_str(), "pk_test_51AbC");
        assert!(PublishableKey::parse("pk_live_51AbC").unwrap().is_live());
    }

    #[test]
    fn secret_restricted_and_webhook_keys_are_refused_as_secrets() {
        for key in ["sk_test_51AbCdEf", "sk_live_51AbCdEf", "rk_test_51AbCdEf", "rk_live_x", "whsec_abc123"] {
            assert_eq!(PublishableKey::parse(key), Err(KeyError::Secret), "{key}");
        }
    }

    #[test]
    fn anything_else_is_refused_as_not_publishable() {
        let odd =
            ["pk_", "pk_test_", "pk_prod_abc", "pk_test_ab<c", "pk_test_a\"b", "apikey", "PK_TEST_abc", "pk_test_a b"];
        for key in odd {
            assert_eq!(PublishableKey::parse(key), Err(KeyError::NotPublishable), "{key}");
        }
        assert_eq!(PublishableKey::parse("  "), Err(KeyError::Missing));
    }

    #[test]
    fn refusals_never_echo_the_key() {
        let err = PublishableKey::parse("sk_test_leak_canary_4eC39").unwrap_err();
        assert!(!err.to_string().contains("canary") && !format!("{err:?}").contains("canary"));
    }

    #[test]
    fn debug_output_shows_only_the_mode() {
        assert_eq!(format!("{:?}", PublishableKey::parse("pk_test_51AbCdEf").unwrap()), "PublishableKey(test)");
    }
}
