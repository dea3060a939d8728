//! The load flow: Stripe.js and create-intent in parallel, then an Elements
//! group and one element mounted into the screen's mount point.

use super::{dispatch, Controller, Shared};
use crate::api;
use crate::config::{ElementKind, Flow};
use crate::errors::{CheckoutError, ServerError};
use crate::state::Event;
use crate::stripe::{loader, GroupMode, StripeClient};
use booking_contract::{CreateIntentResponse, Money};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;

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
    element.on_ready({
        let weak = weak.clone();
        move || later(weak.clone(), Event::Ready { gen })
    })?;
    element.on_load_error(move || {
        later(weak.clone(), Event::LoadFailed { gen, error: CheckoutError::StripeUnavailable })
    })?;
    if c.config.element == ElementKind::Card {
        let screen = c.screen.clone();
        element.on_validation(move |error| screen.change(|p| p.card_error = error))?;
    }
    let mount = c.screen.mount_point().cloned().ok_or(CheckoutError::Integration)?;
    element.mount(&mount)?;
    c.group = Some(Rc::new(group));
    c.element = Some(Rc::new(element));
    Ok(())
}
