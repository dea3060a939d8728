//! The checkout's state machine: pure, so every transition is tested on the host.
//!
//! The controller feeds it events and carries out the [`Effect`] each returns. Async
//! results carry the generation they were started in; a result from an older
//! generation (a load for a booking that has since changed) is dropped, so a
//! stale intent can never be confirmed.

use crate::errors::{CheckoutError, Recovery};
use crate::status::IntentStatus;
use booking_contract::Money;

/// What is being paid for. A new booking rebuilds the Elements group; a new
/// deferred amount for the same booking updates the mounted one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTarget {
    /// Booking id.
    pub booking_id: String,
    /// Amount, when known before the intent exists (deferred flow).
    pub amount: Option<Money>,
}

/// Where the checkout stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Stripe.js, the intent and the element are loading.
    Loading,
    /// The element fired `ready`; Pay is enabled.
    Ready,
    /// A confirmation is in flight; Pay is disabled.
    Paying,
    /// Done from the customer's point of view.
    Succeeded(IntentStatus),
    /// Failed; [`CheckoutError::recovery`] says whether and how to retry.
    Failed(CheckoutError),
}

/// Input to the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The element is ready (from load generation `gen`).
    Ready {
        /// Generation the load was started in.
        gen: u32,
    },
    /// Loading failed (Stripe.js, create-intent, or `loaderror`).
    LoadFailed {
        /// Generation the load was started in.
        gen: u32,
        /// Why.
        error: CheckoutError,
    },
    /// The customer pressed Pay.
    PayPressed,
    /// Confirmation (or next action) resolved with this intent status.
    Confirmed(IntentStatus),
    /// Confirmation resolved with an error or threw.
    ConfirmFailed(CheckoutError),
    /// The intent was retrieved after an uncertain confirmation.
    Reconciled(Option<IntentStatus>),
    /// The customer pressed Try again.
    RetryPressed,
    /// The host changed the booking or the amount.
    TargetChanged(PaymentTarget),
    /// The host asks for a fresh load, e.g. after the customer signed in.
    Refresh,
    /// The mounted form can no longer be used (Stripe refused an in-place
    /// update), so it must not take a payment.
    FormFailed(CheckoutError),
    /// The page was reached through a redirect return; the retrieved intent
    /// has this status (`redirect_status` in the URL is not trusted).
    Returned(IntentStatus),
}

/// What the controller must do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// Call `confirmPayment` / `confirmCardPayment` once.
    Confirm,
    /// Run `handleNextAction` for a `requires_action` intent.
    HandleNextAction,
    /// Retrieve the intent to learn whether an uncertain confirmation went through.
    Reconcile,
    /// Tear down and load again for the current generation (same booking).
    Reload,
    /// Tear down and build a new Elements group for a new target.
    Rebuild,
    /// Tell the mounted Elements group the new (deferred) amount, in place:
    /// what the customer typed stays.
    UpdateAmount,
}

/// The checkout state machine.
#[derive(Debug, Clone)]
pub struct Machine {
    phase: Phase,
    target: PaymentTarget,
    generation: u32,
    next_action_tried: bool,
    /// The element of this generation reached `ready`: the form is on screen.
    form: bool,
    /// A confirmation's outcome is unknown and the intent is being read.
    uncertain: bool,
    pending_target: Option<PaymentTarget>,
}

impl Machine {
    /// A machine loading `target` in generation 0.
    pub fn new(target: PaymentTarget) -> Self {
        Self {
            phase: Phase::Loading,
            target,
            generation: 0,
            next_action_tried: false,
            form: false,
            uncertain: false,
            pending_target: None,
        }
    }

    /// Current phase.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// Current load generation: async work started now must report it back.
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// Current target.
    pub fn target(&self) -> &PaymentTarget {
        &self.target
    }

    /// Whether the payment form of this generation is on screen (it became
    /// ready and was not torn down since).
    pub fn form_shown(&self) -> bool {
        self.form
    }

