//! Background work of the orders area (server only): 자동 구매확정.
//!
//! Every instance runs the job; each item is moved by the same conditional
//! update as any other change ([`super::ssr::move_item`]), so when two
//! instances pick the same item one of them moves it and the other finds it
//! already moved and skips it: an item is confirmed once, with one history
//! entry, whichever instance wins.

use std::time::Duration;

use sqlx::Row;

use super::ssr::{move_item, ItemChange, MoveError, TOPIC};
use super::OrderAction;
use crate::error::AppResult;
use crate::db::now_millis;
use crate::context::AppState;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const BATCH: i64 = 200;

pub fn start(state: AppState) {
    let workers = state.workers.clone();
    workers.spawn("orders", Duration::from_secs(60), move || {
        let state = state.clone();
        async move {
            auto_confirm(&state, now_millis()).await?;
            Ok::<_, crate::error::AppError>(crate::context::workers::Pace::Rest)
        }
    });
}

/// Confirms the purchase of items delivered `AUTO_CONFIRM_DAYS` days before
/// `now`; returns how many this call confirmed. Items under an open claim
/// or returned (반품완료) are not confirmed and not even selected, so they
/// cannot fill a batch and stall the loop.
pub async fn auto_confirm(state: &AppState, now: i64) -> AppResult<usize> {
    let days = state.config.auto_confirm_days.max(1) as i64;
    let cutoff = now - days * DAY_MS;
    let reason = format!("배송완료 후 {days}일이 지나 자동으로 구매확정되었습니다.");
    let mut confirmed = 0;
    loop {
        let rows = sqlx::query(
            "SELECT id FROM order_items WHERE status = 'delivered' AND delivered_at <= $1 \
             AND claim_status NOT IN ('requested', 'collecting', 'collected', 'on_hold') \
             AND NOT (claim_kind = 'return' AND claim_status = 'completed') \
             ORDER BY delivered_at, id LIMIT $2",
        )
        .bind(cutoff)
        .bind(BATCH)
        .fetch_all(state.db.pool())
        .await?;
        if rows.is_empty() {
            break;
        }
        let mut moved_any = false;
        let mut shops = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let mut tx = state.db.begin_write().await?;
            let change = ItemChange { reason: Some(reason.clone()), at: Some(now), ..Default::default() };
            match move_item(&mut tx, None, id, OrderAction::ConfirmPurchase, "system", &change).await? {
                Ok(moved) => {
                    tx.commit().await?;
                    confirmed += 1;
                    moved_any = true;
                    shops.push(moved.shop_id);
                }
                // Another instance (or the buyer) got there first.
                // An item under claim is left alone (the SELECT already
                // skips them; a claim may arrive in between).
                Err(MoveError::Raced | MoveError::Transition(_) | MoveError::NotFound | MoveError::Claimed(_) | MoveError::WaybillTaken(_)) => {
                    tx.rollback().await?;
                }
            }
        }
        state.events.publish_all(&state.db, shops, TOPIC).await;
        if !moved_any || (rows.len() as i64) < BATCH {
            break;
        }
    }
    Ok(confirmed)
}
