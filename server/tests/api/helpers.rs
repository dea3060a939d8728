//! `spawn_app()` and friends.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use booking_server::config::Config;
use booking_server::state::AppState;
use std::collections::HashMap;
use std::io::Write;
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub const SECRET_KEY: &str = "sk_test_suite_only";
pub const WEBHOOK_SECRET: &str = "whsec_suite_only";
pub const ALICE: (&str, &str) = ("alice@example.com", "alice-demo-password");
pub const BOB: (&str, &str) = ("bob@example.com", "bob-demo-password");

static LOCALSTRIPE: OnceLock<(String, Mutex<Child>)> = OnceLock::new();

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The URL of the shared localstripe process, started on first use.
pub fn localstripe() -> &'static str {
    let (url, _) = LOCALSTRIPE.get_or_init(|| start_localstripe(&[]));
    url
}

/// A localstripe process of its own answering every API request
/// `latency_ms` late (scripts/run_localstripe.py `--latency`); it stops
/// when the returned child is dropped (its standard input closes).
pub fn slow_localstripe(latency_ms: u32) -> (String, LocalStripe) {
    let (url, child) = start_localstripe(&["--latency", &latency_ms.to_string()]);
    (url, LocalStripe(child.into_inner().unwrap()))
}

/// A localstripe process that stops when dropped.
pub struct LocalStripe(Child);

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

// The child is handed to the caller: a `LocalStripe` waits for it when
// dropped, the shared one exits when the test process's stdin pipe closes.
#[allow(clippy::zombie_processes)]
fn start_localstripe(args: &[&str]) -> (String, Mutex<Child>) {
    let port = free_port();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut child = Command::new("python3")
        .arg(root.join("scripts/run_localstripe.py"))
        .arg(port.to_string())
        .arg("--exit-with-stdin")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with localstripe (scripts/setup.sh installs it)");
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (format!("http://127.0.0.1:{port}"), Mutex::new(child));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("localstripe did not start on port {port}");
}

/// One request as the Stripe API saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: String,
    pub idempotency_key: Option<String>,
    pub body: String,
}

/// A proxy in front of localstripe that records every request, and can
/// hold requests to paths ending in a given suffix until released (so a
/// test decides which of two racing operations reaches Stripe first).
/// localstripe keeps Stripe's idempotency rules (scripts/run_localstripe.py)
/// and is shared by every test: the proxy puts each app's idempotency keys
/// in a namespace of its own, as if each app had its own Stripe account.
/// It can also fail chosen requests once ([`Recorder::fail_once`]).
#[derive(Clone)]
pub struct Recorder(Arc<Mutex<Vec<Seen>>>, Arc<Mutex<Option<Hold>>>, u64, Arc<Mutex<Vec<Fault>>>);

impl Default for Recorder {
    fn default() -> Self {
        Self(Arc::default(), Arc::default(), rand::random(), Arc::default())
    }
}

/// How a request chosen by [`Recorder::fail_once`] fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Stripe refuses it (500 `api_error`) and does nothing.
    Refused,
    /// Stripe does it, but its answer is lost on the way back: the server
    /// sees a 500 `api_error`.
    AnswerLost,
}

/// The next `method path` request whose form body contains `needle` fails so.
struct Fault {
    method: String,
    path: String,
    needle: String,
    failure: Failure,
}

/// Requests to paths ending in `suffix` wait for a permit of `gate`.
struct Hold {
    suffix: String,
    gate: Arc<tokio::sync::Semaphore>,
}

/// How long a held request waits at most before it goes on anyway.
const HOLD_LIMIT: Duration = Duration::from_secs(10);

