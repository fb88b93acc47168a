//! Product data access (server only). Every query is bounded to the shop of
//! the person acting; a product of another shop is simply not found.

use std::collections::{HashMap, HashSet};

use sqlx::{AnyConnection, Row};

use super::images::{remove_files, url_of};
use super::stock::{lock_product, refresh_product};
use super::*;
use crate::auth::ssr::ShopActor;
use crate::audit::ssr::{json, record, Change};
use crate::error::{AppError, AppResult};
use crate::format::format_number;
use crate::db::{now_millis, Database, UniqueIndex};
use crate::db::sql::{bad_cursor, escape_like, Arg, Sql};
use crate::context::AppState;

/// A product code is unique in its shop (among products not deleted).
pub const PRODUCTS_CODE_KEY: UniqueIndex =
    UniqueIndex { name: "products_code_key", table: "products", columns: &["shop_id", "code"] };
/// A SKU is unique in its shop (among variants not deleted).
pub const VARIANTS_SKU_KEY: UniqueIndex =
    UniqueIndex { name: "product_variants_sku_key", table: "product_variants", columns: &["shop_id", "sku"] };

pub const PAGE_SIZE: i64 = 50;
const SHEET_PAGE_SIZE: i64 = 30;
pub const MAX_BULK: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Recent,
    Updated,
    Name,
    PriceAsc,
    PriceDesc,
    StockAsc,
}

impl Sort {
    fn parse(s: &str) -> AppResult<Self> {
        Ok(match s {
            "" | "recent" => Self::Recent,
            "updated" => Self::Updated,
            "name" => Self::Name,
            "price_asc" => Self::PriceAsc,
            "price_desc" => Self::PriceDesc,
            "stock_asc" => Self::StockAsc,
            _ => return Err(AppError::invalid("sort", msg::products_err_sort_choose())),
        })
    }

    /// Column, descending?, text key? — each has an index ending in `id`.
    fn spec(self) -> (&'static str, bool, bool) {
        match self {
            Self::Recent => ("p.id", true, false),
            Self::Updated => ("p.updated_at", true, false),
            Self::Name => ("p.name", false, true),
            Self::PriceAsc => ("p.sale_price", false, false),
            Self::PriceDesc => ("p.sale_price", true, false),
            Self::StockAsc => ("p.stock_total", false, false),
        }
    }
}


/// The WHERE and ORDER BY of a product query, with the cursor applied.
fn product_filter(sql: &mut Sql, shop_id: i64, q: &ProductQuery, limit: i64) -> AppResult<(String, String)> {
    let sort = Sort::parse(&q.sort)?;
    let shop = sql.arg(Arg::Int(shop_id));
    let mut clauses = vec![format!("p.shop_id = {shop}"), "p.deleted_at = 0".to_owned()];
    if !q.status.is_empty() && q.status != "all" {
        let status = ProductStatus::parse(&q.status)
            .ok_or_else(|| AppError::invalid("status", msg::products_err_status_choose()))?;
        clauses.push(format!("p.status = {}", sql.arg(Arg::Text(status.as_str().into()))));
    }
    if !q.category.is_empty() {
        let category = parse_category(&q.category)
            .ok_or_else(|| AppError::invalid("category", msg::products_err_category_pick()))?;
        clauses.push(format!("p.category = {}", sql.arg(Arg::Text(category))));
    }
    if !q.channel.is_empty() {
        let channel =
            Channel::parse(&q.channel).ok_or_else(|| AppError::invalid("channel", msg::products_err_channel_choose()))?;
        clauses.push(format!("(p.channels & {}) <> 0", sql.arg(Arg::Int(channel.bit()))));
    }
    if q.low_stock {
        clauses.push(format!(
            "p.id IN (SELECT v.product_id FROM product_variants v WHERE v.shop_id = {shop} AND v.deleted_at = 0 \
             AND v.active = 1 AND v.low_stock_threshold > 0 AND v.stock <= v.low_stock_threshold)"
        ));
    }
    if let Some(term) = crate::input::search_term(&q.q)? {
        let like = sql.arg(Arg::Text(format!("%{}%", escape_like(&term.to_lowercase()))));
        let prefix = sql.arg(Arg::Text(format!("{}%", escape_like(&term.to_ascii_uppercase()))));
        clauses.push(format!(
            "(LOWER(p.name) LIKE {like} ESCAPE '\\' OR p.code LIKE {prefix} ESCAPE '\\' \
             OR p.id IN (SELECT v.product_id FROM product_variants v WHERE v.shop_id = {shop} AND v.deleted_at = 0 \
                         AND v.sku LIKE {prefix} ESCAPE '\\'))"
        ));
    }
    let (column, desc, text_key) = sort.spec();
    if let Some(cursor) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
        let (key, id): (serde_json::Value, i64) = serde_json::from_str(cursor).map_err(|_| bad_cursor())?;
        let key = match (text_key, key) {
            (true, serde_json::Value::String(s)) => Arg::Text(s),
            (false, serde_json::Value::Number(n)) => Arg::Int(n.as_i64().ok_or_else(bad_cursor)?),
            _ => return Err(bad_cursor()),
        };
        let op = if desc { "<" } else { ">" };
        if column == "p.id" {
            clauses.push(format!("p.id {op} {}", sql.arg(Arg::Int(id))));
        } else {
            let key = sql.arg(key);
            let id = sql.arg(Arg::Int(id));
            clauses.push(format!("({column}, p.id) {op} ({key}, {id})"));
        }
    }
    let dir = if desc { "DESC" } else { "ASC" };
    let order = if column == "p.id" {
        format!("ORDER BY p.id {dir} LIMIT {}", limit + 1)
    } else {
        format!("ORDER BY {column} {dir}, p.id {dir} LIMIT {}", limit + 1)
    };
    Ok((clauses.join(" AND "), order))
}

