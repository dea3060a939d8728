//! Charging a booking's saved card without the guest (a cancellation fee
//! today; a no-show fee or a balance for staff), under the booking's lock
//! held by the caller, and what a refusal by the bank makes of it.
//!
//! The card is the one saved at checkout: the guarantee's SetupIntent's,
//! or the deposit's PaymentIntent's, on the booking's Customer. Stripe
//! answers a card that needs the guest to authenticate, or a decline, with
//! a 402 `card_error` naming the intent it left in
//! `requires_payment_method`: that intent is recorded, and the guest pays
//! it later (recovery), never a second one.

use crate::error::ApiError;
use crate::ledger;
use crate::state::AppState;
use crate::stripe::after_checkout::OffSessionCharge;
use crate::stripe::plan::PaymentKind;
use crate::stripe::{PaymentIntent, StripeError};

/// What became of a charge.
#[derive(Debug, Clone)]
pub enum Charged {
    /// Stripe took the money (or is taking it).
    Done(PaymentIntent),
    /// The bank wants the guest (authentication, or another card): the
    /// intent `pi_…` is recorded for recovery.
    NeedsGuest(String),
}

/// Charges `amount` minor units of `currency` to `booking_id`'s saved card
/// for `kind`, with Stripe `Idempotency-Key` `key` (derived from server
/// facts by the caller), and records the intent either way.
pub async fn charge(
    state: &AppState,
    booking_id: &str,
    kind: PaymentKind,
    amount: i64,
    currency: &str,
    key: &str,
) -> Result<Charged, ApiError> {
    let (customer, payment_method) = saved_card(state, booking_id).await?;
    let charge = OffSessionCharge {
        amount,
        currency,
        customer: &customer,
        payment_method: &payment_method,
        booking_id,
        kind: kind.as_str(),
    };
    let now = state.clock.now();
    match state.stripe.charge_off_session(&charge, key).await {
        Ok(pi) => {
            ledger::record_answer(&state.writes, booking_id, kind, &pi, now).await?;
            Ok(Charged::Done(pi))
        }
        Err(StripeError::Api { status: 402, intent: Some(intent), .. }) => {
            let pi = state.stripe.retrieve_intent(&intent).await?;
            ledger::record_answer(&state.writes, booking_id, kind, &pi, now).await?;
            tracing::info!(code = "off_session_needs_guest", kind = kind.as_str(), "charge needs the guest");
            Ok(Charged::NeedsGuest(intent))
        }
        Err(other) => Err(other.into()),
    }
}

/// The Stripe `Idempotency-Key` of `booking_id`'s off-session charge of
/// `amount` for `kind`: server facts only, and the same whoever charges
/// (staff, or the balance job on any instance), so Stripe makes one
/// charge of each kind and amount per booking.
pub fn idempotency_key(kind: PaymentKind, booking_id: &str, amount: i64) -> String {
    format!("booking-checkout:off-session:{}:{booking_id}:{amount}", kind.as_str())
}

/// The booking's Customer and the card saved on it at checkout.
async fn saved_card(state: &AppState, booking_id: &str) -> Result<(String, String), ApiError> {
    let customer: Option<String> = sqlx::query_scalar("SELECT stripe_customer_id FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_one(&state.db)
        .await?;
    let saved: Option<(String, String)> = sqlx::query_as(
        "SELECT kind, payment_intent_id FROM payments
         WHERE booking_id = $1 AND kind IN ('guarantee', 'deposit') AND status = 'succeeded' ORDER BY id LIMIT 1",
    )
    .bind(booking_id)
    .fetch_optional(&state.db)
    .await?;
    let no_card = || ApiError::Unacceptable("no_saved_card");
    let (customer, (kind, intent)) = (customer.ok_or_else(no_card)?, saved.ok_or_else(no_card)?);
    let method = if kind == PaymentKind::Guarantee.as_str() {
        state.stripe.retrieve_setup_intent(&intent).await?.payment_method
    } else {
        state.stripe.retrieve_intent(&intent).await?.payment_method
    };
    Ok((customer, method.ok_or_else(no_card)?))
}
