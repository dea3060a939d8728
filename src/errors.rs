//! One error type for the whole component and its one mapping to user text.
//!
//! Stripe's own `message` is shown only for `card_error` and
//! `validation_error` (written for customers); every other Stripe type and
//! every server answer maps to fixed text, because their messages describe
//! the integration ("No such payment_intent…") rather than the payment.
//! `code` and `decline_code` are not even kept: what is not held cannot leak.

mod load_failure;
mod stripe_kind;

pub use load_failure::LoadFailure;
pub use stripe_kind::StripeErrorKind;

use crate::config::ConfigError;
use crate::i18n::{Locale, Text};
use crate::status::{Intent, IntentStatus};
use std::borrow::Cow;

/// A resolved `{error}` from Stripe.js, reduced to what may be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeError {
    /// Its `type`.
    pub kind: StripeErrorKind,
    /// Its `message`, kept only for the two customer-facing types.
    message: Option<String>,
    /// Set for `payment_intent_unexpected_state` only: Stripe refused to
    /// confirm because of the intent's state (another tab may have paid
    /// it), with the intent the error carried, if any.
    unexpected_state: Option<Option<Intent>>,
}

/// The one error code whose meaning changes what the customer is told:
/// the confirmation was refused because of the intent's state, not because
/// of the payment details.
pub const UNEXPECTED_STATE: &str = "payment_intent_unexpected_state";

/// [`UNEXPECTED_STATE`] for a SetupIntent: its error carries `setup_intent`.
pub const SETUP_UNEXPECTED_STATE: &str = "setup_intent_unexpected_state";

impl StripeError {
    /// Builds from Stripe's `type` and `message`; drops the message unless it
    /// is meant for customers.
    pub fn new(kind: &str, message: Option<String>) -> Self {
        let kind = StripeErrorKind::parse(kind);
        let message = match kind {
            StripeErrorKind::Card | StripeErrorKind::Validation => message.filter(|m| !m.trim().is_empty()),
            _ => None,
        };
        Self { kind, message, unexpected_state: None }
    }

    /// Builds from Stripe's `type`, `code`, `message` and the
    /// `payment_intent` (or `setup_intent`) the error carried. The code and
    /// the intent are kept only when the code is [`UNEXPECTED_STATE`] or
    /// [`SETUP_UNEXPECTED_STATE`]: the outcome then has to be read from the
    /// intent before anything is said.
    pub fn with_code(kind: &str, code: Option<&str>, message: Option<String>, intent: Option<Intent>) -> Self {
        let unexpected_state = matches!(code, Some(UNEXPECTED_STATE | SETUP_UNEXPECTED_STATE)).then_some(intent);
        Self { unexpected_state, ..Self::new(kind, message) }
    }
}

/// Why create-intent did not give a client secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerError {
    /// 401.
    SignIn,
    /// 403 / 404.
    NotPayable,
    /// 409.
    AlreadyPaid,
    /// 400 / 413 / 415 / 422 and other 4xx.
    Invalid,
    /// 429, with the wait the server asked for.
    RateLimited {
        /// Seconds from `Retry-After` (bounded).
        retry_after_secs: u32,
    },
    /// 5xx, timeout, network failure.
    Unavailable,
    /// 2xx with a body that is not the contract's shape.
    BadResponse,
    /// 409 `terms_changed` to a consent: the terms on screen are no longer
    /// the booking's, and nothing was confirmed.
    TermsChanged,
    /// 409 `booking_cancelled`: the booking was cancelled; nothing is due here.
    Cancelled,
    /// 409 `booking_refunded`: the booking's payment was refunded.
    Refunded,
    /// 409 `booking_disputed`: the booking's payment is disputed at the bank.
    Disputed,
    /// 409 `payment_in_progress`: another payment of the booking is under
    /// way at Stripe; a moment later the booking's answer says more.
    InProgress,
}

/// Everything that can go wrong in a checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutError {
    /// The host page configured the component wrongly.
    Config(ConfigError),
    /// Stripe.js cannot be used: `Stripe(pk)` threw.
    StripeUnavailable,
    /// The payment form did not load; [`LoadFailure`] says why.
    Load(LoadFailure),
    /// A resolved `{error}` from Stripe.js.
    Stripe(StripeError),
    /// Stripe.js threw or rejected (an IntegrationError or similar).
    Integration,
    /// The create-intent endpoint refused or failed.
    Server(ServerError),
    /// Confirmation finished in a status that is not a success.
    NotCompleted(IntentStatus),
    /// A confirmation's answer was lost and the PaymentIntent could not be
    /// read either: the payment may or may not have gone through.
    Unconfirmed,
    /// The booking's price changed after the form was shown: the payment
    /// was refused before confirming, and the new amount is shown instead.
    PriceChanged,
}

