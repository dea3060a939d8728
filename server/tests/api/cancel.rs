//! `POST /api/bookings/{id}/cancel`: the guest's own booking, settled by
//! its cancellation policy at the server's time, against localstripe. A
//! paid booking is refunded what the policy does not keep; a hold is
//! released or captured for what is kept; an unpaid booking's open intent
//! is canceled. Another guest's booking is 404 with nothing at Stripe, and
//! repeated or concurrent cancels make one refund.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};

const GOOD_CARD: &str = "4242424242424242";

fn cancel_path(id: &str) -> String {
    format!("/api/bookings/{id}/cancel")
}

impl TestApp {
    /// The guest's cancel of `booking`, with an amount the server must ignore.
    pub async fn cancel(&self, cookie: &str, booking: &str) -> reqwest::Response {
        self.post(&cancel_path(booking), Some(cookie), json!({"amount": 1, "refund": 99_999})).send().await.unwrap()
    }

    /// A booking of `room` paid (or held, saved) by the guest with a good card.
    pub async fn checked_out(&self, cookie: &str, room: &str, arrival: Option<&str>, status: &str) -> (String, String) {
        let id = self.book(cookie, room, 2, arrival).await["id"].as_str().unwrap().to_owned();
        let booking: Value = self.get(&format!("/api/bookings/{id}"), Some(cookie)).json_body().await;
        if booking["terms"]["policy"] != "pay_now" {
            let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
            let res = self.post(&format!("/api/bookings/{id}/consent"), Some(cookie), consent).send().await.unwrap();
            assert_eq!(res.status(), 204);
        }
        let secret = self.checkout(cookie, &id).await["client_secret"].as_str().unwrap().to_owned();
        confirm_with_card(&secret, GOOD_CARD).await;
        self.wait_status(&id, status).await;
        (id, id_of(&secret))
    }

    /// Signs in again after the clock moved (sessions follow the clock).
    pub async fn days_later(&self, days: i64) -> String {
        self.state.clock.set(now() + days * 86_400);
        self.login(ALICE).await
    }

    /// The refunds Stripe was asked for: (payment_intent, amount).
    pub fn refunds_asked(&self) -> Vec<(String, i64)> {
        self.stripe
            .seen()
            .iter()
            .filter(|s| s.method == "POST" && s.path == "/v1/refunds")
            .map(|s| {
                let form: std::collections::HashMap<String, String> = url_form(&s.body);
                (form["payment_intent"].clone(), form["amount"].parse().unwrap())
            })
            .collect()
    }
}

fn url_form(body: &str) -> std::collections::HashMap<String, String> {
    body.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.replace("%5B", "[").replace("%5D", "]"), v.to_owned()))
        .collect()
}

#[tokio::test]
async fn a_booking_shows_its_rooms_cancellation_policy_with_a_version_and_the_consent_keeps_it() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 1, None).await;
    let cancellation = &booking["cancellation"];
    assert!(cancellation["version"].as_str().unwrap().starts_with("cxl-"), "{booking}");
    assert_eq!(cancellation["policy"]["cancellation"], "tiered");
    assert_eq!(cancellation["policy"]["tiers"][0], json!({"within_days": 1, "retained": {"fixed": 3_900}}));
    let id = booking["id"].as_str().unwrap();
    let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
    assert_eq!(
        app.post(&format!("/api/bookings/{id}/consent"), Some(&alice), consent).send().await.unwrap().status(),
        204
    );
    let kept: (String, String) =
        sqlx::query_as("SELECT cancellation, cancellation_version FROM consents WHERE booking_id = $1")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(serde_json::from_str::<Value>(&kept.0).unwrap(), *cancellation);
    assert_eq!(kept.1, cancellation["version"].as_str().unwrap());
}

#[tokio::test]
async fn a_paid_booking_cancelled_late_is_refunded_what_the_policy_does_not_keep_once_whatever_the_request_says() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-paid").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await; // 12 500, arriving in 14 days
    let alice = app.days_later(11).await; // 3 days' notice: half is kept
    let res = app.cancel(&alice, &id).await;
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(
        answer,
        json!({"booking_id": id, "status": "cancelled", "currency": "eur", "retained": 6_250, "refunded": 6_250, "charged": 0})
    );
    assert_eq!(app.refunds_asked(), [(pi.clone(), 6_250)], "never the request's amount");
    let key = app.stripe.seen().into_iter().find(|s| s.path == "/v1/refunds").unwrap().idempotency_key.unwrap();
    assert_eq!(key, format!("booking-checkout:refund:cancel:{id}:{pi}:6250"));
    assert_eq!(stripe_object(&format!("refunds?payment_intent={pi}")).await["data"][0]["amount"], 6_250);
    assert_eq!(app.booking_status(&id).await, "cancelled");

    let again: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!(again, answer, "a second cancel answers the first");
    assert_eq!(app.refunds_asked().len(), 1, "and makes no second refund");
    let res = app.create_intent(Some(&alice), &id).await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "booking_cancelled"));
}

