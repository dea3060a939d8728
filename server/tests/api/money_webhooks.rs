//! Refund and dispute webhooks: deduplicated with the event id, moving a
//! refund's or dispute's status only forward, never the booking's, and a
//! logged 2xx no-op for a PaymentIntent we did not create. localstripe has
//! no disputes and no refund updates: those are signed test events, posted
//! the way Stripe would; its `charge.refunded` is tested end to end.

use crate::helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

/// A signed event of `kind` about `object`, posted; its status code.
async fn post_event(app: &TestApp, id: &str, kind: &str, object: Value) -> u16 {
    let body = json!({"id": id, "object": "event", "type": kind, "data": {"object": object}}).to_string();
    app.webhook(&body, WEBHOOK_SECRET, now()).await.status().as_u16()
}

/// A paid sea-view booking (12 500) cancelled 14 days ahead: refunded in
/// full. Its id, intent and refund.
async fn refunded(app: &TestApp, cookie: &str) -> (String, String, String) {
    let (id, pi) = app.checked_out(cookie, "sea-view", None, "paid").await;
    assert_eq!(app.cancel(cookie, &id).await.status(), 200);
    let refund: String = sqlx::query_scalar("SELECT refund_id FROM refunds WHERE booking_id = $1")
        .bind(&id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (id, pi, refund)
}

async fn refund_status(app: &TestApp, refund: &str) -> String {
    sqlx::query_scalar("SELECT status FROM refunds WHERE refund_id = $1")
        .bind(refund)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refund_that_fails_later_shows_on_its_row_and_on_the_booking_and_never_succeeds_again() {
    let app = spawn_app().await;
    app.register_all_webhooks("money-refund-failed").await;
    let alice = app.login(ALICE).await;
    let (id, pi, refund) = refunded(&app, &alice).await;
    let failed = json!({"id": refund, "object": "refund", "payment_intent": pi, "amount": 12_500, "status": "failed"});
    assert_eq!(post_event(&app, "evt_refund_failed", "refund.updated", failed.clone()).await, 200);
    assert_eq!(refund_status(&app, &refund).await, "failed");
    let booking: Value = app.get(&format!("/api/bookings/{id}"), Some(&alice)).json_body().await;
    assert_eq!((booking["refund_failed"].as_i64(), booking["status"].as_str()), (Some(12_500), Some("cancelled")));
    let late = json!({"id": refund, "object": "refund", "payment_intent": pi, "amount": 12_500, "status": "succeeded"});
    assert_eq!(post_event(&app, "evt_refund_late", "refund.updated", late).await, 200);
    assert_eq!(refund_status(&app, &refund).await, "failed", "a late success never undoes the failure");
    assert_eq!(post_event(&app, "evt_refund_failed", "refund.updated", failed).await, 200, "a repeat is a no-op");
    let refunds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM refunds WHERE booking_id = $1")
        .bind(&id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(refunds, 1);
}

#[tokio::test]
async fn a_refund_made_at_stripe_outside_the_server_is_recorded_from_localstripes_charge_refunded() {
    let app = spawn_app().await;
    app.register_all_webhooks("money-charge-refunded").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await;
    // Staff refund 2 000 in Stripe's Dashboard: Stripe then sends charge.refunded.
    let refund: Value = reqwest::Client::new()
        .post(format!("{}/v1/refunds", localstripe()))
        .basic_auth(SECRET_KEY, Some(""))
        .form(&[("payment_intent", pi.as_str()), ("amount", "2000")])
        .json_body()
        .await;
    let refund_id = refund["id"].as_str().unwrap().to_owned();
    for _ in 0..300 {
        let rows: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT refund_id, amount, reason FROM refunds WHERE booking_id = $1")
                .bind(&id)
                .fetch_all(&app.state.db)
                .await
                .unwrap();
        if !rows.is_empty() {
            assert_eq!(rows, [(refund_id, 2_000, "staff".to_owned())]);
            assert_eq!(app.booking_status(&id).await, "paid", "a refund never moves the booking");
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("charge.refunded never recorded the refund");
}

#[tokio::test]
async fn dispute_events_flag_the_booking_forward_only_once_each_and_show_in_the_booking() {
    let app = spawn_app().await;
    app.register_all_webhooks("money-dispute").await;
    let alice = app.login(ALICE).await;
    let (id, pi) = app.checked_out(&alice, "sea-view", None, "paid").await;
    let dispute = |status: &str| json!({"id": "dp_1", "object": "dispute", "payment_intent": pi, "status": status});
    let dispute_of = || async {
        let booking: Value = app.get(&format!("/api/bookings/{id}"), Some(&alice)).json_body().await;
        booking["dispute"].as_str().map(str::to_owned)
    };
    assert_eq!(dispute_of().await, None);
    assert_eq!(post_event(&app, "evt_dp_1", "charge.dispute.created", dispute("needs_response")).await, 200);
    assert_eq!(dispute_of().await.as_deref(), Some("needs_response"));
    assert_eq!(post_event(&app, "evt_dp_2", "charge.dispute.updated", dispute("under_review")).await, 200);
    assert_eq!(post_event(&app, "evt_dp_1b", "charge.dispute.created", dispute("needs_response")).await, 200);
    assert_eq!(dispute_of().await.as_deref(), Some("under_review"), "a late created never takes it back");
    assert_eq!(post_event(&app, "evt_dp_3", "charge.dispute.closed", dispute("lost")).await, 200);
    assert_eq!(post_event(&app, "evt_dp_2", "charge.dispute.updated", dispute("under_review")).await, 200);
    assert_eq!(dispute_of().await.as_deref(), Some("lost"), "a redelivery is a no-op");
    assert_eq!(app.booking_status(&id).await, "paid", "the booking's own status does not move");
}

#[tokio::test]
async fn refund_and_dispute_events_for_a_payment_intent_we_did_not_create_are_a_2xx_no_op() {
    let app = spawn_app().await;
    let stranger =
        json!({"id": "dp_x", "object": "dispute", "payment_intent": "pi_not_ours", "status": "needs_response"});
    assert_eq!(post_event(&app, "evt_x1", "charge.dispute.created", stranger).await, 200);
    let refund =
        json!({"id": "re_x", "object": "refund", "payment_intent": "pi_not_ours", "amount": 5, "status": "failed"});
    assert_eq!(post_event(&app, "evt_x2", "refund.updated", refund).await, 200);
    let no_intent = json!({"id": "dp_y", "object": "dispute", "status": "needs_response"});
    assert_eq!(post_event(&app, "evt_x3", "charge.dispute.created", no_intent).await, 200);
    let refunds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM refunds").fetch_one(&app.state.db).await.unwrap();
    let disputed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE dispute_status IS NOT NULL")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!((refunds, disputed), (0, 0));
}

/// A paid booking whose payment was since refunded or disputed answers
/// create-intent with its own code, so the checkout says which, not
/// "already complete"; a cancelled one stays `booking_cancelled`.
#[tokio::test]
async fn a_refunded_or_disputed_booking_answers_checkout_with_its_own_code() {
    let app = spawn_app().await;
    app.register_all_webhooks("money-codes").await;
    let alice = app.login(ALICE).await;
    let code = |id: String| {
        let (app, alice) = (&app, &alice);
        async move {
            let res = app.create_intent(Some(alice), &id).await;
            assert_eq!(res.status(), 409);
            error_code(res).await
        }
    };

    let (paid, _) = app.checked_out(&alice, "sea-view", None, "paid").await;
    assert_eq!(code(paid).await, "already_paid");

    let (disputed, pi) = app.checked_out(&alice, "sea-view", None, "paid").await;
    let dispute = json!({"id": "dp_codes", "object": "dispute", "payment_intent": pi, "status": "needs_response"});
    assert_eq!(post_event(&app, "evt_dp_codes", "charge.dispute.created", dispute).await, 200);
    assert_eq!(code(disputed).await, "booking_disputed");

    let (refunded_part, pi) = app.checked_out(&alice, "sea-view", None, "paid").await;
    reqwest::Client::new()
        .post(format!("{}/v1/refunds", localstripe()))
        .basic_auth(SECRET_KEY, Some(""))
        .form(&[("payment_intent", pi.as_str()), ("amount", "2000")])
        .send()
        .await
        .unwrap();
    app.wait_refund_recorded(&pi).await;
    assert_eq!(code(refunded_part).await, "booking_refunded");

    let (cancelled, _, _) = refunded(&app, &alice).await;
    assert_eq!(code(cancelled).await, "booking_cancelled");
}
