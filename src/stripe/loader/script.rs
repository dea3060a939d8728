//! The cached load and the `<script>` tag behind it.
//!
//! What a tag found on the page means. A script element keeps no record of
//! having finished, and events that fired before we listened are gone, so a
//! Stripe.js tag already in the document while `window.Stripe` is absent is
//! either still loading or finished and failed (blocked, offline, or loaded
//! without defining `window.Stripe`). Waiting on a failed one can only time
//! out, on the first attempt and on every retry. Hence:
//!
//! - a tag marked with [`OWN_TAG_ATTRIBUTE`] is removed by its injector when
//!   it fails, so while it is there it is loading: wait for it as for ours;
//! - any other tag gets [`FOREIGN_GRACE_MS`] to report. `error`, or `load`
//!   without `window.Stripe`, is the failure; silence means it finished
//!   before we looked (or is slower than the grace): it is removed and a
//!   fresh tag injected, as the official loader does on a retry. A foreign
//!   tag slower than the grace is thus fetched twice; that is the price of
//!   never waiting on a dead tag.
//!
//! Every tag that fails or times out, ours or found, is removed, so a retry
//! really fetches again. After a time-out the request itself may still be
//! pending, and the browser would join a new request for the same URL to it,
//! so every tag injected after a time-out asks for a URL of its own (the same
//! script, with a `retry` query parameter).

use super::rules::{LoadError, OWN_TAG_ATTRIBUTE, STRIPE_JS_URL};
use super::trusted_types;
use crate::digits::decimal;
use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_events::EventListener;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{Document, HtmlScriptElement, Window};

/// How long a script may take before the load counts as failed.
const LOAD_TIMEOUT_MS: u32 = 20_000;

/// How long a tag we did not inject may stay silent before it is replaced.
const FOREIGN_GRACE_MS: u32 = 3_000;

thread_local! {
    // A promise, not a Rust future: JS promises are shared by nature, so
    // concurrent callers await one load without a shared-future executor.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    // Loads that timed out on this page so far.
    static TIMED_OUT: Cell<u32> = const { Cell::new(0) };
}

/// The URL a new tag asks for: `url` itself, or after a time-out a URL that
/// no pending request can be joined to.
fn fresh_url(url: &str) -> String {
    match TIMED_OUT.with(Cell::get) {
        0 => url.to_owned(),
        n => {
            let separator = if url.contains('?') { "&" } else { "?" };
            url.to_owned() + separator + "retry=" + &decimal(n.into())
        }
    }
}

/// The order in which errors travel through the cached promise as numbers.
const CODES: [LoadError; 4] =
    [LoadError::ScriptFailed, LoadError::StripeMissing, LoadError::TimedOut, LoadError::Blocked];

fn to_code(error: LoadError) -> JsValue {
    (CODES.iter().position(|e| *e == error).unwrap_or(0) as u32).into()
}

fn from_code(code: &JsValue) -> LoadError {
    let i = code.as_f64().unwrap_or(0.0) as usize;
    CODES.get(i).copied().unwrap_or(LoadError::ScriptFailed)
}

/// Whether the browser says it is online (`navigator.onLine`). `false`
/// is reliable (no network at all); `true` only means not known to be offline.
pub fn online() -> bool {
    let navigator = web_sys::window().and_then(|w| Reflect::get(&w, &"navigator".into()).ok());
    navigator.and_then(|n| Reflect::get(&n, &"onLine".into()).ok()).and_then(|v| v.as_bool()).unwrap_or(true)
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
        let start =
            || future_to_promise(async move { load_once(url).await.map(|()| JsValue::UNDEFINED).map_err(to_code) });
        c.borrow_mut().get_or_insert_with(start).clone()
    });
    let result = JsFuture::from(load).await.map(drop).map_err(|code| from_code(&code));
    if result.is_err() {
        // The next call starts over (and finds no failed tag: it was removed).
        reset();
    }
    result
}

