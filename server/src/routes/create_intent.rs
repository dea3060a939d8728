//! `POST /api/payments/create-intent`: the checkout object for one of the
//! caller's bookings, as the booking's terms need it (a PaymentIntent to
//! charge or hold, or a SetupIntent to save a card), in small named steps.
//!
//! 1. [`authorize`]: rate limit, ownership, checkout not done yet.
//! 2. Under the booking's lock, [`checkout`]: the booking read again and
//!    its terms decided by the server ([`crate::terms`]); the plan
//!    ([`CheckoutIntent::for_terms`]). A booking that owes a charge made
//!    without the guest goes to [`recover`] instead: that intent, as it
//!    is, and nothing else.
//! 3. [`retire_other_kinds`]: an open object of another kind (the terms
//!    changed with the days) is canceled first, so that one checkout object
//!    at most is open per booking.
//! 4. [`customer`] when the card is saved: one per booking, reused.
//! 5. [`find_or_create`]: reuse the recorded object of the plan's kind
//!    while it fits ([`reuse_or_replace`]), otherwise create attempt n+1 at
//!    Stripe with a key derived from server facts, and [`ledger::remember`]
//!    it; if another process recorded the same attempt first, hand out the
//!    winner's instead.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::ledger::{self, Recorded};
use crate::routes::bookings;
use crate::routes::retire::retire;
use crate::state::AppState;
use crate::stripe::plan::{CheckoutIntent, PaymentKind};
use crate::stripe::Checkout;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use booking_contract::{
    Booking, BookingStatus, CreateIntentRequest, CreateIntentResponse, Currency, IntentStatus, Money, PaymentTerms,
    CREATE_INTENT_PATH,
};
use std::time::Instant;

/// `POST` create-intent.
pub fn router() -> Router<AppState> {
    Router::new().route(CREATE_INTENT_PATH, post(create_intent))
}

/// Creates (or returns the open) checkout object for one of the caller's
/// bookings.
///
/// Order matters: authentication (the extractor) before anything; ownership
/// before Stripe; amounts and terms from the booking row and the server's
/// clock only.
pub async fn create_intent(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(req): JsonBody<CreateIntentRequest>,
) -> Result<Json<CreateIntentResponse>, ApiError> {
    let booking = authorize(&state, user, &req.booking_id).await?;
    let lock = state.lock_booking(&booking.id).await?;
    let answer = checkout(&state, user, &booking.id).await;
    lock.release().await;
    answer.map(Json)
}

/// What to do with the object a booking already has of the plan's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Hand it out again: it is open and fits the plan.
    Reuse,
    /// Create a new one as this attempt (the old one was canceled or has
    /// another price).
    Replace {
        /// The new attempt number.
        attempt: i64,
    },
}

/// What create-intent does for a booking in a given status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// The checkout its terms need.
    Checkout,
    /// The intent of a charge it owes, handed out for the guest to pay.
    Recover,
}

/// Step 1: the caller may check out `booking_id` now. Rate limit first (it
/// costs nothing), then ownership (another user's booking is "not found"),
/// then a booking whose checkout is done is refused before Stripe is called.
pub async fn authorize(state: &AppState, user: AuthUser, booking_id: &str) -> Result<Booking, ApiError> {
    state.create_intent_limit.check(user.id, Instant::now()).map_err(ApiError::RateLimited)?;
    let booking = bookings::find(state, user, booking_id).await?;
    route(state, &booking).await?;
    Ok(booking)
}

/// [`path`] for `booking`, a refusal saying what came after checkout: a
/// booking whose payment is disputed, or was refunded, is told apart from
/// one simply paid.
pub async fn route(state: &AppState, booking: &Booking) -> Result<Path, ApiError> {
    let path = path(booking.status);
    if path != Err(ApiError::AlreadyPaid) {
        return path;
    }
    if booking.dispute.is_some() {
        return Err(ApiError::BookingDisputed);
    }
    if ledger::refunded_any(&state.db, &booking.id).await? {
        return Err(ApiError::BookingRefunded);
    }
    path
}

/// A cancelled booking is refused with its own code; one whose checkout
/// is done, as already paid. A booking that owes a charge made without
/// the guest (`action_required`) is recovered: its checkout must not
/// retire or replace the intent it owes.
pub fn path(status: BookingStatus) -> Result<Path, ApiError> {
    match status {
        BookingStatus::Cancelled => Err(ApiError::BookingCancelled),
        BookingStatus::ActionRequired => Ok(Path::Recover),
        status if status.checkout_done() => Err(ApiError::AlreadyPaid),
        _ => Ok(Path::Checkout),
    }
}

