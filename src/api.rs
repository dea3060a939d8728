//! The call to the host's authenticated create-intent endpoint.
//!
//! The request carries the booking id only, never an amount; the answer is
//! mapped to the contract's response or to a [`ServerError`] whose text is
//! fixed. The server's own message is never read, let alone shown.

use crate::config::{Auth, CheckoutConfig, Flow};
use crate::errors::ServerError;
use booking_contract::CreateIntentResponse;

/// How long create-intent may take before it counts as failed.
pub const TIMEOUT_MS: u32 = 15_000;

/// Seconds to wait after a 429 when `Retry-After` is absent or unreadable.
const DEFAULT_RETRY_AFTER: u32 = 5;

/// Reads `Retry-After` (delay-seconds form), bounded to 1..=120 seconds.
pub fn retry_after_secs(header: Option<&str>) -> u32 {
    header.and_then(|v| v.trim().parse::<u32>().ok()).map_or(DEFAULT_RETRY_AFTER, |s| s.clamp(1, 120))
}

/// Maps a non-2xx status to its error.
pub fn status_error(status: u16, retry_after: Option<&str>) -> ServerError {
    match status {
        401 => ServerError::SignIn,
        403 | 404 => ServerError::NotPayable,
        409 => ServerError::AlreadyPaid,
        429 => ServerError::RateLimited { retry_after_secs: retry_after_secs(retry_after) },
        500..=599 | 408 => ServerError::Unavailable,
        _ => ServerError::Invalid,
    }
}

/// Maps a whole answer: `body` is the parsed JSON body if it had the
/// contract's shape, `None` if it was not JSON or had another shape.
pub fn map_answer(
    status: u16,
    retry_after: Option<&str>,
    body: Option<CreateIntentResponse>,
) -> Result<CreateIntentResponse, ServerError> {
    match (status, body) {
        (200..=299, Some(ok)) => Ok(ok),
        (200..=299, None) => Err(ServerError::BadResponse),
        (s, _) => Err(status_error(s, retry_after)),
    }
}

/// A create-intent attempt: its idempotency key is reused by every retry of
/// the same booking, so a retried request cannot create a second intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Booking being paid.
    pub booking_id: String,
    /// `Idempotency-Key` header value.
    pub idempotency_key: String,
}

/// The element property on which `src/embed/early.js` leaves its record.
pub const EARLY_START_PROPERTY: &str = "__bookingCheckoutEarly";

/// A create-intent request the page's early-start script (`src/embed/early.js`)
/// sent before the component started, described by what it was sent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyRequest {
    /// Booking and idempotency key of the request.
    pub attempt: Attempt,
    /// Endpoint it went to.
    pub url: String,
    /// Whether it carried a bearer token (else the cookie session).
    pub bearer: bool,
    /// Name of the CSRF header it carried, if any.
    pub csrf_header: Option<String>,
}

