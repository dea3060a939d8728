//! After checkout: who may cancel a booking and move money, by how much,
//! and how often.
//!
//! `refund.amount_ignored` and `cancel.once` cancel paid bookings of user
//! A's (`--a-paid-bookings`, new for every run): one with a refund amount in
//! the body and the query, one with concurrent and repeated cancels; the
//! answers and user A's payment history say what was refunded. Their
//! answers also show whether the cancel route exists, which
//! `cancel.ownership` needs to tell "refused" from "no such route" when
//! user A cancels user B's booking. `staff.guest_refused` sends user A's
//! guest credentials to every staff route of A's own booking; the staff
//! token (`--staff-token`), if given, is used for one read that shows the
//! staff routes exist. Every state check reads the owner's own booking and
//! history, before and after, with the owner's credentials.

use super::errors::shape;
use super::ownership::code;
use super::Ctx;
use crate::cli::{Credential, PAID_BOOKINGS};
use crate::finding::Finding;
use crate::rules::{Rule, CANCEL_ONCE, CANCEL_OWNERSHIP, REFUND_AMOUNT, STAFF_GUEST};
use crate::target::{Answer, Failure, Req};
use reqwest::Method;
use serde_json::{json, Value};

/// The refund amount `refund.amount_ignored` asks for (minor units): no
/// cancellation policy refunds exactly one cent, so a refund of it came
/// from the request.
pub const SENT_REFUND: i64 = 1;

/// Concurrent cancels of one booking in `cancel.once` (then one more).
pub const CONCURRENT_CANCELS: usize = 5;

/// The staff routes a guest is sent to: action, method and body.
pub const STAFF_ACTIONS: [(&str, &str); 5] =
    [("capture", "{}"), ("release", "{}"), ("charge", r#"{"kind":"no_show"}"#), ("refund", "{}"), ("evidence", "")];

/// A booking as its owner sees it, before or after a probe: its status
/// and its movements in the owner's payment history (`None`: not readable).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The booking's `status`.
    pub status: Option<String>,
    /// The history's items for the booking.
    pub movements: Option<Vec<Value>>,
}

impl Snapshot {
    /// Whether both halves could be read.
    pub fn readable(&self) -> bool {
        self.status.is_some() && self.movements.is_some()
    }

    /// What changed from `self` to `after`, if both are readable.
    pub fn change(&self, after: &Snapshot) -> Option<String> {
        if !self.readable() || !after.readable() || self == after {
            return None;
        }
        if self.status != after.status {
            return Some(format!(
                "status {} → {}",
                self.status.as_deref().unwrap_or("?"),
                after.status.as_deref().unwrap_or("?")
            ));
        }
        let n = |s: &Snapshot| s.movements.as_ref().map_or(0, Vec::len);
        Some(format!("its payment history changed ({} → {} movements)", n(self), n(after)))
    }
}

/// The items of a payment history answer (a top-level array, or `items`,
/// `data`, `payments`, `movements` or `history`) that belong to `booking`.
pub fn movements(history: &Value, booking: &str) -> Option<Vec<Value>> {
    let items = match history {
        Value::Array(a) => a,
        _ => ["items", "data", "payments", "movements", "history"].iter().find_map(|k| history.get(*k)?.as_array())?,
    };
    let of = |i: &Value| {
        ["booking_id", "bookingId", "booking"].iter().find_map(|k| i.get(*k).and_then(Value::as_str).map(str::to_owned))
    };
    Some(items.iter().filter(|i| of(i).as_deref() == Some(booking)).cloned().collect())
}

/// The amounts of the refund movements among `items` (`movement`, `type`,
/// `kind` or `object` naming a refund).
pub fn refunds(items: &[Value]) -> Vec<i64> {
    items
        .iter()
        .filter(|i| {
            ["movement", "type", "kind", "object"]
                .iter()
                .any(|k| i.get(*k).and_then(Value::as_str).is_some_and(|v| v.to_ascii_lowercase().contains("refund")))
        })
        .map(|i| i.get("amount").and_then(Value::as_i64).unwrap_or(0))
        .collect()
}

/// What a cancel answer says was refunded (`refunded`, `refund_amount`,
/// `refunded_amount`, `amount_refunded` or `refund.amount`).
pub fn refunded(answer: &Value) -> Option<i64> {
    ["refunded", "refund_amount", "refunded_amount", "amount_refunded"]
        .iter()
        .find_map(|k| answer.get(*k).and_then(Value::as_i64))
        .or_else(|| answer.pointer("/refund/amount").and_then(Value::as_i64))
}

/// Whether an answer shows the route exists (anything but 404, 405 or 501).
fn route_exists(status: u16) -> bool {
    !matches!(status, 404 | 405 | 501)
}

fn needs_paid(rule: &'static Rule) -> Finding {
    Finding::inconclusive(
        rule,
        format!(
            "needs --a-paid-bookings: {PAID_BOOKINGS} paid bookings of user A's, new for every run, for the probe to cancel"
        ),
    )
}

impl Ctx<'_> {
    /// A cancel of `booking` as `who`, with a JSON `body` and a `query` (`""` or `?…`).
    fn cancel_req(&self, who: &Credential, booking: &str, body: &Value, query: &str) -> Req {
        let path = format!("{}{query}", self.fill(&self.opts.cancel_path, booking, ""));
        Req::new(Method::POST, &path).auth(who).json(body)
    }

    /// The owner's history, as JSON, if it answered 2xx.
    async fn history(&self, label: &str, who: &Credential) -> Option<Value> {
        let answer = self.api(label, Req::new(Method::GET, &self.opts.history_path).auth(who)).await.ok()?;
        answer.ok().then(|| answer.json()).flatten()
    }

    /// The owner's view of `booking` (2 requests: the booking, the history).
    async fn snapshot(&self, label: &str, who: &Credential, booking: &str) -> Snapshot {
        let path = self.fill(&self.opts.booking_path, booking, "");
        let answer = self.api(&format!("booking ({label})"), Req::new(Method::GET, &path).auth(who)).await;
        let status = answer
            .ok()
            .filter(Answer::ok)
            .and_then(|a| a.json())
            .and_then(|j| j.get("status").or_else(|| j.pointer("/booking/status")).cloned())
            .and_then(|s| s.as_str().map(str::to_owned));
        let history = self.history(&format!("payment history ({label})"), who).await;
        Snapshot { status, movements: history.and_then(|h| movements(&h, booking)) }
    }
}

