//! Database: the pool type, the connection and the migrations.
//!
//! SQLite is the embedded default; a `postgres://` `DATABASE_URL` selects
//! PostgreSQL. Queries are written once, in the SQL both accept (`$N`
//! parameters, `ON CONFLICT`), and run through sqlx's `Any` driver; only the
//! migrations differ per backend (column types).

use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use sqlx::Executor;
use std::time::Duration;

/// The pool type every query runs on.
pub type Db = sqlx::AnyPool;

/// Whether `url` names PostgreSQL (otherwise SQLite).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// How long a SQLite writer waits for another's lock before the request is
/// answered 503 (and a webhook left for Stripe to redeliver).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the database named by `url` (creating a SQLite file if needed) and
/// runs the migrations for its backend.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    connect_with(url, BUSY_TIMEOUT).await
}

/// [`connect`] with another lock wait, which also bounds the wait for a
/// free pooled connection (tests of a locked database use a short one).
pub async fn connect_with(url: &str, busy_timeout: Duration) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let postgres = is_postgres(url);
    let url = if !postgres && !url.contains("mode=") {
        format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
    } else {
        url.to_owned()
    };
    let busy_ms = busy_timeout.as_millis();
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(busy_timeout * 2)
        .after_connect(move |conn: &mut AnyConnection, _| {
            Box::pin(async move {
                if !postgres {
                    // Per connection: concurrent writers wait (a bounded time)
                    // instead of failing, and foreign keys are enforced.
                    conn.execute(format!("PRAGMA busy_timeout = {busy_ms}; PRAGMA foreign_keys = ON;").as_str())
                        .await?;
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
