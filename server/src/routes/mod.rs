//! HTTP routes, one module per area.

pub mod bookings;
pub mod csp_report;
pub mod payments;
pub mod session;
pub mod webhook;
