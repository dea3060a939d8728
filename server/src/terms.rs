//! A booking's arrival day and payment terms, decided on the server's
//! clock: a pure module, no I/O.
//!
//! "Today" is the UTC day of the server's clock ([`today`]); the browser
//! never says which day it is. An arrival is accepted from today to
//! [`MAX_LEAD_DAYS`] ahead ([`arrival`]). A booking's terms are its room's
//! rule applied to its price and arrival ([`for_booking`]); once the
//! arrival has passed, nothing is left to agree to but the whole price, and
//! create-intent refuses the booking.

use crate::catalogue;
use booking_contract::{CancellationPolicy, CancellationTerms, Date, Money, PaymentTerms, PolicyError, PolicyRule};
use sha2::{Digest, Sha256};

/// Days from today to the arrival of a booking made without one: far
/// enough ahead that every rule of the catalogue has its own terms (a
/// deposit's balance falls due later, a hold is a guarantee).
pub const DEFAULT_LEAD_DAYS: i32 = 14;

/// The furthest arrival that can be booked, in days from today.
pub const MAX_LEAD_DAYS: i32 = 365;

/// The UTC calendar day of the server's clock `now` (unix seconds).
pub fn today(now: i64) -> Date {
    Date::from_unix_secs(now)
}

/// The arrival of a new booking: the one asked for, or today plus
/// [`DEFAULT_LEAD_DAYS`]; `None` for a day before today or more than
/// [`MAX_LEAD_DAYS`] ahead.
pub fn arrival(requested: Option<Date>, today: Date) -> Option<Date> {
    let day = requested.unwrap_or(today.plus_days(DEFAULT_LEAD_DAYS));
    (today <= day && today.days_until(day) <= MAX_LEAD_DAYS).then_some(day)
}

/// Why a booking has no terms: the catalogue or the price is wrong, never
/// the guest's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermsError {
    /// The room is not in the catalogue.
    UnknownRoom,
    /// The room's rule refused the price.
    Policy(PolicyError),
}

impl TermsError {
    /// Stable code for logs.
    pub fn log_code(self) -> &'static str {
        match self {
            Self::UnknownRoom => "terms_unknown_room",
            Self::Policy(PolicyError::BadRule) => "terms_bad_rule",
            Self::Policy(_) => "terms_unchargeable_total",
        }
    }
}

/// The terms of a booking of `room` priced `total` arriving on `arrival`,
/// decided on `today`. An arrival that has passed leaves only the whole
/// price ([`PaymentTerms::PayNow`]), which create-intent then refuses.
pub fn for_booking(room: &str, total: Money, today: Date, arrival: Date) -> Result<PaymentTerms, TermsError> {
    let rule = catalogue::policy(room).ok_or(TermsError::UnknownRoom)?;
    match rule.terms(total, today, arrival) {
        Err(PolicyError::ArrivalPassed) => Ok(PaymentTerms::PayNow { total }),
        decided => decided.map_err(TermsError::Policy),
    }
}

/// A stable name for the version of `rule` a guest agreed under: the first
/// 16 hex digits of the SHA-256 of its JSON. The same rule always has the
/// same version, and any change to it (a share, a number of days) another.
pub fn policy_version(rule: &PolicyRule) -> String {
    let json = serde_json::to_vec(rule).expect("a rule serialises");
    format!("rule-{}", &hex::encode(Sha256::digest(json))[..16])
}

/// A stable name for the version of a cancellation `policy`: `cxl-` and
/// the first 16 hex digits of the SHA-256 of its JSON.
pub fn cancellation_version(policy: &CancellationPolicy) -> String {
    let json = serde_json::to_vec(policy).expect("a policy serialises");
    format!("cxl-{}", &hex::encode(Sha256::digest(json))[..16])
}

/// The current cancellation policy of `room`, with its version.
pub fn cancellation_of(room: &str) -> Option<CancellationTerms> {
    let policy = catalogue::cancellation(room)?;
    Some(CancellationTerms { version: cancellation_version(&policy), policy })
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Share};

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    #[test]
    fn today_is_the_utc_day_of_the_server_clock() {
        assert_eq!(today(1_700_000_000), day("2023-11-14"));
        assert_eq!(today(1_699_919_999), day("2023-11-13"), "one second before midnight UTC");
        assert_eq!(today(1_699_920_000), day("2023-11-14"));
    }

    #[test]
    fn a_booking_without_an_arrival_arrives_after_the_default_lead() {
        assert_eq!(arrival(None, day("2026-12-07")), Some(day("2026-12-21")));
    }

    #[test]
    fn an_arrival_from_today_to_a_year_ahead_is_accepted_and_others_refused() {
        let today = day("2026-12-07");
        assert_eq!(arrival(Some(today), today), Some(today));
        assert_eq!(arrival(Some(day("2027-12-07")), today), Some(day("2027-12-07")));
        assert_eq!(arrival(Some(day("2026-12-06")), today), None, "yesterday");
        assert_eq!(arrival(Some(day("2027-12-08")), today), None, "366 days ahead");
    }

    #[test]
    fn a_passed_arrival_leaves_the_whole_price_to_pay() {
        let terms = for_booking("cabin", eur(3_900), day("2026-12-07"), day("2026-12-01")).unwrap();
        assert_eq!(terms, PaymentTerms::PayNow { total: eur(3_900) });
    }

    #[test]
    fn each_room_gets_its_rules_terms() {
        let (today, arrival) = (day("2026-12-07"), day("2026-12-21"));
        let kinds: Vec<_> = ["sea-view", "garden", "suite", "cabin"]
            .iter()
            .map(|room| std::mem::discriminant(&for_booking(room, eur(10_000), today, arrival).unwrap()))
            .collect();
        assert_eq!(kinds[0], std::mem::discriminant(&PaymentTerms::PayNow { total: eur(1) }));
        assert!(matches!(for_booking("garden", eur(10_000), today, arrival), Ok(PaymentTerms::Deposit { .. })));
        assert!(
            matches!(for_booking("suite", eur(10_000), today, arrival), Ok(PaymentTerms::Guarantee { .. })),
            "a hold two weeks ahead is a guarantee"
        );
        assert!(matches!(for_booking("suite", eur(10_000), today, day("2026-12-09")), Ok(PaymentTerms::Hold { .. })));
        assert_eq!(for_booking("penthouse", eur(1), today, arrival), Err(TermsError::UnknownRoom));
    }

    #[test]
    fn a_cancellation_policys_version_is_stable_and_changes_with_the_policy() {
        let garden = cancellation_of("garden").unwrap();
        assert_eq!(garden, cancellation_of("garden").unwrap());
        assert!(garden.version.starts_with("cxl-") && garden.version.len() == 20);
        assert_ne!(garden.version, cancellation_of("suite").unwrap().version);
        assert_ne!(cancellation_version(&CancellationPolicy::NonRefundable), garden.version);
    }

    #[test]
    fn a_rules_version_is_stable_and_changes_with_the_rule() {
        let rule = PolicyRule::Deposit { share: Share::BasisPoints(2_500), balance_days_before_arrival: 7 };
        assert_eq!(policy_version(&rule), policy_version(&rule));
        assert!(policy_version(&rule).starts_with("rule-") && policy_version(&rule).len() == 21);
        let other = PolicyRule::Deposit { share: Share::BasisPoints(3_000), balance_days_before_arrival: 7 };
        assert_ne!(policy_version(&rule), policy_version(&other));
    }
}