/// `refund.amount_ignored`: a cancel of a paid booking with `amount` and
/// `refund_amount` in the body and the query refunds the policy's amount.
/// Also returns whether the cancel route showed it exists (`None`: not tried).
pub async fn refund_amount(ctx: &Ctx<'_>) -> (Finding, Option<bool>) {
    let rule = &REFUND_AMOUNT;
    let Some(booking) = ctx.paid_booking(0) else { return (needs_paid(rule), None) };
    let a = &ctx.opts.user_a.credential;
    let path = ctx.fill(&ctx.opts.booking_path, booking, "");
    let before = ctx.api("booking (user A, paid)", Req::new(Method::GET, &path).auth(a)).await;
    let price = before.ok().filter(Answer::ok).and_then(|x| x.json()).and_then(|j| j.get("amount")?.as_i64());
    let body = json!({ "amount": SENT_REFUND, "refund_amount": SENT_REFUND });
    let query = format!("?amount={SENT_REFUND}&refund_amount={SENT_REFUND}");
    let label = format!("cancel with amount={SENT_REFUND} (user A)");
    let answer = match ctx.api(&label, ctx.cancel_req(a, booking, &body, &query)).await {
        Ok(x) => x,
        Err(e) => return (Finding::inconclusive(rule, format!("{label} got {e}")), None),
    };
    let history = match answer.ok() {
        true => ctx.history("payment history (user A) after the cancel", a).await,
        false => None,
    };
    let made = history.and_then(|h| movements(&h, booking)).map(|m| refunds(&m));
    let said = answer.json().as_ref().and_then(refunded);
    (judge_refund(answer.status, said, made.as_deref(), price), Some(route_exists(answer.status)))
}

