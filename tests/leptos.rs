//! The `BookingCheckout` Leptos component, in headless Chromium: reactive
//! props, callbacks and a clean unmount.
#![cfg(target_arch = "wasm32")]

use booking_checkout::i18n::{Locale, Text};
use booking_checkout::{BookingCheckout, CheckoutOptions, Currency, ElementKind, Flow, Money, PaymentTerms, Theme};
use js_sys::Reflect;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{find, fresh_div, sleep, state, until, window};

const DOUBLE: &str = include_str!("stripe-double/stripe.js");

fn deferred(key: &str) -> CheckoutOptions {
    CheckoutOptions::new(key, "bk_1").flow(Flow::Deferred(PaymentTerms::PayNow { total: eur(4200) }))
}

fn intent_first() -> CheckoutOptions {
    CheckoutOptions::new("pk_test_leptos", "bk_1")
}

fn eur(amount: i64) -> Money {
    Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
}

fn html(el: &web_sys::Element) -> web_sys::HtmlElement {
    el.clone().unchecked_into()
}

/// Loads the Stripe.js double once per page and clears what it recorded.
fn stripe_double() {
    if !Reflect::get(&window(), &"Stripe".into()).unwrap().is_function() {
        js_sys::eval(DOUBLE).unwrap();
    }
    js_sys::eval(
        "for (const k of ['calls','options','events','confirmCalls','keysSeen']) window.__stripeDouble[k].length = 0;",
    )
    .unwrap();
}

/// The double's recorded calls named `method`.
fn calls(method: &str) -> u32 {
    js_sys::eval(&format!("window.__stripeDouble.calls.filter(c => c.method === '{method}').length"))
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

/// Answers create-intent requests in the page (no server in these tests)
/// and counts them; each answer is a new PaymentIntent of 12 500 EUR.
fn fake_create_intent() {
    js_sys::eval(
        "window.__intents = []; window.fetch = async (url, init) => { \
           window.__intents.push(JSON.parse(init.body).booking_id); \
           const n = window.__intents.length; \
           return new Response(JSON.stringify({ client_secret: `pi_${n}_secret_x`, amount: 12500, currency: 'eur' }), \
             { status: 200, headers: { 'Content-Type': 'application/json' } }); };",
    )
    .unwrap();
}

fn intents() -> Vec<String> {
    let list = Reflect::get(&window(), &"__intents".into()).unwrap();
    js_sys::Array::from(&list).iter().map(|v| v.as_string().unwrap()).collect()
}

fn frame(host: &web_sys::Element) -> web_sys::Element {
    find(host, ".bc-element iframe")
}

fn type_card(host: &web_sys::Element, number: &str) {
    js_sys::Function::new_with_args("f, n", "f.contentDocument.querySelector('[name=cardnumber]').value = n;")
        .call2(&JsValue::NULL, &frame(host), &number.into())
        .unwrap();
}

fn typed_card(host: &web_sys::Element) -> String {
    js_sys::Function::new_with_args("f", "return f.contentDocument.querySelector('[name=cardnumber]').value;")
        .call1(&JsValue::NULL, &frame(host))
        .unwrap()
        .as_string()
        .unwrap()
}

fn text(host: &web_sys::Element, selector: &str) -> String {
    find(host, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_secret_key_shows_the_error_state_and_unmounting_removes_it() {
    let host = fresh_div();
    let failed = Arc::new(Mutex::new(Vec::new()));
    let seen = failed.clone();
    let on_failed = Callback::new(move |code: &'static str| seen.lock().unwrap().push(code));
    let cfg = deferred("sk_test_never_in_a_browser");
    let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg on_failed /> });
    until("the error state", || host.query_selector("[data-testid=config-error]").unwrap().is_some()).await;
    let error = find(&host, "[data-testid=config-error]");
    assert!(!error.text_content().unwrap_or_default().contains("sk_test"), "the key is not echoed");
    until("the callback", || !failed.lock().unwrap().is_empty()).await;
    assert_eq!(*failed.lock().unwrap(), ["config"]);
    drop(mounted);
    assert!(host.query_selector("[data-testid=config-error]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_component_mounts_the_checkout_and_destroys_it_on_unmount() {
    stripe_double();
    let host = fresh_div();
    let ready = Arc::new(Mutex::new(0));
    let count = ready.clone();
    let on_ready = Callback::new(move |()| *count.lock().unwrap() += 1);
    let cfg = deferred("pk_test_leptos");
    let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg on_ready /> });
    until("ready", || state(&host) == "ready").await;
    assert_eq!(text(&host, "[data-testid=amount]"), "€42.00");
    assert!(host.query_selector(".bc-element iframe").unwrap().is_some());
    until("on_ready", || *ready.lock().unwrap() == 1).await;
    drop(mounted);
    assert!(host.query_selector(".bc").unwrap().is_none(), "unmounting removes the checkout");
    assert!(host.query_selector("iframe").unwrap().is_none(), "and destroys the Stripe element");
}

#[wasm_bindgen_test]
async fn a_changed_booking_builds_a_new_group_with_exactly_one_new_intent() {
    stripe_double();
    fake_create_intent();
    let host = fresh_div();
    let booking = RwSignal::new("bk_1".to_string());
    let cfg = intent_first();
    let mounted =
        leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg booking_id=booking /> });
    until("ready", || state(&host) == "ready").await;
    assert_eq!(intents(), ["bk_1"]);
    let first = frame(&host);

    booking.set("bk_2".into());
    until("the new booking's form", || state(&host) == "ready" && intents().len() == 2).await;
    sleep(50).await;
    assert_eq!(intents(), ["bk_1", "bk_2"], "exactly one new create-intent, for the new booking");
    assert_eq!(calls("destroy"), 1, "the old element is destroyed");
    assert!(!first.is_connected(), "and its iframe is gone");
    assert_eq!(host.query_selector_all("iframe").unwrap().length(), 1);
    drop(mounted);
}

