//! `POST/GET/DELETE /api/session`: sign-in with a server-side session.

use crate::auth::{self, AuthUser};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use booking_contract::{LoginRequest, Me, SESSION_PATH};

/// `GET` who is signed in, `POST` sign in, `DELETE` sign out.
pub fn router() -> Router<AppState> {
    Router::new().route(SESSION_PATH, get(me).post(login).delete(logout))
}

/// Signs in; the session id is always new (rotated) and any old one is dropped.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(body.email.trim().to_ascii_lowercase())
        .fetch_optional(&state.db)
        .await?;
    // Verify against a dummy hash when the user is unknown, so timing does
    // not reveal which emails have accounts.
    let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0000000000000000000000000000000000000000000";
    let user_id = match &row {
        Some((id, hash)) if auth::verify_password(&body.password, hash) => *id,
        _ => {
            if row.is_none() {
                auth::verify_password(&body.password, dummy);
            }
            return Err(ApiError::Unauthenticated);
        }
    };
    let old = auth::session_cookie(&headers).map(|old| auth::token_hash(&old));
    let token = auth::new_token();
    let (hash, expires_at) = (auth::token_hash(&token), state.clock.now() + auth::SESSION_SECS);
    state
        .writes
        .run(move |conn| {
            Box::pin(async move {
                if let Some(old) = old {
                    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(old).execute(&mut *conn).await?;
                }
                sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
                    .bind(hash)
                    .bind(user_id)
                    .bind(expires_at)
                    .execute(conn)
                    .await?;
                Ok(())
            })
        })
        .await?;
    let mut res = me_of(&state, user_id).await?.into_response();
    let cookie =
        HeaderValue::from_str(&auth::session_set_cookie(&token)).map_err(|_| ApiError::Internal("cookie".into()))?;
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}

async fn me_of(state: &AppState, user_id: i64) -> Result<Json<Me>, ApiError> {
    let name: String =
        sqlx::query_scalar("SELECT name FROM users WHERE id = $1").bind(user_id).fetch_one(&state.db).await?;
    Ok(Json(Me { name }))
}

/// Who is signed in (401 if nobody).
pub async fn me(State(state): State<AppState>, user: AuthUser) -> Result<Json<Me>, ApiError> {
    me_of(&state, user.id).await
}

/// Signs out: deletes the session and clears the cookie.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = auth::session_cookie(&headers) {
        let hash = auth::token_hash(&token);
        state
            .writes
            .run_single_statement(move |conn| {
                Box::pin(async move {
                    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash).execute(conn).await?;
                    Ok(())
                })
            })
            .await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&auth::session_clear_cookie()).map_err(|_| ApiError::Internal("cookie".into()))?,
    );
    Ok(res)
}
