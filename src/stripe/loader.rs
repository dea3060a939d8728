//! Loads Stripe.js from js.stripe.com the way the official loader does.
//!
//! One pinned URL; an existing `<script>` tag or `window.Stripe` is reused;
//! concurrent callers share one cached load; after a failure the cache is
//! cleared and the tag removed, so a retry injects a fresh one. Where Trusted
//! Types exist the URL goes through a named policy that admits only the URL
//! being loaded. Stripe.js is never bundled or self-hosted (PCI DSS).

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{Document, HtmlScriptElement, Window};

/// The Stripe.js URL the component loads: the evergreen v3 script.
pub const STRIPE_JS_URL: &str = "https://js.stripe.com/v3/";

/// Name of the Trusted Types policy the loader creates.
pub const TRUSTED_TYPES_POLICY: &str = "booking-checkout#stripe-js";

/// How long a script may take before the load counts as failed.
const LOAD_TIMEOUT_MS: i32 = 20_000;

/// Why Stripe.js is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadError {
    /// The script's `error` event fired (blocked, offline, CSP).
    ScriptFailed,
    /// The script loaded but defined no `window.Stripe`.
    StripeMissing,
    /// The script neither loaded nor failed in time.
    TimedOut,
    /// The page's Trusted Types configuration refused the script URL.
    Blocked,
}

impl LoadError {
    const ALL: [Self; 4] = [Self::ScriptFailed, Self::StripeMissing, Self::TimedOut, Self::Blocked];

    /// The number the cached promise rejects with (its index in `ALL`).
    fn to_js(self) -> JsValue {
        (Self::ALL.iter().position(|e| *e == self).unwrap_or(0) as u32).into()
    }

    /// Back from [`Self::to_js`].
    fn from_js(code: &JsValue) -> Self {
        let i = code.as_f64().unwrap_or(0.0) as usize;
        Self::ALL.get(i).copied().unwrap_or(Self::ScriptFailed)
    }
}

/// Whether `src` is a Stripe.js URL: `https://js.stripe.com/v3[/]` or a named
/// release `https://js.stripe.com/<release>/stripe.js`, optionally with a query.
pub fn is_stripe_js_url(src: &str) -> bool {
    let Some(path) = src.strip_prefix("https://js.stripe.com/") else {
        return false;
    };
    let path = path.split('?').next().unwrap_or("");
    if path == "v3" || path == "v3/" {
        return true;
    }
    match path.split_once('/') {
        Some((release, "stripe.js")) => !release.is_empty() && release.bytes().all(|b| b.is_ascii_lowercase()),
        _ => false,
    }
}

