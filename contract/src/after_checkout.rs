//! What happens to a booking after checkout, on the wire: what a
//! cancellation came to.
//!
//! Every amount here is the server's: a guest's request carries none.

use crate::bookings::BookingStatus;
use crate::money::Currency;
use serde::{Deserialize, Serialize};

/// 200 answer of a cancel: where the booking stands and what the policy
/// came to, in minor units of `currency`. A repeated cancel answers the
/// first one's outcome and moves no money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelOutcome {
    /// The booking cancelled.
    pub booking_id: String,
    /// `cancelled`, or `action_required` when a fee the policy keeps could
    /// not be charged to the saved card without the guest.
    pub status: BookingStatus,
    /// The currency of every amount here.
    pub currency: Currency,
    /// What the policy keeps (0: a free cancellation).
    pub retained: i64,
    /// What is refunded to the guest (or, for a hold, released beyond
    /// what is captured: not counted here).
    pub refunded: i64,
    /// What was charged or captured for the part kept.
    pub charged: i64,
}
