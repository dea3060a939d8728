//! The test launcher's additions to localstripe (scripts/run_localstripe.py),
//! held to Stripe's API reference: what the server's later payments need
//! from it must behave as Stripe does before anything is built on it.

use crate::helpers::*;

fn stripe(path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().post(format!("{}/v1/{path}", localstripe())).basic_auth(SECRET_KEY, Some(""))
}

async fn status_and_body(req: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// An object of the shared localstripe, by its path under `/v1/`.
async fn read(path: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(format!("{}/v1/{path}", localstripe()))
        .basic_auth(SECRET_KEY, Some(""))
        .json_body()
        .await
}

/// A new customer's id.
async fn new_customer() -> String {
    let (_, customer) = status_and_body(stripe("customers").form(&[("email", "guest@example.com")])).await;
    customer["id"].as_str().unwrap().to_owned()
}

/// Pays intent `id` with a new 4242 card (set, then confirmed); the card's
/// id and the confirmation's answer.
async fn pay_with_a_good_card(id: &str) -> (String, serde_json::Value) {
    let pm = card_payment_method("4242424242424242").await;
    status_and_body(stripe(&format!("payment_intents/{id}")).form(&[("payment_method", &pm)])).await;
    let (_, confirmed) = status_and_body(stripe(&format!("payment_intents/{id}/confirm"))).await;
    (pm, confirmed)
}

/// localstripe refused `setup_future_usage` as an unexpected parameter: a
/// deposit, whose card is saved for the balance, could not be tested.
#[tokio::test]
async fn setup_future_usage_is_kept_and_saves_the_card_to_the_customer_on_success() {
    let customer = new_customer().await;
    let (status, bad) = status_and_body(stripe("payment_intents").form(&[
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
    let (status, pi) = status_and_body(stripe("payment_intents").form(&create)).await;
    assert_eq!((status, pi["setup_future_usage"].as_str()), (200, Some("off_session")));
    let id = pi["id"].as_str().unwrap().to_owned();

    let (pm, confirmed) = pay_with_a_good_card(&id).await;
    assert_eq!(confirmed["status"], "succeeded");
    assert_eq!(confirmed["setup_future_usage"], "off_session", "kept through the update and the confirmation");
    let method = read(&format!("payment_methods/{pm}")).await;
    assert_eq!(method["customer"].as_str(), Some(customer.as_str()), "saved for later charges");
}

#[tokio::test]
async fn an_intent_without_setup_future_usage_saves_nothing() {
    let customer = new_customer().await;
    let (_, pi) = status_and_body(stripe("payment_intents").form(&[
        ("amount", "2500"),
        ("currency", "eur"),
        ("customer", &customer),
    ]))
    .await;
    assert!(pi["setup_future_usage"].is_null());
    let id = pi["id"].as_str().unwrap().to_owned();
    let (pm, confirmed) = pay_with_a_good_card(&id).await;
    assert_eq!(confirmed["status"], "succeeded");
    let method = read(&format!("payment_methods/{pm}")).await;
    assert!(method["customer"].is_null(), "{method}");
}

/// A saved card charged without the guest, as a deposit's balance will be.
async fn charge_off_session(card: &str) -> (u16, serde_json::Value, String) {
    let customer = new_customer().await;
    let pm = card_payment_method(card).await;
    let (status, _) =
        status_and_body(stripe(&format!("payment_methods/{pm}/attach")).form(&[("customer", &customer)])).await;
    assert_eq!(status, 200, "the card is saved");
    let form = [
        ("amount", "10000"),
        ("currency", "eur"),
        ("customer", customer.as_str()),
        ("payment_method", pm.as_str()),
        ("confirm", "true"),
        ("off_session", "true"),
    ];
    let (status, body) = status_and_body(stripe("payment_intents").form(&form)).await;
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
    let (_, updated) = status_and_body(stripe(&format!("payment_intents/{id}")).form(&[("payment_method", &pm)])).await;
    assert!(updated["last_payment_error"].is_null(), "a new attempt: {updated}");
    let (_, confirmed) = status_and_body(stripe(&format!("payment_intents/{id}/confirm"))).await;
    assert_eq!(confirmed["status"], "requires_action");
    authenticate(&id, &secret, true).await;
    assert_eq!(read(&format!("payment_intents/{id}")).await["status"], "succeeded");
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

/// The types of the events the localstripe at `base` holds for intent
/// `id`, sorted.
async fn events_of(base: &str, id: &str) -> Vec<String> {
    let events: serde_json::Value = reqwest::Client::new()
        .get(format!("{base}/v1/events?limit=100"))
        .basic_auth(SECRET_KEY, Some(""))
        .json_body()
        .await;
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

/// localstripe sent nothing when a hold was authorised or released, so a
/// booking could not learn either from its webhook.
#[tokio::test]
async fn a_hold_announces_its_authorisation_and_its_release_once() {
    // A localstripe of its own: the shared one's event list is every test's.
    let (base, _own) = slow_localstripe(0);
    let post = |path: &str| reqwest::Client::new().post(format!("{base}/v1/{path}")).basic_auth(SECRET_KEY, Some(""));
    let card = [
        ("type", "card"),
        ("card[number]", "4242424242424242"),
        ("card[exp_month]", "12"),
        ("card[exp_year]", "2034"),
        ("card[cvc]", "123"),
    ];
    let (_, pm) = status_and_body(post("payment_methods").form(&card)).await;
    let pm = pm["id"].as_str().unwrap().to_owned();
    let form = [
        ("amount", "12500"),
        ("currency", "eur"),
        ("capture_method", "manual"),
        ("payment_method", pm.as_str()),
        ("confirm", "true"),
    ];
    let (_, pi) = status_and_body(post("payment_intents").form(&form)).await;
    assert_eq!(pi["status"], "requires_capture");
    let id = pi["id"].as_str().unwrap().to_owned();
    let cancel = || post(&format!("payment_intents/{id}/cancel")).header("Idempotency-Key", format!("release-{id}"));
    let (first, released) = status_and_body(cancel()).await;
    let (again, replayed) = status_and_body(cancel()).await;
    assert_eq!((first, again), (200, 200));
    assert_eq!((released["status"].as_str(), replayed["status"].as_str()), (Some("canceled"), Some("canceled")));
    assert_eq!(events_of(&base, &id).await, ["payment_intent.amount_capturable_updated", "payment_intent.canceled"]);
}

/// localstripe canceled a SetupIntent whose card was declined and saved a
/// good card to no one, announcing neither.
#[tokio::test]
async fn a_setup_intent_saves_a_good_card_and_stays_open_after_a_decline() {
    let (base, _own) = slow_localstripe(0);
    let post = |path: &str| reqwest::Client::new().post(format!("{base}/v1/{path}")).basic_auth(SECRET_KEY, Some(""));
    let card = |number: &'static str| {
        [
            ("type", "card"),
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
        ]
    };
    let (_, customer) = status_and_body(post("customers").form(&[("email", "guest@example.com")])).await;
    let customer = customer["id"].as_str().unwrap().to_owned();
    let (_, seti) =
        status_and_body(post("setup_intents").form(&[("customer", customer.as_str()), ("usage", "off_session")])).await;
    let id = seti["id"].as_str().unwrap().to_owned();

    let (_, declined) = status_and_body(post("payment_methods").form(&card("4000000000000002"))).await;
    let (status, body) = status_and_body(
        post(&format!("setup_intents/{id}/confirm")).form(&[("payment_method", declined["id"].as_str().unwrap())]),
    )
    .await;
    let error = &body["error"];
    assert_eq!(
        (status, error["type"].as_str(), error["code"].as_str()),
        (402, Some("card_error"), Some("card_declined"))
    );
    assert_eq!(error["setup_intent"]["status"], "requires_payment_method");
    assert_eq!(error["setup_intent"]["last_setup_error"]["code"], "card_declined");

    let (_, good) = status_and_body(post("payment_methods").form(&card("4242424242424242"))).await;
    let good = good["id"].as_str().unwrap().to_owned();
    let (status, saved) =
        status_and_body(post(&format!("setup_intents/{id}/confirm")).form(&[("payment_method", good.as_str())])).await;
    assert_eq!((status, saved["status"].as_str()), (200, Some("succeeded")));
    assert!(saved["last_setup_error"].is_null());
    let method: serde_json::Value = reqwest::Client::new()
        .get(format!("{base}/v1/payment_methods/{good}"))
        .basic_auth(SECRET_KEY, Some(""))
        .json_body()
        .await;
    assert_eq!(method["customer"].as_str(), Some(customer.as_str()));
    assert_eq!(events_of(&base, &id).await, ["setup_intent.setup_failed", "setup_intent.succeeded"]);
}
