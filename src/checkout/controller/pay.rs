//! The payment flow: one confirmation per Pay, the next action of a
//! `requires_action` intent, and the retrieval that settles an uncertain
//! confirmation before anything else may happen.

use super::{dispatch, Shared};
use crate::api;
use crate::config::Flow;
use crate::errors::CheckoutError;
use crate::state::Event;
use crate::status::IntentStatus;

/// Confirms once and feeds the outcome to the machine.
pub(super) async fn confirm(ctl: Shared) {
    let event = match confirm_once(&ctl).await {
        Ok(status) => Event::Confirmed(status),
        Err(e) => Event::ConfirmFailed(e),
    };
    dispatch(&ctl, event);
}

async fn confirm_once(ctl: &Shared) -> Result<IntentStatus, CheckoutError> {
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

/// Runs `handleNextAction` (3DS) for a `requires_action` intent.
pub(super) async fn next_action(ctl: Shared) {
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

/// Retrieves the intent after an uncertain confirmation.
pub(super) async fn reconcile(ctl: Shared) {
    let (stripe, secret) = {
        let c = ctl.borrow();
        (c.stripe.clone(), c.secret.clone())
    };
    let status = match (stripe, secret) {
        (Some(stripe), Some(secret)) => stripe.retrieve(&secret).await.ok().map(|r| {
            ctl.borrow_mut().intent_id = Some(r.id);
            r.status
        }),
        // No intent exists yet (the deferred flow failed before creating
        // one): nothing can have been confirmed, so paying again is safe.
        (_, None) => Some(IntentStatus::RequiresPaymentMethod),
        (None, Some(_)) => None,
    };
    dispatch(&ctl, Event::Reconciled(status));
}