/// Step 2 (with the booking's lock held): the booking as it is now, its
/// terms, and the object they need, handed out with them.
pub async fn checkout(state: &AppState, user: AuthUser, booking_id: &str) -> Result<CreateIntentResponse, ApiError> {
    // Read again under the lock: a price change or a webhook may have come first.
    let booking = bookings::find(state, user, booking_id).await?;
    if route(state, &booking).await? == Path::Recover {
        return recover(state, booking_id).await;
    }
    if booking.arrival < bookings::today(state) {
        return Err(ApiError::Unacceptable("arrival_passed"));
    }
    let plan = CheckoutIntent::for_terms(&booking.terms);
    let recorded = ledger::of_booking(&state.db, booking_id).await?;
    retire_other_kinds(state, &recorded, plan.kind()).await?;
    let customer = match plan.needs_customer() {
        true => Some(customer(state, booking_id).await?),
        false => None,
    };
    let current = recorded.into_iter().find(|r| r.kind == plan.kind());
    let object = find_or_create(state, &booking, &plan, customer.as_deref(), current).await?;
    let client_secret =
        object.client_secret.ok_or_else(|| ApiError::PaymentProvider("stripe_no_client_secret".into()))?;
    let price = Money::new(booking.amount, booking.currency).map_err(|_| ApiError::Internal("bad_price".into()))?;
    Ok(CreateIntentResponse { client_secret, price, terms: booking.terms, cancellation: booking.cancellation })
}

/// Step 2 for a booking that owes a charge made without the guest: the
/// intent of that charge, handed out as it is on [`PaymentTerms::Owed`]
/// terms of its own amount, for the guest to authenticate or to pay with
/// another card. Nothing is created, replaced or canceled, so the charge
/// is paid once. One whose money is moving (or moved: the webhook is
/// late) is a payment under way.
pub async fn recover(state: &AppState, booking_id: &str) -> Result<CreateIntentResponse, ApiError> {
    let recorded = ledger::of_booking(&state.db, booking_id).await?;
    let (row, charge) = recorded
        .iter()
        .filter_map(|r| Some((r, r.kind.owed()?)))
        .find(|(r, _)| !matches!(IntentStatus::parse(&r.status), IntentStatus::Succeeded | IntentStatus::Canceled))
        .ok_or(ApiError::PaymentInProgress)?;
    let intent = state.stripe.retrieve_checkout(&row.intent_id).await?;
    let payable = intent.status.is_open() || intent.status == IntentStatus::RequiresAction;
    let (Some((amount, currency)), Some(secret), true) = (intent.amount, intent.client_secret, payable) else {
        return Err(ApiError::PaymentInProgress);
    };
    let bad = |_| ApiError::Internal("bad_owed_amount".into());
    let total = Money::new(amount, Currency::parse(&currency).map_err(bad)?).map_err(bad)?;
    let terms = PaymentTerms::Owed { total, charge };
    tracing::info!(code = "owed_charge_handed_out", kind = row.kind.as_str(), "recovery");
    CreateIntentResponse::new(secret, total, Some(terms)).map_err(|_| ApiError::Internal("bad_owed_terms".into()))
}

/// Step 3: cancels every object of the booking of another kind than
/// `kind` that could still be confirmed, so a guest never holds two
/// chargeable objects for one booking. One whose money moved or is moving
/// refuses the checkout (409): the webhook will tell where the booking is.
pub async fn retire_other_kinds(state: &AppState, recorded: &[Recorded], kind: PaymentKind) -> Result<(), ApiError> {
    for row in recorded.iter().filter(|r| r.kind != kind) {
        match row.status.as_str() {
            // Stripe's end states: nothing to cancel, or nothing to undo.
            "canceled" => continue,
            "succeeded" => return Err(ApiError::AlreadyPaid),
            _ => {}
        }
        retire(state, &row.intent_id, |_| false).await?;
        ledger::mark_canceled(&state.writes, &row.intent_id).await?;
    }
    Ok(())
}

/// Step 4: the booking's Stripe Customer, created once (the key is the
/// booking's) and kept on the booking.
pub async fn customer(state: &AppState, booking_id: &str) -> Result<String, ApiError> {
    let stored: Option<String> = sqlx::query_scalar("SELECT stripe_customer_id FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_one(&state.db)
        .await?;
    if let Some(id) = stored {
        return Ok(id);
    }
    let created = state.stripe.create_customer(booking_id, &customer_key(booking_id)).await?;
    let (booking, id) = (booking_id.to_owned(), created.id.clone());
    state
        .writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query("UPDATE bookings SET stripe_customer_id = $1 WHERE id = $2 AND stripe_customer_id IS NULL")
                    .bind(id)
                    .bind(booking)
                    .execute(conn)
                    .await?;
                Ok(())
            })
        })
        .await?;
    Ok(created.id)
}

