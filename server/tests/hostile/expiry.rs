//! Sessions and API tokens expire by the server's clock and are purged.

use crate::stripe_stub::Stub;
use crate::support::*;
use booking_server::auth::{self, API_TOKEN_SECS, SESSION_SECS};

#[tokio::test]
async fn an_api_token_is_refused_after_its_lifetime() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (_, booking) = app.user_with_booking("alice").await;
    let issued_at = app.state.clock.now();
    let token = auth::issue_api_token(&app.state.writes, 1, issued_at).await.unwrap();
    let path = format!("/api/bookings/{booking}");
    let me = |app: &App| app.http.get(app.url(&path)).bearer_auth(&token).send();
    app.state.clock.set(issued_at + API_TOKEN_SECS - 1);
    assert_eq!(me(&app).await.unwrap().status(), 200);
    app.state.clock.set(issued_at + API_TOKEN_SECS);
    let res = me(&app).await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(fixed_error(res, &[]).await, "unauthenticated");
}

#[tokio::test]
async fn a_token_inserted_without_an_expiry_gets_the_standard_lifetime() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    app.user_with_booking("alice").await;
    sqlx::query("INSERT INTO api_tokens (token_hash, user_id) VALUES ('h', 1)").execute(&app.state.db).await.unwrap();
    let expires: i64 = app.count("SELECT expires_at FROM api_tokens").await;
    let now = booking_server::clock::system_now();
    assert!((expires - (now + API_TOKEN_SECS)).abs() <= 5, "{expires} vs {now}");
}

#[tokio::test]
async fn expired_sessions_and_tokens_are_purged_and_live_ones_kept() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let t0 = app.state.clock.now();
    app.user_with_booking("alice").await; // a session until t0 + SESSION_SECS
    auth::issue_api_token(&app.state.writes, 1, t0).await.unwrap(); // until t0 + API_TOKEN_SECS
    assert_eq!(auth::purge_expired(&app.state.writes, t0 + SESSION_SECS - 1).await.unwrap(), 0);
    assert_eq!(auth::purge_expired(&app.state.writes, t0 + SESSION_SECS).await.unwrap(), 1, "the session");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens").await, 1);
    assert_eq!(auth::purge_expired(&app.state.writes, t0 + API_TOKEN_SECS).await.unwrap(), 1, "the token");
    assert_eq!(app.count("SELECT COUNT(*) FROM api_tokens").await, 0);
}

#[tokio::test]
async fn the_serving_loop_purges_at_start() {
    let stub = Stub::start().await;
    let app = spawn(&stub.url, Options::default()).await;
    let (cookie, _) = app.user_with_booking("alice").await;
    sqlx::query("UPDATE sessions SET expires_at = 1").execute(&app.state.db).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    tokio::spawn(booking_server::serve(listener, app.state.clone()));
    for _ in 0..50 {
        if app.count("SELECT COUNT(*) FROM sessions").await == 0 {
            let res = app.http.get(app.url("/api/session")).header("cookie", &cookie).send().await.unwrap();
            assert_eq!(res.status(), 401);
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the expired session was not purged");
}
