//! Browser-facing protections as layers: the CSRF/Origin guard on
//! cookie-authenticated routes and the security headers every response gets.
//!
//! Both read only the configuration, so they take `Arc<Config>` as their
//! state, not the whole application state. The page's own CSP is built with
//! the page ([`crate::page::page_csp`]).

use crate::config::Config;
use crate::error::ApiError;
use crate::extract::is_json;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Layer for cookie-authenticated API routes: refuses state-changing
/// requests that a browser marks cross-site or that come from a foreign
/// origin (403), and any that carry a body or a `Content-Type` other than
/// `application/json` (415).
///
/// The 415 rule lives here, not in the handlers' extractors, because it is
/// a CSRF rule: the body types an HTML form or a no-preflight `fetch` can
/// send (`text/plain`, form-encoded, multipart) are exactly those that are
/// not JSON, so requiring JSON forces a CORS preflight. A handler that takes
/// `axum::Json`, `Bytes` or `String` cannot lose it.
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
        if !json_or_bodyless(headers) {
            return ApiError::UnsupportedMediaType.into_response();
        }
    }
    next.run(req).await
}

/// A state-changing request is acceptable when it says it carries JSON, or
/// carries no body and no `Content-Type` at all (a sign-out `DELETE`).
pub fn json_or_bodyless(headers: &HeaderMap) -> bool {
    if is_json(headers) {
        return true;
    }
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.to_str().ok().and_then(|v| v.trim().parse::<u64>().ok()) != Some(0));
    !has_body && !headers.contains_key(header::CONTENT_TYPE)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn json_with_or_without_parameters_is_accepted() {
        assert!(json_or_bodyless(&headers(&[("content-type", "application/json"), ("content-length", "2")])));
        assert!(json_or_bodyless(&headers(&[("content-type", "Application/JSON; charset=utf-8")])));
    }

    #[test]
    fn a_request_without_a_body_or_a_content_type_is_accepted() {
        assert!(json_or_bodyless(&headers(&[])));
        assert!(json_or_bodyless(&headers(&[("content-length", "0")])));
    }

    #[test]
    fn the_body_types_a_form_can_send_are_refused() {
        for ct in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""] {
            let h: HeaderMap = [(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap())].into_iter().collect();
            assert!(!json_or_bodyless(&h), "{ct:?}");
        }
        assert!(!json_or_bodyless(&headers(&[("content-length", "5")])), "a body without a type");
        assert!(!json_or_bodyless(&headers(&[("transfer-encoding", "chunked")])), "a chunked body without a type");
        assert!(!json_or_bodyless(&headers(&[("content-length", "junk")])), "an unreadable length");
        assert!(!json_or_bodyless(&headers(&[("content-type", "application/jsonx")])));
    }
}
