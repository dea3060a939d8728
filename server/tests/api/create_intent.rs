//! create-intent: authentication, ownership, pricing, one intent per booking.

use crate::helpers::*;
use serde_json::{json, Value};

const PATH: &str = "/v1/payment_intents";

#[tokio::test]
async fn without_a_session_it_is_401_and_no_request_reaches_stripe() {
    let app = spawn_app().await;
    let res = app.create_intent(None, "bk_demo_1").await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "unauthenticated");
    let res = app.create_intent(Some("__Host-session=forged"), "bk_demo_1").await;
    assert_eq!(res.status(), 401);
    assert!(app.stripe.seen().is_empty(), "Stripe saw {:?}", app.stripe.seen());
}

#[tokio::test]
async fn another_users_booking_is_404_and_nothing_is_created() {
    let app = spawn_app().await;
    let bob = app.login(BOB).await;
    let res = app.create_intent(Some(&bob), "bk_demo_1").await;
    assert_eq!(res.status(), 404);
    assert_eq!(error_code(res).await, "not_found");
    let res = app.create_intent(Some(&bob), "bk_does_not_exist").await;
    assert_eq!(res.status(), 404, "unknown and foreign bookings look the same");
    assert!(app.stripe.seen().is_empty());
}

#[tokio::test]
async fn the_amount_comes_from_the_booking_and_a_client_amount_is_ignored() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let res = app
        .post(
            "/api/payments/create-intent",
            Some(&alice),
            json!({"booking_id": "bk_demo_1", "amount": 1, "currency": "usd"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!((body["amount"].as_i64(), body["currency"].as_str()), (Some(12_500), Some("eur")));
    let created: Vec<_> = app.stripe.seen().into_iter().filter(|s| s.method == "POST" && s.path == PATH).collect();
    assert_eq!(created.len(), 1);
    assert!(
        created[0].body.contains("amount=12500") && created[0].body.contains("currency=eur"),
        "{}",
        created[0].body
    );
    assert!(created[0].idempotency_key.as_deref().is_some_and(|k| k.contains("bk_demo_1")));
}

#[tokio::test]
async fn a_client_sent_secret_key_changes_nothing_and_stripe_sees_only_the_configured_key() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let attacker = "sk_test_attacker";
    let plain = app.create_intent(Some(&alice), "bk_demo_1").await;
    let injected = app
        .post(
            "/api/payments/create-intent",
            Some(&alice),
            json!({"booking_id": "bk_demo_1", "stripe_secret_key": attacker, "key": attacker}),
        )
        .header("x-stripe-secret-key", attacker)
        .header("stripe-account", "acct_attacker")
        .send()
        .await
        .unwrap();
    assert_eq!((plain.status().as_u16(), injected.status().as_u16()), (200, 200));
    let (a, b): (Value, Value) = (plain.json().await.unwrap(), injected.json().await.unwrap());
    assert_eq!(a, b, "same booking, same answer, with or without the injected key");
    let seen = app.stripe.seen();
    assert!(!seen.is_empty());
    for s in &seen {
        assert_eq!(s.authorization, format!("Bearer {SECRET_KEY}"));
        assert!(!s.body.contains("attacker"));
    }
    // Without a session the injected key does not help either.
    let res = app
        .post("/api/payments/create-intent", None, json!({"booking_id": "bk_demo_1"}))
        .header("x-stripe-secret-key", attacker)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn repeated_calls_return_the_same_client_secret() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let first: Value = app.create_intent(Some(&alice), "bk_demo_1").await.json().await.unwrap();
    let second: Value = app.create_intent(Some(&alice), "bk_demo_1").await.json().await.unwrap();
    assert_eq!(first["client_secret"], second["client_secret"]);
    assert_eq!(app.stripe.count("POST", PATH), 1);
}

#[tokio::test]
async fn twenty_concurrent_calls_for_one_booking_create_exactly_one_payment_intent() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let calls = (0..20).map(|_| app.create_intent(Some(&alice), "bk_demo_1"));
    let answers = futures::future::join_all(calls).await;
    let mut secrets = std::collections::HashSet::new();
    for res in answers {
        assert_eq!(res.status(), 200);
        secrets.insert(res.json::<Value>().await.unwrap()["client_secret"].as_str().unwrap().to_owned());
    }
    assert_eq!(secrets.len(), 1, "every caller got the same intent");
    assert_eq!(app.stripe.count("POST", PATH), 1, "exactly one PaymentIntent at Stripe");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE booking_id = 'bk_demo_1'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn a_paid_booking_is_409() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    sqlx::query("UPDATE bookings SET status = 'paid' WHERE id = 'bk_demo_1'").execute(&app.state.db).await.unwrap();
    let res = app.create_intent(Some(&alice), "bk_demo_1").await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "already_paid");
    assert!(app.stripe.seen().is_empty());
}

