//! The wire contract between the checkout component and the reference server.
//!
//! Serde types only, no I/O. Both sides depend on this crate so that a field
//! renamed on one side fails to compile on the other instead of failing at
//! run time in a customer's browser.

mod bookings;
mod error;
mod money;
mod payments;
mod secret;

pub use bookings::{Booking, BookingStatus, CreateBooking, LoginRequest, Me};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use money::{Currency, Money, MoneyError};
pub use payments::{CreateIntentRequest, CreateIntentResponse, HistoryPage, PaymentRecord};
pub use secret::{ClientSecret, MalformedSecret};

/// Path of the create-intent endpoint, relative to the server origin.
pub const CREATE_INTENT_PATH: &str = "/api/payments/create-intent";
/// Header carrying the per-attempt idempotency key from the component.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