/// The verdict of `refund.amount_ignored` (pure): the cancel's status and
/// refund, the refunds the history lists for the booking, the booking's price.
pub fn judge_refund(status: u16, said: Option<i64>, made: Option<&[i64]>, price: Option<i64>) -> Finding {
    let rule = &REFUND_AMOUNT;
    let asked = format!("amount={SENT_REFUND}, refund_amount={SENT_REFUND} in the body and the query");
    match status {
        200..=299 => {}
        400 | 415 | 422 => return Finding::pass(rule, format!("a cancel with {asked} → {status}: refused")),
        429 => return Finding::inconclusive(rule, "the cancel was rate limited"),
        404 | 405 | 501 => {
            return Finding::inconclusive(
                rule,
                format!("user A's cancel of a paid booking → {status}: no cancel route? check --cancel-path and --a-paid-bookings"),
            )
        }
        s => return Finding::inconclusive(rule, format!("user A's cancel of a paid booking → {s}, no refund to judge")),
    }
    let made_list = made.map(|m| m.iter().map(i64::to_string).collect::<Vec<_>>().join(", "));
    if said == Some(SENT_REFUND) || made.is_some_and(|m| m.contains(&SENT_REFUND)) {
        return Finding::fail(
            rule,
            format!(
                "a cancel with {asked} → {status}, refunded {} (history: {}): the refund was taken from the request",
                said.map_or("?".into(), |s| s.to_string()),
                made_list.as_deref().unwrap_or("not readable")
            ),
        );
    }
    let total: i64 = made.map_or(0, |m| m.iter().sum());
    if let Some(p) = price.filter(|p| total > *p) {
        return Finding::fail(rule, format!("the history lists refunds of {total} for a booking priced {p}"));
    }
    match (said, made) {
        (_, None) => Finding::inconclusive(rule, "the payment history could not be read: check --history-path"),
        (Some(s), Some([])) if s > 0 => {
            Finding::inconclusive(rule, format!("the cancel says {s} refunded, the history lists no refund"))
        }
        (_, Some([])) => Finding::inconclusive(
            rule,
            "no refund to compare (is the --a-paid-bookings booking paid, and does its policy refund anything?)",
        ),
        (_, Some(m)) => {
            let history = match m {
                [one] => format!("one refund of {one}"),
                _ => format!("refunds of {}", made_list.unwrap_or_default()),
            };
            let of = price.map(|p| format!(", for a price of {p}")).unwrap_or_default();
            let said = said.map_or("?".into(), |s| s.to_string());
            Finding::pass(
                rule,
                format!("a cancel with {asked} → {status}: refunded {said} (the history: {history}{of}), not the request's {SENT_REFUND}"),
            )
        }
    }
}

/// One cancel's answer as `cancel.once` compares it: status and refund, or why none came.
pub type CancelAnswer = Result<(u16, Option<i64>), String>;

/// `cancel.once`: [`CONCURRENT_CANCELS`] concurrent cancels of a paid
/// booking, then one more; the history must list one refund. Also returns
/// whether the cancel route showed it exists.
pub async fn cancel_once(ctx: &Ctx<'_>) -> (Finding, Option<bool>) {
    let rule = &CANCEL_ONCE;
    let Some(booking) = ctx.paid_booking(1) else { return (needs_paid(rule), None) };
    let a = &ctx.opts.user_a.credential;
    let body = json!({});
    let calls =
        (0..CONCURRENT_CANCELS).map(|_| ctx.api("concurrent cancel (user A)", ctx.cancel_req(a, booking, &body, "")));
    let mut answers: Vec<Result<Answer, Failure>> = futures::future::join_all(calls).await;
    answers.push(ctx.api("repeated cancel (user A)", ctx.cancel_req(a, booking, &body, "")).await);
    let route = answers.iter().filter_map(|r| r.as_ref().ok()).any(|x| route_exists(x.status));
    let history = ctx.history("payment history (user A) after the cancels", a).await;
    let made = history.and_then(|h| movements(&h, booking)).map(|m| refunds(&m));
    let answers: Vec<CancelAnswer> = answers
        .iter()
        .map(|r| match r {
            Ok(x) => Ok((x.status, x.json().as_ref().and_then(refunded))),
            Err(e) => Err(e.to_string()),
        })
        .collect();
    (judge_once(&answers, made.as_deref()), Some(route))
}

