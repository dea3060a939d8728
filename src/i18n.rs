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
mod money;
mod nl;
mod texts;

pub use money::format_money;
use texts::Texts;

/// Language of the text and of amount formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// English (the fallback).
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Dutch.
    Nl,
}

impl Locale {
    /// Every language the component speaks.
    pub const ALL: [Locale; 6] = [Locale::En, Locale::Fr, Locale::De, Locale::Es, Locale::It, Locale::Nl];

    /// Picks the language by the tag's primary subtag, case-insensitively:
    /// `fr`, `fr-FR`, `fr_CA` → French; a language we do not have → English.
    pub fn parse(tag: &str) -> Self {
        let lang = tag.trim().split(['-', '_']).next().unwrap_or("");
        Self::ALL.into_iter().find(|l| lang.eq_ignore_ascii_case(l.stripe_tag())).unwrap_or(Self::En)
    }

    /// The tag Stripe.js takes as `locale` (Stripe supports all six).
    pub fn stripe_tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Es => "es",
            Self::It => "it",
            Self::Nl => "nl",
        }
    }

    fn texts(self) -> &'static Texts {
        match self {
            Self::En => &en::TEXTS,
            Self::Fr => &fr::TEXTS,
            Self::De => &de::TEXTS,
            Self::Es => &es::TEXTS,
            Self::It => &it::TEXTS,
            Self::Nl => &nl::TEXTS,
        }
    }
}

/// A fixed sentence of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Shown while the form loads.
    Loading,
    /// Pay button while a payment is being confirmed.
    Processing,
    /// Retry button.
    TryAgain,
    /// Retry button when the payment's outcome is unknown: it reads the
    /// PaymentIntent again, it does not pay.
    CheckAgain,
    /// Summary label.
    Total,
    /// `succeeded`.
    Paid,
    /// `requires_capture`.
    Authorised,
    /// `processing`.
    PaymentProcessing,
    /// The component is misconfigured, or Stripe refused its key
    /// (integrator error).
    Misconfigured,
    /// Stripe.js cannot be used (`Stripe()` threw, or it did not load on a
    /// redirect return).
    StripeUnavailable,
    /// The Stripe.js request failed at once: an extension, a content
    /// blocker or a network policy stopped it.
    ScriptBlocked,
    /// The browser is offline.
    Offline,
    /// Stripe.js did not arrive in time: a slow or unstable connection.
    SlowNetwork,
    /// js.stripe.com answered with something that is not Stripe.js.
    ScriptAltered,
    /// The element could not reach Stripe (`loaderror`, `api_connection_error`).
    ElementConnection,
    /// The element failed on Stripe's side (`loaderror`, `api_error` and the like).
    ElementService,
    /// Stripe refused to set the element up for this payment
    /// (`loaderror`, `invalid_request_error`).
    ElementRefused,
    /// Any error whose own text must not be shown.
    Generic,
    /// 401: the host page offers its own sign-in, then calls `refresh()`.
    SignInToPay,
    /// 403 / 404.
    NotPayableHere,
    /// 409.
    AlreadyPaid,
    /// 422 / 400.
    InvalidRequest,
    /// 429.
    TooManyAttempts,
    /// 5xx, timeout, network.
    ServiceUnavailable,
    /// `requires_payment_method` after a confirm.
    PaymentUnsuccessful,
    /// `requires_confirmation` / `canceled`.
    NotCompleted,
    /// `requires_action` that was not completed.
    AuthenticationRequired,
    /// A confirmation's outcome is unknown (its answer was lost and the
    /// PaymentIntent could not be read).
    Unconfirmed,
    /// The booking's price changed after the form was shown; the new amount
    /// is on screen and nothing was charged.
    PriceChanged,
}

impl Text {
    /// The sentence in `locale`.
    pub fn get(self, locale: Locale) -> &'static str {
        locale.texts().get(self)
    }
}

/// The Pay button with the amount, as the language puts it: "Pay €125.00",
/// "Payer 125,00 €", "125,00 € bezahlen".
pub fn pay_label(locale: Locale, money: &booking_contract::Money) -> String {
    locale.texts().pay_amount.replacen(texts::AMOUNT, &format_money(locale, money), 1)
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
            let texts = locale.texts();
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
