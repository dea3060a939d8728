//! The one `extern` block for Stripe.js.
//!
//! Stripe objects are plain JS objects, so they are bound duck-typed (never
//! `dyn_into`); everything that can throw is `catch`. Nothing outside
//! `crate::stripe` sees these types.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The object `Stripe(pk)` returns.
    pub type StripeJs;

    /// `window.Stripe(key, options)`; looked up at call time, so a missing
    /// global is a caught `ReferenceError`, not a start-up failure.
    #[wasm_bindgen(catch, js_name = Stripe)]
    pub fn stripe_new(key: &str, options: &JsValue) -> Result<StripeJs, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn elements(this: &StripeJs, options: &JsValue) -> Result<ElementsJs, JsValue>;

    #[wasm_bindgen(method, catch, js_name = confirmPayment)]
    pub fn confirm_payment(this: &StripeJs, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = confirmCardPayment)]
    pub fn confirm_card_payment(this: &StripeJs, client_secret: &str, data: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = confirmSetup)]
    pub fn confirm_setup(this: &StripeJs, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = confirmCardSetup)]
    pub fn confirm_card_setup(this: &StripeJs, client_secret: &str, data: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = retrieveSetupIntent)]
    pub fn retrieve_setup_intent(this: &StripeJs, client_secret: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = retrievePaymentIntent)]
    pub fn retrieve_payment_intent(this: &StripeJs, client_secret: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = handleNextAction)]
    pub fn handle_next_action(this: &StripeJs, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = registerAppInfo)]
    pub fn register_app_info(this: &StripeJs, info: &JsValue) -> Result<(), JsValue>;

    /// An Elements group.
    #[derive(Clone)]
    pub type ElementsJs;

    #[wasm_bindgen(method, catch)]
    pub fn create(this: &ElementsJs, kind: &str, options: &JsValue) -> Result<ElementJs, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn submit(this: &ElementsJs) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = update)]
    pub fn update_group(this: &ElementsJs, options: &JsValue) -> Result<(), JsValue>;

    /// `elements.fetchUpdates()`: the group re-reads its PaymentIntent
    /// (after the server changed its amount).
    #[wasm_bindgen(method, catch, js_name = fetchUpdates)]
    pub fn fetch_updates(this: &ElementsJs) -> Result<Promise, JsValue>;

    /// One Element (Payment or Card).
    pub type ElementJs;

    #[wasm_bindgen(method, catch)]
    pub fn mount(this: &ElementJs, target: &web_sys::Element) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn destroy(this: &ElementJs) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn on(this: &ElementJs, event: &str, handler: &Function) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn off(this: &ElementJs, event: &str, handler: &Function) -> Result<(), JsValue>;

    /// The Express Checkout Element's `click` event.
    pub type ExpressClickJs;

    /// `event.resolve()`: shows the wallet's payment interface. Stripe
    /// requires it within 1 s of the click.
    #[wasm_bindgen(method, catch)]
    pub fn resolve(this: &ExpressClickJs) -> Result<(), JsValue>;

    /// The Express Checkout Element's `confirm` event.
    pub type ExpressConfirmJs;

    /// `event.paymentFailed({reason})`: the wallet's interface says the
    /// payment did not go through.
    #[wasm_bindgen(method, catch, js_name = paymentFailed)]
    pub fn payment_failed(this: &ExpressConfirmJs, payload: &JsValue) -> Result<(), JsValue>;
}