/// The verdict of `cancel.once` (pure): every cancel's answer, and the
/// refunds the history lists for the booking afterwards.
pub fn judge_once(answers: &[CancelAnswer], made: Option<&[i64]>) -> Finding {
    let rule = &CANCEL_ONCE;
    let n = answers.len();
    let mut statuses: Vec<(u16, usize)> = Vec::new();
    for (s, _) in answers.iter().filter_map(|r| r.as_ref().ok()) {
        match statuses.iter_mut().find(|(t, _)| t == s) {
            Some((_, c)) => *c += 1,
            None => statuses.push((*s, 1)),
        }
    }
    let statuses = statuses.iter().map(|(s, c)| format!("{s}×{c}")).collect::<Vec<_>>().join(", ");
    let tried =
        format!("{} concurrent + {} repeated cancels", CONCURRENT_CANCELS, n.saturating_sub(CONCURRENT_CANCELS));
    if let Some(m) = made.filter(|m| m.len() > 1) {
        let list = m.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        return Finding::fail(
            rule,
            format!("{tried} of one booking ({statuses}): the history lists {} refunds ({list})", m.len()),
        );
    }
    let oks: Vec<Option<i64>> = answers
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter(|(s, _)| (200..300).contains(s))
        .map(|(_, r)| *r)
        .collect();
    let mut amounts = oks.clone();
    amounts.sort_unstable();
    amounts.dedup();
    if amounts.len() > 1 {
        let list = amounts.iter().map(|a| a.map_or("?".into(), |a| a.to_string())).collect::<Vec<_>>().join(" vs ");
        return Finding::fail(rule, format!("{tried} ({statuses}): the answers disagree on the refund: {list}"));
    }
    let server_errors = answers.iter().filter_map(|r| r.as_ref().ok()).any(|(s, _)| *s >= 500);
    if !oks.is_empty() && server_errors {
        return Finding::fail(
            rule,
            format!("{tried} ({statuses}): the answers disagree, some cancels failed where another succeeded"),
        );
    }
    if let Some(e) = answers.iter().find_map(|r| r.as_ref().err()) {
        return Finding::inconclusive(rule, format!("a cancel got {e}"));
    }
    if answers.iter().any(|r| matches!(r, Ok((429, _)))) {
        return Finding::inconclusive(rule, format!("rate limited ({statuses})"));
    }
    let Some(refund) = oks.first() else {
        return Finding::inconclusive(rule, format!("no cancel of the paid booking succeeded ({statuses})"));
    };
    let refund = refund.map_or("?".into(), |r| r.to_string());
    match made {
        None => Finding::inconclusive(rule, "the payment history could not be read: check --history-path"),
        Some([]) => Finding::inconclusive(
            rule,
            format!("{tried} ({statuses}, refunded {refund}): the history lists no refund (is the booking paid?)"),
        ),
        Some(m) => Finding::pass(
            rule,
            format!("{tried} of one booking ({statuses}), each answer refunded {refund}: the history lists one refund of {}", m[0]),
        ),
    }
}

/// `cancel.ownership`: user A's cancel of user B's booking is answered
/// like an unknown booking, and B's booking and history do not change.
/// `route`: whether A's own cancels showed the cancel route exists.
pub async fn cancel_ownership(ctx: &Ctx<'_>, route: Option<bool>) -> Finding {
    let (a, b) = (&ctx.opts.user_a.credential, &ctx.opts.user_b);
    let before = ctx.snapshot("user B, before user A's cancel", &b.credential, &b.booking).await;
    let theirs = ctx.api("cancel: user A on user B's booking", ctx.cancel_req(a, &b.booking, &json!({}), "")).await;
    let unknown_id = format!("bk_audit_unknown_{:016x}", rand::random::<u64>());
    let unknown = ctx.api("cancel: user A on an unknown booking", ctx.cancel_req(a, &unknown_id, &json!({}), "")).await;
    let after = ctx.snapshot("user B, after user A's cancel", &b.credential, &b.booking).await;
    judge_cancel_ownership(theirs.as_ref(), unknown.as_ref(), &before, &after, route)
}