    /// Whether Pay should be enabled.
    pub fn can_pay(&self) -> bool {
        match &self.phase {
            Phase::Ready => true,
            Phase::Failed(e) => e.recovery() == Recovery::PayAgain,
            _ => false,
        }
    }

    fn reload(&mut self, effect: Effect) -> Effect {
        self.generation = self.generation.wrapping_add(1);
        self.phase = Phase::Loading;
        self.next_action_tried = false;
        self.form = false;
        self.uncertain = false;
        effect
    }

    /// Takes a new target: a new deferred amount for the same booking goes
    /// into the mounted form; anything else needs a new Elements group.
    fn retarget(&mut self, target: PaymentTarget) -> Effect {
        let in_place = self.form
            && target.booking_id == self.target.booking_id
            && target.amount.is_some()
            && self.target.amount.is_some();
        self.target = target;
        if in_place {
            Effect::UpdateAmount
        } else {
            self.reload(Effect::Rebuild)
        }
    }

    fn settle(&mut self, phase: Phase) -> Effect {
        self.phase = phase;
        self.uncertain = false;
        match &self.phase {
            // The old target's payment may have gone through: a new target
            // waits until a re-read has settled that.
            Phase::Failed(e) if e.recovery() == Recovery::Recheck => return Effect::None,
            Phase::Succeeded(_) => self.pending_target = None,
            _ => {}
        }
        match self.pending_target.take() {
            Some(t) if t != self.target => self.retarget(t),
            _ => Effect::None,
        }
    }

    /// Applies `event` and returns what the view must do.
    pub fn on(&mut self, event: Event) -> Effect {
        match (self.phase.clone(), event) {
            (Phase::Loading, Event::Ready { gen }) if gen == self.generation => {
                self.phase = Phase::Ready;
                self.form = true;
                Effect::None
            }
            (Phase::Loading, Event::LoadFailed { gen, error }) if gen == self.generation => {
                self.phase = Phase::Failed(error);
                Effect::None
            }
            (_, Event::Ready { .. } | Event::LoadFailed { .. }) => Effect::None,

            (Phase::Ready | Phase::Failed(_), Event::FormFailed(error)) if self.form => {
                self.form = false;
                self.phase = Phase::Failed(error);
                Effect::None
            }
            (_, Event::FormFailed(_)) => Effect::None,

            (_, Event::PayPressed) if self.can_pay() => {
                self.phase = Phase::Paying;
                self.next_action_tried = false;
                Effect::Confirm
            }
            (_, Event::PayPressed) => Effect::None,

            (Phase::Paying, Event::Confirmed(status)) => {
                if status.success_text().is_some() {
                    return self.settle(Phase::Succeeded(status));
                }
                if status == IntentStatus::RequiresAction && !self.next_action_tried {
                    self.next_action_tried = true;
                    return Effect::HandleNextAction;
                }
                self.settle(Phase::Failed(CheckoutError::NotCompleted(status)))
            }
            (Phase::Paying, Event::ConfirmFailed(error)) => {
                if error.recovery() == Recovery::Reconcile {
                    self.uncertain = true;
                    return Effect::Reconcile;
                }
                self.settle(Phase::Failed(error))
            }
            (Phase::Paying, Event::Reconciled(status)) if self.uncertain => match status {
                Some(s) if s.success_text().is_some() => self.settle(Phase::Succeeded(s)),
                // The intent says the charge did not go through, so paying
                // again is safe: the same intent is confirmed, never a new one.
                Some(s) => self.settle(Phase::Failed(CheckoutError::NotCompleted(s))),
                // Neither the answer nor the intent could be read: the
                // customer must not pay again until a re-read says so.
                None => self.settle(Phase::Failed(CheckoutError::Unconfirmed)),
            },
            (_, Event::Confirmed(_) | Event::ConfirmFailed(_) | Event::Reconciled(_)) => Effect::None,

            (Phase::Loading, Event::Returned(status)) if status.success_text().is_some() => {
                self.settle(Phase::Succeeded(status))
            }
            (_, Event::Returned(_)) => Effect::None,

            (Phase::Failed(e), Event::RetryPressed | Event::Refresh) if e.recovery() == Recovery::Recheck => {
                // Reads the intent again; Pay stays disabled until it answers.
                self.phase = Phase::Paying;
                self.uncertain = true;
                Effect::Reconcile
            }
            (Phase::Failed(e), Event::RetryPressed) if e.recovery() == Recovery::Retry => self.reload(Effect::Reload),
            (_, Event::RetryPressed) => Effect::None,

            // A form the customer may pay with again keeps what they typed;
            // any other failure loads afresh (after a sign-in, say).
            (Phase::Failed(e), Event::Refresh) if e.recovery() != Recovery::PayAgain => self.reload(Effect::Reload),
            (_, Event::Refresh) => Effect::None,

            (phase, Event::TargetChanged(t)) => {
                if t == self.target {
                    return Effect::None;
                }
                match phase {
                    Phase::Paying => {
                        self.pending_target = Some(t);
                        Effect::None
                    }
                    Phase::Failed(e) if e.recovery() == Recovery::Recheck => {
                        self.pending_target = Some(t);
                        Effect::None
                    }
                    Phase::Succeeded(_) => Effect::None,
                    _ => self.retarget(t),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigError;
    use crate::errors::{ServerError, StripeError};
    use booking_contract::Currency;

    fn target(id: &str, amount: i64) -> PaymentTarget {
        PaymentTarget {
            booking_id: id.into(),
            amount: Some(Money::new(amount, Currency::parse("eur").unwrap()).unwrap()),
        }
    }

    fn ready() -> Machine {
        let mut m = Machine::new(target("bk_1", 12_500));
        assert_eq!(m.on(Event::Ready { gen: 0 }), Effect::None);
        assert_eq!(m.phase(), &Phase::Ready);
        m
    }

    fn card_error() -> CheckoutError {
        CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())))
    }

    #[test]
    fn pay_is_disabled_until_the_element_is_ready() {
        let mut m = Machine::new(target("bk_1", 1));
        assert!(!m.can_pay());
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.phase(), &Phase::Loading);
    }

