//! What a hostile page in the customer's browser could do: send
//! cookie-authenticated POSTs (CSRF), or read answers across origins (CORS).
//!
//! The foreign origin is a reserved `.invalid` name: it is only ever a header
//! value, never loaded.

use super::{Ctx, Intent};
use crate::cli::Credential;
use crate::finding::Finding;
use crate::rules::{Rule, CORS_CREDENTIALS, CSRF_FETCH_SITE, CSRF_JSON_ONLY, CSRF_ORIGIN};
use crate::target::{Answer, Failure, Req};
use reqwest::Method;

/// The foreign origin the probes claim to come from.
pub const FOREIGN: &str = "https://cross-site.invalid";

/// The three CSRF rules (skipped when user A authenticates with a bearer token).
pub async fn csrf(ctx: &Ctx<'_>) -> Vec<Finding> {
    let a = &ctx.opts.user_a;
    if matches!(a.credential, Credential::Bearer(_)) {
        let why =
            "user A authenticates with a bearer token, which a browser never attaches by itself: CSRF does not apply";
        return vec![
            Finding::skip(&CSRF_ORIGIN, why),
            Finding::skip(&CSRF_FETCH_SITE, why),
            Finding::skip(&CSRF_JSON_ONLY, why),
        ];
    }
    let origin = ctx.intent_req(Some(&a.credential), &a.booking, &[]).header("origin", FOREIGN);
    let fetch_site = ctx.intent_req(Some(&a.credential), &a.booking, &[]).header("sec-fetch-site", "cross-site");
    let body = serde_json::json!({ "booking_id": a.booking }).to_string().into_bytes();
    let plain = Req::new(Method::POST, &ctx.intent_path(&a.booking)).auth(&a.credential).body_as("text/plain", body);
    vec![
        refused(
            &CSRF_ORIGIN,
            "Origin: https://cross-site.invalid",
            ctx.api("cookie POST from a foreign Origin", origin).await,
        ),
        refused(
            &CSRF_FETCH_SITE,
            "Sec-Fetch-Site: cross-site",
            ctx.api("cookie POST marked cross-site", fetch_site).await,
        ),
        refused(&CSRF_JSON_ONLY, "a text/plain body", ctx.api("cookie POST as text/plain", plain).await),
    ]
}

/// Whether a state-changing cookie request was refused (pure).
pub fn refused(rule: &'static Rule, what: &str, answer: Result<Answer, Failure>) -> Finding {
    match answer {
        Err(e) => Finding::inconclusive(rule, format!("{what}: {e}")),
        Ok(a) if a.status == 429 => Finding::inconclusive(rule, format!("{what}: rate limited")),
        // A 5xx got past whatever guard there is and failed later: not a refusal.
        Ok(a) if a.status >= 500 => {
            Finding::inconclusive(rule, format!("{what} → {}: neither accepted nor refused", a.status))
        }
        Ok(a) => {
            let i = Intent::of(&a);
            if a.ok() || i.intent_id.is_some() {
                Finding::fail(
                    rule,
                    format!("cookie-authenticated create-intent with {what} → {}: accepted", i.summary()),
                )
            } else {
                Finding::pass(rule, format!("cookie-authenticated create-intent with {what} → {}: refused", a.status))
            }
        }
    }
}

/// `cors.credentials`: preflight and POSTs from a foreign and a `null` origin.
pub async fn cors(ctx: &Ctx<'_>) -> Finding {
    let booking = &ctx.opts.user_a.booking;
    let preflight = Req::new(Method::OPTIONS, &ctx.intent_path(booking))
        .header("origin", FOREIGN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type");
    let foreign = ctx.intent_req(None, booking, &[]).header("origin", FOREIGN);
    let null = ctx.intent_req(None, booking, &[]).header("origin", "null");
    let mut seen = Vec::new();
    for (label, origin, req) in
        [("preflight", FOREIGN, preflight), ("POST", FOREIGN, foreign), ("POST with Origin: null", "null", null)]
    {
        match ctx.api(&format!("CORS {label}"), req).await {
            Ok(a) => seen.push((label, origin, a)),
            Err(e) => return Finding::inconclusive(&CORS_CREDENTIALS, format!("CORS {label}: {e}")),
        }
    }
    judge_cors(seen.iter().map(|(l, o, a)| (*l, *o, a)))
}

/// The verdict of `cors.credentials` from (label, origin sent, answer) triples (pure).
pub fn judge_cors<'a>(answers: impl IntoIterator<Item = (&'a str, &'a str, &'a Answer)>) -> Finding {
    let mut bad = Vec::new();
    let mut notes = Vec::new();
    for (label, sent, a) in answers {
        let acao = a.header("access-control-allow-origin").map(str::trim);
        let creds = a.header("access-control-allow-credentials").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        match acao {
            Some(v) if creds && (v == "*" || v == "null" || v == sent) => {
                bad.push(format!("{label} from {sent} → Access-Control-Allow-Origin: {v} with credentials"))
            }
            Some(v) if v == "null" || v == "*" => notes.push(format!("{label}: {v} without credentials")),
            _ => {}
        }
    }
    if !bad.is_empty() {
        return Finding::fail(&CORS_CREDENTIALS, format!("{}: a foreign site can read answers", bad.join("; ")));
    }
    let extra = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
    Finding::pass(&CORS_CREDENTIALS, format!("no foreign, * or null origin allowed with credentials{extra}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn answer(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> Answer {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.insert(*k, HeaderValue::from_static(v));
        }
        Answer { status, headers: h, bytes: body.as_bytes().to_vec() }
    }

    #[test]
    fn a_reflected_origin_with_credentials_fails_and_an_exact_list_passes() {
        let reflected =
            answer(204, &[("access-control-allow-origin", FOREIGN), ("access-control-allow-credentials", "true")], "");
        assert_eq!(judge_cors([("preflight", FOREIGN, &reflected)]).outcome, Outcome::Fail);
        let none = answer(200, &[], "");
        assert_eq!(judge_cors([("preflight", FOREIGN, &none)]).outcome, Outcome::Pass);
        let null =
            answer(200, &[("access-control-allow-origin", "null"), ("access-control-allow-credentials", "true")], "");
        assert_eq!(judge_cors([("POST", "null", &null)]).outcome, Outcome::Fail);
    }

    #[test]
    fn a_cross_site_post_that_gets_an_intent_is_accepted_and_fails() {
        let ok = answer(200, &[], r#"{"client_secret":"pi_1_secret_2"}"#);
        assert_eq!(refused(&CSRF_ORIGIN, "Origin", Ok(ok)).outcome, Outcome::Fail);
        let forbidden = answer(403, &[], r#"{"error":{"code":"forbidden"}}"#);
        assert_eq!(refused(&CSRF_ORIGIN, "Origin", Ok(forbidden)).outcome, Outcome::Pass);
        assert_eq!(refused(&CSRF_ORIGIN, "Origin", Err(Failure::Budget)).outcome, Outcome::Inconclusive);
        let crashed = answer(500, &[], "{}");
        assert_eq!(refused(&CSRF_ORIGIN, "Origin", Ok(crashed)).outcome, Outcome::Inconclusive, "a 5xx is no refusal");
    }
}
