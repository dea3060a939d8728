//! The test launcher's additions to localstripe (scripts/run_localstripe.py),
//! held to Stripe's API reference: what the server's later payments need
//! from it must behave as Stripe does before anything is built on it.

use crate::helpers::*;

/// A localstripe, as the server's secret key reaches it.
struct Stripe<'a>(&'a str);

/// The localstripe every test shares.
fn shared() -> Stripe<'static> {
    Stripe(localstripe())
}

impl Stripe<'_> {
    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new().post(format!("{}/v1/{path}", self.0)).basic_auth(SECRET_KEY, Some(""))
    }

    /// An object, by its path under `/v1/`.
    async fn read(&self, path: &str) -> serde_json::Value {
        reqwest::Client::new().get(format!("{}/v1/{path}", self.0)).basic_auth(SECRET_KEY, Some("")).json_body().await
    }

    /// A new customer's id.
    async fn customer(&self) -> String {
        let (_, customer) = status_and_body(self.post("customers").form(&[("email", "guest@example.com")])).await;
        customer["id"].as_str().unwrap().to_owned()
    }

    /// A card PaymentMethod for test card `number`, by its id.
    async fn card(&self, number: &str) -> String {
        card_payment_method_at(self.0, number).await
    }

    /// Pays intent `id` with a new 4242 card (set, then confirmed); the
    /// card's id and the confirmation's answer.
    async fn pay_with_a_good_card(&self, id: &str) -> (String, serde_json::Value) {
        let pm = self.card("4242424242424242").await;
        status_and_body(self.post(&format!("payment_intents/{id}")).form(&[("payment_method", &pm)])).await;
        let (_, confirmed) = status_and_body(self.post(&format!("payment_intents/{id}/confirm"))).await;
        (pm, confirmed)
    }

    /// The types of the events held for intent `id`, sorted (only a
    /// localstripe of the test's own holds no other test's events).
    async fn events_of(&self, id: &str) -> Vec<String> {
        let events = self.read("events?limit=100").await;
        let mut of: Vec<String> = events["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["data"]["object"]["id"] == id)
            .map(|e| e["type"].as_str().unwrap().to_owned())
            .collect();
        of.sort();
        of
    }
}

