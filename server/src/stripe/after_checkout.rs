//! The Stripe calls that move money after checkout: capturing a hold (in
//! full or in part), refunding a payment (in full or in part), and
//! charging a saved card without the guest (`off_session`).
//!
//! Names are Stripe's (API reference: "Capture a PaymentIntent" with
//! `amount_to_capture`; "Create a refund" with `payment_intent` and
//! `amount`; "Create a PaymentIntent" with `customer`, `payment_method`,
//! `off_session=true` and `confirm=true`). Every call carries an
//! `Idempotency-Key` its caller derives from server facts.

use super::client::{PaymentIntent, StripeClient, StripeError};
use booking_contract::IntentStatus;
use serde::Deserialize;

/// A Refund, as far as the server cares.
#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    /// `re_…`.
    pub id: String,
    /// Minor units refunded.
    pub amount: i64,
    /// `pending`, `succeeded`, `failed`, `canceled` or
    /// `requires_action`: a refund can still fail after it was created.
    pub status: String,
}

/// A charge to a saved card, made by the server without the guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffSessionCharge<'a> {
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO code.
    pub currency: &'a str,
    /// The booking's Customer (`cus_…`).
    pub customer: &'a str,
    /// The card saved on it (`pm_…`).
    pub payment_method: &'a str,
    /// The booking, in metadata.
    pub booking_id: &'a str,
    /// What the charge is for (`balance`, `no_show`, `cancel_fee`), in metadata.
    pub kind: &'a str,
}

impl OffSessionCharge<'_> {
    /// The create request's parameters.
    pub fn form(&self) -> Vec<(&'static str, String)> {
        vec![
            ("amount", self.amount.to_string()),
            ("currency", self.currency.to_owned()),
            ("customer", self.customer.to_owned()),
            ("payment_method", self.payment_method.to_owned()),
            ("off_session", "true".to_owned()),
            ("confirm", "true".to_owned()),
            ("metadata[booking_id]", self.booking_id.to_owned()),
            ("metadata[kind]", self.kind.to_owned()),
        ]
    }
}

impl StripeClient {
    /// Captures a held PaymentIntent: `amount` minor units of it (at most
    /// what was authorised; Stripe releases the rest), or all of it. The
    /// answer always says what was received once it succeeded.
    pub async fn capture_intent(
        &self,
        id: &str,
        amount: Option<i64>,
        idempotency_key: &str,
    ) -> Result<PaymentIntent, StripeError> {
        let form: Vec<(&str, String)> = amount.map(|a| ("amount_to_capture", a.to_string())).into_iter().collect();
        let mut pi: PaymentIntent = self
            .send_idempotent(self.post(&format!("/v1/payment_intents/{id}/capture"), idempotency_key, &form))
            .await?;
        // What was captured bounds later refunds: Stripe's `amount_received`,
        // or (an answer without it, as localstripe's) what Stripe accepted
        // to capture.
        if pi.status == IntentStatus::Succeeded && pi.amount_received.is_none() {
            pi.amount_received = Some(amount.unwrap_or(pi.amount));
        }
        Ok(pi)
    }

    /// Refunds `amount` minor units of PaymentIntent `payment_intent`.
    pub async fn create_refund(
        &self,
        payment_intent: &str,
        amount: i64,
        idempotency_key: &str,
    ) -> Result<Refund, StripeError> {
        let form = [("payment_intent", payment_intent.to_owned()), ("amount", amount.to_string())];
        self.send_idempotent(self.post("/v1/refunds", idempotency_key, &form)).await
    }

    /// Charges a saved card without the guest. A card that needs the guest
    /// to authenticate, or a decline, fails with a 402 `card_error` that
    /// names the intent it left in `requires_payment_method`
    /// ([`StripeError::Api`]'s `intent`).
    pub async fn charge_off_session(
        &self,
        charge: &OffSessionCharge<'_>,
        idempotency_key: &str,
    ) -> Result<PaymentIntent, StripeError> {
        self.create_payment_intent(&charge.form(), idempotency_key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_off_session_charge_confirms_at_once_on_the_saved_card_and_names_booking_and_kind() {
        let charge = OffSessionCharge {
            amount: 3_900,
            currency: "eur",
            customer: "cus_1",
            payment_method: "pm_1",
            booking_id: "bk_1",
            kind: "no_show",
        };
        let form = charge.form();
        for pair in [("off_session", "true"), ("confirm", "true"), ("payment_method", "pm_1"), ("customer", "cus_1")] {
            assert!(form.contains(&(pair.0, pair.1.to_owned())), "{pair:?}");
        }
        assert!(form.contains(&("metadata[kind]", "no_show".to_owned())));
        assert!(!form.iter().any(|(k, _)| *k == "setup_future_usage"), "the card is already saved");
    }
}
