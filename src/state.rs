//! The checkout's state machine: pure, so every decision is tested on the host.
//!
//! The controller feeds it events and carries out the [`Effect`] each
//! returns; it decides nothing itself. Async results carry the load they
//! were started in; a result from an older load (one for a booking that has
//! since changed) is dropped, so a stale intent can never be confirmed.
//!
//! The machine owns the facts every decision needs: what is being paid for
//! ([`PaymentTarget`]), the terms and amount on screen, the redirect return still to
//! finish, and where the payment stands ([`Phase`], which carries the data
//! of a payment in flight and of a success).

mod retry;

pub use retry::{AutoRetry, BACKOFF_MS};

use crate::errors::{CheckoutError, Recovery, ServerError};
use crate::redirect::Vouched;
use crate::status::{Intent, IntentStatus};
use booking_contract::{ClientSecret, Money, PaymentTerms};

/// What is being paid for. A new booking rebuilds the Elements group; a new
/// deferred price for the same booking, on the same policy, updates the
/// mounted one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTarget {
    /// Booking id.
    pub booking_id: String,
    /// The terms, when known before the intent exists (deferred flow).
    pub terms: Option<PaymentTerms>,
}

/// A confirmation in flight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payment {
    /// The wallet the customer approved (`apple_pay`, …); `None` for Pay.
    pub wallet: Option<String>,
    /// `handleNextAction` has run once for this payment.
    next_action_tried: bool,
    /// The outcome is unknown and the intent is being read.
    uncertain: bool,
}

/// A payment that is done from the customer's point of view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    /// `succeeded`, `processing` or `requires_capture`.
    pub status: IntentStatus,
    /// The PaymentIntent or SetupIntent id (`pi_…`, `seti_…`; not secret).
    pub intent_id: String,
    /// The wallet it was paid with, `None` for the Pay button.
    pub wallet: Option<String>,
}

impl Paid {
    fn new(intent: Intent, wallet: Option<String>) -> Self {
        Self { status: intent.status, intent_id: intent.id, wallet }
    }
}

/// Where the checkout stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Stripe.js, the intent and the element are loading.
    Loading,
    /// The element fired `ready`; Pay is enabled.
    Ready,
    /// A confirmation is in flight; Pay is disabled.
    Paying(Payment),
    /// Done from the customer's point of view.
    Succeeded(Paid),
    /// Failed; [`CheckoutError::recovery`] says whether and how to retry.
    Failed(CheckoutError),
}

/// A redirect return the checkout has not finished yet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Return {
    /// Its intent is not read yet.
    Unread(ClientSecret),
    /// Its intent succeeded; the booking's create-intent answer has not
    /// vouched for it yet (the link may carry another payment's secret).
    Unvouched(ClientSecret, Intent),
}

/// How a price read again came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceUpdate {
    /// Nothing to read: a deferred form's amount is the host's, and the
    /// one on screen stands.
    Unchanged,
    /// The same intent, now on these terms; the mounted group follows it.
    Same(PaymentTerms),
    /// The server handed out another intent, on these terms (the old one
    /// was canceled or replaced): the group must be built again for it.
    Replaced(PaymentTerms),
}

/// Input to the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The view is on the page: the checkout starts.
    Started,
    /// Stripe.js is loaded and, intent-first, create-intent answered with
    /// this intent and the booking's terms (for load `load`).
    Fetched {
        /// The load this belongs to.
        load: u32,
        /// The intent's client secret and the terms (intent-first only).
        intent: Option<(ClientSecret, PaymentTerms)>,
    },
    /// The element is ready.
    Ready {
        /// The load this belongs to.
        load: u32,
    },
    /// Loading failed (Stripe.js, create-intent, or `loaderror`).
    LoadFailed {
        /// The load this belongs to.
        load: u32,
        /// Why.
        error: CheckoutError,
    },
    /// The customer pressed Pay.
    PayPressed,
    /// The customer approved a wallet payment (`expressPaymentType`).
    WalletApproved(String),
    /// Before confirming, the server's terms (or price) turned out to
    /// differ from the ones on screen: nothing was confirmed.
    Repriced(PaymentTerms),
    /// Confirmation (or next action) resolved with this intent.
    Confirmed(Intent),
    /// Confirmation resolved with an error or threw.
    ConfirmFailed(CheckoutError),
    /// The intent was read after an uncertain confirmation (`None`: it
    /// could not be read).
    Reconciled(Option<Intent>),
    /// The customer pressed Try again (or Check again).
    RetryPressed,
    /// The host changed the booking or the amount.
    TargetChanged(PaymentTarget),
    /// The host asks for a fresh load, e.g. after the customer signed in.
    Refresh,
    /// The mounted form can no longer be used (Stripe refused an in-place
    /// update), so it must not take a payment.
    FormFailed(CheckoutError),
    /// A redirect return's intent was read (the URL's `redirect_status` is
    /// not trusted).
    ReturnRead {
        /// The load this belongs to.
        load: u32,
        /// The intent, or why it could not be read.
        result: Result<Intent, CheckoutError>,
    },
    /// The booking's create-intent answer was asked about a returned intent.
    ReturnChecked {
        /// The load this belongs to.
        load: u32,
        /// What it said.
        vouched: Vouched,
    },
    /// The wait of an [`Effect::AwaitRetry`] is over.
    RetryDue {
        /// The load that failed.
        load: u32,
    },
    /// The browser came back online (its `online` event).
    Online,
    /// The server's price and the Elements group were read again
    /// ([`Effect::FetchUpdates`]).
    Updated {
        /// The load this belongs to.
        load: u32,
        /// What was found.
        update: PriceUpdate,
    },
    /// Reading the new price failed: the form may not show the intent's amount.
    UpdateFailed {
        /// The load this belongs to.
        load: u32,
        /// Why.
        error: CheckoutError,
    },
}

/// What a load starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadStep {
    /// Read the intent of a redirect return ([`Event::ReturnRead`]).
    ReadReturn(ClientSecret),
    /// Ask the booking's create-intent whether it vouches for the returned
    /// intent with this id ([`Event::ReturnChecked`]).
    CheckReturn(String),
    /// Load Stripe.js (and, intent-first, create the intent): the form.
    /// `notice` is said above it (a redirect return that did not succeed).
    Form {
        /// What to say above the form while it loads.
        notice: Option<CheckoutError>,
    },
}

/// What the controller must do after an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// Drop everything the last load created and start `step` for the
    /// current load; `fresh` asks for a new create-intent attempt (a new
    /// target), else the attempt and its idempotency key are kept.
    Load {
        /// A new create-intent attempt.
        fresh: bool,
        /// What the load starts with.
        step: LoadStep,
    },
    /// Create the Elements group for this intent (intent-first) or for the
    /// amount on screen (deferred), and mount the element(s).
    Mount(Option<ClientSecret>),
    /// Call `confirmPayment` / `confirmCardPayment` once.
    Confirm,
    /// Run `handleNextAction` for a `requires_action` intent.
    HandleNextAction,
    /// Retrieve the intent to learn whether an uncertain confirmation went through.
    Reconcile,
    /// Tell the mounted Elements group these new (deferred) terms of the
    /// same policy, in place: what the customer typed stays. An intent
    /// created for the old ones is forgotten.
    UpdateTerms(PaymentTerms),
    /// The load failed in a way time can fix: send [`Event::RetryDue`]
    /// after `after_ms` (no timer when `None`) and [`Event::Online`] when
    /// the browser comes back online. Whatever happens first, or a newer
    /// effect, cancels the rest.
    AwaitRetry {
        /// The back-off before the next automatic try, if one is left.
        after_ms: Option<u32>,
    },
    /// Ask the server for the booking's intent again: the same one is
    /// followed in place (`elements.fetchUpdates()`), a new one (a new
    /// price) is mounted afresh; Pay waits until it has answered.
    FetchUpdates,
}

