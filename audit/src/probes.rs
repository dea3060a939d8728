//! The probes, one module per area, and what they share: the target, the
//! options, the redactor, and a record of every API answer for the leak scan.

pub mod access;
pub mod after;
pub mod browser;
pub mod errors;
pub mod logs;
pub mod ownership;
pub mod page;
pub mod secrets;
pub mod webhooks;

use crate::cli::{Credential, Options, ACTION_PLACEHOLDER, BOOKING_PLACEHOLDER};
use crate::redact::Redactor;
use crate::target::{Answer, Failure, Req, Target};
use regex::Regex;
use reqwest::Method;
use std::sync::{Mutex, OnceLock};

/// An API answer kept for [`crate::rules::ERRORS_LEAKS`]: which request, and the answer.
#[derive(Debug, Clone)]
pub struct Seen {
    /// A short label of the request, e.g. "malformed JSON".
    pub label: String,
    /// Status and body.
    pub answer: Answer,
}

/// What every probe needs.
pub struct Ctx<'a> {
    /// The backend.
    pub target: &'a Target,
    /// The options.
    pub opts: &'a Options,
    /// Cleans every evidence line.
    pub redactor: Redactor,
    /// The unusable `sk_test_…` key the secret probes inject.
    pub fake_key: String,
    /// API answers seen so far.
    pub seen: Mutex<Vec<Seen>>,
}

/// What create-intent answered, reduced to what the rules compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    /// HTTP status.
    pub status: u16,
    /// `pi_…` from the client secret, when one came back.
    pub intent_id: Option<String>,
    /// The answer's `amount`, if any.
    pub amount: Option<i64>,
    /// The answer's `currency`, if any.
    pub currency: Option<String>,
}

impl Intent {
    /// Reads an answer.
    pub fn of(answer: &Answer) -> Self {
        let json = answer.json();
        let field = |names: &[&str]| {
            json.as_ref().and_then(|j| names.iter().find_map(|n| j.get(*n).filter(|v| !v.is_null()).cloned()))
        };
        let intent_id = client_secret_intent(&answer.text());
        Self {
            status: answer.status,
            intent_id,
            amount: field(&["amount"]).and_then(|v| v.as_i64()),
            currency: field(&["currency"]).and_then(|v| v.as_str().map(str::to_ascii_lowercase)),
        }
    }

    /// A one-line summary for evidence: status, and "client secret" when one came back.
    pub fn summary(&self) -> String {
        match (&self.intent_id, self.amount) {
            (Some(_), Some(a)) => format!("{} with a client secret (amount {a})", self.status),
            (Some(_), None) => format!("{} with a client secret", self.status),
            (None, _) => format!("{}", self.status),
        }
    }
}

/// The PaymentIntent id inside the first client secret in `text`.
pub fn client_secret_intent(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\b(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+").expect("static pattern"));
    re.captures(text).map(|c| c[1].to_owned())
}

/// `id` as one path segment: every byte but unreserved ones percent-encoded.
pub fn path_segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Ctx<'_> {
    /// The create-intent path for `booking` (its `{booking_id}` filled in, if it has one).
    pub fn intent_path(&self, booking: &str) -> String {
        self.opts.create_intent_path.replace(BOOKING_PLACEHOLDER, &path_segment(booking))
    }

    /// `template` (a cancel, booking or staff path) for `booking` and, for the staff path, `action`.
    pub fn fill(&self, template: &str, booking: &str, action: &str) -> String {
        template.replace(BOOKING_PLACEHOLDER, &path_segment(booking)).replace(ACTION_PLACEHOLDER, &path_segment(action))
    }

    /// The paid booking of user A set aside for probe `n` (see [`crate::cli::PAID_BOOKINGS`]).
    pub fn paid_booking(&self, n: usize) -> Option<&str> {
        self.opts.paid_bookings.get(n).map(String::as_str)
    }

    /// The fresh booking of user A set aside for probe `n` (see [`crate::cli::FRESH_BOOKINGS`]).
    pub fn fresh_booking(&self, n: usize) -> Option<&str> {
        self.opts.fresh_bookings.get(n).map(String::as_str)
    }

    /// A create-intent request for `booking`, as `who` (or anonymous), with `body` extra fields.
    pub fn intent_req(&self, who: Option<&Credential>, booking: &str, extra: &[(&str, serde_json::Value)]) -> Req {
        let mut body = serde_json::json!({ "booking_id": booking });
        for (k, v) in extra {
            body[*k] = v.clone();
        }
        let req = Req::new(Method::POST, &self.intent_path(booking)).json(&body);
        match who {
            Some(c) => req.auth(c),
            None => req,
        }
    }

    /// Sends an API request and keeps its answer for the leak scan.
    pub async fn api(&self, label: &str, req: Req) -> Result<Answer, Failure> {
        let answer = self.target.send(req).await?;
        self.seen.lock().expect("not poisoned").push(Seen { label: label.to_owned(), answer: answer.clone() });
        Ok(answer)
    }

    /// A redacted evidence line.
    pub fn line(&self, text: &str) -> String {
        self.redactor.line(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, headers: HeaderMap::new(), bytes: body.as_bytes().to_vec() }
    }

    #[test]
    fn an_intent_answer_yields_the_intent_id_amount_and_currency() {
        let i = Intent::of(&answer(200, r#"{"client_secret":"pi_3Abc_secret_Xyz","amount":12500,"currency":"EUR"}"#));
        assert_eq!(i.intent_id.as_deref(), Some("pi_3Abc"));
        assert_eq!((i.amount, i.currency.as_deref()), (Some(12_500), Some("eur")));
        assert_eq!(i.summary(), "200 with a client secret (amount 12500)");
    }

    #[test]
    fn a_client_secret_is_found_under_any_field_name() {
        let i = Intent::of(&answer(200, r#"{"data":{"clientSecret":"pi_9_secret_q"}}"#));
        assert_eq!(i.intent_id.as_deref(), Some("pi_9"));
    }

    #[test]
    fn a_booking_id_in_a_path_is_one_segment() {
        assert_eq!(path_segment("bk_demo-1.x~"), "bk_demo-1.x~");
        assert_eq!(path_segment("../a b/?"), "..%2Fa%20b%2F%3F");
    }

    #[test]
    fn an_error_answer_has_no_intent() {
        let i = Intent::of(&answer(401, r#"{"error":{"code":"unauthenticated"}}"#));
        assert_eq!(i, Intent { status: 401, intent_id: None, amount: None, currency: None });
        assert_eq!(i.summary(), "401");
    }
}
