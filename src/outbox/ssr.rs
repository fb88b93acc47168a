//! Writing to the buyer outbox and delivering it (server only).
//!
//! Every app instance runs the worker ([`start_worker`]). A message is taken
//! with a conditional update that only one worker can win — `pending` and
//! due, or `sending` under a lease its worker let run out — and is marked
//! sent only by the worker that holds it, so two instances never both send
//! one message. A failed attempt goes back to `pending` after a growing
//! pause; after [`MAX_ATTEMPTS`] it stays `failed` with its last error.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sqlx::{AnyConnection, Row};

use super::{status_label, OutboxMessageView};
use crate::error::AppResult;
use crate::config::Config;
use crate::db::{now_millis, Database};
use crate::context::AppState;

/// A message is tried this many times before it is left `failed`.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a worker holds a message it is sending.
pub const LEASE_MS: i64 = 60_000;
/// The pause after the first failed attempt; it doubles with each one.
pub const RETRY_BASE_MS: i64 = 30_000;
pub const RETRY_CAP_MS: i64 = 60 * 60_000;
/// Messages one round takes at most.
pub const BATCH: i64 = 20;
const POLL: Duration = Duration::from_secs(2);
/// Well inside the lease, so a slow mail server cannot outlive it.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_ERROR: usize = 500;

/// One message to a buyer. At least one of the three subjects is set.
#[derive(Debug, Clone, Default)]
pub struct BuyerMessage {
    pub shop_id: i64,
    pub order_item_id: Option<i64>,
    pub claim_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub channel: String,
    /// A stable code: delay, cancel, claim_requested, return_approved, inquiry_answer …
    pub kind: String,
    pub to_phone: String,
    pub to_email: String,
    pub subject: String,
    pub body: String,
}

/// Puts a message in the outbox inside the caller's transaction, so it is
/// written exactly when the change it announces is; returns its id.
pub async fn enqueue(conn: &mut AnyConnection, msg: &BuyerMessage) -> AppResult<i64> {
    let now = now_millis();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO buyer_outbox (shop_id, order_item_id, claim_id, inquiry_id, channel, kind, to_phone, to_email, \
         subject, body, status, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12) RETURNING id",
    )
    .bind(msg.shop_id)
    .bind(msg.order_item_id)
    .bind(msg.claim_id)
    .bind(msg.inquiry_id)
    .bind(&msg.channel)
    .bind(&msg.kind)
    .bind(&msg.to_phone)
    .bind(&msg.to_email)
    .bind(&msg.subject)
    .bind(&msg.body)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

// ------------------------------------------------------------------ delivery

/// A message a worker holds and is about to deliver.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub shop_id: i64,
    pub order_item_id: Option<i64>,
    pub claim_id: Option<i64>,
    pub inquiry_id: Option<i64>,
    pub channel: String,
    pub kind: String,
    pub to_phone: String,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    /// Including this one.
    pub attempts: i64,
}

/// How a message went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Email,
    Channel,
}

impl Via {
    pub const fn as_str(self) -> &'static str {
        match self {
            Via::Email => "email",
            Via::Channel => "channel",
        }
    }
}

pub type DeliverFuture<'a> = Pin<Box<dyn Future<Output = Result<Via, String>> + Send + 'a>>;

/// The delivery step: hands one message to the buyer, or says why not.
pub trait Deliver: Send + Sync {
    fn deliver<'a>(&'a self, msg: &'a Outgoing) -> DeliverFuture<'a>;
}

/// How the app delivers: e-mail over SMTP when a mail server is configured
/// and the buyer left an address; otherwise the message is handed to the
/// buyer's channel (recorded as delivered there, and read by the channel
/// from `GET /api/channel/v1/buyer-messages`).
pub enum Delivery {
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
    Channel,
}

impl Delivery {
    pub fn from_config(config: &Config) -> Self {
        let Some(url) = config.smtp_url.as_deref() else {
            return Delivery::Channel;
        };
        match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
            Ok(builder) => Delivery::Smtp(Box::new(builder.timeout(Some(SMTP_TIMEOUT)).build())),
            Err(e) => {
                tracing::error!(error = %e, "SMTP_URL is not usable; buyer messages go to the channels");
                Delivery::Channel
            }
        }
    }
}

impl Deliver for Delivery {
    fn deliver<'a>(&'a self, msg: &'a Outgoing) -> DeliverFuture<'a> {
        Box::pin(async move {
            match self {
                Delivery::Smtp(transport) if !msg.to_email.trim().is_empty() => {
                    let message = build_message(&msg.to_email, &msg.subject, &msg.body)?;
                    transport
                        .send(message)
                        .await
                        .map_err(|e| format!("SMTP: {e}"))?;
                    Ok(Via::Email)
                }
                _ => Ok(Via::Channel),
            }
        })
    }
}

