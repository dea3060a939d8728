//! `PATCH /api/bookings/{id}`: a changed stay is priced again by the server
//! and its open PaymentIntent is canceled at Stripe (an intent's amount
//! never changes under a customer), until the payment is processing or
//! paid. The next create-intent makes one for the new price.

use crate::helpers::*;
use serde_json::{json, Value};

impl TestApp {
    fn patch(&self, path: &str, cookie: Option<&str>, body: Value) -> reqwest::RequestBuilder {
        let mut req = self.http.patch(self.url(path)).json(&body);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req
    }
}

async fn intent_of(app: &TestApp, cookie: &str, booking: &str) -> Value {
    let res = app.create_intent(Some(cookie), booking).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn intent_id(secret: &Value) -> String {
    secret.as_str().unwrap().split("_secret_").next().unwrap().to_owned()
}

#[tokio::test]
async fn an_extra_night_cancels_the_open_intent_and_the_next_one_is_for_the_new_price() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await; // sea-view, 2 nights: 12 500
    let before = intent_of(&app, &alice, &booking).await;
    assert_eq!(before["amount"], 12_500);

    let res = app
        .patch(&format!("/api/bookings/{booking}"), Some(&alice), json!({"nights": 3, "amount": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let b: Value = res.json().await.unwrap();
    assert_eq!(
        (b["amount"].clone(), b["description"].clone()),
        (json!(18_750), json!("Sea-view room, 3 nights")),
        "priced from the catalogue, the body's amount ignored"
    );

    let pi = intent_id(&before["client_secret"]);
    let old = app.state.stripe.retrieve_intent(&pi).await.unwrap();
    assert_eq!(
        (old.status.as_str(), old.amount),
        ("canceled", 12_500),
        "the shown intent is canceled, its amount never changed"
    );
    let cancels: Vec<_> =
        app.stripe.seen().into_iter().filter(|s| s.path == format!("/v1/payment_intents/{pi}/cancel")).collect();
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].idempotency_key.as_deref(), Some(format!("booking-checkout:cancel:{pi}").as_str()));
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{pi}")), 0, "no amount update, ever");

    let after = intent_of(&app, &alice, &booking).await;
    assert_ne!(after["client_secret"], before["client_secret"], "a new intent");
    assert_eq!(after["amount"], 18_750);
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), 2);
    let recorded: (i64, String) = sqlx::query_as("SELECT amount, status FROM payments WHERE booking_id = $1")
        .bind(&booking)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(recorded, (18_750, "requires_payment_method".to_owned()));
    assert_eq!(intent_of(&app, &alice, &booking).await["client_secret"], after["client_secret"], "then reused");
}

/// The race a price change must never win silently: the customer's
/// confirmation reaches Stripe between the server's read of the intent and
/// its cancel. The confirmation wins, and the change is refused.
#[tokio::test]
async fn a_confirmation_that_reaches_stripe_before_the_cancel_wins_and_the_change_is_refused() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let pi = intent_id(&intent_of(&app, &alice, &booking).await["client_secret"]);
    let stripe = &app.state.stripe;
    stripe.update_intent(&pi, &format!("t-attach-{pi}"), &[("payment_method", "pm_card_visa".into())]).await.unwrap();

    app.stripe.hold("/cancel");
    let patch = app.patch(&format!("/api/bookings/{booking}"), Some(&alice), json!({"nights": 4})).send();
    let patch = tokio::spawn(patch);
    app.stripe.wait_for("POST", &format!("/v1/payment_intents/{pi}/cancel"), 1).await;
    let paid = stripe.confirm_intent(&pi, &format!("t-confirm-{pi}")).await.unwrap();
    assert_eq!((paid.status.as_str(), paid.amount), ("succeeded", 12_500), "charged what was shown");
    app.stripe.release();

    let res = patch.await.unwrap().unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "already_paid");
    let b: Value = app.get(&format!("/api/bookings/{booking}"), Some(&alice)).json_body().await;
    assert_eq!(b["amount"], 12_500, "the booking keeps the price that was paid");
    assert_eq!(stripe.retrieve_intent(&pi).await.unwrap().status.as_str(), "succeeded");
}

#[tokio::test]
async fn a_booking_without_an_intent_is_repriced_without_calling_stripe() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let res = app.patch(&format!("/api/bookings/{booking}"), Some(&alice), json!({"nights": 1})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["amount"], 6_250);
    assert!(app.stripe.seen().is_empty(), "no Stripe call without an intent");
    assert_eq!(intent_of(&app, &alice, &booking).await["amount"], 6_250);
}

#[tokio::test]
async fn only_the_signed_in_owner_may_reprice_and_only_to_a_stay_the_catalogue_prices() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let bob = app.login(BOB).await;
    let path = "/api/bookings/bk_demo_1";
    let res = app.patch(path, None, json!({"nights": 3})).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = app.patch(path, Some(&bob), json!({"nights": 3})).send().await.unwrap();
    assert_eq!(res.status(), 404, "another user's booking is not found");
    assert_eq!(error_code(res).await, "not_found");
    for nights in [0, 31] {
        let res = app.patch(path, Some(&alice), json!({ "nights": nights })).send().await.unwrap();
        assert_eq!(res.status(), 422, "{nights} nights");
    }
    let b: Value = app.get(path, Some(&alice)).json_body().await;
    assert_eq!(b["amount"], 12_500, "nothing changed");
    assert!(app.stripe.seen().is_empty());
}