/// What the customer can do after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// The form stays; pressing Pay again is fine (declines, validation).
    PayAgain,
    /// Offer a retry that reloads Stripe.js / the intent.
    Retry,
    /// Retrieve the PaymentIntent before anything else: a confirmation may
    /// have gone through even though its answer was lost.
    Reconcile,
    /// The customer must sign in with the host page first; the host then
    /// calls `refresh()`. A retry before that cannot work, so none is offered.
    SignIn,
    /// The customer must have the PaymentIntent read again ("Check
    /// again"); paying again is only offered once its status says the
    /// charge did not go through.
    CheckAgain,
    /// Nothing here will help (misconfiguration, already paid, not payable).
    None,
}

impl CheckoutError {
    /// The sentence to show, in `locale`. The single mapping to user text.
    pub fn user_message(&self, locale: Locale) -> Cow<'static, str> {
        let text = match self {
            Self::Config(_) => Text::Misconfigured,
            Self::StripeUnavailable => Text::StripeUnavailable,
            Self::Load(failure) => failure.text(),
            Self::Stripe(StripeError { message: Some(m), .. }) => return Cow::Owned(m.clone()),
            Self::Stripe(_) | Self::Integration => Text::Generic,
            Self::Server(ServerError::SignIn) => Text::SignInToPay,
            Self::Server(ServerError::NotPayable) => Text::NotPayableHere,
            Self::Server(ServerError::AlreadyPaid) => Text::AlreadyPaid,
            Self::Server(ServerError::Invalid) => Text::InvalidRequest,
            Self::Server(ServerError::RateLimited { .. }) => Text::TooManyAttempts,
            Self::Server(ServerError::Unavailable) => Text::ServiceUnavailable,
            Self::Server(ServerError::BadResponse) => Text::Generic,
            Self::Server(ServerError::TermsChanged) => return Cow::Borrowed(crate::i18n::terms_changed(locale)),
            Self::Server(ServerError::Cancelled) => Text::BookingCancelled,
            Self::Server(ServerError::Refunded) => Text::BookingRefunded,
            Self::Server(ServerError::Disputed) => Text::BookingDisputed,
            Self::Server(ServerError::InProgress) => Text::PaymentUnderWay,
            Self::NotCompleted(IntentStatus::RequiresPaymentMethod) => Text::PaymentUnsuccessful,
            Self::NotCompleted(IntentStatus::RequiresAction) => Text::AuthenticationRequired,
            Self::NotCompleted(_) => Text::NotCompleted,
            Self::Unconfirmed => Text::Unconfirmed,
            Self::PriceChanged => Text::PriceChanged,
        };
        Cow::Borrowed(text.get(locale))
    }

    /// A stable code for the host (`checkout:failed` event detail).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Config(_) => "config",
            Self::StripeUnavailable => "stripe_unavailable",
            Self::Load(failure) => failure.code(),
            Self::Stripe(e) => e.kind.code(),
            Self::Integration => "integration_error",
            Self::Server(ServerError::SignIn) => "unauthenticated",
            Self::Server(ServerError::NotPayable) => "not_payable",
            Self::Server(ServerError::AlreadyPaid) => "already_paid",
            Self::Server(ServerError::Invalid) => "invalid_request",
            Self::Server(ServerError::RateLimited { .. }) => "rate_limited",
            Self::Server(ServerError::Unavailable) => "server_unavailable",
            Self::Server(ServerError::BadResponse) => "bad_response",
            Self::Server(ServerError::TermsChanged) => "terms_changed",
            Self::Server(ServerError::Cancelled) => "booking_cancelled",
            Self::Server(ServerError::Refunded) => "booking_refunded",
            Self::Server(ServerError::Disputed) => "booking_disputed",
            Self::Server(ServerError::InProgress) => "payment_in_progress",
            Self::NotCompleted(_) => "payment_not_completed",
            Self::Unconfirmed => "payment_unconfirmed",
            Self::PriceChanged => "price_changed",
        }
    }

    /// The PaymentIntent a refused confirmation carried in its error, if
    /// the refusal was for the intent's state: it says what happened.
    pub fn reported_intent(&self) -> Option<&Intent> {
        match self {
            Self::Stripe(StripeError { unexpected_state: Some(intent), .. }) => intent.as_ref(),
            _ => None,
        }
    }

    /// What the customer can do next.
    pub fn recovery(&self) -> Recovery {
        match self {
            Self::Config(_) => Recovery::None,
            Self::StripeUnavailable | Self::Integration => Recovery::Retry,
            Self::Load(failure) if failure.retryable() => Recovery::Retry,
            Self::Load(_) => Recovery::None,
            // The intent's state, not the payment, stopped the confirmation:
            // what happened is read from the intent.
            Self::Stripe(StripeError { unexpected_state: Some(_), .. }) => Recovery::Reconcile,
            Self::Stripe(e) => match e.kind {
                StripeErrorKind::Card | StripeErrorKind::Validation => Recovery::PayAgain,
                StripeErrorKind::ApiConnection | StripeErrorKind::Api | StripeErrorKind::RateLimit => {
                    Recovery::Reconcile
                }
                _ => Recovery::Retry,
            },
            Self::Server(ServerError::SignIn) => Recovery::SignIn,
            Self::Server(
                ServerError::NotPayable
                | ServerError::AlreadyPaid
                | ServerError::Invalid
                | ServerError::Cancelled
                | ServerError::Refunded
                | ServerError::Disputed,
            ) => Recovery::None,
            // Nothing was confirmed; once the booking's terms are on screen
            // the same form may confirm them.
            Self::Server(ServerError::TermsChanged) => Recovery::PayAgain,
            Self::Server(_) => Recovery::Retry,
            Self::NotCompleted(IntentStatus::RequiresPaymentMethod | IntentStatus::RequiresAction) => {
                Recovery::PayAgain
            }
            Self::NotCompleted(_) => Recovery::Retry,
            Self::Unconfirmed => Recovery::CheckAgain,
            // Nothing was confirmed; once the new amount is on screen the
            // same form may pay it.
            Self::PriceChanged => Recovery::PayAgain,
        }
    }
}