fn cursor_of(sort: &str, row: &ProductRow, updated_at: i64) -> String {
    let key = match Sort::parse(sort).unwrap_or(Sort::Recent) {
        Sort::Recent => serde_json::json!(row.id),
        Sort::Updated => serde_json::json!(updated_at),
        Sort::Name => serde_json::json!(row.name),
        Sort::PriceAsc | Sort::PriceDesc => serde_json::json!(row.sale_price),
        Sort::StockAsc => serde_json::json!(row.stock_total),
    };
    serde_json::json!([key, row.id]).to_string()
}

fn status_of(r: &sqlx::any::AnyRow) -> AppResult<ProductStatus> {
    ProductStatus::parse(&r.try_get::<String, _>("status")?).ok_or_else(AppError::internal)
}

const LOW_STOCK_COUNT: &str = "(SELECT COUNT(*) FROM product_variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id \
     AND v.deleted_at = 0 AND v.active = 1 AND v.low_stock_threshold > 0 AND v.stock <= v.low_stock_threshold)";

/// One page of the product list, newest first by default.
pub async fn list(db: &Database, shop_id: i64, q: &ProductQuery, limit: i64) -> AppResult<ProductPage> {
    let mut sql = Sql::default();
    let (filter, order) = product_filter(&mut sql, shop_id, q, limit)?;
    let text = format!(
        "SELECT p.id, p.code, p.name, p.category, p.list_price, p.sale_price, p.status, p.channels, p.stock_total, \
         p.variant_count, p.thumbnail, p.updated_at, CAST({LOW_STOCK_COUNT} AS BIGINT) AS low_stock_variants \
         FROM products p WHERE {filter} {order}"
    );
    let rows = sql.query(&text).fetch_all(db.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut last_updated = 0;
    for r in &rows {
        let thumb: String = r.try_get("thumbnail")?;
        last_updated = r.try_get("updated_at")?;
        out.push(ProductRow {
            id: r.try_get("id")?,
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            category: category_label(&r.try_get::<String, _>("category")?),
            list_price: r.try_get("list_price")?,
            sale_price: r.try_get("sale_price")?,
            status: status_of(r)?,
            channels: Channel::from_bits(r.try_get("channels")?),
            stock_total: r.try_get("stock_total")?,
            variant_count: r.try_get("variant_count")?,
            low_stock_variants: r.try_get("low_stock_variants")?,
            thumb_url: (!thumb.is_empty()).then(|| url_of(&thumb)),
            updated_at: crate::time::format_datetime(last_updated),
        });
    }
    let next_cursor = if out.len() as i64 > limit {
        out.truncate(limit as usize);
        let updated: i64 = rows.get(limit as usize - 1).map(|r| r.try_get("updated_at")).transpose()?.unwrap_or(last_updated);
        out.last().map(|row| cursor_of(&q.sort, row, updated))
    } else {
        None
    };
    let counts = if q.cursor.as_deref().unwrap_or_default().is_empty() { Some(status_counts(db, shop_id).await?) } else { None };
    Ok(ProductPage { rows: out, next_cursor, counts })
}

pub async fn status_counts(db: &Database, shop_id: i64) -> AppResult<StatusCounts> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, CAST(COUNT(*) AS BIGINT) FROM products WHERE shop_id = $1 AND deleted_at = 0 GROUP BY status",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    let mut c = StatusCounts::default();
    for (status, n) in rows {
        c.all += n;
        match ProductStatus::parse(&status) {
            Some(ProductStatus::OnSale) => c.on_sale = n,
            Some(ProductStatus::SoldOut) => c.sold_out = n,
            Some(ProductStatus::Stopped) => c.stopped = n,
            Some(ProductStatus::Hidden) => c.hidden = n,
            None => {}
        }
    }
    Ok(c)
}

