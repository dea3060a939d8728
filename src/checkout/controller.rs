//! Carries out the state machine's effects in the browser.
//!
//! The controller owns the Stripe objects (behind `Rc` so no `RefCell`
//! borrow is held across an `await`), feeds async results back into the
//! [`Machine`] with the generation they were started in, and mirrors the
//! machine into the [`Screen`] the customer sees.

use super::view::View;
use super::{host_events, Screen};
use crate::api::{self, Attempt, EarlyIntent};
use crate::config::{CheckoutConfig, ElementKind, Flow};
use crate::errors::{CheckoutError, ServerError};
use crate::redirect::take_return_params;
use crate::state::{Effect, Event, Machine, PaymentTarget, Phase};
use crate::stripe::{loader, ElementHandle, ElementsGroup, GroupMode, StripeClient};
use crate::view_model::Ui;
use booking_contract::{ClientSecret, CreateIntentResponse, Money};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;

/// Shared handle to one checkout's controller.
pub type Shared = Rc<RefCell<Controller>>;

/// One mounted checkout.
pub struct Controller {
    config: CheckoutConfig,
    machine: Machine,
    screen: Rc<Screen>,
    stripe: Option<Rc<StripeClient>>,
    group: Option<Rc<ElementsGroup>>,
    element: Option<Rc<ElementHandle>>,
    secret: Option<ClientSecret>,
    intent_id: Option<String>,
    attempt: Attempt,
    /// The early-start script's create-intent answer, until the first load uses it.
    early: Option<js_sys::Promise>,
    destroyed: bool,
}

fn new_attempt(booking_id: &str) -> Attempt {
    let key = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{booking_id}-{}", js_sys::Date::now() as u64));
    Attempt { booking_id: booking_id.to_owned(), idempotency_key: key }
}

fn deferred_amount(config: &CheckoutConfig) -> Option<Money> {
    match config.flow {
        Flow::Deferred(m) => Some(m),
        Flow::IntentFirst => None,
    }
}

impl Controller {
    /// A controller for `config` that shows itself in `view`.
    pub fn new(config: CheckoutConfig, view: View, early: Option<EarlyIntent>) -> Shared {
        let target = PaymentTarget { booking_id: config.booking_id.clone(), amount: deferred_amount(&config) };
        // The early request is used only if it is the one this config would
        // send; its idempotency key then stays with every retry.
        let (attempt, early) = match early {
            Some(e) if e.request.matches(&config) => (e.request.attempt, Some(e.response)),
            _ => (new_attempt(&config.booking_id), None),
        };
        let screen = Rc::new(Screen::new(view, config.locale, Ui::loading(target.amount)));
        let ctl = Rc::new(RefCell::new(Self {
            machine: Machine::new(target),
            config,
            screen,
            stripe: None,
            group: None,
            element: None,
            secret: None,
            intent_id: None,
            attempt,
            early,
            destroyed: false,
        }));
        let click = |event: Event| {
            let weak = Rc::downgrade(&ctl);
            move || {
                if let Some(ctl) = weak.upgrade() {
                    dispatch(&ctl, event.clone());
                }
            }
        };
        ctl.borrow().screen.view.on_click(click(Event::PayPressed), click(Event::RetryPressed));
        ctl
    }

    fn sync_ui(&self) {
        let (phase, can_pay) = (self.machine.phase().clone(), self.machine.can_pay());
        self.screen.update(|u| u.follow(phase, can_pay));
    }

    fn teardown(&mut self) {
        // Dropping the last Rc destroys the element; an in-flight confirm
        // keeps its own clone until it settles.
        if let Some(el) = self.element.take() {
            el.destroy();
        }
        self.group = None;
        self.secret = None;
    }
}

/// Starts the checkout: a redirect return is finished first, else the form loads.
pub fn start(ctl: &Shared) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let (secret, rest) = take_return_params(&search);
    if rest != search {
        // Scrub before anything else runs, so the secret never lingers in
        // the address bar, history or a Referer.
        let clean = format!("{}{}{}", location.pathname().unwrap_or_default(), rest, location.hash().unwrap_or_default());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
        }
    }
    match secret {
        Some(secret) => returned(ctl.clone(), secret),
        None => load(ctl),
    }
}

/// Stops everything and destroys the element. Safe to call twice.
pub fn destroy(ctl: &Shared) {
    let mut c = ctl.borrow_mut();
    c.destroyed = true;
    c.teardown();
}

/// Tells the machine the host changed the booking or amount.
pub fn retarget(ctl: &Shared, booking_id: String, amount: Option<Money>) {
    {
        let mut c = ctl.borrow_mut();
        if let (Flow::Deferred(_), Some(m)) = (c.config.flow, amount) {
            c.config.flow = Flow::Deferred(m);
        }
        c.config.booking_id = booking_id.clone();
    }
    dispatch(ctl, Event::TargetChanged(PaymentTarget { booking_id, amount }));
}

