//! The mail outbox and its delivery worker (server only).
//!
//! **One-time links never rest in a body.** A link that opens an account
//! (e-mail verification, password reset, invitation — any link carrying a
//! `token=`) is cut out of the body when the mail is written: the body keeps
//! a placeholder, the link is sealed (XChaCha20-Poly1305 under a key derived
//! from `SECRET_KEY`, bound to the recipient) in `secret`, and only
//! [`render`] — the worker at send time, the developer mailbox in
//! development mode — puts it back. The seal is wiped once the mail is sent
//! or given up on, and by [`purge`] once the link has expired; so neither an
//! operator nor a copy of the database can take over an account.
//!
//! **Delivery survives crashes and outages** the way the buyer outbox does:
//! a message is taken with a conditional update under a lease (`sending`
//! until `locked_until`), so a worker that dies mid-send leaves it to be
//! taken again once the lease runs out; a failed try goes back to `pending`
//! after a growing pause, and only after [`MAX_ATTEMPTS`] (or an answer of
//! the mail server that no retry can change) is it left `failed`.

use std::sync::Arc;
use std::time::Duration;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use lettre::message::header::ContentType;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sha2::Sha256;
use sqlx::Row;

use super::MailView;
use crate::context::workers::Pace;
use crate::context::AppState;
use crate::db::{now_millis, Database};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;

/// A message is tried this many times before it is left `failed`: with the
/// pauses of [`retry_delay`] that is about half an hour of outage survived,
/// inside the hour a password-reset link lives.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a worker holds a message it is sending.
pub const LEASE_MS: i64 = 60_000;
/// The pause after the first failed try; it doubles with each one.
pub const RETRY_BASE_MS: i64 = 15_000;
pub const RETRY_CAP_MS: i64 = 10 * 60_000;
/// Messages one round takes at most.
pub const BATCH: i64 = 20;
const POLL: Duration = Duration::from_secs(2);
/// Well inside the lease, so a slow mail server cannot outlive it.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_ERROR: usize = 500;
/// A link found in a body by its `token=` alone (not handed over through
/// [`send_link`]) is kept this long: the longest a one-time link lives.
const DEFAULT_LINK_LIFETIME_MS: i64 = 7 * 24 * 3600 * 1000;

// ------------------------------------------------------------------ writing

/// Puts a plain message in the outbox. A link in it that carries a
/// `token=` is sealed as [`send_link`] would (kept at most seven days).
pub async fn send(state: &AppState, to: &str, subject: &str, body: &str) -> AppResult<()> {
    enqueue(state, to, subject, body, &[], now_millis() + DEFAULT_LINK_LIFETIME_MS).await
}

/// Puts a message carrying the one-time `link` (as it appears in `body`)
/// in the outbox: the stored body holds a placeholder, the link waits
/// sealed until delivery, and is wiped at the latest `lifetime_ms` from now
/// (when it no longer opens anything anyway).
pub async fn send_link(state: &AppState, to: &str, subject: &str, body: &str, link: &str, lifetime_ms: i64) -> AppResult<()> {
    if link.is_empty() || !body.contains(link) {
        tracing::error!(subject, "a one-time link mail without its link");
        return Err(AppError::internal());
    }
    enqueue(state, to, subject, body, &[link], now_millis() + lifetime_ms).await
}

/// [`send`] inside the caller's transaction: the mail goes out only if
/// the change it tells of is committed.
pub async fn send_in<'e, E>(executor: E, state: &AppState, to: &str, subject: &str, body: &str) -> AppResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    enqueue_with(executor, state, to, subject, body, &[], now_millis() + DEFAULT_LINK_LIFETIME_MS).await
}

async fn enqueue(state: &AppState, to: &str, subject: &str, body: &str, known: &[&str], expires_at: i64) -> AppResult<()> {
    enqueue_with(state.db.pool(), state, to, subject, body, known, expires_at).await
}