/// Whether a deferred form made for `a` can take `b` in place: the same
/// policy in the same currency is the same Elements group (mode, capture,
/// saving the card), only its amount changes.
fn same_form(a: &PaymentTerms, b: &PaymentTerms) -> bool {
    a.policy() == b.policy() && a.total().currency == b.total().currency
}

/// The checkout state machine.
#[derive(Debug, Clone)]
pub struct Machine {
    phase: Phase,
    target: PaymentTarget,
    /// The terms the customer sees, with the price: what a confirmation
    /// must charge, hold or save the card for, and nothing else.
    terms: Option<PaymentTerms>,
    /// The current load: results of older ones are dropped.
    load: u32,
    /// The element of this load reached `ready`: the form is on screen.
    form: bool,
    /// A change of target that waits for a payment's outcome.
    pending_target: Option<PaymentTarget>,
    /// Automatic load retries since a form last loaded (see [`retry`]).
    auto_tries: u8,
    /// The price is being read again: Pay must wait for the new amount.
    updating: bool,
    /// A price re-read was asked for while it could not run (a payment in
    /// flight, another re-read): it runs once that is over.
    refresh_pending: bool,
    /// A redirect return still to finish.
    redirect_return: Option<Return>,
    /// The wallet of a payment whose outcome is unknown, for the success
    /// a later re-read may still find.
    unconfirmed_wallet: Option<String>,
}

impl Machine {
    /// A machine that will load `target`, finishing the redirect return of
    /// `return_secret` first.
    pub fn new(target: PaymentTarget, return_secret: Option<ClientSecret>) -> Self {
        Self {
            phase: Phase::Loading,
            terms: target.terms,
            target,
            load: 0,
            form: false,
            pending_target: None,
            auto_tries: 0,
            updating: false,
            refresh_pending: false,
            redirect_return: return_secret.map(Return::Unread),
            unconfirmed_wallet: None,
        }
    }

    /// Current phase.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The current load: async work started now must report it back.
    pub fn load(&self) -> u32 {
        self.load
    }

    /// Current target.
    pub fn target(&self) -> &PaymentTarget {
        &self.target
    }

    /// The booking's price the customer sees, once known.
    pub fn amount(&self) -> Option<Money> {
        self.terms.as_ref().map(PaymentTerms::total)
    }

    /// The terms the customer sees, once known: a confirmation must do
    /// exactly what they say (a deferred form's are the whole amount now).
    pub fn terms(&self) -> Option<&PaymentTerms> {
        self.terms.as_ref()
    }

    /// Whether the payment form of this load is on screen (it became ready
    /// and was not torn down since).
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

    /// Takes the secret of a redirect return not finished yet, for the
    /// checkout that replaces this one.
    pub fn take_return(&mut self) -> Option<ClientSecret> {
        match self.redirect_return.take()? {
            Return::Unread(secret) | Return::Unvouched(secret, _) => Some(secret),
        }
    }

