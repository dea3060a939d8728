//! The payment page: its CSP header, isolation and security headers, and
//! the integrity of every same-origin script it loads.

use super::Ctx;
use crate::csp::{allows_stripe, endpoints_define, Policy};
use crate::finding::Finding;
use crate::rules::{
    PAGE_CSP, PAGE_CSP_REPORTING, PAGE_CSP_STRIPE, PAGE_HSTS, PAGE_ISOLATION, PAGE_NOSNIFF, PAGE_REFERRER, PAGE_SRI,
};
use crate::sri;
use crate::target::{Answer, Req};
use reqwest::Method;

/// Most scripts whose integrity is checked (each one is fetched once).
pub const MAX_SCRIPTS: usize = 20;

/// The header rules, from the page's answer alone (pure).
pub fn headers(page: &Answer, https: bool) -> Vec<Finding> {
    let html = page.text();
    let policies: Vec<Policy> = page.header_all("content-security-policy").iter().map(|h| Policy::parse(h)).collect();
    let mut out = Vec::new();
    if policies.is_empty() {
        let why = if sri::has_meta_csp(&html) {
            "only a <meta> CSP: it cannot report and is applied after the parser has seen earlier tags"
        } else if page.header("content-security-policy-report-only").is_some() {
            "only Content-Security-Policy-Report-Only: nothing is enforced"
        } else {
            "no Content-Security-Policy header"
        };
        out.push(Finding::fail(&PAGE_CSP, why));
        out.push(Finding::skip(&PAGE_CSP_STRIPE, "no CSP header"));
        out.push(Finding::skip(&PAGE_CSP_REPORTING, "no CSP header"));
    } else {
        let unsafe_each: Vec<Vec<String>> = policies.iter().map(Policy::unsafe_script_sources).collect();
        out.push(match unsafe_each.iter().find(|u| u.is_empty()) {
            Some(_) => Finding::pass(&PAGE_CSP, "CSP header; script-src has no unsafe source"),
            None => Finding::fail(&PAGE_CSP, format!("script-src allows {}", unsafe_each[0].join(" "))),
        });
        let script_ok = policies.iter().all(|p| p.script_sources().is_none_or(allows_stripe));
        let frame_ok = policies.iter().all(|p| p.frame_sources().is_none_or(allows_stripe));
        out.push(match (script_ok, frame_ok) {
            (true, true) => {
                Finding::pass(&PAGE_CSP_STRIPE, "https://js.stripe.com allowed in script-src and frame-src")
            }
            (s, f) => Finding::fail(
                &PAGE_CSP_STRIPE,
                format!(
                    "https://js.stripe.com is blocked in {}",
                    if !s {
                        "script-src"
                    } else if !f {
                        "frame-src"
                    } else {
                        ""
                    }
                ),
            ),
        });
        let endpoints = page.header_all("reporting-endpoints").join(",");
        let reports = policies.iter().any(|p| match p.reporting() {
            (_, true) => true,
            (Some(group), false) => endpoints_define(&endpoints, group) || page.header("report-to").is_some(),
            (None, false) => false,
        });
        out.push(if reports {
            Finding::pass(&PAGE_CSP_REPORTING, "the CSP names a reporting endpoint")
        } else {
            Finding::fail(&PAGE_CSP_REPORTING, "no report-uri, and no report-to with a defined endpoint")
        });
    }
    let coop = page.header("cross-origin-opener-policy").is_some_and(|v| v.trim().starts_with("same-origin"));
    let coep = page
        .header("cross-origin-embedder-policy")
        .is_some_and(|v| matches!(v.trim(), "require-corp" | "credentialless"));
    out.push(if coop && coep {
        Finding::fail(
            &PAGE_ISOLATION,
            "COOP same-origin with COEP: cross-origin isolated, which Stripe.js does not support",
        )
    } else {
        Finding::pass(&PAGE_ISOLATION, "not cross-origin isolated")
    });
    out.push(match page.header("x-content-type-options") {
        Some(v) if v.trim().eq_ignore_ascii_case("nosniff") => {
            Finding::pass(&PAGE_NOSNIFF, "X-Content-Type-Options: nosniff")
        }
        _ => Finding::fail(&PAGE_NOSNIFF, "no X-Content-Type-Options: nosniff"),
    });
    out.push(match page.header("referrer-policy").map(|v| v.trim().to_ascii_lowercase()) {
        Some(v) if v.is_empty() || v.contains("unsafe-url") || v == "no-referrer-when-downgrade" => {
            Finding::fail(&PAGE_REFERRER, format!("Referrer-Policy: {v}"))
        }
        Some(v) => Finding::pass(&PAGE_REFERRER, format!("Referrer-Policy: {v}")),
        None => Finding::fail(&PAGE_REFERRER, "no Referrer-Policy"),
    });
    out.push(hsts(page.header("strict-transport-security"), https));
    out
}

