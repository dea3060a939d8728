//! booking-checkout: a Stripe checkout component for booking pages.
//!
//! Payment logic lives in pure modules tested on the host ([`config`],
//! [`state`], [`errors`], [`status`], [`i18n`], [`redirect`], [`view_model`],
//! [`api`] mapping); the browser layer ([`stripe`], [`checkout`], [`embed`])
//! translates between them and the DOM / Stripe.js. Card data only ever
//! exists inside Stripe's iframes.

pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod checkout;
pub mod config;
#[cfg(target_arch = "wasm32")]
pub mod embed;
pub mod errors;
pub mod i18n;
pub mod redirect;
pub mod state;
pub mod status;
pub mod stripe;
pub mod view_model;

pub use config::{CheckoutConfig, ConfigError, PublishableKey, RawConfig};
#[cfg(target_arch = "wasm32")]
pub use embed::{mount_checkout, CheckoutHandle};
#[cfg(all(target_arch = "wasm32", feature = "leptos"))]
pub use embed::BookingCheckout;

/// Registers the `<booking-checkout>` element. Runs as the module's start
/// function in the standalone build; with the `leptos` feature the crate is a
/// library inside an app that owns its start, and calls this itself if it
/// wants the element too.
#[cfg_attr(not(feature = "leptos"), wasm_bindgen::prelude::wasm_bindgen(start))]
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    embed::register_custom_element();
}
