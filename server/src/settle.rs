//! What cancelling a booking comes to at Stripe, decided from server facts
//! only: a pure module, no I/O.
//!
//! The cancellation policy ([`CancellationPolicy::settle`]) says what is
//! kept at the server's day; the booking's status says how that is done:
//! - paid or deposit paid: the rest of what was paid is refunded, newest
//!   payment first ([`split_refund`]);
//! - held: the hold is released, or only what is kept is captured;
//! - guaranteed: what is kept, up to what the guest's consent covers, is
//!   charged to the saved card;
//! - not paid yet: the open checkout objects are canceled.
//!
//! A payment under way (processing, being authenticated, owed after a
//! failed charge) refuses the cancel until it settles.

use crate::stripe::plan::PaymentKind;
use booking_contract::{BookingStatus, CancellationPolicy, Date, Money};

/// What one PaymentIntent of a booking received, and what of it was
/// refunded already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `pi_…`.
    pub intent_id: String,
    /// What it was for.
    pub kind: PaymentKind,
    /// Minor units received (captured, for a hold).
    pub received: i64,
    /// Minor units refunded of it (refunds not failed or canceled).
    pub refunded: i64,
}

impl Received {
    /// What may still be refunded of it.
    pub fn refundable(&self) -> i64 {
        (self.received - self.refunded).max(0)
    }
}

/// Everything a cancellation is decided from.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// The booking's status now.
    pub status: BookingStatus,
    /// Its price.
    pub price: Money,
    /// The server's day.
    pub today: Date,
    /// The arrival day.
    pub arrival: Date,
    /// The policy the guest accepted (or the room's).
    pub policy: &'a CancellationPolicy,
    /// What its PaymentIntents received, oldest first.
    pub received: &'a [Received],
    /// A hold's intent and the amount it authorised.
    pub hold: Option<(&'a str, i64)>,
    /// The most the guest's consent lets the saved card be charged (a
    /// guarantee's `up_to`); `None` without such a consent.
    pub fee_cap: Option<i64>,
}

/// What to ask Stripe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Cancel the booking's open checkout objects: nothing was paid.
    CancelOpen,
    /// Refund these amounts of these PaymentIntents (none: nothing to refund).
    Refund(Vec<(String, i64)>),
    /// Cancel the held PaymentIntent: the whole hold is released.
    Release {
        /// `pi_…`.
        intent: String,
    },
    /// Capture this much of the held PaymentIntent; Stripe releases the rest.
    Capture {
        /// `pi_…`.
        intent: String,
        /// Minor units.
        amount: i64,
    },
    /// Charge this much to the saved card without the guest.
    ChargeFee {
        /// Minor units.
        amount: i64,
    },
}

/// A decided cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// What to ask Stripe.
    pub step: Step,
    /// What the policy keeps.
    pub retained: i64,
    /// What goes back to the guest.
    pub refunded: i64,
    /// What is charged or captured for the part kept.
    pub charged: i64,
}

/// Why a booking cannot be cancelled now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A payment is under way or owed: cancel once it has settled.
    InProgress,
    /// Cancelled before.
    Cancelled,
    /// The policy or the records do not hold together (a bug, not the guest's).
    Inconsistent,
}

/// Decides the cancellation of a booking standing as `f` says.
pub fn cancel(f: &Facts) -> Result<Plan, Refusal> {
    use BookingStatus as S;
    let settle = |paid: i64| f.policy.settle(f.price, paid, f.today, f.arrival).map_err(|_| Refusal::Inconsistent);
    match f.status {
        S::AwaitingPayment | S::HoldReleased => {
            Ok(Plan { step: Step::CancelOpen, retained: 0, refunded: 0, charged: 0 })
        }
        S::Paid | S::DepositPaid => {
            let paid: i64 = f.received.iter().map(Received::refundable).sum();
            let s = settle(paid)?;
            let refunds = split_refund(s.refund, f.received);
            Ok(Plan { step: Step::Refund(refunds), retained: s.retained, refunded: s.refund, charged: 0 })
        }
        S::Held => {
            let (intent, authorised) = f.hold.ok_or(Refusal::Inconsistent)?;
            let kept = settle(0)?.retained.min(authorised);
            let step = match kept {
                0 => Step::Release { intent: intent.to_owned() },
                amount => Step::Capture { intent: intent.to_owned(), amount },
            };
            Ok(Plan { step, retained: kept, refunded: 0, charged: kept })
        }
        S::Guaranteed => {
            let fee = settle(0)?.retained.min(f.fee_cap.unwrap_or(0));
            Ok(Plan { step: Step::ChargeFee { amount: fee }, retained: fee, refunded: 0, charged: fee })
        }
        S::Processing | S::ActionRequired => Err(Refusal::InProgress),
        S::Cancelled => Err(Refusal::Cancelled),
    }
}

