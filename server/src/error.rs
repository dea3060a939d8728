//! The one error type of the API and the layer that turns it into the one
//! response shape: `{"error":{"code","message"},"request_id"}`.
//!
//! Handlers return [`ApiError`]; converting it into a response does no
//! logging and writes no body. [`error_bodies`] (a layer) writes the fixed
//! body, adds the request id, and logs the stable code plus any internal
//! detail. Responses the framework makes on its own (unknown route, wrong
//! method, body too large, timeout) get the same shape.

use crate::request_id::RequestId;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use booking_contract::{ErrorBody, ErrorCode, ErrorDetail, API_PREFIX};

/// Everything a handler can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No valid session or token.
    Unauthenticated,
    /// Cross-site or foreign-origin request.
    Forbidden,
    /// Unknown, or not the caller's.
    NotFound,
    /// The booking is already paid.
    AlreadyPaid,
    /// The booking's payment is under way; the booking cannot change now.
    PaymentInProgress,
    /// The payment terms the guest saw are no longer the booking's.
    TermsChanged,
    /// The booking was cancelled: nothing more moves on it.
    BookingCancelled,
    /// The booking's payment was refunded: checkout is not open again.
    BookingRefunded,
    /// The booking's payment is disputed: checkout is not open meanwhile.
    BookingDisputed,
    /// The hold's authorisation expired before it was captured.
    HoldExpired,
    /// The consent a saved card would be charged under is to other terms
    /// than the booking's now.
    ConsentOutdated,
    /// The booking holds as many consents as are kept for one booking.
    ConsentLimitReached,
    /// Bad body or parameters.
    InvalidRequest,
    /// A well-formed body whose content is refused (422, like
    /// [`Self::InvalidRequest`]), for a reason worth a log line (a log
    /// code, never input).
    Unacceptable(&'static str),
    /// Refused input whose reason is worth a log line (a log code, never input).
    Rejected(&'static str),
    /// Not `application/json`.
    UnsupportedMediaType,
    /// Body over the limit.
    PayloadTooLarge,
    /// Too many requests; retry after this many seconds.
    RateLimited(u64),
    /// Stripe failed; the detail is a log code.
    PaymentProvider(String),
    /// The database is busy, locked or unreachable: worth retrying soon
    /// (503 with `Retry-After`); the detail is a log code.
    Unavailable(String),
    /// A bug or an infrastructure failure; the detail is a log code.
    Internal(String),
}

/// Seconds a 503 asks the caller to wait before retrying.
pub const UNAVAILABLE_RETRY_SECS: u64 = 2;

/// Marker the layer reads to build the body and the log line.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    code: ErrorCode,
    detail: Option<String>,
}

impl ApiError {
    /// What a log line may say about this error: its detail code, or its
    /// public code when it has none.
    pub fn log_code(&self) -> String {
        match self {
            Self::PaymentProvider(d) | Self::Unavailable(d) | Self::Internal(d) => d.clone(),
            Self::Rejected(d) | Self::Unacceptable(d) => (*d).to_owned(),
            other => other.code().as_str().to_owned(),
        }
    }

    /// Whether this is a refusal of the request as it stands (4xx), which
    /// asking again unchanged would meet again, rather than a failure of
    /// Stripe or the database.
    pub fn is_refusal(&self) -> bool {
        self.status().is_client_error()
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::AlreadyPaid
            | Self::PaymentInProgress
            | Self::TermsChanged
            | Self::BookingCancelled
            | Self::BookingRefunded
            | Self::BookingDisputed
            | Self::HoldExpired
            | Self::ConsentOutdated
            | Self::ConsentLimitReached => StatusCode::CONFLICT,
            Self::InvalidRequest | Self::Unacceptable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Rejected(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::PaymentProvider(_) => StatusCode::BAD_GATEWAY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound => ErrorCode::NotFound,
            Self::AlreadyPaid => ErrorCode::AlreadyPaid,
            Self::PaymentInProgress => ErrorCode::PaymentInProgress,
            Self::TermsChanged => ErrorCode::TermsChanged,
            Self::BookingCancelled => ErrorCode::BookingCancelled,
            Self::BookingRefunded => ErrorCode::BookingRefunded,
            Self::BookingDisputed => ErrorCode::BookingDisputed,
            Self::HoldExpired => ErrorCode::HoldExpired,
            Self::ConsentOutdated => ErrorCode::ConsentOutdated,
            Self::ConsentLimitReached => ErrorCode::ConsentLimitReached,
            Self::InvalidRequest | Self::Rejected(_) | Self::Unacceptable(_) => ErrorCode::InvalidRequest,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::RateLimited(_) => ErrorCode::RateLimited,
            Self::PaymentProvider(_) => ErrorCode::PaymentProviderUnavailable,
            Self::Unavailable(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        // Only the kind: SQL text and values stay out of logs and responses.
        let kind = match &e {
            sqlx::Error::RowNotFound => "db_row_not_found",
            sqlx::Error::PoolTimedOut => return Self::Unavailable("db_pool_timeout".into()),
            sqlx::Error::PoolClosed => return Self::Unavailable("db_pool_closed".into()),
            sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => {
                return Self::Unavailable("db_unreachable".into())
            }
            sqlx::Error::Database(d) if d.is_unique_violation() => "db_unique_violation",
            sqlx::Error::Database(d) if d.code().is_some_and(|c| is_transient_db_code(&c)) => {
                return Self::Unavailable("db_busy".into())
            }
            sqlx::Error::Database(_) => "db_error",
            _ => "db_other",
        };
        Self::Internal(kind.into())
    }
}

/// Whether a database error code means "try again soon" rather than a bug:
/// SQLite busy/locked and I/O or open failures (extended codes carry the
/// primary code in their low byte), PostgreSQL connection loss, shutdown,
/// resource exhaustion, serialization failure and deadlock.
pub fn is_transient_db_code(code: &str) -> bool {
    // A SQLSTATE has five characters (often all digits); SQLite's extended
    // codes stay below 10000, so they have at most four.
    if code.len() == 5 {
        return ["08", "53", "57P", "40001", "40P01"].iter().any(|p| code.starts_with(p));
    }
    if let Ok(n) = code.parse::<i32>() {
        // SQLITE_BUSY 5, SQLITE_LOCKED 6, SQLITE_IOERR 10, SQLITE_FULL 13, SQLITE_CANTOPEN 14.
        return matches!(n & 0xff, 5 | 6 | 10 | 13 | 14);
    }
    false
}

impl From<crate::stripe::StripeError> for ApiError {
    fn from(e: crate::stripe::StripeError) -> Self {
        Self::PaymentProvider(e.log_code())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        if let Self::RateLimited(secs) = &self {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*secs));
        }
        if let Self::Unavailable(_) = &self {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_SECS));
        }
        if self == Self::Unauthenticated {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        let detail = match &self {
            Self::PaymentProvider(d) | Self::Unavailable(d) | Self::Internal(d) => Some(d.clone()),
            Self::Rejected(d) | Self::Unacceptable(d) => Some((*d).to_owned()),
            _ => None,
        };
        res.extensions_mut().insert(ErrorInfo { code: self.code(), detail });
        res
    }
}

