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
    assert_eq!(keys, ["amount", "booking_id", "created_at", "currency", "movement", "payment_intent_id", "status"]);
    assert_eq!(items[0]["movement"], "charge");
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

#[tokio::test]
async fn history_lists_an_authorisation_its_capture_a_refund_and_a_dispute_as_movements_of_the_callers_bookings_only() {
    let app = spawn_app_with(Options {
        env: vec![("STAFF_TOKEN", "staff-token-for-the-history".into())],
        ..Options::default()
    })
    .await;
    app.register_all_webhooks("history-movements").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "suite", Some(&crate::terms_helpers::day(4)), "held").await;
    let movements = |page: &Value| -> Vec<(String, i64, String)> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["booking_id"] == id.as_str())
            .map(|i| {
                assert_eq!(i["payment_intent_id"], pi.as_str());
                (
                    i["movement"].as_str().unwrap().to_owned(),
                    i["amount"].as_i64().unwrap(),
                    i["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let page: Value = app.get("/api/payments/history", Some(&alice)).json_body().await;
    assert_eq!(movements(&page), [("authorisation".to_owned(), 29_800, "requires_capture".to_owned())]);
    let staff = |action: &str, body: Value| {
        app.http
            .post(app.url(&format!("/api/staff/bookings/{id}/{action}")))
            .bearer_auth("staff-token-for-the-history")
            .header("idempotency-key", format!("history-{action}"))
            .json(&body)
            .send()
    };
    assert_eq!(staff("capture", serde_json::json!({"amount": 20_000})).await.unwrap().status(), 200);
    assert_eq!(staff("refund", serde_json::json!({"amount": 5_000})).await.unwrap().status(), 200);
    let dispute = serde_json::json!({"id": "evt_history_dp", "object": "event", "type": "charge.dispute.created",
        "data": {"object": {"id": "dp_h", "object": "dispute", "payment_intent": pi, "amount": 15_000, "status": "needs_response"}}});
    assert_eq!(app.webhook(&dispute.to_string(), WEBHOOK_SECRET, now()).await.status(), 200);
    let page: Value = app.get("/api/payments/history", Some(&alice)).json_body().await;
    let mut seen = movements(&page);
    seen.sort();
    assert_eq!(
        seen,
        [
            ("capture".to_owned(), 20_000, "succeeded".to_owned()),
            ("dispute".to_owned(), 15_000, "needs_response".to_owned()),
            ("refund".to_owned(), 5_000, "succeeded".to_owned()),
        ]
    );
    // One movement a page: every one of them reached, none twice.
    let (mut all, mut after) = (Vec::new(), None::<String>);
    loop {
        let path = match &after {
            Some(c) => format!("/api/payments/history?limit=1&after={c}"),
            None => "/api/payments/history?limit=1".to_owned(),
        };
        let page: Value = app.get(&path, Some(&alice)).json_body().await;
        all.extend(movements(&page));
        match page["next_cursor"].as_str() {
            Some(c) => after = Some(c.to_owned()),
            None => break,
        }
    }
    all.sort();
    assert_eq!(all, seen);
    let bob = app.login(BOB).await;
    let theirs: Value = app.get("/api/payments/history", Some(&bob)).json_body().await;
    assert!(!theirs.to_string().contains(&id), "another guest's movements are never listed");
}
