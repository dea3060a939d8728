//! Stripe: a small typed API client, webhook signature verification (pure),
//! the webhook event payloads and what checkout asks Stripe to create for a
//! booking's payment terms (pure).

pub mod client;
pub mod event;
pub mod plan;
pub mod webhook;

pub use client::{PaymentIntent, StripeClient, StripeError};
