//! Ownership of create-intent: user A never gets an intent for user B's
//! booking, whichever way the id is sent.
//!
//! `auth.ownership` sends B's id the documented way. `auth.ownership_aliases`
//! sends it where web frameworks also bind a value from: other field names
//! and casings, the query string, form encoding, a path segment, and a
//! repeated key, each alone and beside A's own id. A backend that checks
//! ownership on `booking_id` but loads the booking from one of those places
//! hands A the client secret of B's booking, or creates an intent for it.

use super::errors::shape;
use super::{path_segment, Ctx, Intent};
use crate::cli::BOOKING_PLACEHOLDER;
use crate::finding::Finding;
use crate::rules::{AUTH_OWNERSHIP, AUTH_OWNERSHIP_ALIASES};
use crate::target::{Answer, Failure, Req};
use reqwest::Method;
use serde_json::{json, Map, Value};

/// Other names a booking id is bound from (camel, Pascal, kebab and upper
/// case, a bare `id` or `booking`).
pub const ALIASES: [&str; 9] =
    ["bookingId", "BookingId", "bookingID", "bookingid", "booking-id", "Booking_Id", "BOOKING_ID", "booking", "id"];

/// Query parameters a booking id is bound from.
pub const QUERY: [&str; 3] = ["booking_id", "bookingId", "id"];

/// One way of sending B's id: a label for the evidence and the request.
struct Variant {
    label: String,
    req: Req,
}

/// The requests of `auth.ownership_aliases`, all as user A (pure but for
/// the options it reads): [`ALIASES`] in the body alone and beside A's
/// `booking_id`, `booking_id` twice in both orders, [`QUERY`] alone and
/// beside A's id, form-encoded alone and beside A's id, and B's id as a
/// path segment alone and beside A's id.
fn variants(ctx: &Ctx<'_>) -> Vec<Variant> {
    let a = &ctx.opts.user_a;
    let (mine, theirs) = (a.booking.as_str(), ctx.opts.user_b.booking.as_str());
    let aliased = |own: Option<&str>| {
        let mut body = Map::new();
        if let Some(own) = own {
            body.insert("booking_id".into(), json!(own));
        }
        for name in ALIASES {
            body.insert(name.into(), json!(theirs));
        }
        Value::Object(body)
    };
    let query: String = QUERY.iter().map(|q| format!("{q}={}", path_segment(theirs))).collect::<Vec<_>>().join("&");
    let form = |own: Option<&str>| {
        let mut pairs: Vec<String> = own.map(|o| format!("booking_id={}", path_segment(o))).into_iter().collect();
        pairs.extend(QUERY.iter().map(|q| format!("{q}={}", path_segment(theirs))));
        pairs.join("&").into_bytes()
    };
    let twice = |first: &str, second: &str| {
        format!("{{\"booking_id\":{},\"booking_id\":{}}}", json!(first), json!(second)).into_bytes()
    };
    // A path that names a booking already has a place for it; otherwise B's
    // id is appended as one more segment (an optional route parameter).
    let templated = ctx.opts.create_intent_path.contains(BOOKING_PLACEHOLDER);
    let own_path = ctx.intent_path(mine);
    let their_path = if templated {
        ctx.intent_path(theirs)
    } else {
        format!("{}/{}", own_path.trim_end_matches('/'), path_segment(theirs))
    };
    let post = |path: &str| Req::new(Method::POST, path).auth(&a.credential);
    let n = ALIASES.len();
    vec![
        Variant { label: format!("B's id under {n} other field names"), req: post(&own_path).json(&aliased(None)) },
        Variant {
            label: format!("A's booking_id beside B's id under {n} other field names"),
            req: post(&own_path).json(&aliased(Some(mine))),
        },
        Variant {
            label: "booking_id twice, A's then B's".into(),
            req: post(&own_path).body_as("application/json", twice(mine, theirs)),
        },
        Variant {
            label: "booking_id twice, B's then A's".into(),
            req: post(&own_path).body_as("application/json", twice(theirs, mine)),
        },
        Variant {
            label: "B's id in the query, an empty body".into(),
            req: post(&format!("{own_path}?{query}")).json(&json!({})),
        },
        Variant {
            label: "B's id in the query, A's booking_id in the body".into(),
            req: post(&format!("{own_path}?{query}")).json(&json!({ "booking_id": mine })),
        },
        Variant {
            label: "B's id form-encoded".into(),
            req: post(&own_path).body_as("application/x-www-form-urlencoded", form(None)),
        },
        Variant {
            label: "form-encoded, A's booking_id then B's id".into(),
            req: post(&own_path).body_as("application/x-www-form-urlencoded", form(Some(mine))),
        },
        Variant { label: "B's id in the path, an empty body".into(), req: post(&their_path).json(&json!({})) },
        Variant {
            label: "B's id in the path, A's booking_id in the body".into(),
            req: post(&their_path).json(&json!({ "booking_id": mine })),
        },
    ]
}

/// What one answer says about ownership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No client secret but A's own: ownership held.
    Held,
    /// A client secret that is not A's own: what it was.
    Bypass(String),
    /// No conclusion: why.
    Unknown(String),
}

