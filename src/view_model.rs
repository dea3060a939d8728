//! What the checkout shows, derived from where the payment stands.
//!
//! [`Picture`] holds the facts the controller sets (phase, amount, locale,
//! messages); [`ViewModel::of`] turns a picture into exactly what the DOM
//! must say (texts, which parts are hidden or disabled). Both are pure, so
//! every visible state is tested on the host, and the Leptos view only binds
//! fields of a `ViewModel` to the DOM.

use crate::errors::{CheckoutError, Recovery};
use crate::i18n::{cancellation_text, describe, format_money, pay_label, Locale, Text};
use crate::state::{Machine, Phase};
use crate::status::settled;
use booking_contract::{CancellationTerms, Money, PaymentTerms};

/// The facts behind what the checkout shows; the controller changes them,
/// the view follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Machine phase.
    pub phase: Phase,
    /// Whether Pay is enabled.
    pub can_pay: bool,
    /// The Stripe element of this load is on screen (it became ready).
    pub form: bool,
    /// The amount, once known (server answer or deferred config).
    pub amount: Option<Money>,
    /// How the amount is paid, once known: what Pay does now and what
    /// happens later.
    pub terms: Option<PaymentTerms>,
    /// Language of every text.
    pub locale: Locale,
    /// The Card Element's live validation error.
    pub card_error: Option<CheckoutError>,
    /// Why a redirect return did not complete, shown while the form reloads.
    pub notice: Option<CheckoutError>,
    /// Retry is held back until the server's `Retry-After` has passed.
    pub retry_held: bool,
    /// The Express Checkout Element is ready with at least one wallet button.
    pub wallets: bool,
    /// The Express Checkout Element is mounted and has not yet said whether
    /// any wallet can show: its row is kept meanwhile.
    pub wallets_pending: bool,
    /// The summary's description ("Sea-view room, 3 nights"); the host may
    /// change it with the price.
    pub description: Option<String>,
    /// What a cancellation keeps, as create-intent answered it.
    pub cancellation: Option<CancellationTerms>,
}

impl Picture {
    /// The first picture: loading, nothing payable yet.
    pub fn loading(amount: Option<Money>, locale: Locale) -> Self {
        Self {
            phase: Phase::Loading,
            can_pay: false,
            form: false,
            amount,
            terms: amount.map(|total| PaymentTerms::PayNow { total }),
            locale,
            card_error: None,
            notice: None,
            retry_held: false,
            wallets: false,
            wallets_pending: false,
            description: None,
            cancellation: None,
        }
    }

    /// The wallet buttons have said whether any can show (or are gone):
    /// their row is no longer kept for them.
    pub fn wallets_known(&mut self, available: bool) {
        self.wallets = available;
        self.wallets_pending = false;
    }

    /// Takes the machine's facts. A payment attempt clears old messages,
    /// so a stale decline never sits beside a new attempt.
    pub fn follow(&mut self, machine: &Machine) {
        if matches!(machine.phase(), Phase::Paying(_)) {
            self.card_error = None;
            self.notice = None;
        }
        self.phase = machine.phase().clone();
        self.can_pay = machine.can_pay();
        self.form = machine.form_shown();
        self.amount = machine.amount();
        self.terms = machine.terms().copied();
    }
}

/// A message in the live region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Success (`true`) or error styling and test id.
    pub ok: bool,
    /// Sanitized text: one of our own sentences, or Stripe's customer-safe text.
    pub text: String,
}

