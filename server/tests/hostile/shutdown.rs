//! SIGTERM: the server binary stops accepting, finishes the request in
//! flight, and exits cleanly.

use crate::stripe_stub::{Mode, Stub};
use crate::support::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
    let stub = Stub::start().await;
    stub.set_mode(Mode::Slow(Duration::from_millis(1200)));
    let dir = TempDir::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_booking-server"))
        .envs(env(&dir, &stub.url, addr))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let db = booking_server::db::connect(&format!("sqlite://{}", dir.0.join("test.db").display())).await.unwrap();
    let (cookie, booking) = seed_user(&db, "alice", booking_server::clock::system_now()).await;

    let in_flight = tokio::spawn(async move {
        reqwest::Client::new()
            .post(format!("http://{addr}/api/payments/create-intent"))
            .header("cookie", cookie)
            .json(&serde_json::json!({ "booking_id": booking }))
            .send()
            .await
    });
    while stub.requests() == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the request never reached Stripe");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());

    // New connections are refused while the request in flight goes on.
    let refusing = Instant::now();
    while std::net::TcpStream::connect(addr).is_ok() {
        assert!(refusing.elapsed() < Duration::from_secs(1), "still accepting after SIGTERM");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let res = in_flight.await.unwrap().expect("the in-flight request was answered");
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["client_secret"].as_str().is_some_and(|s| s.contains("_secret_")));
    let payments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments").fetch_one(&db).await.unwrap();
    assert_eq!(payments, 1, "the intent was recorded before the process ended");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not exit after SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "{status}");
}
