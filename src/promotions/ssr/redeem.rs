//! Coupons redeemed at intake, and given back on a cancel or a full return
//! (server only). Other areas call these inside their own transactions:
//! intake ([`redeem`]) after it has reserved the stock, so locks are always
//! taken products first, then coupons in ascending id; the cancel and return
//! paths ([`release`]) after the item has moved.
//!
//! **Limits under concurrency.** The total limit is one conditional update,
//! `used_count = used_count + 1 … WHERE used_count < total_limit`: on
//! PostgreSQL the row lock serialises redeemers and the condition is read
//! again on the newest row; on SQLite the write transaction intake holds does
//! the same. The per-buyer count is read after that lock, so a buyer's other
//! order has either committed its redemption or not started its own.
//!
//! The item columns (`coupon_id`, `coupon_discount`, …) belong to the orders
//! area: [`redeem`] answers what to write and intake writes it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{AnyConnection, Row};

use crate::db::sql::{Arg, Sql};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::promotions::{allocate, coupon_discount, split_cost, CouponKind, CouponTerms};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const KST_OFFSET_MS: i64 = 9 * 60 * 60 * 1000;

/// The KST day number of a UTC instant, as `sales_rollup` and
/// `promotion_daily` count days: `(millis + 9 h) / 1 day`.
pub fn kst_day(ms: i64) -> i64 {
    (ms + KST_OFFSET_MS).div_euclid(DAY_MS)
}

/// The buyer order being taken.
#[derive(Debug, Clone, Copy)]
pub struct BuyerOrder<'a> {
    pub id: i64,
    pub order_no: &'a str,
    pub channel: &'a str,
    /// The buyer's phone digits: what the per-buyer limit counts by.
    pub buyer_key: &'a str,
    pub paid_at: i64,
    pub now: i64,
}

/// A price promotion an item sold under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceKind {
    /// 기간할인 (`period_discounts.id`).
    Period,
    /// 기획전 (`campaigns.id`).
    Campaign,
}

impl PriceKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Period => "period",
            Self::Campaign => "campaign",
        }
    }
}

/// A promotion an item sold under, and what it took off the 판매가:
/// `(regular − unit price) × quantity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoldUnder {
    pub kind: PriceKind,
    pub id: i64,
    pub discount: i64,
}

/// One item of the order as a coupon sees it.
#[derive(Debug, Clone)]
pub struct OrderLine {
    pub shop_id: i64,
    pub product_id: i64,
    pub quantity: i64,
    /// 판매금액: (unit + option) × quantity.
    pub gross: i64,
    /// The channel's own discounts on the item.
    pub seller_discount: i64,
    pub platform_discount: i64,
    /// The item's own coupon code, normalised.
    pub coupon_code: Option<String>,
    pub sold_under: Option<SoldUnder>,
}

impl OrderLine {
    /// What a coupon applies to: 판매금액 less the channel's discounts.
    pub fn amount(&self) -> i64 {
        (self.gross - self.seller_discount - self.platform_discount).max(0)
    }
}

/// A coupon's part on one item: the item's `coupon_id`, `coupon_discount`,
/// and the parts that join its `seller_discount` and `platform_discount`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemCoupon {
    pub coupon_id: i64,
    pub discount: i64,
    pub seller_part: i64,
    pub platform_part: i64,
}

/// A coupon as redemption reads it.
#[derive(Debug, Clone)]
struct Coupon {
    id: i64,
    shop_id: i64,
    code: String,
    terms: CouponTerms,
    min_order: i64,
    all_products: bool,
    starts_at: i64,
    ends_at: i64,
    per_buyer_limit: i64,
    stopped: String,
    stopped_at: i64,
}

impl Coupon {
    /// Not in its period at `at`, or ended (early) by then.
    fn inactive_at(&self, at: i64) -> bool {
        at < self.starts_at || at >= self.ends_at || (self.stopped == "ended" && self.stopped_at <= at)
    }

    fn paused_at(&self, at: i64) -> bool {
        self.stopped == "paused" && self.stopped_at <= at
    }
}