/// Everything the DOM shows for one [`Picture`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewModel {
    /// `data-state` of the root.
    pub state: &'static str,
    /// Loading or paying: `aria-busy` of the root.
    pub busy: bool,
    /// The skeleton is shown while loading.
    pub loading: bool,
    /// The "Total" line is hidden: the amount is not known (an empty total
    /// would read as a price of nothing).
    pub total_hidden: bool,
    /// The Stripe element and Pay are hidden: the payment is over, or the
    /// form failed to load (a disabled Pay would promise what cannot come).
    pub form_hidden: bool,
    /// The wallet buttons are hidden: none can show (or none was asked
    /// for), or the form itself is hidden.
    pub wallets_hidden: bool,
    /// The wallet buttons' row is kept though no button shows yet: they
    /// are loading, and the form beside them may already be ready.
    pub wallets_kept: bool,
    /// The wallet buttons stay in place but take no input (`inert`): a
    /// payment is in flight, and a click there could open no wallet.
    pub wallets_inert: bool,
    /// A confirmation is in flight: spinner shown, Pay `aria-busy`.
    pub paying: bool,
    /// Pay is enabled.
    pub can_pay: bool,
    /// The summary's description, if the host gave one.
    pub description: Option<String>,
    /// Formatted amount, empty until known.
    pub amount: String,
    /// Pay button text: what pressing it does ("Pay deposit €25.00",
    /// "Authorise €125.00", "Save card").
    pub pay_label: String,
    /// What happens later, under the total ("€100.00 charged on 12 March
    /// 2027"); none when everything is paid now.
    pub later: Option<String>,
    /// What the guest agrees to by pressing Pay, shown before it, while Pay
    /// is on screen; none when nothing happens later.
    pub consent: Option<String>,
    /// What a cancellation keeps, a sentence each, under Pay while it is
    /// on screen ("Free cancellation until 7 days before arrival.", …).
    pub cancellation: Vec<String>,
    /// Live-region message, if any.
    pub message: Option<Message>,
    /// Try again is shown (only for errors that a retry can fix).
    pub retry: bool,
    /// Try again is disabled (a `Retry-After` is running).
    pub retry_held: bool,
    /// "Total" in the picture's language.
    pub total_label: &'static str,
    /// The retry button's text.
    pub retry_label: &'static str,
}

