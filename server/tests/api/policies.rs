//! Each payment policy end to end against localstripe: create-intent makes
//! the Stripe object the booking's terms need, with Stripe's parameters;
//! the guest confirms it with a test card; the webhook moves the booking to
//! the policy's status. Declines leave it payable; a released hold can be
//! checked out again; concurrent calls make one object per kind.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::Value;

const GOOD_CARD: &str = "4242424242424242";
/// localstripe declines a PaymentIntent's confirmation with this card.
const DECLINED_PAYMENT: &str = "4000000000000341";
/// localstripe declines a SetupIntent's confirmation with this card.
const DECLINED_SETUP: &str = "4000000000000002";

#[tokio::test]
async fn pay_now_creates_an_automatic_payment_intent_for_the_whole_price_that_marks_the_booking_paid() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-pay-now").await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "sea-view", 2, None).await;
    let id = booking["id"].as_str().unwrap();
    assert_eq!(booking["terms"]["policy"], "pay_now");
    let answer = app.checkout(&alice, id).await;
    assert_eq!((answer["amount"].as_i64(), answer["terms"].clone()), (Some(12_500), booking["terms"].clone()));
    let secret = answer["client_secret"].as_str().unwrap();
    let pi = object_of(secret).await;
    assert_eq!((pi["amount"].as_i64(), pi["currency"].as_str()), (Some(12_500), Some("eur")));
    assert_ne!(pi["capture_method"], "manual");
    assert!(pi["setup_future_usage"].is_null() && pi["customer"].is_null(), "no card saved: {pi}");
    assert_eq!((pi["metadata"]["booking_id"].as_str(), pi["metadata"]["kind"].as_str()), (Some(id), Some("full")));

    let (status, confirmed) = confirm_with_card(secret, GOOD_CARD).await;
    assert_eq!((status, confirmed["status"].as_str()), (200, Some("succeeded")));
    app.wait_status(id, "paid").await;
    assert_eq!(app.create_intent(Some(&alice), id).await.status(), 409);
}

#[tokio::test]
async fn a_deposit_charges_its_share_on_the_bookings_customer_saving_the_card_and_makes_the_booking_deposit_paid() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-deposit").await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "garden", 2, None).await; // 9 600, 25 % now
    let id = booking["id"].as_str().unwrap();
    let terms = &booking["terms"];
    assert_eq!((terms["policy"].as_str(), terms["now"]["amount"].as_i64()), (Some("deposit"), Some(2_400)));
    assert_eq!(terms["balance_due"].as_str(), Some(day(7).as_str()), "seven days before an arrival in fourteen");

    let answer = app.checkout(&alice, id).await;
    assert_eq!(answer["amount"], 9_600, "the answer carries the booking's price; the terms say what is charged now");
    let secret = answer["client_secret"].as_str().unwrap();
    let pi = object_of(secret).await;
    assert_eq!((pi["amount"].as_i64(), pi["setup_future_usage"].as_str()), (Some(2_400), Some("off_session")));
    let customer: Option<String> = sqlx::query_scalar("SELECT stripe_customer_id FROM bookings WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let customer = customer.expect("the booking's customer is kept");
    assert_eq!(pi["customer"].as_str(), Some(customer.as_str()));
    let created = app.stripe.seen().into_iter().find(|s| s.path == "/v1/customers").unwrap();
    assert_eq!(created.idempotency_key.as_deref(), Some(format!("booking-checkout:customer:{id}").as_str()));
    assert!(!created.body.contains("email") && !created.body.contains("name"), "no personal data: {}", created.body);

    let (status, confirmed) = confirm_with_card(secret, GOOD_CARD).await;
    assert_eq!((status, confirmed["status"].as_str()), (200, Some("succeeded")));
    app.wait_status(id, "deposit_paid").await;
    let card = stripe_object(&format!("payment_methods/{}", confirmed["payment_method"].as_str().unwrap())).await;
    assert_eq!(card["customer"].as_str(), Some(customer.as_str()), "saved for the balance");
    let res = app.create_intent(Some(&alice), id).await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "already_paid"));
}

#[tokio::test]
async fn a_hold_authorises_the_whole_price_for_manual_capture_and_the_authorisation_makes_the_booking_held() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-hold").await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "suite", 1, Some(&day(2))).await;
    let id = booking["id"].as_str().unwrap();
    assert_eq!(booking["terms"]["policy"], "hold");
    assert_eq!(booking["terms"]["capture_on"].as_str(), Some(day(2).as_str()));
    let secret = app.checkout(&alice, id).await["client_secret"].as_str().unwrap().to_owned();
    let pi = object_of(&secret).await;
    assert_eq!((pi["amount"].as_i64(), pi["capture_method"].as_str()), (Some(14_900), Some("manual")));
    assert!(pi["setup_future_usage"].is_null());

    let (_, confirmed) = confirm_with_card(&secret, GOOD_CARD).await;
    assert_eq!(confirmed["status"], "requires_capture");
    app.wait_status(id, "held").await;
    assert_eq!(app.create_intent(Some(&alice), id).await.status(), 409, "held: checkout is done");

    // Captured at check-in: paid.
    assert_eq!(staff(&id_of(&secret), "capture").await["status"], "succeeded");
    app.wait_status(id, "paid").await;
}

