//! Pattern sets for what must not appear in API answers and server logs.
//!
//! Each match is reported by the *name* of its pattern (and, for logs, a
//! line number), never by the text it matched: the matched text may be a
//! secret or someone's email.

use regex::Regex;
use std::sync::OnceLock;

/// A named pattern.
pub struct Pattern {
    /// What a match means, e.g. "stack trace".
    pub name: &'static str,
    re: Regex,
}

fn compile(list: &[(&'static str, &str)]) -> Vec<Pattern> {
    list.iter().map(|(name, re)| Pattern { name, re: Regex::new(re).expect("static pattern") }).collect()
}

/// Validation internals: what a schema validator or JSON parser says.
pub fn validation_internals() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        compile(&[
            ("ZodError", r"ZodError"),
            ("validator issue list", r#""(issues|errors|fieldErrors|formErrors)"\s*:\s*[\[{]"#),
            ("field path", r#""(path|loc|instancePath|dataPath|field)"\s*:"#),
            ("type expectation", r"(?i)\bexpected (a |an )?(string|number|integer|object|array|boolean|value)\b"),
            ("validator code", r#"(?i)"?(invalid_type|invalid_string|too_small|too_big|type_error|value_error)"?"#),
            ("serde message", r"(?i)(invalid type:|missing field `|unknown field `|at line \d+ column \d+|trailing characters|EOF while parsing)"),
            ("JSON parser message", r"(?i)(unexpected token|unexpected end of json|is not valid json|JSONDecodeError|Expecting value: line|JSON\.parse)"),
            ("validator message", r"(?i)(field required|ValidationError|must be (a|an) (string|number|object)|is required\b)"),
        ])
    })
}

/// Internals no API answer may carry, validation or not.
pub fn leaks() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        compile(&[
            ("stack trace", r"(?m)(^|\\n)\s*at \S+ \(|\bat [^\s()]+:\d+:\d+|Traceback \(most recent call last\)|panicked at|\.(js|mjs|ts|py|rb|rs|go|java|php):\d+"),
            ("SQL", r"(?i)(\bselect\b[^\n]{1,80}\bfrom\b|\binsert into\b|\bupdate \w+ set\b|SQLITE_|syntax error at or near|violates [a-z ]*constraint|sqlx::|PG::|psycopg|ActiveRecord::|Sequelize\w*Error|PrismaClient)"),
            ("hostname or address", r"(?i)(\blocalhost:\d+|\b(\d{1,3}\.){3}\d{1,3}:\d+|ECONNREFUSED|ENOTFOUND|getaddrinfo|\.internal\b)"),
            ("file path", r"(/home/|/usr/src/|/var/www/|/srv/|node_modules|site-packages|[A-Z]:\\\\)"),
            ("Stripe object or error", r#"(?i)("object"\s*:\s*"(payment_intent|charge|customer|event|payment_method)"|"livemode"\s*:|Stripe[A-Za-z]*Error|"type"\s*:\s*"(invalid_request_error|api_error|card_error|authentication_error)"|Invalid API Key provided|"decline_code")"#),
            ("secret key", r"\b((sk|rk)_(test|live)_[A-Za-z0-9_]{6,}|whsec_[A-Za-z0-9_]{6,})"),
        ])
    })
}

/// Secrets a log line must never carry.
pub fn log_secrets() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        compile(&[
            ("Stripe secret key", r"\b(sk|rk)_(test|live)_[A-Za-z0-9_]{6,}"),
            ("webhook secret", r"\bwhsec_[A-Za-z0-9_]{6,}"),
            ("client secret", r"\b(pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+"),
            ("Stripe-Signature value", r"\bt=\d{9,},\s*v1=[0-9a-f]{16,}"),
            ("session cookie", r"(?i)(__(Host|Secure)-[A-Za-z0-9_-]+=[^;\s]{8,}|\bcookie:\s*\S+=)"),
            ("bearer token", r"(?i)\bauthorization:\s*bearer\s+\S+"),
        ])
    })
}

/// Personal data a log line must never carry.
pub fn log_personal() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| compile(&[("email address", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]))
}

