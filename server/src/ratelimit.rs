//! A small token-bucket rate limiter keyed by caller.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token bucket per key: `burst` tokens, one earned back every `refill`.
pub struct RateLimiter<K> {
    burst: f64,
    refill: Duration,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Eq + Hash> RateLimiter<K> {
    /// A limiter allowing `burst` calls at once and one more per `refill`.
    pub fn new(burst: u32, refill: Duration) -> Self {
        Self {
            burst: f64::from(burst.max(1)),
            refill: refill.max(Duration::from_millis(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `key`, or says how many seconds until one is free.
    pub fn check(&self, key: K, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 10_000 {
            // Bounded memory: forget idle callers (their buckets are full anyway).
            let horizon = self.refill.mul_f64(self.burst);
            buckets.retain(|_, (_, at)| now.duration_since(*at) < horizon);
        }
        let (tokens, at) = buckets.entry(key).or_insert((self.burst, now));
        let earned = now.duration_since(*at).as_secs_f64() / self.refill.as_secs_f64();
        *tokens = (*tokens + earned).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - *tokens) * self.refill.as_secs_f64();
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_retry_after() {
        let l = RateLimiter::new(2, Duration::from_secs(6));
        let t = Instant::now();
        assert!(l.check(1, t).is_ok());
        assert!(l.check(1, t).is_ok());
        assert_eq!(l.check(1, t), Err(6));
        assert!(l.check(2, t).is_ok(), "other callers are not affected");
    }

    #[test]
    fn tokens_come_back_over_time() {
        let l = RateLimiter::new(1, Duration::from_secs(6));
        let t = Instant::now();
        assert!(l.check("u", t).is_ok());
        assert_eq!(l.check("u", t + Duration::from_secs(3)), Err(3));
        assert!(l.check("u", t + Duration::from_secs(7)).is_ok());
    }
}
