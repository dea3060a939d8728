//! The call to the host's authenticated create-intent endpoint.
//!
//! The request carries the booking id only, never an amount; the answer is
//! mapped to the contract's response or to a [`ServerError`] whose text is
//! fixed. The server's own message is never read, let alone shown.

use crate::config::{Auth, CheckoutConfig, Flow};
use crate::errors::ServerError;
use crate::i18n::{describe, Locale};
use booking_contract::{CreateIntentResponse, PaymentTerms, CONSENT_PATH};

/// How long create-intent may take before it counts as failed.
pub const TIMEOUT_MS: u32 = 15_000;

/// Seconds to wait after a 429 when `Retry-After` is absent or unreadable.
const DEFAULT_RETRY_AFTER: u32 = 5;

/// Reads `Retry-After` (delay-seconds form), bounded to 1..=120 seconds.
pub fn retry_after_secs(header: Option<&str>) -> u32 {
    header.and_then(|v| v.trim().parse::<u32>().ok()).map_or(DEFAULT_RETRY_AFTER, |s| s.clamp(1, 120))
}

/// Maps a non-2xx status to its error; a 409 by the stable `code` of its
/// body (the contract's error codes), already paid when it has none.
pub fn status_error(status: u16, retry_after: Option<&str>, code: Option<&str>) -> ServerError {
    match status {
        401 => ServerError::SignIn,
        403 | 404 => ServerError::NotPayable,
        409 => match code {
            Some("terms_changed") => ServerError::TermsChanged,
            Some("booking_cancelled") => ServerError::Cancelled,
            Some("booking_refunded") => ServerError::Refunded,
            Some("booking_disputed") => ServerError::Disputed,
            Some("payment_in_progress") => ServerError::InProgress,
            // The server takes no more consents for this booking.
            Some("consent_limit_reached") => ServerError::NotPayable,
            _ => ServerError::AlreadyPaid,
        },
        429 => ServerError::RateLimited { retry_after_secs: retry_after_secs(retry_after) },
        500..=599 | 408 => ServerError::Unavailable,
        _ => ServerError::Invalid,
    }
}

/// Maps a whole answer: `body` is the parsed JSON body if it had the
/// contract's shape, `None` if it was not JSON or had another shape;
/// `code` the error body's code of a 409.
pub fn map_answer(
    status: u16,
    retry_after: Option<&str>,
    body: Option<CreateIntentResponse>,
    code: Option<&str>,
) -> Result<CreateIntentResponse, ServerError> {
    match (status, body) {
        (200..=299, Some(ok)) => Ok(ok),
        (200..=299, None) => Err(ServerError::BadResponse),
        (s, _) => Err(status_error(s, retry_after, code)),
    }
}

/// What the guest agreed to at Pay, for the consent record
/// ([`CONSENT_PATH`]): the booking's terms as the server gave them, the
/// language and the sentence shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// The terms on screen.
    pub terms: PaymentTerms,
    /// The language tag of the text (`en`, `fr`, …).
    pub locale: &'static str,
    /// The consent sentence on screen.
    pub text: String,
    /// The version of the cancellation policy shown beside it, if one was.
    pub cancellation_version: Option<String>,
}

impl Consent {
    /// The consent Pay records for `terms` shown in `locale`, beside the
    /// cancellation policy of `cancellation_version`: the sentence on
    /// screen ([`describe`]), or `None` when the terms need none.
    pub fn for_terms(terms: &PaymentTerms, locale: Locale, cancellation_version: Option<String>) -> Option<Self> {
        let text = describe(locale, terms, |_| String::new()).consent?;
        Some(Self { terms: *terms, locale: locale.stripe_tag(), text, cancellation_version })
    }
}

/// The consent path of `booking_id` ([`CONSENT_PATH`] with its id).
pub fn consent_path(booking_id: &str) -> String {
    // Cut at the mark's braces rather than found as a string, which would
    // link core's substring search into the wasm for this one call.
    let (before, rest) = CONSENT_PATH.split_once('{').unwrap_or((CONSENT_PATH, ""));
    let after = rest.split_once('}').map_or("", |(_, after)| after);
    before.to_owned() + &path_segment(booking_id) + after
}

