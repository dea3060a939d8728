//! The payment flow: one confirmation per Pay (the button or a wallet), the
//! next action of a `requires_action` intent, and the retrieval that
//! settles an uncertain confirmation.
//!
//! A confirmation never charges an amount other than the one on screen,
//! and costs one Stripe round trip. Intent-first, the intent on screen is
//! confirmed as it is: the server never changes an intent's amount, it
//! cancels the intent when the price changes, and Stripe decides which of
//! the cancel and the confirmation came first (a confirmation that comes
//! second fails with the canceled intent, and the machine shows the new
//! price). Deferred, create-intent is asked at every Pay and its price
//! compared with the screen's; a mismatch is reported as
//! [`Event::Repriced`] before anything is confirmed.
//!
//! Terms that charge, capture or save the card later are agreed to first:
//! the consent on screen is recorded with the server before the
//! confirmation, and nothing is confirmed if it is not (the server answers
//! `terms_changed` when the terms on screen are no longer the booking's).

use super::loaded::Loaded;
use super::messages::Report;
use crate::api::{self, Attempt, Consent};
use crate::config::CheckoutConfig;
use crate::errors::CheckoutError;
use crate::state::Event;
use crate::status::{Intent, IntentStatus};
use crate::stripe::{ElementHandle, ElementsGroup, StripeClient};
use booking_contract::{ClientSecret, PaymentTerms};
use std::cell::OnceCell;
use std::rc::Rc;

/// What a confirmation needs, gathered when Pay is pressed.
pub(super) struct Input {
    stripe: Rc<OnceCell<StripeClient>>,
    group: Rc<ElementsGroup>,
    element: Rc<ElementHandle>,
    secret: Option<ClientSecret>,
    /// The terms on screen: what the confirmation may do, and nothing else.
    shown: PaymentTerms,
    /// What the guest agrees to by pressing Pay, recorded first.
    consent: Option<Consent>,
    config: Rc<CheckoutConfig>,
    attempt: Attempt,
}

impl Input {
    /// Gathers the input, or `None` when there is no form or no amount to pay.
    pub fn gather(
        stripe: Rc<OnceCell<StripeClient>>,
        loaded: Option<&Loaded>,
        shown: Option<PaymentTerms>,
        consent: Option<Consent>,
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
            consent,
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
    Report { event, secret: created.map(|secret| (load, secret)), cancellation: None }
}

async fn confirm_once(input: &Input, created: &mut Option<ClientSecret>) -> Result<Event, CheckoutError> {
    let stripe = input.stripe.get().ok_or(CheckoutError::Integration)?;
    let secret = if input.config.flow.terms().is_some() {
        // Deferred: validate, then ask for the intent (the one already
        // created, while its price stands), then confirm.
        input.group.submit().await?;
        let r = api::create_intent(&input.config, &input.attempt).await?;
        if r.terms != input.shown {
            // The server priced something else, or decided other terms,
            // than what is shown: never confirm them; show the server's.
            return Ok(Event::Repriced(r.terms));
        }
        *created = Some(r.client_secret.clone());
        r.client_secret
    } else {
        input.secret.clone().ok_or(CheckoutError::Integration)?
    };
    if let Some(consent) = &input.consent {
        // The booking being paid, as create-intent and the confirmation
        // follow it, never the one the checkout started with.
        api::record_consent(&input.config, &input.attempt.booking_id, consent).await?;
    }
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
