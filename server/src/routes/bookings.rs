//! `POST /api/bookings`, `GET /api/bookings`, `GET /api/bookings/{id}`.
//!
//! The owner comes from the session and the price from [`crate::catalogue`];
//! neither is read from the request.

use crate::auth::AuthUser;
use crate::catalogue::price;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use booking_contract::{Booking, BookingStatus, CreateBooking, Currency, BOOKINGS_PATH, BOOKING_PATH};
use rand::distributions::{Alphanumeric, DistString};

/// The caller's bookings: list and create, and one by id.
pub fn router() -> Router<AppState> {
    Router::new().route(BOOKINGS_PATH, get(list).post(create)).route(BOOKING_PATH, get(get_one))
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