async fn status_and_body(req: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// localstripe refused `setup_future_usage` as an unexpected parameter: a
/// deposit, whose card is saved for the balance, could not be tested.
#[tokio::test]
async fn setup_future_usage_is_kept_and_saves_the_card_to_the_customer_on_success() {
    let stripe = shared();
    let customer = stripe.customer().await;
    let (status, bad) = status_and_body(stripe.post("payment_intents").form(&[
        ("amount", "100"),
        ("currency", "eur"),
        ("setup_future_usage", "later"),
    ]))
    .await;
    assert_eq!((status, bad["error"]["type"].as_str()), (400, Some("invalid_request_error")));

    let create = [
        ("amount", "2500"),
        ("currency", "eur"),
        ("customer", customer.as_str()),
        ("setup_future_usage", "off_session"),
    ];
    let (status, pi) = status_and_body(stripe.post("payment_intents").form(&create)).await;
    assert_eq!((status, pi["setup_future_usage"].as_str()), (200, Some("off_session")));
    let id = pi["id"].as_str().unwrap().to_owned();

    let (pm, confirmed) = stripe.pay_with_a_good_card(&id).await;
    assert_eq!(confirmed["status"], "succeeded");
    assert_eq!(confirmed["setup_future_usage"], "off_session", "kept through the update and the confirmation");
    let method = stripe.read(&format!("payment_methods/{pm}")).await;
    assert_eq!(method["customer"].as_str(), Some(customer.as_str()), "saved for later charges");
}

#[tokio::test]
async fn an_intent_without_setup_future_usage_saves_nothing() {
    let stripe = shared();
    let customer = stripe.customer().await;
    let (_, pi) = status_and_body(stripe.post("payment_intents").form(&[
        ("amount", "2500"),
        ("currency", "eur"),
        ("customer", &customer),
    ]))
    .await;
    assert!(pi["setup_future_usage"].is_null());
    let id = pi["id"].as_str().unwrap().to_owned();
    let (pm, confirmed) = stripe.pay_with_a_good_card(&id).await;
    assert_eq!(confirmed["status"], "succeeded");
    let method = stripe.read(&format!("payment_methods/{pm}")).await;
    assert!(method["customer"].is_null(), "{method}");
}

/// A saved card charged without the guest, as a deposit's balance will be.
async fn charge_off_session(card: &str) -> (u16, serde_json::Value, String) {
    let stripe = shared();
    let customer = stripe.customer().await;
    let pm = stripe.card(card).await;
    let (status, _) =
        status_and_body(stripe.post(&format!("payment_methods/{pm}/attach")).form(&[("customer", &customer)])).await;
    assert_eq!(status, 200, "the card is saved");
    let form = [
        ("amount", "10000"),
        ("currency", "eur"),
        ("customer", customer.as_str()),
        ("payment_method", pm.as_str()),
        ("confirm", "true"),
        ("off_session", "true"),
    ];
    let (status, body) = status_and_body(stripe.post("payment_intents").form(&form)).await;
    (status, body, pm)
}

#[tokio::test]
async fn an_off_session_charge_of_a_good_card_succeeds() {
    let (status, pi, _) = charge_off_session("4242424242424242").await;
    assert_eq!((status, pi["status"].as_str()), (200, Some("succeeded")));
}

/// localstripe left such an intent in `requires_action`, as if the guest
/// were there to authenticate; Stripe refuses at once and the intent waits
/// for the guest to come back.
#[tokio::test]
async fn a_card_that_needs_authentication_off_session_fails_and_recovers_on_session() {
    let (status, body, pm) = charge_off_session("4000002500003155").await;
    let error = &body["error"];
    assert_eq!(
        (status, error["type"].as_str(), error["code"].as_str()),
        (402, Some("card_error"), Some("authentication_required"))
    );
    let pi = &error["payment_intent"];
    assert_eq!(pi["status"], "requires_payment_method");
    assert_eq!(pi["last_payment_error"]["code"], "authentication_required");
    assert_eq!(pi["last_payment_error"]["payment_method"]["id"].as_str(), Some(pm.as_str()));

    // The guest comes back: the same intent, their card, authenticated.
    let (id, secret) = (pi["id"].as_str().unwrap().to_owned(), pi["client_secret"].as_str().unwrap().to_owned());
    let stripe = shared();
    let (_, updated) =
        status_and_body(stripe.post(&format!("payment_intents/{id}")).form(&[("payment_method", &pm)])).await;
    assert!(updated["last_payment_error"].is_null(), "a new attempt: {updated}");
    let (_, confirmed) = status_and_body(stripe.post(&format!("payment_intents/{id}/confirm"))).await;
    assert_eq!(confirmed["status"], "requires_action");
    authenticate(&id, &secret, true).await;
    assert_eq!(stripe.read(&format!("payment_intents/{id}")).await["status"], "succeeded");
}

/// localstripe answered a declined confirmation as an
/// `invalid_request_error` naming only the charge.
#[tokio::test]
async fn a_declined_off_session_charge_is_a_card_error_carrying_the_intent() {
    let (status, body, _) = charge_off_session("4000000000000341").await;
    let error = &body["error"];
    assert_eq!(
        (status, error["type"].as_str(), error["code"].as_str()),
        (402, Some("card_error"), Some("card_declined"))
    );
    assert_eq!(error["payment_intent"]["status"], "requires_payment_method");
}

/// localstripe sent nothing when a hold was authorised or released, so a
/// booking could not learn either from its webhook.
#[tokio::test]
async fn a_hold_announces_its_authorisation_and_its_release_once() {
    // A localstripe of its own: the shared one's event list is every test's.
    let (base, _own) = slow_localstripe(0);
    let stripe = Stripe(&base);
    let pm = stripe.card("4242424242424242").await;
    let form = [
        ("amount", "12500"),
        ("currency", "eur"),
        ("capture_method", "manual"),
        ("payment_method", pm.as_str()),
        ("confirm", "true"),
    ];
    let (_, pi) = status_and_body(stripe.post("payment_intents").form(&form)).await;
    assert_eq!(pi["status"], "requires_capture");
    let id = pi["id"].as_str().unwrap().to_owned();
    let cancel =
        || stripe.post(&format!("payment_intents/{id}/cancel")).header("Idempotency-Key", format!("release-{id}"));
    let (first, released) = status_and_body(cancel()).await;
    let (again, replayed) = status_and_body(cancel()).await;
    assert_eq!((first, again), (200, 200));
    assert_eq!((released["status"].as_str(), replayed["status"].as_str()), (Some("canceled"), Some("canceled")));
    assert_eq!(stripe.events_of(&id).await, ["payment_intent.amount_capturable_updated", "payment_intent.canceled"]);
}

/// localstripe canceled a SetupIntent whose card was declined and saved a
/// good card to no one, announcing neither.
#[tokio::test]
async fn a_setup_intent_saves_a_good_card_and_stays_open_after_a_decline() {
    let (base, _own) = slow_localstripe(0);
    let stripe = Stripe(&base);
    let customer = stripe.customer().await;
    let (_, seti) = status_and_body(
        stripe.post("setup_intents").form(&[("customer", customer.as_str()), ("usage", "off_session")]),
    )
    .await;
    let id = seti["id"].as_str().unwrap().to_owned();
    let confirm = |pm: &str| stripe.post(&format!("setup_intents/{id}/confirm")).form(&[("payment_method", pm)]);

    let (status, body) = status_and_body(confirm(&stripe.card("4000000000000002").await)).await;
    let error = &body["error"];
    assert_eq!(
        (status, error["type"].as_str(), error["code"].as_str()),
        (402, Some("card_error"), Some("card_declined"))
    );
    assert_eq!(error["setup_intent"]["status"], "requires_payment_method");
    assert_eq!(error["setup_intent"]["last_setup_error"]["code"], "card_declined");

    let good = stripe.card("4242424242424242").await;
    let (status, saved) = status_and_body(confirm(&good)).await;
    assert_eq!((status, saved["status"].as_str()), (200, Some("succeeded")));
    assert!(saved["last_setup_error"].is_null());
    let method = stripe.read(&format!("payment_methods/{good}")).await;
    assert_eq!(method["customer"].as_str(), Some(customer.as_str()));
    assert_eq!(stripe.events_of(&id).await, ["setup_intent.setup_failed", "setup_intent.succeeded"]);
}

/// localstripe's charges said nothing of when an authorisation runs out;
/// Stripe's Charge has `payment_method_details.card.capture_before` for a
/// manual capture (7 days from the authorisation for an online card).
#[tokio::test]
async fn a_held_charge_says_when_its_authorisation_expires_and_a_captured_one_does_not() {
    let stripe = &shared();
    let charge_of = |capture_method: &'static str| async move {
        let pm = stripe.card("4242424242424242").await;
        let form = [
            ("amount", "12500"),
            ("currency", "eur"),
            ("capture_method", capture_method),
            ("payment_method", pm.as_str()),
            ("confirm", "true"),
        ];
        let (_, pi) = status_and_body(stripe.post("payment_intents").form(&form)).await;
        let id = pi["id"].as_str().unwrap().to_owned();
        stripe.read(&format!("payment_intents/{id}?expand[]=latest_charge")).await["latest_charge"].clone()
    };
    let held = charge_of("manual").await;
    let card = &held["payment_method_details"]["card"];
    assert_eq!(held["payment_method_details"]["type"], "card");
    assert_eq!(card["capture_before"].as_i64(), Some(held["created"].as_i64().unwrap() + 7 * 24 * 3600));
    let captured = charge_of("automatic").await;
    assert!(captured["payment_method_details"]["card"]["capture_before"].is_null(), "{captured}");
}
