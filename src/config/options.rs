//! Typed checkout options with a builder, for Leptos apps (and what
//! attributes and JS options are parsed into).
//!
//! [`CheckoutOptions::validate`] is the one place the rules run: a typed
//! option is never turned back into a string to be parsed again.

use super::checked::CheckoutConfig;
use super::error::ConfigError;
use super::redacted::Redacted;
use super::rules::{booking_id_ok, header_name_ok, url_ok};
use super::values::{Auth, ElementKind, Flow, Theme};
use crate::i18n::Locale;
use booking_contract::PublishableKey;
use std::fmt;

/// Options for the [`BookingCheckout`](crate::BookingCheckout) component.
///
/// ## Usage
///
/// ```
/// use booking_checkout::config::{CheckoutOptions, ElementKind, Theme};
///
/// let options = CheckoutOptions::new("pk_test_51AbCdEf", "bk_123")
///     .element(ElementKind::Card)
///     .theme(Theme::Night)
///     .description("Sea-view room, 2 nights");
/// assert!(options.validate("https://hotel.example/book").is_ok());
/// ```
///
/// ## Defaults
///
/// [`CheckoutOptions::default()`] has every default below and no key or
/// booking (which [`validate`](Self::validate) then refuses); `new` sets
/// those two.
///
/// Nothing is checked while building: [`validate`](Self::validate) checks
/// everything once (the key first, so a secret key is refused before
/// anything else is looked at or loaded). `Debug` redacts the key, the
/// bearer token and the CSRF token.
#[derive(Clone, PartialEq)]
pub struct CheckoutOptions {
    /// Stripe publishable key, `pk_test_…` or `pk_live_…`. Defaults to none.
    pub(crate) publishable_key: String,
    /// The booking to pay for: 1 to 64 of `A-Z a-z 0-9 _ -`. Defaults to none.
    pub(crate) booking_id: String,
    /// The create-intent endpoint: an http(s) URL or a same-origin path.
    /// Defaults to `/api/payments/create-intent`.
    pub(crate) create_intent_url: String,
    /// How the endpoint knows the customer. Defaults to [`Auth::Cookie`].
    pub(crate) auth: Auth,
    /// A CSRF header `(name, value)` sent with create-intent. Defaults to none.
    pub(crate) csrf: Option<(String, String)>,
    /// Where Stripe sends the customer back after a redirect-based method.
    /// Defaults to the current page.
    pub(crate) return_url: Option<String>,
    /// Which Stripe Element. Defaults to [`ElementKind::Payment`].
    pub(crate) element: ElementKind,
    /// When the PaymentIntent is created. Defaults to [`Flow::IntentFirst`].
    pub(crate) flow: Flow,
    /// Stripe's appearance theme. Defaults to [`Theme::Stripe`].
    pub(crate) theme: Theme,
    /// Language of every text. Defaults to [`Locale::En`].
    pub(crate) locale: Locale,
    /// Shown in the summary. Defaults to none.
    pub(crate) description: Option<String>,
    /// Wallet buttons above the Payment Element. Defaults to `false`.
    pub(crate) wallets: bool,
}

impl Default for CheckoutOptions {
    fn default() -> Self {
        Self {
            publishable_key: String::new(),
            booking_id: String::new(),
            create_intent_url: booking_contract::CREATE_INTENT_PATH.to_owned(),
            auth: Auth::Cookie,
            csrf: None,
            return_url: None,
            element: ElementKind::Payment,
            flow: Flow::IntentFirst,
            theme: Theme::Stripe,
            locale: Locale::En,
            description: None,
            wallets: false,
        }
    }
}

impl CheckoutOptions {
    /// The defaults with a key and a booking: all a checkout needs.
    pub fn new(publishable_key: impl Into<String>, booking_id: impl Into<String>) -> Self {
        Self { publishable_key: publishable_key.into(), booking_id: booking_id.into(), ..Self::default() }
    }

    /// Stripe publishable key, `pk_test_…` or `pk_live_…`. A secret or
    /// restricted key is refused before anything loads.
    pub fn publishable_key(self, key: impl Into<String>) -> Self {
        Self { publishable_key: key.into(), ..self }
    }

    /// The booking to pay for: 1 to 64 of `A-Z a-z 0-9 _ -`. The component's
    /// `booking_id` signal, when given, replaces it.
    pub fn booking_id(self, id: impl Into<String>) -> Self {
        Self { booking_id: id.into(), ..self }
    }

