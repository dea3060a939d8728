//! Create-intent and payment history.

use crate::{ClientSecret, Currency};
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

/// 200 answer of create-intent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateIntentResponse {
    /// Secret the component hands to Stripe.js; held in memory only.
    pub client_secret: ClientSecret,
    /// Amount of the intent in minor units, as priced by the server.
    pub amount: i64,
    /// Currency of the intent.
    pub currency: Currency,
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
    fn an_amount_sent_by_a_client_is_not_part_of_the_request() {
        let r: CreateIntentRequest = serde_json::from_str(r#"{"booking_id":"bk_1","amount":1}"#).unwrap();
        assert_eq!(r, CreateIntentRequest { booking_id: "bk_1".into() });
    }
}
