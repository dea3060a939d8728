//! HTTP routes, one module per area. Each has a `router()` with its paths
//! (from the contract's constants); [`crate::app`] merges them and adds the
//! guards, body limits and layers in one place.

pub mod balance_due;
pub mod bookings;
pub mod cancel;
pub mod cancel_steps;
pub mod consent;
pub mod consented;
pub mod create_intent;
pub mod csp_report;
pub mod hold_expiry;
pub mod off_session;
pub mod page;
pub mod payments;
pub mod retire;
pub mod session;
pub mod staff;
pub mod staff_action;
pub mod staff_evidence;
pub mod staff_hold;
pub mod staff_money;
pub mod staff_refund;
pub mod webhook;
pub mod webhook_money;
