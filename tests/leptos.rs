//! The `BookingCheckout` Leptos component (feature `leptos`), in headless Chromium.
#![cfg(target_arch = "wasm32")]

use booking_checkout::{BookingCheckout, RawConfig};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{find, fresh_div, state, until};

const DOUBLE: &str = include_str!("stripe-double/stripe.js");

fn config(key: &str) -> RawConfig {
    RawConfig {
        publishable_key: Some(key.into()),
        booking_id: Some("bk_1".into()),
        flow: Some("deferred".into()),
        amount: Some("4200".into()),
        currency: Some("eur".into()),
        ..RawConfig::default()
    }
}

fn mount(host: &web_sys::Element, cfg: RawConfig) -> leptos::mount::UnmountHandle<impl Mountable> {
    let host = host.clone().unchecked_into::<web_sys::HtmlElement>();
    leptos::mount::mount_to(host, move || view! { <BookingCheckout config=cfg.clone() /> })
}

#[wasm_bindgen_test]
async fn a_secret_key_shows_the_error_state_and_unmounting_removes_it() {
    let host = fresh_div();
    let cfg = config("sk_test_never_in_a_browser");
    let mounted = mount(&host, cfg);
    // The host node is handed over once Leptos has mounted it.
    until("the error state", || host.query_selector("[data-testid=config-error]").unwrap().is_some()).await;
    let error = find(&host, "[data-testid=config-error]");
    assert!(!error.text_content().unwrap_or_default().contains("sk_test"), "the key is not echoed");
    drop(mounted);
    assert!(host.query_selector("[data-testid=config-error]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_component_mounts_the_checkout_and_destroys_it_on_unmount() {
    // Stripe.js is already on the page: the checkout uses it as it is.
    js_sys::eval(DOUBLE).unwrap();
    let host = fresh_div();
    let cfg = config("pk_test_leptos");
    let mounted = mount(&host, cfg);
    until("ready", || state(&host) == "ready").await;
    assert_eq!(find(&host, "[data-testid=amount]").text_content().as_deref(), Some("€42.00"));
    assert!(host.query_selector(".bc-element iframe").unwrap().is_some());
    drop(mounted);
    assert!(host.query_selector(".bc").unwrap().is_none(), "unmounting removes the checkout");
    assert!(host.query_selector("iframe").unwrap().is_none(), "and destroys the Stripe element");
}