thread_local! {
    // A promise, not a Rust future: JS promises are shared by nature, so
    // concurrent callers await one load without a shared-future executor.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    static ALLOWED_URL: RefCell<String> = const { RefCell::new(String::new()) };
    static POLICY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Loads Stripe.js from [`STRIPE_JS_URL`] once per page.
pub async fn load_stripe() -> Result<(), LoadError> {
    load_from(STRIPE_JS_URL).await
}

/// Loads a Stripe.js script from `url`. The component only ever passes
/// [`STRIPE_JS_URL`]; browser tests pass a local copy of the test double.
#[doc(hidden)]
pub async fn load_from(url: &str) -> Result<(), LoadError> {
    let url = url.to_owned();
    let load = LOADING.with(|c| {
        let start = || future_to_promise(async move { inject(url).await.map(|()| JsValue::UNDEFINED).map_err(LoadError::to_js) });
        c.borrow_mut().get_or_insert_with(start).clone()
    });
    let result = JsFuture::from(load).await.map(drop).map_err(|code| LoadError::from_js(&code));
    if result.is_err() {
        LOADING.with(|c| c.borrow_mut().take());
    }
    result
}

fn stripe_global_present(window: &Window) -> bool {
    Reflect::get(window, &"Stripe".into()).is_ok_and(|v| v.is_function())
}

fn find_existing(doc: &Document, url: &str) -> Option<HtmlScriptElement> {
    let scripts = doc.query_selector_all("script[src]").ok()?;
    (0..scripts.length()).filter_map(|i| scripts.item(i)?.dyn_into::<HtmlScriptElement>().ok()).find(|s| {
        let src = s.src();
        src == url || is_stripe_js_url(&src)
    })
}

async fn inject(url: String) -> Result<(), LoadError> {
    let window = web_sys::window().ok_or(LoadError::ScriptFailed)?;
    if stripe_global_present(&window) {
        return Ok(());
    }
    let doc = window.document().ok_or(LoadError::ScriptFailed)?;
    let (script, injected) = match find_existing(&doc, &url) {
        Some(existing) => (existing, false),
        None => {
            let script: HtmlScriptElement =
                doc.create_element("script").map_err(|_| LoadError::ScriptFailed)?.unchecked_into();
            let src = trusted_script_url(&window, &url)?;
            Reflect::set(&script, &"src".into(), &src).map_err(|_| LoadError::Blocked)?;
            script.set_async(true);
            let parent = doc.head().map(Into::<web_sys::Element>::into).or_else(|| doc.document_element());
            parent.ok_or(LoadError::ScriptFailed)?.append_child(&script).map_err(|_| LoadError::ScriptFailed)?;
            (script, true)
        }
    };
    let outcome = wait_for(&window, &script).await;
    let result = match outcome.as_str() {
        "load" if stripe_global_present(&window) => Ok(()),
        "load" => Err(LoadError::StripeMissing),
        "error" => Err(LoadError::ScriptFailed),
        _ => Err(LoadError::TimedOut),
    };
    // A failed tag must go, or a retry would find it and wait on it forever.
    if result.is_err() && (injected || outcome == "error" || outcome == "load") {
        script.remove();
    }
    result
}

/// Resolves with "load", "error" or "timeout", whichever comes first.
async fn wait_for(window: &Window, script: &HtmlScriptElement) -> String {
    if stripe_global_present(window) {
        return "load".into();
    }
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        for (event, value) in [("load", "load"), ("error", "error")] {
            let resolve = resolve.clone();
            let cb = Closure::once_into_js(move || {
                let _ = resolve.call1(&JsValue::NULL, &value.into());
            });
            let _ = script.add_event_listener_with_callback(event, cb.unchecked_ref());
        }
        let cb = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &"timeout".into());
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), LOAD_TIMEOUT_MS);
    });
    JsFuture::from(promise).await.ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// The script URL as a `TrustedScriptURL` where Trusted Types exist, else a string.
fn trusted_script_url(window: &Window, url: &str) -> Result<JsValue, LoadError> {
    let tt = Reflect::get(window, &"trustedTypes".into()).unwrap_or(JsValue::UNDEFINED);
    if tt.is_undefined() || tt.is_null() {
        return Ok(url.into());
    }
    ALLOWED_URL.with(|a| *a.borrow_mut() = url.to_owned());
    let policy = POLICY.with(|p| -> Result<JsValue, LoadError> {
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
            Reflect::get(&tt, &"createPolicy".into()).map_err(|_| LoadError::Blocked)?.unchecked_into();
        let policy = create.call2(&tt, &TRUSTED_TYPES_POLICY.into(), &rules).map_err(|_| LoadError::Blocked)?;
        *p.borrow_mut() = Some(policy.clone());
        Ok(policy)
    })?;
    let make: Function = Reflect::get(&policy, &"createScriptURL".into()).map_err(|_| LoadError::Blocked)?.unchecked_into();
    make.call1(&policy, &url.into()).map_err(|_| LoadError::Blocked)
}

/// Forgets the cached load, as if the page had just started. For tests that
/// exercise the loader more than once in one page.
#[doc(hidden)]
pub fn reset() {
    LOADING.with(|c| c.borrow_mut().take());
}

/// Asks the page's Trusted Types policy to admit `url`; `Ok` if it did.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evergreen_and_named_release_urls_are_recognised() {
        for url in [
            "https://js.stripe.com/v3",
            "https://js.stripe.com/v3/",
            "https://js.stripe.com/v3/?advancedFraudSignals=false",
            "https://js.stripe.com/clover/stripe.js",
            "https://js.stripe.com/dahlia/stripe.js?x=1",
        ] {
            assert!(is_stripe_js_url(url), "{url}");
        }
    }

    #[test]
    fn look_alike_urls_are_not_stripe_js() {
        for url in [
            "http://js.stripe.com/v3/",
            "https://js.stripe.com.evil.example/v3/",
            "https://evil.example/https://js.stripe.com/v3/",
            "https://js.stripe.com/v2/",
            "https://js.stripe.com/../stripe.js",
            "https://js.stripe.com/Clover/stripe.js",
            "https://js.stripe.com//stripe.js",
        ] {
            assert!(!is_stripe_js_url(url), "{url}");
        }
    }

    #[test]
    fn the_pinned_url_is_the_evergreen_one() {
        assert!(is_stripe_js_url(STRIPE_JS_URL));
    }
}
