//! 쿠폰 data access (server only): making a coupon with its products, the
//! list on `coupons_by_shop`, one coupon with its terms, and the seller's
//! pause, resume and early end. Every query is scoped by the shop.

use sqlx::Row;

use super::*;
use crate::audit::ssr::{json as to_json, record, Change};
use crate::auth::ssr::ShopActor;
use crate::db::sql::{Arg, Keyset, Sql};
use crate::db::{now_millis, Database, UniqueIndex};
use crate::error::{AppResult, ErrorCode};
use crate::time::format_datetime;

pub const PAGE_SIZE: i64 = 20;

/// One code per shop.
pub const COUPONS_CODE_KEY: UniqueIndex =
    UniqueIndex { name: "coupons_code_key", table: "coupons", columns: &["shop_id", "code"] };

const KEYSET: Keyset = Keyset { key: "c.id", id: "c.id" };

const COLUMNS: &str = "c.id, c.code, c.name, c.kind, c.amount, c.rate_bp, c.max_discount, c.min_order, c.scope, \
     c.starts_at, c.ends_at, c.total_limit, c.per_buyer_limit, c.used_count, c.platform_share_bp, c.stopped, \
     c.stopped_at, c.created_by";

fn not_found() -> AppError {
    AppError::not_found(msg::coupon_noun())
}

fn row_of(r: &sqlx::any::AnyRow, now: i64) -> AppResult<CouponRow> {
    let kind: String = r.try_get("kind")?;
    let (starts_at, ends_at): (i64, i64) = (r.try_get("starts_at")?, r.try_get("ends_at")?);
    let stopped: String = r.try_get("stopped")?;
    Ok(CouponRow {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        discount: discount_text(&kind, r.try_get("amount")?, r.try_get("rate_bp")?, r.try_get("max_discount")?),
        kind,
        period: format!("{} ~ {}", format_datetime(starts_at), format_datetime(ends_at)),
        status: PromoStatus::of(&stopped, starts_at, ends_at, now),
        used_count: r.try_get("used_count")?,
        total_limit: r.try_get("total_limit")?,
    })
}

