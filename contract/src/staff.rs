//! The staff API on the wire: capture, release, charge, refund and the
//! evidence kept for a dispute.
//!
//! A staff request names at most an amount bounded by the server (what was
//! authorised, or paid and not yet refunded) or a kind of charge whose
//! amount the server takes from the guest's stored consent.

use crate::bookings::BookingStatus;
use crate::cancellation::CancellationTerms;
use crate::money::Currency;
use crate::policy::PaymentTerms;
use serde::{Deserialize, Serialize};

/// `POST …/capture` and `…/refund` body: an optional amount in minor
/// units; absent, the whole (authorised, or still refundable) amount.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffAmount {
    /// Minor units, at least 1 and at most what the server allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
}

/// What a staff charge to the saved card is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffChargeKind {
    /// A deposit's balance, exactly as the accepted deposit terms say.
    Balance,
    /// A no-show fee, the accepted guarantee's `up_to`.
    NoShow,
}

/// `POST …/charge` body. It carries no amount: the server decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCharge {
    /// What the charge is for.
    pub kind: StaffChargeKind,
}

/// 200 answer of a staff action: where the booking stands and the money
/// this action moved (a repeated call answers what the first did).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOutcome {
    /// The booking acted on.
    pub booking_id: String,
    /// Its status afterwards (`action_required` when a charge needs the guest).
    pub status: BookingStatus,
    /// The currency of `amount`.
    pub currency: Currency,
    /// Minor units captured, released, charged or refunded.
    pub amount: i64,
    /// The PaymentIntent concerned (`pi_…`), if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_intent_id: Option<String>,
}

/// One consent the guest gave, as kept (never editable by the guest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvidence {
    /// The terms consented to, as the server decided them.
    pub terms: PaymentTerms,
    /// The sentence the guest saw.
    pub text: String,
    /// Its language.
    pub locale: String,
    /// The version of the payment rule.
    pub policy_version: String,
    /// Unix seconds, the server's time of acceptance.
    pub accepted_at: i64,
    /// The version of the cancellation policy accepted with it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_version: Option<String>,
}

/// `GET …/evidence`: what a dispute's answer needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeEvidence {
    /// The booking.
    pub booking_id: String,
    /// Every consent accepted, oldest first.
    pub consents: Vec<ConsentEvidence>,
    /// The cancellation policy accepted (or the room's), with its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationTerms>,
    /// Stripe's status of the latest dispute, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staff_amount_is_optional_and_nothing_else_is_accepted() {
        assert_eq!(serde_json::from_str::<StaffAmount>("{}").unwrap(), StaffAmount { amount: None });
        assert_eq!(serde_json::from_str::<StaffAmount>(r#"{"amount":5}"#).unwrap().amount, Some(5));
        assert!(serde_json::from_str::<StaffAmount>(r#"{"amount":5,"payment_intent":"pi_x"}"#).is_err());
    }

    #[test]
    fn a_staff_charge_names_a_kind_never_an_amount() {
        let c: StaffCharge = serde_json::from_str(r#"{"kind":"no_show","amount":1}"#).unwrap();
        assert_eq!(c.kind, StaffChargeKind::NoShow);
        assert!(serde_json::from_str::<StaffCharge>(r#"{"kind":"cancel_fee"}"#).is_err());
    }
}
