//! `POST /api/bookings`, `GET /api/bookings`, `GET /api/bookings/{id}`.
//!
//! The owner comes from the session and the price from the catalogue below;
//! neither is read from the request.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use booking_contract::{Booking, BookingStatus, CreateBooking, Currency};
use rand::distributions::{Alphanumeric, DistString};

/// A priced stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// Human-readable summary.
    pub description: String,
    /// Minor units.
    pub amount: i64,
    /// Currency code.
    pub currency: &'static str,
}

/// The catalogue: room id, name, nightly price in euro cents.
const ROOMS: [(&str, &str, i64); 3] =
    [("sea-view", "Sea-view room", 6_250), ("garden", "Garden room", 4_800), ("suite", "Harbour suite", 14_900)];

/// Prices `nights` in `room`, or `None` for an unknown room or 0 / >30 nights.
pub fn price(room: &str, nights: u32) -> Option<Priced> {
    let (_, name, nightly) = ROOMS.iter().find(|(id, _, _)| *id == room)?;
    if !(1..=30).contains(&nights) {
        return None;
    }
    let plural = if nights == 1 { "night" } else { "nights" };
    Some(Priced { description: format!("{name}, {nights} {plural}"), amount: nightly * i64::from(nights), currency: "eur" })
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
    .bind(crate::db::now())
    .execute(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(find(&state, user, &id).await?)))
}

/// Loads one of the caller's bookings; another user's is "not found".
pub async fn find(state: &AppState, user: AuthUser, id: &str) -> Result<Booking, ApiError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, description, amount, currency, status FROM bookings WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(&state.db)
    .await?;
    row.ok_or(ApiError::NotFound)?.try_into()
}

/// `GET /api/bookings/{id}`.
pub async fn get_one(State(state): State<AppState>, user: AuthUser, Path(id): Path<String>) -> Result<Json<Booking>, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_nightly_rate_times_nights_in_cents() {
        assert_eq!(price("sea-view", 2).unwrap().amount, 12_500);
        assert_eq!(price("suite", 1).unwrap().description, "Harbour suite, 1 night");
    }

    #[test]
    fn unknown_rooms_and_out_of_range_stays_have_no_price() {
        assert!(price("penthouse", 1).is_none());
        assert!(price("garden", 0).is_none());
        assert!(price("garden", 31).is_none());
    }
}
