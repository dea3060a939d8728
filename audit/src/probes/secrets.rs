//! Secret injection: does a key sent by the client reach Stripe?
//!
//! The audit injects a syntactically valid `sk_test_…` key that no Stripe
//! account has. A server that ignores it answers exactly as without it; a
//! server that builds its Stripe client from it gets Stripe's 401 and fails.
//! The first injected request is the first create-intent call for user A's
//! booking, so even a server that later reuses a stored intent without
//! calling Stripe is caught while it still has to create one.

use super::{Ctx, Intent};
use crate::finding::Finding;
use crate::rules::{SECRET_FIELDS, SECRET_HEADERS};
use crate::target::Failure;

/// Headers a careless server reads a Stripe key from; the value is the key,
/// or `Bearer <key>` for the authorization-style one.
pub const KEY_HEADERS: [(&str, bool); 6] = [
    ("x-stripe-secret-key", false),
    ("x-stripe-key", false),
    ("stripe-key", false),
    ("stripe-secret-key", false),
    ("x-stripe-api-key", false),
    ("x-stripe-authorization", true),
];

/// Body fields a careless server reads a Stripe key from.
pub const KEY_FIELDS: [&str; 6] =
    ["stripe_secret_key", "stripeSecretKey", "secret_key", "secretKey", "stripe_key", "apiKey"];

/// Whether `variant` is answered as `baseline` was: same status and, for a
/// success, a client secret for the same amount.
pub fn same_answer(baseline: &Intent, variant: &Intent) -> bool {
    baseline.status == variant.status
        && (!(200..300).contains(&baseline.status)
            || (variant.intent_id.is_some() && variant.amount == baseline.amount))
}

/// Runs both secret rules; returns the findings and the plain answer for
/// user A's booking (the baseline later probes compare with).
pub async fn run(ctx: &Ctx<'_>) -> (Vec<Finding>, Option<Intent>) {
    let a = &ctx.opts.user_a;
    let key = ctx.fake_key.clone();
    let send_header = |name: &'static str, bearer: bool| {
        let value = if bearer { format!("Bearer {key}") } else { key.clone() };
        let req = ctx.intent_req(Some(&a.credential), &a.booking, &[]).header(name, &value);
        async move { (name, ctx.api(&format!("create-intent with {name}"), req).await.map(|x| Intent::of(&x))) }
    };
    let mut header_answers = vec![send_header(KEY_HEADERS[0].0, KEY_HEADERS[0].1).await];
    let baseline = match ctx.api("create-intent (user A)", ctx.intent_req(Some(&a.credential), &a.booking, &[])).await {
        Ok(answer) => Intent::of(&answer),
        Err(e) => {
            let why = format!("the plain create-intent for user A's booking got {e}");
            return (
                vec![Finding::inconclusive(&SECRET_HEADERS, &why), Finding::inconclusive(&SECRET_FIELDS, &why)],
                None,
            );
        }
    };
    if !(200..300).contains(&baseline.status) || baseline.intent_id.is_none() {
        let why = ctx.line(&format!(
            "the plain create-intent for user A's booking answered {}, not a client secret: check A's credentials and booking",
            baseline.status
        ));
        return (
            vec![Finding::inconclusive(&SECRET_HEADERS, &why), Finding::inconclusive(&SECRET_FIELDS, &why)],
            Some(baseline),
        );
    }
    for (name, bearer) in &KEY_HEADERS[1..] {
        header_answers.push(send_header(name, *bearer).await);
    }
    let headers = judge(
        ctx,
        &SECRET_HEADERS,
        &baseline,
        header_answers,
        &format!("{} key headers, one request each,", KEY_HEADERS.len()),
    );
    let fields: Vec<(&str, serde_json::Value)> =
        KEY_FIELDS.iter().map(|f| (*f, serde_json::Value::String(key.clone()))).collect();
    let req = ctx.intent_req(Some(&a.credential), &a.booking, &fields);
    let field_answer = ctx.api("create-intent with key fields", req).await.map(|x| Intent::of(&x));
    let fields = judge(
        ctx,
        &SECRET_FIELDS,
        &baseline,
        vec![("key fields", field_answer)],
        &format!("{} key fields in one body", KEY_FIELDS.len()),
    );
    (vec![headers, fields], Some(baseline))
}

fn judge(
    ctx: &Ctx<'_>,
    rule: &'static crate::rules::Rule,
    baseline: &Intent,
    answers: Vec<(&str, Result<Intent, Failure>)>,
    what: &str,
) -> Finding {
    let mut differing = Vec::new();
    let mut unknown = Vec::new();
    for (name, answer) in &answers {
        match answer {
            Ok(i) if i.status == 429 => unknown.push(format!("{name}: rate limited")),
            Ok(i) if !same_answer(baseline, i) => differing.push(format!("{name} → {}", i.summary())),
            Ok(_) => {}
            Err(e) => unknown.push(format!("{name}: {e}")),
        }
    }
    let plain = baseline.summary();
    if !differing.is_empty() {
        return Finding::fail(
            rule,
            ctx.line(&format!(
                "an unusable sk_test_ key changed the answer: {} (without it: {plain}) — the server hands client keys to Stripe",
                differing.join("; ")
            )),
        );
    }
    if !unknown.is_empty() {
        return Finding::inconclusive(rule, ctx.line(&unknown.join("; ")));
    }
    Finding::pass(rule, format!("{what} with an unusable sk_test_ key: answered {plain}, like the plain request"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(status: u16, id: Option<&str>, amount: Option<i64>) -> Intent {
        Intent { status, intent_id: id.map(str::to_owned), amount, currency: None }
    }

    #[test]
    fn the_same_success_for_the_same_amount_is_the_same_answer_even_for_a_new_intent() {
        let base = intent(200, Some("pi_1"), Some(100));
        assert!(same_answer(&base, &intent(200, Some("pi_1"), Some(100))));
        assert!(same_answer(&base, &intent(200, Some("pi_2"), Some(100))), "a new intent is not key use");
    }

    #[test]
    fn a_failure_where_the_plain_request_succeeds_is_a_different_answer() {
        let base = intent(200, Some("pi_1"), Some(100));
        assert!(!same_answer(&base, &intent(502, None, None)), "Stripe refused the injected key");
        assert!(!same_answer(&base, &intent(500, None, None)));
        assert!(!same_answer(&base, &intent(200, None, None)), "a success without a client secret");
    }
}