#[tokio::test]
async fn concurrent_cancels_of_a_paid_booking_make_one_refund() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-concurrent").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await;
    let answers = futures::future::join_all((0..6).map(|_| app.cancel(&alice, &id))).await;
    for res in answers {
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["refunded"], 12_500, "free 14 days ahead");
    }
    assert_eq!(app.refunds_asked(), [(pi, 12_500)]);
}

#[tokio::test]
async fn cancelling_another_guests_booking_is_not_found_and_nothing_reaches_stripe() {
    let app = spawn_app().await;
    let bob = app.login(BOB).await;
    let res = app.cancel(&bob, "bk_demo_1").await;
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (404, "not_found"));
    assert!(app.stripe.seen().is_empty());
    assert_eq!(app.booking_status("bk_demo_1").await, "awaiting_payment");
    let anonymous = app.post(&cancel_path("bk_demo_1"), None, json!({})).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let cross_site = app
        .post(&cancel_path("bk_demo_1"), Some(&app.login(ALICE).await), json!({}))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert!(app.stripe.seen().is_empty());
}

#[tokio::test]
async fn cancelling_an_unpaid_booking_cancels_its_open_intent_so_it_can_never_be_paid() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let id = app.book(&alice, "sea-view", 1, None).await["id"].as_str().unwrap().to_owned();
    let secret = app.checkout(&alice, &id).await["client_secret"].as_str().unwrap().to_owned();
    let answer: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["retained"].as_i64()), (Some("cancelled"), Some(0)));
    assert_eq!(object_of(&secret).await["status"], "canceled");
    assert!(app.refunds_asked().is_empty());
    assert_eq!(app.payments_of(&id).await[0].3, "canceled");
}

#[tokio::test]
async fn a_cancel_losing_the_race_to_the_guests_payment_answers_in_progress_and_a_retry_refunds_it() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-race").await;
    let alice = app.login(ALICE).await;
    let id = app.book(&alice, "sea-view", 1, None).await["id"].as_str().unwrap().to_owned();
    let secret = app.checkout(&alice, &id).await["client_secret"].as_str().unwrap().to_owned();
    // The guest's confirmation reaches Stripe while the cancel reads the intent.
    app.stripe.hold("/cancel");
    let cancel = app.cancel(&alice, &id);
    let pay = async {
        app.stripe.wait_for("GET", &format!("/v1/payment_intents/{}", id_of(&secret)), 1).await;
        confirm_with_card(&secret, GOOD_CARD).await;
        app.stripe.release();
    };
    let (res, ()) = tokio::join!(cancel, pay);
    assert_eq!((res.status().as_u16(), error_code(res).await.as_str()), (409, "payment_in_progress"));
    app.wait_status(&id, "paid").await;
    assert_eq!(app.cancel(&alice, &id).await.json::<Value>().await.unwrap()["refunded"], 6_250);
    assert_eq!(app.refunds_asked(), [(id_of(&secret), 6_250)]);
}

/// Regression: a hold whose authorisation Stripe had already released (it
/// expired, and its webhook had not come) made the guest's cancel fail,
/// and every retry after it, since the hold was marked released first.
#[tokio::test]
async fn a_hold_stripe_already_released_is_cancelled_all_the_same() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-hold-expired").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "suite", Some(&day(4)), "held").await;
    // The expiry's webhook goes nowhere: this server learns of it only from Stripe's answers.
    let silenced = reqwest::Client::new()
        .post(format!("{}/_config/webhooks/cancel-hold-expired", localstripe()))
        .form(&[("url", "http://127.0.0.1:9/closed"), ("secret", "whsec_nowhere")])
        .send()
        .await
        .unwrap();
    assert!(silenced.status().is_success());
    let expired = stripe_post(&format!("payment_intents/{pi}/cancel")).await;
    assert_eq!(expired["status"], "canceled");
    let res = app.cancel(&alice, &id).await;
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["charged"].as_i64()), (Some("cancelled"), Some(0)));
    assert_eq!(app.booking_status(&id).await, "cancelled");
}