#[tokio::test]
async fn a_released_hold_makes_the_booking_hold_released_and_the_next_checkout_gets_a_fresh_intent() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-hold-released").await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "suite", 1, Some(&day(1))).await;
    let id = booking["id"].as_str().unwrap();
    let first = app.checkout(&alice, id).await["client_secret"].as_str().unwrap().to_owned();
    confirm_with_card(&first, GOOD_CARD).await;
    app.wait_status(id, "held").await;

    // Released by staff, or expired at Stripe: the same event.
    assert_eq!(staff(&id_of(&first), "cancel").await["status"], "canceled");
    app.wait_status(id, "hold_released").await;

    let second = app.checkout(&alice, id).await["client_secret"].as_str().unwrap().to_owned();
    assert_ne!(id_of(&second), id_of(&first), "a fresh intent");
    assert_eq!(object_of(&second).await["capture_method"], "manual");
    assert_eq!(app.payments_of(id).await, [("hold".into(), id_of(&second), 2, "requires_payment_method".into())]);
    confirm_with_card(&second, GOOD_CARD).await;
    app.wait_status(id, "held").await;
}

#[tokio::test]
async fn a_guarantee_creates_a_setup_intent_on_the_bookings_customer_and_the_saved_card_makes_the_booking_guaranteed() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-guarantee").await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 2, None).await; // 7 800, a one-night fee
    let id = booking["id"].as_str().unwrap();
    assert_eq!(
        (booking["terms"]["policy"].as_str(), booking["terms"]["up_to"]["amount"].as_i64()),
        (Some("guarantee"), Some(3_900))
    );
    let answer = app.checkout(&alice, id).await;
    let secret = answer["client_secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("seti_"), "a SetupIntent's secret");
    assert_eq!((answer["amount"].as_i64(), answer["terms"].clone()), (Some(7_800), booking["terms"].clone()));
    let seti = object_of(&secret).await;
    assert_eq!(seti["usage"], "off_session");
    assert!(seti["customer"].as_str().is_some_and(|c| c.starts_with("cus_")));
    assert_eq!(
        (seti["metadata"]["booking_id"].as_str(), seti["metadata"]["kind"].as_str()),
        (Some(id), Some("guarantee"))
    );
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), 0, "nothing is charged");

    let (status, saved) = confirm_with_card(&secret, GOOD_CARD).await;
    assert_eq!((status, saved["status"].as_str()), (200, Some("succeeded")));
    app.wait_status(id, "guaranteed").await;
    assert_eq!(app.payments_of(id).await, [("guarantee".into(), id_of(&secret), 1, "succeeded".into())]);
    let history: Value = app.get("/api/payments/history", Some(&alice)).json_body().await;
    assert!(history["items"].as_array().unwrap().iter().all(|p| p["booking_id"] != id), "a saved card is no payment");
    assert_eq!(app.create_intent(Some(&alice), id).await.status(), 409);
}

#[tokio::test]
async fn a_declined_payment_leaves_the_booking_awaiting_and_payable_with_the_same_intent() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-declined-payment").await;
    let alice = app.login(ALICE).await;
    let id = app.book(&alice, "garden", 1, None).await["id"].as_str().unwrap().to_owned();
    let secret = app.checkout(&alice, &id).await["client_secret"].as_str().unwrap().to_owned();
    let (status, _) = confirm_with_card(&secret, DECLINED_PAYMENT).await;
    assert_eq!(status, 402);
    app.wait_event(&id_of(&secret), "payment_intent.payment_failed").await;
    assert_eq!(app.booking_status(&id).await, "awaiting_payment");
    assert_eq!(app.checkout(&alice, &id).await["client_secret"].as_str(), Some(secret.as_str()), "payable again");
    // Stripe takes another card on the same intent (localstripe cannot
    // confirm it again, so that part is Stripe's own).
    assert_eq!(object_of(&secret).await["status"], "requires_payment_method");
    assert_eq!(app.payments_of(&id).await[0].3, "requires_payment_method");
}

