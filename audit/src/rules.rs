//! The catalogue of rules: one entry per probe, with what it sends, how
//! many requests it may send, and the fix. `--help`, the table and the JSON
//! all read this one list, so a probe cannot exist undocumented.

use crate::severity::Severity;

/// One rule the audit checks.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, `area.name`.
    pub id: &'static str,
    /// Severity of a failure.
    pub severity: Severity,
    /// What the probe sends and what a safe server answers (for `--help`).
    pub checks: &'static str,
    /// The fix, in one line.
    pub fix: &'static str,
    /// Most requests the probe sends.
    pub requests: u32,
}

macro_rules! rule {
    ($name:ident, $id:literal, $sev:ident, $req:literal, $checks:literal, $fix:literal) => {
        #[doc = concat!("`", $id, "`: ", $checks)]
        pub static $name: Rule = Rule { id: $id, severity: Severity::$sev, checks: $checks, fix: $fix, requests: $req };
    };
}

rule!(SECRET_HEADERS, "secret.key_headers", Critical, 2,
    "the plain create-intent for user A's booking (the baseline), then one create-intent for a booking of A's without an intent (--a-fresh-bookings) with x-stripe-secret-key, x-stripe-key, stripe-key, stripe-secret-key, x-stripe-api-key and x-stripe-authorization all set to a valid-looking but unusable sk_test_ key: answered like the plain request (a server that hands the key to Stripe when it creates the intent fails where the plain request succeeds)",
    "build the Stripe client from server configuration only; never read a key from a request header");
rule!(SECRET_FIELDS, "secret.key_fields", Critical, 1,
    "create-intent for another booking of A's without an intent with stripe_secret_key, stripeSecretKey, secret_key, secretKey, stripe_key and apiKey body fields set to an unusable sk_test_ key: answered like the plain request",
    "ignore every key-like body field; the Stripe key comes from server configuration only");
rule!(
    AUTH_REQUIRED,
    "auth.required",
    High,
    1,
    "create-intent for user A's booking without any cookie or token: 401 and no client secret",
    "require a session or token before anything else; answer 401 and create nothing"
);
rule!(
    AUTH_OWNERSHIP,
    "auth.ownership",
    High,
    2,
    "create-intent with user A's credentials on user B's booking: 404, answered exactly like an unknown booking id",
    "load the booking by id AND owner; answer 404 for another user's booking, never 403 or 200"
);
rule!(AUTH_OWNERSHIP_ALIASES, "auth.ownership_aliases", High, 11,
    "user A sends user B's booking id where frameworks also bind it, 10 requests: under bookingId, BookingId, bookingID, bookingid, booking-id, Booking_Id, BOOKING_ID, booking and id in the JSON body, alone and beside A's own booking_id; booking_id twice in one body, in both orders; ?booking_id=, ?bookingId=, ?id= with an empty body and with A's booking_id; form-encoded, alone and after A's booking_id; as a path segment (the {booking_id} of --create-intent-path, or appended to it), alone and with A's booking_id; then user B's create-intent. No answer carries a client secret but A's own, and B's booking keeps the one intent it had",
    "read the booking id from one place and check ownership on exactly the value you load the booking with (SELECT … WHERE id = $1 AND user_id = $2)");
rule!(AUTH_AMOUNT, "auth.amount_ignored", High, 1,
    "create-intent for a third booking of A's without an intent with amount=123 and currency=usd in the body: the new intent has the booking's price, not the client's (a refusal passes too)",
    "price the intent from the booking row; ignore any amount or currency the client sends");
rule!(AUTH_ONE_INTENT, "auth.one_intent", High, 12,
    "first of all, 10 concurrent then 1 more create-intent for user B's booking, and a repeat for user A's: one PaymentIntent per booking",
    "serialise create-intent per booking (lock + UNIQUE constraint) and send Stripe an Idempotency-Key derived from the booking");
rule!(REFUND_AMOUNT, "refund.amount_ignored", High, 3,
    "user A reads a paid booking of A's (--a-paid-bookings, the first; its price), cancels it with amount=1 and refund_amount=1 in the JSON body and the query, and reads A's payment history: neither the cancel's answer nor the history's refunds for the booking are 1, and they do not exceed the price (a refusal passes too). The audit does not pay: the booking is paid before the run, and without a refund to compare (an unpaid booking, a policy that keeps everything) the probe is inconclusive",
    "compute a refund from the booking, its payments and the accepted cancellation policy at the server's time; read no amount from a guest's request");
rule!(CANCEL_ONCE, "cancel.once", High, 7,
    "5 concurrent cancels of another paid booking of A's (--a-paid-bookings, the second), then 1 more, then A's payment history: the history lists one refund movement for the booking, and the answers agree (every 2xx the same refund; no 5xx beside a success)",
    "cancel under one lock per booking; record the decided amounts before asking Stripe, send an Idempotency-Key derived from the booking, and answer a repeat with the first outcome");
