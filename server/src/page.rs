//! The checkout page as data: its HTML and its Content-Security-Policy.
//!
//! `index.html` is read once at start-up: the publishable key is written in
//! (escaped, although the key rule admits only letters and digits), the
//! SHA-256 of each inline bootstrap script is computed for the CSP (so no
//! `'unsafe-inline'` is needed), and in demo mode the offline Stripe.js
//! double, a test-mode banner and a room picker (one room per payment
//! policy) are added. The CSP header value is built
//! and checked here, once: a policy that breaks a payment-page rule stops
//! the server from starting instead of being served without a CSP. Serving
//! the page is the page route's job.

use axum::http::HeaderValue;
use base64::Engine;
use booking_contract::{PublishableKey, CSP_REPORT_PATH};
use sha2::{Digest, Sha256, Sha384};
use std::fmt;
use std::path::Path;

/// The key the committed page carries; replaced by the configured one.
pub const PLACEHOLDER_KEY: &str = "pk_test_bookingCheckoutDemo";

/// Trusted Types policies the page may create, and why each exists:
/// - `booking-checkout#stripe-js`: the component's loader; admits only the
///   Stripe.js URL it is about to set.
/// - `booking-checkout#early`: the early start (`early.js`), same rule.
/// - `default`: created by the page's own script for code that assigns
///   plain strings to script sinks, Stripe.js among it (Stripe documents
///   the default policy for Trusted Types). It admits only script URLs on
///   `https://js.stripe.com` and nothing else (no HTML, no script text).
pub const TRUSTED_TYPES_POLICIES: [&str; 3] = ["booking-checkout#stripe-js", "booking-checkout#early", "default"];

/// The prepared page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Final HTML.
    pub html: String,
    /// Its Content-Security-Policy header value, checked at start-up.
    pub csp: HeaderValue,
}

/// Why the page cannot be served.
#[derive(Debug)]
pub enum PageError {
    /// `index.html` cannot be read.
    Read(std::io::Error),
    /// The CSP breaks a rule of the payment page (the rule is named).
    Policy(&'static str),
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(e) => write!(f, "cannot read index.html ({e}); run `trunk build --release` first"),
            Self::Policy(rule) => write!(f, "the payment page's Content-Security-Policy is invalid: {rule}"),
        }
    }
}

impl std::error::Error for PageError {}

/// `'sha256-…'` sources for every inline `<script>` in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            hashes.push(format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

/// The Content-Security-Policy of the payment page. `inline_hashes` are the
/// `'sha256-…'` sources of the page's own inline bootstrap scripts.
pub fn page_csp(inline_hashes: &[String]) -> String {
    let hashes: String = inline_hashes.iter().map(|h| format!(" '{h}'")).collect();
    let policies = TRUSTED_TYPES_POLICIES.join(" ");
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com{hashes}; \
         frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; \
         connect-src 'self' https://api.stripe.com; \
         img-src 'self' data: https://*.stripe.com; \
         style-src 'self' 'unsafe-inline'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; \
         require-trusted-types-for 'script'; trusted-types {policies}; \
         report-uri {CSP_REPORT_PATH}; report-to csp"
    )
}

/// The rules of `../SECURITY.md` §5 a policy must meet to be served, checked
/// on the exact header value; `Err` names the first rule broken.
pub fn check_policy(csp: &str) -> Result<HeaderValue, PageError> {
    let value = HeaderValue::from_str(csp).map_err(|_| PageError::Policy("not a valid header value"))?;
    let directive = |name: &str| {
        csp.split(';').map(str::trim).find_map(|d| {
            let mut words = d.split_ascii_whitespace();
            (words.next() == Some(name)).then(|| words.collect::<Vec<_>>())
        })
    };
    let script_src = directive("script-src").ok_or(PageError::Policy("no script-src"))?;
    for bad in ["'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:", "data:", "blob:"] {
        if script_src.contains(&bad) {
            return Err(PageError::Policy("script-src allows inline, eval or any host"));
        }
    }
    if !script_src.contains(&"https://js.stripe.com") {
        return Err(PageError::Policy("script-src does not allow https://js.stripe.com"));
    }
    for (name, must) in [
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("require-trusted-types-for", "'script'"),
        ("report-uri", CSP_REPORT_PATH),
        ("report-to", "csp"),
    ] {
        if directive(name).is_none_or(|sources| sources != [must]) {
            return Err(PageError::Policy("object-src, base-uri, Trusted Types or reporting missing"));
        }
    }
    for name in ["frame-src", "connect-src", "form-action", "frame-ancestors", "trusted-types"] {
        let sources = directive(name).ok_or(PageError::Policy("a required directive is missing"))?;
        if sources.is_empty() || sources.contains(&"*") {
            return Err(PageError::Policy("a required directive is empty or allows any host"));
        }
    }
    Ok(value)
}

/// `value` as HTML attribute text.
fn escape_attr(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&#39;")
}