/// The verdict of `cancel.ownership` (pure).
pub fn judge_cancel_ownership(
    theirs: Result<&Answer, &Failure>,
    unknown: Result<&Answer, &Failure>,
    before: &Snapshot,
    after: &Snapshot,
    route: Option<bool>,
) -> Finding {
    let rule = &CANCEL_OWNERSHIP;
    if let Some(t) = theirs.ok().filter(|t| t.ok()) {
        return Finding::fail(
            rule,
            format!("user A's cancel of user B's booking → {}: ownership is not checked", t.status),
        );
    }
    if let Some(change) = before.change(after) {
        return Finding::fail(
            rule,
            format!("after user A's cancel of user B's booking, B's booking changed: {change}"),
        );
    }
    let (t, u) = match (theirs, unknown) {
        (Ok(t), Ok(u)) => (t, u),
        (Err(e), _) | (_, Err(e)) => return Finding::inconclusive(rule, format!("no answer to compare ({e})")),
    };
    if t.status == 429 || u.status == 429 {
        return Finding::inconclusive(rule, "rate limited");
    }
    if t.status != u.status || shape(t) != shape(u) || code(t) != code(u) {
        return Finding::fail(
            rule,
            format!(
                "user A's cancel of user B's booking → {}{}, of an unknown booking → {}{}: the answer tells that the booking exists",
                t.status,
                code(t).map(|c| format!(" ({c})")).unwrap_or_default(),
                u.status,
                code(u).map(|c| format!(" ({c})")).unwrap_or_default(),
            ),
        );
    }
    if !before.readable() || !after.readable() {
        return Finding::inconclusive(
            rule,
            "user B's booking and history could not be read as user B: check --booking-path and --history-path",
        );
    }
    if route != Some(true) {
        return Finding::inconclusive(
            rule,
            format!(
                "user A's cancel of user B's booking → {}, like an unknown booking, but the cancel route was not shown to exist (user A's own cancels: {})",
                t.status,
                match route {
                    Some(_) => "404, check --cancel-path",
                    None => "not tried, needs --a-paid-bookings",
                }
            ),
        );
    }
    let conventional = if t.status == 404 { "" } else { " (404 is conventional)" };
    Finding::pass(
        rule,
        format!(
            "user A's cancel of user B's booking → {}, the same answer as an unknown booking{conventional}; B's booking and history unchanged",
            t.status
        ),
    )
}

