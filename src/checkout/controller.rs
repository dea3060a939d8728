//! Carries out the state machine's effects in the browser.
//!
//! The controller decides nothing: it feeds events to the [`Machine`],
//! mirrors the machine into the [`Screen`], tells the host, and carries out
//! each [`Effect`]. Its flows are async functions of their inputs that
//! return the event to report: [`load`] (Stripe.js and create-intent),
//! [`pay`] (confirm, next action, reconciliation), [`update`] (a price read
//! again), [`redirect_return`] (a redirect return read and vouched for).
//! None of them touches the controller or calls another.
//!
//! Everything one load creates is one [`Loaded`] value, replaced or
//! dropped whole. Events are handled one at a time: one raised while an
//! effect runs or a host listener is told (a `destroy()`, a `refresh()`)
//! waits in the queue, so no handler ever runs inside another.

mod load;
mod loaded;
mod messages;
mod pay;
mod redirect_return;
mod update;
mod wallets;

use super::host_events::{News, Succeeded};
use super::screen::Screen;
use crate::api::{Attempt, Consent, EarlyIntent};
use crate::config::{CheckoutConfig, Theme};
use crate::digits::decimal;
use crate::errors::{CheckoutError, ServerError};
use crate::i18n::Locale;
use crate::state::{Effect, Event, LoadStep, Machine, PaymentTarget, Phase};
use crate::stripe::{EarlyForm, GroupUpdate, StripeClient};
use booking_contract::{CancellationTerms, ClientSecret, Money, PaymentTerms};
use futures::future::LocalBoxFuture;
use gloo_timers::callback::Timeout;
use loaded::{Loaded, PendingRetry};
use messages::{Message, Report, Sender};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;

/// Shared handle to one checkout's controller.
pub type Shared = Rc<Core>;

/// The controller and its event queue. The queue sits outside the
/// controller's cell: an event may be raised while the controller is busy.
pub struct Core {
    controller: RefCell<Controller>,
    queue: RefCell<VecDeque<Event>>,
    draining: Cell<bool>,
    /// What Stripe.js's callbacks and the timers send to, through
    /// [`Sender`]s that hold it weakly: kept alive here, with the controller.
    _receive: Rc<dyn Fn(Message)>,
}

/// What follows an effect carried out.
enum Next {
    /// Nothing more.
    Nothing,
    /// An event the machine must hear next (a form that could not be
    /// built or updated).
    Event(Event),
    /// A flow to run; its report is the next event.
    Flow(LocalBoxFuture<'static, Report>),
}

/// One mounted checkout.
pub struct Controller {
    /// Validated once; never changed.
    config: Rc<CheckoutConfig>,
    machine: Machine,
    screen: Screen,
    /// `Stripe(pk)`, made once per checkout when Stripe.js has loaded.
    stripe: Rc<OnceCell<StripeClient>>,
    /// Everything the current load created.
    loaded: Option<Loaded>,
    /// A failed load's automatic retry (timer and `online` listener).
    retry: Option<PendingRetry>,
    /// Re-enables Try again when a 429's `Retry-After` has passed.
    retry_hold: Option<Timeout>,
    /// The create-intent attempt: its idempotency key is kept by every
    /// retry for the same target.
    attempt: Attempt,
    /// The early-start script's create-intent answer, until a load uses it.
    early: Option<js_sys::Promise>,
    /// The form the early start mounted, until the first mount takes it.
    early_form: Option<EarlyForm>,
    /// The Stripe element's appearance theme, as the host last set it.
    theme: Theme,
    /// Sends to this controller, for what the loads create.
    sender: Sender,
    destroyed: bool,
}

/// `crypto.randomUUID()`, looked up and called so that its absence (an
/// insecure context, an older browser) is `None`, never a thrown exception.
fn random_uuid() -> Option<String> {
    use wasm_bindgen::JsCast;
    let crypto = web_sys::window()?.crypto().ok()?;
    let make: js_sys::Function = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok()?.dyn_into().ok()?;
    make.call0(&crypto).ok()?.as_string()
}

fn new_attempt(booking_id: &str) -> Attempt {
    // The server does not rely on the key (create-intent is idempotent per
    // booking), so the fallback only has to differ between attempts.
    let key = random_uuid().unwrap_or_else(|| booking_id.to_owned() + "-" + &decimal(js_sys::Date::now() as u64));
    Attempt { booking_id: booking_id.to_owned(), idempotency_key: key }
}

/// Runs `f` on the controller. The one place it is borrowed: no borrow is
/// ever held while Stripe.js, the host or another handler runs.
fn with<R>(ctl: &Shared, f: impl FnOnce(&mut Controller) -> R) -> R {
    f(&mut ctl.controller.borrow_mut())
}

/// A controller for `config` that shows itself on `screen`. `early` is
/// the early-start script's request, `return_secret` the client secret
/// of a redirect return.
pub fn create(
    config: CheckoutConfig,
    screen: Screen,
    early: Option<EarlyIntent>,
    return_secret: Option<ClientSecret>,
) -> Shared {
    let target = PaymentTarget { booking_id: config.booking_id.clone(), terms: config.flow.terms() };
    // The early request is used only if it is the one this config would
    // send; its idempotency key then stays with every retry.
    let (attempt, early, early_form) = match early {
        Some(e) if e.request.matches(&config) => (e.request.attempt, Some(e.response), Some(e.form)),
        other => {
            if let Some(e) = other {
                e.form.discard();
            }
            (new_attempt(&config.booking_id), None, None)
        }
    };
    Rc::new_cyclic(|weak: &Weak<Core>| {
        let weak = weak.clone();
        let receive: Rc<dyn Fn(Message)> = Rc::new(move |message| {
            if let Some(ctl) = weak.upgrade() {
                on_message(&ctl, message);
            }
        });
        let controller = Controller {
            machine: Machine::new(target, return_secret),
            theme: config.theme,
            config: Rc::new(config),
            screen,
            stripe: Rc::default(),
            loaded: None,
            retry: None,
            retry_hold: None,
            attempt,
            early,
            early_form,
            sender: Sender::new(&receive),
            destroyed: false,
        };
        Core {
            controller: RefCell::new(controller),
            queue: RefCell::default(),
            draining: Cell::new(false),
            _receive: receive,
        }
    })
}

impl Controller {
    /// What the host must be told of `phase`, just entered.
    fn news(&self, phase: &Phase) -> Option<News> {
        Some(match phase {
            Phase::Ready => News::Ready,
            Phase::Succeeded(paid) => News::Succeeded(Succeeded {
                intent_id: paid.intent_id.clone(),
                status: paid.status,
                policy: match self.machine.terms() {
                    Some(terms) => Some(terms.policy()),
                    None if paid.intent_id.starts_with("seti_") => Some("guarantee"),
                    None => None,
                },
                express_payment_type: paid.wallet.clone(),
            }),
            Phase::Failed(error) => {
                News::Failed { code: error.code(), policy: self.machine.terms().map(PaymentTerms::policy) }
            }
            Phase::Loading | Phase::Paying(_) => return None,
        })
    }

