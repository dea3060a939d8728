//! The checkout page as data: its HTML and its Content-Security-Policy.
//!
//! `index.html` is read once at start-up: the publishable key is written in,
//! the SHA-256 of each inline bootstrap script is computed for the CSP
//! (so no `'unsafe-inline'` is needed), and in demo mode the offline
//! Stripe.js double and a test-mode banner are added. Serving it is the
//! page route's job.

use base64::Engine;
use booking_contract::CSP_REPORT_PATH;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The key the committed page carries; replaced by the configured one.
pub const PLACEHOLDER_KEY: &str = "pk_test_bookingCheckoutDemo";

/// The prepared page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Final HTML.
    pub html: String,
    /// Its Content-Security-Policy.
    pub csp: String,
}

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
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com{hashes}; \
         frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; \
         connect-src 'self' https://api.stripe.com; \
         img-src 'self' data: https://*.stripe.com; \
         style-src 'self' 'unsafe-inline'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; \
         report-uri {CSP_REPORT_PATH}; report-to csp"
    )
}

const DEMO_HEAD: &str = r#"<script src="/demo/double-config.js"></script><script src="/demo/stripe-double.js"></script><link rel="stylesheet" href="/demo/demo.css">"#;
const DEMO_BANNER: &str = r#"<div class="test-mode-banner" role="note">TEST MODE, offline: Stripe.js is replaced by the project&#39;s test double; no real payment is made. Sign in as alice@example.com / alice-demo-password and pay with 4242 4242 4242 4242.</div>"#;

impl Page {
    /// Reads `dist/index.html` and prepares it; `offline_double` adds the
    /// Stripe.js test double and the test-mode banner (demo only).
    pub fn load(dist: &Path, publishable_key: &str, offline_double: bool) -> std::io::Result<Self> {
        let raw = std::fs::read_to_string(dist.join("index.html"))?;
        Ok(Self::prepare(&raw, publishable_key, offline_double))
    }

    /// Prepares `raw` HTML (see the module docs).
    pub fn prepare(raw: &str, publishable_key: &str, offline_double: bool) -> Self {
        let mut html = raw.replace(PLACEHOLDER_KEY, publishable_key);
        if offline_double {
            // Before the component's own scripts, so window.Stripe exists first.
            html = html.replacen("<head>", &format!("<head>{DEMO_HEAD}"), 1);
            html = html.replacen("<body>", &format!("<body>{DEMO_BANNER}"), 1);
        }
        let csp = page_csp(&inline_script_hashes(&html));
        Self { html, csp }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let page = Page::prepare(&format!(r#"<b publishable-key="{PLACEHOLDER_KEY}">"#), "pk_test_other", false);
        assert!(page.html.contains("pk_test_other") && !page.html.contains(PLACEHOLDER_KEY));
    }

    #[test]
    fn only_demo_pages_get_the_double_and_the_banner() {
        let raw = "<html><head></head><body></body></html>";
        assert!(!Page::prepare(raw, "pk_test_x", false).html.contains("/demo/"));
        let demo = Page::prepare(raw, "pk_test_x", true).html;
        assert!(demo.contains("/demo/stripe-double.js") && demo.contains("TEST MODE"));
    }
}
