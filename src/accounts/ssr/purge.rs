//! The purge of applications whose owner never verified the e-mail address:
//! after 48 hours the shop, its owner's account and the uploaded
//! 사업자등록증 are gone, so an abandoned (or squatting) sign-up leaves
//! nothing behind.
//!
//! Every instance runs it. Each application is locked by a conditional
//! update before anything is deleted, so two instances never both purge it,
//! and a verification arriving at the same moment either wins (the
//! application is no longer unverified) or finds the link gone.

use std::time::Duration;

use crate::context::AppState;
use crate::db::now_millis;
use crate::error::AppResult;

/// How long an unverified application waits for its owner.
pub const UNVERIFIED_APPLICATION_TTL_MS: i64 = 48 * 60 * 60 * 1000;
const BATCH: i64 = 100;

pub fn start_purge(state: AppState) {
    let workers = state.workers.clone();
    workers.spawn("applications-purge", Duration::from_secs(15 * 60), move || {
        let state = state.clone();
        async move {
            let n = purge_unverified_applications(&state, now_millis()).await?;
            if n > 0 {
                tracing::info!(applications = n, "unverified applications purged");
            }
            Ok::<_, crate::error::AppError>(crate::context::workers::Pace::Rest)
        }
    });
}

/// Purges the applications still unverified 48 hours after sign-up, as of
/// `now`; returns how many this call purged.
pub async fn purge_unverified_applications(state: &AppState, now: i64) -> AppResult<usize> {
    let cutoff = now - UNVERIFIED_APPLICATION_TTL_MS;
    let mut purged = 0;
    loop {
        let batch = crate::shop::ssr::unverified_applications(&state.db, cutoff, BATCH).await?;
        let mut purged_in_batch = 0;
        for (shop_id, document) in &batch {
            if purge_one(state, *shop_id, cutoff).await? {
                purged_in_batch += 1;
                if !document.is_empty() {
                    super::signup::remove_document(state, document).await;
                }
            }
        }
        purged += purged_in_batch;
        if purged_in_batch == 0 || (batch.len() as i64) < BATCH {
            return Ok(purged);
        }
    }
}

async fn purge_one(state: &AppState, shop_id: i64, cutoff: i64) -> AppResult<bool> {
    let mut tx = state.db.begin_write().await?;
    if !crate::shop::ssr::lock_unverified_application(&mut tx, shop_id, cutoff).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    let members = crate::staff::ssr::remove_all_members(&mut tx, shop_id).await?;
    if !crate::shop::ssr::delete_unverified_application(&mut tx, shop_id).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    for user_id in members {
        crate::auth::ssr::delete_unverified_user(&mut tx, user_id).await?;
    }
    tx.commit().await?;
    Ok(true)
}
