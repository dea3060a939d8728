//! Amounts written as each language writes them: the currency formats of
//! the Unicode CLDR, which `Intl.NumberFormat(locale, {style: 'currency'})`
//! applies in the browser. Integer arithmetic only, so it runs and is
//! tested on the host; a browser test checks it against `Intl` itself.
//!
//! | language | pattern       | groups | decimal | grouped from |
//! |----------|---------------|--------|---------|--------------|
//! | en       | `¤1,234.50`   | `,`    | `.`     | 4 digits     |
//! | fr       | `1 234,50 ¤`  | U+202F | `,`     | 4 digits     |
//! | de       | `1.234,50 ¤`  | `.`    | `,`     | 4 digits     |
//! | es, it   | `12.345,50 ¤` | `.`    | `,`     | 5 digits     |
//! | nl       | `¤ 1.234,50`  | `.`    | `,`     | 4 digits     |
//!
//! The space beside a trailing or Dutch leading symbol is a no-break space
//! (U+00A0); English puts one only after a symbol that ends in a letter
//! (`CHF 9.90`, but `CA$9.90`), CLDR's currency-spacing rule. Fraction
//! digits follow Stripe's minor units ([`Currency::exponent`]).

use super::locale::Locale;
use crate::digits::{decimal, padded};
use booking_contract::{Currency, Money};

/// How one language writes a number of money.
struct Style {
    group: &'static str,
    decimal: &'static str,
    /// The fewest integer digits that get a group separator.
    grouped_from: usize,
    /// The symbol goes before the number.
    symbol_first: bool,
}

fn style(locale: Locale) -> Style {
    let (group, decimal, grouped_from, symbol_first) = match locale {
        Locale::En => (",", ".", 4, true),
        Locale::Fr => ("\u{202f}", ",", 4, false),
        Locale::De => (".", ",", 4, false),
        Locale::Es | Locale::It => (".", ",", 5, false),
        Locale::Nl => (".", ",", 4, true),
    };
    Style { group, decimal, grouped_from, symbol_first }
}

/// The currency's symbol in `locale` (CLDR), for the currencies a booking
/// site most often charges in; any other shows its ISO code, as CLDR does
/// for most currencies.
fn symbol(locale: Locale, currency: &Currency) -> Option<&'static str> {
    use Locale::*;
    let s = match (currency.as_str(), locale) {
        ("eur", _) => "€",
        ("gbp", Es) => return None,
        ("gbp", Fr) => "£GB",
        ("gbp", _) => "£",
        ("usd", En | De) => "$",
        ("usd", Fr) => "$US",
        ("usd", Es | Nl) => "US$",
        ("jpy", En | De) => "¥",
        ("jpy", Nl) => "JP¥",
        ("cad", En | De | It) => "CA$",
        ("cad", Fr) => "$CA",
        ("cad", Nl) => "C$",
        ("aud", En | It) => "A$",
        ("aud", Fr) => "$AU",
        ("aud", De | Nl) => "AU$",
        _ => return None,
    };
    Some(s)
}

/// `digits` with `group` between thousands, if there are at least `from` of them.
fn grouped(digits: &str, group: &str, from: usize) -> String {
    if digits.len() < from {
        return digits.to_owned();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(ch);
    }
    out
}

