//! Reads JS values into `#[derive(Deserialize)]` types, without messages.
//!
//! serde-wasm-bindgen's deserializer builds a message for every mismatch,
//! floats included, which links Rust's float printing into the wasm (about
//! 12 KB brotli, measured on the release build). Nobody reads those
//! messages: a value of the wrong shape is refused, full stop. This
//! deserializer covers what the wire types are made of — objects read field
//! by field (only the fields the type names; the rest is never touched),
//! strings, booleans, safe integers, options, newtypes — and fails with a
//! bare [`Invalid`] whose `custom` discards its message, so no formatting
//! code is reachable. Objects going out are built by [`crate::js_object`].

use js_sys::{Number, Reflect};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use std::fmt;
use wasm_bindgen::JsValue;

/// A JS value that does not have the shape of the type asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Invalid;

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unexpected shape")
    }
}

impl std::error::Error for Invalid {}

impl de::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
}

/// Reads `value` as a `T`.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, Invalid> {
    T::deserialize(JsDeserializer(value))
}

/// A number JS can hold exactly, as serde-wasm-bindgen reads an `i64`.
fn safe_integer(value: &JsValue) -> Option<i64> {
    Number::is_safe_integer(value).then(|| value.as_f64()).flatten().map(|n| n as i64)
}

struct JsDeserializer(JsValue);

impl<'de> de::Deserializer<'de> for JsDeserializer {
    type Error = Invalid;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        let v = &self.0;
        if v.is_null() || v.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = v.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(s) = v.as_string() {
            visitor.visit_string(s)
        } else if let Some(n) = safe_integer(v) {
            visitor.visit_i64(n)
        } else {
            Err(Invalid)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        if !self.0.is_object() {
            return Err(Invalid);
        }
        visitor.visit_map(Fields { object: self.0, fields: fields.iter(), value: JsValue::UNDEFINED })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum identifier
    }
}

/// The fields a struct names, read one by one; an absent (`undefined`) one
/// is skipped, so serde's derive applies its default or refuses it.
struct Fields {
    object: JsValue,
    fields: std::slice::Iter<'static, &'static str>,
    value: JsValue,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = Invalid;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Invalid> {
        for &field in self.fields.by_ref() {
            let value = Reflect::get(&self.object, &JsValue::from_str(field)).map_err(|_| Invalid)?;
            if !value.is_undefined() {
                self.value = value;
                return seed.deserialize(field.into_deserializer()).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Invalid> {
        seed.deserialize(JsDeserializer(std::mem::replace(&mut self.value, JsValue::UNDEFINED)))
    }
}
