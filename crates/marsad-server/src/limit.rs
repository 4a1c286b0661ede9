//! A per-client token bucket: `burst` requests at once, then `per_minute` a minute. Used for
//! the write endpoint and for failed token checks. Clients are told when to retry
//! (`Retry-After`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Rate limits per client address.
pub struct RateLimiter {
    per_minute: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `burst` requests at once and `per_minute` on average.
    pub fn new(per_minute: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            per_minute: per_minute as f64,
            burst: burst.max(1) as f64,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; `Err(seconds)` to wait when there is none.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.check_at(client, Instant::now(), true)
    }

    /// Whether `client` has a token left, without taking it; `Err(seconds)` to wait if not.
    pub fn peek(&self, client: IpAddr) -> Result<(), u64> {
        self.check_at(client, Instant::now(), false)
    }

    fn check_at(&self, client: IpAddr, now: Instant, take: bool) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 10_000 {
            // Forget clients whose bucket has refilled; bounds the table.
            let full = self.burst;
            let rate = self.per_minute / 60.0;
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < full
            });
        }
        let (tokens, at) = buckets.entry(client).or_insert((self.burst, now));
        let rate = self.per_minute / 60.0;
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            if take {
                *tokens -= 1.0;
            }
            Ok(())
        } else if rate > 0.0 {
            Err(((1.0 - *tokens) / rate).ceil() as u64)
        } else {
            Err(60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_rate() {
        let limiter = RateLimiter::new(60, 2);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        // Peeking takes nothing.
        for _ in 0..5 {
            assert!(limiter.check_at(ip, t0, false).is_ok());
        }
        assert!(limiter.check_at(ip, t0, true).is_ok());
        assert!(limiter.check_at(ip, t0, true).is_ok());
        assert_eq!(limiter.check_at(ip, t0, true), Err(1));
        assert!(limiter
            .check_at(ip, t0 + Duration::from_millis(1100), true)
            .is_ok());
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(limiter.check_at(other, t0, true).is_ok());
    }
}
