//! How a booking is paid: the rule a room or rate plan carries
//! ([`PolicyRule`]), and the terms it comes to for one booking on one day
//! ([`PaymentTerms`]), which the guest sees and agrees to at checkout.
//!
//! The server decides the terms ([`PolicyRule::terms`], from its own clock
//! and the booking row); the browser only shows them, after
//! [`PaymentTerms::check`]. Integer arithmetic in minor units throughout.

use crate::date::Date;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most whole days from the day a hold is authorised to the arrival
/// day, on which it is captured. An online card authorisation lasts about
/// seven days (Stripe cancels an uncaptured PaymentIntent seven days after
/// it was created), and Visa's is about five when the merchant initiates
/// it. A hold made on day 0 and captured on day 4 is captured less than
/// five days later, whatever the hours: inside every window. A later
/// arrival falls back to a guarantee for the whole price.
pub const HOLD_WINDOW_DAYS: i32 = 4;

/// A share of the price: a percentage or a fixed amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Share {
    /// Basis points of the price: 2_500 is 25 %. From 1 to 10_000.
    BasisPoints(u16),
    /// Minor units of the booking's currency, at least 1.
    Fixed(i64),
}

/// How a room or rate plan is paid, as the site configures it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum PolicyRule {
    /// The whole price now.
    PayNow,
    /// A share now; the balance charged to the saved card a number of days
    /// before arrival.
    Deposit {
        /// What is charged now.
        share: Share,
        /// The balance is due this many days before the arrival day.
        balance_days_before_arrival: u16,
    },
    /// The whole price authorised now and captured on the arrival day;
    /// a guarantee when the arrival is past [`HOLD_WINDOW_DAYS`].
    Hold,
    /// Nothing now; the price is paid at the property, and the saved card
    /// secures a no-show or late-cancellation fee of `fee`.
    Guarantee {
        /// The most the saved card may be charged.
        fee: Share,
    },
}

/// What the guest agrees to, with every amount and date they must see.
/// Amounts are multiples of the currency's [`Currency::charge_step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum PaymentTerms {
    /// The whole price is charged now.
    PayNow {
        /// The booking's price.
        total: Money,
    },
    /// `now` is charged now and the card saved; `balance` is charged to it
    /// on `balance_due`.
    Deposit {
        /// The booking's price.
        total: Money,
        /// Charged now.
        now: Money,
        /// Charged on `balance_due`; `now + balance = total`.
        balance: Money,
        /// When the balance is charged.
        balance_due: Date,
    },
    /// `total` is authorised now and captured on `capture_on` (the arrival
    /// day); nothing moves before.
    Hold {
        /// The booking's price, authorised now.
        total: Money,
        /// When the authorisation is captured.
        capture_on: Date,
    },
    /// Nothing is charged now; the card is saved and may be charged up to
    /// `up_to` for a no-show or a late cancellation.
    Guarantee {
        /// The booking's price, paid at the property.
        total: Money,
        /// The most the saved card may be charged.
        up_to: Money,
    },
    /// A charge the server made without the guest after checkout, which
    /// the bank refused or wants the guest to authenticate: `total` is that
    /// charge's amount, paid now on the same PaymentIntent (never a second
    /// one). The guest agreed to it when they saved the card.
    Owed {
        /// The amount of the charge that is owed.
        total: Money,
        /// What the charge is for.
        charge: OwedCharge,
    },
}

/// What an owed charge ([`PaymentTerms::Owed`]) is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwedCharge {
    /// A deposit's balance, due before arrival.
    Balance,
    /// The fee of a guest who did not arrive.
    NoShowFee,
    /// The fee the cancellation policy kept.
    CancellationFee,
}

impl OwedCharge {
    /// The wire name: `balance`, `no_show_fee`, `cancellation_fee`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Balance => "balance",
            Self::NoShowFee => "no_show_fee",
            Self::CancellationFee => "cancellation_fee",
        }
    }

    /// The charge named `name` on the wire.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Balance, Self::NoShowFee, Self::CancellationFee].into_iter().find(|c| c.as_str() == name)
    }
}

