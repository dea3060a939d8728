//! Bookings: owner from the session, price from the server, own bookings only.

use crate::helpers::*;
use serde_json::{json, Value};

#[tokio::test]
async fn a_new_booking_belongs_to_the_session_user_and_is_priced_by_the_server() {
    let app = spawn_app().await;
    let bob = app.login(BOB).await;
    let res = app
        .post("/api/bookings", Some(&bob), json!({"room": "suite", "nights": 2, "amount": 1, "user_id": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["amount"], 29_800);
    assert_eq!(b["status"], "awaiting_payment");
    let owner: String =
        sqlx::query_scalar("SELECT u.email FROM bookings b JOIN users u ON u.id = b.user_id WHERE b.id = $1")
            .bind(b["id"].as_str().unwrap())
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(owner, BOB.0, "user_id in the body is ignored");
}

#[tokio::test]
async fn another_users_booking_cannot_be_read() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let bob = app.login(BOB).await;
    assert_eq!(app.get("/api/bookings/bk_demo_1", Some(&alice)).send().await.unwrap().status(), 200);
    let res = app.get("/api/bookings/bk_demo_1", Some(&bob)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(error_code(res).await, "not_found");
    let list: Value = app.get("/api/bookings", Some(&bob)).json_body().await;
    assert!(list.as_array().unwrap().iter().all(|b| b["id"] != "bk_demo_1"));
}

#[tokio::test]
async fn unknown_rooms_and_bad_stays_are_422_and_anonymous_callers_401() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    for body in [
        json!({"room": "penthouse", "nights": 1}),
        json!({"room": "garden", "nights": 0}),
        json!({"room": "garden", "nights": -1}),
    ] {
        let res = app.post("/api/bookings", Some(&alice), body.clone()).send().await.unwrap();
        assert_eq!(res.status(), 422, "{body}");
        assert_eq!(error_code(res).await, "invalid_request");
    }
    let res = app.post("/api/bookings", None, json!({"room": "garden", "nights": 1})).send().await.unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_booking_without_an_arrival_arrives_after_the_default_lead_and_shows_its_terms() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let res = app.post("/api/bookings", Some(&alice), json!({"room": "garden", "nights": 1})).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["arrival"].as_str(), Some(crate::terms_helpers::day(14).as_str()));
    assert_eq!(b["terms"]["policy"], "deposit");
    assert_eq!(b["terms"]["total"], json!({"amount": 4_800, "currency": "eur"}));
    let one: Value = app.get(&format!("/api/bookings/{}", b["id"].as_str().unwrap()), Some(&alice)).json_body().await;
    assert_eq!(one, b);
    let list: Value = app.get("/api/bookings", Some(&alice)).json_body().await;
    assert!(list.as_array().unwrap().iter().all(|b| b["arrival"].is_string() && b["terms"]["policy"].is_string()));
}

#[tokio::test]
async fn an_arrival_from_today_to_a_year_ahead_is_kept_and_any_other_is_422_with_the_generic_body() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    for days in [0, 365] {
        let arrival = crate::terms_helpers::day(days);
        let b = app.book(&alice, "suite", 1, Some(&arrival)).await;
        assert_eq!(b["arrival"].as_str(), Some(arrival.as_str()));
    }
    let past = crate::terms_helpers::day(-1);
    let far = crate::terms_helpers::day(366);
    for arrival in [past.as_str(), far.as_str(), "2027-02-30", "tomorrow", "2027-3-1"] {
        let res = app
            .post("/api/bookings", Some(&alice), json!({"room": "suite", "nights": 1, "arrival": arrival}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{arrival}");
        assert_eq!(error_code(res).await, "invalid_request");
    }
}
