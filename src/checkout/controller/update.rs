//! A price read again without a remount: the host changed the booking on
//! the server and called `refresh()`, or a confirmation was refused because
//! the price no longer matched the screen.
//!
//! Intent-first: create-intent is asked again. The server never changes an
//! intent's amount: a new price comes with a new intent (the old one is
//! canceled), which needs a new group, arranged by the machine, and the
//! customer types their card again. The same intent is followed with
//! `elements.fetchUpdates()` before its amount is reported for the
//! screen; what the customer typed stays. A deferred form's amount comes
//! from the host, so there is nothing to read: the amount on screen stands.

use super::messages::Report;
use crate::api::{self, Attempt};
use crate::config::CheckoutConfig;
use crate::errors::CheckoutError;
use crate::state::{Event, PriceUpdate};
use crate::stripe::ElementsGroup;
use booking_contract::ClientSecret;
use std::rc::Rc;

/// Reads the price again for the load `load`; `form` is its group and
/// client secret, `deferred` whether the host sets the amount.
pub(super) async fn fetch_updates(
    load: u32,
    config: Rc<CheckoutConfig>,
    attempt: Attempt,
    form: Option<(Rc<ElementsGroup>, Option<ClientSecret>)>,
    deferred: bool,
) -> Report {
    let event = match read_again(&config, &attempt, form, deferred).await {
        Ok(update) => Event::Updated { load, update },
        Err(error) => Event::UpdateFailed { load, error },
    };
    event.into()
}

async fn read_again(
    config: &CheckoutConfig,
    attempt: &Attempt,
    form: Option<(Rc<ElementsGroup>, Option<ClientSecret>)>,
    deferred: bool,
) -> Result<PriceUpdate, CheckoutError> {
    let (group, secret) = form.ok_or(CheckoutError::Integration)?;
    if deferred {
        return Ok(PriceUpdate::Unchanged);
    }
    let answer = api::create_intent(config, attempt).await?;
    let same = secret.as_ref().is_some_and(|s| s.expose() == answer.client_secret.expose());
    if !same {
        return Ok(PriceUpdate::Replaced(answer.terms));
    }
    group.fetch_updates().await?;
    Ok(PriceUpdate::Same(answer.terms))
}