fn refusal(code: ErrorCode, field: &str, message: String) -> AppError {
    AppError::new(code, message).on(field)
}

async fn find_coupon(conn: &mut AnyConnection, shop_id: i64, code: &str) -> AppResult<Option<Coupon>> {
    let row = sqlx::query(
        "SELECT id, shop_id, code, kind, amount, rate_bp, max_discount, min_order, scope, starts_at, ends_at, \
         per_buyer_limit, platform_share_bp, stopped, stopped_at FROM coupons WHERE shop_id = $1 AND code = $2",
    )
    .bind(shop_id)
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let kind = CouponKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(AppError::internal)?;
    Ok(Some(Coupon {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        code: r.try_get("code")?,
        terms: CouponTerms {
            kind,
            amount: r.try_get("amount")?,
            rate_bp: r.try_get("rate_bp")?,
            max_discount: r.try_get("max_discount")?,
            platform_share_bp: r.try_get("platform_share_bp")?,
        },
        min_order: r.try_get("min_order")?,
        all_products: r.try_get::<String, _>("scope")? == "shop",
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        per_buyer_limit: r.try_get("per_buyer_limit")?,
        stopped: r.try_get("stopped")?,
        stopped_at: r.try_get("stopped_at")?,
    }))
}

/// The products among `products` a coupon of scope 'products' names.
async fn products_in_scope(conn: &mut AnyConnection, coupon: &Coupon, products: &[i64]) -> AppResult<BTreeSet<i64>> {
    if coupon.all_products {
        return Ok(products.iter().copied().collect());
    }
    let mut sql = Sql::default();
    let c = sql.arg(Arg::Int(coupon.id));
    let list = sql.placeholders(products);
    let rows = sql
        .query(&format!("SELECT product_id FROM coupon_products WHERE coupon_id = {c} AND product_id IN ({list})"))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get::<i64, _>("product_id").map_err(AppError::from)).collect()
}

/// A coupon and the items (indexes into the order's lines) it covers.
struct Use {
    coupon: Coupon,
    /// The field the buyer's code came in, for a refusal.
    field: String,
    items: Vec<usize>,
}

