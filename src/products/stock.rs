//! Stock that never oversells (server only).
//!
//! Every change of a product's stock first takes the product's row lock
//! ([`lock_product`]): on PostgreSQL an `UPDATE` of the row, on SQLite the
//! database's single write lock that the same statement takes. Under that
//! lock a reservation is one conditional update (`stock >= n`), never a read
//! followed by a write, and the product's `stock_total` and 품절 status move
//! with it in the same transaction. Taking the product lock first, always,
//! keeps lock order the same for everyone (no deadlocks between an order and
//! a seller's edit).
//!
//! Order intake reserves inside its own transaction with [`reserve`]; an
//! order with several items should reserve them in ascending product id.

use sqlx::AnyConnection;

use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::i18n::msg;

/// Why a reservation was refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockError {
    /// No such variant in this shop (or it was deleted).
    NotFound,
    /// The product is 판매중지 or 숨김, or the variant is switched off.
    NotOnSale,
    /// Fewer than asked are left.
    Insufficient { available: i64 },
}

impl From<StockError> for AppError {
    fn from(e: StockError) -> Self {
        match e {
            StockError::NotFound => AppError::not_found(msg::products_noun_variant()),
            StockError::NotOnSale => AppError::new(ErrorCode::NotOnSale, msg::products_err_not_on_sale()),
            StockError::Insufficient { available } => {
                AppError::new(ErrorCode::OutOfStock, msg::products_err_out_of_stock(available.to_string()))
            }
        }
    }
}

/// Takes the product's row lock for the rest of the transaction; false when
/// the product is not the shop's (or deleted).
pub async fn lock_product(conn: &mut AnyConnection, shop_id: i64, product_id: i64) -> AppResult<bool> {
    let locked = sqlx::query("UPDATE products SET stock_total = stock_total WHERE id = $1 AND shop_id = $2 AND deleted_at = 0")
        .bind(product_id)
        .bind(shop_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(locked == 1)
}

/// Locks the product a variant belongs to, as the transaction's first write
/// (SQLite then waits for the write lock instead of failing on a stale read).
async fn lock_product_of_variant(
    conn: &mut AnyConnection,
    shop_id: i64,
    variant_id: i64,
    include_deleted: bool,
) -> AppResult<Option<i64>> {
    let alive = if include_deleted { "" } else { "AND deleted_at = 0" };
    let row: Option<(i64,)> = sqlx::query_as(&format!(
        "UPDATE products SET stock_total = stock_total \
         WHERE id = (SELECT product_id FROM product_variants WHERE id = $1 AND shop_id = $2 {alive}) \
         AND shop_id = $2 {alive} RETURNING id"
    ))
    .bind(variant_id)
    .bind(shop_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Takes `qty` units of a variant, inside the caller's transaction. Succeeds
/// only when that many are there; the product turns 품절 when its last unit
/// goes.
pub async fn reserve(
    conn: &mut AnyConnection,
    shop_id: i64,
    variant_id: i64,
    qty: i64,
) -> AppResult<Result<(), StockError>> {
    if qty <= 0 {
        return Err(AppError::invalid("quantity", msg::products_err_quantity_min()));
    }
    let Some(product_id) = lock_product_of_variant(conn, shop_id, variant_id, false).await? else {
        return Ok(Err(StockError::NotFound));
    };
    let taken = sqlx::query(
        "UPDATE product_variants SET stock = stock - $1, updated_at = $2 \
         WHERE id = $3 AND shop_id = $4 AND deleted_at = 0 AND active = 1 AND stock >= $1 \
         AND EXISTS (SELECT 1 FROM products p WHERE p.id = product_variants.product_id \
                     AND p.status IN ('on_sale', 'sold_out'))",
    )
    .bind(qty)
    .bind(now_millis())
    .bind(variant_id)
    .bind(shop_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if taken == 0 {
        let (stock, active, status): (i64, i64, String) = sqlx::query_as(
            "SELECT v.stock, v.active, p.status FROM product_variants v JOIN products p ON p.id = v.product_id \
             WHERE v.id = $1",
        )
        .bind(variant_id)
        .fetch_one(&mut *conn)
        .await?;
        return Ok(Err(if active == 0 || !matches!(status.as_str(), "on_sale" | "sold_out") {
            StockError::NotOnSale
        } else {
            StockError::Insufficient { available: stock }
        }));
    }
    move_total(conn, product_id, -qty).await?;
    Ok(Ok(()))
}

/// Puts `qty` units back (a cancelled or returned order item).
pub async fn release(conn: &mut AnyConnection, shop_id: i64, variant_id: i64, qty: i64) -> AppResult<()> {
    if qty <= 0 {
        return Err(AppError::invalid("quantity", msg::products_err_quantity_min()));
    }
    // A deleted variant still takes its stock back: the units are real.
    let Some(product_id) = lock_product_of_variant(conn, shop_id, variant_id, true).await? else {
        return Err(AppError::not_found(msg::products_noun_variant()));
    };
    sqlx::query("UPDATE product_variants SET stock = stock + $1, updated_at = $2 WHERE id = $3")
        .bind(qty)
        .bind(now_millis())
        .bind(variant_id)
        .execute(&mut *conn)
        .await?;
    refresh_product(conn, product_id).await
}

/// `stock_total` and 품절 after a reservation of `delta` (< 0) units. The
/// expression reads the locked row itself, so it is right under concurrency.
async fn move_total(conn: &mut AnyConnection, product_id: i64, delta: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE products SET stock_total = stock_total + $1, \
         status = CASE WHEN status IN ('on_sale', 'sold_out') \
                       THEN CASE WHEN stock_total + $1 > 0 THEN 'on_sale' ELSE 'sold_out' END \
                       ELSE status END \
         WHERE id = $2",
    )
    .bind(delta)
    .bind(product_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Recounts a product (held under its lock) from its variants: total of
/// active stock, number of variants, and 판매중/품절 from the stock.
pub async fn refresh_product(conn: &mut AnyConnection, product_id: i64) -> AppResult<()> {
    let (total, count): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN active = 1 THEN stock ELSE 0 END), 0) AS BIGINT), CAST(COUNT(*) AS BIGINT) \
         FROM product_variants WHERE product_id = $1 AND deleted_at = 0",
    )
    .bind(product_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE products SET stock_total = $1, variant_count = $2, \
         status = CASE WHEN status IN ('on_sale', 'sold_out') \
                       THEN CASE WHEN $1 > 0 THEN 'on_sale' ELSE 'sold_out' END ELSE status END \
         WHERE id = $3",
    )
    .bind(total)
    .bind(count)
    .bind(product_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A reservation in a transaction of its own (for callers without one).
pub async fn reserve_now(db: &Database, shop_id: i64, variant_id: i64, qty: i64) -> AppResult<Result<(), StockError>> {
    let mut tx = db.begin_write().await?;
    let result = reserve(&mut tx, shop_id, variant_id, qty).await?;
    if result.is_ok() {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(result)
}

/// Units back, in a transaction of its own.
pub async fn release_now(db: &Database, shop_id: i64, variant_id: i64, qty: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    release(&mut tx, shop_id, variant_id, qty).await?;
    tx.commit().await?;
    Ok(())
}
