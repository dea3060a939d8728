//! The staff API under `/api/staff/bookings/{id}/`: capture and release a
//! hold ([`super::staff_hold`]), charge the saved card and refund
//! ([`super::staff_money`], [`super::staff_refund`]), the dispute evidence
//! ([`super::staff_evidence`]); what they share is [`super::staff_action`].
//!
//! Every route takes [`crate::staff_auth::Staff`] first, so a guest's cookie or
//! token is refused (403) before the booking is read or Stripe asked.

use crate::routes::staff_evidence::evidence;
use crate::routes::staff_hold::{capture, release};
use crate::routes::staff_money::charge;
use crate::routes::staff_refund::refund;
use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;
use booking_contract::{
    STAFF_CAPTURE_PATH, STAFF_CHARGE_PATH, STAFF_EVIDENCE_PATH, STAFF_REFUND_PATH, STAFF_RELEASE_PATH,
};

/// The staff routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(STAFF_CAPTURE_PATH, post(capture))
        .route(STAFF_RELEASE_PATH, post(release))
        .route(STAFF_CHARGE_PATH, post(charge))
        .route(STAFF_REFUND_PATH, post(refund))
        .route(STAFF_EVIDENCE_PATH, get(evidence))
}
