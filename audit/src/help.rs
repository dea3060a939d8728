//! The `--help` text: the options, then every probe from
//! [`crate::rules::ALL`] with its severity and request bound, so no probe
//! exists undocumented.

use crate::rules;

/// `text` wrapped at `width` columns, each line indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
            out.push_str(&format!("{:indent$}{line}\n", ""));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{:indent$}{line}\n", ""));
    }
    out
}

/// The `--help` text, with every probe.
pub fn help() -> String {
    let mut out = String::from(HELP_HEAD);
    out.push_str("\nPROBES (rule, severity of a failure, most requests, what it checks)\n");
    for r in rules::ALL {
        out.push_str(&format!("  {:<22} {:<8} {:>2} req\n", r.id, r.severity.as_str(), r.requests));
        out.push_str(&wrap(r.checks, 6, 96));
    }
    out.push_str(&format!(
        "\nAt most {} requests a run (a hard cap); every one goes to --base-url, redirects are not followed.\n",
        rules::request_budget()
    ));
    out.push_str(HELP_TAIL);
    out
}

const HELP_HEAD: &str = "booking-checkout-audit: checks that a booking backend behind the checkout's create-intent URL
is safe to pair with it (secret injection, authentication and ownership, error disclosure,
CSRF and CORS, webhooks, cancels, refunds and staff routes after checkout, the payment page's
headers and scripts).

Run it against loopback or a staging host you own, with two test accounts.

USAGE
  booking-checkout-audit --base-url URL --a-booking ID --b-booking ID [credentials] [options]

TARGET
  --base-url URL              origin of the backend, e.g. http://127.0.0.1:8080
  --create-intent-path PATH   default /api/payments/create-intent (POST {\"booking_id\": …}); a path
                              that names the booking carries {booking_id}, e.g.
                              /api/bookings/{booking_id}/pay
  --page-path PATH            the payment page, default /
  --webhook-path PATH         the Stripe webhook, default /api/payments/webhook
  --cancel-path PATH          the guest's cancel, default /api/bookings/{booking_id}/cancel (POST)
  --booking-path PATH         one booking as its owner reads it (JSON with a status), default
                              /api/bookings/{booking_id}
  --history-path PATH         the caller's payment history (items with booking_id, movement and
                              amount), default /api/payments/history
  --staff-path PATH           the staff actions, default /api/staff/bookings/{booking_id}/{action}
                              ({action}: capture, release, charge, refund, evidence)

ACCOUNTS (two different users, each owning one unpaid booking)
  --a-cookie VALUE | --a-bearer TOKEN   user A: a Cookie header value (name=value) or a bearer token
  --b-cookie VALUE | --b-bearer TOKEN   user B
  --a-booking ID, --b-booking ID        a booking owned by A, one owned by B
  --a-fresh-bookings ID,ID,ID           three more unpaid bookings of A's that have no PaymentIntent
                                        yet (new ones for every run): secret.key_headers,
                                        secret.key_fields and auth.amount_ignored each send their
                                        request to one, so it is the request that creates an intent;
                                        without them those three are inconclusive
  --a-paid-bookings ID,ID               two more bookings of A's, paid in full before the run and
                                        new for every run (the audit does not pay): the audit
                                        cancels them (refund.amount_ignored, cancel.once); without
                                        them those two and cancel.ownership are inconclusive
  --staff-token TOKEN                   the staff API's bearer token: one read of the evidence
                                        of A's booking shows the staff routes exist
                                        (staff.guest_refused); never printed
  Prefer the environment for credentials (not visible in the process list):
  AUDIT_A_COOKIE, AUDIT_A_BEARER, AUDIT_B_COOKIE, AUDIT_B_BEARER, AUDIT_WEBHOOK_SECRET,
  AUDIT_STAFF_TOKEN.

OPTIONS
  --webhook-secret WHSEC      the test environment's signing secret: enables webhook.stale and
                              webhook.valid_once and signs the oversized event
  --log-file PATH             the server's log; lines written during the run are scanned afterwards
  --json                      JSON for CI instead of the table
  --json-file PATH            also write the JSON to PATH (the table still goes to stdout)
  --timeout SECS              per request, default 15
  --i-understand-this-is-production
                              run although a live key (sk_live_, rk_live_, pk_live_) was given or
                              seen on the page or in an answer (otherwise the run stops before
                              any POST)
  -h, --help, -V, --version
";

const HELP_TAIL: &str = "
OUTPUT AND EXIT CODE
  A table (result, severity, rule, one line of evidence, and the fix under each failure), or
  --json. Nothing printed ever contains a credential or secret given to or received by the audit.
  0  no critical or high finding        1  a critical or high finding
  2  usage error, or a live environment refused
  3  no critical or high finding, but a critical or high probe was inconclusive

The audit creates (or reuses) PaymentIntents for the given bookings, sends webhook events for
intents that do not exist, cancels the two --a-paid-bookings (refunded by the server's policy),
and changes nothing else unless a probe finds a fault (a cancel of B's booking that succeeds, a
staff route that lets a guest act). Rate limits: about 30 create-intent calls
for user A and 12 for user B reach the server within a second; allow a burst of at least 35
in the audited environment, or probes are inconclusive.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines_are_wrapped_and_keep_every_word() {
        let text = "one two three four five six seven eight nine ten";
        let wrapped = wrap(text, 2, 20);
        assert!(wrapped.lines().all(|l| l.len() <= 20 && l.starts_with("  ")), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().collect::<Vec<_>>().join(" "), text);
    }

    #[test]
    fn help_documents_every_probe_and_the_request_cap() {
        let h = help();
        for r in rules::ALL {
            assert!(h.contains(r.id), "{} missing from --help", r.id);
        }
        assert!(h.contains(&format!("At most {} requests", rules::request_budget())));
    }
}
