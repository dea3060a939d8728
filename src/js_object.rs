//! Plain JS objects built key by key: the options handed to Stripe.js, the
//! host events' details and the create-intent body.
//!
//! A dozen small shapes of strings, booleans and bounded integers: built
//! with `Reflect::set` rather than serde-wasm-bindgen's serializer, whose
//! generic code and string cache cost more wasm than the objects are worth
//! (2.7 KB brotli of wasm and JS, measured on the release build).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// A plain object under construction.
#[must_use]
pub(crate) struct JsObject(Object);

impl JsObject {
    /// An empty `{}`.
    pub fn new() -> Self {
        Self(Object::new())
    }

    /// Sets `key` to `value`.
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        self.put(key, &value.into())
    }

    /// Sets `key` only when there is a value: Stripe.js treats a key that is
    /// present but `undefined` differently from a missing one.
    pub fn set_some(self, key: &str, value: Option<impl Into<JsValue>>) -> Self {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }

    fn put(self, key: &str, value: &JsValue) -> Self {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }
}

impl From<JsObject> for JsValue {
    fn from(object: JsObject) -> Self {
        object.0.into()
    }
}

/// An amount in minor units as a JS number: exact, since `Money` holds at
/// most eight digits (a Rust `i64` would cross as a `BigInt`).
pub(crate) fn amount(minor: i64) -> JsValue {
    JsValue::from_f64(minor as f64)
}
