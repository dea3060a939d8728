//! `--log-file`: after the run, the lines the server wrote during it are
//! scanned for secrets, personal data and raw error objects. Findings name
//! the line number and the kind of match, never the line.

use crate::finding::Finding;
use crate::rules::{Rule, LOGS_PERSONAL, LOGS_RAW_ERRORS, LOGS_SECRETS};
use crate::scan::{self, Pattern};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Most bytes of log read after the run.
pub const MAX_LOG: u64 = 16 * 1024 * 1024;

/// The log's size now: where the run's lines will start.
pub fn mark(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Reads what was appended to `path` since `from` (at most [`MAX_LOG`] bytes).
pub fn read_since(path: &Path, from: u64) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    // A log that was rotated or truncated during the run is read from its start.
    let start = if len < from { 0 } else { from };
    f.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    f.take(MAX_LOG).read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The three log rules over `text`; `given` are the credentials and secrets
/// the audit was given or injected (their appearance is a secret leak too).
pub fn judge(text: &str, given: &[String]) -> Vec<Finding> {
    let lines = text.lines().count();
    let secrets = hits(text, scan::log_secrets(), given);
    let personal = hits(text, scan::log_personal(), &[]);
    let raw = hits(text, scan::log_raw_errors(), &[]);
    vec![
        verdict(&LOGS_SECRETS, lines, &secrets),
        verdict(&LOGS_PERSONAL, lines, &personal),
        verdict(&LOGS_RAW_ERRORS, lines, &raw),
    ]
}

/// (line number, kind) of each line matching a pattern or containing a literal.
fn hits(text: &str, patterns: &[Pattern], literals: &[String]) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut kinds = scan::matches(patterns, line);
        if literals.iter().any(|l| l.len() >= 4 && line.contains(l.as_str())) {
            kinds.push("a credential or secret the audit sent");
        }
        out.extend(kinds.into_iter().map(|k| (n + 1, k)));
    }
    out
}

fn verdict(rule: &'static Rule, lines: usize, hits: &[(usize, &'static str)]) -> Finding {
    if hits.is_empty() {
        return Finding::pass(rule, format!("{lines} log lines written during the run: nothing found"));
    }
    let mut kinds: Vec<&str> = hits.iter().map(|(_, k)| *k).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let first: Vec<String> = hits.iter().take(3).map(|(n, k)| format!("line {n}: {k}")).collect();
    Finding::fail(rule, format!("{} matches in {lines} lines ({}); {}", hits.len(), kinds.join(", "), first.join("; ")))
}

/// The log rules when no log file was given, or it could not be read.
pub fn skipped(why: &str) -> Vec<Finding> {
    [&LOGS_SECRETS, &LOGS_PERSONAL, &LOGS_RAW_ERRORS].into_iter().map(|r| Finding::skip(r, why)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;

    const NODE_DUMP: &str = "create-intent failed Error: Stripe said no\n    at createIntent (file:///srv/fixture/server.mjs:120:11)\n  type: 'StripeAuthenticationError',\n";

    #[test]
    fn a_node_error_dump_is_a_raw_error_and_names_lines_not_content() {
        let found = judge(NODE_DUMP, &[]);
        let raw = found.iter().find(|f| f.rule.id == "logs.raw_errors").unwrap();
        assert_eq!(raw.outcome, Outcome::Fail);
        assert!(raw.evidence.contains("line 2: stack frame"), "{}", raw.evidence);
        assert!(!raw.evidence.contains("createIntent"));
        assert_eq!(found.iter().find(|f| f.rule.id == "logs.secrets").unwrap().outcome, Outcome::Pass);
    }

    #[test]
    fn a_credential_the_audit_sent_is_a_secret_in_the_log() {
        let found = judge("auth header was tok-audit-123\n", &["tok-audit-123".to_string()]);
        assert_eq!(found[0].outcome, Outcome::Fail);
        assert!(!found[0].evidence.contains("tok-audit-123"));
    }

    #[test]
    fn structured_lines_with_codes_pass_every_rule() {
        let log = "INFO request refused request_id=1f code=unauthenticated status=401\nINFO webhook applied code=webhook_duplicate\n";
        assert!(judge(log, &[]).iter().all(|f| f.outcome == Outcome::Pass));
    }

    #[test]
    fn only_lines_appended_after_the_mark_are_read() {
        let path = std::env::temp_dir().join(format!("audit-log-{:016x}.log", rand::random::<u64>()));
        std::fs::write(&path, "before@example.com\n").unwrap();
        let at = mark(&path);
        std::fs::write(&path, "before@example.com\nafter line\n").unwrap();
        assert_eq!(read_since(&path, at).unwrap(), "after line\n");
        std::fs::remove_file(&path).unwrap();
    }
}