#[wasm_bindgen_test]
async fn locale_and_theme_change_in_place_keeping_the_typed_card() {
    stripe_double();
    fake_create_intent();
    let host = fresh_div();
    let locale = RwSignal::new(Locale::En);
    let theme = RwSignal::new(Theme::Stripe);
    let cfg = intent_first();
    let mounted = leptos::mount::mount_to(
        html(&host),
        move || view! { <BookingCheckout options=cfg locale=locale theme=theme /> },
    );
    until("ready", || state(&host) == "ready").await;
    let before = frame(&host);
    type_card(&host, "4242424242424242");
    assert_eq!(text(&host, "[data-testid=pay-button]"), "Pay €125.00");

    locale.set(Locale::Fr);
    until("French texts", || text(&host, "[data-testid=pay-button]") == "Payer 125,00\u{a0}€").await;
    assert_eq!(text(&host, "[data-testid=retry-button]"), Text::TryAgain.get(Locale::Fr));
    theme.set(Theme::Night);
    until("the theme update", || calls("elements.update") == 2).await;

    assert_eq!(intents().len(), 1, "no new create-intent");
    assert!(frame(&host) == before && before.is_connected(), "the same iframe");
    assert_eq!(typed_card(&host), "4242424242424242", "what the customer typed is still there");
    assert_eq!(calls("destroy"), 0);
    drop(mounted);
}

#[wasm_bindgen_test]
async fn a_changed_deferred_amount_updates_the_form_and_the_pay_label() {
    stripe_double();
    let host = fresh_div();
    let amount = RwSignal::new(eur(4200));
    let cfg = deferred("pk_test_leptos");
    let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg amount=amount /> });
    until("ready", || state(&host) == "ready").await;
    let before = frame(&host);
    type_card(&host, "4242424242424242");

    amount.set(eur(5100));
    until("the new label", || text(&host, "[data-testid=pay-button]") == "Pay €51.00").await;
    assert_eq!(text(&host, "[data-testid=amount]"), "€51.00");
    let update =
        js_sys::eval("JSON.stringify(window.__stripeDouble.calls.filter(c => c.method === 'elements.update'))")
            .unwrap()
            .as_string()
            .unwrap();
    assert!(update.contains("amount") && update.contains("currency"), "{update}");
    assert!(frame(&host) == before, "the same iframe");
    assert_eq!(typed_card(&host), "4242424242424242");
    assert_eq!(state(&host), "ready");
    drop(mounted);
}

