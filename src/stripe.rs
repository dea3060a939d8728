//! Stripe.js behind typed Rust values.
//!
//! `bindings` is the raw `extern` block, `wire` the typed shapes that cross
//! it, and `from_js` the field-by-field reader of JS values (also
//! used for the create-intent answer). This module is the boundary where JS
//! failures become `CheckoutError`s; all four failure channels meet here: a
//! resolved `{error}`, a thrown or rejected IntegrationError, the
//! `loaderror` event, and the loader promise.
//!
//! Only [`loader`]'s URL rules build for the host (they are pure and tested
//! there); everything else needs a browser.

pub mod loader;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod early;
#[cfg(target_arch = "wasm32")]
mod element;
#[cfg(target_arch = "wasm32")]
mod from_js;
#[cfg(target_arch = "wasm32")]
mod wire;

#[cfg(target_arch = "wasm32")]
pub use client::{GroupMode, StripeClient};
#[cfg(target_arch = "wasm32")]
pub use early::{Adopted, EarlyForm, Wanted};
#[cfg(target_arch = "wasm32")]
pub use element::{ElementHandle, ElementsGroup, GroupUpdate, WalletClick, WalletConfirm};

#[cfg(target_arch = "wasm32")]
pub(crate) use from_js::{Fields, Invalid};
