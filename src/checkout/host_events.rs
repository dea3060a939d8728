//! DOM `CustomEvent`s the component dispatches to the host page.
//!
//! `checkout:ready`, `checkout:succeeded` `{paymentIntentId, status}` and
//! `checkout:failed` `{code}`; they bubble and cross shadow boundaries. No
//! detail ever holds a secret or a message.

use crate::stripe::js_object;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

fn dispatch(target: &EventTarget, name: &str, detail: JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// The element is ready for payment details.
pub fn ready(target: &EventTarget) {
    dispatch(target, "checkout:ready", JsValue::NULL);
}

/// The payment succeeded (or is processing / authorised).
pub fn succeeded(target: &EventTarget, intent_id: &str, status: &str) {
    dispatch(
        target,
        "checkout:succeeded",
        js_object(&[("paymentIntentId", intent_id.into()), ("status", status.into())]),
    );
}

/// The checkout failed with our stable error `code`.
pub fn failed(target: &EventTarget, code: &str) {
    dispatch(target, "checkout:failed", js_object(&[("code", code.into())]));
}
