//! `POST /api/bookings/{id}/consent`: the guest agrees, before confirming,
//! to the booking's payment terms (what may be charged, when, up to how
//! much), with the text they were shown in their language.
//!
//! The record is the server's: its terms for the booking now (never the
//! browser's copy, which must equal them or the answer is 409
//! `terms_changed`), its room's rule and that rule's version, and the
//! server's time; and the room's cancellation policy with its version, which
//! a later cancellation then follows. It is append-only: no route changes or removes a consent
//! (the database refuses it too), and another consent is another row; so
//! each user's consents are rate-limited (`CONSENT_BURST`,
//! `CONSENT_REFILL_SECS`: 429 with `Retry-After`) and a booking keeps
//! [`MAX_PER_BOOKING`] at most (then 409 `consent_limit_reached`).

use crate::auth::AuthUser;
use crate::catalogue;
use crate::consent::{check, Refusal, MAX_PER_BOOKING};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::routes::bookings;
use crate::state::AppState;
use crate::terms::{cancellation_of, policy_version};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use booking_contract::{ConsentRequest, CONSENT_PATH};
use std::time::Instant;

/// `POST` a consent.
pub fn router() -> Router<AppState> {
    Router::new().route(CONSENT_PATH, post(give))
}

/// Keeps the caller's consent to booking `id`'s terms: 204; 404 for
/// another's booking; 409 `already_paid` once checkout is done; 422 when
/// there is nothing to consent to (the whole price now) or the locale or
/// text is not acceptable; 409 `terms_changed` when the terms shown are
/// not the booking's terms now, or the cancellation policy shown
/// (`cancellation_version`) is not the booking's; 429 with `Retry-After` over the caller's
/// rate; 409 `consent_limit_reached` once the booking holds
/// [`MAX_PER_BOOKING`].
pub async fn give(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ConsentRequest>,
) -> Result<StatusCode, ApiError> {
    // Rate first: it costs nothing, and each consent is kept for good.
    state.consent_limit.check(user.id, Instant::now()).map_err(ApiError::RateLimited)?;
    bookings::find(&state, user, &id).await?;
    // Under the booking's lock, which holds across instances: the bound
    // per booking is counted by one consent at a time, against the terms
    // as they are while no price change or checkout runs.
    let lock = state.lock_booking(&id).await?;
    let kept = keep(&state, user, &id, req).await;
    lock.release().await;
    kept
}

/// Checks and keeps one consent, with the booking's lock held.
async fn keep(state: &AppState, user: AuthUser, id: &str, req: ConsentRequest) -> Result<StatusCode, ApiError> {
    let id = id.to_owned();
    let booking = bookings::find(state, user, &id).await?;
    if booking.status == booking_contract::BookingStatus::Cancelled {
        return Err(ApiError::BookingCancelled);
    }
    if booking.status.checkout_done() {
        return Err(ApiError::AlreadyPaid);
    }
    check(&req, &booking.terms).map_err(|refusal| match refusal {
        Refusal::TermsChanged => ApiError::TermsChanged,
        other => ApiError::Unacceptable(other.log_code()),
    })?;
    let room: String =
        sqlx::query_scalar("SELECT room FROM bookings WHERE id = $1").bind(&id).fetch_one(&state.db).await?;
    let rule = catalogue::policy(&room).ok_or_else(|| ApiError::Internal("terms_unknown_room".into()))?;
    let encode = |_| ApiError::Internal("consent_encode".into());
    let rule_json = serde_json::to_string(&rule).map_err(encode)?;
    let terms = serde_json::to_string(&booking.terms).map_err(encode)?;
    let cancellation = cancellation_of(&room).ok_or_else(|| ApiError::Internal("terms_unknown_room".into()))?;
    // The policy shown beside the consent is the one kept with it, or none.
    if req.cancellation_version.as_ref().is_some_and(|shown| *shown != cancellation.version) {
        return Err(ApiError::TermsChanged);
    }
    let cancellation_json = serde_json::to_string(&cancellation).map_err(encode)?;
    let (policy, version, now) = (booking.terms.policy(), policy_version(&rule), state.clock.now());
    let kept = state
        .writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                // The count and the insert in one statement: a consent past
                // the bound is not kept.
                let kept = sqlx::query(
                    "INSERT INTO consents (booking_id, policy, terms, rule, text, locale, policy_version, accepted_at,
                         cancellation, cancellation_version)
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
                     WHERE (SELECT COUNT(*) FROM consents WHERE booking_id = $1) < $11",
                )
                .bind(id)
                .bind(policy)
                .bind(terms)
                .bind(rule_json)
                .bind(req.text)
                .bind(req.locale)
                .bind(version)
                .bind(now)
                .bind(cancellation_json)
                .bind(cancellation.version)
                .bind(MAX_PER_BOOKING)
                .execute(conn)
                .await?;
                Ok(kept.rows_affected() == 1)
            })
        })
        .await?;
    if !kept {
        return Err(ApiError::ConsentLimitReached);
    }
    Ok(StatusCode::NO_CONTENT)
}
