//! The staff API (`/api/staff/bookings/{id}/…`) against localstripe: only
//! the staff token opens it; captures, releases, charges and refunds are
//! bounded by what the server knows and move money once however often
//! they are called; the evidence is what the guest accepted.

use crate::helpers::*;
use crate::terms_helpers::*;
use serde_json::{json, Value};

const STAFF_TOKEN: &str = "staff-token-for-the-tests";
const THREE_DS_CARD: &str = "4000002500003155";
const ACTIONS: [&str; 4] = ["capture", "release", "charge", "refund"];

async fn staff_app() -> TestApp {
    spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await
}

fn staff_path(id: &str, action: &str) -> String {
    format!("/api/staff/bookings/{id}/{action}")
}

impl TestApp {
    /// A staff `POST` of `body` to `action` on `booking`, each with an
    /// `Idempotency-Key` of its own (a refund needs one: a new key is a new
    /// refund).
    async fn staff_post(&self, booking: &str, action: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.url(&staff_path(booking, action)))
            .bearer_auth(STAFF_TOKEN)
            .header("idempotency-key", format!("test-{:016x}", rand::random::<u64>()))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// A staff action's 200 answer.
    async fn staff_ok(&self, booking: &str, action: &str, body: Value) -> Value {
        let res = self.staff_post(booking, action, body).await;
        assert_eq!(res.status(), 200, "{action} on {booking}");
        res.json().await.unwrap()
    }

    /// The refunds recorded for `booking`: (amount, reason).
    async fn refund_rows(&self, booking: &str) -> Vec<(i64, String)> {
        sqlx::query_as("SELECT amount, reason FROM refunds WHERE booking_id = $1 ORDER BY id")
            .bind(booking)
            .fetch_all(&self.state.db)
            .await
            .unwrap()
    }
}

/// A held suite (29 800 for 2 nights), arriving in 4 days; its id and intent.
async fn held(app: &TestApp, cookie: &str) -> (String, String) {
    app.checked_out(cookie, "suite", Some(&day(4)), "held").await
}

#[tokio::test]
async fn guest_credentials_on_every_staff_route_are_refused_403_and_nothing_reaches_stripe() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-guests").await;
    let alice = app.login(ALICE).await;
    let (id, _) = held(&app, &alice).await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(ALICE.0)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let token = booking_server::auth::issue_api_token(&app.state.writes, user, now()).await.unwrap();
    let before = app.stripe.seen().len();
    for action in ACTIONS {
        let body = json!({"kind": "no_show", "amount": 1});
        let cookie = app.post(&staff_path(&id, action), Some(&alice), body.clone()).send().await.unwrap();
        assert_eq!((cookie.status().as_u16(), error_code(cookie).await.as_str()), (403, "forbidden"), "{action}");
        let bearer =
            app.http.post(app.url(&staff_path(&id, action))).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(bearer.status(), 403, "{action} with the guest's API token");
        let nothing = app.http.post(app.url(&staff_path(&id, action))).json(&body).send().await.unwrap();
        assert_eq!(nothing.status(), 401, "{action} without credentials: staff must authenticate");
    }
    let evidence = app.get(&staff_path(&id, "evidence"), Some(&alice)).send().await.unwrap();
    assert_eq!(evidence.status(), 403);
    assert_eq!(app.stripe.seen().len(), before, "nothing reached Stripe");
    assert_eq!(app.booking_status(&id).await, "held", "nothing changed");
    // The staff token means nothing on a guest's route.
    let mine = app.http.get(app.url("/api/bookings")).bearer_auth(STAFF_TOKEN).send().await.unwrap();
    assert_eq!(mine.status(), 401);
}

#[tokio::test]
async fn without_a_configured_staff_token_the_staff_routes_are_not_found_for_anyone() {
    let app = spawn_app().await;
    for action in ACTIONS {
        let res = app.staff_post("bk_demo_1", action, json!({"kind": "no_show"})).await;
        assert_eq!(res.status(), 404, "{action}");
    }
    assert!(app.stripe.seen().is_empty());
}