impl ViewModel {
    /// What to show for `picture`.
    pub fn of(picture: &Picture) -> Self {
        let locale = picture.locale;
        let paying = matches!(picture.phase, Phase::Paying(_));
        let loading = picture.phase == Phase::Loading;
        let error = |e: &CheckoutError| Some(Message { ok: false, text: e.user_message(locale).into_owned() });
        let (state, message) = match &picture.phase {
            Phase::Loading => ("loading", None),
            Phase::Ready => ("ready", None),
            Phase::Paying(_) => ("paying", None),
            Phase::Succeeded(paid) => (
                "succeeded",
                Some(Message {
                    ok: true,
                    text: settled(locale, picture.terms.as_ref(), paid.status, paid.intent_id.starts_with("seti_"))
                        .unwrap_or_default()
                        .into(),
                }),
            ),
            Phase::Failed(e) => ("failed", error(e)),
        };
        let message = match &picture.phase {
            Phase::Succeeded(_) | Phase::Failed(_) => message,
            _ => picture.card_error.as_ref().or(picture.notice.as_ref()).and_then(error),
        };
        let words = picture.terms.as_ref().map(|terms| describe(locale, terms, |m| pay_label(locale, m)));
        let pay_label = match &words {
            _ if paying => Text::Processing.get(locale).into(),
            Some(words) => words.label.clone(),
            None => Text::Loading.get(locale).into(),
        };
        let done = matches!(picture.phase, Phase::Succeeded(_));
        let recovery = match &picture.phase {
            Phase::Failed(e) => Some(e.recovery()),
            _ => None,
        };
        let load_failed = recovery.is_some() && !picture.form;
        // While a payment's outcome is unknown, Pay would invite a second charge.
        let unconfirmed = recovery == Some(Recovery::CheckAgain);
        // A disabled Pay beside "already paid", "please sign in" or "please
        // try again" would promise what this form can no longer do (Try
        // again builds a new one).
        let form_over = matches!(recovery, Some(Recovery::None | Recovery::SignIn | Recovery::Retry));
        let form_hidden = done || load_failed || unconfirmed || form_over;
        let (later, consent) = words.map_or((None, None), |w| (w.later, w.consent));
        let owed = matches!(picture.terms, Some(PaymentTerms::Owed { .. }));
        Self {
            state,
            busy: loading || paying,
            loading,
            total_hidden: picture.amount.is_none(),
            form_hidden,
            wallets_hidden: !picture.wallets || done || load_failed || unconfirmed || form_over,
            wallets_kept: picture.wallets_pending && !(done || load_failed || unconfirmed || form_over),
            wallets_inert: paying,
            paying,
            can_pay: picture.can_pay,
            description: picture.description.clone(),
            amount: picture.amount.map(|m| format_money(locale, &m)).unwrap_or_default(),
            pay_label,
            // Beside a final error ("cancelled", "already complete") a later
            // charge would promise what will not happen; after a success it
            // says what comes next, except an owed charge's, which is paid.
            later: later.filter(|_| (done && !owed) || !form_hidden),
            consent: consent.filter(|_| !form_hidden),
            cancellation: match (&picture.cancellation, picture.amount) {
                (Some(c), Some(price)) if !form_hidden => cancellation_text(locale, &c.policy, price.currency),
                _ => Vec::new(),
            },
            message,
            retry: matches!(recovery, Some(Recovery::Retry | Recovery::CheckAgain)),
            retry_held: picture.retry_held,
            total_label: Text::Total.get(locale),
            retry_label: if unconfirmed { Text::CheckAgain } else { Text::TryAgain }.get(locale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::{ServerError, StripeError};
    use crate::state::{Paid, Payment, PaymentTarget};
    use crate::status::IntentStatus;
    use booking_contract::Currency;

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn paid(status: IntentStatus) -> Paid {
        Paid { status, intent_id: "pi_1".into(), wallet: None }
    }

    fn with(phase: Phase) -> Picture {
        Picture { phase, form: true, ..Picture::loading(Some(eur(12_500)), Locale::En) }
    }

    #[test]
    fn loading_shows_the_skeleton_and_a_disabled_pay() {
        let v = ViewModel::of(&Picture::loading(None, Locale::En));
        assert_eq!((v.state, v.busy, v.loading, v.form_hidden, v.can_pay), ("loading", true, true, false, false));
        assert_eq!(v.pay_label, Text::Loading.get(Locale::En));
        assert_eq!((v.amount.as_str(), v.message, v.retry), ("", None, false));
        assert!(v.total_hidden, "no empty Total while the amount is unknown");
    }

    #[test]
    fn ready_shows_the_amount_on_pay() {
        let picture = Picture { can_pay: true, ..with(Phase::Ready) };
        let v = ViewModel::of(&picture);
        assert_eq!((v.state, v.busy, v.loading, v.can_pay, v.total_hidden), ("ready", false, false, true, false));
        assert_eq!((v.amount.as_str(), v.pay_label.as_str()), ("€125.00", "Pay €125.00"));
        let fr = ViewModel::of(&Picture { locale: Locale::Fr, ..picture });
        assert_eq!(fr.pay_label, "Payer 125,00\u{a0}€");
        assert_eq!((fr.retry_label, fr.total_label), ("Réessayer", "Total"));
    }

    fn on_terms(terms: PaymentTerms, phase: Phase) -> Picture {
        Picture { terms: Some(terms), can_pay: phase == Phase::Ready, ..with(phase) }
    }

    fn day(s: &str) -> booking_contract::Date {
        booking_contract::Date::parse(s).unwrap()
    }

    #[test]
    fn pay_the_summary_and_the_consent_say_what_each_policy_does() {
        let deposit = PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(3_125),
            balance: eur(9_375),
            balance_due: day("2027-03-12"),
        };
        let v = ViewModel::of(&on_terms(deposit, Phase::Ready));
        assert_eq!((v.amount.as_str(), v.pay_label.as_str()), ("€125.00", "Pay deposit €31.25"));
        assert_eq!(v.later.as_deref(), Some("€93.75 charged on 12 March 2027"));
        let consent = v.consent.unwrap();
        assert!(consent.contains("€93.75") && consent.contains("12 March 2027"), "{consent}");

        let hold = PaymentTerms::Hold { total: eur(12_500), capture_on: day("2026-12-10") };
        let v = ViewModel::of(&on_terms(hold, Phase::Ready));
        assert_eq!(v.pay_label, "Authorise €125.00");
        assert_eq!(v.later.as_deref(), Some("Charged on arrival, 10 December 2026"));

        let guarantee = PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) };
        let v = ViewModel::of(&on_terms(guarantee, Phase::Ready));
        assert_eq!(v.pay_label, "Save card");
        assert!(v.consent.unwrap().contains("€39.00"));

        let v = ViewModel::of(&on_terms(PaymentTerms::PayNow { total: eur(12_500) }, Phase::Ready));
        assert_eq!((v.pay_label.as_str(), v.later, v.consent), ("Pay €125.00", None, None));
    }

