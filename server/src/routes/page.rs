//! `GET /` (the checkout page) and the built component's static files.
//!
//! The page is prepared once at start-up ([`crate::page::Page`]); this
//! module only serves it, with its CSP and reporting headers, and serves
//! `dist/` with cache headers that match how the build names files.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::Path;
use tower_http::services::ServeDir;

/// The `csp` endpoint named by the policy's `report-to`.
const REPORTING_ENDPOINTS: &str = "csp=\"/api/csp-report\"";

/// The page at `/` and `/index.html`; every other path is a file of `dist`
/// (precompressed `.br`/`.gz` siblings are preferred when accepted).
pub fn router(dist: &Path) -> Router<AppState> {
    let files = Router::new()
        .fallback_service(ServeDir::new(dist).precompressed_br().precompressed_gzip())
        .layer(from_fn(cache_headers));
    Router::new().route("/", get(index)).route("/index.html", get(index)).merge(files)
}

/// `GET /`: the checkout page with its CSP and reporting headers.
pub async fn index(State(state): State<AppState>) -> Response {
    let page = &state.page;
    let mut res = (StatusCode::OK, page.html.clone()).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Built and checked once at start-up: a page never goes out without it.
    h.insert(header::CONTENT_SECURITY_POLICY, page.csp.clone());
    h.insert("reporting-endpoints", HeaderValue::from_static(REPORTING_ENDPOINTS));
    res
}

/// Whether a static path is content-hashed by the build (safe to cache forever).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    // trunk appends a 64-bit hash in hex without zero padding: 8 to 16 digits.
    let hashed_name = stem.rsplit('-').next().map(|h| h.trim_end_matches("_bg")).is_some_and(|h| {
        (8..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    });
    hashed_name || path.starts_with("/snippets/")
}

/// Layer on static files: immutable caching for hashed assets, revalidation otherwise.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() {
        let value = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/booking-checkout-789d90562c62ba7b_bg.wasm"));
        assert!(is_hashed_asset("/booking-checkout-789d90562c62ba7b.js"));
        assert!(is_hashed_asset("/checkout-8b81a4c2137035a6.css"));
        assert!(is_hashed_asset("/booking-checkout-8abb14064134f56.js"), "15 digits: no zero padding");
        assert!(is_hashed_asset("/snippets/x-1/src/embed/element.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon.ico"));
    }

    #[test]
    fn the_reporting_endpoint_is_the_report_path() {
        assert_eq!(REPORTING_ENDPOINTS, format!("csp=\"{}\"", booking_contract::CSP_REPORT_PATH));
    }
}
