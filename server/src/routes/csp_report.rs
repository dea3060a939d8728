//! `POST /api/csp-report`: CSP violation reports, size- and rate-limited.
//!
//! Reports are attacker-controllable text, so only sanitised fields are
//! logged: the directive (a known token), the blocked resource reduced to
//! its origin or keyword, and the page path without its query (a return
//! URL's query can hold a client secret).

use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use booking_contract::CSP_REPORT_PATH;
use serde_json::Value;
use std::time::Instant;

/// `POST` from browsers: any body, parsed leniently.
pub fn router() -> Router<AppState> {
    Router::new().route(CSP_REPORT_PATH, post(receive))
}

/// The fields worth logging from one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// e.g. `script-src-elem`.
    pub directive: String,
    /// Origin or keyword (`inline`, `eval`) of what was blocked.
    pub blocked: String,
    /// Path of the page.
    pub page: String,
}

fn token(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect()
}

fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host: String = rest.split(['/', '?', '#']).next().unwrap_or("").chars().take(100).collect();
            format!(
                "{}://{}",
                token(scheme),
                host.replace(|c: char| !(c.is_ascii_alphanumeric() || ".-:[]".contains(c)), "")
            )
        }
        None => token(url),
    }
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or("/").chars().filter(|c| c.is_ascii_graphic()).take(100).collect()
}

/// Extracts violations from either report format (`application/csp-report`
/// or Reporting API `application/reports+json`).
pub fn parse(body: &[u8]) -> Vec<Violation> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return Vec::new() };
    let bodies: Vec<&Value> = match &v {
        Value::Array(items) => items.iter().filter_map(|r| r.get("body")).collect(),
        other => other.get("csp-report").into_iter().collect(),
    };
    let field = |b: &Value, keys: [&str; 2]| {
        keys.iter().find_map(|k| b.get(*k)?.as_str().map(str::to_owned)).unwrap_or_default()
    };
    bodies
        .into_iter()
        .take(10)
        .map(|b| Violation {
            directive: token(&field(b, ["effective-directive", "effectiveDirective"])),
            blocked: origin_of(&field(b, ["blocked-uri", "blockedURL"])),
            page: path_of(&field(b, ["document-uri", "documentURL"])),
        })
        .collect()
}

/// Logs sanitised violations; always 204 so a browser does not retry.
pub async fn receive(State(state): State<AppState>, body: Bytes) -> StatusCode {
    if state.report_limit.check((), Instant::now()).is_err() {
        return StatusCode::TOO_MANY_REQUESTS;
    }
    for v in parse(&body) {
        tracing::warn!(code = "csp_violation", directive = %v.directive, blocked = %v.blocked, page = %v.page, "CSP violation");
    }
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legacy_report_is_reduced_to_safe_fields() {
        let body =
            br#"{"csp-report":{"document-uri":"https://shop.example/pay?payment_intent_client_secret=pi_1_secret_abc",
            "effective-directive":"script-src-elem","blocked-uri":"https://evil.example/x.js?token=abc"}}"#;
        assert_eq!(
            parse(body),
            vec![Violation {
                directive: "script-src-elem".into(),
                blocked: "https://evil.example".into(),
                page: "/pay".into()
            }]
        );
    }

    #[test]
    fn reporting_api_batches_are_read_and_capped() {
        let one = r#"{"type":"csp-violation","body":{"documentURL":"https://a/b","effectiveDirective":"frame-src","blockedURL":"inline"}}"#;
        let body = format!("[{}]", vec![one; 50].join(","));
        let v = parse(body.as_bytes());
        assert_eq!(v.len(), 10);
        assert_eq!(v[0].blocked, "inline");
    }

    #[test]
    fn log_injection_characters_are_removed() {
        let body = br#"{"csp-report":{"effective-directive":"script-src\n[FAKE] admin login","blocked-uri":"eval"}}"#;
        let v = parse(body);
        assert!(!v[0].directive.contains('\n') && !v[0].directive.contains(' '));
    }

    #[test]
    fn garbage_is_ignored() {
        assert!(parse(b"not json").is_empty());
    }
}
