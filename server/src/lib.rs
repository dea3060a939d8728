//! booking-server: the reference server for the booking-checkout component.
//!
//! The audited endpoints done right: authenticated, ownership-checked
//! create-intent priced from the booking; verified and deduplicated
//! webhooks; sanitised errors and logs; the payment page under a strict CSP.
//! [`app`] builds the production router without a socket, so tests call it
//! directly; [`demo::router`] is merged only in demo mode.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod page;
pub mod ratelimit;
pub mod request_id;
pub mod routes;
pub mod security;
pub mod state;
pub mod stripe;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, Method, Request, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use routes::{bookings, csp_report, payments, session, webhook};
use state::AppState;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Body limit of ordinary API routes.
pub const API_BODY_LIMIT: usize = 16 * 1024;
/// Body limit of the webhook route.
pub const WEBHOOK_BODY_LIMIT: usize = 64 * 1024;
/// Body limit of the CSP report route.
pub const REPORT_BODY_LIMIT: usize = 8 * 1024;

/// The production router: API, webhook, reports, page and static files.
pub fn app(state: AppState) -> Router {
    finish(Router::new(), state)
}

/// The production router plus the demo-only routes.
pub fn demo_app(state: AppState) -> Router {
    finish(demo::router(state.clone()), state)
}

fn finish(extra: Router<AppState>, state: AppState) -> Router {
    let api = Router::new()
        .route("/api/session", get(session::me).post(session::login).delete(session::logout))
        .route("/api/bookings", get(bookings::list).post(bookings::create))
        .route("/api/bookings/{id}", get(bookings::get_one))
        .route("/api/payments/create-intent", post(payments::create_intent))
        .route("/api/payments/history", get(payments::history))
        .layer(from_fn_with_state(state.clone(), security::csrf_guard))
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    let webhook = Router::new()
        .route("/api/payments/webhook", post(webhook::receive))
        .layer(DefaultBodyLimit::max(WEBHOOK_BODY_LIMIT));
    let reports = Router::new()
        .route(security::REPORT_PATH, post(csp_report::receive))
        .layer(DefaultBodyLimit::max(REPORT_BODY_LIMIT));
    let files = Router::new()
        .fallback_service(ServeDir::new(&state.config.dist_dir).precompressed_br().precompressed_gzip())
        .layer(from_fn(page::cache_headers));

    let origins: Vec<_> = std::iter::once(&state.config.public_origin)
        .chain(&state.config.allowed_origins)
        .filter_map(|o| o.parse().ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, HeaderName::from_static("idempotency-key")]);
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request<_>| {
            // The path only: a query can carry a client secret after a redirect return.
            let id = req.extensions().get::<request_id::RequestId>().map_or("", |r| r.0.as_str());
            tracing::info_span!("http", request_id = %id, method = %req.method(), path = %req.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO));

    Router::new()
        .route("/", get(page::index))
        .route("/index.html", get(page::index))
        .merge(api)
        .merge(webhook)
        .merge(reports)
        .merge(extra)
        .merge(files)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(from_fn(error::error_bodies))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(cors)
        .layer(trace)
        // Marks credentials so no layer or debug output ever prints them.
        .layer(SetSensitiveHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
            header::SET_COOKIE,
            HeaderName::from_static("stripe-signature"),
        ]))
        .layer(from_fn(request_id::assign))
        .with_state(state)
}

/// Builds the state from `config` (database, migrations, demo seed, page).
pub async fn build_state(config: config::Config) -> Result<AppState, Box<dyn std::error::Error>> {
    let db = db::connect(&config.database_url).await?;
    if config.demo {
        db::seed_demo(&db).await?;
    }
    let page = page::Page::load(&config.dist_dir, &config.stripe_publishable_key, config.offline_stripe_js)
        .map_err(|e| format!("cannot read {}/index.html ({e}); run `trunk build --release` first", config.dist_dir.display()))?;
    Ok(AppState::new(db, config, page))
}

/// Serves on `listener` until shut down.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let router = if state.config.demo { demo_app(state) } else { app(state) };
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
