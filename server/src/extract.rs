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
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|_| ApiError::InvalidRequest)
    }
}
