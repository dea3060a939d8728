//! The run's result as a table for people, JSON for CI, and an exit code.

use crate::finding::{Finding, Outcome};
use crate::severity::Severity;
use std::time::Duration;

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Report {
    /// The audited origin.
    pub target: String,
    /// One row per rule.
    pub findings: Vec<Finding>,
    /// Requests sent.
    pub requests: u32,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

/// Exit code: 1 on any critical or high failure, 3 when none failed but a
/// critical or high probe could not conclude, else 0.
pub fn exit_code(findings: &[Finding]) -> i32 {
    let blocking = |o: Outcome| findings.iter().any(|f| f.outcome == o && f.rule.severity.blocks());
    if blocking(Outcome::Fail) {
        1
    } else if blocking(Outcome::Inconclusive) {
        3
    } else {
        0
    }
}

fn count(findings: &[Finding], o: Outcome) -> usize {
    findings.iter().filter(|f| f.outcome == o).count()
}

/// One summary line (phrased so CI never mistakes it for a test-runner total).
pub fn summary(r: &Report) -> String {
    let failed: Vec<&Finding> = r.findings.iter().filter(|f| f.outcome == Outcome::Fail).collect();
    let by = |s: Severity| failed.iter().filter(|f| f.rule.severity == s).count();
    format!(
        "{} probes — {} pass, {} FAIL (critical {}, high {}, medium {}, low {}), {} skipped, {} inconclusive — {} requests in {:.1} s",
        r.findings.len(),
        count(&r.findings, Outcome::Pass),
        failed.len(),
        by(Severity::Critical),
        by(Severity::High),
        by(Severity::Medium),
        by(Severity::Low),
        count(&r.findings, Outcome::Skip),
        count(&r.findings, Outcome::Inconclusive),
        r.requests,
        r.elapsed.as_secs_f64()
    )
}

/// The table: result, severity, rule, evidence; the fix under each failure.
pub fn table(r: &Report) -> String {
    let mut out = format!("booking-checkout-audit {} — {}\n\n", env!("CARGO_PKG_VERSION"), r.target);
    out.push_str(&format!("{:<12} {:<8} {:<22} {}\n", "RESULT", "SEVERITY", "RULE", "EVIDENCE"));
    for f in &r.findings {
        out.push_str(&format!(
            "{:<12} {:<8} {:<22} {}\n",
            f.outcome.as_str(),
            f.rule.severity.as_str(),
            f.rule.id,
            f.evidence
        ));
        if f.outcome == Outcome::Fail {
            out.push_str(&format!("{:<12} {:<8} {:<22} fix: {}\n", "", "", "", f.rule.fix));
        }
    }
    out.push('\n');
    out.push_str(&summary(r));
    out.push('\n');
    out
}

/// The JSON document for CI.
pub fn json(r: &Report) -> String {
    let probes: Vec<serde_json::Value> = r
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f.rule.id,
                "severity": f.rule.severity.as_str(),
                "result": f.outcome.as_str().to_ascii_lowercase(),
                "evidence": f.evidence,
                "fix": f.rule.fix,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "tool": "booking-checkout-audit",
        "version": env!("CARGO_PKG_VERSION"),
        "target": r.target,
        "probes": probes,
        "requests": r.requests,
        "duration_ms": r.elapsed.as_millis() as u64,
        "exit_code": exit_code(&r.findings),
        "summary": summary(r),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{AUTH_REQUIRED, ERRORS_GENERIC, SECRET_HEADERS};

    fn report(findings: Vec<Finding>) -> Report {
        Report { target: "http://127.0.0.1:1/".into(), findings, requests: 7, elapsed: Duration::from_millis(1500) }
    }

    #[test]
    fn exit_code_fails_on_critical_or_high_and_not_on_medium() {
        assert_eq!(exit_code(&[Finding::fail(&ERRORS_GENERIC, "x")]), 0);
        assert_eq!(exit_code(&[Finding::fail(&ERRORS_GENERIC, "x"), Finding::fail(&AUTH_REQUIRED, "y")]), 1);
        assert_eq!(exit_code(&[Finding::inconclusive(&SECRET_HEADERS, "rate limited")]), 3);
        assert_eq!(exit_code(&[Finding::inconclusive(&SECRET_HEADERS, "z"), Finding::fail(&AUTH_REQUIRED, "y")]), 1);
        assert_eq!(exit_code(&[Finding::pass(&SECRET_HEADERS, "ok"), Finding::skip(&AUTH_REQUIRED, "n/a")]), 0);
    }

    #[test]
    fn the_table_has_a_fix_line_under_each_failure_only() {
        let t = table(&report(vec![
            Finding::fail(&AUTH_REQUIRED, "no credentials → 200"),
            Finding::pass(&SECRET_HEADERS, "same"),
        ]));
        assert_eq!(t.matches("fix: ").count(), 1);
        assert!(t.contains(&format!("fix: {}", AUTH_REQUIRED.fix)));
        assert!(t.contains("FAIL         high     auth.required"), "{t}");
    }

    #[test]
    fn the_summary_never_reads_as_a_test_runner_total() {
        let s = summary(&report(vec![Finding::fail(&AUTH_REQUIRED, "x"), Finding::pass(&SECRET_HEADERS, "y")]));
        assert!(s.starts_with("2 probes — 1 pass, 1 FAIL (critical 0, high 1"), "{s}");
        assert!(!s.contains("passed") && !s.contains("failed"));
    }

    #[test]
    fn the_json_lists_every_probe_with_severity_result_and_fix() {
        let v: serde_json::Value =
            serde_json::from_str(&json(&report(vec![Finding::fail(&AUTH_REQUIRED, "x")]))).unwrap();
        assert_eq!(v["probes"][0]["rule"], "auth.required");
        assert_eq!(v["probes"][0]["severity"], "high");
        assert_eq!(v["probes"][0]["result"], "fail");
        assert_eq!(v["exit_code"], 1);
        assert_eq!(v["requests"], 7);
    }
}
