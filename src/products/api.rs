//! The Channel API routes of the products area (server only): the product
//! feed the channels list from.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;

use crate::error::AppError;
use crate::context::AppState;
use crate::i18n::msg;

use crate::channel_api::{channel_of, ApiResult};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/channel/v1/products", get(product_feed))
}

#[derive(Debug, Deserialize)]
struct FeedQuery {
    cursor: Option<String>,
    limit: Option<i64>,
    updated_since: Option<i64>,
}

/// The product and stock feed of the caller's channel.
async fn product_feed(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<FeedQuery>) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid("limit", msg::products_api_err_limit()).into());
    }
    let after: i64 = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c.parse().map_err(|_| AppError::invalid("cursor", msg::products_api_err_cursor()))?,
    };
    let products = sqlx::query(
        "SELECT p.id, p.shop_id, s.name AS shop_name, p.code, p.name, p.category, p.list_price, p.sale_price, p.status, \
         p.shipping_fee, p.free_shipping_over, p.updated_at FROM products p JOIN shops s ON s.id = p.shop_id \
         WHERE p.id > $1 AND p.deleted_at = 0 AND p.status IN ('on_sale', 'sold_out') AND (p.channels & $2) <> 0 \
         AND s.status = 'approved' AND p.updated_at >= $3 ORDER BY p.id LIMIT $4",
    )
    .bind(after)
    .bind(channel.bit())
    .bind(q.updated_since.unwrap_or(0))
    .bind(limit + 1)
    .fetch_all(state.db.pool())
    .await
    ?;
    let more = products.len() as i64 > limit;
    let mut out = Vec::new();
    let mut last = 0;
    for p in products.iter().take(limit as usize) {
        let id: i64 = p.try_get("id")?;
        last = id;
        let variants = sqlx::query(
            "SELECT id, sku, option1, option2, option3, extra_price, stock FROM product_variants \
             WHERE product_id = $1 AND deleted_at = 0 AND active = 1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(state.db.pool())
        .await
        ?;
        let variants: Vec<Value> = variants
            .iter()
            .map(|v| {
                let options: Vec<String> = ["option1", "option2", "option3"]
                    .iter()
                    .filter_map(|c| v.try_get::<String, _>(*c).ok())
                    .filter(|o| !o.is_empty())
                    .collect();
                json!({
                    "variant_id": v.try_get::<i64, _>("id").unwrap_or_default(),
                    "sku": v.try_get::<String, _>("sku").unwrap_or_default(),
                    "options": options.join(" / "),
                    "extra_price": v.try_get::<i64, _>("extra_price").unwrap_or_default(),
                    "stock": v.try_get::<i64, _>("stock").unwrap_or_default(),
                })
            })
            .collect();
        let g = |c: &str| p.try_get::<i64, _>(c).unwrap_or_default();
        let s = |c: &str| p.try_get::<String, _>(c).unwrap_or_default();
        out.push(json!({
            "product_id": id, "shop_id": g("shop_id"), "shop_name": s("shop_name"), "code": s("code"), "name": s("name"),
            "category": s("category"), "list_price": g("list_price"), "sale_price": g("sale_price"), "status": s("status"),
            "shipping_fee": g("shipping_fee"), "free_shipping_over": g("free_shipping_over"), "updated_at": g("updated_at"),
            "variants": variants,
        }));
    }
    let next = if more { Some(last.to_string()) } else { None };
    Ok(Json(json!({"products": out, "next_cursor": next})).into_response())
}