    /// The create-intent endpoint: an http(s) URL or a same-origin path.
    /// Defaults to `/api/payments/create-intent`.
    pub fn create_intent_url(self, url: impl Into<String>) -> Self {
        Self { create_intent_url: url.into(), ..self }
    }

    /// How the endpoint knows the customer: the session cookie
    /// ([`Auth::Cookie`], the default) or a bearer token.
    pub fn auth(self, auth: Auth) -> Self {
        Self { auth, ..self }
    }

    /// A CSRF header sent with create-intent, e.g. `X-CSRF-Token`, and its
    /// value. Defaults to none.
    pub fn csrf(self, header: impl Into<String>, token: impl Into<String>) -> Self {
        Self { csrf: Some((header.into(), token.into())), ..self }
    }

    /// Where Stripe sends the customer back after a redirect-based method:
    /// an http(s) URL or a same-origin path. Defaults to the current page.
    pub fn return_url(self, url: impl Into<String>) -> Self {
        Self { return_url: Some(url.into()), ..self }
    }

    /// The Payment Element (default) or the Card Element.
    pub fn element(self, element: ElementKind) -> Self {
        Self { element, ..self }
    }

    /// Intent-first (default), or deferred with the amount to render. In
    /// the deferred flow the component's `amount` signal, when given,
    /// replaces that amount.
    pub fn flow(self, flow: Flow) -> Self {
        Self { flow, ..self }
    }

    /// Stripe's appearance theme. Defaults to [`Theme::Stripe`].
    pub fn theme(self, theme: Theme) -> Self {
        Self { theme, ..self }
    }

    /// Language of every text. Defaults to [`Locale::En`].
    pub fn locale(self, locale: Locale) -> Self {
        Self { locale, ..self }
    }

    /// Shown in the summary, e.g. "Sea-view room, 2 nights". Defaults to none.
    pub fn description(self, description: impl Into<String>) -> Self {
        Self { description: Some(description.into()), ..self }
    }

    /// Wallet buttons (Apple Pay, Google Pay, Link) in an Express Checkout
    /// Element above the Payment Element. Defaults to `false`; ignored with
    /// the Card Element.
    pub fn wallets(self, wallets: bool) -> Self {
        Self { wallets, ..self }
    }

    /// Checks everything and gives the configuration the checkout runs
    /// with; `page_url` is the default return URL.
    pub fn validate(&self, page_url: &str) -> Result<CheckoutConfig, ConfigError> {
        self.clone().into_config(page_url)
    }

    /// [`validate`](Self::validate) without the copy.
    pub(crate) fn into_config(self, page_url: &str) -> Result<CheckoutConfig, ConfigError> {
        // First, whatever else is wrong: a secret key is refused as such.
        let publishable_key = PublishableKey::parse(&self.publishable_key)?;
        if !booking_id_ok(&self.booking_id) {
            return Err(ConfigError::BadBookingId);
        }
        let return_url = self.return_url.unwrap_or_else(|| page_url.to_owned());
        if !url_ok(&self.create_intent_url) || !url_ok(&return_url) {
            return Err(ConfigError::BadUrl);
        }
        if let Some((header, token)) = &self.csrf {
            if !header_name_ok(header) || token.is_empty() {
                return Err(ConfigError::BadCsrf);
            }
        }
        Ok(CheckoutConfig {
            publishable_key,
            create_intent_url: self.create_intent_url,
            booking_id: self.booking_id,
            auth: self.auth,
            csrf: self.csrf,
            return_url,
            element: self.element,
            flow: self.flow,
            theme: self.theme,
            locale: self.locale,
            description: self.description.filter(|d| !d.trim().is_empty()),
            wallets: self.wallets && self.element == ElementKind::Payment,
        })
    }
}

