//! The load flow: Stripe.js and create-intent in parallel, then an Elements
//! group and one element mounted into the screen's mount point.
//!
//! A failure is reported by its cause ([`LoadFailure`]): how the script
//! failed, the element's `loaderror` type, and whether the browser is
//! offline. One that time can fix waits here for its automatic retry
//! ([`PendingRetry`]); the machine decides whether and when.

use super::{dispatch, wallets, Controller, Shared};
use crate::api;
use crate::config::{ElementKind, Flow};
use crate::errors::{seen_offline, CheckoutError, LoadFailure, ServerError};
use crate::state::Event;
use crate::stripe::{loader, GroupMode, StripeClient};
use booking_contract::{CreateIntentResponse, Money};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;

/// How long a mounted element may take to fire `ready` (or `loaderror`),
/// like the Stripe.js script itself.
const READY_TIMEOUT_MS: u32 = 20_000;

/// The `Stripe(pk)` instance, made once per checkout.
pub(super) fn stripe_client(ctl: &Shared) -> Result<Rc<StripeClient>, CheckoutError> {
    let mut c = ctl.borrow_mut();
    if let Some(s) = &c.stripe {
        return Ok(s.clone());
    }
    let s = Rc::new(StripeClient::new(&c.config.publishable_key, c.config.locale)?);
    c.stripe = Some(s.clone());
    Ok(s)
}

/// Loads the form for the machine's current generation.
pub(super) fn load(ctl: &Shared) {
    let (gen, config, attempt, early) = {
        let mut c = ctl.borrow_mut();
        // A load is under way: a retry still waiting would be a second one.
        c.pending_retry = None;
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
            (Err(e), _) => Err(CheckoutError::Load(e.failure(loader::online()))),
            (Ok(()), Ok(intent)) => build(&ctl, gen, intent),
        };
        if let Err(error) = result {
            dispatch(&ctl, Event::LoadFailed { gen, error: seen_offline(error, loader::online()) });
        }
    });
}

/// Sends `event` on a later turn: Stripe.js may fire synchronously inside a
/// call we are still in, with the controller borrowed.
fn later(weak: Weak<RefCell<Controller>>, event: Event) {
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
        None => c.config.flow.amount(),
    };
    c.screen.change(|p| p.amount = amount);
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
    // An element whose frame stalls fires neither `ready` nor `loaderror`:
    // without a deadline the form would wait forever. The ready listener
    // owns the timer, so `ready` or the element's teardown cancels it.
    let deadline = Rc::new(RefCell::new(Some(Timeout::new(READY_TIMEOUT_MS, {
        let weak = weak.clone();
        move || {
            let error = seen_offline(CheckoutError::Load(LoadFailure::SlowNetwork), loader::online());
            later(weak, Event::LoadFailed { gen, error })
        }
    }))));
    element.on_ready({
        let weak = weak.clone();
        move || {
            deadline.borrow_mut().take();
            later(weak.clone(), Event::Ready { gen })
        }
    })?;
    element.on_load_failure(move |failure| {
        if failure == LoadFailure::KeyRejected {
            // The integrator's to fix; the key itself is never printed.
            web_sys::console::error_1(&"booking-checkout: Stripe refused the publishable key".into());
        }
        let error = seen_offline(CheckoutError::Load(failure), loader::online());
        later(weak.clone(), Event::LoadFailed { gen, error })
    })?;
    if c.config.element == ElementKind::Card {
        let screen = c.screen.clone();
        element.on_validation(move |error| screen.change(|p| p.card_error = error))?;
    }
    let mount = c.screen.mount_point().cloned().ok_or(CheckoutError::Integration)?;
    element.mount(&mount)?;
    if c.config.wallets && c.config.element == ElementKind::Payment {
        c.wallets = wallets::mount(ctl, &c, &group);
    }
    c.group = Some(Rc::new(group));
    c.element = Some(Rc::new(element));
    Ok(())
}

/// An automatic retry waiting to happen: the back-off timer, if one is
/// left, and the `online` listener. Dropping it cancels both.
pub(super) struct PendingRetry {
    _timer: Option<Timeout>,
    _online: Option<EventListener>,
}

/// Arranges [`Event::RetryDue`] after `after_ms` and [`Event::Online`] when
/// the browser comes back online, for the generation that just failed. The
/// machine drops whichever arrives for a load that is no longer current.
pub(super) fn await_retry(ctl: &Shared, after_ms: Option<u32>) {
    let weak = Rc::downgrade(ctl);
    let gen = ctl.borrow().machine.generation();
    // Both callbacks send their event on a later turn: the reload it starts
    // drops this handle, and with it the callback that would be running.
    let timer = after_ms.map(|ms| {
        let weak = weak.clone();
        Timeout::new(ms, move || later(weak.clone(), Event::RetryDue { gen }))
    });
    let online =
        web_sys::window().map(|w| EventListener::new(&w, "online", move |_| later(weak.clone(), Event::Online)));
    ctl.borrow_mut().pending_retry = Some(PendingRetry { _timer: timer, _online: online });
}
