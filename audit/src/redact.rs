//! Keeps credentials and secrets out of everything the audit prints.
//!
//! Evidence is built from what the audit sent and saw; before it is stored
//! in a finding it passes through [`Redactor::line`], which removes every
//! value the audit was given (cookies, tokens, the webhook secret, the
//! unusable key it injects) and anything shaped like a Stripe secret, a
//! client secret or a session cookie it may have received.

use regex::Regex;
use std::sync::OnceLock;

/// Longest evidence line, in characters.
pub const MAX_EVIDENCE: usize = 200;

const MASK: &str = "[redacted]";

fn shapes() -> &'static [(Regex, &'static str)] {
    static SHAPES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        [
            (r"\b(sk|rk)_(test|live)_[A-Za-z0-9_]+", "${1}_${2}_[redacted]"),
            (r"\bwhsec_[A-Za-z0-9_]+", "whsec_[redacted]"),
            (r"\b(pi|seti)_([A-Za-z0-9]+)_secret_[A-Za-z0-9]+", "${1}_${2}_secret_[redacted]"),
            (r"(?i)(__(?:Host|Secure)-[A-Za-z0-9_-]+|session|sid)=[^;,\s]+", "${1}=[redacted]"),
            (r"(?i)\bBearer\s+[A-Za-z0-9._~+/=-]+", "Bearer [redacted]"),
        ]
        .into_iter()
        .map(|(re, with)| (Regex::new(re).expect("static pattern"), with))
        .collect()
    })
}

/// Removes the given literals and secret-shaped values from text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    literals: Vec<String>,
}

impl Redactor {
    /// A redactor that also removes each of `literals` (empty ones and ones
    /// shorter than 4 characters are ignored: they would mask ordinary text).
    pub fn new<I: IntoIterator<Item = String>>(literals: I) -> Self {
        let mut literals: Vec<String> = literals.into_iter().filter(|l| l.len() >= 4).collect();
        // Longest first, so a value that contains another is removed whole.
        literals.sort_by_key(|l| std::cmp::Reverse(l.len()));
        Self { literals }
    }

    /// `text` without secrets, on one line, at most [`MAX_EVIDENCE`] characters.
    pub fn line(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for l in &self.literals {
            out = out.replace(l.as_str(), MASK);
        }
        for (re, with) in shapes() {
            out = re.replace_all(&out, *with).into_owned();
        }
        let one_line: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        truncate(&one_line, MAX_EVIDENCE)
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_like(prefix: &str) -> String {
        // Built at run time: no secret-shaped literal in the sources.
        format!("{prefix}{}", "Ab1".repeat(8))
    }

    #[test]
    fn given_literals_are_removed_wherever_they_appear() {
        let r = Redactor::new(["cookie-value-123".to_string(), "tok-xyz-987".to_string()]);
        let out = r.line("sent cookie-value-123 and got tok-xyz-987 back");
        assert_eq!(out, "sent [redacted] and got [redacted] back");
    }

    #[test]
    fn secret_shaped_values_are_removed_even_when_not_given() {
        let r = Redactor::default();
        let sk = secret_like("sk_test_");
        let wh = secret_like("whsec_");
        let cs = format!("pi_123abc_secret_{}", "Zz9".repeat(6));
        let out = r.line(&format!("{sk} {wh} {cs} __Host-session=abcdef Bearer tok.en"));
        for leaked in [&sk, &wh, &cs, &"abcdef".to_string(), &"tok.en".to_string()] {
            assert!(!out.contains(leaked.as_str()), "{out}");
        }
        assert!(out.contains("sk_test_[redacted]") && out.contains("pi_123abc_secret_[redacted]"), "{out}");
    }

    #[test]
    fn publishable_keys_are_kept_because_they_are_public() {
        let pk = secret_like("pk_test_");
        assert!(Redactor::default().line(&pk).contains(&pk));
    }

    #[test]
    fn evidence_is_one_bounded_line() {
        let out = Redactor::default().line(&format!("a\nb\t c {}", "x".repeat(500)));
        assert!(out.starts_with("a b c ") && !out.contains('\n'));
        assert_eq!(out.chars().count(), MAX_EVIDENCE);
        assert!(out.ends_with('…'));
    }

    #[test]
    fn short_literals_are_not_used_as_masks() {
        assert_eq!(Redactor::new(["ab".to_string()]).line("abc"), "abc");
    }
}