rule!(CANCEL_OWNERSHIP, "cancel.ownership", High, 6,
    "user B reads B's booking and payment history; user A cancels user B's booking, then an unknown booking; B reads both again: A's cancel is answered exactly like the unknown booking's (404), and B's booking status and history are unchanged. Inconclusive unless A's own cancels (the two probes above) showed the cancel route exists",
    "load the booking by id AND owner before anything else; answer 404 for another guest's booking and send nothing to Stripe");
rule!(STAFF_GUEST, "staff.guest_refused", High, 10,
    "with --staff-token, one read of the evidence of A's booking shows the staff routes exist; user A reads A's booking and history; A's guest credentials (cookie or token) go to capture, release, charge (no_show), refund and evidence of A's booking; A reads both again: every staff route answers 401 or 403, and nothing changed. A 404 is inconclusive unless the staff token's read showed the routes exist",
    "give staff a credential of their own (a staff token or role checked before anything is read); refuse a guest's session or token with 403");
rule!(ERRORS_GENERIC, "errors.generic_shape", Medium, 9,
    "create-intent (user A) with malformed JSON, a number, null and an array for booking_id, no booking_id, a JSON array body, a 1 MiB body, text/plain and form-encoded bodies: every error answer has one JSON shape and no validation internals (ZodError, issues, field paths, 'Expected string', serde/JSON parser messages), and none is a 5xx",
    "map every validation failure to one fixed error body, e.g. {\"error\":{\"code\",\"message\"}}; log details server-side only");
rule!(ERRORS_LEAKS, "errors.no_leaks", Medium, 0,
    "every API answer seen during the run: no stack trace, SQL, hostname or file path, Stripe object or error, or secret key",
    "answer with fixed text per error code; keep exceptions, SQL and Stripe errors in the server's log, reduced to codes");
rule!(CSRF_ORIGIN, "csrf.foreign_origin", Medium, 1,
    "cookie-authenticated create-intent (user A) with Origin: https://cross-site.invalid: refused (skipped for bearer credentials)",
    "refuse state-changing cookie requests whose Origin is not the site's own or on an exact allow-list");
rule!(CSRF_FETCH_SITE, "csrf.sec_fetch_site", Medium, 1,
    "cookie-authenticated create-intent (user A) with Sec-Fetch-Site: cross-site: refused (skipped for bearer credentials)",
    "refuse state-changing cookie requests that the browser marks Sec-Fetch-Site: cross-site");
rule!(CSRF_JSON_ONLY, "csrf.json_only", Medium, 1,
    "cookie-authenticated create-intent (user A) with a valid JSON body sent as text/plain (what an HTML form can send cross-site): refused, 415 expected (skipped for bearer credentials)",
    "accept only Content-Type: application/json on API POSTs (415 otherwise)");
rule!(CORS_CREDENTIALS, "cors.credentials", High, 3,
    "preflight and POST to create-intent with Origin: https://cross-site.invalid, and a POST with Origin: null: Access-Control-Allow-Origin is never *, null or the foreign origin while credentials are allowed",
    "allow an exact list of origins; never reflect the request's Origin, never *, never null");
rule!(
    WEBHOOK_UNSIGNED,
    "webhook.unsigned",
    Critical,
    1,
    "a payment_intent.succeeded event for an unknown intent without Stripe-Signature: refused",
    "verify Stripe-Signature on the raw body before anything else; refuse a missing header with 400"
);
rule!(
    WEBHOOK_BAD_SIGNATURE,
    "webhook.bad_signature",
    Critical,
    1,
    "the same event signed with a random whsec_ secret: refused",
    "compare the v1 HMAC-SHA256 of \"{t}.{raw body}\" with the endpoint's secret in constant time"
);
rule!(
    WEBHOOK_STALE,
    "webhook.stale",
    High,
    1,
    "the event correctly signed 301 s ago (needs --webhook-secret): refused",
    "refuse signatures whose timestamp is more than 300 s away from now"
);
rule!(
    WEBHOOK_OVERSIZED,
    "webhook.oversized",
    Medium,
    1,
    "a 1 MiB event (signed when --webhook-secret is given): refused, 413 expected",
    "limit the webhook body (64 KiB is plenty) before reading it"
);
rule!(WEBHOOK_VALID, "webhook.valid_once", Medium, 2,
    "a correctly signed event for an unknown intent (needs --webhook-secret): 2xx, and its redelivery 2xx too (a duplicate must be a no-op, never an error Stripe retries)",
    "record processed event ids under a unique constraint in the same transaction as the change; answer 2xx to repeats");
rule!(PAGE_CSP, "page.csp_script_src", High, 1,
    "the payment page: a Content-Security-Policy header (not only <meta>) whose script-src (or default-src) has no 'unsafe-inline', 'unsafe-eval', *, http:, https: or data:",
    "send CSP as a header with script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com plus hashes or nonces for inline scripts");
