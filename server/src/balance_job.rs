//! The balance job: charges each deposit's balance on its due date, at
//! most once, whichever instances run it.
//!
//! A run lists the `deposit_paid` bookings with no balance charge (earliest
//! arrival first, at most [`SCAN`]), keeps those whose consented balance is
//! due by the server's clock, and charges at most [`BATCH`] of them, one at
//! a time, each under its booking's lock
//! ([`charge_if_due`], which reads the booking again).
//! What a run leaves is taken by the next. Each booking's outcome is logged
//! with its code, never a card or a key. The server runs it every
//! `BALANCE_JOB_INTERVAL_SECS` ([`run_every`]); tests call [`run_once`].

use crate::error::ApiError;
use crate::routes::balance_due::{charge_if_due, consented_balance, Step};
use crate::routes::bookings;
use crate::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

/// The most bookings one run charges.
pub const BATCH: usize = 25;

/// The most candidate bookings one run reads.
pub const SCAN: i64 = 500;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// Bookings charged (paid, pending at Stripe, or needing the guest).
    pub charged: usize,
    /// Bookings left as they were: another instance or staff was first, or
    /// the booking refuses the charge (an outdated consent, no saved card).
    pub skipped: usize,
    /// Bookings whose charge failed (Stripe or the database): tried again next run.
    pub failed: usize,
}

/// One run now; stops early when `stop` says so (between bookings).
pub async fn run_once(state: &AppState) -> Run {
    run(state, None).await
}

async fn run(state: &AppState, stop: Option<&watch::Receiver<bool>>) -> Run {
    let mut done = Run::default();
    let candidates: Vec<String> = match sqlx::query_scalar(
        "SELECT b.id FROM bookings b WHERE b.status = 'deposit_paid'
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id AND p.kind = 'balance')
         AND NOT EXISTS (SELECT 1 FROM cancellations c WHERE c.booking_id = b.id)
         ORDER BY b.arrival, b.id LIMIT $1",
    )
    .bind(SCAN)
    .fetch_all(&state.db)
    .await
    {
        Ok(ids) => ids,
        Err(e) => {
            let code = crate::error::ApiError::from(e).log_code();
            tracing::warn!(code = %code, "balance job: bookings not listed");
            done.failed += 1;
            return done;
        }
    };
    let today = bookings::today(state);
    for id in candidates {
        if done.charged + done.failed >= BATCH || stop.is_some_and(|s| *s.borrow()) {
            break;
        }
        // A first look without the lock: most bookings are not due.
        let booking = match bookings::find_any(state, &id).await {
            Ok(booking) => booking,
            Err(e) => {
                tracing::warn!(booking_id = %id, code = %e.log_code(), "balance job");
                done.failed += 1;
                continue;
            }
        };
        match consented_balance(state, &booking).await {
            Ok(Some((due, _))) if due <= today => {}
            Ok(_) => continue,
            Err(e) => {
                tracing::warn!(booking_id = %id, code = %e.log_code(), "balance job");
                done.count_failure(&e);
                continue;
            }
        }
        match charge_if_due(state, &id).await {
            Ok(step) => {
                tracing::info!(booking_id = %id, code = step.log_code(), "balance job");
                match step {
                    Step::Skipped(_) => done.skipped += 1,
                    _ => done.charged += 1,
                }
            }
            Err(e) => {
                tracing::warn!(booking_id = %id, code = %e.log_code(), "balance job");
                done.count_failure(&e);
            }
        }
    }
    done
}

impl Run {
    /// Counts `e` for one booking: a refusal (an outdated consent, no saved
    /// card) will meet the next run too, so it is skipped and does not use
    /// up the run's batch; a failure of Stripe or the database is tried
    /// again next run.
    fn count_failure(&mut self, e: &ApiError) {
        if e.is_refusal() {
            self.skipped += 1;
        } else {
            self.failed += 1;
        }
    }
}

/// Runs the job now and every `every` until `stop` turns true; a run in
/// progress finishes the booking it is charging first.
pub async fn run_every(state: AppState, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
        let done = run(&state, Some(&stop)).await;
        if done != Run::default() {
            tracing::info!(
                code = "balance_job_run",
                charged = done.charged,
                skipped = done.skipped,
                failed = done.failed,
                "balance job"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: bookings that refuse their charge for good (an outdated
    /// consent, no saved card) counted as failures, and 25 of them ahead
    /// in the list used up every run before any due balance behind them.
    #[test]
    fn a_refusal_is_skipped_and_only_a_failure_uses_up_the_batch() {
        let mut run = Run::default();
        run.count_failure(&ApiError::ConsentOutdated);
        run.count_failure(&ApiError::Unacceptable("no_saved_card"));
        run.count_failure(&ApiError::Internal("database".into()));
        run.count_failure(&ApiError::PaymentProvider("stripe_unreachable".into()));
        assert_eq!((run.skipped, run.failed), (2, 2));
    }
}
