//! The balance job against localstripe: a deposit's balance due by the
//! server's clock is charged once, whoever runs the job and however often
//! (two runs at once, two instances on PostgreSQL, staff first); a balance
//! not yet due is left alone; a card that needs the guest leaves the
//! booking `action_required` with that intent.

use crate::helpers::*;
use crate::terms_helpers::*;
use booking_server::balance_job::{run_once, Run};
use serde_json::{json, Value};

const GOOD_CARD: &str = "4242424242424242";
const THREE_DS_CARD: &str = "4000002500003155";
const STAFF_TOKEN: &str = "staff-token-for-the-job-tests";

/// A garden booking (9 600: 2 400 now, 7 200 later) whose balance is due
/// today: booked yesterday by the server's clock, arriving in 7 days, the
/// deposit paid with `card` today (the clock set back to now, so that
/// localstripe's events verify). Its id.
async fn deposit_due_today(app: &TestApp, card: &str) -> String {
    app.state.clock.set(now() - 86_400);
    let alice = app.login(ALICE).await;
    let booking = app.book(&alice, "garden", 2, Some(&day(7))).await;
    assert_eq!(booking["terms"]["balance_due"], day(0), "{booking}");
    let id = booking["id"].as_str().unwrap().to_owned();
    let consent = json!({"terms": booking["terms"], "locale": "en", "text": "I agree."});
    let res = app.post(&format!("/api/bookings/{id}/consent"), Some(&alice), consent).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let secret = app.checkout(&alice, &id).await["client_secret"].as_str().unwrap().to_owned();
    app.state.clock.set(now());
    let (_, confirmed) = confirm_with_card(&secret, card).await;
    if confirmed["status"] == "requires_action" {
        authenticate(&id_of(&secret), &secret, true).await;
    }
    app.wait_status(&id, "deposit_paid").await;
    id
}

impl TestApp {
    /// The off-session charges Stripe was asked to create.
    fn off_session_charges(&self) -> Vec<Seen> {
        let seen = self.stripe.seen().into_iter();
        seen.filter(|s| s.method == "POST" && s.path == "/v1/payment_intents" && s.body.contains("off_session=true"))
            .collect()
    }

    /// The booking's balance payment: (intent, status).
    async fn balance_of(&self, booking: &str) -> (String, String) {
        let row = self.payments_of(booking).await.into_iter().find(|r| r.0 == "balance").expect("a balance row");
        (row.1, row.3)
    }
}

/// PostgreSQL only: SQLite runs on one node.
fn postgres() -> bool {
    let on = std::env::var_os("TEST_POSTGRES_URL").is_some();
    if !on {
        eprintln!("skipped: several instances need PostgreSQL (TEST_POSTGRES_URL)");
    }
    on
}

#[tokio::test]
async fn a_due_balance_is_charged_once_for_the_consents_amount_and_the_booking_is_paid() {
    let app = spawn_app().await;
    app.register_all_webhooks("balance-job-due").await;
    let id = deposit_due_today(&app, GOOD_CARD).await;
    assert_eq!(run_once(&app.state).await, Run { charged: 1, skipped: 0, failed: 0 });
    let charges = app.off_session_charges();
    assert_eq!(charges.len(), 1);
    assert!(charges[0].body.contains("amount=7200"), "{}", charges[0].body);
    let key = charges[0].idempotency_key.clone().unwrap();
    assert_eq!(key, format!("booking-checkout:off-session:balance:{id}:7200"), "the staff charge's key");
    let (intent, _) = app.balance_of(&id).await;
    app.wait_event(&intent, "payment_intent.succeeded").await;
    assert_eq!(app.booking_status(&id).await, "paid");
    assert_eq!(app.balance_of(&id).await, (intent, "succeeded".into()));
    assert_eq!(run_once(&app.state).await, Run::default(), "nothing left to charge");
    assert_eq!(app.off_session_charges().len(), 1);
    let logs = crate::logs::captured();
    assert!(logs.lines().any(|l| l.contains("balance job") && l.contains("balance_charged")), "logged with its code");
}

#[tokio::test]
async fn a_balance_not_yet_due_is_left_alone() {
    let app = spawn_app().await;
    app.register_all_webhooks("balance-job-not-due").await;
    let alice = app.login(ALICE).await;
    let (id, _) = app.checked_out(&alice, "garden", None, "deposit_paid").await; // due in 7 days
    assert_eq!(run_once(&app.state).await, Run::default());
    app.state.clock.set(now() + 6 * 86_400);
    assert_eq!(run_once(&app.state).await, Run::default(), "the day before it is due");
    assert!(app.off_session_charges().is_empty());
    assert_eq!(app.booking_status(&id).await, "deposit_paid");
    app.state.clock.set(now() + 7 * 86_400);
    assert_eq!(run_once(&app.state).await.charged, 1, "on the day it is due");
}

