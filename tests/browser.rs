//! Browser tests of the Stripe.js boundary, in headless Chromium.
//!
//! The loader is exercised with local scripts (blob URLs): the project's
//! Stripe.js test double, a script that defines nothing, and an address that
//! fails. Each test starts from a clean page state.
#![cfg(target_arch = "wasm32")]

use booking_checkout::api::{read_early, EarlyIntent, EARLY_START_PROPERTY};
use booking_checkout::config::{ElementKind, PublishableKey};
use booking_checkout::errors::{CheckoutError, LoadFailure, ServerError, StripeErrorKind};
use booking_checkout::i18n::{Locale, Text};
use booking_checkout::status::IntentStatus;
use booking_checkout::stripe::loader::{self, LoadError};
use booking_checkout::stripe::{GroupMode, GroupUpdate, StripeClient};
use booking_contract::{ClientSecret, PaymentTerms};
use js_sys::{Array, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{document, find, fresh_div, sleep, state, until, window};

const DOUBLE: &str = include_str!("stripe-double/stripe.js");

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

/// A host page's own Stripe.js tag, in the head, not marked as the loader's.
fn host_tag(src: &str) -> web_sys::HtmlScriptElement {
    let tag: web_sys::HtmlScriptElement = document().create_element("script").unwrap().unchecked_into();
    tag.set_src(src);
    document().head().unwrap().append_child(&tag).unwrap();
    tag
}

/// Sets a flag when `tag` fires `event`.
fn heard(tag: &web_sys::HtmlScriptElement, event: &str) -> Rc<Cell<bool>> {
    let flag = Rc::new(Cell::new(false));
    let set = flag.clone();
    let listener = Closure::once_into_js(move || set.set(true));
    tag.add_event_listener_with_callback(event, listener.unchecked_ref()).unwrap();
    flag
}

// Regression: a found tag that had already failed was waited on until the
// 20 s timeout and then left in place, so every retry timed out again.
#[wasm_bindgen_test]
async fn a_host_tag_that_failed_before_the_loader_looked_is_replaced_not_waited_on() {
    clean_page();
    let bad = "http://127.0.0.1:9/stripe.js";
    let tag = host_tag(bad);
    let failed = heard(&tag, "error");
    until("the host tag's error", || failed.get()).await;

    let started = js_sys::Date::now();
    assert_eq!(loader::load_from(bad).await, Err(LoadError::ScriptFailed), "a fresh tag failed, not a timeout");
    assert!(js_sys::Date::now() - started < 10_000.0, "reported well before the 20 s timeout");
    assert!(!tag.is_connected(), "the dead host tag is gone");
    assert_eq!(count_scripts(bad), 0, "so is the loader's failed tag: a retry finds nothing to wait on");
    assert_eq!(loader::load_from(&script_url(DOUBLE)).await, Ok(()));
}

#[wasm_bindgen_test]
async fn a_host_tag_that_loaded_without_window_stripe_before_the_loader_looked_is_fetched_again() {
    clean_page();
    let _ = Reflect::delete_property(&window(), &"__notStripeRuns".into());
    let url = script_url("window.__notStripeRuns = (window.__notStripeRuns || 0) + 1;");
    let tag = host_tag(&url);
    let loaded = heard(&tag, "load");
    until("the host tag's load", || loaded.get()).await;

    assert_eq!(loader::load_from(&url).await, Err(LoadError::StripeMissing));
    let runs = Reflect::get(&window(), &"__notStripeRuns".into()).unwrap().as_f64();
    assert_eq!(runs, Some(2.0), "the loader ran a fresh copy instead of waiting on the old tag");
    assert_eq!(count_scripts(&url), 0);
}

#[wasm_bindgen_test]
async fn a_tag_marked_as_the_loaders_is_waited_for_and_kept() {
    clean_page();
    let url = script_url(DOUBLE);
    let tag = host_tag(&url);
    tag.set_attribute(loader::OWN_TAG_ATTRIBUTE, "").unwrap();
    assert_eq!(loader::load_from(&url).await, Ok(()));
    assert!(tag.is_connected());
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
    let group = stripe.elements(GroupMode::Deferred(pay_now(100)), "stripe", Locale::En).unwrap();
    let element = group.create(ElementKind::Payment).unwrap();
    element.mount(&fresh_div()).unwrap();
    sleep(50).await;
    // Deferred mode without submit() first: Stripe.js rejects with an IntegrationError.
    let s = secret();
    assert_eq!(
        stripe.confirm_payment(&group, Some(&s), "https://shop.example/").await,
        Err(CheckoutError::Integration)
    );
}

/// The double's records of `method` calls, as JSON.
fn double_calls(method: &str) -> String {
    js_sys::eval(&format!(
        "JSON.stringify(window.__stripeDouble.calls.filter(c => c.method === '{method}').map(c => c.options || c.keys || null))"
    ))
    .unwrap()
    .as_string()
    .unwrap()
}

fn recorded(what: &str) -> String {
    js_sys::eval(&format!("JSON.stringify(window.__stripeDouble.{what})")).unwrap().as_string().unwrap()
}

fn eur(amount: i64) -> booking_contract::Money {
    booking_contract::Money::new(amount, booking_contract::Currency::parse("eur").unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn the_options_reach_stripe_js_as_plain_objects_in_stripes_spelling() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::Fr).unwrap();
    let appinfo = recorded("appInfo");
    assert!(appinfo.starts_with(r#"[{"name":"booking-checkout","version":""#), "{appinfo}");
    let s = secret();
    let _intent = stripe.elements(GroupMode::Intent(&s), "night", Locale::Fr).unwrap();
    let _deferred = stripe.elements(GroupMode::Deferred(pay_now(4200)), "flat", Locale::En).unwrap();
    assert_eq!(
        recorded("options"),
        r#"[{"kind":"Stripe","locale":"fr"},{"kind":"elements","clientSecret":true,"mode":null,"locale":"fr"},{"kind":"elements","clientSecret":false,"mode":"payment","amount":4200,"currency":"eur","locale":"en"}]"#
    );
}

fn pay_now(amount: i64) -> PaymentTerms {
    PaymentTerms::PayNow { total: eur(amount) }
}

/// A deferred group is made as the server will make its intent: Stripe
/// refuses a confirmation whose capture or saving differs from the group's.
#[wasm_bindgen_test]
async fn a_deferred_group_carries_each_policys_capture_saving_and_mode() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let day = |d: &str| booking_contract::Date::parse(d).unwrap();
    for terms in [
        PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(3_125),
            balance: eur(9_375),
            balance_due: day("2027-03-05"),
        },
        PaymentTerms::Hold { total: eur(12_500), capture_on: day("2026-12-09") },
        PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) },
    ] {
        let _group = stripe.elements(GroupMode::Deferred(terms), "stripe", Locale::En).unwrap();
    }
    let groups = js_sys::eval(
        "JSON.stringify(window.__stripeDouble.options.filter((o) => o.kind === 'elements').slice(-3).map((o) => \
           [o.mode, o.amount ?? null, o.currency, o.captureMethod ?? null, o.setupFutureUsage ?? null]))",
    )
    .unwrap()
    .as_string()
    .unwrap();
    assert_eq!(
        groups,
        r#"[["payment",3125,"eur",null,"off_session"],["payment",12500,"eur","manual",null],["setup",null,"eur",null,"off_session"]]"#
    );
}

