//! Logs of failure paths never carry secrets or personal data.

use crate::helpers::*;
use serde_json::json;
use std::sync::{Arc, Mutex, OnceLock};

static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

/// Installs the capturing subscriber once for the whole test binary.
pub fn capture() {
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || BufWriter(writer.clone()))
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        buf
    });
}

pub fn captured() -> String {
    String::from_utf8_lossy(&LOGS.get().unwrap().lock().unwrap()).into_owned()
}

#[tokio::test]
async fn failure_paths_never_log_secrets_signatures_cookies_emails_or_bodies() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let marker = "RAW_BODY_MARKER_5b1f";
    // Failing webhook with a raw body and a signature.
    let body = format!(
        r#"{{"id":"evt_log","type":"payment_intent.succeeded","note":"{marker}","data":{{"object":{{"id":"pi_x","object":"payment_intent"}}}}}}"#
    );
    let bad = app.webhook(&body, "whsec_wrong_log_test", now()).await;
    assert_eq!(bad.status(), 400);
    // Injection attempt with a key in header and body.
    app.post("/api/payments/create-intent", Some(&alice), json!({"booking_id": "bk_demo_2", "k": "sk_test_attacker"}))
        .header("x-stripe-secret-key", "sk_test_attacker")
        .send()
        .await
        .unwrap();
    // Failed sign-in with an email and password.
    app.post("/api/session", None, json!({"email": "carol@example.com", "password": "hunter2-log-test"}))
        .send()
        .await
        .unwrap();
    // Bad JSON carrying personal data.
    app.http
        .post(app.url("/api/bookings"))
        .header("cookie", &alice)
        .header("content-type", "application/json")
        .body(r#"{"room": "x", "name": "Carol Customer", "address": "1 Secret Lane"#)
        .send()
        .await
        .unwrap();
    // A successful create-intent: its client secret must not be logged either.
    let ok: serde_json::Value = app.create_intent(Some(&alice), "bk_demo_1").await.json().await.unwrap();
    let client_secret = ok["client_secret"].as_str().unwrap().to_owned();
    // A return URL carrying a client secret in its query.
    app.get(&format!("/?payment_intent_client_secret={client_secret}"), None).send().await.unwrap();

    let logs = captured();
    assert!(logs.contains("request refused"), "the capture works: {}", &logs[..logs.len().min(500)]);
    let cookie_value = alice.split_once('=').unwrap().1;
    for secret in [
        SECRET_KEY,
        WEBHOOK_SECRET,
        "whsec_wrong_log_test",
        "sk_test_attacker",
        "v1=",
        marker,
        cookie_value,
        "alice@example.com",
        "carol@example.com",
        "hunter2-log-test",
        "Carol Customer",
        "Secret Lane",
        &client_secret,
        "_secret_",
    ] {
        assert!(!logs.contains(secret), "logs contain {secret:?}");
    }
}
