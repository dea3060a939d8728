//! The customer-facing text, in English and French, and amount formatting.
//!
//! Every sentence a customer can see is here, so a review of what the
//! component may say is a review of one file.

use booking_contract::Money;

/// Language of the text and of amount formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// English (default).
    En,
    /// French.
    Fr,
}

impl Locale {
    /// `fr`, `fr-FR`, `fr_CA` → French; anything else → English.
    pub fn parse(tag: &str) -> Self {
        let lang = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if lang == "fr" {
            Self::Fr
        } else {
            Self::En
        }
    }

    /// The tag Stripe.js takes as `locale`.
    pub fn stripe_tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
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
    /// The component is misconfigured (integrator error).
    Misconfigured,
    /// Stripe.js or the element did not load.
    StripeUnavailable,
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
}

impl Text {
    /// The sentence in `locale`.
    pub fn get(self, locale: Locale) -> &'static str {
        use Text::*;
        match (locale, self) {
            (Locale::En, Loading) => "Loading the secure payment form…",
            (Locale::Fr, Loading) => "Chargement du formulaire de paiement sécurisé…",
            (Locale::En, Processing) => "Processing…",
            (Locale::Fr, Processing) => "Traitement…",
            (Locale::En, TryAgain) => "Try again",
            (Locale::Fr, TryAgain) => "Réessayer",
            (Locale::En, CheckAgain) => "Check again",
            (Locale::Fr, CheckAgain) => "Vérifier à nouveau",
            (Locale::En, Unconfirmed) => {
                "We could not confirm whether your payment went through. Please don't pay again: check its status \
                 first."
            }
            (Locale::Fr, Unconfirmed) => {
                "Nous n'avons pas pu confirmer si votre paiement a abouti. Ne payez pas une seconde fois : vérifiez \
                 d'abord son statut."
            }
            (Locale::En, Total) => "Total",
            (Locale::Fr, Total) => "Total",
            (Locale::En, Paid) => "Payment received. Your booking is confirmed.",
            (Locale::Fr, Paid) => "Paiement reçu. Votre réservation est confirmée.",
            (Locale::En, Authorised) => "Payment authorised. Your booking is confirmed.",
            (Locale::Fr, Authorised) => "Paiement autorisé. Votre réservation est confirmée.",
            (Locale::En, PaymentProcessing) => "Your payment is processing. We will confirm your booking shortly.",
            (Locale::Fr, PaymentProcessing) => {
                "Votre paiement est en cours de traitement. Nous confirmerons votre réservation sous peu."
            }
            (Locale::En, Misconfigured) => "This checkout is not set up correctly. Please contact the site.",
            (Locale::Fr, Misconfigured) => "Ce paiement n'est pas configuré correctement. Veuillez contacter le site.",
            (Locale::En, StripeUnavailable) => {
                "The payment form could not be loaded. Check your connection or allow js.stripe.com, then try again."
            }
            (Locale::Fr, StripeUnavailable) => {
                "Le formulaire de paiement n'a pas pu être chargé. Vérifiez votre connexion ou autorisez \
                 js.stripe.com, puis réessayez."
            }
            (Locale::En, Generic) => "Something went wrong. Please try again.",
            (Locale::Fr, Generic) => "Une erreur s'est produite. Veuillez réessayer.",
            (Locale::En, SignInToPay) => "Please sign in to pay for this booking.",
            (Locale::Fr, SignInToPay) => "Veuillez vous connecter pour payer cette réservation.",
            (Locale::En, NotPayableHere) => "This booking can't be paid here.",
            (Locale::Fr, NotPayableHere) => "Cette réservation ne peut pas être payée ici.",
            (Locale::En, AlreadyPaid) => "This booking is already paid.",
            (Locale::Fr, AlreadyPaid) => "Cette réservation est déjà payée.",
            (Locale::En, InvalidRequest) => "This payment request is not valid. Please reload the page.",
            (Locale::Fr, InvalidRequest) => "Cette demande de paiement n'est pas valide. Veuillez recharger la page.",
            (Locale::En, TooManyAttempts) => "Too many attempts. Please wait a moment, then try again.",
            (Locale::Fr, TooManyAttempts) => "Trop de tentatives. Patientez un instant, puis réessayez.",
            (Locale::En, ServiceUnavailable) => "The payment service is not responding. Please try again.",
            (Locale::Fr, ServiceUnavailable) => "Le service de paiement ne répond pas. Veuillez réessayer.",
            (Locale::En, PaymentUnsuccessful) => {
                "Your payment was not successful. Please try again or use another payment method."
            }
            (Locale::Fr, PaymentUnsuccessful) => {
                "Votre paiement n'a pas abouti. Veuillez réessayer ou utiliser un autre moyen de paiement."
            }
            (Locale::En, NotCompleted) => "The payment was not completed. Please try again.",
            (Locale::Fr, NotCompleted) => "Le paiement n'a pas été finalisé. Veuillez réessayer.",
            (Locale::En, AuthenticationRequired) => "Your bank needs you to confirm this payment. Please try again.",
            (Locale::Fr, AuthenticationRequired) => "Votre banque doit confirmer ce paiement. Veuillez réessayer.",
        }
    }
}

