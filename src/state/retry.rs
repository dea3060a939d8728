//! When a load that failed is tried again without the customer asking.
//!
//! Only failures that time can fix are retried on their own: a slow
//! network, a connection to Stripe that dropped, and being offline. A
//! blocked script, a script that was not Stripe.js, a refused key or a
//! server answer would fail the same way again, so they wait for Try again.
//! Automatic tries back off ([`BACKOFF_MS`]) and stop after
//! [`BACKOFF_MS`]`.len()` of them; the budget is renewed only when a form
//! has loaded, so a bad connection never turns into a loop. The browser's
//! `online` event retries a network failure at once, whatever the budget:
//! each one means the connection really came back.

use crate::errors::{CheckoutError, LoadFailure, StripeErrorKind};

/// The waits before the first, second and third automatic try. A
/// connection that has just failed seldom recovers within a second, and
/// doubling keeps all three within about a quarter of a minute.
pub const BACKOFF_MS: [u32; 3] = [2_000, 4_000, 8_000];

/// How a failed load may be tried again on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoRetry {
    /// Only when the customer presses Try again.
    Never,
    /// When the browser comes back online (and on Try again).
    WhenOnline,
    /// After a back-off, and at once when the browser comes back online.
    Backoff,
}

/// How `error` may be retried on its own.
pub fn automatic(error: &CheckoutError) -> AutoRetry {
    match error {
        CheckoutError::Load(LoadFailure::Offline) => AutoRetry::WhenOnline,
        CheckoutError::Load(LoadFailure::SlowNetwork | LoadFailure::Element(StripeErrorKind::ApiConnection)) => {
            AutoRetry::Backoff
        }
        _ => AutoRetry::Never,
    }
}

/// An automatic retry to wait for: the browser's `online` event, and a
/// back-off timer while one is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    /// The back-off before the next automatic try, if one is left.
    pub after_ms: Option<u32>,
}

/// What to wait for after a load failed with `error`, `tries` automatic
/// tries having been spent since a form last loaded; `None`: only Try again.
pub(super) fn wait(error: &CheckoutError, tries: u8) -> Option<Wait> {
    match automatic(error) {
        AutoRetry::Never => None,
        AutoRetry::WhenOnline => Some(Wait { after_ms: None }),
        AutoRetry::Backoff => Some(Wait { after_ms: BACKOFF_MS.get(usize::from(tries)).copied() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::ServerError;

    #[test]
    fn only_failures_that_time_can_fix_are_retried_on_their_own() {
        let cases = [
            (LoadFailure::SlowNetwork, AutoRetry::Backoff),
            (LoadFailure::Element(StripeErrorKind::ApiConnection), AutoRetry::Backoff),
            (LoadFailure::Offline, AutoRetry::WhenOnline),
            (LoadFailure::ScriptBlocked, AutoRetry::Never),
            (LoadFailure::ScriptAltered, AutoRetry::Never),
            (LoadFailure::KeyRejected, AutoRetry::Never),
            (LoadFailure::Element(StripeErrorKind::InvalidRequest), AutoRetry::Never),
            (LoadFailure::Element(StripeErrorKind::Api), AutoRetry::Never),
        ];
        for (failure, expected) in cases {
            assert_eq!(automatic(&CheckoutError::Load(failure)), expected, "{failure:?}");
        }
        assert_eq!(automatic(&CheckoutError::Server(ServerError::Unavailable)), AutoRetry::Never);
    }

    #[test]
    fn the_waits_double_and_stop_after_three() {
        let slow = CheckoutError::Load(LoadFailure::SlowNetwork);
        let waits: Vec<_> = (0..5).map(|n| wait(&slow, n).and_then(|w| w.after_ms)).collect();
        assert_eq!(waits, [Some(2_000), Some(4_000), Some(8_000), None, None]);
        assert_eq!(wait(&slow, 3), Some(Wait { after_ms: None }), "still retried when the browser comes back online");
        assert_eq!(wait(&CheckoutError::Load(LoadFailure::Offline), 0), Some(Wait { after_ms: None }));
        assert_eq!(wait(&CheckoutError::Load(LoadFailure::ScriptBlocked), 0), None);
    }
}
