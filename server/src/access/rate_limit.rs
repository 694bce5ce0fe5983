//! Rate limits: a token bucket per caller (an address, an account), pure and driven by
//! the clock it is given. A caller may spend `burst` requests at once, and earns them
//! back at `per_second`; past that, it is told how long to wait (`Retry-After`).
//! Memory is bounded: past [`MAX_TRACKED`] callers, those whose buckets are full again
//! (who have waited long enough to be forgotten) are dropped first.

use std::collections::HashMap;
use std::time::Duration;

/// The most callers tracked at once.
pub const MAX_TRACKED: usize = 10_000;

/// A limit: how many at once, and how fast they come back.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub burst: f64,
    pub per_second: f64,
}

/// Sign-in attempts per address: 10 at once, then one every 6 seconds (a person who
/// mistypes is not slowed; guessing passwords is).
pub const SIGN_IN: Limit = Limit { burst: 10.0, per_second: 1.0 / 6.0 };
/// Changes per caller: 120 at once, then 20 a second.
pub const WRITES: Limit = Limit { burst: 120.0, per_second: 20.0 };

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at_ms: i64,
}

/// Buckets by caller.
#[derive(Debug)]
pub struct RateLimiter {
    limit: Limit,
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    pub fn new(limit: Limit) -> Self {
        RateLimiter { limit, buckets: HashMap::new() }
    }

    /// Spends one request of `caller` at `now_ms`: `Ok`, or how long until one is free.
    pub fn spend(&mut self, caller: &str, now_ms: i64) -> Result<(), Duration> {
        if self.buckets.len() >= MAX_TRACKED && !self.buckets.contains_key(caller) {
            self.forget_rested(now_ms);
        }
        let limit = self.limit;
        let bucket = self.buckets.entry(caller.to_owned()).or_insert(Bucket { tokens: limit.burst, at_ms: now_ms });
        let earned = (now_ms - bucket.at_ms).max(0) as f64 / 1000.0 * limit.per_second;
        bucket.tokens = (bucket.tokens + earned).min(limit.burst);
        bucket.at_ms = now_ms;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait_seconds = (1.0 - bucket.tokens) / limit.per_second;
        Err(Duration::from_secs_f64(wait_seconds.max(0.001)))
    }

    /// Drops callers whose buckets have refilled (as if never seen); if none has, the
    /// oldest half, so that the map never grows past its bound.
    fn forget_rested(&mut self, now_ms: i64) {
        let limit = self.limit;
        let full_after_ms = (limit.burst / limit.per_second * 1000.0) as i64;
        self.buckets.retain(|_, bucket| now_ms - bucket.at_ms < full_after_ms);
        if self.buckets.len() >= MAX_TRACKED {
            let mut times: Vec<i64> = self.buckets.values().map(|bucket| bucket.at_ms).collect();
            times.sort_unstable();
            let cut = times[times.len() / 2];
            self.buckets.retain(|_, bucket| bucket.at_ms > cut);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_the_caller_waits_for_the_refill() {
        let mut limiter = RateLimiter::new(Limit { burst: 3.0, per_second: 0.5 });
        for _ in 0..3 {
            assert!(limiter.spend("10.0.0.1", 0).is_ok());
        }
        let wait = limiter.spend("10.0.0.1", 0).unwrap_err();
        assert_eq!(wait.as_secs(), 2, "one request back every 2 s");
        assert!(limiter.spend("10.0.0.2", 0).is_ok(), "another caller has its own bucket");
        assert!(limiter.spend("10.0.0.1", 1_000).is_err(), "half a request earned");
        assert!(limiter.spend("10.0.0.1", 2_000).is_ok());
        assert!(limiter.spend("10.0.0.1", 60_000).is_ok(), "refilled, never past the burst");
        assert!(limiter.spend("10.0.0.1", 60_000).is_ok());
        assert!(limiter.spend("10.0.0.1", 60_000).is_ok());
        assert!(limiter.spend("10.0.0.1", 60_000).is_err());
    }

    #[test]
    fn memory_stays_bounded_by_forgetting_rested_callers_first() {
        let mut limiter = RateLimiter::new(Limit { burst: 1.0, per_second: 1.0 });
        for caller in 0..MAX_TRACKED {
            let _ = limiter.spend(&caller.to_string(), 0);
        }
        assert!(limiter.spend("busy", 0).is_ok());
        assert!(limiter.buckets.len() <= MAX_TRACKED);
        for caller in 0..(3 * MAX_TRACKED) {
            let _ = limiter.spend(&format!("new {caller}"), 10);
        }
        assert!(limiter.buckets.len() <= MAX_TRACKED, "{}", limiter.buckets.len());
    }
}