fn hsts(value: Option<&str>, https: bool) -> Finding {
    if !https {
        return Finding::skip(&PAGE_HSTS, "served over http");
    }
    let max_age = value.and_then(|v| {
        v.split(';')
            .find_map(|p| p.trim().strip_prefix("max-age=").and_then(|n| n.trim_matches('"').parse::<u64>().ok()))
    });
    match max_age {
        Some(age) if age >= 180 * 86_400 => Finding::pass(&PAGE_HSTS, format!("HSTS max-age={age}")),
        Some(age) => Finding::fail(&PAGE_HSTS, format!("HSTS max-age={age}, under 180 days")),
        None => Finding::fail(&PAGE_HSTS, "no Strict-Transport-Security over https"),
    }
}

/// `page.sri`: fetches each same-origin script the page references and checks its integrity.
pub async fn sri(ctx: &Ctx<'_>, page: &Answer) -> Finding {
    let rule = &PAGE_SRI;
    let Some(page_url) = ctx.target.url(&ctx.opts.page_path) else {
        return Finding::inconclusive(rule, "--page-path leaves the origin");
    };
    let refs = sri::script_refs(&page.text());
    let mut checked = 0;
    let mut problems = Vec::new();
    for r in refs.iter() {
        let Ok(url) = page_url.join(&r.url) else { continue };
        // Other origins (js.stripe.com) are not ours to check, and never loaded.
        let Some(on_target) = ctx.target.url(url.path()).filter(|u| u.origin() == url.origin()) else { continue };
        if checked == MAX_SCRIPTS {
            problems.push(format!("more than {MAX_SCRIPTS} same-origin scripts: the rest unchecked"));
            break;
        }
        checked += 1;
        let path = match on_target.query() {
            Some(q) => format!("{}?{q}", on_target.path()),
            None => on_target.path().to_owned(),
        };
        if r.integrity.is_empty() {
            problems.push(format!("{} has no integrity", on_target.path()));
            continue;
        }
        match ctx.target.send(Req::new(Method::GET, &path)).await {
            Ok(a) if a.ok() => {
                if let Some(bad) = r.integrity.iter().find(|i| !sri::matches(i, &a.bytes)) {
                    let alg = bad.split('-').next().unwrap_or("?");
                    problems.push(format!("{}: {alg} integrity does not match the bytes served", on_target.path()));
                }
            }
            Ok(a) => problems.push(format!("{} → {}", on_target.path(), a.status)),
            Err(e) => problems.push(format!("{}: {e}", on_target.path())),
        }
    }
    if problems.is_empty() {
        Finding::pass(rule, format!("{checked} same-origin scripts, each with a matching integrity hash"))
    } else {
        let more = if problems.len() > 2 { format!(" (+{} more)", problems.len() - 2) } else { String::new() };
        Finding::fail(rule, ctx.line(&format!("{}{more}", problems[..problems.len().min(2)].join("; "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn page(headers: &[(&'static str, &'static str)], body: &str) -> Answer {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.append(*k, HeaderValue::from_static(v));
        }
        Answer { status: 200, headers: h, bytes: body.as_bytes().to_vec() }
    }

    fn outcome(found: &[Finding], id: &str) -> Outcome {
        found.iter().find(|f| f.rule.id == id).unwrap().outcome
    }

    const GOOD_CSP: &str = "script-src 'self' https://js.stripe.com; frame-src https://js.stripe.com; report-to csp";

    #[test]
    fn a_well_configured_page_passes_every_header_rule() {
        let p = page(
            &[
                ("content-security-policy", GOOD_CSP),
                ("reporting-endpoints", "csp=\"/csp-report\""),
                ("x-content-type-options", "nosniff"),
                ("referrer-policy", "strict-origin-when-cross-origin"),
                ("strict-transport-security", "max-age=63072000; includeSubDomains"),
            ],
            "",
        );
        let found = headers(&p, true);
        assert!(found.iter().all(|f| f.outcome == Outcome::Pass), "{found:?}");
    }

    #[test]
    fn a_meta_csp_alone_fails_and_says_so() {
        let p = page(&[], r#"<meta http-equiv="Content-Security-Policy" content="script-src 'self'">"#);
        let found = headers(&p, false);
        let csp = found.iter().find(|f| f.rule.id == "page.csp_script_src").unwrap();
        assert_eq!(csp.outcome, Outcome::Fail);
        assert!(csp.evidence.contains("<meta>"));
        assert_eq!(outcome(&found, "page.hsts"), Outcome::Skip, "plain http");
    }

    #[test]
    fn report_to_without_an_endpoint_header_does_not_count_as_reporting() {
        let p = page(&[("content-security-policy", GOOD_CSP)], "");
        assert_eq!(outcome(&headers(&p, false), "page.csp_reporting"), Outcome::Fail);
    }

    #[test]
    fn cross_origin_isolation_fails_because_stripe_js_breaks() {
        let p = page(
            &[("cross-origin-opener-policy", "same-origin"), ("cross-origin-embedder-policy", "require-corp")],
            "",
        );
        assert_eq!(outcome(&headers(&p, false), "page.no_isolation"), Outcome::Fail);
    }

    #[test]
    fn a_short_or_missing_hsts_over_https_fails() {
        assert_eq!(hsts(Some("max-age=300"), true).outcome, Outcome::Fail);
        assert_eq!(hsts(None, true).outcome, Outcome::Fail);
        assert_eq!(hsts(Some("max-age=31536000"), true).outcome, Outcome::Pass);
    }
}
