//! booking-checkout: a Stripe checkout component for booking pages, with a
//! Leptos (CSR) view compiled to WebAssembly.
//!
//! Payment logic lives in pure modules tested on the host ([`config`],
//! [`state`], [`errors`], [`status`], [`i18n`], [`redirect`], [`view_model`],
//! [`shell`], [`api`] mapping); [`view`] is the Leptos view over the view model, also
//! rendered on the host; the browser layer ([`stripe`], [`checkout`],
//! [`embed`]) connects them to Stripe.js and the host page. Card data only
//! ever exists inside Stripe's iframes.

pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod checkout;
pub mod config;
mod digits;
#[cfg(target_arch = "wasm32")]
pub mod embed;
pub mod errors;
pub mod i18n;
#[cfg(target_arch = "wasm32")]
mod js_object;
pub mod redirect;
pub mod shell;
pub mod state;
pub mod status;
pub mod stripe;
#[cfg(any(target_arch = "wasm32", test))]
pub mod view;
pub mod view_model;

pub use booking_contract::{Currency, Date, Money, PaymentTerms};
#[cfg(target_arch = "wasm32")]
pub use checkout::Succeeded;
pub use config::{
    Auth, CheckoutConfig, CheckoutOptions, ConfigError, ElementKind, Flow, PublishableKey, RawConfig, Theme,
};
#[cfg(target_arch = "wasm32")]
pub use embed::BookingCheckout;
#[cfg(target_arch = "wasm32")]
pub use embed::{mount_checkout, CheckoutHandle};
pub use i18n::Locale;

/// Registers the `<booking-checkout>` element. Runs as the module's start
/// function in the standalone build; with the `leptos` feature the crate is a
/// library inside an app that owns its start, and calls this itself if it
/// wants the element too.
#[cfg_attr(not(feature = "leptos"), wasm_bindgen::prelude::wasm_bindgen(start))]
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    embed::register_custom_element();
}
