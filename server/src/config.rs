//! Server configuration, from the environment only.
//!
//! Secrets live in `SecretString` (`Debug` prints `[REDACTED]`). Start-up is
//! refused for a publishable key used as the secret, a missing webhook
//! secret, or a live key in demo mode.

use booking_contract::PublishableKey;
use secrecy::{ExposeSecret, SecretString};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Listen address (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// The site's own origin, for Origin checks and CORS (default `http://127.0.0.1:8080`).
    pub public_origin: String,
    /// Extra origins allowed to call the API with credentials (exact match).
    pub allowed_origins: Vec<String>,
    /// `sqlite://…` (default `sqlite://booking.db`, created if missing) or
    /// `postgres://…`; the scheme selects the backend and its migrations.
    pub database_url: String,
    /// Stripe API base (default `https://api.stripe.com`).
    pub stripe_api_base: String,
    /// `sk_…` (or `rk_…`) key.
    pub stripe_secret_key: SecretString,
    /// `whsec_…` webhook signing secret.
    pub stripe_webhook_secret: SecretString,
    /// `LOG_FORMAT`: `text` (the default) or `json` (one object per line,
    /// for collecting the logs of several instances).
    pub log_format: LogFormat,
    /// `STRIPE_WEBHOOK_SECRET_PREVIOUS`: while Stripe rolls the signing
    /// secret, the old one, still accepted.
    pub stripe_webhook_secret_previous: Option<SecretString>,
    /// `pk_…` key written into the served page.
    pub stripe_publishable_key: PublishableKey,
    /// Built component (`trunk build` output).
    pub dist_dir: PathBuf,
    /// Demo mode: seeded users and the demo-only routes.
    pub demo: bool,
    /// Demo only: serve the Stripe.js test double in place of js.stripe.com
    /// (for machines that cannot reach Stripe).
    pub offline_stripe_js: bool,
    /// Whether responses carry `Strict-Transport-Security`: true when
    /// `PUBLIC_ORIGIN` is `https://…`. (Cookies are `Secure` regardless.)
    pub hsts: bool,
    /// create-intent calls a user may burst.
    pub create_intent_burst: u32,
    /// Seconds to earn back one create-intent call.
    pub create_intent_refill_secs: u32,
    /// `CONSENT_BURST`: consents a user may give at once (default 10).
    pub consent_burst: u32,
    /// `CONSENT_REFILL_SECS`: seconds to earn back one consent (default 6).
    pub consent_refill_secs: u32,
    /// `STAFF_TOKEN`: the bearer token of the staff API (capture, release,
    /// charge, refund, evidence), at least 16 characters; [`DEMO_STAFF_TOKEN`]
    /// in demo mode when none is set. `None`: the staff routes answer 404.
    pub staff_token: Option<SecretString>,
    /// `BALANCE_JOB_INTERVAL_SECS`: how often this instance charges the
    /// deposits' balances that are due (the balance job); `None` (unset or
    /// 0) leaves the job off. Several instances may run it: each booking is
    /// charged under its lock, once.
    pub balance_job_interval_secs: Option<u32>,
}

/// The staff token of demo mode when `STAFF_TOKEN` is not set (shown in
/// the README; test mode only, since demo mode refuses live keys).
pub const DEMO_STAFF_TOKEN: &str = "demo-staff-token";

/// The shortest `STAFF_TOKEN` accepted.
pub const STAFF_TOKEN_MIN_CHARS: usize = 16;

