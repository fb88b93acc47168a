//! Idempotent intake: how every `POST` of the Channel API that creates
//! something under the channel's own id (orders, claims, inquiries, reviews)
//! takes a request exactly once.
//!
//! A channel retries on a timeout, so the same request can arrive again while
//! the first is still being written. [`accept`] answers:
//! - a replay of a request already taken with the answer stored for it (200);
//! - a request under a taken id but with other content with
//!   `idempotency_conflict`;
//! - a new one by writing it (201) — and a *simultaneous* replay waits for
//!   that write under the id's lock, then gets the stored answer too, instead
//!   of meeting the changed state (an item already cancelled) as a refusal.

use std::future::Future;

use serde_json::Value;
use sqlx::AnyConnection;

use crate::error::AppResult;
use crate::channel::Channel;
use crate::context::AppState;

/// The answer of an intake: HTTP status and body.
pub type Answer = (u16, Value);

/// What an area's intake is keyed by: its name (`orders`, `claims` …), the
/// channel, and the channel's id of the thing.
#[derive(Debug, Clone, Copy)]
pub struct Key<'a> {
    pub area: &'static str,
    pub channel: Channel,
    pub id: &'a str,
}

/// A request written for the first time: its answer (sent with 201) and
/// the shops whose open pages hear of it.
pub struct Created {
    pub shops: Vec<i64>,
    pub answer: Value,
}

/// One area's idempotent intake of one request.
pub trait Intake: Sync {
    /// The live-event topics the shops' pages hear the new thing on.
    const TOPICS: &'static [&'static str];

    fn key(&self) -> Key<'_>;

    /// The stored answer when the request's id is known (on the connection
    /// given: the pool's, or the write transaction's).
    fn replay(&self, conn: &mut AnyConnection) -> impl Future<Output = AppResult<Option<Answer>>> + Send;

    /// Checks and writes a new request inside the write transaction, which
    /// commits when this returns `Ok`.
    fn write(&self, tx: &mut AnyConnection) -> impl Future<Output = AppResult<Created>> + Send;
}

/// Takes one request; see the module doc. A new one is answered 201 and
/// published to its shops' open pages, a replay 200 with its stored answer.
pub async fn accept<I: Intake>(state: &AppState, intake: &I) -> AppResult<Answer> {
    {
        let mut conn = state.db.pool().acquire().await?;
        if let Some(answer) = intake.replay(&mut conn).await? {
            return Ok(answer);
        }
    }
    let mut tx = state.db.begin_write().await?;
    let key = intake.key();
    let lock = format!("intake:{}:{}:{}", key.area, key.channel.code(), key.id);
    state.db.lock_key(&mut tx, &lock).await?;
    // Under the lock: a twin that got in first has committed by now.
    if let Some(answer) = intake.replay(&mut tx).await? {
        tx.rollback().await?;
        return Ok(answer);
    }
    let created = intake.write(&mut tx).await?;
    tx.commit().await?;
    for topic in I::TOPICS {
        state.events.publish_all(&state.db, created.shops.clone(), topic).await;
    }
    Ok((201, created.answer))
}
