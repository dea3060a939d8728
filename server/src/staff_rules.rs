//! What a staff action may move, decided from server facts only: a pure
//! module, no I/O. A request names at most an amount, always bounded here:
//! a capture by what was authorised, a refund by what was paid and not yet
//! refunded; a charge to the saved card names none, its amount is the
//! guest's stored consent's.

use booking_contract::{PaymentTerms, StaffChargeKind};

/// Why a staff amount is refused (a log code each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Zero or negative.
    NotPositive,
    /// More than the authorisation.
    OverAuthorised,
    /// More than is left to refund.
    OverRefundable,
    /// No accepted consent covers this charge.
    NoConsent,
}

impl Refusal {
    /// Stable code for logs.
    pub fn log_code(self) -> &'static str {
        match self {
            Self::NotPositive => "staff_amount_not_positive",
            Self::OverAuthorised => "staff_capture_over_authorised",
            Self::OverRefundable => "staff_refund_over_refundable",
            Self::NoConsent => "staff_charge_without_consent",
        }
    }
}

/// What to capture of a hold that authorised `authorised`: `requested`,
/// or all of it.
pub fn capture_amount(authorised: i64, requested: Option<i64>) -> Result<i64, Refusal> {
    match requested {
        None => Ok(authorised),
        Some(a) if a <= 0 => Err(Refusal::NotPositive),
        Some(a) if a > authorised => Err(Refusal::OverAuthorised),
        Some(a) => Ok(a),
    }
}

/// What to refund when `refundable` is left: `requested`, or all that is
/// left (0 when nothing is: a repeated full refund moves nothing).
pub fn refund_amount(refundable: i64, requested: Option<i64>) -> Result<i64, Refusal> {
    match requested {
        None => Ok(refundable.max(0)),
        Some(a) if a <= 0 => Err(Refusal::NotPositive),
        Some(a) if a > refundable => Err(Refusal::OverRefundable),
        Some(a) => Ok(a),
    }
}

/// The shortest and longest `Idempotency-Key` a staff refund accepts.
pub const REQUEST_KEY_CHARS: std::ops::RangeInclusive<usize> = 8..=128;

/// `key` when it is a valid `Idempotency-Key` for a staff refund: 8 to 128
/// characters of `A-Z`, `a-z`, `0-9`, `_` and `-`.
pub fn request_key(key: &str) -> Option<&str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    (REQUEST_KEY_CHARS.contains(&key.len()) && key.chars().all(allowed)).then_some(key)
}

/// What a charge of `kind` to the saved card comes to, from the terms the
/// guest consented to (`consented`, the latest accepted): a deposit's
/// balance exactly, or a guarantee's `up_to` for a no-show.
pub fn charge_amount(kind: StaffChargeKind, consented: Option<&PaymentTerms>) -> Result<i64, Refusal> {
    match (kind, consented) {
        (StaffChargeKind::Balance, Some(PaymentTerms::Deposit { balance, .. })) => Ok(balance.amount),
        (StaffChargeKind::NoShow, Some(PaymentTerms::Guarantee { up_to, .. })) => Ok(up_to.amount),
        _ => Err(Refusal::NoConsent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Date, Money};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    #[test]
    fn a_capture_is_all_of_the_hold_by_default_and_never_more() {
        assert_eq!(capture_amount(29_800, None), Ok(29_800));
        assert_eq!(capture_amount(29_800, Some(10_000)), Ok(10_000));
        assert_eq!(capture_amount(29_800, Some(29_801)), Err(Refusal::OverAuthorised));
        assert_eq!(capture_amount(29_800, Some(0)), Err(Refusal::NotPositive));
    }

    #[test]
    fn a_refund_is_what_is_left_by_default_and_never_more() {
        assert_eq!(refund_amount(12_500, None), Ok(12_500));
        assert_eq!(refund_amount(0, None), Ok(0), "a repeated full refund moves nothing");
        assert_eq!(refund_amount(2_500, Some(2_500)), Ok(2_500));
        assert_eq!(refund_amount(2_500, Some(2_501)), Err(Refusal::OverRefundable));
        assert_eq!(refund_amount(2_500, Some(-1)), Err(Refusal::NotPositive));
    }

    #[test]
    fn a_refunds_request_key_is_8_to_128_url_safe_characters() {
        for ok in ["abcdefgh", "K-1_2345", &"z".repeat(128)] {
            assert_eq!(request_key(ok), Some(ok));
        }
        for bad in ["", "short", &"z".repeat(129), "with space", "naïve-key", "a/b/c/d/e", "key\n12345"] {
            assert_eq!(request_key(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_charge_is_the_consents_balance_or_fee_and_nothing_without_a_matching_consent() {
        let day = Date::from_ymd(2027, 3, 5).unwrap();
        let deposit =
            PaymentTerms::Deposit { total: eur(12_500), now: eur(3_125), balance: eur(9_375), balance_due: day };
        let guarantee = PaymentTerms::Guarantee { total: eur(7_800), up_to: eur(3_900) };
        assert_eq!(charge_amount(StaffChargeKind::Balance, Some(&deposit)), Ok(9_375));
        assert_eq!(charge_amount(StaffChargeKind::NoShow, Some(&guarantee)), Ok(3_900));
        assert_eq!(charge_amount(StaffChargeKind::NoShow, Some(&deposit)), Err(Refusal::NoConsent));
        assert_eq!(charge_amount(StaffChargeKind::Balance, None), Err(Refusal::NoConsent));
    }
}