impl Recorder {
    pub fn seen(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.seen().iter().filter(|s| s.method == method && s.path == path).count()
    }
    /// Holds every later request whose path ends in `suffix` (at most
    /// [`HOLD_LIMIT`]) until [`Recorder::release`].
    pub fn hold(&self, suffix: &str) {
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        *self.1.lock().unwrap() = Some(Hold { suffix: suffix.to_owned(), gate });
    }
    /// Lets the held requests go on, and stops holding.
    pub fn release(&self) {
        if let Some(hold) = self.1.lock().unwrap().take() {
            hold.gate.add_permits(tokio::sync::Semaphore::MAX_PERMITS / 2);
        }
    }
    /// Makes the next `method path` request whose form body contains
    /// `needle` (e.g. `payment_intent=pi_…`) fail as `failure` says; later
    /// ones go through.
    pub fn fail_once(&self, method: &str, path: &str, needle: &str, failure: Failure) {
        let fault = Fault { method: method.into(), path: path.into(), needle: needle.into(), failure };
        self.3.lock().unwrap().push(fault);
    }
    /// Waits (bounded) until Stripe has been asked `method path` `n` times.
    pub async fn wait_for(&self, method: &str, path: &str, n: usize) {
        for _ in 0..200 {
            if self.count(method, path) >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("Stripe was not asked {method} {path} {n} times within 5 s");
    }
}

async fn forward(State((rec, upstream)): State<(Recorder, String)>, req: Request) -> impl IntoResponse {
    let (parts, body) = req.into_parts();
    let body: Bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let held = rec.1.lock().unwrap().as_ref().filter(|h| parts.uri.path().ends_with(&h.suffix)).map(|h| h.gate.clone());
    let seen = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        authorization: header("authorization").unwrap_or_default(),
        idempotency_key: header("idempotency-key"),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log_request(&seen, parts.uri.query().unwrap_or(""));
    let failure = {
        let mut faults = rec.3.lock().unwrap();
        let hit =
            faults.iter().position(|f| f.method == seen.method && f.path == seen.path && seen.body.contains(&f.needle));
        hit.map(|i| faults.remove(i).failure)
    };
    rec.0.lock().unwrap().push(seen);
    let api_error = || {
        let body = r#"{"error":{"type":"api_error","message":"An error occurred with our connection to Stripe."}}"#;
        (StatusCode::INTERNAL_SERVER_ERROR, [("content-type", "application/json")], body).into_response()
    };
    if failure == Some(Failure::Refused) {
        return api_error();
    }
    if let Some(gate) = held {
        let _ = tokio::time::timeout(HOLD_LIMIT, gate.acquire()).await;
    }
    let url = format!("{upstream}{}", parts.uri.path_and_query().map_or("", |p| p.as_str()));
    let mut out = reqwest::Client::new().request(parts.method.clone(), url).body(body);
    for name in ["authorization", "content-type"] {
        if let Some(v) = header(name) {
            out = out.header(name, v);
        }
    }
    if let Some(key) = header("idempotency-key") {
        out = out.header("idempotency-key", format!("{:016x}:{key}", rec.2));
    }
    match out.send().await {
        Ok(_) if failure == Some(Failure::AnswerLost) => api_error(),
        Ok(res) => {
            let status = StatusCode::from_u16(res.status().as_u16()).unwrap();
            let bytes = res.bytes().await.unwrap_or_default();
            (status, [("content-type", "application/json")], bytes).into_response()
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

/// With `STRIPE_REQUEST_LOG` set, appends each request the server made to
/// Stripe (method, path, query and form body) to that file as a JSON line:
/// `scripts/stripe-params.mjs` then checks every parameter name against
/// Stripe's published API types.
///
/// Only Stripe's API (`/v1/…`) is the server's: the shared localstripe
/// may still deliver an ended test's webhook to its old port, which a
/// later test's recorder can have taken.
fn log_request(seen: &Seen, query: &str) {
    static FILE: Mutex<()> = Mutex::new(());
    let Some(path) = std::env::var_os("STRIPE_REQUEST_LOG") else { return };
    if !seen.path.starts_with("/v1/") {
        return;
    }
    let line = serde_json::json!({ "method": seen.method, "path": seen.path, "query": query, "body": seen.body });
    let _one_writer = FILE.lock().unwrap();
    let mut file =
        std::fs::OpenOptions::new().create(true).append(true).open(path).expect("STRIPE_REQUEST_LOG is writable");
    file.write_all(format!("{line}\n").as_bytes()).expect("STRIPE_REQUEST_LOG is writable");
}

async fn start_recorder(upstream: &str) -> (String, Recorder) {
    let rec = Recorder::default();
    let app = axum::Router::new().fallback(forward).with_state((rec.clone(), upstream.to_owned()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), rec)
}

/// A running server with its own database and Stripe recorder.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub stripe: Recorder,
    pub http: reqwest::Client,
    /// What another instance of this deployment shares with it.
    shared: Peer,
    _dir: TempDir,
    _localstripe: Option<Arc<LocalStripe>>,
}

/// What the instances of one deployment share: the database and Stripe
/// (one recorder, so one idempotency namespace).
#[derive(Clone)]
pub struct Peer {
    database_url: String,
    stripe_url: String,
    stripe: Recorder,
    localstripe: Option<Arc<LocalStripe>>,
}

/// A directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let n: u64 = rand::random();
        let dir = std::env::temp_dir().join(format!("booking-server-test-{n:x}"));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Options for [`spawn_app_with`].
pub struct Options {
    pub demo: bool,
    pub burst: u32,
    /// Stripe answers this late (a localstripe of the app's own).
    pub stripe_latency_ms: Option<u32>,
    /// Another instance of that app's deployment ([`TestApp::peer`]).
    pub peer: Option<Peer>,
    /// More environment for the server.
    pub env: Vec<(&'static str, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self { demo: false, burst: 1000, stripe_latency_ms: None, peer: None, env: Vec::new() }
    }
}

/// A fresh database: a SQLite file in `dir`, or, when `TEST_POSTGRES_URL`
/// names a PostgreSQL server, a new database on it.
async fn database_url(dir: &TempDir) -> String {
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        return format!("sqlite://{}", dir.0.join("test.db").display());
    };
    use sqlx::Connection;
    let name = format!("t_{:016x}", rand::random::<u64>());
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("TEST_POSTGRES_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(opts: Options) -> TestApp {
    crate::logs::capture();
    let dir = TempDir::new();
    let dist = dir.0.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        r#"<!doctype html><html><head><script type="module">boot()</script><script src="/app-0123456789abcdef.js" integrity="sha384-x"></script></head><body><booking-checkout publishable-key="pk_test_bookingCheckoutDemo"></booking-checkout></body></html>"#,
    )
    .unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "console.log('app')").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.br"), b"precompressed-br").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.gz"), b"precompressed-gz").unwrap();
    let peer = match opts.peer {
        Some(peer) => peer,
        None => {
            let (upstream, localstripe) = match opts.stripe_latency_ms {
                Some(ms) => {
                    let (url, process) = slow_localstripe(ms);
                    (url, Some(Arc::new(process)))
                }
                None => (localstripe().to_owned(), None),
            };
            let (stripe_url, stripe) = start_recorder(&upstream).await;
            Peer { database_url: database_url(&dir).await, stripe_url, stripe, localstripe }
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut env: HashMap<&str, String> = HashMap::from([
        ("STRIPE_SECRET_KEY", SECRET_KEY.into()),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
        ("STRIPE_API_BASE", peer.stripe_url.clone()),
        ("DATABASE_URL", peer.database_url.clone()),
        ("DIST_DIR", dist.display().to_string()),
        ("BIND", addr.to_string()),
        ("CREATE_INTENT_BURST", opts.burst.to_string()),
        ("CONSENT_BURST", "1000".into()),
    ]);
    env.extend(opts.env);
    if opts.demo {
        env.insert("DEMO", "1".into());
        env.insert("OFFLINE_STRIPE_JS", "1".into());
    }
    let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
    let demo = config.demo;
    let state = booking_server::build_state(config).await.unwrap();
    booking_server::demo::seed(&state.db, state.clock.now()).await.unwrap();
    let router = if demo { booking_server::demo_app(state.clone()) } else { booking_server::app(state.clone()) };
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp {
        addr,
        state,
        stripe: peer.stripe.clone(),
        http,
        _localstripe: peer.localstripe.clone(),
        shared: peer,
        _dir: dir,
    }
}

impl TestApp {
    /// What another instance needs to join this app's deployment.
    pub fn peer(&self) -> Peer {
        self.shared.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Signs in and returns the `Cookie` header value.
    pub async fn login(&self, (email, password): (&str, &str)) -> String {
        let res = self
            .http
            .post(self.url("/api/session"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "login failed");
        let set = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        set.split(';').next().unwrap().to_owned()
    }

    /// A JSON request with an optional cookie.
    pub fn post(&self, path: &str, cookie: Option<&str>, body: serde_json::Value) -> reqwest::RequestBuilder {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::RequestBuilder {
        let mut req = self.http.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req
    }

    pub async fn create_intent(&self, cookie: Option<&str>, booking_id: &str) -> reqwest::Response {
        self.post("/api/payments/create-intent", cookie, serde_json::json!({ "booking_id": booking_id }))
            .send()
            .await
            .unwrap()
    }

    /// Creates a booking for the signed-in user and returns its id.
    pub async fn new_booking(&self, cookie: &str) -> String {
        let res = self
            .post("/api/bookings", Some(cookie), serde_json::json!({"room": "sea-view", "nights": 2}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        res.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
    }

    /// Posts a webhook body signed with `secret` at `t`.
    pub async fn webhook(&self, body: &str, secret: &str, t: i64) -> reqwest::Response {
        self.http
            .post(self.url("/api/payments/webhook"))
            .header("content-type", "application/json")
            .header("stripe-signature", booking_server::stripe::webhook::signature_header(secret, t, body.as_bytes()))
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    /// Waits until the webhook has marked `booking` paid. localstripe sends
    /// each event a second after it happens, to one registered endpoint
    /// after another (every test's), and on a machine busy with builds that
    /// took over 20 s once, so this allows 30 s, bounded.
    pub async fn wait_paid(&self, booking: &str) {
        for _ in 0..300 {
            if self.booking_status(booking).await == "paid" {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("booking {booking} never became paid");
    }

    pub async fn booking_status(&self, id: &str) -> String {
        sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
            .bind(id)
            .fetch_one(&self.state.db)
            .await
            .unwrap()
    }

    /// Registers this server's webhook URL at localstripe.
    pub async fn register_webhook(&self, name: &str) {
        let res = reqwest::Client::new()
            .post(format!("{}/_config/webhooks/{name}", localstripe()))
            .form(&[
                ("url", self.url("/api/payments/webhook")),
                ("secret", WEBHOOK_SECRET.to_owned()),
                ("events[]", "payment_intent.succeeded".to_owned()),
                ("events[]", "payment_intent.payment_failed".to_owned()),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }
}

/// An event body for PaymentIntent `pi` of type `kind`.
pub fn event(id: &str, kind: &str, pi: &str) -> String {
    serde_json::json!({
        "id": id, "object": "event", "type": kind,
        "data": {"object": {"id": pi, "object": "payment_intent", "status": if kind.ends_with("succeeded") { "succeeded" } else { "requires_payment_method" }}}
    })
    .to_string()
}

/// Asserts the fixed error shape and returns the code.
pub async fn error_code(res: reqwest::Response) -> String {
    let headers: HeaderMap = res.headers().clone();
    assert!(headers.get("content-type").unwrap().to_str().unwrap().starts_with("application/json"));
    let body: serde_json::Value = res.json().await.unwrap();
    let obj = body.as_object().unwrap();
    assert_eq!(obj.len(), 2, "only error and request_id: {body}");
    assert!(body["request_id"].as_str().is_some_and(|s| s.len() == 16));
    assert_eq!(body["error"].as_object().unwrap().len(), 2, "only code and message: {body}");
    body["error"]["code"].as_str().unwrap().to_owned()
}

pub fn now() -> i64 {
    booking_server::clock::system_now()
}

/// Writes into the shared log buffer (see `logs.rs`).
pub struct BufWriter(pub Arc<Mutex<Vec<u8>>>);

impl Write for BufWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A card PaymentMethod at localstripe for test card `number` (a 3D Secure
/// card makes its confirmation need authentication), by its id.
pub async fn card_payment_method(number: &str) -> String {
    card_payment_method_at(localstripe(), number).await
}

/// [`card_payment_method`] at the localstripe at `base`.
pub async fn card_payment_method_at(base: &str, number: &str) -> String {
    let pm: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/v1/payment_methods"))
        .basic_auth(SECRET_KEY, Some(""))
        .form(&[
            ("type", "card"),
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2034"),
            ("card[cvc]", "123"),
        ])
        .json_body()
        .await;
    pm["id"].as_str().unwrap().to_owned()
}

/// What the customer's 3D Secure challenge does, with the publishable key
/// only: passes (`success`) or fails it.
pub async fn authenticate(pi: &str, secret: &str, success: bool) {
    let res = reqwest::Client::new()
        .post(format!("{}/v1/payment_intents/{pi}/_authenticate?success={success}", localstripe()))
        .json(&serde_json::json!({"key": "pk_test_bookingCheckoutDemo", "client_secret": secret}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
}

/// Sends a request and reads its JSON body, for a test that needs only the
/// body (and panics on a network error or a body that is not JSON).
pub trait JsonBody {
    /// The answer's body as `T`.
    fn json_body<T: serde::de::DeserializeOwned>(self) -> impl std::future::Future<Output = T>;
}

impl JsonBody for reqwest::RequestBuilder {
    async fn json_body<T: serde::de::DeserializeOwned>(self) -> T {
        self.send().await.unwrap().json().await.unwrap()
    }
}
