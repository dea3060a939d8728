//! The demo: its seed data and its routes, merged only when `DEMO=1` and
//! never part of [`crate::app`].
//!
//! Offline there is no js.stripe.com, so the demo page loads the project's
//! Stripe.js test double, and this module answers the few calls that real
//! Stripe.js would make to api.stripe.com with the publishable key and the
//! client secret (confirm, retrieve; of PaymentIntents and SetupIntents).
//! They are forwarded to the configured
//! Stripe API (localstripe) with the server's key. Only a test
//! PaymentMethod token crosses this route, never card details.
//!
//! [`seed`] writes the demo's users and bookings: at start-up in demo mode,
//! and in every API test.

use crate::auth::hash_password;
use crate::catalogue::price;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;
use crate::stripe::{PaymentIntent, SetupIntent};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use booking_contract::ClientSecret;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

const DOUBLE_JS: &str = include_str!("../../tests/stripe-double/stripe.js");
const DOUBLE_CONFIG_JS: &str =
    "window.__stripeDoubleConfig = Object.assign({ apiBase: '/demo/stripe' }, window.__stripeDoubleConfig || {});\n";
const DEMO_CSS: &str = concat!(
    ".test-mode-banner{background:#ffe58f;color:#3d2f00;padding:8px 24px;font:600 14px/1.4 system-ui,sans-serif;text-align:center}\n",
    ".demo-rooms{margin-top:32px;border-top:1px solid #e3e6ee;padding-top:16px}.demo-rooms h2{font-size:1.05rem;margin:0 0 4px}",
    ".demo-rooms ul{list-style:none;padding:0;margin:12px 0 0;display:grid;gap:8px}",
    ".demo-room{width:100%;text-align:left;font:inherit;padding:10px 12px;border:1px solid #d5d9e3;border-radius:8px;background:#fff;cursor:pointer}",
    ".demo-room:hover{border-color:#635bff}.demo-room span{display:block;color:#5b6275;font-size:.9em}\n",
    ".my-booking{margin-top:32px;border-top:1px solid #e3e6ee;padding-top:16px}.my-booking h2{font-size:1.05rem;margin:0 0 8px}",
    ".my-booking h3{font-size:.95rem;margin:12px 0 4px}.my-booking dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}",
    ".my-booking dt{color:#5b6275}.my-booking dd{margin:0}.my-booking ul{margin:0 0 12px;padding-left:20px}",
    "#my-booking-cancel{font:inherit;padding:8px 14px;border:1px solid #c0392b;color:#c0392b;background:#fff;border-radius:8px;cursor:pointer}\n",
);

/// The demo's scripts for the page's head, in order (path, body): the page
/// writes each with its `integrity` hash, like every same-origin script.
pub const DOUBLE_SCRIPTS: [(&str, &str); 2] =
    [("/demo/double-config.js", DOUBLE_CONFIG_JS), ("/demo/stripe-double.js", DOUBLE_JS)];

/// Test PaymentMethod tokens the double may send, and what they stand for at the Stripe API.
const TOKENS: [&str; 1] = ["pm_card_visa"];

#[derive(Deserialize)]
struct SecretBody {
    client_secret: String,
    #[serde(default)]
    payment_method: Option<String>,
}

#[derive(Serialize)]
struct IntentView {
    id: String,
    status: String,
    amount: i64,
    currency: String,
}

impl From<PaymentIntent> for IntentView {
    fn from(pi: PaymentIntent) -> Self {
        Self { id: pi.id, status: pi.status.as_str().to_owned(), amount: pi.amount, currency: pi.currency }
    }
}

/// Whether `given` is the object's client secret, compared in constant time.
fn holds(secret: Option<&ClientSecret>, given: &str) -> bool {
    secret.is_some_and(|s| bool::from(s.expose().as_bytes().ct_eq(given.as_bytes())))
}

/// Retrieves `id` and checks the caller holds its client secret, as Stripe does.
async fn authorised(state: &AppState, id: &str, secret: &str) -> Result<PaymentIntent, ApiError> {
    let pi = state.stripe.retrieve_intent(id).await.map_err(|_| ApiError::NotFound)?;
    holds(pi.client_secret.as_ref(), secret).then_some(pi).ok_or(ApiError::NotFound)
}

async fn retrieve(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<SecretBody>,
) -> Result<Json<IntentView>, ApiError> {
    Ok(Json(authorised(&state, &id, &body.client_secret).await?.into()))
}