/// The amount as `locale` writes it: `€1,234.50`, `1 234,50 €`,
/// `1.234,50 €`, `1234,50 €`, `€ 1.234,50`.
pub fn format_money(locale: Locale, money: &Money) -> String {
    let st = style(locale);
    let exp = money.currency.exponent();
    let scale = 10i64.pow(exp);
    let (whole, frac) = (money.amount / scale, money.amount % scale);
    // Money amounts are positive.
    let mut number = grouped(&decimal(whole.unsigned_abs()), st.group, st.grouped_from);
    if exp > 0 {
        number.push_str(st.decimal);
        number.push_str(&padded(frac.unsigned_abs(), exp as usize));
    }
    let code;
    let sym = match symbol(locale, &money.currency) {
        Some(s) => s,
        None => {
            code = money.currency.as_str().to_ascii_uppercase();
            &code
        }
    };
    let (first, space, last) = match (locale, st.symbol_first) {
        (Locale::En, true) if sym.ends_with(|c: char| c.is_alphabetic()) => (sym, "\u{a0}", number.as_str()),
        (Locale::En, true) => (sym, "", number.as_str()),
        (_, true) => (sym, "\u{a0}", number.as_str()),
        (_, false) => (number.as_str(), "\u{a0}", sym),
    };
    first.to_owned() + space + last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(amount: i64, cur: &str) -> Money {
        Money::new(amount, Currency::parse(cur).unwrap()).unwrap()
    }

    /// What `Intl.NumberFormat(locale, {style: 'currency', currency})`
    /// writes for 12,345.67 of each currency (1,234,567 for JPY), copied
    /// from CLDR 48 as shipped in ICU 78 (Node 20 and Chromium agree).
    const EXPECTED: [(Locale, [&str; 5]); 6] = [
        (Locale::En, ["€12,345.67", "£12,345.67", "$12,345.67", "CHF\u{a0}12,345.67", "¥1,234,567"]),
        (
            Locale::Fr,
            [
                "12\u{202f}345,67\u{a0}€",
                "12\u{202f}345,67\u{a0}£GB",
                "12\u{202f}345,67\u{a0}$US",
                "12\u{202f}345,67\u{a0}CHF",
                "1\u{202f}234\u{202f}567\u{a0}JPY",
            ],
        ),
        (
            Locale::De,
            ["12.345,67\u{a0}€", "12.345,67\u{a0}£", "12.345,67\u{a0}$", "12.345,67\u{a0}CHF", "1.234.567\u{a0}¥"],
        ),
        (
            Locale::Es,
            [
                "12.345,67\u{a0}€",
                "12.345,67\u{a0}GBP",
                "12.345,67\u{a0}US$",
                "12.345,67\u{a0}CHF",
                "1.234.567\u{a0}JPY",
            ],
        ),
        (
            Locale::It,
            ["12.345,67\u{a0}€", "12.345,67\u{a0}£", "12.345,67\u{a0}USD", "12.345,67\u{a0}CHF", "1.234.567\u{a0}JPY"],
        ),
        (
            Locale::Nl,
            ["€\u{a0}12.345,67", "£\u{a0}12.345,67", "US$\u{a0}12.345,67", "CHF\u{a0}12.345,67", "JP¥\u{a0}1.234.567"],
        ),
    ];

    #[test]
    fn every_language_writes_eur_gbp_usd_chf_and_jpy_its_own_way() {
        for (locale, expected) in EXPECTED {
            let got = ["eur", "gbp", "usd", "chf"].map(|c| format_money(locale, &m(1_234_567, c)));
            assert_eq!(got, expected[..4], "{locale:?}");
            assert_eq!(format_money(locale, &m(1_234_567, "jpy")), expected[4], "{locale:?} JPY");
        }
    }

    #[test]
    fn small_amounts_keep_their_leading_zero_and_both_fraction_digits() {
        assert_eq!(format_money(Locale::En, &m(5, "gbp")), "£0.05");
        assert_eq!(format_money(Locale::De, &m(5, "eur")), "0,05\u{a0}€");
        assert_eq!(format_money(Locale::Nl, &m(1_200, "eur")), "€\u{a0}12,00");
    }

    #[test]
    fn spanish_and_italian_group_only_from_five_integer_digits() {
        assert_eq!(format_money(Locale::Es, &m(123_450, "eur")), "1234,50\u{a0}€");
        assert_eq!(format_money(Locale::It, &m(1_000, "jpy")), "1000\u{a0}JPY");
        assert_eq!(format_money(Locale::Es, &m(1_000_000, "eur")), "10.000,00\u{a0}€");
        assert_eq!(format_money(Locale::De, &m(123_450, "eur")), "1.234,50\u{a0}€");
        assert_eq!(format_money(Locale::Fr, &m(1_000, "jpy")), "1\u{202f}000\u{a0}JPY");
    }

    #[test]
    fn english_spaces_a_symbol_only_when_it_ends_in_a_letter() {
        assert_eq!(format_money(Locale::En, &m(990, "cad")), "CA$9.90");
        assert_eq!(format_money(Locale::En, &m(990, "sek")), "SEK\u{a0}9.90");
        assert_eq!(format_money(Locale::Nl, &m(990, "cad")), "C$\u{a0}9,90");
    }

    #[test]
    fn a_currency_without_a_symbol_shows_its_code_in_every_language() {
        for locale in Locale::ALL {
            assert!(format_money(locale, &m(990, "sek")).contains("SEK"), "{locale:?}");
        }
    }
}
