//! Page helpers shared by the browser test crates (`browser.rs`, `leptos.rs`).
#![allow(dead_code)] // each test crate uses its own subset

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// A new empty `<div>` at the end of the body.
pub fn fresh_div() -> web_sys::Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// Waits (10 ms steps, at most 3 s) until `check` holds.
pub async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..300 {
        if check() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting for {what}");
}

pub fn find(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
}

/// The checkout's `data-state` inside `root`; empty while nothing is mounted.
pub fn state(root: &web_sys::Element) -> String {
    root.query_selector(".bc").unwrap().and_then(|bc| bc.get_attribute("data-state")).unwrap_or_default()
}