/// Why terms could not be decided or were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyError {
    /// The rule itself is out of range (a share of 0 or above 100 %).
    BadRule,
    /// The price is not a chargeable multiple of its currency's step.
    UnchargeableTotal,
    /// The arrival day is before today.
    ArrivalPassed,
    /// Terms whose amounts do not add up, mix currencies or break the
    /// currency's step (checked in the browser before they are shown).
    Inconsistent,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadRule => "the payment rule is out of range",
            Self::UnchargeableTotal => "the price is not a chargeable amount in its currency",
            Self::ArrivalPassed => "the arrival day has passed",
            Self::Inconsistent => "the payment terms do not add up",
        })
    }
}

impl Share {
    /// This share of `total` on the currency's step, kept between one step
    /// and the whole: a percentage rounds half up to the step, a fixed
    /// amount is cut down to it (never more than the site set).
    pub fn of(self, total: Money) -> Result<Money, PolicyError> {
        let step = total.currency.charge_step();
        let raw = match self {
            Self::BasisPoints(bp) if (1..=10_000).contains(&bp) => {
                // At most 99_999_999 × 10_000: far inside i64.
                let scaled = total.amount * i64::from(bp);
                let unit = 10_000 * step;
                (scaled + unit / 2) / unit * step
            }
            Self::Fixed(amount) if amount >= 1 => amount.div_euclid(step) * step,
            _ => return Err(PolicyError::BadRule),
        };
        money(raw.clamp(step, total.amount), total.currency)
    }
}

impl PolicyRule {
    /// The terms of a booking priced `total` that arrives on `arrival`,
    /// decided on `today` (the server's day at the property).
    ///
    /// - A deposit that comes to the whole price, or whose balance would be
    ///   due today or earlier, is the whole price now.
    /// - A hold for an arrival more than [`HOLD_WINDOW_DAYS`] away is a
    ///   guarantee for the whole price.
    pub fn terms(self, total: Money, today: Date, arrival: Date) -> Result<PaymentTerms, PolicyError> {
        if total.amount % total.currency.charge_step() != 0 {
            return Err(PolicyError::UnchargeableTotal);
        }
        if arrival < today {
            return Err(PolicyError::ArrivalPassed);
        }
        let pay_now = Ok(PaymentTerms::PayNow { total });
        match self {
            Self::PayNow => pay_now,
            Self::Deposit { share, balance_days_before_arrival } => {
                let now = share.of(total)?;
                let balance_due = arrival.plus_days(-i32::from(balance_days_before_arrival));
                if now == total || balance_due <= today {
                    return pay_now;
                }
                let balance = money(total.amount - now.amount, total.currency)?;
                Ok(PaymentTerms::Deposit { total, now, balance, balance_due })
            }
            Self::Hold if today.days_until(arrival) <= HOLD_WINDOW_DAYS => {
                Ok(PaymentTerms::Hold { total, capture_on: arrival })
            }
            Self::Hold => Ok(PaymentTerms::Guarantee { total, up_to: total }),
            Self::Guarantee { fee } => Ok(PaymentTerms::Guarantee { total, up_to: fee.of(total)? }),
        }
    }
}

impl PaymentTerms {
    /// The booking's price.
    pub fn total(&self) -> Money {
        match *self {
            Self::PayNow { total }
            | Self::Deposit { total, .. }
            | Self::Hold { total, .. }
            | Self::Guarantee { total, .. }
            | Self::Owed { total, .. } => total,
        }
    }

    /// What the card is charged at checkout (a hold's authorisation moves no
    /// money, and a guarantee charges nothing).
    pub fn charged_now(&self) -> Option<Money> {
        match *self {
            Self::PayNow { total } | Self::Owed { total, .. } => Some(total),
            Self::Deposit { now, .. } => Some(now),
            Self::Hold { .. } | Self::Guarantee { .. } => None,
        }
    }

    /// Whether the checkout saves the card for a later charge without the
    /// guest (a deposit's balance, a guarantee's fee): the guest must then
    /// agree to the terms of that charge before confirming.
    pub fn saves_card(&self) -> bool {
        matches!(self, Self::Deposit { .. } | Self::Guarantee { .. })
    }

    /// What the confirmation at checkout charges or authorises: the
    /// PaymentIntent's amount (the whole price, a deposit's share, or a
    /// hold's authorisation); `None` for a guarantee, which confirms a
    /// SetupIntent and moves no money.
    pub fn confirmed_now(&self) -> Option<Money> {
        match *self {
            Self::PayNow { total } | Self::Hold { total, .. } | Self::Owed { total, .. } => Some(total),
            Self::Deposit { now, .. } => Some(now),
            Self::Guarantee { .. } => None,
        }
    }