/// `error` as the customer should read it when the browser says whether it
/// is `online`: offline, any failure to reach someone (Stripe.js, Stripe,
/// our server) is the same failure, and only the network coming back fixes it.
pub fn seen_offline(error: CheckoutError, online: bool) -> CheckoutError {
    let unreachable = matches!(
        error,
        CheckoutError::Load(
            LoadFailure::ScriptBlocked
                | LoadFailure::SlowNetwork
                | LoadFailure::Element(StripeErrorKind::ApiConnection)
        ) | CheckoutError::Server(ServerError::Unavailable)
    );
    if unreachable && !online {
        CheckoutError::Load(LoadFailure::Offline)
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_TYPES: [&str; 9] = [
        "card_error",
        "validation_error",
        "invalid_request_error",
        "api_error",
        "api_connection_error",
        "authentication_error",
        "rate_limit_error",
        "idempotency_error",
        "something_new",
    ];

    #[test]
    fn stripe_text_is_shown_only_for_card_and_validation_errors() {
        let secret_text = "No such payment_intent: pi_123; client_secret does not match";
        for t in ALL_TYPES {
            let e = CheckoutError::Stripe(StripeError::new(t, Some(secret_text.into())));
            let shown = e.user_message(Locale::En);
            let expect_own = t == "card_error" || t == "validation_error";
            assert_eq!(shown == secret_text, expect_own, "{t}: {shown}");
            if !expect_own {
                assert_eq!(shown, Text::Generic.get(Locale::En));
            }
        }
    }

    #[test]
    fn a_card_error_without_a_message_falls_back_to_generic_text() {
        let e = CheckoutError::Stripe(StripeError::new("card_error", Some("  ".into())));
        assert_eq!(e.user_message(Locale::Fr), Text::Generic.get(Locale::Fr));
    }

    #[test]
    fn declines_keep_the_form_and_connection_errors_reconcile_first() {
        let r = |t: &str| CheckoutError::Stripe(StripeError::new(t, None)).recovery();
        assert_eq!(r("card_error"), Recovery::PayAgain);
        assert_eq!(r("validation_error"), Recovery::PayAgain);
        assert_eq!(r("api_connection_error"), Recovery::Reconcile);
        assert_eq!(r("api_error"), Recovery::Reconcile);
        assert_eq!(r("invalid_request_error"), Recovery::Retry);
    }

    /// Regression: a second tab confirming an intent the first tab had just
    /// paid showed "Something went wrong"; the refusal is for the intent's
    /// state, so the intent is read before anything is said.
    #[test]
    fn a_refusal_for_the_intent_s_state_reads_the_intent_first() {
        let paid = Intent { id: "pi_1".into(), status: IntentStatus::Succeeded, amount: None };
        let e = |code, intent| {
            CheckoutError::Stripe(StripeError::with_code("invalid_request_error", code, Some("status".into()), intent))
        };
        let with_intent = e(Some(UNEXPECTED_STATE), Some(paid.clone()));
        assert_eq!((with_intent.recovery(), with_intent.reported_intent()), (Recovery::Reconcile, Some(&paid)));
        let saved = Intent { id: "seti_1".into(), ..paid.clone() };
        let setup = e(Some(SETUP_UNEXPECTED_STATE), Some(saved.clone()));
        assert_eq!((setup.recovery(), setup.reported_intent()), (Recovery::Reconcile, Some(&saved)));
        let without = e(Some(UNEXPECTED_STATE), None);
        assert_eq!((without.recovery(), without.reported_intent()), (Recovery::Reconcile, None));
        // Any other code keeps neither the code nor the intent.
        let other = e(Some("resource_missing"), Some(paid));
        assert_eq!((other.recovery(), other.reported_intent()), (Recovery::Retry, None));
        assert_eq!(other, CheckoutError::Stripe(StripeError::new("invalid_request_error", None)));
    }

    #[test]
    fn every_server_failure_has_fixed_text_in_both_languages() {
        let cases = [
            (ServerError::SignIn, Text::SignInToPay, Recovery::SignIn),
            (ServerError::NotPayable, Text::NotPayableHere, Recovery::None),
            (ServerError::AlreadyPaid, Text::AlreadyPaid, Recovery::None),
            (ServerError::Invalid, Text::InvalidRequest, Recovery::None),
            (ServerError::RateLimited { retry_after_secs: 3 }, Text::TooManyAttempts, Recovery::Retry),
            (ServerError::Unavailable, Text::ServiceUnavailable, Recovery::Retry),
            (ServerError::BadResponse, Text::Generic, Recovery::Retry),
            (ServerError::Cancelled, Text::BookingCancelled, Recovery::None),
            (ServerError::Refunded, Text::BookingRefunded, Recovery::None),
            (ServerError::Disputed, Text::BookingDisputed, Recovery::None),
            (ServerError::InProgress, Text::PaymentUnderWay, Recovery::Retry),
        ];
        for (err, text, recovery) in cases {
            let e = CheckoutError::Server(err);
            for locale in [Locale::En, Locale::Fr] {
                assert_eq!(e.user_message(locale), text.get(locale));
            }
            assert_eq!(e.recovery(), recovery, "{err:?}");
        }
    }

    #[test]
    fn every_language_has_its_own_text_for_a_server_failure() {
        let e = CheckoutError::Server(ServerError::AlreadyPaid);
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            assert_ne!(e.user_message(Locale::En), e.user_message(locale), "{locale:?}");
        }
    }

    #[test]
    fn a_load_failure_shows_its_own_text_and_code() {
        let blocked = CheckoutError::Load(LoadFailure::ScriptBlocked);
        assert_eq!(blocked.user_message(Locale::De), Text::ScriptBlocked.get(Locale::De));
        assert_eq!((blocked.code(), blocked.recovery()), ("stripe_js_blocked", Recovery::Retry));
        let key = CheckoutError::Load(LoadFailure::KeyRejected);
        assert_eq!(key.user_message(Locale::Nl), Text::Misconfigured.get(Locale::Nl));
        assert_eq!((key.code(), key.recovery()), ("stripe_key_rejected", Recovery::None));
    }

    #[test]
    fn an_element_load_error_never_shows_stripes_message() {
        // The loaderror message names the key or the intent; only its type is kept.
        let failure = LoadFailure::from_element_error("api_error", None, Some("Internal: elements session 4f2 failed"));
        let e = CheckoutError::Load(failure);
        for locale in Locale::ALL {
            assert!(!e.user_message(locale).contains("session"), "{locale:?}");
        }
        assert_eq!(e.code(), "element_api_error");
    }

    #[test]
    fn config_errors_show_a_generic_text_and_cannot_be_retried() {
        let e = CheckoutError::Config(ConfigError::SecretKey);
        assert_eq!(e.user_message(Locale::En), Text::Misconfigured.get(Locale::En));
        assert_eq!(e.recovery(), Recovery::None);
        assert_eq!(e.code(), "config");
    }

    #[test]
    fn error_codes_never_carry_decline_details() {
        let e = CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())));
        assert_eq!(e.code(), "card_error");
    }

    #[test]
    fn offline_every_failure_to_reach_anyone_reads_as_offline() {
        let unreachable = [
            CheckoutError::Load(LoadFailure::ScriptBlocked),
            CheckoutError::Load(LoadFailure::SlowNetwork),
            CheckoutError::Load(LoadFailure::Element(StripeErrorKind::ApiConnection)),
            CheckoutError::Server(ServerError::Unavailable),
        ];
        for e in unreachable {
            assert_eq!(seen_offline(e.clone(), false), CheckoutError::Load(LoadFailure::Offline), "{e:?}");
            assert_eq!(seen_offline(e.clone(), true), e, "online it keeps its own cause");
        }
        let answered = [
            CheckoutError::Load(LoadFailure::ScriptAltered),
            CheckoutError::Load(LoadFailure::KeyRejected),
            CheckoutError::Server(ServerError::SignIn),
        ];
        for e in answered {
            assert_eq!(seen_offline(e.clone(), false), e, "someone answered: {e:?}");
        }
    }
}
