//! A `Stripe(pk)` instance: Elements groups, confirmation and retrieval.

use super::bindings::{self, StripeJs};
use super::element::{ElementHandle, ElementsGroup};
use super::wire::{
    AppInfo, Appearance, CardMethod, CardPayment, ClientOptions, ConfirmParams, ConfirmPayment, GroupOptions,
    NextAction, Outcome,
};
use crate::config::{ElementKind, PublishableKey};
use crate::errors::CheckoutError;
use crate::i18n::Locale;
use crate::status::Intent;
use booking_contract::{ClientSecret, PaymentTerms};
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How an Elements group is created.
#[derive(Debug, Clone, Copy)]
pub enum GroupMode<'a> {
    /// Intent-first: `{clientSecret}`.
    Intent(&'a ClientSecret),
    /// Deferred, with the settings the server's intent will have (Stripe
    /// requires them to match): `{mode:'payment', amount, currency}` with
    /// `captureMethod:'manual'` for a hold and `setupFutureUsage:
    /// 'off_session'` for a deposit; `{mode:'setup', currency,
    /// setupFutureUsage:'off_session'}` for a guarantee.
    Deferred(PaymentTerms),
}

impl GroupMode<'_> {
    pub(super) fn options<'b>(&'b self, theme: &'b str, locale: Locale) -> GroupOptions<'b> {
        let common = GroupOptions {
            appearance: Some(Appearance { theme }),
            locale: Some(locale.stripe_tag()),
            ..GroupOptions::default()
        };
        match self {
            Self::Intent(secret) => GroupOptions { client_secret: Some(secret.expose()), ..common },
            Self::Deferred(terms) => {
                let saves = terms.saves_card().then_some("off_session");
                let (PaymentTerms::PayNow { total }
                | PaymentTerms::Deposit { total, .. }
                | PaymentTerms::Hold { total, .. }
                | PaymentTerms::Guarantee { total, .. }
                | PaymentTerms::Owed { total, .. }) = terms;
                GroupOptions {
                    mode: Some(if terms.confirmed_now().is_some() { "payment" } else { "setup" }),
                    amount: terms.confirmed_now().map(|m| m.amount),
                    currency: Some(total.currency.as_str()),
                    capture_method: matches!(terms, PaymentTerms::Hold { .. }).then_some("manual"),
                    setup_future_usage: saves,
                    ..common
                }
            }
        }
    }
}

/// Awaits a Stripe.js call that returns a promise of `{error}` or
/// `{paymentIntent}`. A throw or a rejection is an IntegrationError.
async fn intent_call(call: Result<Promise, JsValue>) -> Result<Intent, CheckoutError> {
    let promise = call.map_err(|_| CheckoutError::Integration)?;
    let value = JsFuture::from(promise).await.map_err(|_| CheckoutError::Integration)?;
    Outcome::read(value)?.intent()
}

/// A `Stripe(pk)` instance.
pub struct StripeClient {
    js: StripeJs,
}

impl StripeClient {
    /// Calls `Stripe(key, {locale})`; Stripe.js must already be loaded.
    pub fn new(key: &PublishableKey, locale: Locale) -> Result<Self, CheckoutError> {
        let options = ClientOptions { locale: locale.stripe_tag() }.to_js();
        let js = bindings::stripe_new(key.as_str(), &options).map_err(|_| CheckoutError::StripeUnavailable)?;
        Ok(Self::adopt(js))
    }

    /// An instance made by the early start, identified as ours.
    pub(super) fn adopt(js: StripeJs) -> Self {
        let info = AppInfo { name: "booking-checkout", version: env!("CARGO_PKG_VERSION") }.to_js();
        // Identifying the wrapper is a courtesy; an old Stripe.js without it is fine.
        let _ = js.register_app_info(&info);
        Self { js }
    }

    /// Creates an Elements group.
    pub fn elements(&self, mode: GroupMode<'_>, theme: &str, locale: Locale) -> Result<ElementsGroup, CheckoutError> {
        let options = mode.options(theme, locale).to_js();
        let js = self.js.elements(&options).map_err(|_| CheckoutError::Integration)?;
        Ok(ElementsGroup::new(js))
    }

    /// Confirms with the Payment Element (`redirect: 'if_required'`):
    /// `confirmSetup` for a SetupIntent's secret, `confirmPayment` otherwise.
    pub async fn confirm_payment(
        &self,
        group: &ElementsGroup,
        secret: Option<&ClientSecret>,
        return_url: &str,
    ) -> Result<Intent, CheckoutError> {
        let params = ConfirmPayment {
            elements: group.js().clone(),
            client_secret: secret.map(ClientSecret::expose),
            confirm_params: ConfirmParams { return_url },
            redirect: "if_required",
        }
        .to_js();
        let setup = secret.is_some_and(ClientSecret::is_setup);
        intent_call(if setup { self.js.confirm_setup(&params) } else { self.js.confirm_payment(&params) }).await
    }

    /// Confirms with the Card Element: `confirmCardSetup` for a
    /// SetupIntent's secret, `confirmCardPayment` otherwise.
    pub async fn confirm_card(&self, secret: &ClientSecret, card: &ElementHandle) -> Result<Intent, CheckoutError> {
        let data = CardPayment { payment_method: CardMethod { card: card.js_value() } }.to_js();
        intent_call(if secret.is_setup() {
            self.js.confirm_card_setup(secret.expose(), &data)
        } else {
            self.js.confirm_card_payment(secret.expose(), &data)
        })
        .await
    }

    /// Confirms with whichever element `kind` is.
    pub async fn confirm(
        &self,
        kind: ElementKind,
        group: &ElementsGroup,
        element: &ElementHandle,
        secret: Option<&ClientSecret>,
        return_url: &str,
    ) -> Result<Intent, CheckoutError> {
        match (kind, secret) {
            (ElementKind::Card, Some(secret)) => self.confirm_card(secret, element).await,
            (ElementKind::Card, None) => Err(CheckoutError::Integration),
            (ElementKind::Payment, secret) => self.confirm_payment(group, secret, return_url).await,
        }
    }

    /// `retrievePaymentIntent(secret)`, or `retrieveSetupIntent` for a
    /// SetupIntent's secret.
    pub async fn retrieve(&self, secret: &ClientSecret) -> Result<Intent, CheckoutError> {
        intent_call(if secret.is_setup() {
            self.js.retrieve_setup_intent(secret.expose())
        } else {
            self.js.retrieve_payment_intent(secret.expose())
        })
        .await
    }

    /// `handleNextAction({clientSecret})` for a `requires_action` intent.
    pub async fn handle_next_action(&self, secret: &ClientSecret) -> Result<Intent, CheckoutError> {
        let options = NextAction { client_secret: secret.expose() }.to_js();
        intent_call(self.js.handle_next_action(&options)).await
    }
}
