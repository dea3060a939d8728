//! booking-checkout-audit: a conformance audit for any backend the checkout
//! component is paired with.
//!
//! It probes a running server over HTTP, as an attacker and a careless
//! client would, for the faults a payments audit finds: a Stripe key taken
//! from the request, create-intent without authentication or ownership,
//! validation internals and raw errors, CSRF and CORS, forged or replayed
//! webhooks, a payment page without a strict CSP or script integrity, and
//! after checkout a cancel or a refund that another guest, a guest's
//! request or a repeated call can steer.
//!
//! Pure modules ([`cli`], [`help`], [`severity`], [`rules`], [`finding`], [`redact`],
//! [`scan`], [`csp`], [`sri`], [`webhook`], [`report`]) hold the logic and are tested
//! on the host; [`target`] is the only HTTP client; [`probes`] send requests
//! through it and judge the answers with the pure modules; [`run`] orders
//! the probes. Imports run one way: pure modules → target → probes → here.

#![warn(missing_docs)]

pub mod cli;
pub mod csp;
pub mod finding;
pub mod help;
pub mod probes;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod severity;
pub mod sri;
pub mod target;
pub mod webhook;

use cli::Options;
use finding::Finding;
use probes::{access, after, browser, errors, logs, ownership, page, secrets, webhooks, Ctx, Intent};
use rand::distributions::{Alphanumeric, DistString};
use redact::Redactor;
use report::Report;
use reqwest::Method;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use target::{Req, Target};

/// Why a run stopped before probing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A live key showed, and production was not confirmed.
    LiveEnvironment(&'static str),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::LiveEnvironment(where_) => write!(
                f,
                "a live Stripe key (sk_live_/rk_live_/pk_live_) showed in {where_}: refusing to audit production without --i-understand-this-is-production"
            ),
        }
    }
}

/// Runs every probe against the target in `opts`.
pub async fn run(opts: &Options) -> Result<Report, Refusal> {
    let started = Instant::now();
    let target = Target::new(opts.base.clone(), Duration::from_secs(opts.timeout_secs), rules::request_budget());
    let fake_key = format!("sk_test_{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 24));
    let mut given: Vec<String> = opts.user_a.credential.secret_values();
    given.extend(opts.user_b.credential.secret_values());
    given.extend(opts.webhook_secret.clone());
    given.extend(opts.staff_token.clone());
    given.push(fake_key.clone());
    let ctx =
        Ctx { target: &target, opts, redactor: Redactor::new(given.clone()), fake_key, seen: Mutex::new(Vec::new()) };
    let log_mark = opts.log_file.as_deref().map(logs::mark);

    // The page first: one GET, and the live-key check before any POST.
    let page = target.send(Req::new(Method::GET, &opts.page_path)).await;
    if let Ok(p) = &page {
        let headers: String = p.headers.iter().filter_map(|(_, v)| v.to_str().ok()).collect::<Vec<_>>().join("\n");
        if !opts.production_confirmed && (scan::has_live_key(&p.text()) || scan::has_live_key(&headers)) {
            return Err(Refusal::LiveEnvironment("the payment page"));
        }
    }

    // User B's booking is raced before anything else touches it.
    let race = access::race_b(&ctx).await;
    let live_answer = ctx.seen.lock().expect("not poisoned").iter().any(|s| scan::has_live_key(&s.answer.text()));
    if live_answer && !opts.production_confirmed {
        return Err(Refusal::LiveEnvironment("a create-intent answer"));
    }
    let (mut findings, baseline) = secrets::run(&ctx).await;
    findings.push(access::required(&ctx).await);
    findings.push(ownership::ownership(&ctx).await);
    let own = baseline.as_ref().and_then(|b| b.intent_id.as_deref());
    findings.push(ownership::aliases(&ctx, own, the_one_intent(&race)).await);
    findings.push(access::amount_ignored(&ctx, baseline.as_ref()).await);
    findings.push(access::one_intent(&ctx, &race, baseline.as_ref()).await);
    let bad_inputs = errors::send_bad_inputs(&ctx).await;
    findings.extend(browser::csrf(&ctx).await);
    findings.push(browser::cors(&ctx).await);
    findings.extend(webhooks::run(&ctx).await);
    // After checkout, once every create-intent probe is done: user A's own
    // cancels first (they show whether the cancel route exists), then user
    // A on user B's booking, then a guest on the staff routes.
    let (refund, own_cancel) = after::refund_amount(&ctx).await;
    let (once, repeated_cancel) = after::cancel_once(&ctx).await;
    findings.extend([refund, once]);
    findings.push(after::cancel_ownership(&ctx, own_cancel.or(repeated_cancel)).await);
    findings.push(after::staff_guest(&ctx).await);
    {
        let seen = ctx.seen.lock().expect("not poisoned");
        findings.push(errors::judge_generic(&seen, &bad_inputs));
        findings.push(errors::judge_leaks(&seen));
    }
    findings.extend(page_findings(&ctx, page).await);
    findings.extend(match (&opts.log_file, log_mark) {
        (Some(path), Some(at)) => match logs::read_since(path, at) {
            Ok(text) => logs::judge(&text, &given),
            Err(_) => logs::skipped("--log-file could not be read"),
        },
        _ => logs::skipped("no --log-file given"),
    });

    // One order for every report, and one last redaction pass over every line.
    findings.sort_by_key(|f| rules::ALL.iter().position(|r| std::ptr::eq(*r, f.rule)).unwrap_or(usize::MAX));
    for f in &mut findings {
        f.evidence = ctx.line(&f.evidence);
    }
    let description = format!(
        "{} (create-intent {}, page {}, webhook {})",
        opts.base, opts.create_intent_path, opts.page_path, opts.webhook_path
    );
    Ok(Report { target: description, findings, requests: target.sent(), elapsed: started.elapsed() })
}

/// The intent every call of user B's race got, if they all got the same one.
fn the_one_intent(race: &[Result<Intent, target::Failure>]) -> Option<&str> {
    let mut ids = race.iter().map(|r| r.as_ref().ok().and_then(|i| i.intent_id.as_deref()));
    let first = ids.next()??;
    ids.all(|id| id == Some(first)).then_some(first)
}

async fn page_findings(ctx: &Ctx<'_>, page: Result<target::Answer, target::Failure>) -> Vec<Finding> {
    let page_rules = rules::ALL.iter().filter(|r| r.id.starts_with("page."));
    let why = match &page {
        Ok(p) if p.ok() => None,
        Ok(p) => Some(format!("the page answered {}: check --page-path", p.status)),
        Err(e) => Some(format!("the page: {e}")),
    };
    match (page, why) {
        (Ok(p), None) => {
            let mut out = page::headers(&p, ctx.opts.base.scheme() == "https");
            out.push(page::sri(ctx, &p).await);
            out
        }
        (_, Some(why)) => page_rules.map(|r| Finding::inconclusive(r, &why)).collect(),
        (Err(_), None) => Vec::new(),
    }
}
