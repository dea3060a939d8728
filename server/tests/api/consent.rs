//! `POST /api/bookings/{id}/consent`: kept with the server's terms, time and
//! rule version, only for the booking's current terms, only by its owner,
//! append-only.

use crate::helpers::*;
use serde_json::{json, Value};

fn path(booking: &str) -> String {
    format!("/api/bookings/{booking}/consent")
}

fn body(terms: &Value) -> Value {
    json!({"terms": terms, "locale": "fr", "text": "J'accepte que ma carte soit débitée de 39,00 € au plus."})
}

async fn consents(app: &TestApp, booking: &str) -> Vec<(String, String, String, String, String, i64)> {
    sqlx::query_as(
        "SELECT policy, terms, text, locale, policy_version, accepted_at FROM consents WHERE booking_id = $1 ORDER BY id",
    )
    .bind(booking)
    .fetch_all(&app.state.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_consent_to_the_bookings_terms_is_kept_with_the_servers_terms_time_and_rule_version_and_another_is_another_row(
) {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    let res = app.post(&path(id), Some(&alice), body(&booking["terms"])).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.text().await.unwrap().is_empty());
    let kept = consents(&app, id).await;
    assert_eq!(kept.len(), 1);
    let (policy, terms, text, locale, version, at) = &kept[0];
    assert_eq!((policy.as_str(), locale.as_str()), ("guarantee", "fr"));
    assert_eq!(serde_json::from_str::<Value>(terms).unwrap(), booking["terms"], "the server's terms");
    assert!(text.starts_with("J'accepte"));
    assert!(version.starts_with("rule-"));
    assert!((at - now()).abs() < 60, "the server's time");

    assert_eq!(app.post(&path(id), Some(&alice), body(&booking["terms"])).send().await.unwrap().status(), 204);
    let kept = consents(&app, id).await;
    assert_eq!(kept.len(), 2, "a second consent is another record");
    assert_eq!(kept[0].4, kept[1].4, "one rule, one version");
}

#[tokio::test]
async fn a_consent_to_terms_other_than_the_bookings_is_409_terms_changed_and_nothing_is_kept() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "garden", 2, None).await;
    let id = booking["id"].as_str().unwrap();
    let mut shown = booking["terms"].clone();
    shown["now"]["amount"] = json!(1_200);
    shown["balance"]["amount"] = json!(8_400);
    let res = app.post(&path(id), Some(&alice), body(&shown)).send().await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "terms_changed");
    // The stay changed after the guest saw the terms.
    let res =
        app.http.patch(app.url(&format!("/api/bookings/{id}"))).header("cookie", &alice).json(&json!({"nights": 3}));
    assert_eq!(res.send().await.unwrap().status(), 200);
    let res = app.post(&path(id), Some(&alice), body(&booking["terms"])).send().await.unwrap();
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "terms_changed"));
    assert!(consents(&app, id).await.is_empty());
}

#[tokio::test]
async fn another_users_booking_is_404_and_an_anonymous_caller_401_and_nothing_is_kept() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let bob = app.login(BOB).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    let res = app.post(&path(id), Some(&bob), body(&booking["terms"])).send().await.unwrap();
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (404, "not_found"));
    let res = app.post(&path("bk_nobody"), Some(&bob), body(&booking["terms"])).send().await.unwrap();
    assert_eq!(res.status(), 404, "unknown and foreign bookings look the same");
    let res = app.post(&path(id), None, body(&booking["terms"])).send().await.unwrap();
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (401, "unauthenticated"));
    assert!(consents(&app, id).await.is_empty());
}

#[tokio::test]
async fn pay_now_terms_unknown_locales_and_blank_or_long_texts_are_422_with_the_generic_body() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let pay_now = app.book(&alice, "sea-view", 1, None).await;
    let res = app.post(&path(pay_now["id"].as_str().unwrap()), Some(&alice), body(&pay_now["terms"])).send().await;
    let res = res.unwrap();
    assert_eq!(
        (res.status().as_u16(), error_code(res).await.as_str()),
        (422, "invalid_request"),
        "nothing to consent to"
    );

    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    let terms = &booking["terms"];
    for bad in [
        json!({"terms": terms, "locale": "pt", "text": "Concordo."}),
        json!({"terms": terms, "locale": "", "text": "I agree."}),
        json!({"terms": terms, "locale": "en", "text": "   "}),
        json!({"terms": terms, "locale": "en", "text": "x".repeat(2_001)}),
        json!({"terms": terms, "locale": "en"}),
        json!({"terms": {"policy": "pay_later"}, "locale": "en", "text": "I agree."}),
    ] {
        let res = app.post(&path(id), Some(&alice), bad.clone()).send().await.unwrap();
        assert_eq!(res.status(), 422, "{bad}");
        let text = res.text().await.unwrap();
        assert!(text.contains("invalid_request") && !text.contains("locale") && !text.contains("variant"), "{text}");
    }
    assert!(consents(&app, id).await.is_empty());
}

#[tokio::test]
async fn a_consent_from_another_site_or_not_in_json_is_refused_like_the_other_cookie_writes() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    let res = app.post(&path(id), Some(&alice), body(&booking["terms"])).header("origin", "https://evil.example");
    assert_eq!(res.send().await.unwrap().status(), 403);
    let res = app.post(&path(id), Some(&alice), body(&booking["terms"])).header("sec-fetch-site", "cross-site");
    assert_eq!(res.send().await.unwrap().status(), 403);
    let res = app
        .http
        .post(app.url(&path(id)))
        .header("cookie", &alice)
        .header("content-type", "text/plain")
        .body(body(&booking["terms"]).to_string());
    assert_eq!(res.send().await.unwrap().status(), 415);
    assert!(consents(&app, id).await.is_empty());
}

#[tokio::test]
async fn a_kept_consent_cannot_be_changed_or_removed_even_by_sql() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    assert_eq!(app.post(&path(id), Some(&alice), body(&booking["terms"])).send().await.unwrap().status(), 204);
    let update = sqlx::query("UPDATE consents SET text = 'I agreed to anything.' WHERE booking_id = $1")
        .bind(id)
        .execute(&app.state.db)
        .await;
    assert!(update.is_err(), "the database refuses an update");
    let delete = sqlx::query("DELETE FROM consents WHERE booking_id = $1").bind(id).execute(&app.state.db).await;
    assert!(delete.is_err(), "the database refuses a delete");
    assert_eq!(consents(&app, id).await.len(), 1);
}

/// The cancellation policy the checkout shows beside the consent comes
/// with create-intent's answer; the consent names the version shown, and
/// one shown for another version is 409 `terms_changed`, not kept.
#[tokio::test]
async fn the_cancellation_policy_shown_is_the_one_kept_with_the_consent() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let id = booking["id"].as_str().unwrap();
    let answer = app.checkout(&alice, id).await;
    assert_eq!(answer["cancellation"], booking["cancellation"], "the booking's policy, with its version");
    let version = answer["cancellation"]["version"].as_str().unwrap();
    assert!(version.starts_with("cxl-"), "{version}");

    let mut stale = body(&booking["terms"]);
    stale["cancellation_version"] = json!("cxl-0000000000000000");
    let res = app.post(&path(id), Some(&alice), stale).send().await.unwrap();
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "terms_changed"));
    assert!(consents(&app, id).await.is_empty());

    let mut shown = body(&booking["terms"]);
    shown["cancellation_version"] = json!(version);
    assert_eq!(app.post(&path(id), Some(&alice), shown).send().await.unwrap().status(), 204);
    let kept: String = sqlx::query_scalar("SELECT cancellation_version FROM consents WHERE booking_id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(kept, version);
}
