//! Who the caller is: password hashing (Argon2id), sessions, bearer tokens
//! and the [`AuthUser`] extractor.
//!
//! An endpoint that needs a user takes `AuthUser`; there is no optional
//! variant to forget a check on. Only SHA-256 hashes of session cookies and
//! tokens are stored.

use crate::error::ApiError;
use crate::state::AppState;
use crate::writes::Writes;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Session cookie name: `__Host-` pins it to this host, path `/`, Secure.
pub const SESSION_COOKIE: &str = "__Host-session";
/// Session lifetime.
pub const SESSION_SECS: i64 = 8 * 3600;
/// API token lifetime; a row inserted without an expiry gets the same
/// lifetime from the migration's column default.
pub const API_TOKEN_SECS: i64 = 30 * 24 * 3600;

/// The authenticated caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    /// User id.
    pub id: i64,
}

/// Argon2id hash of a password.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
}

/// Whether `password` matches `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// SHA-256 of a token, hex; what the database stores.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new random 256-bit token, base64url.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The session cookie's value, if the request carries one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
}

fn bearer(headers: &HeaderMap) -> Option<Result<String, ApiError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthenticated),
    )
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // A presented bearer token must be valid: no falling back to a cookie.
        let id: Option<i64> = if let Some(token) = bearer(&parts.headers) {
            sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash(&token?))
                .bind(state.clock.now())
                .fetch_optional(&state.db)
                .await?
        } else if let Some(cookie) = session_cookie(&parts.headers) {
            sqlx::query_scalar("SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash(&cookie))
                .bind(state.clock.now())
                .fetch_optional(&state.db)
                .await?
        } else {
            None
        };
        id.map(|id| AuthUser { id }).ok_or(ApiError::Unauthenticated)
    }
}

/// `Set-Cookie` value for a new session.
pub fn session_set_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECS}")
}

/// `Set-Cookie` value that clears the session.
pub fn session_clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// Issues a bearer token for `user_id`, valid for [`API_TOKEN_SECS`] from
/// `now`; returns the token (only its hash is stored).
pub async fn issue_api_token(writes: &Writes, user_id: i64, now: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    let hash = token_hash(&token);
    writes
        .run_single_statement(move |conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO api_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
                    .bind(hash)
                    .bind(user_id)
                    .bind(now + API_TOKEN_SECS)
                    .execute(conn)
                    .await?;
                Ok(())
            })
        })
        .await?;
    Ok(token)
}

/// Deletes every session and API token that has expired at `now`; returns
/// how many rows went. Expired credentials are already refused at sign-in
/// time; purging keeps their hashes from piling up in the database.
pub async fn purge_expired(writes: &Writes, now: i64) -> Result<u64, sqlx::Error> {
    writes
        .run(move |conn| {
            Box::pin(async move {
                let sessions =
                    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&mut *conn).await?;
                let tokens =
                    sqlx::query("DELETE FROM api_tokens WHERE expires_at <= $1").bind(now).execute(conn).await?;
                Ok(sessions.rows_affected() + tokens.rows_affected())
            })
        })
        .await
}
