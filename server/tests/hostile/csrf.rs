//! The 415 rule lives in the CSRF guard: a handler that takes `axum::Json`,
//! raw bytes or a string still never sees a body a cross-site form could
//! send. Pins the rule's place: moving it back into one extractor fails
//! these tests.

use crate::support::*;
use axum::body::Bytes;
use axum::routing::post;
use axum::Router;
use booking_server::config::Config;
use std::sync::Arc;

/// A router with the production guard over handlers that do no content
/// type check of their own (or, for `axum::Json`, a different one).
async fn guarded() -> String {
    let dir = TempDir::new();
    let env = env(&dir, "http://127.0.0.1:9", "127.0.0.1:8700".parse().unwrap());
    let config = Arc::new(Config::from_lookup(|k| env.get(k).cloned()).unwrap());
    let app = Router::new()
        .route("/api/json", post(|axum::Json(v): axum::Json<serde_json::Value>| async move { v.to_string() }))
        .route("/api/bytes", post(|b: Bytes| async move { format!("{} bytes", b.len()) }))
        .route("/api/text", post(|s: String| async move { s }))
        .layer(axum::middleware::from_fn_with_state(config, booking_server::security::csrf_guard))
        .layer(axum::middleware::from_fn(booking_server::error::error_bodies));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn bodies_a_form_can_send_are_415_before_any_handler_runs() {
    let base = guarded().await;
    let http = reqwest::Client::new();
    let types = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];
    for path in ["/api/json", "/api/bytes", "/api/text"] {
        for ct in types {
            let res = http.post(format!("{base}{path}")).header("content-type", ct).body("{}").send().await.unwrap();
            assert_eq!(res.status(), 415, "{path} {ct}");
            assert_eq!(fixed_error(res, &[]).await, "unsupported_media_type");
        }
        let res = http.post(format!("{base}{path}")).body("{}").send().await.unwrap();
        assert_eq!(res.status(), 415, "{path}: a body without a type");
    }
}

#[tokio::test]
async fn json_passes_the_guard_and_a_bodyless_request_is_left_to_the_handler() {
    let base = guarded().await;
    let http = reqwest::Client::new();
    let res = http.post(format!("{base}/api/bytes")).header("content-type", "application/json").body("{}").send();
    assert_eq!(res.await.unwrap().text().await.unwrap(), "2 bytes");
    let res = http.post(format!("{base}/api/bytes")).send().await.unwrap();
    assert_eq!(res.text().await.unwrap(), "0 bytes");
}

#[tokio::test]
async fn the_production_api_refuses_a_form_post_to_every_state_changing_route() {
    let stub = crate::stripe_stub::Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (cookie, booking) = app.user_with_booking("alice").await;
    for (method, path) in [
        ("POST", "/api/session".to_owned()),
        ("DELETE", "/api/session".to_owned()),
        ("POST", "/api/bookings".to_owned()),
        ("PATCH", format!("/api/bookings/{booking}")),
        ("POST", "/api/payments/create-intent".to_owned()),
    ] {
        let res = app
            .http
            .request(method.parse().unwrap(), app.url(&path))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("booking_id={booking}&room=garden&nights=1"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 415, "{method} {path}");
    }
    assert_eq!(stub.requests(), 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1, "the form DELETE did not sign out");
}
