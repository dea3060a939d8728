//! The consent a charge to the saved card goes by: the latest one the
//! guest gave under the booking's policy, and only while its terms are
//! still the booking's ([`crate::consent::still_current`]). A booking
//! repriced or moved after the guest agreed has no consent to charge by
//! until they agree again.

use crate::consent::still_current;
use crate::error::ApiError;
use crate::state::AppState;
use crate::terms::today;
use booking_contract::{Booking, Money, PaymentTerms, PolicyRule};

/// What the guest agreed to for later charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consented {
    /// No consent under that policy.
    Nothing,
    /// The latest consent, to the booking's terms as they are now.
    Current(PaymentTerms),
    /// The latest consent is to other terms (another price, currency or
    /// arrival): nothing may be charged by it.
    Outdated,
}

/// The latest consent `booking`'s guest gave under `policy` (`deposit`,
/// `guarantee`, …), checked against the booking as it is now.
pub async fn consented_terms(state: &AppState, booking: &Booking, policy: &str) -> Result<Consented, ApiError> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT terms, rule, accepted_at FROM consents WHERE booking_id = $1 AND policy = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(&booking.id)
    .bind(policy)
    .fetch_optional(&state.db)
    .await?;
    let Some((terms, rule, accepted_at)) = row else { return Ok(Consented::Nothing) };
    // Both were written by the consent route from the server's own types.
    let unreadable = |_| ApiError::Internal("consent_unreadable".into());
    let terms: PaymentTerms = serde_json::from_str(&terms).map_err(unreadable)?;
    let rule: PolicyRule = serde_json::from_str(&rule).map_err(unreadable)?;
    let price = Money::new(booking.amount, booking.currency).map_err(|_| ApiError::Internal("bad_price".into()))?;
    if still_current(&terms, rule, today(accepted_at), price, booking.arrival) {
        Ok(Consented::Current(terms))
    } else {
        tracing::info!(code = "consent_outdated", policy, "consent is to other terms than the booking's");
        Ok(Consented::Outdated)
    }
}
