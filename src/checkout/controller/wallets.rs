//! The Express Checkout Element: wallet buttons (Apple Pay, Google Pay,
//! Link) above the Payment Element, in the same Elements group, so the one
//! intent (or deferred amount) serves both.
//!
//! A click is answered at once, inside Stripe's 1 s limit: the wallet shows
//! only while Pay could be pressed. An approved wallet payment goes down
//! the Pay button's own path (the machine's double-submit guard, the next
//! action, reconciliation, sanitized errors), and its interface is told
//! when that fails. With no wallet available the buttons stay hidden and
//! nothing else changes; a wallet element that cannot load is dropped the
//! same way, never failing the form.

use super::messages::Sender;
use crate::checkout::screen::Screen;
use crate::errors::CheckoutError;
use crate::stripe::{ElementHandle, ElementsGroup};

/// Creates and mounts the wallet buttons in `group`. `None` when Stripe.js
/// refuses: the form goes on without them.
pub(super) fn mount(screen: &Screen, group: &ElementsGroup, sender: &Sender) -> Option<ElementHandle> {
    // The row stays until the buttons say whether any can show.
    screen.change(|p| p.wallets_pending = true);
    let mounted = try_mount(screen, group, sender.clone()).ok();
    if mounted.is_none() {
        screen.change(|p| p.wallets_pending = false);
    }
    mounted
}

fn try_mount(screen: &Screen, group: &ElementsGroup, sender: Sender) -> Result<ElementHandle, CheckoutError> {
    let mut element = group.create_express()?;
    let shown = screen.clone();
    element.on_wallets_ready(move |available| shown.change(|p| p.wallets_known(available)))?;
    let shown = screen.clone();
    element.on_load_error(move || shown.change(|p| p.wallets_known(false)))?;
    let payable = screen.clone();
    element.on_wallet_click(move |click| {
        // Answered synchronously, so always within Stripe's 1 s. Whether Pay
        // could be pressed now is on the screen: a customer already paying
        // sees no wallet sheet.
        if payable.can_pay() {
            click.resolve();
        }
    })?;
    // On a later turn: Stripe.js may call us while the controller is busy.
    element.on_wallet_confirm(move |approved| sender.wallet_approved(approved))?;
    element.mount(screen.wallets_point().ok_or(CheckoutError::Integration)?)?;
    Ok(element)
}
