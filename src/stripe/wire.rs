//! The shapes exchanged with Stripe.js, as typed Rust values.
//!
//! Options go out as plain JS objects, built key by key ([`JsObject`]):
//! absent options are left out, because Stripe.js treats a key that is
//! present but `undefined` differently from a missing one. Results come
//! back through one reader, [`Outcome`] (read field by field with
//! [`Fields`]): Stripe's `{error}` is checked first, and
//! anything that does not have the expected shape is an integration error,
//! never a success.

use super::bindings::ElementsJs;
use super::from_js::{Fields, Invalid};
use crate::config::ElementKind;
use crate::errors::{
    CheckoutError, LoadFailure, StripeError, StripeErrorKind, SETUP_UNEXPECTED_STATE, UNEXPECTED_STATE,
};
use crate::js_object::{amount, JsObject};
use crate::status::{Intent, IntentStatus};
use booking_contract::{Currency, Money};
use wasm_bindgen::JsValue;

/// `Stripe(key, {locale})`.
pub(super) struct ClientOptions {
    pub locale: &'static str,
}

impl ClientOptions {
    pub fn to_js(&self) -> JsValue {
        JsObject::new().set("locale", self.locale).into()
    }
}

/// `stripe.registerAppInfo({name, version})`.
pub(super) struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
}

impl AppInfo {
    pub fn to_js(&self) -> JsValue {
        JsObject::new().set("name", self.name).set("version", self.version).into()
    }
}

/// `appearance` of an Elements group.
pub(super) struct Appearance<'a> {
    pub theme: &'a str,
}

/// `stripe.elements(…)` and `elements.update(…)`: intent mode fills
/// `clientSecret`, deferred mode `mode` + `amount` + `currency`; an update
/// carries only what changes.
#[derive(Default)]
pub(super) struct GroupOptions<'a> {
    pub client_secret: Option<&'a str>,
    pub mode: Option<&'static str>,
    pub amount: Option<i64>,
    pub currency: Option<&'a str>,
    /// Deferred: `manual` for a hold, as the server creates its intent.
    pub capture_method: Option<&'static str>,
    /// Deferred: `off_session` when the card is saved for a later charge.
    pub setup_future_usage: Option<&'static str>,
    pub appearance: Option<Appearance<'a>>,
    pub locale: Option<&'static str>,
}

impl GroupOptions<'_> {
    pub fn to_js(&self) -> JsValue {
        let appearance = self.appearance.as_ref().map(|a| JsObject::new().set("theme", a.theme));
        JsObject::new()
            .set_some("clientSecret", self.client_secret)
            .set_some("mode", self.mode)
            .set_some("amount", self.amount.map(amount))
            .set_some("currency", self.currency)
            .set_some("captureMethod", self.capture_method)
            .set_some("setupFutureUsage", self.setup_future_usage)
            .set_some("appearance", appearance)
            .set_some("locale", self.locale)
            .into()
    }
}

/// `elements.create(kind, …)`.
#[derive(Default)]
pub(super) struct ElementOptions {
    pub layout: Option<&'static str>,
    pub hide_postal_code: Option<bool>,
}

impl ElementOptions {
    /// What `kind` is created with: the Payment Element in tabs, the Card
    /// Element without its postal code (Stripe asks for it in the
    /// Payment Element only where the card needs it).
    pub fn for_kind(kind: ElementKind) -> Self {
        match kind {
            ElementKind::Payment => Self { layout: Some("tabs"), ..Self::default() },
            ElementKind::Card => Self { hide_postal_code: Some(true), ..Self::default() },
        }
    }

    pub fn to_js(&self) -> JsValue {
        JsObject::new().set_some("layout", self.layout).set_some("hidePostalCode", self.hide_postal_code).into()
    }
}

