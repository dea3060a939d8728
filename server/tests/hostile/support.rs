//! A server on loopback with its own SQLite file, Stripe at a given base
//! URL, and users, sessions and bookings written straight to the database
//! (no password hashing, so the suite stays fast).

use booking_server::config::Config;
use booking_server::state::AppState;
use booking_server::stripe::StripeClient;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const SECRET_KEY: &str = "sk_test_hostile_only";
pub const WEBHOOK_SECRET: &str = "whsec_hostile_only";

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("booking-server-hostile-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A built component's minimal stand-in: the page and one hashed asset.
pub fn write_dist(dir: &TempDir) -> PathBuf {
    let dist = dir.0.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        r#"<!doctype html><html><head><script src="/app-0123456789abcdef.js"></script></head><body><booking-checkout publishable-key="pk_test_bookingCheckoutDemo"></booking-checkout></body></html>"#,
    )
    .unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "console.log('app')").unwrap();
    dist
}

/// The environment a test server runs with.
pub fn env(dir: &TempDir, stripe_base: &str, bind: SocketAddr) -> HashMap<&'static str, String> {
    HashMap::from([
        ("STRIPE_SECRET_KEY", SECRET_KEY.into()),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
        ("STRIPE_API_BASE", stripe_base.to_owned()),
        ("DATABASE_URL", format!("sqlite://{}", dir.0.join("test.db").display())),
        ("DIST_DIR", write_dist(dir).display().to_string()),
        ("BIND", bind.to_string()),
        ("CREATE_INTENT_BURST", "1000".into()),
    ])
}

/// How a test server is built.
pub struct Options {
    /// Longest a Stripe call may take.
    pub stripe_timeout: Duration,
    /// Longest a SQLite writer waits for a lock.
    pub busy_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self { stripe_timeout: Duration::from_secs(5), busy_timeout: Duration::from_millis(300) }
    }
}

/// A running server.
pub struct App {
    pub addr: SocketAddr,
    pub state: AppState,
    pub http: reqwest::Client,
    pub dir: TempDir,
}

pub async fn spawn(stripe_base: &str, opts: Options) -> App {
    let dir = TempDir::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let env = env(&dir, stripe_base, addr);
    let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
    let built = booking_server::build_state(config.clone()).await.unwrap();
    built.db.close().await;
    let db = booking_server::db::connect_with(&config.database_url, opts.busy_timeout).await.unwrap();
    let stripe = StripeClient::with_timeout(stripe_base, config.stripe_secret_key.clone(), opts.stripe_timeout);
    let state = AppState::with_stripe(db, config, built.page.clone(), stripe);
    let router = booking_server::app(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    App { addr, state, http, dir }
}

impl App {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A user with a session cookie and one unpaid booking; returns
    /// (`Cookie` header value, booking id).
    pub async fn user_with_booking(&self, name: &str) -> (String, String) {
        seed_user(&self.state.db, name, self.state.clock.now()).await
    }

    pub async fn create_intent(&self, cookie: &str, booking: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/payments/create-intent"))
            .header("cookie", cookie)
            .json(&serde_json::json!({ "booking_id": booking }))
            .send()
            .await
            .unwrap()
    }

    /// Posts `body` signed with the server's webhook secret now.
    pub async fn webhook(&self, body: &str) -> reqwest::Response {
        let t = self.state.clock.now();
        self.http
            .post(self.url("/api/payments/webhook"))
            .header("content-type", "application/json")
            .header(
                "stripe-signature",
                booking_server::stripe::webhook::signature_header(WEBHOOK_SECRET, t, body.as_bytes()),
            )
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.state.db).await.unwrap()
    }
}

/// Writes a user, a session and an unpaid 2-night sea-view booking straight
/// to the database; returns (`Cookie` header value, booking id).
pub async fn seed_user(db: &booking_server::db::Db, name: &str, now: i64) -> (String, String) {
    let user_id: i64 =
        sqlx::query_scalar("INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'unused') RETURNING id")
            .bind(format!("{name}@example.com"))
            .bind(name)
            .fetch_one(db)
            .await
            .unwrap();
    let token = booking_server::auth::new_token();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(booking_server::auth::token_hash(&token))
        .bind(user_id)
        .bind(now + booking_server::auth::SESSION_SECS)
        .execute(db)
        .await
        .unwrap();
    let booking = format!("bk_{name}");
    sqlx::query(
        "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at, arrival)
         VALUES ($1, $2, 'sea-view', 2, 'Sea-view room, 2 nights', 12500, 'eur', $3, $4)",
    )
    .bind(&booking)
    .bind(user_id)
    .bind(now)
    .bind(booking_server::terms::arrival(None, booking_server::terms::today(now)).unwrap().to_string())
    .execute(db)
    .await
    .unwrap();
    (format!("{}={token}", booking_server::auth::SESSION_COOKIE), booking)
}

/// A webhook event body.
pub fn event(id: &str, kind: &str, pi: &str) -> String {
    let status = if kind.ends_with("succeeded") { "succeeded" } else { "requires_payment_method" };
    format!(
        r#"{{"id":"{id}","object":"event","type":"{kind}","data":{{"object":{{"id":"{pi}","object":"payment_intent","status":"{status}"}}}}}}"#
    )
}

/// Asserts the fixed error body (code and request id only, no internals)
/// and returns the code.
pub async fn fixed_error(res: reqwest::Response, leak: &[&str]) -> String {
    assert_eq!(res.headers()["content-type"], "application/json");
    let text = res.text().await.unwrap();
    for l in leak {
        assert!(!text.contains(l), "{l:?} leaked in {text}");
    }
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body.as_object().unwrap().len(), 2, "{text}");
    assert_eq!(body["error"].as_object().unwrap().len(), 2, "{text}");
    body["error"]["code"].as_str().unwrap().to_owned()
}