#[wasm_bindgen_test]
async fn a_group_update_sends_only_the_settings_it_holds() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let group = stripe.elements(GroupMode::Deferred(pay_now(4200)), "stripe", Locale::En).unwrap();
    group.update(&GroupUpdate { amount: Some(eur(5100)), ..GroupUpdate::default() }).unwrap();
    group
        .update(&GroupUpdate { theme: Some("night".into()), locale: Some(Locale::Fr), ..GroupUpdate::default() })
        .unwrap();
    group.update(&GroupUpdate::default()).unwrap();
    assert_eq!(
        double_calls("elements.update"),
        r#"[{"amount":5100,"currency":"eur"},{"appearance":{"theme":"night"},"locale":"fr"}]"#,
        "an empty change calls nothing"
    );
}

#[wasm_bindgen_test]
async fn an_amount_update_on_an_intent_group_is_an_integration_error() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let amount = GroupUpdate { amount: Some(eur(5100)), ..GroupUpdate::default() };
    assert_eq!(group.update(&amount), Err(CheckoutError::Integration));
    assert_eq!(group.update(&GroupUpdate { theme: Some("flat".into()), ..GroupUpdate::default() }), Ok(()));
}

/// Installs a scripted `window.Stripe` whose calls resolve with whatever
/// `fake.answer()` returns, and whose element hands its listeners to `fake.emit`.
fn scripted_stripe() -> JsValue {
    js_sys::Function::new_no_args(
        "const handlers = {}; \
         const element = { on(n, h) { handlers[n] = h; }, off(n) { delete handlers[n]; }, mount() {}, destroy() {} }; \
         const fake = { answer: () => Promise.resolve({}), emit: (n, e) => handlers[n](e) }; \
         const group = { create: () => element, submit: () => fake.answer(), update() {} }; \
         const stripe = { registerAppInfo() {}, elements: () => group, retrievePaymentIntent: () => fake.answer() }; \
         window.Stripe = () => stripe; \
         return fake;",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

fn answer_with(fake: &JsValue, body: &str) {
    Reflect::set(fake, &"answer".into(), &js_sys::Function::new_no_args(body)).unwrap();
}

#[wasm_bindgen_test]
async fn stripes_answers_are_read_error_first_and_a_bare_resolve_is_never_a_success() {
    clean_page();
    let fake = scripted_stripe();
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let cases: [(&str, Result<IntentStatus, StripeErrorKind>); 3] = [
        (
            "return Promise.resolve({ paymentIntent: { id: 'pi_1', status: 'processing' } });",
            Ok(IntentStatus::Processing),
        ),
        (
            "return Promise.resolve({ error: { type: 'card_error', message: 'Declined.' }, \
             paymentIntent: { id: 'pi_1', status: 'succeeded' } });",
            Err(StripeErrorKind::Card),
        ),
        ("return Promise.resolve({ error: { type: 'api_error' } });", Err(StripeErrorKind::Api)),
    ];
    for (body, expected) in cases {
        answer_with(&fake, body);
        let got = stripe.retrieve(&s).await.map(|r| r.status).map_err(|e| match e {
            CheckoutError::Stripe(e) => e.kind,
            other => panic!("{body}: {other:?}"),
        });
        assert_eq!(got, expected, "{body}");
    }
    for body in [
        "return Promise.resolve({});",
        "return Promise.resolve(undefined);",
        "return Promise.resolve({ paymentIntent: { id: 'pi_1' } });",
        "return Promise.resolve({ error: 'boom' });",
        "return Promise.reject(new Error('IntegrationError'));",
        "throw new Error('IntegrationError');",
    ] {
        answer_with(&fake, body);
        assert_eq!(stripe.retrieve(&s).await, Err(CheckoutError::Integration), "{body}");
    }
}

#[wasm_bindgen_test]
async fn submit_and_the_card_change_event_read_the_same_error_shape() {
    clean_page();
    let fake = scripted_stripe();
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let group = stripe.elements(GroupMode::Deferred(pay_now(100)), "stripe", Locale::En).unwrap();
    answer_with(&fake, "return Promise.resolve({ error: { type: 'validation_error', message: 'Incomplete.' } });");
    let err = group.submit().await.unwrap_err();
    assert_eq!(err.user_message(Locale::En), "Incomplete.");
    answer_with(&fake, "return Promise.resolve({ selectedPaymentMethod: 'card' });");
    assert_eq!(group.submit().await, Ok(()));

    let mut card = group.create(ElementKind::Card).unwrap();
    let seen: Rc<RefCell<Vec<Option<String>>>> = Rc::default();
    let log = seen.clone();
    card.on_validation(move |e| log.borrow_mut().push(e.map(|e| e.user_message(Locale::En).into_owned()))).unwrap();
    let emit = |event: &str| {
        let emit: js_sys::Function = Reflect::get(&fake, &"emit".into()).unwrap().unchecked_into();
        emit.call2(&fake, &"change".into(), &js_sys::JSON::parse(event).unwrap()).unwrap();
    };
    emit(
        r#"{"elementType":"card","complete":false,"error":{"type":"validation_error","code":"invalid_number","message":"Your card number is invalid."}}"#,
    );
    emit(r#"{"elementType":"card","complete":true}"#);
    assert_eq!(*seen.borrow(), [Some("Your card number is invalid.".to_owned()), None]);
}

#[wasm_bindgen_test]
async fn a_secret_key_renders_a_refusal_and_loads_nothing() {
    clean_page();
    let host = fresh_div();
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
    assert_eq!((answer.price.amount, answer.client_secret.intent_id()), (12_500, "pi_1"));

    for (response, expected) in [
        ("null", ServerError::Unavailable),
        (
            "new Response('{}', { status: 409, headers: { 'Content-Type': 'application/json' } })",
            ServerError::AlreadyPaid,
        ),
        ("new Response('<html>', { status: 200, headers: { 'Content-Type': 'text/html' } })", ServerError::BadResponse),
    ] {
        Reflect::set(&el, &EARLY_START_PROPERTY.into(), &early_record(response)).unwrap();
        let early = EarlyIntent::take_from(&el).unwrap();
        assert_eq!(read_early(early.response).await, Err(CheckoutError::Server(expected)), "{response}");
    }
}

/// A 200 JSON answer with `body`, as an early-start record's pending response.
fn json_answer(body: &str) -> js_sys::Promise {
    let response = js_sys::Function::new_with_args(
        "body",
        "return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));",
    );
    response.call1(&JsValue::NULL, &body.into()).unwrap().unchecked_into()
}

#[wasm_bindgen_test]
async fn a_create_intent_answer_is_read_into_the_contract_types() {
    let ok = read_early(json_answer(
        r#"{"client_secret":"pi_9_secret_b","amount":99999999,"currency":"EUR","request_id":"ignored"}"#,
    ))
    .await
    .unwrap();
    assert_eq!(
        (ok.price.amount, ok.price.currency.as_str(), ok.client_secret.intent_id()),
        (99_999_999, "eur", "pi_9")
    );

    let deposit = read_early(json_answer(
        r#"{"client_secret":"pi_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"deposit","total":{"amount":12500,"currency":"eur"},"now":{"amount":3125,"currency":"eur"},"balance":{"amount":9375,"currency":"eur"},"balance_due":"2027-03-05"}}"#,
    ))
    .await
    .unwrap();
    let due = booking_contract::Date::parse("2027-03-05").unwrap();
    assert!(matches!(deposit.terms, booking_contract::PaymentTerms::Deposit { balance_due, .. } if balance_due == due));
    let guarantee = read_early(json_answer(
        r#"{"client_secret":"seti_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"guarantee","total":{"amount":12500,"currency":"eur"},"up_to":{"amount":3900,"currency":"eur"}}}"#,
    ))
    .await
    .unwrap();
    assert!(guarantee.client_secret.is_setup());

    for body in [
        r#"{"client_secret":"pi_9_secret_b","amount":125.5,"currency":"eur"}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":"12500","currency":"eur"}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":9007199254740993,"currency":"eur"}"#,
        r#"{"client_secret":"pi_9_secret_b","currency":"eur"}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":100,"currency":"euro"}"#,
        r#"{"client_secret":"pi_9_secret_b<img>","amount":100,"currency":"eur"}"#,
        r#"{"client_secret":"seti_9_secret_b","amount":100,"currency":"eur"}"#,
        // Terms that do not add up, for another price, or of an unknown
        // policy; a guarantee with a payment's secret.
        r#"{"client_secret":"pi_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"deposit","total":{"amount":12500,"currency":"eur"},"now":{"amount":3125,"currency":"eur"},"balance":{"amount":9000,"currency":"eur"},"balance_due":"2027-03-05"}}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"pay_now","total":{"amount":12400,"currency":"eur"}}}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"later","total":{"amount":12500,"currency":"eur"}}}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"hold","total":{"amount":12500,"currency":"eur"},"capture_on":"2027-02-30"}}"#,
        r#"{"client_secret":"pi_9_secret_b","amount":12500,"currency":"eur","terms":{"policy":"guarantee","total":{"amount":12500,"currency":"eur"},"up_to":{"amount":3900,"currency":"eur"}}}"#,
        r#"[1,2,3]"#,
        r#"null"#,
    ] {
        assert_eq!(read_early(json_answer(body)).await, Err(CheckoutError::Server(ServerError::BadResponse)), "{body}");
    }
}

#[wasm_bindgen_test]
async fn create_intent_posts_the_contracts_request_and_nothing_else() {
    let real_fetch = Reflect::get(&window(), &"fetch".into()).unwrap();
    let sent: js_sys::Object = js_sys::Function::new_no_args(
        "const sent = {}; \
         window.fetch = (url, init) => { Object.assign(sent, { url, body: init.body, credentials: init.credentials, \
           headers: Object.fromEntries(init.headers.entries()) }); \
           return Promise.resolve(new Response(JSON.stringify({ client_secret: 'pi_3_secret_c', amount: 4200, currency: 'eur' }), \
             { status: 200, headers: { 'Content-Type': 'application/json' } })); }; \
         return sent;",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    let config = booking_checkout::RawConfig {
        publishable_key: Some("pk_test_browserSuite".into()),
        booking_id: Some("bk_42".into()),
        ..Default::default()
    }
    .validate("https://hotel.example/pay")
    .unwrap();
    let attempt = booking_checkout::api::Attempt { booking_id: "bk_42".into(), idempotency_key: "k-42".into() };
    let answer = booking_checkout::api::create_intent(&config, &attempt).await;
    Reflect::set(&window(), &"fetch".into(), &real_fetch).unwrap();

    assert_eq!(answer.unwrap().price.amount, 4200);
    let field = |k: &str| Reflect::get(&sent, &k.into()).unwrap();
    assert_eq!(field("body").as_string().unwrap(), r#"{"booking_id":"bk_42"}"#);
    assert_eq!(field("url").as_string().unwrap(), "/api/payments/create-intent");
    assert_eq!(field("credentials").as_string().unwrap(), "include");
    let key = Reflect::get(&field("headers"), &"idempotency-key".into()).unwrap();
    assert_eq!(key.as_string().unwrap(), "k-42");
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Records the `checkout:*` events reaching `target` as `name detail-json`.
fn record_events(target: &web_sys::Element) -> Rc<RefCell<Vec<String>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    for name in ["checkout:ready", "checkout:succeeded", "checkout:failed"] {
        let log = seen.clone();
        let listener = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let detail = js_sys::JSON::stringify(&e.detail()).ok().and_then(|s| s.as_string()).unwrap_or_default();
            log.borrow_mut().push(format!("{} {detail}", e.type_()));
        });
        target.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
        listener.forget();
    }
    seen
}

/// Types a test card into the double's iframe inside `root`.
fn fill_card(root: &web_sys::Element, number: &str) {
    js_sys::Function::new_with_args(
        "frame, number",
        "const d = frame.contentDocument; d.querySelector('[name=cardnumber]').value = number; \
         d.querySelector('[name=exp-date]').value = '12/34'; d.querySelector('[name=cvc]').value = '123';",
    )
    .call2(&JsValue::NULL, &find(root, ".bc-element iframe"), &number.into())
    .unwrap();
}

fn click(root: &web_sys::Element, selector: &str) {
    find(root, selector).unchecked_into::<web_sys::HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_custom_element_renders_pays_and_tells_the_host() {
    load_double().await;
    booking_checkout::start();
    let el = document().create_element("booking-checkout").unwrap();
    for (name, value) in [("publishable-key", "pk_test_view"), ("booking-id", "bk_1"), ("description", "Sea-view room")]
    {
        el.set_attribute(name, value).unwrap();
    }
    // The intent comes from an early-start record, as `early.js` leaves it.
    let ok = "new Response(JSON.stringify({ client_secret: 'pi_7_secret_a', amount: 12500, currency: 'eur' }), \
              { status: 200, headers: { 'Content-Type': 'application/json' } })";
    // What Stripe holds for that intent: a confirmation first checks its amount.
    js_sys::eval("window.__stripeDouble.serverIntent('pi_7_secret_a', { amount: 12500, currency: 'eur' })").unwrap();
    Reflect::set(&el, &EARLY_START_PROPERTY.into(), &early_record(ok)).unwrap();
    let events = record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();

    // First picture, before anything has loaded.
    assert_eq!(state(&el), "loading");
    let root = find(&el, ".bc");
    assert_eq!(root.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(!find(&el, ".bc-skeleton").has_attribute("hidden"));
    assert!(find(&el, "[data-testid=pay-button]").has_attribute("disabled"));
    assert_eq!(text(&el, ".bc-desc"), "Sea-view room");
    assert_eq!(text(&el, "[data-testid=pay-button]"), Text::Loading.get(Locale::En));

    until("ready", || state(&el) == "ready").await;
    assert_eq!(text(&el, "[data-testid=amount]"), "€125.00");
    assert_eq!(text(&el, "[data-testid=pay-button]"), "Pay €125.00");
    assert!(!find(&el, "[data-testid=pay-button]").has_attribute("disabled"));
    assert!(find(&el, ".bc-skeleton").has_attribute("hidden"));
    assert!(find(&el, "[data-testid=retry-button]").has_attribute("hidden"));
    assert_eq!(el.query_selector_all("input").unwrap().length(), 0, "card fields live only inside the iframe");

    // A decline: Stripe's customer-facing text, the form stays.
    fill_card(&el, "4000000000000002");
    click(&el, "[data-testid=pay-button]");
    until("the decline", || state(&el) == "failed").await;
    assert_eq!(text(&el, "[data-testid=payment-error]"), "Your card was declined.");
    assert!(!find(&el, ".bc-element").has_attribute("hidden"));

    fill_card(&el, "4242424242424242");
    click(&el, "[data-testid=pay-button]");
    until("success", || state(&el) == "succeeded").await;
    assert_eq!(text(&el, "[data-testid=payment-success]"), Text::Paid.get(Locale::En));
    assert!(el.query_selector("[data-testid=payment-error]").unwrap().is_none(), "the decline is gone");
    assert!(find(&el, ".bc-element").has_attribute("hidden"));
    assert!(find(&el, "[data-testid=pay-button]").has_attribute("hidden"));
    assert_eq!(
        *events.borrow(),
        [
            "checkout:ready null",
            "checkout:failed {\"code\":\"card_error\",\"policy\":\"pay_now\"}",
            "checkout:succeeded {\"paymentIntentId\":\"pi_7\",\"status\":\"succeeded\",\"policy\":\"pay_now\"}",
        ]
    );

    el.remove();
    assert!(el.query_selector(".bc").unwrap().is_none(), "disconnecting unmounts");
}

/// A guarantee of a €39.00 no-show fee on a €125.00 stay, as create-intent answers it.
const GUARANTEE_ANSWER: &str = "{ client_secret: 'seti_8_secret_a', amount: 12500, currency: 'eur', terms: { policy: \
    'guarantee', total: { amount: 12500, currency: 'eur' }, up_to: { amount: 3900, currency: 'eur' } } }";

/// Replaces `fetch`: create-intent answers [`GUARANTEE_ANSWER`], the consent
/// path `consent_status` (and `terms_changed` on a 409); every request is
/// recorded, in order, with the double's calls, on `window.__sent`.
fn serve_guarantee(consent_status: u16) {
    js_sys::Function::new_no_args(&format!(
        "window.__sent = []; \
         window.fetch = (url, init) => {{ \
           const at = window.__stripeDouble.calls.length; \
           window.__sent.push({{ url: String(url), body: init.body, credentials: init.credentials, at }}); \
           const json = (status, body) => Promise.resolve(new Response(JSON.stringify(body), \
             {{ status, headers: {{ 'Content-Type': 'application/json' }} }})); \
           if (String(url).endsWith('/consent')) return {consent_status} === 409 \
             ? json(409, {{ error: {{ code: 'terms_changed', message: 'x' }}, request_id: 'r' }}) \
             : Promise.resolve(new Response(null, {{ status: {consent_status} }})); \
           return json(200, {GUARANTEE_ANSWER}); \
         }};"
    ))
    .call0(&JsValue::NULL)
    .unwrap();
}

fn sent(field: &str) -> Vec<String> {
    js_sys::eval(&format!("JSON.stringify(window.__sent.map((r) => String(r.{field})))"))
        .unwrap()
        .as_string()
        .map(|list| strings(&list))
        .unwrap_or_default()
}

/// The strings of a JSON array of strings.
fn strings(list: &str) -> Vec<String> {
    let array: js_sys::Array = js_sys::JSON::parse(list).unwrap().unchecked_into();
    array.iter().filter_map(|v| v.as_string()).collect()
}

/// Mounts a guarantee checkout for `bk_8` in `locale`, its consent answered
/// `consent_status` ([`serve_guarantee`]): the page's own `fetch`, the
/// host, its recorded events and the handle.
async fn mount_guarantee(
    consent_status: u16,
    locale: &str,
) -> (JsValue, web_sys::Element, Rc<RefCell<Vec<String>>>, booking_checkout::CheckoutHandle) {
    load_double().await;
    let real_fetch = Reflect::get(&window(), &"fetch".into()).unwrap();
    serve_guarantee(consent_status);
    let host = fresh_div();
    let events = record_events(&host);
    let options = js_sys::Object::new();
    for (name, value) in [("publishableKey", "pk_test_view"), ("bookingId", "bk_8"), ("locale", locale)] {
        Reflect::set(&options, &name.into(), &value.into()).unwrap();
    }
    let checkout = booking_checkout::mount_checkout(host.clone(), options.into());
    (real_fetch, host, events, checkout)
}

/// Regression pin for the card guarantee: the guest reads what may be
/// charged before Pay, the consent is recorded before anything reaches
/// Stripe, the card is saved with `confirmSetup` (never a payment), and
/// the host hears of a SetupIntent under the guarantee policy.
#[wasm_bindgen_test]
async fn a_guarantee_records_the_consent_then_saves_the_card_and_charges_nothing() {
    let (real_fetch, host, events, checkout) = mount_guarantee(204, "fr").await;
    until("ready", || state(&host) == "ready").await;
    assert_eq!(text(&host, "[data-testid=pay-button]"), "Enregistrer la carte");
    assert_eq!(text(&host, "[data-testid=amount]"), "125,00\u{a0}€");
    let consent = text(&host, "[data-testid=consent]");
    assert!(consent.contains("39,00\u{a0}€"), "{consent}");

    fill_card(&host, "4242424242424242");
    click(&host, "[data-testid=pay-button]");
    until("an outcome", || matches!(state(&host).as_str(), "succeeded" | "failed")).await;
    let said = host.query_selector(".bc-msg").unwrap().and_then(|m| m.text_content()).unwrap_or_default();
    assert_eq!(state(&host), "succeeded", "{said}");
    Reflect::set(&window(), &"fetch".into(), &real_fetch).unwrap();
    assert!(text(&host, "[data-testid=payment-success]").starts_with("Carte enregistrée"));
    assert!(find(&host, "[data-testid=consent]").has_attribute("hidden"), "agreed: no longer asked");

    let urls = sent("url");
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(urls[1].ends_with("/api/bookings/bk_8/consent"), "{urls:?}");
    let body: JsValue = js_sys::JSON::parse(&sent("body")[1]).unwrap();
    let field = |v: &JsValue, k: &str| Reflect::get(v, &k.into()).unwrap();
    assert_eq!(field(&body, "locale").as_string().as_deref(), Some("fr"));
    assert_eq!(field(&body, "text").as_string(), Some(consent));
    let terms = field(&body, "terms");
    assert_eq!(field(&terms, "policy").as_string().as_deref(), Some("guarantee"));
    assert_eq!(field(&field(&terms, "up_to"), "amount").as_f64(), Some(3900.0));
    assert_eq!(sent("credentials")[1], "include", "the consent goes with create-intent's credentials");
    let confirm_at = js_sys::eval("window.__stripeDouble.calls.findIndex((c) => c.method === 'confirmSetup')")
        .unwrap()
        .as_f64()
        .unwrap();
    let consent_at = js_sys::eval("window.__sent[1].at").unwrap().as_f64().unwrap();
    assert!(consent_at <= confirm_at && confirm_at >= 0.0, "recorded before the card is confirmed");
    assert_eq!(calls_of("confirmPayment"), 0, "never a payment");
    assert_eq!(
        events.borrow().last().map(String::as_str),
        Some(r#"checkout:succeeded {"setupIntentId":"seti_8","status":"succeeded","policy":"guarantee"}"#)
    );
    checkout.destroy();
}

/// Terms that changed between the form and Pay: the consent is refused,
/// nothing reaches Stripe, and the booking's terms are read again.
#[wasm_bindgen_test]
async fn a_consent_refused_for_changed_terms_confirms_nothing() {
    let (real_fetch, host, events, checkout) = mount_guarantee(409, "en").await;
    until("ready", || state(&host) == "ready").await;
    let before = calls_of("confirmSetup");
    fill_card(&host, "4242424242424242");
    click(&host, "[data-testid=pay-button]");
    until("the refusal", || state(&host) == "failed").await;
    until("the terms read again", || sent("url").len() == 3).await;
    Reflect::set(&window(), &"fetch".into(), &real_fetch).unwrap();
    assert_eq!(calls_of("confirmSetup"), before, "nothing confirmed");
    assert!(text(&host, "[data-testid=payment-error]").starts_with("The payment terms of this booking have changed"));
    assert!(events.borrow().iter().any(|e| e == r#"checkout:failed {"code":"terms_changed","policy":"guarantee"}"#));
    until("Pay offered again", || !find(&host, "[data-testid=pay-button]").has_attribute("disabled")).await;
    checkout.destroy();
}

fn deferred_options(key: &str) -> JsValue {
    let options = js_sys::Object::new();
    for (name, value) in [("publishableKey", key), ("bookingId", "bk_1"), ("flow", "deferred"), ("currency", "eur")] {
        Reflect::set(&options, &name.into(), &value.into()).unwrap();
    }
    Reflect::set(&options, &"amount".into(), &9900.into()).unwrap();
    options.into()
}

#[wasm_bindgen_test]
async fn a_host_listener_may_destroy_the_checkout_while_it_is_told() {
    load_double().await;
    let host = fresh_div();
    let slot: Rc<RefCell<Option<booking_checkout::CheckoutHandle>>> = Rc::default();
    let destroyed = Rc::new(Cell::new(false));
    let on_ready = Closure::<dyn Fn()>::new({
        let (slot, destroyed) = (slot.clone(), destroyed.clone());
        move || {
            if let Some(handle) = slot.borrow().as_ref() {
                handle.destroy();
                destroyed.set(true);
            }
        }
    });
    host.add_event_listener_with_callback("checkout:ready", on_ready.as_ref().unchecked_ref()).unwrap();
    on_ready.forget();
    *slot.borrow_mut() = Some(booking_checkout::mount_checkout(host.clone(), deferred_options("pk_test_view")));
    assert_eq!(text(&host, "[data-testid=amount]"), "€99.00", "a deferred amount shows at once");
    until("the listener", || destroyed.get()).await;
    assert!(host.query_selector(".bc").unwrap().is_none());
    sleep(50).await;
    assert!(host.query_selector("iframe").unwrap().is_none(), "the element is destroyed");

    // The module is still alive and mounts again.
    let again = booking_checkout::mount_checkout(host.clone(), deferred_options("pk_test_view"));
    until("ready again", || state(&host) == "ready").await;
    again.destroy();
    assert!(host.query_selector(".bc").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_return_secret_is_scrubbed_from_the_address_bar_even_when_the_configuration_is_refused() {
    // Regression: the scrub ran only for a valid configuration, so a
    // misconfigured page kept the client secret in the address bar and history.
    clean_page();
    let history = window().history().unwrap();
    let path = window().location().pathname().unwrap();
    let with_secret = format!(
        "{path}?keep=1&payment_intent=pi_9&payment_intent_client_secret=pi_9_secret_abc&redirect_status=succeeded"
    );
    history.replace_state_with_url(&JsValue::NULL, "", Some(&with_secret)).unwrap();
    let host = fresh_div();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"publishableKey".into(), &"sk_test_refused_in_browser".into()).unwrap();
    Reflect::set(&options, &"bookingId".into(), &"bk_1".into()).unwrap();
    let handle = booking_checkout::mount_checkout(host.clone(), options.into());
    assert_eq!(
        window().location().search().unwrap(),
        "?keep=1",
        "every Stripe parameter is gone, the page's own stays"
    );
    until("the error state", || host.query_selector("[data-testid=config-error]").unwrap().is_some()).await;
    handle.destroy();
    history.replace_state_with_url(&JsValue::NULL, "", Some(&path)).unwrap();
}

// ------------------------------------------------ load failures, languages

/// Sets `window.__stripeDoubleConfig` to `config` (a JSON object).
fn double_config(config: &str) {
    let value = js_sys::JSON::parse(config).unwrap();
    Reflect::set(&window(), &"__stripeDoubleConfig".into(), &value).unwrap();
}

/// Mounts a Payment Element and returns what its `loaderror` said, if it fired.
async fn load_failure_of_element() -> Option<LoadFailure> {
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let mut element = group.create(ElementKind::Payment).unwrap();
    let seen = Rc::new(Cell::new(None));
    let sink = seen.clone();
    element.on_load_failure(move |f| sink.set(Some(f))).unwrap();
    element.mount(&fresh_div()).unwrap();
    until("loaderror", || seen.get().is_some()).await;
    seen.get()
}

#[wasm_bindgen_test]
async fn an_element_load_error_is_read_by_its_type_and_a_refused_key_is_told_apart() {
    load_double().await;
    double_config(r#"{"loadError": {"type": "api_connection_error", "message": "Failed to fetch"}}"#);
    assert_eq!(load_failure_of_element().await, Some(LoadFailure::Element(StripeErrorKind::ApiConnection)));
    double_config(r#"{"loadError": "Internal: elements session failed"}"#);
    assert_eq!(load_failure_of_element().await, Some(LoadFailure::Element(StripeErrorKind::Api)));
    // Stripe's answer to a key it does not know: no code, only its wording.
    double_config(r#"{"rejectKey": true}"#);
    assert_eq!(load_failure_of_element().await, Some(LoadFailure::KeyRejected));
    double_config("{}");
}

#[wasm_bindgen_test]
async fn a_script_that_fails_while_online_reads_as_blocked() {
    clean_page();
    assert!(loader::online(), "the test browser is online");
    let error = loader::load_from("http://127.0.0.1:9/stripe.js").await.unwrap_err();
    assert_eq!(error.failure(loader::online()), LoadFailure::ScriptBlocked);
    let error = loader::load_from(&script_url("window.__notStripe = 1;")).await.unwrap_err();
    assert_eq!(error.failure(loader::online()), LoadFailure::ScriptAltered);
}

/// What the browser's own `Intl.NumberFormat` writes for `major` units.
fn intl(locale: &str, currency: &str, major: f64) -> String {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"style".into(), &"currency".into()).unwrap();
    Reflect::set(&options, &"currency".into(), &currency.into()).unwrap();
    let format = js_sys::Intl::NumberFormat::new(&Array::of1(&locale.into()), &options).format();
    format.call1(&JsValue::NULL, &major.into()).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn amounts_are_written_exactly_as_the_browsers_intl_writes_them_in_every_language() {
    use booking_checkout::i18n::format_money;
    use booking_contract::{Currency, Money};
    let mut checked = 0;
    for locale in Locale::ALL {
        for code in ["eur", "gbp", "usd", "chf", "jpy", "cad", "aud", "sek"] {
            let currency = Currency::parse(code).unwrap();
            let scale = 10f64.powi(currency.exponent() as i32);
            for minor in [5, 990, 12_500, 123_456, 1_234_567, 99_999_999] {
                let money = Money::new(minor, currency).unwrap();
                let expected = intl(locale.stripe_tag(), &code.to_ascii_uppercase(), minor as f64 / scale);
                assert_eq!(format_money(locale, &money), expected, "{locale:?} {code} {minor}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 6 * 8 * 6);
}

/// How many elements the double has mounted so far.
fn mounts() -> u32 {
    js_sys::eval("window.__stripeDouble.calls.filter(c => c.method === 'mount').length").unwrap().as_f64().unwrap()
        as u32
}

const CONNECTION_LOST: &str = r#"{"loadError": {"type": "api_connection_error", "message": "Failed to fetch"}}"#;

#[wasm_bindgen_test]
async fn a_lost_connection_while_loading_is_retried_on_its_own_after_the_back_off() {
    load_double().await;
    double_config(CONNECTION_LOST);
    let host = fresh_div();
    let events = record_events(&host);
    let checkout = booking_checkout::mount_checkout(host.clone(), deferred_options("pk_test_view"));
    until("the load failure", || state(&host) == "failed").await;
    assert_eq!(text(&host, "[data-testid=payment-error]"), Text::ElementConnection.get(Locale::En));
    assert_eq!(
        events.borrow().as_slice(),
        [r#"checkout:failed {"code":"element_api_connection_error","policy":"pay_now"}"#]
    );
    double_config("{}");
    sleep(1_500).await;
    assert_eq!(state(&host), "failed", "nothing before the first back-off (2 s) is over");
    until("the automatic retry", || state(&host) == "ready").await;
    assert_eq!(mounts(), 2);
    checkout.destroy();
}

#[wasm_bindgen_test]
async fn the_browser_coming_back_online_retries_at_once() {
    load_double().await;
    double_config(CONNECTION_LOST);
    let host = fresh_div();
    let checkout = booking_checkout::mount_checkout(host.clone(), deferred_options("pk_test_view"));
    until("the load failure", || state(&host) == "failed").await;
    double_config("{}");
    window().dispatch_event(&web_sys::Event::new("online").unwrap()).unwrap();
    sleep(300).await;
    assert_eq!(state(&host), "ready", "well before the 2 s back-off");
    checkout.destroy();
}

#[wasm_bindgen_test]
async fn a_destroyed_checkout_leaves_no_retry_timer_or_online_listener_behind() {
    load_double().await;
    double_config(CONNECTION_LOST);
    let host = fresh_div();
    let checkout = booking_checkout::mount_checkout(host.clone(), deferred_options("pk_test_view"));
    until("the load failure", || state(&host) == "failed").await;
    let before = mounts();
    checkout.destroy();
    double_config("{}");
    window().dispatch_event(&web_sys::Event::new("online").unwrap()).unwrap();
    sleep(2_500).await;
    assert_eq!(mounts(), before, "neither the timer nor the online listener outlived the checkout");
    assert!(host.query_selector(".bc").unwrap().is_none());
}

/// Clicks `selector` inside the first iframe titled `title` (the double's stand-in UI).
fn click_in_frame(title: &str, selector: &str) -> bool {
    js_sys::eval(&format!(
        "(() => {{ const f = document.querySelector('iframe[title=\"{title}\"]'); \
           const b = f && f.contentDocument && f.contentDocument.querySelector('{selector}'); \
           if (b) b.click(); return !!b; }})()"
    ))
    .unwrap()
    .as_bool()
    .unwrap()
}

fn wallet_record(field: &str) -> String {
    js_sys::eval(&format!("JSON.stringify(window.__stripeDouble.wallet.{field})")).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
async fn the_express_checkout_bindings_read_ready_click_and_confirm_as_stripe_documents_them() {
    load_double().await;
    js_sys::eval("window.__stripeDoubleConfig = { wallets: ['apple_pay', 'link'] }").unwrap();
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let mut wallets = group.create_express().unwrap();
    let available: Rc<Cell<Option<bool>>> = Rc::default();
    let approved: Rc<RefCell<Option<booking_checkout::stripe::WalletConfirm>>> = Rc::default();
    let (a, c) = (available.clone(), approved.clone());
    wallets.on_wallets_ready(move |any| a.set(Some(any))).unwrap();
    wallets.on_wallet_click(|click| click.resolve()).unwrap();
    wallets.on_wallet_confirm(move |w| *c.borrow_mut() = Some(w)).unwrap();
    let host = fresh_div();
    wallets.mount(&host).unwrap();
    until("ready", || available.get().is_some()).await;
    assert_eq!(available.get(), Some(true), "availablePaymentMethods names a wallet");

    assert!(click_in_frame("Secure express checkout frame", "[data-wallet=link]"));
    // The sheet's buttons answer once its frame has loaded: press until it does.
    until("confirm", || {
        if approved.borrow().is_some() {
            return true;
        }
        click_in_frame("Link payment sheet", "#wallet-approve");
        false
    })
    .await;
    let clicks = wallet_record("clicks");
    assert!(clicks.contains("\"shown\":true"), "resolve() was called in time: {clicks}");
    let w = approved.borrow_mut().take().unwrap();
    assert_eq!(w.payment_type, "link");
    w.fail();
    assert_eq!(wallet_record("failed"), r#"[{"kind":"link","reason":"fail"}]"#);

    // No wallet on the device: `availablePaymentMethods` is undefined.
    js_sys::eval("window.__stripeDoubleConfig = {}").unwrap();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    let mut none = group.create_express().unwrap();
    let seen: Rc<Cell<Option<bool>>> = Rc::default();
    let n = seen.clone();
    none.on_wallets_ready(move |any| n.set(Some(any))).unwrap();
    none.mount(&fresh_div()).unwrap();
    until("ready without wallets", || seen.get().is_some()).await;
    assert_eq!(seen.get(), Some(false));
    assert!(wallets.mount(&host).is_err(), "mounted once only");
}

#[wasm_bindgen_test]
async fn fetch_updates_resolves_and_a_retrieved_intent_carries_its_amount() {
    load_double().await;
    let stripe = StripeClient::new(&pk(), Locale::En).unwrap();
    let s = secret();
    let group = stripe.elements(GroupMode::Intent(&s), "stripe", Locale::En).unwrap();
    assert_eq!(group.fetch_updates().await, Ok(()));
    assert_eq!(calls_of("fetchUpdates"), 1);
    assert_eq!(stripe.retrieve(&s).await.unwrap().amount, None, "an amount Stripe did not report is not made up");
    js_sys::eval("window.__stripeDouble.serverIntent('pi_browser1_secret_abc', { amount: 18750, currency: 'eur' })")
        .unwrap();
    let money = stripe.retrieve(&s).await.unwrap().amount.unwrap();
    assert_eq!((money.amount, money.currency.as_str()), (18_750, "eur"));
}

fn calls_of(method: &str) -> u32 {
    js_sys::eval(&format!("window.__stripeDouble.calls.filter(c => c.method === '{method}').length"))
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

#[wasm_bindgen_test]
async fn an_early_shell_without_its_record_is_replaced_not_shared() {
    load_double().await;
    double_config("{}");
    let host = fresh_div();
    // What early.js leaves in an element, here with a stand-in for its form.
    let early = js_sys::eval(
        "(() => { const root = document.createElement('div'); root.className = 'bc'; \
          root.setAttribute('data-early', ''); root.innerHTML = '<div class=\"bc-payarea\"><div class=\"bc-wallets\"></div>\
          <div class=\"bc-form\"><div class=\"bc-skeleton\"></div><div class=\"bc-element\"><i id=early-form></i></div></div></div>'; \
          return root; })()",
    )
    .unwrap();
    host.append_child(early.unchecked_ref()).unwrap();
    let checkout = booking_checkout::mount_checkout(host.clone(), deferred_options("pk_test_view"));
    until("the form", || state(&host) == "ready").await;
    assert_eq!(host.query_selector_all(".bc").unwrap().length(), 1, "one shell");
    assert!(host.query_selector("#early-form").unwrap().is_none(), "the early one is gone");
    assert!(host.query_selector(".bc[data-early]").unwrap().is_none());
    checkout.destroy();
}
