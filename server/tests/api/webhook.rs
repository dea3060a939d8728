//! The webhook: verified on raw bytes, deduplicated, never downgrading.

use crate::helpers::*;
use serde_json::Value;

/// Alice's booking with an intent created through create-intent.
async fn with_intent(app: &TestApp) -> String {
    let alice = app.login(ALICE).await;
    let body: Value = app.create_intent(Some(&alice), "bk_demo_1").await.json().await.unwrap();
    body["client_secret"].as_str().unwrap().split("_secret_").next().unwrap().to_owned()
}

#[tokio::test]
async fn a_signed_succeeded_event_marks_the_booking_paid() {
    let app = spawn_app().await;
    let pi = with_intent(&app).await;
    let res = app.webhook(&event("evt_ok_1", "payment_intent.succeeded", &pi), WEBHOOK_SECRET, now()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "paid");
}

/// A signing secret rolled without downtime: while both are configured,
/// a delivery signed with the old one, the new one or both is applied;
/// once the old one is removed, its signature is refused.
#[tokio::test]
async fn while_the_webhook_secret_is_rolled_old_and_new_signatures_are_accepted() {
    const NEW: &str = "whsec_suite_rolled_in";
    let rolling =
        vec![("STRIPE_WEBHOOK_SECRET", NEW.to_owned()), ("STRIPE_WEBHOOK_SECRET_PREVIOUS", WEBHOOK_SECRET.to_owned())];
    let app = spawn_app_with(Options { env: rolling, ..Options::default() }).await;
    let pi = with_intent(&app).await;
    let old_only = app.webhook(&event("evt_roll_old", "payment_intent.processing", &pi), WEBHOOK_SECRET, now()).await;
    assert_eq!(old_only.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "processing");
    let new_only = app.webhook(&event("evt_roll_new", "payment_intent.payment_failed", &pi), NEW, now()).await;
    assert_eq!(new_only.status(), 200);
    let body = event("evt_roll_both", "payment_intent.succeeded", &pi);
    let t = now();
    let both = format!(
        "t={t},v1={},v1={}",
        booking_server::stripe::webhook::sign(WEBHOOK_SECRET, t, body.as_bytes()),
        booking_server::stripe::webhook::sign(NEW, t, body.as_bytes())
    );
    let res = app
        .http
        .post(app.url("/api/payments/webhook"))
        .header("content-type", "application/json")
        .header("stripe-signature", both)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "paid");

    // The roll is over: the old secret is removed from the configuration.
    let rolled = vec![("STRIPE_WEBHOOK_SECRET", NEW.to_owned())];
    let app = spawn_app_with(Options { env: rolled, ..Options::default() }).await;
    let pi = with_intent(&app).await;
    let body = event("evt_roll_removed", "payment_intent.succeeded", &pi);
    assert_eq!(app.webhook(&body, WEBHOOK_SECRET, now()).await.status(), 400);
    assert_eq!(app.booking_status("bk_demo_1").await, "awaiting_payment");
    assert_eq!(app.webhook(&body, NEW, now()).await.status(), 200);
}

#[tokio::test]
async fn a_bad_signature_changes_nothing_and_gets_a_generic_400() {
    let app = spawn_app().await;
    let pi = with_intent(&app).await;
    let body = event("evt_bad_1", "payment_intent.succeeded", &pi);
    for res in [
        app.webhook(&body, "whsec_someone_else", now()).await,
        app.webhook(&body, WEBHOOK_SECRET, now() - 301).await,
        app.http
            .post(app.url("/api/payments/webhook"))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(res.status(), 400);
        assert_eq!(error_code(res).await, "invalid_request");
    }
    assert_eq!(app.booking_status("bk_demo_1").await, "awaiting_payment");
}

#[tokio::test]
async fn a_valid_signature_over_invalid_json_is_400_and_processes_nothing() {
    let app = spawn_app().await;
    let res = app.webhook("{\"id\": \"evt_1\", broken", WEBHOOK_SECRET, now()).await;
    assert_eq!(res.status(), 400);
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM processed_events").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(seen, 0);
}

#[tokio::test]
async fn a_redelivered_event_is_a_2xx_no_op() {
    let app = spawn_app().await;
    let pi = with_intent(&app).await;
    let body = event("evt_dup_1", "payment_intent.succeeded", &pi);
    assert_eq!(app.webhook(&body, WEBHOOK_SECRET, now()).await.status(), 200);
    // Undo by hand: a repeat must not apply the event again.
    sqlx::query("UPDATE bookings SET status = 'awaiting_payment' WHERE id = 'bk_demo_1'")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(app.webhook(&body, WEBHOOK_SECRET, now()).await.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "awaiting_payment");
}

#[tokio::test]
async fn the_same_event_delivered_twice_concurrently_changes_state_once() {
    let app = spawn_app().await;
    let pi = with_intent(&app).await;
    let body = event("evt_race_1", "payment_intent.succeeded", &pi);
    let (a, b) = tokio::join!(app.webhook(&body, WEBHOOK_SECRET, now()), app.webhook(&body, WEBHOOK_SECRET, now()));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM processed_events WHERE event_id = 'evt_race_1'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(app.booking_status("bk_demo_1").await, "paid");
}

#[tokio::test]
async fn a_late_failure_never_downgrades_a_paid_booking() {
    let app = spawn_app().await;
    let pi = with_intent(&app).await;
    app.webhook(&event("evt_late_1", "payment_intent.succeeded", &pi), WEBHOOK_SECRET, now()).await;
    let res = app.webhook(&event("evt_late_2", "payment_intent.payment_failed", &pi), WEBHOOK_SECRET, now()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "paid");
    let status: String = sqlx::query_scalar("SELECT status FROM payments WHERE payment_intent_id = $1")
        .bind(&pi)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(status, "succeeded");
}

#[tokio::test]
async fn an_event_for_an_unknown_intent_is_acknowledged_and_ignored() {
    let app = spawn_app().await;
    let res =
        app.webhook(&event("evt_unknown_1", "payment_intent.succeeded", "pi_unknown"), WEBHOOK_SECRET, now()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "awaiting_payment");
}

#[tokio::test]
async fn a_body_over_64_kib_is_refused_with_413() {
    let app = spawn_app().await;
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(70 * 1024));
    let res = app.webhook(&big, WEBHOOK_SECRET, now()).await;
    assert_eq!(res.status(), 413);
    assert_eq!(error_code(res).await, "payload_too_large");
}

#[tokio::test]
async fn the_signature_tolerance_is_measured_on_the_servers_clock() {
    let app = spawn_app().await;
    let pi = with_intent(&app).await;
    let signed_at = 1_700_000_000;
    let body = event("evt_clock_1", "payment_intent.succeeded", &pi);
    app.state.clock.set(signed_at + 301);
    assert_eq!(app.webhook(&body, WEBHOOK_SECRET, signed_at).await.status(), 400, "stale on the server's clock");
    app.state.clock.set(signed_at + 300);
    assert_eq!(app.webhook(&body, WEBHOOK_SECRET, signed_at).await.status(), 200);
    assert_eq!(app.booking_status("bk_demo_1").await, "paid");
}