    /// What a load starts with: an unfinished redirect return first.
    fn first_step(&self) -> LoadStep {
        match &self.redirect_return {
            Some(Return::Unread(secret)) => LoadStep::ReadReturn(secret.clone()),
            Some(Return::Unvouched(_, intent)) => LoadStep::CheckReturn(intent.id.clone()),
            None => LoadStep::Form { notice: None },
        }
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

    /// A new load of the current target whose form says `notice` above it
    /// (unless a redirect return is still to be finished first).
    fn reload_with(&mut self, notice: Option<CheckoutError>) -> Effect {
        match self.reload(false) {
            Effect::Load { fresh, step: LoadStep::Form { .. } } => {
                Effect::Load { fresh, step: LoadStep::Form { notice } }
            }
            other => other,
        }
    }

    /// A new load of the current target; `fresh` with a new attempt.
    fn reload(&mut self, fresh: bool) -> Effect {
        self.load = self.load.wrapping_add(1);
        self.phase = Phase::Loading;
        self.terms = self.target.terms;
        self.form = false;
        self.updating = false;
        self.refresh_pending = false;
        Effect::Load { fresh, step: self.first_step() }
    }

    /// Takes a new target: new deferred terms of the same policy for the
    /// same booking go into the mounted form; anything else needs a new
    /// Elements group.
    fn retarget(&mut self, target: PaymentTarget) -> Effect {
        let same_booking = target.booking_id == self.target.booking_id;
        let same_group = match (&target.terms, &self.target.terms) {
            (Some(new), Some(old)) => same_form(new, old),
            _ => false,
        };
        let in_place = self.form && same_booking && same_group;
        if !same_booking {
            // The return paid for the booking that was left.
            self.redirect_return = None;
        }
        self.target = target;
        match (in_place, self.target.terms) {
            (true, Some(terms)) => {
                self.terms = Some(terms);
                Effect::UpdateTerms(terms)
            }
            _ => self.reload(true),
        }
    }

    /// A load step failed with `error`: said, and retried if time can fix it.
    fn load_failed(&mut self, error: CheckoutError) -> Effect {
        let effect = retry::wait(&error, self.auto_tries)
            .map_or(Effect::None, |wait| Effect::AwaitRetry { after_ms: wait.after_ms });
        self.phase = Phase::Failed(error);
        effect
    }

    /// Ends a payment (or a redirect return) in `phase`, then applies what
    /// waited for its outcome.
    fn conclude(&mut self, phase: Phase) -> Effect {
        self.phase = phase;
        match &self.phase {
            // The old target's payment may have gone through: a new target
            // waits until a re-read has settled that.
            Phase::Failed(e) if e.recovery() == Recovery::CheckAgain => return Effect::None,
            Phase::Succeeded(_) => {
                self.pending_target = None;
                self.refresh_pending = false;
            }
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

    /// What an intent read after an uncertain confirmation says.
    fn reconciled(&mut self, payment: Payment, intent: Option<Intent>) -> Effect {
        match intent {
            Some(i) if i.status.is_success() => self.conclude(Phase::Succeeded(Paid::new(i, payment.wallet))),
            // Intent-first, the server cancels the intent on screen when the
            // booking's price changes, and Stripe refused to confirm it:
            // nothing was charged, and the booking's new intent is read.
            Some(i) if i.status == IntentStatus::Canceled && self.target.terms.is_none() => {
                self.refresh_pending = true;
                self.conclude(Phase::Failed(CheckoutError::NotCompleted(i.status)))
            }
            // The intent says the charge did not go through, so paying
            // again is safe: the same intent is confirmed, never a new one.
            Some(i) => self.conclude(Phase::Failed(CheckoutError::NotCompleted(i.status))),
            // Neither the answer nor the intent could be read: the
            // customer must not pay again until a re-read says so.
            None => {
                self.unconfirmed_wallet = payment.wallet;
                self.conclude(Phase::Failed(CheckoutError::Unconfirmed))
            }
        }
    }

    /// The server's terms differ from the ones on screen: the payment was
    /// refused before confirming, and the server's are shown before Pay is
    /// offered again. A deferred form takes them (in place when the policy
    /// is the same); an intent-first form reads its intent again. Said as
    /// a new price when the price moved, as new terms otherwise.
    fn repriced(&mut self, terms: PaymentTerms) -> Effect {
        let error = if self.amount() == Some(terms.total()) {
            CheckoutError::Server(ServerError::TermsChanged)
        } else {
            CheckoutError::PriceChanged
        };
        let mut same_booking = true;
        if self.target.terms.is_some() {
            let mut target = self.pending_target.take().unwrap_or_else(|| self.target.clone());
            same_booking = target.booking_id == self.target.booking_id;
            if same_booking {
                target.terms = Some(terms);
            }
            self.pending_target = Some(target);
        } else {
            self.refresh_pending = true;
        }
        match self.conclude(Phase::Failed(error.clone())) {
            // A form made anew for the server's terms says why it is new
            // (one for another booking the host chose meanwhile does not).
            Effect::Load { fresh, step: LoadStep::Form { notice: None } } if same_booking => {
                Effect::Load { fresh, step: LoadStep::Form { notice: Some(error) } }
            }
            effect => effect,
        }
    }

    /// Applies `event` and returns what the controller must do.
    pub fn on(&mut self, event: Event) -> Effect {
        let current = self.load;
        match (self.phase.clone(), event) {
            (Phase::Loading, Event::Started) => Effect::Load { fresh: false, step: self.first_step() },
            (_, Event::Started) => Effect::None,

            (Phase::Loading, Event::Fetched { load, intent }) if load == current => match intent {
                Some((secret, terms)) => {
                    self.terms = Some(terms);
                    Effect::Mount(Some(secret))
                }
                None if self.terms.is_some() => Effect::Mount(None),
                // Intent-first without an intent cannot mount anything.
                None => self.load_failed(CheckoutError::Integration),
            },
            (Phase::Loading, Event::Ready { load }) if load == current => {
                self.phase = Phase::Ready;
                self.form = true;
                self.auto_tries = 0;
                Effect::None
            }
            (Phase::Loading, Event::LoadFailed { load, error }) if load == current => self.load_failed(error),
            (_, Event::Fetched { .. } | Event::Ready { .. } | Event::LoadFailed { .. }) => Effect::None,

            (Phase::Loading, Event::ReturnRead { load, result }) if load == current => {
                match (result, self.redirect_return.take()) {
                    (Ok(intent), Some(Return::Unread(secret))) if intent.status.is_success() => {
                        let id = intent.id.clone();
                        self.redirect_return = Some(Return::Unvouched(secret, intent));
                        Effect::Load { fresh: false, step: LoadStep::CheckReturn(id) }
                    }
                    // Not paid: said above the booking's form, loaded again.
                    (Ok(intent), _) => Effect::Load {
                        fresh: false,
                        step: LoadStep::Form { notice: Some(CheckoutError::NotCompleted(intent.status)) },
                    },
                    // Not read: said as a failed load, and read again by the next one.
                    (Err(error), kept) => {
                        self.redirect_return = kept;
                        self.load_failed(error)
                    }
                }
            }
            (Phase::Loading, Event::ReturnChecked { load, vouched }) if load == current => {
                match (vouched, self.redirect_return.take()) {
                    (Vouched::Yes(terms), Some(Return::Unvouched(_, intent))) => {
                        self.terms = terms.or(self.terms);
                        self.conclude(Phase::Succeeded(Paid::new(intent, None)))
                    }
                    (Vouched::Unknown(error), kept) => {
                        self.redirect_return = kept;
                        self.load_failed(error)
                    }
                    // Not this booking's payment: its outcome says nothing
                    // here, and the booking's own form is what is due.
                    _ => Effect::Load { fresh: false, step: LoadStep::Form { notice: None } },
                }
            }
            (_, Event::ReturnRead { .. } | Event::ReturnChecked { .. }) => Effect::None,

            (Phase::Failed(e), Event::RetryDue { load })
                if load == current
                    && !self.form
                    && retry::automatic(&e) == AutoRetry::Backoff
                    && usize::from(self.auto_tries) < BACKOFF_MS.len() =>
            {
                // The budget is checked here too: the machine alone bounds
                // the automatic tries, whatever timers are left running.
                self.auto_tries = self.auto_tries.saturating_add(1);
                self.reload(false)
            }
            (Phase::Failed(e), Event::Online) if !self.form && retry::automatic(&e) != AutoRetry::Never => {
                self.reload(false)
            }
            (_, Event::RetryDue { .. } | Event::Online) => Effect::None,

            (Phase::Ready | Phase::Failed(_), Event::FormFailed(error)) if self.form => {
                self.form = false;
                self.phase = Phase::Failed(error);
                Effect::None
            }
            (_, Event::FormFailed(_)) => Effect::None,

            (_, Event::PayPressed) if self.can_pay() => {
                self.phase = Phase::Paying(Payment::default());
                Effect::Confirm
            }
            (_, Event::WalletApproved(wallet)) if self.can_pay() => {
                self.phase = Phase::Paying(Payment { wallet: Some(wallet), ..Payment::default() });
                Effect::Confirm
            }
            (_, Event::PayPressed | Event::WalletApproved(_)) => Effect::None,

            (Phase::Paying(p), Event::Repriced(terms)) if !p.uncertain => self.repriced(terms),
            (Phase::Paying(mut p), Event::Confirmed(intent)) => {
                if intent.status.is_success() {
                    return self.conclude(Phase::Succeeded(Paid::new(intent, p.wallet)));
                }
                if intent.status == IntentStatus::RequiresAction && !p.next_action_tried {
                    p.next_action_tried = true;
                    self.phase = Phase::Paying(p);
                    return Effect::HandleNextAction;
                }
                self.reconciled(p, Some(intent))
            }
            (Phase::Paying(mut p), Event::ConfirmFailed(error)) => {
                if error == CheckoutError::Server(ServerError::TermsChanged) {
                    // Refused before confirming: the booking's terms are
                    // read again and shown before Pay is offered again.
                    self.refresh_pending = true;
                }
                if error.recovery() != Recovery::Reconcile {
                    return self.conclude(Phase::Failed(error));
                }
                // Refused for the intent's state with the intent at hand:
                // it already says what happened.
                if let Some(intent) = error.reported_intent() {
                    return self.reconciled(p, Some(intent.clone()));
                }
                p.uncertain = true;
                self.phase = Phase::Paying(p);
                Effect::Reconcile
            }
            (Phase::Paying(p), Event::Reconciled(intent)) if p.uncertain => self.reconciled(p, intent),
            (_, Event::Repriced(_) | Event::Confirmed(_) | Event::ConfirmFailed(_) | Event::Reconciled(_)) => {
                Effect::None
            }

            (Phase::Failed(e), Event::RetryPressed | Event::Refresh) if e.recovery() == Recovery::CheckAgain => {
                // Reads the intent again; Pay stays disabled until it answers.
                let wallet = self.unconfirmed_wallet.take();
                self.phase = Phase::Paying(Payment { wallet, uncertain: true, ..Payment::default() });
                Effect::Reconcile
            }
            (Phase::Failed(e), Event::RetryPressed) if e.recovery() == Recovery::Retry => self.reload(false),
            (_, Event::RetryPressed) => Effect::None,

            // A form the customer may pay with again keeps what they typed;
            // any other failure loads afresh (after a sign-in, say).
            (Phase::Failed(e), Event::Refresh) if e.recovery() != Recovery::PayAgain => self.reload(false),
            // A form on screen keeps what the customer typed and reads the
            // price again; while paying, that waits for the outcome.
            (Phase::Ready | Phase::Failed(_), Event::Refresh) if self.form => self.fetch_updates(),
            (Phase::Paying(_), Event::Refresh) => {
                self.refresh_pending = true;
                Effect::None
            }
            // After a success the host says the booking changed (cancelled,
            // say): intent-first asks the server, which says where it
            // stands. A deferred form would only offer Pay again.
            (Phase::Succeeded(_), Event::Refresh) if self.target.terms.is_none() => self.reload(false),
            (_, Event::Refresh) => Effect::None,

            (_, Event::Updated { load, update }) if load == current && self.updating => {
                self.updating = false;
                match update {
                    PriceUpdate::Replaced(terms) => {
                        // The new form says why it is new: the price moved,
                        // or the payment tried on the old intent did not
                        // complete.
                        let notice = match &self.phase {
                            _ if self.amount() != Some(terms.total()) => Some(CheckoutError::PriceChanged),
                            _ if self.terms != Some(terms) => Some(CheckoutError::Server(ServerError::TermsChanged)),
                            Phase::Failed(e @ CheckoutError::NotCompleted(IntentStatus::Canceled)) => Some(e.clone()),
                            _ => None,
                        };
                        self.reload_with(notice)
                    }
                    update => {
                        if let PriceUpdate::Same(terms) = update {
                            self.terms = Some(terms);
                        }
                        if std::mem::take(&mut self.refresh_pending) {
                            return self.fetch_updates();
                        }
                        Effect::None
                    }
                }
            }
            (_, Event::UpdateFailed { load, error }) if load == current && self.updating => {
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
                    Phase::Paying(_) => {
                        self.pending_target = Some(t);
                        Effect::None
                    }
                    Phase::Failed(e) if e.recovery() == Recovery::CheckAgain => {
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
    use booking_contract::ClientSecret;
    use booking_contract::Currency;

    fn target(id: &str, amount: i64) -> PaymentTarget {
        PaymentTarget {
            booking_id: id.into(),
            terms: Some(pay_now(Money::new(amount, Currency::parse("eur").unwrap()).unwrap())),
        }
    }

    fn pay_now(total: Money) -> PaymentTerms {
        PaymentTerms::PayNow { total }
    }

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn intent(status: IntentStatus) -> Intent {
        Intent { id: "pi_1".into(), status, amount: None }
    }

    fn paid(status: IntentStatus) -> Paid {
        Paid { status, intent_id: "pi_1".into(), wallet: None }
    }

    fn paying() -> Phase {
        Phase::Paying(Payment::default())
    }

    fn reload() -> Effect {
        Effect::Load { fresh: false, step: LoadStep::Form { notice: None } }
    }

    fn rebuild() -> Effect {
        Effect::Load { fresh: true, step: LoadStep::Form { notice: None } }
    }

    fn ready() -> Machine {
        let mut m = Machine::new(target("bk_1", 12_500), None);
        assert_eq!(m.on(Event::Ready { load: 0 }), Effect::None);
        assert_eq!(m.phase(), &Phase::Ready);
        m
    }

    fn card_error() -> CheckoutError {
        CheckoutError::Stripe(StripeError::new("card_error", Some("Your card was declined.".into())))
    }

    #[test]
    fn pay_is_disabled_until_the_element_is_ready() {
        let mut m = Machine::new(target("bk_1", 1), None);
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
        assert_eq!(m.phase(), &paying());
    }

    #[test]
    fn a_succeeded_intent_ends_the_checkout_and_pay_stays_disabled() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Confirmed(intent(IntentStatus::Succeeded))), Effect::None);
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.on(Event::RetryPressed), Effect::None);
    }

    #[test]
    fn processing_and_requires_capture_count_as_success() {
        for s in [IntentStatus::Processing, IntentStatus::RequiresCapture] {
            let mut m = ready();
            m.on(Event::PayPressed);
            m.on(Event::Confirmed(intent(s)));
            assert_eq!(m.phase(), &Phase::Succeeded(paid(s)));
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
        assert_eq!(m.on(Event::Confirmed(intent(IntentStatus::RequiresAction))), Effect::HandleNextAction);
        assert_eq!(m.on(Event::Confirmed(intent(IntentStatus::RequiresAction))), Effect::None);
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::NotCompleted(IntentStatus::RequiresAction)));
        assert!(m.can_pay());
    }

    #[test]
    fn requires_payment_method_after_confirm_lets_the_customer_try_again() {
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::Confirmed(intent(IntentStatus::RequiresPaymentMethod)));
        assert!(m.can_pay());
    }

    #[test]
    fn a_lost_confirmation_answer_is_reconciled_before_anything_else() {
        let mut m = ready();
        m.on(Event::PayPressed);
        let lost = CheckoutError::Stripe(StripeError::new("api_connection_error", None));
        assert_eq!(m.on(Event::ConfirmFailed(lost)), Effect::Reconcile);
        assert!(matches!(m.phase(), Phase::Paying(_)), "pay stays disabled while reconciling");
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        m.on(Event::Reconciled(Some(intent(IntentStatus::Succeeded))));
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
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
        assert!(matches!(m.phase(), Phase::Paying(_)));
        assert_eq!(m.on(Event::Reconciled(None)), Effect::None);
        assert_eq!(m.on(Event::Refresh), Effect::Reconcile, "a host refresh re-reads too, it does not reload");
        m.on(Event::Reconciled(Some(intent(IntentStatus::RequiresPaymentMethod))));
        assert!(m.can_pay(), "once the intent says the charge did not go through, paying is safe");
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        m.on(Event::Reconciled(None));
        m.on(Event::RetryPressed);
        m.on(Event::Reconciled(Some(intent(IntentStatus::Succeeded))));
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
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
        assert_eq!(m.on(Event::Reconciled(Some(intent(IntentStatus::RequiresPaymentMethod)))), rebuild());
        assert_eq!(m.target(), &target("bk_2", 99));

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_2", 99)));
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        m.on(Event::Reconciled(None));
        m.on(Event::RetryPressed);
        assert_eq!(
            m.on(Event::Reconciled(Some(intent(IntentStatus::Succeeded)))),
            Effect::None,
            "paid: nothing to rebuild"
        );
    }

    #[test]
    fn a_reconciled_intent_that_did_not_succeed_allows_paying_again() {
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_error", None))));
        m.on(Event::Reconciled(Some(intent(IntentStatus::RequiresPaymentMethod))));
        assert!(m.can_pay());
    }

    #[test]
    fn a_changed_booking_rebuilds_and_drops_results_of_the_old_load() {
        let mut m = Machine::new(target("bk_1", 100), None);
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 100))), rebuild());
        assert_eq!(m.load(), 1);
        // The old load finishing must not make the new one ready.
        assert_eq!(m.on(Event::Ready { load: 0 }), Effect::None);
        assert_eq!(m.phase(), &Phase::Loading);
        m.on(Event::Ready { load: 1 });
        assert_eq!(m.phase(), &Phase::Ready);
    }

    #[test]
    fn a_changed_booking_on_a_ready_form_rebuilds_it() {
        let mut m = ready();
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 12_500))), rebuild());
        assert_eq!(m.phase(), &Phase::Loading);
        assert!(!m.can_pay(), "the stale element cannot be used to pay");
        assert!(!m.form_shown());
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 12_500))), Effect::None);
    }

    #[test]
    fn a_changed_deferred_amount_on_a_ready_form_is_updated_in_place() {
        let mut m = ready();
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 20_000))), Effect::UpdateTerms(pay_now(eur(20_000))));
        assert_eq!((m.phase(), m.load()), (&Phase::Ready, 0), "same form, same generation");
        assert_eq!(m.target(), &target("bk_1", 20_000));
        assert!(m.can_pay());
        // While loading there is no form to update: a new group is built.
        let mut m = Machine::new(target("bk_1", 100), None);
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 200))), rebuild());
    }

    #[test]
    fn a_form_that_failed_cannot_pay_and_offers_a_reload() {
        let mut m = ready();
        m.on(Event::FormFailed(CheckoutError::Integration));
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::Integration));
        assert!(!m.can_pay() && !m.form_shown());
        assert_eq!(m.on(Event::RetryPressed), reload());
    }

    #[test]
    fn a_change_during_payment_waits_and_applies_only_if_the_payment_failed() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 99))), Effect::None);
        assert_eq!(m.on(Event::ConfirmFailed(card_error())), Effect::UpdateTerms(pay_now(eur(99))));
        assert_eq!(m.target(), &target("bk_1", 99));

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_2", 12_500)));
        assert_eq!(m.on(Event::ConfirmFailed(card_error())), rebuild());

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_1", 99)));
        assert_eq!(m.on(Event::Confirmed(intent(IntentStatus::Succeeded))), Effect::None);
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
    }

    #[test]
    fn load_failures_offer_a_retry_that_starts_a_new_generation() {
        let mut m = Machine::new(target("bk_1", 1), None);
        m.on(Event::LoadFailed { load: 0, error: CheckoutError::StripeUnavailable });
        assert!(!m.can_pay());
        assert_eq!(m.on(Event::RetryPressed), reload());
        assert_eq!((m.phase(), m.load()), (&Phase::Loading, 1));
    }

    #[test]
    fn a_sign_in_failure_offers_no_retry_but_reloads_on_refresh() {
        let mut m = Machine::new(target("bk_1", 1), None);
        m.on(Event::LoadFailed { load: 0, error: CheckoutError::Server(ServerError::SignIn) });
        assert_eq!(m.on(Event::RetryPressed), Effect::None, "a retry cannot work before the customer signs in");
        assert_eq!(m.on(Event::Refresh), reload());
        assert_eq!((m.phase(), m.load()), (&Phase::Loading, 1));
    }

    #[test]
    fn refresh_keeps_a_form_the_customer_is_using() {
        let mut m = ready();
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates, "in place: no reload");
        m.on(Event::Updated { load: 0, update: PriceUpdate::Unchanged });
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Refresh), Effect::None, "never while paying");
        m.on(Event::ConfirmFailed(card_error()));
        m.on(Event::Updated { load: 0, update: PriceUpdate::Unchanged });
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates, "a decline keeps the typed details");
        assert_eq!((m.phase(), m.load()), (&Phase::Failed(card_error()), 0));
    }

    /// After a success, a refresh means the booking changed (the guest
    /// cancelled it beside the checkout): intent-first reads it again and
    /// shows where it stands, rather than "Payment received" beside
    /// "Booking cancelled"; a deferred form never offers Pay again.
    #[test]
    fn a_refresh_after_a_success_reads_the_booking_again_only_intent_first() {
        let mut m = intent_first_ready();
        m.on(Event::PayPressed);
        m.on(Event::Confirmed(intent(IntentStatus::Succeeded)));
        assert_eq!(m.on(Event::Refresh), reload());
        assert_eq!((m.phase(), m.load()), (&Phase::Loading, 1));

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::Confirmed(intent(IntentStatus::Succeeded)));
        assert_eq!(m.on(Event::Refresh), Effect::None);
        assert!(matches!(m.phase(), Phase::Succeeded(_)));
    }

    fn load_failed(m: &mut Machine, failure: LoadFailure) -> Effect {
        let load = m.load();
        m.on(Event::LoadFailed { load, error: CheckoutError::Load(failure) })
    }

    #[test]
    fn a_slow_network_is_retried_three_times_with_growing_waits_then_waits_for_try_again() {
        let mut m = Machine::new(target("bk_1", 1), None);
        let mut waits = Vec::new();
        for _ in 0..4 {
            match load_failed(&mut m, LoadFailure::SlowNetwork) {
                Effect::AwaitRetry { after_ms: Some(ms) } => waits.push(ms),
                Effect::AwaitRetry { after_ms: None } => break,
                other => panic!("unexpected {other:?}"),
            }
            assert!(m.on(Event::RetryDue { load: m.load() }) == reload());
        }
        assert_eq!(waits, BACKOFF_MS);
        assert_eq!(m.on(Event::RetryDue { load: m.load() }), Effect::None, "no fourth automatic try");
        assert_eq!(m.on(Event::RetryPressed), reload(), "Try again still works");
    }

    #[test]
    fn the_retry_budget_is_renewed_only_once_a_form_has_loaded() {
        let mut m = Machine::new(target("bk_1", 1), None);
        for _ in 0..3 {
            load_failed(&mut m, LoadFailure::Element(StripeErrorKind::ApiConnection));
            m.on(Event::RetryDue { load: m.load() });
        }
        assert_eq!(load_failed(&mut m, LoadFailure::SlowNetwork), Effect::AwaitRetry { after_ms: None });
        m.on(Event::RetryPressed);
        assert_eq!(load_failed(&mut m, LoadFailure::SlowNetwork), Effect::AwaitRetry { after_ms: None }, "no refill");
        m.on(Event::RetryPressed);
        m.on(Event::Ready { load: m.load() });
        m.on(Event::TargetChanged(target("bk_2", 1)));
        assert_eq!(load_failed(&mut m, LoadFailure::SlowNetwork), Effect::AwaitRetry { after_ms: Some(BACKOFF_MS[0]) });
    }

    #[test]
    fn coming_back_online_retries_a_network_failure_at_once() {
        let mut m = Machine::new(target("bk_1", 1), None);
        assert_eq!(
            load_failed(&mut m, LoadFailure::Offline),
            Effect::AwaitRetry { after_ms: None },
            "no timer offline"
        );
        assert_eq!(m.on(Event::Online), reload());
        assert_eq!((m.phase(), m.load()), (&Phase::Loading, 1));
        assert_eq!(m.on(Event::Online), Effect::None, "already loading");
        load_failed(&mut m, LoadFailure::SlowNetwork);
        assert_eq!(m.on(Event::Online), reload(), "instead of waiting for the back-off");
        assert_eq!(m.on(Event::RetryDue { load: 1 }), Effect::None, "the older wait is over");
    }

    #[test]
    fn failures_that_time_cannot_fix_wait_for_try_again() {
        for failure in [LoadFailure::ScriptBlocked, LoadFailure::ScriptAltered, LoadFailure::KeyRejected] {
            let mut m = Machine::new(target("bk_1", 1), None);
            assert_eq!(load_failed(&mut m, failure), Effect::None, "{failure:?}");
            assert_eq!(m.on(Event::Online), Effect::None);
            assert_eq!(m.on(Event::RetryDue { load: 0 }), Effect::None);
        }
        let mut m = ready();
        assert_eq!(m.on(Event::Online), Effect::None, "a form on screen is left alone");
    }

    #[test]
    fn a_due_retry_after_the_customer_retried_is_dropped() {
        let mut m = Machine::new(target("bk_1", 1), None);
        load_failed(&mut m, LoadFailure::SlowNetwork);
        m.on(Event::RetryPressed);
        load_failed(&mut m, LoadFailure::SlowNetwork);
        assert_eq!(m.on(Event::RetryDue { load: 0 }), Effect::None);
        assert_eq!(m.load(), 1);
    }

    #[test]
    fn final_failures_cannot_be_retried() {
        for e in [CheckoutError::Server(ServerError::AlreadyPaid), CheckoutError::Config(ConfigError::SecretKey)] {
            let mut m = Machine::new(target("bk_1", 1), None);
            m.on(Event::LoadFailed { load: 0, error: e });
            assert_eq!(m.on(Event::RetryPressed), Effect::None);
            assert_eq!(m.on(Event::PayPressed), Effect::None);
        }
    }

    fn secret(id: &str) -> ClientSecret {
        ClientSecret::parse(format!("{id}_secret_a")).unwrap()
    }

    fn with_return() -> Machine {
        let mut m = Machine::new(target("bk_1", 1), Some(secret("pi_1")));
        assert_eq!(m.on(Event::Started), Effect::Load { fresh: false, step: LoadStep::ReadReturn(secret("pi_1")) });
        m
    }

    #[test]
    fn a_redirect_return_is_read_then_vouched_for_before_its_success_is_shown() {
        let mut m = with_return();
        let check = Effect::Load { fresh: false, step: LoadStep::CheckReturn("pi_1".into()) };
        assert_eq!(m.on(Event::ReturnRead { load: 0, result: Ok(intent(IntentStatus::Succeeded)) }), check);
        assert_eq!(m.phase(), &Phase::Loading, "not yet vouched for");
        assert_eq!(m.on(Event::ReturnChecked { load: 0, vouched: Vouched::Yes(None) }), Effect::None);
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
        assert_eq!(m.take_return(), None, "finished");
    }

    #[test]
    fn a_redirect_return_that_did_not_succeed_is_said_above_the_form() {
        let mut m = with_return();
        let result = Ok(intent(IntentStatus::RequiresPaymentMethod));
        let notice = Some(CheckoutError::NotCompleted(IntentStatus::RequiresPaymentMethod));
        assert_eq!(
            m.on(Event::ReturnRead { load: 0, result }),
            Effect::Load { fresh: false, step: LoadStep::Form { notice } }
        );
        assert_eq!(m.phase(), &Phase::Loading);
        assert_eq!(m.take_return(), None);
    }

    #[test]
    fn a_return_another_booking_paid_for_loads_this_booking_s_form() {
        let mut m = with_return();
        m.on(Event::ReturnRead { load: 0, result: Ok(intent(IntentStatus::Succeeded)) });
        assert_eq!(m.on(Event::ReturnChecked { load: 0, vouched: Vouched::No }), reload_in_place());
        assert_eq!(m.take_return(), None);
        assert_eq!(m.phase(), &Phase::Loading);
    }

    fn reload_in_place() -> Effect {
        Effect::Load { fresh: false, step: LoadStep::Form { notice: None } }
    }

    #[test]
    fn a_return_that_could_not_be_finished_is_kept_for_the_next_load() {
        // The intent could not be read: a failed load, retried by Try again.
        let mut m = with_return();
        let down = CheckoutError::Server(ServerError::Unavailable);
        m.on(Event::ReturnRead { load: 0, result: Err(CheckoutError::Integration) });
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::Integration));
        assert_eq!(
            m.on(Event::RetryPressed),
            Effect::Load { fresh: false, step: LoadStep::ReadReturn(secret("pi_1")) }
        );
        // Read, but the booking could not vouch for it: checked again next time.
        m.on(Event::ReturnRead { load: 1, result: Ok(intent(IntentStatus::Succeeded)) });
        m.on(Event::ReturnChecked { load: 1, vouched: Vouched::Unknown(down.clone()) });
        assert_eq!(m.phase(), &Phase::Failed(down));
        assert_eq!(
            m.on(Event::RetryPressed),
            Effect::Load { fresh: false, step: LoadStep::CheckReturn("pi_1".into()) }
        );
        assert_eq!(m.take_return(), Some(secret("pi_1")), "a checkout replacing this one finishes it");
    }

    /// Regression: a return checked for one booking while the host changed
    /// to another showed "Payment received" for the new, unpaid booking.
    #[test]
    fn a_return_checked_before_the_booking_changed_is_not_the_new_booking_s_success() {
        let mut m = with_return();
        m.on(Event::ReturnRead { load: 0, result: Ok(intent(IntentStatus::Succeeded)) });
        assert_eq!(m.on(Event::TargetChanged(target("bk_2", 1))), rebuild(), "the return is dropped");
        m.on(Event::ReturnChecked { load: 0, vouched: Vouched::Yes(None) });
        assert_eq!(m.phase(), &Phase::Loading);
        m.on(Event::ReturnChecked { load: m.load(), vouched: Vouched::Yes(None) });
        assert_eq!(m.phase(), &Phase::Loading, "nothing to vouch for on the new booking");
        assert_eq!(m.take_return(), None);
    }

    #[test]
    fn a_same_booking_change_keeps_the_return() {
        let mut m = with_return();
        m.on(Event::ReturnRead { load: 0, result: Err(CheckoutError::Integration) });
        let effect = m.on(Event::TargetChanged(target("bk_1", 2)));
        assert_eq!(effect, Effect::Load { fresh: true, step: LoadStep::ReadReturn(secret("pi_1")) });
    }

    #[test]
    fn intent_first_learns_its_amount_from_the_intent_and_mounts_it() {
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        assert_eq!(m.on(Event::Started), reload_in_place());
        assert_eq!(m.amount(), None);
        let fetched = Event::Fetched { load: 0, intent: Some((secret("pi_1"), pay_now(eur(12_500)))) };
        assert_eq!(m.on(fetched), Effect::Mount(Some(secret("pi_1"))));
        assert_eq!(m.amount(), Some(eur(12_500)));
        // Deferred mounts the amount it was given; intent-first without an intent cannot.
        let mut m = Machine::new(target("bk_1", 100), None);
        assert_eq!(m.on(Event::Fetched { load: 0, intent: None }), Effect::Mount(None));
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        m.on(Event::Fetched { load: 0, intent: None });
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::Integration));
    }

    #[test]
    fn a_stale_fetch_mounts_nothing() {
        let mut m = Machine::new(target("bk_1", 100), None);
        m.on(Event::TargetChanged(target("bk_2", 100)));
        assert_eq!(m.on(Event::Fetched { load: 0, intent: None }), Effect::None);
    }

    #[test]
    fn a_refresh_on_a_ready_form_reads_the_price_again_in_place_and_pay_waits_for_it() {
        let mut m = ready();
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates);
        assert_eq!((m.phase(), m.load(), m.form_shown()), (&Phase::Ready, 0, true), "same form, nothing reloads");
        assert!(m.updating() && !m.can_pay(), "no confirmation against an amount not yet on screen");
        assert_eq!(m.on(Event::PayPressed), Effect::None);
        assert_eq!(m.on(Event::Refresh), Effect::None, "one re-read at a time");
        assert_eq!(
            m.on(Event::Updated { load: 0, update: PriceUpdate::Unchanged }),
            Effect::FetchUpdates,
            "the queued one runs next"
        );
        assert_eq!(m.on(Event::Updated { load: 0, update: PriceUpdate::Unchanged }), Effect::None);
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
        m.on(Event::Updated { load: 0, update: PriceUpdate::Unchanged });
        assert!(m.can_pay());

        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::Refresh);
        assert_eq!(m.on(Event::Confirmed(intent(IntentStatus::Succeeded))), Effect::None, "paid: nothing to re-read");
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
    }

    fn deposit(now: i64, due: &str) -> PaymentTerms {
        PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(now),
            balance: eur(12_500 - now),
            balance_due: booking_contract::Date::parse(due).unwrap(),
        }
    }

    fn deferred(terms: PaymentTerms) -> Machine {
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: Some(terms) }, None);
        m.on(Event::Fetched { load: 0, intent: None });
        m.on(Event::Ready { load: 0 });
        m
    }

    #[test]
    fn a_deferred_form_takes_a_new_price_of_its_policy_in_place_and_another_policy_afresh() {
        let mut m = deferred(deposit(3_125, "2027-03-05"));
        let dearer = deposit(3_125, "2027-03-05").with_total(eur(15_000)).unwrap();
        let change = PaymentTarget { booking_id: "bk_1".into(), terms: Some(dearer) };
        assert_eq!(m.on(Event::TargetChanged(change)), Effect::UpdateTerms(dearer), "what was typed stays");
        assert_eq!(m.terms(), Some(&dearer));

        let guarantee = PaymentTerms::Guarantee { total: eur(15_000), up_to: eur(3_900) };
        let change = PaymentTarget { booking_id: "bk_1".into(), terms: Some(guarantee) };
        let rebuilt = m.on(Event::TargetChanged(change));
        assert_eq!(
            rebuilt,
            Effect::Load { fresh: true, step: LoadStep::Form { notice: None } },
            "setup mode is another group"
        );
        assert_eq!(m.terms(), Some(&guarantee));
    }

    /// Regression pin: a deferred form for a deposit must never confirm
    /// when the server's terms are another deposit (a later balance date,
    /// another share) at the same price; the server's are shown first.
    #[test]
    fn deferred_terms_the_server_does_not_answer_are_never_confirmed() {
        let mut m = deferred(deposit(3_125, "2027-03-05"));
        m.on(Event::PayPressed);
        let servers = deposit(2_500, "2027-03-05");
        assert_eq!(m.on(Event::Repriced(servers)), Effect::UpdateTerms(servers));
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::Server(ServerError::TermsChanged)));
        assert_eq!(m.terms(), Some(&servers));
        assert!(m.can_pay(), "the form now shows the server's terms, and pays them");

        let mut m = deferred(deposit(3_125, "2027-03-05"));
        m.on(Event::PayPressed);
        let dearer = PaymentTerms::PayNow { total: eur(13_000) };
        let said = Some(CheckoutError::PriceChanged);
        assert_eq!(m.on(Event::Repriced(dearer)), Effect::Load { fresh: true, step: LoadStep::Form { notice: said } });
        assert_eq!(m.terms(), Some(&dearer));
    }

    #[test]
    fn the_terms_the_server_answered_are_the_ones_on_screen() {
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        assert_eq!((m.terms(), m.amount()), (None, None));
        m.on(Event::Fetched { load: 0, intent: Some((secret("pi_1"), deposit(3_125, "2027-03-05"))) });
        assert_eq!(m.terms(), Some(&deposit(3_125, "2027-03-05")));
        assert_eq!(m.amount(), Some(eur(12_500)), "the amount is the booking's price, not the deposit");
        let deferred = Machine::new(target("bk_1", 4_800), None);
        assert_eq!(deferred.terms(), Some(&pay_now(eur(4_800))), "a deferred amount is paid now, whole");
    }

    /// The consent is refused when the guest agreed to terms the server no
    /// longer decides (a balance date moved overnight, say): nothing was
    /// confirmed, and Pay waits until the booking's terms are on screen.
    #[test]
    fn terms_changed_at_consent_reads_the_terms_before_pay_is_offered_again() {
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        m.on(Event::Fetched { load: 0, intent: Some((secret("pi_1"), deposit(3_125, "2027-03-05"))) });
        m.on(Event::Ready { load: 0 });
        m.on(Event::PayPressed);
        let changed = CheckoutError::Server(ServerError::TermsChanged);
        assert_eq!(m.on(Event::ConfirmFailed(changed.clone())), Effect::FetchUpdates);
        assert_eq!(m.phase(), &Phase::Failed(changed.clone()));
        assert!(!m.can_pay(), "not before the new terms are shown");
        m.on(Event::Updated { load: 0, update: PriceUpdate::Same(deposit(3_125, "2027-03-06")) });
        assert_eq!(m.terms(), Some(&deposit(3_125, "2027-03-06")));
        assert!(m.can_pay(), "the same form confirms the terms now on screen");

        // Other terms came with another intent: a new form, which says why.
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        m.on(Event::Fetched { load: 0, intent: Some((secret("pi_1"), deposit(3_125, "2027-03-05"))) });
        m.on(Event::Ready { load: 0 });
        m.on(Event::PayPressed);
        m.on(Event::ConfirmFailed(changed.clone()));
        let other = PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) };
        let reload = m.on(Event::Updated { load: 0, update: PriceUpdate::Replaced(other) });
        assert_eq!(reload, Effect::Load { fresh: false, step: LoadStep::Form { notice: Some(changed) } });
        assert_eq!(m.terms(), None, "none on screen until the new intent's");
    }

    #[test]
    fn an_intent_first_payment_refused_for_a_new_price_reads_it_before_pay_is_offered_again() {
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        m.on(Event::Fetched { load: 0, intent: Some((secret("pi_1"), pay_now(eur(12_500)))) });
        m.on(Event::Ready { load: 0 });
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Repriced(pay_now(eur(13_000)))), Effect::FetchUpdates);
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::PriceChanged));
        assert!(!m.can_pay());
        assert_eq!(m.amount(), Some(eur(12_500)), "shown once the group has it too");
        m.on(Event::Updated { load: 0, update: PriceUpdate::Same(pay_now(eur(13_000))) });
        assert_eq!(m.amount(), Some(eur(13_000)));
        assert!(m.can_pay(), "the customer pays again, now for the amount on screen");
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);
    }

    fn intent_first_ready() -> Machine {
        let mut m = Machine::new(PaymentTarget { booking_id: "bk_1".into(), terms: None }, None);
        m.on(Event::Fetched { load: 0, intent: Some((secret("pi_1"), pay_now(eur(12_500)))) });
        m.on(Event::Ready { load: 0 });
        m
    }

    fn canceled_at_confirm() -> Event {
        Event::ConfirmFailed(CheckoutError::Stripe(StripeError::with_code(
            "invalid_request_error",
            Some(crate::errors::UNEXPECTED_STATE),
            None,
            Some(intent(IntentStatus::Canceled)),
        )))
    }

    fn form_with(notice: CheckoutError) -> Effect {
        Effect::Load { fresh: false, step: LoadStep::Form { notice: Some(notice) } }
    }

    /// The server cancels the intent on screen when the booking's price
    /// changes; the confirmation that comes second is refused by Stripe
    /// with the canceled intent. Nothing was charged, and the new intent's
    /// price is on screen, said, before Pay is offered again.
    #[test]
    fn an_intent_canceled_for_a_new_price_shows_the_new_one_before_pay_is_offered_again() {
        let mut m = intent_first_ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(canceled_at_confirm()), Effect::FetchUpdates);
        assert_eq!(m.phase(), &Phase::Failed(CheckoutError::NotCompleted(IntentStatus::Canceled)));
        assert!(!m.can_pay());
        let update = PriceUpdate::Replaced(pay_now(eur(13_000)));
        assert_eq!(m.on(Event::Updated { load: 0, update }), form_with(CheckoutError::PriceChanged));
        assert_eq!((m.phase(), m.amount()), (&Phase::Loading, None), "no amount until the new intent's");
        assert_eq!(
            m.on(Event::Fetched { load: 1, intent: Some((secret("pi_2"), pay_now(eur(13_000)))) }),
            Effect::Mount(Some(secret("pi_2")))
        );
        m.on(Event::Ready { load: 1 });
        assert_eq!(m.amount(), Some(eur(13_000)));
        assert_eq!(m.on(Event::PayPressed), Effect::Confirm);

        // Canceled for another reason: the same price, the refusal said.
        let mut m = intent_first_ready();
        m.on(Event::PayPressed);
        m.on(canceled_at_confirm());
        let update = PriceUpdate::Replaced(pay_now(eur(12_500)));
        let notice = CheckoutError::NotCompleted(IntentStatus::Canceled);
        assert_eq!(m.on(Event::Updated { load: 0, update }), form_with(notice));
    }

    #[test]
    fn a_refresh_that_finds_a_new_intent_at_a_new_price_says_so_on_the_new_form() {
        let mut m = intent_first_ready();
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates);
        let update = PriceUpdate::Replaced(pay_now(eur(18_750)));
        assert_eq!(m.on(Event::Updated { load: 0, update }), form_with(CheckoutError::PriceChanged));
    }

    #[test]
    fn a_deferred_payment_refused_for_the_server_s_price_takes_it_in_place() {
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::Repriced(pay_now(eur(13_000)))), Effect::UpdateTerms(pay_now(eur(13_000))));
        assert_eq!((m.phase(), m.amount()), (&Phase::Failed(CheckoutError::PriceChanged), Some(eur(13_000))));
        assert_eq!(m.target(), &target("bk_1", 13_000));
        assert!(m.can_pay());
        // A host change of booking made while paying wins over the old booking's price.
        let mut m = ready();
        m.on(Event::PayPressed);
        m.on(Event::TargetChanged(target("bk_2", 500)));
        assert_eq!(m.on(Event::Repriced(pay_now(eur(13_000)))), rebuild());
        assert_eq!(m.target(), &target("bk_2", 500));
    }

    /// Regression: a second tab pressed Pay while the first tab's payment
    /// was still at Stripe; the refusal (`payment_intent_unexpected_state`)
    /// said "Something went wrong" though the booking was paid.
    #[test]
    fn a_confirmation_refused_because_another_tab_paid_shows_the_payment() {
        let refused = |intent| {
            CheckoutError::Stripe(StripeError::with_code(
                "invalid_request_error",
                Some(crate::errors::UNEXPECTED_STATE),
                None,
                intent,
            ))
        };
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::ConfirmFailed(refused(Some(intent(IntentStatus::Succeeded))))), Effect::None);
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
        // Without the intent in the error, it is read first.
        let mut m = ready();
        m.on(Event::PayPressed);
        assert_eq!(m.on(Event::ConfirmFailed(refused(None))), Effect::Reconcile);
        m.on(Event::Reconciled(Some(intent(IntentStatus::Succeeded))));
        assert_eq!(m.phase(), &Phase::Succeeded(paid(IntentStatus::Succeeded)));
    }

    #[test]
    fn a_wallet_payment_found_by_check_again_keeps_its_wallet() {
        let mut m = ready();
        m.on(Event::WalletApproved("google_pay".into()));
        m.on(Event::ConfirmFailed(CheckoutError::Stripe(StripeError::new("api_connection_error", None))));
        m.on(Event::Reconciled(None));
        assert_eq!(m.on(Event::RetryPressed), Effect::Reconcile);
        m.on(Event::Reconciled(Some(intent(IntentStatus::Succeeded))));
        let paid = Paid { wallet: Some("google_pay".into()), ..paid(IntentStatus::Succeeded) };
        assert_eq!(m.phase(), &Phase::Succeeded(paid));
    }

    /// Regression: a deferred re-read that answered after an in-place
    /// amount change put the old amount back on screen, and every Pay was
    /// then refused for a price the screen did not show.
    #[test]
    fn a_deferred_re_read_never_changes_the_amount_on_screen() {
        let mut m = ready();
        assert_eq!(m.on(Event::Refresh), Effect::FetchUpdates);
        assert_eq!(m.on(Event::TargetChanged(target("bk_1", 20_000))), Effect::UpdateTerms(pay_now(eur(20_000))));
        m.on(Event::Updated { load: 0, update: PriceUpdate::Unchanged });
        assert_eq!(m.amount(), Some(eur(20_000)));
        assert!(m.can_pay());
    }

    #[test]
    fn a_wallet_payment_is_paid_with_that_wallet() {
        let mut m = ready();
        assert_eq!(m.on(Event::WalletApproved("apple_pay".into())), Effect::Confirm);
        assert_eq!(m.on(Event::WalletApproved("google_pay".into())), Effect::None, "one payment at a time");
        m.on(Event::Confirmed(intent(IntentStatus::Succeeded)));
        let paid = Paid { wallet: Some("apple_pay".into()), ..paid(IntentStatus::Succeeded) };
        assert_eq!(m.phase(), &Phase::Succeeded(paid));
    }

    #[test]
    fn a_replaced_intent_rebuilds_the_form_and_a_failed_re_read_offers_a_retry() {
        let mut m = ready();
        m.on(Event::Refresh);
        assert_eq!(m.on(Event::Updated { load: 0, update: PriceUpdate::Replaced(pay_now(eur(12_500))) }), reload());
        assert_eq!((m.phase(), m.load()), (&Phase::Loading, 1));
        assert!(!m.updating());

        let mut m = ready();
        m.on(Event::Refresh);
        let down = CheckoutError::Server(ServerError::Unavailable);
        assert_eq!(m.on(Event::UpdateFailed { load: 0, error: down.clone() }), Effect::None);
        assert_eq!(m.phase(), &Phase::Failed(down));
        assert!(!m.can_pay() && !m.updating());
        assert_eq!(m.on(Event::RetryPressed), reload(), "a fresh load shows the server's price");
    }

    #[test]
    fn an_answer_to_an_older_re_read_is_dropped() {
        let mut m = ready();
        m.on(Event::Refresh);
        m.on(Event::TargetChanged(target("bk_2", 12_500)));
        assert_eq!(m.on(Event::Updated { load: 0, update: PriceUpdate::Replaced(pay_now(eur(12_500))) }), Effect::None);
        assert_eq!(m.on(Event::UpdateFailed { load: 0, error: CheckoutError::Integration }), Effect::None);
        assert_eq!((m.phase(), m.load()), (&Phase::Loading, 1));
    }

    #[test]
    fn confirm_results_outside_paying_are_ignored() {
        let mut m = ready();
        assert_eq!(m.on(Event::Confirmed(intent(IntentStatus::Succeeded))), Effect::None);
        assert_eq!(m.phase(), &Phase::Ready);
    }
}