const DEMO_STYLE: &str = r#"<link rel="stylesheet" href="/demo/demo.css">"#;
const DEMO_BANNER: &str = r#"<div class="test-mode-banner" role="note">TEST MODE, offline: Stripe.js is replaced by the project&#39;s test double; no real payment is made. Sign in as alice@example.com / alice-demo-password and pay with 4242 4242 4242 4242.</div>"#;

impl Page {
    /// Reads `dist/index.html` and prepares it; `offline_double` (demo only)
    /// are the Stripe.js test double's scripts, `(path, body)`, added with
    /// the test-mode banner.
    pub fn load(
        dist: &Path,
        publishable_key: &PublishableKey,
        offline_double: &[(&str, &str)],
    ) -> Result<Self, PageError> {
        let raw = std::fs::read_to_string(dist.join("index.html")).map_err(PageError::Read)?;
        Self::prepare(&raw, publishable_key, offline_double)
    }

    /// Prepares `raw` HTML (see the module docs).
    pub fn prepare(
        raw: &str,
        publishable_key: &PublishableKey,
        offline_double: &[(&str, &str)],
    ) -> Result<Self, PageError> {
        let mut html = raw.replace(PLACEHOLDER_KEY, &escape_attr(publishable_key.as_str()));
        if !offline_double.is_empty() {
            // Before the component's own scripts, so window.Stripe exists
            // first; integrity-checked like every same-origin script.
            let scripts: String = offline_double
                .iter()
                .map(|(path, body)| {
                    let digest = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(body.as_bytes()));
                    format!(r#"<script src="{path}" integrity="sha384-{digest}"></script>"#)
                })
                .collect();
            html = html.replacen("<head>", &format!("<head>{scripts}{DEMO_STYLE}"), 1);
            html = html.replacen("<body>", &format!("<body>{DEMO_BANNER}"), 1);
            let demo = crate::demo_booking::html() + &crate::demo_rooms::html();
            html = html.replacen("</main>", &format!("{demo}</main>"), 1);
        }
        let csp = check_policy(&page_csp(&inline_script_hashes(&html)))?;
        Ok(Self { html, csp })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PublishableKey {
        PublishableKey::parse(k).unwrap()
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<script type="module">boot()</script><script src="/a.js"></script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"boot()"));
        assert_eq!(hashes[0], format!("sha256-{expected}"));
    }

    #[test]
    fn the_configured_key_replaces_the_placeholder() {
        let page = Page::prepare(&format!(r#"<b publishable-key="{PLACEHOLDER_KEY}">"#), &key("pk_test_other"), &[]);
        let html = page.unwrap().html;
        assert!(html.contains("pk_test_other") && !html.contains(PLACEHOLDER_KEY));
    }

    #[test]
    fn attribute_text_is_escaped() {
        assert_eq!(escape_attr(r#"a"><script>x'&"#), "a&quot;&gt;&lt;script&gt;x&#39;&amp;");
    }

    #[test]
    fn only_demo_pages_get_the_double_and_the_banner() {
        let raw = "<html><head></head><body></body></html>";
        let plain = Page::prepare(raw, &key("pk_test_x"), &[]).unwrap();
        assert!(!plain.html.contains("/demo/"));
        let demo = Page::prepare(raw, &key("pk_test_x"), &[("/demo/stripe-double.js", "double()")]).unwrap();
        assert!(demo.html.contains("TEST MODE"));
        let sri = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(b"double()"));
        let tag = format!(r#"<script src="/demo/stripe-double.js" integrity="sha384-{sri}"></script>"#);
        assert!(demo.html.contains(&tag), "the double's tag carries its integrity hash");
        assert_eq!(demo.csp, plain.csp, "the demo page is served under the production policy");
    }

    #[test]
    fn the_served_policy_passes_its_own_check_and_enforces_trusted_types() {
        let csp = page_csp(&["sha256-abc".into()]);
        assert!(check_policy(&csp).is_ok(), "{csp}");
        assert!(csp.contains("require-trusted-types-for 'script'"));
        assert!(csp.contains("trusted-types booking-checkout#stripe-js booking-checkout#early default;"));
    }

    #[test]
    fn a_policy_that_breaks_a_rule_is_refused_before_serving() {
        let good = page_csp(&[]);
        let broken = [
            good.replace("'wasm-unsafe-eval'", "'unsafe-inline'"),
            good.replace("'wasm-unsafe-eval'", "'unsafe-eval'"),
            good.replace("'wasm-unsafe-eval'", "https:"),
            good.replace("'wasm-unsafe-eval'", "*"),
            good.replace("https://js.stripe.com https://*.js.stripe.com;", "'self';"),
            good.replace("object-src 'none'", "object-src 'self'"),
            good.replace("base-uri 'none'; ", ""),
            good.replace("require-trusted-types-for 'script'; ", ""),
            good.replace("trusted-types booking", "trusted-types * booking"),
            good.replace(" report-to csp", ""),
            good.replace("frame-ancestors 'self'", "frame-ancestors *"),
            format!("{good}\n"),
            good.replace("default-src", "default-src\u{7f}"),
        ];
        for csp in broken {
            assert!(matches!(check_policy(&csp), Err(PageError::Policy(_))), "served: {csp}");
        }
    }
}
