//! Server side of promotions: the price in force ([`pricing`]) and the
//! redemption of coupons at intake ([`redeem`]), both called by other areas
//! inside their own transactions.

pub mod pricing;
pub mod redeem;

use sqlx::AnyConnection;

use crate::audit::ssr::{json, record, Change};
use crate::auth::ssr::ShopActor;
use crate::error::AppResult;

/// A seller's change of one of the shop's promotions rows (a period
/// discount cancelled, an application withdrawn), inside the caller's
/// transaction after it checked the row may move: its `status` from `from`
/// to `to`, and the audit log's entry `action` on `object`.
pub(crate) struct StatusChange<'a> {
    /// A promotions table with `id`, `shop_id`, `status` and `updated_at`.
    pub table: &'static str,
    pub id: i64,
    pub from: &'static str,
    pub to: &'static str,
    pub action: &'a str,
    pub object: String,
}

pub(crate) async fn change_status(tx: &mut AnyConnection, actor: &ShopActor, c: StatusChange<'_>, now: i64) -> AppResult<()> {
    sqlx::query(&format!("UPDATE {} SET status = $1, updated_at = $2 WHERE id = $3 AND shop_id = $4", c.table))
        .bind(c.to)
        .bind(now)
        .bind(c.id)
        .bind(actor.shop_id)
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, Change { before: json(&c.from), after: json(&c.to), ..Change::by(actor, c.action, c.object) }).await
}
