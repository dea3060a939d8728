//! Every write transaction a request makes goes through [`Writes`], and
//! the database decides how it runs.
//!
//! SQLite has one writer at a time, and each commit waits for an fsync of
//! its journal (`synchronous = FULL`: a client secret is never handed out
//! for a row a power loss could drop). Writers racing for SQLite's lock
//! wait in its busy handler, which sleeps in growing steps instead of
//! queueing. So on SQLite one task owns the writes: it takes the writes
//! waiting at that moment, runs each inside a savepoint of one transaction
//! and commits them together, one fsync for the lot (group commit), then
//! answers each caller. A write that fails is rolled back to its savepoint
//! alone; a commit that fails fails every write of the group.
//!
//! PostgreSQL takes many writers at once and already shares WAL flushes
//! between concurrent commits, so each write is its own transaction there
//! (and a write of one statement, [`Writes::run_single_statement`], goes
//! without `BEGIN` and `COMMIT`).
//!
//! A write is database work only: it must not wait on anything else (the
//! network, a lock), because on SQLite the whole group waits with it. Nor
//! may it panic: the release build aborts on a panic, and elsewhere the
//! writer task would end, after which every write answers `PoolClosed`.

use crate::db::Db;
use sqlx::{AnyConnection, Connection};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// A future borrowing the connection it runs on.
pub type WriteFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'c>>;

/// The most writes committed together: bounds how long the first of a
/// group waits for the last.
const GROUP: usize = 256;

/// Writes waiting for the SQLite writer; past this, callers wait to queue.
const QUEUE: usize = 4_096;

/// Where write transactions run ([`Writes::run`]).
#[derive(Clone)]
pub struct Writes(Route);

#[derive(Clone)]
enum Route {
    /// SQLite: queued for the one writer task, committed in groups.
    Grouped(mpsc::Sender<Box<dyn Job>>),
    /// PostgreSQL: one transaction per write on the pool.
    Direct(Db),
}

impl Writes {
    /// Writes for `db`, the database at `url`: grouped on SQLite, direct on
    /// PostgreSQL.
    pub fn for_database(db: Db, url: &str) -> Self {
        Self::new(db, !crate::db::is_postgres(url))
    }

    /// Writes for `db`; `grouped` (SQLite) starts the writer task on the
    /// current Tokio runtime, and it ends when the last [`Writes`] handle is
    /// dropped.
    pub fn new(db: Db, grouped: bool) -> Self {
        if !grouped {
            return Self(Route::Direct(db));
        }
        let (queue, jobs) = mpsc::channel(QUEUE);
        tokio::spawn(writer(db, jobs));
        Self(Route::Grouped(queue))
    }

