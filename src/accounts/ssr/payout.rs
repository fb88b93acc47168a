//! The shop's payout (정산) account.

use sqlx::Row;

use crate::error::AppResult;
use crate::db::Database;
use crate::context::AppState;
use crate::auth::ssr::*;

pub async fn payout_account(db: &Database, shop_id: i64) -> AppResult<crate::accounts::PayoutView> {
    let row = sqlx::query("SELECT settlement_bank, settlement_account, settlement_holder FROM shops WHERE id = $1")
        .bind(shop_id)
        .fetch_one(db.pool())
        .await?;
    Ok(crate::accounts::PayoutView {
        bank: row.try_get("settlement_bank")?,
        account: crate::accounts::validate::PayoutAccount::masked(&row.try_get::<String, _>("settlement_account")?),
        holder: row.try_get("settlement_holder")?,
    })
}

pub async fn update_payout_account(
    state: &AppState,
    actor: &ShopActor,
    account: &crate::accounts::validate::PayoutAccount,
) -> AppResult<crate::accounts::PayoutView> {
    let before = payout_account(&state.db, actor.shop_id).await?;
    let mut tx = state.db.pool().begin().await?;
    crate::shop::ssr::set_payout_account(&mut tx, actor.shop_id, account).await?;
    let after = crate::accounts::PayoutView {
        bank: account.bank.clone(),
        account: crate::accounts::validate::PayoutAccount::masked(&account.number),
        holder: account.holder.clone(),
    };
    crate::audit::ssr::record(
        &mut *tx,
        crate::audit::ssr::Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "shop.payout.update",
            target: "정산 계좌".into(),
            before: crate::audit::ssr::json(&before),
            after: crate::audit::ssr::json(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