/// The fixed, generic text for each code.
pub fn public_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Unauthenticated => "Authentication required.",
        ErrorCode::Forbidden => "This request is not allowed.",
        ErrorCode::NotFound => "Not found.",
        ErrorCode::AlreadyPaid => "This booking is already paid.",
        ErrorCode::PaymentInProgress => "This booking's payment is under way; it cannot change now.",
        ErrorCode::TermsChanged => "This booking's payment terms have changed. Review them again.",
        ErrorCode::BookingCancelled => "This booking was cancelled.",
        ErrorCode::BookingRefunded => "This booking's payment was refunded.",
        ErrorCode::BookingDisputed => "This booking's payment is disputed.",
        ErrorCode::HoldExpired => "This booking's hold has expired; nothing is left to capture.",
        ErrorCode::ConsentOutdated => "The guest's consent is to other terms than the booking's now.",
        ErrorCode::ConsentLimitReached => "This booking holds as many consents as are kept; the latest stands.",
        ErrorCode::InvalidRequest => "The request is not valid.",
        ErrorCode::UnsupportedMediaType => "Send JSON with Content-Type: application/json.",
        ErrorCode::PayloadTooLarge => "The request body is too large.",
        ErrorCode::RateLimited => "Too many requests. Retry later.",
        ErrorCode::PaymentProviderUnavailable => "The payment provider is unavailable. Retry later.",
        ErrorCode::Internal | ErrorCode::Unknown => "Something went wrong.",
    }
}

fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::CONFLICT => ErrorCode::AlreadyPaid,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        s if s.is_client_error() => ErrorCode::InvalidRequest,
        _ => ErrorCode::Internal,
    }
}

/// Layer: gives every API error response the fixed body and logs it.
pub async fn error_bodies(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with(API_PREFIX);
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default();
    let mut res = next.run(req).await;
    let info = res.extensions_mut().remove::<ErrorInfo>();
    let status = res.status();
    let is_error = status.is_client_error() || status.is_server_error();
    if info.is_none() && !(is_api && is_error) {
        return res;
    }
    let (code, detail) = info.map_or((code_for_status(status), None), |i| (i.code, i.detail));
    let detail = detail.as_deref().unwrap_or("-");
    if status.is_server_error() {
        tracing::error!(request_id = %request_id, code = code.as_str(), detail, status = status.as_u16(), "request failed");
    } else {
        tracing::info!(request_id = %request_id, code = code.as_str(), detail, status = status.as_u16(), "request refused");
    }
    let body = ErrorBody { error: ErrorDetail { code, message: public_message(code).to_owned() }, request_id };
    let mut headers = res.headers().clone();
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let mut out = (status, json).into_response();
    for (name, value) in headers.iter() {
        out.headers_mut().insert(name, value.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_locked_and_unreachable_databases_are_transient() {
        // SQLite: BUSY, BUSY_SNAPSHOT (517), LOCKED, IOERR_WRITE (778), CANTOPEN.
        for code in ["5", "517", "6", "778", "14", "08006", "57P01", "53300", "40001", "40P01"] {
            assert!(is_transient_db_code(code), "{code}");
        }
        // Constraint violations, syntax errors and a missing table are bugs, not outages.
        for code in ["19", "2067", "1", "23505", "42601", "42P01", ""] {
            assert!(!is_transient_db_code(code), "{code}");
        }
    }

    #[test]
    fn a_closed_or_timed_out_pool_is_a_503_with_retry_after_and_no_detail_in_the_code() {
        for e in [sqlx::Error::PoolClosed, sqlx::Error::PoolTimedOut] {
            let api = ApiError::from(e);
            assert!(matches!(api, ApiError::Unavailable(_)), "{api:?}");
            let res = api.into_response();
            assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(res.headers()[header::RETRY_AFTER], UNAVAILABLE_RETRY_SECS.to_string().as_str());
            assert_eq!(res.extensions().get::<ErrorInfo>().map(|i| i.code), Some(ErrorCode::Internal));
        }
    }
}
