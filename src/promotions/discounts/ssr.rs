//! Period discounts' data access (server only): every query bounded to the
//! acting shop.

use std::collections::HashMap;

use sqlx::Row;

use super::*;
use crate::audit::ssr::{json, record, Change};
use crate::auth::ssr::ShopActor;
use crate::context::AppState;
use crate::db::sql::{Arg, Keyset, Sql};
use crate::db::{now_millis, Database};
use crate::error::{AppResult, ErrorCode};
use crate::promotions::{check_name, check_period};

pub const PAGE_SIZE: i64 = 30;
/// Most products the pickers offer.
pub const MAX_CHOICES: i64 = 300;

/// The create form as typed.
pub struct DiscountInput {
    pub product_id: i64,
    pub variant_ids: String,
    pub name: String,
    pub price_mode: String,
    pub price: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// The options of variants, `(id → "블랙 / S")`, of some products.
pub async fn variant_labels(db: &Database, product_ids: &[i64]) -> AppResult<HashMap<i64, (i64, String)>> {
    let mut out = HashMap::new();
    for chunk in product_ids.chunks(500) {
        let mut sql = Sql::default();
        let list = sql.placeholders(chunk);
        let rows = sql
            .query(&format!(
                "SELECT id, product_id, option1, option2, option3 FROM product_variants \
                 WHERE product_id IN ({list}) AND deleted_at = 0 ORDER BY product_id, position"
            ))
            .fetch_all(db.pool())
            .await?;
        for r in rows {
            let options: Vec<String> = ["option1", "option2", "option3"]
                .iter()
                .filter_map(|c| r.try_get::<String, _>(*c).ok())
                .filter(|o| !o.is_empty())
                .collect();
            out.insert(r.try_get::<i64, _>("id")?, (r.try_get::<i64, _>("product_id")?, options.join(" / ")));
        }
    }
    Ok(out)
}

pub async fn products(db: &Database, shop_id: i64) -> AppResult<Vec<ProductChoice>> {
    let rows = sqlx::query(
        "SELECT id, code, name, category, sale_price, status FROM products WHERE shop_id = $1 AND deleted_at = 0 \
         ORDER BY id DESC LIMIT $2",
    )
    .bind(shop_id)
    .bind(MAX_CHOICES)
    .fetch_all(db.pool())
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64, _>("id")).collect::<Result<_, _>>()?;
    let labels = variant_labels(db, &ids).await?;
    let mut by_product: HashMap<i64, Vec<VariantChoice>> = HashMap::new();
    for (vid, (pid, label)) in labels {
        by_product.entry(pid).or_default().push(VariantChoice { variant_id: vid, options: label });
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let mut variants = by_product.remove(&id).unwrap_or_default();
        variants.sort_unstable();
        out.push(ProductChoice {
            id,
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            category: r.try_get("category")?,
            sale_price: r.try_get("sale_price")?,
            on_sale: r.try_get::<String, _>("status")? == "on_sale",
            variants,
        });
    }
    out.sort_by_key(|p| !p.on_sale);
    Ok(out)
}

const KEYSET: Keyset = Keyset { key: "d.id", id: "d.id" };

pub async fn list(db: &Database, shop_id: i64, status: &str, cursor: Option<&str>, limit: i64) -> AppResult<DiscountPage> {
    let now = now_millis();
    let mut sql = Sql::default();
    let mut clauses = vec![format!("d.shop_id = {}", sql.arg(Arg::Int(shop_id)))];
    match status {
        "" | "all" => {}
        "scheduled" => clauses.push(format!("d.status = 'active' AND d.starts_at > {}", sql.arg(Arg::Int(now)))),
        "active" => {
            let n = sql.arg(Arg::Int(now));
            clauses.push(format!("d.status = 'active' AND d.starts_at <= {n} AND d.ends_at > {n}"))
        }
        "ended" => clauses.push(format!("(d.status = 'cancelled' OR d.ends_at <= {})", sql.arg(Arg::Int(now)))),
        _ => return Err(AppError::invalid("status", msg::discount_err_status())),
    }
    let select = "d.id, d.product_id, p.name AS product_name, d.name, d.variant_ids, d.sale_price, d.regular_price, \
                  d.starts_at, d.ends_at, d.status FROM period_discounts d JOIN products p ON p.id = d.product_id";
    let mut raw = Vec::new();
    let (_, next) = KEYSET
        .fetch(db, sql, select, clauses, cursor, limit, |r| {
            raw.push((
                r.try_get::<i64, _>("id")?,
                r.try_get::<i64, _>("product_id")?,
                r.try_get::<String, _>("product_name")?,
                r.try_get::<String, _>("name")?,
                r.try_get::<String, _>("variant_ids")?,
                r.try_get::<i64, _>("sale_price")?,
                r.try_get::<i64, _>("regular_price")?,
                r.try_get::<i64, _>("starts_at")?,
                r.try_get::<i64, _>("ends_at")?,
                r.try_get::<String, _>("status")?,
            ));
            Ok(())
        })
        .await?;
    let products: Vec<i64> = raw.iter().map(|r| r.1).collect();
    let labels = variant_labels(db, &products).await?;
    let rows = raw
        .into_iter()
        .map(|(id, product_id, product_name, name, variant_ids, sale_price, regular_price, starts, ends, stored)| {
            let ids: Vec<i64> = serde_json::from_str(&variant_ids).unwrap_or_default();
            let variants =
                ids.iter().filter_map(|v| labels.get(v).map(|(_, l)| l.clone())).collect::<Vec<_>>().join(", ");
            let status = PromoStatus::of(if stored == "cancelled" { "cancelled" } else { "" }, starts, ends, now);
            DiscountRow {
                id,
                product_id,
                product_name,
                name,
                variants,
                sale_price,
                regular_price,
                rate: crate::money::format_bp(crate::promotions::discount_bp(regular_price, sale_price)),
                starts_at: crate::time::format_datetime(starts),
                ends_at: crate::time::format_datetime(ends),
                status,
                cancellable: stored == "active" && ends > now,
            }
        })
        .collect();
    Ok(DiscountPage { rows, next_cursor: next })
}

