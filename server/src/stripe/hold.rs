//! When a hold's authorisation expires, as Stripe says it, and the rule
//! when Stripe does not: pure, but for the one retrieve that reads it.
//!
//! Stripe's API reference: a PaymentIntent's `latest_charge` (expandable)
//! is its latest Charge, whose `payment_method_details.card.capture_before`
//! is, for a manual capture, "a future timestamp at which the charge will
//! be automatically refunded if uncaptured". An online card authorisation
//! lasts 7 days by default ([`DEFAULT_HOLD_SECS`]); Stripe then cancels the
//! PaymentIntent (`payment_intent.canceled`, `cancellation_reason:
//! automatic`).

use super::client::{StripeClient, StripeError};
use serde::Deserialize;

/// How long an online card authorisation lasts when Stripe does not say.
pub const DEFAULT_HOLD_SECS: i64 = 7 * 24 * 3600;

/// When a hold authorised at `authorised_at` expires: Stripe's
/// `capture_before` when it gave one, else the default window.
pub fn expires_at(capture_before: Option<i64>, authorised_at: i64) -> i64 {
    capture_before.unwrap_or(authorised_at + DEFAULT_HOLD_SECS)
}

/// Whether a hold expiring at `expires_at` (unknown: `None`) can no longer
/// be captured at `now`. An unknown expiry is left to Stripe to refuse.
pub fn expired(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_some_and(|at| now >= at)
}

/// A PaymentIntent with its latest charge expanded, as far as its
/// authorisation's deadline goes.
#[derive(Debug, Deserialize)]
struct WithCharge {
    #[serde(default)]
    latest_charge: Option<LatestCharge>,
}

/// `latest_charge`: the Charge when expanded, its id otherwise.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LatestCharge {
    Expanded(Charge),
    Id(#[allow(dead_code)] String),
}

#[derive(Debug, Deserialize)]
struct Charge {
    #[serde(default)]
    created: Option<i64>,
    #[serde(default)]
    payment_method_details: Option<Details>,
}

#[derive(Debug, Deserialize)]
struct Details {
    #[serde(default)]
    card: Option<Card>,
}

#[derive(Debug, Deserialize)]
struct Card {
    #[serde(default)]
    capture_before: Option<i64>,
}

/// What Stripe says of a hold's authorisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Authorisation {
    /// The charge's `created`: when it was authorised.
    pub authorised_at: Option<i64>,
    /// The charge's `payment_method_details.card.capture_before`.
    pub capture_before: Option<i64>,
}

impl WithCharge {
    fn authorisation(&self) -> Authorisation {
        match &self.latest_charge {
            Some(LatestCharge::Expanded(charge)) => Authorisation {
                authorised_at: charge.created,
                capture_before: charge
                    .payment_method_details
                    .as_ref()
                    .and_then(|d| d.card.as_ref())
                    .and_then(|c| c.capture_before),
            },
            _ => Authorisation::default(),
        }
    }
}

impl StripeClient {
    /// Reads hold `id`'s authorisation: the PaymentIntent with its latest
    /// charge expanded (a GET: nothing changes at Stripe).
    pub async fn hold_authorisation(&self, id: &str) -> Result<Authorisation, StripeError> {
        let req = self.get(&format!("/v1/payment_intents/{id}")).query(&[("expand[]", "latest_charge")]);
        let intent: WithCharge = self.send(req).await?;
        Ok(intent.authorisation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripes_capture_before_wins_and_seven_days_from_the_authorisation_stand_in_for_it() {
        assert_eq!(expires_at(Some(1_700_500_000), 1_700_000_000), 1_700_500_000);
        assert_eq!(expires_at(None, 1_700_000_000), 1_700_000_000 + 604_800);
    }

    #[test]
    fn a_hold_is_expired_from_its_deadline_on_and_an_unknown_one_never_here() {
        assert!(!expired(Some(100), 99));
        assert!(expired(Some(100), 100));
        assert!(!expired(None, i64::MAX));
    }

    #[test]
    fn the_deadline_is_read_from_an_expanded_charge_only() {
        let expanded: WithCharge = serde_json::from_str(
            r#"{"id":"pi_1","latest_charge":{"id":"ch_1","created":10,
                "payment_method_details":{"type":"card","card":{"brand":"visa","capture_before":604810}}}}"#,
        )
        .unwrap();
        assert_eq!(expanded.authorisation(), Authorisation { authorised_at: Some(10), capture_before: Some(604_810) });
        let id_only: WithCharge = serde_json::from_str(r#"{"id":"pi_1","latest_charge":"ch_1"}"#).unwrap();
        assert_eq!(id_only.authorisation(), Authorisation::default());
        let none: WithCharge = serde_json::from_str(r#"{"id":"pi_1","latest_charge":null}"#).unwrap();
        assert_eq!(none.authorisation(), Authorisation::default());
    }
}
