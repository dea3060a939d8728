//! What a consent must be before it is kept: a pure module, no I/O.
//!
//! A guest consents to the terms the server decides for their booking now
//! ([`check`]), in one of the site's languages, with the text they were
//! shown. The record keeps the server's terms, never the browser's copy.

use booking_contract::{ConsentRequest, Date, Money, PaymentTerms, PolicyRule};

/// The languages consent texts are shown in.
pub const LOCALES: [&str; 6] = ["en", "fr", "de", "es", "it", "nl"];

/// The longest consent text kept, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// The most consents kept for one booking: they are append-only, so
/// without a bound one booking could grow its rows without end.
pub const MAX_PER_BOOKING: i64 = 20;

/// Why a consent was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The terms are the whole price now: nothing to consent to.
    NothingToConsent,
    /// The locale is not one of [`LOCALES`].
    UnknownLocale,
    /// The text is blank, longer than [`MAX_TEXT_CHARS`], or holds a NUL.
    BadText,
    /// The terms posted are not the booking's terms now.
    TermsChanged,
}

impl Refusal {
    /// Stable code for logs.
    pub fn log_code(self) -> &'static str {
        match self {
            Self::NothingToConsent => "consent_nothing_to_consent",
            Self::UnknownLocale => "consent_unknown_locale",
            Self::BadText => "consent_bad_text",
            Self::TermsChanged => "consent_terms_changed",
        }
    }
}

/// Checks `req` against `current`, the booking's terms as the server
/// decides them now. The request's shape is checked before its terms are
/// compared, so a changed-terms answer means a well-formed consent.
pub fn check(req: &ConsentRequest, current: &PaymentTerms) -> Result<(), Refusal> {
    if !current.needs_consent() {
        return Err(Refusal::NothingToConsent);
    }
    if !LOCALES.contains(&req.locale.as_str()) {
        return Err(Refusal::UnknownLocale);
    }
    let text = &req.text;
    if text.trim().is_empty() || text.chars().count() > MAX_TEXT_CHARS || text.contains('\0') {
        return Err(Refusal::BadText);
    }
    if req.terms != *current {
        return Err(Refusal::TermsChanged);
    }
    Ok(())
}

/// Whether `consented` terms, accepted on `accepted_on` under `rule`, are
/// still the booking's: what that rule gave, that day, for the booking's
/// `price` and `arrival` as they are now. A new price (another stay, say),
/// another currency or another arrival makes them outdated, so a charge
/// to the saved card never goes by terms the guest did not see.
pub fn still_current(
    consented: &PaymentTerms,
    rule: PolicyRule,
    accepted_on: Date,
    price: Money,
    arrival: Date,
) -> bool {
    rule.terms(price, accepted_on, arrival).is_ok_and(|terms| terms == *consented)
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Money};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn guarantee(up_to: i64) -> PaymentTerms {
        PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(up_to) }
    }

    fn req(terms: PaymentTerms, locale: &str, text: &str) -> ConsentRequest {
        ConsentRequest { terms, locale: locale.into(), text: text.into(), cancellation_version: None }
    }

    #[test]
    fn a_consent_to_the_current_terms_in_a_site_language_is_kept() {
        for locale in LOCALES {
            assert_eq!(check(&req(guarantee(3_900), locale, "I agree."), &guarantee(3_900)), Ok(()));
        }
        let longest = "é".repeat(MAX_TEXT_CHARS);
        assert_eq!(check(&req(guarantee(3_900), "fr", &longest), &guarantee(3_900)), Ok(()), "counted in characters");
    }

    #[test]
    fn terms_other_than_the_servers_are_refused_as_changed() {
        assert_eq!(check(&req(guarantee(1), "en", "I agree."), &guarantee(3_900)), Err(Refusal::TermsChanged));
    }

    #[test]
    fn a_consent_is_current_only_for_the_price_currency_and_arrival_it_was_given_for() {
        let rule =
            PolicyRule::Deposit { share: booking_contract::Share::BasisPoints(2_500), balance_days_before_arrival: 7 };
        let (day, arrival) = (Date::from_ymd(2027, 3, 1).unwrap(), Date::from_ymd(2027, 3, 20).unwrap());
        let given = rule.terms(eur(9_600), day, arrival).unwrap();
        assert!(still_current(&given, rule, day, eur(9_600), arrival));
        assert!(!still_current(&given, rule, day, eur(14_400), arrival), "repriced");
        assert!(!still_current(&given, rule, day, eur(9_600), arrival.plus_days(1)), "moved");
        let usd = Money::new(9_600, booking_contract::Currency::parse("usd").unwrap()).unwrap();
        assert!(!still_current(&given, rule, day, usd, arrival), "another currency");
    }

    #[test]
    fn paying_in_full_has_nothing_to_consent_to() {
        let now = PaymentTerms::PayNow { total: eur(12_500) };
        assert_eq!(check(&req(now, "en", "I agree."), &now), Err(Refusal::NothingToConsent));
    }

    #[test]
    fn unknown_locales_and_blank_long_or_nul_texts_are_refused() {
        let current = guarantee(3_900);
        for locale in ["", "EN", "pt", "en-GB"] {
            assert_eq!(check(&req(current, locale, "ok"), &current), Err(Refusal::UnknownLocale), "{locale:?}");
        }
        for text in [String::new(), "  \n".into(), "x".repeat(MAX_TEXT_CHARS + 1), "a\0b".into()] {
            assert_eq!(check(&req(current, "en", &text), &current), Err(Refusal::BadText), "{}", text.len());
        }
    }
}