/// For the home dashboard.
pub async fn summary(db: &Database, shop_id: i64) -> AppResult<CatalogueSummary> {
    let counts = status_counts(db, shop_id).await?;
    let (low,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM product_variants v WHERE v.shop_id = $1 AND v.deleted_at = 0 \
         AND v.active = 1 AND v.low_stock_threshold > 0 AND v.stock <= v.low_stock_threshold",
    )
    .bind(shop_id)
    .fetch_one(db.pool())
    .await?;
    Ok(CatalogueSummary { on_sale: counts.on_sale, sold_out: counts.sold_out, low_stock_variants: low })
}

fn variant_options(r: &sqlx::any::AnyRow, groups: usize) -> AppResult<Vec<String>> {
    let mut out = Vec::with_capacity(groups);
    for i in 0..groups {
        out.push(r.try_get::<String, _>(format!("option{}", i + 1).as_str())?);
    }
    Ok(out)
}

pub async fn detail(db: &Database, shop_id: i64, id: i64) -> AppResult<ProductDetail> {
    let r = sqlx::query("SELECT * FROM products WHERE id = $1 AND shop_id = $2 AND deleted_at = 0")
        .bind(id)
        .bind(shop_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::products_noun_product()))?;
    let option_groups: Vec<OptionGroup> =
        serde_json::from_str(&r.try_get::<String, _>("option_groups")?).map_err(|_| AppError::internal())?;
    let status = status_of(&r)?;
    let variant_rows = sqlx::query(
        "SELECT id, option1, option2, option3, sku, extra_price, stock, low_stock_threshold, active \
         FROM product_variants WHERE product_id = $1 AND shop_id = $2 AND deleted_at = 0 ORDER BY position, id",
    )
    .bind(id)
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    let variants = variant_rows
        .iter()
        .map(|v| {
            let stock: i64 = v.try_get("stock")?;
            Ok(VariantInput {
                id: Some(v.try_get("id")?),
                options: variant_options(v, option_groups.len())?,
                sku: v.try_get("sku")?,
                extra_price: v.try_get("extra_price")?,
                stock,
                stock_was: Some(stock),
                low_stock_threshold: v.try_get("low_stock_threshold")?,
                active: v.try_get::<i64, _>("active")? == 1,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let images = images_of(db, shop_id, id).await?;
    Ok(ProductDetail {
        input: ProductInput {
            id: Some(id),
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            category: r.try_get("category")?,
            list_price: r.try_get("list_price")?,
            sale_price: r.try_get("sale_price")?,
            description: r.try_get("description")?,
            // The form offers what a seller can choose: 품절 shows as 판매중.
            status: if status == ProductStatus::SoldOut { ProductStatus::OnSale } else { status },
            channels: Channel::from_bits(r.try_get("channels")?),
            option_groups,
            variants,
            shipping: ShippingProfile {
                shipping_fee: r.try_get("shipping_fee")?,
                free_shipping_over: r.try_get("free_shipping_over")?,
                return_fee: r.try_get("return_fee")?,
                exchange_fee: r.try_get("exchange_fee")?,
                ship_from: r.try_get("ship_from")?,
                return_address: r.try_get("return_address")?,
            },
            image_ids: images.iter().map(|i| i.id).collect(),
        },
        status,
        images,
        stock_total: r.try_get("stock_total")?,
        created_at: crate::time::format_datetime(r.try_get("created_at")?),
        updated_at: crate::time::format_datetime(r.try_get("updated_at")?),
    })
}

async fn images_of(db: &Database, shop_id: i64, product_id: i64) -> AppResult<Vec<ProductImage>> {
    let rows = sqlx::query(
        "SELECT id, file, thumb, width, height FROM product_images WHERE product_id = $1 AND shop_id = $2 ORDER BY position, id",
    )
    .bind(product_id)
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ProductImage {
                id: r.try_get("id")?,
                url: url_of(&r.try_get::<String, _>("file")?),
                thumb_url: url_of(&r.try_get::<String, _>("thumb")?),
                width: r.try_get("width")?,
                height: r.try_get("height")?,
            })
        })
        .collect()
}