/// Redeems the order's coupons inside intake's transaction and records the
/// sales of items sold under a period discount or a campaign price: each
/// item's coupon part (all zero for an item without one), in the order of
/// `lines`. A refusal is an error with its own code and the field of the
/// code that caused it; the caller rolls the transaction back.
///
/// An item with its own code takes that coupon of its shop. The order's
/// code applies to the items without a code of the one shop (among the
/// order's shops, lowest id first) that has a coupon with that code and
/// items in its scope. One redemption per coupon and buyer order; the
/// discount is computed once on the amount the coupon covers and spread
/// over its items by their amounts.
pub async fn redeem(
    conn: &mut AnyConnection,
    order: &BuyerOrder<'_>,
    lines: &[OrderLine],
    order_code: Option<&str>,
) -> AppResult<Vec<ItemCoupon>> {
    let mut out = vec![ItemCoupon::default(); lines.len()];
    let uses = resolve(conn, lines, order_code, order.paid_at).await?;

    // Locks in ascending coupon id (the map's order), after intake's product locks.
    for u in uses.values() {
        let taken = sqlx::query("UPDATE coupons SET used_count = used_count + 1 WHERE id = $1 AND used_count < total_limit")
            .bind(u.coupon.id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        if taken != 1 {
            return Err(refusal(ErrorCode::CouponExhausted, &u.field, msg::redeem_err_exhausted(&u.coupon.code)));
        }
        let (used,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM coupon_redemptions WHERE coupon_id = $1 AND buyer_key = $2 AND status = 'used'",
        )
        .bind(u.coupon.id)
        .bind(order.buyer_key)
        .fetch_one(&mut *conn)
        .await?;
        if used >= u.coupon.per_buyer_limit {
            return Err(refusal(
                ErrorCode::CouponBuyerLimit,
                &u.field,
                msg::redeem_err_buyer_limit(&u.coupon.code, u.coupon.per_buyer_limit),
            ));
        }

        let amounts: Vec<i64> = u.items.iter().map(|i| lines[*i].amount()).collect();
        let discount = coupon_discount(&u.coupon.terms, amounts.iter().sum());
        let parts = allocate(discount, &amounts);
        let (mut seller_sum, mut platform_sum) = (0, 0);
        for ((i, part), amount) in u.items.iter().zip(&parts).zip(&amounts) {
            let (seller, platform) = split_cost(*part, u.coupon.terms.platform_share_bp);
            // The coupon takes at most what the channel's discounts left.
            if *part > *amount {
                return Err(AppError::internal());
            }
            out[*i] = ItemCoupon { coupon_id: u.coupon.id, discount: *part, seller_part: seller, platform_part: platform };
            seller_sum += seller;
            platform_sum += platform;
        }
        sqlx::query(
            "INSERT INTO coupon_redemptions (coupon_id, shop_id, buyer_order_id, order_no, channel, buyer_key, discount, \
             seller_part, platform_part, status, day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'used', $10, $11)",
        )
        .bind(u.coupon.id)
        .bind(u.coupon.shop_id)
        .bind(order.id)
        .bind(order.order_no)
        .bind(order.channel)
        .bind(order.buyer_key)
        .bind(discount)
        .bind(seller_sum)
        .bind(platform_sum)
        .bind(kst_day(order.paid_at))
        .bind(order.now)
        .execute(&mut *conn)
        .await?;
        let units = u.items.iter().map(|i| lines[*i].quantity).sum();
        let revenue = u.items.iter().map(|i| lines[*i].gross - lines[*i].seller_discount - out[*i].seller_part).sum();
        add_daily(
            conn,
            "coupon",
            u.coupon.id,
            u.coupon.shop_id,
            kst_day(order.paid_at),
            Daily { orders: 1, units, revenue, seller_discount: seller_sum, platform_discount: platform_sum, redemptions: 1, released: 0 },
        )
        .await?;
    }

    // Sales under a period discount or a campaign price, per promotion.
    let mut sold: BTreeMap<(&'static str, i64, i64), Daily> = BTreeMap::new();
    for (line, coupon) in lines.iter().zip(&out) {
        let Some(s) = line.sold_under else { continue };
        let d = sold.entry((s.kind.as_str(), s.id, line.shop_id)).or_insert(Daily { orders: 1, ..Daily::default() });
        d.units += line.quantity;
        d.revenue += line.gross - line.seller_discount - coupon.seller_part;
        d.seller_discount += s.discount;
    }
    for ((kind, id, shop_id), d) in sold {
        add_daily(conn, kind, id, shop_id, kst_day(order.paid_at), d).await?;
    }
    Ok(out)
}

/// Which coupon covers which items, checked (all but the limits) as of
/// `paid_at`, in ascending coupon id.
async fn resolve(
    conn: &mut AnyConnection,
    lines: &[OrderLine],
    order_code: Option<&str>,
    paid_at: i64,
) -> AppResult<BTreeMap<i64, Use>> {
    let mut uses: BTreeMap<i64, Use> = BTreeMap::new();
    let mut found: HashMap<(i64, String), Option<Coupon>> = HashMap::new();
    let products: Vec<i64> = {
        let set: BTreeSet<i64> = lines.iter().map(|l| l.product_id).collect();
        set.into_iter().collect()
    };

    // Items with their own code.
    for (i, line) in lines.iter().enumerate() {
        let Some(code) = &line.coupon_code else { continue };
        let field = format!("items[{i}].coupon_code");
        let key = (line.shop_id, code.clone());
        if !found.contains_key(&key) {
            let c = find_coupon(conn, line.shop_id, code).await?;
            found.insert(key.clone(), c);
        }
        let Some(coupon) = found[&key].clone() else {
            return Err(refusal(ErrorCode::CouponUnknown, &field, msg::redeem_err_unknown(code)));
        };
        check_period(&coupon, &field, paid_at)?;
        let scope = products_in_scope(conn, &coupon, &[line.product_id]).await?;
        if !scope.contains(&line.product_id) {
            return Err(refusal(ErrorCode::CouponOutOfScope, &field, msg::redeem_err_out_of_scope(&coupon.code)));
        }
        uses.entry(coupon.id).or_insert_with(|| Use { coupon, field, items: Vec::new() }).items.push(i);
    }

    // The order's code: the items without a code of the one shop that has it.
    if let Some(code) = order_code {
        let field = "coupon_code";
        let shops: BTreeSet<i64> = lines.iter().map(|l| l.shop_id).collect();
        let mut candidates = Vec::new();
        for shop_id in shops {
            if let Some(c) = find_coupon(conn, shop_id, code).await? {
                candidates.push(c);
            }
        }
        if candidates.is_empty() {
            return Err(refusal(ErrorCode::CouponUnknown, field, msg::redeem_err_unknown(code)));
        }
        let mut chosen: Option<(Coupon, Vec<usize>)> = None;
        for coupon in &candidates {
            let scope = products_in_scope(conn, coupon, &products).await?;
            let items: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.coupon_code.is_none() && l.shop_id == coupon.shop_id && scope.contains(&l.product_id))
                .map(|(i, _)| i)
                .collect();
            if !items.is_empty() {
                chosen = Some((coupon.clone(), items));
                break;
            }
        }
        match chosen {
            None => {
                let coupon = &candidates[0];
                check_period(coupon, field, paid_at)?;
                return Err(refusal(ErrorCode::CouponOutOfScope, field, msg::redeem_err_out_of_scope(&coupon.code)));
            }
            Some((coupon, items)) => {
                check_period(&coupon, field, paid_at)?;
                let u = uses.entry(coupon.id).or_insert_with(|| Use { coupon, field: field.to_owned(), items: Vec::new() });
                u.items.extend(items);
                u.items.sort_unstable();
            }
        }
    }

    for u in uses.values() {
        let covered: i64 = u.items.iter().map(|i| lines[*i].amount()).sum();
        if covered < u.coupon.min_order {
            return Err(refusal(
                ErrorCode::CouponBelowMinimum,
                &u.field,
                msg::redeem_err_below_minimum(&u.coupon.code, crate::format::format_won(u.coupon.min_order)),
            ));
        }
    }
    Ok(uses)
}

/// 사용 기간 and 중지, as of the payment.
fn check_period(coupon: &Coupon, field: &str, paid_at: i64) -> AppResult<()> {
    if coupon.inactive_at(paid_at) {
        return Err(refusal(ErrorCode::CouponNotActive, field, msg::redeem_err_not_active(&coupon.code)));
    }
    if coupon.paused_at(paid_at) {
        return Err(refusal(ErrorCode::CouponPaused, field, msg::redeem_err_paused(&coupon.code)));
    }
    Ok(())
}

/// What one change adds to a `promotion_daily` row (negative to take off).
#[derive(Debug, Clone, Copy, Default)]
struct Daily {
    orders: i64,
    units: i64,
    revenue: i64,
    seller_discount: i64,
    platform_discount: i64,
    redemptions: i64,
    released: i64,
}

async fn add_daily(conn: &mut AnyConnection, kind: &str, id: i64, shop_id: i64, day: i64, d: Daily) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO promotion_daily (kind, promotion_id, shop_id, day, orders, units, revenue, seller_discount, \
         platform_discount, redemptions, released) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (kind, promotion_id, shop_id, day) DO UPDATE SET \
         orders = promotion_daily.orders + excluded.orders, units = promotion_daily.units + excluded.units, \
         revenue = promotion_daily.revenue + excluded.revenue, \
         seller_discount = promotion_daily.seller_discount + excluded.seller_discount, \
         platform_discount = promotion_daily.platform_discount + excluded.platform_discount, \
         redemptions = promotion_daily.redemptions + excluded.redemptions, \
         released = promotion_daily.released + excluded.released",
    )
    .bind(kind)
    .bind(id)
    .bind(shop_id)
    .bind(day)
    .bind(d.orders)
    .bind(d.units)
    .bind(d.revenue)
    .bind(d.seller_discount)
    .bind(d.platform_discount)
    .bind(d.redemptions)
    .bind(d.released)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives a redemption back once every item it covered is cancelled or fully