impl EarlyRequest {
    /// Whether this is the request `config` would have sent itself; only
    /// then is its answer used (and its idempotency key kept for retries).
    pub fn matches(&self, config: &CheckoutConfig) -> bool {
        config.flow == Flow::IntentFirst
            && self.attempt.booking_id == config.booking_id
            && self.url == config.create_intent_url
            && self.bearer == matches!(config.auth, Auth::Bearer(_))
            && self.csrf_header.as_deref() == config.csrf.as_ref().map(|(name, _)| name.as_str())
            && !self.attempt.idempotency_key.is_empty()
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{create_intent, read_early, EarlyIntent};

/// The fetch side, with the browser's own JSON: the request's one key and
/// the answer's three are written and read as the contract spells them
/// (`js_object` out, `stripe::Fields` in), the answer checked by the
/// contract's own parsers; `tests/browser.rs` and the end-to-end suite
/// run them against the reference server's shapes.
#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::errors::CheckoutError;
    use crate::js_object::JsObject;
    use crate::stripe::{EarlyForm, Fields, Invalid};
    use booking_contract::{ClientSecret, CreateIntentRequest, Currency, Money, IDEMPOTENCY_HEADER};
    use js_sys::{JsString, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, Response};

    fn unavailable<T>(_: T) -> CheckoutError {
        CheckoutError::Server(ServerError::Unavailable)
    }

    /// An early-start request with its pending answer (a `Response`, or
    /// `null` when the request failed).
    pub struct EarlyIntent {
        /// What the request was sent with.
        pub request: EarlyRequest,
        /// The pending answer.
        pub response: Promise,
        /// The form the script mounts once it has the answer and Stripe.js.
        pub form: EarlyForm,
    }

    impl EarlyIntent {
        /// Reads the early-start record the script left on `element`, once:
        /// the record is removed, so a remount sends its own request.
        pub fn take_from(element: &JsValue) -> Option<Self> {
            let name = JsValue::from_str(EARLY_START_PROPERTY);
            let record = Reflect::get(element, &name).ok().filter(|v| v.is_object())?;
            let _ = Reflect::delete_property(element.unchecked_ref::<js_sys::Object>(), &name);
            let text = |k: &str| Reflect::get(&record, &k.into()).ok().and_then(|v| v.as_string());
            let request = EarlyRequest {
                attempt: Attempt { booking_id: text("bookingId")?, idempotency_key: text("idempotencyKey")? },
                url: text("url")?,
                bearer: Reflect::get(&record, &"bearer".into()).ok()?.as_bool()?,
                csrf_header: text("csrfHeader").filter(|h| !h.is_empty()),
            };
            let response = Reflect::get(&record, &"response".into()).ok()?.dyn_into::<Promise>().ok()?;
            Some(Self { request, response, form: EarlyForm::new(record) })
        }
    }

    /// Maps the answer to an early-start request, exactly like one the
    /// component sent itself.
    pub async fn read_early(response: Promise) -> Result<CreateIntentResponse, CheckoutError> {
        let answer = JsFuture::from(response).await.map_err(unavailable)?;
        // `null`: the script's fetch failed (network, timeout).
        read(answer.dyn_into::<Response>().map_err(unavailable)?).await
    }

    /// POSTs `{booking_id}` with the configured auth and maps the answer.
    pub async fn create_intent(
        config: &CheckoutConfig,
        attempt: &Attempt,
    ) -> Result<CreateIntentResponse, CheckoutError> {
        let window = web_sys::window().ok_or(CheckoutError::Integration)?;
        let headers = Headers::new().map_err(unavailable)?;
        headers.set("Content-Type", "application/json").map_err(unavailable)?;
        headers.set("Accept", "application/json").map_err(unavailable)?;
        headers.set(IDEMPOTENCY_HEADER, &attempt.idempotency_key).map_err(unavailable)?;
        let init = RequestInit::new();
        init.set_method("POST");
        match &config.auth {
            Auth::Cookie => init.set_credentials(RequestCredentials::Include),
            Auth::Bearer(token) => {
                headers.set("Authorization", &("Bearer ".to_owned() + token)).map_err(unavailable)?;
                init.set_credentials(RequestCredentials::Omit);
            }
        }
        if let Some((name, value)) = &config.csrf {
            headers.set(name, value).map_err(unavailable)?;
        }
        init.set_headers(&headers);
        init.set_body(&request_body(attempt)?.into());
        init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));

