//! The return from a redirect-based payment method.
//!
//! Stripe appends `payment_intent`, `payment_intent_client_secret` and
//! `redirect_status` to `return_url` (for a SetupIntent: `setup_intent`,
//! `setup_intent_client_secret` and `redirect_status`). The secret is read once and removed
//! from the address bar; `redirect_status` is not trusted (the intent is
//! retrieved instead). Nor is the secret itself: anyone can send a link
//! carrying the secret of some other payment that succeeded, so a success is
//! shown only once the booking's own create-intent answer vouches for it
//! ([`vouches_for`]).

use crate::errors::{CheckoutError, ServerError};
use booking_contract::{ClientSecret, CreateIntentResponse, PaymentTerms};

const STRIPE_PARAMS: [&str; 5] =
    ["payment_intent", "payment_intent_client_secret", "setup_intent", "setup_intent_client_secret", "redirect_status"];

/// The parameters that carry a client secret, with the kind of secret each
/// may hold: a SetupIntent's secret under the payment's name (or the
/// reverse) is not Stripe's return and is dropped.
const SECRET_PARAMS: [(&str, bool); 2] =
    [("payment_intent_client_secret", false), ("setup_intent_client_secret", true)];

/// Splits a `?query` into the client secret Stripe added (if well-formed)
/// and the query without any of Stripe's parameters (with its `?`, or empty).
pub fn take_return_params(search: &str) -> (Option<ClientSecret>, String) {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut secret = None;
    let mut rest = String::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if let Some((_, setup)) = SECRET_PARAMS.iter().find(|(name, _)| *name == key) {
            secret = ClientSecret::parse(value).filter(|s| s.is_setup() == *setup);
        }
        if !STRIPE_PARAMS.contains(&key) {
            rest.push(if rest.is_empty() { '?' } else { '&' });
            rest.push_str(pair);
        }
    }
    (secret, rest)
}

/// What the booking's create-intent answer says of a returned intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Vouched {
    /// The returned intent is the booking's: its outcome may be shown,
    /// with the booking's terms when the answer still carried them (a
    /// booking already settled is answered `already_paid`, without).
    Yes(Option<PaymentTerms>),
    /// The booking has another intent: the return is not this booking's.
    No,
    /// The server could not be asked; its error is what the customer sees.
    Unknown(CheckoutError),
}

/// Judges the returned intent `intent_id` by what create-intent answers for
/// the booking now. The server hands out the booking's one open intent, or
/// says it is already paid (its intent succeeded); any other intent is not
/// this booking's payment.
pub fn vouches_for(intent_id: &str, answer: Result<CreateIntentResponse, CheckoutError>) -> Vouched {
    match answer {
        Ok(r) if r.client_secret.intent_id() == intent_id => Vouched::Yes(Some(r.terms)),
        Ok(_) => Vouched::No,
        Err(CheckoutError::Server(ServerError::AlreadyPaid)) => Vouched::Yes(None),
        Err(e) => Vouched::Unknown(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Money};

    fn answer(secret: &str) -> Result<CreateIntentResponse, CheckoutError> {
        let client_secret = ClientSecret::parse(secret).unwrap();
        let price = Money::new(12_500, Currency::parse("eur").unwrap()).unwrap();
        Ok(CreateIntentResponse::new(client_secret, price, None).unwrap())
    }

    #[test]
    fn the_booking_s_own_intent_or_a_paid_booking_vouches_for_the_return() {
        let terms = answer("pi_1_secret_a").unwrap().terms;
        assert_eq!(vouches_for("pi_1", answer("pi_1_secret_a")), Vouched::Yes(Some(terms)));
        assert_eq!(vouches_for("pi_1", Err(CheckoutError::Server(ServerError::AlreadyPaid))), Vouched::Yes(None));
    }

    /// Regression: a link carrying another payment's client secret showed
    /// "Payment received" for a booking that was not paid.
    #[test]
    fn another_intent_of_the_booking_means_the_return_is_not_its_payment() {
        assert_eq!(vouches_for("pi_attacker", answer("pi_1_secret_a")), Vouched::No);
    }

    #[test]
    fn a_server_that_cannot_answer_vouches_for_nothing() {
        for e in [ServerError::SignIn, ServerError::NotPayable, ServerError::Unavailable] {
            let e = CheckoutError::Server(e);
            assert_eq!(vouches_for("pi_1", Err(e.clone())), Vouched::Unknown(e));
        }
    }

    #[test]
    fn the_secret_is_taken_and_every_stripe_parameter_removed() {
        let (secret, rest) = take_return_params(
            "?booking=bk_1&payment_intent=pi_1&payment_intent_client_secret=pi_1_secret_abc&redirect_status=succeeded",
        );
        assert_eq!(secret.unwrap().intent_id(), "pi_1");
        assert_eq!(rest, "?booking=bk_1");
    }

    #[test]
    fn a_setup_intent_return_is_taken_and_scrubbed_the_same_way() {
        let (secret, rest) = take_return_params(
            "?booking=bk_1&setup_intent=seti_1&setup_intent_client_secret=seti_1_secret_abc&redirect_status=succeeded",
        );
        let secret = secret.unwrap();
        assert_eq!((secret.intent_id(), secret.is_setup()), ("seti_1", true));
        assert_eq!(rest, "?booking=bk_1");
    }

    #[test]
    fn a_secret_under_the_other_kind_s_name_is_dropped() {
        assert_eq!(take_return_params("?payment_intent_client_secret=seti_1_secret_a"), (None, String::new()));
        assert_eq!(take_return_params("?setup_intent_client_secret=pi_1_secret_a"), (None, String::new()));
    }

    #[test]
    fn a_page_without_stripe_parameters_keeps_its_query() {
        assert_eq!(take_return_params("?a=1&b=2"), (None, "?a=1&b=2".to_string()));
        assert_eq!(take_return_params(""), (None, String::new()));
    }

    #[test]
    fn a_malformed_secret_is_ignored_but_still_scrubbed() {
        let (secret, rest) = take_return_params("?payment_intent_client_secret=%3Cscript%3E");
        assert!(secret.is_none());
        assert_eq!(rest, "");
    }
}
