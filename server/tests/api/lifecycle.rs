//! The whole payment lifecycle against a real localstripe process:
//! booking → create-intent → PaymentIntent at localstripe → confirmation →
//! signed webhook from localstripe → booking paid → visible in history.

use crate::helpers::*;
use serde_json::{json, Value};

async fn intent_for(app: &TestApp, cookie: &str, booking: &str) -> (String, String) {
    let body: Value = app.create_intent(Some(cookie), booking).await.json().await.unwrap();
    let secret = body["client_secret"].as_str().unwrap().to_owned();
    (secret.split("_secret_").next().unwrap().to_owned(), secret)
}

#[tokio::test]
async fn a_card_payment_is_confirmed_at_stripe_and_the_webhook_marks_the_booking_paid() {
    let app = spawn_app().await;
    app.register_webhook("lifecycle-visa").await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let (pi, _) = intent_for(&app, &alice, &booking).await;

    let stripe = &app.state.stripe;
    stripe
        .update_intent(&pi, &format!("test-attach-{pi}"), &[("payment_method", "pm_card_visa".into())])
        .await
        .unwrap();
    let confirmed = stripe.confirm_intent(&pi, &format!("test-confirm-{pi}")).await.unwrap();
    assert_eq!(confirmed.status.as_str(), "succeeded");

    app.wait_paid(&booking).await;
    let history: Value = app.get("/api/payments/history", Some(&alice)).json_body().await;
    let row =
        history["items"].as_array().unwrap().iter().find(|r| r["booking_id"] == booking.as_str()).unwrap().clone();
    assert_eq!(row["status"], "succeeded");
    assert_eq!(row["payment_intent_id"], pi.as_str());
    // Paid is final: no new intent for it.
    assert_eq!(app.create_intent(Some(&alice), &booking).await.status(), 409);
}

#[tokio::test]
async fn a_3ds_payment_completes_after_authentication_and_the_webhook_marks_it_paid() {
    let app = spawn_app().await;
    app.register_webhook("lifecycle-3ds").await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let (pi, secret) = intent_for(&app, &alice, &booking).await;

    let pm = card_payment_method("4000002500003155").await;
    let stripe = &app.state.stripe;
    stripe.update_intent(&pi, &format!("test-attach-3ds-{pi}"), &[("payment_method", pm)]).await.unwrap();
    let confirmed = stripe.confirm_intent(&pi, &format!("test-confirm-3ds-{pi}")).await.unwrap();
    assert_eq!(confirmed.status.as_str(), "requires_action");
    assert_eq!(app.booking_status(&booking).await, "awaiting_payment");

    // What the customer's 3DS challenge does, with the publishable key only.
    authenticate(&pi, &secret, true).await;
    app.wait_paid(&booking).await;
}

#[tokio::test]
async fn the_demo_confirm_route_needs_the_client_secret_and_exists_only_in_demo_mode() {
    let prod = spawn_app().await;
    assert_eq!(prod.get("/demo/stripe-double.js", None).send().await.unwrap().status(), 404);
    let res = prod.post("/demo/stripe/payment_intents/pi_x/confirm", None, json!({})).send().await.unwrap();
    assert!(res.status() == 404 || res.status() == 405, "{}", res.status());

    let app = spawn_app_with(Options { demo: true, ..Options::default() }).await;
    assert_eq!(app.get("/demo/stripe-double.js", None).send().await.unwrap().status(), 200);
    let alice = app.login(ALICE).await;
    let (pi, secret) = intent_for(&app, &alice, "bk_demo_1").await;
    let path = format!("/demo/stripe/payment_intents/{pi}/confirm");
    let wrong = app
        .post(&path, None, json!({"client_secret": format!("{pi}_secret_wrong"), "payment_method": "pm_card_visa"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    let card = app
        .post(&path, None, json!({"client_secret": secret, "payment_method": "4242424242424242"}))
        .send()
        .await
        .unwrap();
    assert_eq!(card.status(), 422, "only test tokens, never card numbers");
    let ok: Value =
        app.post(&path, None, json!({"client_secret": secret, "payment_method": "pm_card_visa"})).json_body().await;
    assert_eq!(ok["status"], "succeeded");
}
