//! Browser-facing protections as layers: the CSRF/Origin guard on
//! cookie-authenticated routes and the security headers every response gets.
//!
//! Both read only the configuration, so they take `Arc<Config>` as their
//! state, not the whole application state. The page's own CSP is built with
//! the page ([`crate::page::page_csp`]).

use crate::config::Config;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Layer for cookie-authenticated API routes: refuses state-changing
/// requests that a browser marks cross-site or that come from a foreign
/// origin. (JSON-only bodies are enforced by [`crate::extract::JsonBody`].)
pub async fn csrf_guard(State(config): State<Arc<Config>>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let headers = req.headers();
        if headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site")) {
            return ApiError::Forbidden.into_response();
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let allowed = origin.to_str().is_ok_and(|o| origin_allowed(&config, o));
            if !allowed {
                return ApiError::Forbidden.into_response();
            }
        }
    }
    next.run(req).await
}

/// Exact match against the site's origin and the configured allow-list.
pub fn origin_allowed(config: &Config, origin: &str) -> bool {
    origin == config.public_origin || config.allowed_origins.iter().any(|o| o == origin)
}

/// Layer: headers every response gets; HSTS only when the site is served
/// over https ([`Config::hsts`]).
pub async fn headers(State(config): State<Arc<Config>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    if config.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    res
}
