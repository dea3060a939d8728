//! Stripe: a small typed API client and webhook signature verification.

pub mod client;
pub mod event;
pub mod webhook;

pub use client::{PaymentIntent, StripeClient, StripeError};
