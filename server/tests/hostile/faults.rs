//! Faults: Stripe down, slow, failing or garbled; the database locked or
//! gone. Each is answered with the fixed body and a retryable status,
//! nothing is half-written, and the retry after recovery makes no second
//! intent; a webhook that could not be applied is answered non-2xx so
//! Stripe delivers it again, and the redelivery is applied once.

use crate::stripe_stub::{Mode, Stub, LEAK_MARKER};
use crate::support::*;
use std::time::Duration;

const LEAKS: &[&str] = &[LEAK_MARKER, "stub-internal", "sk_test", "stripe_", "sqlite", "SQL", "database"];

#[tokio::test]
async fn a_stripe_that_is_down_is_a_sanitised_502_and_nothing_is_recorded() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = spawn(&format!("http://127.0.0.1:{port}"), Options::default()).await;
    let (alice, booking) = app.user_with_booking("alice").await;
    let res = app.create_intent(&alice, &booking).await;
    assert_eq!(res.status(), 502);
    assert_eq!(fixed_error(res, LEAKS).await, "payment_provider_unavailable");
    assert_eq!(app.count("SELECT COUNT(*) FROM payments").await, 0);
}

/// Each fault, then recovery: 502 with the fixed body, no payment row, and
/// the retry hands out the one intent Stripe made (same idempotency key).
#[tokio::test]
async fn a_slow_failing_or_garbled_stripe_is_a_sanitised_502_and_the_retry_makes_no_second_intent() {
    let stub = Stub::start().await;
    let opts = Options { stripe_timeout: Duration::from_millis(400), ..Options::default() };
    let app = spawn(&stub.url, opts).await;
    for (i, fault) in [Mode::Slow(Duration::from_millis(1500)), Mode::Error500, Mode::Malformed].into_iter().enumerate()
    {
        let (cookie, booking) = app.user_with_booking(&format!("guest{i}")).await;
        stub.set_mode(fault);
        let res = app.create_intent(&cookie, &booking).await;
        assert_eq!(res.status(), 502, "{fault:?}");
        assert_eq!(fixed_error(res, LEAKS).await, "payment_provider_unavailable", "{fault:?}");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE booking_id = $1")
            .bind(&booking)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        assert_eq!(rows, 0, "nothing half-written after {fault:?}");

        stub.set_mode(Mode::Ok);
        let made_before = stub.intents();
        let res = app.create_intent(&cookie, &booking).await;
        assert_eq!(res.status(), 200, "{fault:?}");
        let body: serde_json::Value = res.json().await.unwrap();
        let pi = body["client_secret"].as_str().unwrap().split("_secret_").next().unwrap().to_owned();
        let recorded: String = sqlx::query_scalar("SELECT payment_intent_id FROM payments WHERE booking_id = $1")
            .bind(&booking)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        assert_eq!(recorded, pi);
        if fault != Mode::Error500 {
            let calls = stub.create_calls();
            assert_eq!(calls[calls.len() - 1], calls[calls.len() - 2], "{fault:?}: the retry sent the same key");
        }
        let expected_new = usize::from(fault == Mode::Error500);
        assert_eq!(stub.intents(), made_before + expected_new, "{fault:?}: the retry reused Stripe's intent");
    }
}

/// Holds SQLite's write lock from another connection, as another process
/// (a migration, a backup, a long transaction) would.
async fn lock_database(app: &App) -> sqlx::AnyConnection {
    use sqlx::{Connection, Executor};
    let url = format!("sqlite://{}", app.dir.0.join("test.db").display());
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    conn.execute("BEGIN IMMEDIATE").await.unwrap();
    conn
}

#[tokio::test]
async fn a_locked_database_is_a_sanitised_503_and_the_retry_records_stripes_one_intent() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (alice, booking) = app.user_with_booking("alice").await;
    let mut lock = lock_database(&app).await;
    let res = app.create_intent(&alice, &booking).await;
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(fixed_error(res, LEAKS).await, "internal");
    {
        use sqlx::Executor;
        lock.execute("ROLLBACK").await.unwrap();
    }
    let res = app.create_intent(&alice, &booking).await;
    assert_eq!(res.status(), 200);
    assert_eq!(stub.intents(), 1, "the retry asked Stripe with the same key and got the same intent");
    assert_eq!(app.count("SELECT COUNT(*) FROM payments").await, 1);
}

#[tokio::test]
async fn a_webhook_that_meets_a_locked_database_is_non_2xx_and_its_redelivery_is_applied_once() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (alice, booking) = app.user_with_booking("alice").await;
    let body: serde_json::Value = app.create_intent(&alice, &booking).await.json().await.unwrap();
    let pi = body["client_secret"].as_str().unwrap().split("_secret_").next().unwrap().to_owned();
    let paid = event("evt_locked_1", "payment_intent.succeeded", &pi);

    let mut lock = lock_database(&app).await;
    let res = app.webhook(&paid).await;
    assert_eq!(res.status(), 503, "Stripe redelivers on any non-2xx");
    assert_eq!(fixed_error(res, LEAKS).await, "internal");
    {
        use sqlx::Executor;
        lock.execute("ROLLBACK").await.unwrap();
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM processed_events").await, 0, "the event is not marked as seen");
    assert_eq!(app.webhook(&paid).await.status(), 200);
    assert_eq!(app.webhook(&paid).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM processed_events").await, 1);
    let status: String = sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
        .bind(&booking)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(status, "paid");
}

#[tokio::test]
async fn a_database_that_is_gone_is_a_sanitised_503_for_the_api_and_the_webhook() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (alice, booking) = app.user_with_booking("alice").await;
    app.state.db.close().await;
    let res = app.create_intent(&alice, &booking).await;
    assert_eq!(res.status(), 503);
    assert_eq!(fixed_error(res, LEAKS).await, "internal");
    let res = app.webhook(&event("evt_gone_1", "payment_intent.succeeded", "pi_x")).await;
    assert_eq!(res.status(), 503, "not acknowledged: Stripe keeps it for redelivery");
    assert_eq!(stub.requests(), 0, "no Stripe call without a database to record it in");
}