rule!(PAGE_CSP_STRIPE, "page.csp_stripe", Medium, 0,
    "the page's CSP allows https://js.stripe.com in script-src and frame-src (Stripe.js and its iframes load)",
    "add https://js.stripe.com to script-src and frame-src (plus https://*.js.stripe.com and https://hooks.stripe.com to frame-src)");
rule!(
    PAGE_CSP_REPORTING,
    "page.csp_reporting",
    Medium,
    0,
    "the page's CSP names a reporting endpoint (report-uri, or report-to with a Reporting-Endpoints header)",
    "add report-uri /csp-report and report-to csp with Reporting-Endpoints: csp=\"/csp-report\""
);
rule!(PAGE_ISOLATION, "page.no_isolation", Medium, 0,
    "the page does not send both Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy (Stripe.js does not support cross-origin isolation)",
    "drop COEP (or COOP same-origin) from the payment page");
rule!(
    PAGE_NOSNIFF,
    "page.nosniff",
    Low,
    0,
    "the page carries X-Content-Type-Options: nosniff",
    "send X-Content-Type-Options: nosniff on every response"
);
rule!(
    PAGE_REFERRER,
    "page.referrer_policy",
    Low,
    0,
    "the page carries a Referrer-Policy that is not unsafe-url or no-referrer-when-downgrade",
    "send Referrer-Policy: strict-origin-when-cross-origin"
);
rule!(
    PAGE_HSTS,
    "page.hsts",
    Medium,
    0,
    "over https, the page carries Strict-Transport-Security with max-age of at least 180 days (skipped over http)",
    "send Strict-Transport-Security: max-age=63072000; includeSubDomains in production"
);
rule!(PAGE_SRI, "page.sri", High, 20,
    "every same-origin script the page loads (script src, modulepreload, preload, inline module imports) carries an integrity hash that matches the bytes served; fetches at most 20",
    "emit integrity hashes at build time (trunk does) and serve exactly the built files");
rule!(LOGS_SECRETS, "logs.secrets", High, 0,
    "--log-file, lines written during the run: no sk_/rk_/whsec_ value, client secret, Stripe-Signature value, cookie or credential the audit was given",
    "log request ids and error codes only; wrap secrets in a redacting type");
rule!(
    LOGS_PERSONAL,
    "logs.personal_data",
    Medium,
    0,
    "--log-file, lines written during the run: no email address",
    "log user ids, never emails, names or addresses"
);
rule!(LOGS_RAW_ERRORS, "logs.raw_errors", Medium, 0,
    "--log-file, lines written during the run: no raw error objects (stack traces, ZodError, Stripe error objects, tracebacks, panics)",
    "log a stable error code and the request id instead of the error object");

/// Every rule, in the order the report lists them.
pub static ALL: [&Rule; 33] = [
    &SECRET_HEADERS,
    &SECRET_FIELDS,
    &AUTH_REQUIRED,
    &AUTH_OWNERSHIP,
    &AUTH_OWNERSHIP_ALIASES,
    &AUTH_AMOUNT,
    &AUTH_ONE_INTENT,
    &ERRORS_GENERIC,
    &ERRORS_LEAKS,
    &CSRF_ORIGIN,
    &CSRF_FETCH_SITE,
    &CSRF_JSON_ONLY,
    &CORS_CREDENTIALS,
    &WEBHOOK_UNSIGNED,
    &WEBHOOK_BAD_SIGNATURE,
    &WEBHOOK_STALE,
    &WEBHOOK_OVERSIZED,
    &WEBHOOK_VALID,
    &REFUND_AMOUNT,
    &CANCEL_ONCE,
    &CANCEL_OWNERSHIP,
    &STAFF_GUEST,
    &PAGE_CSP,
    &PAGE_CSP_STRIPE,
    &PAGE_CSP_REPORTING,
    &PAGE_ISOLATION,
    &PAGE_NOSNIFF,
    &PAGE_REFERRER,
    &PAGE_HSTS,
    &PAGE_SRI,
    &LOGS_SECRETS,
    &LOGS_PERSONAL,
    &LOGS_RAW_ERRORS,
];

/// The most requests one run sends: the page, the sign of life of each
/// probe, and every probe's own bound.
pub fn request_budget() -> u32 {
    1 + ALL.iter().map(|r| r.requests).sum::<u32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_named_area_dot_name() {
        for (i, r) in ALL.iter().enumerate() {
            assert!(r.id.split_once('.').is_some_and(|(a, n)| !a.is_empty() && !n.is_empty()), "{}", r.id);
            assert!(ALL[i + 1..].iter().all(|o| o.id != r.id), "duplicate {}", r.id);
        }
    }

    #[test]
    fn the_request_budget_stays_within_a_few_hundred() {
        let budget = request_budget();
        assert!((50..=300).contains(&budget), "{budget}");
    }
}