    /// Runs `write` in a transaction and answers once it is committed.
    pub async fn run<T, F>(&self, write: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T> + Send + 'static,
    {
        match &self.0 {
            Route::Direct(db) => {
                let mut tx = db.begin().await?;
                let out = write(&mut tx).await?;
                tx.commit().await?;
                Ok(out)
            }
            Route::Grouped(queue) => {
                let (reply, answer) = oneshot::channel();
                let job = Box::new(Pending { write: Some(write), done: None, reply });
                queue.send(job).await.map_err(|_| sqlx::Error::PoolClosed)?;
                answer.await.map_err(|_| sqlx::Error::PoolClosed)?
            }
        }
    }

    /// Runs `write`, which must be one SQL statement (atomic by itself): on
    /// PostgreSQL without `BEGIN` and `COMMIT` around it, two round trips
    /// fewer; on SQLite in a group like any write.
    pub async fn run_single_statement<T, F>(&self, write: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T> + Send + 'static,
    {
        match &self.0 {
            Route::Direct(db) => write(&mut *db.acquire().await?).await,
            Route::Grouped(_) => self.run(write).await,
        }
    }
}

/// One queued write, its outcome kept until its group is committed.
trait Job: Send {
    /// Runs the write inside the group's transaction.
    fn run<'c>(&'c mut self, conn: &'c mut AnyConnection) -> Pin<Box<dyn Future<Output = ()> + Send + 'c>>;
    /// Answers the caller: the write's own outcome if the group committed,
    /// otherwise the commit's failure.
    fn answer(self: Box<Self>, committed: Result<(), &sqlx::Error>);
}

struct Pending<T, F> {
    write: Option<F>,
    done: Option<Result<T, sqlx::Error>>,
    reply: oneshot::Sender<Result<T, sqlx::Error>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T> + Send + 'static,
{
    fn run<'c>(&'c mut self, conn: &'c mut AnyConnection) -> Pin<Box<dyn Future<Output = ()> + Send + 'c>> {
        Box::pin(async move {
            if let Some(write) = self.write.take() {
                self.done = Some(savepoint(conn, write).await);
            }
        })
    }

    fn answer(self: Box<Self>, committed: Result<(), &sqlx::Error>) {
        let out = match (committed, self.done) {
            (Ok(()), Some(done)) => done,
            (Err(e), _) => Err(copy_error(e)),
            (Ok(()), None) => Err(sqlx::Error::WorkerCrashed),
        };
        // A caller that stopped waiting no longer needs the answer.
        let _ = self.reply.send(out);
    }
}

/// Runs `write` in a savepoint of the open transaction on `conn`: kept if
/// it succeeds, undone alone if it fails.
async fn savepoint<T, F>(conn: &mut AnyConnection, write: F) -> Result<T, sqlx::Error>
where
    F: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T>,
{
    let mut inner = conn.begin().await?;
    match write(&mut inner).await {
        Ok(out) => {
            inner.commit().await?;
            Ok(out)
        }
        Err(e) => {
            inner.rollback().await?;
            Err(e)
        }
    }
}

/// The SQLite writer: takes what is waiting, up to [`GROUP`], and commits
/// it as one transaction.
async fn writer(db: Db, mut jobs: mpsc::Receiver<Box<dyn Job>>) {
    let mut group: Vec<Box<dyn Job>> = Vec::with_capacity(GROUP);
    while jobs.recv_many(&mut group, GROUP).await > 0 {
        let committed = commit_group(&db, &mut group).await;
        for job in group.drain(..) {
            job.answer(committed.as_ref().map(|_| ()));
        }
    }
}

async fn commit_group(db: &Db, group: &mut [Box<dyn Job>]) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = conn.begin().await?;
    for job in group.iter_mut() {
        job.run(&mut tx).await;
    }
    tx.commit().await
}

/// `sqlx::Error` is not `Clone`: each write of a failed group gets the
/// commit's failure under the same kind.
fn copy_error(e: &sqlx::Error) -> sqlx::Error {
    match e {
        sqlx::Error::PoolTimedOut => sqlx::Error::PoolTimedOut,
        sqlx::Error::PoolClosed => sqlx::Error::PoolClosed,
        other => sqlx::Error::Protocol(format!("group commit failed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn sqlite() -> (Db, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("booking-writes-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::db::connect(&format!("sqlite://{}", dir.join("w.db").display())).await.unwrap();
        sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY)").execute(&db).await.unwrap();
        (db, dir)
    }

    fn insert(k: &'static str) -> impl for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, u64> + Send {
        move |conn| {
            Box::pin(async move {
                let done = sqlx::query("INSERT INTO t (k) VALUES ($1)").bind(k).execute(conn).await?;
                Ok(done.rows_affected())
            })
        }
    }

    /// Inserts `c`, then fails on a duplicate `a`: its own row must be
    /// undone with it.
    fn half_done(conn: &mut AnyConnection) -> WriteFuture<'_, u64> {
        Box::pin(async move {
            sqlx::query("INSERT INTO t (k) VALUES ('c')").execute(&mut *conn).await?;
            let dup = sqlx::query("INSERT INTO t (k) VALUES ('a')").execute(&mut *conn).await?;
            Ok(dup.rows_affected())
        })
    }

    async fn keys(db: &Db) -> Vec<String> {
        sqlx::query_scalar("SELECT k FROM t ORDER BY k").fetch_all(db).await.unwrap()
    }

    #[tokio::test]
    async fn concurrent_writes_are_all_committed_and_each_answered() {
        let (db, dir) = sqlite().await;
        let writes = Writes::new(db.clone(), true);
        let names: Vec<&'static str> = (0..200).map(|i| &*Box::leak(format!("k{i:03}").into_boxed_str())).collect();
        let answers = futures::future::join_all(names.iter().map(|k| writes.run(insert(k)))).await;
        assert!(answers.iter().all(|a| matches!(a, Ok(1))));
        assert_eq!(keys(&db).await.len(), 200);
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_failing_write_is_undone_alone_and_its_group_is_kept() {
        let (db, dir) = sqlite().await;
        let writes = Writes::new(db.clone(), true);
        // Two rows, then a write that inserts a third row and then fails on
        // a duplicate: its own row must be undone with it.
        let (a, bad, b) = tokio::join!(writes.run(insert("a")), writes.run(half_done), writes.run(insert("b")));
        assert!(matches!(a, Ok(1)) && matches!(b, Ok(1)));
        assert!(bad.is_err(), "the duplicate fails its own write");
        assert_eq!(keys(&db).await, ["a", "b"]);
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn single_statements_are_written_directly_or_in_a_group() {
        for grouped in [false, true] {
            let (db, dir) = sqlite().await;
            let writes = Writes::new(db.clone(), grouped);
            assert!(matches!(writes.run_single_statement(insert("a")).await, Ok(1)), "grouped: {grouped}");
            assert!(writes.run_single_statement(insert("a")).await.is_err(), "grouped: {grouped}");
            assert_eq!(keys(&db).await, ["a"]);
            db.close().await;
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[tokio::test]
    async fn direct_writes_commit_or_roll_back_as_one_transaction() {
        let (db, dir) = sqlite().await;
        let writes = Writes::new(db.clone(), false);
        assert!(matches!(writes.run(insert("a")).await, Ok(1)));
        assert!(writes.run(insert("a")).await.is_err());
        assert_eq!(keys(&db).await, ["a"]);
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
