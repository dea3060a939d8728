//! `server/openapi.json` against the running server, so the two cannot
//! drift: the same paths as the contract's constants; every documented
//! method served and every other one refused with 405; and for a request of
//! each kind, success and failure, a status the description lists and a
//! body its schema accepts. (Schemathesis explores further from the same
//! file: `scripts/schemathesis.sh`.)

use crate::stripe_stub::Stub;
use crate::support::*;
use booking_contract::{
    BOOKINGS_PATH, BOOKING_PATH, CANCEL_PATH, CONSENT_PATH, CREATE_INTENT_PATH, CSP_REPORT_PATH, PAYMENT_HISTORY_PATH,
    SESSION_PATH, STAFF_CAPTURE_PATH, STAFF_CHARGE_PATH, STAFF_EVIDENCE_PATH, STAFF_REFUND_PATH, STAFF_RELEASE_PATH,
    WEBHOOK_PATH,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const SPEC: &str = include_str!("../../openapi.json");
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn spec() -> Value {
    serde_json::from_str(SPEC).expect("openapi.json is JSON")
}

/// Follows a local `$ref`.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/components/schemas/").expect("local schema reference");
            resolve(spec, &spec["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// Checks `value` against the subset of JSON Schema the description uses
/// (type, nullable, enum, required, properties, additionalProperties,
/// items, maxItems, minimum, maximum, minLength, maxLength, oneOf).
/// Patterns are left to schemathesis.
fn validate(spec: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(spec, schema);
    if value.is_null() && schema["nullable"] == true {
        return Ok(());
    }
    let fail = |why: String| Err(format!("{at}: {why} (value {value})"));
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options.iter().filter(|s| validate(spec, s, value, at).is_ok()).count();
        if matching != 1 {
            return fail(format!("{matching} of the oneOf schemas match, not exactly one"));
        }
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            other => return fail(format!("unknown type {other}")),
        };
        if !ok {
            return fail(format!("not a {t}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            return fail("not one of the enum".into());
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), value.as_f64()) {
        if n < min {
            return fail(format!("below {min}"));
        }
    }
    if let (Some(max), Some(n)) = (schema.get("maximum").and_then(Value::as_f64), value.as_f64()) {
        if n > max {
            return fail(format!("above {max}"));
        }
    }
    if let (Some(min), Some(s)) = (schema.get("minLength").and_then(Value::as_u64), value.as_str()) {
        if (s.chars().count() as u64) < min {
            return fail(format!("shorter than {min}"));
        }
    }
    if let (Some(max), Some(s)) = (schema.get("maxLength").and_then(Value::as_u64), value.as_str()) {
        if (s.chars().count() as u64) > max {
            return fail(format!("longer than {max}"));
        }
    }
    if let Some(obj) = value.as_object() {
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !obj.contains_key(r.as_str().unwrap()) {
                return fail(format!("missing {r}"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, v) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(spec, s, v, &format!("{at}.{k}"))?,
                None if schema["additionalProperties"] == false => return fail(format!("undocumented field {k}")),
                None => {}
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if items.len() as u64 > max {
                return fail(format!("more than {max} items"));
            }
        }
        for (i, item) in items.iter().enumerate() {
            validate(spec, &schema["items"], item, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// Asserts that the answer to `method path` is documented: its status is
/// listed, and its JSON body (if the listing has one) fits the schema.
async fn conforms(spec: &Value, method: &str, template: &str, res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let op = &spec["paths"][template][method];
    assert!(op.is_object(), "{method} {template} is not documented");
    let listed = &op["responses"][status.to_string()];
    assert!(listed.is_object(), "{method} {template} answered {status}, which is not documented");
    let content_type = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let text = res.text().await.unwrap();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::Null) };
    match listed.get("content") {
        Some(content) => {
            let ct = content_type.unwrap_or_default();
            let media = content.as_object().unwrap().keys().find(|k| ct.starts_with(k.as_str()));
            let media = media.unwrap_or_else(|| panic!("{method} {template} {status}: content type {ct}"));
            if let Err(e) = validate(spec, &content[media]["schema"], &body, "body") {
                panic!("{method} {template} {status}: {e}: {text}");
            }
        }
        None => assert!(text.is_empty(), "{method} {template} {status}: undocumented body {text}"),
    }
    (status, body)
}

#[test]
fn the_description_names_exactly_the_contracts_api_paths() {
    let spec = spec();
    let documented: BTreeSet<&str> = spec["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    let contract: BTreeSet<&str> = [
        SESSION_PATH,
        BOOKINGS_PATH,
        BOOKING_PATH,
        CONSENT_PATH,
        CANCEL_PATH,
        CREATE_INTENT_PATH,
        PAYMENT_HISTORY_PATH,
        WEBHOOK_PATH,
        CSP_REPORT_PATH,
        STAFF_CAPTURE_PATH,
        STAFF_RELEASE_PATH,
        STAFF_CHARGE_PATH,
        STAFF_REFUND_PATH,
        STAFF_EVIDENCE_PATH,
    ]
    .into();
    assert_eq!(documented, contract);
}

#[test]
fn every_schema_reference_resolves() {
    let spec = spec();
    fn walk(spec: &Value, v: &Value) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    let name = r.strip_prefix("#/components/schemas/").unwrap();
                    assert!(spec["components"]["schemas"][name].is_object(), "dangling {r}");
                }
                m.values().for_each(|x| walk(spec, x));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(spec, x)),
            _ => {}
        }
    }
    walk(&spec, &spec);
}

#[test]
fn the_validator_refuses_what_the_schemas_exclude() {
    let spec = spec();
    let booking = json!({"$ref": "#/components/schemas/Booking"});
    let with = |changes: Value| {
        let mut b = json!({"id": "bk_1", "description": "d", "amount": 100, "currency": "eur", "status": "paid",
            "arrival": "2027-03-26", "terms": {"policy": "pay_now", "total": {"amount": 100, "currency": "eur"}}});
        for (k, v) in changes.as_object().unwrap() {
            match v {
                Value::Null => b.as_object_mut().unwrap().remove(k),
                v => b.as_object_mut().unwrap().insert(k.clone(), v.clone()),
            };
        }
        b
    };
    assert_eq!(validate(&spec, &booking, &with(json!({})), "b"), Ok(()));
    let guarantee = json!({"policy": "guarantee", "total": {"amount": 100, "currency": "eur"}, "up_to": {"amount": 39, "currency": "eur"}});
    assert_eq!(validate(&spec, &booking, &with(json!({"status": "guaranteed", "terms": guarantee})), "b"), Ok(()));
    for bad in [
        with(json!({"status": "refunded"})),
        with(json!({"amount": "1"})),
        with(json!({"status": null})),
        with(json!({"user_id": 7})),
        with(json!({"amount": 0})),
        with(json!({"terms": null})),
        with(json!({"terms": {"policy": "pay_later", "total": {"amount": 100, "currency": "eur"}}})),
        with(json!({"terms": {"policy": "guarantee", "total": {"amount": 100, "currency": "eur"}}})),
        with(
            json!({"terms": {"policy": "hold", "total": {"amount": 100, "currency": "eur"}, "up_to": {"amount": 1, "currency": "eur"}}}),
        ),
    ] {
        assert!(validate(&spec, &booking, &bad, "b").is_err(), "{bad}");
    }
}

fn concrete(template: &str, booking: &str) -> String {
    template.replace("{id}", booking)
}

#[tokio::test]
async fn every_documented_method_is_served_and_every_other_is_405() {
    let spec = spec();
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (cookie, booking) = app.user_with_booking("alice").await;
    for (template, item) in spec["paths"].as_object().unwrap() {
        for method in METHODS {
            let res = app
                .http
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete(template, &booking)))
                .header("cookie", &cookie)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            if item.get(method).is_some() {
                assert_ne!(res.status(), 405, "{method} {template} is documented but not served");
                conforms(&spec, method, template, res).await;
            } else {
                assert_eq!(res.status(), 405, "{method} {template} is served but not documented");
            }
        }
    }
}