#[tokio::test]
async fn two_runs_at_once_charge_a_due_balance_once() {
    let app = spawn_app().await;
    app.register_all_webhooks("balance-job-twice").await;
    let id = deposit_due_today(&app, GOOD_CARD).await;
    // The first run's charge waits at Stripe while the second run starts.
    app.stripe.hold("/v1/payment_intents");
    let (first, second) = (app.state.clone(), app.state.clone());
    let first = tokio::spawn(async move { run_once(&first).await });
    let second = tokio::spawn(async move { run_once(&second).await });
    app.stripe.wait_for("POST", "/v1/payment_intents", 1).await;
    app.stripe.release();
    let (first, second) = (first.await.unwrap(), second.await.unwrap());
    assert_eq!(first.charged + second.charged, 1, "{first:?} {second:?}");
    assert_eq!(first.failed + second.failed, 0, "{first:?} {second:?}");
    assert_eq!(app.off_session_charges().len(), 1);
    assert_eq!(app.booking_status(&id).await, "paid");
    assert_eq!(run_once(&app.state).await, Run::default());
    assert_eq!(app.off_session_charges().len(), 1);
}

#[tokio::test]
async fn two_instances_running_the_job_at_once_charge_a_due_balance_once() {
    if !postgres() {
        return;
    }
    let a = spawn_app().await;
    let b = spawn_app_with(Options { peer: Some(a.peer()), ..Options::default() }).await;
    a.register_all_webhooks("balance-job-instances").await;
    let id = deposit_due_today(&a, GOOD_CARD).await;
    b.state.clock.set(a.state.clock.now());
    // The first charge waits at Stripe while the other runs start.
    a.stripe.hold("/v1/payment_intents");
    let runs: Vec<_> = (0..4)
        .map(|i| {
            let state = if i % 2 == 0 { a.state.clone() } else { b.state.clone() };
            tokio::spawn(async move { run_once(&state).await })
        })
        .collect();
    a.stripe.wait_for("POST", "/v1/payment_intents", 1).await;
    a.stripe.release();
    let runs: Vec<Run> = futures::future::join_all(runs).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(runs.iter().map(|r| r.charged).sum::<usize>(), 1, "{runs:?}");
    assert_eq!(runs.iter().map(|r| r.failed).sum::<usize>(), 0, "{runs:?}");
    assert_eq!(a.off_session_charges().len(), 1, "one charge at Stripe");
    assert_eq!(a.booking_status(&id).await, "paid");
}

#[tokio::test]
async fn a_card_that_needs_the_guest_leaves_the_booking_action_required_with_its_intent_and_no_second_charge() {
    let app = spawn_app().await;
    app.register_all_webhooks("balance-job-3ds").await;
    let id = deposit_due_today(&app, THREE_DS_CARD).await;
    assert_eq!(run_once(&app.state).await.charged, 1);
    assert_eq!(app.booking_status(&id).await, "action_required");
    let (intent, status) = app.balance_of(&id).await;
    assert_eq!(status, "requires_payment_method");
    assert_eq!(stripe_object(&format!("payment_intents/{intent}")).await["status"], "requires_payment_method");
    app.wait_event(&intent, "payment_intent.payment_failed").await;
    assert_eq!(app.booking_status(&id).await, "action_required", "the failure's event keeps it owed");
    assert_eq!(run_once(&app.state).await, Run::default(), "the guest pays that intent, not a new one");
    assert_eq!(app.off_session_charges().len(), 1);
}

#[tokio::test]
async fn a_balance_staff_charged_first_is_not_charged_again_by_the_job_nor_the_jobs_by_staff() {
    let app = spawn_app_with(Options { env: vec![("STAFF_TOKEN", STAFF_TOKEN.into())], ..Options::default() }).await;
    app.register_all_webhooks("balance-job-staff").await;
    let staff_charge = |id: String| {
        let req = app.http.post(app.url(&format!("/api/staff/bookings/{id}/charge"))).bearer_auth(STAFF_TOKEN);
        async move { req.json(&json!({"kind": "balance"})).json_body::<Value>().await }
    };
    let by_staff = deposit_due_today(&app, GOOD_CARD).await;
    assert_eq!(staff_charge(by_staff.clone()).await["status"], "paid");
    assert_eq!(run_once(&app.state).await, Run::default());
    assert_eq!(app.off_session_charges().len(), 1);

    let by_job = deposit_due_today(&app, GOOD_CARD).await;
    assert_eq!(run_once(&app.state).await.charged, 1);
    let (intent, _) = app.balance_of(&by_job).await;
    let answer = staff_charge(by_job.clone()).await;
    assert_eq!(
        (answer["status"].as_str(), answer["payment_intent_id"].as_str()),
        (Some("paid"), Some(intent.as_str()))
    );
    assert_eq!(app.off_session_charges().len(), 2, "one per booking");
}
