//! The command line: options, their environment fallbacks and validation
//! (`--help` is [`crate::help`]).

use reqwest::Url;
use std::path::PathBuf;

/// How one test account authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A `Cookie` header value, e.g. `__Host-session=…`.
    Cookie(String),
    /// A bearer token, sent as `Authorization: Bearer …`.
    Bearer(String),
}

impl Credential {
    /// The secret part, for redaction.
    pub fn secret_values(&self) -> Vec<String> {
        match self {
            Self::Cookie(c) => {
                let mut v = vec![c.clone()];
                v.extend(c.split(';').filter_map(|p| p.split_once('=')).map(|(_, val)| val.trim().to_owned()));
                v
            }
            Self::Bearer(t) => vec![t.clone()],
        }
    }
}

/// A test account and one booking it owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its cookie or token.
    pub credential: Credential,
    /// A booking id owned by this account.
    pub booking: String,
}

/// How many of user A's bookings without a PaymentIntent the probes of
/// intent creation need: one each for `secret.key_headers`,
/// `secret.key_fields` and `auth.amount_ignored`.
pub const FRESH_BOOKINGS: usize = 3;

/// How many paid bookings of user A's the probes of cancellation need: one
/// for `refund.amount_ignored` and one for `cancel.once`.
pub const PAID_BOOKINGS: usize = 2;

/// The placeholder a create-intent path may carry for the booking id
/// (`/api/bookings/{booking_id}/pay`); the cancel, booking and staff paths
/// must carry it.
pub const BOOKING_PLACEHOLDER: &str = "{booking_id}";

/// The placeholder the staff path carries for the action (`capture`,
/// `release`, `charge`, `refund`, `evidence`).
pub const ACTION_PLACEHOLDER: &str = "{action}";

/// A validated run configuration.
#[derive(Debug, Clone)]
pub struct Options {
    /// The backend's origin (`http(s)://host[:port]`).
    pub base: Url,
    /// Path of create-intent.
    pub create_intent_path: String,
    /// Path of the payment page.
    pub page_path: String,
    /// Path of the Stripe webhook.
    pub webhook_path: String,
    /// Path of the guest's cancel (carries [`BOOKING_PLACEHOLDER`]).
    pub cancel_path: String,
    /// Path of one booking as its owner reads it (carries [`BOOKING_PLACEHOLDER`]).
    pub booking_path: String,
    /// Path of the caller's payment history.
    pub history_path: String,
    /// Path of the staff actions (carries [`BOOKING_PLACEHOLDER`] and [`ACTION_PLACEHOLDER`]).
    pub staff_path: String,
    /// User A.
    pub user_a: Account,
    /// User B.
    pub user_b: Account,
    /// Bookings of user A that have no PaymentIntent yet, one for each probe
    /// that tests what the server does when it creates an intent (at most
    /// [`FRESH_BOOKINGS`] are used; empty when not given).
    pub fresh_bookings: Vec<String>,
    /// Paid bookings of user A's that the cancellation probes cancel, new
    /// for every run (at most [`PAID_BOOKINGS`] are used; empty when not given).
    pub paid_bookings: Vec<String>,
    /// The staff API's bearer token, used for one read (the evidence of
    /// user A's booking) that shows the staff routes exist; never printed.
    pub staff_token: Option<String>,
    /// The test environment's `whsec_…`, for the signed webhook probes.
    pub webhook_secret: Option<String>,
    /// The server's log file, scanned after the run.
    pub log_file: Option<PathBuf>,
    /// JSON instead of the table.
    pub json: bool,
    /// Also write the JSON document to this file.
    pub json_file: Option<PathBuf>,
    /// Per-request time-out, seconds.
    pub timeout_secs: u64,
    /// Run even where live keys show.
    pub production_confirmed: bool,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Print [`crate::help::help`].
    Help,
    /// Print the version.
    Version,
    /// Audit.
    Run(Box<Options>),
}

/// Why the command line was refused (printed, exit code 2). Never holds a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

