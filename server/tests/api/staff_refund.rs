//! A staff refund carries an `Idempotency-Key` of staff's own: the first
//! request with a key decides the refund, a repeat with it (after a lost
//! answer, with the refund's webhook recorded in between) replays that
//! refund at Stripe and answers the same, and another key is another
//! refund, still never more than is left.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};

const STAFF_TOKEN: &str = "staff-token-for-keyed-refunds";

async fn staff_app() -> TestApp {
    spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await
}

impl TestApp {
    /// A staff refund of `body` on `booking` with `Idempotency-Key` `key` (none: `None`).
    async fn keyed_refund(&self, booking: &str, key: Option<&str>, body: Value) -> reqwest::Response {
        let mut req = self
            .http
            .post(self.url(&format!("/api/staff/bookings/{booking}/refund")))
            .bearer_auth(STAFF_TOKEN)
            .json(&body);
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        req.send().await.unwrap()
    }
}

/// What Stripe refunded of `intent`: each refund's amount.
async fn stripe_refunds(intent: &str) -> Vec<i64> {
    let list = stripe_object(&format!("refunds?payment_intent={intent}")).await;
    list["data"].as_array().unwrap().iter().map(|r| r["amount"].as_i64().unwrap()).collect()
}

/// Regression: the Stripe key held what had been refunded before, so a
/// retry after a lost answer, once the webhook had recorded the first
/// refund, was a new key and a second refund.
#[tokio::test]
async fn a_refund_retried_with_its_key_after_a_lost_answer_and_the_webhook_is_made_once() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-refund-keyed-retry").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await; // 12 500
    app.stripe.fail_once("POST", "/v1/refunds", &format!("payment_intent={pi}"), Failure::AnswerLost);
    let res = app.keyed_refund(&id, Some("refund-K-0001"), json!({"amount": 5_000})).await;
    assert_eq!(res.status(), 502, "the answer was lost");
    app.wait_refund_recorded(&pi).await; // the webhook recorded the refund Stripe made

    let res = app.keyed_refund(&id, Some("refund-K-0001"), json!({"amount": 5_000})).await;
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!((answer["amount"].as_i64(), answer["payment_intent_id"].as_str()), (Some(5_000), Some(pi.as_str())));
    assert_eq!(stripe_refunds(&pi).await, [5_000], "one refund at Stripe");
    let again = app.keyed_refund(&id, Some("refund-K-0001"), json!({"amount": 5_000})).await;
    assert_eq!(again.json::<Value>().await.unwrap(), answer, "the same answer");
    assert_eq!(stripe_refunds(&pi).await, [5_000]);
    let keys: Vec<_> =
        app.stripe.seen().into_iter().filter(|s| s.path == "/v1/refunds").map(|s| s.idempotency_key).collect();
    assert_eq!(keys.len(), 2, "asked once, replayed once, then answered from the record");
    assert_eq!(keys[0], keys[1], "the replay has the first request's Stripe key");
}

#[tokio::test]
async fn the_same_key_answers_the_same_refund_and_another_key_is_another_refund_within_what_is_left() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-refund-keys").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await; // 12 500
    let first: Value = app.keyed_refund(&id, Some("key-one-1"), json!({"amount": 5_000})).await.json().await.unwrap();
    assert_eq!(first["amount"], 5_000);
    let repeat: Value = app.keyed_refund(&id, Some("key-one-1"), json!({"amount": 5_000})).await.json().await.unwrap();
    assert_eq!(repeat, first);
    let reused = app.keyed_refund(&id, Some("key-one-1"), json!({"amount": 4_000})).await;
    assert_eq!((reused.status().as_u16(), error_code(reused).await.as_str()), (422, "invalid_request"));
    assert_eq!(
        app.keyed_refund(&id, Some("key-two-2"), json!({"amount": 7_501})).await.status(),
        422,
        "over what is left"
    );
    let second: Value = app.keyed_refund(&id, Some("key-two-2"), json!({})).await.json().await.unwrap();
    assert_eq!(second["amount"], 7_500, "the rest, by another key");
    let nothing: Value = app.keyed_refund(&id, Some("key-three"), json!({})).await.json().await.unwrap();
    assert_eq!(nothing["amount"], 0);
    let mut made = stripe_refunds(&pi).await;
    made.sort_unstable();
    assert_eq!(made, [5_000, 7_500]);
}

#[tokio::test]
async fn a_refund_without_a_valid_idempotency_key_is_400_and_nothing_reaches_stripe() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-refund-no-key").await;
    let alice = app.login(ALICE).await;
    let (id, _) = app.checked_out(&alice, "sea-view", None, "paid").await;
    let before = app.stripe.seen().len();
    let long = "k".repeat(129);
    for key in [None, Some(""), Some("short"), Some(long.as_str()), Some("has space"), Some("sk_test_x/../y")] {
        let res = app.keyed_refund(&id, key, json!({"amount": 1_000})).await;
        assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (400, "invalid_request"), "{key:?}");
    }
    assert_eq!(app.stripe.seen().len(), before, "nothing reached Stripe");
    let logs = crate::logs::captured();
    assert!(logs.contains("staff_refund_key_invalid") && !logs.contains("sk_test_x"), "the code, never the key");
}
