//! The load flow: Stripe.js and create-intent in parallel ([`fetch`]),
//! then an Elements group and its element(s) mounted into the screen's
//! mount point ([`mount`]).
//!
//! A failure is reported by its cause ([`LoadFailure`]): how the script
//! failed, the element's `loaderror` type, and whether the browser is
//! offline; the machine decides whether and when to try again.

use super::loaded::Loaded;
use super::messages::{Report, Sender};
use super::wallets;
use crate::api;
use crate::checkout::screen::Screen;
use crate::config::{CheckoutConfig, ElementKind, Theme};
use crate::errors::{seen_offline, CheckoutError, LoadFailure};
use crate::i18n::Locale;
use crate::state::Event;
use crate::stripe::{loader, Adopted, EarlyForm, GroupMode, StripeClient, Wanted};
use booking_contract::{ClientSecret, PaymentTerms};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, OnceCell};
use std::rc::Rc;

/// How long a mounted element may take to fire `ready` (or `loaderror`),
/// like the Stripe.js script itself.
const READY_TIMEOUT_MS: u32 = 20_000;

/// The `Stripe(pk)` instance of this checkout, made on first use (Stripe.js
/// must be loaded by then).
pub(super) fn stripe_client<'a>(
    cell: &'a OnceCell<StripeClient>,
    config: &CheckoutConfig,
    locale: Locale,
) -> Result<&'a StripeClient, CheckoutError> {
    if cell.get().is_none() {
        let _ = cell.set(StripeClient::new(&config.publishable_key, locale)?);
    }
    cell.get().ok_or(CheckoutError::StripeUnavailable)
}

/// Loads Stripe.js and, intent-first, creates the intent (from the early
/// start's request when there is one), both at once.
pub(super) async fn fetch(
    load: u32,
    config: Rc<CheckoutConfig>,
    attempt: api::Attempt,
    early: Option<js_sys::Promise>,
    intent_first: bool,
) -> Report {
    let intent = async {
        if !intent_first {
            return None;
        }
        Some(match early {
            Some(response) => api::read_early(response).await,
            None => api::create_intent(&config, &attempt).await,
        })
    };
    let (loaded, intent) = futures::join!(loader::load_stripe(), intent);
    let mut cancellation = None;
    let fetched = match (loaded, intent.transpose()) {
        (_, Err(e)) => Err(e),
        (Err(e), _) => Err(CheckoutError::Load(e.failure(loader::online()))),
        (Ok(()), Ok(None)) => Ok(None),
        (Ok(()), Ok(Some(r))) => {
            cancellation = r.cancellation;
            Ok(Some((r.client_secret, r.terms)))
        }
    };
    let event = match fetched {
        Ok(intent) => Event::Fetched { load, intent },
        Err(error) => Event::LoadFailed { load, error: seen_offline(error, loader::online()) },
    };
    Report { cancellation, ..Report::from(event) }
}

/// What a mount needs from the controller.
pub(super) struct Mounting<'a> {
    /// The checkout's `Stripe(pk)`, made here on first use.
    pub stripe: &'a OnceCell<StripeClient>,
    /// The validated configuration.
    pub config: &'a CheckoutConfig,
    /// Where the element goes and what the customer sees.
    pub screen: &'a Screen,
    /// The appearance theme the host set last.
    pub theme: Theme,
    /// The terms on screen (the deferred group's).
    pub terms: Option<PaymentTerms>,
    /// The load this mount belongs to.
    pub load: u32,
    /// The intent-first intent's client secret.
    pub secret: Option<ClientSecret>,
    /// Where Stripe.js's events go.
    pub sender: Sender,
    /// The early start's form, offered to the first mount.
    pub early: Option<EarlyForm>,
}

/// Builds the Elements group for the intent (intent-first) or for the
/// amount on screen (deferred) and mounts its element(s), or takes over
/// the early start's form when it is that same group and element. Stripe.js's
/// events come back as machine events on a later turn.
pub(super) fn mount(m: Mounting<'_>) -> Result<Loaded, CheckoutError> {
    let locale = m.screen.locale();
    let mode = match (&m.secret, m.terms) {
        (Some(secret), _) => GroupMode::Intent(secret),
        (None, Some(terms)) => GroupMode::Deferred(terms),
        (None, None) => return Err(CheckoutError::Integration),
    };
    let slot = m.screen.mount_point().cloned().ok_or(CheckoutError::Integration)?;
    let adopted = match m.early {
        // A group confirms only with the `Stripe(pk)` that made it: the
        // early one is taken only while the checkout has none.
        Some(early) if m.stripe.get().is_none() => early.adopt(&Wanted {
            key: &m.config.publishable_key,
            mode,
            theme: m.theme.as_str(),
            locale,
            kind: m.config.element,
            slot: &slot,
        }),
        Some(early) => {
            early.discard();
            None
        }
        None => None,
    };
    let (group, mut element, replay) = match adopted {
        Some(Adopted { client, group, element, events }) => {
            let _ = m.stripe.set(client);
            (group, element, Some(events))
        }
        None => {
            let group = stripe_client(m.stripe, m.config, locale)?.elements(mode, m.theme.as_str(), locale)?;
            let element = group.create(m.config.element)?;
            (group, element, None)
        }
    };
    let load = m.load;
    // An element whose frame stalls fires neither `ready` nor `loaderror`:
    // without a deadline the form would wait forever. The ready listener
    // owns the timer, so `ready` or the element's teardown cancels it.
    let deadline = Cell::new(Some(Timeout::new(READY_TIMEOUT_MS, {
        let sender = m.sender.clone();
        move || {
            let error = seen_offline(CheckoutError::Load(LoadFailure::SlowNetwork), loader::online());
            sender.later(Event::LoadFailed { load, error })
        }
    })));
    element.on_ready({
        let sender = m.sender.clone();
        move || {
            deadline.take();
            sender.later(Event::Ready { load })
        }
    })?;
    element.on_load_failure({
        let sender = m.sender.clone();
        move |failure| {
            if failure == LoadFailure::KeyRejected {
                // The integrator's to fix; the key itself is never printed.
                web_sys::console::error_1(&"booking-checkout: Stripe refused the publishable key".into());
            }
            let error = seen_offline(CheckoutError::Load(failure), loader::online());
            sender.later(Event::LoadFailed { load, error })
        }
    })?;
    if m.config.element == ElementKind::Card {
        let screen = m.screen.clone();
        element.on_validation(move |error| screen.change(|p| p.card_error = error))?;
    }
    match replay {
        // Mounted already: what it fired before these listeners were on.
        Some(events) => element.replay(&events),
        None => element.mount(&slot)?,
    }
    let wallets = (m.config.wallets && m.config.element == ElementKind::Payment)
        .then(|| wallets::mount(m.screen, &group, &m.sender))
        .flatten();
    Ok(Loaded::new(group, element, wallets, m.secret))
}
