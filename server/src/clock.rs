//! The server's wall clock, in unix seconds, injectable for tests.
//!
//! Everything that compares with "now" reads it from here through the
//! state: webhook timestamps against their tolerance, session expiry,
//! `created_at` columns. The rate limiter keeps `Instant` (monotonic, and
//! never written to the database).

use std::sync::atomic::{AtomicI64, Ordering};

/// Sentinel of a clock that follows the system time.
const SYSTEM: i64 = i64::MIN;

/// Unix-seconds clock: the system's, or a time a test has set.
#[derive(Debug)]
pub struct Clock {
    fixed: AtomicI64,
}

impl Clock {
    /// A clock that follows the system time (production).
    pub fn system() -> Self {
        Self { fixed: AtomicI64::new(SYSTEM) }
    }

    /// A clock stopped at `unix_secs` until [`Clock::set`] moves it.
    pub fn fixed(unix_secs: i64) -> Self {
        Self { fixed: AtomicI64::new(unix_secs) }
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        match self.fixed.load(Ordering::Relaxed) {
            SYSTEM => system_now(),
            t => t,
        }
    }

    /// Stops the clock at `unix_secs` (tests: move time past an expiry).
    pub fn set(&self, unix_secs: i64) {
        self.fixed.store(unix_secs, Ordering::Relaxed);
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

/// The system time in unix seconds (0 before 1970, which no server sees).
pub fn system_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_clock_follows_the_system_time() {
        let before = system_now();
        let now = Clock::system().now();
        assert!(now >= before && now <= system_now());
    }

    #[test]
    fn a_set_clock_stays_where_it_was_set() {
        let clock = Clock::fixed(1_700_000_000);
        assert_eq!(clock.now(), 1_700_000_000);
        clock.set(1_700_000_301);
        assert_eq!(clock.now(), 1_700_000_301);
    }
}
