//! The Channel API route of promotions (server only): `GET
//! /api/channel/v1/coupons`, the coupons a channel may apply now.
//!
//! A channel shows a shop's coupons to its buyers and sends the code it
//! applied with the order (`coupon_code`); intake checks it again as of the
//! payment. The feed lists coupons running now (period begun and not over,
//! neither paused nor ended, not used up) of approved shops that sell on the
//! calling channel, by id with a cursor.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use sqlx::Row;

use crate::channel::Channel;
use crate::channel_api::{feed, ApiResult, IdFeedQuery};
use crate::context::AppState;
use crate::db::{now_millis, Database};
use crate::error::AppResult;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/channel/v1/coupons", get(coupon_feed))
}

async fn coupon_feed(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<IdFeedQuery>) -> ApiResult {
    feed(&state, &headers, q, running_coupons).await
}

/// `2026-12-25T00:00:00+09:00`.
fn rfc3339_kst(ms: i64) -> String {
    crate::time::to_kst(ms).map(|d| d.to_rfc3339()).unwrap_or_default()
}

/// Coupons running at this moment after id `cursor`, at most `limit`.
async fn running_coupons(db: &Database, channel: Channel, cursor: i64, limit: i64) -> AppResult<Value> {
    let now = now_millis();
    // Coupons are few (a shop runs a handful); the primary key walks them.
    let rows = sqlx::query(
        "SELECT c.id, c.shop_id, c.code, c.name, c.kind, c.amount, c.rate_bp, c.max_discount, c.min_order, c.scope, \
         c.starts_at, c.ends_at, c.total_limit, c.per_buyer_limit, c.used_count, c.platform_share_bp \
         FROM coupons c JOIN shops s ON s.id = c.shop_id \
         WHERE c.id > $1 AND c.stopped = '' AND c.starts_at <= $2 AND c.ends_at > $2 AND c.used_count < c.total_limit \
         AND s.status = 'approved' AND EXISTS (SELECT 1 FROM products p WHERE p.shop_id = c.shop_id \
         AND p.deleted_at = 0 AND (p.channels & $3) <> 0) ORDER BY c.id LIMIT $4",
    )
    .bind(cursor)
    .bind(now)
    .bind(channel.bit())
    .bind(limit + 1)
    .fetch_all(db.pool())
    .await?;
    let more = rows.len() as i64 > limit;
    let mut coupons = Vec::with_capacity(rows.len());
    let mut last = cursor;
    for r in rows.iter().take(limit as usize) {
        let id: i64 = r.try_get("id")?;
        last = id;
        let scope: String = r.try_get("scope")?;
        let product_ids: Vec<i64> = if scope == "products" {
            sqlx::query("SELECT product_id FROM coupon_products WHERE coupon_id = $1 ORDER BY product_id")
                .bind(id)
                .fetch_all(db.pool())
                .await?
                .iter()
                .map(|p| p.try_get::<i64, _>("product_id"))
                .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let g = |c: &str| r.try_get::<i64, _>(c);
        coupons.push(json!({
            "coupon_id": id,
            "shop_id": g("shop_id")?,
            "code": r.try_get::<String, _>("code")?,
            "name": r.try_get::<String, _>("name")?,
            "kind": r.try_get::<String, _>("kind")?,
            "amount": g("amount")?,
            "rate_bp": g("rate_bp")?,
            "max_discount": g("max_discount")?,
            "min_order": g("min_order")?,
            "scope": scope,
            "product_ids": product_ids,
            "starts_at": rfc3339_kst(g("starts_at")?),
            "ends_at": rfc3339_kst(g("ends_at")?),
            "remaining": g("total_limit")? - g("used_count")?,
            "per_buyer_limit": g("per_buyer_limit")?,
            "platform_share_bp": g("platform_share_bp")?,
        }));
    }
    let next = if more { Some(last) } else { None };
    Ok(json!({ "coupons": coupons, "next_cursor": next }))
}
