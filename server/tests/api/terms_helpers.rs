//! What the payment-terms tests share: bookings of a given room and
//! arrival, webhooks for every event the server acts on, the guest's side
//! of a confirmation at localstripe, and objects read back from it.

use crate::helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

/// Every event the server acts on.
/// The events the server handles, as the demo and the end-to-end stack
/// register them too.
pub fn events() -> impl Iterator<Item = &'static str> {
    include_str!("../../../scripts/stripe-events").lines().filter(|l| !l.trim().is_empty())
}

/// The server's day, `days` from now, as the wire writes it.
pub fn day(days: i64) -> String {
    booking_server::terms::today(now() + days * 86_400).to_string()
}

/// A request to localstripe with the server's secret key, straight (not
/// through the app's recorder: these are the guest's and staff's calls).
fn stripe(method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().request(method, format!("{}/v1/{path}", localstripe())).basic_auth(SECRET_KEY, Some(""))
}

/// A Stripe object by its path under `/v1/`, read back from localstripe.
pub async fn stripe_object(path: &str) -> Value {
    stripe(reqwest::Method::GET, path).json_body().await
}

/// A POST to localstripe with the server's secret key, outside the server
/// (Stripe acting on its own, say); its answer.
pub async fn stripe_post(path: &str) -> Value {
    stripe(reqwest::Method::POST, path).json_body().await
}

/// The object behind a client secret (`pi_…` or `seti_…`), from localstripe.
pub async fn object_of(secret: &str) -> Value {
    let id = id_of(secret);
    let kind = if id.starts_with("seti_") { "setup_intents" } else { "payment_intents" };
    stripe_object(&format!("{kind}/{id}")).await
}

/// The object id of a client secret.
pub fn id_of(secret: &str) -> String {
    secret.split("_secret_").next().unwrap().to_owned()
}

/// What the guest's browser does with the secret: confirms the object with
/// test card `number`. The HTTP status and Stripe's answer.
pub async fn confirm_with_card(secret: &str, number: &str) -> (u16, Value) {
    let (id, pm) = (id_of(secret), card_payment_method(number).await);
    let res = if id.starts_with("seti_") {
        stripe(reqwest::Method::POST, &format!("setup_intents/{id}/confirm")).form(&[("payment_method", &pm)])
    } else {
        let attach = stripe(reqwest::Method::POST, &format!("payment_intents/{id}")).form(&[("payment_method", &pm)]);
        assert!(attach.send().await.unwrap().status().is_success());
        stripe(reqwest::Method::POST, &format!("payment_intents/{id}/confirm"))
    }
    .send()
    .await
    .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// What staff do at Stripe: `action` (`cancel`, `capture`) on PaymentIntent `id`.
pub async fn staff(id: &str, action: &str) -> Value {
    stripe(reqwest::Method::POST, &format!("payment_intents/{id}/{action}")).json_body().await
}

/// The id of localstripe's `kind` event about `object`, if there is one.
/// localstripe lists events oldest first, a page at a time: every page of
/// that kind is read (the shared process holds every test's events).
async fn event_about(object: &str, kind: &str) -> Option<String> {
    let mut after = String::new();
    loop {
        let page = stripe_object(&format!("events?type={kind}&limit=100{after}")).await;
        let data = page["data"].as_array()?;
        let found = data.iter().find(|e| e["data"]["object"]["id"] == object);
        if let Some(event) = found {
            return event["id"].as_str().map(str::to_owned);
        }
        if page["has_more"] != true {
            return None;
        }
        after = format!("&starting_after={}", data.last()?["id"].as_str()?);
    }
}

impl TestApp {
    /// Registers this server's webhook URL at localstripe for [`events`].
    pub async fn register_all_webhooks(&self, name: &str) {
        let mut form = vec![("url", self.url("/api/payments/webhook")), ("secret", WEBHOOK_SECRET.to_owned())];
        form.extend(events().map(|e| ("events[]", e.to_owned())));
        let res =
            reqwest::Client::new().post(format!("{}/_config/webhooks/{name}", localstripe())).form(&form).send().await;
        assert!(res.unwrap().status().is_success());
    }

    /// Creates a booking of `nights` in `room` arriving on `arrival` (the
    /// default lead when `None`) for the signed-in user; its JSON.
    pub async fn book(&self, cookie: &str, room: &str, nights: u32, arrival: Option<&str>) -> Value {
        let mut body = json!({"room": room, "nights": nights});
        if let Some(day) = arrival {
            body["arrival"] = json!(day);
        }
        let res = self.post("/api/bookings", Some(cookie), body).send().await.unwrap();
        assert_eq!(res.status(), 201);
        res.json().await.unwrap()
    }

    /// create-intent's 200 answer for `booking`.
    pub async fn checkout(&self, cookie: &str, booking: &str) -> Value {
        let res = self.create_intent(Some(cookie), booking).await;
        assert_eq!(res.status(), 200, "create-intent for {booking}");
        res.json().await.unwrap()
    }

    /// Waits (30 s at most: localstripe delivers a second late, to every
    /// test's endpoint in turn) until `booking` has `status`.
    pub async fn wait_status(&self, booking: &str, status: &str) {
        for _ in 0..300 {
            if self.booking_status(booking).await == status {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("booking {booking} never became {status} (is {})", self.booking_status(booking).await);
    }

    /// Waits until localstripe's `kind` event about `object` was processed
    /// here.
    pub async fn wait_event(&self, object: &str, kind: &str) {
        for _ in 0..300 {
            if let Some(id) = event_about(object, kind).await {
                let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM processed_events WHERE event_id = $1")
                    .bind(&id)
                    .fetch_one(&self.state.db)
                    .await
                    .unwrap();
                if seen == 1 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no {kind} for {object} was processed");
    }

    /// Waits (30 s at most) until a refund of `intent` is recorded here.
    pub async fn wait_refund_recorded(&self, intent: &str) {
        for _ in 0..300 {
            let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM refunds WHERE payment_intent_id = $1")
                .bind(intent)
                .fetch_one(&self.state.db)
                .await
                .unwrap();
            if rows > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no refund of {intent} was recorded");
    }

    /// The booking's payments rows: (kind, intent id, attempt, status).
    pub async fn payments_of(&self, booking: &str) -> Vec<(String, String, i64, String)> {
        sqlx::query_as(
            "SELECT kind, payment_intent_id, attempt, status FROM payments WHERE booking_id = $1 ORDER BY kind",
        )
        .bind(booking)
        .fetch_all(&self.state.db)
        .await
        .unwrap()
    }
}