#[tokio::test]
async fn a_partial_capture_takes_that_much_of_the_hold_once_however_often_it_is_asked() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-capture-part").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = held(&app, &alice).await;
    let over = app.staff_post(&id, "capture", json!({"amount": 29_801})).await;
    assert_eq!(over.status(), 422, "never more than authorised");
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{pi}/capture")), 0);
    let answer = app.staff_ok(&id, "capture", json!({"amount": 10_000})).await;
    assert_eq!(
        answer,
        json!({"booking_id": id, "status": "paid", "currency": "eur", "amount": 10_000, "payment_intent_id": pi})
    );
    let capture = app.stripe.seen().into_iter().find(|s| s.path.ends_with("/capture")).unwrap();
    assert_eq!(capture.body, "amount_to_capture=10000");
    assert_eq!(capture.idempotency_key.unwrap(), format!("booking-checkout:capture:staff:{id}:{pi}:10000"));
    let received: Option<i64> = sqlx::query_scalar("SELECT amount_received FROM payments WHERE payment_intent_id = $1")
        .bind(&pi)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(received, Some(10_000), "what later refunds are bounded by");
    assert_eq!(app.staff_post(&id, "refund", json!({"amount": 10_001})).await.status(), 422, "only what was captured");
    assert_eq!(app.staff_ok(&id, "capture", json!({"amount": 20_000})).await, answer, "a repeat answers the first");
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{pi}/capture")), 1);
}

#[tokio::test]
async fn a_capture_without_an_amount_takes_the_whole_hold_and_the_booking_is_paid() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-capture-full").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = held(&app, &alice).await;
    let answer = app.staff_ok(&id, "capture", json!({})).await;
    assert_eq!((answer["status"].as_str(), answer["amount"].as_i64()), (Some("paid"), Some(29_800)));
    assert_eq!(stripe_object(&format!("payment_intents/{pi}")).await["status"], "succeeded");
    app.wait_event(&pi, "payment_intent.succeeded").await;
    assert_eq!(app.booking_status(&id).await, "paid");
}

#[tokio::test]
async fn a_release_cancels_the_hold_once_and_leaves_the_booking_hold_released() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-release").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = held(&app, &alice).await;
    let answer = app.staff_ok(&id, "release", json!({})).await;
    assert_eq!((answer["status"].as_str(), answer["amount"].as_i64()), (Some("hold_released"), Some(29_800)));
    assert_eq!(stripe_object(&format!("payment_intents/{pi}")).await["status"], "canceled");
    assert_eq!(app.staff_ok(&id, "release", json!({})).await, answer);
    assert_eq!(app.stripe.count("POST", &format!("/v1/payment_intents/{pi}/cancel")), 1);
    app.wait_event(&pi, "payment_intent.canceled").await;
    assert_eq!(app.booking_status(&id).await, "hold_released");
    let capture = app.staff_post(&id, "capture", json!({})).await;
    assert_eq!(capture.status(), 422, "nothing left to capture");
}

#[tokio::test]
async fn a_refund_never_exceeds_what_was_paid_and_not_yet_refunded() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-refund-bounds").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await; // 12 500
    for bad in [json!({"amount": 12_501}), json!({"amount": 0}), json!({"amount": -5}), json!({"amount": "9"})] {
        assert_eq!(app.staff_post(&id, "refund", bad.clone()).await.status(), 422, "{bad}");
    }
    assert!(app.refunds_asked().is_empty());
    assert_eq!(app.staff_ok(&id, "refund", json!({"amount": 5_000})).await["amount"], 5_000);
    assert_eq!(app.staff_post(&id, "refund", json!({"amount": 7_501})).await.status(), 422);
    assert_eq!(app.staff_ok(&id, "refund", json!({})).await["amount"], 7_500, "the rest by default");
    assert_eq!(app.staff_ok(&id, "refund", json!({})).await["amount"], 0, "nothing left");
    assert_eq!(app.refunds_asked(), [(pi.clone(), 5_000), (pi.clone(), 7_500)]);
    let keys: Vec<String> =
        app.stripe.seen().into_iter().filter(|s| s.path == "/v1/refunds").filter_map(|s| s.idempotency_key).collect();
    assert_eq!(keys.len(), 2);
    assert!(keys[0].starts_with(&format!("booking-checkout:refund:staff:{id}:")), "{keys:?}");
    assert!(keys[0].ends_with(&format!(":{pi}:5000")) && keys[1].ends_with(&format!(":{pi}:7500")), "{keys:?}");
    assert_ne!(keys[0], keys[1], "two keys, two refunds");
    assert_eq!(app.refund_rows(&id).await, [(5_000, "staff".into()), (7_500, "staff".into())]);
}