#[wasm_bindgen_test]
async fn typed_options_reach_the_form_and_the_description_follows_its_signal() {
    stripe_double();
    let host = fresh_div();
    let description = RwSignal::new("Sea-view room, 2 nights".to_string());
    let cfg = deferred("pk_test_leptos").element(ElementKind::Card).theme(Theme::Night).locale(Locale::Fr);
    let mounted =
        leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg description=description /> });
    until("ready", || state(&host) == "ready").await;
    assert_eq!(text(&host, "[data-testid=pay-button]"), "Payer 42,00\u{a0}€");
    assert_eq!(text(&host, ".bc-desc"), "Sea-view room, 2 nights");
    assert_eq!(calls("create"), 1);
    let created = js_sys::eval("JSON.stringify(window.__stripeDouble.calls.filter(c => c.method === 'create'))")
        .unwrap()
        .as_string()
        .unwrap();
    assert!(created.contains(r#""type":"card""#), "the Card Element: {created}");

    description.set("Sea-view room, 3 nights".into());
    until("the new description", || text(&host, ".bc-desc") == "Sea-view room, 3 nights").await;
    assert_eq!(calls("destroy"), 0, "in place");
    drop(mounted);
}

/// Counts the page's pending `setTimeout`s from now on.
fn track_timers() {
    js_sys::eval(
        "if (!window.__timers) { window.__timers = new Set(); const set = window.setTimeout, clear = window.clearTimeout; \
           window.setTimeout = function (f, ms, ...a) { const id = set.call(window, (...b) => { window.__timers.delete(id); \
             return typeof f === 'function' ? f(...b) : undefined; }, ms, ...a); window.__timers.add(id); return id; }; \
           window.clearTimeout = function (id) { window.__timers.delete(id); return clear.call(window, id); }; } \
         window.__timers.clear();",
    )
    .unwrap();
}

fn pending_timers() -> f64 {
    js_sys::eval("window.__timers.size").unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn an_amount_changed_while_the_form_loads_is_the_one_shown_and_built() {
    // Regression: a change before the form was ready was dropped on the
    // rebuild, which then showed (and would have confirmed) the old amount.
    stripe_double();
    let host = fresh_div();
    let amount = RwSignal::new(eur(4200));
    let cfg = deferred("pk_test_leptos");
    let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg amount=amount /> });
    amount.set(eur(6600));
    until("ready", || state(&host) == "ready").await;
    until("the new label", || text(&host, "[data-testid=pay-button]") == "Pay €66.00").await;
    assert_eq!(text(&host, "[data-testid=amount]"), "€66.00");
    let built = js_sys::eval(
        "JSON.stringify(window.__stripeDouble.options.filter(o => o.kind === 'elements').map(o => o.amount))",
    )
    .unwrap()
    .as_string()
    .unwrap();
    assert!(built.ends_with("6600]"), "the Elements group holds the new amount: {built}");
    drop(mounted);
}

#[wasm_bindgen_test]
async fn mounting_and_unmounting_twenty_times_leaves_nothing_behind() {
    stripe_double();
    track_timers();
    let host = fresh_div();
    for _ in 0..20 {
        let cfg = deferred("pk_test_leptos");
        let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg /> });
        until("ready", || state(&host) == "ready").await;
        drop(mounted);
    }
    sleep(50).await;
    assert_eq!(host.child_element_count(), 0);
    assert_eq!(web_sys::window().unwrap().document().unwrap().query_selector_all("iframe").unwrap().length(), 0);
    assert_eq!(calls("create"), 20);
    assert_eq!(calls("destroy"), 20, "every element destroyed");
    // Every listener the component registered on an element was removed.
    let left = js_sys::eval("window.__stripeDouble.listenersLeft()").unwrap();
    assert_eq!(left.as_f64(), Some(0.0));
    assert_eq!(pending_timers(), 0.0, "no timer left running");
}

#[wasm_bindgen_test]
async fn a_host_listener_may_unmount_the_component_while_it_is_told() {
    stripe_double();
    let host = fresh_div();
    let cfg = deferred("pk_test_leptos");
    let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg /> });
    let slot = std::rc::Rc::new(std::cell::RefCell::new(Some(mounted)));
    let unmount = Closure::<dyn Fn()>::new({
        let slot = slot.clone();
        move || drop(slot.borrow_mut().take())
    });
    host.add_event_listener_with_callback("checkout:ready", unmount.as_ref().unchecked_ref()).unwrap();
    until("the listener", || slot.borrow().is_none()).await;
    sleep(50).await;
    assert!(host.query_selector(".bc").unwrap().is_none());
    assert!(host.query_selector("iframe").unwrap().is_none(), "the element is destroyed");
    // The module is still alive and mounts again.
    let cfg = deferred("pk_test_leptos");
    let again = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg /> });
    until("ready again", || state(&host) == "ready").await;
    drop(again);
    host.remove_event_listener_with_callback("checkout:ready", unmount.as_ref().unchecked_ref()).unwrap();
}

