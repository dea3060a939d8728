//! Database: connection, migrations and the demo's seed data.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if needed) the SQLite database and runs the migrations.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        // Concurrent writers wait for each other instead of failing.
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
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
pub async fn seed_demo(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    for (i, (email, name, password)) in DEMO_USERS.iter().enumerate() {
        let hash = crate::auth::hash_password(password);
        sqlx::query("INSERT OR IGNORE INTO users (email, name, password_hash) VALUES (?, ?, ?)")
            .bind(email)
            .bind(name)
            .bind(hash)
            .execute(pool)
            .await?;
        let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(email).fetch_one(pool).await?;
        let (room, nights) = if i == 0 { ("sea-view", 2) } else { ("garden", 3) };
        let priced = crate::routes::bookings::price(room, nights).expect("catalogue room");
        sqlx::query(
            "INSERT OR IGNORE INTO bookings (id, user_id, room, nights, description, amount, currency, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(format!("bk_demo_{}", i + 1))
        .bind(user_id)
        .bind(room)
        .bind(nights)
        .bind(&priced.description)
        .bind(priced.amount)
        .bind(priced.currency)
        .bind(now())
        .execute(pool)
        .await?;
    }
    Ok(())
}
