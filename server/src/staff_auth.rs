//! Who may call the staff API: the [`Staff`] extractor.
//!
//! Staff have a credential of their own, `STAFF_TOKEN`, presented as
//! `Authorization: Bearer …` and compared in constant time (over SHA-256
//! digests, so neither the length nor a prefix leaks through timing). A
//! guest's session cookie or API token is not a staff credential: it is
//! refused (403) before anything is read or changed. Without a configured
//! token the staff API does not exist (404). The staff token means nothing
//! on guest routes, where [`crate::auth::AuthUser`] looks only at guests'
//! sessions and tokens.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A caller holding the staff token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff;

/// Whether `presented` (an `Authorization` header value) is `Bearer` with
/// the staff token `expected`, compared in constant time.
pub fn is_staff_bearer(presented: Option<&[u8]>, expected: &str) -> bool {
    let Some(token) = presented.and_then(|v| v.strip_prefix(b"Bearer ")) else { return false };
    let token = token.trim_ascii();
    let (a, b) = (Sha256::digest(token), Sha256::digest(expected.as_bytes()));
    !token.is_empty() && bool::from(a.as_slice().ct_eq(b.as_slice()))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(expected) = state.config.staff_token.as_ref() else { return Err(ApiError::NotFound) };
        let presented = parts.headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
        if is_staff_bearer(presented, expected.expose_secret()) {
            Ok(Staff)
        } else if presented.is_none() && !parts.headers.contains_key(header::COOKIE) {
            // No credentials at all: authentication is what is missing.
            Err(ApiError::Unauthenticated)
        } else {
            // A guest's session or token, or another bearer: not staff.
            Err(ApiError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "a-long-enough-staff-token";

    #[test]
    fn only_the_exact_staff_token_as_a_bearer_is_staff() {
        assert!(is_staff_bearer(Some(b"Bearer a-long-enough-staff-token"), TOKEN));
        assert!(is_staff_bearer(Some(b"Bearer a-long-enough-staff-token "), TOKEN));
        for bad in [
            &b"Bearer a-long-enough-staff-toke"[..],
            b"Bearer a-long-enough-staff-tokenX",
            b"bearer a-long-enough-staff-token",
            b"Basic a-long-enough-staff-token",
            b"a-long-enough-staff-token",
            b"Bearer ",
            b"",
        ] {
            assert!(!is_staff_bearer(Some(bad), TOKEN), "{}", String::from_utf8_lossy(bad));
        }
        assert!(!is_staff_bearer(None, TOKEN));
    }
}
