//! Property-based tests of the webhook's signature header parser and
//! verifier, the event parser and the API's JSON body extractor: hostile
//! input never panics, and nothing unsigned or mis-signed is accepted.

use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::Request;
use booking_contract::{CreateBooking, CreateIntentRequest, LoginRequest};
use booking_server::error::ApiError;
use booking_server::extract::JsonBody;
use booking_server::stripe::event::Event;
use booking_server::stripe::webhook::{sign, verify, SignatureError, TOLERANCE_SECS};
use proptest::prelude::*;

const SECRET: &str = "whsec_property_only";
const NOW: i64 = 1_700_000_000;

/// Header parts a hostile sender might combine: well-formed and not.
fn header_part() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|t| format!("t={t}")),
        (NOW - 400..NOW + 400).prop_map(|t| format!("t={t}")),
        "[0-9a-f]{0,80}".prop_map(|h| format!("v1={h}")),
        "[0-9a-f]{64}".prop_map(|h| format!("v0={h}")),
        "\\PC{0,20}",
        Just(String::new()),
        Just("=".to_owned()),
        Just("t=".to_owned()),
        Just("v1=".to_owned()),
    ]
}

fn header() -> impl Strategy<Value = String> {
    (proptest::collection::vec(header_part(), 0..6), prop_oneof![Just(","), Just(", "), Just(";")])
        .prop_map(|(parts, sep)| parts.join(sep))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Arbitrary text as the header: never a panic, never accepted.
    #[test]
    fn an_arbitrary_header_is_never_accepted(h in "\\PC{0,200}", body in proptest::collection::vec(any::<u8>(), 0..256)) {
        prop_assert!(verify(Some(&h), &body, SECRET, NOW).is_err());
    }

    /// Structured but unsigned headers (timestamps, v0s, random v1s): refused.
    #[test]
    fn a_header_without_the_right_signature_is_never_accepted(h in header(), body in ".{0,200}") {
        prop_assert!(verify(Some(&h), body.as_bytes(), SECRET, NOW).is_err());
    }

    /// A correct signature is accepted wherever it sits among decoys, and
    /// the same header fails for any other body, secret or out-of-tolerance time.
    #[test]
    fn only_the_exact_body_secret_and_time_verify(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        skew in -TOLERANCE_SECS..=TOLERANCE_SECS,
        decoys in proptest::collection::vec("[0-9a-f]{64}", 0..3),
        flip in any::<proptest::sample::Index>(),
        bit in 0u8..8,
        other in "whsec_[a-z]{1,20}",
    ) {
        let t = NOW + skew;
        let good = sign(SECRET, t, &body);
        let mut sigs = decoys.clone();
        sigs.insert(decoys.len() / 2, good.clone());
        let h = format!("t={t},{}", sigs.iter().map(|s| format!("v1={s}")).collect::<Vec<_>>().join(","));
        prop_assert_eq!(verify(Some(&h), &body, SECRET, NOW), Ok(()));

        if !body.is_empty() {
            let mut changed = body.clone();
            changed[flip.index(body.len())] ^= 1 << bit;
            prop_assert_eq!(verify(Some(&h), &changed, SECRET, NOW), Err(SignatureError::Mismatch));
        }
        let mut extended = body.clone();
        extended.push(b' ');
        prop_assert_eq!(verify(Some(&h), &extended, SECRET, NOW), Err(SignatureError::Mismatch));
        if other != SECRET {
            prop_assert_eq!(verify(Some(&h), &body, &other, NOW), Err(SignatureError::Mismatch));
        }
        let stale = NOW + skew + TOLERANCE_SECS + 1 + (skew.abs() % 1000);
        prop_assert_eq!(verify(Some(&h), &body, SECRET, stale), Err(SignatureError::Stale));
        // One hex digit of the signature changed.
        let mut tampered = good.clone().into_bytes();
        let i = flip.index(tampered.len());
        tampered[i] = if tampered[i] == b'0' { b'1' } else { b'0' };
        let h = format!("t={t},v1={}", String::from_utf8(tampered).unwrap());
        prop_assert_eq!(verify(Some(&h), &body, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    /// The signature binds the timestamp: re-stamping a signed body fails.
    #[test]
    fn a_signature_moved_to_another_timestamp_is_refused(body in ".{0,100}", from in 1i64..10_000) {
        let sig = sign(SECRET, NOW - from, body.as_bytes());
        let h = format!("t={NOW},v1={sig}");
        prop_assert_eq!(verify(Some(&h), body.as_bytes(), SECRET, NOW), Err(SignatureError::Mismatch));
    }

    /// Arbitrary bytes as an event: parsed or refused, never a panic.
    #[test]
    fn arbitrary_event_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<Event>(&body).map(|e| e.outcome());
    }

    /// JSON-shaped events with hostile field values: an effect or a refusal.
    #[test]
    fn hostile_event_fields_never_panic(id in "\\PC{0,40}", kind in "\\PC{0,40}", object in "\\PC{0,20}", status in proptest::option::of("\\PC{0,20}")) {
        let body = serde_json::json!({"id": id, "type": kind, "data": {"object": {"id": "pi_1", "object": object, "status": status}}});
        let e: Event = serde_json::from_value(body).unwrap();
        let _ = e.outcome();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().build().unwrap()
}

/// Runs the production JSON extractor for `T` on `body` with `content_type`.
fn extract<T: serde::de::DeserializeOwned>(
    rt: &tokio::runtime::Runtime,
    content_type: &str,
    body: Vec<u8>,
) -> Result<T, ApiError> {
    let req = Request::post("/api/x").header("content-type", content_type).body(Body::from(body)).unwrap();
    rt.block_on(JsonBody::<T>::from_request(req, &())).map(|JsonBody(v)| v)
}

/// Only the three generic refusals: nothing of serde's message survives.
fn generic(e: &ApiError) -> bool {
    matches!(e, ApiError::InvalidRequest | ApiError::UnsupportedMediaType | ApiError::PayloadTooLarge)
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        "\\PC{0,30}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("booking_id".to_owned()),
                    Just("room".to_owned()),
                    Just("nights".to_owned()),
                    Just("email".to_owned()),
                    Just("password".to_owned()),
                    "\\PC{0,10}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary bytes and content types into every request body type: a
    /// value or a generic refusal, never a panic.
    #[test]
    fn arbitrary_request_bodies_are_parsed_or_refused_generically(
        body in proptest::collection::vec(any::<u8>(), 0..300),
        ct in prop_oneof![Just("application/json".to_owned()), Just("application/json; charset=utf-8".to_owned()), Just("text/plain".to_owned()), "\\PC{0,30}"],
    ) {
        let rt = runtime();
        for r in [
            extract::<CreateIntentRequest>(&rt, &ct, body.clone()).map(|_| ()),
            extract::<CreateBooking>(&rt, &ct, body.clone()).map(|_| ()),
            extract::<LoginRequest>(&rt, &ct, body.clone()).map(|_| ()),
        ] {
            if let Err(e) = r {
                prop_assert!(generic(&e), "{e:?}");
            }
        }
    }

    /// Arbitrary JSON documents: a request type is accepted only with its
    /// required fields of the right type, and anything else is a generic 422.
    #[test]
    fn arbitrary_json_is_accepted_only_in_the_documented_shape(v in json_value()) {
        let rt = runtime();
        let bytes = serde_json::to_vec(&v).unwrap();
        match extract::<CreateIntentRequest>(&rt, "application/json", bytes.clone()) {
            Ok(req) => prop_assert_eq!(Some(req.booking_id.as_str()), v.get("booking_id").and_then(|b| b.as_str())),
            Err(e) => prop_assert_eq!(e, ApiError::InvalidRequest),
        }
        match extract::<CreateBooking>(&rt, "application/json", bytes) {
            Ok(b) => prop_assert_eq!(Some(u64::from(b.nights)), v.get("nights").and_then(|n| n.as_u64())),
            Err(e) => prop_assert_eq!(e, ApiError::InvalidRequest),
        }
    }
}
