//! What one load creates, as values that undo themselves when dropped.
//!
//! [`Loaded`] holds the Elements group, the element, the wallet buttons
//! and the intent's client secret; the element's listeners and its `ready`
//! deadline live on the element handle. Dropping it destroys the Stripe
//! elements at once, even while a flow still holds the group (its
//! confirmation then fails rather than pay with a stale form), and tells an
//! approved wallet payment that it failed. [`PendingRetry`] is a failed
//! load's automatic retry: dropping it cancels the timer and the listener.

use super::messages::Sender;
use crate::state::Event;
use crate::stripe::{ElementHandle, ElementsGroup, GroupUpdate, WalletConfirm};
use booking_contract::{ClientSecret, PaymentTerms};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::rc::Rc;

/// Everything one load created.
#[must_use = "dropping it destroys the form"]
pub(super) struct Loaded {
    /// The Elements group; flows hold clones while they run.
    pub group: Rc<ElementsGroup>,
    /// The Payment or Card Element.
    pub element: Rc<ElementHandle>,
    /// The Express Checkout Element (wallet buttons), when asked for.
    pub wallets: Option<ElementHandle>,
    /// A wallet payment the customer approved, until its outcome is known.
    wallet_pending: Option<WalletConfirm>,
    /// The intent's client secret: intent-first from the load, deferred
    /// from the payment that created it.
    pub secret: Option<ClientSecret>,
}

impl Loaded {
    /// A load's objects.
    pub fn new(
        group: ElementsGroup,
        element: ElementHandle,
        wallets: Option<ElementHandle>,
        secret: Option<ClientSecret>,
    ) -> Self {
        Self { group: Rc::new(group), element: Rc::new(element), wallets, wallet_pending: None, secret }
    }

    /// Holds an approved wallet payment until its outcome is known; gives
    /// it back when one is already held.
    pub fn hold_wallet(&mut self, approved: WalletConfirm) -> Option<WalletConfirm> {
        if self.wallet_pending.is_some() {
            return Some(approved);
        }
        self.wallet_pending = Some(approved);
        None
    }

    /// The payment is over: the wallet's interface learns it. A success
    /// closes it by itself; anything else must be said to it.
    pub fn wallet_settled(&mut self, succeeded: bool) {
        if let Some(approved) = self.wallet_pending.take() {
            if !succeeded {
                approved.fail();
            }
        }
    }

    /// Puts new deferred terms of the same policy into the group: the
    /// amount its confirmation charges or authorises (a guarantee's setup
    /// group has none to change). An intent created for the old terms (by
    /// a payment that failed) must not be confirmed: the next Pay asks the
    /// server again.
    pub fn take_terms(&mut self, terms: &PaymentTerms) -> Result<(), crate::errors::CheckoutError> {
        self.secret = None;
        match terms.confirmed_now() {
            Some(amount) => self.group.update(&GroupUpdate { amount: Some(amount), ..GroupUpdate::default() }),
            None => Ok(()),
        }
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        // Destroyed now, not when the last clone goes.
        self.element.destroy();
        if let Some(wallets) = &self.wallets {
            wallets.destroy();
        }
        self.wallet_settled(false);
    }
}

/// An automatic retry waiting to happen: the back-off timer, if one is
/// left, and the `online` listener. Dropping it cancels both.
#[must_use = "dropping it cancels the retry"]
pub(super) struct PendingRetry {
    _timer: Option<Timeout>,
    _online: Option<EventListener>,
}

impl PendingRetry {
    /// Arranges [`Event::RetryDue`] after `after_ms` and [`Event::Online`]
    /// when the browser comes back online, for the load `load` that failed.
    /// The machine drops whichever arrives for a load no longer current.
    pub fn new(sender: &Sender, load: u32, after_ms: Option<u32>) -> Self {
        // Both send their event on a later turn: the reload it starts
        // drops this handle, and with it the callback that would be running.
        let timer = after_ms.map(|ms| {
            let sender = sender.clone();
            Timeout::new(ms, move || sender.later(Event::RetryDue { load }))
        });
        let sender = sender.clone();
        let online = web_sys::window().map(|w| EventListener::new(&w, "online", move |_| sender.later(Event::Online)));
        Self { _timer: timer, _online: online }
    }
}
