//! Owned handles for an Elements group and one Element.
//!
//! Handles remove their listeners and `destroy()` the element on drop; both
//! are safe to repeat, because Stripe.js throws on a second destroy.

use super::bindings::{ElementJs, ElementsJs};
use super::js_object;
use crate::config::ElementKind;
use crate::errors::{CheckoutError, StripeError};
use js_sys::Reflect;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// An Elements group (`stripe.elements(…)`).
pub struct ElementsGroup {
    js: ElementsJs,
}

impl ElementsGroup {
    pub(super) fn new(js: ElementsJs) -> Self {
        Self { js }
    }

    pub(super) fn js_value(&self) -> JsValue {
        AsRef::<JsValue>::as_ref(&self.js).clone()
    }

    /// Creates the element; a second create of the same kind is an error.
    pub fn create(&self, kind: ElementKind) -> Result<ElementHandle, CheckoutError> {
        let options = match kind {
            ElementKind::Payment => js_object(&[("layout", "tabs".into())]),
            ElementKind::Card => js_object(&[("hidePostalCode", true.into())]),
        };
        let js = self.js.create(kind.as_str(), &options).map_err(|_| CheckoutError::Integration)?;
        Ok(ElementHandle { js, listeners: Vec::new(), destroyed: Cell::new(false) })
    }

    /// `elements.submit()`: validates the form before a deferred intent is created.
    pub async fn submit(&self) -> Result<(), CheckoutError> {
        let promise = self.js.submit().map_err(|_| CheckoutError::Integration)?;
        let value = JsFuture::from(promise).await.map_err(|_| CheckoutError::Integration)?;
        let error = Reflect::get(&value, &"error".into()).unwrap_or(JsValue::UNDEFINED);
        if error.is_object() {
            let get = |k: &str| Reflect::get(&error, &k.into()).ok().and_then(|v| v.as_string());
            return Err(CheckoutError::Stripe(StripeError::new(&get("type").unwrap_or_default(), get("message"))));
        }
        Ok(())
    }
}

/// An event name and the callback registered for it.
type Listener = (&'static str, Closure<dyn FnMut(JsValue)>);

/// A mounted (or mountable) Element. Destroyed on drop.
#[must_use = "dropping the handle destroys the element"]
pub struct ElementHandle {
    js: ElementJs,
    listeners: Vec<Listener>,
    destroyed: Cell<bool>,
}

impl ElementHandle {
    pub(super) fn js_value(&self) -> JsValue {
        AsRef::<JsValue>::as_ref(&self.js).clone()
    }

    fn listen(&mut self, event: &'static str, f: impl FnMut(JsValue) + 'static) -> Result<(), CheckoutError> {
        let cb = Closure::<dyn FnMut(JsValue)>::new(f);
        self.js.on(event, cb.as_ref().unchecked_ref()).map_err(|_| CheckoutError::Integration)?;
        self.listeners.push((event, cb));
        Ok(())
    }

    /// Calls `f` when the element fires `ready`.
    pub fn on_ready(&mut self, mut f: impl FnMut() + 'static) -> Result<(), CheckoutError> {
        self.listen("ready", move |_| f())
    }

    /// Calls `f` when the element fires `loaderror`.
    pub fn on_load_error(&mut self, mut f: impl FnMut() + 'static) -> Result<(), CheckoutError> {
        self.listen("loaderror", move |_| f())
    }

    /// Calls `f` with the Card Element's validation error (or `None` once
    /// fixed) on every `change`. The Payment Element shows its own inside its frame.
    pub fn on_validation(&mut self, mut f: impl FnMut(Option<CheckoutError>) + 'static) -> Result<(), CheckoutError> {
        self.listen("change", move |event| {
            let error = Reflect::get(&event, &"error".into()).unwrap_or(JsValue::UNDEFINED);
            let get = |k: &str| Reflect::get(&error, &k.into()).ok().and_then(|v| v.as_string());
            f(error
                .is_object()
                .then(|| CheckoutError::Stripe(StripeError::new(&get("type").unwrap_or_default(), get("message")))));
        })
    }

    /// Mounts into `target` (light DOM: Elements refuse shadow roots).
    pub fn mount(&self, target: &web_sys::Element) -> Result<(), CheckoutError> {
        self.js.mount(target).map_err(|_| CheckoutError::Integration)
    }

    /// Whether `destroy` has run.
    pub fn is_destroyed(&self) -> bool {
        self.destroyed.get()
    }

    /// Removes listeners and destroys the element. Safe to call again.
    pub fn destroy(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        for (event, cb) in &self.listeners {
            let _ = self.js.off(event, cb.as_ref().unchecked_ref());
        }
        // Throws if Stripe.js already destroyed it (e.g. a page teardown); nothing to do then.
        let _ = self.js.destroy();
    }
}

impl Drop for ElementHandle {
    fn drop(&mut self) {
        self.destroy();
    }
}