/// Raw error objects in a log: what gets printed when an exception is logged whole.
pub fn log_raw_errors() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        compile(&[
            ("stack frame", r"^\s+at \S.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)\s*$"),
            ("Python traceback", r"Traceback \(most recent call last\)|^\s+File .+, line \d+"),
            ("panic", r"panicked at"),
            ("ZodError", r"ZodError|\bissues: \["),
            ("Stripe error object", r#"(?i)Stripe\w*Error|\braw: \{|\brawType\b|type: '\w+_error'|"type":\s*"\w+_error"|Invalid API Key provided"#),
            ("error object dump", r"\[cause\]|\berrno: -?\d|\bcode: 'E[A-Z]+'|\[Error: |\bError \{ kind:"),
        ])
    })
}

/// Names of the patterns of `set` that match `text`, in order, without repeats.
pub fn matches(set: &[Pattern], text: &str) -> Vec<&'static str> {
    set.iter().filter(|p| p.re.is_match(text)).map(|p| p.name).collect()
}

/// Whether `text` holds a live Stripe key of any kind (secret, restricted, publishable).
pub fn has_live_key(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b(sk|rk|pk)_live_[A-Za-z0-9]").expect("static pattern")).is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zod_error_body_is_recognised_as_validation_internals() {
        let body = r#"{"error":"Invalid","details":{"name":"ZodError","issues":[{"code":"invalid_type","expected":"string","received":"undefined","path":["booking_id"],"message":"Required"}]}}"#;
        let found = matches(validation_internals(), body);
        for name in ["ZodError", "validator issue list", "field path", "validator code"] {
            assert!(found.contains(&name), "{name}: {found:?}");
        }
    }

    #[test]
    fn serde_and_json_parser_messages_are_validation_internals() {
        for body in [
            "invalid type: integer `1`, expected a string at line 1 column 15",
            "missing field `booking_id`",
            "Unexpected token } in JSON at position 14",
            "Expected string, received number",
        ] {
            assert!(!matches(validation_internals(), body).is_empty(), "{body}");
        }
    }

    #[test]
    fn the_generic_error_body_has_no_internals_and_no_leaks() {
        let body = r#"{"error":{"code":"invalid_request","message":"The request is not valid."},"request_id":"4f2a9c01d3e5b7a8"}"#;
        assert!(matches(validation_internals(), body).is_empty());
        assert!(matches(leaks(), body).is_empty());
    }

    #[test]
    fn stack_traces_sql_hosts_and_stripe_errors_are_leaks() {
        let cases = [
            ("stack trace", "Error: boom\n    at handler (/srv/app/server.js:10:5)"),
            ("SQL", "SQLITE_CONSTRAINT: UNIQUE constraint failed"),
            ("SQL", "select id from bookings where id = 'x'"),
            ("hostname or address", "connect ECONNREFUSED 10.0.0.7:5432"),
            ("Stripe object or error", r#"{"object":"payment_intent","id":"pi_1"}"#),
            ("Stripe object or error", "Invalid API Key provided: sk_test_****abcd"),
        ];
        for (name, body) in cases {
            assert!(matches(leaks(), body).contains(&name), "{name}: {body}");
        }
    }

    #[test]
    fn a_masked_stripe_key_in_a_log_is_not_a_secret_but_a_full_one_is() {
        assert!(matches(log_secrets(), "Invalid API Key provided: sk_test_********abcd").is_empty());
        let full = format!("key={}", ["sk", "test", "abcdef123456"].join("_"));
        assert_eq!(matches(log_secrets(), &full), vec!["Stripe secret key"]);
    }

    #[test]
    fn node_error_dumps_are_raw_errors_and_structured_log_lines_are_not() {
        assert!(!matches(log_raw_errors(), "    at async Server.<anonymous> (file:///app/server.mjs:88:7)").is_empty());
        assert!(!matches(log_raw_errors(), "  type: 'StripeAuthenticationError',").is_empty());
        let tracing =
            "2026-01-01T00:00:00Z  INFO http: request refused request_id=ab12 code=not_found detail=- status=404";
        assert!(matches(log_raw_errors(), tracing).is_empty());
        assert!(matches(log_secrets(), tracing).is_empty() && matches(log_personal(), tracing).is_empty());
    }

    #[test]
    fn emails_are_personal_data() {
        assert_eq!(matches(log_personal(), "login ok for alice@example.com"), vec!["email address"]);
    }

    #[test]
    fn live_keys_of_every_kind_are_detected_and_test_keys_are_not() {
        for prefix in ["sk", "rk", "pk"] {
            assert!(has_live_key(&format!("x {prefix}_live_51Abc")), "{prefix}");
            assert!(!has_live_key(&format!("x {prefix}_test_51Abc")), "{prefix}");
        }
    }
}
