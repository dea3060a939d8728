//! The call to the host's authenticated create-intent endpoint.
//!
//! The request carries the booking id only, never an amount; the answer is
//! mapped to the contract's response or to a [`ServerError`] whose text is
//! fixed. The server's own message is never read, let alone shown.

use crate::config::{Auth, CheckoutConfig};
use crate::errors::{CheckoutError, ServerError};
use booking_contract::{ClientSecret, CreateIntentResponse, Currency, IDEMPOTENCY_HEADER};

/// How long create-intent may take before it counts as failed.
pub const TIMEOUT_MS: u32 = 15_000;

/// Seconds to wait after a 429 when `Retry-After` is absent or unreadable.
const DEFAULT_RETRY_AFTER: u32 = 5;

/// Reads `Retry-After` (delay-seconds form), bounded to 1..=120 seconds.
pub fn retry_after_secs(header: Option<&str>) -> u32 {
    header
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map_or(DEFAULT_RETRY_AFTER, |s| s.clamp(1, 120))
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

pub use browser::create_intent;

mod browser {
    use super::*;
    use js_sys::{JsString, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, Response};

    fn unavailable<T>(_: T) -> CheckoutError {
        CheckoutError::Server(ServerError::Unavailable)
    }

    /// POSTs `{booking_id}` with the configured auth and maps the answer.
    pub async fn create_intent(config: &CheckoutConfig, attempt: &Attempt) -> Result<CreateIntentResponse, CheckoutError> {
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
                headers.set("Authorization", &format!("Bearer {token}")).map_err(unavailable)?;
                init.set_credentials(RequestCredentials::Omit);
            }
        }
        if let Some((name, value)) = &config.csrf {
            headers.set(name, value).map_err(unavailable)?;
        }
        init.set_headers(&headers);
        // `{booking_id}` and nothing else: the server prices the booking itself.
        // Built with the browser's JSON rather than a Rust JSON library (size).
        let body = crate::stripe::js_object(&[("booking_id", attempt.booking_id.as_str().into())]);
        let json: JsString = js_sys::JSON::stringify(&body).map_err(unavailable)?;
        init.set_body(&json.into());
        init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));

        let response: Response = JsFuture::from(window.fetch_with_str_and_init(&config.create_intent_url, &init))
            .await
            .map_err(unavailable)?
            .unchecked_into();
        let status = response.status();
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        let is_json = response
            .headers()
            .get("Content-Type")
            .ok()
            .flatten()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"));
        let parsed = if (200..300).contains(&status) && is_json {
            match response.json() {
                Ok(p) => JsFuture::from(p).await.ok().and_then(|v| parse_body(&v)),
                Err(_) => None,
            }
        } else {
            None
        };
        map_answer(status, retry_after.as_deref(), parsed).map_err(CheckoutError::Server)
    }

    /// Reads the contract's `{client_secret, amount, currency}` from the
    /// parsed JSON; any other shape is `None`.
    fn parse_body(value: &JsValue) -> Option<CreateIntentResponse> {
        let get = |k: &str| Reflect::get(value, &k.into()).ok();
        let amount = get("amount")?.as_f64().filter(|a| a.fract() == 0.0 && a.abs() < 1e15)?;
        Some(CreateIntentResponse {
            client_secret: ClientSecret::parse(get("client_secret")?.as_string()?)?,
            amount: amount as i64,
            currency: Currency::parse(&get("currency")?.as_string()?).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::{ClientSecret, Currency};

    fn ok_body() -> CreateIntentResponse {
        CreateIntentResponse {
            client_secret: ClientSecret::parse("pi_1_secret_a").unwrap(),
            amount: 12_500,
            currency: Currency::parse("eur").unwrap(),
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

    #[test]
    fn a_429_honours_retry_after_within_bounds() {
        assert_eq!(status_error(429, Some("7")), ServerError::RateLimited { retry_after_secs: 7 });
        assert_eq!(status_error(429, Some("0")), ServerError::RateLimited { retry_after_secs: 1 });
        assert_eq!(status_error(429, Some("99999")), ServerError::RateLimited { retry_after_secs: 120 });
        assert_eq!(status_error(429, Some("Wed, 21 Oct 2015 07:28:00 GMT")), ServerError::RateLimited {
            retry_after_secs: 5
        });
        assert_eq!(status_error(429, None), ServerError::RateLimited { retry_after_secs: 5 });
    }
}
