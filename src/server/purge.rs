//! The purge (app layer, because it spans areas): every hour each instance
//! deletes account mail older than `MAIL_RETENTION_DAYS` and wipes the
//! one-time links that expired (the mail area's), and deletes expired
//! sessions and used or expired links (identity's). Each owner deletes its
//! own rows with conditional statements, so instances running it at the
//! same moment only find less to do.

use std::time::Duration;

use crate::context::workers::Pace;
use crate::context::AppState;
use crate::db::now_millis;
use crate::error::{AppError, AppResult};

const EVERY: Duration = Duration::from_secs(3600);

/// What one [`run`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub mails: u64,
    pub links: u64,
    pub sessions: u64,
    pub tokens: u64,
}

/// One purge at `now`.
pub async fn run(state: &AppState, now: i64) -> AppResult<PurgeReport> {
    let mail = crate::mail::ssr::purge(&state.db, now, state.config.mail_retention_days).await?;
    let sessions = crate::auth::ssr::purge_expired_sessions(&state.db, now).await?;
    let tokens = crate::auth::ssr::purge_spent_tokens(&state.db, now).await?;
    Ok(PurgeReport { mails: mail.mails, links: mail.links, sessions, tokens })
}

/// Runs [`run`] hourly under the workers' supervisor.
pub fn start(state: AppState) {
    let workers = state.workers.clone();
    workers.spawn("purge", EVERY, move || {
        let state = state.clone();
        async move {
            let report = run(&state, now_millis()).await?;
            if report != PurgeReport::default() {
                tracing::info!(?report, "purged old mail, sessions and links");
            }
            Ok::<_, AppError>(Pace::Rest)
        }
    });
}
