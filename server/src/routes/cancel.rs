//! `POST /api/bookings/{id}/cancel`: the guest cancels their own booking,
//! and the server settles it by the accepted cancellation policy at its own
//! time ([`crate::settle`]); no amount is read from the request.
//!
//! Ownership first (another guest's booking is 404 and nothing reaches
//! Stripe), then everything under the booking's lock. The amounts decided
//! are written before Stripe is asked ([`claim`]) and each refund or
//! charge recorded as Stripe answers it: a retry, even on a later day,
//! carries out only what was claimed and not yet made, with the same
//! idempotency keys ([`crate::routes::cancel_steps`]), and a completed
//! cancellation is answered again without moving money. A
//! payment under way (processing, authenticating, owed) refuses with 409
//! `payment_in_progress`: so does a cancel that loses the race to the
//! guest's confirmation of an open intent, and a retry once the webhook
//! has marked the booking paid refunds it by the policy. Staff actions take
//! the same lock, so a capture and a cancel run one after the other.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::ledger;
use crate::routes::bookings;
use crate::routes::cancel_steps::{carry_out, claim, claimed_refunds};
use crate::routes::consented::{consented_terms, Consented};
use crate::routes::retire::retire;
use crate::settle::{self, Facts, Plan, Refusal, Step};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use booking_contract::{Booking, BookingStatus, CancelOutcome, PaymentTerms, CANCEL_PATH};

/// `POST` a cancel.
pub fn router() -> Router<AppState> {
    Router::new().route(CANCEL_PATH, post(cancel))
}

/// Cancels the caller's booking `id`: 200 [`CancelOutcome`]; 404 for
/// another's; 409 `payment_in_progress` while a payment is under way.
pub async fn cancel(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<CancelOutcome>, ApiError> {
    bookings::find(&state, user, &id).await?;
    let lock = state.lock_booking(&id).await?;
    let outcome = settle_locked(&state, user, &id).await;
    lock.release().await;
    if let Ok(o) = &outcome {
        tracing::info!(code = "booking_cancelled", retained = o.retained, refunded = o.refunded, "booking cancelled");
    }
    outcome.map(Json)
}

/// A cancellation's row: decided amounts, completed or not.
#[derive(sqlx::FromRow)]
struct Claimed {
    retained: i64,
    refunded: i64,
    charged: i64,
    completed_at: Option<i64>,
}

/// The locked part of [`cancel`].
async fn settle_locked(state: &AppState, user: AuthUser, id: &str) -> Result<CancelOutcome, ApiError> {
    let booking = bookings::find(state, user, id).await?;
    let claimed: Option<Claimed> =
        sqlx::query_as("SELECT retained, refunded, charged, completed_at FROM cancellations WHERE booking_id = $1")
            .bind(id)
            .fetch_optional(&state.db)
            .await?;
    if let Some(done) = claimed.as_ref().filter(|c| c.completed_at.is_some()) {
        return Ok(outcome(&booking, booking.status, done.retained, done.refunded, done.charged));
    }
    let mut plan = decide(state, &booking).await?;
    if let Some(c) = &claimed {
        plan = bind(plan, c, claimed_refunds(state, id, c.refunded).await?);
    }
    let version = booking.cancellation.as_ref().map_or("", |c| c.version.as_str()).to_owned();
    if plan.step == Step::CancelOpen {
        retire_open(state, id).await?;
    } else if claimed.is_none() {
        claim(state, &booking, &plan, &version).await?;
    }
    let status = carry_out(state, &booking, &plan).await?;
    complete(state, &booking, &plan, &version, status).await?;
    Ok(outcome(&booking, status, plan.retained, plan.refunded, plan.charged))
}

/// The plan for `booking` as it stands, from server facts only.
async fn decide(state: &AppState, booking: &Booking) -> Result<Plan, ApiError> {
    let policy = booking.cancellation.as_ref().ok_or_else(|| ApiError::Internal("no_cancellation_policy".into()))?;
    let received = ledger::received(&state.db, &booking.id).await?;
    let hold: Option<(String, i64)> = sqlx::query_as(
        "SELECT payment_intent_id, amount FROM payments WHERE booking_id = $1 AND kind = 'hold' AND status != 'canceled'",
    )
    .bind(&booking.id)
    .fetch_optional(&state.db)
    .await?;
    let price = booking_contract::Money::new(booking.amount, booking.currency)
        .map_err(|_| ApiError::Internal("bad_price".into()))?;
    let facts = Facts {
        status: booking.status,
        price,
        today: bookings::today(state),
        arrival: booking.arrival,
        policy: &policy.policy,
        received: &received,
        hold: hold.as_ref().map(|(id, amount)| (id.as_str(), *amount)),
        fee_cap: fee_cap(state, booking).await?,
    };
    settle::cancel(&facts).map_err(|refusal| match refusal {
        Refusal::InProgress => ApiError::PaymentInProgress,
        Refusal::Cancelled => ApiError::BookingCancelled,
        Refusal::Inconsistent => ApiError::Internal("cancellation_inconsistent".into()),
    })
}

/// What the guest's consent still lets the saved card be charged: the
/// `up_to` of the guarantee they accepted, if they did and it is still
/// to the booking's terms, less every fee already charged or owed under
/// it (a no-show fee staff charged first). The consent covers one fee up
/// to that amount, not one per route. A consent to other terms (the
/// booking was repriced after) covers nothing: the cancel charges no fee
/// rather than one the guest never agreed to.
pub async fn fee_cap(state: &AppState, booking: &Booking) -> Result<Option<i64>, ApiError> {
    let Consented::Current(PaymentTerms::Guarantee { up_to, .. }) =
        consented_terms(state, booking, "guarantee").await?
    else {
        return Ok(None);
    };
    let booking_id = &booking.id;
    let taken: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM payments
         WHERE booking_id = $1 AND kind IN ('no_show', 'cancel_fee') AND status <> 'canceled'",
    )
    .bind(booking_id)
    .fetch_one(&state.db)
    .await?;
    Ok(Some((up_to.amount - taken).max(0)))
}

