//! Bounded load test of create-intent and the webhook on loopback.
//!
//! Starts the server in this process on a fresh SQLite file, or on a fresh
//! database of the PostgreSQL server named by `--postgres`, as `--instances`
//! servers sharing it (each with its own state, pools and listener, the
//! clients spread over them in turn), with Stripe played by the local stub
//! of the test suite (`tests/hostile/stripe_stub.rs`, reached through the
//! ordinary `STRIPE_API_BASE`), then:
//! 1. `--bookings` create-intent calls, one per distinct booking, from
//!    `--concurrency` clients;
//! 2. a signed `payment_intent.succeeded` event per intent, each delivered
//!    twice, all interleaved, from the same number of clients.
//!
//! Reports throughput and latency percentiles per phase, then checks that
//! every booking got exactly one intent (in the database and at the stub)
//! and every event changed its booking exactly once (a trigger counts the
//! status writes). Bounded: a fixed number of requests, and the program
//! gives up after `--max-secs`. Exits non-zero if a check fails.
//!
//! `scripts/load-test.sh` builds it optimised and runs it.

#[path = "../tests/hostile/stripe_stub.rs"]
#[allow(dead_code)]
mod stripe_stub;

use booking_server::config::Config;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SECRET_KEY: &str = "sk_test_load_only";
const WEBHOOK_SECRET: &str = "whsec_load_only";

struct Args {
    bookings: usize,
    concurrency: usize,
    users: usize,
    max_secs: u64,
    instances: usize,
    /// A PostgreSQL server's URL; a database is created on it for the run.
    postgres: Option<String>,
}

