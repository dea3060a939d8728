//! The configuration as a host page gives it: strings, before anything
//! is parsed or checked.

use super::redacted::Redacted;
use std::fmt;

/// Raw configuration as a host page gives it (attributes or a JS options
/// object), each field named in [`OPTIONS`](super::OPTIONS); [`RawConfig::options`] parses
/// it into [`CheckoutOptions`](super::CheckoutOptions). `Debug` redacts the key (it may be a pasted
/// secret key), the auth token and the CSRF token.
#[derive(Default, Clone, PartialEq)]
pub struct RawConfig {
    /// `publishable-key` / `publishableKey`.
    pub publishable_key: Option<String>,
    /// `create-intent-url` / `createIntentUrl` (default `/api/payments/create-intent`).
    pub create_intent_url: Option<String>,
    /// `booking-id` / `bookingId`.
    pub booking_id: Option<String>,
    /// `auth-token` / `authToken`: switches to bearer auth.
    pub auth_token: Option<String>,
    /// `csrf-header` / `csrfHeader`.
    pub csrf_header: Option<String>,
    /// `csrf-token` / `csrfToken`.
    pub csrf_token: Option<String>,
    /// `return-url` / `returnUrl` (default: the current page).
    pub return_url: Option<String>,
    /// `element`: `payment` or `card`.
    pub element: Option<String>,
    /// `flow`: `intent-first` or `deferred`.
    pub flow: Option<String>,
    /// `amount` (minor units), needed for the deferred flow.
    pub amount: Option<String>,
    /// `currency`, needed for the deferred flow.
    pub currency: Option<String>,
    /// `policy`: `pay_now` (default), `deposit`, `hold` or `guarantee`;
    /// deferred flow only (intent-first, the server's answer says it).
    pub policy: Option<String>,
    /// `deposit` (minor units charged now), for a deferred `deposit`.
    pub deposit: Option<String>,
    /// `balance-due` / `balanceDue` (`YYYY-MM-DD`), for a deferred `deposit`.
    pub balance_due: Option<String>,
    /// `capture-on` / `captureOn` (`YYYY-MM-DD`), for a deferred `hold`.
    pub capture_on: Option<String>,
    /// `fee-up-to` / `feeUpTo` (minor units), for a deferred `guarantee`.
    pub fee_up_to: Option<String>,
    /// `theme`: `stripe`, `night` or `flat`.
    pub theme: Option<String>,
    /// `locale`, e.g. `fr` or `en-GB`.
    pub locale: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `wallets` (a boolean attribute; `false` or no value turns it off).
    pub wallets: Option<String>,
}

impl fmt::Debug for RawConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawConfig")
            .field("publishable_key", &Redacted(self.publishable_key.is_some()))
            .field("create_intent_url", &self.create_intent_url)
            .field("booking_id", &self.booking_id)
            .field("auth_token", &Redacted(self.auth_token.is_some()))
            .field("csrf_header", &self.csrf_header)
            .field("csrf_token", &Redacted(self.csrf_token.is_some()))
            .field("return_url", &self.return_url)
            .field("element", &self.element)
            .field("flow", &self.flow)
            .field("amount", &self.amount)
            .field("currency", &self.currency)
            .field("policy", &self.policy)
            .field("deposit", &self.deposit)
            .field("balance_due", &self.balance_due)
            .field("capture_on", &self.capture_on)
            .field("fee_up_to", &self.fee_up_to)
            .field("theme", &self.theme)
            .field("locale", &self.locale)
            .field("description", &self.description)
            .field("wallets", &self.wallets)
            .finish()
    }
}
