//! Create-intent and payment history.

use crate::money::{Currency, Money, MoneyError};
use crate::secret::ClientSecret;
use serde::{Deserialize, Serialize};

/// `POST /api/payments/create-intent` body: the booking only, never an amount.
///
/// Unknown fields (an `amount`, a key) are ignored by design: the server
/// prices the booking itself, so nothing a client adds can change the charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateIntentRequest {
    /// The booking to pay for.
    pub booking_id: String,
}

/// 200 answer of create-intent: `{client_secret, amount, currency}` on
/// the wire, which integrators' own backends implement; read only when the
/// amount is chargeable money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CreateIntentWire", into = "CreateIntentWire")]
pub struct CreateIntentResponse {
    /// Secret the component hands to Stripe.js; held in memory only.
    pub client_secret: ClientSecret,
    /// The intent's amount, as priced by the server.
    pub price: Money,
}

/// [`CreateIntentResponse`] as it crosses the wire: the price's fields
/// beside the secret.
#[derive(Clone, Serialize, Deserialize)]
struct CreateIntentWire {
    client_secret: ClientSecret,
    amount: i64,
    currency: Currency,
}

impl TryFrom<CreateIntentWire> for CreateIntentResponse {
    type Error = MoneyError;
    fn try_from(wire: CreateIntentWire) -> Result<Self, Self::Error> {
        Ok(Self { client_secret: wire.client_secret, price: Money::new(wire.amount, wire.currency)? })
    }
}

impl From<CreateIntentResponse> for CreateIntentWire {
    fn from(r: CreateIntentResponse) -> Self {
        Self { client_secret: r.client_secret, amount: r.price.amount, currency: r.price.currency }
    }
}

/// One row of the caller's payment history: minimal fields only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    /// The booking paid for.
    pub booking_id: String,
    /// Stripe's PaymentIntent id (not secret).
    pub payment_intent_id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: Currency,
    /// Last known PaymentIntent status (`succeeded`, `processing`, …).
    pub status: String,
    /// Unix seconds when the intent was created.
    pub created_at: i64,
}

/// `GET /api/payments/history` page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    /// Newest first.
    pub items: Vec<PaymentRecord>,
    /// Pass as `?after=` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_intent_request_serialises_to_the_booking_id_only() {
        let json = serde_json::to_string(&CreateIntentRequest { booking_id: "bk_1".into() }).unwrap();
        assert_eq!(json, r#"{"booking_id":"bk_1"}"#);
    }

    #[test]
    fn a_create_intent_answer_with_a_malformed_client_secret_is_refused() {
        let ok = r#"{"client_secret":"pi_1_secret_a","amount":12500,"currency":"eur"}"#;
        assert_eq!(serde_json::from_str::<CreateIntentResponse>(ok).unwrap().client_secret.intent_id(), "pi_1");
        let bad = r#"{"client_secret":"pi_1_secret_a\"><script>","amount":12500,"currency":"eur"}"#;
        assert!(serde_json::from_str::<CreateIntentResponse>(bad).is_err());
    }

    #[test]
    fn a_create_intent_answer_keeps_its_wire_shape_and_carries_money() {
        let json = r#"{"client_secret":"pi_1_secret_a","amount":12500,"currency":"eur"}"#;
        let r: CreateIntentResponse = serde_json::from_str(json).unwrap();
        assert_eq!(r.price, Money::new(12_500, Currency::parse("eur").unwrap()).unwrap());
        assert_eq!(serde_json::to_string(&r).unwrap(), json, "integrators' backends answer this shape");
        for bad in [
            r#"{"client_secret":"pi_1_secret_a","amount":0,"currency":"eur"}"#,
            r#"{"client_secret":"pi_1_secret_a","amount":-5,"currency":"eur"}"#,
            r#"{"client_secret":"pi_1_secret_a","amount":12500}"#,
        ] {
            assert!(serde_json::from_str::<CreateIntentResponse>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_amount_sent_by_a_client_is_not_part_of_the_request() {
        let r: CreateIntentRequest = serde_json::from_str(r#"{"booking_id":"bk_1","amount":1}"#).unwrap();
        assert_eq!(r, CreateIntentRequest { booking_id: "bk_1".into() });
    }
}
