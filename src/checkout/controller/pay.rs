//! The payment flow: one confirmation per Pay (the button or a wallet), the
//! next action of a `requires_action` intent, and the retrieval that
//! settles an uncertain confirmation.
//!
//! A confirmation never runs against an amount the component knows to
//! differ from the one on screen: the deferred flow compares create-intent's
//! answer with it, and an existing intent is retrieved and compared first
//! (the host may have changed the booking's price on the server without a
//! `refresh()`). A mismatch is reported as [`Event::Repriced`] before
//! anything is confirmed. The retrieval is a check, not a lock: when it
//! fails the confirmation goes ahead (it fails or is reconciled on its
//! own), and a change made between the retrieval and the confirmation is
//! the server's to refuse.

use super::loaded::Loaded;
use super::messages::Report;
use crate::api::{self, Attempt};
use crate::config::CheckoutConfig;
use crate::errors::CheckoutError;
use crate::state::Event;
use crate::status::{Intent, IntentStatus};
use crate::stripe::{ElementHandle, ElementsGroup, StripeClient};
use booking_contract::{ClientSecret, Money};
use std::cell::OnceCell;
use std::rc::Rc;

/// What a confirmation needs, gathered when Pay is pressed.
pub(super) struct Input {
    stripe: Rc<OnceCell<StripeClient>>,
    group: Rc<ElementsGroup>,
    element: Rc<ElementHandle>,
    secret: Option<ClientSecret>,
    /// The amount on screen: the one the confirmation may charge.
    shown: Money,
    config: Rc<CheckoutConfig>,
    attempt: Attempt,
}

impl Input {
    /// Gathers the input, or `None` when there is no form or no amount to pay.
    pub fn gather(
        stripe: Rc<OnceCell<StripeClient>>,
        loaded: Option<&Loaded>,
        shown: Option<Money>,
        config: Rc<CheckoutConfig>,
        attempt: Attempt,
    ) -> Option<Self> {
        let loaded = loaded?;
        Some(Self {
            stripe,
            group: loaded.group.clone(),
            element: loaded.element.clone(),
            secret: loaded.secret.clone(),
            shown: shown?,
            config,
            attempt,
        })
    }
}

/// Confirms once, for the load `load`.
pub(super) async fn confirm(load: u32, input: Option<Input>) -> Report {
    let Some(input) = input else { return Event::ConfirmFailed(CheckoutError::Integration).into() };
    let mut created = None;
    let event = match confirm_once(&input, &mut created).await {
        Ok(event) => event,
        Err(e) => Event::ConfirmFailed(e),
    };
    Report { event, secret: created.map(|secret| (load, secret)) }
}

async fn confirm_once(input: &Input, created: &mut Option<ClientSecret>) -> Result<Event, CheckoutError> {
    let stripe = input.stripe.get().ok_or(CheckoutError::Integration)?;
    let secret = match &input.secret {
        Some(existing) => {
            // The intent's amount at Stripe is what would be charged. A read
            // that fails (or reports no amount) does not stop the payment:
            // its confirmation fails or is reconciled on its own, and
            // nothing reported another price.
            if let Ok(current) = stripe.retrieve(existing).await {
                if current.status.is_success() {
                    // Paid already (in another tab, say): said so, rather
                    // than confirm an intent Stripe would refuse.
                    return Ok(Event::Confirmed(current));
                }
                if let Some(amount) = current.amount.filter(|amount| *amount != input.shown) {
                    return Ok(Event::Repriced(amount));
                }
            }
            existing.clone()
        }
        // Deferred flow: validate first, then create the intent, then confirm.
        None if input.config.flow.amount().is_some() => {
            input.group.submit().await?;
            let r = api::create_intent(&input.config, &input.attempt).await?;
            if r.price != input.shown {
                // The server priced something else than what is shown:
                // never confirm it; show the server's price instead.
                return Ok(Event::Repriced(r.price));
            }
            *created = Some(r.client_secret.clone());
            r.client_secret
        }
        None => return Err(CheckoutError::Integration),
    };
    let config = &input.config;
    let intent =
        stripe.confirm(config.element, &input.group, &input.element, Some(&secret), &config.return_url).await?;
    Ok(Event::Confirmed(intent))
}

/// Runs `handleNextAction` (3DS) for a `requires_action` intent.
pub(super) async fn next_action(stripe: Rc<OnceCell<StripeClient>>, secret: Option<ClientSecret>) -> Report {
    let event = match (stripe.get(), secret) {
        (Some(stripe), Some(secret)) => match stripe.handle_next_action(&secret).await {
            Ok(intent) => Event::Confirmed(intent),
            Err(e) => Event::ConfirmFailed(e),
        },
        _ => Event::ConfirmFailed(CheckoutError::Integration),
    };
    event.into()
}

/// Retrieves the intent after an uncertain confirmation.
pub(super) async fn reconcile(stripe: Rc<OnceCell<StripeClient>>, secret: Option<ClientSecret>) -> Report {
    let intent = match (stripe.get(), secret) {
        (Some(stripe), Some(secret)) => stripe.retrieve(&secret).await.ok(),
        // No intent exists yet (the deferred flow failed before creating
        // one): nothing can have been confirmed, so paying again is safe.
        (_, None) => Some(Intent::with_status(IntentStatus::RequiresPaymentMethod)),
        (None, Some(_)) => None,
    };
    Event::Reconciled(intent).into()
}
