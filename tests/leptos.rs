//! The `BookingCheckout` Leptos component (feature `leptos`), in headless Chromium.
#![cfg(target_arch = "wasm32")]

use booking_checkout::{BookingCheckout, RawConfig};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DOUBLE: &str = include_str!("stripe-double/stripe.js");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_div() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

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

#[wasm_bindgen_test]
async fn a_secret_key_shows_the_error_state_and_unmounting_removes_it() {
    let host = fresh_div();
    let cfg = config("sk_test_never_in_a_browser");
    let mounted = leptos::mount::mount_to(host.clone(), move || view! { <BookingCheckout config=cfg.clone() /> });
    sleep(10).await; // the host node is handed over once Leptos has mounted it
    let error = host.query_selector("[data-testid=config-error]").unwrap().expect("the error state");
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
    let mounted = leptos::mount::mount_to(host.clone(), move || view! { <BookingCheckout config=cfg.clone() /> });
    let state = || host.query_selector(".bc").unwrap().and_then(|bc| bc.get_attribute("data-state"));
    for _ in 0..300 {
        if state().as_deref() == Some("ready") {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(state().as_deref(), Some("ready"));
    let amount = host.query_selector("[data-testid=amount]").unwrap().unwrap().text_content();
    assert_eq!(amount.as_deref(), Some("€42.00"));
    assert!(host.query_selector(".bc-element iframe").unwrap().is_some());
    drop(mounted);
    assert!(host.query_selector(".bc").unwrap().is_none(), "unmounting removes the checkout");
    assert!(host.query_selector("iframe").unwrap().is_none(), "and destroys the Stripe element");
}
