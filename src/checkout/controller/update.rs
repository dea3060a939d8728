//! A price read again without a remount: the host changed the booking on
//! the server and called `refresh()`, or a confirmation was refused because
//! the price no longer matched the screen.
//!
//! Intent-first: create-intent is asked again (it hands out the booking's
//! open intent, which the server moved to the new amount), the mounted
//! group follows it with `elements.fetchUpdates()`, and only then does the
//! screen show the new amount; what the customer typed stays. Another
//! intent (the old one was replaced) needs a new group: the machine reloads.
//! Deferred: the amount the server priced at Pay time goes into the group
//! like a host's amount change.

use super::{dispatch, Shared};
use crate::api;
use crate::config::Flow;
use crate::errors::{CheckoutError, ServerError};
use crate::state::{Event, PaymentTarget};
use booking_contract::Money;

/// Reads the price again and tells the machine how that went.
pub(super) async fn fetch_updates(ctl: Shared) {
    let gen = ctl.borrow().machine.generation();
    let event = match read_again(&ctl, gen).await {
        Ok(replaced) => Event::Updated { gen, replaced },
        Err(error) => Event::UpdateFailed { gen, error },
    };
    dispatch(&ctl, event);
}

/// `Ok(true)` when the server handed out another intent.
async fn read_again(ctl: &Shared, gen: u32) -> Result<bool, CheckoutError> {
    let (config, attempt, group, secret, repriced) = {
        let mut c = ctl.borrow_mut();
        (c.config.clone(), c.attempt.clone(), c.group.clone(), c.secret.clone(), c.repriced.take())
    };
    let group = group.ok_or(CheckoutError::Integration)?;
    if let Flow::Deferred(_) = config.flow {
        // A deferred form learns its amount from the host (`amount`) or from
        // the create-intent answer that refused a payment for it.
        if let Some(amount) = repriced {
            let target = PaymentTarget { booking_id: config.booking_id.clone(), amount: Some(amount) };
            dispatch(ctl, Event::TargetChanged(target));
        }
        return Ok(false);
    }
    let answer = api::create_intent(&config, &attempt).await?;
    let same = secret.as_ref().is_some_and(|s| s.expose() == answer.client_secret.expose());
    if !same {
        return Ok(true);
    }
    let amount =
        Money::new(answer.amount, answer.currency).map_err(|_| CheckoutError::Server(ServerError::BadResponse))?;
    group.fetch_updates().await?;
    let c = ctl.borrow();
    if c.machine.generation() == gen {
        // Shown only now that the group has the intent's new amount too.
        c.screen.change(|p| p.amount = Some(amount));
    }
    Ok(false)
}
