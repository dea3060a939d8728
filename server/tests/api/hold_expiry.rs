//! A hold's expiry: recorded from Stripe's `capture_before` when the hold
//! is authorised and shown on the booking; staff capture refused once it
//! has passed (the server's clock), without asking Stripe; and Stripe's
//! own cancel of an expired hold (`cancellation_reason: automatic`, a
//! signed test event) leaves the booking `hold_released`, payable again.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

const STAFF_TOKEN: &str = "staff-token-for-the-hold-tests";

async fn staff_app() -> TestApp {
    spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await
}

impl TestApp {
    /// The booking's `hold_expires_at` once it is Stripe's `capture_before`
    /// of hold `pi` (10 s at most: the webhook records it).
    async fn hold_expires_at(&self, cookie: &str, booking: &str, pi: &str) -> i64 {
        let stripes = stripes_capture_before(pi).await;
        let mut shown = None;
        for _ in 0..100 {
            let answer: Value = self.get(&format!("/api/bookings/{booking}"), Some(cookie)).json_body().await;
            shown = answer["hold_expires_at"].as_i64();
            if shown == Some(stripes) {
                return stripes;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{booking} shows hold_expires_at {shown:?}, Stripe says {stripes}");
    }

    async fn capture(&self, booking: &str) -> reqwest::Response {
        let url = self.url(&format!("/api/staff/bookings/{booking}/capture"));
        self.http.post(url).bearer_auth(STAFF_TOKEN).json(&json!({})).send().await.unwrap()
    }
}

/// Stripe's `capture_before` of hold `pi`'s charge.
async fn stripes_capture_before(pi: &str) -> i64 {
    let intent = stripe_object(&format!("payment_intents/{pi}?expand[]=latest_charge")).await;
    intent["latest_charge"]["payment_method_details"]["card"]["capture_before"].as_i64().expect("capture_before")
}

#[tokio::test]
async fn a_holds_expiry_is_stripes_capture_before_and_shows_on_the_booking_while_held() {
    let app = spawn_app().await;
    app.register_all_webhooks("hold-expiry-recorded").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "suite", Some(&day(4)), "held").await;
    let at = app.hold_expires_at(&alice, &id, &pi).await;
    assert!((at - now() - 7 * 86_400).abs() < 120, "seven days from the authorisation: {at}");
    let unheld = app.book(&alice, "sea-view", 2, None).await;
    assert!(unheld.get("hold_expires_at").is_none(), "absent without a hold: {unheld}");
}

#[tokio::test]
async fn a_capture_after_the_hold_expired_is_refused_409_hold_expired_and_stripe_is_not_asked() {
    let app = staff_app().await;
    app.register_all_webhooks("hold-expiry-capture").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "suite", Some(&day(4)), "held").await;
    let at = app.hold_expires_at(&alice, &id, &pi).await;
    app.state.clock.set(at);
    let res = app.capture(&id).await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "hold_expired"));
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{pi}/capture")), 0, "Stripe is not asked");
    assert_eq!(app.booking_status(&id).await, "held");
    let logs = crate::logs::captured();
    assert!(logs.lines().any(|l| l.contains("staff action") && l.contains("hold_expired")), "logged with its code");

    app.state.clock.set(at - 60);
    let res = app.capture(&id).await;
    assert_eq!(res.status(), 200, "a minute before it expires");
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{pi}/capture")), 1);
}

#[tokio::test]
async fn stripe_canceling_an_expired_hold_leaves_the_booking_hold_released_and_payable_again() {
    let app = spawn_app().await;
    app.register_all_webhooks("hold-expiry-canceled").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "suite", Some(&day(4)), "held").await;
    app.hold_expires_at(&alice, &id, &pi).await;
    // What Stripe sends when the authorisation ran out, as it sends it.
    let canceled = json!({
        "id": "evt_hold_expired", "object": "event", "type": "payment_intent.canceled", "created": now(),
        "data": {"object": {"id": pi, "object": "payment_intent", "status": "canceled",
                            "cancellation_reason": "automatic", "capture_method": "manual"}}
    })
    .to_string();
    assert_eq!(app.webhook(&canceled, WEBHOOK_SECRET, app.state.clock.now()).await.status(), 200);
    assert_eq!(app.booking_status(&id).await, "hold_released");
    let logs = crate::logs::captured();
    assert!(logs.lines().any(|l| l.contains("webhook_hold_expired")), "logged with its code");
    let booking: Value = app.get(&format!("/api/bookings/{id}"), Some(&alice)).json_body().await;
    assert!(booking.get("hold_expires_at").is_none(), "nothing is held: {booking}");
    assert_eq!(app.webhook(&canceled, WEBHOOK_SECRET, app.state.clock.now()).await.status(), 200, "a repeat");
    assert_eq!(app.booking_status(&id).await, "hold_released");

    // Stripe had canceled the intent itself (localstripe, told so, sends
    // its own event, which changes nothing more); then the guest's next
    // checkout: a new PaymentIntent for the terms of now.
    assert_eq!(staff(&pi, "cancel").await["status"], "canceled");
    let answer = app.checkout(&alice, &id).await;
    let secret = answer["client_secret"].as_str().unwrap();
    assert_ne!(id_of(secret), pi, "a new authorisation");
    let created = app.stripe.seen().into_iter().rfind(|s| s.method == "POST" && s.path == "/v1/payment_intents");
    let body = created.unwrap().body;
    let total = booking["terms"]["total"]["amount"].as_i64().unwrap();
    assert_eq!(booking["terms"]["policy"], "hold");
    assert!(body.contains(&format!("amount={total}")) && body.contains("capture_method=manual"), "{body}");
    confirm_with_card(secret, "4242424242424242").await;
    app.wait_status(&id, "held").await;
    app.hold_expires_at(&alice, &id, &id_of(secret)).await; // the new hold's own expiry
}
