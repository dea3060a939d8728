//! Carries out the state machine's effects in the browser.
//!
//! The controller owns the Stripe objects (behind `Rc`, so no `RefCell`
//! borrow is held across an `await`), feeds async results back into the
//! [`Machine`] with the generation they were started in, and mirrors the
//! machine into the [`Screen`]. Its flows live in their own files: [`load`]
//! (Stripe.js and create-intent to a mounted element), [`wallets`] (the
//! Express Checkout Element's buttons), [`pay`] (confirm, next action,
//! reconciliation; the Pay button and a wallet alike), [`update`] (a price
//! read again without a remount) and [`returned`] (a redirect return).

mod load;
mod pay;
mod returned;
mod update;
mod wallets;

use super::host_events::{News, Succeeded};
use super::screen::Screen;
use crate::api::{Attempt, EarlyIntent};
use crate::config::{CheckoutConfig, Flow, Theme};
use crate::errors::{CheckoutError, ServerError};
use crate::i18n::Locale;
use crate::state::{Effect, Event, Machine, PaymentTarget, Phase};
use crate::stripe::{ElementHandle, ElementsGroup, GroupUpdate, IntentResult, StripeClient, WalletConfirm};
use booking_contract::{ClientSecret, Money};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// Shared handle to one checkout's controller.
pub type Shared = Rc<RefCell<Controller>>;

/// One mounted checkout.
pub struct Controller {
    config: CheckoutConfig,
    machine: Machine,
    screen: Screen,
    stripe: Option<Rc<StripeClient>>,
    group: Option<Rc<ElementsGroup>>,
    element: Option<Rc<ElementHandle>>,
    /// The Express Checkout Element (wallet buttons), when asked for.
    wallets: Option<ElementHandle>,
    /// A wallet payment the customer approved, until its confirmation's
    /// outcome is known: its interface is told if it failed.
    wallet_pending: Option<WalletConfirm>,
    /// The wallet of the confirmation in flight (`None`: the Pay button),
    /// for `checkout:succeeded`.
    paying_with: Option<String>,
    /// The server's price when a deferred payment was refused for it, until
    /// the form shows it.
    repriced: Option<Money>,
    secret: Option<ClientSecret>,
    intent_id: Option<String>,
    attempt: Attempt,
    /// The early-start script's create-intent answer, until the first load uses it.
    early: Option<js_sys::Promise>,
    /// The client secret of a redirect return, until its intent has been
    /// retrieved; every load of the same booking retrieves it first.
    returning: Option<ClientSecret>,
    /// A redirect return's successful intent (with its secret), until the
    /// booking's create-intent answer has vouched for it (or named another
    /// intent); every load of the same booking checks it first.
    returned: Option<(ClientSecret, IntentResult)>,
    /// Re-enables Try again when a 429's `Retry-After` has passed; dropping
    /// it (destroy, a new hold) cancels the timer.
    retry_hold: Option<Timeout>,
    /// A failed load's automatic retry (timer and `online` listener);
    /// dropping it (a new load, destroy) cancels both.
    pending_retry: Option<load::PendingRetry>,
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
    let key = random_uuid().unwrap_or_else(|| format!("{booking_id}-{}", js_sys::Date::now() as u64));
    Attempt { booking_id: booking_id.to_owned(), idempotency_key: key }
}

impl Controller {
    /// A controller for `config` that shows itself on `screen`. `early` is
    /// the early-start script's request, `returning` the client secret of a
    /// redirect return.
    pub fn new(
        config: CheckoutConfig,
        screen: Screen,
        early: Option<EarlyIntent>,
        returning: Option<ClientSecret>,
    ) -> Shared {
        let target = PaymentTarget { booking_id: config.booking_id.clone(), amount: config.flow.amount() };
        // The early request is used only if it is the one this config would
        // send; its idempotency key then stays with every retry.
        let (attempt, early) = match early {
            Some(e) if e.request.matches(&config) => (e.request.attempt, Some(e.response)),
            _ => (new_attempt(&config.booking_id), None),
        };
        Rc::new(RefCell::new(Self {
            machine: Machine::new(target),
            config,
            screen,
            stripe: None,
            group: None,
            element: None,
            wallets: None,
            wallet_pending: None,
            paying_with: None,
            repriced: None,
            secret: None,
            intent_id: None,
            attempt,
            early,
            returning,
            returned: None,
            retry_hold: None,
            pending_retry: None,
            destroyed: false,
        }))
    }

