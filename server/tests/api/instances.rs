//! Several instances of the server on one PostgreSQL database: what creates
//! Stripe objects for a booking runs once across all of them (the booking
//! lock is taken in the database), and Stripe's idempotency rules
//! (localstripe behind scripts/run_localstripe.py keeps them) are honoured.
//! Two apps in this process, each with its own in-process locks, stand for
//! two processes; scripts/instances-test.sh runs real processes behind a
//! load balancer.

use crate::helpers::*;
use serde_json::Value;

/// PostgreSQL only: SQLite runs on one node.
fn postgres() -> bool {
    let on = std::env::var_os("TEST_POSTGRES_URL").is_some();
    if !on {
        eprintln!("skipped: several instances need PostgreSQL (TEST_POSTGRES_URL)");
    }
    on
}

#[tokio::test]
async fn twenty_create_intents_for_one_booking_across_two_instances_ask_stripe_once() {
    if !postgres() {
        return;
    }
    let a = spawn_app_with(Options { stripe_latency_ms: Some(300), ..Options::default() }).await;
    let b = spawn_app_with(Options { peer: Some(a.peer()), ..Options::default() }).await;
    let (alice_a, alice_b) = (a.login(ALICE).await, b.login(ALICE).await);
    let booking = a.new_booking(&alice_a).await;

    let mut calls = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (url, cookie) = if i % 2 == 0 { (a.url(""), alice_a.clone()) } else { (b.url(""), alice_b.clone()) };
        let booking = booking.clone();
        calls.spawn(async move {
            let res = reqwest::Client::new()
                .post(format!("{url}/api/payments/create-intent"))
                .header("cookie", cookie)
                .json(&serde_json::json!({ "booking_id": booking }))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        });
    }
    let answers = calls.join_all().await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    let first = answers[0].1["client_secret"].clone();
    assert!(answers.iter().all(|(_, body)| body["client_secret"] == first), "one client secret for all");
    assert_eq!(a.stripe.count("POST", "/v1/payment_intents"), 1, "Stripe is asked to create once");
}

/// The lock is the database's: while one instance holds a booking, the
/// other waits for it, and takes it as soon as it is released.
#[tokio::test]
async fn an_instance_waits_for_the_booking_another_holds() {
    if !postgres() {
        return;
    }
    let a = spawn_app().await;
    let b = spawn_app_with(Options { peer: Some(a.peer()), ..Options::default() }).await;
    let held = a.state.lock_booking("bk_demo_1").await.unwrap();
    let waiting = {
        let state = b.state.clone();
        tokio::spawn(async move { state.lock_booking("bk_demo_1").await.map(|_| ()) })
    };
    let other = b.state.lock_booking("bk_demo_2").await;
    assert!(other.is_ok(), "another booking is not held");
    // PostgreSQL itself says the other instance waits: an advisory lock
    // asked for and not granted, in this database (bounded).
    let mut queued = 0;
    for _ in 0..200 {
        queued = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
        .fetch_one(&a.state.db)
        .await
        .unwrap();
        if queued > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(queued, 1, "the other instance waits for the booking");
    assert!(!waiting.is_finished(), "the same booking is held by the other instance");
    held.release().await;
    tokio::time::timeout(std::time::Duration::from_secs(5), waiting).await.unwrap().unwrap().unwrap();
}

/// Stripe's rule, as the test proxy keeps it: a request whose key another
/// request is still executing gets 409, and the server asks again until
/// the saved answer can be given.
#[tokio::test]
async fn a_key_still_in_use_is_asked_again_and_answered_with_the_first_result() {
    // Stripe takes 1.5 s: the second request surely arrives while the first
    // executes, and the server's waits (3.1 s in all) outlast it.
    let a = spawn_app_with(Options { stripe_latency_ms: Some(1500), ..Options::default() }).await;
    let stripe = a.state.stripe.clone();
    let first = tokio::spawn(async move { stripe.create_intent(4_200, "eur", "bk_key", "key-in-use-test").await });
    a.stripe.wait_for("POST", "/v1/payment_intents", 1).await;
    let second = a.state.stripe.create_intent(4_200, "eur", "bk_key", "key-in-use-test").await.unwrap();
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.id, second.id, "one intent");
    assert!(a.stripe.count("POST", "/v1/payment_intents") >= 3, "refused while in use, then asked again");

    let reused = a.state.stripe.create_intent(4_300, "eur", "bk_key", "key-in-use-test").await.unwrap_err();
    assert!(reused.key_reused(), "{reused:?}");
    assert_eq!(
        axum::response::IntoResponse::into_response(booking_server::error::ApiError::from(reused)).status(),
        axum::http::StatusCode::BAD_GATEWAY,
        "a sanitized 502"
    );
}

/// The per-user create-intent limit lives in each instance's memory (the
/// README says so): with two instances a user gets at most twice the burst.
#[tokio::test]
async fn the_create_intent_burst_is_per_instance() {
    let a = spawn_app_with(Options { burst: 2, ..Options::default() }).await;
    let b = spawn_app_with(Options { burst: 2, peer: Some(a.peer()), ..Options::default() }).await;
    let (alice_a, alice_b) = (a.login(ALICE).await, b.login(ALICE).await);
    let mut statuses = Vec::new();
    for (app, cookie) in
        [(&a, &alice_a), (&a, &alice_a), (&a, &alice_a), (&b, &alice_b), (&b, &alice_b), (&b, &alice_b)]
    {
        statuses.push(app.create_intent(Some(cookie), "bk_demo_1").await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429, 200, 200, 429], "2 per instance, 4 in all");
}
