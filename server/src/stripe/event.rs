//! Webhook event payloads, read leniently, and what each says about a
//! checkout object ([`Outcome`]) or about money after checkout (refunds
//! and disputes, read by the money-event module, which builds on this one).

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
    /// When the event happened (unix seconds).
    #[serde(default)]
    pub created: Option<i64>,
    /// The object the event is about.
    pub data: EventData,
}

/// `data` of an event.
#[derive(Debug, Deserialize)]
pub struct EventData {
    /// The object.
    pub object: EventObject,
}

/// The object of an event; PaymentIntents and SetupIntents are acted on.
#[derive(Debug, Deserialize)]
pub struct EventObject {
    /// Object id.
    pub id: String,
    /// `payment_intent`, `setup_intent`, `charge`, …
    #[serde(default)]
    pub object: String,
    /// Status as Stripe wrote it: a PaymentIntent's or SetupIntent's
    /// (their names are the same, SetupIntents have fewer), a refund's or
    /// a dispute's.
    #[serde(default)]
    pub status: Option<String>,
    /// The PaymentIntent of a charge, refund or dispute.
    #[serde(default)]
    pub payment_intent: Option<String>,
    /// Minor units (a refund's).
    #[serde(default)]
    pub amount: Option<i64>,
    /// Why a PaymentIntent was canceled: `automatic` when Stripe canceled
    /// it itself (a hold whose authorisation expired).
    #[serde(default)]
    pub cancellation_reason: Option<String>,
    /// A charge's refunds, when the payload lists them.
    #[serde(default)]
    pub refunds: Option<RefundList>,
}

/// `refunds` of a charge: `{data: [refund, …]}`.
#[derive(Debug, Default, Deserialize)]
pub struct RefundList {
    /// The refunds listed (ids, amounts, statuses).
    #[serde(default)]
    pub data: Vec<ListedRefund>,
}

/// A refund as a charge lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ListedRefund {
    /// `re_…`.
    pub id: String,
    /// Minor units.
    #[serde(default)]
    pub amount: i64,
    /// Stripe's status of the refund.
    #[serde(default)]
    pub status: String,
}

/// Which kind of checkout object an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectType {
    /// `pi_…`: money charged or held.
    PaymentIntent,
    /// `seti_…`: a card saved.
    SetupIntent,
}

/// What an event says happened to a checkout object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Paid (a PaymentIntent, a captured hold included) or card saved (a
    /// SetupIntent).
    Succeeded,
    /// A manual-capture PaymentIntent is authorised: the price is held.
    Authorised,
    /// An asynchronous payment method is processing.
    Processing,
    /// The attempt failed; the object can be confirmed again.
    Failed,
    /// Canceled: by the server, by staff, or (a hold) expired.
    Canceled,
}

impl Outcome {
    /// The object's status to record when the event does not carry one.
    pub fn default_status(self) -> IntentStatus {
        match self {
            Self::Succeeded => IntentStatus::Succeeded,
            Self::Authorised => IntentStatus::RequiresCapture,
            Self::Processing => IntentStatus::Processing,
            Self::Failed => IntentStatus::RequiresPaymentMethod,
            Self::Canceled => IntentStatus::Canceled,
        }
    }
}

impl Event {
    /// What the event says about which kind of object, or `None` for an
    /// event acknowledged and ignored.
    pub fn outcome(&self) -> Option<(ObjectType, Outcome)> {
        let object = match self.data.object.object.as_str() {
            "payment_intent" => ObjectType::PaymentIntent,
            "setup_intent" => ObjectType::SetupIntent,
            _ => return None,
        };
        let outcome = match (object, self.kind.as_str()) {
            (ObjectType::PaymentIntent, "payment_intent.succeeded") => Outcome::Succeeded,
            (ObjectType::PaymentIntent, "payment_intent.amount_capturable_updated") => Outcome::Authorised,
            (ObjectType::PaymentIntent, "payment_intent.processing") => Outcome::Processing,
            (ObjectType::PaymentIntent, "payment_intent.payment_failed") => Outcome::Failed,
            (ObjectType::PaymentIntent, "payment_intent.canceled") => Outcome::Canceled,
            (ObjectType::SetupIntent, "setup_intent.succeeded") => Outcome::Succeeded,
            (ObjectType::SetupIntent, "setup_intent.setup_failed") => Outcome::Failed,
            (ObjectType::SetupIntent, "setup_intent.canceled") => Outcome::Canceled,
            _ => return None,
        };
        Some((object, outcome))
    }

    /// The status to record for the event's object.
    pub fn status(&self, outcome: Outcome) -> IntentStatus {
        let said = self.data.object.status.as_deref().map(IntentStatus::parse);
        said.filter(|s| *s != IntentStatus::Unknown).unwrap_or(outcome.default_status())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, object: &str) -> Event {
        let body = format!(r#"{{"id":"e","type":"{kind}","data":{{"object":{{"id":"x_1","object":"{object}"}}}}}}"#);
        serde_json::from_str(&body).unwrap()
    }

    #[test]
    fn an_old_localstripe_payload_with_extra_fields_parses() {
        let body = r#"{"id":"evt_1","object":"event","api_version":"2017-08-15","created":1,
            "data":{"object":{"id":"pi_1","object":"payment_intent","status":"succeeded","amount":100,
            "charges":{"data":[]},"invoice":null}},"type":"payment_intent.succeeded"}"#;
        let e: Event = serde_json::from_str(body).unwrap();
        assert_eq!(e.outcome(), Some((ObjectType::PaymentIntent, Outcome::Succeeded)));
        assert_eq!(e.status(Outcome::Succeeded), IntentStatus::Succeeded);
    }

    #[test]
    fn events_about_other_objects_are_ignored() {
        assert_eq!(event("payment_intent.succeeded", "charge").outcome(), None);
        assert_eq!(event("setup_intent.succeeded", "payment_intent").outcome(), None, "type and object must agree");
        assert_eq!(event("payment_intent.created", "payment_intent").outcome(), None);
    }

    #[test]
    fn hold_events_say_authorised_and_canceled() {
        let authorised = event("payment_intent.amount_capturable_updated", "payment_intent");
        assert_eq!(authorised.outcome(), Some((ObjectType::PaymentIntent, Outcome::Authorised)));
        assert_eq!(authorised.status(Outcome::Authorised), IntentStatus::RequiresCapture);
        let canceled = event("payment_intent.canceled", "payment_intent");
        assert_eq!(canceled.outcome(), Some((ObjectType::PaymentIntent, Outcome::Canceled)));
    }

    #[test]
    fn setup_intent_events_say_saved_failed_or_canceled() {
        for (kind, outcome) in [
            ("setup_intent.succeeded", Outcome::Succeeded),
            ("setup_intent.setup_failed", Outcome::Failed),
            ("setup_intent.canceled", Outcome::Canceled),
        ] {
            assert_eq!(event(kind, "setup_intent").outcome(), Some((ObjectType::SetupIntent, outcome)), "{kind}");
        }
        assert_eq!(event("setup_intent.requires_action", "setup_intent").outcome(), None);
    }

    #[test]
    fn a_failure_without_a_status_records_requires_payment_method() {
        let failed = event("payment_intent.payment_failed", "payment_intent");
        assert_eq!(failed.status(Outcome::Failed), IntentStatus::RequiresPaymentMethod);
    }
}
