//! Database: connection, migrations and the demo's seed data.
//!
//! SQLite is the embedded default; a `postgres://` `DATABASE_URL` selects
//! PostgreSQL. Queries are written once, in the SQL both accept (`$N`
//! parameters, `ON CONFLICT`), and run through sqlx's `Any` driver; only the
//! migrations differ per backend (column types).

use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use sqlx::Executor;

/// The pool type every query runs on.
pub type Db = sqlx::AnyPool;

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens the database named by `url` (creating a SQLite file if needed) and
/// runs the migrations for its backend.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let postgres = is_postgres(url);
    let url = if !postgres && !url.contains("mode=") {
        format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
    } else {
        url.to_owned()
    };
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(move |conn: &mut AnyConnection, _| {
            Box::pin(async move {
                if !postgres {
                    // Per connection: concurrent writers wait instead of failing,
                    // and foreign keys are enforced.
                    conn.execute("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;").await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    if postgres {
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    } else {
        pool.execute("PRAGMA journal_mode = WAL;").await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    }
    Ok(pool)
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// A demo user: email, name, password.
pub const DEMO_USERS: [(&str, &str, &str); 2] =
    [("alice@example.com", "Alice", "alice-demo-password"), ("bob@example.com", "Bob", "bob-demo-password")];

/// Seeds the demo users with one unpaid booking each (`bk_demo_1` for Alice,
/// `bk_demo_2` for Bob). Idempotent.
pub async fn seed_demo(pool: &Db) -> Result<(), sqlx::Error> {
    for (i, (email, name, password)) in DEMO_USERS.iter().enumerate() {
        let hash = crate::auth::hash_password(password);
        sqlx::query("INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING")
            .bind(email)
            .bind(name)
            .bind(hash)
            .execute(pool)
            .await?;
        let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(pool).await?;
        let (room, nights) = if i == 0 { ("sea-view", 2) } else { ("garden", 3) };
        let priced = crate::routes::bookings::price(room, nights).expect("catalogue room");
        sqlx::query(
            "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(format!("bk_demo_{}", i + 1))
        .bind(user_id)
        .bind(room)
        .bind(i64::from(nights))
        .bind(&priced.description)
        .bind(priced.amount)
        .bind(priced.currency)
        .bind(now())
        .execute(pool)
        .await?;
    }
    Ok(())
}
