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

use super::{dispatch, Controller, Shared};
use crate::errors::CheckoutError;
use crate::state::Event;
use crate::stripe::{ElementHandle, ElementsGroup, WalletConfirm};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen_futures::spawn_local;

/// Creates and mounts the wallet buttons in `group` (call with the
/// controller borrowed, as the load does). `None` when Stripe.js refuses:
/// the form goes on without them.
pub(super) fn mount(ctl: &Shared, c: &Controller, group: &ElementsGroup) -> Option<ElementHandle> {
    try_mount(Rc::downgrade(ctl), c, group).ok()
}

fn try_mount(
    weak: Weak<RefCell<Controller>>,
    c: &Controller,
    group: &ElementsGroup,
) -> Result<ElementHandle, CheckoutError> {
    let mut element = group.create_express()?;
    let screen = c.screen.clone();
    element.on_wallets_ready(move |available| screen.change(|p| p.wallets = available))?;
    let screen = c.screen.clone();
    element.on_load_error(move || screen.change(|p| p.wallets = false))?;
    element.on_wallet_click({
        let weak = weak.clone();
        move |click| {
            // Answered synchronously, so always within Stripe's 1 s. A
            // controller that is busy (borrowed) or cannot take a payment
            // now shows no wallet: the customer is paying already.
            let payable = weak.upgrade().is_some_and(|ctl| ctl.try_borrow().is_ok_and(|c| c.machine.can_pay()));
            if payable {
                click.resolve();
            }
        }
    })?;
    element.on_wallet_confirm(move |approved| {
        // On a later turn: Stripe.js may call us with the controller borrowed.
        let weak = weak.clone();
        spawn_local(async move {
            match weak.upgrade() {
                Some(ctl) => pay_with(&ctl, approved),
                None => approved.fail(),
            }
        });
    })?;
    element.mount(c.screen.wallets_point().ok_or(CheckoutError::Integration)?)?;
    Ok(element)
}

/// The customer approved a wallet payment: it is confirmed exactly as a
/// press on Pay would be, or refused at once when Pay could not be pressed
/// now (a payment in flight, a price being read again).
fn pay_with(ctl: &Shared, approved: WalletConfirm) {
    {
        let mut c = ctl.borrow_mut();
        if c.destroyed || !c.machine.can_pay() || c.wallet_pending.is_some() {
            drop(c);
            approved.fail();
            return;
        }
        c.wallet_pending = Some(approved);
    }
    dispatch(ctl, Event::PayPressed);
}