/// The Express Checkout Element's events, read field by field where they
/// are plain data (`ready`'s `availablePaymentMethods`, `click`'s and
/// `confirm`'s `expressPaymentType`). Read with `Reflect` rather than a
/// serde type: a handful of fields does not earn its deserializer's bytes.
pub(super) mod express {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    /// `ready`: whether at least one wallet button can show. Stripe sends
    /// `availablePaymentMethods` as `{applePay: bool, googlePay: bool, …}`,
    /// or `undefined` when none can.
    pub fn any_wallet(event: &JsValue) -> bool {
        Reflect::get(event, &"availablePaymentMethods".into())
            .ok()
            .and_then(|m| m.dyn_into::<Object>().ok())
            .is_some_and(|m| Object::values(&m).iter().any(|v| v.as_bool() == Some(true)))
    }

    /// The wallet the customer chose (`apple_pay`, `google_pay`, `link`, …),
    /// passed on to the host only if it looks like one of Stripe's names.
    pub fn payment_type(event: &JsValue) -> String {
        let kind = Reflect::get(event, &"expressPaymentType".into()).ok().and_then(|v| v.as_string());
        match kind {
            Some(t) if !t.is_empty() && t.len() <= 32 && t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => t,
            _ => "unknown".to_owned(),
        }
    }

    /// `{reason: 'fail'}` for `paymentFailed`.
    pub fn failed() -> JsValue {
        let payload = Object::new();
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&payload, &"reason".into(), &"fail".into());
        payload.into()
    }
}

/// `stripe.confirmPayment({elements, clientSecret?, confirmParams, redirect})`,
/// and `stripe.confirmSetup` with the same members.
pub(super) struct ConfirmPayment<'a> {
    pub elements: ElementsJs,
    pub client_secret: Option<&'a str>,
    pub confirm_params: ConfirmParams<'a>,
    pub redirect: &'static str,
}

impl ConfirmPayment<'_> {
    pub fn to_js(&self) -> JsValue {
        JsObject::new()
            .set("elements", self.elements.clone())
            .set_some("clientSecret", self.client_secret)
            // Stripe spells `confirmParams`' members in snake case.
            .set("confirmParams", JsObject::new().set("return_url", self.confirm_params.return_url))
            .set("redirect", self.redirect)
            .into()
    }
}

/// `confirmParams` of [`ConfirmPayment`].
pub(super) struct ConfirmParams<'a> {
    pub return_url: &'a str,
}

/// `stripe.confirmCardPayment(secret, {payment_method: {card}})`, and
/// `stripe.confirmCardSetup` with the same data.
pub(super) struct CardPayment {
    pub payment_method: CardMethod,
}

impl CardPayment {
    pub fn to_js(&self) -> JsValue {
        JsObject::new().set("payment_method", JsObject::new().set("card", self.payment_method.card.clone())).into()
    }
}

/// `payment_method` of [`CardPayment`]: the mounted Card Element itself.
pub(super) struct CardMethod {
    pub card: JsValue,
}

/// `stripe.handleNextAction({clientSecret})`.
pub(super) struct NextAction<'a> {
    pub client_secret: &'a str,
}

impl NextAction<'_> {
    pub fn to_js(&self) -> JsValue {
        JsObject::new().set("clientSecret", self.client_secret).into()
    }
}

/// Stripe's error object; only what the customer may be shown is read,
/// and the code that says a confirmation was refused for the intent's state.
struct WireError {
    kind: String,
    code: Option<String>,
    message: Option<String>,
    /// The intent of a refusal for the intent's state, if it had one.
    refused: Option<Intent>,
}

impl WireError {
    /// `{type?, code?, message?}`. The intent inside is read only for a
    /// refusal for the intent's state (`payment_intent`: Stripe's API
    /// spelling, which Stripe.js passes through in errors), and apart: one
    /// of another shape leaves the error as it is.
    fn read(error: &Fields) -> Result<Self, Invalid> {
        let kind = error.string("type")?.unwrap_or_default();
        let code = error.optional_string("code")?;
        let message = error.optional_string("message")?;
        let refused = match code.as_deref() {
            Some(UNEXPECTED_STATE) => error.optional_object("payment_intent").and_then(read_intent_in).ok().flatten(),
            Some(SETUP_UNEXPECTED_STATE) => {
                error.optional_object("setup_intent").and_then(read_intent_in).ok().flatten()
            }
            _ => None,
        };
        Ok(Self { kind, code, message, refused })
    }
}

