//! Coupons redeemed at intake, and given back on a cancel or a full return
//! (server only). Other areas call these inside their own transactions:
//! intake decides the order's coupons with [`plan`] (reads only) and, as its
//! last writes, redeems them with [`apply`], after the stock and the items,
//! so locks are always taken products first, then coupons in ascending id,
//! then the promotions' daily rows in key order; the cancel and return paths
//! ([`release`]) after the item has moved.
//!
//! **Limits under concurrency.** A redemption is one conditional insert,
//! `INSERT … SELECT … FROM coupons WHERE id = … AND used_count < total_limit
//! AND (the buyer's redemptions) < per_buyer_limit`, whose trigger
//! (migration 0017) raises `used_count` and the coupon's day. On SQLite the
//! write transaction intake holds makes that exact. On PostgreSQL the insert
//! reads a snapshot and locks nothing; the trigger is deferred to the commit,
//! where it takes the coupon's row lock, raises the count only below the
//! total (read again on the newest row), counts the buyer's redemptions in a
//! snapshot taken after the lock (every redemption committed before is in
//! it) and fails the commit with the refusal's code otherwise. Every order of
//! a coupon waits on its row lock, but only for another's commit.
//!
//! The item columns (`coupon_id`, `coupon_discount`, …) belong to the orders
//! area: [`plan`] answers what to write and intake writes it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{AnyConnection, Row};

use crate::db::sql::{Arg, Sql};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::promotions::ssr::pricing::{self, PriceInForce};
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
    total_limit: i64,
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

/// What intake reads of promotions before it writes, in one statement: the
/// prices in force of its variants and the coupons its codes name.
pub struct Terms {
    /// By `(product_id, variant_id)`.
    pub prices: HashMap<(i64, i64), PriceInForce>,
    /// By `(shop_id, code)`; a code no shop of the order has is absent.
    coupons: HashMap<(i64, String), Coupon>,
}