fn stripe_client(ctl: &Shared) -> Result<Rc<StripeClient>, CheckoutError> {
    let mut c = ctl.borrow_mut();
    if let Some(s) = &c.stripe {
        return Ok(s.clone());
    }
    let s = Rc::new(StripeClient::new(&c.config.publishable_key, c.config.locale)?);
    c.stripe = Some(s.clone());
    Ok(s)
}

fn returned(ctl: Shared, secret: ClientSecret) {
    spawn_local(async move {
        let outcome = async {
            loader::load_stripe().await.map_err(|_| CheckoutError::StripeUnavailable)?;
            stripe_client(&ctl)?.retrieve(&secret).await
        }
        .await;
        let locale = ctl.borrow().config.locale;
        match outcome {
            Ok(r) if r.status.success_text().is_some() => {
                ctl.borrow_mut().intent_id = Some(r.id);
                dispatch(&ctl, Event::Returned(r.status));
            }
            other => {
                let error = match other {
                    Ok(r) => CheckoutError::NotCompleted(r.status),
                    Err(e) => e,
                };
                let text = error.user_message(locale).into_owned();
                ctl.borrow().screen.update(|u| u.notice = Some(text));
                load(&ctl);
            }
        }
    });
}

fn load(ctl: &Shared) {
    let (gen, config, attempt, early) = {
        let mut c = ctl.borrow_mut();
        (c.machine.generation(), c.config.clone(), c.attempt.clone(), c.early.take())
    };
    let ctl = ctl.clone();
    spawn_local(async move {
        // Stripe.js and create-intent travel in parallel: neither waits for the other.
        let intent = async {
            match config.flow {
                Flow::IntentFirst => Some(match early {
                    Some(response) => api::read_early(response).await,
                    None => api::create_intent(&config, &attempt).await,
                }),
                Flow::Deferred(_) => None,
            }
        };
        let (loaded, intent) = futures::join!(loader::load_stripe(), intent);
        let result = match (loaded, intent.transpose()) {
            (_, Err(e)) => Err(e),
            (Err(_), _) => Err(CheckoutError::StripeUnavailable),
            (Ok(()), Ok(intent)) => build(&ctl, gen, intent),
        };
        if let Err(error) = result {
            dispatch(&ctl, Event::LoadFailed { gen, error });
        }
    });
}

fn later(weak: Weak<RefCell<Controller>>, event: Event) {
    // Stripe.js may fire synchronously inside a call we are still in.
    spawn_local(async move {
        if let Some(ctl) = weak.upgrade() {
            dispatch(&ctl, event);
        }
    });
}

fn build(ctl: &Shared, gen: u32, intent: Option<CreateIntentResponse>) -> Result<(), CheckoutError> {
    if ctl.borrow().destroyed || ctl.borrow().machine.generation() != gen {
        return Ok(()); // a newer load owns the form now
    }
    let stripe = stripe_client(ctl)?;
    let mut c = ctl.borrow_mut();
    let amount = match &intent {
        Some(r) => Some(Money::new(r.amount, r.currency).map_err(|_| CheckoutError::Server(ServerError::BadResponse))?),
        None => deferred_amount(&c.config),
    };
    c.screen.update(|u| u.amount = amount);
    let theme = c.config.theme.as_str();
    let group = match (&intent, amount) {
        (Some(r), _) => {
            c.secret = Some(r.client_secret.clone());
            stripe.elements(GroupMode::Intent(&r.client_secret), theme, c.config.locale)?
        }
        (None, Some(m)) => stripe.elements(GroupMode::Deferred(m), theme, c.config.locale)?,
        (None, None) => return Err(CheckoutError::Integration),
    };
    let mut element = group.create(c.config.element)?;
    let weak = Rc::downgrade(ctl);
    element.on_ready({
        let weak = weak.clone();
        move || later(weak.clone(), Event::Ready { gen })
    })?;
    element.on_load_error(move || later(weak.clone(), Event::LoadFailed { gen, error: CheckoutError::StripeUnavailable }))?;
    if c.config.element == ElementKind::Card {
        let (screen, locale) = (c.screen.clone(), c.config.locale);
        element.on_validation(move |e| screen.update(|u| u.card_error = e.map(|e| e.user_message(locale).into_owned())))?;
    }
    element.mount(c.screen.view.mount_point())?;
    c.group = Some(Rc::new(group));
    c.element = Some(Rc::new(element));
    Ok(())
}

/// Feeds `event` to the machine, updates the view, tells the host, and
/// carries out the resulting effect.
pub fn dispatch(ctl: &Shared, event: Event) {
    let (effect, changed) = {
        let mut c = ctl.borrow_mut();
        if c.destroyed {
            return;
        }
        let before = c.machine.phase().clone();
        let effect = c.machine.on(event);
        c.sync_ui();
        let after = c.machine.phase().clone();
        (effect, (before != after).then_some(after))
    };
    if let Some(phase) = changed {
        if let Phase::Failed(CheckoutError::Server(ServerError::RateLimited { retry_after_secs })) = &phase {
            hold_retry(&ctl.borrow().screen, *retry_after_secs);
        }
        announce(ctl, &phase);
    }
    run(ctl, effect);
}