    /// Feeds `event` to the machine and mirrors the outcome; returns the
    /// effect and what the host must be told.
    fn step(&mut self, event: Event) -> (Effect, Option<News>) {
        let before = self.machine.phase().clone();
        let effect = self.machine.on(event);
        self.screen.change(|p| p.follow(&self.machine));
        let after = self.machine.phase().clone();
        if !matches!(after, Phase::Paying(_)) {
            if let Some(loaded) = &mut self.loaded {
                loaded.wallet_settled(matches!(after, Phase::Succeeded(_)));
            }
        }
        if before == after {
            return (effect, None);
        }
        if let Phase::Failed(CheckoutError::Server(ServerError::RateLimited { retry_after_secs })) = after {
            self.hold_retry(retry_after_secs);
        }
        (effect, self.news(&after))
    }

    /// Keeps Try again disabled for `secs` seconds, as a 429's `Retry-After` asks.
    fn hold_retry(&mut self, secs: u32) {
        let screen = self.screen.clone();
        self.screen.change(|p| p.retry_held = true);
        self.retry_hold =
            Some(Timeout::new(secs.saturating_mul(1000), move || screen.change(|p| p.retry_held = false)));
    }

    /// The early start's form will not be used: it is destroyed, and the
    /// early start mounts none after this.
    fn discard_early_form(&mut self) {
        if let Some(form) = self.early_form.take() {
            form.discard();
        }
    }

    /// Drops everything the last load created.
    fn teardown(&mut self) {
        self.loaded = None;
        self.retry = None;
        self.screen.change(|p| p.wallets_known(false));
    }