    /// The same terms for another price of the same booking: a deposit
    /// keeps its share now and its date and takes the rest as the balance,
    /// a hold authorises the new price, a fee stays what it was. Refused
    /// when they no longer add up ([`PaymentTerms::check`]: a deposit that
    /// would be the whole price, a fee above it, another currency).
    pub fn with_total(&self, total: Money) -> Result<Self, PolicyError> {
        let terms = match *self {
            Self::PayNow { .. } => Self::PayNow { total },
            Self::Deposit { now, balance_due, .. } => {
                let rest = total.amount.checked_sub(now.amount).filter(|r| *r > 0).ok_or(PolicyError::Inconsistent)?;
                let balance = Money::new(rest, total.currency).map_err(|_| PolicyError::Inconsistent)?;
                Self::Deposit { total, now, balance, balance_due }
            }
            Self::Hold { capture_on, .. } => Self::Hold { total, capture_on },
            Self::Guarantee { up_to, .. } => Self::Guarantee { total, up_to },
            // The charge's amount is Stripe's, on an intent that exists.
            Self::Owed { .. } => return Err(PolicyError::Inconsistent),
        };
        terms.check().map(|()| terms)
    }

    /// Whether the guest must agree, before confirming, to something that
    /// happens later without them: a balance or a fee charged to the saved
    /// card, or a hold captured on arrival. Paying in full now needs none,
    /// and neither does an owed charge, agreed to with the card.
    pub fn needs_consent(&self) -> bool {
        !matches!(self, Self::PayNow { .. } | Self::Owed { .. })
    }

    /// The policy's wire name: `pay_now`, `deposit`, `hold`, `guarantee`,
    /// `owed`.
    pub fn policy(&self) -> &'static str {
        match self {
            Self::PayNow { .. } => "pay_now",
            Self::Deposit { .. } => "deposit",
            Self::Hold { .. } => "hold",
            Self::Guarantee { .. } => "guarantee",
            Self::Owed { .. } => "owed",
        }
    }

    /// Refuses terms that do not add up before anything is shown: every
    /// amount in the price's currency and a multiple of its step, a
    /// deposit's parts summing to the price, and no fee above the price.
    pub fn check(&self) -> Result<(), PolicyError> {
        let total = self.total();
        let step = total.currency.charge_step();
        let fits = |m: Money| m.currency == total.currency && m.amount % step == 0 && m.amount <= total.amount;
        let ok = fits(total)
            && match *self {
                Self::PayNow { .. } | Self::Hold { .. } | Self::Owed { .. } => true,
                Self::Deposit { now, balance, .. } => {
                    fits(now) && fits(balance) && now.amount.checked_add(balance.amount) == Some(total.amount)
                }
                Self::Guarantee { up_to, .. } => fits(up_to),
            };
        if ok {
            Ok(())
        } else {
            Err(PolicyError::Inconsistent)
        }
    }
}