/// `amount` taken from what `received` may still refund, newest payment
/// first (a balance before its deposit); never more than refundable.
pub fn split_refund(amount: i64, received: &[Received]) -> Vec<(String, i64)> {
    let mut left = amount.max(0);
    let mut out = Vec::new();
    for r in received.iter().rev() {
        let part = left.min(r.refundable());
        if part > 0 {
            out.push((r.intent_id.clone(), part));
            left -= part;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{CancellationTier, Currency, Share};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    /// Free until 7 days before; then half; in the last day, all.
    fn policy() -> CancellationPolicy {
        CancellationPolicy::Tiered {
            tiers: vec![
                CancellationTier { within_days: 7, retained: Share::BasisPoints(5_000) },
                CancellationTier { within_days: 1, retained: Share::BasisPoints(10_000) },
            ],
        }
    }

    fn received(id: &str, kind: PaymentKind, received: i64, refunded: i64) -> Received {
        Received { intent_id: id.into(), kind, received, refunded }
    }

    fn facts<'a>(
        status: BookingStatus,
        days_before: i32,
        policy: &'a CancellationPolicy,
        paid: &'a [Received],
    ) -> Facts<'a> {
        let arrival = Date::from_ymd(2027, 3, 26).unwrap();
        Facts {
            status,
            price: eur(12_500),
            today: arrival.plus_days(-days_before),
            arrival,
            policy,
            received: paid,
            hold: Some(("pi_hold", 12_500)),
            fee_cap: Some(3_900),
        }
    }

    #[test]
    fn a_paid_booking_cancelled_late_refunds_what_the_policy_does_not_keep() {
        let (p, paid) = (policy(), [received("pi_1", PaymentKind::Full, 12_500, 0)]);
        let plan = cancel(&facts(BookingStatus::Paid, 3, &p, &paid)).unwrap();
        assert_eq!(plan.step, Step::Refund(vec![("pi_1".into(), 6_250)]));
        assert_eq!((plan.retained, plan.refunded, plan.charged), (6_250, 6_250, 0));
        let free = cancel(&facts(BookingStatus::Paid, 30, &p, &paid)).unwrap();
        assert_eq!(free.step, Step::Refund(vec![("pi_1".into(), 12_500)]));
    }

    #[test]
    fn what_was_refunded_before_is_never_refunded_again() {
        let (p, paid) = (policy(), [received("pi_1", PaymentKind::Full, 12_500, 10_000)]);
        let plan = cancel(&facts(BookingStatus::Paid, 30, &p, &paid)).unwrap();
        assert_eq!(plan.step, Step::Refund(vec![("pi_1".into(), 2_500)]));
    }

    #[test]
    fn a_deposit_and_its_balance_are_refunded_newest_first() {
        let paid =
            [received("pi_dep", PaymentKind::Deposit, 3_000, 0), received("pi_bal", PaymentKind::Balance, 9_500, 0)];
        assert_eq!(split_refund(11_000, &paid), [("pi_bal".to_owned(), 9_500), ("pi_dep".to_owned(), 1_500)]);
        assert_eq!(split_refund(99_999, &paid).iter().map(|r| r.1).sum::<i64>(), 12_500, "never beyond what was paid");
    }

    #[test]
    fn a_hold_is_released_when_free_and_otherwise_captured_for_what_is_kept() {
        let p = policy();
        assert_eq!(
            cancel(&facts(BookingStatus::Held, 10, &p, &[])).unwrap().step,
            Step::Release { intent: "pi_hold".into() }
        );
        let late = cancel(&facts(BookingStatus::Held, 3, &p, &[])).unwrap();
        assert_eq!(late.step, Step::Capture { intent: "pi_hold".into(), amount: 6_250 });
        assert_eq!((late.retained, late.charged), (6_250, 6_250));
    }

    #[test]
    fn a_guarantees_fee_is_never_more_than_the_consent_covers_and_nothing_without_one() {
        let p = policy();
        let late = cancel(&facts(BookingStatus::Guaranteed, 0, &p, &[])).unwrap();
        assert_eq!(late.step, Step::ChargeFee { amount: 3_900 }, "capped at up_to");
        let no_consent = Facts { fee_cap: None, ..facts(BookingStatus::Guaranteed, 0, &p, &[]) };
        assert_eq!(cancel(&no_consent).unwrap().step, Step::ChargeFee { amount: 0 });
        assert_eq!(cancel(&facts(BookingStatus::Guaranteed, 30, &p, &[])).unwrap().step, Step::ChargeFee { amount: 0 });
    }

    #[test]
    fn an_unpaid_booking_cancels_its_open_objects_and_a_payment_under_way_refuses() {
        let p = policy();
        assert_eq!(cancel(&facts(BookingStatus::AwaitingPayment, 0, &p, &[])).unwrap().step, Step::CancelOpen);
        for status in [BookingStatus::Processing, BookingStatus::ActionRequired] {
            assert_eq!(cancel(&facts(status, 0, &p, &[])), Err(Refusal::InProgress), "{status:?}");
        }
        assert_eq!(cancel(&facts(BookingStatus::Cancelled, 0, &p, &[])), Err(Refusal::Cancelled));
    }
}