fn build_message(to: &str, subject: &str, body: &str) -> Result<Message, String> {
    Message::builder()
        .from(
            "파트너센터 <no-reply@partner-center.local>"
                .parse()
                .map_err(|e| format!("{e}"))?,
        )
        .to(to
            .trim()
            .parse()
            .map_err(|e| format!("받는 주소가 올바르지 않습니다: {e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}

/// The pause before the next try after `attempts` failed ones:
/// 30 s, 1 min, 2 min, 4 min … at most an hour.
pub fn retry_delay(attempts: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    RETRY_BASE_MS
        .saturating_mul(1i64 << doublings)
        .min(RETRY_CAP_MS)
}

/// A worker id unique to this process.
pub fn worker_id() -> String {
    format!(
        "w{}-{}",
        std::process::id(),
        &crate::auth::ssr::random_token()[..8]
    )
}

/// Delivers the outbox on this instance until the process ends.
pub fn start_worker(state: AppState) {
    let delivery = Delivery::from_config(&state.config);
    let worker = worker_id();
    tracing::info!(worker = %worker, smtp = matches!(delivery, Delivery::Smtp(_)), "buyer outbox worker started");
    let delivery = std::sync::Arc::new(delivery);
    let worker: std::sync::Arc<str> = worker.into();
    let workers = state.workers.clone();
    workers.spawn("outbox", POLL, move || {
        let (state, delivery, worker) = (state.clone(), delivery.clone(), worker.clone());
        async move {
            let taken = deliver_due_with(&state, &*delivery, &worker, now_millis()).await?;
            // A full round: there may be more waiting.
            Ok::<_, crate::error::AppError>(if taken as i64 >= BATCH {
                crate::context::workers::Pace::More
            } else {
                crate::context::workers::Pace::Rest
            })
        }
    });
}

/// One round of the worker with the app's own delivery (SMTP or channel):
/// returns how many messages it took (sent or failed an attempt).
pub async fn deliver_due(state: &AppState, worker_id: &str, now: i64) -> AppResult<usize> {
    deliver_due_with(state, &Delivery::from_config(&state.config), worker_id, now).await
}

const OUTGOING_COLUMNS: &str =
    "id, shop_id, order_item_id, claim_id, inquiry_id, channel, kind, to_phone, to_email, subject, body, attempts";

/// One round of the worker: takes up to [`BATCH`] due messages one at a
/// time and delivers each through `sink`. Returns how many it took.
pub async fn deliver_due_with(
    state: &AppState,
    sink: &dyn Deliver,
    worker_id: &str,
    now: i64,
) -> AppResult<usize> {
    let pool = state.db.pool();
    // A worker died holding a message on its last try: nothing more to do.
    sqlx::query(
        "UPDATE buyer_outbox SET status = 'failed', locked_until = 0, \
         last_error = CASE WHEN last_error = '' THEN '발송하던 작업이 중단되었습니다.' ELSE last_error END \
         WHERE status = 'sending' AND locked_until < $1 AND attempts >= $2",
    )
    .bind(now)
    .bind(MAX_ATTEMPTS)
    .execute(pool)
    .await?;

    let ids = crate::db::due_ids(&state.db, "buyer_outbox", now, MAX_ATTEMPTS, BATCH).await?;

    let mut taken = 0;
    let mut touched: BTreeSet<(i64, &'static str)> = BTreeSet::new();
    for id in ids {
        // Only one worker's update matches: the row no longer qualifies once
        // another worker holds it (PostgreSQL re-checks the condition on the
        // row it waited for; SQLite has one writer at a time).
        let row = sqlx::query(&format!(
            "UPDATE buyer_outbox SET status = 'sending', locked_by = $1, locked_until = $2, attempts = attempts + 1 \
             WHERE id = $3 AND ((status = 'pending' AND next_attempt_at <= $4) \
             OR (status = 'sending' AND locked_until < $4 AND attempts < $5)) RETURNING {OUTGOING_COLUMNS}"
        ))
        .bind(worker_id)
        .bind(now + LEASE_MS)
        .bind(id)
        .bind(now)
        .bind(MAX_ATTEMPTS)
        .fetch_optional(pool)
        .await?;
        let Some(row) = row else { continue };
        let msg = Outgoing {
            id: row.try_get("id")?,
            shop_id: row.try_get("shop_id")?,
            order_item_id: row.try_get("order_item_id")?,
            claim_id: row.try_get("claim_id")?,
            inquiry_id: row.try_get("inquiry_id")?,
            channel: row.try_get("channel")?,
            kind: row.try_get("kind")?,
            to_phone: row.try_get("to_phone")?,
            to_email: row.try_get("to_email")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            attempts: row.try_get("attempts")?,
        };
        taken += 1;
        let outcome = sink.deliver(&msg).await;
        let settled = match outcome {
            Ok(via) => sqlx::query(
                "UPDATE buyer_outbox SET status = 'sent', via = $1, sent_at = $2, last_error = '', locked_until = 0 \
                 WHERE id = $3 AND locked_by = $4 AND status = 'sending'",
            )
            .bind(via.as_str())
            .bind(now)
            .bind(msg.id)
            .bind(worker_id)
            .execute(pool)
            .await?
            .rows_affected(),
            Err(error) => {
                let error: String = error.chars().take(MAX_ERROR).collect();
                let (status, next) = if msg.attempts >= MAX_ATTEMPTS {
                    ("failed", 0)
                } else {
                    ("pending", now + retry_delay(msg.attempts))
                };
                tracing::warn!(id = msg.id, attempts = msg.attempts, error = %error, "buyer message not delivered");
                sqlx::query(
                    "UPDATE buyer_outbox SET status = $1, next_attempt_at = $2, last_error = $3, locked_until = 0 \
                     WHERE id = $4 AND locked_by = $5 AND status = 'sending'",
                )
                .bind(status)
                .bind(next)
                .bind(error)
                .bind(msg.id)
                .bind(worker_id)
                .execute(pool)
                .await?
                .rows_affected()
            }
        };
        if settled != 1 {
            tracing::warn!(
                id = msg.id,
                worker = worker_id,
                "buyer message lease ran out before it was settled"
            );
        }
        let topic = if msg.claim_id.is_some() {
            "claims"
        } else if msg.inquiry_id.is_some() {
            "inquiries"
        } else {
            "orders"
        };
        touched.insert((msg.shop_id, topic));
    }
    for (shop_id, topic) in touched {
        state.events.publish(&state.db, shop_id, topic).await;
    }
    Ok(taken)
}

// ------------------------------------------------------------------ reading

/// Which messages a page shows.
#[derive(Debug, Clone)]
pub enum MessageFilter {
    Claim(i64),
    Inquiry(i64),
    OrderItems(Vec<i64>),
}

/// The messages about a claim, an inquiry or some order items of this shop,
/// oldest first, as the seller sees them (대기 / 발송중 / 발송완료 / 실패).
pub async fn messages_for(
    db: &Database,
    shop_id: i64,
    filter: &MessageFilter,
) -> AppResult<Vec<OutboxMessageView>> {
    const COLUMNS: &str =
        "id, kind, subject, body, status, via, attempts, last_error, created_at, sent_at";
    let rows = match filter {
        MessageFilter::Claim(id) | MessageFilter::Inquiry(id) => {
            let column = if matches!(filter, MessageFilter::Claim(_)) {
                "claim_id"
            } else {
                "inquiry_id"
            };
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM buyer_outbox WHERE shop_id = $1 AND {column} = $2 ORDER BY id LIMIT 200"
            ))
            .bind(shop_id)
            .bind(*id)
            .fetch_all(db.pool())
            .await?
        }
        MessageFilter::OrderItems(ids) => {
            let ids: Vec<i64> = ids.iter().copied().take(500).collect();
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let list = (0..ids.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT {COLUMNS} FROM buyer_outbox WHERE shop_id = $1 AND order_item_id IN ({list}) ORDER BY id LIMIT 200"
            );
            let mut query = sqlx::query(&sql).bind(shop_id);
            for id in &ids {
                query = query.bind(*id);
            }
            query.fetch_all(db.pool()).await?
        }
    };
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let via: String = r.try_get("via")?;
            let sent_at: i64 = r.try_get("sent_at")?;
            Ok(OutboxMessageView {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                status_label: status_label(&status).to_owned(),
                status,
                via,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
                created_at: crate::time::format_datetime(r.try_get("created_at")?),
                sent_at: if sent_at > 0 {
                    crate::time::format_datetime(sent_at)
                } else {
                    String::new()
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_from_thirty_seconds_and_stops_at_an_hour() {
        assert_eq!(retry_delay(1), 30_000);
        assert_eq!(retry_delay(2), 60_000);
        assert_eq!(retry_delay(4), 240_000);
        assert_eq!(retry_delay(9), RETRY_CAP_MS);
        assert_eq!(retry_delay(1_000), RETRY_CAP_MS);
    }

    #[test]
    fn labels_are_the_sellers_words() {
        assert_eq!(status_label("pending"), "대기");
        assert_eq!(status_label("sending"), "발송중");
        assert_eq!(status_label("sent"), "발송완료");
        assert_eq!(status_label("failed"), "실패");
        assert_eq!(super::super::via_label("email"), "이메일");
        assert_eq!(super::super::via_label("channel"), "채널 알림");
    }
}