fn money(amount: i64, currency: Currency) -> Result<Money, PolicyError> {
    Money::new(amount, currency).map_err(|_| PolicyError::UnchargeableTotal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(amount: i64, code: &str) -> Money {
        Money::new(amount, Currency::parse(code).unwrap()).unwrap()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const TODAY: &str = "2026-12-07";

    fn terms(rule: PolicyRule, total: Money, arrival: &str) -> Result<PaymentTerms, PolicyError> {
        rule.terms(total, day(TODAY), day(arrival))
    }

    fn deposit(share: Share, days: u16) -> PolicyRule {
        PolicyRule::Deposit { share, balance_days_before_arrival: days }
    }

    #[test]
    fn each_policy_says_its_wire_name_and_whether_the_guest_must_agree() {
        let total = m(12_500, "eur");
        let all = [
            PaymentTerms::PayNow { total },
            PaymentTerms::Deposit {
                total,
                now: m(3_125, "eur"),
                balance: m(9_375, "eur"),
                balance_due: day("2027-03-05"),
            },
            PaymentTerms::Hold { total, capture_on: day("2026-12-09") },
            PaymentTerms::Guarantee { total, up_to: m(3_900, "eur") },
        ];
        for terms in all {
            let json = serde_json::to_value(terms).unwrap();
            assert_eq!(json["policy"], terms.policy(), "{terms:?}");
            assert_eq!(terms.needs_consent(), terms.policy() != "pay_now", "{terms:?}");
        }
    }

    #[test]
    fn an_owed_charge_is_its_own_amount_now_on_its_intent_with_no_new_consent() {
        let total = m(7_200, "eur");
        let owed = PaymentTerms::Owed { total, charge: OwedCharge::Balance };
        assert_eq!((owed.total(), owed.confirmed_now(), owed.charged_now()), (total, Some(total), Some(total)));
        assert!(!owed.needs_consent() && !owed.saves_card(), "agreed to when the card was saved");
        assert_eq!((owed.policy(), owed.check()), ("owed", Ok(())));
        assert_eq!(owed.with_total(m(7_300, "eur")), Err(PolicyError::Inconsistent), "Stripe's amount, never another");
        let json = serde_json::to_value(owed).unwrap();
        assert_eq!(json["charge"], "balance");
        assert_eq!(serde_json::from_value::<PaymentTerms>(json).unwrap(), owed);
        for charge in [OwedCharge::Balance, OwedCharge::NoShowFee, OwedCharge::CancellationFee] {
            assert_eq!(OwedCharge::parse(charge.as_str()), Some(charge));
            assert_eq!(serde_json::to_value(charge).unwrap(), charge.as_str());
        }
        assert_eq!(OwedCharge::parse("deposit"), None);
    }

    #[test]
    fn the_confirmation_moves_the_price_a_share_or_nothing() {
        let total = m(12_500, "eur");
        assert_eq!(PaymentTerms::PayNow { total }.confirmed_now(), Some(total));
        let hold = PaymentTerms::Hold { total, capture_on: day("2026-12-09") };
        assert_eq!(hold.confirmed_now(), Some(total), "authorised, not charged");
        let deposit = terms(deposit(Share::BasisPoints(2_500), 7), total, "2027-03-12").unwrap();
        assert_eq!(deposit.confirmed_now(), Some(m(3_125, "eur")));
        assert_eq!(PaymentTerms::Guarantee { total, up_to: total }.confirmed_now(), None);
    }

    #[test]
    fn a_new_price_keeps_the_terms_and_refuses_what_no_longer_adds_up() {
        let deposit = terms(deposit(Share::BasisPoints(2_500), 7), m(12_500, "eur"), "2027-03-12").unwrap();
        let more = deposit.with_total(m(15_000, "eur")).unwrap();
        assert_eq!(
            more,
            PaymentTerms::Deposit {
                total: m(15_000, "eur"),
                now: m(3_125, "eur"),
                balance: m(11_875, "eur"),
                balance_due: day("2027-03-05"),
            }
        );
        assert_eq!(deposit.with_total(m(3_125, "eur")), Err(PolicyError::Inconsistent), "no balance left");
        assert_eq!(deposit.with_total(m(15_000, "usd")), Err(PolicyError::Inconsistent));
        let fee = PaymentTerms::Guarantee { total: m(12_500, "eur"), up_to: m(3_900, "eur") };
        assert!(fee.with_total(m(7_800, "eur")).is_ok());
        assert_eq!(fee.with_total(m(3_800, "eur")), Err(PolicyError::Inconsistent), "a fee above the price");
        let hold = PaymentTerms::Hold { total: m(12_500, "eur"), capture_on: day("2026-12-09") };
        assert_eq!(hold.with_total(m(9_900, "eur")).unwrap().confirmed_now(), Some(m(9_900, "eur")));
    }

    #[test]
    fn a_percentage_deposit_rounds_half_up_to_the_minor_unit() {
        // 25 % of €125.00; 33.33 % of €100.01 = 33.333333 → €33.33;
        // 0.5 % of €1.01 = 0.505 cents → 1 cent (half up).
        let t = terms(deposit(Share::BasisPoints(2_500), 14), m(12_500, "eur"), "2027-03-26").unwrap();
        assert_eq!(
            t,
            PaymentTerms::Deposit {
                total: m(12_500, "eur"),
                now: m(3_125, "eur"),
                balance: m(9_375, "eur"),
                balance_due: day("2027-03-12"),
            }
        );
        assert_eq!(Share::BasisPoints(3_333).of(m(10_001, "eur")), Ok(m(3_333, "eur")));
        assert_eq!(Share::BasisPoints(50).of(m(101, "eur")), Ok(m(1, "eur")));
        assert_eq!(Share::BasisPoints(49).of(m(101, "eur")), Ok(m(1, "eur")), "never below one minor unit");
    }

    #[test]
    fn currencies_without_minor_units_round_to_whole_units() {
        // 33.33 % of ¥12,345 = 4,114.6885 → ¥4,115.
        assert_eq!(Share::BasisPoints(3_333).of(m(12_345, "jpy")), Ok(m(4_115, "jpy")));
        let t = terms(deposit(Share::BasisPoints(3_333), 7), m(12_345, "jpy"), "2027-01-20").unwrap();
        assert_eq!(t.charged_now(), Some(m(4_115, "jpy")));
        t.check().unwrap();
    }

    #[test]
    fn three_decimal_currencies_and_isk_round_to_their_charge_step() {
        // 10 % of KWD 12.340 = 1.234 → 1.230 (tens of fils, half up).
        assert_eq!(Share::BasisPoints(1_000).of(m(12_340, "kwd")), Ok(m(1_230, "kwd")));
        // 15 % of ISK 999 (99_900) = 149.85 → 150 krónur.
        assert_eq!(Share::BasisPoints(1_500).of(m(99_900, "isk")), Ok(m(15_000, "isk")));
        assert_eq!(Share::Fixed(1_234).of(m(99_900, "isk")), Ok(m(1_200, "isk")));
        // A fixed amount is cut down to the step, never rounded above what the site set.
        assert_eq!(Share::Fixed(1_235).of(m(12_340, "kwd")), Ok(m(1_230, "kwd")));
        assert_eq!(
            terms(PolicyRule::PayNow, m(12_345, "kwd"), TODAY),
            Err(PolicyError::UnchargeableTotal),
            "a price Stripe would refuse is refused first"
        );
    }

    #[test]
    fn a_deposit_that_is_the_whole_price_or_falls_due_by_today_is_paid_now() {
        let total = m(12_500, "eur");
        assert_eq!(terms(deposit(Share::Fixed(20_000), 7), total, "2027-03-26"), Ok(PaymentTerms::PayNow { total }));
        assert_eq!(
            terms(deposit(Share::BasisPoints(10_000), 7), total, "2027-03-26"),
            Ok(PaymentTerms::PayNow { total })
        );
        // Balance due seven days before an arrival seven days away: today.
        assert_eq!(
            terms(deposit(Share::BasisPoints(2_000), 7), total, "2026-12-14"),
            Ok(PaymentTerms::PayNow { total })
        );
        // One day later, and it is due tomorrow.
        let t = terms(deposit(Share::BasisPoints(2_000), 7), total, "2026-12-15").unwrap();
        assert!(matches!(t, PaymentTerms::Deposit { balance_due, .. } if balance_due == day("2026-12-08")));
    }

    #[test]
    fn the_balance_date_counts_back_across_months_and_leap_days() {
        let t = terms(deposit(Share::Fixed(1_000), 30), m(5_000, "usd"), "2028-03-15").unwrap();
        assert!(matches!(t, PaymentTerms::Deposit { balance_due, .. } if balance_due == day("2028-02-14")));
        let t = terms(deposit(Share::Fixed(1_000), 1), m(5_000, "usd"), "2028-03-01").unwrap();
        assert!(matches!(t, PaymentTerms::Deposit { balance_due, .. } if balance_due == day("2028-02-29")));
    }

    #[test]
    fn a_hold_is_kept_within_the_window_and_becomes_a_guarantee_after_it() {
        let total = m(12_500, "eur");
        let last = day(TODAY).plus_days(HOLD_WINDOW_DAYS).to_string();
        let first_out = day(TODAY).plus_days(HOLD_WINDOW_DAYS + 1).to_string();
        assert_eq!(terms(PolicyRule::Hold, total, TODAY), Ok(PaymentTerms::Hold { total, capture_on: day(TODAY) }));
        assert_eq!(terms(PolicyRule::Hold, total, &last), Ok(PaymentTerms::Hold { total, capture_on: day(&last) }));
        assert_eq!(terms(PolicyRule::Hold, total, &first_out), Ok(PaymentTerms::Guarantee { total, up_to: total }));
    }

    #[test]
    fn a_guarantee_secures_its_fee_and_never_more_than_the_price() {
        let total = m(12_500, "eur");
        let fee = |share| terms(PolicyRule::Guarantee { fee: share }, total, "2027-05-01");
        assert_eq!(fee(Share::Fixed(5_000)), Ok(PaymentTerms::Guarantee { total, up_to: m(5_000, "eur") }));
        assert_eq!(fee(Share::Fixed(50_000)), Ok(PaymentTerms::Guarantee { total, up_to: total }));
        assert_eq!(fee(Share::BasisPoints(10_000)), Ok(PaymentTerms::Guarantee { total, up_to: total }));
    }

    #[test]
    fn rules_out_of_range_and_past_arrivals_are_refused() {
        let total = m(12_500, "eur");
        for share in [Share::BasisPoints(0), Share::BasisPoints(10_001), Share::Fixed(0), Share::Fixed(-5)] {
            assert_eq!(terms(deposit(share, 7), total, "2027-05-01"), Err(PolicyError::BadRule), "{share:?}");
        }
        assert_eq!(terms(PolicyRule::PayNow, total, "2026-12-06"), Err(PolicyError::ArrivalPassed));
    }

    #[test]
    fn terms_that_do_not_add_up_are_refused_before_they_are_shown() {
        let (eur, usd) = (m(12_500, "eur"), m(2_500, "usd"));
        let bad = [
            PaymentTerms::Deposit {
                total: eur,
                now: m(2_500, "eur"),
                balance: m(9_000, "eur"),
                balance_due: day(TODAY),
            },
            PaymentTerms::Deposit { total: eur, now: usd, balance: m(10_000, "eur"), balance_due: day(TODAY) },
            PaymentTerms::Guarantee { total: eur, up_to: m(12_501, "eur") },
            PaymentTerms::Hold { total: m(12_345, "kwd"), capture_on: day(TODAY) },
        ];
        for t in bad {
            assert_eq!(t.check(), Err(PolicyError::Inconsistent), "{t:?}");
        }
    }

    #[test]
    fn terms_travel_tagged_by_policy() {
        let t = PaymentTerms::Deposit {
            total: m(12_500, "eur"),
            now: m(2_500, "eur"),
            balance: m(10_000, "eur"),
            balance_due: day("2027-03-12"),
        };
        let json = serde_json::to_value(t).unwrap();
        assert_eq!(json["policy"], "deposit");
        assert_eq!(json["balance_due"], "2027-03-12");
        assert_eq!(json["now"]["amount"], 2_500);
        assert_eq!(serde_json::from_value::<PaymentTerms>(json).unwrap(), t);
        let rule: PolicyRule = serde_json::from_str(r#"{"policy":"guarantee","fee":{"basis_points":5000}}"#).unwrap();
        assert_eq!(rule, PolicyRule::Guarantee { fee: Share::BasisPoints(5_000) });
    }

    proptest! {
        /// Whatever the rule, price and dates: decided terms add up, keep to
        /// the currency's step, charge at least one step when they charge,
        /// and never charge more than the price.
        #[test]
        fn decided_terms_always_add_up(
            units in 1i64..=999_999,
            code in prop::sample::select(vec!["eur", "jpy", "kwd", "isk", "usd"]),
            bp in 1u16..=10_000,
            fixed in 1i64..=200_000_000,
            days_ahead in 0i32..=400,
            before in 0u16..=60,
            pick in 0u8..5,
        ) {
            let currency = Currency::parse(code).unwrap();
            let total = Money::new(units * currency.charge_step(), currency);
            prop_assume!(total.is_ok());
            let total = total.unwrap();
            let share = if pick % 2 == 0 { Share::BasisPoints(bp) } else { Share::Fixed(fixed) };
            let rule = match pick {
                0 | 1 => PolicyRule::Deposit { share, balance_days_before_arrival: before },
                2 => PolicyRule::Hold,
                3 => PolicyRule::Guarantee { fee: share },
                _ => PolicyRule::PayNow,
            };
            let today = day(TODAY);
            let t = rule.terms(total, today, today.plus_days(days_ahead)).unwrap();
            prop_assert_eq!(t.check(), Ok(()));
            prop_assert_eq!(t.total(), total);
            if let Some(now) = t.charged_now() {
                prop_assert!(now.amount >= currency.charge_step() && now.amount <= total.amount);
            }
            if let PaymentTerms::Deposit { balance_due, .. } = t {
                prop_assert!(balance_due > today);
            }
            if let PaymentTerms::Hold { capture_on, .. } = t {
                prop_assert!(today.days_until(capture_on) <= HOLD_WINDOW_DAYS);
            }
        }
    }
}
