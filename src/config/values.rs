//! The typed choices of a configuration: how the customer is
//! authenticated, which element, which flow, which theme.

use booking_contract::{Money, PaymentTerms};
use std::fmt;

/// How the component proves who the customer is to the create-intent endpoint.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// `credentials: 'include'`: the host site's session cookie (default).
    Cookie,
    /// `Authorization: Bearer <token>` supplied by the host page.
    Bearer(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Cookie => "Cookie",
            Self::Bearer(_) => "Bearer([REDACTED])",
        })
    }
}

/// Which Stripe Element collects the payment details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    /// The Payment Element (default): cards, wallets and local methods.
    Payment,
    /// The classic single-line Card Element.
    Card,
}

impl ElementKind {
    /// Every kind, in the order the `element` option lists them.
    pub const ALL: [ElementKind; 2] = [ElementKind::Payment, ElementKind::Card];

    /// `payment` or `card`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The name `elements.create()` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Card => "card",
        }
    }
}

/// When the PaymentIntent is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Create the intent while the form loads (default); the server's
    /// answer says the terms.
    IntentFirst,
    /// Render from the terms the host page was given by its server (the
    /// whole price now, unless a `policy` says otherwise); create the
    /// intent at Pay, and confirm only if the server's terms are these.
    Deferred(PaymentTerms),
}

impl Flow {
    /// The `flow` option's values: intent-first, deferred.
    pub const NAMES: [&'static str; 2] = ["intent-first", "deferred"];

    /// The price known before any intent exists: the deferred flow's.
    pub fn amount(self) -> Option<Money> {
        self.terms().map(|t| t.total())
    }

    /// The terms known before any intent exists: the deferred flow's.
    pub fn terms(self) -> Option<PaymentTerms> {
        match self {
            Self::Deferred(terms) => Some(terms),
            Self::IntentFirst => None,
        }
    }
}

/// Stripe Elements theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Stripe's default look.
    Stripe,
    /// Dark.
    Night,
    /// Flat.
    Flat,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Theme; 3] = [Theme::Stripe, Theme::Night, Theme::Flat];

    /// `stripe`, `night` or `flat`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "stripe" => Some(Self::Stripe),
            "night" => Some(Self::Night),
            "flat" => Some(Self::Flat),
            _ => None,
        }
    }

    /// The `appearance.theme` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stripe => "stripe",
            Self::Night => "night",
            Self::Flat => "flat",
        }
    }
}