/// One staff route's answer to a guest: status, or why none came.
pub type StaffAnswer = (&'static str, Result<u16, String>);

/// `staff.guest_refused`: user A's guest credentials on every staff route
/// of A's own booking are refused, and the booking does not change.
pub async fn staff_guest(ctx: &Ctx<'_>) -> Finding {
    let a = &ctx.opts.user_a;
    let path = |action: &str| ctx.fill(&ctx.opts.staff_path, &a.booking, action);
    let staff = match &ctx.opts.staff_token {
        Some(token) => {
            let req = Req::new(Method::GET, &path("evidence")).header("authorization", &format!("Bearer {token}"));
            Some(ctx.api("staff evidence (staff token)", req).await.map(|x| x.status).map_err(|e| e.to_string()))
        }
        None => None,
    };
    let before = ctx.snapshot("user A, before the staff routes", &a.credential, &a.booking).await;
    let mut answers: Vec<StaffAnswer> = Vec::new();
    for (action, body) in STAFF_ACTIONS {
        let req = match body {
            "" => Req::new(Method::GET, &path(action)),
            b => Req::new(Method::POST, &path(action)).body_as("application/json", b.as_bytes().to_vec()),
        };
        let answer = ctx.api(&format!("staff {action} (user A's guest credentials)"), req.auth(&a.credential)).await;
        answers.push((action, answer.map(|x| x.status).map_err(|e| e.to_string())));
    }
    let after = ctx.snapshot("user A, after the staff routes", &a.credential, &a.booking).await;
    judge_staff(staff, &answers, &before, &after)
}

/// The verdict of `staff.guest_refused` (pure): the staff token's read
/// (`None`: no token given), the guest's answers, A's booking before and after.
pub fn judge_staff(
    staff: Option<Result<u16, String>>,
    answers: &[StaffAnswer],
    before: &Snapshot,
    after: &Snapshot,
) -> Finding {
    let rule = &STAFF_GUEST;
    let list = |pick: &dyn Fn(u16) -> bool| -> Vec<String> {
        answers
            .iter()
            .filter_map(|(a, r)| r.as_ref().ok().filter(|s| pick(**s)).map(|s| format!("{a} → {s}")))
            .collect()
    };
    let refused = |s: u16| matches!(s, 401 | 403);
    let missing = |s: u16| matches!(s, 404 | 405 | 501);
    let unsure = |s: u16| s == 429 || (300..400).contains(&s);
    let through = list(&|s| !refused(s) && !missing(s) && !unsure(s));
    if !through.is_empty() {
        return Finding::fail(
            rule,
            format!("user A's guest credentials on the staff routes: {}: not refused (401/403)", through.join(", ")),
        );
    }
    if let Some(change) = before.change(after) {
        return Finding::fail(
            rule,
            format!("after a guest's calls to the staff routes, user A's booking changed: {change}"),
        );
    }
    let confirmed = match &staff {
        Some(Ok(s)) if (200..300).contains(s) => true,
        Some(Ok(s)) if refused(*s) => {
            return Finding::inconclusive(
                rule,
                format!("the staff token's read of the evidence → {s}: check --staff-token"),
            )
        }
        Some(Ok(s)) if missing(*s) => {
            return Finding::inconclusive(
                rule,
                format!("the staff token's read of the evidence → {s}: no staff routes? check --staff-path"),
            )
        }
        Some(Err(e)) => return Finding::inconclusive(rule, format!("the staff token's read of the evidence got {e}")),
        _ => false,
    };
    if let Some((a, Err(e))) = answers.iter().find(|(_, r)| r.is_err()) {
        return Finding::inconclusive(rule, format!("staff {a} got {e}"));
    }
    let unsure = list(&unsure);
    if !unsure.is_empty() {
        return Finding::inconclusive(rule, format!("no conclusion from {}", unsure.join(", ")));
    }
    let missing = list(&missing);
    if !missing.is_empty() && !confirmed {
        return Finding::inconclusive(
            rule,
            format!("{}: no such staff route? give --staff-token to show the routes exist", missing.join(", ")),
        );
    }
    if !before.readable() || !after.readable() {
        return Finding::inconclusive(
            rule,
            "user A's booking and history could not be read as user A: check --booking-path and --history-path",
        );
    }
    let token = match staff {
        Some(Ok(s)) => format!("; the staff token: evidence {s}"),
        _ => "; no --staff-token".into(),
    };
    Finding::pass(
        rule,
        format!(
            "user A's guest credentials on {} staff routes → {}: refused{token}; A's booking and history unchanged",
            answers.len(),
            answers.iter().filter_map(|(_, r)| r.as_ref().ok().map(u16::to_string)).collect::<Vec<_>>().join(",")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, headers: HeaderMap::new(), bytes: body.as_bytes().to_vec() }
    }

    fn snap(status: &str, n: usize) -> Snapshot {
        Snapshot { status: Some(status.into()), movements: Some(vec![json!({"movement":"charge"}); n]) }
    }

    #[test]
    fn history_items_of_one_booking_and_their_refunds_are_read() {
        let h = json!({"items":[
            {"booking_id":"bk_1","movement":"refund","amount":3600},
            {"booking_id":"bk_2","movement":"refund","amount":10},
            {"booking_id":"bk_1","movement":"charge","amount":7200}]});
        let m = movements(&h, "bk_1").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(refunds(&m), [3600]);
        assert_eq!(
            movements(&json!([{"bookingId":"bk_1","type":"Refund","amount":5}]), "bk_1").map(|m| refunds(&m)),
            Some(vec![5])
        );
        assert!(movements(&json!({"nothing":1}), "bk_1").is_none());
        assert_eq!(refunded(&json!({"refunded":6250})), Some(6250));
        assert_eq!(refunded(&json!({"refund":{"amount":7}})), Some(7));
    }

    #[test]
    fn a_refund_of_the_requested_amount_fails_and_the_policys_passes() {
        assert_eq!(
            judge_refund(200, Some(SENT_REFUND), Some(&[SENT_REFUND]), Some(7200)).outcome,
            crate::finding::Outcome::Fail
        );
        assert_eq!(judge_refund(200, Some(3600), Some(&[SENT_REFUND]), None).outcome, crate::finding::Outcome::Fail);
        let ok = judge_refund(200, Some(3600), Some(&[3600]), Some(7200));
        assert_eq!(ok.outcome, crate::finding::Outcome::Pass, "{}", ok.evidence);
        assert_eq!(judge_refund(422, None, None, None).outcome, crate::finding::Outcome::Pass);
        assert_eq!(judge_refund(200, Some(9000), Some(&[9000]), Some(7200)).outcome, crate::finding::Outcome::Fail);
    }

    #[test]
    fn no_refund_to_judge_or_no_route_is_inconclusive() {
        use crate::finding::Outcome::Inconclusive;
        assert_eq!(judge_refund(404, None, None, None).outcome, Inconclusive);
        assert_eq!(judge_refund(200, Some(0), Some(&[]), Some(7200)).outcome, Inconclusive);
        assert_eq!(judge_refund(200, Some(3600), None, Some(7200)).outcome, Inconclusive);
        assert_eq!(judge_refund(429, None, None, None).outcome, Inconclusive);
    }

    #[test]
    fn repeated_cancels_pass_with_one_refund_and_fail_with_two_or_disagreeing_answers() {
        use crate::finding::Outcome::{Fail, Inconclusive, Pass};
        let same: Vec<CancelAnswer> = vec![Ok((200, Some(6250))); 6];
        assert_eq!(judge_once(&same, Some(&[6250])).outcome, Pass);
        assert_eq!(judge_once(&same, Some(&[6250, 6250])).outcome, Fail);
        let mixed: Vec<CancelAnswer> = vec![Ok((200, Some(3600))), Ok((200, Some(3600))), Ok((502, None))];
        assert_eq!(judge_once(&mixed, Some(&[3600])).outcome, Fail);
        let differ: Vec<CancelAnswer> = vec![Ok((200, Some(3600))), Ok((200, Some(0)))];
        assert_eq!(judge_once(&differ, Some(&[3600])).outcome, Fail);
        let busy: Vec<CancelAnswer> = vec![Ok((200, Some(3600))), Ok((409, None))];
        assert_eq!(judge_once(&busy, Some(&[3600])).outcome, Pass);
        let none: Vec<CancelAnswer> = vec![Ok((404, None)); 6];
        assert_eq!(judge_once(&none, Some(&[])).outcome, Inconclusive);
        assert_eq!(judge_once(&same, None).outcome, Inconclusive);
    }

    #[test]
    fn cancelling_anothers_booking_must_look_like_an_unknown_one_and_change_nothing() {
        use crate::finding::Outcome::{Fail, Inconclusive, Pass};
        let nf = answer(404, r#"{"error":{"code":"not_found"}}"#);
        let (s, same) = (snap("awaiting_payment", 1), snap("awaiting_payment", 1));
        assert_eq!(judge_cancel_ownership(Ok(&nf), Ok(&nf), &s, &same, Some(true)).outcome, Pass);
        assert_eq!(judge_cancel_ownership(Ok(&nf), Ok(&nf), &s, &same, None).outcome, Inconclusive);
        let done = answer(200, r#"{"status":"cancelled"}"#);
        assert_eq!(judge_cancel_ownership(Ok(&done), Ok(&nf), &s, &same, None).outcome, Fail);
        let forbidden = answer(403, r#"{"error":{"code":"forbidden"}}"#);
        assert_eq!(judge_cancel_ownership(Ok(&forbidden), Ok(&nf), &s, &same, Some(true)).outcome, Fail);
        let changed = snap("cancelled", 1);
        assert_eq!(judge_cancel_ownership(Ok(&nf), Ok(&nf), &s, &changed, Some(true)).outcome, Fail);
        let unreadable = Snapshot { status: None, movements: None };
        assert_eq!(
            judge_cancel_ownership(Ok(&nf), Ok(&nf), &unreadable, &unreadable, Some(true)).outcome,
            Inconclusive
        );
    }

    #[test]
    fn a_guest_on_a_staff_route_must_be_refused() {
        use crate::finding::Outcome::{Fail, Inconclusive, Pass};
        let all = |s: u16| STAFF_ACTIONS.iter().map(|(a, _)| (*a, Ok(s))).collect::<Vec<StaffAnswer>>();
        let s = snap("awaiting_payment", 0);
        assert_eq!(judge_staff(Some(Ok(200)), &all(403), &s, &s).outcome, Pass);
        assert_eq!(judge_staff(None, &all(401), &s, &s).outcome, Pass);
        assert_eq!(judge_staff(None, &all(404), &s, &s).outcome, Inconclusive);
        assert_eq!(judge_staff(Some(Ok(200)), &all(404), &s, &s).outcome, Pass, "hidden from guests");
        assert_eq!(judge_staff(Some(Ok(404)), &all(404), &s, &s).outcome, Inconclusive);
        assert_eq!(judge_staff(Some(Ok(403)), &all(403), &s, &s).outcome, Inconclusive);
        let mut one = all(403);
        one[4].1 = Ok(200);
        assert_eq!(judge_staff(Some(Ok(200)), &one, &s, &s).outcome, Fail);
        one[4].1 = Ok(409);
        assert_eq!(judge_staff(None, &one, &s, &s).outcome, Fail);
        assert_eq!(judge_staff(None, &all(403), &s, &snap("cancelled", 0)).outcome, Fail);
    }
}
