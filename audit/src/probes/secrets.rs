//! Secret injection: does a key sent by the client reach Stripe?
//!
//! The audit injects a syntactically valid `sk_test_…` key that no Stripe
//! account has. A server that ignores it answers as it does without it; a
//! server that builds its Stripe client from it gets Stripe's 401 and fails.
//! A server may read the key only when it creates an intent and reuse a
//! stored one afterwards, so each rule sends its key to a booking of user A
//! that has no intent yet (`--a-fresh-bookings`): the request that carries
//! the key is the one that has to call Stripe, whatever ran before it.

use super::{Ctx, Intent};
use crate::finding::Finding;
use crate::rules::{Rule, SECRET_FIELDS, SECRET_HEADERS};
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

/// Which fresh booking each rule uses.
const HEADERS_BOOKING: usize = 0;
const FIELDS_BOOKING: usize = 1;

/// Whether `variant` is answered as `baseline` was: the same status and, for
/// a success, a client secret. Amounts are not compared: the variant is for
/// another booking, which may have another price.
pub fn same_answer(baseline: &Intent, variant: &Intent) -> bool {
    baseline.status == variant.status && (!(200..300).contains(&baseline.status) || variant.intent_id.is_some())
}

/// Runs both secret rules; returns the findings and the plain answer for
/// user A's booking (the baseline later probes compare with).
pub async fn run(ctx: &Ctx<'_>) -> (Vec<Finding>, Option<Intent>) {
    let a = &ctx.opts.user_a;
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
    let headers = headers(ctx, &baseline).await;
    let fields = fields(ctx, &baseline).await;
    (vec![headers, fields], Some(baseline))
}

/// `secret.key_headers`: all six headers in one request for a fresh booking.
async fn headers(ctx: &Ctx<'_>, baseline: &Intent) -> Finding {
    let Some(booking) = ctx.fresh_booking(HEADERS_BOOKING) else {
        return needs_fresh(&SECRET_HEADERS);
    };
    let key = &ctx.fake_key;
    let mut req = ctx.intent_req(Some(&ctx.opts.user_a.credential), booking, &[]);
    for (name, bearer) in KEY_HEADERS {
        req = req.header(name, &if bearer { format!("Bearer {key}") } else { key.clone() });
    }
    let answer = ctx.api("create-intent with key headers", req).await.map(|x| Intent::of(&x));
    judge(ctx, &SECRET_HEADERS, baseline, answer, &format!("{} key headers", KEY_HEADERS.len()))
}

/// `secret.key_fields`: all six fields in one body for another fresh booking.
async fn fields(ctx: &Ctx<'_>, baseline: &Intent) -> Finding {
    let Some(booking) = ctx.fresh_booking(FIELDS_BOOKING) else {
        return needs_fresh(&SECRET_FIELDS);
    };
    let fields: Vec<(&str, serde_json::Value)> =
        KEY_FIELDS.iter().map(|f| (*f, serde_json::Value::String(ctx.fake_key.clone()))).collect();
    let req = ctx.intent_req(Some(&ctx.opts.user_a.credential), booking, &fields);
    let answer = ctx.api("create-intent with key fields", req).await.map(|x| Intent::of(&x));
    judge(ctx, &SECRET_FIELDS, baseline, answer, &format!("{} key fields", KEY_FIELDS.len()))
}

/// The row of a creation probe run without `--a-fresh-bookings`: a pass
/// there could only mean an earlier request had already created the intent.
pub fn needs_fresh(rule: &'static Rule) -> Finding {
    Finding::inconclusive(
        rule,
        format!(
            "needs --a-fresh-bookings: {} bookings of user A without a PaymentIntent, so the probe's request is the one that creates it",
            crate::cli::FRESH_BOOKINGS
        ),
    )
}

fn judge(
    ctx: &Ctx<'_>,
    rule: &'static Rule,
    baseline: &Intent,
    answer: Result<Intent, Failure>,
    what: &str,
) -> Finding {
    let plain = baseline.summary();
    match answer {
        Ok(i) if i.status == 429 => Finding::inconclusive(rule, format!("{what}: rate limited")),
        Ok(i) if !same_answer(baseline, &i) => Finding::fail(
            rule,
            ctx.line(&format!(
                "{what} with an unusable sk_test_ key, for a booking without an intent → {} (the plain request: {plain}) — the server hands client keys to Stripe",
                i.summary()
            )),
        ),
        Ok(i) => Finding::pass(
            rule,
            format!(
                "{what} in one request with an unusable sk_test_ key, for a booking without an intent → {}, like the plain request",
                i.summary()
            ),
        ),
        Err(e) => Finding::inconclusive(rule, ctx.line(&format!("{what}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(status: u16, id: Option<&str>, amount: Option<i64>) -> Intent {
        Intent { status, intent_id: id.map(str::to_owned), amount, currency: None }
    }

    #[test]
    fn a_success_with_a_client_secret_is_the_same_answer_whatever_the_intent_and_price() {
        let base = intent(200, Some("pi_1"), Some(100));
        assert!(same_answer(&base, &intent(200, Some("pi_1"), Some(100))));
        assert!(same_answer(&base, &intent(200, Some("pi_2"), Some(4_800))), "another booking, another price");
    }

    #[test]
    fn a_failure_where_the_plain_request_succeeds_is_a_different_answer() {
        let base = intent(200, Some("pi_1"), Some(100));
        assert!(!same_answer(&base, &intent(502, None, None)), "Stripe refused the injected key");
        assert!(!same_answer(&base, &intent(500, None, None)));
        assert!(!same_answer(&base, &intent(200, None, None)), "a success without a client secret");
    }
}