    /// The screen, for the view to follow its picture.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    fn sync_picture(&self) {
        let (phase, can_pay, form) = (self.machine.phase().clone(), self.machine.can_pay(), self.machine.form_shown());
        self.screen.change(|p| p.follow(phase, can_pay, form));
    }

    fn teardown(&mut self) {
        // Destroyed now, not when the last clone goes: an in-flight confirm
        // holding a clone then fails instead of paying with a stale form.
        if let Some(el) = self.element.take() {
            el.destroy();
        }
        if let Some(el) = self.wallets.take() {
            el.destroy();
        }
        if let Some(approved) = self.wallet_pending.take() {
            approved.fail();
        }
        self.screen.change(|p| p.wallets = false);
        self.group = None;
        self.secret = None;
        // A price learned for the form torn down must not reach the next one.
        self.repriced = None;
    }
}

/// Starts the checkout once its view is on the page: a redirect return is
/// finished first, else the form loads.
pub fn start(ctl: &Shared, root: web_sys::Element, mount: web_sys::Element, wallets: web_sys::Element) {
    let returning = {
        let mut c = ctl.borrow_mut();
        c.screen.attach(root, mount, wallets);
        c.returning.take()
    };
    match returning {
        Some(secret) => returned::finish(ctl.clone(), secret),
        None => load::load(ctl),
    }
}

/// Takes the secret of a redirect return the checkout has not finished.
pub fn take_unfinished_return(ctl: &Shared) -> Option<ClientSecret> {
    let mut c = ctl.borrow_mut();
    c.returning.take().or_else(|| c.returned.take().map(|(secret, _)| secret))
}

/// Stops everything and destroys the element. Safe to call twice.
pub fn destroy(ctl: &Shared) {
    let mut c = ctl.borrow_mut();
    c.destroyed = true;
    c.retry_hold = None;
    c.pending_retry = None;
    c.teardown();
}

/// Tells the machine the host changed the booking or the (deferred) amount.
/// The configuration follows the machine's target when the change is
/// carried out (a rebuild or an in-place amount update), not before: a
/// change may have to wait for a payment in flight.
pub fn retarget(ctl: &Shared, booking_id: String, amount: Option<Money>) {
    // Only the deferred flow takes its amount from the host; the server
    // prices an intent-first booking itself.
    let current = ctl.borrow().config.flow.amount();
    let amount = current.map(|current| amount.unwrap_or(current));
    dispatch(ctl, Event::TargetChanged(PaymentTarget { booking_id, amount }));
}

/// The host asks for a fresh load (after the customer signed in, say), or,
/// on a form in use, for the booking's price again (the machine decides).
pub fn refresh(ctl: &Shared) {
    dispatch(ctl, Event::Refresh);
}

/// Changes the language of our texts and of the Stripe element, in place.
pub fn set_locale(ctl: &Shared, locale: Locale) {
    let group = {
        let mut c = ctl.borrow_mut();
        c.config.locale = locale;
        c.screen.change(|p| p.locale = locale);
        c.group.clone()
    };
    if let Some(group) = group {
        // A refusal leaves Stripe's fields in the old language; our texts
        // have changed and the payment is unaffected.
        let _ = group.update(&GroupUpdate { locale: Some(locale), ..GroupUpdate::default() });
    }
}

/// Changes the summary's description, in place; an empty one is removed.
pub fn set_description(ctl: &Shared, description: &str) {
    let description = Some(description.trim()).filter(|d| !d.is_empty()).map(str::to_owned);
    let mut c = ctl.borrow_mut();
    c.config.description = description.clone();
    c.screen.change(|p| p.description = description);
}

/// Changes the Stripe element's appearance theme, in place.
pub fn set_theme(ctl: &Shared, theme: Theme) {
    let group = {
        let mut c = ctl.borrow_mut();
        c.config.theme = theme;
        c.group.clone()
    };
    if let Some(group) = group {
        // Cosmetic: a refusal keeps the old theme.
        let _ = group.update(&GroupUpdate { theme: Some(theme.as_str().into()), ..GroupUpdate::default() });
    }
}

/// Feeds `event` to the machine, updates the picture, tells the host, and
/// carries out the resulting effect.
pub fn dispatch(ctl: &Shared, event: Event) {
    let (effect, changed) = {
        let mut c = ctl.borrow_mut();
        if c.destroyed {
            return;
        }
        let before = c.machine.phase().clone();
        let effect = c.machine.on(event);
        c.sync_picture();
        let after = c.machine.phase().clone();
        if after != Phase::Paying {
            // The wallet's interface learns the outcome: a success closes it
            // by itself; anything else must be said to it.
            if let Some(approved) = c.wallet_pending.take() {
                if !matches!(after, Phase::Succeeded(_)) {
                    approved.fail();
                }
            }
        }
        (effect, (before != after).then_some(after))
    };
    if let Some(phase) = changed {
        if let Phase::Failed(CheckoutError::Server(ServerError::RateLimited { retry_after_secs })) = &phase {
            hold_retry(ctl, *retry_after_secs);
        }
        announce(ctl, &phase);
    }
    run(ctl, effect);
}