const VALUED: [&str; 21] = [
    "--base-url",
    "--create-intent-path",
    "--page-path",
    "--webhook-path",
    "--cancel-path",
    "--booking-path",
    "--history-path",
    "--staff-path",
    "--a-paid-bookings",
    "--staff-token",
    "--a-cookie",
    "--a-bearer",
    "--a-booking",
    "--b-cookie",
    "--b-bearer",
    "--b-booking",
    "--a-fresh-bookings",
    "--webhook-secret",
    "--log-file",
    "--timeout",
    "--json-file",
];

/// Parses `args` (without the program name); `env` supplies the
/// `AUDIT_*` fallbacks for credentials and the webhook secret.
pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Command, UsageError> {
    let mut values: Vec<(String, String)> = Vec::new();
    let (mut json, mut production) = (false, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--json" => json = true,
            "--i-understand-this-is-production" => production = true,
            n if VALUED.contains(&n) => {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| UsageError(format!("{n} needs a value")))?,
                };
                values.push((n.to_owned(), v));
            }
            other => return Err(UsageError(format!("unknown argument {}", printable(other)))),
        }
    }
    let get = |name: &str| values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let base = get("--base-url").ok_or_else(|| UsageError("--base-url is required".into()))?;
    let base = origin(&base)?;
    let path = |flag: &str, default: &str| -> Result<String, UsageError> {
        let p = get(flag).unwrap_or_else(|| default.to_owned());
        check_path(flag, &p).map(|()| p)
    };
    let account = |who: &str| -> Result<Account, UsageError> {
        let upper = who.to_ascii_uppercase();
        let cookie = get(&format!("--{who}-cookie")).or_else(|| env(&format!("AUDIT_{upper}_COOKIE")));
        let bearer = get(&format!("--{who}-bearer")).or_else(|| env(&format!("AUDIT_{upper}_BEARER")));
        let credential = match (cookie.filter(|c| !c.trim().is_empty()), bearer.filter(|b| !b.trim().is_empty())) {
            (Some(c), None) => Credential::Cookie(c.trim().to_owned()),
            (None, Some(b)) => Credential::Bearer(b.trim().trim_start_matches("Bearer ").trim().to_owned()),
            (Some(_), Some(_)) => return Err(UsageError(format!("user {upper}: give a cookie or a bearer token, not both"))),
            (None, None) => {
                return Err(UsageError(format!(
                    "user {upper}: --{who}-cookie or --{who}-bearer (or AUDIT_{upper}_COOKIE / AUDIT_{upper}_BEARER) is required"
                )))
            }
        };
        let booking = get(&format!("--{who}-booking"))
            .filter(|b| !b.trim().is_empty())
            .ok_or_else(|| UsageError(format!("--{who}-booking is required")))?;
        Ok(Account { credential, booking: booking.trim().to_owned() })
    };
    let (user_a, user_b) = (account("a")?, account("b")?);
    if user_a.booking == user_b.booking {
        return Err(UsageError("--a-booking and --b-booking must be two different bookings".into()));
    }
    if user_a.credential == user_b.credential {
        return Err(UsageError("users A and B must be two different accounts".into()));
    }
    let fresh_bookings = fresh(get("--a-fresh-bookings").as_deref(), &user_a, &user_b)?;
    let paid_bookings = paid(get("--a-paid-bookings").as_deref(), &user_a, &user_b, &fresh_bookings)?;
    let staff_token = get("--staff-token")
        .or_else(|| env("AUDIT_STAFF_TOKEN"))
        .map(|t| t.trim().trim_start_matches("Bearer ").trim().to_owned())
        .filter(|t| !t.is_empty());
    let webhook_secret = get("--webhook-secret").or_else(|| env("AUDIT_WEBHOOK_SECRET")).filter(|s| !s.is_empty());
    let timeout_secs = match get("--timeout") {
        Some(t) => t
            .parse()
            .ok()
            .filter(|t| (1..=120).contains(t))
            .ok_or_else(|| UsageError("--timeout takes 1 to 120 seconds".into()))?,
        None => 15,
    };
    let options = Options {
        base,
        create_intent_path: path("--create-intent-path", "/api/payments/create-intent")?,
        page_path: path("--page-path", "/")?,
        webhook_path: path("--webhook-path", "/api/payments/webhook")?,
        cancel_path: path("--cancel-path", "/api/bookings/{booking_id}/cancel")?,
        booking_path: path("--booking-path", "/api/bookings/{booking_id}")?,
        history_path: path("--history-path", "/api/payments/history")?,
        staff_path: path("--staff-path", "/api/staff/bookings/{booking_id}/{action}")?,
        user_a,
        user_b,
        fresh_bookings,
        paid_bookings,
        staff_token,
        webhook_secret,
        log_file: get("--log-file").map(PathBuf::from),
        json,
        json_file: get("--json-file").map(PathBuf::from),
        timeout_secs,
        production_confirmed: production,
    };
    if !production && live_values(&options) {
        return Err(UsageError(
            "a live key (sk_live_/rk_live_/pk_live_) was given: refusing to audit production without --i-understand-this-is-production".into(),
        ));
    }
    Ok(Command::Run(Box::new(options)))
}