/// Why the configuration was refused. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// A required variable is missing.
    Missing(&'static str),
    /// A variable could not be parsed.
    Invalid(&'static str),
    /// `STRIPE_SECRET_KEY` holds a publishable key.
    PublishableAsSecret,
    /// `STRIPE_SECRET_KEY` is not an `sk_`/`rk_` key.
    NotASecretKey,
    /// `STRIPE_WEBHOOK_SECRET` is not a `whsec_` secret.
    BadWebhookSecret,
    /// `STRIPE_PUBLISHABLE_KEY` is not a key the component accepts
    /// ([`PublishableKey::parse`]).
    BadPublishableKey,
    /// Demo mode with a live key.
    LiveKeyInDemo,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing(v) => write!(f, "{v} is required"),
            Self::Invalid(v) => write!(f, "{v} is not valid"),
            Self::PublishableAsSecret => {
                f.write_str("STRIPE_SECRET_KEY holds a publishable key (pk_…); use the secret key")
            }
            Self::NotASecretKey => f.write_str("STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key"),
            Self::BadWebhookSecret => f.write_str("STRIPE_WEBHOOK_SECRET must be a whsec_… signing secret"),
            Self::BadPublishableKey => f.write_str(
                "STRIPE_PUBLISHABLE_KEY must be a publishable key: pk_test_ or pk_live_ followed by letters and digits",
            ),
            Self::LiveKeyInDemo => f.write_str("DEMO=1 refuses live keys: use test-mode keys"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the configuration through `get` (the environment in `main`).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let opt = |k: &str| get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let secret = opt("STRIPE_SECRET_KEY").ok_or(ConfigError::Missing("STRIPE_SECRET_KEY"))?;
        if secret.starts_with("pk_") {
            return Err(ConfigError::PublishableAsSecret);
        }
        if !(secret.starts_with("sk_") || secret.starts_with("rk_")) {
            return Err(ConfigError::NotASecretKey);
        }
        let webhook = opt("STRIPE_WEBHOOK_SECRET").ok_or(ConfigError::Missing("STRIPE_WEBHOOK_SECRET"))?;
        let previous = opt("STRIPE_WEBHOOK_SECRET_PREVIOUS");
        for secret in std::iter::once(&webhook).chain(previous.as_ref()) {
            if !secret.starts_with("whsec_") || secret.len() < 10 {
                return Err(ConfigError::BadWebhookSecret);
            }
        }
        // The component's own rule, so the page never carries a key the
        // component would refuse (or one that needs escaping).
        let publishable = PublishableKey::parse(
            &opt("STRIPE_PUBLISHABLE_KEY").unwrap_or_else(|| "pk_test_bookingCheckoutDemo".into()),
        )
        .map_err(|_| ConfigError::BadPublishableKey)?;
        let demo = opt("DEMO").is_some_and(|v| v == "1" || v == "true");
        if demo && (secret.contains("_live_") || publishable.is_live()) {
            return Err(ConfigError::LiveKeyInDemo);
        }
        let offline_stripe_js = opt("OFFLINE_STRIPE_JS").is_some_and(|v| v == "1" || v == "true");
        if offline_stripe_js && !demo {
            return Err(ConfigError::Invalid("OFFLINE_STRIPE_JS (demo mode only)"));
        }
        let bind: SocketAddr =
            opt("BIND").unwrap_or_else(|| "127.0.0.1:8080".into()).parse().map_err(|_| ConfigError::Invalid("BIND"))?;
        let public_origin = opt("PUBLIC_ORIGIN").unwrap_or_else(|| format!("http://{bind}"));
        let staff_token = match opt("STAFF_TOKEN") {
            Some(t) if t.chars().count() < STAFF_TOKEN_MIN_CHARS => {
                return Err(ConfigError::Invalid("STAFF_TOKEN (16 characters at least)"))
            }
            Some(t) => Some(SecretString::from(t)),
            None => demo.then(|| SecretString::from(DEMO_STAFF_TOKEN)),
        };
        let num = |k: &'static str, d: u32| opt(k).map_or(Ok(d), |v| v.parse().map_err(|_| ConfigError::Invalid(k)));
        Ok(Self {
            bind,
            allowed_origins: opt("ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty() && o != "*" && o != "null")
                        .collect()
                })
                .unwrap_or_default(),
            hsts: public_origin.starts_with("https://"),
            public_origin,
            database_url: opt("DATABASE_URL").unwrap_or_else(|| "sqlite://booking.db".into()),
            stripe_api_base: opt("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com".into()),
            stripe_secret_key: SecretString::from(secret),
            stripe_webhook_secret: SecretString::from(webhook),
            stripe_webhook_secret_previous: previous.map(SecretString::from),
            log_format: match opt("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(_) => return Err(ConfigError::Invalid("LOG_FORMAT (text or json)")),
            },
            stripe_publishable_key: publishable,
            dist_dir: opt("DIST_DIR").unwrap_or_else(|| "dist".into()).into(),
            demo,
            offline_stripe_js,
            create_intent_burst: num("CREATE_INTENT_BURST", 10)?,
            create_intent_refill_secs: num("CREATE_INTENT_REFILL_SECS", 6)?,
            consent_burst: num("CONSENT_BURST", 10)?,
            consent_refill_secs: num("CONSENT_REFILL_SECS", 6)?,
            staff_token,
            balance_job_interval_secs: Some(num("BALANCE_JOB_INTERVAL_SECS", 0)?).filter(|s| *s > 0),
        })
    }

    /// The `whsec_…` webhook signing secrets a delivery may be signed with,
    /// exposed for verification only: the current one (always present:
    /// construction refuses a missing one), and the previous one while it
    /// is being rolled.
    pub fn webhook_secrets(&self) -> Vec<&str> {
        std::iter::once(&self.stripe_webhook_secret)
            .chain(self.stripe_webhook_secret_previous.as_ref())
            .map(|s| s.expose_secret())
            .collect()
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines; colours only on a terminal.
    Text,
    /// One JSON object per line, with the request's span fields.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    const SK: (&str, &str) = ("STRIPE_SECRET_KEY", "sk_test_unit_only");
    const WH: (&str, &str) = ("STRIPE_WEBHOOK_SECRET", "whsec_unit_only");

    #[test]
    fn a_publishable_key_as_the_secret_is_refused() {
        assert_eq!(cfg(&[("STRIPE_SECRET_KEY", "pk_test_abc"), WH]).unwrap_err(), ConfigError::PublishableAsSecret);
    }

    #[test]
    fn a_missing_webhook_secret_is_refused() {
        assert_eq!(cfg(&[SK]).unwrap_err(), ConfigError::Missing("STRIPE_WEBHOOK_SECRET"));
        assert_eq!(
            cfg(&[SK, ("STRIPE_WEBHOOK_SECRET", "  ")]).unwrap_err(),
            ConfigError::Missing("STRIPE_WEBHOOK_SECRET")
        );
        assert_eq!(cfg(&[SK, ("STRIPE_WEBHOOK_SECRET", "secret")]).unwrap_err(), ConfigError::BadWebhookSecret);
    }

    #[test]
    fn only_keys_the_component_accepts_reach_the_page() {
        for key in ["pk_test_a\"><script>", "pk_test_", "pk_prod_abc", "sk_test_abc", "pk_test_a b"] {
            let err = cfg(&[SK, WH, ("STRIPE_PUBLISHABLE_KEY", key)]).unwrap_err();
            assert_eq!(err, ConfigError::BadPublishableKey, "{key}");
            assert!(!err.to_string().contains("script") && !err.to_string().contains("abc"), "never echoed");
        }
        let ok = cfg(&[SK, WH, ("STRIPE_PUBLISHABLE_KEY", "pk_live_51Abc")]).unwrap();
        assert!(ok.stripe_publishable_key.is_live());
    }

    #[test]
    fn a_live_key_is_refused_in_demo_mode() {
        let live = ("STRIPE_SECRET_KEY", "sk_live_unit_only");
        assert_eq!(cfg(&[live, WH, ("DEMO", "1")]).unwrap_err(), ConfigError::LiveKeyInDemo);
        assert!(cfg(&[live, WH]).is_ok());
    }

    #[test]
    fn the_offline_stripe_js_double_is_refused_outside_demo_mode() {
        assert!(cfg(&[SK, WH, ("OFFLINE_STRIPE_JS", "1")]).is_err());
        assert!(cfg(&[SK, WH, ("OFFLINE_STRIPE_JS", "1"), ("DEMO", "1")]).unwrap().offline_stripe_js);
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let c = cfg(&[SK, WH]).unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("sk_test_unit_only") && !dbg.contains("whsec_unit_only"), "{dbg}");
        assert!(dbg.contains("REDACTED"));
    }

    #[test]
    fn the_staff_token_is_off_unless_set_or_in_demo_mode_and_short_ones_are_refused() {
        assert!(cfg(&[SK, WH]).unwrap().staff_token.is_none());
        let demo = cfg(&[SK, WH, ("DEMO", "1")]).unwrap().staff_token.unwrap();
        assert_eq!(demo.expose_secret(), DEMO_STAFF_TOKEN);
        let set = cfg(&[SK, WH, ("STAFF_TOKEN", "a-long-enough-staff-token")]).unwrap();
        assert_eq!(set.staff_token.unwrap().expose_secret(), "a-long-enough-staff-token");
        assert!(cfg(&[SK, WH, ("STAFF_TOKEN", "short")]).is_err());
        let dbg = format!("{:?}", cfg(&[SK, WH, ("STAFF_TOKEN", "a-long-enough-staff-token")]).unwrap());
        assert!(!dbg.contains("a-long-enough"), "{dbg}");
    }

    #[test]
    fn the_balance_job_is_off_unless_an_interval_is_set() {
        assert_eq!(cfg(&[SK, WH]).unwrap().balance_job_interval_secs, None);
        assert_eq!(cfg(&[SK, WH, ("BALANCE_JOB_INTERVAL_SECS", "0")]).unwrap().balance_job_interval_secs, None);
        assert_eq!(cfg(&[SK, WH, ("BALANCE_JOB_INTERVAL_SECS", "600")]).unwrap().balance_job_interval_secs, Some(600));
        assert!(cfg(&[SK, WH, ("BALANCE_JOB_INTERVAL_SECS", "soon")]).is_err());
    }

    #[test]
    fn the_consent_limit_has_defaults_and_can_be_set() {
        let c = cfg(&[SK, WH]).unwrap();
        assert_eq!((c.consent_burst, c.consent_refill_secs), (10, 6));
        let c = cfg(&[SK, WH, ("CONSENT_BURST", "3"), ("CONSENT_REFILL_SECS", "60")]).unwrap();
        assert_eq!((c.consent_burst, c.consent_refill_secs), (3, 60));
        assert_eq!(cfg(&[SK, WH, ("CONSENT_BURST", "many")]).unwrap_err(), ConfigError::Invalid("CONSENT_BURST"));
    }

    #[test]
    fn wildcard_and_null_origins_are_never_allowed() {
        let c = cfg(&[SK, WH, ("ALLOWED_ORIGINS", "*, null, https://shop.example")]).unwrap();
        assert_eq!(c.allowed_origins, vec!["https://shop.example".to_string()]);
    }

    #[test]
    fn error_messages_never_contain_the_value() {
        let err = cfg(&[("STRIPE_SECRET_KEY", "pk_live_leakme"), WH]).unwrap_err();
        assert!(!err.to_string().contains("leakme"));
    }
}