#[tokio::test]
async fn a_double_refund_call_makes_one_refund() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-refund-double").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await;
    let answers = futures::future::join_all((0..2).map(|_| app.staff_post(&id, "refund", json!({})))).await;
    let mut amounts = Vec::new();
    for res in answers {
        assert_eq!(res.status(), 200);
        amounts.push(res.json::<Value>().await.unwrap()["amount"].as_i64().unwrap());
    }
    amounts.sort_unstable();
    assert_eq!(amounts, [0, 12_500]);
    assert_eq!(app.refunds_asked(), [(pi, 12_500)]);
}

/// A guarantee for the cabin (7 800; the consent covers up to 3 900) saved
/// with a good card.
async fn guaranteed(app: &TestApp, cookie: &str) -> String {
    app.checked_out(cookie, "cabin", None, "guaranteed").await.0
}

#[tokio::test]
async fn a_no_show_fee_is_the_consents_up_to_never_the_requests_amount_and_is_charged_once() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-no-show").await;
    let alice = app.login(ALICE).await;
    let id = guaranteed(&app, &alice).await;
    let balance = app.staff_post(&id, "charge", json!({"kind": "balance"})).await;
    assert_eq!(balance.status(), 422, "a guarantee has no balance");
    let res = app.staff_post(&id, "charge", json!({"kind": "no_show", "amount": 7_800})).await;
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["amount"], 3_900);
    let logs = crate::logs::captured();
    let line =
        logs.lines().find(|l| l.contains("staff action") && l.contains(&request_id)).expect("the action is logged");
    assert!(line.contains("route=\"charge\"") && line.contains("code=\"staff_charged\""), "{line}");
    assert!(!logs.contains(STAFF_TOKEN), "the staff token is never logged");
    let create = app.stripe.seen().into_iter().rfind(|s| s.path == "/v1/payment_intents").unwrap();
    assert!(create.body.contains("amount=3900") && create.body.contains("off_session=true"), "{}", create.body);
    assert_eq!(create.idempotency_key.unwrap(), format!("booking-checkout:off-session:no_show:{id}:3900"));
    assert_eq!(app.staff_ok(&id, "charge", json!({"kind": "no_show"})).await, answer);
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), 1, "one charge");
    let rows = app.payments_of(&id).await;
    assert!(rows.iter().any(|r| r.0 == "no_show" && r.3 == "succeeded"), "{rows:?}");
}

/// Regression: a no-show fee staff charged left the booking guaranteed,
/// and the guest's cancel then charged the cancellation fee on top, twice
/// what the consent covered.
#[tokio::test]
async fn a_cancel_after_a_no_show_fee_charges_nothing_more() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-no-show-then-cancel").await;
    let alice = app.login(ALICE).await;
    let id = guaranteed(&app, &alice).await;
    assert_eq!(app.staff_ok(&id, "charge", json!({"kind": "no_show"})).await["amount"], 3_900);
    // On the arrival day, when a cancel keeps the cabin's fee of 3 900.
    let alice = app.days_later(14).await;
    let res = app.post(&format!("/api/bookings/{id}/cancel"), Some(&alice), json!({})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let cancelled: Value = res.json().await.unwrap();
    assert_eq!(cancelled["charged"], 0, "{cancelled}");
    assert_eq!(app.stripe.count("POST", "/v1/payment_intents"), 1, "the no-show fee only");
}

/// A garden booking (9 600: 2 400 now, 7 200 later) whose deposit was paid
/// with a card that needs 3D Secure, authenticated by the guest.
async fn deposit_paid_with_a_3ds_card(app: &TestApp, cookie: &str) -> String {
    let booking = app.book(cookie, "garden", 2, None).await;
    let id = booking["id"].as_str().unwrap().to_owned();
    let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
    app.post(&format!("/api/bookings/{id}/consent"), Some(cookie), consent).send().await.unwrap();
    let secret = app.checkout(cookie, &id).await["client_secret"].as_str().unwrap().to_owned();
    let (_, confirmed) = confirm_with_card(&secret, THREE_DS_CARD).await;
    assert_eq!(confirmed["status"], "requires_action");
    authenticate(&id_of(&secret), &secret, true).await;
    app.wait_status(&id, "deposit_paid").await;
    id
}

