//! The payment page: CSP header, security headers, caching, CSP reports, error shapes.

use crate::helpers::*;

#[tokio::test]
async fn the_page_has_a_strict_csp_header_with_reporting_and_no_isolation_headers() {
    let app = spawn_app().await;
    let res = app.get("/", None).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap();
    for bad in ["'unsafe-inline'", "'unsafe-eval'", " * ", " https: ", "data:"] {
        assert!(!format!("{script_src} ").contains(bad), "{bad} in {script_src}");
    }
    assert!(script_src.contains("'wasm-unsafe-eval'") && script_src.contains("https://js.stripe.com"));
    assert!(script_src.contains("'sha256-"), "the inline bootstrap is allowed by hash");
    for directive in [
        "frame-src https://js.stripe.com",
        "connect-src 'self' https://api.stripe.com",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors",
        "report-uri /api/csp-report",
        "report-to csp",
        "require-trusted-types-for 'script'",
        "trusted-types booking-checkout#stripe-js booking-checkout#early default",
    ] {
        assert!(csp.contains(directive), "{directive} missing: {csp}");
    }
    assert!(h["reporting-endpoints"].to_str().unwrap().contains("/api/csp-report"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("referrer-policy"));
    assert!(!h.contains_key("cross-origin-embedder-policy") && !h.contains_key("cross-origin-opener-policy"));
    let body = res.text().await.unwrap();
    assert!(
        body.contains("pk_test_bookingCheckoutDemo") && !body.contains("/demo/"),
        "production page has no test double"
    );
}

#[tokio::test]
async fn hashed_assets_are_cached_forever_and_json_is_json() {
    let app = spawn_app().await;
    let res = app.get("/app-0123456789abcdef.js", None).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let res = app.get("/api/bookings", None).send().await.unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
}

#[tokio::test]
async fn precompressed_assets_are_served_with_their_content_encoding() {
    let app = spawn_app().await;
    for (accept, encoding, body) in [("br, gzip", "br", "precompressed-br"), ("gzip", "gzip", "precompressed-gz")] {
        let res = app.get("/app-0123456789abcdef.js", None).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(res.headers()["content-encoding"], encoding);
        assert!(res.headers()["content-type"].to_str().unwrap().contains("javascript"));
        assert_eq!(res.bytes().await.unwrap(), body.as_bytes());
    }
    let plain = app.get("/app-0123456789abcdef.js", None).header("accept-encoding", "identity").send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn csp_reports_are_accepted_limited_in_size_and_rate() {
    let app = spawn_app().await;
    let report = r#"{"csp-report":{"document-uri":"http://x/?payment_intent_client_secret=pi_1_secret_a","effective-directive":"script-src-elem","blocked-uri":"https://evil.example/x.js"}}"#;
    let send = |body: String| {
        app.http.post(app.url("/api/csp-report")).header("content-type", "application/csp-report").body(body).send()
    };
    assert_eq!(send(report.into()).await.unwrap().status(), 204);
    assert_eq!(send("x".repeat(9 * 1024)).await.unwrap().status(), 413);
    let mut limited = false;
    for _ in 0..40 {
        if send(report.into()).await.unwrap().status() == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited, "a flood of reports is rate-limited");
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_get_the_fixed_error_shape() {
    let app = spawn_app().await;
    let res = app.get("/api/nope", None).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(error_code(res).await, "not_found");
    let res = app.get("/api/payments/create-intent", None).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(error_code(res).await, "invalid_request");
}
