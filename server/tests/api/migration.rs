//! Migration 0003 (payment terms) on a database that holds 0002-era rows:
//! every booking, payment, user, session and processed event survives;
//! bookings get their arrival (creation day + 14) and payments the kind
//! `full`; the new statuses, kinds and the per-kind uniqueness hold; and
//! (SQLite, whose tables were rebuilt) every foreign key still points at a
//! row and is still enforced.

use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::PathBuf;

/// 2023-11-14T22:13:20Z: the bookings' creation time.
const CREATED: i64 = 1_700_000_000;

/// A pool on `url` with only migrations 0001 and 0002 applied.
async fn at_0002(url: &str, backend: &str, dir: &std::path::Path) -> AnyPool {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let old = dir.join(format!("migrations-{backend}"));
    std::fs::create_dir_all(&old).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.starts_with("0001_") || name.starts_with("0002_") {
            std::fs::copy(&path, old.join(name)).unwrap();
        }
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(move |conn, _| {
            let sqlite = !conn.backend_name().eq_ignore_ascii_case("postgresql");
            Box::pin(async move {
                if sqlite {
                    conn.execute("PRAGMA foreign_keys = ON;").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .unwrap();
    Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
    pool
}

/// The rows a 0002 database held: a user with a session, two bookings (one
/// paid with its payment, one with an open intent) and a processed event.
async fn old_rows(pool: &AnyPool) {
    for sql in [
        "INSERT INTO users (id, email, name, password_hash) VALUES (1, 'old@example.com', 'Old', 'x')",
        "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('h', 1, 1700100000)",
        "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, status, created_at)
         VALUES ('bk_old_paid', 1, 'sea-view', 2, 'Sea-view room, 2 nights', 12500, 'eur', 'paid', 1700000000)",
        "INSERT INTO bookings (id, user_id, room, nights, description, amount, currency, status, created_at)
         VALUES ('bk_old_open', 1, 'suite', 1, 'Harbour suite, 1 night', 14900, 'eur', 'awaiting_payment', 1700000000)",
        "INSERT INTO payments (booking_id, payment_intent_id, attempt, amount, currency, status, created_at)
         VALUES ('bk_old_paid', 'pi_old_paid', 1, 12500, 'eur', 'succeeded', 1700000000)",
        "INSERT INTO payments (booking_id, payment_intent_id, attempt, amount, currency, status, created_at)
         VALUES ('bk_old_open', 'pi_old_open', 2, 14900, 'eur', 'requires_payment_method', 1700000000)",
        "INSERT INTO processed_events (event_id, processed_at) VALUES ('evt_old', 1700000000)",
    ] {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
}

/// What 0003 must have made of [`old_rows`].
async fn check_migrated(db: &AnyPool) {
    let bookings: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, status, arrival, stripe_customer_id FROM bookings ORDER BY id")
            .fetch_all(db)
            .await
            .unwrap();
    let arrival = booking_server::terms::today(CREATED).plus_days(booking_server::terms::DEFAULT_LEAD_DAYS);
    assert_eq!(arrival.to_string(), "2023-11-28");
    assert_eq!(
        bookings,
        [
            ("bk_old_open".into(), "awaiting_payment".into(), "2023-11-28".into(), None),
            ("bk_old_paid".into(), "paid".into(), "2023-11-28".into(), None)
        ]
    );
    let payments: Vec<(String, String, String, i64, String)> =
        sqlx::query_as("SELECT booking_id, kind, payment_intent_id, attempt, status FROM payments ORDER BY booking_id")
            .fetch_all(db)
            .await
            .unwrap();
    assert_eq!(
        payments,
        [
            ("bk_old_open".into(), "full".into(), "pi_old_open".into(), 2, "requires_payment_method".into()),
            ("bk_old_paid".into(), "full".into(), "pi_old_paid".into(), 1, "succeeded".into())
        ]
    );
    let kept: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM processed_events)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(kept, (1, 1, 1));

    // The new statuses and kinds are accepted, others refused; one row per booking and kind.
    sqlx::query("UPDATE bookings SET status = 'hold_released' WHERE id = 'bk_old_open'").execute(db).await.unwrap();
    assert!(sqlx::query("UPDATE bookings SET status = 'refunded' WHERE id = 'bk_old_open'").execute(db).await.is_err());
    let insert = |kind: &'static str, intent: &'static str| {
        sqlx::query(
            "INSERT INTO payments (booking_id, kind, payment_intent_id, attempt, amount, currency, status, created_at)
             VALUES ('bk_old_open', $1, $2, 1, 0, 'eur', 'requires_payment_method', 1)",
        )
        .bind(kind)
        .bind(intent)
        .execute(db)
    };
    insert("guarantee", "seti_new").await.expect("another kind for the same booking");
    assert!(insert("guarantee", "seti_other").await.is_err(), "a second guarantee row");
    assert!(insert("gift", "pi_other").await.is_err(), "an unknown kind");
    insert("balance", "pi_balance").await.expect("0004's off-session kinds");
    sqlx::query("UPDATE bookings SET status = 'cancelled' WHERE id = 'bk_old_open'").execute(db).await.expect("0004");
    let orphan = sqlx::query(
        "INSERT INTO payments (booking_id, kind, payment_intent_id, attempt, amount, currency, status, created_at)
         VALUES ('bk_nobody', 'full', 'pi_orphan', 1, 1, 'eur', 'succeeded', 1)",
    )
    .execute(db)
    .await;
    assert!(orphan.is_err(), "the payments' foreign key is still enforced");
}

#[tokio::test]
async fn migrating_a_sqlite_database_with_0002_era_rows_keeps_every_row_and_every_foreign_key() {
    let dir = crate::helpers::TempDir::new();
    let url = format!("sqlite://{}?mode=rwc", dir.0.join("old.db").display());
    let old = at_0002(&url, "sqlite", &dir.0).await;
    old_rows(&old).await;
    old.close().await;

    let db = booking_server::db::connect(&url).await.unwrap();
    check_migrated(&db).await;
    let dangling: Vec<(String,)> =
        sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check").fetch_all(&db).await.unwrap();
    assert!(dangling.is_empty(), "{dangling:?}");
    let schema: String =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'payments'").fetch_one(&db).await.unwrap();
    assert!(schema.contains("REFERENCES \"bookings\"") || schema.contains("REFERENCES bookings"), "{schema}");
    assert!(!schema.contains("bookings_new"), "{schema}");
    db.close().await;
}

#[tokio::test]
async fn migrating_a_postgres_database_with_0002_era_rows_keeps_every_row() {
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        eprintln!("skipped: needs PostgreSQL (TEST_POSTGRES_URL)");
        return;
    };
    use sqlx::Connection;
    let name = format!("m_{:016x}", rand::random::<u64>());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b));
    let dir = crate::helpers::TempDir::new();
    let old = at_0002(&url, "postgres", &dir.0).await;
    old_rows(&old).await;
    old.close().await;
    let db = booking_server::db::connect(&url).await.unwrap();
    check_migrated(&db).await;
    db.close().await;
}
