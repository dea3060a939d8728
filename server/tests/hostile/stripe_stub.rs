//! A tiny local stand-in for the two Stripe calls create-intent makes
//! (create and retrieve a PaymentIntent), with switchable faults. It lives
//! only in tests and the load program: the server reaches it through its
//! ordinary `STRIPE_API_BASE`, exactly as it reaches Stripe.
//!
//! Like Stripe, a repeated `Idempotency-Key` returns the intent first made
//! with it, so a retry after a fault shows whether a second intent appeared.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the stub answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Like Stripe.
    Ok,
    /// Makes the intent, then answers only after this long.
    Slow(Duration),
    /// 500 with a Stripe-shaped error whose message carries internals.
    Error500,
    /// Makes the intent, then answers 200 with a body that is not JSON.
    Malformed,
}

/// Text planted in every faulty answer; a server that forwards any of it
/// leaks Stripe's internals.
pub const LEAK_MARKER: &str = "stub-internal-7f3a sk_test_leaked";

#[derive(Default)]
struct Store {
    /// Idempotency key → intent id.
    by_key: HashMap<String, String>,
    /// Intent id → (amount, currency).
    intents: HashMap<String, (i64, String)>,
    /// POSTs to create, with their keys, in arrival order.
    create_calls: Vec<String>,
}

/// Handle on a running stub.
#[derive(Clone)]
pub struct Stub {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    mode: Arc<Mutex<Mode>>,
    store: Arc<Mutex<Store>>,
    requests: Arc<AtomicU64>,
}

impl Stub {
    /// Starts a stub on an ephemeral loopback port.
    pub async fn start() -> Self {
        let stub = Stub {
            url: String::new(),
            mode: Arc::new(Mutex::new(Mode::Ok)),
            store: Arc::default(),
            requests: Arc::default(),
        };
        let app = Router::new()
            .route("/v1/payment_intents", post(create))
            .route("/v1/payment_intents/{id}", get(retrieve))
            .with_state(stub.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Stub { url, ..stub }
    }

    /// Switches how the next requests are answered.
    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Distinct intents made so far.
    pub fn intents(&self) -> usize {
        self.store.lock().unwrap().intents.len()
    }

    /// Create calls received (retries with the same key included).
    pub fn create_calls(&self) -> Vec<String> {
        self.store.lock().unwrap().create_calls.clone()
    }

    /// Every request received.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    fn mode(&self) -> Mode {
        *self.mode.lock().unwrap()
    }
}

fn intent_json(id: &str, amount: i64, currency: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"payment_intent","status":"requires_payment_method","amount":{amount},"currency":"{currency}","client_secret":"{id}_secret_stub{amount}"}}"#
    )
}

fn form_value(body: &str, name: &str) -> Option<String> {
    body.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_owned())
}

async fn fault(mode: Mode) -> Option<Response> {
    match mode {
        Mode::Ok => None,
        Mode::Slow(d) => {
            tokio::time::sleep(d).await;
            None
        }
        Mode::Error500 => Some(
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [("content-type", "application/json")],
                format!(r#"{{"error":{{"type":"api_error","code":"stub_failure","message":"{LEAK_MARKER}"}}}}"#),
            )
                .into_response(),
        ),
        Mode::Malformed => Some(
            (StatusCode::OK, [("content-type", "application/json")], format!("<html>{LEAK_MARKER}")).into_response(),
        ),
    }
}

async fn create(State(stub): State<Stub>, headers: HeaderMap, body: Bytes) -> Response {
    stub.requests.fetch_add(1, Ordering::Relaxed);
    let mode = stub.mode();
    if mode == Mode::Error500 {
        return fault(mode).await.unwrap();
    }
    let body = String::from_utf8_lossy(&body);
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let amount: i64 = form_value(&body, "amount").and_then(|a| a.parse().ok()).unwrap_or(0);
    let currency = form_value(&body, "currency").unwrap_or_default();
    let json = {
        let mut store = stub.store.lock().unwrap();
        store.create_calls.push(key.clone());
        let n = store.intents.len();
        let id = store.by_key.entry(key).or_insert_with(|| format!("pi_stub{n:08}")).clone();
        let (amount, currency) = store.intents.entry(id.clone()).or_insert((amount, currency)).clone();
        intent_json(&id, amount, &currency)
    };
    // The intent exists now, whatever the answer: as at Stripe, a lost or
    // garbled answer does not undo it.
    if let Some(res) = fault(mode).await {
        return res;
    }
    (StatusCode::OK, [("content-type", "application/json")], json).into_response()
}

async fn retrieve(State(stub): State<Stub>, Path(id): Path<String>) -> Response {
    stub.requests.fetch_add(1, Ordering::Relaxed);
    if let Some(res) = fault(stub.mode()).await {
        return res;
    }
    let found = stub.store.lock().unwrap().intents.get(&id).cloned();
    match found {
        Some((amount, currency)) => {
            (StatusCode::OK, [("content-type", "application/json")], intent_json(&id, amount, &currency))
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, r#"{"error":{"type":"invalid_request_error","code":"resource_missing"}}"#)
            .into_response(),
    }
}
