//! Money as integer minor units plus an ISO 4217 currency; never floats.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A lowercase ISO 4217 currency code as Stripe spells it (`eur`, `usd`, `jpy`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// Why a currency or amount was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Not three ASCII letters.
    BadCurrency,
    /// Zero, negative, or above Stripe's eight-digit limit.
    BadAmount,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadCurrency => "currency must be a three-letter ISO 4217 code",
            Self::BadAmount => "amount must be a positive number of minor units",
        })
    }
}

impl Currency {
    /// Parses `EUR`/`eur`; anything but three ASCII letters is refused.
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        let b = code.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(MoneyError::BadCurrency);
        }
        Ok(Self([b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase(), b[2].to_ascii_lowercase()]))
    }

    /// The code in lowercase, as Stripe's API wants it.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("xxx")
    }

    /// Digits after the decimal point in Stripe's amounts: 0 for its
    /// zero-decimal currencies, 3 for its three-decimal ones, 2 otherwise.
    pub fn exponent(&self) -> u32 {
        const ZERO_DECIMAL: [&str; 16] = [
            "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof",
            "xpf",
        ];
        const THREE_DECIMAL: [&str; 5] = ["bhd", "jod", "kwd", "omr", "tnd"];
        if ZERO_DECIMAL.contains(&self.as_str()) {
            0
        } else if THREE_DECIMAL.contains(&self.as_str()) {
            3
        } else {
            2
        }
    }

    /// The smallest step a charge may take, in minor units: Stripe wants
    /// three-decimal amounts rounded to tens, and ISK (two decimals in the
    /// API, whole krónur only since 2023) in multiples of 100.
    pub fn charge_step(&self) -> i64 {
        match self.exponent() {
            3 => 10,
            _ if self.as_str() == "isk" => 100,
            _ => 1,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.as_str().to_owned()
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An amount to charge: positive integer minor units and a currency.
/// Read from JSON only when [`Money::new`] accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "MoneyWire")]
pub struct Money {
    /// Minor units (cents for EUR, yen for JPY).
    pub amount: i64,
    /// The currency the amount is in.
    pub currency: Currency,
}

/// Money as it arrives, before [`Money::new`] has checked it.
#[derive(Deserialize)]
struct MoneyWire {
    amount: i64,
    currency: Currency,
}

impl TryFrom<MoneyWire> for Money {
    type Error = MoneyError;
    fn try_from(wire: MoneyWire) -> Result<Self, Self::Error> {
        Self::new(wire.amount, wire.currency)
    }
}

impl Money {
    /// Stripe's upper bound for one charge, in minor units (eight digits).
    pub const MAX_MINOR: i64 = 99_999_999;

    /// A chargeable amount: at least one minor unit and at most eight digits.
    pub fn new(amount: i64, currency: Currency) -> Result<Self, MoneyError> {
        if amount <= 0 || amount > Self::MAX_MINOR {
            return Err(MoneyError::BadAmount);
        }
        Ok(Self { amount, currency })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_are_normalised_to_lowercase() {
        assert_eq!(Currency::parse("EUR").unwrap().as_str(), "eur");
    }

    #[test]
    fn currency_codes_that_are_not_three_letters_are_refused() {
        for bad in ["", "eu", "euro", "e1r", "€ur"] {
            assert_eq!(Currency::parse(bad), Err(MoneyError::BadCurrency), "{bad:?}");
        }
    }

    #[test]
    fn zero_decimal_currencies_have_exponent_zero() {
        assert_eq!(Currency::parse("jpy").unwrap().exponent(), 0);
        assert_eq!(Currency::parse("eur").unwrap().exponent(), 2);
    }

    /// Regression: three-decimal currencies were written with two decimals,
    /// so KWD 5.120 showed as 51.20.
    #[test]
    fn three_decimal_currencies_have_exponent_three_and_charge_in_tens() {
        let kwd = Currency::parse("kwd").unwrap();
        assert_eq!((kwd.exponent(), kwd.charge_step()), (3, 10));
        let isk = Currency::parse("isk").unwrap();
        assert_eq!((isk.exponent(), isk.charge_step()), (2, 100));
        let eur = Currency::parse("eur").unwrap();
        assert_eq!(eur.charge_step(), 1);
    }

    #[test]
    fn amounts_must_be_positive_and_at_most_eight_digits() {
        let eur = Currency::parse("eur").unwrap();
        assert!(Money::new(0, eur).is_err());
        assert!(Money::new(-5, eur).is_err());
        assert!(Money::new(100_000_000, eur).is_err());
        assert_eq!(Money::new(12_500, eur).unwrap().amount, 12_500);
    }

    #[test]
    fn currency_round_trips_through_json_as_a_string() {
        let m = Money::new(100, Currency::parse("usd").unwrap()).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":100,"currency":"usd"}"#);
        assert!(serde_json::from_str::<Money>(r#"{"amount":1,"currency":"dollars"}"#).is_err());
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        for bad in [r#"{"amount":0,"currency":"usd"}"#, r#"{"amount":100000000,"currency":"usd"}"#] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
    }
}
