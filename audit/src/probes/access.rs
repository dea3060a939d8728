//! Authentication and ownership of create-intent: who may ask for an
//! intent, for which booking, at which price, and how many intents result.

use super::errors::shape;
use super::{Ctx, Intent};
use crate::finding::Finding;
use crate::rules::{AUTH_AMOUNT, AUTH_ONE_INTENT, AUTH_OWNERSHIP, AUTH_REQUIRED};
use crate::target::Failure;

/// Concurrent create-intent calls for user B's booking.
pub const CONCURRENT: usize = 10;

/// The first thing the run does to user B's booking: [`CONCURRENT`] calls at
/// once, then one more, so a server without a per-booking lock shows its race.
pub async fn race_b(ctx: &Ctx<'_>) -> Vec<Result<Intent, Failure>> {
    let b = &ctx.opts.user_b;
    let calls = (0..CONCURRENT).map(|_| async {
        ctx.api("concurrent create-intent (user B)", ctx.intent_req(Some(&b.credential), &b.booking, &[]))
            .await
            .map(|a| Intent::of(&a))
    });
    let mut out = futures::future::join_all(calls).await;
    let again = ctx.api("repeated create-intent (user B)", ctx.intent_req(Some(&b.credential), &b.booking, &[])).await;
    out.push(again.map(|a| Intent::of(&a)));
    out
}

/// `auth.one_intent`: B's race gave one intent, and A's repeat gives A's baseline intent again.
pub async fn one_intent(ctx: &Ctx<'_>, race: &[Result<Intent, Failure>], baseline_a: Option<&Intent>) -> Finding {
    let a = &ctx.opts.user_a;
    let repeat = ctx.api("repeated create-intent (user A)", ctx.intent_req(Some(&a.credential), &a.booking, &[])).await;
    judge_one_intent(race, baseline_a, repeat.map(|x| Intent::of(&x)).as_ref().ok())
}

/// The verdict of `auth.one_intent` from the answers (pure).
pub fn judge_one_intent(
    race: &[Result<Intent, Failure>],
    baseline_a: Option<&Intent>,
    repeat_a: Option<&Intent>,
) -> Finding {
    let rule = &AUTH_ONE_INTENT;
    if let Some(e) = race.iter().find_map(|r| r.as_ref().err()) {
        return Finding::inconclusive(rule, format!("a call for user B's booking got {e}"));
    }
    let answers: Vec<&Intent> = race.iter().filter_map(|r| r.as_ref().ok()).collect();
    if answers.iter().any(|i| i.status == 429) {
        return Finding::inconclusive(
            rule,
            "rate limited during the race for user B's booking: allow a burst of 15 for the audit",
        );
    }
    if let Some(bad) = answers.iter().find(|i| i.intent_id.is_none()) {
        let statuses: Vec<String> = answers.iter().map(|i| i.status.to_string()).collect();
        return Finding::inconclusive(
            rule,
            format!("user B's create-intent answered {} without a client secret (all: {}): check B's credentials and booking", bad.status, statuses.join(",")),
        );
    }
    let mut ids: Vec<&str> = answers.iter().filter_map(|i| i.intent_id.as_deref()).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > 1 {
        return Finding::fail(
            rule,
            format!(
                "{} concurrent + 1 repeated calls for user B's booking produced {} different PaymentIntents",
                CONCURRENT,
                ids.len()
            ),
        );
    }
    match (baseline_a.and_then(|b| b.intent_id.as_deref()), repeat_a.and_then(|r| r.intent_id.as_deref())) {
        (Some(first), Some(again)) if first != again => {
            Finding::fail(rule, "a repeated create-intent for user A's booking produced a second PaymentIntent")
        }
        (Some(_), Some(_)) => Finding::pass(
            rule,
            format!(
                "{} concurrent + 1 repeated calls for B's booking: 1 PaymentIntent; A's repeat: the same intent",
                CONCURRENT
            ),
        ),
        _ => Finding::pass(
            rule,
            format!(
                "{} concurrent + 1 repeated calls for B's booking: 1 PaymentIntent (A's repeat not comparable)",
                CONCURRENT
            ),
        ),
    }
}

