//! Browser tests of the Stripe.js boundary, in headless Chromium.
//!
//! The loader is exercised with local scripts (blob URLs): the project's
//! Stripe.js test double, a script that defines nothing, and an address that
//! fails. Each test starts from a clean page state.
#![cfg(target_arch = "wasm32")]

use booking_checkout::api::{read_early, EarlyIntent, EARLY_START_PROPERTY};
use booking_checkout::config::{ElementKind, PublishableKey};
use booking_checkout::errors::{CheckoutError, ServerError, StripeErrorKind};
use booking_checkout::i18n::{Locale, Text};
use booking_checkout::stripe::loader::{self, LoadError};
use booking_checkout::stripe::{GroupMode, StripeClient};
use booking_contract::ClientSecret;
use js_sys::{Array, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DOUBLE: &str = include_str!("stripe-double/stripe.js");

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn document() -> web_sys::Document {
    window().document().unwrap()
}

fn script_url(source: &str) -> String {
    let parts = Array::of1(&source.into());
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

/// Removes every trace of an earlier test: window.Stripe, script tags, the loader cache.
fn clean_page() {
    loader::reset();
    let _ = Reflect::delete_property(&window(), &"Stripe".into());
    let _ = Reflect::delete_property(&window(), &"__stripeDouble".into());
    let _ = Reflect::delete_property(&window(), &"__stripeDoubleConfig".into());
    let scripts = document().query_selector_all("script[src^='blob:'], script[src^='http://127.0.0.1:9']").unwrap();
    for i in 0..scripts.length() {
        if let Some(s) = scripts.item(i) {
            s.unchecked_into::<web_sys::Element>().remove();
        }
    }
}

fn count_scripts(src: &str) -> u32 {
    document().query_selector_all(&format!("script[src='{src}']")).unwrap().length()
}

fn stripe_defined() -> bool {
    Reflect::get(&window(), &"Stripe".into()).unwrap().is_function()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn fresh_div() -> web_sys::Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

async fn load_double() {
    clean_page();
    loader::load_from(&script_url(DOUBLE)).await.expect("double loads");
}

#[wasm_bindgen_test]
async fn the_loader_injects_one_tag_and_caches_the_load() {
    clean_page();
    let url = script_url(DOUBLE);
    let (a, b) = futures::join!(loader::load_from(&url), loader::load_from(&url));
    assert_eq!((a, b), (Ok(()), Ok(())));
    assert!(stripe_defined());
    assert_eq!(count_scripts(&url), 1, "concurrent callers share one tag");
    assert_eq!(loader::load_from(&url).await, Ok(()));
    assert_eq!(count_scripts(&url), 1);
}

#[wasm_bindgen_test]
async fn a_script_error_is_reported_and_a_retry_injects_a_fresh_tag() {
    clean_page();
    let errors = Rc::new(Cell::new(0));
    let counter = errors.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if e.target().and_then(|t| t.dyn_into::<web_sys::HtmlScriptElement>().ok()).is_some() {
            counter.set(counter.get() + 1);
        }
    });
    document().add_event_listener_with_callback_and_bool("error", on_error.as_ref().unchecked_ref(), true).unwrap();
    let bad = "http://127.0.0.1:9/stripe.js";
    assert_eq!(loader::load_from(bad).await, Err(LoadError::ScriptFailed));
    assert_eq!(count_scripts(bad), 0, "the failed tag is removed");
    assert_eq!(loader::load_from(bad).await, Err(LoadError::ScriptFailed));
    assert_eq!(errors.get(), 2, "the retry fetched the script again instead of reusing the failure");
    document().remove_event_listener_with_callback_and_bool("error", on_error.as_ref().unchecked_ref(), true).unwrap();
    // Once the network is back, the same loader succeeds.
    assert_eq!(loader::load_from(&script_url(DOUBLE)).await, Ok(()));
}

#[wasm_bindgen_test]
async fn a_script_without_window_stripe_is_an_error() {
    clean_page();
    let url = script_url("window.__notStripe = 1;");
    assert_eq!(loader::load_from(&url).await, Err(LoadError::StripeMissing));
    assert!(!stripe_defined());
    assert_eq!(count_scripts(&url), 0);
}

#[wasm_bindgen_test]
async fn an_existing_tag_is_reused_not_duplicated() {
    clean_page();
    let url = script_url(DOUBLE);
    let tag: web_sys::HtmlScriptElement = document().create_element("script").unwrap().unchecked_into();
    tag.set_src(&url);
    document().head().unwrap().append_child(&tag).unwrap();
    assert_eq!(loader::load_from(&url).await, Ok(()));
    assert_eq!(count_scripts(&url), 1);
}

#[wasm_bindgen_test]
async fn an_existing_window_stripe_is_used_without_loading_anything() {
    clean_page();
    Reflect::set(&window(), &"Stripe".into(), &js_sys::Function::new_no_args("return {}")).unwrap();
    let url = script_url(DOUBLE);
    assert_eq!(loader::load_from(&url).await, Ok(()));
    assert_eq!(count_scripts(&url), 0);
}

#[wasm_bindgen_test]
async fn the_trusted_types_policy_admits_only_the_url_being_loaded() {
    clean_page();
    let url = script_url(DOUBLE);
    loader::load_from(&url).await.unwrap();
    assert!(loader::policy_admits(&url), "Chromium has Trusted Types, so the policy exists and admits the loaded URL");
    assert!(!loader::policy_admits("https://evil.example/stripe.js"));
    assert!(!loader::policy_admits("https://js.stripe.com.evil.example/v3/"));
}

fn pk() -> PublishableKey {
    PublishableKey::parse("pk_test_browserSuite").unwrap()
}

fn secret() -> ClientSecret {
    ClientSecret::parse("pi_browser1_secret_abc").unwrap()
}

#[wasm_bindgen_test]
async fn the_bindings_mount_an_iframe_element_that_fires_ready() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::Fr).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::Fr).unwrap();
    let mut element = group.create(ElementKind::Payment).unwrap();
    let ready = Rc::new(Cell::new(false));
    let flag = ready.clone();
    element.on_ready(move || flag.set(true)).unwrap();
    let host = fresh_div();
    element.mount(&host).unwrap();
    for _ in 0..50 {
        if ready.get() {
            break;
        }
        sleep(20).await;
    }
    assert!(ready.get(), "ready fired");
    let frame = host.query_selector("iframe").unwrap().expect("an iframe");
    assert!(frame.get_attribute("name").unwrap().starts_with("__privateStripeFrame"));
    assert!(host.query_selector("input").unwrap().is_none(), "no card input in our DOM");
    let keys = Reflect::get(&Reflect::get(&window(), &"__stripeDouble".into()).unwrap(), &"keysSeen".into()).unwrap();
    assert_eq!(Array::from(&keys).get(0).as_string().unwrap(), "pk_test_browserSuite");
}

