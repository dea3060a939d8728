//! What the checkout shows, derived from where the payment stands.
//!
//! [`Ui`] is the controller's picture of the checkout; [`ViewModel::of`]
//! turns it into exactly what the DOM must say (texts, which parts are
//! hidden or disabled). Both are pure, so every visible state is tested on
//! the host and the browser layer only copies fields into the DOM.

use crate::errors::Recovery;
use crate::i18n::{format_money, pay_label, Locale, Text};
use crate::state::Phase;
use booking_contract::Money;

/// The controller's picture of the checkout: the machine's phase plus a few extras.
#[derive(Debug, Clone, PartialEq)]
pub struct Ui {
    /// Machine phase.
    pub phase: Phase,
    /// Whether Pay is enabled.
    pub can_pay: bool,
    /// The amount, once known (server answer or deferred config).
    pub amount: Option<Money>,
    /// The Card Element's live validation message.
    pub card_error: Option<String>,
    /// A message carried over from a redirect return that did not succeed.
    pub notice: Option<String>,
    /// Retry is held back until the server's `Retry-After` has passed.
    pub retry_held: bool,
}

impl Ui {
    /// The first picture: loading, nothing payable yet.
    pub fn loading(amount: Option<Money>) -> Self {
        Self { phase: Phase::Loading, can_pay: false, amount, card_error: None, notice: None, retry_held: false }
    }

