//! Checkout configuration, validated before anything loads.
//!
//! Two ways in, one set of rules: a Leptos app builds typed
//! [`CheckoutOptions`]; a page's attributes or JS options arrive as a
//! [`RawConfig`] of strings (named in [`OPTIONS`]), parsed into the same
//! options. [`CheckoutOptions::validate`] then checks them once (the
//! [`rules`]) into the [`CheckoutConfig`] the checkout runs with.
//!
//! Parsing is pure so the rules (above all: only a publishable key) are tested
//! on the host. Errors describe what is wrong without echoing the value: a
//! secret pasted into a page must not end up in a console or error tracker.

mod attributes;
mod checked;
mod error;
mod options;
mod raw;
mod redacted;
pub mod rules;
mod values;

pub use attributes::{OptionSpec, OPTIONS};
pub use checked::{CheckoutConfig, PublishableKey};
pub use error::ConfigError;
pub use options::CheckoutOptions;
pub use raw::RawConfig;
pub use values::{Auth, ElementKind, Flow, Theme};

use crate::i18n::Locale;
use booking_contract::{Currency, Date, Money, PaymentTerms};
fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl RawConfig {
    /// Validates everything; `page_url` is the default `return_url`.
    ///
    /// The key is judged first so that a secret key is refused as such,
    /// whatever else is wrong, before anything is loaded.
    pub fn validate(&self, page_url: &str) -> Result<CheckoutConfig, ConfigError> {
        match self.options() {
            Ok(options) => options.into_config(page_url),
            Err(error) => Err(match PublishableKey::parse(self.publishable_key.as_deref().unwrap_or("")) {
                Err(key) => key.into(),
                Ok(_) => error,
            }),
        }
    }

    /// Whether any of the deferred terms' settings is given.
    fn names_terms(&self) -> bool {
        [&self.policy, &self.deposit, &self.balance_due, &self.capture_on, &self.fee_up_to]
            .into_iter()
            .any(|v| non_empty(v).is_some())
    }

    /// The deferred flow's terms for the price `total`: the whole of it now
    /// unless `policy` names another, with that policy's own settings
    /// (and none of another's), checked to add up.
    fn deferred_terms(&self, total: Money) -> Result<PaymentTerms, ConfigError> {
        let money = |v: &Option<String>| {
            let minor = non_empty(v).and_then(|a| a.parse::<i64>().ok()).ok_or(ConfigError::BadTerms)?;
            Money::new(minor, total.currency).map_err(|_| ConfigError::BadTerms)
        };
        let date =
            |v: &Option<String>| Date::parse(non_empty(v).unwrap_or_default()).map_err(|_| ConfigError::BadTerms);
        let given = |v: &Option<String>| non_empty(v).is_some();
        let (terms, own) = match non_empty(&self.policy) {
            None | Some("pay_now") => (PaymentTerms::PayNow { total }, 0),
            Some("deposit") => {
                let now = money(&self.deposit)?;
                let rest = total.amount.checked_sub(now.amount).filter(|r| *r > 0).ok_or(ConfigError::BadTerms)?;
                let balance = Money::new(rest, total.currency).map_err(|_| ConfigError::BadTerms)?;
                (PaymentTerms::Deposit { total, now, balance, balance_due: date(&self.balance_due)? }, 2)
            }
            Some("hold") => (PaymentTerms::Hold { total, capture_on: date(&self.capture_on)? }, 1),
            Some("guarantee") => (PaymentTerms::Guarantee { total, up_to: money(&self.fee_up_to)? }, 1),
            Some(_) => return Err(ConfigError::BadTerms),
        };
        // A setting of another policy would be a mistake this terms ignore.
        let settings = [&self.deposit, &self.balance_due, &self.capture_on, &self.fee_up_to];
        if settings.into_iter().filter(|v| given(v)).count() != own {
            return Err(ConfigError::BadTerms);
        }
        terms.check().map_err(|_| ConfigError::BadTerms)?;
        Ok(terms)
    }

    /// Parses the strings into typed options: empty values are absent,
    /// unknown names and amounts are refused. The options' own checks
    /// (key, booking id, URLs, CSRF header) are left to
    /// [`CheckoutOptions::validate`].
    pub fn options(&self) -> Result<CheckoutOptions, ConfigError> {
        let text = |v: &Option<String>| non_empty(v).map(str::to_owned);
        let csrf = match (text(&self.csrf_header), text(&self.csrf_token)) {
            (None, None) => None,
            (Some(header), Some(token)) => Some((header, token)),
            _ => return Err(ConfigError::BadCsrf),
        };
        let element = match non_empty(&self.element) {
            None => ElementKind::Payment,
            Some(name) => ElementKind::parse(name).ok_or(ConfigError::BadOption)?,
        };
        let flow = match non_empty(&self.flow) {
            None | Some("intent-first") if self.names_terms() => return Err(ConfigError::BadTerms),
            None | Some("intent-first") => Flow::IntentFirst,
            Some("deferred") => {
                let amount = non_empty(&self.amount).and_then(|a| a.parse::<i64>().ok());
                let currency = non_empty(&self.currency).map(Currency::parse);
                let total = match (amount, currency) {
                    (Some(a), Some(Ok(c))) => Money::new(a, c).map_err(|_| ConfigError::BadAmount)?,
                    _ => return Err(ConfigError::BadAmount),
                };
                Flow::Deferred(self.deferred_terms(total)?)
            }
            Some(_) => return Err(ConfigError::BadOption),
        };
        let theme = match non_empty(&self.theme) {
            None => Theme::Stripe,
            Some(t) => Theme::parse(t).ok_or(ConfigError::BadOption)?,
        };
        // A boolean attribute: present (empty, `wallets`, `true`) turns it
        // on, `false` or absent leaves it off; anything else is refused.
        let wallets = match self.wallets.as_deref().map(str::trim) {
            None | Some("false") => false,
            Some("" | "true" | "wallets") => true,
            Some(_) => return Err(ConfigError::BadOption),
        };
        Ok(CheckoutOptions {
            publishable_key: self.publishable_key.clone().unwrap_or_default(),
            booking_id: non_empty(&self.booking_id).unwrap_or_default().to_owned(),
            create_intent_url: non_empty(&self.create_intent_url)
                .unwrap_or(booking_contract::CREATE_INTENT_PATH)
                .to_owned(),
            auth: text(&self.auth_token).map_or(Auth::Cookie, Auth::Bearer),
            csrf,
            return_url: text(&self.return_url),
            element,
            flow,
            theme,
            locale: Locale::parse(non_empty(&self.locale).unwrap_or("")),
            description: text(&self.description),
            wallets,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawConfig {
        RawConfig {
            publishable_key: Some("pk_test_51AbCdEf".into()),
            booking_id: Some("bk_1".into()),
            ..RawConfig::default()
        }
    }

    #[test]
    fn wallets_are_off_unless_asked_for_and_only_beside_the_payment_element() {
        let wallets = |v: Option<&str>, element: Option<&str>| {
            RawConfig { wallets: v.map(Into::into), element: element.map(Into::into), ..raw() }
                .validate("https://hotel.example/pay")
                .map(|c| c.wallets)
        };
        assert_eq!(wallets(None, None), Ok(false), "off by default");
        for on in ["", "true", "wallets", " true "] {
            assert_eq!(wallets(Some(on), None), Ok(true), "{on:?}");
        }
        assert_eq!(wallets(Some("false"), None), Ok(false));
        assert_eq!(wallets(Some("true"), Some("card")), Ok(false), "the Card Element has no wallet buttons");
        assert_eq!(wallets(Some("yes please"), None), Err(ConfigError::BadOption));
    }

    #[test]
    fn the_shared_key_rule_refuses_with_the_component_s_errors() {
        let key = |k: &str| {
            RawConfig { publishable_key: Some(k.into()), ..raw() }
                .validate("https://hotel.example/pay")
                .map(|_| ())
                .unwrap_err()
        };
        assert_eq!(key("sk_test_51AbCdEf"), ConfigError::SecretKey);
        assert_eq!(key("pk_test_ab<c"), ConfigError::NotPublishable);
        assert_eq!(key(" "), ConfigError::MissingKey);
        assert!(!key("sk_test_leak_canary_4eC39").to_string().contains("canary"));
    }

    #[test]
    fn a_secret_key_is_refused_even_when_every_other_field_is_also_wrong() {
        let r = RawConfig { publishable_key: Some("sk_live_abc".into()), ..RawConfig::default() };
        assert_eq!(r.validate("https://x/").unwrap_err(), ConfigError::SecretKey);
    }

    #[test]
    fn defaults_are_cookie_auth_payment_element_intent_first_and_this_page_as_return_url() {
        let c = raw().validate("https://hotel.example/book").unwrap();
        assert_eq!(c.auth, Auth::Cookie);
        assert_eq!(c.element, ElementKind::Payment);
        assert_eq!(c.flow, Flow::IntentFirst);
        assert_eq!(c.return_url, "https://hotel.example/book");
        assert_eq!(c.create_intent_url, "/api/payments/create-intent");
        assert_eq!(c.locale, Locale::En);
    }

    #[test]
    fn an_auth_token_switches_to_bearer_and_is_redacted_in_debug() {
        let c = RawConfig { auth_token: Some("tok_123".into()), ..raw() }.validate("/").unwrap();
        assert_eq!(c.auth, Auth::Bearer("tok_123".into()));
        assert!(!format!("{c:?}").contains("tok_123"));
    }

    fn with_secrets() -> RawConfig {
        RawConfig {
            // Split so the secret scan of tracked files does not flag the test itself.
            publishable_key: Some(concat!("sk_live_", "canaryKey123").into()),
            auth_token: Some("canary-bearer-token".into()),
            csrf_header: Some("X-CSRF-Token".into()),
            csrf_token: Some("canary-csrf-token".into()),
            ..raw()
        }
    }

    #[test]
    fn raw_config_debug_output_never_shows_the_key_or_the_tokens() {
        let shown = format!("{:?}", with_secrets());
        for secret in ["canaryKey123", "canary-bearer-token", "canary-csrf-token"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("X-CSRF-Token") && shown.contains("bk_1"), "the rest stays readable: {shown}");
        assert!(format!("{:?}", RawConfig::default()).contains("publishable_key: None"));
    }

    #[test]
    fn checkout_config_debug_output_never_shows_the_tokens() {
        let config = RawConfig { publishable_key: Some("pk_test_51AbCdEf".into()), ..with_secrets() };
        let shown = format!("{:?}", config.validate("/").unwrap());
        for secret in ["canary-bearer-token", "canary-csrf-token"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("Bearer([REDACTED])") && shown.contains("X-CSRF-Token"), "{shown}");
    }

    #[test]
    fn booking_ids_with_unexpected_characters_are_refused() {
        for id in ["", "a/b", "1;drop", "x y", &"a".repeat(65)] {
            let r = RawConfig { booking_id: Some(id.to_string()), ..raw() };
            assert_eq!(r.validate("/").unwrap_err(), ConfigError::BadBookingId, "{id}");
        }
    }

    #[test]
    fn script_and_protocol_relative_urls_are_refused() {
        for url in ["javascript:alert(1)", "//evil.example/x", "data:text/html,x", "ftp://x"] {
            let r = RawConfig { return_url: Some(url.into()), ..raw() };
            assert_eq!(r.validate("/").unwrap_err(), ConfigError::BadUrl, "{url}");
            let r = RawConfig { create_intent_url: Some(url.into()), ..raw() };
            assert_eq!(r.validate("/").unwrap_err(), ConfigError::BadUrl, "{url}");
        }
    }

    #[test]
    fn deferred_flow_needs_a_valid_amount_and_currency() {
        let ok = RawConfig {
            flow: Some("deferred".into()),
            amount: Some("12500".into()),
            currency: Some("EUR".into()),
            ..raw()
        };
        assert!(matches!(ok.validate("/").unwrap().flow, Flow::Deferred(t) if t.total().amount == 12500));
        for (amount, currency) in
            [(None, Some("eur")), (Some("12.5"), Some("eur")), (Some("-1"), Some("eur")), (Some("100"), Some("euro"))]
        {
            let r = RawConfig {
                flow: Some("deferred".into()),
                amount: amount.map(Into::into),
                currency: currency.map(Into::into),
                ..raw()
            };
            assert_eq!(r.validate("/").unwrap_err(), ConfigError::BadAmount);
        }
    }

    /// `amount` 12500 eur, deferred, with the settings `set` names.
    fn deferred_with(set: &[(&str, &str)]) -> Result<CheckoutConfig, ConfigError> {
        let mut r = RawConfig {
            flow: Some("deferred".into()),
            amount: Some("12500".into()),
            currency: Some("eur".into()),
            ..raw()
        };
        for (name, value) in set {
            let spec = OPTIONS.iter().find(|o| o.attribute == *name).unwrap();
            *(spec.field)(&mut r) = Some((*value).into());
        }
        r.validate("/")
    }

    #[test]
    fn deferred_terms_are_built_from_the_policy_and_its_own_settings() {
        let eur = |a| Money::new(a, Currency::parse("eur").unwrap()).unwrap();
        let day = |d| Date::parse(d).unwrap();
        let terms = |set: &[(&str, &str)]| deferred_with(set).unwrap().flow.terms().unwrap();
        assert_eq!(terms(&[]), PaymentTerms::PayNow { total: eur(12_500) });
        assert_eq!(terms(&[("policy", "pay_now")]), PaymentTerms::PayNow { total: eur(12_500) });
        assert_eq!(
            terms(&[("policy", "deposit"), ("deposit", "3125"), ("balance-due", "2027-03-05")]),
            PaymentTerms::Deposit {
                total: eur(12_500),
                now: eur(3_125),
                balance: eur(9_375),
                balance_due: day("2027-03-05")
            }
        );
        assert_eq!(
            terms(&[("policy", "hold"), ("capture-on", "2026-12-09")]),
            PaymentTerms::Hold { total: eur(12_500), capture_on: day("2026-12-09") }
        );
        assert_eq!(
            terms(&[("policy", "guarantee"), ("fee-up-to", "3900")]),
            PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) }
        );
    }

    /// Terms that do not add up would show the guest one thing and let the
    /// server charge another; a setting of another policy is a mistake the
    /// integrator must see, not one the terms silently drop.
    #[test]
    fn deferred_terms_that_do_not_add_up_or_mix_policies_are_refused() {
        for set in [
            &[("policy", "later")][..],
            &[("policy", "deposit"), ("deposit", "3125")],
            &[("policy", "deposit"), ("deposit", "12500"), ("balance-due", "2027-03-05")],
            &[("policy", "deposit"), ("deposit", "0"), ("balance-due", "2027-03-05")],
            &[("policy", "deposit"), ("deposit", "31.25"), ("balance-due", "2027-03-05")],
            &[("policy", "deposit"), ("deposit", "3125"), ("balance-due", "5 March")],
            &[("policy", "hold")],
            &[("policy", "hold"), ("capture-on", "2026-12-09"), ("fee-up-to", "3900")],
            &[("policy", "guarantee"), ("fee-up-to", "12600")],
            &[("deposit", "3125")],
        ] {
            assert_eq!(deferred_with(set).unwrap_err(), ConfigError::BadTerms, "{set:?}");
        }
        let intent_first = RawConfig { policy: Some("deposit".into()), ..raw() };
        assert_eq!(intent_first.validate("/").unwrap_err(), ConfigError::BadTerms, "the server's answer says them");
        let jpy = RawConfig { currency: Some("jpy".into()), amount: Some("9000".into()), ..raw() };
        let jpy = RawConfig {
            flow: Some("deferred".into()),
            policy: Some("guarantee".into()),
            fee_up_to: Some("1000".into()),
            ..jpy
        };
        assert!(jpy.validate("/").is_ok(), "minor units of a currency without decimals");
    }

    #[test]
    fn every_listed_element_flow_and_theme_value_is_accepted() {
        for kind in ElementKind::ALL {
            let r = RawConfig { element: Some(kind.as_str().into()), ..raw() };
            assert_eq!(r.validate("/").unwrap().element, kind);
        }
        for theme in Theme::ALL {
            let r = RawConfig { theme: Some(theme.as_str().into()), ..raw() };
            assert_eq!(r.validate("/").unwrap().theme, theme);
        }
        for name in Flow::NAMES {
            let r =
                RawConfig { flow: Some(name.into()), amount: Some("1".into()), currency: Some("eur".into()), ..raw() };
            assert!(r.validate("/").is_ok(), "{name}");
        }
    }

    #[test]
    fn unknown_option_values_are_refused() {
        for r in [
            RawConfig { element: Some("iban".into()), ..raw() },
            RawConfig { flow: Some("later".into()), ..raw() },
            RawConfig { theme: Some("neon".into()), ..raw() },
        ] {
            assert_eq!(r.validate("/").unwrap_err(), ConfigError::BadOption);
        }
    }

    #[test]
    fn a_csrf_header_needs_its_token() {
        let r = RawConfig { csrf_header: Some("X-CSRF-Token".into()), ..raw() };
        assert_eq!(r.validate("/").unwrap_err(), ConfigError::BadCsrf);
        let r = RawConfig { csrf_header: Some("X-CSRF-Token".into()), csrf_token: Some("t".into()), ..raw() };
        assert_eq!(r.validate("/").unwrap().csrf, Some(("X-CSRF-Token".into(), "t".into())));
    }
}