#[wasm_bindgen_test]
async fn mounting_twice_fails_and_destroying_twice_is_harmless() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let element = group.create(ElementKind::Card).unwrap();
    let host = fresh_div();
    element.mount(&host).unwrap();
    assert_eq!(element.mount(&host), Err(CheckoutError::Integration));
    element.destroy();
    element.destroy();
    assert!(element.is_destroyed());
    assert!(host.query_selector("iframe").unwrap().is_none());
    assert_eq!(element.mount(&host), Err(CheckoutError::Integration), "a destroyed element cannot come back");
    // After destroy the group accepts a new element of the same kind.
    let again = group.create(ElementKind::Card).unwrap();
    again.mount(&host).unwrap();
    drop(again);
    assert!(host.query_selector("iframe").unwrap().is_none(), "dropping the handle destroys the element");
}

#[wasm_bindgen_test]
async fn a_second_create_of_the_same_kind_is_an_integration_error() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let _first = group.create(ElementKind::Payment).unwrap();
    assert!(matches!(group.create(ElementKind::Payment), Err(CheckoutError::Integration)));
}

#[wasm_bindgen_test]
async fn an_invalid_request_error_from_confirm_shows_only_generic_text() {
    load_double().await;
    let config = js_sys::Object::new();
    let error = js_sys::Object::new();
    Reflect::set(&error, &"type".into(), &"invalid_request_error".into()).unwrap();
    Reflect::set(&error, &"message".into(), &"No such payment_intent: pi_123 (internal)".into()).unwrap();
    Reflect::set(&config, &"confirmError".into(), &error).unwrap();
    Reflect::set(&window(), &"__stripeDoubleConfig".into(), &config).unwrap();
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let element = group.create(ElementKind::Payment).unwrap();
    element.mount(&fresh_div()).unwrap();
    sleep(50).await;
    let err = stripe.confirm_payment(&group, None, "https://shop.example/return").await.unwrap_err();
    match &err {
        CheckoutError::Stripe(e) => assert_eq!(e.kind, StripeErrorKind::InvalidRequest),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.user_message(Locale::En), Text::Generic.get(Locale::En));
}

