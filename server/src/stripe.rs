//! Stripe: a small typed API client, webhook signature verification (pure)
//! and the webhook event payloads.

pub mod client;
pub mod event;
pub mod webhook;

pub use client::{PaymentIntent, StripeClient, StripeError};
