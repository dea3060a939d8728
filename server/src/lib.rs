//! booking-server: the reference server for the booking-checkout component.
//!
//! The audited endpoints done right: authenticated, ownership-checked
//! create-intent priced from the booking; verified and deduplicated
//! webhooks; sanitised errors and logs; the payment page under a strict CSP.
//! [`app`] builds the production router without a socket, so tests call it
//! directly; [`demo_app`] adds the demo's routes.
//!
//! Imports run one way, from leaves to this file:
//! leaves ([`config`], [`clock`], [`catalogue`], [`terms`], [`consent`], [`settle`],
//! [`booking_status`], [`staff_rules`], [`page`], [`stripe`], [`error`], [`ratelimit`],
//! [`request_id`], [`extract`]) → [`db`] → [`writes`], [`lock`] →
//! [`ledger`] → [`state`] → [`auth`], [`staff_auth`], [`security`] → [`routes`], [`demo`] →
//! [`balance_job`] → here.
//! `python3 scripts/module_graph.py server booking_server` prints the graph and fails on a cycle.

#![warn(missing_docs)]

pub mod auth;
pub mod balance_job;
pub mod booking_status;
pub mod catalogue;
pub mod clock;
pub mod config;
pub mod consent;
pub mod db;
pub mod demo;
pub mod demo_booking;
pub mod demo_rooms;
pub mod error;
pub mod extract;
pub mod ledger;
pub mod lock;
pub mod page;
pub mod ratelimit;
pub mod request_id;
pub mod routes;
pub mod security;
pub mod settle;
pub mod staff_auth;
pub mod staff_rules;
pub mod state;
pub mod stripe;
pub mod terms;
pub mod writes;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, Method, Request, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use booking_contract::IDEMPOTENCY_HEADER;
use config::Config;
use routes::{
    bookings, cancel, consent as consent_routes, create_intent, csp_report, page as page_routes, payments, session,
    staff, webhook,
};
use state::AppState;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Body limit of ordinary API routes.
pub const API_BODY_LIMIT: usize = 16 * 1024;
/// Body limit of the webhook route.
pub const WEBHOOK_BODY_LIMIT: usize = 64 * 1024;
/// Body limit of the CSP report route.
pub const REPORT_BODY_LIMIT: usize = 8 * 1024;
/// Longest a request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The production router: API, webhook, reports, page and static files.
pub fn app(state: AppState) -> Router {
    routes(state, Router::new())
}

/// The production router plus the demo-only routes.
pub fn demo_app(state: AppState) -> Router {
    routes(state, demo::router())
}

/// Every module's `router()`, grouped by how a request is authenticated,
/// which decides the group's guard and body limit.
fn routes(state: AppState, demo: Router<AppState>) -> Router {
    let config = state.config.clone();
    // Cookie or bearer authenticated: the CSRF guard and small JSON bodies.
    let api = Router::new()
        .merge(session::router())
        .merge(bookings::router())
        .merge(cancel::router())
        .merge(consent_routes::router())
        .merge(create_intent::router())
        .merge(payments::router())
        // Staff: the staff bearer token only ([`staff_auth`]); JSON like the rest.
        .merge(staff::router())
        .merge(demo)
        .layer(from_fn_with_state(config.clone(), security::csrf_guard))
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    // Authenticated by Stripe's signature over the raw body, not by a cookie.
    let webhook = webhook::router().layer(DefaultBodyLimit::max(WEBHOOK_BODY_LIMIT));
    // Anonymous browser reports: small, and rate-limited by the handler.
    let reports = csp_report::router().layer(DefaultBodyLimit::max(REPORT_BODY_LIMIT));
    let router = Router::new().merge(api).merge(webhook).merge(reports).merge(page_routes::router(&config.dist_dir));
    layers(router, &config).with_state(state)
}

