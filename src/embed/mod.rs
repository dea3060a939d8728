//! Ways to put the checkout on a page: the `<booking-checkout>` custom
//! element, the `mountCheckout(element, options)` JS API, and (with the
//! `leptos` feature) the `BookingCheckout` Leptos component.

#[cfg(feature = "leptos")]
mod leptos_component;

#[cfg(feature = "leptos")]
pub use leptos_component::BookingCheckout;

use crate::api::EarlyIntent;
use crate::checkout::{self, CheckoutControl};
use crate::config::RawConfig;
use crate::redirect::take_return_params;
use booking_contract::{Currency, Money};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(module = "/src/embed/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineCheckoutElement)]
    fn define_checkout_element(mount: &js_sys::Function);
}

/// Attribute (custom element) and option (JS API) names, in `RawConfig` order.
const FIELDS: [(&str, &str); 14] = [
    ("publishable-key", "publishableKey"),
    ("create-intent-url", "createIntentUrl"),
    ("booking-id", "bookingId"),
    ("auth-token", "authToken"),
    ("csrf-header", "csrfHeader"),
    ("csrf-token", "csrfToken"),
    ("return-url", "returnUrl"),
    ("element", "element"),
    ("flow", "flow"),
    ("amount", "amount"),
    ("currency", "currency"),
    ("theme", "theme"),
    ("locale", "locale"),
    ("description", "description"),
];

fn raw_from(mut read: impl FnMut(&str, &str) -> Option<String>) -> RawConfig {
    let mut v = FIELDS.map(|(attr, opt)| read(attr, opt));
    let mut take = |i: usize| v[i].take();
    RawConfig {
        publishable_key: take(0),
        create_intent_url: take(1),
        booking_id: take(2),
        auth_token: take(3),
        csrf_header: take(4),
        csrf_token: take(5),
        return_url: take(6),
        element: take(7),
        flow: take(8),
        amount: take(9),
        currency: take(10),
        theme: take(11),
        locale: take(12),
        description: take(13),
    }
}

fn option_string(options: &JsValue, key: &str) -> Option<String> {
    let v = Reflect::get(options, &key.into()).ok()?;
    // Integers only (amounts); converted without Rust's float formatting,
    // which would add ~15 KB of wasm for one call.
    v.as_string().or_else(|| v.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 1e15).map(|n| (n as i64).to_string()))
}

/// The current page without Stripe's return parameters: the default `return_url`.
fn page_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return "/".into() };
    let (_, rest) = take_return_params(&location.search().unwrap_or_default());
    format!("{}{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default(), rest)
}

/// A mounted checkout, returned to JavaScript.
#[wasm_bindgen]
pub struct CheckoutHandle {
    control: CheckoutControl,
}

#[wasm_bindgen]
impl CheckoutHandle {
    /// Unmounts the checkout and destroys the Stripe element. Safe to call twice.
    pub fn destroy(&self) {
        self.control.destroy();
    }

    /// Changes the booking (and, for the deferred flow, the amount); the
    /// Elements group is rebuilt.
    pub fn retarget(&self, booking_id: String, amount: String, currency: String) {
        let money = match (amount.trim().parse::<i64>(), Currency::parse(currency.trim())) {
            (Ok(a), Ok(c)) => Money::new(a, c).ok(),
            _ => None,
        };
        self.control.retarget(booking_id, money);
    }
}

pub(crate) fn mount(target: &Element, raw: &RawConfig, early: Option<EarlyIntent>) -> CheckoutHandle {
    CheckoutHandle { control: checkout::mount(target, raw, &page_url(), early) }
}

/// `mountCheckout(element, options)`: renders the checkout inside `element`
/// (light DOM) and returns a handle with `destroy()`. Options use the
/// camelCase names (`publishableKey`, `bookingId`, …). A bad configuration
/// renders an error state; it never throws.
#[wasm_bindgen(js_name = mountCheckout)]
pub fn mount_checkout(element: Element, options: JsValue) -> CheckoutHandle {
    let raw = raw_from(|_, opt| option_string(&options, opt));
    mount(&element, &raw, None)
}

/// Registers `<booking-checkout>`; runs when the module starts.
pub fn register_custom_element() {
    let mount_from_attributes = Closure::<dyn Fn(Element) -> JsValue>::new(|el: Element| {
        let raw = raw_from(|attr, _| el.get_attribute(attr));
        // What `early.js` started for this element, if the page includes it.
        let early = EarlyIntent::take_from(&el);
        JsValue::from(mount(&el, &raw, early))
    });
    define_checkout_element(mount_from_attributes.as_ref().unchecked_ref());
    // The element class calls it for every instance, for the page's lifetime.
    mount_from_attributes.forget();
}
