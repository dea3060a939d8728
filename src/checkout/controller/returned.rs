//! The return from a redirect-based payment method (3DS page, bank app):
//! the intent is retrieved (the URL's `redirect_status` is not trusted), a
//! success is shown only if the booking's create-intent answer vouches for
//! the intent (the URL may carry another payment's secret); an intent that
//! did not succeed is said so above the form, loaded again.

use super::{dispatch, load, Shared};
use crate::api;
use crate::errors::CheckoutError;
use crate::redirect::{vouches_for, Vouched};
use crate::state::Event;
use crate::stripe::loader;
use booking_contract::ClientSecret;
use wasm_bindgen_futures::spawn_local;

/// Finishes a redirect return for the intent of `secret`.
pub(super) fn finish(ctl: Shared, secret: ClientSecret) {
    spawn_local(async move {
        let outcome = async {
            loader::load_stripe().await.map_err(|_| CheckoutError::StripeUnavailable)?;
            load::stripe_client(&ctl)?.retrieve(&secret).await
        }
        .await;
        match outcome {
            Ok(r) if r.status.success_text().is_some() => {
                let (config, attempt, gen) = {
                    let c = ctl.borrow();
                    (c.config.clone(), c.attempt.clone(), c.machine.generation())
                };
                match vouches_for(&r.id, api::create_intent(&config, &attempt).await) {
                    Vouched::Yes => {
                        ctl.borrow_mut().intent_id = Some(r.id);
                        dispatch(&ctl, Event::Returned(r.status));
                    }
                    // Not this booking's payment: its outcome says nothing
                    // here, and the booking's own form is what is due.
                    Vouched::No => load::load(&ctl),
                    Vouched::Unknown(error) => dispatch(&ctl, Event::LoadFailed { gen, error }),
                }
            }
            Ok(r) => {
                ctl.borrow().screen.change(|p| p.notice = Some(CheckoutError::NotCompleted(r.status)));
                load::load(&ctl);
            }
            // The outcome could not be read: the form's own load says what
            // is known (a paid booking is refused as already paid, a failed
            // load names its cause). A notice kept from here would stand
            // beside a form that loads on Try again.
            Err(_) => load::load(&ctl),
        }
    });
}
