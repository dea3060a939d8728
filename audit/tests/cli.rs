//! The built binary: `--help`, usage errors, the live-environment refusal
//! and that no given secret is ever printed. Servers here are tiny stubs on
//! 127.0.0.1 (port from `AUDIT_TEST_PORT`, default 8660, and the next one);
//! the full probes run against real backends in `scripts/audit.sh`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const BIN: &str = env!("CARGO_BIN_EXE_booking-checkout-audit");

fn port(offset: u16) -> u16 {
    std::env::var("AUDIT_TEST_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8660) + offset
}

fn audit(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("AUDIT_A_COOKIE").env_remove("AUDIT_B_COOKIE").env_remove("AUDIT_STAFF_TOKEN");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the audit binary runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn help_documents_every_probe_and_exits_0() {
    let out = audit(&["--help"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for rule in booking_checkout_audit::rules::ALL {
        assert!(help.contains(rule.id), "{} is not in --help", rule.id);
    }
    assert!(help.contains("--i-understand-this-is-production"));
    for option in ["--a-paid-bookings", "--staff-token", "AUDIT_STAFF_TOKEN", "--cancel-path", "--staff-path"] {
        assert!(help.contains(option), "{option} is not in --help");
    }
}

#[test]
fn paid_bookings_that_repeat_another_booking_are_a_usage_error() {
    let base = ["--base-url", "http://127.0.0.1:1", "--a-booking", "bk_a", "--b-booking", "bk_b"];
    let env = [("AUDIT_A_COOKIE", "sid=a-value"), ("AUDIT_B_COOKIE", "sid=b-value")];
    for paid in ["bk_p", "bk_p,bk_p", "bk_p,bk_b"] {
        let out = audit(&[&base[..], &["--a-paid-bookings", paid]].concat(), &env);
        assert_eq!(out.status.code(), Some(2), "{paid}: {}", text(&out));
        assert!(text(&out).contains("--a-paid-bookings"), "{}", text(&out));
    }
}

#[test]
fn a_usage_error_exits_2_and_names_the_problem() {
    let out = audit(&["--base-url", "http://127.0.0.1:1"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("user A"), "{}", text(&out));
}

/// Serves `body` as the answer to every request and records request lines.
fn stub(port: u16, body: String) -> Arc<Mutex<Vec<String>>> {
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("test port free");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(100) {
            let Ok(mut s) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let _ = reader.read_line(&mut line);
            log.lock().unwrap().push(line.trim().to_owned());
            // Read the rest of the head, so closing does not reset the connection.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    seen
}

#[test]
fn a_page_with_a_live_publishable_key_stops_the_run_before_any_post() {
    // Regression: a staging URL that actually serves production must never
    // get create-intent or webhook traffic unless the user says so.
    let p = port(0);
    let live =
        format!("<booking-checkout publishable-key=\"{}\"></booking-checkout>", ["pk", "live", "51Abcdef"].join("_"));
    let seen = stub(p, live);
    let base = format!("http://127.0.0.1:{p}");
    let env = [("AUDIT_A_COOKIE", "sid=cookie-a-value"), ("AUDIT_B_COOKIE", "sid=cookie-b-value")];
    let out = audit(&["--base-url", &base, "--a-booking", "bk_a", "--b-booking", "bk_b"], &env);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--i-understand-this-is-production"));
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests, vec!["GET / HTTP/1.1".to_string()], "only the page was fetched");
}

#[test]
fn an_unreachable_backend_is_inconclusive_exit_3_and_never_prints_the_credentials() {
    let base = format!("http://127.0.0.1:{}", port(1)); // nothing listens there
    let secrets = [
        ("AUDIT_A_COOKIE", "sid=cookie-a-7f3e91"),
        ("AUDIT_B_COOKIE", "sid=cookie-b-2c8d44"),
        ("AUDIT_WEBHOOK_SECRET", "whsec_given_b8e1"),
        ("AUDIT_STAFF_TOKEN", "staff-token-given-5d0a"),
    ];
    for json in [false, true] {
        let mut args = vec![
            "--base-url",
            &base,
            "--a-booking",
            "bk_a",
            "--b-booking",
            "bk_b",
            "--a-paid-bookings",
            "bk_p1,bk_p2",
            "--timeout",
            "2",
        ];
        if json {
            args.push("--json");
        }
        let out = audit(&args, &secrets);
        assert_eq!(out.status.code(), Some(3), "{}", text(&out));
        let printed = text(&out);
        for (_, value) in secrets {
            let secret = value.trim_start_matches("sid=");
            assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
        }
        assert!(printed.contains("inconclusive"));
    }
}

/// Answers every request 200 with a JSON object (reading each request's
/// body first) and records request lines.
fn yes_to_everything(port: u16) -> Arc<Mutex<Vec<String>>> {
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("test port free");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut s) = stream else { continue };
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            log.lock().unwrap().push(line.trim().to_owned());
            let mut length = 0usize;
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                header.clear();
            }
            let _ = std::io::copy(&mut std::io::Read::take(&mut reader, length as u64), &mut std::io::sink());
            let body = r#"{"status":"ok"}"#;
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    seen
}

#[test]
fn a_backend_that_says_yes_to_everyone_fails_the_after_checkout_probes_without_printing_the_staff_token() {
    // Regression: a cancel of another guest's booking or a guest on a staff
    // route that succeeds is a finding, not "inconclusive"; the staff token
    // is sent once, to the staff evidence, and printed never.
    let p = port(2);
    let seen = yes_to_everything(p);
    let base = format!("http://127.0.0.1:{p}");
    let env = [
        ("AUDIT_A_COOKIE", "sid=cookie-a-31c9aa"),
        ("AUDIT_B_COOKIE", "sid=cookie-b-8e02f7"),
        ("AUDIT_STAFF_TOKEN", "staff-token-9b41c0"),
    ];
    let args = ["--base-url", &base, "--a-booking", "bk_a", "--b-booking", "bk_b", "--a-paid-bookings", "bk_p1,bk_p2"];
    let out = audit(&[&args[..], &["--json", "--timeout", "5"]].concat(), &env);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let result = |rule: &str| {
        doc["probes"].as_array().unwrap().iter().find(|p| p["rule"] == rule).map(|p| p["result"].clone()).unwrap()
    };
    assert_eq!(result("cancel.ownership"), "fail");
    assert_eq!(result("staff.guest_refused"), "fail");
    let printed = text(&out);
    for (_, value) in env {
        assert!(!printed.contains(value.trim_start_matches("sid=")), "{value} printed:\n{printed}");
    }
    let requests = seen.lock().unwrap().clone();
    assert!(requests.len() <= booking_checkout_audit::rules::request_budget() as usize, "{}", requests.len());
    for action in ["capture", "release", "charge", "refund"] {
        assert!(requests.contains(&format!("POST /api/staff/bookings/bk_a/{action} HTTP/1.1")), "{requests:?}");
    }
    assert!(requests.contains(&"POST /api/bookings/bk_b/cancel HTTP/1.1".to_string()), "{requests:?}");
}
