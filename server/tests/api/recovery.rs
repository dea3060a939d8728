//! Recovery of a charge made without the guest: a deposit's balance that
//! the bank wants the guest to authenticate leaves the booking
//! `action_required`, and create-intent then hands out that same intent
//! on `owed` terms of its amount, never a second one, until it is paid.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};

const STAFF_TOKEN: &str = "staff-token-for-the-recovery-tests";
/// Needs 3D Secure on every payment, and so fails off-session.
const THREE_DS_CARD: &str = "4000002500003155";

/// A garden booking (9 600: 2 400 now, 7 200 later) whose deposit was paid
/// with a card that needs 3D Secure, then whose balance, charged by staff
/// without the guest, needs the guest: its id and the owed intent.
async fn owing_its_balance(app: &TestApp, cookie: &str) -> (String, String) {
    let booking = app.book(cookie, "garden", 2, None).await;
    let id = booking["id"].as_str().unwrap().to_owned();
    let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
    app.post(&format!("/api/bookings/{id}/consent"), Some(cookie), consent).send().await.unwrap();
    let secret = app.checkout(cookie, &id).await["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(confirm_with_card(&secret, THREE_DS_CARD).await.1["status"], "requires_action");
    authenticate(&id_of(&secret), &secret, true).await;
    app.wait_status(&id, "deposit_paid").await;
    let res = app
        .http
        .post(app.url(&format!("/api/staff/bookings/{id}/charge")))
        .bearer_auth(STAFF_TOKEN)
        .json(&json!({"kind": "balance"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["status"], "action_required", "{answer}");
    (id, answer["payment_intent_id"].as_str().unwrap().to_owned())
}

async fn recovery_app(name: &str) -> (TestApp, String) {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks(name).await;
    let alice = app.login(ALICE).await;
    (app, alice)
}

#[tokio::test]
async fn an_owed_balance_is_handed_out_as_the_same_intent_on_owed_terms_and_paid_once() {
    let (app, alice) = recovery_app("recovery-owed").await;
    let (id, owed) = owing_its_balance(&app, &alice).await;
    let created_before = app.stripe.count("POST", "/v1/payment_intents");

    let answer = app.checkout(&alice, &id).await;
    let secret = answer["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(id_of(&secret), owed, "the intent the booking owes, not a new one");
    assert_eq!((answer["amount"].as_i64(), answer["currency"].as_str()), (Some(7_200), Some("eur")));
    assert_eq!(
        answer["terms"],
        json!({"policy": "owed", "total": {"amount": 7_200, "currency": "eur"}, "charge": "balance"})
    );
    // Asked again (a reload, another tab): the same intent.
    assert_eq!(app.checkout(&alice, &id).await["client_secret"], secret.as_str());

    // The guest authenticates on-session: the same card, with 3D Secure.
    assert_eq!(confirm_with_card(&secret, THREE_DS_CARD).await.1["status"], "requires_action");
    authenticate(&owed, &secret, true).await;
    app.wait_status(&id, "paid").await;
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), created_before, "nothing created for the recovery");
    let res = app.create_intent(Some(&alice), &id).await;
    assert_eq!(res.status(), 409, "paid: nothing more to hand out");
}

#[tokio::test]
async fn an_owed_balance_can_be_paid_with_another_card() {
    let (app, alice) = recovery_app("recovery-other-card").await;
    let (id, owed) = owing_its_balance(&app, &alice).await;
    let secret = app.checkout(&alice, &id).await["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(id_of(&secret), owed);
    let (status, paid) = confirm_with_card(&secret, "4242424242424242").await;
    assert_eq!((status, paid["status"].as_str(), paid["amount"].as_i64()), (200, Some("succeeded"), Some(7_200)));
    app.wait_status(&id, "paid").await;
}

#[tokio::test]
async fn another_guests_owed_booking_is_not_found_and_nothing_reaches_stripe() {
    let (app, alice) = recovery_app("recovery-ownership").await;
    let (id, _) = owing_its_balance(&app, &alice).await;
    let bob = app.login(BOB).await;
    let seen = app.stripe.seen().len();
    assert_eq!(app.create_intent(Some(&bob), &id).await.status(), 404);
    assert_eq!(app.stripe.seen().len(), seen);
}