/// Step 5: the booking's open object of the plan's kind, or a new one
/// created at Stripe and remembered.
pub async fn find_or_create(
    state: &AppState,
    booking: &Booking,
    plan: &CheckoutIntent,
    customer: Option<&str>,
    current: Option<Recorded>,
) -> Result<Checkout, ApiError> {
    let kind = plan.kind();
    let attempt = match current {
        Some(row) => {
            let existing = state.stripe.retrieve_checkout(&row.intent_id).await?;
            match reuse_or_replace(&existing, row.attempt, plan)? {
                Decision::Reuse => return Ok(existing),
                Decision::Replace { attempt } => attempt,
            }
        }
        None => 1,
    };
    let key = idempotency_key(&booking.id, kind, attempt);
    let created = state.stripe.create_checkout(plan, &booking.id, customer, &key).await?;
    let currency = booking.currency.as_str();
    if ledger::remember(&state.writes, &booking.id, kind, attempt, &created, currency, state.clock.now()).await? {
        return Ok(created);
    }
    // Another process recorded this attempt first: hand out its object.
    let rows = ledger::of_booking(&state.db, &booking.id).await?;
    let winner = rows.into_iter().find(|r| r.kind == kind).ok_or(ApiError::Internal("payment_row_vanished".into()))?;
    Ok(state.stripe.retrieve_checkout(&winner.intent_id).await?)
}

/// Whether the recorded object (`attempt`) is handed out again or replaced.
/// A succeeded one means the checkout is done (the webhook may be late).
/// Only an object no money is moving on may be replaced because it no
/// longer fits the plan (another price): one being authenticated,
/// processing or authorised is handed out as it is (with its own amount,
/// which the guest then sees), since a second object beside it could
/// charge the booking twice.
pub fn reuse_or_replace(current: &Checkout, attempt: i64, plan: &CheckoutIntent) -> Result<Decision, ApiError> {
    let fits = plan.matches(plan.kind(), current.amount());
    match current.status {
        IntentStatus::Succeeded => Err(ApiError::AlreadyPaid),
        IntentStatus::Canceled => Ok(Decision::Replace { attempt: attempt + 1 }),
        status if status.is_open() && !fits => Ok(Decision::Replace { attempt: attempt + 1 }),
        _ => Ok(Decision::Reuse),
    }
}

/// Stripe `Idempotency-Key` for a booking's n-th object of `kind`: derived
/// from server facts only, so every retry of the same attempt — from any
/// process — asks Stripe for the same object.
pub fn idempotency_key(booking_id: &str, kind: PaymentKind, attempt: i64) -> String {
    format!("booking-checkout:create-intent:{booking_id}:{}:{attempt}", kind.as_str())
}

