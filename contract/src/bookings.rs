//! Bookings, the consent a guest gives at checkout, and the demo's sign-in.

use crate::cancellation::CancellationTerms;
use crate::date::Date;
use crate::money::Currency;
use crate::policy::PaymentTerms;
use serde::{Deserialize, Serialize};

/// `POST /api/bookings` body. The owner comes from the session and the price
/// from the server's catalogue: neither is accepted from the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBooking {
    /// Catalogue id of the room.
    pub room: String,
    /// Number of nights, 1 to 30.
    pub nights: u32,
    /// The arrival day, today or later at the property; when absent, the
    /// server's default lead time from today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Date>,
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
    /// The deposit is paid and the card saved; the balance is due later.
    DepositPaid,
    /// The price is authorised on the card, to be captured on arrival.
    Held,
    /// The authorisation was released or expired before it was captured:
    /// nothing is held, and the guest is asked to pay again.
    HoldReleased,
    /// The card is saved as a guarantee; nothing was charged.
    Guaranteed,
    /// The whole price is paid.
    Paid,
    /// A charge the server made without the guest (a deposit's balance, a
    /// no-show or cancellation fee) was declined or needs the guest to
    /// authenticate: create-intent hands out that same PaymentIntent for
    /// recovery.
    ActionRequired,
    /// The guest cancelled; what the policy kept was charged or captured
    /// and the rest refunded or released. Final: no event moves it.
    Cancelled,
}

impl BookingStatus {
    /// Whether checkout is over for the booking: paid, or its terms met
    /// (deposit paid, price held, card saved). Another checkout is refused.
    pub fn checkout_done(self) -> bool {
        matches!(self, Self::Paid | Self::DepositPaid | Self::Held | Self::Guaranteed | Self::Cancelled)
    }
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
    /// The arrival day.
    pub arrival: Date,
    /// How the booking is paid if checked out today.
    pub terms: PaymentTerms,
    /// What a cancellation keeps, and the version of that policy. Absent
    /// from older servers' answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationTerms>,
    /// Stripe's status of the booking's latest dispute (`needs_response`,
    /// `under_review`, `won`, `lost`, …); absent when never disputed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<String>,
    /// Minor units of refunds that failed after they were made (Stripe
    /// could not return the money: the guest has not received it); absent
    /// when none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_failed: Option<i64>,
    /// While the price is held: when the authorisation expires (unix
    /// seconds), after which it can no longer be captured and Stripe
    /// releases it (the booking is then `hold_released`). Absent otherwise,
    /// and from older servers' answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_expires_at: Option<i64>,
}

/// `POST /api/bookings/{id}/consent` body: the guest agreed, before
/// confirming, to the terms shown with this text, in this language.
///
/// The server keeps it with the booking, with its own time and the version
/// of its payment rule, and only when `terms` are the terms it decides
/// today: the amounts and dates on record are the server's, never the
/// browser's. A consent is never changed afterwards; a later one is
/// another record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRequest {
    /// The terms the guest saw.
    pub terms: PaymentTerms,
    /// The language of the text (`en`, `fr`, `de`, `es`, `it`, `nl`).
    pub locale: String,
    /// The consent sentence the guest saw, as shown.
    pub text: String,
    /// The version of the cancellation policy shown beside it
    /// ([`crate::CancellationTerms::version`]); absent from a checkout that
    /// showed none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_version: Option<String>,
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
