//! Stripe's redirect-return parameters in the address bar.
//!
//! They are read and removed before anything else runs, whatever the
//! configuration: the client secret must never linger in the address bar,
//! the history or a `Referer`, not even on a misconfigured page. A checkout
//! that cannot finish its return (its configuration was refused, or it was
//! destroyed mid-way, say by a framework moving its element) hands the
//! secret back for the checkout mounted next in the same place
//! ([`keep_return_secret`]): in memory only, for that owner only. The return
//! is then finished there, and shown only if that booking's create-intent
//! answer vouches for it.

use crate::redirect::take_return_params;
use booking_contract::ClientSecret;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    // By owner: the host element of a custom element or `mountCheckout`,
    // or a fixed key for the Leptos component. A handful at most.
    static KEPT: RefCell<Vec<(JsValue, ClientSecret)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a return secret that the checkout of `owner` took but could not
/// finish, for the next checkout of the same owner.
pub fn keep_return_secret(owner: &JsValue, secret: Option<ClientSecret>) {
    if let Some(secret) = secret {
        KEPT.with(|k| {
            let mut kept = k.borrow_mut();
            kept.retain(|(o, _)| o != owner);
            kept.push((owner.clone(), secret));
        });
    }
}

/// Takes the client secret of a redirect return for the checkout of
/// `owner`: the address bar's (scrubbing every Stripe parameter from it),
/// else one kept for `owner` by [`keep_return_secret`]. When the browser
/// refuses the scrub, the integrator is told in the console; the secret is
/// still used once, so the return is finished.
pub fn take_return_secret(owner: &JsValue) -> Option<ClientSecret> {
    let kept = KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        let i = kept.iter().position(|(o, _)| o == owner)?;
        Some(kept.swap_remove(i).1)
    });
    from_address_bar().or(kept)
}

/// The current page without Stripe's return parameters: the default `return_url`.
pub fn page_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return "/".into() };
    let (_, rest) = take_return_params(&location.search().unwrap_or_default());
    location.origin().unwrap_or_default() + &location.pathname().unwrap_or_default() + &rest
}

fn from_address_bar() -> Option<ClientSecret> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let (secret, rest) = take_return_params(&search);
    if rest != search {
        let clean = location.pathname().unwrap_or_default() + &rest + &location.hash().unwrap_or_default();
        let scrubbed = window.history().and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&clean)));
        if scrubbed.is_err() {
            web_sys::console::error_1(
                &"booking-checkout: the payment's return parameters could not be removed from the address bar \
                  (history.replaceState was refused); remove them on the server's redirect instead"
                    .into(),
            );
        }
    }
    secret
}
