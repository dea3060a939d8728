//! The return from a redirect-based payment method (3DS page, bank app):
//! the intent is retrieved (the URL's `redirect_status` is not trusted), and
//! a success is shown only once the booking's create-intent answer vouches
//! for the intent (the URL may carry another payment's secret). Until then
//! the return waits on the controller (`returning` while the intent is not
//! retrieved, `returned` while its success is not vouched for): a step that
//! failed is made again by Try again, an automatic retry or `refresh()`, so
//! a customer who paid never ends on "already paid" instead of their
//! success. An intent that did not succeed is said so above the form,
//! loaded again.

use super::{dispatch, load, Shared};
use crate::api;
use crate::errors::{seen_offline, CheckoutError};
use crate::redirect::{vouches_for, Vouched};
use crate::state::Event;
use crate::stripe::loader;
use booking_contract::ClientSecret;
use wasm_bindgen_futures::spawn_local;

/// Whether the controller still waits for the generation `gen`: nothing is
/// carried out for a checkout destroyed or retargeted meanwhile.
fn current(ctl: &Shared, gen: u32) -> bool {
    let c = ctl.borrow();
    !c.destroyed && c.machine.generation() == gen
}

/// Finishes a redirect return for the intent of `secret`.
pub(super) fn finish(ctl: Shared, secret: ClientSecret) {
    let gen = ctl.borrow().machine.generation();
    spawn_local(async move {
        let outcome = async {
            loader::load_stripe().await.map_err(|e| CheckoutError::Load(e.failure(loader::online())))?;
            load::stripe_client(&ctl)?.retrieve(&secret).await
        }
        .await;
        if !current(&ctl, gen) {
            return; // a newer load owns the checkout now
        }
        match outcome {
            Ok(r) if r.status.success_text().is_some() => {
                ctl.borrow_mut().returned = Some((secret, r));
                check(ctl);
            }
            Ok(r) => {
                ctl.borrow().screen.change(|p| p.notice = Some(CheckoutError::NotCompleted(r.status)));
                load::load(&ctl);
            }
            // The outcome could not be read: said as a failed load (with its
            // cause), and the next load retrieves it again.
            Err(error) => {
                ctl.borrow_mut().returning = Some(secret);
                dispatch(&ctl, Event::LoadFailed { gen, error: seen_offline(error, loader::online()) });
            }
        }
    });
}

/// Asks the booking's create-intent whether it vouches for the returned
/// intent waiting on the controller, for the machine's current generation.
pub(super) fn check(ctl: Shared) {
    let (gen, config, attempt) = {
        let mut c = ctl.borrow_mut();
        // A check is under way: a retry still waiting would be a second one.
        c.pending_retry = None;
        (c.machine.generation(), c.config.clone(), c.attempt.clone())
    };
    spawn_local(async move {
        let answer = api::create_intent(&config, &attempt).await;
        if !current(&ctl, gen) {
            return;
        }
        let Some(returned) = ctl.borrow().returned.as_ref().map(|(_, r)| r.clone()) else { return };
        match vouches_for(&returned.id, answer) {
            Vouched::Yes => {
                {
                    let mut c = ctl.borrow_mut();
                    c.returned = None;
                    c.intent_id = Some(returned.id);
                }
                dispatch(&ctl, Event::Returned { gen, status: returned.status });
            }
            // Not this booking's payment: its outcome says nothing here,
            // and the booking's own form is what is due.
            Vouched::No => {
                ctl.borrow_mut().returned = None;
                load::load(&ctl);
            }
            Vouched::Unknown(error) => {
                dispatch(&ctl, Event::LoadFailed { gen, error: seen_offline(error, loader::online()) })
            }
        }
    });
}
