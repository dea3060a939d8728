//! Browser-facing protections: CSRF/Origin checks, security headers, CSP.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Path of the CSP report endpoint.
pub const REPORT_PATH: &str = "/api/csp-report";

/// Layer for cookie-authenticated API routes: refuses state-changing
/// requests that a browser marks cross-site or that come from a foreign
/// origin. (JSON-only bodies are enforced by [`crate::extract::JsonBody`].)
pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let headers = req.headers();
        if headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site")) {
            return ApiError::Forbidden.into_response();
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let allowed = origin.to_str().is_ok_and(|o| origin_allowed(&state, o));
            if !allowed {
                return ApiError::Forbidden.into_response();
            }
        }
    }
    next.run(req).await
}

/// Exact match against the site's origin and the configured allow-list.
pub fn origin_allowed(state: &AppState, origin: &str) -> bool {
    origin == state.config.public_origin || state.config.allowed_origins.iter().any(|o| o == origin)
}

/// The Content-Security-Policy of the payment page. `inline_hashes` are the
/// `'sha256-…'` sources of the page's own inline bootstrap scripts.
pub fn page_csp(inline_hashes: &[String]) -> String {
    let hashes: String = inline_hashes.iter().map(|h| format!(" '{h}'")).collect();
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com{hashes}; \
         frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; \
         connect-src 'self' https://api.stripe.com; \
         img-src 'self' data: https://*.stripe.com; \
         style-src 'self' 'unsafe-inline'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; \
         report-uri {REPORT_PATH}; report-to csp"
    )
}

/// Layer: headers every response gets.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    if state.config.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    res
}