/// With SMTP configured a message waits for the worker (`pending`);
/// without, it is kept for the developer mailbox (`kept`).
async fn enqueue_with<'e, E>(
    executor: E,
    state: &AppState,
    to: &str,
    subject: &str,
    body: &str,
    known: &[&str],
    expires_at: i64,
) -> AppResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (template, links) = cut_links(body, known);
    let (secret, secret_expires_at) = if links.is_empty() {
        (String::new(), 0)
    } else {
        (seal(&state.secret, to, &links)?, expires_at)
    };
    let smtp = state.config.smtp_url.is_some();
    sqlx::query(
        "INSERT INTO mail_outbox (to_address, subject, body, status, created_at, secret, secret_expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(to)
    .bind(subject)
    .bind(template)
    .bind(if smtp { "pending" } else { "kept" })
    .bind(now_millis())
    .bind(secret)
    .bind(secret_expires_at)
    .execute(executor)
    .await?;
    Ok(())
}

fn placeholder(n: usize) -> String {
    format!("[[link-{n}]]")
}

/// Whether a link opens something by a token in its query.
fn carries_token(url: &str) -> bool {
    url.split_once('?')
        .is_some_and(|(_, query)| query.split(['&', '#']).any(|pair| pair.to_ascii_lowercase().starts_with("token=")))
}

/// The body with each one-time link replaced by a numbered placeholder,
/// and the links in that order: the `known` ones, then any other link in
/// the text that carries a token.
fn cut_links(body: &str, known: &[&str]) -> (String, Vec<String>) {
    let mut links: Vec<String> = Vec::new();
    let mut text = body.to_owned();
    for link in known.iter().filter(|l| !l.is_empty()) {
        if !links.iter().any(|l| l == link) {
            links.push((*link).to_owned());
        }
        let n = links.iter().position(|l| l == link).unwrap_or(0) + 1;
        text = text.replace(link, &placeholder(n));
    }
    let mut template = String::with_capacity(text.len());
    for (is_link, part) in super::linkify(&text) {
        if is_link && carries_token(&part) {
            if !links.contains(&part) {
                links.push(part.clone());
            }
            let n = links.iter().position(|l| *l == part).unwrap_or(0) + 1;
            template.push_str(&placeholder(n));
        } else {
            template.push_str(&part);
        }
    }
    (template, links)
}

