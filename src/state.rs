//! The checkout's state machine: pure, so every transition is tested on the host.
//!
//! The controller feeds it events and carries out the [`Effect`] each returns. Async
//! results carry the generation they were started in; a result from an older
//! generation (a load for a booking that has since changed) is dropped, so a
//! stale intent can never be confirmed.

mod retry;

pub use retry::{AutoRetry, BACKOFF_MS};

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
    /// has this status (`redirect_status` in the URL is not trusted) and the
    /// booking's create-intent answer vouched for it.
    Returned {
        /// Generation the return was checked in.
        gen: u32,
        /// The retrieved intent's status.
        status: IntentStatus,
    },
    /// The wait of an [`Effect::AwaitRetry`] is over.
    RetryDue {
        /// Generation whose load failed.
        gen: u32,
    },
    /// The browser came back online (its `online` event).
    Online,
    /// The server's price and the Elements group were read again
    /// ([`Effect::FetchUpdates`]); the amount on screen is the intent's.
    Updated {
        /// Generation the update was started in.
        gen: u32,
        /// The server handed out another intent (the old one was canceled
        /// or replaced): the group must be built again for it.
        replaced: bool,
    },
    /// Reading the new price failed: the form may not show the intent's amount.
    UpdateFailed {
        /// Generation the update was started in.
        gen: u32,
        /// Why.
        error: CheckoutError,
    },
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
    /// The load failed in a way time can fix: send [`Event::RetryDue`]
    /// after `after_ms` (no timer when `None`) and [`Event::Online`] when
    /// the browser comes back online. Whatever happens first, or a newer
    /// effect, cancels the rest.
    AwaitRetry {
        /// The back-off before the next automatic try, if one is left.
        after_ms: Option<u32>,
    },
    /// Ask the server for the booking's price again and have the mounted
    /// group follow its intent (`elements.fetchUpdates()`), in place; Pay
    /// waits until it has answered.
    FetchUpdates,
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
    /// Automatic load retries since a form last loaded (see [`retry`]).
    auto_tries: u8,
    /// The price is being read again: Pay must wait for the new amount.
    updating: bool,
    /// A price re-read was asked for while it could not run (a payment in
    /// flight, another re-read): it runs once that is over.
    refresh_pending: bool,
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
            auto_tries: 0,
            updating: false,
            refresh_pending: false,
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
            // Never while the price is being read again: the confirmation
            // would run against an amount that is not on screen yet.
            Phase::Ready => !self.updating,
            Phase::Failed(e) => e.recovery() == Recovery::PayAgain && !self.updating,
            _ => false,
        }
    }

    /// Whether the price is being read again (Pay waits for it).
    pub fn updating(&self) -> bool {
        self.updating
    }

    /// Starts a price re-read, or queues one behind the re-read in flight.
    fn fetch_updates(&mut self) -> Effect {
        if self.updating {
            self.refresh_pending = true;
            return Effect::None;
        }
        self.updating = true;
        self.refresh_pending = false;
        Effect::FetchUpdates
    }

    fn reload(&mut self, effect: Effect) -> Effect {
        self.generation = self.generation.wrapping_add(1);
        self.phase = Phase::Loading;
        self.next_action_tried = false;
        self.form = false;
        self.uncertain = false;
        self.updating = false;
        self.refresh_pending = false;
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
            Phase::Succeeded(_) => {
                self.pending_target = None;
                self.refresh_pending = false;
            }
            // Refused before confirming: the screen must learn the new price.
            Phase::Failed(CheckoutError::PriceChanged) => self.refresh_pending = true,
            _ => {}
        }
        let effect = match self.pending_target.take() {
            Some(t) if t != self.target => self.retarget(t),
            _ => Effect::None,
        };
        // A price change that arrived while paying is applied now, after the outcome.
        if effect == Effect::None && self.refresh_pending && self.form {
            return self.fetch_updates();
        }
        effect
    }

    /// Applies `event` and returns what the view must do.
    pub fn on(&mut self, event: Event) -> Effect {
        match (self.phase.clone(), event) {
            (Phase::Loading, Event::Ready { gen }) if gen == self.generation => {
                self.phase = Phase::Ready;
                self.form = true;
                self.auto_tries = 0;
                Effect::None
            }
            (Phase::Loading, Event::LoadFailed { gen, error }) if gen == self.generation => {
                let effect = retry::plan(&error, self.auto_tries);
                self.phase = Phase::Failed(error);
                effect
            }
            (_, Event::Ready { .. } | Event::LoadFailed { .. }) => Effect::None,

            (Phase::Failed(e), Event::RetryDue { gen })
                if gen == self.generation
                    && !self.form
                    && retry::automatic(&e) == AutoRetry::Backoff
                    && usize::from(self.auto_tries) < BACKOFF_MS.len() =>
            {
                // The budget is checked here too: the machine alone bounds
                // the automatic tries, whatever timers are left running.
                self.auto_tries = self.auto_tries.saturating_add(1);
                self.reload(Effect::Reload)
            }
            (Phase::Failed(e), Event::Online) if !self.form && retry::automatic(&e) != AutoRetry::Never => {
                self.reload(Effect::Reload)
            }
            (_, Event::RetryDue { .. } | Event::Online) => Effect::None,

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

            // Only for the generation it was checked in: a booking changed
            // meanwhile is not the one the return paid for.
            (Phase::Loading, Event::Returned { gen, status })
                if gen == self.generation && status.success_text().is_some() =>
            {
                self.settle(Phase::Succeeded(status))
            }
            (_, Event::Returned { .. }) => Effect::None,

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
            // A form on screen keeps what the customer typed and reads the
            // price again; while paying, that waits for the outcome.
            (Phase::Ready | Phase::Failed(_), Event::Refresh) if self.form => self.fetch_updates(),
            (Phase::Paying, Event::Refresh) => {
                self.refresh_pending = true;
                Effect::None
            }
            (_, Event::Refresh) => Effect::None,

            (_, Event::Updated { gen, replaced }) if gen == self.generation && self.updating => {
                self.updating = false;
                if replaced {
                    return self.reload(Effect::Reload);
                }
                if std::mem::take(&mut self.refresh_pending) {
                    return self.fetch_updates();
                }
                Effect::None
            }
            (_, Event::UpdateFailed { gen, error }) if gen == self.generation && self.updating => {
                self.updating = false;
                self.refresh_pending = false;
                self.phase = Phase::Failed(error);
                Effect::None
            }
            (_, Event::Updated { .. } | Event::UpdateFailed { .. }) => Effect::None,

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
    use crate::errors::{LoadFailure, ServerError, StripeError, StripeErrorKind};
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
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates, "in place: no reload");
        m.on(Event::Updated { gen: 0, replaced: false });
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Refresh), Effect::None, "never while paying");
        m.on(Event::ConfirmFailed(card_error()));
        m.on(Event::Updated { gen: 0, replaced: false });
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates, "a decline keeps the typed details");
        assert_eq!((m.phase(), m.generation()), (&Phase::Failed(card_error()), 0));
    }

    fn load_failed(m: &mut Machine, failure: LoadFailure) -> Effect {
        let gen = m.generation();
        m.on(Event::LoadFailed { gen, error: CheckoutError::Load(failure) })
    }

    #[test]
    fn a_slow_network_is_retried_three_times_with_growing_waits_then_waits_for_try_again() {
        let mut m = Machine::new(target("bk_1", 1));
        let mut waits = Vec::new();
        for _ in 0..4 {
            match load_failed(&mut m, LoadFailure::SlowNetwork) {
                Effect::AwaitRetry { after_ms: Some(ms) } => waits.push(ms),
                Effect::AwaitRetry { after_ms: None } => break,
                other => panic!("unexpected {other:?}"),
            }
            assert!(m.on(Event::RetryDue { gen: m.generation() }) == Effect::Reload);
        }
        assert_eq!(waits, BACKOFF_MS);
        assert_eq!(m.on(Event::RetryDue { gen: m.generation() }), Effect::None, "no fourth automatic try");
        assert_eq!(m.on(Event::RetryPressed), Effect::Reload, "Try again still works");
    }

    #[test]
    fn the_retry_budget_is_renewed_only_once_a_form_has_loaded() {
        let mut m = Machine::new(target("bk_1", 1));
        for _ in 0..3 {
            load_failed(&mut m, LoadFailure::Element(StripeErrorKind::ApiConnection));
            m.on(Event::RetryDue { gen: m.generation() });
        }
        assert_eq!(load_failed(&mut m, LoadFailure::SlowNetwork), Effect::AwaitRetry { after_ms: None });
        m.on(Event::RetryPressed);
        assert_eq!(load_failed(&mut m, LoadFailure::SlowNetwork), Effect::AwaitRetry { after_ms: None }, "no refill");
        m.on(Event::RetryPressed);
        m.on(Event::Ready { gen: m.generation() });
        m.on(Event::TargetChanged(target("bk_2", 1)));
        assert_eq!(load_failed(&mut m, LoadFailure::SlowNetwork), Effect::AwaitRetry { after_ms: Some(BACKOFF_MS[0]) });
    }

    #[test]
    fn coming_back_online_retries_a_network_failure_at_once() {
        let mut m = Machine::new(target("bk_1", 1));
        assert_eq!(
            load_failed(&mut m, LoadFailure::Offline),
            Effect::AwaitRetry { after_ms: None },
            "no timer offline"
        );
        assert_eq!(m.on(Event::Online), Effect::Reload);
        assert_eq!((m.phase(), m.generation()), (&Phase::Loading, 1));
        assert_eq!(m.on(Event::Online), Effect::None, "already loading");
        load_failed(&mut m, LoadFailure::SlowNetwork);
        assert_eq!(m.on(Event::Online), Effect::Reload, "instead of waiting for the back-off");
        assert_eq!(m.on(Event::RetryDue { gen: 1 }), Effect::None, "the older wait is over");
    }

    #[test]
    fn failures_that_time_cannot_fix_wait_for_try_again() {
        for failure in [LoadFailure::ScriptBlocked, LoadFailure::ScriptAltered, LoadFailure::KeyRejected] {
            let mut m = Machine::new(target("bk_1", 1));
            assert_eq!(load_failed(&mut m, failure), Effect::None, "{failure:?}");
            assert_eq!(m.on(Event::Online), Effect::None);
            assert_eq!(m.on(Event::RetryDue { gen: 0 }), Effect::None);
        }
        let mut m = ready();
        assert_eq!(m.on(Event::Online), Effect::None, "a form on screen is left alone");
    }

    #[test]
    fn a_due_retry_after_the_customer_retried_is_dropped() {
        let mut m = Machine::new(target("bk_1", 1));
        load_failed(&mut m, LoadFailure::SlowNetwork);
        m.on(Event::RetryPressed);
        load_failed(&mut m, LoadFailure::SlowNetwork);
        assert_eq!(m.on(Event::RetryDue { gen: 0 }), Effect::None);
        assert_eq!(m.generation(), 1);
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
        m.on(Event::Returned { gen: 0, status: IntentStatus::Succeeded });
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
        let mut m = Machine::new(target("bk_1", 1));
        m.on(Event::Returned { gen: 0, status: IntentStatus::RequiresPaymentMethod });
        assert_eq!(m.phase(), &Phase::Loading);
    }

    /// Regression: a return checked for one booking while the host changed
    /// to another showed "Payment received" for the new, unpaid booking.
    #[test]
    fn a_return_checked_before_the_booking_changed_is_not_the_new_booking_s_success() {
        let mut m = Machine::new(target("bk_1", 1));
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 1))), Effect::Rebuild);
        m.on(Event::Returned { gen: 0, status: IntentStatus::Succeeded });
        assert_eq!(m.phase(), &Phase::Loading);
        m.on(Event::Returned { gen: m.generation(), status: IntentStatus::Succeeded });
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
    }

    #[test]
    fn a_refresh_on_a_ready_form_reads_the_price_again_in_place_and_pay_waits_for_it() {
        let mut m = ready();
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates);
        assert_eq!((m.phase(), m.generation(), m.form_shown()), (&Phase::Ready, 0, true), "same form, nothing reloads");
        assert!(m.updating() && !m.can_pay(), "no confirmation against an amount not yet on screen");
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.on(Event::Refresh), Effect::None, "one re-read at a time");
        assert_eq!(m.on(Event::Updated { gen: 0, replaced: false }), Effect::FetchUpdates, "the queued one runs next");
        assert_eq!(m.on(Event::Updated { gen: 0, replaced: false }), Effect::None);
        assert!(m.can_pay());
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);
    }

    #[test]
    fn a_price_change_that_arrives_while_paying_is_applied_after_the_outcome() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Refresh), Effect::None, "never in the middle of a confirmation");
        assert_eq!(m.on(Event::ConfirmFailed(card_error())), Effect::FetchUpdates);
        assert!(!m.can_pay(), "the decline's Pay waits for the new amount");
        m.on(Event::Updated { gen: 0, replaced: false });
        assert!(m.can_pay());

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::Refresh);
        assert_eq!(m.on(Event::Confirmed(IntentStatus::Succeeded)), Effect::None, "paid: nothing to re-read");
        assert_eq!(m.phase(), &Phase::Succeeded(IntentStatus::Succeeded));
    }

    #[test]
    fn a_confirmation_refused_for_a_changed_price_shows_the_new_price_before_pay_is_offered_again() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::ConfirmFailed(CheckoutError::PriceChanged)), Effect::FetchUpdates);
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::PriceChanged));
        assert!(!m.can_pay());
        m.on(Event::Updated { gen: 0, replaced: false });
        assert!(m.can_pay(), "the customer pays again, now for the amount on screen");
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);
    }

    #[test]
    fn a_replaced_intent_rebuilds_the_form_and_a_failed_re_read_offers_a_retry() {
        let mut m = ready();
        m.on(Event::Refresh);
        assert_eq!(m.on(Event::Updated { gen: 0, replaced: true }), Effect::Reload);
        assert_eq!((m.phase(), m.generation()), (&Phase::Loading, 1));
        assert!(!m.updating());

        let mut m = ready();
        m.on(Event::Refresh);
        let down = CheckoutError::Server(ServerError::Unavailable);
        assert_eq!(m.on(Event::UpdateFailed { gen: 0, error: down.clone() }), Effect::None);
        assert_eq!(m.phase(), &Phase::Failed(down));
        assert!(!m.can_pay() && !m.updating());
        assert_eq!(m.on(Event::RetryPressed), Effect::Reload, "a fresh load shows the server's price");
    }

    #[test]
    fn an_answer_to_an_older_re_read_is_dropped() {
        let mut m = ready();
        m.on(Event::Refresh);
        m.on(Event::TargetChanged(target("bk_2", 12_500)));
        assert_eq!(m.on(Event::Updated { gen: 0, replaced: true }), Effect::None);
        assert_eq!(m.on(Event::UpdateFailed { gen: 0, error: CheckoutError::Integration }), Effect::None);
        assert_eq!((m.phase(), m.generation()), (&Phase::Loading, 1));
    }

    #[test]
    fn confirm_results_outside_paying_are_ignored() {
        let mut m = ready();
        assert_eq!(m.on(Event::Confirmed(IntentStatus::Succeeded)), Effect::None);
        assert_eq!(m.phase(), &Phase::Ready);
    }
}
