//! Why the payment form did not load, told apart so that the customer reads
//! what happened and the host gets a code for each cause.
//!
//! The browser only shows so much: a script request that fails at once was
//! stopped before it left (an extension, a content blocker, a network
//! policy); `navigator.onLine` says when there is no network at all; a
//! request that never settles is a slow or stalled connection; a script
//! that runs without defining `window.Stripe` was not Stripe.js (a captive
//! portal or a filtering proxy answered instead). Once Stripe.js runs, the
//! element's `loaderror` says the rest through its `error.type`.

use super::stripe_kind::StripeErrorKind;
use crate::i18n::Text;

/// Why the payment form did not load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadFailure {
    /// The Stripe.js request failed at once while the browser was online.
    ScriptBlocked,
    /// The browser is offline (`navigator.onLine` is `false`).
    Offline,
    /// Stripe.js did not arrive within the time-out.
    SlowNetwork,
    /// The script loaded but did not define `window.Stripe`.
    ScriptAltered,
    /// The element fired `loaderror` with this `error.type`.
    Element(StripeErrorKind),
    /// Stripe refused the publishable key (`loaderror` saying so).
    KeyRejected,
}

/// The `code`s Stripe gives a key it will not accept.
const KEY_CODES: [&str; 3] = ["api_key_expired", "platform_api_key_expired", "invalid_api_key"];

/// How Stripe's API words a key it does not know; the error carries no
/// `code` then, only this message (which is never shown).
const KEY_MESSAGE: &str = "Invalid API Key provided";

impl LoadFailure {
    /// Reads an element's `loaderror` `error`: its `type`, `code` and
    /// `message` (the message only to recognise a refused key; it is
    /// dropped here and never shown).
    pub fn from_element_error(kind: &str, code: Option<&str>, message: Option<&str>) -> Self {
        let kind = StripeErrorKind::parse(kind);
        let key_refused = kind == StripeErrorKind::Authentication
            || code.is_some_and(|c| KEY_CODES.contains(&c))
            || message.is_some_and(|m| m.trim_start().starts_with(KEY_MESSAGE));
        if key_refused {
            Self::KeyRejected
        } else {
            Self::Element(kind)
        }
    }

    /// The sentence that says what happened.
    pub fn text(self) -> Text {
        match self {
            Self::ScriptBlocked => Text::ScriptBlocked,
            Self::Offline => Text::Offline,
            Self::SlowNetwork => Text::SlowNetwork,
            Self::ScriptAltered => Text::ScriptAltered,
            Self::Element(StripeErrorKind::ApiConnection) => Text::ElementConnection,
            Self::Element(StripeErrorKind::InvalidRequest) => Text::ElementRefused,
            Self::Element(_) => Text::ElementService,
            // The customer can do nothing about it; the site can.
            Self::KeyRejected => Text::Misconfigured,
        }
    }

    /// The `checkout:failed` code: one per cause.
    pub fn code(self) -> &'static str {
        match self {
            Self::ScriptBlocked => "stripe_js_blocked",
            Self::Offline => "offline",
            Self::SlowNetwork => "stripe_js_timeout",
            Self::ScriptAltered => "stripe_js_invalid",
            Self::KeyRejected => "stripe_key_rejected",
            Self::Element(kind) => match kind {
                StripeErrorKind::ApiConnection => "element_api_connection_error",
                StripeErrorKind::Api => "element_api_error",
                StripeErrorKind::RateLimit => "element_rate_limit_error",
                StripeErrorKind::InvalidRequest => "element_invalid_request_error",
                _ => "element_load_error",
            },
        }
    }

    /// Whether a retry can help: every cause but a refused key (that needs
    /// the site's fix, so it offers no button that cannot work).
    pub fn retryable(self) -> bool {
        self != Self::KeyRejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn a_refused_key_is_recognised_by_type_code_or_stripes_wording() {
        let refused = [
            ("authentication_error", None, None),
            ("invalid_request_error", Some("api_key_expired"), None),
            ("invalid_request_error", None, Some("Invalid API Key provided: pk_test_****1234")),
        ];
        for (kind, code, message) in refused {
            assert_eq!(LoadFailure::from_element_error(kind, code, message), LoadFailure::KeyRejected);
        }
        let other = LoadFailure::from_element_error("invalid_request_error", Some("resource_missing"), Some("No such"));
        assert_eq!(other, LoadFailure::Element(StripeErrorKind::InvalidRequest));
    }

    #[test]
    fn every_cause_has_its_own_code_and_a_sentence_in_every_language() {
        let all = [
            LoadFailure::ScriptBlocked,
            LoadFailure::Offline,
            LoadFailure::SlowNetwork,
            LoadFailure::ScriptAltered,
            LoadFailure::KeyRejected,
            LoadFailure::Element(StripeErrorKind::ApiConnection),
            LoadFailure::Element(StripeErrorKind::Api),
            LoadFailure::Element(StripeErrorKind::RateLimit),
            LoadFailure::Element(StripeErrorKind::InvalidRequest),
            LoadFailure::Element(StripeErrorKind::Unknown),
        ];
        let mut codes: Vec<_> = all.iter().map(|f| f.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are distinct: {codes:?}");
        for failure in all {
            for locale in Locale::ALL {
                assert!(!failure.text().get(locale).is_empty());
            }
        }
    }

    #[test]
    fn the_causes_a_customer_can_act_on_read_differently() {
        let texts =
            [LoadFailure::ScriptBlocked, LoadFailure::Offline, LoadFailure::SlowNetwork, LoadFailure::ScriptAltered]
                .map(|f| f.text().get(Locale::En));
        for (i, a) in texts.iter().enumerate() {
            assert!(texts[i + 1..].iter().all(|b| a != b), "{a}");
        }
        assert!(Text::ScriptBlocked.get(Locale::En).contains("js.stripe.com"), "says what to allow");
        assert!(Text::Offline.get(Locale::En).contains("offline"));
    }

    #[test]
    fn only_a_refused_key_offers_no_retry() {
        assert!(!LoadFailure::KeyRejected.retryable());
        assert!(LoadFailure::ScriptBlocked.retryable() && LoadFailure::Offline.retryable());
        assert!(LoadFailure::Element(StripeErrorKind::InvalidRequest).retryable());
    }
}
