//! `POST /api/bookings`, `GET /api/bookings`, `GET /api/bookings/{id}` and
//! `PATCH /api/bookings/{id}` (a changed stay, repriced).
//!
//! The owner comes from the session, the price from [`crate::catalogue`]
//! and the arrival's bounds and the terms from [`crate::terms`], on the
//! server's clock; none of them is read from the request but the arrival
//! day itself. A repriced booking's open checkout objects that no longer
//! fit are canceled at Stripe ([`super::retire`]), and the next
//! create-intent makes them for the new price; a change is refused while
//! the guest authenticates a payment and once a payment is processing or
//! the checkout is done.

use crate::auth::AuthUser;
use crate::booking_status;
use crate::catalogue::price;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::ledger;
use crate::routes::retire::{retire, Retired};
use crate::state::AppState;
use crate::stripe::plan::CheckoutIntent;
use crate::terms;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use booking_contract::{
    Booking, BookingStatus, CreateBooking, Currency, Date, Money, UpdateBooking, BOOKINGS_PATH, BOOKING_PATH,
};
use rand::distributions::{Alphanumeric, DistString};

/// The caller's bookings: list and create, and one by id (read or repriced).
pub fn router() -> Router<AppState> {
    Router::new().route(BOOKINGS_PATH, get(list).post(create)).route(BOOKING_PATH, get(get_one).patch(update))
}

/// The columns a [`Booking`] is made of: the cancellation policy is the
/// one accepted with the latest consent that kept one, if any; what of
/// its refunds failed; when its hold expires, while it is authorised. (PostgreSQL's `SUM` of a `BIGINT` is a `NUMERIC`:
/// cast back, for sqlx's `Any` driver.)
const COLUMNS: &str = "id, room, description, amount, currency, status, arrival, dispute_status,
    (SELECT CAST(SUM(r.amount) AS BIGINT) FROM refunds r WHERE r.booking_id = bookings.id AND r.status = 'failed')
        AS refund_failed,
    (SELECT c.cancellation FROM consents c WHERE c.booking_id = bookings.id AND c.cancellation IS NOT NULL
     ORDER BY c.id DESC LIMIT 1) AS accepted_cancellation,
    (SELECT p.capture_before FROM payments p WHERE p.booking_id = bookings.id AND p.kind = 'hold'
         AND p.status = 'requires_capture') AS hold_expires_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    room: String,
    description: String,
    amount: i64,
    currency: String,
    status: String,
    arrival: String,
    dispute_status: Option<String>,
    refund_failed: Option<i64>,
    accepted_cancellation: Option<String>,
    hold_expires_at: Option<i64>,
}

impl Row {
    /// The booking as its owner sees it on `today`, with its terms.
    fn into_booking(self, today: Date) -> Result<Booking, ApiError> {
        let corrupt = |what: &str| ApiError::Internal(format!("bad_{what}_in_db"));
        let currency = Currency::parse(&self.currency).map_err(|_| corrupt("currency"))?;
        let total = Money::new(self.amount, currency).map_err(|_| corrupt("amount"))?;
        let arrival = Date::parse(&self.arrival).map_err(|_| corrupt("arrival"))?;
        let status = booking_status::parse(&self.status).ok_or_else(|| corrupt("status"))?;
        let terms = terms::for_booking(&self.room, total, today, arrival)
            .map_err(|e| ApiError::Internal(e.log_code().into()))?;
        let cancellation = match self.accepted_cancellation {
            Some(json) => Some(serde_json::from_str(&json).map_err(|_| corrupt("cancellation"))?),
            None => terms::cancellation_of(&self.room),
        };
        Ok(Booking {
            id: self.id,
            description: self.description,
            amount: self.amount,
            currency,
            status,
            arrival,
            terms,
            cancellation,
            dispute: self.dispute_status,
            refund_failed: self.refund_failed,
            hold_expires_at: self.hold_expires_at,
        })
    }
}

/// The server's day now.
pub fn today(state: &AppState) -> Date {
    terms::today(state.clock.now())
}

/// Creates a booking for the caller, arriving on the requested day or
/// after the default lead ([`terms::arrival`]).
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(body): JsonBody<CreateBooking>,
) -> Result<(StatusCode, Json<Booking>), ApiError> {
    let priced = price(&body.room, body.nights).ok_or(ApiError::InvalidRequest)?;
    let arrival = terms::arrival(body.arrival, today(&state)).ok_or(ApiError::Unacceptable("arrival_out_of_range"))?;
    let id = format!("bk_{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 16));
    let (row_id, user_id, room, nights, now) =
        (id.clone(), user.id, body.room.clone(), i64::from(body.nights), state.clock.now());
    state
        .writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at, arrival)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(row_id)
                .bind(user_id)
                .bind(room)
                .bind(nights)
                .bind(priced.description)
                .bind(priced.amount)
                .bind(priced.currency)
                .bind(now)
                .bind(arrival.to_string())
                .execute(conn)
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(find(&state, user, &id).await?)))
}

