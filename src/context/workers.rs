//! The background workers' supervisor (server only, foundation layer): every
//! area's loop (mail, buyer outbox, 자동 구매확정, settlement, the purge)
//! runs through [`Workers::spawn`], which
//!
//! - runs each round in a task of its own, so a round that panics is logged,
//!   counted and followed by the next round after a pause — the loop itself
//!   never dies with it;
//! - records each worker's last successful round, its last error and its
//!   panics, for `/healthz`;
//! - stops every loop on [`Workers::stop`]: a round under way is finished,
//!   then the loop ends, and [`Workers::join`] waits for all of them.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::now_millis;

/// What a round says about the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Nothing more to do now: wait the worker's interval.
    Rest,
    /// A full batch was taken, more may be waiting: go again at once.
    More,
}

/// How one worker is doing, as `/healthz` shows it. Times are UTC millis,
/// 0 for never.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct WorkerStatus {
    pub started_at: i64,
    pub last_ok_at: i64,
    pub last_error_at: i64,
    pub last_error: String,
    pub rounds: u64,
    pub panics: u64,
    pub running: bool,
}

/// The workers of this process. Cheap to clone; every clone is the same set.
#[derive(Clone)]
pub struct Workers {
    inner: Arc<Inner>,
}

struct Inner {
    status: Mutex<BTreeMap<&'static str, WorkerStatus>>,
    loops: Mutex<Vec<JoinHandle<()>>>,
    stop: watch::Sender<bool>,
}

/// The least pause after a round that panicked, so a bug hit on every round
/// does not spin.
const AFTER_PANIC: Duration = Duration::from_secs(1);
const MAX_ERROR: usize = 300;

impl Default for Workers {
    fn default() -> Self {
        Self::new()
    }
}

impl Workers {
    pub fn new() -> Self {
        let (stop, _) = watch::channel(false);
        Self {
            inner: Arc::new(Inner { status: Mutex::new(BTreeMap::new()), loops: Mutex::new(Vec::new()), stop }),
        }
    }

    /// Runs `round` every `every` until [`Workers::stop`]. A round returning
    /// [`Pace::More`] is followed by the next at once; an error is logged
    /// and recorded, and the next round comes after the interval.
    pub fn spawn<F, Fut, E>(&self, name: &'static str, every: Duration, round: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Pace, E>> + Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        self.update(name, |s| {
            *s = WorkerStatus { started_at: now_millis(), running: true, ..Default::default() };
        });
        let workers = self.clone();
        let mut stop = self.inner.stop.subscribe();
        let handle = tokio::spawn(async move {
            tracing::info!(worker = name, "worker started");
            while !*stop.borrow() {
                // Its own task: a panic ends the round, not the loop.
                let outcome = tokio::spawn(round()).await;
                let now = now_millis();
                let pause = match outcome {
                    Ok(Ok(pace)) => {
                        workers.update(name, |s| {
                            s.rounds += 1;
                            s.last_ok_at = now;
                        });
                        match pace {
                            Pace::More => Duration::ZERO,
                            Pace::Rest => every,
                        }
                    }
                    Ok(Err(e)) => {
                        let error: String = e.to_string().chars().take(MAX_ERROR).collect();
                        tracing::warn!(worker = name, error = %error, "worker round failed");
                        workers.update(name, |s| {
                            s.rounds += 1;
                            s.last_error_at = now;
                            s.last_error = error;
                        });
                        every
                    }
                    Err(join) => {
                        let detail = panic_text(join);
                        tracing::error!(worker = name, detail = %detail, "worker round panicked; the worker goes on");
                        workers.update(name, |s| {
                            s.panics += 1;
                            s.last_error_at = now;
                            s.last_error = detail;
                        });
                        every.max(AFTER_PANIC)
                    }
                };
                if pause.is_zero() {
                    continue;
                }
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = stop.wait_for(|stopping| *stopping) => {}
                }
            }
            workers.update(name, |s| s.running = false);
            tracing::info!(worker = name, "worker stopped");
        });
        self.inner.loops.lock().unwrap_or_else(|p| p.into_inner()).push(handle);
    }

    /// Tells every loop to end after the round it is in.
    pub fn stop(&self) {
        self.inner.stop.send_replace(true);
    }

    /// Waits (at most `limit`) for every loop to end; whether all did.
    pub async fn join(&self, limit: Duration) -> bool {
        let loops: Vec<JoinHandle<()>> = std::mem::take(&mut *self.inner.loops.lock().unwrap_or_else(|p| p.into_inner()));
        let all = async {
            for handle in loops {
                let _ = handle.await;
            }
        };
        let done = tokio::time::timeout(limit, all).await.is_ok();
        if !done {
            tracing::warn!(?limit, "workers still running at shutdown");
        }
        done
    }

    /// Every worker's status, by name.
    pub fn statuses(&self) -> BTreeMap<&'static str, WorkerStatus> {
        self.inner.status.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn status(&self, name: &str) -> Option<WorkerStatus> {
        self.inner.status.lock().unwrap_or_else(|p| p.into_inner()).get(name).cloned()
    }

    fn update(&self, name: &'static str, change: impl FnOnce(&mut WorkerStatus)) {
        let mut all = self.inner.status.lock().unwrap_or_else(|p| p.into_inner());
        change(all.entry(name).or_default());
    }
}

fn panic_text(join: tokio::task::JoinError) -> String {
    if !join.is_panic() {
        return "round cancelled".to_owned();
    }
    let panic = join.into_panic();
    let text = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    format!("panic: {}", text.chars().take(MAX_ERROR).collect::<String>())
}