#[tokio::test]
async fn a_held_booking_cancelled_with_notice_is_released_and_late_is_captured_for_what_is_kept() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-hold").await;
    let alice = app.login(ALICE).await;
    let (free, free_pi) = app.checked_out(&alice, "suite", Some(&day(4)), "held").await;
    let answer: Value = app.cancel(&alice, &free).await.json().await.unwrap();
    assert_eq!((answer["retained"].as_i64(), answer["charged"].as_i64()), (Some(0), Some(0)));
    assert_eq!(stripe_object(&format!("payment_intents/{free_pi}")).await["status"], "canceled");
    assert_eq!(app.booking_status(&free).await, "cancelled");

    let (late, late_pi) = app.checked_out(&alice, "suite", Some(&day(2)), "held").await; // 29 800 held
    let answer: Value = app.cancel(&alice, &late).await.json().await.unwrap();
    assert_eq!((answer["retained"].as_i64(), answer["charged"].as_i64()), (Some(14_900), Some(14_900)));
    let capture = app.stripe.seen().into_iter().find(|s| s.path.ends_with(&format!("{late_pi}/capture"))).unwrap();
    assert_eq!(capture.body, "amount_to_capture=14900");
    let pi = stripe_object(&format!("payment_intents/{late_pi}")).await;
    assert_eq!(pi["status"], "succeeded");
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await; // the capture's webhook
    assert_eq!(app.booking_status(&late).await, "cancelled", "the capture's event never reopens it");
}

/// A guarantee saved with `card`, consented to; the booking's id.
async fn guaranteed(app: &TestApp, cookie: &str, card: &str) -> String {
    let booking = app.book(cookie, "cabin", 2, None).await; // 7 800; the consent covers up to 3 900
    let id = booking["id"].as_str().unwrap().to_owned();
    let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
    app.post(&format!("/api/bookings/{id}/consent"), Some(cookie), consent).send().await.unwrap();
    let secret = app.checkout(cookie, &id).await["client_secret"].as_str().unwrap().to_owned();
    confirm_with_card(&secret, card).await;
    app.wait_status(&id, "guaranteed").await;
    id
}

#[tokio::test]
async fn a_guarantee_cancelled_on_the_arrival_day_is_charged_its_fee_off_session_on_the_saved_card() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-guarantee").await;
    let alice = app.login(ALICE).await;
    let id = guaranteed(&app, &alice, GOOD_CARD).await;
    let alice = app.days_later(14).await;
    let answer: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["charged"].as_i64()), (Some("cancelled"), Some(3_900)));
    let create = app.stripe.seen().into_iter().rfind(|s| s.path == "/v1/payment_intents").unwrap();
    let form = url_form(&create.body);
    assert_eq!((form["off_session"].as_str(), form["confirm"].as_str()), ("true", "true"));
    assert_eq!((form["amount"].as_str(), form["metadata[kind]"].as_str()), ("3900", "cancel_fee"));
    assert!(form["payment_method"].starts_with("pm_") && form["customer"].starts_with("cus_"));
    assert_eq!(create.idempotency_key.unwrap(), format!("booking-checkout:off-session:cancel_fee:{id}:3900"));
    let rows = app.payments_of(&id).await;
    assert!(rows.iter().any(|r| r.0 == "cancel_fee" && r.3 == "succeeded"), "{rows:?}");
}

#[tokio::test]
async fn a_fee_the_bank_declines_leaves_the_booking_action_required_with_that_intent_recorded() {
    let app = spawn_app().await;
    app.register_all_webhooks("cancel-guarantee-3ds").await;
    let alice = app.login(ALICE).await;
    // Saved without trouble, declined when charged (localstripe's 0341).
    let id = guaranteed(&app, &alice, "4000000000000341").await;
    let alice = app.days_later(14).await;
    let res = app.cancel(&alice, &id).await;
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!((answer["status"].as_str(), answer["retained"].as_i64()), (Some("action_required"), Some(3_900)));
    assert_eq!(app.booking_status(&id).await, "action_required");
    let fee = app.payments_of(&id).await.into_iter().find(|r| r.0 == "cancel_fee").expect("the intent is kept");
    assert_eq!(fee.3, "requires_payment_method");
    let again: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!(again, answer);
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), 1, "never a second charge");
}