#[tokio::test]
async fn each_operation_answers_as_documented_on_success_and_failure() {
    let spec = spec();
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (cookie, booking) = app.user_with_booking("alice").await;
    let password = "correct horse battery staple";
    sqlx::query("UPDATE users SET password_hash = $1 WHERE email = 'alice@example.com'")
        .bind(booking_server::auth::hash_password(password))
        .execute(&app.state.db)
        .await
        .unwrap();
    let http = &app.http;
    let url = |p: &str| app.url(p);
    let one = format!("/api/bookings/{booking}");
    let json_req = |m: &str, p: &str, body: Value, auth: bool| {
        let r = http.request(m.parse().unwrap(), url(p)).json(&body);
        if auth {
            r.header("cookie", &cookie)
        } else {
            r
        }
    };
    let get = |p: &str, auth: bool| {
        let r = http.get(url(p));
        if auth {
            r.header("cookie", &cookie)
        } else {
            r
        }
    };
    let send = |r: reqwest::RequestBuilder| async move { r.send().await.unwrap() };
    // A booking with terms to consent to (a guarantee: no Stripe call).
    let cabin: Value =
        send(json_req("POST", BOOKINGS_PATH, json!({"room": "cabin", "nights": 1}), true)).await.json().await.unwrap();
    let (guaranteed, guarantee_terms) = (cabin["id"].as_str().unwrap().to_owned(), cabin["terms"].clone());
    let consent = |id: &str| CONSENT_PATH.replace("{id}", id);
    let consent_body = |terms: &Value| json!({"terms": terms, "locale": "en", "text": "I agree to the terms shown."});

    // (method, template, request, expected status)
    let cases: Vec<(&str, &str, reqwest::RequestBuilder, u16)> = vec![
        ("get", SESSION_PATH, get(SESSION_PATH, true), 200),
        ("get", SESSION_PATH, get(SESSION_PATH, false), 401),
        (
            "post",
            SESSION_PATH,
            json_req("POST", SESSION_PATH, json!({"email": "alice@example.com", "password": password}), false),
            200,
        ),
        (
            "post",
            SESSION_PATH,
            json_req("POST", SESSION_PATH, json!({"email": "alice@example.com", "password": "wrong"}), false),
            401,
        ),
        ("post", SESSION_PATH, json_req("POST", SESSION_PATH, json!({"email": 1}), false), 422),
        ("post", BOOKINGS_PATH, json_req("POST", BOOKINGS_PATH, json!({"room": "garden", "nights": 1}), true), 201),
        ("post", BOOKINGS_PATH, json_req("POST", BOOKINGS_PATH, json!({"room": "garden", "nights": 31}), true), 422),
        (
            "post",
            BOOKINGS_PATH,
            http.post(url(BOOKINGS_PATH)).header("cookie", &cookie).header("content-type", "text/plain").body("x"),
            415,
        ),
        (
            "post",
            BOOKINGS_PATH,
            http.post(url(BOOKINGS_PATH))
                .header("cookie", &cookie)
                .header("origin", "https://evil.example")
                .json(&json!({})),
            403,
        ),
        (
            "post",
            BOOKINGS_PATH,
            http.post(url(BOOKINGS_PATH))
                .header("cookie", &cookie)
                .header("content-type", "application/json")
                .body(format!("\"{}\"", "x".repeat(20_000))),
            413,
        ),
        ("get", BOOKINGS_PATH, get(BOOKINGS_PATH, true), 200),
        ("get", BOOKING_PATH, get(&one, true), 200),
        ("get", BOOKING_PATH, get("/api/bookings/bk_nobody", true), 404),
        ("patch", BOOKING_PATH, json_req("PATCH", &one, json!({"nights": 3}), true), 200),
        ("patch", BOOKING_PATH, json_req("PATCH", &one, json!({"nights": 0}), true), 422),
        ("post", CREATE_INTENT_PATH, json_req("POST", CREATE_INTENT_PATH, json!({"booking_id": booking}), true), 200),
        ("post", CREATE_INTENT_PATH, json_req("POST", CREATE_INTENT_PATH, json!({"booking_id": booking}), false), 401),
        (
            "post",
            CREATE_INTENT_PATH,
            json_req("POST", CREATE_INTENT_PATH, json!({"booking_id": "bk_nobody"}), true),
            404,
        ),
        ("post", CREATE_INTENT_PATH, json_req("POST", CREATE_INTENT_PATH, json!([booking]), true), 422),
        ("post", CONSENT_PATH, json_req("POST", &consent(&guaranteed), consent_body(&guarantee_terms), true), 204),
        (
            "post",
            CONSENT_PATH,
            json_req(
                "POST",
                &consent(&guaranteed),
                consent_body(
                    &json!({"policy": "guarantee", "total": {"amount": 3_900, "currency": "eur"}, "up_to": {"amount": 100, "currency": "eur"}}),
                ),
                true,
            ),
            409,
        ),
        ("post", CONSENT_PATH, json_req("POST", &consent(&booking), consent_body(&guarantee_terms), true), 422),
        ("post", CONSENT_PATH, json_req("POST", &consent(&guaranteed), consent_body(&guarantee_terms), false), 401),
        ("post", CONSENT_PATH, json_req("POST", &consent("bk_nobody"), consent_body(&guarantee_terms), true), 404),
        ("post", CANCEL_PATH, json_req("POST", &CANCEL_PATH.replace("{id}", "bk_nobody"), json!({}), true), 404),
        ("post", CANCEL_PATH, json_req("POST", &CANCEL_PATH.replace("{id}", &guaranteed), json!({}), false), 401),
        // No staff token configured: the staff API does not exist, for a guest above all.
        (
            "post",
            STAFF_CAPTURE_PATH,
            json_req("POST", &STAFF_CAPTURE_PATH.replace("{id}", &booking), json!({}), true),
            404,
        ),
        ("get", STAFF_EVIDENCE_PATH, get(&STAFF_EVIDENCE_PATH.replace("{id}", &booking), true), 404),
        ("get", PAYMENT_HISTORY_PATH, get("/api/payments/history?limit=5", true), 200),
        ("get", PAYMENT_HISTORY_PATH, get("/api/payments/history?limit=lots", true), 400),
        ("post", WEBHOOK_PATH, http.post(url(WEBHOOK_PATH)).header("content-type", "application/json").body("{}"), 400),
        (
            "post",
            CSP_REPORT_PATH,
            http.post(url(CSP_REPORT_PATH))
                .header("content-type", "application/csp-report")
                .body(r#"{"csp-report":{}}"#),
            204,
        ),
        ("delete", SESSION_PATH, http.delete(url(SESSION_PATH)).header("cookie", &cookie), 204),
    ];
    for (method, template, req, expected) in cases {
        let (status, _) = conforms(&spec, method, template, send(req).await).await;
        assert_eq!(status, expected, "{method} {template}");
    }
    // A signed event, for the webhook's 200.
    let res = app.webhook(&event("evt_doc_1", "payment_intent.succeeded", "pi_unknown")).await;
    assert_eq!(conforms(&spec, "post", WEBHOOK_PATH, res).await.0, 200);
}
