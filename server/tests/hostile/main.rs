//! Hostile input, faults and shutdown: property-based tests of the webhook
//! verifier and body parsing, the CSRF guard's media-type rule, Stripe and
//! database faults, credential expiry, SIGTERM, and the OpenAPI description
//! checked against the running server. Stripe is a small local stub
//! (`stripe_stub`), reached through the ordinary `STRIPE_API_BASE`.

mod stripe_stub;
mod support;

mod csrf;
mod expiry;
mod faults;
mod openapi;
mod properties;
mod shutdown;
