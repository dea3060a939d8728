//! Reads JS values field by field, without messages.
//!
//! Nobody reads why a value had the wrong shape: it is refused with a bare
//! [`Invalid`], full stop. The rules are those serde's derive applied to the
//! wire types before (through a message-free deserializer), without its
//! generic visitor code (1.3 KB brotli of wasm, measured):
//! - an object is what `typeof` calls one (not `null`);
//! - an absent (`undefined`) field is absent; an optional field may also be
//!   `null`, a required one may not;
//! - a string is a JS string, an integer a safe integer (as
//!   serde-wasm-bindgen reads an `i64`); nothing is converted.

use js_sys::{Array, Number, Reflect};
use wasm_bindgen::JsValue;

/// A JS value that does not have the shape asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Invalid;

/// A JS object whose fields are read one by one (the rest are never touched).
pub(crate) struct Fields(JsValue);

impl Fields {
    /// `value`, if it is an object.
    pub fn of(value: JsValue) -> Result<Self, Invalid> {
        if value.is_object() {
            Ok(Self(value))
        } else {
            Err(Invalid)
        }
    }

    /// The field, `None` when it is `undefined`; a throwing getter is invalid.
    fn get(&self, key: &str) -> Result<Option<JsValue>, Invalid> {
        let value = Reflect::get(&self.0, &JsValue::from_str(key)).map_err(|_| Invalid)?;
        Ok((!value.is_undefined()).then_some(value))
    }

    /// The field of an optional value: `undefined` and `null` are `None`.
    fn optional(&self, key: &str) -> Result<Option<JsValue>, Invalid> {
        Ok(self.get(key)?.filter(|v| !v.is_null()))
    }

    /// A string field; `None` when absent, invalid when `null` or not a string.
    pub fn string(&self, key: &str) -> Result<Option<String>, Invalid> {
        self.get(key)?.map(|v| v.as_string().ok_or(Invalid)).transpose()
    }

    /// An optional string field (`null` too is `None`).
    pub fn optional_string(&self, key: &str) -> Result<Option<String>, Invalid> {
        self.optional(key)?.map(|v| v.as_string().ok_or(Invalid)).transpose()
    }

    /// A safe-integer field; `None` when absent, invalid when `null` or not one.
    pub fn integer(&self, key: &str) -> Result<Option<i64>, Invalid> {
        self.get(key)?.map(|v| safe_integer(&v).ok_or(Invalid)).transpose()
    }

    /// An optional safe-integer field (`null` too is `None`).
    pub fn optional_integer(&self, key: &str) -> Result<Option<i64>, Invalid> {
        self.optional(key)?.map(|v| safe_integer(&v).ok_or(Invalid)).transpose()
    }

    /// An optional object field (`null` too is `None`).
    pub fn optional_object(&self, key: &str) -> Result<Option<Fields>, Invalid> {
        self.optional(key)?.map(Fields::of).transpose()
    }

    /// A required array field of objects, at most `most` of them.
    pub fn objects(&self, key: &str, most: u32) -> Result<Vec<Fields>, Invalid> {
        let value = self.get(key)?.ok_or(Invalid)?;
        if !Array::is_array(&value) {
            return Err(Invalid);
        }
        let array = Array::from(&value);
        if array.length() > most {
            return Err(Invalid);
        }
        array.iter().map(Fields::of).collect()
    }
}

/// A number JS can hold exactly, as serde-wasm-bindgen reads an `i64`.
fn safe_integer(value: &JsValue) -> Option<i64> {
    Number::is_safe_integer(value).then(|| value.as_f64()).flatten().map(|n| n as i64)
}