    /// Carries out `effect`: what can be done at once is done here; what
    /// must wait (Stripe.js, the server) is returned as a flow to run, and
    /// what the machine must hear at once as an event.
    fn carry_out(&mut self, effect: Effect) -> Next {
        let load = self.machine.load();
        match effect {
            Effect::None => Next::Nothing,
            Effect::Load { fresh, step } => {
                self.teardown();
                if fresh {
                    self.attempt = new_attempt(&self.machine.target().booking_id);
                    self.early = None;
                    self.discard_early_form();
                }
                let (config, attempt) = (self.config.clone(), self.attempt.clone());
                Next::Flow(match step {
                    LoadStep::ReadReturn(secret) => {
                        let (stripe, locale) = (self.stripe.clone(), self.screen.locale());
                        Box::pin(redirect_return::read(load, stripe, config, locale, secret))
                    }
                    LoadStep::CheckReturn(intent_id) => {
                        Box::pin(redirect_return::check(load, config, attempt, intent_id))
                    }
                    LoadStep::Form { notice } => {
                        if notice.is_some() {
                            self.screen.change(|p| p.notice = notice);
                        }
                        let intent_first = self.machine.target().terms.is_none();
                        Box::pin(load::fetch(load, config, attempt, self.early.take(), intent_first))
                    }
                })
            }
            Effect::Mount(secret) => {
                let mounted = load::mount(load::Mounting {
                    stripe: &self.stripe,
                    config: &self.config,
                    screen: &self.screen,
                    theme: self.theme,
                    terms: self.machine.terms().copied(),
                    load,
                    secret,
                    sender: self.sender.clone(),
                    early: self.early_form.take(),
                });
                match mounted {
                    Ok(loaded) => {
                        self.loaded = Some(loaded);
                        Next::Nothing
                    }
                    Err(error) => {
                        let error = crate::errors::seen_offline(error, crate::stripe::loader::online());
                        Next::Event(Event::LoadFailed { load, error })
                    }
                }
            }
            Effect::Confirm => {
                let shown = self.machine.terms().copied();
                let version = self.screen.cancellation_version();
                let consent = shown.and_then(|t| Consent::for_terms(&t, self.screen.locale(), version));
                let loaded = self.loaded.as_ref();
                let stripe = self.stripe.clone();
                let (config, attempt) = (self.config.clone(), self.attempt.clone());
                let input = pay::Input::gather(stripe, loaded, shown, consent, config, attempt);
                Next::Flow(Box::pin(pay::confirm(load, input)))
            }
            Effect::HandleNextAction => {
                let secret = self.loaded.as_ref().and_then(|l| l.secret.clone());
                Next::Flow(Box::pin(pay::next_action(self.stripe.clone(), secret)))
            }
            Effect::Reconcile => {
                let secret = self.loaded.as_ref().and_then(|l| l.secret.clone());
                Next::Flow(Box::pin(pay::reconcile(self.stripe.clone(), secret)))
            }
            Effect::UpdateTerms(terms) => {
                let refused = match &mut self.loaded {
                    Some(loaded) => loaded.take_terms(&terms).is_err(),
                    None => true,
                };
                if refused {
                    // The form no longer matches the amount on screen: it must not be used.
                    Next::Event(Event::FormFailed(CheckoutError::Integration))
                } else {
                    Next::Nothing
                }
            }
            Effect::AwaitRetry { after_ms } => {
                self.retry = Some(PendingRetry::new(&self.sender, load, after_ms));
                Next::Nothing
            }
            Effect::FetchUpdates => {
                let group = self.loaded.as_ref().map(|l| (l.group.clone(), l.secret.clone()));
                let deferred = self.machine.target().terms.is_some();
                let (config, attempt) = (self.config.clone(), self.attempt.clone());
                Next::Flow(Box::pin(update::fetch_updates(load, config, attempt, group, deferred)))
            }
        }
    }
}

/// Feeds `event` to the machine, tells the host, and carries out the
/// resulting effect. An event raised meanwhile waits its turn.
pub fn dispatch(ctl: &Shared, event: Event) {
    ctl.queue.borrow_mut().push_back(event);
    if ctl.draining.replace(true) {
        return; // the dispatch under way handles it next
    }
    while let Some(event) = next_event(ctl) {
        handle(ctl, event);
    }
    ctl.draining.set(false);
}

fn next_event(ctl: &Shared) -> Option<Event> {
    ctl.queue.borrow_mut().pop_front()
}

fn handle(ctl: &Shared, event: Event) {
    let weak = Rc::downgrade(ctl);
    let told = with(ctl, |c| {
        if c.destroyed {
            return None;
        }
        let (effect, news) = c.step(event);
        let next = c.carry_out(effect);
        Some((next, news.map(|news| (c.screen.clone(), news))))
    });
    let Some((next, news)) = told else { return };
    if let Some((screen, news)) = news {
        // No borrow is held while the host's listeners run: they may well
        // call `destroy()` or `retarget()` on this checkout.
        screen.tell(news);
    }
    match next {
        Next::Nothing => {}
        // Handled next, before anything queued after it.
        Next::Event(event) => ctl.queue.borrow_mut().push_front(event),
        // A listener that destroyed the checkout stops its flows too.
        Next::Flow(_) if with(ctl, |c| c.destroyed) => {}
        Next::Flow(flow) => spawn_local(async move {
            let report = flow.await;
            if let Some(ctl) = weak.upgrade() {
                if let Some((load, secret)) = report.secret {
                    with(&ctl, |c| c.keep_secret(load, secret));
                }
                if let Event::Fetched { load, .. } = report.event {
                    with(&ctl, |c| c.keep_cancellation(load, report.cancellation));
                }
                dispatch(&ctl, report.event);
            }
        }),
    }
}

impl Controller {
    /// Shows the cancellation policy create-intent answered for load
    /// `load` (or none), if that load is still the one on screen: another
    /// booking's never stays beside this one's consent.
    fn keep_cancellation(&mut self, load: u32, cancellation: Option<CancellationTerms>) {
        if self.machine.load() == load {
            self.screen.change(|p| p.cancellation = cancellation);
        }
    }

