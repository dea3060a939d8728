//! The payment flow: one confirmation per Pay (the button or a wallet), the
//! next action of a `requires_action` intent, and the retrieval that
//! settles an uncertain confirmation before anything else may happen.
//!
//! A confirmation never runs against an amount the component knows to
//! differ from the one on screen: the deferred flow compares create-intent's
//! answer with it, and an existing intent is retrieved and compared first
//! (the host may have changed the booking's price on the server without a
//! `refresh()`). A reported mismatch is refused as
//! [`CheckoutError::PriceChanged`] before anything is confirmed, and the
//! machine then shows the new price. The retrieval is a check, not a lock:
//! when it fails the confirmation goes ahead (it fails or is reconciled on
//! its own), and a change made between the retrieval and the confirmation is
//! the server's to refuse.

use super::{dispatch, Shared};
use crate::api;
use crate::config::Flow;
use crate::errors::{CheckoutError, ServerError};
use crate::state::Event;
use crate::status::IntentStatus;
use booking_contract::Money;

/// Confirms once and feeds the outcome to the machine.
pub(super) async fn confirm(ctl: Shared) {
    let event = match confirm_once(&ctl).await {
        Ok(status) => Event::Confirmed(status),
        Err(e) => Event::ConfirmFailed(e),
    };
    dispatch(&ctl, event);
}

async fn confirm_once(ctl: &Shared) -> Result<IntentStatus, CheckoutError> {
    let (stripe, group, element, mut secret, config, attempt, shown) = {
        let c = ctl.borrow();
        let shown = c.screen.amount();
        (
            c.stripe.clone(),
            c.group.clone(),
            c.element.clone(),
            c.secret.clone(),
            c.config.clone(),
            c.attempt.clone(),
            shown,
        )
    };
    let (Some(stripe), Some(group), Some(element), Some(shown)) = (stripe, group, element, shown) else {
        return Err(CheckoutError::Integration);
    };
    match (&secret, config.flow) {
        (None, Flow::Deferred(_)) => {
            // Deferred flow: validate first, then create the intent, then confirm.
            group.submit().await?;
            let r = api::create_intent(&config, &attempt).await?;
            let priced =
                Money::new(r.amount, r.currency).map_err(|_| CheckoutError::Server(ServerError::BadResponse))?;
            if priced != shown {
                // The server priced something else than what is shown: never
                // confirm it; show the server's price instead.
                ctl.borrow_mut().repriced = Some(priced);
                return Err(CheckoutError::PriceChanged);
            }
            ctl.borrow_mut().secret = Some(r.client_secret.clone());
            secret = Some(r.client_secret);
        }
        (Some(existing), _) => {
            // The intent's amount at Stripe is what would be charged. A read
            // that fails (or reports no amount) does not stop the payment:
            // its confirmation fails or is reconciled on its own, as it did
            // before this check, and nothing reported another price.
            if let Ok(current) = stripe.retrieve(existing).await {
                if current.status.success_text().is_some() {
                    // Paid already (in another tab, say): tell the customer so,
                    // rather than confirm an intent Stripe would refuse.
                    ctl.borrow_mut().intent_id = Some(current.id);
                    return Ok(current.status);
                }
                if let Some(amount) = current.amount.filter(|amount| *amount != shown) {
                    // Shown by the machine next, in every flow: the deferred
                    // flow has no server read of its own to learn it from.
                    ctl.borrow_mut().repriced = Some(amount);
                    return Err(CheckoutError::PriceChanged);
                }
            }
        }
        (None, Flow::IntentFirst) => return Err(CheckoutError::Integration),
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