#[tokio::test]
async fn a_balance_charge_that_needs_authentication_leaves_the_booking_action_required_with_that_intent() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-balance-3ds").await;
    let alice = app.login(ALICE).await;
    let id = deposit_paid_with_a_3ds_card(&app, &alice).await;
    let answer = app.staff_ok(&id, "charge", json!({"kind": "balance"})).await;
    assert_eq!((answer["status"].as_str(), answer["amount"].as_i64()), (Some("action_required"), Some(7_200)));
    let intent = answer["payment_intent_id"].as_str().unwrap().to_owned();
    let balance = app.payments_of(&id).await.into_iter().find(|r| r.0 == "balance").expect("the intent is kept");
    assert_eq!((balance.1.as_str(), balance.3.as_str()), (intent.as_str(), "requires_payment_method"));
    assert_eq!(app.booking_status(&id).await, "action_required");
    assert_eq!(app.staff_ok(&id, "charge", json!({"kind": "balance"})).await["payment_intent_id"], intent.as_str());
    let charges = app.stripe.seen().into_iter().filter(|s| s.method == "POST" && s.path == "/v1/payment_intents");
    assert_eq!(charges.filter(|s| s.body.contains("off_session=true")).count(), 1, "never a second charge");
}

#[tokio::test]
async fn the_recovered_balance_charges_succeeded_event_settles_the_action_required_booking_as_paid() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-balance-recovered").await;
    let alice = app.login(ALICE).await;
    let id = deposit_paid_with_a_3ds_card(&app, &alice).await;
    let answer = app.staff_ok(&id, "charge", json!({"kind": "balance"})).await;
    let intent = answer["payment_intent_id"].as_str().unwrap();
    app.wait_event(intent, "payment_intent.payment_failed").await;
    assert_eq!(app.booking_status(&id).await, "action_required", "the failure's event keeps it owed");
    // The guest paid that intent on-session; Stripe says so.
    let res = app.webhook(&event("evt_balance_paid", "payment_intent.succeeded", intent), WEBHOOK_SECRET, now()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.booking_status(&id).await, "paid");
    let late = event("evt_balance_late_failure", "payment_intent.payment_failed", intent);
    assert_eq!(app.webhook(&late, WEBHOOK_SECRET, now()).await.status(), 200);
    assert_eq!(app.booking_status(&id).await, "paid", "a late failure never downgrades it");
}

#[tokio::test]
async fn the_evidence_is_the_accepted_consent_and_cancellation_policy() {
    let app = staff_app().await;
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "cabin", 2, None).await;
    let id = booking["id"].as_str().unwrap();
    let consent = json!({"terms": booking["terms"], "locale": "fr", "text": "J'accepte."});
    app.post(&format!("/api/bookings/{id}/consent"), Some(&alice), consent).send().await.unwrap();
    let evidence: Value = app.http.get(app.url(&staff_path(id, "evidence"))).bearer_auth(STAFF_TOKEN).json_body().await;
    assert_eq!(evidence["booking_id"], id);
    assert_eq!(evidence["consents"][0]["terms"], booking["terms"]);
    assert_eq!(
        (evidence["consents"][0]["text"].as_str(), evidence["consents"][0]["locale"].as_str()),
        (Some("J'accepte."), Some("fr"))
    );
    assert_eq!(evidence["cancellation"], booking["cancellation"]);
    assert_eq!(evidence["consents"][0]["cancellation_version"], booking["cancellation"]["version"]);
    assert!(evidence.get("dispute").is_none());
}

/// Regression: localstripe's capture answer has no `amount_received`, and
/// the cancel's partial capture was recorded as the whole authorisation,
/// so a later refund could have exceeded what was taken.
#[tokio::test]
async fn after_a_cancel_captured_part_of_a_hold_staff_can_refund_only_that_part() {
    let app = staff_app().await;
    app.register_all_webhooks("staff-refund-after-cancel").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "suite", Some(&day(2)), "held").await; // 29 800 held
    let cancelled: Value = app.cancel(&alice, &id).await.json().await.unwrap();
    assert_eq!(cancelled["charged"], 14_900);
    assert_eq!(app.staff_post(&id, "refund", json!({"amount": 14_901})).await.status(), 422);
    assert_eq!(app.staff_ok(&id, "refund", json!({})).await["amount"], 14_900);
    assert_eq!(app.refunds_asked(), [(pi, 14_900)]);
}
