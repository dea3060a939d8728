//! A booking's checkout object at Stripe, a PaymentIntent (`pi_…`) or a
//! SetupIntent (`seti_…`), seen one way: what create-intent and a price
//! change need to decide whether to hand it out, keep it or cancel it.

use super::client::{PaymentIntent, StripeClient, StripeError};
use super::plan::CheckoutIntent;
use super::saved_cards::SetupIntent;
use booking_contract::{ClientSecret, IntentStatus};

/// A checkout object, either type.
#[derive(Debug, Clone)]
pub struct Checkout {
    /// `pi_…` or `seti_…`.
    pub id: String,
    /// Its status.
    pub status: IntentStatus,
    /// Minor units and currency of a PaymentIntent; `None` for a SetupIntent.
    pub amount: Option<(i64, String)>,
    /// Secret for the guest's browser; redacted in `Debug`.
    pub client_secret: Option<ClientSecret>,
}

impl Checkout {
    /// The amount as [`CheckoutIntent::matches`] reads it.
    pub fn amount(&self) -> Option<(i64, &str)> {
        self.amount.as_ref().map(|(a, c)| (*a, c.as_str()))
    }
}

impl From<PaymentIntent> for Checkout {
    fn from(pi: PaymentIntent) -> Self {
        Self { id: pi.id, status: pi.status, amount: Some((pi.amount, pi.currency)), client_secret: pi.client_secret }
    }
}

impl From<SetupIntent> for Checkout {
    fn from(seti: SetupIntent) -> Self {
        Self { id: seti.id, status: seti.status, amount: None, client_secret: seti.client_secret }
    }
}

/// Whether `id` names a SetupIntent.
pub fn is_setup(id: &str) -> bool {
    id.starts_with("seti_")
}

impl StripeClient {
    /// Creates what `plan` asks for, for `booking_id` with its Customer.
    pub async fn create_checkout(
        &self,
        plan: &CheckoutIntent,
        booking_id: &str,
        customer: Option<&str>,
        idempotency_key: &str,
    ) -> Result<Checkout, StripeError> {
        let form = plan.form(booking_id, customer);
        Ok(match plan {
            CheckoutIntent::Payment { .. } => self.create_payment_intent(&form, idempotency_key).await?.into(),
            CheckoutIntent::Setup { .. } => self.create_setup_intent(&form, idempotency_key).await?.into(),
        })
    }

    /// Retrieves the checkout object `id`, either type.
    pub async fn retrieve_checkout(&self, id: &str) -> Result<Checkout, StripeError> {
        Ok(if is_setup(id) {
            self.retrieve_setup_intent(id).await?.into()
        } else {
            self.retrieve_intent(id).await?.into()
        })
    }

    /// Cancels the checkout object `id`, either type.
    pub async fn cancel_checkout(&self, id: &str, idempotency_key: &str) -> Result<Checkout, StripeError> {
        Ok(if is_setup(id) {
            self.cancel_setup_intent(id, idempotency_key).await?.into()
        } else {
            self.cancel_intent(id, idempotency_key).await?.into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_intents_are_told_from_payment_intents_by_their_id() {
        assert!(is_setup("seti_1"));
        assert!(!is_setup("pi_1"));
    }
}