fn generated_code() -> String {
    let day = crate::time::to_kst(now_millis()).map(|t| t.format("%y%m%d").to_string()).unwrap_or_default();
    format!("P{day}-{}", &crate::auth::ssr::random_token()[..6].to_ascii_uppercase())
}

fn code_taken(code: &str) -> AppError {
    AppError::invalid("code", msg::products_err_code_taken(code))
}

/// SKUs of `skus` that other products of the shop use.
async fn skus_in_use(conn: &mut AnyConnection, shop_id: i64, product_id: i64, skus: &[String]) -> AppResult<Vec<String>> {
    let mut taken = Vec::new();
    for chunk in skus.chunks(400) {
        let mut sql = Sql::default();
        let shop = sql.arg(Arg::Int(shop_id));
        let product = sql.arg(Arg::Int(product_id));
        let list = chunk.iter().map(|s| sql.arg(Arg::Text(s.clone()))).collect::<Vec<_>>().join(", ");
        let text = format!(
            "SELECT sku FROM product_variants WHERE shop_id = {shop} AND deleted_at = 0 AND product_id <> {product} AND sku IN ({list})"
        );
        for r in sql.query(&text).fetch_all(&mut *conn).await? {
            taken.push(r.try_get::<String, _>("sku")?);
        }
    }
    Ok(taken)
}

/// What a save did.
pub struct Saved {
    pub id: i64,
    pub created: bool,
    /// Photo files to delete once the transaction has committed.
    pub removed_files: Vec<String>,
}