/// returned, inside the caller's transaction (call it after the item
/// `item_id` moved, and after the stock went back: products before coupons).
/// The redemption turns `released`, the coupon's `used_count` goes down by
/// one, and the day of `at` (KST) records the release and takes the discount
/// off. True when this call released one. A partial return keeps the
/// redemption: the refund prorates the item's discounts.
pub async fn release(conn: &mut AnyConnection, item_id: i64, at: i64) -> AppResult<bool> {
    let row = sqlx::query("SELECT shop_id, buyer_order_id, coupon_id FROM order_items WHERE id = $1")
        .bind(item_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(false) };
    let coupon_id: i64 = row.try_get("coupon_id")?;
    if coupon_id == 0 {
        return Ok(false);
    }
    let shop_id: i64 = row.try_get("shop_id")?;
    let buyer_order_id: i64 = row.try_get("buyer_order_id")?;
    let (standing,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM order_items i WHERE i.buyer_order_id = $1 AND i.shop_id = $2 \
         AND i.coupon_id = $3 AND i.status <> 'cancelled' AND i.quantity > (SELECT COALESCE(SUM(c.quantity), 0) \
         FROM claims c WHERE c.order_item_id = i.id AND c.kind = 'return' AND c.status = 'completed')",
    )
    .bind(buyer_order_id)
    .bind(shop_id)
    .bind(coupon_id)
    .fetch_one(&mut *conn)
    .await?;
    if standing > 0 {
        return Ok(false);
    }
    let released = sqlx::query(
        "UPDATE coupon_redemptions SET status = 'released', released_at = $1 \
         WHERE coupon_id = $2 AND buyer_order_id = $3 AND status = 'used' RETURNING seller_part, platform_part",
    )
    .bind(at)
    .bind(coupon_id)
    .bind(buyer_order_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = released else { return Ok(false) };
    let seller_part: i64 = r.try_get("seller_part")?;
    let platform_part: i64 = r.try_get("platform_part")?;
    sqlx::query("UPDATE coupons SET used_count = used_count - 1 WHERE id = $1 AND used_count > 0")
        .bind(coupon_id)
        .execute(&mut *conn)
        .await?;
    add_daily(
        conn,
        "coupon",
        coupon_id,
        shop_id,
        kst_day(at),
        Daily { seller_discount: -seller_part, platform_discount: -platform_part, released: 1, ..Daily::default() },
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kst_days_turn_at_midnight_in_seoul() {
        // 2026-12-24 15:00 UTC is 2026-12-25 00:00 KST.
        let midnight = 1_798_124_400_000;
        assert_eq!(kst_day(midnight), kst_day(midnight - 1) + 1);
        assert_eq!(kst_day(midnight), (midnight + KST_OFFSET_MS) / DAY_MS);
    }

    #[test]
    fn a_coupon_stopped_after_the_payment_still_honours_it() {
        let c = Coupon {
            id: 1,
            shop_id: 1,
            code: "A".into(),
            terms: CouponTerms { kind: CouponKind::Amount, amount: 1, rate_bp: 0, max_discount: 0, platform_share_bp: 0 },
            min_order: 0,
            all_products: true,
            starts_at: 10,
            ends_at: 20,
            per_buyer_limit: 1,
            stopped: "paused".into(),
            stopped_at: 15,
        };
        assert!(!c.paused_at(14));
        assert!(c.paused_at(15));
        let ended = Coupon { stopped: "ended".into(), ..c.clone() };
        assert!(!ended.inactive_at(14) && ended.inactive_at(15));
        assert!(c.inactive_at(9) && c.inactive_at(20) && !c.inactive_at(10));
    }
}