/// Keeps Try again disabled for `secs` seconds, as a 429's `Retry-After` asks.
fn hold_retry(ctl: &Shared, secs: u32) {
    let weak = Rc::downgrade(ctl);
    let release = Timeout::new(secs.saturating_mul(1000), move || {
        if let Some(ctl) = weak.upgrade() {
            ctl.borrow().screen.change(|p| p.retry_held = false);
        }
    });
    let mut c = ctl.borrow_mut();
    c.screen.change(|p| p.retry_held = true);
    c.retry_hold = Some(release);
}

fn announce(ctl: &Shared, phase: &Phase) {
    // No borrow is held while the host's listeners run: they may well call
    // `destroy()` or `retarget()` on this checkout.
    let (screen, intent_id, paid_with) = {
        let c = ctl.borrow();
        (c.screen.clone(), c.intent_id.clone().unwrap_or_default(), c.paying_with.clone())
    };
    let news = match phase {
        Phase::Ready => News::Ready,
        Phase::Succeeded(status) => News::Succeeded(Succeeded {
            payment_intent_id: intent_id,
            status: *status,
            express_payment_type: paid_with,
        }),
        Phase::Failed(error) => News::Failed(error.code()),
        Phase::Loading | Phase::Paying => return,
    };
    screen.tell(news);
}

fn run(ctl: &Shared, effect: Effect) {
    if ctl.borrow().destroyed {
        return; // a host listener destroyed the checkout while it was told
    }
    match effect {
        Effect::None => {}
        Effect::Confirm => {
            {
                let mut c = ctl.borrow_mut();
                c.paying_with = c.wallet_pending.as_ref().map(|w| w.payment_type.clone());
            }
            spawn_local(pay::confirm(ctl.clone()))
        }
        Effect::FetchUpdates => spawn_local(update::fetch_updates(ctl.clone())),
        Effect::HandleNextAction => spawn_local(pay::next_action(ctl.clone())),
        Effect::Reconcile => spawn_local(pay::reconcile(ctl.clone())),
        Effect::UpdateAmount => update_amount(ctl),
        Effect::AwaitRetry { after_ms } => load::await_retry(ctl, after_ms),
        Effect::Reload | Effect::Rebuild => {
            {
                let mut c = ctl.borrow_mut();
                c.teardown();
                // The load builds what the machine now targets, whatever the
                // host changed while the old form was loading or failing.
                let target = c.machine.target().clone();
                if let (Flow::Deferred(_), Some(amount)) = (c.config.flow, target.amount) {
                    c.config.flow = Flow::Deferred(amount);
                }
                if c.config.booking_id != target.booking_id {
                    // The return paid for the booking that was left (a new
                    // deferred amount for the same booking keeps it).
                    c.returning = None;
                    c.returned = None;
                }
                c.config.booking_id = target.booking_id;
                if effect == Effect::Rebuild {
                    c.attempt = new_attempt(&c.config.booking_id);
                    c.early = None;
                }
                let amount = c.config.flow.amount();
                c.screen.change(|p| p.amount = amount);
            }
            let (returning, returned) = {
                let mut c = ctl.borrow_mut();
                (c.returning.take(), c.returned.is_some())
            };
            match returning {
                Some(secret) => returned::finish(ctl.clone(), secret),
                None if returned => returned::check(ctl.clone()),
                None => load::load(ctl),
            }
        }
    }
}

/// Puts the machine's new deferred amount into the mounted Elements group.
fn update_amount(ctl: &Shared) {
    let (group, amount) = {
        let mut c = ctl.borrow_mut();
        let Some(amount) = c.machine.target().amount else { return };
        c.config.flow = Flow::Deferred(amount);
        // An intent created for the old amount by a failed attempt must not
        // be confirmed: the next Pay asks the server again.
        c.secret = None;
        c.screen.change(|p| p.amount = Some(amount));
        (c.group.clone(), amount)
    };
    let refused = match group {
        Some(group) => group.update(&GroupUpdate { amount: Some(amount), ..GroupUpdate::default() }).is_err(),
        None => true,
    };
    if refused {
        // The form no longer matches the amount on screen: it must not be used.
        dispatch(ctl, Event::FormFailed(CheckoutError::Integration));
    }
}