#[tokio::test]
async fn calls_over_the_per_user_limit_get_429_with_retry_after() {
    let app = spawn_app_with(Options { burst: 2, ..Options::default() }).await;
    let alice = app.login(ALICE).await;
    assert_eq!(app.create_intent(Some(&alice), "bk_demo_1").await.status(), 200);
    assert_eq!(app.create_intent(Some(&alice), "bk_demo_1").await.status(), 200);
    let res = app.create_intent(Some(&alice), "bk_demo_1").await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=6).contains(&retry));
    assert_eq!(error_code(res).await, "rate_limited");
    let bob = app.login(BOB).await;
    assert_eq!(app.create_intent(Some(&bob), "bk_demo_2").await.status(), 200, "the limit is per user");
}

#[tokio::test]
async fn non_json_is_415_and_bad_json_is_422_with_a_generic_body() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let res = app
        .http
        .post(app.url("/api/payments/create-intent"))
        .header("cookie", &alice)
        .header("content-type", "text/plain")
        .body(r#"{"booking_id":"bk_demo_1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(error_code(res).await, "unsupported_media_type");
    for bad in [r#"{"booking_id": 5}"#, "{", r#"{"nope":1}"#, "[]"] {
        let res = app
            .http
            .post(app.url("/api/payments/create-intent"))
            .header("cookie", &alice)
            .header("content-type", "application/json")
            .body(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{bad}");
        let text = res.text().await.unwrap();
        for leak in ["line", "column", "expected", "booking_id", "invalid type", "missing field"] {
            assert!(!text.contains(leak), "{bad} leaked {leak:?}: {text}");
        }
    }
}

#[tokio::test]
async fn cross_site_and_foreign_origin_posts_are_refused() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let res = app
        .post("/api/payments/create-intent", Some(&alice), json!({"booking_id": "bk_demo_1"}))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .post("/api/payments/create-intent", Some(&alice), json!({"booking_id": "bk_demo_1"}))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "forbidden");
    let res = app
        .post("/api/payments/create-intent", Some(&alice), json!({"booking_id": "bk_demo_1"}))
        .header("origin", format!("http://{}", app.addr))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the site's own origin is fine");
    assert_eq!(app.stripe.count("POST", PATH), 1);
}

#[tokio::test]
async fn cors_allows_only_the_exact_site_origin_with_credentials() {
    let app = spawn_app().await;
    let preflight = |origin: &str| {
        app.http
            .request(reqwest::Method::OPTIONS, app.url("/api/payments/create-intent"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let own = format!("http://{}", app.addr);
    let res = preflight(&own).await.unwrap();
    assert_eq!(res.headers().get("access-control-allow-origin").unwrap(), own.as_str());
    assert_eq!(res.headers().get("access-control-allow-credentials").unwrap(), "true");
    for foreign in ["https://evil.example", "null"] {
        let res = preflight(foreign).await.unwrap();
        assert!(res.headers().get("access-control-allow-origin").is_none(), "{foreign}");
    }
}

#[tokio::test]
async fn a_bearer_token_authenticates_and_a_bad_one_is_refused_even_with_a_cookie() {
    let app = spawn_app().await;
    let token = "suite-token-for-alice";
    sqlx::query("INSERT INTO api_tokens (token_hash, user_id) SELECT $1, id FROM users WHERE email = $2")
        .bind(booking_server::auth::token_hash(token))
        .bind(ALICE.0)
        .execute(&app.state.db)
        .await
        .unwrap();
    let res = app
        .post("/api/payments/create-intent", None, json!({"booking_id": "bk_demo_1"}))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let alice = app.login(ALICE).await;
    let res = app
        .post("/api/payments/create-intent", Some(&alice), json!({"booking_id": "bk_demo_1"}))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

/// Pins the contract's meaning of `IDEMPOTENCY_HEADER`: the server does not
/// read the client's key; create-intent is idempotent by booking.
#[tokio::test]
async fn the_clients_idempotency_key_is_not_needed_and_never_reaches_stripe() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let mut secrets = Vec::new();
    for key in [Some("client-key-1"), Some("client-key-2"), None] {
        let mut req = app.post("/api/payments/create-intent", Some(&alice), json!({"booking_id": "bk_demo_1"}));
        if let Some(k) = key {
            req = req.header(booking_contract::IDEMPOTENCY_HEADER, k);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200);
        secrets.push(res.json::<Value>().await.unwrap()["client_secret"].as_str().unwrap().to_owned());
    }
    assert!(secrets.iter().all(|s| *s == secrets[0]), "one intent per booking whatever the key: {secrets:?}");
    assert_eq!(app.stripe.count("POST", PATH), 1);
    assert!(app.stripe.seen().iter().all(|s| !s.idempotency_key.as_deref().unwrap_or("").contains("client-key")));
}
