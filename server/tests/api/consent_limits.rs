//! Consents are append-only, so they are bounded: each user's consents
//! are rate-limited (429 with `Retry-After`, as create-intent is), and one
//! booking keeps 20 at most (then 409 `consent_limit_reached`); a refused
//! consent is not kept.

use crate::helpers::*;
use serde_json::{json, Value};

fn path(booking: &str) -> String {
    format!("/api/bookings/{booking}/consent")
}

fn body(booking: &Value) -> Value {
    json!({"terms": booking["terms"], "locale": "en", "text": "I agree."})
}

async fn kept(app: &TestApp, booking: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM consents WHERE booking_id = $1")
        .bind(booking)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn consents_past_a_users_burst_are_429_with_retry_after_and_not_kept() {
    let env = vec![("CONSENT_BURST", "2".to_owned()), ("CONSENT_REFILL_SECS", "60".to_owned())];
    let app = spawn_app_with(Options { env, ..Options::default() }).await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    for _ in 0..2 {
        assert_eq!(app.post(&path(id), Some(&alice), body(&booking)).send().await.unwrap().status(), 204);
    }
    let res = app.post(&path(id), Some(&alice), body(&booking)).send().await.unwrap();
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(error_code(res).await, "rate_limited");
    assert_eq!(kept(&app, id).await, 2);
    // Another guest has a limit of their own.
    let bob = app.login(BOB).await;
    let theirs = app.book(&bob, "cabin", 1, None).await;
    let res = app.post(&path(theirs["id"].as_str().unwrap()), Some(&bob), body(&theirs)).send().await.unwrap();
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn a_booking_keeps_20_consents_at_most_and_the_next_is_409_consent_limit_reached() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "garden", 2, None).await;
    let id = booking["id"].as_str().unwrap();
    for n in 0..20 {
        let res = app.post(&path(id), Some(&alice), body(&booking)).send().await.unwrap();
        assert_eq!(res.status(), 204, "consent {n}");
    }
    let res = app.post(&path(id), Some(&alice), body(&booking)).send().await.unwrap();
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "consent_limit_reached"));
    assert_eq!(kept(&app, id).await, 20);
    // Another booking of the same guest is not affected.
    let other = app.book(&alice, "garden", 2, None).await;
    let res = app.post(&path(other["id"].as_str().unwrap()), Some(&alice), body(&other)).send().await.unwrap();
    assert_eq!(res.status(), 204);
}

/// Consents sent at once are counted one at a time under the booking's
/// lock: on PostgreSQL, where each write is its own transaction, two that
/// both saw 19 could otherwise both be kept.
#[tokio::test]
async fn consents_sent_at_once_never_pass_the_bound() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "garden", 2, None).await;
    let id = booking["id"].as_str().unwrap();
    let sends = (0..30).map(|_| app.post(&path(id), Some(&alice), body(&booking)).send());
    let answers = futures::future::join_all(sends).await;
    let statuses: Vec<u16> = answers.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 204).count(), 20, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 204 || *s == 409), "{statuses:?}");
    assert_eq!(kept(&app, id).await, 20);
}
