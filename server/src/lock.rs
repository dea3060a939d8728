//! One lock per booking, for every operation that creates or changes
//! Stripe objects for it (create-intent and a price change today).
//!
//! Inside one process a `tokio` mutex per booking queues the callers. On
//! PostgreSQL, where several instances may share the database, the holder
//! then also takes a transaction-scoped advisory lock on the booking
//! (`pg_advisory_xact_lock`), so one operation per booking runs across
//! every instance, and Stripe is asked once. The advisory lock lives on a
//! connection of a small pool of its own, so holders never starve the
//! queries they run meanwhile; it is released when the transaction ends:
//! by [`BookingLock::release`], or, if a handler returns early, when the
//! dropped transaction's connection is rolled back on its way back to the
//! pool. SQLite runs on one node, and the process lock is the whole lock.

use crate::db::{is_postgres, Db, BUSY_TIMEOUT};
use crate::error::ApiError;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyConnection, Executor, Transaction};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// How long a caller waits for another instance's hold on a booking before
/// it is answered 503; far longer than any hold (a few Stripe calls).
const WAIT: &str = "20s";

/// Connections that may hold booking locks at once, per instance: a pool
/// of their own beside the queries' 8.
const LOCK_CONNECTIONS: u32 = 16;

/// The per-booking locks of this process, and the database's when shared.
pub struct BookingLocks {
    local: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// PostgreSQL: the pool whose connections hold advisory locks.
    shared: Option<Db>,
}

/// A held booking lock; [`BookingLock::release`] ends it at once.
pub struct BookingLock {
    shared: Option<Transaction<'static, Any>>,
    _local: OwnedMutexGuard<()>,
}

impl BookingLocks {
    /// Locks for one process, plus PostgreSQL's advisory locks through
    /// `shared` when the database is shared between instances.
    pub fn new(shared: Option<Db>) -> Self {
        Self { local: Mutex::new(HashMap::new()), shared }
    }

    /// The locks for the database at `url`: on PostgreSQL with a pool of
    /// lock connections (connected on first use), each waiting at most
    /// [`WAIT`] for a lock; on SQLite, which runs on one node, in-process.
    pub fn for_database(url: &str) -> Self {
        if !is_postgres(url) {
            return Self::new(None);
        }
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(LOCK_CONNECTIONS)
            .acquire_timeout(BUSY_TIMEOUT * 2)
            .after_connect(|conn: &mut AnyConnection, _| {
                Box::pin(async move {
                    conn.execute(format!("SET lock_timeout = '{WAIT}'").as_str()).await?;
                    Ok(())
                })
            });
        Self::new(pool.connect_lazy(url).ok())
    }

    /// Waits for, and takes, the lock on `booking_id`.
    pub async fn lock(&self, booking_id: &str) -> Result<BookingLock, ApiError> {
        let local = self.local_lock(booking_id).lock_owned().await;
        let shared = match &self.shared {
            None => None,
            Some(pool) => {
                let mut tx = pool.begin().await?;
                // A 64-bit hash of the id: two bookings share a lock only by
                // a collision, which costs waiting, never correctness.
                sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS held")
                    .bind(booking_id)
                    .execute(&mut *tx)
                    .await?;
                Some(tx)
            }
        };
        Ok(BookingLock { shared, _local: local })
    }

    fn local_lock(&self, booking_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.local.lock().unwrap_or_else(|p| p.into_inner());
        if locks.len() > 10_000 {
            locks.retain(|_, l| Arc::strong_count(l) > 1);
        }
        locks.entry(booking_id.to_owned()).or_default().clone()
    }
}

impl BookingLock {
    /// Ends the hold now (the advisory lock with its transaction).
    pub async fn release(self) {
        if let Some(tx) = self.shared {
            // Nothing was written in it; a failed rollback closes the
            // connection, which ends the lock as well.
            let _ = tx.rollback().await;
        }
    }
}