/// Whether anything the user gave looks like a live Stripe key.
fn live_values(o: &Options) -> bool {
    let mut given: Vec<String> = o.user_a.credential.secret_values();
    given.extend(o.user_b.credential.secret_values());
    given.extend(o.webhook_secret.clone());
    given.extend(o.staff_token.clone());
    given.iter().any(|v| crate::scan::has_live_key(v))
}

fn origin(raw: &str) -> Result<Url, UsageError> {
    let url = Url::parse(raw.trim()).map_err(|_| UsageError("--base-url is not a URL".into()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(UsageError("--base-url must be http:// or https:// with a host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UsageError("--base-url must not carry credentials; use --a-cookie etc.".into()));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(UsageError("--base-url is the origin only (scheme, host, port); give paths with --…-path".into()));
    }
    Ok(url)
}

fn check_path(flag: &str, p: &str) -> Result<(), UsageError> {
    let ok = p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.chars().any(char::is_whitespace);
    if !ok {
        return Err(UsageError(format!("{flag} must be a path on the base URL, starting with a single /")));
    }
    // Which placeholders a path may carry, and which it must.
    let (allowed, required): (&[&str], &[&str]) = match flag {
        "--create-intent-path" => (&[BOOKING_PLACEHOLDER], &[]),
        "--cancel-path" | "--booking-path" => (&[BOOKING_PLACEHOLDER], &[BOOKING_PLACEHOLDER]),
        "--staff-path" => (&[BOOKING_PLACEHOLDER, ACTION_PLACEHOLDER], &[BOOKING_PLACEHOLDER, ACTION_PLACEHOLDER]),
        _ => (&[], &[]),
    };
    let braces = allowed.iter().fold(p.to_owned(), |rest, a| rest.replace(a, ""));
    if braces.contains(['{', '}']) {
        return Err(UsageError(match allowed {
            [] if p.contains(BOOKING_PLACEHOLDER) => format!(
                "{flag} takes no {BOOKING_PLACEHOLDER}; only the create-intent, cancel, booking and staff paths do"
            ),
            [] => format!("{flag} takes no placeholder"),
            _ => format!("{flag}: the only placeholders are {}", allowed.join(" and ")),
        }));
    }
    match required.iter().find(|r| !p.contains(**r)) {
        Some(missing) => Err(UsageError(format!("{flag} must carry {missing}"))),
        None => Ok(()),
    }
}

/// `--a-fresh-bookings ID,ID,ID`: distinct ids, none of them A's or B's main booking.
fn fresh(list: Option<&str>, a: &Account, b: &Account) -> Result<Vec<String>, UsageError> {
    let ids: Vec<String> =
        list.unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if list.is_some() && ids.len() < FRESH_BOOKINGS {
        return Err(UsageError(format!("--a-fresh-bookings needs {FRESH_BOOKINGS} booking ids, comma-separated")));
    }
    for (i, id) in ids.iter().enumerate() {
        if *id == a.booking || *id == b.booking || ids[..i].contains(id) {
            return Err(UsageError(
                "--a-fresh-bookings must be distinct bookings, other than --a-booking and --b-booking".into(),
            ));
        }
    }
    Ok(ids)
}

/// `--a-paid-bookings ID,ID`: distinct ids, none of them another booking the audit was given.
fn paid(list: Option<&str>, a: &Account, b: &Account, fresh: &[String]) -> Result<Vec<String>, UsageError> {
    let ids: Vec<String> =
        list.unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if list.is_some() && ids.len() < PAID_BOOKINGS {
        return Err(UsageError(format!("--a-paid-bookings needs {PAID_BOOKINGS} booking ids, comma-separated")));
    }
    for (i, id) in ids.iter().enumerate() {
        if *id == a.booking || *id == b.booking || fresh.contains(id) || ids[..i].contains(id) {
            return Err(UsageError(
                "--a-paid-bookings must be distinct bookings, other than --a-booking, --b-booking and --a-fresh-bookings"
                    .into(),
            ));
        }
    }
    Ok(ids)
}

/// An argument echoed in an error: only flag-shaped text, never a value.
fn printable(arg: &str) -> String {
    if arg.starts_with('-') && arg.len() <= 40 && arg.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        arg.to_owned()
    } else {
        "(a value without its flag?)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    const MIN: &str =
        "--base-url http://127.0.0.1:8080 --a-cookie s=aaaa --b-bearer bbbb --a-booking bk_1 --b-booking bk_2";

    fn run(s: &str) -> Result<Options, UsageError> {
        match parse(&args(s), no_env)? {
            Command::Run(o) => Ok(*o),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_minimum_command_line_gets_the_default_paths() {
        let o = run(MIN).unwrap();
        assert_eq!(o.base.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(o.create_intent_path, "/api/payments/create-intent");
        assert_eq!((o.page_path.as_str(), o.webhook_path.as_str()), ("/", "/api/payments/webhook"));
        assert_eq!(o.user_a.credential, Credential::Cookie("s=aaaa".into()));
        assert_eq!(o.user_b.credential, Credential::Bearer("bbbb".into()));
        assert!(!o.json && o.webhook_secret.is_none());
    }

    #[test]
    fn credentials_and_the_webhook_secret_can_come_from_the_environment() {
        let env = |k: &str| match k {
            "AUDIT_A_BEARER" => Some("from-env-a".to_string()),
            "AUDIT_B_COOKIE" => Some("sid=from-env-b".to_string()),
            "AUDIT_WEBHOOK_SECRET" => Some("whsec_from_env".to_string()),
            _ => None,
        };
        let Command::Run(o) =
            parse(&args("--base-url=http://localhost:9 --a-booking x --b-booking y --json"), env).unwrap()
        else {
            panic!()
        };
        assert_eq!(o.user_a.credential, Credential::Bearer("from-env-a".into()));
        assert_eq!(o.user_b.credential, Credential::Cookie("sid=from-env-b".into()));
        assert_eq!(o.webhook_secret.as_deref(), Some("whsec_from_env"));
        assert!(o.json);
    }

    #[test]
    fn a_base_url_with_a_path_or_credentials_or_another_scheme_is_refused() {
        for base in ["http://h/api", "ftp://h", "http://u:p@h", "not a url", "http://h/?q=1"] {
            let line = MIN.replace("http://127.0.0.1:8080", base);
            assert!(run(&line).is_err(), "{base}");
        }
    }

    #[test]
    fn paths_that_could_leave_the_base_url_are_refused() {
        for p in ["//evil.example/x", "http://evil.example/", "api", "/a\\b"] {
            assert!(run(&format!("{MIN} --page-path {p}")).is_err(), "{p}");
        }
    }

    #[test]
    fn a_live_key_among_the_inputs_is_refused_unless_confirmed() {
        let live = format!("whsec_x --a-cookie s={}", ["sk", "live", "abc"].join("_"));
        let line = format!("{MIN} --webhook-secret {live}");
        let err = run(&line).unwrap_err();
        assert!(err.0.contains("--i-understand-this-is-production") && !err.0.contains("abc"), "{err:?}");
        assert!(run(&format!("{line} --i-understand-this-is-production")).is_ok());
    }

    #[test]
    fn fresh_bookings_are_a_list_of_distinct_ids_apart_from_the_main_ones() {
        assert!(run(MIN).unwrap().fresh_bookings.is_empty());
        let o = run(&format!("{MIN} --a-fresh-bookings bk_3,bk_4,bk_5")).unwrap();
        assert_eq!(o.fresh_bookings, ["bk_3", "bk_4", "bk_5"]);
        for bad in ["bk_3,bk_4", "bk_3,bk_3,bk_4", "bk_1,bk_3,bk_4", "bk_3,bk_2,bk_4"] {
            assert!(run(&format!("{MIN} --a-fresh-bookings {bad}")).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_create_intent_path_may_name_the_booking() {
        let o = run(&format!("{MIN} --create-intent-path /api/bookings/{{booking_id}}/pay")).unwrap();
        assert_eq!(o.create_intent_path, "/api/bookings/{booking_id}/pay");
        assert!(run(&format!("{MIN} --page-path /pay/{{booking_id}}")).is_err());
        assert!(run(&format!("{MIN} --create-intent-path /api/{{id}}/pay")).is_err());
    }

    #[test]
    fn paid_bookings_are_two_distinct_ids_apart_from_every_other_booking() {
        assert!(run(MIN).unwrap().paid_bookings.is_empty());
        let line = format!("{MIN} --a-fresh-bookings bk_3,bk_4,bk_5");
        let o = run(&format!("{line} --a-paid-bookings bk_6,bk_7")).unwrap();
        assert_eq!(o.paid_bookings, ["bk_6", "bk_7"]);
        for bad in ["bk_6", "bk_6,bk_6", "bk_1,bk_6", "bk_6,bk_2", "bk_3,bk_6"] {
            assert!(run(&format!("{line} --a-paid-bookings {bad}")).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_staff_token_comes_from_the_flag_or_the_environment_and_a_live_key_there_is_refused() {
        assert!(run(MIN).unwrap().staff_token.is_none());
        let env = |k: &str| (k == "AUDIT_STAFF_TOKEN").then(|| "Bearer staff-from-env".to_string());
        let Command::Run(o) = parse(&args(MIN), env).unwrap() else { panic!() };
        assert_eq!(o.staff_token.as_deref(), Some("staff-from-env"));
        let live = ["sk", "live", "abcdef"].join("_");
        let err = run(&format!("{MIN} --staff-token {live}")).unwrap_err();
        assert!(!err.0.contains("abcdef"), "{err:?}");
    }

    #[test]
    fn the_after_checkout_paths_carry_their_placeholders() {
        let o = run(MIN).unwrap();
        assert_eq!(o.cancel_path, "/api/bookings/{booking_id}/cancel");
        assert_eq!(o.staff_path, "/api/staff/bookings/{booking_id}/{action}");
        assert!(run(&format!("{MIN} --staff-path /staff/{{booking_id}}/do/{{action}}")).is_ok());
        assert!(run(&format!("{MIN} --cancel-path /api/bookings/cancel")).is_err(), "no {{booking_id}}");
        assert!(run(&format!("{MIN} --staff-path /staff/{{booking_id}}")).is_err(), "no {{action}}");
        assert!(run(&format!("{MIN} --cancel-path /b/{{booking_id}}/{{action}}")).is_err());
        assert!(run(&format!("{MIN} --history-path /h/{{booking_id}}")).is_err());
    }

    #[test]
    fn missing_accounts_the_same_booking_twice_and_unknown_flags_are_usage_errors() {
        assert!(run("--base-url http://h --a-booking x --b-booking y").is_err());
        assert!(run(&MIN.replace("bk_2", "bk_1")).is_err());
        let err = run(&format!("{MIN} --frobnicate")).unwrap_err();
        assert!(err.0.contains("--frobnicate"));
        let err = run(&format!("{MIN} s3cr3t-value")).unwrap_err();
        assert!(!err.0.contains("s3cr3t"), "a stray value is never echoed: {err:?}");
    }
}
