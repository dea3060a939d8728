//! Webhook event payloads, read leniently.

use booking_contract::IntentStatus;
use serde::Deserialize;

/// The fields of an event the server acts on.
#[derive(Debug, Deserialize)]
pub struct Event {
    /// `evt_…`, deduplicated.
    pub id: String,
    /// e.g. `payment_intent.succeeded`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The object the event is about.
    pub data: EventData,
}

/// `data` of an event.
#[derive(Debug, Deserialize)]
pub struct EventData {
    /// The object.
    pub object: EventObject,
}

/// The object of an event; only PaymentIntents are acted on.
#[derive(Debug, Deserialize)]
pub struct EventObject {
    /// Object id.
    pub id: String,
    /// `payment_intent`, `charge`, …
    #[serde(default)]
    pub object: String,
    /// Status, for PaymentIntents.
    #[serde(default)]
    pub status: Option<IntentStatus>,
}

/// What an event means for a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `payment_intent.succeeded`.
    Paid,
    /// `payment_intent.processing`.
    Processing,
    /// `payment_intent.payment_failed` / `canceled`.
    Failed,
    /// Anything else: acknowledged, ignored.
    Ignore,
}

impl Event {
    /// Maps the event type to its effect on the booking.
    pub fn effect(&self) -> Effect {
        if self.data.object.object != "payment_intent" {
            return Effect::Ignore;
        }
        match self.kind.as_str() {
            "payment_intent.succeeded" => Effect::Paid,
            "payment_intent.processing" => Effect::Processing,
            "payment_intent.payment_failed" | "payment_intent.canceled" => Effect::Failed,
            _ => Effect::Ignore,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_localstripe_payload_with_extra_fields_parses() {
        let body = r#"{"id":"evt_1","object":"event","api_version":"2017-08-15","created":1,
            "data":{"object":{"id":"pi_1","object":"payment_intent","status":"succeeded","amount":100,
            "charges":{"data":[]},"invoice":null}},"type":"payment_intent.succeeded"}"#;
        let e: Event = serde_json::from_str(body).unwrap();
        assert_eq!(e.effect(), Effect::Paid);
    }

    #[test]
    fn events_about_other_objects_are_ignored() {
        let body =
            r#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"ch_1","object":"charge"}}}"#;
        assert_eq!(serde_json::from_str::<Event>(body).unwrap().effect(), Effect::Ignore);
    }

    #[test]
    fn failure_and_cancel_events_map_to_failed() {
        for kind in ["payment_intent.payment_failed", "payment_intent.canceled"] {
            let body = format!(
                r#"{{"id":"e","type":"{kind}","data":{{"object":{{"id":"pi_1","object":"payment_intent"}}}}}}"#
            );
            assert_eq!(serde_json::from_str::<Event>(&body).unwrap().effect(), Effect::Failed);
        }
    }
}
