//! Error disclosure: bad input to create-intent gets one generic error
//! shape without validation internals, and no API answer of the whole run
//! carries stack traces, SQL, hosts, Stripe objects or secrets.

use super::{Ctx, Seen};
use crate::finding::Finding;
use crate::rules::{ERRORS_GENERIC, ERRORS_LEAKS};
use crate::scan;
use crate::target::{Answer, Req};
use reqwest::Method;
use serde_json::Value;

/// Size of the oversized body (bounded: sent once).
pub const HUGE: usize = 1024 * 1024;

/// The JSON skeleton of an answer: keys and value kinds, no values.
pub fn shape(answer: &Answer) -> String {
    match answer.json() {
        Some(v) => skeleton(&v),
        None if answer.bytes.is_empty() => "(empty body)".into(),
        None => format!("(not JSON: {})", answer.header("content-type").unwrap_or("no content type")),
    }
}

fn skeleton(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{}", skeleton(v))).collect();
            keys.sort();
            format!("{{{}}}", keys.join(","))
        }
        Value::Array(a) => format!("[{}]", a.first().map(skeleton).unwrap_or_default()),
        Value::String(_) => "s".into(),
        Value::Number(_) => "n".into(),
        Value::Bool(_) => "b".into(),
        Value::Null => "null".into(),
    }
}

