//! Integration tests of the reference server: one binary, a fresh server
//! and database per test, Stripe played by a real localstripe process seen
//! through a recording proxy.

mod helpers;

mod balance_job;
mod bookings;
mod cancel;
mod cancel_retry;
mod consent;
mod consent_limits;
mod consent_outdated;
mod create_intent;
mod history;
mod hold_expiry;
mod instances;
mod launcher;
mod lifecycle;
mod logs;
mod migration;
mod money_webhooks;
mod page;
mod policies;
mod recovery;
mod reprice;
mod session;
mod staff;
mod staff_refund;
mod terms_helpers;
mod webhook;