        let response: Response = JsFuture::from(window.fetch_with_str_and_init(&config.create_intent_url, &init))
            .await
            .map_err(unavailable)?
            .unchecked_into();
        read(response).await
    }

    /// `{booking_id}` and nothing else: the server prices the booking itself.
    /// Serialised by the browser's JSON rather than a Rust JSON library (size);
    /// the key is the contract's `CreateIntentRequest` field.
    fn request_body(attempt: &Attempt) -> Result<JsString, CheckoutError> {
        let request = CreateIntentRequest { booking_id: attempt.booking_id.clone() };
        let value = JsObject::new().set("booking_id", request.booking_id.as_str());
        js_sys::JSON::stringify(&value.into()).map_err(|_| CheckoutError::Integration)
    }

    async fn read(response: Response) -> Result<CreateIntentResponse, CheckoutError> {
        let status = response.status();
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        let body = if (200..300).contains(&status) && is_json(&response) { parse_json(&response).await } else { None };
        map_answer(status, retry_after.as_deref(), body).map_err(CheckoutError::Server)
    }

    fn is_json(response: &Response) -> bool {
        let content_type = response.headers().get("Content-Type").ok().flatten();
        content_type.is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"))
    }

    /// The contract's `{client_secret, amount, currency}`, or `None` for
    /// anything else: not JSON, a missing or mistyped field, a fractional or
    /// unsafe amount, a currency that is not three letters, a malformed
    /// client secret.
    async fn parse_json(response: &Response) -> Option<CreateIntentResponse> {
        let value = JsFuture::from(response.json().ok()?).await.ok()?;
        read_answer(value).ok()
    }

    /// The contract's wire shape, every field required and checked as its
    /// `Deserialize` checks it (`ClientSecret`, `Currency`, `Money`).
    fn read_answer(value: JsValue) -> Result<CreateIntentResponse, Invalid> {
        let answer = Fields::of(value)?;
        let client_secret = ClientSecret::parse(answer.string("client_secret")?.ok_or(Invalid)?).ok_or(Invalid)?;
        let amount = answer.integer("amount")?.ok_or(Invalid)?;
        let currency = Currency::parse(&answer.string("currency")?.ok_or(Invalid)?).map_err(|_| Invalid)?;
        let price = Money::new(amount, currency).map_err(|_| Invalid)?;
        Ok(CreateIntentResponse { client_secret, price })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;
    use booking_contract::{ClientSecret, Currency, Money};

    fn ok_body() -> CreateIntentResponse {
        CreateIntentResponse {
            client_secret: ClientSecret::parse("pi_1_secret_a").unwrap(),
            price: Money::new(12_500, Currency::parse("eur").unwrap()).unwrap(),
        }
    }

    #[test]
    fn a_200_with_the_contract_shape_gives_the_client_secret() {
        assert_eq!(map_answer(200, None, Some(ok_body())), Ok(ok_body()));
    }

    #[test]
    fn a_200_with_a_wrong_or_non_json_body_is_a_bad_response() {
        assert_eq!(map_answer(200, None, None), Err(ServerError::BadResponse));
    }

    #[test]
    fn every_error_status_maps_to_its_fixed_error() {
        let cases = [
            (401, ServerError::SignIn),
            (403, ServerError::NotPayable),
            (404, ServerError::NotPayable),
            (409, ServerError::AlreadyPaid),
            (422, ServerError::Invalid),
            (400, ServerError::Invalid),
            (415, ServerError::Invalid),
            (500, ServerError::Unavailable),
            (502, ServerError::Unavailable),
            (503, ServerError::Unavailable),
            (504, ServerError::Unavailable),
        ];
        for (status, expected) in cases {
            // Even a body that parses is ignored on an error status.
            assert_eq!(map_answer(status, None, Some(ok_body())), Err(expected), "{status}");
        }
    }

    fn config(raw: RawConfig) -> CheckoutConfig {
        let booking_id = raw.booking_id.clone().or(Some("bk_1".into()));
        RawConfig { publishable_key: Some("pk_test_51AbCdEf".into()), booking_id, ..raw }
            .validate("https://hotel.example/pay")
            .unwrap()
    }

    fn early() -> EarlyRequest {
        EarlyRequest {
            attempt: Attempt { booking_id: "bk_1".into(), idempotency_key: "k-1".into() },
            url: booking_contract::CREATE_INTENT_PATH.into(),
            bearer: false,
            csrf_header: None,
        }
    }

    #[test]
    fn an_early_request_is_adopted_only_when_it_is_the_one_the_config_would_send() {
        assert!(early().matches(&config(RawConfig::default())));
        let changed = [
            RawConfig { booking_id: Some("bk_2".into()), ..RawConfig::default() },
            RawConfig { create_intent_url: Some("/other/create-intent".into()), ..RawConfig::default() },
            RawConfig { auth_token: Some("t0ken".into()), ..RawConfig::default() },
            RawConfig { csrf_header: Some("X-CSRF".into()), csrf_token: Some("c".into()), ..RawConfig::default() },
            RawConfig {
                flow: Some("deferred".into()),
                amount: Some("100".into()),
                currency: Some("eur".into()),
                ..RawConfig::default()
            },
        ];
        for raw in changed {
            assert!(!early().matches(&config(raw.clone())), "{raw:?}");
        }
        let csrf =
            RawConfig { csrf_header: Some("X-CSRF".into()), csrf_token: Some("c".into()), ..RawConfig::default() };
        assert!(EarlyRequest { csrf_header: Some("X-CSRF".into()), ..early() }.matches(&config(csrf)));
        let bearer = RawConfig { auth_token: Some("t0ken".into()), ..RawConfig::default() };
        assert!(EarlyRequest { bearer: true, ..early() }.matches(&config(bearer)));
        let no_key = EarlyRequest { attempt: Attempt { idempotency_key: String::new(), ..early().attempt }, ..early() };
        assert!(!no_key.matches(&config(RawConfig::default())));
    }

    #[test]
    fn a_429_honours_retry_after_within_bounds() {
        assert_eq!(status_error(429, Some("7")), ServerError::RateLimited { retry_after_secs: 7 });
        assert_eq!(status_error(429, Some("0")), ServerError::RateLimited { retry_after_secs: 1 });
        assert_eq!(status_error(429, Some("99999")), ServerError::RateLimited { retry_after_secs: 120 });
        assert_eq!(
            status_error(429, Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            ServerError::RateLimited { retry_after_secs: 5 }
        );
        assert_eq!(status_error(429, None), ServerError::RateLimited { retry_after_secs: 5 });
    }
}
