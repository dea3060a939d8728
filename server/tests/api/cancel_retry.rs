//! A cancel that failed half-way, retried: the retry carries out only what
//! the first attempt claimed and did not make, so the guest is refunded
//! exactly what the policy gives back, whatever the webhook recorded in
//! between.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};

const STAFF_TOKEN: &str = "staff-token-for-cancel-retries";

/// A garden booking (9 600: a deposit of 2 400, then 7 200) arriving on
/// `arrival` whose deposit and balance are both paid; its id, deposit and
/// balance intents.
async fn paid_in_two(app: &TestApp, cookie: &str, arrival: Option<&str>) -> (String, String, String) {
    let (id, deposit) = app.checked_out(cookie, "garden", arrival, "deposit_paid").await;
    let res = app
        .http
        .post(app.url(&format!("/api/staff/bookings/{id}/charge")))
        .bearer_auth(STAFF_TOKEN)
        .json(&json!({"kind": "balance"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let balance = res.json::<Value>().await.unwrap()["payment_intent_id"].as_str().unwrap().to_owned();
    app.wait_status(&id, "paid").await;
    (id, deposit, balance)
}

/// What Stripe refunded of `intent`, in all.
async fn refunded_at_stripe(intent: &str) -> i64 {
    let list = stripe_object(&format!("refunds?payment_intent={intent}")).await;
    list["data"].as_array().unwrap().iter().map(|r| r["amount"].as_i64().unwrap()).sum()
}

/// Regression: the first attempt's refund of the balance was made at
/// Stripe but its answer lost; the webhook recorded it; the retry split
/// the claimed 7 200 again against what was refundable then (the deposit
/// only) and refunded the deposit on top: 9 600 back where the policy
/// gives 7 200.
#[tokio::test]
async fn a_cancel_retried_after_a_lost_refund_answer_refunds_exactly_what_the_policy_gives_back() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("cancel-retry-lost-answer").await;
    let alice = app.login(ALICE).await;
    // 13 days' notice: the garden keeps a quarter, 2 400. (The clock stays:
    // the webhook's signatures are checked against it.)
    let (id, deposit, balance) = paid_in_two(&app, &alice, Some(&day(13))).await;
    app.stripe.fail_once("POST", "/v1/refunds", &format!("payment_intent={balance}"), Failure::AnswerLost);
    let res = app.cancel(&alice, &id).await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (502, "payment_provider_unavailable"));
    assert_eq!(refunded_at_stripe(&balance).await, 7_200, "Stripe made the refund");
    app.wait_refund_recorded(&balance).await; // by the webhook

    let res = app.cancel(&alice, &id).await;
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["retained"].as_i64()), (Some("cancelled"), Some(2_400)));
    assert_eq!(answer["refunded"], 7_200);
    assert_eq!(refunded_at_stripe(&balance).await + refunded_at_stripe(&deposit).await, 7_200, "the policy's part");
    assert!(app.refunds_asked().iter().all(|(pi, _)| *pi == balance), "the deposit is kept");
    assert_eq!(app.cancel(&alice, &id).await.json::<Value>().await.unwrap(), answer, "then answered again");
}

/// The first attempt refunds the balance and Stripe refuses the deposit's
/// refund: the retry refunds the deposit's part only, with the key the
/// first attempt used for it.
#[tokio::test]
async fn a_cancel_retried_after_a_refused_refund_makes_only_the_missing_refund_with_its_first_key() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("cancel-retry-refused").await;
    let alice = app.login(ALICE).await;
    let (id, deposit, balance) = paid_in_two(&app, &alice, None).await; // 14 days ahead: free, all 9 600 back
    app.stripe.fail_once("POST", "/v1/refunds", &format!("payment_intent={deposit}"), Failure::Refused);
    let res = app.cancel(&alice, &id).await;
    assert_eq!(res.status(), 502);
    let answer: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!((answer["refunded"].as_i64(), answer["retained"].as_i64()), (Some(9_600), Some(0)));
    assert_eq!(app.refunds_asked(), [(balance.clone(), 7_200), (deposit.clone(), 2_400), (deposit.clone(), 2_400)]);
    let keys: Vec<_> =
        app.stripe.seen().into_iter().filter(|s| s.path == "/v1/refunds").filter_map(|s| s.idempotency_key).collect();
    assert_eq!(keys[1], keys[2], "the deposit's refund keeps its key");
    assert_eq!(refunded_at_stripe(&balance).await + refunded_at_stripe(&deposit).await, 9_600);
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT reason, amount FROM refunds WHERE booking_id = $1 ORDER BY amount DESC")
            .bind(&id)
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(rows, [("cancel".to_owned(), 7_200), ("cancel".to_owned(), 2_400)], "each the cancellation's");
}

/// Staff's `action` (`charge`, `capture`) on `id` with `body`: its status.
async fn staff_status(app: &TestApp, id: &str, action: &str, body: Value) -> u16 {
    let url = app.url(&format!("/api/staff/bookings/{id}/{action}"));
    app.http.post(url).bearer_auth(STAFF_TOKEN).json(&body).send().await.unwrap().status().as_u16()
}

/// Regression: a cancel whose refund failed left the booking
/// `deposit_paid`, and staff or the balance job could then charge the
/// balance, which the retry, bound to the first attempt's refunds, never
/// gave back.
#[tokio::test]
async fn once_a_cancel_has_begun_no_balance_is_charged_and_the_retry_refunds_by_the_policy() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("cancel-then-balance").await;
    let alice = app.login(ALICE).await;
    let (id, deposit) = app.checked_out(&alice, "garden", None, "deposit_paid").await; // free to cancel
    app.stripe.fail_once("POST", "/v1/refunds", &format!("payment_intent={deposit}"), Failure::Refused);
    assert_eq!(app.cancel(&alice, &id).await.status(), 502);
    assert_eq!(app.booking_status(&id).await, "deposit_paid");
    let created = app.stripe.count("POST", "/v1/payment_intents");

    assert_eq!(staff_status(&app, &id, "charge", json!({"kind": "balance"})).await, 409);
    let job = booking_server::routes::balance_due::charge_if_due(&app.state, &id).await.unwrap();
    assert_eq!(job, booking_server::routes::balance_due::Step::Skipped("balance_booking_cancelling"));
    assert_eq!(booking_server::balance_job::run_once(&app.state).await.charged, 0);
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), created, "no balance charged");

    let answer: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["refunded"].as_i64()), (Some("cancelled"), Some(2_400)));
}

/// Regression: staff could capture a hold between a cancel whose release
/// failed and its retry, which then finished the free cancellation with
/// the whole price captured.
#[tokio::test]
async fn once_a_cancel_has_begun_staff_cannot_capture_the_hold() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("cancel-then-capture").await;
    let alice = app.login(ALICE).await;
    let (id, hold) = app.checked_out(&alice, "suite", Some(&day(4)), "held").await; // free until 3 days before
    app.stripe.fail_once("POST", &format!("/v1/payment_intents/{hold}/cancel"), "", Failure::Refused);
    assert_eq!(app.cancel(&alice, &id).await.status(), 502);
    assert_eq!(app.booking_status(&id).await, "held");
    assert_eq!(staff_status(&app, &id, "capture", json!({})).await, 409);
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{hold}/capture")), 0);
    let answer: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["charged"].as_i64()), (Some("cancelled"), Some(0)));
}
