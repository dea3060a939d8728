//! What a booking keeps when the guest cancels: a cancellation policy of
//! tiers by notice ([`CancellationPolicy`]), and what one cancellation comes
//! to ([`Settlement`]) for the money the booking holds.
//!
//! The server settles a cancellation with its own clock, at cancel time;
//! nothing here is taken from the browser. Integer minor units throughout,
//! rounded as [`Share::of`] rounds.

use crate::date::Date;
use crate::money::{Currency, Money};
use crate::policy::Share;
use serde::{Deserialize, Serialize};

/// One tier: cancelling fewer than `within_days` days before the arrival
/// day retains `retained` of the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationTier {
    /// The tier applies when the notice is shorter than this many days.
    pub within_days: u16,
    /// What the booking keeps then.
    pub retained: Share,
}

/// How much of the price a cancellation keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cancellation", rename_all = "snake_case")]
pub enum CancellationPolicy {
    /// The whole price is kept, whenever the guest cancels.
    NonRefundable,
    /// Free with enough notice; otherwise the tier with the shortest
    /// `within_days` the notice falls under applies. No tiers: always free.
    Tiered {
        /// The tiers, in any order; [`CancellationPolicy::check`] holds them
        /// to "the later the cancellation, the more it keeps".
        tiers: Vec<CancellationTier>,
    },
}

/// A booking's cancellation policy with its version: the one the guest
/// accepted with their consent, or the room's current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationTerms {
    /// A stable name of the policy (`cxl-` and 16 hex digits): the same
    /// policy always has the same version.
    pub version: String,
    /// The tiers, or non-refundable.
    pub policy: CancellationPolicy,
}

/// What one cancellation comes to, in minor units of the price's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    /// The currency of every amount here.
    pub currency: Currency,
    /// What the booking keeps (0 when the cancellation is free).
    pub retained: i64,
    /// What goes back to the guest from what they paid.
    pub refund: i64,
    /// What the booking keeps beyond what was paid: charged to the saved
    /// card (a deposit's or a guarantee's), captured from a hold, or
    /// nothing when there is no way to take it.
    pub still_due: i64,
}

/// A policy whose tiers would let a later cancellation keep less than an
/// earlier one, repeat a notice, or hold a share out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadCancellationPolicy;

impl CancellationPolicy {
    /// Refuses tiers that repeat a notice, hold a share out of range, or
    /// let a later cancellation keep less of `price` than an earlier one.
    pub fn check(&self, price: Money) -> Result<(), BadCancellationPolicy> {
        let Self::Tiered { tiers } = self else { return Ok(()) };
        let mut sorted: Vec<_> = tiers.iter().collect();
        sorted.sort_by_key(|t| std::cmp::Reverse(t.within_days));
        if sorted.windows(2).any(|pair| pair[0].within_days == pair[1].within_days) {
            return Err(BadCancellationPolicy);
        }
        let mut last = 0;
        for tier in sorted {
            let kept = tier.retained.of(price).map_err(|_| BadCancellationPolicy)?.amount;
            if kept < last {
                return Err(BadCancellationPolicy);
            }
            last = kept;
        }
        Ok(())
    }

    /// What cancelling on `today` a booking priced `price` that arrives on
    /// `arrival` keeps, in minor units. On or after the arrival day the
    /// notice is nil, so the last tier applies.
    pub fn retained(&self, price: Money, today: Date, arrival: Date) -> Result<i64, BadCancellationPolicy> {
        self.check(price)?;
        let tiers = match self {
            Self::NonRefundable => return Ok(price.amount),
            Self::Tiered { tiers } => tiers,
        };
        let notice = today.days_until(arrival).max(0);
        let tier = tiers.iter().filter(|t| notice < i32::from(t.within_days)).min_by_key(|t| t.within_days);
        match tier {
            None => Ok(0),
            Some(t) => Ok(t.retained.of(price).map_err(|_| BadCancellationPolicy)?.amount),
        }
    }

