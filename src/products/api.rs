//! The Channel API routes of the products area (server only): the product
//! feed the channels list from.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;

use crate::error::AppError;
use crate::context::AppState;
use crate::i18n::msg;
use crate::promotions::ssr::pricing::PriceInForce;

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
/// The base price in force and the promotion it comes from (`null`: the 판매가).
fn price_json(pif: Option<&PriceInForce>) -> (i64, Value) {
    let Some(pif) = pif else { return (0, Value::Null) };
    let price = pif.lowest();
    let promotion = match (pif.campaign, pif.period) {
        (Some(c), _) if c.price == price && price < pif.regular => {
            json!({ "kind": "campaign", "id": c.campaign_id, "price": c.price, "ends_at": c.ends_at })
        }
        (_, Some(d)) if d.sale_price == price && price < pif.regular => {
            json!({ "kind": "period", "id": d.id, "price": d.sale_price, "ends_at": d.ends_at })
        }
        _ => Value::Null,
    };
    (price, promotion)
}

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
    let now = crate::db::now_millis();
    let since = q.updated_since.unwrap_or(0);
    // With `updated_since`, a product whose price in force changed since
    // then (a period discount or campaign that started or ended, or was
    // created, cancelled or decided) is listed too, its row unchanged.
    let changed = if since > 0 {
        format!("(p.updated_at >= $3 OR {})", crate::promotions::discounts::ssr::price_changed_between("$3", "$5"))
    } else {
        "p.updated_at >= $3 AND $5 = $5".to_owned()
    };
    let products = sqlx::query(&format!(
        "SELECT p.id, p.shop_id, s.name AS shop_name, p.code, p.name, p.category, p.list_price, p.sale_price, p.status, \
         p.shipping_fee, p.free_shipping_over, p.updated_at FROM products p JOIN shops s ON s.id = p.shop_id \
         WHERE p.id > $1 AND p.deleted_at = 0 AND p.status IN ('on_sale', 'sold_out') AND (p.channels & $2) <> 0 \
         AND s.status = 'approved' AND {changed} ORDER BY p.id LIMIT $4"
    ))
    .bind(after)
    .bind(channel.bit())
    .bind(since)
    .bind(limit + 1)
    .bind(now)
    .persistent(false)
    .fetch_all(state.db.pool())
    .await
    ?;
    let more = products.len() as i64 > limit;
    let products = &products[..products.len().min(limit as usize)];
    let mut variant_rows = Vec::with_capacity(products.len());
    let mut regular = HashMap::new();
    let mut keys = Vec::new();
    for p in products {
        let id: i64 = p.try_get("id")?;
        regular.insert(id, p.try_get::<i64, _>("sale_price")?);
        let variants = sqlx::query(
            "SELECT id, sku, option1, option2, option3, extra_price, stock FROM product_variants \
             WHERE product_id = $1 AND deleted_at = 0 AND active = 1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(state.db.pool())
        .await
        ?;
        keys.push((id, 0));
        for v in &variants {
            keys.push((id, v.try_get::<i64, _>("id")?));
        }
        variant_rows.push(variants);
    }
    // The price in force now (기간할인, 기획전), for the product as a whole
    // (variant 0: discounts of every variant) and for each variant.
    let mut conn = state.db.pool().acquire().await?;
    let prices = crate::promotions::ssr::pricing::prices_in_force(&mut conn, &regular, &keys, now).await?;
    drop(conn);
    let mut out = Vec::new();
    let mut last = 0;
    for (p, variants) in products.iter().zip(&variant_rows) {
        let id: i64 = p.try_get("id")?;
        last = id;
        let variants: Vec<Value> = variants
            .iter()
            .map(|v| {
                let options: Vec<String> = ["option1", "option2", "option3"]
                    .iter()
                    .filter_map(|c| v.try_get::<String, _>(*c).ok())
                    .filter(|o| !o.is_empty())
                    .collect();
                let vid = v.try_get::<i64, _>("id").unwrap_or_default();
                let (price, promotion) = price_json(prices.get(&(id, vid)));
                json!({
                    "variant_id": vid,
                    "sku": v.try_get::<String, _>("sku").unwrap_or_default(),
                    "options": options.join(" / "),
                    "extra_price": v.try_get::<i64, _>("extra_price").unwrap_or_default(),
                    "stock": v.try_get::<i64, _>("stock").unwrap_or_default(),
                    "price": price,
                    "promotion": promotion,
                })
            })
            .collect();
        let g = |c: &str| p.try_get::<i64, _>(c).unwrap_or_default();
        let s = |c: &str| p.try_get::<String, _>(c).unwrap_or_default();
        let (price, promotion) = price_json(prices.get(&(id, 0)));
        out.push(json!({
            "product_id": id, "shop_id": g("shop_id"), "shop_name": s("shop_name"), "code": s("code"), "name": s("name"),
            "category": s("category"), "list_price": g("list_price"), "sale_price": g("sale_price"),
            "price": price, "promotion": promotion, "status": s("status"),
            "shipping_fee": g("shipping_fee"), "free_shipping_over": g("free_shipping_over"), "updated_at": g("updated_at"),
            "variants": variants,
        }));
    }
    let next = if more { Some(last.to_string()) } else { None };
    Ok(Json(json!({"products": out, "next_cursor": next})).into_response())
}