/// Makes a coupon (and its products) in one transaction, audited. A code
/// the shop already uses is a `conflict` on `code`; a product that is not
/// the shop's (or is deleted) an `invalid_input` on `product_ids`. Nothing
/// is written when either happens.
pub async fn create(db: &Database, actor: &ShopActor, c: &ValidCoupon) -> AppResult<i64> {
    let now = now_millis();
    if c.ends_at <= now {
        return Err(AppError::invalid("ends_at", msg::coupon_err_already_ended()));
    }
    let mut tx = db.begin_write().await?;
    if !c.product_ids.is_empty() {
        let mut sql = Sql::default();
        let shop = sql.arg(Arg::Int(actor.shop_id));
        let list = sql.placeholders(&c.product_ids);
        let text = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM products WHERE shop_id = {shop} AND deleted_at = 0 AND id IN ({list})"
        );
        let n: i64 = sql.query(&text).fetch_one(&mut *tx).await?.try_get("n")?;
        if n != c.product_ids.len() as i64 {
            tx.rollback().await?;
            return Err(AppError::invalid("product_ids", msg::coupon_err_not_your_product()));
        }
    }
    let inserted = sqlx::query(
        "INSERT INTO coupons (shop_id, code, name, kind, amount, rate_bp, max_discount, min_order, scope, starts_at, \
         ends_at, total_limit, per_buyer_limit, platform_share_bp, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(actor.shop_id)
    .bind(&c.code)
    .bind(&c.name)
    .bind(c.kind.as_str())
    .bind(c.amount)
    .bind(c.rate_bp)
    .bind(c.max_discount)
    .bind(c.min_order)
    .bind(if c.product_ids.is_empty() { "shop" } else { "products" })
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.total_limit)
    .bind(c.per_buyer_limit)
    .bind(c.platform_share_bp)
    .bind(&actor.email)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(r) => r.try_get("id")?,
        Err(e) if COUPONS_CODE_KEY.violated_by(&e) => {
            tx.rollback().await?;
            return Err(AppError::new(ErrorCode::Conflict, msg::coupon_err_code_taken()).on("code"));
        }
        Err(e) => return Err(e.into()),
    };
    for product_id in &c.product_ids {
        sqlx::query("INSERT INTO coupon_products (coupon_id, shop_id, product_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(actor.shop_id)
            .bind(product_id)
            .execute(&mut *tx)
            .await?;
    }
    let after = serde_json::json!({
        "code": c.code, "name": c.name, "kind": c.kind.as_str(), "amount": c.amount, "rate_bp": c.rate_bp,
        "max_discount": c.max_discount, "min_order": c.min_order, "starts_at": c.starts_at, "ends_at": c.ends_at,
        "total_limit": c.total_limit, "per_buyer_limit": c.per_buyer_limit, "product_ids": c.product_ids,
        "platform_share_bp": c.platform_share_bp,
    });
    record(&mut *tx, Change { after: to_json(&after), ..Change::by(actor, "coupon.create", format!("coupon:{id}")) })
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The condition of a status filter at `now` (the states of
/// [`PromoStatus::of`] as SQL), or `None` for all.
fn status_clause(sql: &mut Sql, status: &str, now: i64) -> AppResult<Option<String>> {
    let clause = match status.trim() {
        "" | "all" => return Ok(None),
        "scheduled" => {
            let n = sql.arg(Arg::Int(now));
            format!("c.stopped = '' AND c.starts_at > {n} AND c.ends_at > {n}")
        }
        "active" => {
            let n = sql.arg(Arg::Int(now));
            format!("c.stopped = '' AND c.starts_at <= {n} AND c.ends_at > {n}")
        }
        "paused" => {
            let n = sql.arg(Arg::Int(now));
            format!("c.stopped = 'paused' AND c.ends_at > {n}")
        }
        "ended" => {
            let n = sql.arg(Arg::Int(now));
            format!("(c.stopped = 'ended' OR c.ends_at <= {n})")
        }
        _ => return Err(AppError::invalid("status", msg::coupon_err_status())),
    };
    Ok(Some(clause))
}

/// A page of the shop's coupons, newest first (an index range of
/// `coupons_by_shop`).
pub async fn list(db: &Database, shop_id: i64, status: &str, cursor: Option<&str>, limit: i64) -> AppResult<CouponPage> {
    let now = now_millis();
    let mut sql = Sql::default();
    let mut clauses = vec![format!("c.shop_id = {}", sql.arg(Arg::Int(shop_id)))];
    clauses.extend(status_clause(&mut sql, status, now)?);
    let select = format!("{COLUMNS} FROM coupons c");
    let (rows, next_cursor) = KEYSET.fetch(db, sql, &select, clauses, cursor, limit, |r| row_of(r, now)).await?;
    Ok(CouponPage { rows, next_cursor })
}

/// One coupon of the shop with its terms and products.
pub async fn detail(db: &Database, shop_id: i64, coupon_id: i64, now: i64) -> AppResult<CouponDetail> {
    let r = sqlx::query(&format!("SELECT {COLUMNS}, c.shop_id FROM coupons c WHERE c.id = $1 AND c.shop_id = $2"))
        .bind(coupon_id)
        .bind(shop_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(not_found)?;
    let products = sqlx::query(
        "SELECT p.id, p.name, p.code FROM coupon_products cp JOIN products p ON p.id = cp.product_id \
         WHERE cp.coupon_id = $1 AND cp.shop_id = $2 ORDER BY p.name, p.id",
    )
    .bind(coupon_id)
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|p| Ok(CouponProduct { id: p.try_get("id")?, name: p.try_get("name")?, code: p.try_get("code")? }))
    .collect::<AppResult<Vec<_>>>()?;
    Ok(CouponDetail {
        row: row_of(&r, now)?,
        amount: r.try_get("amount")?,
        rate_bp: r.try_get("rate_bp")?,
        max_discount: r.try_get("max_discount")?,
        min_order: r.try_get("min_order")?,
        per_buyer_limit: r.try_get("per_buyer_limit")?,
        scope: r.try_get("scope")?,
        products,
        platform_share_bp: r.try_get("platform_share_bp")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        stopped: r.try_get("stopped")?,
        stopped_at: r.try_get("stopped_at")?,
        created_by: r.try_get("created_by")?,
    })
}

/// 중지, 재개 or 조기 종료, audited. The change is decided from the state
/// read in the write transaction, and the update repeats the `stopped` it
/// read, so two sellers clicking at once cannot, say, resume an ended
/// coupon. A change the state does not allow is `invalid_transition`.
pub async fn set_state(db: &Database, actor: &ShopActor, coupon_id: i64, change: CouponChange) -> AppResult<CouponDetail> {
    let now = now_millis();
    let mut tx = db.begin_write().await?;
    let Some(r) = sqlx::query("SELECT stopped, starts_at, ends_at FROM coupons WHERE id = $1 AND shop_id = $2")
        .bind(coupon_id)
        .bind(actor.shop_id)
        .fetch_optional(&mut *tx)
        .await?
    else {
        tx.rollback().await?;
        return Err(not_found());
    };
    let stopped: String = r.try_get("stopped")?;
    let status = PromoStatus::of(&stopped, r.try_get("starts_at")?, r.try_get("ends_at")?, now);
    let Some(next) = change.next(status) else {
        tx.rollback().await?;
        return Err(AppError::new(ErrorCode::InvalidTransition, msg::coupon_err_transition(status.label())));
    };
    let stopped_at = if next.is_empty() { 0 } else { now };
    let updated = sqlx::query(
        "UPDATE coupons SET stopped = $1, stopped_at = $2, updated_at = $3 WHERE id = $4 AND shop_id = $5 AND stopped = $6",
    )
    .bind(next)
    .bind(stopped_at)
    .bind(now)
    .bind(coupon_id)
    .bind(actor.shop_id)
    .bind(&stopped)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        tx.rollback().await?;
        return Err(AppError::new(ErrorCode::InvalidTransition, msg::coupon_err_transition(status.label())));
    }
    let action = match change {
        CouponChange::Pause => "coupon.pause",
        CouponChange::Resume => "coupon.resume",
        CouponChange::End => "coupon.end",
    };
    record(
        &mut *tx,
        Change {
            before: to_json(&serde_json::json!({ "status": status.as_str() })),
            after: to_json(&serde_json::json!({ "stopped": next })),
            ..Change::by(actor, action, format!("coupon:{coupon_id}"))
        },
    )
    .await?;
    tx.commit().await?;
    detail(db, actor.shop_id, coupon_id, now).await
}