fn args() -> Args {
    let mut a = Args { bookings: 5_000, concurrency: 32, users: 50, max_secs: 120, instances: 1, postgres: None };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let value = || pair.get(1).and_then(|v| v.parse().ok()).unwrap_or_else(|| usage());
        match pair[0].as_str() {
            "--bookings" => a.bookings = value(),
            "--concurrency" => a.concurrency = value(),
            "--users" => a.users = value(),
            "--max-secs" => a.max_secs = value() as u64,
            "--instances" => a.instances = usize::max(value(), 1),
            "--postgres" => a.postgres = Some(pair.get(1).cloned().unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    if a.instances > 1 && a.postgres.is_none() {
        // SQLite runs on one node: several instances share only PostgreSQL.
        usage();
    }
    a
}

fn usage() -> ! {
    eprintln!(
        "usage: load [--bookings N] [--concurrency C] [--users U] [--max-secs S] [--instances I] [--postgres URL]"
    );
    std::process::exit(2)
}

/// One request to send: path (always POSTed), headers, body.
type Request = (String, Vec<(&'static str, String)>, String);

/// Latencies of one phase, and what it proves.
struct Phase {
    name: &'static str,
    wall: Duration,
    latencies: Vec<Duration>,
    failures: usize,
}

impl Phase {
    fn report(&mut self) {
        self.latencies.sort();
        let pct = |p: f64| {
            let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len()) - 1;
            self.latencies[i].as_secs_f64() * 1000.0
        };
        let n = self.latencies.len();
        println!(
            "{:<14} {:>6} requests in {:>6.2} s = {:>7.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   max {:>7.2} ms   non-2xx {}",
            self.name,
            n,
            self.wall.as_secs_f64(),
            n as f64 / self.wall.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            pct(1.0),
            self.failures
        );
    }
}

/// Sends every request of `requests` from `concurrency` clients.
/// Request `i` goes to `bases[i % bases.len()]`.
async fn run(
    name: &'static str,
    bases: &[String],
    concurrency: usize,
    requests: Vec<Request>,
    deadline: Instant,
) -> Phase {
    let bases = Arc::new(bases.to_vec());
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build().unwrap();
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (requests, next, http, bases) = (requests.clone(), next.clone(), http.clone(), bases.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failures = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests.len() || Instant::now() > deadline {
                        break;
                    }
                    let (path, headers, body) = &requests[i];
                    let base = &bases[i % bases.len()];
                    let mut req = http.post(format!("{base}{path}")).body(body.clone());
                    for (k, v) in headers {
                        req = req.header(*k, v);
                    }
                    let t = Instant::now();
                    let ok = match req.send().await {
                        Ok(res) => {
                            let ok = res.status().is_success();
                            let _ = res.bytes().await;
                            ok
                        }
                        Err(_) => false,
                    };
                    latencies.push(t.elapsed());
                    failures += usize::from(!ok);
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut phase = Phase { name, wall: Duration::ZERO, latencies: Vec::new(), failures: 0 };
    for w in workers {
        let (l, f) = w.await.unwrap();
        phase.latencies.extend(l);
        phase.failures += f;
    }
    phase.wall = started.elapsed();
    phase
}

#[tokio::main]
async fn main() {
    let a = args();
    let deadline = Instant::now() + Duration::from_secs(a.max_secs);
    let dir = std::env::temp_dir().join(format!("booking-load-{:016x}", rand::random::<u64>()));
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/index.html"), "<!doctype html><html><head></head><body></body></html>").unwrap();
    let (url, database) = match &a.postgres {
        None => (format!("sqlite://{}", dir.join("load.db").display()), None),
        Some(server) => {
            let name = format!("booking_load_{:016x}", rand::random::<u64>());
            let admin = admin(server).await;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
            (database_url(server, &name), Some((admin, name)))
        }
    };
    let ok = run_all(&a, &dir, &url, deadline).await;
    let _ = std::fs::remove_dir_all(&dir);
    if let Some((admin, name)) = database {
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&admin).await.unwrap();
    }
    if !ok {
        std::process::exit(1);
    }
}

/// A pool on the PostgreSQL server's own database, to create and drop the
/// run's database.
async fn admin(server: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new().max_connections(1).connect(server).await.unwrap()
}

/// `server` with its database replaced by `name`.
fn database_url(server: &str, name: &str) -> String {
    let (head, query) = server.split_once('?').map_or((server, None), |(h, q)| (h, Some(q)));
    let root = head.rsplit_once('/').filter(|(r, _)| r.contains("//") && !r.ends_with('/')).map_or(head, |(r, _)| r);
    query.map_or(format!("{root}/{name}"), |q| format!("{root}/{name}?{q}"))
}

/// Counts every write of a booking's status, in each backend's syntax.
const SQLITE_TRIGGER: &str = "CREATE TABLE status_writes (booking_id TEXT NOT NULL, status TEXT NOT NULL);
     CREATE TRIGGER count_status_writes AFTER UPDATE OF status ON bookings
     BEGIN INSERT INTO status_writes VALUES (NEW.id, NEW.status); END;";
const POSTGRES_TRIGGER: &str = "CREATE TABLE status_writes (booking_id TEXT NOT NULL, status TEXT NOT NULL);
     CREATE FUNCTION count_status_writes() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN INSERT INTO status_writes VALUES (NEW.id, NEW.status); RETURN NEW; END $$;
     CREATE TRIGGER count_status_writes AFTER UPDATE OF status ON bookings
       FOR EACH ROW EXECUTE FUNCTION count_status_writes();";

async fn run_all(a: &Args, dir: &std::path::Path, url: &str, deadline: Instant) -> bool {
    let stub = stripe_stub::Stub::start().await;
    let mut bases = Vec::new();
    let mut states = Vec::new();
    for _ in 0..a.instances {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let env: HashMap<&str, String> = HashMap::from([
            ("STRIPE_SECRET_KEY", SECRET_KEY.into()),
            ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
            ("STRIPE_API_BASE", stub.url.clone()),
            ("DATABASE_URL", url.to_owned()),
            ("DIST_DIR", dir.join("dist").display().to_string()),
            ("BIND", addr.to_string()),
            ("CREATE_INTENT_BURST", "1000000".into()),
        ]);
        let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        let state = booking_server::build_state(config).await.unwrap();
        states.push(state.clone());
        tokio::spawn(async move { axum::serve(listener, booking_server::app(state)).await });
        bases.push(format!("http://{addr}"));
    }
    let db = states[0].db.clone();
    let now = states[0].clock.now();

    // Users with sessions, bookings spread over them, and a trigger that
    // counts every write of a booking's status.
    let (backend, trigger, durable) = match a.postgres {
        // 2 = FULL: each commit waits for the journal's fsync.
        None => {
            let full = sqlx::query_scalar::<_, i64>("PRAGMA synchronous").fetch_one(&db).await.unwrap() == 2;
            ("SQLite", SQLITE_TRIGGER, full)
        }
        Some(_) => {
            let on = |setting: &'static str| {
                let db = db.clone();
                async move { sqlx::query_scalar::<_, String>(setting).fetch_one(&db).await.unwrap() == "on" }
            };
            ("PostgreSQL", POSTGRES_TRIGGER, on("SHOW synchronous_commit").await && on("SHOW fsync").await)
        }
    };
    sqlx::raw_sql(trigger).execute(&db).await.unwrap();
    let mut cookies = Vec::new();
    for u in 0..a.users {
        let id: i64 =
            sqlx::query_scalar("INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'unused') RETURNING id")
                .bind(format!("load{u}@example.com"))
                .bind(format!("Load {u}"))
                .fetch_one(&db)
                .await
                .unwrap();
        let token = booking_server::auth::new_token();
        sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(booking_server::auth::token_hash(&token))
            .bind(id)
            .bind(now + 3600)
            .execute(&db)
            .await
            .unwrap();
        cookies.push((id, format!("{}={token}", booking_server::auth::SESSION_COOKIE)));
    }
    let mut tx = db.begin().await.unwrap();
    let mut create = Vec::with_capacity(a.bookings);
    for b in 0..a.bookings {
        let (user, cookie) = &cookies[b % cookies.len()];
        let id = format!("bk_load{b:07}");
        sqlx::query(
            "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at)
             VALUES ($1, $2, 'garden', 1, 'Garden room, 1 night', 4800, 'eur', $3)",
        )
        .bind(&id)
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
        let headers = vec![("cookie", cookie.clone()), ("content-type", "application/json".to_owned())];
        create.push(("/api/payments/create-intent".to_owned(), headers, format!(r#"{{"booking_id":"{id}"}}"#)));
    }
    tx.commit().await.unwrap();

    println!(
        "booking-server load test: {} bookings, {} users, {} concurrent clients, {backend}, {} instance(s), \
         Stripe stubbed on loopback",
        a.bookings, a.users, a.concurrency, a.instances
    );
    let mut intents = run("create-intent", &bases, a.concurrency, create, deadline).await;
    intents.report();

    // Every intent's succeeded event, each delivered twice, interleaved.
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT booking_id, payment_intent_id FROM payments").fetch_all(&db).await.unwrap();
    let t = booking_server::clock::system_now();
    let deliveries: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, pi))| {
            let body = format!(
                r#"{{"id":"evt_load{i:07}","object":"event","type":"payment_intent.succeeded","data":{{"object":{{"id":"{pi}","object":"payment_intent","status":"succeeded"}}}}}}"#
            );
            let signature = booking_server::stripe::webhook::signature_header(WEBHOOK_SECRET, t, body.as_bytes());
            let headers = vec![("stripe-signature", signature), ("content-type", "application/json".to_owned())];
            ("/api/payments/webhook".to_owned(), headers, body)
        })
        .collect();
    // First deliveries in order interleaved with the repeats in reverse, so
    // in the middle a repeat meets its first delivery in flight.
    let events: Vec<_> =
        deliveries.iter().zip(deliveries.iter().rev()).flat_map(|(a, b)| [a.clone(), b.clone()]).collect();
    let mut hooks = run("webhook", &bases, a.concurrency, events, deadline).await;
    hooks.report();

    let count = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&db).await.unwrap() }
    };
    let n = a.bookings as i64;
    let checks = [
        ("every commit durable (fsync'd before it is answered)", durable),
        ("every create-intent answered 2xx", intents.failures == 0 && intents.latencies.len() == a.bookings),
        ("one payment row per booking", count("SELECT COUNT(*) FROM payments").await == n),
        ("one distinct intent per booking", count("SELECT COUNT(DISTINCT payment_intent_id) FROM payments").await == n),
        ("the stub made exactly one intent per booking", stub.intents() == a.bookings),
        ("every webhook delivery answered 2xx", hooks.failures == 0 && hooks.latencies.len() == 2 * a.bookings),
        ("each event recorded once", count("SELECT COUNT(*) FROM processed_events").await == n),
        (
            "each booking paid",
            count("SELECT COUNT(*) FROM bookings WHERE id LIKE 'bk_load%' AND status = 'paid'").await == n,
        ),
        ("one status write per event", count("SELECT COUNT(*) FROM status_writes").await == n),
    ];
    let mut all = true;
    for (what, ok) in checks {
        println!("{} {what}", if ok { "ok  " } else { "FAIL" });
        all &= ok;
    }
    for state in states {
        state.db.close().await;
    }
    all
}