/// `auth.required`: no credentials → 401 and no intent.
pub async fn required(ctx: &Ctx<'_>) -> Finding {
    let rule = &AUTH_REQUIRED;
    let req = ctx.intent_req(None, &ctx.opts.user_a.booking, &[]);
    let answer = match ctx.api("create-intent without credentials", req).await {
        Ok(a) => Intent::of(&a),
        Err(e) => return Finding::inconclusive(rule, format!("create-intent without credentials got {e}")),
    };
    match answer.status {
        _ if answer.intent_id.is_some() || (200..300).contains(&answer.status) => Finding::fail(
            rule,
            format!("no credentials → {} for user A's booking: anyone can create intents", answer.summary()),
        ),
        401 => Finding::pass(rule, "no credentials → 401, no client secret"),
        429 => Finding::inconclusive(rule, "no credentials → 429 (rate limited)"),
        s if s >= 500 => {
            Finding::fail(rule, format!("no credentials → {s}: the request went past authentication and failed later"))
        }
        s => Finding::pass(rule, format!("no credentials → {s}, no client secret (401 is the conventional answer)")),
    }
}

/// `auth.ownership`: A on B's booking is answered exactly like an unknown booking.
pub async fn ownership(ctx: &Ctx<'_>) -> Finding {
    let rule = &AUTH_OWNERSHIP;
    let a = &ctx.opts.user_a.credential;
    let unknown_id = format!("bk_audit_unknown_{:016x}", rand::random::<u64>());
    let theirs = ctx.api("user A on user B's booking", ctx.intent_req(Some(a), &ctx.opts.user_b.booking, &[])).await;
    let unknown = ctx.api("user A on an unknown booking", ctx.intent_req(Some(a), &unknown_id, &[])).await;
    let (theirs, unknown) = match (theirs, unknown) {
        (Ok(t), Ok(u)) => (t, u),
        (Err(e), _) | (_, Err(e)) => return Finding::inconclusive(rule, format!("no answer to compare ({e})")),
    };
    let t = Intent::of(&theirs);
    if t.intent_id.is_some() || theirs.ok() {
        return Finding::fail(rule, format!("user A on user B's booking → {}: ownership is not checked", t.summary()));
    }
    if theirs.status == 429 || unknown.status == 429 {
        return Finding::inconclusive(rule, "rate limited");
    }
    let same = theirs.status == unknown.status && shape(&theirs) == shape(&unknown) && code(&theirs) == code(&unknown);
    match (theirs.status, same) {
        (404, true) => Finding::pass(rule, "user A on user B's booking → 404, the same answer as an unknown booking"),
        (s, true) => Finding::pass(rule, format!("user A on user B's booking → {s}, like an unknown booking (404 is conventional)")),
        (s, false) => Finding::fail(
            rule,
            format!(
                "user A on user B's booking → {s}{}, an unknown booking → {}{}: the answer tells that the booking exists",
                code(&theirs).map(|c| format!(" ({c})")).unwrap_or_default(),
                unknown.status,
                code(&unknown).map(|c| format!(" ({c})")).unwrap_or_default(),
            ),
        ),
    }
}

/// The error code of an answer (`error.code`, `code` or a string `error`), if any.
fn code(answer: &crate::target::Answer) -> Option<String> {
    let j = answer.json()?;
    let c = j.pointer("/error/code").or_else(|| j.get("code")).or_else(|| j.get("error").filter(|e| e.is_string()))?;
    c.as_str().map(|s| s.chars().take(40).collect())
}