    /// Keeps the client secret a payment of load `load` created, if that
    /// load is still the one on screen.
    fn keep_secret(&mut self, load: u32, secret: ClientSecret) {
        if let Some(loaded) = self.loaded.as_mut().filter(|_| self.machine.load() == load) {
            loaded.secret = Some(secret);
        }
    }
}

/// What Stripe.js's callbacks and the timers sent, on its later turn.
fn on_message(ctl: &Shared, message: Message) {
    match message {
        Message::Event(event) => dispatch(ctl, event),
        Message::WalletApproved(approved) => wallet_approved(ctl, approved),
    }
}

/// Starts the checkout once its view is on the page.
pub fn start(ctl: &Shared, root: web_sys::Element, mount: web_sys::Element, wallets: web_sys::Element) {
    with(ctl, |c| c.screen.attach(root, mount, wallets));
    dispatch(ctl, Event::Started);
}

/// Takes the secret of a redirect return the checkout has not finished.
pub fn take_unfinished_return(ctl: &Shared) -> Option<ClientSecret> {
    with(ctl, |c| c.machine.take_return())
}

/// Stops everything and destroys the element. Safe to call twice.
pub fn destroy(ctl: &Shared) {
    with(ctl, |c| {
        c.destroyed = true;
        c.retry_hold = None;
        c.discard_early_form();
        c.teardown();
    });
}

/// Tells the machine the host changed the booking or the (deferred) price.
pub fn retarget(ctl: &Shared, booking_id: String, amount: Option<Money>) {
    // Only the deferred flow takes its price from the host, on the terms it
    // was given (a deposit keeps its share, a fee its cap); the server
    // prices an intent-first booking itself. A price the terms cannot take
    // leaves them as they are: Pay then meets the server's terms, and a
    // difference is shown before anything is confirmed.
    let current = with(ctl, |c| c.machine.target().terms);
    let terms = current.map(|t| amount.and_then(|m| t.with_total(m).ok()).unwrap_or(t));
    dispatch(ctl, Event::TargetChanged(PaymentTarget { booking_id, terms }));
}

/// The host asks for a fresh load (after the customer signed in, say), or,
/// on a form in use, for the booking's price again (the machine decides).
pub fn refresh(ctl: &Shared) {
    dispatch(ctl, Event::Refresh);
}

/// Changes the language of our texts and of the Stripe element, in place.
pub fn set_locale(ctl: &Shared, locale: Locale) {
    let group = with(ctl, |c| {
        c.screen.change(|p| p.locale = locale);
        c.loaded.as_ref().map(|l| l.group.clone())
    });
    if let Some(group) = group {
        // A refusal leaves Stripe's fields in the old language; our texts
        // have changed and the payment is unaffected.
        let _ = group.update(&GroupUpdate { locale: Some(locale), ..GroupUpdate::default() });
    }
}

/// Changes the summary's description, in place; an empty one is removed.
pub fn set_description(ctl: &Shared, description: &str) {
    let description = Some(description.trim()).filter(|d| !d.is_empty()).map(str::to_owned);
    with(ctl, |c| c.screen.change(|p| p.description = description));
}

/// Changes the Stripe element's appearance theme, in place.
pub fn set_theme(ctl: &Shared, theme: Theme) {
    let group = with(ctl, |c| {
        c.theme = theme;
        c.loaded.as_ref().map(|l| l.group.clone())
    });
    if let Some(group) = group {
        // Cosmetic: a refusal keeps the old theme.
        let _ = group.update(&GroupUpdate { theme: Some(theme.as_str().into()), ..GroupUpdate::default() });
    }
}

/// The screen of the checkout `ctl`, for its view.
pub fn screen(ctl: &Shared) -> Screen {
    with(ctl, |c| c.screen.clone())
}

/// The wallet buttons' approval: a payment like a press on Pay, or refused
/// at once when Pay could not be pressed now.
fn wallet_approved(ctl: &Shared, approved: crate::stripe::WalletConfirm) {
    let wallet = approved.payment_type.clone();
    let taken = with(ctl, |c| match &mut c.loaded {
        Some(loaded) if !c.destroyed && c.machine.can_pay() => loaded.hold_wallet(approved),
        _ => Some(approved),
    });
    match taken {
        Some(refused) => refused.fail(),
        None => dispatch(ctl, Event::WalletApproved(wallet)),
    }
}
