//! `POST /api/bookings`, `GET /api/bookings`, `GET /api/bookings/{id}` and
//! `PATCH /api/bookings/{id}` (a changed stay, repriced).
//!
//! The owner comes from the session and the price from [`crate::catalogue`];
//! neither is read from the request. A repriced booking's open
//! PaymentIntent is canceled at Stripe (an intent's amount never changes
//! under a customer), and the next create-intent makes one for the new
//! price; a change is refused while the customer authenticates the payment
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
    let (row_id, user_id, room, nights, now) =
        (id.clone(), user.id, body.room.clone(), i64::from(body.nights), state.clock.now());
    state
        .writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(row_id)
                .bind(user_id)
                .bind(room)
                .bind(nights)
                .bind(priced.description)
                .bind(priced.amount)
                .bind(priced.currency)
                .bind(now)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
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
/// canceled at Stripe ([`retire_intent`]); the next create-intent creates
/// one for the new price.
///
/// An intent's amount never changes once a customer may have seen it: the
/// component confirms the intent it showed without reading it again, and a
/// price change cancels that intent instead. Stripe serialises the cancel
/// and the customer's confirmation on the one intent, so either the
/// confirmation wins (the cancel is refused and so is this change, with
/// 409) or the cancel wins (the confirmation fails and the component shows
/// the new price). No customer is charged an amount they did not see.
///
/// Under the booking's lock (the one create-intent takes), so no intent is
/// created for the old price meanwhile. Stripe is changed before the
/// database: should the write fail after it, the booking keeps its old
/// price and the next create-intent replaces the canceled intent at that
/// price. Refused with 409 while the customer authenticates and once the
/// booking or its intent is processing or paid; another user's booking is
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
/// `nights`, its intent retired, and the new price written.
async fn reprice(state: &AppState, user: AuthUser, id: &str, nights: u32) -> Result<(), ApiError> {
    let (room, status): (String, String) =
        sqlx::query_as("SELECT room, status FROM bookings WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user.id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound)?;
    match status.as_str() {
        "awaiting_payment" => {}
        "processing" => return Err(ApiError::PaymentInProgress),
        _ => return Err(ApiError::AlreadyPaid),
    }
    let priced = price(&room, nights).ok_or(ApiError::InvalidRequest)?;
    let intent: Option<String> = sqlx::query_scalar("SELECT payment_intent_id FROM payments WHERE booking_id = $1")
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    let mut canceled = None;
    if let Some(intent) = intent {
        if retire_intent(state, &intent, priced.amount).await? == Retired::Canceled {
            canceled = Some(intent);
        }
    }
    // The canceled intent and the new price are written together.
    let (id, user_id) = (id.to_owned(), user.id);
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                if let Some(intent) = canceled {
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

/// What became of a booking's intent when its price changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retired {
    /// Left as it is: it already has the new amount, or was canceled before.
    Kept,
    /// Canceled now.
    Canceled,
}

/// Retires the booking's intent `intent` for the new price `amount`: an
/// open one ([`IntentStatus::is_open`]) for another amount is canceled. One
/// that is not open is refused: the customer is authenticating the amount
/// on their screen (3D Secure, a bank app), the money is moving or moved,
/// or its state is one this build does not know. An authentication that
/// fails puts the intent back to `requires_payment_method`, and the price
/// may change again.
async fn retire_intent(state: &AppState, intent: &str, amount: i64) -> Result<Retired, ApiError> {
    let current = state.stripe.retrieve_intent(intent).await?;
    if let Some(decided) = retire_decision(current.status, current.amount == amount) {
        return decided;
    }
    // One key per intent: canceling it is one operation however often asked.
    let key = format!("booking-checkout:cancel:{intent}");
    match state.stripe.cancel_intent(intent, &key).await {
        Ok(_) => Ok(Retired::Canceled),
        // The customer's confirmation reached the intent first: what it
        // became decides, read again.
        Err(refused) => {
            let now = state.stripe.retrieve_intent(intent).await?;
            match retire_decision(now.status, false) {
                Some(decided) => decided,
                None => Err(refused.into()),
            }
        }
    }
}

/// What an intent in `status` means for a price change, when that is
/// decided without Stripe: `None` when it must be canceled.
fn retire_decision(status: IntentStatus, same_amount: bool) -> Option<Result<Retired, ApiError>> {
    match status {
        IntentStatus::Succeeded => Some(Err(ApiError::AlreadyPaid)),
        IntentStatus::Canceled => Some(Ok(Retired::Kept)),
        status if !status.is_open() => Some(Err(ApiError::PaymentInProgress)),
        _ if same_amount => Some(Ok(Retired::Kept)),
        _ => None,
    }
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
    fn only_an_open_intent_for_another_amount_is_canceled() {
        for status in [IntentStatus::RequiresPaymentMethod, IntentStatus::RequiresConfirmation] {
            assert_eq!(retire_decision(status, false), None, "{status:?}");
            assert_eq!(retire_decision(status, true), Some(Ok(Retired::Kept)), "{status:?}");
        }
        assert_eq!(retire_decision(IntentStatus::Canceled, false), Some(Ok(Retired::Kept)));
    }

    /// Regression: a price change moved an intent's amount while the
    /// customer was authenticating it, or once money moved on it.
    #[test]
    fn an_intent_whose_money_moves_or_moved_refuses_the_change() {
        assert_eq!(retire_decision(IntentStatus::Succeeded, false), Some(Err(ApiError::AlreadyPaid)));
        for status in [
            IntentStatus::RequiresAction,
            IntentStatus::Processing,
            IntentStatus::RequiresCapture,
            IntentStatus::Unknown,
        ] {
            assert_eq!(retire_decision(status, false), Some(Err(ApiError::PaymentInProgress)), "{status:?}");
            assert_eq!(retire_decision(status, true), Some(Err(ApiError::PaymentInProgress)), "{status:?}");
        }
    }
}