impl fmt::Debug for CheckoutOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckoutOptions")
            .field("publishable_key", &Redacted(!self.publishable_key.is_empty()))
            .field("booking_id", &self.booking_id)
            .field("create_intent_url", &self.create_intent_url)
            .field("auth", &self.auth)
            .field("csrf_header", &self.csrf.as_ref().map(|(name, _)| name))
            .field("csrf_token", &Redacted(self.csrf.is_some()))
            .field("return_url", &self.return_url)
            .field("element", &self.element)
            .field("flow", &self.flow)
            .field("theme", &self.theme)
            .field("locale", &self.locale)
            .field("description", &self.description)
            .field("wallets", &self.wallets)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;
    use booking_contract::{Currency, Money, PaymentTerms};

    const PAGE: &str = "https://hotel.example/book";

    fn options() -> CheckoutOptions {
        CheckoutOptions::new("pk_test_51AbCdEf", "bk_1")
    }

    #[test]
    fn the_documented_defaults_are_the_ones_a_validated_config_gets() {
        let c = options().validate(PAGE).unwrap();
        assert_eq!(c.create_intent_url, "/api/payments/create-intent");
        assert_eq!(c.auth, Auth::Cookie);
        assert_eq!(c.csrf, None);
        assert_eq!(c.return_url, PAGE);
        assert_eq!(
            (c.element, c.flow, c.theme, c.locale),
            (ElementKind::Payment, Flow::IntentFirst, Theme::Stripe, Locale::En)
        );
        assert_eq!((c.description, c.wallets), (None, false));
        assert_eq!(CheckoutOptions::default().booking_id("bk_1").publishable_key("pk_test_51AbCdEf"), options());
    }

    #[test]
    fn typed_options_pass_through_unchanged() {
        let money = Money::new(12500, Currency::parse("eur").unwrap()).unwrap();
        let c = options()
            .create_intent_url("https://api.hotel.example/pay")
            .auth(Auth::Bearer("tok_1".into()))
            .csrf("X-CSRF-Token", "t")
            .return_url("/done")
            .flow(Flow::Deferred(PaymentTerms::PayNow { total: money }))
            .theme(Theme::Night)
            .locale(Locale::Fr)
            .description("Sea-view room")
            .wallets(true)
            .validate(PAGE)
            .unwrap();
        assert_eq!(c.create_intent_url, "https://api.hotel.example/pay");
        assert_eq!(c.auth, Auth::Bearer("tok_1".into()));
        assert_eq!(c.csrf, Some(("X-CSRF-Token".into(), "t".into())));
        assert_eq!(c.return_url, "/done");
        assert_eq!(
            (c.flow, c.theme, c.locale),
            (Flow::Deferred(PaymentTerms::PayNow { total: money }), Theme::Night, Locale::Fr)
        );
        assert_eq!((c.description.as_deref(), c.wallets), (Some("Sea-view room"), true));
    }

    #[test]
    fn typed_options_meet_the_same_rules_as_attributes() {
        let cases = [
            (options().publishable_key(concat!("sk_", "test_abc")), ConfigError::SecretKey),
            (options().publishable_key(""), ConfigError::MissingKey),
            (options().booking_id("a/b"), ConfigError::BadBookingId),
            (options().return_url("javascript:alert(1)"), ConfigError::BadUrl),
            (options().create_intent_url("//evil.example"), ConfigError::BadUrl),
            (options().csrf("X CSRF", "t"), ConfigError::BadCsrf),
            (options().csrf("X-CSRF", ""), ConfigError::BadCsrf),
        ];
        for (typed, error) in cases {
            assert_eq!(typed.validate(PAGE), Err(error), "{typed:?}");
        }
        assert_eq!(CheckoutOptions::default().validate(PAGE), Err(ConfigError::MissingKey));
    }

    #[test]
    fn attributes_are_parsed_into_the_typed_options() {
        let raw = RawConfig {
            publishable_key: Some(" pk_test_51AbCdEf ".into()),
            booking_id: Some("bk_1".into()),
            element: Some("card".into()),
            theme: Some("flat".into()),
            locale: Some("fr-CA".into()),
            description: Some("  ".into()),
            ..RawConfig::default()
        };
        let typed = options()
            .publishable_key(" pk_test_51AbCdEf ")
            .element(ElementKind::Card)
            .theme(Theme::Flat)
            .locale(Locale::Fr);
        assert_eq!(raw.options(), Ok(typed.clone()));
        assert_eq!(raw.validate(PAGE), typed.validate(PAGE));
    }

    #[test]
    fn wallets_are_dropped_beside_the_card_element() {
        let c = options().element(ElementKind::Card).wallets(true).validate(PAGE).unwrap();
        assert!(!c.wallets);
    }

    #[test]
    fn debug_output_never_shows_the_key_or_the_tokens() {
        let typed = options()
            .publishable_key(concat!("sk_live_", "canaryKey123"))
            .auth(Auth::Bearer("canary-bearer-token".into()))
            .csrf("X-CSRF-Token", "canary-csrf-token");
        let shown = format!("{typed:?}");
        for secret in ["canaryKey123", "canary-bearer-token", "canary-csrf-token"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("X-CSRF-Token") && shown.contains("bk_1"), "{shown}");
    }
}