#[wasm_bindgen_test]
async fn a_thrown_integration_error_becomes_a_typed_error() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let group = stripe
        .elements(GroupMode::Deferred(booking_contract::Money::new(100, booking_contract::Currency::parse("eur").unwrap()).unwrap()), "stripe", Locale::En)
        .unwrap();
    let element = group.create(ElementKind::Payment).unwrap();
    element.mount(&fresh_div()).unwrap();
    sleep(50).await;
    // Deferred mode without submit() first: Stripe.js rejects with an IntegrationError.
    let s = secret();
    assert_eq!(stripe.confirm_payment(&group, Some(&s), "https://shop.example/").await, Err(CheckoutError::Integration));
}

#[wasm_bindgen_test]
async fn a_secret_key_renders_a_refusal_and_loads_nothing() {
    clean_page();
    let host = fresh_div().unchecked_into::<web_sys::HtmlElement>();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"publishableKey".into(), &"sk_test_refused_in_browser".into()).unwrap();
    Reflect::set(&options, &"bookingId".into(), &"bk_1".into()).unwrap();
    let handle = booking_checkout::mount_checkout(host.clone(), options.into());
    sleep(20).await;
    let error = host.query_selector("[data-testid=config-error]").unwrap().expect("the error state");
    assert!(!error.text_content().unwrap().contains("sk_test"), "the key is not echoed");
    assert!(!stripe_defined());
    assert_eq!(document().query_selector_all("script[src*='stripe']").unwrap().length(), 0);
    handle.destroy();
    handle.destroy();
    assert!(host.query_selector("[data-testid=config-error]").unwrap().is_none(), "destroy unmounts");
}

/// An early-start record as `src/embed/early.js` leaves it, answered with `response`.
fn early_record(response: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!(
        "return {{ bookingId: 'bk_1', url: '/api/payments/create-intent', bearer: false, csrfHeader: '', \
         idempotencyKey: 'k-1', response: Promise.resolve({response}) }};"
    ))
    .call0(&JsValue::NULL)
    .unwrap()
}

#[wasm_bindgen_test]
async fn an_early_start_record_is_taken_once_and_its_answer_mapped_like_our_own() {
    let el = document().create_element("booking-checkout").unwrap();
    let ok = "new Response(JSON.stringify({ client_secret: 'pi_1_secret_a', amount: 12500, currency: 'eur' }), \
              { status: 200, headers: { 'Content-Type': 'application/json' } })";
    Reflect::set(&el, &EARLY_START_PROPERTY.into(), &early_record(ok)).unwrap();
    let early = EarlyIntent::take_from(&el).expect("the record is read");
    assert_eq!(early.request.attempt.booking_id, "bk_1");
    assert_eq!(early.request.attempt.idempotency_key, "k-1");
    assert_eq!(early.request.csrf_header, None);
    assert!(!early.request.bearer);
    assert!(EarlyIntent::take_from(&el).is_none(), "a remount must send its own request");
    let answer = read_early(early.response).await.unwrap();
    assert_eq!((answer.amount, answer.client_secret.intent_id()), (12_500, "pi_1"));

    for (response, expected) in [
        ("null", ServerError::Unavailable),
        ("new Response('{}', { status: 409, headers: { 'Content-Type': 'application/json' } })", ServerError::AlreadyPaid),
        ("new Response('<html>', { status: 200, headers: { 'Content-Type': 'text/html' } })", ServerError::BadResponse),
    ] {
        Reflect::set(&el, &EARLY_START_PROPERTY.into(), &early_record(response)).unwrap();
        let early = EarlyIntent::take_from(&el).unwrap();
        assert_eq!(read_early(early.response).await, Err(CheckoutError::Server(expected)), "{response}");
    }
}