/// Keeps Try again disabled for `secs` seconds, as a 429's `Retry-After` asks.
fn hold_retry(screen: &Rc<Screen>, secs: u32) {
    screen.update(|u| u.retry_held = true);
    let screen = screen.clone();
    let release = wasm_bindgen::closure::Closure::once_into_js(move || screen.update(|u| u.retry_held = false));
    let ms = i32::try_from(secs.saturating_mul(1000)).unwrap_or(i32::MAX);
    if let Some(w) = web_sys::window() {
        use wasm_bindgen::JsCast;
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), ms);
    }
}

fn announce(ctl: &Shared, phase: &Phase) {
    // No borrow is held while the host's listeners run: they may well call
    // `destroy()` or `retarget()` on this checkout.
    let (host, intent_id) = {
        let c = ctl.borrow();
        (c.screen.view.root().clone(), c.intent_id.clone().unwrap_or_default())
    };
    match phase {
        Phase::Ready => host_events::ready(&host),
        Phase::Succeeded(status) => host_events::succeeded(&host, &intent_id, status.as_str()),
        Phase::Failed(error) => host_events::failed(&host, error.code()),
        Phase::Loading | Phase::Paying => {}
    }
}

fn run(ctl: &Shared, effect: Effect) {
    if ctl.borrow().destroyed {
        return; // a host listener destroyed the checkout while it was told
    }
    match effect {
        Effect::None => {}
        Effect::Confirm => spawn_local(confirm(ctl.clone())),
        Effect::HandleNextAction => spawn_local(next_action(ctl.clone())),
        Effect::Reconcile => spawn_local(reconcile(ctl.clone())),
        Effect::Reload | Effect::Rebuild => {
            {
                let mut c = ctl.borrow_mut();
                c.teardown();
                if effect == Effect::Rebuild {
                    c.attempt = new_attempt(&c.config.booking_id);
                    c.early = None;
                    let amount = deferred_amount(&c.config);
                    c.screen.update(|u| u.amount = amount);
                }
            }
            load(ctl);
        }
    }
}

async fn confirm(ctl: Shared) {
    let event = match confirm_once(&ctl).await {
        Ok(status) => Event::Confirmed(status),
        Err(e) => Event::ConfirmFailed(e),
    };
    dispatch(&ctl, event);
}

async fn confirm_once(ctl: &Shared) -> Result<crate::status::IntentStatus, CheckoutError> {
    let (stripe, group, element, mut secret, config, attempt) = {
        let c = ctl.borrow();
        (c.stripe.clone(), c.group.clone(), c.element.clone(), c.secret.clone(), c.config.clone(), c.attempt.clone())
    };
    let (Some(stripe), Some(group), Some(element)) = (stripe, group, element) else {
        return Err(CheckoutError::Integration);
    };
    if let (Flow::Deferred(expected), None) = (config.flow, &secret) {
        // Deferred flow: validate first, then create the intent, then confirm.
        group.submit().await?;
        let r = api::create_intent(&config, &attempt).await?;
        if r.amount != expected.amount || r.currency != expected.currency {
            // The server priced something else than what is shown: never confirm it.
            return Err(CheckoutError::Integration);
        }
        ctl.borrow_mut().secret = Some(r.client_secret.clone());
        secret = Some(r.client_secret);
    }
    let r = stripe.confirm(config.element, &group, &element, secret.as_ref(), &config.return_url).await?;
    ctl.borrow_mut().intent_id = Some(r.id);
    Ok(r.status)
}

async fn next_action(ctl: Shared) {
    let (stripe, secret) = {
        let c = ctl.borrow();
        (c.stripe.clone(), c.secret.clone())
    };
    let event = match (stripe, secret) {
        (Some(stripe), Some(secret)) => match stripe.handle_next_action(&secret).await {
            Ok(r) => Event::Confirmed(r.status),
            Err(e) => Event::ConfirmFailed(e),
        },
        _ => Event::ConfirmFailed(CheckoutError::Integration),
    };
    dispatch(&ctl, event);
}

async fn reconcile(ctl: Shared) {
    let (stripe, secret) = {
        let c = ctl.borrow();
        (c.stripe.clone(), c.secret.clone())
    };
    let status = match (stripe, secret) {
        (Some(stripe), Some(secret)) => stripe.retrieve(&secret).await.ok().map(|r| {
            ctl.borrow_mut().intent_id = Some(r.id);
            r.status
        }),
        _ => None,
    };
    dispatch(&ctl, Event::Reconciled(status));
}
