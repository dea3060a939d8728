//! `POST /api/bookings`, `GET /api/bookings`, `GET /api/bookings/{id}` and
//! `PATCH /api/bookings/{id}` (a changed stay, repriced).
//!
//! The owner comes from the session and the price from [`crate::catalogue`];
//! neither is read from the request. A repriced booking moves its open
//! PaymentIntent to the new amount at Stripe (the same intent, never a
//! second one); it is refused while the customer authenticates the payment
//! and once the payment is processing or paid.

use crate::auth::AuthUser;
use crate::catalogue::price;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use booking_contract::{
    Booking, BookingStatus, CreateBooking, Currency, IntentStatus, UpdateBooking, BOOKINGS_PATH, BOOKING_PATH,
};
use rand::distributions::{Alphanumeric, DistString};

/// The caller's bookings: list and create, and one by id (read or repriced).
pub fn router() -> Router<AppState> {
    Router::new().route(BOOKINGS_PATH, get(list).post(create)).route(BOOKING_PATH, get(get_one).patch(update))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    description: String,
    amount: i64,
    currency: String,
    status: String,
}

fn status_of(s: &str) -> BookingStatus {
    match s {
        "paid" => BookingStatus::Paid,
        "processing" => BookingStatus::Processing,
        _ => BookingStatus::AwaitingPayment,
    }
}

impl TryFrom<Row> for Booking {
    type Error = ApiError;
    fn try_from(r: Row) -> Result<Self, ApiError> {
        Ok(Booking {
            id: r.id,
            description: r.description,
            amount: r.amount,
            currency: Currency::parse(&r.currency).map_err(|_| ApiError::Internal("bad_currency_in_db".into()))?,
            status: status_of(&r.status),
        })
    }
}

/// Creates a booking for the caller.
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(body): JsonBody<CreateBooking>,
) -> Result<(StatusCode, Json<Booking>), ApiError> {
    let priced = price(&body.room, body.nights).ok_or(ApiError::InvalidRequest)?;
    let id = format!("bk_{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 16));
    sqlx::query(
        "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(user.id)
    .bind(&body.room)
    .bind(i64::from(body.nights))
    .bind(&priced.description)
    .bind(priced.amount)
    .bind(priced.currency)
    .bind(state.clock.now())
    .execute(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(find(&state, user, &id).await?)))
}

/// Loads one of the caller's bookings; another user's is "not found".
pub async fn find(state: &AppState, user: AuthUser, id: &str) -> Result<Booking, ApiError> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, description, amount, currency, status FROM bookings WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?;
    row.ok_or(ApiError::NotFound)?.try_into()
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
/// priced again from the catalogue and its open PaymentIntent, if any, is
/// updated to the new amount at Stripe.
///
/// Under the booking's lock (the one create-intent takes), so no intent is
/// created for the old price meanwhile. Stripe is updated before the
/// database: should the write fail after it, the intent's amount differs
/// from the booking's; while no money moves on the intent the next
/// create-intent replaces it rather than charge it, and once money moves it
/// is handed out with its own amount, which the customer sees (never a
/// second intent beside it). Refused with 409 while the customer authenticates and
/// once the booking or its intent is processing or paid; another user's
/// booking is "not found".
pub async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateBooking>,
) -> Result<Json<Booking>, ApiError> {
    // Ownership first: a lock is only ever made for one of the caller's bookings.
    find(&state, user, &id).await?;
    let lock = state.booking_lock(&id);
    let _serialised = lock.lock().await;
    let (room, status): (String, String) =
        sqlx::query_as("SELECT room, status FROM bookings WHERE id = $1 AND user_id = $2")
            .bind(&id)
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound)?;
    match status.as_str() {
        "awaiting_payment" => {}
        "processing" => return Err(ApiError::PaymentInProgress),
        _ => return Err(ApiError::AlreadyPaid),
    }
    let priced = price(&room, body.nights).ok_or(ApiError::InvalidRequest)?;
    let intent: Option<String> = sqlx::query_scalar("SELECT payment_intent_id FROM payments WHERE booking_id = $1")
        .bind(&id)
        .fetch_optional(&state.db)
        .await?;
    if let Some(intent) = intent {
        reprice_intent(&state, &intent, priced.amount).await?;
        sqlx::query("UPDATE payments SET amount = $1 WHERE booking_id = $2 AND payment_intent_id = $3")
            .bind(priced.amount)
            .bind(&id)
            .bind(&intent)
            .execute(&state.db)
            .await?;
    }
    sqlx::query("UPDATE bookings SET nights = $1, description = $2, amount = $3 WHERE id = $4 AND user_id = $5")
        .bind(i64::from(body.nights))
        .bind(&priced.description)
        .bind(priced.amount)
        .bind(&id)
        .bind(user.id)
        .execute(&state.db)
        .await?;
    Ok(Json(find(&state, user, &id).await?))
}

/// Moves the open PaymentIntent `intent` to `amount` at Stripe. Nothing is
/// sent when it already has that amount or was canceled (create-intent
/// replaces a canceled one). An intent that is not open
/// ([`IntentStatus::is_open`]) is refused: the customer is authenticating
/// the amount on their screen (3D Secure, a bank app), the money is moving
/// or moved, or its state is one this build does not know. An
/// authentication that fails puts the intent back to
/// `requires_payment_method`, and the price may change again.
async fn reprice_intent(state: &AppState, intent: &str, amount: i64) -> Result<(), ApiError> {
    let current = state.stripe.retrieve_intent(intent).await?;
    if current.status == IntentStatus::Succeeded {
        return Err(ApiError::AlreadyPaid);
    }
    if !current.status.is_open() && current.status != IntentStatus::Canceled {
        return Err(ApiError::PaymentInProgress);
    }
    if current.status == IntentStatus::Canceled || current.amount == amount {
        return Ok(());
    }
    // A fresh key per change: a key derived from the amounts would make
    // Stripe replay an older answer when a price goes back and forth.
    let key = format!("booking-checkout:reprice:{intent}:{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 16));
    let updated = state.stripe.update_intent(intent, &key, &[("amount", amount.to_string())]).await?;
    if updated.amount != amount {
        return Err(ApiError::PaymentProvider("stripe_amount_not_updated".into()));
    }
    Ok(())
}

/// `GET /api/bookings`: the caller's bookings, newest first.
pub async fn list(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<Booking>>, ApiError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, description, amount, currency, status FROM bookings WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 100",
    )
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(rows.into_iter().map(Booking::try_from).collect::<Result<_, _>>()?))
}
