//! Stripe.js behind typed Rust values.
//!
//! [`bindings`] is the raw `extern` block; this module is the boundary where
//! JS failures become [`CheckoutError`]s. All four failure channels meet here:
//! a resolved `{error}`, a thrown or rejected IntegrationError, the
//! `loaderror` event, and the loader promise.

mod bindings;
mod element;
pub mod loader;

pub use element::{ElementHandle, ElementsGroup};

use crate::config::{ElementKind, PublishableKey};
use crate::errors::{CheckoutError, StripeError};
use crate::i18n::Locale;
use crate::status::IntentStatus;
use bindings::StripeJs;
use booking_contract::{ClientSecret, Money};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// What a confirm or retrieve resolved with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntentResult {
    /// PaymentIntent id (`pi_…`).
    pub id: String,
    /// Its status.
    pub status: IntentStatus,
}

/// How an Elements group is created.
#[derive(Debug, Clone, Copy)]
pub enum GroupMode<'a> {
    /// Intent-first: `{clientSecret}`.
    Intent(&'a ClientSecret),
    /// Deferred: `{mode:'payment', amount, currency}`.
    Deferred(Money),
}

/// Builds a plain JS object from key/value pairs.
pub(crate) fn js_object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a Stripe `{error}` / `{paymentIntent}` result. The error is checked
/// first and a missing intent is an error: a result is never read as success
/// just because it resolved.
fn read_result(value: &JsValue) -> Result<IntentResult, CheckoutError> {
    let error = get(value, "error");
    if error.is_object() {
        let kind = get(&error, "type").as_string().unwrap_or_default();
        return Err(CheckoutError::Stripe(StripeError::new(&kind, get(&error, "message").as_string())));
    }
    let intent = get(value, "paymentIntent");
    match (get(&intent, "id").as_string(), get(&intent, "status").as_string()) {
        (Some(id), Some(status)) => Ok(IntentResult { id, status: IntentStatus::parse(&status) }),
        _ => Err(CheckoutError::Integration),
    }
}

async fn settle(call: Result<Promise, JsValue>) -> Result<IntentResult, CheckoutError> {
    let promise = call.map_err(|_| CheckoutError::Integration)?;
    let value = JsFuture::from(promise).await.map_err(|_| CheckoutError::Integration)?;
    read_result(&value)
}

/// A `Stripe(pk)` instance.
pub struct StripeClient {
    js: StripeJs,
}

impl StripeClient {
    /// Calls `Stripe(key, {locale})`; Stripe.js must already be loaded.
    pub fn new(key: &PublishableKey, locale: Locale) -> Result<Self, CheckoutError> {
        let options = js_object(&[("locale", locale.stripe_tag().into())]);
        let js = bindings::stripe_new(key.as_str(), &options).map_err(|_| CheckoutError::StripeUnavailable)?;
        let info = js_object(&[
            ("name", "booking-checkout".into()),
            ("version", env!("CARGO_PKG_VERSION").into()),
        ]);
        // Identifying the wrapper is a courtesy; an old Stripe.js without it is fine.
        let _ = js.register_app_info(&info);
        Ok(Self { js })
    }

    /// Creates an Elements group.
    pub fn elements(&self, mode: GroupMode<'_>, theme: &str, locale: Locale) -> Result<ElementsGroup, CheckoutError> {
        let appearance = js_object(&[("theme", theme.into())]);
        let mut pairs = vec![("appearance", appearance), ("locale", locale.stripe_tag().into())];
        match mode {
            GroupMode::Intent(secret) => pairs.push(("clientSecret", secret.expose().into())),
            GroupMode::Deferred(money) => {
                pairs.push(("mode", "payment".into()));
                pairs.push(("amount", (money.amount as f64).into()));
                pairs.push(("currency", money.currency.as_str().into()));
            }
        }
        let js = self.js.elements(&js_object(&pairs)).map_err(|_| CheckoutError::Integration)?;
        Ok(ElementsGroup::new(js))
    }

    /// Confirms with the Payment Element (`redirect: 'if_required'`).
    pub async fn confirm_payment(
        &self,
        group: &ElementsGroup,
        secret: Option<&ClientSecret>,
        return_url: &str,
    ) -> Result<IntentResult, CheckoutError> {
        let mut pairs = vec![
            ("elements", group.js_value()),
            ("confirmParams", js_object(&[("return_url", return_url.into())])),
            ("redirect", "if_required".into()),
        ];
        if let Some(secret) = secret {
            pairs.push(("clientSecret", secret.expose().into()));
        }
        settle(self.js.confirm_payment(&js_object(&pairs))).await
    }

    /// Confirms with the Card Element.
    pub async fn confirm_card(&self, secret: &ClientSecret, card: &ElementHandle) -> Result<IntentResult, CheckoutError> {
        let data = js_object(&[("payment_method", js_object(&[("card", card.js_value())]))]);
        settle(self.js.confirm_card_payment(secret.expose(), &data)).await
    }

    /// Confirms with whichever element `card` is.
    pub async fn confirm(
        &self,
        kind: ElementKind,
        group: &ElementsGroup,
        element: &ElementHandle,
        secret: Option<&ClientSecret>,
        return_url: &str,
    ) -> Result<IntentResult, CheckoutError> {
        match (kind, secret) {
            (ElementKind::Card, Some(secret)) => self.confirm_card(secret, element).await,
            (ElementKind::Card, None) => Err(CheckoutError::Integration),
            (ElementKind::Payment, secret) => self.confirm_payment(group, secret, return_url).await,
        }
    }

    /// `retrievePaymentIntent(secret)`.
    pub async fn retrieve(&self, secret: &ClientSecret) -> Result<IntentResult, CheckoutError> {
        settle(self.js.retrieve_payment_intent(secret.expose())).await
    }

    /// `handleNextAction({clientSecret})` for a `requires_action` intent.
    pub async fn handle_next_action(&self, secret: &ClientSecret) -> Result<IntentResult, CheckoutError> {
        settle(self.js.handle_next_action(&js_object(&[("clientSecret", secret.expose().into())]))).await
    }
}
