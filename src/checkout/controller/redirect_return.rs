//! The return from a redirect-based payment method (3DS page, bank app):
//! the intent is read (the URL's `redirect_status` is not trusted), and the
//! booking's create-intent answer is asked whether it vouches for the
//! intent (the URL may carry another payment's secret). What follows from
//! each answer is the machine's to decide.

use super::load::stripe_client;
use super::messages::Report;
use crate::api::{self, Attempt};
use crate::config::CheckoutConfig;
use crate::errors::{seen_offline, CheckoutError};
use crate::i18n::Locale;
use crate::redirect::{vouches_for, Vouched};
use crate::state::Event;
use crate::stripe::{loader, StripeClient};
use booking_contract::ClientSecret;
use std::cell::OnceCell;
use std::rc::Rc;

/// Reads the intent of the redirect return `secret`, for the load `load`.
pub(super) async fn read(
    load: u32,
    stripe: Rc<OnceCell<StripeClient>>,
    config: Rc<CheckoutConfig>,
    locale: Locale,
    secret: ClientSecret,
) -> Report {
    let result = async {
        loader::load_stripe().await.map_err(|e| CheckoutError::Load(e.failure(loader::online())))?;
        stripe_client(&stripe, &config, locale)?.retrieve(&secret).await
    }
    .await;
    // The outcome could not be read: said as a failed load, with its cause.
    let result = result.map_err(|error| seen_offline(error, loader::online()));
    Event::ReturnRead { load, result }.into()
}

/// Asks the booking's create-intent whether it vouches for the returned
/// intent `intent_id`, for the load `load`.
pub(super) async fn check(load: u32, config: Rc<CheckoutConfig>, attempt: Attempt, intent_id: String) -> Report {
    let vouched = match vouches_for(&intent_id, api::create_intent(&config, &attempt).await) {
        Vouched::Unknown(error) => Vouched::Unknown(seen_offline(error, loader::online())),
        vouched => vouched,
    };
    Event::ReturnChecked { load, vouched }.into()
}
