//! What the loader knows before it runs, pure and tested on the host: the
//! Stripe.js URL and how to recognise one, the attribute that marks our own
//! tags, the Trusted Types policy's name, and what a failure means.

use crate::errors::LoadFailure;

/// The Stripe.js URL the component loads: the evergreen v3 script.
pub const STRIPE_JS_URL: &str = "https://js.stripe.com/v3/";

/// Name of the Trusted Types policy the loader creates.
pub const TRUSTED_TYPES_POLICY: &str = "booking-checkout#stripe-js";

/// The attribute on a Stripe.js tag whose injector promises to remove it if
/// it fails (`error`, or loaded without `window.Stripe`). The loader marks
/// its own tags with it; a script that starts Stripe.js for the component
/// ahead of time should too, so that the loader waits for the tag instead of
/// replacing it after the grace period.
pub const OWN_TAG_ATTRIBUTE: &str = "data-booking-checkout";

/// Why Stripe.js is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadError {
    /// The script's `error` event fired (blocked, offline, CSP).
    ScriptFailed,
    /// The script loaded but defined no `window.Stripe`.
    StripeMissing,
    /// The script neither loaded nor failed in time.
    TimedOut,
    /// The page's Trusted Types configuration refused the script URL.
    Blocked,
}

impl LoadError {
    /// What the failure means for the customer. A request that fails while
    /// the browser is online never left it, or was refused on the way: an
    /// extension, a content blocker, a network policy (and a Trusted Types
    /// refusal is the page's own policy); one that fails or stalls while
    /// offline is the network.
    pub fn failure(self, online: bool) -> LoadFailure {
        match self {
            Self::ScriptFailed | Self::TimedOut if !online => LoadFailure::Offline,
            Self::ScriptFailed | Self::Blocked => LoadFailure::ScriptBlocked,
            Self::TimedOut => LoadFailure::SlowNetwork,
            Self::StripeMissing => LoadFailure::ScriptAltered,
        }
    }
}

/// Whether `src` is a Stripe.js URL: `https://js.stripe.com/v3[/]` or a named
/// release `https://js.stripe.com/<release>/stripe.js`, optionally with a query.
pub fn is_stripe_js_url(src: &str) -> bool {
    let Some(path) = src.strip_prefix("https://js.stripe.com/") else {
        return false;
    };
    let path = path.split('?').next().unwrap_or("");
    if path == "v3" || path == "v3/" {
        return true;
    }
    match path.split_once('/') {
        Some((release, "stripe.js")) => !release.is_empty() && release.bytes().all(|b| b.is_ascii_lowercase()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evergreen_and_named_release_urls_are_recognised() {
        for url in [
            "https://js.stripe.com/v3",
            "https://js.stripe.com/v3/",
            "https://js.stripe.com/v3/?advancedFraudSignals=false",
            "https://js.stripe.com/clover/stripe.js",
            "https://js.stripe.com/dahlia/stripe.js?x=1",
        ] {
            assert!(is_stripe_js_url(url), "{url}");
        }
    }

    #[test]
    fn look_alike_urls_are_not_stripe_js() {
        for url in [
            "http://js.stripe.com/v3/",
            "https://js.stripe.com.evil.example/v3/",
            "https://evil.example/https://js.stripe.com/v3/",
            "https://js.stripe.com/v2/",
            "https://js.stripe.com/../stripe.js",
            "https://js.stripe.com/Clover/stripe.js",
            "https://js.stripe.com//stripe.js",
        ] {
            assert!(!is_stripe_js_url(url), "{url}");
        }
    }

    #[test]
    fn each_way_of_failing_to_load_reads_as_its_own_cause() {
        assert_eq!(LoadError::ScriptFailed.failure(true), LoadFailure::ScriptBlocked);
        assert_eq!(LoadError::Blocked.failure(true), LoadFailure::ScriptBlocked);
        assert_eq!(LoadError::TimedOut.failure(true), LoadFailure::SlowNetwork);
        assert_eq!(LoadError::StripeMissing.failure(true), LoadFailure::ScriptAltered);
        assert_eq!(LoadError::ScriptFailed.failure(false), LoadFailure::Offline);
        assert_eq!(LoadError::TimedOut.failure(false), LoadFailure::Offline);
        assert_eq!(LoadError::StripeMissing.failure(false), LoadFailure::ScriptAltered, "something answered");
    }

    #[test]
    fn the_pinned_url_is_the_evergreen_one() {
        assert!(is_stripe_js_url(STRIPE_JS_URL));
    }
}
