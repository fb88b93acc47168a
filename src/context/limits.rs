//! Limits that keep one shop's heavy request from taking the memory or the
//! CPU every other shop needs (server only, foundation layer).
//!
//! - [`Heavy`]: password hashing (Argon2, 19 MiB each), photo decoding and
//!   spreadsheet reading run on blocking threads, at most a few of each kind
//!   at once (one per core by default). Work that cannot get its turn within
//!   a short wait is answered "busy, try again" (`busy`, 503 with
//!   `Retry-After`) rather than queued without bound until memory runs out.
//! - [`RateLimiter`]: a token bucket per API key (the Channel API and the
//!   carrier webhook), answered 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::Config;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;

/// What a "busy" answer tells the client to wait, in seconds: heavy work
/// takes well under a second, so a retry soon after usually gets its turn.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

/// The kinds of heavy work, each with its own permits: a burst of photo
/// uploads does not keep sellers from signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Argon2 hashing and verifying (19 MiB each).
    Password,
    /// Decoding an uploaded photo and making its thumbnail.
    Image,
    /// Unpacking and reading an uploaded spreadsheet.
    Sheet,
}

/// The permits of the heavy work of one app instance.
#[derive(Clone, Debug)]
pub struct Heavy {
    passwords: Arc<Semaphore>,
    images: Arc<Semaphore>,
    sheets: Arc<Semaphore>,
    wait: Duration,
}

/// The busy answer: nothing was done, try again shortly.
pub fn busy() -> AppError {
    AppError::new(ErrorCode::Busy, msg::error_code_busy())
}

/// One per CPU core.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

impl Heavy {
    /// `permits` of each kind (at least one); a request waits at most `wait`
    /// for its turn.
    pub fn new(permits: usize, wait: Duration) -> Self {
        let permits = permits.max(1);
        let semaphore = || Arc::new(Semaphore::new(permits));
        Self { passwords: semaphore(), images: semaphore(), sheets: semaphore(), wait }
    }

    /// As configured (`HEAVY_PERMITS`, `HEAVY_WAIT_MS`).
    pub fn from_config(config: &Config) -> Self {
        Self::new(config.heavy_permits.unwrap_or_else(cores), Duration::from_millis(config.heavy_wait_ms))
    }

    fn semaphore(&self, work: Work) -> &Arc<Semaphore> {
        match work {
            Work::Password => &self.passwords,
            Work::Image => &self.images,
            Work::Sheet => &self.sheets,
        }
    }

    /// Runs `f` on a blocking thread, in the reader's language, once a permit
    /// of its kind is free; [`busy`] when none frees within the wait. The
    /// permit is held until `f` returns, even when the request that asked
    /// for it has gone (a blocking thread cannot be stopped).
    pub async fn run<T, F>(&self, work: Work, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = match tokio::time::timeout(self.wait, self.semaphore(work).clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                tracing::warn!(?work, "heavy work refused: every permit is taken");
                return Err(busy());
            }
        };
        let locale = crate::i18n::locale();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            crate::i18n::with_locale(locale, f)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, ?work, "heavy work panicked");
            AppError::internal()
        })
    }

    /// Takes a permit of `work` if one is free, and holds it until dropped
    /// (tests fill the permits this way).
    pub fn try_hold(&self, work: Work) -> Option<OwnedSemaphorePermit> {
        self.semaphore(work).clone().try_acquire_owned().ok()
    }
}

tokio::task_local! {
    static CURRENT: Heavy;
}

/// Runs a request with its app's permits (password hashing, deep in the
/// identity layer, finds them here rather than through every caller).
pub async fn scope<F: std::future::Future>(heavy: Heavy, fut: F) -> F::Output {
    CURRENT.scope(heavy, fut).await
}

/// The permits of the app serving the current request; outside a request
/// (the command line, demo data at start-up) one set for the process.
pub fn current() -> Heavy {
    CURRENT.try_with(Heavy::clone).unwrap_or_else(|_| {
        static PROCESS: std::sync::OnceLock<Heavy> = std::sync::OnceLock::new();
        PROCESS.get_or_init(|| Heavy::new(cores(), Duration::from_secs(60))).clone()
    })
}

/// A token bucket per key: `burst` requests at once, refilled at `per_minute`.
/// Kept in the app instance's memory: with several instances behind a load
/// balancer each has its own buckets, so a key may make up to that many
/// times the rate in all. Counting in the database instead would put a
/// write on every API request to stop a flood that only the database would
/// then feel; the per-instance limit is what protects each instance.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    buckets: Arc<Mutex<HashMap<i64, Bucket>>>,
    per_second: f64,
    burst: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `per_minute` 0 means no limit.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            buckets: Arc::default(),
            per_second: f64::from(per_minute) / 60.0,
            burst: f64::from(burst.max(1)),
        }
    }

    /// As configured (`API_RATE_PER_MINUTE`, `API_BURST`).
    pub fn from_config(config: &Config) -> Self {
        Self::new(config.api_rate_per_minute, config.api_burst)
    }

    /// Takes one request's token of `key`: `Err(seconds)` to wait when the
    /// bucket is empty.
    pub fn check(&self, key: i64) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: i64, now: Instant) -> Result<(), u64> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A key idle long enough to be full again needs no entry.
        let full_after = self.burst / self.per_second;
        buckets.retain(|_, b| now.saturating_duration_since(b.at).as_secs_f64() < full_after);
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: self.burst, at: now });
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refilled).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_burst_then_waits_while_another_key_is_unaffected() {
        let limiter = RateLimiter::new(60, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(1, t0), Ok(()));
        }
        assert_eq!(limiter.check_at(1, t0), Err(1));
        assert_eq!(limiter.check_at(2, t0), Ok(()));
        // One token a second comes back.
        assert_eq!(limiter.check_at(1, t0 + Duration::from_millis(1100)), Ok(()));
        assert_eq!(limiter.check_at(1, t0 + Duration::from_millis(1100)), Err(1));
    }

    #[test]
    fn a_slow_rate_says_how_long_to_wait() {
        let limiter = RateLimiter::new(6, 1);
        let t0 = Instant::now();
        assert_eq!(limiter.check_at(7, t0), Ok(()));
        assert_eq!(limiter.check_at(7, t0), Err(10));
    }

    #[test]
    fn rate_zero_is_no_limit() {
        let limiter = RateLimiter::new(0, 1);
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limiter.check_at(1, t0).is_ok()));
    }

    #[tokio::test]
    async fn heavy_work_beyond_the_permits_is_busy_not_queued() {
        let heavy = Heavy::new(1, Duration::from_millis(50));
        let held = heavy.try_hold(Work::Image).expect("a free permit");
        let err = heavy.run(Work::Image, || 1).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Busy);
        // Other kinds have permits of their own.
        assert_eq!(heavy.run(Work::Password, || 2).await.unwrap(), 2);
        drop(held);
        assert_eq!(heavy.run(Work::Image, || 3).await.unwrap(), 3);
    }
}
