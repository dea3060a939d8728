//! A small typed client for the PaymentIntent calls the server makes, and
//! the transport every Stripe call shares (Customers and SetupIntents are
//! in the saved-cards module, built on this transport).
//!
//! Stripe is reached at a configurable base URL (real Stripe, or localstripe
//! in tests and the demo). Structs are lenient: they read only the fields we
//! use, so localstripe's older payloads and Stripe's current ones both parse.
//! Every POST carries an `Idempotency-Key`. Errors keep Stripe's `type` and
//! `code` for logs, never its message (which can echo request data).

use booking_contract::{ClientSecret, IntentStatus};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::time::Duration;

/// Stripe's own request header for idempotent POSTs. Its value is always
/// derived from server facts, never taken from the client's
/// [`booking_contract::IDEMPOTENCY_HEADER`].
const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// How long one Stripe call may take. A create-intent makes at most three
/// (retrieve, create, retrieve the winner), and three of these fit in the
/// server's 30 s request time-out, so a slow Stripe is answered 502 with
/// the fixed body rather than cut off.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(9);

/// A PaymentIntent, as far as the server cares.
#[derive(Debug, Clone, Deserialize)]
pub struct PaymentIntent {
    /// `pi_…`.
    pub id: String,
    /// Its status; a string this build does not know is `Unknown`.
    pub status: IntentStatus,
    /// Minor units.
    pub amount: i64,
    /// Lowercase ISO code.
    pub currency: String,
    /// Secret for the customer's browser; redacted in `Debug`.
    #[serde(default)]
    pub client_secret: Option<ClientSecret>,
    /// The PaymentMethod's id (`pm_…`) once one is attached.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// What was captured, in minor units (Stripe's `amount_received`).
    #[serde(default)]
    pub amount_received: Option<i64>,
}

/// A failed Stripe call, reduced to what may be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StripeError {
    /// Could not connect, or timed out.
    Transport,
    /// Stripe answered with an error status.
    Api {
        /// HTTP status.
        status: u16,
        /// Stripe's error `type`, if present.
        kind: Option<String>,
        /// Stripe's error `code`, if present.
        code: Option<String>,
        /// The PaymentIntent the error is about (`error.payment_intent.id`,
        /// as a declined or unauthenticated confirmation carries it).
        intent: Option<String>,
    },
    /// A 2xx body that did not parse.
    Decode,
}

/// How often a request whose idempotency key another request is still
/// executing (409 `idempotency_key_in_use`) is sent again, and the first
/// wait; the waits double (0.1 + 0.2 + 0.4 + 0.8 + 1.6 s at most).
const KEY_IN_USE_RETRIES: u32 = 5;
const KEY_IN_USE_FIRST_WAIT: Duration = Duration::from_millis(100);

impl StripeError {
    /// Whether Stripe is still executing an earlier request with this
    /// idempotency key (another instance's, say): the same request, sent
    /// again once that one has finished, is answered with its result.
    pub fn key_in_use(&self) -> bool {
        matches!(self, Self::Api { status: 409, code: Some(code), .. } if code == "idempotency_key_in_use")
    }

    /// Whether the idempotency key was used before with other parameters:
    /// a fault of this server's keys, never retried.
    pub fn key_reused(&self) -> bool {
        matches!(self, Self::Api { kind: Some(kind), .. } if kind == "idempotency_error")
    }

    /// Stable code for logs.
    pub fn log_code(&self) -> String {
        match self {
            Self::Transport => "stripe_transport".into(),
            Self::Decode => "stripe_decode".into(),
            Self::Api { status, kind, code, .. } => format!(
                "stripe_api status={status} type={} code={}",
                kind.as_deref().unwrap_or("-"),
                code.as_deref().unwrap_or("-")
            ),
        }
    }
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorFields,
}

#[derive(Deserialize)]
struct ErrorFields {
    #[serde(rename = "type")]
    kind: Option<String>,
    code: Option<String>,
    #[serde(default)]
    payment_intent: Option<ErrorIntent>,
}

#[derive(Deserialize)]
struct ErrorIntent {
    id: String,
}

/// Logs an idempotency key reused with other parameters (the code only:
/// neither key nor parameters) and passes the answer on.
fn logged<T>(answer: Result<T, StripeError>) -> Result<T, StripeError> {
    if let Err(e) = &answer {
        if e.key_reused() {
            tracing::error!(stripe = %e.log_code(), "idempotency key reused with other parameters");
        }
    }
    answer
}

/// Stripe API client holding the secret key.
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    base: String,
    key: SecretString,
}

impl std::fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeClient").field("base", &self.base).field("key", &"[REDACTED]").finish()
    }
}

impl StripeClient {
    /// A client for `base` (e.g. `https://api.stripe.com`) with `key` and
    /// the default time-out ([`DEFAULT_TIMEOUT`]).
    pub fn new(base: &str, key: SecretString) -> Self {
        Self::with_timeout(base, key, DEFAULT_TIMEOUT)
    }

