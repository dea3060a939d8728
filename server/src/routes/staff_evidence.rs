//! `GET /api/staff/bookings/{id}/evidence`: what the guest accepted, for
//! the answer to a dispute: every consent as kept (terms, text, language,
//! rule version, time) and the cancellation policy with its version.

use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::routes::bookings;
use crate::routes::staff_action::log;
use crate::staff_auth::Staff;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use booking_contract::{ConsentEvidence, DisputeEvidence};

#[derive(sqlx::FromRow)]
struct Row {
    terms: String,
    text: String,
    locale: String,
    policy_version: String,
    accepted_at: i64,
    cancellation_version: Option<String>,
}

/// The booking's consents, oldest first, its cancellation policy and its
/// dispute status. Read only: no lock.
pub async fn evidence(
    _: Staff,
    State(state): State<AppState>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
) -> Result<Json<DisputeEvidence>, ApiError> {
    let answer = read(&state, &id).await;
    log(&rid, "evidence", answer.as_ref().map_or_else(|e| e.log_code(), |_| "staff_evidence_read".into()).as_str());
    answer.map(Json)
}

async fn read(state: &AppState, id: &str) -> Result<DisputeEvidence, ApiError> {
    let booking = bookings::find_any(state, id).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT terms, text, locale, policy_version, accepted_at, cancellation_version
         FROM consents WHERE booking_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    let consents = rows
        .into_iter()
        .map(|r| {
            Ok(ConsentEvidence {
                terms: serde_json::from_str(&r.terms).map_err(|_| ApiError::Internal("bad_consent_in_db".into()))?,
                text: r.text,
                locale: r.locale,
                policy_version: r.policy_version,
                accepted_at: r.accepted_at,
                cancellation_version: r.cancellation_version,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(DisputeEvidence {
        booking_id: booking.id,
        consents,
        cancellation: booking.cancellation,
        dispute: booking.dispute,
    })
}