/// Sends the bad inputs as user A; returns their labels.
pub async fn send_bad_inputs(ctx: &Ctx<'_>) -> Vec<&'static str> {
    let a = &ctx.opts.user_a;
    let path = &ctx.intent_path(&a.booking);
    let json = |body: &str| {
        Req::new(Method::POST, path).auth(&a.credential).body_as("application/json", body.as_bytes().to_vec())
    };
    let huge = serde_json::json!({ "booking_id": a.booking, "padding": "x".repeat(HUGE) }).to_string();
    let valid = serde_json::json!({ "booking_id": a.booking }).to_string();
    let form =
        format!("booking_id={}", a.booking.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-', ""));
    let cases: Vec<(&'static str, Req)> = vec![
        ("malformed JSON", json(r#"{"booking_id":"#)),
        ("booking_id as a number", json(r#"{"booking_id":12345}"#)),
        ("booking_id null", json(r#"{"booking_id":null}"#)),
        ("booking_id as an array", json(r#"{"booking_id":["x"]}"#)),
        ("no booking_id", json("{}")),
        ("a JSON array body", json("[]")),
        ("a 1 MiB body", json(&huge)),
        (
            "a text/plain body",
            Req::new(Method::POST, path).auth(&a.credential).body_as("text/plain", valid.into_bytes()),
        ),
        (
            "a form-encoded body",
            Req::new(Method::POST, path)
                .auth(&a.credential)
                .body_as("application/x-www-form-urlencoded", form.into_bytes()),
        ),
    ];
    let mut labels = Vec::new();
    for (label, req) in cases {
        // A transport failure (e.g. the server closes on the huge body) is no answer to judge.
        let _ = ctx.api(label, req).await;
        labels.push(label);
    }
    labels
}

/// `errors.generic_shape` over the bad-input answers and every other 4xx seen.
pub fn judge_generic(seen: &[Seen], bad_labels: &[&str]) -> Finding {
    let rule = &ERRORS_GENERIC;
    let bad: Vec<&Seen> = seen.iter().filter(|s| bad_labels.contains(&s.label.as_str())).collect();
    if bad.is_empty() {
        return Finding::inconclusive(rule, "no answer to any bad input");
    }
    let mut problems = Vec::new();
    let server_errors: Vec<String> =
        bad.iter().filter(|s| s.answer.status >= 500).map(|s| format!("{} → {}", s.label, s.answer.status)).collect();
    problems.extend(server_errors);
    let mut internals: Vec<&str> = Vec::new();
    let mut carrying = Vec::new();
    for s in bad.iter().filter(|s| !s.answer.ok()) {
        let found = scan::matches(scan::validation_internals(), &s.answer.text());
        if !found.is_empty() {
            carrying.push(format!("{} ({})", s.label, s.answer.status));
            internals.extend(found.into_iter().filter(|f| !internals.contains(f)).collect::<Vec<_>>());
        }
    }
    if !carrying.is_empty() {
        problems.push(format!(
            "{} of {} bad inputs answered with {} — e.g. {}",
            carrying.len(),
            bad.len(),
            internals.join(", "),
            carrying[0]
        ));
    }
    let errors: Vec<&Seen> =
        seen.iter().filter(|s| (400..500).contains(&s.answer.status) && s.answer.status != 429).collect();
    let mut shapes: Vec<(String, &str)> = Vec::new();
    for s in &errors {
        let sh = shape(&s.answer);
        if shapes.iter().all(|(k, _)| *k != sh) {
            shapes.push((sh, &s.label));
        }
    }
    if shapes.len() > 1 {
        let list: Vec<String> = shapes.iter().take(3).map(|(sh, l)| format!("{sh} ({l})")).collect();
        problems.push(format!("{} error shapes: {}", shapes.len(), list.join(" vs ")));
    }
    let unanswered: Vec<&str> = bad_labels.iter().filter(|l| bad.iter().all(|s| s.label != **l)).copied().collect();
    let closed = if unanswered.is_empty() {
        String::new()
    } else {
        format!(" (connection closed without an answer: {})", unanswered.join(", "))
    };
    if problems.is_empty() {
        let only = shapes.first().map_or("-".to_owned(), |(s, _)| s.clone());
        return Finding::pass(
            rule,
            format!(
                "{} bad inputs answered, {} error answers in the run, one shape {only}, no internals{closed}",
                bad.len(),
                errors.len()
            ),
        );
    }
    Finding::fail(rule, problems.join("; "))
}

/// `errors.no_leaks` over every API answer of the run.
pub fn judge_leaks(seen: &[Seen]) -> Finding {
    let rule = &ERRORS_LEAKS;
    let mut problems: Vec<String> = Vec::new();
    for s in seen {
        let found = scan::matches(scan::leaks(), &s.answer.text());
        if !found.is_empty() {
            problems.push(format!("{} → {}: {}", s.label, s.answer.status, found.join(", ")));
        }
    }
    if seen.is_empty() {
        return Finding::inconclusive(rule, "no API answer was seen");
    }
    if problems.is_empty() {
        return Finding::pass(rule, format!("{} API answers scanned: nothing found", seen.len()));
    }
    let more = if problems.len() > 2 { format!(" (+{} more)", problems.len() - 2) } else { String::new() };
    Finding::fail(rule, format!("{}{more}", problems[..problems.len().min(2)].join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;
    use reqwest::header::HeaderMap;

    fn seen(label: &str, status: u16, body: &str) -> Seen {
        Seen {
            label: label.into(),
            answer: Answer { status, headers: HeaderMap::new(), bytes: body.as_bytes().to_vec() },
        }
    }

    const GENERIC: &str =
        r#"{"error":{"code":"invalid_request","message":"The request is not valid."},"request_id":"ab"}"#;
    const UNAUTH: &str =
        r#"{"error":{"code":"unauthenticated","message":"Authentication required."},"request_id":"cd"}"#;

    #[test]
    fn the_skeleton_keeps_keys_and_kinds_but_not_values() {
        let a = seen("x", 400, GENERIC);
        let b = seen("y", 401, UNAUTH);
        assert_eq!(shape(&a.answer), shape(&b.answer));
        assert_eq!(shape(&a.answer), "{error:{code:s,message:s},request_id:s}");
    }

    #[test]
    fn one_generic_shape_for_every_error_passes() {
        let all =
            [seen("malformed JSON", 422, GENERIC), seen("no credentials", 401, UNAUTH), seen("ok", 200, "{\"a\":1}")];
        assert_eq!(judge_generic(&all, &["malformed JSON"]).outcome, Outcome::Pass);
    }

    #[test]
    fn validation_details_in_an_error_fail_with_the_pattern_names() {
        let zod = r#"{"error":{"code":"invalid_request","message":"Invalid"},"details":{"name":"ZodError","issues":[{"path":["booking_id"]}]}}"#;
        let all = [seen("no booking_id", 400, zod), seen("no credentials", 401, UNAUTH)];
        let f = judge_generic(&all, &["no booking_id"]);
        assert_eq!(f.outcome, Outcome::Fail);
        assert!(f.evidence.contains("1 of 1 bad inputs answered with ZodError"), "{}", f.evidence);
        assert!(f.evidence.contains("2 error shapes"), "{}", f.evidence);
    }

    #[test]
    fn a_server_error_for_bad_input_fails() {
        let all = [seen("malformed JSON", 500, GENERIC)];
        assert_eq!(judge_generic(&all, &["malformed JSON"]).outcome, Outcome::Fail);
    }

    #[test]
    fn leaks_are_reported_by_request_and_pattern_name_only() {
        let all =
            [seen("a 1 MiB body", 500, "Error: too big\n    at parse (/srv/app/server.js:1:2)"), seen("ok", 200, "{}")];
        let f = judge_leaks(&all);
        assert_eq!(f.outcome, Outcome::Fail);
        assert!(f.evidence.starts_with("a 1 MiB body → 500: stack trace"), "{}", f.evidence);
        assert!(!f.evidence.contains("/srv/app"));
        assert_eq!(judge_leaks(&all[1..]).outcome, Outcome::Pass);
    }
}