    /// A client whose every call gives up after `timeout` (connecting
    /// included), answered as [`StripeError::Transport`].
    pub fn with_timeout(base: &str, key: SecretString, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .user_agent(concat!("booking-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("TLS backend initialises");
        Self { http, base: base.trim_end_matches('/').to_owned(), key }
    }

    /// Sends `req` with the secret key and reads its answer.
    pub(super) async fn send<T: for<'de> Deserialize<'de>>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, StripeError> {
        let res = req.bearer_auth(self.key.expose_secret()).send().await.map_err(|_| StripeError::Transport)?;
        let status = res.status();
        let bytes = res.bytes().await.map_err(|_| StripeError::Transport)?;
        if !status.is_success() {
            let fields = serde_json::from_slice::<ErrorEnvelope>(&bytes).ok().map(|e| e.error);
            return Err(StripeError::Api {
                status: status.as_u16(),
                kind: fields.as_ref().and_then(|f| f.kind.clone()),
                code: fields.as_ref().and_then(|f| f.code.clone()),
                intent: fields.and_then(|f| f.payment_intent).map(|i| i.id),
            });
        }
        serde_json::from_slice(&bytes).map_err(|_| StripeError::Decode)
    }

    /// A GET of `path` (e.g. `/v1/payment_intents/pi_1`).
    pub(super) fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.get(format!("{}{path}", self.base))
    }

    /// A POST of `form` to `path` with `idempotency_key`.
    pub(super) fn post(&self, path: &str, idempotency_key: &str, form: &[(&str, String)]) -> reqwest::RequestBuilder {
        self.http.post(format!("{}{path}", self.base)).header(IDEMPOTENCY_KEY_HEADER, idempotency_key).form(form)
    }

    /// Sends an idempotent POST, again (bounded, with growing waits) while
    /// Stripe says an earlier request with its key is still executing; the
    /// answer is then that request's saved result. A key reused with other
    /// parameters is logged: it is a fault of the key's derivation.
    pub(super) async fn send_idempotent<T: for<'de> Deserialize<'de>>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, StripeError> {
        let mut wait = KEY_IN_USE_FIRST_WAIT;
        for _ in 0..KEY_IN_USE_RETRIES {
            let Some(attempt) = req.try_clone() else { break };
            match self.send(attempt).await {
                Err(e) if e.key_in_use() => {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
                answer => return logged(answer),
            }
        }
        logged(self.send(req).await)
    }

    /// Creates a PaymentIntent for a booking, paid in full now.
    pub async fn create_intent(
        &self,
        amount: i64,
        currency: &str,
        booking_id: &str,
        idempotency_key: &str,
    ) -> Result<PaymentIntent, StripeError> {
        let form = [
            ("amount", amount.to_string()),
            ("currency", currency.to_owned()),
            ("metadata[booking_id]", booking_id.to_owned()),
        ];
        self.create_payment_intent(&form, idempotency_key).await
    }

    /// Creates a PaymentIntent with `form` (see [`super::plan::CheckoutIntent::form`]).
    pub async fn create_payment_intent(
        &self,
        form: &[(&str, String)],
        idempotency_key: &str,
    ) -> Result<PaymentIntent, StripeError> {
        self.send_idempotent(self.post("/v1/payment_intents", idempotency_key, form)).await
    }

    /// Retrieves a PaymentIntent (with its client secret).
    pub async fn retrieve_intent(&self, id: &str) -> Result<PaymentIntent, StripeError> {
        self.send(self.get(&format!("/v1/payment_intents/{id}"))).await
    }

    /// Updates a PaymentIntent with form parameters.
    pub async fn update_intent(
        &self,
        id: &str,
        idempotency_key: &str,
        form: &[(&str, String)],
    ) -> Result<PaymentIntent, StripeError> {
        self.send_idempotent(self.post(&format!("/v1/payment_intents/{id}"), idempotency_key, form)).await
    }

    /// Cancels a PaymentIntent: no confirmation can charge it afterwards.
    /// Stripe refuses (400 `payment_intent_unexpected_state`) once it has
    /// succeeded, so a cancel and a confirmation never both win.
    pub async fn cancel_intent(&self, id: &str, idempotency_key: &str) -> Result<PaymentIntent, StripeError> {
        self.send_idempotent(self.post(&format!("/v1/payment_intents/{id}/cancel"), idempotency_key, &[])).await
    }

    /// Confirms a PaymentIntent whose payment method is already attached.
    pub async fn confirm_intent(&self, id: &str, idempotency_key: &str) -> Result<PaymentIntent, StripeError> {
        self.send_idempotent(self.post(&format!("/v1/payment_intents/{id}/confirm"), idempotency_key, &[])).await
    }
}