#[tokio::test]
async fn a_cross_site_or_non_json_reprice_is_refused_like_the_other_cookie_writes() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let path = "/api/bookings/bk_demo_1";
    let res = app
        .patch(path, Some(&alice), json!({"nights": 3}))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .patch(path, Some(&alice), json!({"nights": 3}))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .http
        .patch(app.url(path))
        .header("cookie", &alice)
        .header("content-type", "text/plain")
        .body(r#"{"nights":3}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    let b: Value = app.get(path, Some(&alice)).json_body().await;
    assert_eq!(b["amount"], 12_500);
}

#[tokio::test]
async fn a_paid_booking_keeps_its_price_and_its_intent() {
    let app = spawn_app().await;
    app.register_webhook("reprice-paid").await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let secret = intent_of(&app, &alice, &booking).await["client_secret"].as_str().unwrap().to_owned();
    let pi = secret.split("_secret_").next().unwrap().to_owned();
    let stripe = &app.state.stripe;
    stripe.update_intent(&pi, &format!("t-attach-{pi}"), &[("payment_method", "pm_card_visa".into())]).await.unwrap();
    assert_eq!(stripe.confirm_intent(&pi, &format!("t-confirm-{pi}")).await.unwrap().status.as_str(), "succeeded");

    // Refused at Stripe's word before the webhook has arrived…
    let path = format!("/api/bookings/{booking}");
    let res = app.patch(&path, Some(&alice), json!({"nights": 5})).send().await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "already_paid");
    // …and at the booking's once it has.
    app.wait_paid(&booking).await;
    let res = app.patch(&path, Some(&alice), json!({"nights": 5})).send().await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(stripe.retrieve_intent(&pi).await.unwrap().amount, 12_500);
    let b: Value = app.get(&path, Some(&alice)).json_body().await;
    assert_eq!(b["amount"], 12_500);
}

/// Regression: a price change was accepted while the customer was
/// authenticating the old amount with their bank.
#[tokio::test]
async fn the_price_holds_while_the_customer_authenticates_and_may_change_once_that_failed() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let secret = intent_of(&app, &alice, &booking).await["client_secret"].as_str().unwrap().to_owned();
    let pi = secret.split("_secret_").next().unwrap().to_owned();
    let stripe = &app.state.stripe;
    let pm = card_payment_method("4000002500003155").await;
    stripe.update_intent(&pi, &format!("t-attach-3ds-{pi}"), &[("payment_method", pm)]).await.unwrap();
    assert_eq!(
        stripe.confirm_intent(&pi, &format!("t-confirm-3ds-{pi}")).await.unwrap().status.as_str(),
        "requires_action"
    );

    let path = format!("/api/bookings/{booking}");
    let res = app.patch(&path, Some(&alice), json!({"nights": 4})).send().await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "payment_in_progress");
    assert_eq!(stripe.retrieve_intent(&pi).await.unwrap().amount, 12_500);

    authenticate(&pi, &secret, false).await;
    assert_eq!(stripe.retrieve_intent(&pi).await.unwrap().status.as_str(), "requires_payment_method");
    let res = app.patch(&path, Some(&alice), json!({"nights": 4})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(stripe.retrieve_intent(&pi).await.unwrap().status.as_str(), "canceled");
    assert_eq!(intent_of(&app, &alice, &booking).await["amount"], 25_000);
}

/// The other order of the race: the cancel reaches Stripe first, so the
/// confirmation of the old amount fails and the next intent is the new price.
#[tokio::test]
async fn paying_after_a_price_change_fails_on_the_old_intent_and_charges_the_new_amount_on_the_next() {
    let app = spawn_app().await;
    app.register_webhook("reprice-pay").await;
    let alice = app.login(ALICE).await;
    let booking = app.new_booking(&alice).await;
    let old = intent_id(&intent_of(&app, &alice, &booking).await["client_secret"]);
    let res = app.patch(&format!("/api/bookings/{booking}"), Some(&alice), json!({"nights": 4})).send().await.unwrap();
    assert_eq!(res.status(), 200);

    let stripe = &app.state.stripe;
    assert!(
        stripe.confirm_intent(&old, &format!("t-confirm-{old}")).await.is_err(),
        "a canceled intent charges nothing"
    );
    assert_eq!(stripe.retrieve_intent(&old).await.unwrap().status.as_str(), "canceled");
    let pi = intent_id(&intent_of(&app, &alice, &booking).await["client_secret"]);
    assert_ne!(pi, old);
    stripe.update_intent(&pi, &format!("t-attach-{pi}"), &[("payment_method", "pm_card_visa".into())]).await.unwrap();
    let paid = stripe.confirm_intent(&pi, &format!("t-confirm-{pi}")).await.unwrap();
    assert_eq!((paid.status.as_str(), paid.amount), ("succeeded", 25_000));
    app.wait_paid(&booking).await;
    let history: Value = app.get("/api/payments/history", Some(&alice)).json_body().await;
    let row =
        history["items"].as_array().unwrap().iter().find(|r| r["booking_id"] == booking.as_str()).unwrap().clone();
    assert_eq!((row["amount"].clone(), row["status"].clone()), (json!(25_000), json!("succeeded")));
}
