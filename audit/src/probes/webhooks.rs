//! Webhook deliveries: forged, stale and oversized ones are refused; with
//! the test environment's secret, a valid one is accepted once and its
//! redelivery acknowledged. Every event names a PaymentIntent that does not
//! exist, so a correct server changes nothing.

use super::Ctx;
use crate::finding::Finding;
use crate::rules::{Rule, WEBHOOK_BAD_SIGNATURE, WEBHOOK_OVERSIZED, WEBHOOK_STALE, WEBHOOK_UNSIGNED, WEBHOOK_VALID};
use crate::target::{Answer, Failure, Req};
use crate::webhook::{event, signature};
use reqwest::Method;

/// Padding of the oversized delivery.
pub const OVERSIZED: usize = 1024 * 1024;

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn ids() -> (String, String) {
    let n = rand::random::<u64>();
    (format!("evt_audit_{n:016x}"), format!("pi_audit_{n:016x}"))
}

/// Runs the five webhook rules.
pub async fn run(ctx: &Ctx<'_>) -> Vec<Finding> {
    let path = &ctx.opts.webhook_path;
    let secret = ctx.opts.webhook_secret.as_deref();
    let send = |label: &'static str, body: Vec<u8>, sig: Option<String>| async move {
        let mut req = Req::new(Method::POST, path);
        if let Some(s) = sig {
            req = req.header("stripe-signature", &s);
        }
        ctx.api(label, req.body_as("application/json", body)).await
    };
    let t = now();
    let wrong = format!("whsec_{:032x}", rand::random::<u128>());
    let mut out = Vec::new();

    let (evt, pi) = ids();
    let body = event(&evt, &pi, t, 0);
    out.push(refused(&WEBHOOK_UNSIGNED, "an unsigned event", send("webhook without signature", body, None).await));

    let (evt, pi) = ids();
    let body = event(&evt, &pi, t, 0);
    let sig = signature(&wrong, t, &body);
    out.push(refused(
        &WEBHOOK_BAD_SIGNATURE,
        "an event signed with another secret",
        send("webhook with a wrong signature", body, Some(sig)).await,
    ));

    match secret {
        Some(s) => {
            let (evt, pi) = ids();
            let old = t - 301;
            let body = event(&evt, &pi, old, 0);
            let sig = signature(s, old, &body);
            out.push(refused(
                &WEBHOOK_STALE,
                "a correctly signed event 301 s old",
                send("webhook signed 301 s ago", body, Some(sig)).await,
            ));
        }
        None => out.push(Finding::skip(&WEBHOOK_STALE, "needs --webhook-secret")),
    }

    let (evt, pi) = ids();
    let body = event(&evt, &pi, t, OVERSIZED);
    let signed = secret.is_some();
    let sig = signature(secret.unwrap_or(&wrong), t, &body);
    let what = if signed { "a correctly signed 1 MiB event" } else { "a 1 MiB event (unsigned: no --webhook-secret)" };
    out.push(refused(&WEBHOOK_OVERSIZED, what, send("oversized webhook", body, Some(sig)).await));

    match secret {
        Some(s) => {
            let (evt, pi) = ids();
            let body = event(&evt, &pi, t, 0);
            let sig = signature(s, t, &body);
            let first = send("valid webhook", body.clone(), Some(sig.clone())).await;
            let again = send("valid webhook redelivered", body, Some(sig)).await;
            out.push(judge_valid(first, again));
        }
        None => out.push(Finding::skip(&WEBHOOK_VALID, "needs --webhook-secret")),
    }
    out
}

/// A delivery that must be refused (any non-2xx).
pub fn refused(rule: &'static Rule, what: &str, answer: Result<Answer, Failure>) -> Finding {
    match answer {
        Ok(a) if a.ok() => Finding::fail(rule, format!("{what} → {}: accepted", a.status)),
        Ok(a) if a.status == 429 => Finding::inconclusive(rule, format!("{what} → 429 (rate limited)")),
        // A 5xx is no clean refusal: Stripe retries it, and the event may have been half-processed.
        Ok(a) if a.status >= 500 => {
            Finding::inconclusive(rule, format!("{what} → {}: neither accepted nor refused", a.status))
        }
        Ok(a) => Finding::pass(rule, format!("{what} → {}: refused", a.status)),
        // A server that closes the connection on an oversized body has refused it.
        Err(Failure::Transport(why)) if rule == &WEBHOOK_OVERSIZED => {
            Finding::pass(rule, format!("{what}: connection closed ({why})"))
        }
        Err(e) => Finding::inconclusive(rule, format!("{what}: {e}")),
    }
}

/// A valid event is acknowledged (2xx), and so is its redelivery.
pub fn judge_valid(first: Result<Answer, Failure>, again: Result<Answer, Failure>) -> Finding {
    let rule = &WEBHOOK_VALID;
    match (first, again) {
        (Ok(f), Ok(a)) if f.ok() && a.ok() => {
            Finding::pass(rule, format!("a valid event → {}, its redelivery → {}", f.status, a.status))
        }
        (Ok(f), _) if !f.ok() => Finding::fail(
            rule,
            format!(
                "a correctly signed event → {}: refused (wrong --webhook-secret, or verification is broken)",
                f.status
            ),
        ),
        (Ok(_), Ok(a)) => {
            Finding::fail(rule, format!("a redelivered event → {}: Stripe will retry it for days", a.status))
        }
        (Err(e), _) | (_, Err(e)) => Finding::inconclusive(rule, format!("no answer ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;
    use reqwest::header::HeaderMap;

    fn a(status: u16) -> Result<Answer, Failure> {
        Ok(Answer { status, headers: HeaderMap::new(), bytes: Vec::new() })
    }

    #[test]
    fn an_accepted_forgery_fails_and_a_refusal_passes() {
        assert_eq!(refused(&WEBHOOK_UNSIGNED, "x", a(200)).outcome, Outcome::Fail);
        assert_eq!(refused(&WEBHOOK_UNSIGNED, "x", a(400)).outcome, Outcome::Pass);
        assert_eq!(refused(&WEBHOOK_UNSIGNED, "x", a(500)).outcome, Outcome::Inconclusive);
        assert_eq!(refused(&WEBHOOK_UNSIGNED, "x", Err(Failure::Transport("reset"))).outcome, Outcome::Inconclusive);
        assert_eq!(refused(&WEBHOOK_OVERSIZED, "x", Err(Failure::Transport("reset"))).outcome, Outcome::Pass);
    }

    #[test]
    fn a_redelivery_answered_with_an_error_fails() {
        assert_eq!(judge_valid(a(200), a(200)).outcome, Outcome::Pass);
        assert_eq!(judge_valid(a(200), a(409)).outcome, Outcome::Fail);
        assert_eq!(judge_valid(a(400), a(400)).outcome, Outcome::Fail);
    }
}