/// "Pay €125.00" / "Payer 125,00 €".
pub fn pay_label(locale: Locale, money: &Money) -> String {
    let amount = format_money(locale, money);
    match locale {
        Locale::En => format!("Pay {amount}"),
        Locale::Fr => format!("Payer {amount}"),
    }
}

fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "eur" => "€",
        "usd" => "$",
        "gbp" => "£",
        "jpy" => "¥",
        _ => return None,
    })
}

/// Formats an amount like `Intl.NumberFormat` does for `en`/`fr` currency
/// style: `€1,234.50` / `1 234,50 €` (narrow no-break space groups, no-break
/// space before the symbol). Integer arithmetic only.
pub fn format_money(locale: Locale, money: &Money) -> String {
    let exp = money.currency.exponent();
    let scale = 10i64.pow(exp);
    let (whole, frac) = (money.amount / scale, money.amount % scale);
    let (group_sep, decimal_sep) = match locale {
        Locale::En => (",", "."),
        Locale::Fr => ("\u{202f}", ","),
    };
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push_str(group_sep);
        }
        grouped.push(ch);
    }
    let number = if exp == 0 { grouped } else { format!("{grouped}{decimal_sep}{frac:0width$}", width = exp as usize) };
    let code = money.currency.as_str();
    match (locale, symbol(code)) {
        (Locale::En, Some(sym)) => format!("{sym}{number}"),
        (Locale::En, None) => format!("{}\u{a0}{number}", code.to_ascii_uppercase()),
        (Locale::Fr, sym) => {
            format!("{number}\u{a0}{}", sym.map_or_else(|| code.to_ascii_uppercase(), str::to_owned))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::Currency;

    fn m(amount: i64, cur: &str) -> Money {
        Money::new(amount, Currency::parse(cur).unwrap()).unwrap()
    }

    #[test]
    fn english_amounts_put_the_symbol_first_and_group_with_commas() {
        assert_eq!(format_money(Locale::En, &m(12_500, "eur")), "€125.00");
        assert_eq!(format_money(Locale::En, &m(99_999_999, "usd")), "$999,999.99");
        assert_eq!(format_money(Locale::En, &m(5, "gbp")), "£0.05");
    }

    #[test]
    fn french_amounts_use_a_decimal_comma_and_a_trailing_symbol() {
        assert_eq!(format_money(Locale::Fr, &m(12_500, "eur")), "125,00\u{a0}€");
        assert_eq!(format_money(Locale::Fr, &m(1_234_567, "eur")), "12\u{202f}345,67\u{a0}€");
    }

    #[test]
    fn zero_decimal_currencies_have_no_fraction() {
        assert_eq!(format_money(Locale::En, &m(1500, "jpy")), "¥1,500");
    }

    #[test]
    fn currencies_without_a_symbol_show_their_code() {
        assert_eq!(format_money(Locale::En, &m(990, "chf")), "CHF\u{a0}9.90");
        assert_eq!(format_money(Locale::Fr, &m(990, "chf")), "9,90\u{a0}CHF");
    }

    #[test]
    fn locale_tags_pick_the_language() {
        assert_eq!(Locale::parse("fr-CA"), Locale::Fr);
        assert_eq!(Locale::parse("FR"), Locale::Fr);
        assert_eq!(Locale::parse("de"), Locale::En);
        assert_eq!(Locale::parse(""), Locale::En);
    }

    #[test]
    fn pay_label_includes_the_formatted_amount() {
        assert_eq!(pay_label(Locale::En, &m(12_500, "eur")), "Pay €125.00");
        assert_eq!(pay_label(Locale::Fr, &m(12_500, "eur")), "Payer 125,00\u{a0}€");
    }
}
