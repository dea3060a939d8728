//! Sign-in: the session cookie's attributes, rotation and sign-out.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn the_session_cookie_is_host_prefixed_secure_httponly_and_samesite() {
    let app = spawn_app().await;
    let res = app.post("/api/session", None, json!({"email": ALICE.0, "password": ALICE.1})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-session="), "{cookie}");
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(attr), "{attr} missing in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "__Host- cookies carry no Domain");
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_id() {
    let app = spawn_app().await;
    let first = app.login(ALICE).await;
    let res =
        app.post("/api/session", Some(&first), json!({"email": ALICE.0, "password": ALICE.1})).send().await.unwrap();
    let second = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert_ne!(first, second);
    assert_eq!(app.get("/api/session", Some(&first)).send().await.unwrap().status(), 401, "the old id is dead");
    assert_eq!(app.get("/api/session", Some(&second)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_401() {
    let app = spawn_app().await;
    for (email, pw) in [(ALICE.0, "wrong"), ("nobody@example.com", "x")] {
        let res = app.post("/api/session", None, json!({"email": email, "password": pw})).send().await.unwrap();
        assert_eq!(res.status(), 401);
        assert!(res.headers().get("set-cookie").is_none());
        assert_eq!(error_code(res).await, "unauthenticated");
    }
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let alice = app.login(ALICE).await;
    let res = app.http.delete(app.url("/api/session")).header("cookie", &alice).send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(app.create_intent(Some(&alice), "bk_demo_1").await.status(), 401);
}

#[tokio::test]
/// Regression: the sign-in time was read after the sign-in, so a second
/// that turned during it made the session look a second older than it was.
async fn a_session_expires_by_the_servers_clock() {
    let app = spawn_app().await;
    let before = app.state.clock.now();
    let alice = app.login(ALICE).await;
    let after = app.state.clock.now();
    app.state.clock.set(before + booking_server::auth::SESSION_SECS - 1);
    assert_eq!(app.get("/api/session", Some(&alice)).send().await.unwrap().status(), 200);
    app.state.clock.set(after + booking_server::auth::SESSION_SECS + 1);
    assert_eq!(app.get("/api/session", Some(&alice)).send().await.unwrap().status(), 401);
}
