//! A consent to terms the booking no longer has (it was repriced after the
//! guest agreed, and checkout went ahead without a new consent) decides no
//! charge to the saved card: staff are refused 409 `consent_outdated`, a
//! late cancel charges no fee, and nothing reaches Stripe.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};

const STAFF_TOKEN: &str = "staff-token-for-stale-consents";
const GOOD_CARD: &str = "4242424242424242";

/// A booking of `room` for 2 nights, consented to, then changed to 3
/// nights, and checked out at the new price until it is `status`.
async fn consented_then_repriced(app: &TestApp, cookie: &str, room: &str, status: &str) -> String {
    let booking = app.book(cookie, room, 2, None).await;
    let id = booking["id"].as_str().unwrap().to_owned();
    let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
    let res = app.post(&format!("/api/bookings/{id}/consent"), Some(cookie), consent).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .http
        .patch(app.url(&format!("/api/bookings/{id}")))
        .header("cookie", cookie)
        .json(&json!({"nights": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "repriced");
    let secret = app.checkout(cookie, &id).await["client_secret"].as_str().unwrap().to_owned();
    confirm_with_card(&secret, GOOD_CARD).await;
    app.wait_status(&id, status).await;
    id
}

fn off_session_charges(app: &TestApp) -> usize {
    let seen = app.stripe.seen();
    seen.iter().filter(|s| s.path == "/v1/payment_intents" && s.body.contains("off_session=true")).count()
}

async fn staff_charge(app: &TestApp, id: &str, kind: &str) -> reqwest::Response {
    app.http
        .post(app.url(&format!("/api/staff/bookings/{id}/charge")))
        .bearer_auth(STAFF_TOKEN)
        .json(&json!({"kind": kind}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_balance_by_a_consent_to_the_old_price_is_refused_and_nothing_is_charged() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("stale-consent-balance").await;
    let alice = app.login(ALICE).await;
    // Agreed to 9 600 (7 200 later); paid the deposit of 14 400 (3 600 now).
    let id = consented_then_repriced(&app, &alice, "garden", "deposit_paid").await;
    let res = staff_charge(&app, &id, "balance").await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "consent_outdated"));
    assert_eq!(off_session_charges(&app), 0, "nothing reached Stripe");
    assert!(app.payments_of(&id).await.iter().all(|r| r.0 != "balance"));
    assert_eq!(app.booking_status(&id).await, "deposit_paid");
    let logs = crate::logs::captured();
    assert!(logs.contains("consent_outdated"), "the refusal is logged with its code");
}

#[tokio::test]
async fn a_guarantee_with_a_consent_to_the_old_price_pays_no_fee_by_it_staff_or_cancel() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("stale-consent-guarantee").await;
    let alice = app.login(ALICE).await;
    let id = consented_then_repriced(&app, &alice, "cabin", "guaranteed").await;
    let res = staff_charge(&app, &id, "no_show").await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "consent_outdated"));
    let alice = app.days_later(14).await; // the arrival day: a consent to these terms would pay 3 900
    let res = app.post(&format!("/api/bookings/{id}/cancel"), Some(&alice), json!({})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["charged"].as_i64()), (Some("cancelled"), Some(0)));
    assert_eq!(off_session_charges(&app), 0, "nothing reached Stripe");
}

#[tokio::test]
async fn a_consent_to_the_terms_as_they_are_now_still_charges_the_balance() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("current-consent-balance").await;
    let alice = app.login(ALICE).await;
    let (id, _) = app.checked_out(&alice, "garden", None, "deposit_paid").await;
    let res = staff_charge(&app, &id, "balance").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["amount"], 7_200);
    assert_eq!(off_session_charges(&app), 1);
}