/// `booking_id` as one path segment: anything but `A-Z a-z 0-9 - _ . ~`
/// percent-encoded, so an id cannot reach another path.
fn path_segment(booking_id: &str) -> String {
    let mut out = String::with_capacity(booking_id.len());
    for b in booking_id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Maps the consent answer: 2xx recorded; anything else as create-intent's
/// statuses (409 `terms_changed`: the terms on screen are no longer the
/// booking's).
pub fn consent_answer(status: u16, retry_after: Option<&str>, code: Option<&str>) -> Result<(), ServerError> {
    match status {
        200..=299 => Ok(()),
        s => Err(status_error(s, retry_after, code)),
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
pub use browser::{create_intent, read_early, record_consent, EarlyIntent};

/// The fetch side, with the browser's own JSON: the request's one key and
/// the answer's three are written and read as the contract spells them
/// (`js_object` out, `stripe::Fields` in), the answer checked by the
/// contract's own parsers; `tests/browser.rs` and the end-to-end suite
/// run them against the reference server's shapes.
#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::errors::CheckoutError;
    use crate::js_object::{amount, JsObject};
    use crate::stripe::{EarlyForm, Fields, Invalid};
    use booking_contract::{
        CancellationPolicy, CancellationTerms, CancellationTier, ClientSecret, CreateIntentRequest, Currency, Date,
        Money, OwedCharge, PaymentTerms, Share, IDEMPOTENCY_HEADER,
    };
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
        let body = request_body(attempt)?;
        read(post_json(config, &config.create_intent_url, &body, Some(&attempt.idempotency_key)).await?).await
    }

    /// POSTs the JSON `body` to `url` with the configured credentials, a
    /// JSON `Accept`, the idempotency key when there is one, and the
    /// timeout; a request that could not be made is the server unavailable.
    #[inline(never)]
    async fn post_json(
        config: &CheckoutConfig,
        url: &str,
        body: &JsString,
        idempotency_key: Option<&str>,
    ) -> Result<Response, CheckoutError> {
        let window = web_sys::window().ok_or(CheckoutError::Integration)?;
        let headers = Headers::new().map_err(unavailable)?;
        headers.set("Content-Type", "application/json").map_err(unavailable)?;
        headers.set("Accept", "application/json").map_err(unavailable)?;
        if let Some(key) = idempotency_key {
            headers.set(IDEMPOTENCY_HEADER, key).map_err(unavailable)?;
        }
        let init = RequestInit::new();
        init.set_method("POST");
        authorise(config, &headers, &init)?;
        init.set_headers(&headers);
        init.set_body(body);
        init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));
        let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(unavailable)?;
        Ok(response.unchecked_into())
    }

    /// The configured credentials: the cookie session, or a bearer token
    /// (and no cookie); the CSRF header when one is configured.
    fn authorise(config: &CheckoutConfig, headers: &Headers, init: &RequestInit) -> Result<(), CheckoutError> {
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
        Ok(())
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
        let code = if status == 409 { error_code(&response).await } else { None };
        map_answer(status, retry_after.as_deref(), body, code.as_deref()).map_err(CheckoutError::Server)
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

    /// The contract's wire shape, every field required (but `terms`) and
    /// checked as its `Deserialize` checks it (`ClientSecret`, `Money`,
    /// `Date`, and the answer as a whole by `CreateIntentResponse::new`).
    fn read_answer(value: JsValue) -> Result<CreateIntentResponse, Invalid> {
        let answer = Fields::of(value)?;
        let client_secret = ClientSecret::parse(answer.string("client_secret")?.ok_or(Invalid)?).ok_or(Invalid)?;
        let price = read_money(&answer)?;
        let terms = answer.optional_object("terms")?.map(|t| read_terms(&t)).transpose()?;
        let cancellation = answer.optional_object("cancellation")?.map(|c| read_cancellation(&c)).transpose()?;
        let answer = CreateIntentResponse::new(client_secret, price, terms).map_err(|_| Invalid)?;
        Ok(answer.with_cancellation(cancellation))
    }

    /// `CancellationTerms` as the contract writes them: a `version`, and a
    /// `policy` that is `{cancellation: "non_refundable"}` or
    /// `{cancellation: "tiered", tiers}` (16 at most), each tier
    /// `{within_days, retained: {basis_points} | {fixed}}`.
    fn read_cancellation(c: &Fields) -> Result<CancellationTerms, Invalid> {
        let version = c.string("version")?.ok_or(Invalid)?;
        let policy = c.optional_object("policy")?.ok_or(Invalid)?;
        let policy = match policy.string("cancellation")?.ok_or(Invalid)?.as_str() {
            "non_refundable" => CancellationPolicy::NonRefundable,
            "tiered" => CancellationPolicy::Tiered {
                tiers: policy.objects("tiers", 16)?.iter().map(read_tier).collect::<Result<_, _>>()?,
            },
            _ => return Err(Invalid),
        };
        Ok(CancellationTerms { version, policy })
    }

    fn read_tier(tier: &Fields) -> Result<CancellationTier, Invalid> {
        let within_days = u16::try_from(tier.integer("within_days")?.ok_or(Invalid)?).map_err(|_| Invalid)?;
        let retained = tier.optional_object("retained")?.ok_or(Invalid)?;
        let retained = match (retained.integer("basis_points")?, retained.integer("fixed")?) {
            (Some(bp), None) => Share::BasisPoints(u16::try_from(bp).map_err(|_| Invalid)?),
            (None, Some(amount)) => Share::Fixed(amount),
            _ => return Err(Invalid),
        };
        Ok(CancellationTier { within_days, retained })
    }

    /// `{amount, currency}`: chargeable money.
    fn read_money(fields: &Fields) -> Result<Money, Invalid> {
        let amount = fields.integer("amount")?.ok_or(Invalid)?;
        let currency = Currency::parse(&fields.string("currency")?.ok_or(Invalid)?).map_err(|_| Invalid)?;
        Money::new(amount, currency).map_err(|_| Invalid)
    }

    /// `PaymentTerms` as the contract writes them: `policy` names the
    /// variant, and each of its fields is required.
    fn read_terms(terms: &Fields) -> Result<PaymentTerms, Invalid> {
        let money = |key: &str| read_money(&terms.optional_object(key)?.ok_or(Invalid)?);
        let date = |key: &str| Date::parse(&terms.string(key)?.ok_or(Invalid)?).map_err(|_| Invalid);
        let total = money("total")?;
        Ok(match terms.string("policy")?.ok_or(Invalid)?.as_str() {
            "pay_now" => PaymentTerms::PayNow { total },
            "deposit" => PaymentTerms::Deposit {
                total,
                now: money("now")?,
                balance: money("balance")?,
                balance_due: date("balance_due")?,
            },
            "hold" => PaymentTerms::Hold { total, capture_on: date("capture_on")? },
            "guarantee" => PaymentTerms::Guarantee { total, up_to: money("up_to")? },
            "owed" => PaymentTerms::Owed {
                total,
                charge: OwedCharge::parse(&terms.string("charge")?.ok_or(Invalid)?).ok_or(Invalid)?,
            },
            _ => return Err(Invalid),
        })
    }

    /// POSTs the guest's consent to the terms of `booking_id` (the booking
    /// being paid now, which the host may have changed since the start)
    /// before anything is confirmed, with the configured auth, to the
    /// contract's consent path on create-intent's origin.
    pub async fn record_consent(
        config: &CheckoutConfig,
        booking_id: &str,
        consent: &Consent,
    ) -> Result<(), CheckoutError> {
        let body = JsObject::new()
            .set("terms", terms_js(&consent.terms))
            .set("locale", consent.locale)
            .set("text", consent.text.as_str());
        let body = match &consent.cancellation_version {
            Some(version) => body.set("cancellation_version", version.as_str()),
            None => body,
        };
        let body = js_sys::JSON::stringify(&body.into()).map_err(|_| CheckoutError::Integration)?;
        // create-intent's URL may be relative to the page; the consent path
        // is absolute on create-intent's origin.
        let page = web_sys::window().and_then(|w| w.location().href().ok()).ok_or(CheckoutError::Integration)?;
        let url = web_sys::Url::new_with_base(&config.create_intent_url, &page)
            .and_then(|endpoint| web_sys::Url::new_with_base(&consent_path(booking_id), &endpoint.href()))
            .map_err(|_| CheckoutError::Integration)?
            .href();
        let response = post_json(config, &url, &body, None).await?;
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        let code = if response.status() == 409 { error_code(&response).await } else { None };
        consent_answer(response.status(), retry_after.as_deref(), code.as_deref()).map_err(CheckoutError::Server)
    }

    /// The `error.code` of an error body, if it has the contract's shape.
    async fn error_code(response: &Response) -> Option<String> {
        let value = JsFuture::from(response.json().ok()?).await.ok()?;
        Fields::of(value).ok()?.optional_object("error").ok()??.string("code").ok()?
    }

    /// `terms` as the contract writes them, for the server to compare with
    /// its own.
    fn terms_js(terms: &PaymentTerms) -> JsValue {
        let money = |m: &Money| {
            JsValue::from(JsObject::new().set("amount", amount(m.amount)).set("currency", m.currency.as_str()))
        };
        let date = |d: &Date| JsValue::from_str(&d.iso());
        let object = JsObject::new().set("policy", terms.policy()).set("total", money(&terms.total()));
        let object = match terms {
            PaymentTerms::PayNow { .. } => object,
            PaymentTerms::Deposit { now, balance, balance_due, .. } => {
                object.set("now", money(now)).set("balance", money(balance)).set("balance_due", date(balance_due))
            }
            PaymentTerms::Hold { capture_on, .. } => object.set("capture_on", date(capture_on)),
            PaymentTerms::Guarantee { up_to, .. } => object.set("up_to", money(up_to)),
            PaymentTerms::Owed { charge, .. } => object.set("charge", charge.as_str()),
        };
        object.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;
    use booking_contract::{ClientSecret, Currency, Money};

    fn ok_body() -> CreateIntentResponse {
        let price = Money::new(12_500, Currency::parse("eur").unwrap()).unwrap();
        CreateIntentResponse::new(ClientSecret::parse("pi_1_secret_a").unwrap(), price, None).unwrap()
    }

    #[test]
    fn pay_records_the_consent_on_screen_and_only_where_one_is_shown() {
        let eur = |a| Money::new(a, Currency::parse("eur").unwrap()).unwrap();
        let guarantee = PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(3_900) };
        let consent = Consent::for_terms(&guarantee, Locale::Fr, Some("cxl-00000000000000ab".into())).unwrap();
        assert_eq!((consent.terms, consent.locale), (guarantee, "fr"));
        assert_eq!(consent.cancellation_version.as_deref(), Some("cxl-00000000000000ab"), "the policy shown beside it");
        assert_eq!(Some(consent.text), describe(Locale::Fr, &guarantee, |_| String::new()).consent);
        assert_eq!(Consent::for_terms(&PaymentTerms::PayNow { total: eur(12_500) }, Locale::En, None), None);
    }

    #[test]
    fn the_consent_path_is_the_contracts_with_the_booking_as_one_segment() {
        assert_eq!(consent_path("bk_1"), "/api/bookings/bk_1/consent");
        assert_eq!(consent_path("../x?y#z"), "/api/bookings/..%2Fx%3Fy%23z/consent");
        assert_eq!(consent_path("bk é"), "/api/bookings/bk%20%C3%A9/consent");
    }

    /// Regression pin: a cancelled booking, or one whose payment is under
    /// way, answered 409 and was told "This booking is already paid".
    #[test]
    fn a_409_is_told_apart_by_its_code() {
        assert_eq!(status_error(409, None, Some("booking_cancelled")), ServerError::Cancelled);
        assert_eq!(status_error(409, None, Some("booking_refunded")), ServerError::Refunded);
        assert_eq!(status_error(409, None, Some("booking_disputed")), ServerError::Disputed);
        assert_eq!(status_error(409, None, Some("payment_in_progress")), ServerError::InProgress);
        assert_eq!(status_error(409, None, Some("already_paid")), ServerError::AlreadyPaid);
        assert_eq!(status_error(409, None, None), ServerError::AlreadyPaid, "an integrator's bare 409");
        assert_eq!(map_answer(409, None, None, Some("booking_cancelled")), Err(ServerError::Cancelled));
    }

    #[test]
    fn a_consent_is_recorded_refused_for_new_terms_or_failed_like_create_intent() {
        assert_eq!(consent_answer(204, None, None), Ok(()));
        assert_eq!(consent_answer(409, None, Some("terms_changed")), Err(ServerError::TermsChanged));
        assert_eq!(consent_answer(409, None, Some("already_paid")), Err(ServerError::AlreadyPaid));
        let capped = consent_answer(409, None, Some("consent_limit_reached"));
        assert_eq!(capped, Err(ServerError::NotPayable), "never \"already complete\" for a booking still unpaid");
        assert_eq!(consent_answer(401, None, None), Err(ServerError::SignIn));
        assert_eq!(consent_answer(503, None, None), Err(ServerError::Unavailable));
        assert_eq!(consent_answer(429, Some("7"), None), Err(ServerError::RateLimited { retry_after_secs: 7 }));
    }

    #[test]
    fn a_200_with_the_contract_shape_gives_the_client_secret() {
        assert_eq!(map_answer(200, None, Some(ok_body()), None), Ok(ok_body()));
    }

    #[test]
    fn a_200_with_a_wrong_or_non_json_body_is_a_bad_response() {
        assert_eq!(map_answer(200, None, None, None), Err(ServerError::BadResponse));
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
            assert_eq!(map_answer(status, None, Some(ok_body()), None), Err(expected), "{status}");
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
        assert_eq!(status_error(429, Some("7"), None), ServerError::RateLimited { retry_after_secs: 7 });
        assert_eq!(status_error(429, Some("0"), None), ServerError::RateLimited { retry_after_secs: 1 });
        assert_eq!(status_error(429, Some("99999"), None), ServerError::RateLimited { retry_after_secs: 120 });
        assert_eq!(
            status_error(429, Some("Wed, 21 Oct 2015 07:28:00 GMT"), None),
            ServerError::RateLimited { retry_after_secs: 5 }
        );
        assert_eq!(status_error(429, None, None), ServerError::RateLimited { retry_after_secs: 5 });
    }
}
