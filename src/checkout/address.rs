//! Stripe's redirect-return parameters in the address bar.
//!
//! They are read and removed before anything else runs, whatever the
//! configuration: the client secret must never linger in the address bar,
//! the history or a `Referer`, not even on a misconfigured page. A checkout
//! that cannot start (its configuration was refused) hands the secret back
//! ([`keep_return_secret`]), in memory only, to the next checkout that
//! mounts, say once the page has set the missing attribute: the return is
//! then finished, and shown only if that booking's create-intent answer
//! vouches for it.

use crate::redirect::take_return_params;
use booking_contract::ClientSecret;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    static KEPT: RefCell<Option<ClientSecret>> = const { RefCell::new(None) };
}

/// Keeps a return secret that a checkout took but could not use, for the
/// next checkout that mounts on this page.
pub fn keep_return_secret(secret: Option<ClientSecret>) {
    if let Some(secret) = secret {
        KEPT.with(|k| *k.borrow_mut() = Some(secret));
    }
}

/// Takes the client secret of a redirect return (if any: from the address
/// bar, else one kept by [`keep_return_secret`]) and scrubs every Stripe
/// parameter from the address bar. When the browser refuses the scrub, the
/// integrator is told in the console; the secret is still used once, so the
/// return is finished.
pub fn take_return_secret() -> Option<ClientSecret> {
    let kept = KEPT.with(|k| k.borrow_mut().take());
    from_address_bar().or(kept)
}

fn from_address_bar() -> Option<ClientSecret> {
    let window = web_sys::window()?;
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let (secret, rest) = take_return_params(&search);
    if rest != search {
        let clean =
            format!("{}{}{}", location.pathname().unwrap_or_default(), rest, location.hash().unwrap_or_default());
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
