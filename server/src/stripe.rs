//! Stripe: a small typed API client (PaymentIntents; Customers and
//! SetupIntents for saved cards; either seen as one checkout object),
//! webhook signature verification (pure), the webhook event payloads and
//! what checkout asks Stripe to create for a booking's payment terms (pure),
//! and the calls that move money after checkout (capture, refund, a charge
//! without the guest), and when a hold's authorisation expires.

pub mod after_checkout;
pub mod checkout;
pub mod client;
pub mod event;
pub mod hold;
pub mod money_event;
pub mod plan;
pub mod saved_cards;
pub mod webhook;

pub use checkout::Checkout;
pub use client::{PaymentIntent, StripeClient, StripeError};
pub use saved_cards::{Customer, SetupIntent};
