//! The languages the component speaks, and how a `locale` tag picks one.

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
}
