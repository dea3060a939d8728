//! A JSON body extractor whose failures are generic [`ApiError`]s: no serde
//! message, field path or byte offset ever reaches the client.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

/// `Content-Type: application/json` body parsed into `T`.
pub struct JsonBody<T>(pub T);

/// Whether the request says it carries JSON.
pub fn is_json(req_headers: &axum::http::HeaderMap) -> bool {
    req_headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // The CSRF guard refuses non-JSON bodies before any handler runs;
        // this check keeps the extractor safe on a route outside the guard.
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::InvalidRequest
            }
        })?;
        // Every request body of this API is a JSON object; serde alone would
        // also read a struct from an array (`["bk_1"]`), a shape nobody
        // documented or meant.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError::InvalidRequest);
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|_| ApiError::InvalidRequest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use booking_contract::CreateIntentRequest;

    async fn parse(body: &'static str) -> Result<CreateIntentRequest, ApiError> {
        let req = Request::post("/").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
        JsonBody::<CreateIntentRequest>::from_request(req, &()).await.map(|JsonBody(v)| v)
    }

    #[tokio::test]
    async fn an_object_is_read_and_unknown_fields_are_ignored() {
        let req = parse(r#" {"booking_id":"bk_1","amount":1}"#).await.unwrap();
        assert_eq!(req.booking_id, "bk_1");
    }

    /// serde reads a struct from an array too; the API documents objects only.
    #[tokio::test]
    async fn an_array_in_the_shape_of_the_fields_is_refused() {
        assert_eq!(parse(r#"["bk_1"]"#).await.unwrap_err(), ApiError::InvalidRequest);
        assert_eq!(parse(r#""bk_1""#).await.unwrap_err(), ApiError::InvalidRequest);
        assert_eq!(parse("").await.unwrap_err(), ApiError::InvalidRequest);
    }
}