    /// A consent beside no Pay button would ask the guest to agree to
    /// nothing they can press; after the outcome it is history.
    #[test]
    fn the_consent_shows_only_while_pay_does() {
        let guarantee = PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) };
        let saved = Paid { status: IntentStatus::Succeeded, intent_id: "seti_1".into(), wallet: None };
        let v = ViewModel::of(&on_terms(guarantee, Phase::Succeeded(saved)));
        assert!(v.form_hidden && v.consent.is_none());
        assert_eq!(v.message.unwrap().text, "Card saved. Your booking is guaranteed; nothing was charged.");
        let v = ViewModel::of(&on_terms(guarantee, Phase::Failed(CheckoutError::Unconfirmed)));
        assert!(v.form_hidden && v.consent.is_none());
        let declined = CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())));
        let v = ViewModel::of(&on_terms(guarantee, Phase::Failed(declined)));
        assert!(!v.form_hidden && v.consent.is_some(), "a decline keeps the form, and what Pay agrees to");
    }

    #[test]
    fn the_later_line_stays_after_a_success_and_goes_with_a_final_error() {
        let deposit = PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(3_125),
            balance: eur(9_375),
            balance_due: day("2027-03-12"),
        };
        let saved = Paid { status: IntentStatus::Succeeded, intent_id: "pi_1".into(), wallet: None };
        assert!(ViewModel::of(&on_terms(deposit, Phase::Succeeded(saved))).later.is_some(), "what comes next");
        for e in [ServerError::Cancelled, ServerError::AlreadyPaid] {
            let v = ViewModel::of(&on_terms(deposit, Phase::Failed(CheckoutError::Server(e))));
            assert_eq!((v.later, v.consent), (None, None), "{e:?}");
        }
    }

    /// The cancellation policy stands beside the consent while Pay does,
    /// in the guest's language; after the outcome it is history.
    #[test]
    fn the_cancellation_policy_shows_while_pay_does() {
        use booking_contract::{CancellationPolicy, CancellationTier, Share};
        let tiers = vec![CancellationTier { within_days: 7, retained: Share::BasisPoints(5_000) }];
        let cancellation = Some(CancellationTerms {
            version: "cxl-0000000000000001".into(),
            policy: CancellationPolicy::Tiered { tiers },
        });
        let ready = Picture {
            cancellation,
            amount: Some(eur(12_500)),
            ..on_terms(PaymentTerms::PayNow { total: eur(12_500) }, Phase::Ready)
        };
        let v = ViewModel::of(&ready);
        assert_eq!(
            v.cancellation,
            ["Free cancellation until 7 days before arrival.", "Less than 7 days before: 50% kept."]
        );
        let fr = ViewModel::of(&Picture { locale: Locale::Fr, ..ready.clone() });
        assert!(fr.cancellation[0].starts_with("Annulation gratuite jusqu'à 7 jours"));
        let paid = Paid { status: IntentStatus::Succeeded, intent_id: "pi_1".into(), wallet: None };
        assert!(ViewModel::of(&Picture { phase: Phase::Succeeded(paid), ..ready }).cancellation.is_empty());
    }

    /// An owed charge's line says why the guest is asked to pay; once it
    /// is paid, "Payment received" stands alone.
    #[test]
    fn an_owed_charge_says_why_until_it_is_paid() {
        let owed = PaymentTerms::Owed { total: eur(7_200), charge: booking_contract::OwedCharge::Balance };
        let v = ViewModel::of(&on_terms(owed, Phase::Ready));
        assert_eq!((v.pay_label.as_str(), v.consent), ("Pay €72.00", None));
        assert!(v.later.unwrap().starts_with("The balance of €72.00"));
        let paid = Paid { status: IntentStatus::Succeeded, intent_id: "pi_1".into(), wallet: None };
        let v = ViewModel::of(&on_terms(owed, Phase::Succeeded(paid)));
        assert_eq!((v.later, v.message.unwrap().text.as_str()), (None, Text::Paid.get(Locale::En)));
    }

    #[test]
    fn paying_shows_progress_and_keeps_pay_disabled() {
        let v = ViewModel::of(&with(Phase::Paying(Payment::default())));
        assert_eq!((v.state, v.busy, v.paying, v.can_pay), ("paying", true, true, false));
        assert_eq!(v.pay_label, Text::Processing.get(Locale::En));
    }

    #[test]
    fn success_hides_the_form_and_says_paid() {
        let v = ViewModel::of(&with(Phase::Succeeded(paid(IntentStatus::Succeeded))));
        assert!(v.form_hidden && !v.retry);
        assert_eq!(v.message, Some(Message { ok: true, text: Text::Paid.get(Locale::En).into() }));
        let v = ViewModel::of(&with(Phase::Succeeded(paid(IntentStatus::Processing))));
        assert_eq!(v.message.unwrap().text, Text::PaymentProcessing.get(Locale::En));
    }

    #[test]
    fn a_failure_shows_only_its_user_message() {
        // Stripe's own text for an internal error type must never reach the page.
        let internal =
            CheckoutError::Stripe(StripeError::new("api_error", Some("No such payment_intent: pi_1 secret".into())));
        let v = ViewModel::of(&with(Phase::Failed(internal.clone())));
        let message = v.message.unwrap();
        assert!(!message.ok);
        assert_eq!(message.text, internal.user_message(Locale::En));
        assert!(!message.text.contains("pi_1"));
        assert!(!v.form_hidden, "the form stays for another attempt");
    }

    #[test]
    fn a_form_that_failed_to_load_shows_no_pay_button_and_no_empty_total() {
        // Regression: a failed load showed "Total" with no amount and a
        // disabled Pay that still read "Loading the secure payment form…".
        let failed = Picture {
            phase: Phase::Failed(CheckoutError::Server(ServerError::Unavailable)),
            ..Picture::loading(None, Locale::En)
        };
        let v = ViewModel::of(&failed);
        assert!(v.form_hidden && v.total_hidden && !v.loading && !v.busy);
        assert!(v.retry);
    }

    #[test]
    fn a_signed_out_visitor_is_asked_to_sign_in_and_offered_no_retry() {
        // Regression: a 401 said "Your session has expired" to a visitor who
        // never signed in, beside a Try again that could not help.
        for locale in [Locale::En, Locale::Fr] {
            let failed = Picture {
                phase: Phase::Failed(CheckoutError::Server(ServerError::SignIn)),
                ..Picture::loading(None, locale)
            };
            let v = ViewModel::of(&failed);
            assert_eq!(v.message.unwrap().text, Text::SignInToPay.get(locale));
            assert!(!v.retry && v.form_hidden && v.total_hidden);
        }
        assert_eq!(Text::SignInToPay.get(Locale::En), "Please sign in to pay for this booking.");
    }

    #[test]
    fn a_final_answer_at_pay_time_hides_the_form() {
        // The deferred flow asks create-intent at Pay: its 409 or 401 must not
        // leave a disabled Pay beside the message.
        for e in [ServerError::AlreadyPaid, ServerError::SignIn] {
            let v = ViewModel::of(&with(Phase::Failed(CheckoutError::Server(e))));
            assert!(v.form_hidden && !v.retry, "{e:?}");
        }
        let v = ViewModel::of(&Picture {
            can_pay: true,
            ..with(Phase::Failed(CheckoutError::NotCompleted(IntentStatus::RequiresPaymentMethod)))
        });
        assert!(!v.form_hidden && v.can_pay, "a decline keeps the form");
    }

    #[test]
    fn a_payment_failure_only_try_again_can_fix_shows_no_disabled_pay() {
        // Regression: after a confirmation that rejected (an IntegrationError)
        // or resolved an error type only a reload can fix, a disabled
        // "Pay €125.00" stayed beside "Something went wrong. Please try again."
        for e in [
            CheckoutError::Integration,
            CheckoutError::Stripe(StripeError::new("invalid_request_error", None)),
            CheckoutError::Stripe(StripeError::new("something_new", None)),
            CheckoutError::NotCompleted(IntentStatus::Canceled),
        ] {
            assert_eq!(e.recovery(), Recovery::Retry, "{e:?}");
            let v = ViewModel::of(&with(Phase::Failed(e.clone())));
            assert!(v.form_hidden && v.retry && !v.can_pay, "{e:?}");
            assert_eq!(v.retry_label, "Try again");
        }
    }

    #[test]
    fn an_unknown_outcome_says_so_and_offers_to_check_not_to_pay() {
        let v = ViewModel::of(&with(Phase::Failed(CheckoutError::Unconfirmed)));
        assert_eq!(v.message.unwrap().text, Text::Unconfirmed.get(Locale::En));
        assert!(v.retry && v.form_hidden && !v.can_pay);
        assert_eq!(v.retry_label, "Check again");
    }

    #[test]
    fn retry_is_offered_only_where_it_can_help() {
        let retryable = CheckoutError::Server(ServerError::Unavailable);
        assert_eq!(retryable.recovery(), Recovery::Retry);
        assert!(ViewModel::of(&with(Phase::Failed(retryable))).retry);
        let fixed_by_card =
            CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())));
        assert_ne!(fixed_by_card.recovery(), Recovery::Retry);
        assert!(!ViewModel::of(&with(Phase::Failed(fixed_by_card))).retry);
        let held = Picture {
            retry_held: true,
            ..with(Phase::Failed(CheckoutError::Server(ServerError::RateLimited { retry_after_secs: 3 })))
        };
        let v = ViewModel::of(&held);
        assert!(v.retry && v.retry_held);
    }

    #[test]
    fn card_errors_and_notices_show_until_the_next_attempt() {
        let incomplete =
            CheckoutError::Stripe(StripeError::new("validation_error", Some("Your card number is incomplete.".into())));
        let mut picture = Picture { card_error: Some(incomplete), ..with(Phase::Ready) };
        assert_eq!(ViewModel::of(&picture).message.unwrap().text, "Your card number is incomplete.");
        picture.card_error = None;
        picture.notice = Some(CheckoutError::NotCompleted(IntentStatus::Canceled));
        assert_eq!(ViewModel::of(&picture).message.unwrap().text, Text::NotCompleted.get(Locale::En));
        let mut machine = Machine::new(
            PaymentTarget { booking_id: "bk_1".into(), terms: Some(PaymentTerms::PayNow { total: eur(500) }) },
            None,
        );
        machine.on(crate::state::Event::Fetched { load: 0, intent: None });
        machine.on(crate::state::Event::Ready { load: 0 });
        machine.on(crate::state::Event::PayPressed);
        picture.follow(&machine);
        assert_eq!((picture.phase.clone(), picture.amount), (Phase::Paying(Payment::default()), Some(eur(500))));
        assert_eq!((picture.card_error.as_ref(), picture.notice.as_ref()), (None, None));
        assert_eq!(ViewModel::of(&picture).message, None);
    }

    #[test]
    fn wallet_buttons_show_only_when_a_wallet_can_and_go_with_the_form() {
        let v = ViewModel::of(&Picture { can_pay: true, ..with(Phase::Ready) });
        assert!(v.wallets_hidden, "no wallet available: nothing shows, nothing else changes");
        let with_wallets = |phase| Picture { wallets: true, ..with(phase) };
        assert!(!ViewModel::of(&with_wallets(Phase::Ready)).wallets_hidden);
        assert!(
            !ViewModel::of(&with_wallets(Phase::Paying(Payment::default()))).wallets_hidden,
            "in place while paying: no layout shift"
        );
        assert!(
            ViewModel::of(&with_wallets(Phase::Paying(Payment::default()))).wallets_inert,
            "but a click there opens nothing"
        );
        assert!(!ViewModel::of(&with_wallets(Phase::Ready)).wallets_inert);
        assert!(ViewModel::of(&with_wallets(Phase::Succeeded(paid(IntentStatus::Succeeded)))).wallets_hidden);
        assert!(ViewModel::of(&with_wallets(Phase::Failed(CheckoutError::Unconfirmed))).wallets_hidden);
        let declined = CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())));
        assert!(!ViewModel::of(&with_wallets(Phase::Failed(declined))).wallets_hidden, "another wallet may work");
    }

    #[test]
    fn a_locale_change_translates_every_text() {
        let en = ViewModel::of(&with(Phase::Failed(CheckoutError::Server(ServerError::Unavailable))));
        let fr = ViewModel::of(&Picture {
            locale: Locale::Fr,
            ..with(Phase::Failed(CheckoutError::Server(ServerError::Unavailable)))
        });
        assert_ne!(en.message, fr.message);
        assert_ne!(en.pay_label, fr.pay_label);
        assert_ne!(en.retry_label, fr.retry_label);
    }
}
