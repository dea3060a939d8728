//! PaymentIntent statuses (the contract's one enum) and what each means
//! for the customer.

use crate::i18n::{card_saved, deposit_paid, Locale, Text};
use booking_contract::{Money, PaymentTerms};

pub use booking_contract::IntentStatus;

/// The success text for statuses the customer can treat as done
/// ([`IntentStatus::is_success`]), `None` for every other status.
/// Fulfilment still waits for the webhook.
pub fn success_text(status: IntentStatus) -> Option<Text> {
    match status {
        IntentStatus::Succeeded => Some(Text::Paid),
        IntentStatus::Processing => Some(Text::PaymentProcessing),
        IntentStatus::RequiresCapture => Some(Text::Authorised),
        _ => None,
    }
}

/// What a finished checkout says when its intent ended in `status`
/// (`setup`: a SetupIntent, whose success saved a card and charged
/// nothing), for `terms` when they are known: a deposit paid or a card
/// saved says so; otherwise what the status says ([`success_text`]).
/// `None` when the status is no success.
pub fn settled(
    locale: Locale,
    terms: Option<&PaymentTerms>,
    status: IntentStatus,
    setup: bool,
) -> Option<&'static str> {
    match (terms, status) {
        (_, IntentStatus::Succeeded) if setup => Some(card_saved(locale)),
        (Some(PaymentTerms::Deposit { .. }), IntentStatus::Succeeded) => Some(deposit_paid(locale)),
        _ => success_text(status).map(|text| text.get(locale)),
    }
}

/// A PaymentIntent as the checkout learned of it: from a confirmation, a
/// retrieval, or the error Stripe.js resolved when the intent could not be
/// confirmed in its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// PaymentIntent id (`pi_…`; not secret). Empty when none exists yet.
    pub id: String,
    /// Its status.
    pub status: IntentStatus,
    /// Its amount, when Stripe.js reported one that reads as money.
    pub amount: Option<Money>,
}

impl Intent {
    /// An intent known only by its status (no id, no amount).
    pub fn with_status(status: IntentStatus) -> Self {
        Self { id: String::new(), status, amount: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, Date};

    #[test]
    fn a_deposit_paid_and_a_card_saved_say_so_and_a_hold_says_authorised() {
        let eur = |a| Money::new(a, Currency::parse("eur").unwrap()).unwrap();
        let day = Date::parse("2027-03-12").unwrap();
        let deposit =
            PaymentTerms::Deposit { total: eur(12_500), now: eur(2_500), balance: eur(10_000), balance_due: day };
        let guarantee = PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) };
        let hold = PaymentTerms::Hold { total: eur(12_500), capture_on: day };
        for locale in Locale::ALL {
            assert_eq!(settled(locale, Some(&deposit), IntentStatus::Succeeded, false), Some(deposit_paid(locale)));
            assert_eq!(settled(locale, Some(&guarantee), IntentStatus::Succeeded, true), Some(card_saved(locale)));
            let authorised = Text::Authorised.get(locale);
            assert_eq!(settled(locale, Some(&hold), IntentStatus::RequiresCapture, false), Some(authorised));
            let processing = Text::PaymentProcessing.get(locale);
            assert_eq!(settled(locale, Some(&deposit), IntentStatus::Processing, false), Some(processing));
            assert_eq!(settled(locale, None, IntentStatus::RequiresPaymentMethod, false), None);
            // A redirect return whose booking is settled already: the
            // terms are not known, but a saved card is never a payment.
            assert_eq!(settled(locale, None, IntentStatus::Succeeded, true), Some(card_saved(locale)));
            assert_eq!(settled(locale, None, IntentStatus::Succeeded, false), Some(Text::Paid.get(locale)));
        }
    }

    #[test]
    fn every_success_has_its_text_and_nothing_else_has_one() {
        assert_eq!(success_text(IntentStatus::Succeeded), Some(Text::Paid));
        assert_eq!(success_text(IntentStatus::Processing), Some(Text::PaymentProcessing));
        assert_eq!(success_text(IntentStatus::RequiresCapture), Some(Text::Authorised));
        for s in IntentStatus::KNOWN.into_iter().chain([IntentStatus::Unknown]) {
            assert_eq!(success_text(s).is_some(), s.is_success(), "{s:?}");
        }
    }
}
