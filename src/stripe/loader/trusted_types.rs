//! The Trusted Types policy through which the loader sets a script URL.
//!
//! Pages that enforce `require-trusted-types-for 'script'` refuse a plain
//! string as a script `src`. The policy is created once per page and admits
//! only the URL the loader is about to set, so no other code can use it to
//! load something else.

use super::rules::{LoadError, TRUSTED_TYPES_POLICY};
use js_sys::{Function, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Window;

thread_local! {
    static ALLOWED_URL: RefCell<String> = const { RefCell::new(String::new()) };
    static POLICY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// The script URL as a `TrustedScriptURL` where Trusted Types exist, else a string.
pub(super) fn script_url(window: &Window, url: &str) -> Result<JsValue, LoadError> {
    let tt = Reflect::get(window, &"trustedTypes".into()).unwrap_or(JsValue::UNDEFINED);
    if tt.is_undefined() || tt.is_null() {
        return Ok(url.into());
    }
    ALLOWED_URL.with(|a| *a.borrow_mut() = url.to_owned());
    let policy = policy(&tt)?;
    let make: Function =
        Reflect::get(&policy, &"createScriptURL".into()).map_err(|_| LoadError::Blocked)?.unchecked_into();
    make.call1(&policy, &url.into()).map_err(|_| LoadError::Blocked)
}

/// The page's one policy, created on first use.
fn policy(tt: &JsValue) -> Result<JsValue, LoadError> {
    POLICY.with(|p| {
        if let Some(policy) = p.borrow().as_ref() {
            return Ok(policy.clone());
        }
        let admit = Closure::<dyn Fn(String) -> Result<String, JsValue>>::new(|candidate: String| {
            if ALLOWED_URL.with(|a| *a.borrow() == candidate) {
                Ok(candidate)
            } else {
                Err(js_sys::TypeError::new("booking-checkout: script URL not allowed").into())
            }
        });
        let rules = Object::new();
        Reflect::set(&rules, &"createScriptURL".into(), admit.as_ref()).map_err(|_| LoadError::Blocked)?;
        // The policy lives as long as the page, so its callback does too.
        admit.forget();
        let create: Function =
            Reflect::get(tt, &"createPolicy".into()).map_err(|_| LoadError::Blocked)?.unchecked_into();
        let policy = create.call2(tt, &TRUSTED_TYPES_POLICY.into(), &rules).map_err(|_| LoadError::Blocked)?;
        *p.borrow_mut() = Some(policy.clone());
        Ok(policy)
    })
}

/// Asks the page's Trusted Types policy to admit `url`; `true` if it did.
/// For tests of the policy itself.
#[doc(hidden)]
pub fn policy_admits(url: &str) -> bool {
    let Some(policy) = POLICY.with(|p| p.borrow().clone()) else {
        return false;
    };
    Reflect::get(&policy, &"createScriptURL".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .is_some_and(|f| f.call1(&policy, &url.into()).is_ok())
}
