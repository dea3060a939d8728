//! How bad a failed rule is: the one scale the rule catalogue, the
//! findings, the report and the exit code share. It imports nothing from
//! the crate, so the catalogue (which rates each rule) and the findings
//! (which name a rule) both depend on it one way, never on each other in a
//! circle.

/// How bad a failed rule is. Ordered: `Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Hardening a reviewer would ask for.
    Low,
    /// Leaks information or weakens a defence.
    Medium,
    /// Lets a stranger act on someone else's payment or read it.
    High,
    /// Puts the Stripe account or the money itself at risk.
    Critical,
}

impl Severity {
    /// The lowercase name used in the table and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Whether a failure at this severity fails the run (exit code 1).
    pub fn blocks(self) -> bool {
        self >= Self::High
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_high_and_critical_failures_block() {
        assert!(Severity::Critical.blocks() && Severity::High.blocks());
        assert!(!Severity::Medium.blocks() && !Severity::Low.blocks());
        assert!(Severity::Low < Severity::Medium && Severity::High < Severity::Critical);
    }
}
