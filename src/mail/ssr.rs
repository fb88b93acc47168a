//! The mail outbox and its delivery worker (server only).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;

use super::MailView;
use crate::error::AppResult;
use crate::db::{now_millis, Database};
use crate::context::AppState;

const MAX_ATTEMPTS: i64 = 5;

/// Puts a message in the outbox. With SMTP configured it waits for the
/// worker (`pending`); without, it is kept for the developer mailbox.
pub async fn enqueue<'e, E>(executor: E, smtp: bool, to: &str, subject: &str, body: &str) -> AppResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO mail_outbox (to_address, subject, body, status, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(if smtp { "pending" } else { "kept" })
        .bind(now_millis())
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn send(state: &AppState, to: &str, subject: &str, body: &str) -> AppResult<()> {
    enqueue(state.db.pool(), state.config.smtp_url.is_some(), to, subject, body).await
}

pub async fn latest(db: &Database, limit: i64) -> AppResult<Vec<MailView>> {
    let rows = sqlx::query(
        "SELECT id, to_address, subject, body, status, created_at FROM mail_outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MailView {
                id: r.try_get("id")?,
                to: r.try_get("to_address")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                status: r.try_get("status")?,
                created_at: crate::time::format_datetime(r.try_get("created_at")?),
            })
        })
        .collect()
}

/// Delivers pending mail over SMTP. Each message is claimed with a
/// conditional update, so two app instances never send one twice.
pub fn start_worker(state: AppState) {
    let Some(url) = state.config.smtp_url.clone() else { return };
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&url) {
        Ok(builder) => builder.build(),
        Err(e) => {
            tracing::error!(error = %e, "SMTP_URL is not usable; mail stays in the outbox");
            return;
        }
    };
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_pending(&state, &transport).await {
                tracing::warn!(error = %e, "mail delivery round failed");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
}

async fn deliver_pending(state: &AppState, transport: &AsyncSmtpTransport<Tokio1Executor>) -> AppResult<()> {
    let rows = sqlx::query("SELECT id FROM mail_outbox WHERE status = 'pending' ORDER BY id LIMIT 20")
        .fetch_all(state.db.pool())
        .await?;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let claimed = sqlx::query(
            "UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1 WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .execute(state.db.pool())
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let mail = sqlx::query("SELECT to_address, subject, body, attempts FROM mail_outbox WHERE id = $1")
            .bind(id)
            .fetch_one(state.db.pool())
            .await?;
        let to: String = mail.try_get("to_address")?;
        let attempts: i64 = mail.try_get("attempts")?;
        let result = build_message(&to, &mail.try_get::<String, _>("subject")?, &mail.try_get::<String, _>("body")?);
        let outcome = match result {
            Ok(message) => transport.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_error = '' WHERE id = $2")
                    .bind(now_millis())
                    .bind(id)
                    .execute(state.db.pool())
                    .await?;
            }
            Err(error) => {
                let status = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
                sqlx::query("UPDATE mail_outbox SET status = $1, last_error = $2 WHERE id = $3")
                    .bind(status)
                    .bind(error)
                    .bind(id)
                    .execute(state.db.pool())
                    .await?;
            }
        }
    }
    Ok(())
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