/// The body as it is delivered: each placeholder replaced by its link, or
/// by a note when the link was wiped (sent, failed or expired).
fn fill_links(template: &str, links: Option<&[String]>) -> String {
    let mut out = String::with_capacity(template.len() + 128);
    let mut rest = template;
    while let Some(start) = rest.find("[[link-") {
        let after = &rest[start + 7..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let closed = after[digits.len()..].starts_with("]]");
        out.push_str(&rest[..start]);
        match digits.parse::<usize>() {
            Ok(n) if closed && n > 0 => {
                match links.and_then(|l| l.get(n - 1)) {
                    Some(link) => out.push_str(link),
                    None => out.push_str(msg::mail_link_removed()),
                }
                rest = &after[digits.len() + 2..];
            }
            _ => {
                out.push_str("[[link-");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ------------------------------------------------------------------ sealing

/// The mail links' own key: an HMAC of a fixed label under `SECRET_KEY`
/// (HMAC as the PRF of a key derivation), so the key of the session and
/// token hashes is never used for anything else.
fn link_key(secret: &str) -> Key {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(b"partner-center/mail-outbox/one-time-links/v1");
    Key::clone_from_slice(&mac.finalize().into_bytes())
}

/// Binds a sealed link to its recipient: moved to another row of the
/// table it no longer opens.
fn associated_data(to: &str) -> Vec<u8> {
    format!("mail-link\n{to}").into_bytes()
}

fn seal(secret: &str, to: &str, links: &[String]) -> AppResult<String> {
    let mut nonce = [0u8; 24];
    getrandom::getrandom(&mut nonce).map_err(|_| AppError::internal())?;
    let plain = links.join("\n");
    let aad = associated_data(to);
    let sealed = XChaCha20Poly1305::new(&link_key(secret))
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: &aad })
        .map_err(|_| AppError::internal())?;
    let mut out = String::with_capacity((24 + sealed.len()) * 2);
    for b in nonce.iter().chain(&sealed) {
        out.push_str(&format!("{b:02x}"));
    }
    Ok(out)
}

/// The links of a sealed secret; `None` when there are none, or when the
/// seal does not open (another key, another recipient, tampered).
fn open(secret: &str, to: &str, sealed: &str) -> Option<Vec<String>> {
    if sealed.is_empty() || sealed.len() % 2 != 0 || sealed.len() < 2 * (24 + 16) {
        return None;
    }
    let bytes: Vec<u8> = (0..sealed.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(sealed.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let (nonce, body) = bytes.split_at(24);
    let aad = associated_data(to);
    let plain = XChaCha20Poly1305::new(&link_key(secret))
        .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: &aad })
        .ok()?;
    let plain = String::from_utf8(plain).ok()?;
    Some(plain.split('\n').map(str::to_owned).collect())
}

/// A stored message as it is (or would be) delivered: the body with its
/// one-time links, while they are still kept.
pub fn render(secret: &str, to: &str, template: &str, sealed: &str) -> String {
    let links = open(secret, to, sealed);
    fill_links(template, links.as_deref())
}

// ------------------------------------------------------------------ reading

/// A message as it would be delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The newest message to `to`, rendered as the worker delivers it (tests
/// read their links here, never from the table).
pub async fn latest_as_delivered(state: &AppState, to: &str) -> AppResult<Option<Rendered>> {
    let row = sqlx::query("SELECT to_address, subject, body, secret FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_optional(state.db.pool())
        .await?;
    row.map(|r| {
        let to: String = r.try_get("to_address")?;
        let body = render(&state.secret, &to, &r.try_get::<String, _>("body")?, &r.try_get::<String, _>("secret")?);
        Ok(Rendered { subject: r.try_get("subject")?, to, body })
    })
    .transpose()
}

/// The developer mailbox: the newest messages. Their bodies (links and
/// all) only in development mode; otherwise who, what and when.
pub async fn mailbox(state: &AppState, limit: i64) -> AppResult<Vec<MailView>> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, secret, status, created_at FROM mail_outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(state.db.pool())
    .await?;
    let dev = state.config.dev_mode;
    rows.iter()
        .map(|r| {
            let to: String = r.try_get("to_address")?;
            let body = if dev {
                render(&state.secret, &to, &r.try_get::<String, _>("body")?, &r.try_get::<String, _>("secret")?)
            } else {
                String::new()
            };
            Ok(MailView {
                id: r.try_get("id")?,
                to,
                subject: r.try_get("subject")?,
                body,
                body_hidden: !dev,
                status: r.try_get("status")?,
                created_at: crate::time::format_datetime(r.try_get("created_at")?),
            })
        })
        .collect()
}

// ------------------------------------------------------------------ delivery

/// The pause before the next try after `attempts` failed ones:
/// 15 s, 30 s, 1 min, 2 min … at most ten minutes.
pub fn retry_delay(attempts: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    RETRY_BASE_MS.saturating_mul(1i64 << doublings).min(RETRY_CAP_MS)
}

/// The SMTP transport of the configuration; `None` without `SMTP_URL` or
/// with one that cannot be used (logged).
pub fn transport(config: &crate::config::Config) -> Option<AsyncSmtpTransport<Tokio1Executor>> {
    let url = config.smtp_url.as_deref()?;
    match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
        Ok(builder) => Some(builder.timeout(Some(SMTP_TIMEOUT)).build()),
        Err(e) => {
            tracing::error!(error = %e, "SMTP_URL is not usable; mail stays in the outbox");
            None
        }
    }
}

/// A worker id unique to this process.
pub fn worker_id() -> String {
    format!("m{}-{}", std::process::id(), &crate::auth::ssr::random_token()[..8])
}

/// Delivers pending mail over SMTP under the app's supervisor.
pub fn start_worker(state: AppState) {
    let Some(transport) = transport(&state.config) else { return };
    let transport = Arc::new(transport);
    let worker: Arc<str> = worker_id().into();
    let workers = state.workers.clone();
    workers.spawn("mail", POLL, move || {
        let (state, transport, worker) = (state.clone(), transport.clone(), worker.clone());
        async move {
            let taken = deliver_due(&state, &transport, &worker, now_millis()).await?;
            Ok::<_, AppError>(if taken as i64 >= BATCH { Pace::More } else { Pace::Rest })
        }
    });
}

/// One round of the worker at `now`: takes up to [`BATCH`] due messages —
/// `pending` and due, or `sending` under a lease that ran out — one at a
/// time, renders each with its links and hands it to the mail server.
/// Returns how many it took.
pub async fn deliver_due(
    state: &AppState,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    worker_id: &str,
    now: i64,
) -> AppResult<usize> {
    let pool = state.db.pool();
    // A worker died holding a message on its last try: nothing more to do.
    sqlx::query(
        "UPDATE mail_outbox SET status = 'failed', locked_until = 0, secret = '', \
         last_error = CASE WHEN last_error = '' THEN 'interrupted while sending' ELSE last_error END \
         WHERE status = 'sending' AND locked_until < $1 AND attempts >= $2",
    )
    .bind(now)
    .bind(MAX_ATTEMPTS)
    .execute(pool)
    .await?;

    let ids = crate::db::due_ids(&state.db, "mail_outbox", now, MAX_ATTEMPTS, BATCH).await?;

    let mut taken = 0;
    for id in ids {
        // Only one worker's update matches: once another worker holds the
        // row it no longer qualifies (PostgreSQL re-checks the condition on
        // the row it waited for; SQLite has one writer at a time).
        let row = sqlx::query(
            "UPDATE mail_outbox SET status = 'sending', locked_by = $1, locked_until = $2, attempts = attempts + 1 \
             WHERE id = $3 AND ((status = 'pending' AND next_attempt_at <= $4) \
             OR (status = 'sending' AND locked_until < $4 AND attempts < $5)) \
             RETURNING to_address, subject, body, secret, attempts",
        )
        .bind(worker_id)
        .bind(now + LEASE_MS)
        .bind(id)
        .bind(now)
        .bind(MAX_ATTEMPTS)
        .fetch_optional(pool)
        .await?;
        let Some(row) = row else { continue };
        taken += 1;
        let to: String = row.try_get("to_address")?;
        let attempts: i64 = row.try_get("attempts")?;
        let body = render(&state.secret, &to, &row.try_get::<String, _>("body")?, &row.try_get::<String, _>("secret")?);
        let outcome = match build_message(&to, &row.try_get::<String, _>("subject")?, &body) {
            Ok(message) => transport.send(message).await.map(|_| ()).map_err(|e| (e.to_string(), e.is_permanent())),
            Err(e) => Err((e, true)),
        };
        let settled = match outcome {
            Ok(()) => sqlx::query(
                "UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_error = '', locked_until = 0, secret = '' \
                 WHERE id = $2 AND locked_by = $3 AND status = 'sending'",
            )
            .bind(now)
            .bind(id)
            .bind(worker_id)
            .execute(pool)
            .await?
            .rows_affected(),
            Err((error, permanent)) => {
                let error: String = error.chars().take(MAX_ERROR).collect();
                let give_up = permanent || attempts >= MAX_ATTEMPTS;
                tracing::warn!(id, attempts, permanent, error = %error, "account mail not delivered");
                // Given up: its link goes with it.
                let wipe = if give_up { ", secret = ''" } else { "" };
                sqlx::query(&format!(
                    "UPDATE mail_outbox SET status = $1, next_attempt_at = $2, last_error = $3, locked_until = 0{wipe} \
                     WHERE id = $4 AND locked_by = $5 AND status = 'sending'"
                ))
                .bind(if give_up { "failed" } else { "pending" })
                .bind(if give_up { 0 } else { now + retry_delay(attempts) })
                .bind(error)
                .bind(id)
                .bind(worker_id)
                .execute(pool)
                .await?
                .rows_affected()
            }
        };
        if settled != 1 {
            tracing::warn!(id, worker = worker_id, "account mail lease ran out before it was settled");
        }
    }
    Ok(taken)
}

fn build_message(to: &str, subject: &str, body: &str) -> Result<Message, String> {
    Message::builder()
        .from("파트너센터 <no-reply@partner-center.local>".parse().map_err(|e| format!("{e}"))?)
        .to(to.parse().map_err(|e| format!("{e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}

// ------------------------------------------------------------------ purge

/// What one [`purge`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Seals of links that expired before their mail went out.
    pub links: u64,
    /// Messages sent, failed or kept longer than the retention.
    pub mails: u64,
}

/// Wipes the links that expired and deletes mail sent (or given up on, or
/// kept without SMTP) more than `retention_days` before `now`. Plain
/// conditional statements in batches: every instance may run it at once.
pub async fn purge(db: &Database, now: i64, retention_days: u32) -> AppResult<Purged> {
    let links = sqlx::query("UPDATE mail_outbox SET secret = '' WHERE secret <> '' AND secret_expires_at < $1")
        .bind(now)
        .execute(db.pool())
        .await?
        .rows_affected();
    let cutoff = now - i64::from(retention_days) * 24 * 3600 * 1000;
    let mails = crate::db::delete_in_batches(
        db,
        "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox \
         WHERE (status = 'sent' AND sent_at < $1) OR (status IN ('failed', 'kept') AND created_at < $1) \
         ORDER BY id LIMIT $2)",
        cutoff,
    )
    .await?;
    Ok(Purged { links, mails })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_links_are_cut_out_and_put_back() {
        let body = "열기:\n\nhttp://x.kr/reset-password?token=abc123\n\n문의: https://x.kr/help 끝";
        let (template, links) = cut_links(body, &[]);
        assert_eq!(links, ["http://x.kr/reset-password?token=abc123"]);
        assert!(!template.contains("abc123"), "{template}");
        assert!(template.contains("https://x.kr/help"), "links without a token stay");
        let sealed = seal("k".repeat(32).as_str(), "a@x.kr", &links).unwrap();
        assert!(!sealed.contains("abc123"));
        assert_eq!(render(&"k".repeat(32), "a@x.kr", &template, &sealed), body);
        // Another key or another recipient opens nothing.
        assert!(!render(&"j".repeat(32), "a@x.kr", &template, &sealed).contains("abc123"));
        assert!(!render(&"k".repeat(32), "b@x.kr", &template, &sealed).contains("abc123"));
        assert!(!render(&"k".repeat(32), "a@x.kr", &template, "").contains("abc123"));
    }

    #[test]
    fn a_known_link_is_cut_out_wherever_it_stands() {
        let link = "http://x.kr/invitation?token=zz9";
        let (template, links) = cut_links(&format!("<{link}> 그리고 {link}."), &[link]);
        assert_eq!(links, [link]);
        assert_eq!(template, "<[[link-1]]> 그리고 [[link-1]].");
        assert_eq!(fill_links(&template, Some(&links)), format!("<{link}> 그리고 {link}."));
        assert_eq!(fill_links("[[link-x]] [[link-", None), "[[link-x]] [[link-");
    }

    #[test]
    fn the_pause_doubles_from_fifteen_seconds_and_stops_at_ten_minutes() {
        assert_eq!(retry_delay(1), 15_000);
        assert_eq!(retry_delay(2), 30_000);
        assert_eq!(retry_delay(7), RETRY_CAP_MS);
        assert_eq!(retry_delay(1_000), RETRY_CAP_MS);
        let total: i64 = (1..MAX_ATTEMPTS).map(retry_delay).sum();
        assert!(total > 20 * 60_000 && total < 60 * 60_000, "{total}");
    }
}
