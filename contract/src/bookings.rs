//! Bookings and the demo's sign-in.

use crate::money::Currency;
use serde::{Deserialize, Serialize};

/// `POST /api/bookings` body. The owner comes from the session and the price
/// from the server's catalogue: neither is accepted from the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBooking {
    /// Catalogue id of the room.
    pub room: String,
    /// Number of nights, 1 to 30.
    pub nights: u32,
}

/// `PATCH /api/bookings/{id}` body: the stay changes (an extra night, say)
/// and the server prices it again from its catalogue. Like [`CreateBooking`],
/// it carries no amount: a client cannot name its own price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateBooking {
    /// New number of nights, 1 to 30.
    pub nights: u32,
}

/// Where a booking stands with its payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Not paid yet (also after a failed attempt).
    AwaitingPayment,
    /// Stripe reported the payment as processing.
    Processing,
    /// Stripe's `payment_intent.succeeded` webhook arrived.
    Paid,
}

/// A booking as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// Opaque id.
    pub id: String,
    /// Human-readable summary, e.g. "Sea-view room, 2 nights".
    pub description: String,
    /// Price in minor units, computed by the server.
    pub amount: i64,
    /// Currency of the price.
    pub currency: Currency,
    /// Payment state.
    pub status: BookingStatus,
}

/// `POST /api/session` body.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// Account email.
    pub email: String,
    /// Password (never logged; no `Debug`).
    pub password: String,
}

/// `GET /api/session`: who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Display name.
    pub name: String,
}
