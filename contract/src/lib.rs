//! The wire contract between the checkout component and the reference server.
//!
//! Serde types only, no I/O. Both sides depend on this crate so that a field
//! renamed on one side fails to compile on the other instead of failing at
//! run time in a customer's browser.

mod after_checkout;
mod bookings;
mod cancellation;
mod date;
mod error;
mod key;
mod money;
mod payments;
mod policy;
mod secret;
mod staff;
mod status;

pub use after_checkout::CancelOutcome;
pub use bookings::{Booking, BookingStatus, ConsentRequest, CreateBooking, LoginRequest, Me, UpdateBooking};
pub use cancellation::{BadCancellationPolicy, CancellationPolicy, CancellationTerms, CancellationTier, Settlement};
pub use date::{BadDate, Date};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use key::{KeyError, PublishableKey};
pub use money::{Currency, Money, MoneyError};
pub use payments::{BadAnswer, CreateIntentRequest, CreateIntentResponse, HistoryPage, Movement, PaymentRecord};
pub use policy::{OwedCharge, PaymentTerms, PolicyError, PolicyRule, Share, HOLD_WINDOW_DAYS};
pub use secret::{ClientSecret, MalformedSecret};
pub use staff::{ConsentEvidence, DisputeEvidence, StaffAmount, StaffCharge, StaffChargeKind, StaffOutcome};
pub use status::IntentStatus;

// Wire names: every path and header name the component and the server
// share. The server routes with these constants; none is spelled twice.
// Paths are relative to the server origin; `{id}` is a path parameter.

/// Prefix of every API path: errors under it get the JSON error body.
pub const API_PREFIX: &str = "/api/";
/// Sign-in (`POST`, [`LoginRequest`]), who is signed in (`GET`, [`Me`]) and
/// sign-out (`DELETE`).
pub const SESSION_PATH: &str = "/api/session";
/// The caller's bookings (`GET`) and a new booking (`POST`, [`CreateBooking`]).
pub const BOOKINGS_PATH: &str = "/api/bookings";
/// One of the caller's bookings (`GET`), and a change of its stay (`PATCH`,
/// [`UpdateBooking`]) that reprices it and its open PaymentIntent; `{id}` is
/// [`Booking::id`].
pub const BOOKING_PATH: &str = "/api/bookings/{id}";
/// The consent a guest gives to a booking's payment terms before
/// confirming (`POST`, [`ConsentRequest`]; 204, or 409 `terms_changed`).
pub const CONSENT_PATH: &str = "/api/bookings/{id}/consent";
/// The guest cancels one of their bookings (`POST`, body `{}`; 200
/// [`CancelOutcome`]). Amounts are the server's, never the request's.
pub const CANCEL_PATH: &str = "/api/bookings/{id}/cancel";
/// Staff: capture a held booking (`POST`, [`StaffAmount`]; 200
/// [`StaffOutcome`]); the rest of the authorisation is released. Staff
/// routes take the staff bearer token only.
pub const STAFF_CAPTURE_PATH: &str = "/api/staff/bookings/{id}/capture";
/// Staff: release a held booking's authorisation (`POST`; 200 [`StaffOutcome`]).
pub const STAFF_RELEASE_PATH: &str = "/api/staff/bookings/{id}/release";
/// Staff: charge the saved card off-session (`POST`, [`StaffCharge`]; 200
/// [`StaffOutcome`]); the amount is the server's, from the stored consent.
pub const STAFF_CHARGE_PATH: &str = "/api/staff/bookings/{id}/charge";
/// Staff: refund what was paid (`POST`, [`StaffAmount`]; 200 [`StaffOutcome`]).
pub const STAFF_REFUND_PATH: &str = "/api/staff/bookings/{id}/refund";
/// Staff: the consents and cancellation policy kept for a dispute (`GET`,
/// [`DisputeEvidence`]).
pub const STAFF_EVIDENCE_PATH: &str = "/api/staff/bookings/{id}/evidence";
/// Path of the create-intent endpoint, relative to the server origin.
pub const CREATE_INTENT_PATH: &str = "/api/payments/create-intent";
/// The caller's payment history (`GET`, [`HistoryPage`]; `?after=&limit=`).
pub const PAYMENT_HISTORY_PATH: &str = "/api/payments/history";
/// Where Stripe posts webhook events (not called by the component).
pub const WEBHOOK_PATH: &str = "/api/payments/webhook";
/// Where browsers post Content-Security-Policy violation reports for the
/// payment page (named in its CSP `report-uri` and `Reporting-Endpoints`).
pub const CSP_REPORT_PATH: &str = "/api/csp-report";

/// Header carrying the per-attempt idempotency key from the component.
///
/// What it means to the server: nothing it acts on. The component sends one
/// key per payment attempt (reused by every retry of that attempt); the
/// server accepts the header (CORS allows it) but does not read it, because
/// create-intent is idempotent without it: it is keyed by the booking. Under
/// a per-booking lock the server returns the booking's open PaymentIntent if
/// it has one and creates one otherwise, so retries with the same key, other
/// keys or none all get the same intent (a new one only after the old one was
/// canceled or the price changed). The Idempotency-Key the server sends to
/// Stripe is derived from server facts only (booking id and attempt number),
/// never from this header, so a client cannot make two bookings share a
/// Stripe request. A client may omit it; the component keeps sending it so
/// that a proxy deduplicating requests by key can use it.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