    #[test]
    fn a_second_pay_while_paying_is_ignored() {
        let mut m = ready();
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.phase(), &Phase::Paying);
    }

    #[test]
    fn a_succeeded_intent_ends_the_checkout_and_pay_stays_disabled() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Confirmed(IntentStatus::Succeeded)), Effect::None);
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.on(Event::RetryPressed), Effect::None);
    }

    #[test]
    fn processing_and_requires_capture_count_as_success() {
        for s in [IntentStatus::Processing, IntentStatus::RequiresCapture] {
            let mut m = ready();
            m.on(Event::PayPressed);
            m.on(Event::Confirmed(s));
            assert_eq!(m.phase(), &Phase::Succeeded(s));
        }
    }

    #[test]
    fn a_decline_keeps_the_form_and_allows_paying_again() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::ConfirmFailed(card_error())), Effect::None);
        assert!(m.can_pay());
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);
    }

    #[test]
    fn requires_action_runs_next_action_once_then_fails() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Confirmed(IntentStatus::RequiresAction)), Effect::HandleNextAction);
        assert_eq!(m.on(Event::Confirmed(IntentStatus::RequiresAction)), Effect::None);
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::NotCompleted(IntentStatus::RequiresAction)));
        assert!(m.can_pay());
    }

    #[test]
    fn requires_payment_method_after_confirm_lets_the_customer_try_again() {
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::Confirmed(IntentStatus::RequiresPaymentMethod));
        assert!(m.can_pay());
    }

    #[test]
    fn a_lost_confirmation_answer_is_reconciled_before_anything_else() {
        let mut m = ready();
        m.on(Event::PayPressed);
        let lost = CheckoutError::Stripe(StripeError::new("api_connection_error", None));
        assert_eq!(m.on(Event::ConfirmFailed(lost)), Effect::Reconcile);
        assert_eq!(m.phase(), &Phase::Paying, "pay stays disabled while reconciling");
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        m.on(Event::Reconciled(Some(IntentStatus::Succeeded)));
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
    }

    #[test]
    fn an_unknown_outcome_offers_a_re_read_and_never_a_second_confirmation() {
        // Regression: when the re-read failed too, the machine put back an
        // error that only allowed a re-read, yet offered neither Pay nor
        // Try again: a dead end that only a page reload escaped.
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_connection_error", None))));
        assert_eq!(m.on(Event::Reconciled(None)), Effect::None);
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::Unconfirmed));
        assert!(!m.can_pay(), "paying again could charge twice");
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.on(Event::RetryPressed), Effect::Reconcile, "the way forward is a re-read");
        assert_eq!(m.phase(), &Phase::Paying);
        assert_eq!(m.on(Event::Reconciled(None)), Effect::None);
        assert_eq!(m.on(Event::Refresh), Effect::Reconcile, "a host refresh re-reads too, it does not reload");
        m.on(Event::Reconciled(Some(IntentStatus::RequiresPaymentMethod)));
        assert!(m.can_pay(), "once the intent says the charge did not go through, paying is safe");
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        m.on(Event::Reconciled(None));
        m.on(Event::RetryPressed);
        m.on(Event::Reconciled(Some(IntentStatus::Succeeded)));
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
    }

    #[test]
    fn a_new_target_waits_while_the_outcome_is_unknown() {
        // Regression: an amount change applied in place forgot the intent
        // that Check again must read, so the unknown state never ended.
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_1", 99)));
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        assert_eq!(m.on(Event::Reconciled(None)), Effect::None, "the queued change waits");
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 99))), Effect::None);
        assert_eq!(m.target(), &target("bk_1", 12_500));
        assert_eq!(m.on(Event::RetryPressed), Effect::Reconcile);
        assert_eq!(m.on(Event::Reconciled(Some(IntentStatus::RequiresPaymentMethod))), Effect::Rebuild);
        assert_eq!(m.target(), &target("bk_2", 99));

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_2", 99)));
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        m.on(Event::Reconciled(None));
        m.on(Event::RetryPressed);
        assert_eq!(m.on(Event::Reconciled(Some(IntentStatus::Succeeded))), Effect::None, "paid: nothing to rebuild");
    }

    #[test]
    fn a_reconciled_intent_that_did_not_succeed_allows_paying_again() {
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        m.on(Event::Reconciled(Some(IntentStatus::RequiresPaymentMethod)));
        assert!(m.can_pay());
    }

    #[test]
    fn a_changed_booking_rebuilds_and_drops_results_of_the_old_load() {
        let mut m = Machine::new(target("bk_1", 100));
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 100))), Effect::Rebuild);
        assert_eq!(m.generation(), 1);
        // The old load finishing must not make the new one ready.
        assert_eq!(m.on(Event::Ready { gen: 0 }), Effect::None);
        assert_eq!(m.phase(), &Phase::Loading);
        m.on(Event::Ready { gen: 1 });
        assert_eq!(m.phase(), &Phase::Ready);
    }

    #[test]
    fn a_changed_booking_on_a_ready_form_rebuilds_it() {
        let mut m = ready();
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 12_500))), Effect::Rebuild);
        assert_eq!(m.phase(), &Phase::Loading);
        assert!(!m.can_pay(), "the stale element cannot be used to pay");
        assert!(!m.form_shown());
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 12_500))), Effect::None);
    }

    #[test]
    fn a_changed_deferred_amount_on_a_ready_form_is_updated_in_place() {
        let mut m = ready();
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 20_000))), Effect::UpdateAmount);
        assert_eq!((m.phase(), m.generation()), (&Phase::Ready, 0), "same form, same generation");
        assert_eq!(m.target(), &target("bk_1", 20_000));
        assert!(m.can_pay());
        // While loading there is no form to update: a new group is built.
        let mut m = Machine::new(target("bk_1", 100));
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 200))), Effect::Rebuild);
    }

    #[test]
    fn a_form_that_failed_cannot_pay_and_offers_a_reload() {
        let mut m = ready();
        m.on(Event::FormFailed(CheckoutError::Integration));
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::Integration));
        assert!(!m.can_pay() && !m.form_shown());
        assert_eq!(m.on(Event::RetryPressed), Effect::Reload);
    }

    #[test]
    fn a_change_during_payment_waits_and_applies_only_if_the_payment_failed() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 99))), Effect::None);
        assert_eq!(m.on(Event::ConfirmFailed(card_error())), Effect::UpdateAmount);
        assert_eq!(m.target(), &target("bk_1", 99));

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_2", 12_500)));
        assert_eq!(m.on(Event::ConfirmFailed(card_error())), Effect::Rebuild);

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_1", 99)));
        assert_eq!(m.on(Event::Confirmed(IntentStatus::Succeeded)), Effect::None);
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
    }

    #[test]
    fn load_failures_offer_a_retry_that_starts_a_new_generation() {
        let mut m = Machine::new(target("bk_1", 1));
        m.on(Event::LoadFailed { gen: 0, error: CheckoutError::StripeUnavailable });
        assert!(!m.can_pay());
        assert_eq!(m.on(Event::RetryPressed), Effect::Reload);
        assert_eq!((m.phase(), m.generation()), (&Phase::Loading, 1));
    }

    #[test]
    fn a_sign_in_failure_offers_no_retry_but_reloads_on_refresh() {
        let mut m = Machine::new(target("bk_1", 1));
        m.on(Event::LoadFailed { gen: 0, error: CheckoutError::Server(ServerError::SignIn) });
        assert_eq!(m.on(Event::RetryPressed), Effect::None, "a retry cannot work before the customer signs in");
        assert_eq!(m.on(Event::Refresh), Effect::Reload);
        assert_eq!((m.phase(), m.generation()), (&Phase::Loading, 1));
    }

    #[test]
    fn refresh_keeps_a_form_the_customer_is_using() {
        let mut m = ready();
        assert_eq!(m.on(Event::Refresh), Effect::None);
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Refresh), Effect::None, "never while paying");
        m.on(Event::ConfirmFailed(card_error()));
        assert_eq!(m.on(Event::Refresh), Effect::None, "a decline keeps the typed details");
        assert_eq!(m.phase(), &Phase::Failed(card_error()));
    }

    #[test]
    fn final_failures_cannot_be_retried() {
        for e in [CheckoutError::Server(ServerError::AlreadyPaid), CheckoutError::Config(ConfigError::SecretKey)] {
            let mut m = Machine::new(target("bk_1", 1));
            m.on(Event::LoadFailed { gen: 0, error: e });
            assert_eq!(m.on(Event::RetryPressed), Effect::None);
            assert_eq!(m.on(Event::PayPressed), Effect::None);
        }
    }

    #[test]
    fn a_successful_redirect_return_ends_the_checkout_and_a_failed_one_keeps_loading() {
        let mut m = Machine::new(target("bk_1", 1));
        m.on(Event::Returned(IntentStatus::Succeeded));
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
        let mut m = Machine::new(target("bk_1", 1));
        m.on(Event::Returned(IntentStatus::RequiresPaymentMethod));
        assert_eq!(m.phase(), &Phase::Loading);
    }

    #[test]
    fn confirm_results_outside_paying_are_ignored() {
        let mut m = ready();
        assert_eq!(m.on(Event::Confirmed(IntentStatus::Succeeded)), Effect::None);
        assert_eq!(m.phase(), &Phase::Ready);
    }
}