/// `plan` with the amounts decided by the first attempt (`claimed`) and
/// its refund parts (`refunds`), never a new split of what is left: what
/// can be refunded now already counts the first attempt's refunds.
fn bind(plan: Plan, claimed: &Claimed, refunds: Vec<(String, i64)>) -> Plan {
    let step = match plan.step {
        Step::Refund(_) => Step::Refund(refunds),
        Step::Capture { intent, .. } | Step::Release { intent } if claimed.charged == 0 => Step::Release { intent },
        Step::Capture { intent, .. } | Step::Release { intent } => Step::Capture { intent, amount: claimed.charged },
        Step::ChargeFee { .. } => Step::ChargeFee { amount: claimed.charged },
        Step::CancelOpen => Step::CancelOpen,
    };
    Plan { step, retained: claimed.retained, refunded: claimed.refunded, charged: claimed.charged }
}

/// Cancels every open checkout object of the booking. One the guest's
/// confirmation reached first refuses the cancel (409 `payment_in_progress`):
/// the webhook will say where the booking stands, and a cancel then
/// settles it by the policy.
async fn retire_open(state: &AppState, id: &str) -> Result<(), ApiError> {
    for row in ledger::of_booking(&state.db, id).await? {
        if row.status == "canceled" {
            continue;
        }
        match retire(state, &row.intent_id, |_| false).await {
            Ok(_) => ledger::mark_canceled(&state.writes, &row.intent_id).await?,
            Err(ApiError::AlreadyPaid) => return Err(ApiError::PaymentInProgress),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Completes the cancellation and moves the booking, in one transaction
/// (its refunds were recorded as Stripe answered each).
async fn complete(
    state: &AppState,
    booking: &Booking,
    plan: &Plan,
    version: &str,
    status: BookingStatus,
) -> Result<(), ApiError> {
    let (id, currency, version, now) =
        (booking.id.clone(), booking.currency.as_str().to_owned(), version.to_owned(), state.clock.now());
    let (retained, refunded, charged) = (plan.retained, plan.refunded, plan.charged);
    let status = crate::booking_status::name(status);
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO cancellations (booking_id, currency, retained, refunded, charged, policy_version,
                         cancelled_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                     ON CONFLICT (booking_id) DO UPDATE SET completed_at = excluded.completed_at",
                )
                .bind(&id)
                .bind(&currency)
                .bind(retained)
                .bind(refunded)
                .bind(charged)
                .bind(version)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                sqlx::query("UPDATE bookings SET status = $1 WHERE id = $2 AND status != 'cancelled'")
                    .bind(status)
                    .bind(&id)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

fn outcome(booking: &Booking, status: BookingStatus, retained: i64, refunded: i64, charged: i64) -> CancelOutcome {
    CancelOutcome { booking_id: booking.id.clone(), status, currency: booking.currency, retained, refunded, charged }
}
