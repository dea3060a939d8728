//! A validated configuration: what the checkout runs with.

use super::redacted::Redacted;
use super::values::{Auth, ElementKind, Flow, Theme};
use crate::i18n::Locale;
pub use booking_contract::PublishableKey;
use std::fmt;

/// A validated checkout configuration. `Debug` redacts the bearer token and
/// the CSRF token.
#[derive(Clone, PartialEq)]
pub struct CheckoutConfig {
    /// Publishable key.
    pub publishable_key: PublishableKey,
    /// Absolute or same-origin URL of the authenticated create-intent endpoint.
    pub create_intent_url: String,
    /// The booking to pay for.
    pub booking_id: String,
    /// How to authenticate create-intent.
    pub auth: Auth,
    /// Optional CSRF header `(name, value)` sent with create-intent.
    pub csrf: Option<(String, String)>,
    /// Where Stripe sends the customer back after a redirect-based method.
    pub return_url: String,
    /// Payment or Card Element.
    pub element: ElementKind,
    /// Intent-first or deferred.
    pub flow: Flow,
    /// Elements theme.
    pub theme: Theme,
    /// Text and formatting language.
    pub locale: Locale,
    /// Short description shown in the summary, e.g. "Sea-view room, 2 nights".
    pub description: Option<String>,
    /// Wallet buttons (Apple Pay, Google Pay, Link) in an Express Checkout
    /// Element above the Payment Element, in the same Elements group. Off
    /// by default; ignored with the Card Element.
    pub wallets: bool,
}

impl fmt::Debug for CheckoutConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckoutConfig")
            .field("publishable_key", &self.publishable_key)
            .field("create_intent_url", &self.create_intent_url)
            .field("booking_id", &self.booking_id)
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