/// A PaymentIntent as Stripe.js reports it: `{id, status, amount?,
/// currency?}`; an amount is kept only as chargeable money.
fn read_intent(intent: &Fields) -> Result<Intent, Invalid> {
    let id = intent.string("id")?.ok_or(Invalid)?;
    let status = intent.string("status")?.ok_or(Invalid)?;
    let amount = intent.optional_integer("amount")?;
    let currency = intent.optional_string("currency")?;
    let amount = match (amount, currency.as_deref().map(Currency::parse)) {
        (Some(a), Some(Ok(c))) => Money::new(a, c).ok(),
        _ => None,
    };
    Ok(Intent { id, status: IntentStatus::parse(&status), amount })
}

/// [`read_intent`] for an optional field.
fn read_intent_in(intent: Option<Fields>) -> Result<Option<Intent>, Invalid> {
    intent.as_ref().map(read_intent).transpose()
}

/// What Stripe.js resolves with (`submit`, `confirm*`, `retrieve…`,
/// `handleNextAction`) and what a Card Element's `change` event carries: an
/// optional `{error}` and, for intent calls, an optional `paymentIntent`
/// or `setupIntent` (the calls for a SetupIntent resolve with that).
pub(super) struct Outcome {
    error: Option<WireError>,
    intent: Option<Intent>,
}

impl Outcome {
    /// Reads a resolved value; another shape is an integration error.
    pub fn read(value: JsValue) -> Result<Self, CheckoutError> {
        Self::read_fields(value).map_err(|_| CheckoutError::Integration)
    }

    fn read_fields(value: JsValue) -> Result<Self, Invalid> {
        let outcome = Fields::of(value)?;
        let error = outcome.optional_object("error")?.as_ref().map(WireError::read).transpose()?;
        let payment = read_intent_in(outcome.optional_object("paymentIntent")?)?;
        let setup = read_intent_in(outcome.optional_object("setupIntent")?)?;
        let intent = match (payment, setup) {
            (Some(_), Some(_)) => return Err(Invalid),
            (payment, setup) => payment.or(setup),
        };
        Ok(Self { error, intent })
    }

    /// The error if Stripe reported one, checked before anything else.
    pub fn error(&mut self) -> Option<CheckoutError> {
        let e = self.error.take()?;
        Some(CheckoutError::Stripe(StripeError::with_code(&e.kind, e.code.as_deref(), e.message, e.refused)))
    }

    /// The PaymentIntent or SetupIntent, unless Stripe reported an error
    /// or sent none: a value that merely resolved is never read as a
    /// success, nor one that holds both kinds.
    pub fn intent(mut self) -> Result<Intent, CheckoutError> {
        if let Some(error) = self.error() {
            return Err(error);
        }
        self.intent.ok_or(CheckoutError::Integration)
    }

    /// `Ok` unless Stripe reported an error (`elements.submit()`).
    pub fn checked(mut self) -> Result<(), CheckoutError> {
        self.error().map_or(Ok(()), Err)
    }
}

/// A `loaderror` event: `{elementType, error: {type, code?, message?}}`.
/// Read field by field (as the wallet events are: serde types here cost
/// wasm bytes for three strings); `code` and `message` serve only to
/// recognise a refused key and are neither kept nor shown.
pub(super) struct LoadErrorEvent;

impl LoadErrorEvent {
    /// What the event says went wrong; an event of another shape is a
    /// failure of unknown type (still a failure: the element did not load).
    pub fn read(value: JsValue) -> LoadFailure {
        let Some(error) = js_sys::Reflect::get(&value, &"error".into()).ok().filter(JsValue::is_object) else {
            return LoadFailure::Element(StripeErrorKind::Unknown);
        };
        let text = |key: &str| js_sys::Reflect::get(&error, &key.into()).ok().and_then(|v| v.as_string());
        LoadFailure::from_element_error(
            &text("type").unwrap_or_default(),
            text("code").as_deref(),
            text("message").as_deref(),
        )
    }
}