/// The README's Leptos example, as written there (its key is a placeholder,
/// which the component refuses without loading anything).
#[wasm_bindgen_test]
async fn the_readme_example_compiles_and_refuses_its_placeholder_key() {
    let host = fresh_div();
    let mounted = leptos::mount::mount_to(html(&host), move || {
        use booking_checkout::Succeeded;

        let booking = RwSignal::new("bk_123".to_string());
        let locale = RwSignal::new(Locale::En);
        let signed_in = RwSignal::new(0u32); // bump after your sign-in succeeds
        let options = CheckoutOptions::new("pk_test_…", "bk_123").description("Sea-view room, 2 nights");
        view! {
            <BookingCheckout options booking_id=booking locale refresh=signed_in
                on_succeeded=Callback::new(|paid: Succeeded| leptos::logging::log!("{}", paid.intent_id)) />
        }
    });
    until("the error state", || host.query_selector("[data-testid=config-error]").unwrap().is_some()).await;
    drop(mounted);
}

#[wasm_bindgen_test]
async fn bumping_refresh_on_a_ready_form_shows_the_servers_new_price_in_place() {
    stripe_double();
    // The server answers with the booking's open intent; the second answer
    // is the same intent after the host repriced the booking (an extra night).
    js_sys::eval(
        "window.__intents = []; window.fetch = async (url, init) => { \
           window.__intents.push(JSON.parse(init.body).booking_id); \
           const amount = window.__intents.length === 1 ? 12500 : 18750; \
           return new Response(JSON.stringify({ client_secret: 'pi_77_secret_x', amount, currency: 'eur' }), \
             { status: 200, headers: { 'Content-Type': 'application/json' } }); };",
    )
    .unwrap();
    let host = fresh_div();
    let refresh = RwSignal::new(0u32);
    let cfg = intent_first();
    let mounted =
        leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg refresh=refresh /> });
    until("ready", || state(&host) == "ready").await;
    let before = frame(&host);
    type_card(&host, "4242424242424242");

    refresh.set(1);
    until("the new label", || text(&host, "[data-testid=pay-button]") == "Pay €187.50").await;
    assert_eq!(text(&host, "[data-testid=amount]"), "€187.50");
    assert_eq!(calls("fetchUpdates"), 1, "the mounted group follows the intent");
    assert_eq!(intents().len(), 2, "the server was asked once more");
    assert!(frame(&host) == before && before.is_connected(), "no remount");
    assert_eq!(typed_card(&host), "4242424242424242", "what the customer typed is still there");
    assert_eq!((calls("destroy"), calls("create")), (0, 1));
    assert_eq!(state(&host), "ready");
    drop(mounted);
}

#[wasm_bindgen_test]
async fn a_deferred_payment_priced_otherwise_by_the_server_is_refused_and_the_new_price_shown() {
    stripe_double();
    // The host still says 42.00; the server has repriced the booking to 51.00.
    js_sys::eval(
        "window.__intents = []; window.fetch = async (url, init) => { \
           window.__intents.push(JSON.parse(init.body).booking_id); \
           return new Response(JSON.stringify({ client_secret: 'pi_88_secret_x', amount: 5100, currency: 'eur' }), \
             { status: 200, headers: { 'Content-Type': 'application/json' } }); };",
    )
    .unwrap();
    let host = fresh_div();
    let cfg = deferred("pk_test_leptos");
    let mounted = leptos::mount::mount_to(html(&host), move || view! { <BookingCheckout options=cfg /> });
    until("ready", || state(&host) == "ready").await;
    js_sys::Function::new_with_args(
        "f",
        "const d = f.contentDocument; d.querySelector('[name=cardnumber]').value = '4242424242424242'; \
         d.querySelector('[name=exp-date]').value = '12/34'; d.querySelector('[name=cvc]').value = '123';",
    )
    .call1(&JsValue::NULL, &frame(&host))
    .unwrap();
    let pay = || html(&find(&host, "[data-testid=pay-button]")).click();

    pay();
    until("the refusal", || state(&host) == "failed").await;
    assert_eq!(text(&host, "[data-testid=payment-error]"), Text::PriceChanged.get(Locale::En));
    until("the new price", || text(&host, "[data-testid=pay-button]") == "Pay €51.00").await;
    assert_eq!(calls("confirmPayment"), 0, "nothing was confirmed for the old price");
    assert_eq!(typed_card(&host), "4242424242424242");

    pay();
    until("success", || state(&host) == "succeeded").await;
    assert_eq!(calls("confirmPayment"), 1);
    drop(mounted);
}