/// Judges one answer (pure): `own` is the intent of A's booking, `theirs`
/// the one B's booking got in the race.
pub fn judge_variant(own: Option<&str>, theirs: Option<&str>, answer: &Intent) -> Verdict {
    match answer.intent_id.as_deref() {
        Some(id) if Some(id) == own => Verdict::Held,
        Some(id) if Some(id) == theirs => Verdict::Bypass(format!("{}: user B's intent", answer.summary())),
        Some(_) if own.is_some() => Verdict::Bypass(format!("{}: an intent that is not user A's", answer.summary())),
        Some(_) => Verdict::Unknown("a client secret, and no intent of A's to compare it with".into()),
        None if answer.status == 429 => Verdict::Unknown("rate limited".into()),
        None => Verdict::Held,
    }
}

/// `auth.ownership_aliases`: every variant, then B's booking must still
/// have the one intent it got in the race.
pub async fn aliases(ctx: &Ctx<'_>, own: Option<&str>, theirs: Option<&str>) -> Finding {
    let mut verdicts = Vec::new();
    for v in variants(ctx) {
        let verdict = match ctx.api(&format!("user A: {}", v.label), v.req).await {
            Ok(answer) => judge_variant(own, theirs, &Intent::of(&answer)),
            Err(e) => Verdict::Unknown(e.to_string()),
        };
        verdicts.push((v.label, verdict));
    }
    let tried = verdicts.len();
    let b = &ctx.opts.user_b;
    let after =
        ctx.api("create-intent (user B) after user A's", ctx.intent_req(Some(&b.credential), &b.booking, &[])).await;
    let replaced = match (theirs, &after) {
        (Some(before), Ok(answer)) => Intent::of(answer).intent_id.is_some_and(|now| now != before),
        _ => false,
    };
    if replaced {
        verdicts.push(("user B's booking afterwards".into(), Verdict::Bypass("a new intent since the race".into())));
    }
    summarise(ctx, tried, &verdicts, after.as_ref().err())
}

fn summarise(ctx: &Ctx<'_>, tried: usize, verdicts: &[(String, Verdict)], b_failed: Option<&Failure>) -> Finding {
    let rule = &AUTH_OWNERSHIP_ALIASES;
    let bypasses: Vec<String> = verdicts
        .iter()
        .filter_map(|(l, v)| match v {
            Verdict::Bypass(what) => Some(format!("{l} → {what}")),
            _ => None,
        })
        .collect();
    if !bypasses.is_empty() {
        return Finding::fail(
            rule,
            ctx.line(&format!(
                "user A sent user B's booking id another way: {} — ownership is checked on one field, the booking is found from another",
                bypasses.join("; ")
            )),
        );
    }
    let unknown: Vec<String> = verdicts
        .iter()
        .filter_map(|(l, v)| match v {
            Verdict::Unknown(why) => Some(format!("{l}: {why}")),
            _ => None,
        })
        .collect();
    if let Some(first) = unknown.first() {
        return Finding::inconclusive(
            rule,
            ctx.line(&format!("{} of {tried} without a conclusion, e.g. {first}", unknown.len())),
        );
    }
    let b = match b_failed {
        Some(e) => format!("; user B's booking not re-checked ({e})"),
        None => "; user B's booking kept its one intent".into(),
    };
    Finding::pass(
        rule,
        format!(
            "{tried} ways of sending B's id (other field names and casings, query, form, path, a repeated key; alone and beside A's id): no client secret but A's own{b}"
        ),
    )
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
pub fn code(answer: &Answer) -> Option<String> {
    let j = answer.json()?;
    let c = j.pointer("/error/code").or_else(|| j.get("code")).or_else(|| j.get("error").filter(|e| e.is_string()))?;
    c.as_str().map(|s| s.chars().take(40).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, id: Option<&str>) -> Intent {
        Intent { status, intent_id: id.map(str::to_owned), amount: None, currency: None }
    }

    #[test]
    fn a_client_secret_other_than_the_callers_own_is_a_bypass() {
        let (own, theirs) = (Some("pi_a"), Some("pi_b"));
        assert_eq!(judge_variant(own, theirs, &answer(200, Some("pi_a"))), Verdict::Held);
        assert!(matches!(judge_variant(own, theirs, &answer(200, Some("pi_b"))), Verdict::Bypass(_)));
        assert!(matches!(judge_variant(own, theirs, &answer(200, Some("pi_new"))), Verdict::Bypass(_)));
    }

    #[test]
    fn a_refusal_holds_and_a_rate_limit_or_a_missing_baseline_concludes_nothing() {
        assert_eq!(judge_variant(Some("pi_a"), None, &answer(400, None)), Verdict::Held);
        assert_eq!(judge_variant(Some("pi_a"), None, &answer(415, None)), Verdict::Held);
        assert!(matches!(judge_variant(Some("pi_a"), None, &answer(429, None)), Verdict::Unknown(_)));
        assert!(matches!(judge_variant(None, Some("pi_b"), &answer(200, Some("pi_x"))), Verdict::Unknown(_)));
        assert!(matches!(judge_variant(None, Some("pi_b"), &answer(200, Some("pi_b"))), Verdict::Bypass(_)));
    }
}
