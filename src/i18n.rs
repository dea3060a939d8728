//! The customer-facing text in six languages, and amount formatting.
//!
//! Every sentence a customer can see is here, so a review of what the
//! component may say is a review of this module: [`Text`] names each
//! sentence, and one static table per language (`en`, `fr`, `de`, `es`,
//! `it`, `nl`) holds it. The tables are plain `&'static str` structs, so a
//! sentence missing from a language does not compile, and they cost only
//! their bytes in the wasm (no message-format crate).
//!
//! The language comes from the `locale` attribute: its primary subtag picks
//! the table (`fr-CA` → French, `de_AT` → German, `NL` → Dutch); any other
//! tag, or none, falls back to English.

mod de;
mod en;
mod es;
mod fr;
mod it;
mod locale;
mod money;
mod nl;
mod terms;
mod terms_texts;
mod text;
mod texts;

pub use locale::Locale;
pub use money::format_money;
pub use terms::{cancellation_text, card_saved, deposit_paid, describe, format_date, terms_changed, TermsText};
pub use text::Text;
use texts::Texts;

/// The sentences of `locale`.
fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::En => &en::TEXTS,
        Locale::Fr => &fr::TEXTS,
        Locale::De => &de::TEXTS,
        Locale::Es => &es::TEXTS,
        Locale::It => &it::TEXTS,
        Locale::Nl => &nl::TEXTS,
    }
}

impl Text {
    /// The sentence in `locale`.
    pub fn get(self, locale: Locale) -> &'static str {
        texts(locale).get(self)
    }
}

/// The Pay button with the amount, as the language puts it: "Pay €125.00",
/// "Payer 125,00 €", "125,00 € bezahlen".
pub fn pay_label(locale: Locale, money: &booking_contract::Money) -> String {
    // The template holds the mark once (tested below); it is cut out at its
    // braces rather than found as a string, which would link core's
    // substring search into the wasm for this one call.
    let template = texts(locale).pay_amount;
    let (before, rest) = template.split_once('{').unwrap_or((template, ""));
    let after = rest.split_once('}').map_or("", |(_, after)| after);
    before.to_owned() + &format_money(locale, money) + after
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Money};

    #[test]
    fn locale_tags_pick_the_language_by_their_primary_subtag() {
        for (tag, locale) in [
            ("fr-CA", Locale::Fr),
            ("FR", Locale::Fr),
            ("de_AT", Locale::De),
            ("de-CH", Locale::De),
            ("es-419", Locale::Es),
            ("it", Locale::It),
            ("nl-BE", Locale::Nl),
            (" nl ", Locale::Nl),
            ("en-GB", Locale::En),
        ] {
            assert_eq!(Locale::parse(tag), locale, "{tag}");
        }
    }

    #[test]
    fn an_unknown_or_empty_locale_falls_back_to_english() {
        for tag in ["", "pt-BR", "ja", "frr", "d", "-fr", "xx-fr"] {
            assert_eq!(Locale::parse(tag), Locale::En, "{tag:?}");
        }
    }

    #[test]
    fn every_locale_round_trips_through_its_stripe_tag() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.stripe_tag()), locale);
        }
    }

    #[test]
    fn every_message_exists_in_every_language_without_markup() {
        for locale in Locale::ALL {
            let texts = texts(locale);
            for (i, s) in texts.all().iter().enumerate() {
                assert!(!s.trim().is_empty(), "{locale:?} #{i} is empty");
                assert_eq!(s.trim(), *s, "{locale:?} #{i} has stray spaces: {s:?}");
                assert!(!s.contains(['<', '>', '&']), "{locale:?} #{i} looks like markup: {s}");
                assert!(!s.contains("  "), "{locale:?} #{i} has a double space: {s}");
            }
            let amount_marks = texts.pay_amount.matches(texts::AMOUNT).count();
            assert_eq!(amount_marks, 1, "{locale:?} Pay label must show the amount exactly once");
            let others = texts.all().iter().filter(|s| s.contains('{')).count();
            assert_eq!(others, 1, "{locale:?}: only the Pay label has a placeholder");
        }
    }

    #[test]
    fn translations_are_translated_not_copied_from_english() {
        // "Total" is the same word in several of these languages; a whole
        // sentence is not.
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            for text in [Text::Loading, Text::ScriptBlocked, Text::Offline, Text::Unconfirmed, Text::Paid] {
                assert_ne!(text.get(locale), text.get(Locale::En), "{locale:?} {text:?}");
            }
        }
    }

    #[test]
    fn pay_label_puts_the_formatted_amount_where_each_language_does() {
        let eur = Money::new(12_500, Currency::parse("eur").unwrap()).unwrap();
        let expected = [
            (Locale::En, "Pay €125.00"),
            (Locale::Fr, "Payer 125,00\u{a0}€"),
            (Locale::De, "125,00\u{a0}€ bezahlen"),
            (Locale::Es, "Pagar 125,00\u{a0}€"),
            (Locale::It, "Paga 125,00\u{a0}€"),
            (Locale::Nl, "Betaal €\u{a0}125,00"),
        ];
        for (locale, label) in expected {
            assert_eq!(pay_label(locale, &eur), label, "{locale:?}");
        }
    }
}
