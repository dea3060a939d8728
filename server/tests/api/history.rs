//! Payment history: the caller's own payments only, minimal fields, pages.

use crate::helpers::*;
use serde_json::Value;

#[tokio::test]
async fn history_lists_only_the_callers_payments_with_minimal_fields() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let bob = app.login(BOB).await;
    assert_eq!(app.create_intent(Some(&alice), "bk_demo_1").await.status(), 200);
    assert_eq!(app.create_intent(Some(&bob), "bk_demo_2").await.status(), 200);
    let page: Value = app.get("/api/payments/history", Some(&alice)).json_body().await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["booking_id"], "bk_demo_1");
    let mut keys: Vec<_> = items[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["amount", "booking_id", "created_at", "currency", "payment_intent_id", "status"]);
    assert!(!page.to_string().contains("_secret_"), "no client secret in history");
    assert_eq!(app.get("/api/payments/history", None).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn history_pages_with_a_cursor() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    for _ in 0..3 {
        let id = app.new_booking(&alice).await;
        assert_eq!(app.create_intent(Some(&alice), &id).await.status(), 200);
    }
    let first: Value = app.get("/api/payments/history?limit=2", Some(&alice)).json_body().await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value =
        app.get(&format!("/api/payments/history?limit=2&after={cursor}"), Some(&alice)).json_body().await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second["next_cursor"].is_null());
    let res = app.get("/api/payments/history?limit=abc", Some(&alice)).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_request");
}
