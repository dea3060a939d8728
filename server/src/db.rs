//! Database: the pool type, the connection and the migrations.
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