/// Stripe `Idempotency-Key` for a booking's Customer: one per booking.
pub fn customer_key(booking_id: &str) -> String {
    format!("booking-checkout:customer:{booking_id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{Currency, PaymentTerms};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn full(amount: i64) -> CheckoutIntent {
        CheckoutIntent::for_terms(&PaymentTerms::PayNow { total: eur(amount) })
    }

    fn intent(id: &str, status: &str, amount: i64) -> Checkout {
        let status = IntentStatus::parse(status);
        Checkout { id: id.into(), status, amount: Some((amount, "eur".into())), client_secret: None }
    }

    /// Regression: checkout on a booking owing an off-session charge
    /// retired the owed intent (another kind than the terms'), so the guest
    /// escaped the balance or the fee. Such a booking is recovered, a path
    /// that retires, replaces and creates nothing.
    #[test]
    fn a_booking_owing_an_off_session_charge_is_recovered_never_checked_out_again() {
        assert_eq!(path(BookingStatus::ActionRequired), Ok(Path::Recover));
        assert_eq!(path(BookingStatus::AwaitingPayment), Ok(Path::Checkout));
        assert_eq!(path(BookingStatus::HoldReleased), Ok(Path::Checkout));
        assert_eq!(path(BookingStatus::Cancelled), Err(ApiError::BookingCancelled));
        assert_eq!(path(BookingStatus::DepositPaid), Err(ApiError::AlreadyPaid));
    }

    #[test]
    fn idempotency_keys_depend_only_on_booking_kind_and_attempt() {
        let key = idempotency_key;
        assert_eq!(key("bk_1", PaymentKind::Full, 1), key("bk_1", PaymentKind::Full, 1));
        assert_ne!(key("bk_1", PaymentKind::Full, 1), key("bk_1", PaymentKind::Full, 2));
        assert_ne!(key("bk_1", PaymentKind::Full, 1), key("bk_2", PaymentKind::Full, 1));
        assert_ne!(key("bk_1", PaymentKind::Hold, 1), key("bk_1", PaymentKind::Guarantee, 1));
        assert_eq!(customer_key("bk_1"), customer_key("bk_1"));
    }

    #[test]
    fn an_open_intent_for_the_same_price_is_reused() {
        for status in ["requires_payment_method", "requires_action", "processing"] {
            assert_eq!(reuse_or_replace(&intent("pi_1", status, 100), 1, &full(100)), Ok(Decision::Reuse), "{status}");
        }
    }

    #[test]
    fn a_canceled_intent_or_one_for_another_price_is_replaced_by_the_next_attempt() {
        assert_eq!(
            reuse_or_replace(&intent("pi_1", "canceled", 100), 1, &full(100)),
            Ok(Decision::Replace { attempt: 2 })
        );
        assert_eq!(
            reuse_or_replace(&intent("pi_1", "requires_payment_method", 99), 3, &full(100)),
            Ok(Decision::Replace { attempt: 4 })
        );
        let usd = Checkout { amount: Some((100, "usd".into())), ..intent("pi_1", "requires_payment_method", 100) };
        assert_eq!(reuse_or_replace(&usd, 1, &full(100)), Ok(Decision::Replace { attempt: 2 }));
    }

    /// Regression: an intent whose amount differed from the booking's (a
    /// price change written to Stripe but not to the database) was replaced
    /// even while its payment was processing, so the booking could be paid
    /// twice.
    #[test]
    fn an_intent_whose_money_is_moving_is_never_replaced_whatever_its_price() {
        for status in ["requires_action", "processing", "requires_capture"] {
            assert_eq!(reuse_or_replace(&intent("pi_1", status, 99), 1, &full(100)), Ok(Decision::Reuse), "{status}");
        }
    }

    #[test]
    fn a_succeeded_intent_means_already_paid() {
        assert_eq!(reuse_or_replace(&intent("pi_1", "succeeded", 100), 1, &full(100)), Err(ApiError::AlreadyPaid));
    }

    #[test]
    fn an_open_setup_intent_is_reused_and_a_canceled_one_replaced() {
        let guarantee = CheckoutIntent::for_terms(&PaymentTerms::Guarantee { total: eur(100), up_to: eur(50) });
        let seti = |status: &str| Checkout { amount: None, ..intent("seti_1", status, 0) };
        assert_eq!(reuse_or_replace(&seti("requires_payment_method"), 1, &guarantee), Ok(Decision::Reuse));
        assert_eq!(reuse_or_replace(&seti("canceled"), 1, &guarantee), Ok(Decision::Replace { attempt: 2 }));
        assert_eq!(reuse_or_replace(&seti("succeeded"), 1, &guarantee), Err(ApiError::AlreadyPaid));
    }

    #[tokio::test]
    async fn remember_records_a_newer_attempt_per_kind_and_refuses_the_same_one_twice() {
        let dir = std::env::temp_dir().join(format!("booking-server-unit-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::db::connect(&format!("sqlite://{}", dir.join("t.db").display())).await.unwrap();
        crate::demo::seed(&db, 1).await.unwrap();
        let writes = crate::writes::Writes::new(db.clone(), true);
        let remember = |kind, attempt, id: &'static str| {
            let (writes, object) = (writes.clone(), intent(id, "requires_payment_method", 12_500));
            async move { ledger::remember(&writes, "bk_demo_1", kind, attempt, &object, "eur", 1).await.unwrap() }
        };
        assert!(remember(PaymentKind::Full, 1, "pi_a").await);
        assert!(!remember(PaymentKind::Full, 1, "pi_b").await, "same attempt: the first wins");
        assert!(remember(PaymentKind::Hold, 1, "pi_h").await, "another kind has a row of its own");
        assert!(remember(PaymentKind::Full, 2, "pi_c").await);
        let rows = ledger::of_booking(&db, "bk_demo_1").await.unwrap();
        let ids: Vec<_> = rows.iter().map(|r| (r.kind, r.intent_id.as_str(), r.attempt)).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&(PaymentKind::Full, "pi_c", 2)) && ids.contains(&(PaymentKind::Hold, "pi_h", 1)));
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
