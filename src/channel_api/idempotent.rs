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

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::channel::Channel;
use crate::context::AppState;
use crate::error::{AppError, AppResult, ErrorCode};

/// The answer of an intake: HTTP status and body.
pub type Answer = (u16, Value);

/// SHA-256 of what the channel sent: a replay must match it. Times the
/// channel left out are "now" and differ between replays, so the hash covers
/// what was sent, not what was checked.
pub fn request_hash<T: Serialize>(request: &T) -> String {
    let bytes = serde_json::to_vec(request).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// How a request arrived: from which channel, hashing to what, and when.
#[derive(Debug, Clone, Copy)]
pub struct Arrival<'a> {
    pub channel: Channel,
    pub hash: &'a str,
    pub now: i64,
}

/// A request written for the first time: its answer (sent with 201) and
/// the shops whose open pages hear of it.
pub struct Created {
    pub shops: Vec<i64>,
    pub answer: Value,
}

/// One area's idempotent intake of one checked request.
pub trait Intake: Sync {
    /// The area's name, part of the per-id lock's key.
    const AREA: &'static str;
    /// The live-event topics the shops' pages hear the new thing on.
    const TOPICS: &'static [&'static str];
    /// The stored request: `SELECT request_hash, … FROM <table> WHERE
    /// channel = $1 AND <the channel's id column> = $2`.
    const STORED: &'static str;
    /// What a request under a taken id with other content is told.
    const CONFLICT: fn() -> &'static str;

    /// The channel's id of the thing.
    fn id(&self) -> &str;

    /// The first answer, rebuilt from the row [`Intake::STORED`] found.
    fn answer(row: &AnyRow) -> AppResult<Value>;

    /// Checks and writes a new request inside the write transaction, which
    /// commits when this returns `Ok`.
    fn write(
        &self,
        state: &AppState,
        tx: &mut AnyConnection,
        arrival: Arrival<'_>,
    ) -> impl Future<Output = AppResult<Created>> + Send;
}

/// Hashes what `channel` sent, `check`s it as of `now` into what the area's
/// [`Intake`] takes, and [`accept`]s it.
pub async fn take<R, I>(
    state: &AppState,
    channel: Channel,
    request: &R,
    now: i64,
    check: impl FnOnce(&R, i64) -> AppResult<I>,
) -> AppResult<Answer>
where
    R: Serialize,
    I: Intake,
{
    let hash = request_hash(request);
    let checked = check(request, now)?;
    accept(state, &checked, Arrival { channel, hash: &hash, now }).await
}

/// The stored answer when the request's id is known (on the connection
/// given: the pool's, or the write transaction's).
async fn replay<I: Intake>(conn: &mut AnyConnection, intake: &I, arrival: Arrival<'_>) -> AppResult<Option<Answer>> {
    let row = sqlx::query(I::STORED)
        .bind(arrival.channel.code())
        .bind(intake.id())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    if row.try_get::<String, _>("request_hash")? != arrival.hash {
        return Err(AppError::new(ErrorCode::IdempotencyConflict, (I::CONFLICT)()));
    }
    Ok(Some((200, I::answer(&row)?)))
}

/// Takes one request; see the module doc. A new one is answered 201 and
/// published to its shops' open pages, a replay 200 with its stored answer.
pub async fn accept<I: Intake>(state: &AppState, intake: &I, arrival: Arrival<'_>) -> AppResult<Answer> {
    {
        let mut conn = state.db.pool().acquire().await?;
        if let Some(answer) = replay(&mut conn, intake, arrival).await? {
            return Ok(answer);
        }
    }
    let mut tx = state.db.begin_write().await?;
    let lock = format!("intake:{}:{}:{}", I::AREA, arrival.channel.code(), intake.id());
    state.db.lock_key(&mut tx, &lock).await?;
    // Under the lock: a twin that got in first has committed by now.
    if let Some(answer) = replay(&mut tx, intake, arrival).await? {
        tx.rollback().await?;
        return Ok(answer);
    }
    let created = intake.write(state, &mut tx, arrival).await?;
    tx.commit().await?;
    for topic in I::TOPICS {
        state.events.publish_all(&state.db, created.shops.clone(), topic).await;
    }
    Ok((201, created.answer))
}
