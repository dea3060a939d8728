//! The return from a redirect-based payment method.
//!
//! Stripe appends `payment_intent`, `payment_intent_client_secret` and
//! `redirect_status` to `return_url`. The secret is read once and removed
//! from the address bar; `redirect_status` is not trusted (the intent is
//! retrieved instead).

use booking_contract::ClientSecret;

const STRIPE_PARAMS: [&str; 3] = ["payment_intent", "payment_intent_client_secret", "redirect_status"];

/// Splits a `?query` into the client secret Stripe added (if well-formed)
/// and the query without any of Stripe's parameters (with its `?`, or empty).
pub fn take_return_params(search: &str) -> (Option<ClientSecret>, String) {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut secret = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == "payment_intent_client_secret" {
            secret = ClientSecret::parse(value);
        }
        if !STRIPE_PARAMS.contains(&key) {
            kept.push(pair);
        }
    }
    let rest = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    (secret, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_taken_and_every_stripe_parameter_removed() {
        let (secret, rest) = take_return_params(
            "?booking=bk_1&payment_intent=pi_1&payment_intent_client_secret=pi_1_secret_abc&redirect_status=succeeded",
        );
        assert_eq!(secret.unwrap().intent_id(), "pi_1");
        assert_eq!(rest, "?booking=bk_1");
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