/// Checks and writes a new discount; refused with `period_overlap` when
/// another active discount of the product overlaps it (checked under the
/// product's lock, in the transaction that writes).
pub async fn create(state: &AppState, actor: &ShopActor, input: DiscountInput) -> AppResult<i64> {
    let now = now_millis();
    let name = check_name("name", &input.name)?;
    let (starts, ends) = check_period("starts_at", &input.starts_at, "ends_at", &input.ends_at)?;
    if ends <= now {
        return Err(AppError::invalid("ends_at", msg::discount_err_ended()));
    }
    let variant_ids = parse_ids("variant_ids", &input.variant_ids)?;
    let db = &state.db;
    let product = sqlx::query("SELECT id, sale_price FROM products WHERE id = $1 AND shop_id = $2 AND deleted_at = 0")
        .bind(input.product_id)
        .bind(actor.shop_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::discount_noun_product()).on("product_id"))?;
    let regular: i64 = product.try_get("sale_price")?;
    let price = discounted_price(&input.price_mode, &input.price, regular)?;
    if !variant_ids.is_empty() {
        let labels = variant_labels(db, &[input.product_id]).await?;
        if variant_ids.iter().any(|v| labels.get(v).is_none_or(|(p, _)| *p != input.product_id)) {
            return Err(AppError::invalid("variant_ids", msg::discount_err_variants()));
        }
    }

    let mut tx = db.begin_write().await?;
    db.lock_key(&mut tx, &format!("period_discount:{}", input.product_id)).await?;
    let other = sqlx::query(
        "SELECT starts_at, ends_at FROM period_discounts WHERE product_id = $1 AND status = 'active' \
         AND starts_at < $2 AND ends_at > $3 ORDER BY starts_at LIMIT 1",
    )
    .bind(input.product_id)
    .bind(ends)
    .bind(starts)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(o) = other {
        let (s, e): (i64, i64) = (o.try_get("starts_at")?, o.try_get("ends_at")?);
        return Err(AppError::new(
            ErrorCode::PeriodOverlap,
            msg::discount_err_overlap(crate::time::format_datetime(s), crate::time::format_datetime(e)),
        )
        .on("starts_at"));
    }
    let ids_json = json(&variant_ids);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO period_discounts (shop_id, product_id, name, variant_ids, sale_price, regular_price, starts_at, ends_at, \
         status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $10) RETURNING id",
    )
    .bind(actor.shop_id)
    .bind(input.product_id)
    .bind(&name)
    .bind(&ids_json)
    .bind(price)
    .bind(regular)
    .bind(starts)
    .bind(ends)
    .bind(&actor.email)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    record(
        &mut *tx,
        Change {
            after: json(&serde_json::json!({
                "product_id": input.product_id, "name": name, "variant_ids": variant_ids, "sale_price": price,
                "regular_price": regular, "starts_at": crate::promotions::kst_input(starts), "ends_at": crate::promotions::kst_input(ends),
            })),
            ..Change::by(actor, "promotions.discount.create", format!("period_discount:{id}"))
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn cancel(state: &AppState, actor: &ShopActor, id: i64) -> AppResult<()> {
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let row = sqlx::query("SELECT status, ends_at FROM period_discounts WHERE id = $1 AND shop_id = $2")
        .bind(id)
        .bind(actor.shop_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found(msg::discount_noun()))?;
    let (status, ends): (String, i64) = (row.try_get("status")?, row.try_get("ends_at")?);
    if status != "active" || ends <= now {
        return Err(AppError::new(ErrorCode::Conflict, msg::discount_err_not_cancellable()));
    }
    crate::promotions::ssr::change_status(
        &mut tx,
        actor,
        crate::promotions::ssr::StatusChange {
            table: "period_discounts",
            id,
            from: "active",
            to: "cancelled",
            action: "promotions.discount.cancel",
            object: format!("period_discount:{id}"),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The product feed's `updated_since` (products area): the products whose
/// price in force changed between `since` and `now` (placeholders) without
/// the product row changing — a period discount or an approved campaign
/// that started or ended then, or one created, cancelled or decided since.
/// A condition on `p.id`.
pub fn price_changed_between(since: &str, now: &str) -> String {
    format!(
        "(p.id IN (SELECT d.product_id FROM period_discounts d WHERE d.updated_at >= {since} \
         OR (d.starts_at >= {since} AND d.starts_at <= {now}) OR (d.ends_at >= {since} AND d.ends_at <= {now})) \
         OR p.id IN (SELECT a.product_id FROM campaign_applications a JOIN campaigns c ON c.id = a.campaign_id \
         WHERE a.updated_at >= {since} OR (a.status = 'approved' AND ((c.starts_at >= {since} AND c.starts_at <= {now}) \
         OR (c.ends_at >= {since} AND c.ends_at <= {now}) OR c.updated_at >= {since}))))"
    )
}