/// The layers every request and response pass through.
///
/// axum wraps each `.layer` around everything above it, so the last one
/// listed is the outermost: a request meets them bottom to top, a response
/// top to bottom. Why this order:
/// 1. `request_id::assign` is outermost so that the trace span, the error
///    body and the `x-request-id` header all carry the same id.
/// 2. `SetSensitiveHeadersLayer` marks credentials before any layer below
///    could print a header.
/// 3. `TraceLayer` spans everything below it, CORS refusals and error
///    bodies included.
/// 4. `CorsLayer` answers preflights before any guard or route runs, and
///    adds its headers to every answer from below, errors included.
/// 5. `security::headers` sets the security headers on every response,
///    error bodies and timeouts included.
/// 6. `error::error_bodies` rewrites every error into the fixed body; it is
///    inside 4 and 5 so those bodies keep CORS and security headers, and
///    outside the timeout so a 408 gets the fixed body too.
/// 7. `TimeoutLayer` is innermost: it bounds only the routes' own work.
fn layers(router: Router<AppState>, config: &std::sync::Arc<Config>) -> Router<AppState> {
    let origins: Vec<_> =
        std::iter::once(&config.public_origin).chain(&config.allowed_origins).filter_map(|o| o.parse().ok()).collect();
    let idempotency =
        HeaderName::from_bytes(IDEMPOTENCY_HEADER.as_bytes()).expect("the contract's header name is a token");
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, idempotency]);
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request<_>| {
            // The path only: a query can carry a client secret after a redirect return.
            let id = req.extensions().get::<request_id::RequestId>().map_or("", |r| r.0.as_str());
            tracing::info_span!("http", request_id = %id, method = %req.method(), path = %req.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    let sensitive = SetSensitiveHeadersLayer::new([
        header::AUTHORIZATION,
        header::COOKIE,
        header::SET_COOKIE,
        HeaderName::from_static(stripe::webhook::SIGNATURE_HEADER),
    ]);
    router
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(from_fn(error::error_bodies))
        .layer(from_fn_with_state(config.clone(), security::headers))
        .layer(cors)
        .layer(trace)
        .layer(sensitive)
        .layer(from_fn(request_id::assign))
}

/// Builds the state from `config`: database and migrations, the demo seed
/// in demo mode, and the prepared page.
pub async fn build_state(config: Config) -> Result<AppState, Box<dyn std::error::Error>> {
    let db = db::connect(&config.database_url).await?;
    let double: &[(&str, &str)] = if config.offline_stripe_js { &demo::DOUBLE_SCRIPTS } else { &[] };
    let page = page::Page::load(&config.dist_dir, &config.stripe_publishable_key, double)
        .map_err(|e| format!("{}: {e}", config.dist_dir.display()))?;
    let state = AppState::new(db, config, page);
    if state.config.demo {
        demo::seed(&state.db, state.clock.now()).await?;
    }
    Ok(state)
}

/// How often expired sessions and API tokens are purged.
pub const PURGE_INTERVAL: Duration = Duration::from_secs(600);

/// Serves on `listener` until Ctrl-C or SIGTERM, then stops accepting and
/// finishes the requests in flight (each bounded by [`REQUEST_TIMEOUT`])
/// before returning. Expired credentials are purged meanwhile, and, when
/// `BALANCE_JOB_INTERVAL_SECS` is set, due balances charged
/// ([`balance_job`]); at shutdown the job finishes the booking it is
/// charging (bounded by [`REQUEST_TIMEOUT`]) before it stops.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let purge = tokio::spawn(purge_expired_credentials(state.clone()));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let balances = state.config.balance_job_interval_secs.map(|secs| {
        let every = Duration::from_secs(u64::from(secs));
        tokio::spawn(balance_job::run_every(state.clone(), every, stopped))
    });
    let router = if state.config.demo { demo_app(state) } else { app(state) };
    let served = axum::serve(listener, router).with_graceful_shutdown(shutdown_signal()).await;
    purge.abort();
    let _ = stop.send(true);
    if let Some(job) = balances {
        let abort = job.abort_handle();
        if tokio::time::timeout(REQUEST_TIMEOUT, job).await.is_err() {
            tracing::warn!(code = "balance_job_stop_timeout", "balance job stopped mid-run");
            abort.abort();
        }
    }
    served
}

/// Purges expired sessions and tokens now and every [`PURGE_INTERVAL`].
/// A failure (database busy) is logged and tried again next time.
async fn purge_expired_credentials(state: AppState) {
    let mut every = tokio::time::interval(PURGE_INTERVAL);
    loop {
        every.tick().await;
        match auth::purge_expired(&state.writes, state.clock.now()).await {
            Ok(n) => tracing::debug!(purged = n, "expired credentials purged"),
            Err(e) => {
                tracing::warn!(code = %error::ApiError::from(e).log_code(), "purge of expired credentials failed")
            }
        }
    }
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM (what a service manager or a
/// container runtime sends to stop the server).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