/// Loads one of the caller's bookings, with its terms today; another
/// user's is "not found".
pub async fn find(state: &AppState, user: AuthUser, id: &str) -> Result<Booking, ApiError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM bookings WHERE id = $1 AND user_id = $2"))
        .bind(id)
        .bind(user.id)
        .fetch_optional(&state.db)
        .await?;
    row.ok_or(ApiError::NotFound)?.into_booking(today(state))
}

/// Loads booking `id` whoever owns it: for the staff API only, whose
/// caller holds the staff credential ([`crate::staff_auth::Staff`]).
pub async fn find_any(state: &AppState, id: &str) -> Result<Booking, ApiError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM bookings WHERE id = $1"))
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    row.ok_or(ApiError::NotFound)?.into_booking(today(state))
}

/// `GET /api/bookings/{id}`.
pub async fn get_one(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Booking>, ApiError> {
    Ok(Json(find(&state, user, &id).await?))
}

/// `PATCH /api/bookings/{id}`: the stay changes to `nights`; the booking is
/// priced again from the catalogue and its open checkout objects that no
/// longer fit the new terms are canceled at Stripe ([`retire`]); the next
/// create-intent creates them for the new price.
///
/// Under the booking's lock (the one create-intent takes), so nothing is
/// created for the old price meanwhile. Stripe is changed before the
/// database: should the write fail after it, the booking keeps its old
/// price and the next create-intent replaces the canceled object at that
/// price. Refused with 409 while a payment is processing or being
/// authenticated and once checkout is done; another user's booking is
/// "not found".
pub async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateBooking>,
) -> Result<Json<Booking>, ApiError> {
    // Ownership first: a lock is only ever made for one of the caller's bookings.
    find(&state, user, &id).await?;
    let lock = state.lock_booking(&id).await?;
    let repriced = reprice(&state, user, &id, body.nights).await;
    lock.release().await;
    repriced?;
    Ok(Json(find(&state, user, &id).await?))
}

/// The locked part of [`update`]: the booking `id` of `user` is priced for
/// `nights`, its objects retired, and the new price written.
async fn reprice(state: &AppState, user: AuthUser, id: &str, nights: u32) -> Result<(), ApiError> {
    let booking = find(state, user, id).await?;
    match booking.status {
        status if booking_status::payable(status) => {}
        BookingStatus::Processing => return Err(ApiError::PaymentInProgress),
        BookingStatus::Cancelled => return Err(ApiError::BookingCancelled),
        _ => return Err(ApiError::AlreadyPaid),
    }
    let room: String =
        sqlx::query_scalar("SELECT room FROM bookings WHERE id = $1").bind(id).fetch_one(&state.db).await?;
    let priced = price(&room, nights).ok_or(ApiError::InvalidRequest)?;
    let total = Money::new(priced.amount, booking.currency).map_err(|_| ApiError::InvalidRequest)?;
    let new_terms = terms::for_booking(&room, total, today(state), booking.arrival)
        .map_err(|e| ApiError::Internal(e.log_code().into()))?;
    let plan = CheckoutIntent::for_terms(&new_terms);
    let mut canceled = Vec::new();
    for row in ledger::of_booking(&state.db, id).await? {
        if row.status == "canceled" {
            continue;
        }
        if retire(state, &row.intent_id, |c| plan.matches(row.kind, c.amount())).await? == Retired::Canceled {
            canceled.push(row.intent_id);
        }
    }
    // The canceled objects and the new price are written together.
    let (id, user_id) = (id.to_owned(), user.id);
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                for intent in canceled {
                    sqlx::query(
                        "UPDATE payments SET status = 'canceled' WHERE booking_id = $1 AND payment_intent_id = $2",
                    )
                    .bind(&id)
                    .bind(intent)
                    .execute(&mut *conn)
                    .await?;
                }
                sqlx::query(
                    "UPDATE bookings SET nights = $1, description = $2, amount = $3 WHERE id = $4 AND user_id = $5",
                )
                .bind(i64::from(nights))
                .bind(priced.description)
                .bind(priced.amount)
                .bind(id)
                .bind(user_id)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// `GET /api/bookings`: the caller's bookings, newest first.
pub async fn list(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<Booking>>, ApiError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM bookings WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 100"
    ))
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    let today = today(&state);
    Ok(Json(rows.into_iter().map(|r| r.into_booking(today)).collect::<Result<_, _>>()?))
}
