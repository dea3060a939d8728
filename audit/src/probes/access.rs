//! Authentication and pricing of create-intent: who may ask for an intent,
//! at which price, and how many intents result (ownership is
//! [`super::ownership`]).

use super::secrets::needs_fresh;
use super::{Ctx, Intent};
use crate::finding::Finding;
use crate::rules::{AUTH_AMOUNT, AUTH_ONE_INTENT, AUTH_REQUIRED};
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

/// The amount `auth.amount_ignored` sends (minor units, in [`SENT_CURRENCY`]):
/// above Stripe's minimum charge, so a server that passes it on gets an
/// intent for it rather than Stripe's refusal.
pub const SENT_AMOUNT: i64 = 123;

/// The currency `auth.amount_ignored` sends.
pub const SENT_CURRENCY: &str = "usd";

/// Which fresh booking `auth.amount_ignored` uses.
const AMOUNT_BOOKING: usize = 2;

/// `auth.amount_ignored`: an amount and currency in the body of the request
/// that creates an intent (a booking of A's without one) change nothing.
pub async fn amount_ignored(ctx: &Ctx<'_>, baseline: Option<&Intent>) -> Finding {
    let rule = &AUTH_AMOUNT;
    let Some(booking) = ctx.fresh_booking(AMOUNT_BOOKING) else {
        return needs_fresh(rule);
    };
    let a = &ctx.opts.user_a;
    let extra = [("amount", serde_json::json!(SENT_AMOUNT)), ("currency", serde_json::json!(SENT_CURRENCY))];
    let label = format!("create-intent with amount={SENT_AMOUNT}");
    match ctx.api(&label, ctx.intent_req(Some(&a.credential), booking, &extra)).await {
        Ok(x) => judge_amount(baseline, &Intent::of(&x)),
        Err(e) => Finding::inconclusive(rule, format!("{label} got {e}")),
    }
}

/// The verdict of `auth.amount_ignored` (pure): `answer` is for a booking
/// without an intent, `base` the plain answer for A's main booking.
pub fn judge_amount(base: Option<&Intent>, answer: &Intent) -> Finding {
    let rule = &AUTH_AMOUNT;
    let sent = format!("amount={SENT_AMOUNT}, currency={SENT_CURRENCY} in the body, for a booking without an intent");
    if answer.status == 429 {
        return Finding::inconclusive(rule, "rate limited");
    }
    if answer.status >= 500 {
        return Finding::inconclusive(rule, format!("{sent} → {}: neither priced nor refused", answer.status));
    }
    if answer.intent_id.is_none() {
        // Refusing a request that carries an amount is allowed ("ignored or rejected").
        return Finding::pass(rule, format!("{sent} → {}: refused", answer.status));
    }
    let base_currency = base.and_then(|b| b.currency.as_deref());
    let currency_taken =
        answer.currency.as_deref() == Some(SENT_CURRENCY) && base_currency.is_some_and(|c| c != SENT_CURRENCY);
    let amount_taken = answer.amount == Some(SENT_AMOUNT) && base.and_then(|b| b.amount) != Some(SENT_AMOUNT);
    match answer.amount {
        _ if amount_taken || currency_taken => Finding::fail(
            rule,
            format!(
                "{sent} → an intent for {} {}: the client's price was used",
                answer.amount.map_or("?".into(), |a| a.to_string()),
                answer.currency.as_deref().unwrap_or("?")
            ),
        ),
        Some(price) => Finding::pass(rule, format!("{sent} → the booking's own price {price} kept")),
        None => Finding::inconclusive(rule, format!("{sent} → {}: the answer carries no amount", answer.summary())),
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
    fn a_client_amount_or_currency_that_reaches_the_new_intent_fails() {
        let base = ok("pi_1").unwrap();
        let used = Intent { amount: Some(SENT_AMOUNT), currency: Some("usd".into()), ..base.clone() };
        assert_eq!(judge_amount(Some(&base), &used).outcome, Outcome::Fail);
        let currency_only = Intent { currency: Some("usd".into()), ..base.clone() };
        assert_eq!(judge_amount(Some(&base), &currency_only).outcome, Outcome::Fail);
        let amount_only = Intent { amount: Some(SENT_AMOUNT), ..base.clone() };
        assert_eq!(judge_amount(None, &amount_only).outcome, Outcome::Fail);
    }

    #[test]
    fn the_bookings_own_price_or_a_refusal_passes_and_a_5xx_concludes_nothing() {
        let base = ok("pi_1").unwrap();
        let other_price = Intent { intent_id: Some("pi_2".into()), amount: Some(4_800), ..base.clone() };
        assert_eq!(judge_amount(Some(&base), &other_price).outcome, Outcome::Pass);
        let refused = Intent { status: 400, intent_id: None, amount: None, currency: None };
        assert_eq!(judge_amount(Some(&base), &refused).outcome, Outcome::Pass);
        let failed = Intent { status: 502, ..refused };
        assert_eq!(judge_amount(Some(&base), &failed).outcome, Outcome::Inconclusive);
    }
}