#[tokio::test]
async fn a_declined_card_leaves_a_guarantee_awaiting_with_the_failure_recorded_and_payable() {
    let app = spawn_app().await;
    app.register_all_webhooks("policy-declined-setup").await;
    let alice = app.login(ALICE).await;
    let id = app.book(&alice, "cabin", 1, None).await["id"].as_str().unwrap().to_owned();
    let secret = app.checkout(&alice, &id).await["client_secret"].as_str().unwrap().to_owned();
    let (status, _) = confirm_with_card(&secret, DECLINED_SETUP).await;
    assert_eq!(status, 402);
    app.wait_event(&id_of(&secret), "setup_intent.setup_failed").await;
    assert_eq!(app.booking_status(&id).await, "awaiting_payment");
    assert_eq!(app.payments_of(&id).await[0].3, "requires_payment_method");
    assert_eq!(
        app.checkout(&alice, &id).await["client_secret"].as_str(),
        Some(secret.as_str()),
        "the same SetupIntent"
    );
    confirm_with_card(&secret, GOOD_CARD).await;
    app.wait_status(&id, "guaranteed").await;
}

#[tokio::test]
async fn concurrent_create_intents_make_one_stripe_object_and_one_customer_per_booking_for_each_policy() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    for (room, arrival, path) in [
        ("garden", None, "/v1/payment_intents"),
        ("suite", Some(day(3)), "/v1/payment_intents"),
        ("cabin", None, "/v1/setup_intents"),
    ] {
        let id = app.book(&alice, room, 1, arrival.as_deref()).await["id"].as_str().unwrap().to_owned();
        let before = (app.stripe.count("POST", path), app.stripe.count("POST", "/v1/customers"));
        let answers = futures::future::join_all((0..10).map(|_| app.create_intent(Some(&alice), &id))).await;
        let mut secrets = std::collections::HashSet::new();
        for res in answers {
            assert_eq!(res.status(), 200, "{room}");
            secrets.insert(res.json::<Value>().await.unwrap()["client_secret"].as_str().unwrap().to_owned());
        }
        assert_eq!(secrets.len(), 1, "{room}: every caller got the same object");
        assert_eq!(app.stripe.count("POST", path) - before.0, 1, "{room}: one object at Stripe");
        let customers = if room == "suite" { 0 } else { 1 };
        assert_eq!(app.stripe.count("POST", "/v1/customers") - before.1, customers, "{room}");
        assert_eq!(app.payments_of(&id).await.len(), 1, "{room}");
    }
}

/// A hold booked for an arrival past the hold window starts as a
/// guarantee; days later, inside the window, it is a hold. The SetupIntent
/// handed out before must be canceled before a PaymentIntent is: a guest
/// never holds two objects that could charge or save a card for one booking.
#[tokio::test]
async fn when_the_terms_change_kind_the_open_object_of_the_old_kind_is_canceled_before_the_new_one_is_handed_out() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let id = app.book(&alice, "suite", 1, Some(&day(6))).await["id"].as_str().unwrap().to_owned();
    let guarantee = app.checkout(&alice, &id).await;
    assert_eq!(guarantee["terms"]["policy"], "guarantee");
    let seti = id_of(guarantee["client_secret"].as_str().unwrap());

    app.state.clock.set(now() + 2 * 86_400);
    let alice = app.login(ALICE).await;
    let hold = app.checkout(&alice, &id).await;
    assert_eq!(hold["terms"]["policy"], "hold");
    assert!(hold["client_secret"].as_str().unwrap().starts_with("pi_"));
    assert_eq!(stripe_object(&format!("setup_intents/{seti}")).await["status"], "canceled");
    let seen = app.stripe.seen();
    let cancel = seen.iter().position(|s| s.path == format!("/v1/setup_intents/{seti}/cancel")).expect("canceled");
    let create = seen.iter().position(|s| s.method == "POST" && s.path == "/v1/payment_intents").unwrap();
    assert!(cancel < create, "canceled before the hold was created");
    let rows = app.payments_of(&id).await;
    assert_eq!(
        rows.iter().map(|r| (r.0.as_str(), r.3.as_str())).collect::<Vec<_>>(),
        [("guarantee", "canceled"), ("hold", "requires_payment_method")]
    );
}

#[tokio::test]
async fn a_booking_whose_arrival_has_passed_shows_pay_now_terms_and_is_refused_checkout() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let id = app.book(&alice, "cabin", 1, Some(&day(0))).await["id"].as_str().unwrap().to_owned();
    app.state.clock.set(now() + 86_400);
    let alice = app.login(ALICE).await;
    let booking: Value = app.get(&format!("/api/bookings/{id}"), Some(&alice)).json_body().await;
    assert_eq!(booking["terms"]["policy"], "pay_now");
    let res = app.create_intent(Some(&alice), &id).await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (422, "invalid_request"));
    assert!(app.stripe.seen().is_empty(), "nothing reached Stripe");
}
