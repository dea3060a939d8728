//! Stripe webhook deliveries as the probes send them: an event body for a
//! PaymentIntent that does not exist, and its `Stripe-Signature` header.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// `Stripe-Signature` for `body` at unix time `t`: `t=…,v1=<hex HMAC-SHA256 of "{t}.{body}">`.
pub fn signature(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// A `payment_intent.succeeded` event for intent `intent` (one the server
/// never created, so a correct server acknowledges it and changes nothing),
/// padded with `padding` bytes of metadata.
pub fn event(event_id: &str, intent: &str, created: i64, padding: usize) -> Vec<u8> {
    serde_json::json!({
        "id": event_id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": created,
        "livemode": false,
        "type": "payment_intent.succeeded",
        "data": { "object": {
            "id": intent,
            "object": "payment_intent",
            "amount": 100,
            "currency": "eur",
            "status": "succeeded",
            "metadata": { "audit_padding": "x".repeat(padding) }
        }}
    })
    .to_string()
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_stripes_v1_scheme() {
        // Expected value computed independently (Python's hmac module):
        // hmac.new(b"whsec_unit", b"1700000000.{}", sha256).hexdigest()
        let expected = "e84181fd3d312f39b7161da7fde90de1b9409873554f6330ed96cc73662ea6c3";
        let secret = format!("whsec_{}", "unit");
        assert_eq!(signature(&secret, 1_700_000_000, b"{}"), format!("t=1700000000,v1={expected}"));
    }

    #[test]
    fn the_event_is_json_for_the_given_intent_with_the_padding() {
        let body = event("evt_a", "pi_a", 5, 1000);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["type"], "payment_intent.succeeded");
        assert_eq!(v["data"]["object"]["id"], "pi_a");
        assert!(body.len() > 1000 && body.len() < 1400);
    }
}
