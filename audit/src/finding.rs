//! What one probe concluded: a rule, its outcome and one line of evidence.

use crate::rules::Rule;

/// The result of a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server behaved as the rule requires.
    Pass,
    /// The server broke the rule: a finding.
    Fail,
    /// Not run: not applicable to the given setup, or its input was not given.
    Skip,
    /// Run, but the answers do not allow a conclusion (rate limited, no
    /// answer, a baseline request that failed).
    Inconclusive,
}

impl Outcome {
    /// The name used in the table and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "FAIL",
            Self::Skip => "skip",
            Self::Inconclusive => "inconclusive",
        }
    }
}

/// One row of the report. The evidence is already redacted and on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule this row is about.
    pub rule: &'static Rule,
    /// What the probe concluded.
    pub outcome: Outcome,
    /// What was sent and seen, in one line; never a credential or secret.
    pub evidence: String,
}

impl Finding {
    /// A row for `rule` with `outcome` and `evidence`.
    pub fn new(rule: &'static Rule, outcome: Outcome, evidence: impl Into<String>) -> Self {
        Self { rule, outcome, evidence: evidence.into() }
    }

    /// A passing row.
    pub fn pass(rule: &'static Rule, evidence: impl Into<String>) -> Self {
        Self::new(rule, Outcome::Pass, evidence)
    }

    /// A failing row (a finding).
    pub fn fail(rule: &'static Rule, evidence: impl Into<String>) -> Self {
        Self::new(rule, Outcome::Fail, evidence)
    }

    /// A row that was not run, with the reason.
    pub fn skip(rule: &'static Rule, why: impl Into<String>) -> Self {
        Self::new(rule, Outcome::Skip, why)
    }

    /// A row that ran without a conclusion, with the reason.
    pub fn inconclusive(rule: &'static Rule, why: impl Into<String>) -> Self {
        Self::new(rule, Outcome::Inconclusive, why)
    }
}