/// `auth.amount_ignored`: an amount and currency in the body change nothing.
pub async fn amount_ignored(ctx: &Ctx<'_>, baseline: Option<&Intent>) -> Finding {
    let rule = &AUTH_AMOUNT;
    let Some(base) = baseline.filter(|b| b.intent_id.is_some()) else {
        return Finding::inconclusive(rule, "no successful plain create-intent for user A to compare with");
    };
    let a = &ctx.opts.user_a;
    let extra = [("amount", serde_json::json!(1)), ("currency", serde_json::json!("usd"))];
    let answer =
        match ctx.api("create-intent with amount=1", ctx.intent_req(Some(&a.credential), &a.booking, &extra)).await {
            Ok(x) => Intent::of(&x),
            Err(e) => return Finding::inconclusive(rule, format!("create-intent with amount=1 got {e}")),
        };
    judge_amount(base, &answer)
}

/// The verdict of `auth.amount_ignored` (pure).
pub fn judge_amount(base: &Intent, answer: &Intent) -> Finding {
    let rule = &AUTH_AMOUNT;
    if answer.status == 429 {
        return Finding::inconclusive(rule, "rate limited");
    }
    if answer.intent_id.is_none() {
        // Refusing a request that carries an amount is allowed ("ignored or rejected").
        return Finding::pass(rule, format!("a body with amount=1 was refused ({})", answer.status));
    }
    let currency_changed = answer.currency.as_deref() == Some("usd") && base.currency.as_deref() != Some("usd");
    match (base.amount, answer.amount) {
        (Some(price), Some(got)) if got != price || currency_changed => Finding::fail(
            rule,
            format!(
                "amount=1, currency=usd in the body → an intent for {got} {} (the server's price: {price})",
                answer.currency.as_deref().unwrap_or("?")
            ),
        ),
        (Some(price), Some(_)) => {
            Finding::pass(rule, format!("amount=1 in the body → the server's price {price} kept"))
        }
        _ if answer.intent_id == base.intent_id => {
            Finding::pass(rule, "amount=1 in the body → the same intent as the plain request")
        }
        _ => Finding::inconclusive(rule, "the answers carry no amount to compare, and the intent changed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;

    fn ok(id: &str) -> Result<Intent, Failure> {
        Ok(Intent { status: 200, intent_id: Some(id.into()), amount: Some(100), currency: Some("eur".into()) })
    }

    #[test]
    fn one_intent_for_every_call_passes_and_two_intents_fail() {
        let race: Vec<_> = (0..11).map(|_| ok("pi_1")).collect();
        let a = ok("pi_a").unwrap();
        assert_eq!(judge_one_intent(&race, Some(&a), Some(&a)).outcome, Outcome::Pass);
        let mut raced = race.clone();
        raced[3] = ok("pi_2");
        assert_eq!(judge_one_intent(&raced, Some(&a), Some(&a)).outcome, Outcome::Fail);
        let other = ok("pi_b").unwrap();
        assert_eq!(judge_one_intent(&race, Some(&a), Some(&other)).outcome, Outcome::Fail);
    }

    #[test]
    fn a_rate_limited_race_is_inconclusive_not_a_pass() {
        let mut race: Vec<_> = (0..11).map(|_| ok("pi_1")).collect();
        race[10] = Ok(Intent { status: 429, intent_id: None, amount: None, currency: None });
        assert_eq!(judge_one_intent(&race, None, None).outcome, Outcome::Inconclusive);
    }

    #[test]
    fn a_client_amount_that_reaches_the_intent_fails_and_a_refusal_passes() {
        let base = ok("pi_1").unwrap();
        let used = Intent { amount: Some(1), currency: Some("usd".into()), ..base.clone() };
        assert_eq!(judge_amount(&base, &used).outcome, Outcome::Fail);
        assert_eq!(judge_amount(&base, &base).outcome, Outcome::Pass);
        let refused = Intent { status: 400, intent_id: None, amount: None, currency: None };
        assert_eq!(judge_amount(&base, &refused).outcome, Outcome::Pass);
    }
}