/// Reads [`Terms`] as of `at`: the prices of `variants` (`(product_id,
/// variant_id)`, whose products' 판매가 are `regular`) and the coupons
/// `codes` (`(shop_id, code)`, normalised) name — every code an item or the
/// order carries, with each shop it may belong to. At most a few dozen
/// variants (an order's items).
pub async fn terms(
    conn: &mut AnyConnection,
    regular: &HashMap<i64, i64>,
    variants: &[(i64, i64)],
    codes: &[(i64, String)],
    at: i64,
) -> AppResult<Terms> {
    let mut prices = pricing::at_regular(regular, variants);
    let mut coupons = HashMap::new();
    let mut products: Vec<i64> = variants.iter().map(|(p, _)| *p).collect();
    products.sort_unstable();
    products.dedup();
    let mut sql = Sql::default();
    let at_p = sql.arg(Arg::Int(at));
    let list = sql.placeholders(&products);
    let mut query = pricing::price_branches(&list, &at_p);
    if !codes.is_empty() {
        let wanted: Vec<String> = codes
            .iter()
            .map(|(shop_id, code)| {
                format!("(shop_id = {} AND code = {})", sql.arg(Arg::Int(*shop_id)), sql.arg(Arg::Text(code.clone())))
            })
            .collect();
        let columns = pricing::branch_columns(&[
            "'coupon'", "id", "shop_id", "code", "kind", "scope", "stopped", "amount", "ends_at", "rate_bp", "max_discount",
            "min_order", "starts_at", "per_buyer_limit", "platform_share_bp", "stopped_at", "total_limit",
        ]);
        query.push_str(&format!(" UNION ALL SELECT {columns} FROM coupons WHERE {}", wanted.join(" OR ")));
    }
    for r in sql.query(&query).fetch_all(&mut *conn).await? {
        if pricing::fold_price(&mut prices, &r)? {
            continue;
        }
        let kind = CouponKind::parse(&r.try_get::<String, _>("t2")?).ok_or_else(AppError::internal)?;
        let coupon = Coupon {
            id: r.try_get("id")?,
            shop_id: r.try_get("owner")?,
            code: r.try_get("t1")?,
            terms: CouponTerms {
                kind,
                amount: r.try_get("n1")?,
                rate_bp: r.try_get("n3")?,
                max_discount: r.try_get("n4")?,
                platform_share_bp: r.try_get("n8")?,
            },
            min_order: r.try_get("n5")?,
            all_products: r.try_get::<String, _>("t3")? == "shop",
            starts_at: r.try_get("n6")?,
            ends_at: r.try_get("n2")?,
            total_limit: r.try_get("n10")?,
            per_buyer_limit: r.try_get("n7")?,
            stopped: r.try_get("t4")?,
            stopped_at: r.try_get("n9")?,
        };
        coupons.insert((coupon.shop_id, coupon.code.clone()), coupon);
    }
    Ok(Terms { prices, coupons })
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

/// A coupon the order uses, with what it comes to.
struct Planned {
    coupon: Coupon,
    /// The field the buyer's code came in, for a refusal.
    field: String,
    discount: i64,
    seller_part: i64,
    platform_part: i64,
    /// The covered items' units and revenue, for the coupon's day.
    units: i64,
    revenue: i64,
}

/// What an order's coupons and price promotions come to, decided by
/// [`plan`] before anything is locked or written, and written by [`apply`]
/// as the last thing intake does: a coupon's row lock is then held for the
/// few statements before the commit, not for the whole order.
pub struct Redemption {
    /// In ascending coupon id: the order coupon rows are locked in.
    uses: Vec<Planned>,
    items: Vec<ItemCoupon>,
    /// What the order adds to the days of the period discounts and
    /// campaigns it sold under, in key order: the order `promotion_daily`
    /// rows are locked in. (A coupon's day moves with its redemption.)
    daily: BTreeMap<(&'static str, i64, i64), Daily>,
}

impl Redemption {
    /// Each item's coupon part (all zero for an item without one), in the
    /// order of the lines.
    pub fn items(&self) -> &[ItemCoupon] {
        &self.items
    }
}

/// Decides the order's coupons (of those [`terms`] read) and computes their
/// discounts, without writing or locking anything: every refusal but the limits comes from
/// here, with its own code and the field of the code that caused it.
///
/// An item with its own code takes that coupon of its shop. The order's
/// code applies to the items without a code of the one shop (among the
/// order's shops, lowest id first) that has a coupon with that code and
/// items in its scope. One redemption per coupon and buyer order; the
/// discount is computed once on the amount the coupon covers and spread
/// over its items by their amounts. Sales under a period discount or a
/// campaign price are counted per promotion.
pub async fn plan(
    conn: &mut AnyConnection,
    terms: &Terms,
    lines: &[OrderLine],
    order_code: Option<&str>,
    paid_at: i64,
) -> AppResult<Redemption> {
    let mut items = vec![ItemCoupon::default(); lines.len()];
    let mut uses = Vec::new();
    let mut daily: BTreeMap<(&'static str, i64, i64), Daily> = BTreeMap::new();
    for u in resolve(conn, &terms.coupons, lines, order_code, paid_at).await?.into_values() {
        let amounts: Vec<i64> = u.items.iter().map(|i| lines[*i].amount()).collect();
        let discount = coupon_discount(&u.coupon.terms, amounts.iter().sum());
        let parts = allocate(discount, &amounts);
        let (mut seller_sum, mut platform_sum) = (0, 0);
        for ((i, part), amount) in u.items.iter().zip(&parts).zip(&amounts) {
            // The coupon takes at most what the channel's discounts left.
            if *part > *amount {
                return Err(AppError::internal());
            }
            let (seller, platform) = split_cost(*part, u.coupon.terms.platform_share_bp);
            items[*i] = ItemCoupon { coupon_id: u.coupon.id, discount: *part, seller_part: seller, platform_part: platform };
            seller_sum += seller;
            platform_sum += platform;
        }
        uses.push(Planned {
            units: u.items.iter().map(|i| lines[*i].quantity).sum(),
            revenue: u.items.iter().map(|i| lines[*i].gross - lines[*i].seller_discount - items[*i].seller_part).sum(),
            coupon: u.coupon,
            field: u.field,
            discount,
            seller_part: seller_sum,
            platform_part: platform_sum,
        });
    }
    for (line, coupon) in lines.iter().zip(&items) {
        let Some(s) = line.sold_under else { continue };
        let d = daily.entry((s.kind.as_str(), s.id, line.shop_id)).or_insert(Daily { orders: 1, ..Daily::default() });
        d.units += line.quantity;
        d.revenue += line.gross - line.seller_discount - coupon.seller_part;
        d.seller_discount += s.discount;
    }
    Ok(Redemption { uses, items, daily })
}

/// Redeems what [`plan`] decided, inside intake's transaction, as its last
/// writes (after the stock and the items). Each coupon is one statement: the
/// redemption, inserted only while the coupon is within its total and the
/// buyer within theirs. Its trigger (migration 0017) raises `used_count` and
/// adds the order to the coupon's day: on SQLite at once, under the write
/// lock intake holds, which makes the insert's check exact; on PostgreSQL at
/// the commit, where it checks both limits again under the coupon's row lock
/// and fails the commit with the refusal's code. A refusal here
/// (`coupon_exhausted`, `coupon_buyer_limit`) is an error; the caller rolls
/// the transaction back.
pub async fn apply(conn: &mut AnyConnection, order: &BuyerOrder<'_>, r: &Redemption) -> AppResult<()> {
    for u in &r.uses {
        // A limit at or above the total cannot bind and is not counted.
        let buyer = if u.coupon.per_buyer_limit < u.coupon.total_limit {
            " AND (SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = $1 AND buyer_key = $6 AND status = 'used') < $14"
        } else {
            ""
        };
        let taken = sqlx::query(&format!(
            "INSERT INTO coupon_redemptions (coupon_id, shop_id, buyer_order_id, order_no, channel, buyer_key, discount, \
             seller_part, platform_part, status, day, created_at, units, revenue) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, 'used', $10, $11, $12, $13 FROM coupons \
             WHERE id = $1 AND used_count < total_limit{buyer}"
        ))
        .bind(u.coupon.id)
        .bind(u.coupon.shop_id)
        .bind(order.id)
        .bind(order.order_no)
        .bind(order.channel)
        .bind(order.buyer_key)
        .bind(u.discount)
        .bind(u.seller_part)
        .bind(u.platform_part)
        .bind(kst_day(order.paid_at))
        .bind(order.now)
        .bind(u.units)
        .bind(u.revenue)
        .bind(u.coupon.per_buyer_limit)
        .execute(&mut *conn)
        .await?;
        if taken.rows_affected() != 1 {
            return Err(limit_refusal(conn, u).await);
        }
    }
    for ((kind, id, shop_id), d) in &r.daily {
        add_daily(conn, kind, *id, *shop_id, kst_day(order.paid_at), *d).await?;
    }
    Ok(())
}

/// Which limit refused the coupon: the total when it is used up, else the
/// buyer's.
async fn limit_refusal(conn: &mut AnyConnection, u: &Planned) -> AppError {
    let counts = sqlx::query_as::<_, (i64, i64)>("SELECT used_count, total_limit FROM coupons WHERE id = $1")
        .bind(u.coupon.id)
        .fetch_one(&mut *conn)
        .await;
    match counts {
        Err(e) => e.into(),
        Ok((used, total)) if used < total => {
            refusal(ErrorCode::CouponBuyerLimit, &u.field, msg::redeem_err_buyer_limit(&u.coupon.code, u.coupon.per_buyer_limit))
        }
        Ok(_) => refusal(ErrorCode::CouponExhausted, &u.field, msg::redeem_err_exhausted(&u.coupon.code)),
    }
}

/// Which coupon covers which items, checked (all but the limits) as of
/// `paid_at`, in ascending coupon id.
async fn resolve(
    conn: &mut AnyConnection,
    found: &HashMap<(i64, String), Coupon>,
    lines: &[OrderLine],
    order_code: Option<&str>,
    paid_at: i64,
) -> AppResult<BTreeMap<i64, Use>> {
    let mut uses: BTreeMap<i64, Use> = BTreeMap::new();
    let products: Vec<i64> = {
        let set: BTreeSet<i64> = lines.iter().map(|l| l.product_id).collect();
        set.into_iter().collect()
    };

    // Items with their own code.
    for (i, line) in lines.iter().enumerate() {
        let Some(code) = &line.coupon_code else { continue };
        let field = format!("items[{i}].coupon_code");
        let Some(coupon) = found.get(&(line.shop_id, code.clone())).cloned() else {
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
            if let Some(c) = found.get(&(shop_id, code.to_owned())) {
                candidates.push(c.clone());
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

/// What an order adds to the day of a period discount or a campaign it sold
/// under (a coupon's day moves with its redemption, by trigger).
#[derive(Debug, Clone, Copy, Default)]
struct Daily {
    orders: i64,
    units: i64,
    revenue: i64,
    /// What the promotion's price took off the 판매가.
    seller_discount: i64,
}

async fn add_daily(conn: &mut AnyConnection, kind: &str, id: i64, shop_id: i64, day: i64, d: Daily) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO promotion_daily (kind, promotion_id, shop_id, day, orders, units, revenue, seller_discount) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (kind, promotion_id, shop_id, day) DO UPDATE SET \
         orders = promotion_daily.orders + excluded.orders, units = promotion_daily.units + excluded.units, \
         revenue = promotion_daily.revenue + excluded.revenue, \
         seller_discount = promotion_daily.seller_discount + excluded.seller_discount",
    )
    .bind(kind)
    .bind(id)
    .bind(shop_id)
    .bind(day)
    .bind(d.orders)
    .bind(d.units)
    .bind(d.revenue)
    .bind(d.seller_discount)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives a redemption back once every item it covered is cancelled or fully
/// returned, inside the caller's transaction (call it after the item
/// `item_id` moved, and after the stock went back: products before coupons).
/// The redemption turns `released`; its trigger lowers the coupon's
/// `used_count` by one and the day of `at` (KST) records the release and
/// takes the discount off. True when this call released one. A partial return keeps the
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
    // Its trigger (migration 0017) lowers used_count and takes the discount
    // off the day of `at`.
    let released = sqlx::query(
        "UPDATE coupon_redemptions SET status = 'released', released_at = $1 \
         WHERE coupon_id = $2 AND buyer_order_id = $3 AND status = 'used'",
    )
    .bind(at)
    .bind(coupon_id)
    .bind(buyer_order_id)
    .execute(&mut *conn)
    .await?;
    Ok(released.rows_affected() == 1)
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
            total_limit: 10,
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
