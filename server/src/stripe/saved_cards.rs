//! Saving a card for later charges: Customers and SetupIntents.
//!
//! A card saved for a charge without the guest (a deposit's balance, a
//! guarantee's fee) is attached to a Customer; the server makes one per
//! booking, with no personal data (only the booking's id in metadata). A
//! SetupIntent saves a card and charges nothing. Names are Stripe's (API
//! reference: "Create a customer", "Create a SetupIntent", "Cancel a
//! SetupIntent").

use super::client::{StripeClient, StripeError};
use booking_contract::{ClientSecret, IntentStatus};
use serde::Deserialize;

/// A Customer, as far as the server cares.
#[derive(Debug, Clone, Deserialize)]
pub struct Customer {
    /// `cus_…`.
    pub id: String,
}

/// A SetupIntent, as far as the server cares. Its statuses are a subset of
/// a PaymentIntent's, with the same names.
#[derive(Debug, Clone, Deserialize)]
pub struct SetupIntent {
    /// `seti_…`.
    pub id: String,
    /// Its status; a string this build does not know is `Unknown`.
    pub status: IntentStatus,
    /// Secret for the guest's browser; redacted in `Debug`.
    #[serde(default)]
    pub client_secret: Option<ClientSecret>,
    /// The saved PaymentMethod's id (`pm_…`) once the card is saved.
    #[serde(default)]
    pub payment_method: Option<String>,
}

impl StripeClient {
    /// Creates the Customer of booking `booking_id` (metadata only: no
    /// name, no email).
    pub async fn create_customer(&self, booking_id: &str, idempotency_key: &str) -> Result<Customer, StripeError> {
        let form = [("metadata[booking_id]", booking_id.to_owned())];
        self.send_idempotent(self.post("/v1/customers", idempotency_key, &form)).await
    }

    /// Creates a SetupIntent with `form` (see [`super::plan::CheckoutIntent::form`]).
    pub async fn create_setup_intent(
        &self,
        form: &[(&str, String)],
        idempotency_key: &str,
    ) -> Result<SetupIntent, StripeError> {
        self.send_idempotent(self.post("/v1/setup_intents", idempotency_key, form)).await
    }

    /// Retrieves a SetupIntent (with its client secret).
    pub async fn retrieve_setup_intent(&self, id: &str) -> Result<SetupIntent, StripeError> {
        self.send(self.get(&format!("/v1/setup_intents/{id}"))).await
    }

    /// Confirms a SetupIntent with `payment_method` (a test token in the
    /// demo's offline Stripe.js; in production Stripe.js confirms it).
    pub async fn confirm_setup_intent(
        &self,
        id: &str,
        payment_method: &str,
        idempotency_key: &str,
    ) -> Result<SetupIntent, StripeError> {
        let form = [("payment_method", payment_method.to_owned())];
        self.send_idempotent(self.post(&format!("/v1/setup_intents/{id}/confirm"), idempotency_key, &form)).await
    }

    /// Cancels a SetupIntent: no confirmation can save a card on it
    /// afterwards. Stripe refuses once it has succeeded.
    pub async fn cancel_setup_intent(&self, id: &str, idempotency_key: &str) -> Result<SetupIntent, StripeError> {
        self.send_idempotent(self.post(&format!("/v1/setup_intents/{id}/cancel"), idempotency_key, &[])).await
    }
}