async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<SecretBody>,
) -> Result<Json<IntentView>, ApiError> {
    let pi = authorised(&state, &id, &body.client_secret).await?;
    let token = body.payment_method.filter(|t| TOKENS.contains(&t.as_str())).ok_or(ApiError::InvalidRequest)?;
    if !pi.status.is_open() {
        return Ok(Json(pi.into()));
    }
    // Each press is its own operation, as Stripe.js's confirmation is.
    let key = format!("demo-confirm:{id}:{:016x}", rand::random::<u64>());
    state.stripe.update_intent(&id, &format!("{key}:attach"), &[("payment_method", token)]).await?;
    Ok(Json(state.stripe.confirm_intent(&id, &key).await?.into()))
}

/// A SetupIntent as the double reads it: no amount, nothing charged.
#[derive(Serialize)]
struct SetupView {
    id: String,
    status: String,
}

impl From<SetupIntent> for SetupView {
    fn from(si: SetupIntent) -> Self {
        Self { id: si.id, status: si.status.as_str().to_owned() }
    }
}

/// Retrieves SetupIntent `id` and checks the caller holds its client secret.
async fn authorised_setup(state: &AppState, id: &str, secret: &str) -> Result<SetupIntent, ApiError> {
    let si = state.stripe.retrieve_setup_intent(id).await.map_err(|_| ApiError::NotFound)?;
    holds(si.client_secret.as_ref(), secret).then_some(si).ok_or(ApiError::NotFound)
}

async fn retrieve_setup(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<SecretBody>,
) -> Result<Json<SetupView>, ApiError> {
    Ok(Json(authorised_setup(&state, &id, &body.client_secret).await?.into()))
}

async fn confirm_setup(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<SecretBody>,
) -> Result<Json<SetupView>, ApiError> {
    let si = authorised_setup(&state, &id, &body.client_secret).await?;
    let token = body.payment_method.filter(|t| TOKENS.contains(&t.as_str())).ok_or(ApiError::InvalidRequest)?;
    if !si.status.is_open() {
        return Ok(Json(si.into()));
    }
    let key = format!("demo-confirm-setup:{id}:{:016x}", rand::random::<u64>());
    Ok(Json(state.stripe.confirm_setup_intent(&id, &token, &key).await?.into()))
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body)
}

/// The demo-only routes (the crate root adds the API's layers to them).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/demo/stripe-double.js", get(|| async { asset("text/javascript; charset=utf-8", DOUBLE_JS) }))
        .route("/demo/double-config.js", get(|| async { asset("text/javascript; charset=utf-8", DOUBLE_CONFIG_JS) }))
        .route("/demo/demo.css", get(|| async { asset("text/css; charset=utf-8", DEMO_CSS) }))
        .route("/demo/stripe/payment_intents/{id}/retrieve", post(retrieve))
        .route("/demo/stripe/payment_intents/{id}/confirm", post(confirm))
        .route("/demo/stripe/setup_intents/{id}/retrieve", post(retrieve_setup))
        .route("/demo/stripe/setup_intents/{id}/confirm", post(confirm_setup))
}

/// A demo user: email, name, password.
pub const DEMO_USERS: [(&str, &str, &str); 2] =
    [("alice@example.com", "Alice", "alice-demo-password"), ("bob@example.com", "Bob", "bob-demo-password")];

/// Seeds the demo users with one unpaid booking each (`bk_demo_1` for Alice,
/// paid in full; `bk_demo_2` for Bob, with a deposit), created at `now` and
/// arriving after the default lead ([`crate::terms::DEFAULT_LEAD_DAYS`]).
/// Idempotent.
pub async fn seed(pool: &Db, now: i64) -> Result<(), sqlx::Error> {
    let arrival = crate::terms::today(now).plus_days(crate::terms::DEFAULT_LEAD_DAYS);
    for (i, (email, name, password)) in DEMO_USERS.iter().enumerate() {
        let hash = hash_password(password);
        sqlx::query(
            "INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(name)
        .bind(hash)
        .execute(pool)
        .await?;
        let user_id: i64 =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(pool).await?;
        let (room, nights) = if i == 0 { ("sea-view", 2) } else { ("garden", 3) };
        let priced = price(room, nights).expect("catalogue room");
        sqlx::query(
            "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at, arrival)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
        )
        .bind(format!("bk_demo_{}", i + 1))
        .bind(user_id)
        .bind(room)
        .bind(i64::from(nights))
        .bind(&priced.description)
        .bind(priced.amount)
        .bind(priced.currency)
        .bind(now)
        .bind(arrival.to_string())
        .execute(pool)
        .await?;
    }
    Ok(())
}