    /// Settles a cancellation of a booking priced `price` of which `paid`
    /// minor units were charged and not refunded: the refund never exceeds
    /// what was paid, and what is kept beyond it is `still_due`.
    pub fn settle(
        &self,
        price: Money,
        paid: i64,
        today: Date,
        arrival: Date,
    ) -> Result<Settlement, BadCancellationPolicy> {
        let retained = self.retained(price, today, arrival)?;
        let paid = paid.clamp(0, price.amount);
        Ok(Settlement {
            currency: price.currency,
            retained,
            refund: paid - retained.min(paid),
            still_due: retained - retained.min(paid),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Free until 14 days before; then half; in the last 2 days, all.
    fn hotel() -> CancellationPolicy {
        CancellationPolicy::Tiered {
            tiers: vec![
                CancellationTier { within_days: 2, retained: Share::BasisPoints(10_000) },
                CancellationTier { within_days: 14, retained: Share::BasisPoints(5_000) },
            ],
        }
    }

    const ARRIVAL: &str = "2027-03-26";

    fn cancelled(days_before: i32) -> Date {
        day(ARRIVAL).plus_days(-days_before)
    }

    #[test]
    fn the_tier_the_notice_falls_under_applies() {
        let price = eur(12_500);
        let kept = |days| hotel().retained(price, cancelled(days), day(ARRIVAL)).unwrap();
        assert_eq!(kept(30), 0);
        assert_eq!(kept(14), 0, "exactly 14 days' notice is still free");
        assert_eq!(kept(13), 6_250);
        assert_eq!(kept(2), 6_250);
        assert_eq!(kept(1), 12_500);
        assert_eq!(kept(0), 12_500, "on the arrival day");
        assert_eq!(kept(-3), 12_500, "after it");
    }

    #[test]
    fn a_paid_booking_gets_back_what_it_paid_less_what_is_kept() {
        let s = hotel().settle(eur(12_500), 12_500, cancelled(5), day(ARRIVAL)).unwrap();
        assert_eq!((s.retained, s.refund, s.still_due), (6_250, 6_250, 0));
        let free = hotel().settle(eur(12_500), 12_500, cancelled(20), day(ARRIVAL)).unwrap();
        assert_eq!((free.retained, free.refund, free.still_due), (0, 12_500, 0));
    }

    #[test]
    fn a_deposit_below_what_is_kept_is_kept_whole_and_the_rest_is_due() {
        // €25.00 paid as a deposit; a late cancellation keeps €62.50.
        let s = hotel().settle(eur(12_500), 2_500, cancelled(5), day(ARRIVAL)).unwrap();
        assert_eq!((s.retained, s.refund, s.still_due), (6_250, 0, 3_750));
    }

    #[test]
    fn a_hold_or_guarantee_with_nothing_paid_owes_only_what_is_kept() {
        let s = hotel().settle(eur(12_500), 0, cancelled(1), day(ARRIVAL)).unwrap();
        assert_eq!((s.retained, s.refund, s.still_due), (12_500, 0, 12_500));
    }

    #[test]
    fn a_non_refundable_rate_keeps_everything() {
        let s = CancellationPolicy::NonRefundable.settle(eur(12_500), 12_500, cancelled(300), day(ARRIVAL)).unwrap();
        assert_eq!((s.retained, s.refund, s.still_due), (12_500, 0, 0));
    }

    #[test]
    fn a_fixed_fee_is_never_more_than_the_price() {
        let fee = CancellationPolicy::Tiered {
            tiers: vec![CancellationTier { within_days: 7, retained: Share::Fixed(50_000) }],
        };
        assert_eq!(fee.retained(eur(12_500), cancelled(3), day(ARRIVAL)), Ok(12_500));
    }

    #[test]
    fn tiers_that_keep_less_later_or_repeat_a_notice_are_refused() {
        let cheaper_later = CancellationPolicy::Tiered {
            tiers: vec![
                CancellationTier { within_days: 2, retained: Share::BasisPoints(1_000) },
                CancellationTier { within_days: 14, retained: Share::BasisPoints(5_000) },
            ],
        };
        assert_eq!(cheaper_later.check(eur(12_500)), Err(BadCancellationPolicy));
        let repeated = CancellationPolicy::Tiered {
            tiers: vec![
                CancellationTier { within_days: 7, retained: Share::BasisPoints(1_000) },
                CancellationTier { within_days: 7, retained: Share::BasisPoints(2_000) },
            ],
        };
        assert_eq!(repeated.check(eur(12_500)), Err(BadCancellationPolicy));
        let out_of_range = CancellationPolicy::Tiered {
            tiers: vec![CancellationTier { within_days: 7, retained: Share::BasisPoints(0) }],
        };
        assert_eq!(out_of_range.retained(eur(100), cancelled(1), day(ARRIVAL)), Err(BadCancellationPolicy));
        assert_eq!(hotel().check(eur(12_500)), Ok(()));
    }

    #[test]
    fn policies_travel_tagged() {
        let json = serde_json::to_value(hotel()).unwrap();
        assert_eq!(json["cancellation"], "tiered");
        assert_eq!(json["tiers"][1]["retained"]["basis_points"], 5_000);
        assert_eq!(serde_json::from_value::<CancellationPolicy>(json).unwrap(), hotel());
    }

    proptest! {
        /// Whatever the notice and what was paid: the refund and what is
        /// kept of the payment make up the payment, nothing is refunded
        /// beyond it, and a later cancellation never keeps less.
        #[test]
        fn settlements_add_up_and_never_get_cheaper_later(
            price in 1i64..=99_999_999,
            paid_part in 0i64..=10_000,
            days in -10i32..=60,
            half in 1u16..=10_000,
        ) {
            let policy = CancellationPolicy::Tiered {
                tiers: vec![
                    CancellationTier { within_days: 3, retained: Share::BasisPoints(10_000) },
                    CancellationTier { within_days: 21, retained: Share::BasisPoints(half) },
                ],
            };
            let price = eur(price);
            let paid = price.amount * paid_part / 10_000;
            let s = policy.settle(price, paid, cancelled(days), day(ARRIVAL)).unwrap();
            prop_assert_eq!(s.refund + s.retained.min(paid), paid);
            prop_assert!(s.refund >= 0 && s.refund <= paid);
            prop_assert_eq!(s.retained.min(paid) + s.still_due, s.retained);
            let later = policy.settle(price, paid, cancelled(days - 1), day(ARRIVAL)).unwrap();
            prop_assert!(later.retained >= s.retained);
        }
    }
}