    /// Takes the machine's new phase. A payment attempt clears old messages,
    /// so a stale decline never sits beside a new attempt.
    pub fn follow(&mut self, phase: Phase, can_pay: bool) {
        if phase == Phase::Paying {
            self.card_error = None;
            self.notice = None;
        }
        self.phase = phase;
        self.can_pay = can_pay;
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

/// Everything the DOM shows for one [`Ui`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewModel {
    /// `data-state` of the root.
    pub state: &'static str,
    /// Loading or paying: `aria-busy` of the root.
    pub busy: bool,
    /// The skeleton is shown while loading.
    pub loading: bool,
    /// Payment is over: the Element and Pay are hidden.
    pub done: bool,
    /// A confirmation is in flight: spinner shown, Pay `aria-busy`.
    pub paying: bool,
    /// Pay is enabled.
    pub can_pay: bool,
    /// Formatted amount, empty until known.
    pub amount: String,
    /// Pay button text.
    pub pay_label: String,
    /// Live-region message, if any.
    pub message: Option<Message>,
    /// Try again is shown (only for errors that a retry can fix).
    pub retry: bool,
    /// Try again is disabled (a `Retry-After` is running).
    pub retry_held: bool,
}

impl ViewModel {
    /// What to show for `ui` in `locale`.
    pub fn of(ui: &Ui, locale: Locale) -> Self {
        let paying = ui.phase == Phase::Paying;
        let loading = ui.phase == Phase::Loading;
        let error = |text: String| Some(Message { ok: false, text });
        let (state, message) = match &ui.phase {
            Phase::Loading => ("loading", None),
            Phase::Ready => ("ready", None),
            Phase::Paying => ("paying", None),
            Phase::Succeeded(status) => (
                "succeeded",
                Some(Message { ok: true, text: status.success_text().map(|t| t.get(locale)).unwrap_or_default().into() }),
            ),
            Phase::Failed(e) => ("failed", error(e.user_message(locale).into_owned())),
        };
        let message = match &ui.phase {
            Phase::Succeeded(_) | Phase::Failed(_) => message,
            _ => ui.card_error.clone().or_else(|| ui.notice.clone()).and_then(error),
        };
        let pay_label = match ui.amount {
            _ if paying => Text::Processing.get(locale).into(),
            Some(m) => pay_label(locale, &m),
            None => Text::Loading.get(locale).into(),
        };
        Self {
            state,
            busy: loading || paying,
            loading,
            done: matches!(ui.phase, Phase::Succeeded(_)),
            paying,
            can_pay: ui.can_pay,
            amount: ui.amount.map(|m| format_money(locale, &m)).unwrap_or_default(),
            pay_label,
            message,
            retry: matches!(&ui.phase, Phase::Failed(e) if e.recovery() == Recovery::Retry),
            retry_held: ui.retry_held,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::{CheckoutError, ServerError, StripeError};
    use crate::status::IntentStatus;
    use booking_contract::Currency;

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn with(phase: Phase) -> Ui {
        Ui { phase, ..Ui::loading(Some(eur(12_500))) }
    }

    #[test]
    fn loading_shows_the_skeleton_and_a_disabled_pay() {
        let v = ViewModel::of(&Ui::loading(None), Locale::En);
        assert_eq!((v.state, v.busy, v.loading, v.done, v.can_pay), ("loading", true, true, false, false));
        assert_eq!(v.pay_label, Text::Loading.get(Locale::En));
        assert_eq!((v.amount.as_str(), v.message, v.retry), ("", None, false));
    }

    #[test]
    fn ready_shows_the_amount_on_pay() {
        let ui = Ui { can_pay: true, ..with(Phase::Ready) };
        let v = ViewModel::of(&ui, Locale::En);
        assert_eq!((v.state, v.busy, v.loading, v.can_pay), ("ready", false, false, true));
        assert_eq!((v.amount.as_str(), v.pay_label.as_str()), ("€125.00", "Pay €125.00"));
        let fr = ViewModel::of(&ui, Locale::Fr);
        assert_eq!(fr.pay_label, "Payer 125,00\u{a0}€");
    }

    #[test]
    fn paying_shows_progress_and_keeps_pay_disabled() {
        let v = ViewModel::of(&with(Phase::Paying), Locale::En);
        assert_eq!((v.state, v.busy, v.paying, v.can_pay), ("paying", true, true, false));
        assert_eq!(v.pay_label, Text::Processing.get(Locale::En));
    }

    #[test]
    fn success_hides_the_form_and_says_paid() {
        let v = ViewModel::of(&with(Phase::Succeeded(IntentStatus::Succeeded)), Locale::En);
        assert!(v.done && !v.retry);
        assert_eq!(v.message, Some(Message { ok: true, text: Text::Paid.get(Locale::En).into() }));
        let v = ViewModel::of(&with(Phase::Succeeded(IntentStatus::Processing)), Locale::En);
        assert_eq!(v.message.unwrap().text, Text::PaymentProcessing.get(Locale::En));
    }

    #[test]
    fn a_failure_shows_only_its_user_message() {
        // Stripe's own text for an internal error type must never reach the page.
        let internal = CheckoutError::Stripe(StripeError::new("api_error", Some("No such payment_intent: pi_1 secret".into())));
        let v = ViewModel::of(&with(Phase::Failed(internal.clone())), Locale::En);
        let message = v.message.unwrap();
        assert!(!message.ok);
        assert_eq!(message.text, internal.user_message(Locale::En));
        assert!(!message.text.contains("pi_1"));
        assert!(!v.done, "the form stays for another attempt");
    }

    #[test]
    fn retry_is_offered_only_where_it_can_help() {
        let retryable = CheckoutError::Server(ServerError::Unavailable);
        assert_eq!(retryable.recovery(), Recovery::Retry);
        assert!(ViewModel::of(&with(Phase::Failed(retryable)), Locale::En).retry);
        let fixed_by_card = CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())));
        assert_ne!(fixed_by_card.recovery(), Recovery::Retry);
        assert!(!ViewModel::of(&with(Phase::Failed(fixed_by_card)), Locale::En).retry);
        let held = Ui { retry_held: true, ..with(Phase::Failed(CheckoutError::Server(ServerError::RateLimited { retry_after_secs: 3 }))) };
        let v = ViewModel::of(&held, Locale::En);
        assert!(v.retry && v.retry_held);
    }

    #[test]
    fn card_errors_and_notices_show_until_the_next_attempt() {
        let mut ui = Ui { card_error: Some("Your card number is incomplete.".into()), ..with(Phase::Ready) };
        assert_eq!(ViewModel::of(&ui, Locale::En).message.unwrap().text, "Your card number is incomplete.");
        ui.card_error = None;
        ui.notice = Some("Payment was not completed.".into());
        assert_eq!(ViewModel::of(&ui, Locale::En).message.unwrap().text, "Payment was not completed.");
        ui.follow(Phase::Paying, false);
        assert_eq!((ui.card_error.as_ref(), ui.notice.as_ref()), (None, None));
        assert_eq!(ViewModel::of(&ui, Locale::En).message, None);
    }
}