/// Creates or updates a product inside the caller's write transaction
/// ([`Database::begin_write`]): the product row, its variants (kept by id or
/// by option values, so their stock survives an edit of the options), its
/// photos in order, and its stock total and status.
pub async fn save_in(conn: &mut AnyConnection, shop_id: i64, p: &ValidProduct) -> AppResult<Saved> {
    let now = now_millis();
    let groups_json = json(&p.option_groups);
    let created = p.id.is_none();
    let id = match p.id {
        Some(id) => {
            if !lock_product(conn, shop_id, id).await? {
                return Err(AppError::not_found(msg::products_noun_product()));
            }
            id
        }
        None => {
            let code = if p.code.is_empty() { generated_code() } else { p.code.clone() };
            let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                "INSERT INTO products (shop_id, code, name, category, list_price, sale_price, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(shop_id)
            .bind(&code)
            .bind(&p.name)
            .bind(&p.category)
            .bind(p.list_price)
            .bind(p.sale_price)
            .bind(p.status.as_str())
            .bind(now)
            .fetch_one(&mut *conn)
            .await;
            match inserted {
                Ok((id,)) => id,
                Err(e) if PRODUCTS_CODE_KEY.violated_by(&e) => return Err(code_taken(&code)),
                Err(e) => return Err(e.into()),
            }
        }
    };
    if !p.code.is_empty() && !created {
        let other: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM products WHERE shop_id = $1 AND deleted_at = 0 AND code = $2 AND id <> $3")
                .bind(shop_id)
                .bind(&p.code)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        if other.is_some() {
            return Err(code_taken(&p.code));
        }
    }
    let skus: Vec<String> = p.variants.iter().map(|v| v.sku.clone()).collect();
    if let Some(sku) = skus_in_use(conn, shop_id, id, &skus).await?.first() {
        let i = p.variants.iter().position(|v| &v.sku == sku).unwrap_or(0);
        return Err(AppError::invalid(&format!("variants.{i}"), msg::products_err_sku_taken(sku)));
    }

    // Variants: match what is stored by id, then by option values.
    let stored = sqlx::query(
        "SELECT id, option1, option2, option3, sku FROM product_variants WHERE product_id = $1 AND deleted_at = 0",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut stored_by_id: HashMap<i64, (Vec<String>, String)> = HashMap::new();
    for r in &stored {
        let opts = variant_options(r, 3)?;
        stored_by_id.insert(r.try_get("id")?, (opts, r.try_get("sku")?));
    }
    let padded = |o: &[String]| {
        let mut v = o.to_vec();
        v.resize(3, String::new());
        v
    };
    let mut matched: Vec<Option<i64>> = Vec::with_capacity(p.variants.len());
    let mut used = HashSet::new();
    for v in &p.variants {
        let by_id = v.id.filter(|i| stored_by_id.contains_key(i) && !used.contains(i));
        if v.id.is_some() && by_id.is_none() {
            return Err(AppError::invalid("variants", msg::products_err_options_changed()));
        }
        let found = by_id.or_else(|| {
            let want = padded(&v.options);
            stored_by_id.iter().find(|(i, (o, _))| !used.contains(*i) && *o == want).map(|(i, _)| *i)
        });
        if let Some(i) = found {
            used.insert(i);
        }
        matched.push(found);
    }
    // Gone variants leave first, and renamed SKUs step aside, so that no
    // SKU is ever held twice in between.
    for vid in stored_by_id.keys().filter(|i| !used.contains(*i)) {
        sqlx::query("UPDATE product_variants SET deleted_at = $1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(*vid)
            .execute(&mut *conn)
            .await?;
    }
    for (v, m) in p.variants.iter().zip(&matched) {
        if let Some(vid) = m {
            if stored_by_id[vid].1 != v.sku {
                sqlx::query("UPDATE product_variants SET sku = $1 WHERE id = $2")
                    .bind(format!("~{vid}"))
                    .bind(*vid)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    for (position, (v, m)) in p.variants.iter().zip(&matched).enumerate() {
        let o = padded(&v.options);
        match m {
            Some(vid) => {
                // Stock the seller did not touch is left to the orders.
                let set_stock = v.stock_was != Some(v.stock);
                sqlx::query(
                    "UPDATE product_variants SET position = $1, option1 = $2, option2 = $3, option3 = $4, sku = $5, \
                     extra_price = $6, low_stock_threshold = $7, active = $8, updated_at = $9, \
                     stock = CASE WHEN $11 = 1 THEN $12 ELSE stock END WHERE id = $10",
                )
                .bind(position as i64)
                .bind(&o[0])
                .bind(&o[1])
                .bind(&o[2])
                .bind(&v.sku)
                .bind(v.extra_price)
                .bind(v.low_stock_threshold)
                .bind(i64::from(v.active))
                .bind(now)
                .bind(*vid)
                .bind(i64::from(set_stock))
                .bind(v.stock)
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO product_variants (shop_id, product_id, position, option1, option2, option3, sku, \
                     extra_price, stock, low_stock_threshold, active, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
                )
                .bind(shop_id)
                .bind(id)
                .bind(position as i64)
                .bind(&o[0])
                .bind(&o[1])
                .bind(&o[2])
                .bind(&v.sku)
                .bind(v.extra_price)
                .bind(v.stock)
                .bind(v.low_stock_threshold)
                .bind(i64::from(v.active))
                .bind(now)
                .execute(&mut *conn)
                .await
                .map_err(|e| {
                    if VARIANTS_SKU_KEY.violated_by(&e) {
                        AppError::invalid("variants", msg::products_err_sku_taken(&v.sku))
                    } else {
                        e.into()
                    }
                })?;
            }
        }
    }

    // Photos: the listed ones in order; the rest of this product's go.
    let mut removed_files = Vec::new();
    let old = sqlx::query("SELECT id, file, thumb FROM product_images WHERE product_id = $1 AND shop_id = $2")
        .bind(id)
        .bind(shop_id)
        .fetch_all(&mut *conn)
        .await?;
    for r in &old {
        let image_id: i64 = r.try_get("id")?;
        if !p.image_ids.contains(&image_id) {
            sqlx::query("DELETE FROM product_images WHERE id = $1").bind(image_id).execute(&mut *conn).await?;
            removed_files.push(r.try_get("file")?);
            removed_files.push(r.try_get("thumb")?);
        }
    }
    let mut thumbnail = String::new();
    for (position, image_id) in p.image_ids.iter().enumerate() {
        let row: Option<(String,)> = sqlx::query_as(
            "UPDATE product_images SET product_id = $1, position = $2 \
             WHERE id = $3 AND shop_id = $4 AND (product_id IS NULL OR product_id = $1) RETURNING thumb",
        )
        .bind(id)
        .bind(position as i64)
        .bind(*image_id)
        .bind(shop_id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((thumb,)) = row else {
            return Err(AppError::invalid("images", msg::products_err_image_missing()));
        };
        if position == 0 {
            thumbnail = thumb;
        }
    }

    sqlx::query(
        "UPDATE products SET code = CASE WHEN $1 = '' THEN code ELSE $1 END, name = $2, category = $3, list_price = $4, \
         sale_price = $5, description = $6, status = $7, channels = $8, option_groups = $9, shipping_fee = $10, \
         free_shipping_over = $11, return_fee = $12, exchange_fee = $13, ship_from = $14, return_address = $15, \
         thumbnail = $16, updated_at = $17 WHERE id = $18",
    )
    .bind(&p.code)
    .bind(&p.name)
    .bind(&p.category)
    .bind(p.list_price)
    .bind(p.sale_price)
    .bind(&p.description)
    .bind(p.status.as_str())
    .bind(Channel::bits(&p.channels))
    .bind(&groups_json)
    .bind(p.shipping.shipping_fee)
    .bind(p.shipping.free_shipping_over)
    .bind(p.shipping.return_fee)
    .bind(p.shipping.exchange_fee)
    .bind(&p.shipping.ship_from)
    .bind(&p.shipping.return_address)
    .bind(&thumbnail)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    refresh_product(conn, id).await?;
    Ok(Saved { id, created, removed_files })
}

#[derive(serde::Serialize)]
struct ProductAudit<'a> {
    name: &'a str,
    code: &'a str,
    list_price: i64,
    sale_price: i64,
    status: &'a str,
    variants: usize,
    stock: i64,
}

/// The form's save: one transaction, audited.
pub async fn save_one(state: &AppState, actor: &ShopActor, p: ValidProduct) -> AppResult<i64> {
    let before = match p.id {
        Some(id) => Some(detail(&state.db, actor.shop_id, id).await?),
        None => None,
    };
    let mut tx = state.db.begin_write().await?;
    let saved = save_in(&mut tx, actor.shop_id, &p).await?;
    let after = ProductAudit {
        name: &p.name,
        code: &p.code,
        list_price: p.list_price,
        sale_price: p.sale_price,
        status: p.status.as_str(),
        variants: p.variants.len(),
        stock: p.stock_total(),
    };
    let before_json = before
        .as_ref()
        .map(|b| {
            json(&ProductAudit {
                name: &b.input.name,
                code: &b.input.code,
                list_price: b.input.list_price,
                sale_price: b.input.sale_price,
                status: b.status.as_str(),
                variants: b.input.variants.len(),
                stock: b.stock_total,
            })
        })
        .unwrap_or_default();
    record(
        &mut *tx,
        Change {
            before: before_json,
            after: json(&after),
            ..Change::by(
                actor,
                if saved.created { "product.create" } else { "product.update" },
                format!("product:{}", saved.id),
            )
        },
    )
    .await?;
    tx.commit().await?;
    remove_files(state, &saved.removed_files).await;
    forget_stale_uploads(state, actor.shop_id).await;
    Ok(saved.id)
}

/// Photos uploaded for a form that was never saved, after a day.
async fn forget_stale_uploads(state: &AppState, shop_id: i64) {
    let cutoff = now_millis() - 24 * 3600 * 1000;
    let rows: Result<Vec<(i64, String, String)>, _> = sqlx::query_as(
        "SELECT id, file, thumb FROM product_images WHERE shop_id = $1 AND product_id IS NULL AND created_at < $2 LIMIT 100",
    )
    .bind(shop_id)
    .bind(cutoff)
    .fetch_all(state.db.pool())
    .await;
    for (id, file, thumb) in rows.unwrap_or_default() {
        let deleted = sqlx::query("DELETE FROM product_images WHERE id = $1 AND product_id IS NULL")
            .bind(id)
            .execute(state.db.pool())
            .await
            .map(|r| r.rows_affected())
            .unwrap_or(0);
        if deleted == 1 {
            remove_files(state, &[file, thumb]).await;
        }
    }
}

fn check_ids(ids: &[i64]) -> AppResult<Vec<i64>> {
    if ids.is_empty() {
        return Err(AppError::invalid("ids", msg::products_err_select_one()));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::invalid("ids", msg::products_err_bulk_max(format_number(MAX_BULK as i64))));
    }
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// 일괄 처리: every selected product or none.
pub async fn bulk(state: &AppState, actor: &ShopActor, ids: &[i64], action: &BulkAction) -> AppResult<usize> {
    let ids = check_ids(ids)?;
    if let BulkAction::SetStatus(ProductStatus::SoldOut) = action {
        return Err(AppError::invalid("status", msg::products_err_sold_out_auto()));
    }
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    for id in &ids {
        if !lock_product(&mut tx, actor.shop_id, *id).await? {
            return Err(AppError::not_found(msg::products_noun_selected_product()));
        }
        match action {
            BulkAction::SetStatus(status) => {
                sqlx::query("UPDATE products SET status = $1, updated_at = $2 WHERE id = $3")
                    .bind(status.as_str())
                    .bind(now)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
                refresh_product(&mut tx, *id).await?;
            }
            BulkAction::ChangePrice(change) => {
                let (name, list_price, sale_price): (String, i64, i64) =
                    sqlx::query_as("SELECT name, list_price, sale_price FROM products WHERE id = $1")
                        .bind(*id)
                        .fetch_one(&mut *tx)
                        .await?;
                let new_price = change.apply(sale_price)?;
                check_prices(list_price, new_price)
                    .map_err(|e| AppError::invalid("value", format!("{name}: {}", e.message)))?;
                let (max_extra,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(MAX(ABS(extra_price) * CASE WHEN extra_price < 0 THEN 2 ELSE 1 END), 0) AS BIGINT) \
                     FROM product_variants WHERE product_id = $1 AND deleted_at = 0",
                )
                .bind(*id)
                .fetch_one(&mut *tx)
                .await?;
                if max_extra > new_price {
                    return Err(AppError::invalid(
                        "value",
                        msg::products_err_bulk_extra(&name),
                    ));
                }
                sqlx::query("UPDATE products SET sale_price = $1, updated_at = $2 WHERE id = $3")
                    .bind(new_price)
                    .bind(now)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
            }
            BulkAction::Delete => {
                sqlx::query("UPDATE products SET deleted_at = $1, updated_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE product_variants SET deleted_at = $1, updated_at = $1 WHERE product_id = $2 AND deleted_at = 0")
                    .bind(now)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    let action_name = match action {
        BulkAction::SetStatus(_) => "product.bulk.status",
        BulkAction::ChangePrice(_) => "product.bulk.price",
        BulkAction::Delete => "product.delete",
    };
    record(
        &mut *tx,
        Change {
            after: json(action),
            ..Change::by(
                actor,
                action_name,
                format!("products:{}", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
            )
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len())
}

/// The stock sheet: products as the list finds them, with their variants.
pub async fn stock_sheet(db: &Database, shop_id: i64, q: &ProductQuery) -> AppResult<StockSheetPage> {
    let page = list(db, shop_id, q, SHEET_PAGE_SIZE).await?;
    let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    let mut by_product: HashMap<i64, Vec<SheetVariant>> = HashMap::new();
    if !ids.is_empty() {
        let mut sql = Sql::default();
        let shop = sql.arg(Arg::Int(shop_id));
        let list = sql.placeholders(&ids);
        let text = format!(
            "SELECT id, product_id, option1, option2, option3, sku, extra_price, stock, low_stock_threshold, active \
             FROM product_variants WHERE shop_id = {shop} AND deleted_at = 0 AND product_id IN ({list}) \
             ORDER BY product_id, position, id"
        );
        for r in sql.query(&text).fetch_all(db.pool()).await? {
            by_product.entry(r.try_get("product_id")?).or_default().push(SheetVariant {
                id: r.try_get("id")?,
                options: option_label(&variant_options(&r, 3)?),
                sku: r.try_get("sku")?,
                extra_price: r.try_get("extra_price")?,
                stock: r.try_get("stock")?,
                low_stock_threshold: r.try_get("low_stock_threshold")?,
                active: r.try_get::<i64, _>("active")? == 1,
            });
        }
    }
    let products = page
        .rows
        .into_iter()
        .map(|r| SheetProduct {
            variants: by_product.remove(&r.id).unwrap_or_default(),
            id: r.id,
            name: r.name,
            code: r.code,
            list_price: r.list_price,
            sale_price: r.sale_price,
            status: r.status,
        })
        .collect();
    Ok(StockSheetPage { products, next_cursor: page.next_cursor })
}

/// Saves the stock sheet's changes: all or nothing, each error naming the
/// product and option it is about.
pub async fn save_stock_sheet(
    state: &AppState,
    actor: &ShopActor,
    variants: &[VariantEdit],
    prices: &[PriceEdit],
) -> AppResult<usize> {
    if variants.is_empty() && prices.is_empty() {
        return Err(AppError::invalid("changes", msg::products_err_no_changes()));
    }
    if variants.len() + prices.len() > 5_000 {
        return Err(AppError::invalid("changes", msg::products_err_sheet_max_cells()));
    }
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    // Which product each variant belongs to, all in this shop.
    let mut products: HashMap<i64, Vec<&VariantEdit>> = HashMap::new();
    for edit in variants {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT product_id FROM product_variants WHERE id = $1 AND shop_id = $2 AND deleted_at = 0",
        )
        .bind(edit.variant_id)
        .bind(actor.shop_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (product_id,) = row.ok_or_else(|| AppError::not_found(msg::products_noun_variant()))?;
        products.entry(product_id).or_default().push(edit);
    }
    let new_prices: HashMap<i64, i64> = prices.iter().map(|p| (p.product_id, p.sale_price)).collect();
    let mut product_ids: Vec<i64> = products.keys().chain(new_prices.keys()).copied().collect();
    product_ids.sort_unstable();
    product_ids.dedup();
    let mut changed = 0;
    for product_id in product_ids {
        if !lock_product(&mut tx, actor.shop_id, product_id).await? {
            return Err(AppError::not_found(msg::products_noun_product()));
        }
        let (name, list_price, sale_price): (String, i64, i64) =
            sqlx::query_as("SELECT name, list_price, sale_price FROM products WHERE id = $1")
                .bind(product_id)
                .fetch_one(&mut *tx)
                .await?;
        let price = new_prices.get(&product_id).copied().unwrap_or(sale_price);
        let named = |e: AppError| AppError::invalid("changes", format!("{name}: {}", e.message));
        if price != sale_price {
            check_prices(list_price, price).map_err(named)?;
            sqlx::query("UPDATE products SET sale_price = $1, updated_at = $2 WHERE id = $3")
                .bind(price)
                .bind(now)
                .bind(product_id)
                .execute(&mut *tx)
                .await?;
            changed += 1;
        }
        for edit in products.get(&product_id).map(Vec::as_slice).unwrap_or_default() {
            let (sku,): (String,) = sqlx::query_as("SELECT sku FROM product_variants WHERE id = $1")
                .bind(edit.variant_id)
                .fetch_one(&mut *tx)
                .await?;
            let named = |e: AppError| AppError::invalid("changes", format!("{name} ({sku}): {}", e.message));
            check_stock("stock", edit.stock).map_err(named)?;
            check_threshold("low_stock_threshold", edit.low_stock_threshold).map_err(named)?;
            check_extra_price("extra_price", edit.extra_price, price).map_err(named)?;
            let set_stock = edit.stock != edit.stock_was;
            sqlx::query(
                "UPDATE product_variants SET extra_price = $1, low_stock_threshold = $2, active = $3, updated_at = $4, \
                 stock = CASE WHEN $6 = 1 THEN $7 ELSE stock END WHERE id = $5",
            )
            .bind(edit.extra_price)
            .bind(edit.low_stock_threshold)
            .bind(i64::from(edit.active))
            .bind(now)
            .bind(edit.variant_id)
            .bind(i64::from(set_stock))
            .bind(edit.stock)
            .execute(&mut *tx)
            .await?;
            changed += 1;
        }
        // Extra prices of untouched variants must still fit a new price.
        if price != sale_price {
            let extras: Vec<(i64,)> = sqlx::query_as(
                "SELECT extra_price FROM product_variants WHERE product_id = $1 AND deleted_at = 0",
            )
            .bind(product_id)
            .fetch_all(&mut *tx)
            .await?;
            for (extra,) in extras {
                check_extra_price("extra_price", extra, price).map_err(named)?;
            }
        }
        sqlx::query("UPDATE products SET updated_at = $1 WHERE id = $2").bind(now).bind(product_id).execute(&mut *tx).await?;
        refresh_product(&mut tx, product_id).await?;
    }
    record(
        &mut *tx,
        Change {
            after: json(&serde_json::json!({ "variants": variants, "prices": prices })),
            ..Change::by(actor, "product.stock_sheet", "products".into())
        },
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}
