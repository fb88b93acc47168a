//! Demo promotions for `make run` (server only): running coupons (one for
//! the whole shop, one for some products with the platform sharing the
//! cost), one scheduled for Christmas, a period discount on two products,
//! and the platform's winter 기획전 with one of the shop's products approved
//! — so the promotion pages and `partner-center simulate` have something
//! live from the first start. Written once, with the demo shop.

use sqlx::Row;

use crate::db::Database;
use crate::error::AppResult;

const DAY: i64 = 24 * 60 * 60 * 1000;

/// The demo shop's promotions as of `now`.
pub async fn load(db: &Database, shop_id: i64, now: i64) -> AppResult<()> {
    let products: Vec<(i64, i64)> = sqlx::query(
        "SELECT id, sale_price FROM products WHERE shop_id = $1 AND deleted_at = 0 AND status = 'on_sale' ORDER BY id LIMIT 12",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("sale_price")?)))
    .collect::<AppResult<_>>()?;
    let mut tx = db.begin_write().await?;
    let coupon = |code: &'static str, name: &'static str, kind: &'static str, amount: i64, rate_bp: i64, max: i64,
                  min_order: i64, scope: &'static str, starts: i64, ends: i64, total: i64, per_buyer: i64, share: i64| {
        (code, name, kind, amount, rate_bp, max, min_order, scope, starts, ends, total, per_buyer, share)
    };
    let coupons = [
        coupon("WELCOME10", "첫 구매 10% 할인", "rate", 0, 1000, 5000, 30_000, "shop", now - DAY, now + 30 * DAY, 5_000, 3, 0),
        coupon("MOODON3000", "인기 상품 3,000원 할인", "amount", 3000, 0, 0, 50_000, "products", now - DAY, now + 14 * DAY, 800, 2, 5000),
        coupon("XMAS15", "크리스마스 15% 할인", "rate", 0, 1500, 10_000, 50_000, "shop", now + 10 * DAY, now + 17 * DAY, 1_000, 1, 0),
    ];
    for (code, name, kind, amount, rate_bp, max, min_order, scope, starts, ends, total, per_buyer, share) in coupons {
        let id: i64 = sqlx::query(
            "INSERT INTO coupons (shop_id, code, name, kind, amount, rate_bp, max_discount, min_order, scope, starts_at, \
             ends_at, total_limit, per_buyer_limit, platform_share_bp, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'demo', $15, $15) RETURNING id",
        )
        .bind(shop_id)
        .bind(code)
        .bind(name)
        .bind(kind)
        .bind(amount)
        .bind(rate_bp)
        .bind(max)
        .bind(min_order)
        .bind(scope)
        .bind(starts)
        .bind(ends)
        .bind(total)
        .bind(per_buyer)
        .bind(share)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        if scope == "products" {
            for (product_id, _) in products.iter().take(6) {
                sqlx::query("INSERT INTO coupon_products (coupon_id, shop_id, product_id) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(shop_id)
                    .bind(product_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    // 기간할인: 15 % off two products for two weeks, down to 10 won.
    for (product_id, price) in products.iter().skip(6).take(2) {
        sqlx::query(
            "INSERT INTO period_discounts (shop_id, product_id, name, sale_price, regular_price, starts_at, ends_at, \
             created_by, created_at, updated_at) VALUES ($1, $2, '겨울 시즌 오프', $3, $4, $5, $6, 'demo', $7, $7)",
        )
        .bind(shop_id)
        .bind(product_id)
        .bind(price * 85 / 100 / 10 * 10)
        .bind(price)
        .bind(now - DAY)
        .bind(now + 14 * DAY)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    // 기획전: the winter campaign runs now with one product approved at
    // 20 % off; the New Year one takes applications.
    let campaign = |title: &'static str, banner: &'static str, starts: i64, ends: i64, from: i64, until: i64, min_bp: i64, bp: i64| {
        (title, banner, starts, ends, from, until, min_bp, bp)
    };
    let campaigns = [
        campaign("겨울 아우터 페스타", "따뜻한 아우터 최대 30% 할인", now - DAY, now + 14 * DAY, now - 10 * DAY, now + 7 * DAY, 1000, 800),
        campaign("설 연휴 선물 기획전", "부모님 선물 니트·머플러", now + 40 * DAY, now + 50 * DAY, now - DAY, now + 30 * DAY, 1500, 700),
    ];
    let mut first = 0;
    for (title, banner, starts, ends, from, until, min_bp, bp) in campaigns {
        let id: i64 = sqlx::query(
            "INSERT INTO campaigns (title, banner, starts_at, ends_at, apply_from, apply_until, min_discount_bp, \
             commission_bp, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'demo', $9, $9) \
             RETURNING id",
        )
        .bind(title)
        .bind(banner)
        .bind(starts)
        .bind(ends)
        .bind(from)
        .bind(until)
        .bind(min_bp)
        .bind(bp)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        if first == 0 {
            first = id;
        }
    }
    if let Some((product_id, price)) = products.get(8) {
        sqlx::query(
            "INSERT INTO campaign_applications (campaign_id, shop_id, product_id, campaign_price, regular_price, status, \
             decided_by, decided_at, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'approved', 'demo', $6, 'demo', $6, $6)",
        )
        .bind(first)
        .bind(shop_id)
        .bind(product_id)
        .bind(price * 80 / 100 / 10 * 10)
        .bind(price)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