/// Forgets the cached load, as if the page had just started. For tests that
/// exercise the loader more than once in one page.
#[doc(hidden)]
pub fn reset() {
    LOADING.with(|c| c.borrow_mut().take());
}

async fn load_once(url: String) -> Result<(), LoadError> {
    let window = web_sys::window().ok_or(LoadError::ScriptFailed)?;
    if stripe_global_present(&window) {
        return Ok(());
    }
    let doc = window.document().ok_or(LoadError::ScriptFailed)?;
    let script = match find_existing(&doc, &url) {
        Some(found) if found.has_attribute(OWN_TAG_ATTRIBUTE) => found,
        Some(found) => match wait_for(&found, FOREIGN_GRACE_MS).await {
            Heard::Nothing => {
                found.remove();
                insert(&window, &doc, &fresh_url(&url))?
            }
            heard => return conclude(&window, &found, heard),
        },
        None => insert(&window, &doc, &fresh_url(&url))?,
    };
    let heard = wait_for(&script, LOAD_TIMEOUT_MS).await;
    conclude(&window, &script, heard)
}

fn stripe_global_present(window: &Window) -> bool {
    Reflect::get(window, &"Stripe".into()).is_ok_and(|v| v.is_function())
}

fn find_existing(doc: &Document, url: &str) -> Option<HtmlScriptElement> {
    let scripts = doc.query_selector_all("script[src]").ok()?;
    (0..scripts.length()).filter_map(|i| scripts.item(i)?.dyn_into::<HtmlScriptElement>().ok()).find(|s| {
        let src = s.src();
        src == url || super::rules::is_stripe_js_url(&src)
    })
}

/// Appends a fresh, marked `<script async>` for `url` to the head.
fn insert(window: &Window, doc: &Document, url: &str) -> Result<HtmlScriptElement, LoadError> {
    let script: HtmlScriptElement = doc.create_element("script").map_err(|_| LoadError::ScriptFailed)?.unchecked_into();
    let src = trusted_types::script_url(window, url)?;
    Reflect::set(&script, &"src".into(), &src).map_err(|_| LoadError::Blocked)?;
    script.set_async(true);
    script.set_attribute(OWN_TAG_ATTRIBUTE, "").map_err(|_| LoadError::ScriptFailed)?;
    let parent = doc.head().map(Into::<web_sys::Element>::into).or_else(|| doc.document_element());
    parent.ok_or(LoadError::ScriptFailed)?.append_child(&script).map_err(|_| LoadError::ScriptFailed)?;
    Ok(script)
}

/// What a script tag said while we listened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heard {
    Load,
    Error,
    Nothing,
}

/// Listens to `script` for at most `ms`; the listeners and the timer are
/// removed when this returns, whatever it returns.
async fn wait_for(script: &HtmlScriptElement, ms: u32) -> Heard {
    let (tx, rx) = oneshot::channel();
    let tx = Rc::new(Cell::new(Some(tx)));
    let on = |event: &'static str, heard: Heard| {
        let tx = tx.clone();
        EventListener::once(script, event, move |_| {
            if let Some(tx) = tx.take() {
                let _ = tx.send(heard);
            }
        })
    };
    let _listening = (on("load", Heard::Load), on("error", Heard::Error));
    match select(rx, TimeoutFuture::new(ms)).await {
        Either::Left((Ok(heard), _)) => heard,
        _ => Heard::Nothing,
    }
}

/// The load's result; a tag that failed is removed, or a retry would find
/// it and wait on it in vain.
fn conclude(window: &Window, script: &HtmlScriptElement, heard: Heard) -> Result<(), LoadError> {
    let error = match heard {
        Heard::Load if stripe_global_present(window) => return Ok(()),
        Heard::Load => LoadError::StripeMissing,
        Heard::Error => LoadError::ScriptFailed,
        Heard::Nothing => {
            TIMED_OUT.with(|n| n.set(n.get() + 1));
            LoadError::TimedOut
        }
    };
    script.remove();
    Err(error)
}
