//! 매출 현황 data access (server only).
//!
//! Five aggregate queries, run side by side, each a range scan of the shop's
//! items on `order_items_by_paid (shop_id, paid_at, id)` (cancellations on
//! `order_items_by_status`, refunds on `claims_by_kind_status`). Days are KST
//! days: the SQL groups by the integer day number `(paid_at + 9 h) / 1 day`,
//! which both engines compute the same way, and Rust turns it into a date.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sqlx::Row;

use super::*;
use crate::calendar::end_of_kst_day;
use crate::error::{AppError, AppResult};
use crate::products::Channel;
use crate::server::db::Database;

const KST_OFFSET_MS: i64 = 9 * 60 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// `NaiveDate::num_days_from_ce()` of 1970-01-01: day number 0.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// 판매금액 of one item (the seller's view; see the module docs of `sales`).
const SALE_AMOUNT: &str = "(unit_price + option_price) * quantity - seller_discount";

/// The first millisecond (UTC) of `date` in Korea.
pub fn start_of_kst_day(date: NaiveDate) -> i64 {
    end_of_kst_day(date) + 1 - DAY_MS
}

/// The KST day number of a day-number column (days since 1970-01-01 KST).
fn day_number(date: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date)) - EPOCH_DAYS_FROM_CE
}

fn date_of(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + EPOCH_DAYS_FROM_CE).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

fn channel_label(code: &str) -> String {
    Channel::parse(code).map(|c| c.label_ko().to_owned()).unwrap_or_else(|| code.to_owned())
}

/// `상의>니트` → `상의 > 니트`; no category → `미분류`.
fn category_label(path: &str) -> String {
    let parts: Vec<&str> = path.split('>').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "미분류".to_owned()
    } else {
        parts.join(" > ")
    }
}

#[derive(Default, Clone, Copy)]
struct Sums {
    revenue: i64,
    orders: i64,
    units: i64,
}

impl Sums {
    fn add(&mut self, other: Sums) {
        self.revenue += other.revenue;
        self.orders += other.orders;
        self.units += other.units;
    }
}

fn sums(r: &sqlx::any::AnyRow) -> AppResult<Sums> {
    Ok(Sums { revenue: r.try_get("revenue")?, orders: r.try_get("orders")?, units: r.try_get("units")? })
}

/// (day number, channel) → sums, over `[from_ms, to_ms]`.
async fn by_day_and_channel(db: &Database, shop_id: i64, from_ms: i64, to_ms: i64) -> AppResult<Vec<(i64, String, Sums)>> {
    // An order's items share their channel and their payment moment, so the
    // distinct orders of the groups add up to the distinct orders of a day,
    // a channel or the whole period.
    let sql = format!(
        "SELECT (paid_at + {KST_OFFSET_MS}) / {DAY_MS} AS day, channel, \
                COUNT(DISTINCT buyer_order_id) AS orders, \
                CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS units, \
                CAST(COALESCE(SUM({SALE_AMOUNT}), 0) AS BIGINT) AS revenue \
         FROM order_items WHERE shop_id = $1 AND paid_at >= $2 AND paid_at <= $3 \
         GROUP BY (paid_at + {KST_OFFSET_MS}) / {DAY_MS}, channel"
    );
    let rows = sqlx::query(&sql).bind(shop_id).bind(from_ms).bind(to_ms).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>("day")?, r.try_get::<String, _>("channel")?, sums(r)?)))
        .collect()
}

/// Every product sold in `[from_ms, to_ms]`, by revenue (the top ones).
async fn by_product(db: &Database, shop_id: i64, from_ms: i64, to_ms: i64) -> AppResult<Vec<(i64, String, Sums)>> {
    let sql = format!(
        "SELECT product_id, MAX(product_name) AS name, \
                COUNT(DISTINCT buyer_order_id) AS orders, \
                CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS units, \
                CAST(COALESCE(SUM({SALE_AMOUNT}), 0) AS BIGINT) AS revenue \
         FROM order_items WHERE shop_id = $1 AND paid_at >= $2 AND paid_at <= $3 \
         GROUP BY product_id ORDER BY revenue DESC, product_id LIMIT {TOP_PRODUCTS}"
    );
    let rows = sqlx::query(&sql).bind(shop_id).bind(from_ms).bind(to_ms).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>("product_id")?, r.try_get::<String, _>("name")?, sums(r)?)))
        .collect()
}

async fn by_category(db: &Database, shop_id: i64, from_ms: i64, to_ms: i64) -> AppResult<Vec<(String, Sums)>> {
    const SQL: &str =
        "SELECT p.category AS category, \
                COUNT(DISTINCT i.buyer_order_id) AS orders, \
                CAST(COALESCE(SUM(i.quantity), 0) AS BIGINT) AS units, \
                CAST(COALESCE(SUM((i.unit_price + i.option_price) * i.quantity - i.seller_discount), 0) AS BIGINT) \
                    AS revenue \
         FROM order_items i JOIN products p ON p.id = i.product_id \
         WHERE i.shop_id = $1 AND i.paid_at >= $2 AND i.paid_at <= $3 \
         GROUP BY p.category";
    let rows = sqlx::query(SQL).bind(shop_id).bind(from_ms).bind(to_ms).fetch_all(db.pool()).await?;
    rows.iter().map(|r| Ok((r.try_get::<String, _>("category")?, sums(r)?))).collect()
}

/// (count, amount) of the previous period and of the current one, split at
/// `split_ms` (the current period's first millisecond).
type Split = [(i64, i64); 2];

async fn cancellations(db: &Database, shop_id: i64, from_ms: i64, to_ms: i64, split_ms: i64) -> AppResult<Split> {
    // Cancelled is a final state, so `status = 'cancelled'` keeps this on
    // the (shop_id, status, …) index; the literal `cancelled_at > 0` lets a
    // partial index on (shop_id, cancelled_at) WHERE cancelled_at > 0 serve
    // it instead, where there is one (a bound parameter cannot prove it).
    let sql = format!(
        "SELECT CAST(CASE WHEN cancelled_at >= $4 THEN 1 ELSE 0 END AS BIGINT) AS cur, COUNT(*) AS n, \
                CAST(COALESCE(SUM({SALE_AMOUNT}), 0) AS BIGINT) AS amount \
         FROM order_items WHERE shop_id = $1 AND status = 'cancelled' AND cancelled_at > 0 \
           AND cancelled_at >= $2 AND cancelled_at <= $3 \
         GROUP BY CAST(CASE WHEN cancelled_at >= $4 THEN 1 ELSE 0 END AS BIGINT)"
    );
    let rows =
        sqlx::query(&sql).bind(shop_id).bind(from_ms).bind(to_ms).bind(split_ms).fetch_all(db.pool()).await?;
    split(&rows)
}

async fn refunds(db: &Database, shop_id: i64, from_ms: i64, to_ms: i64, split_ms: i64) -> AppResult<Split> {
    let rows = sqlx::query(
        "SELECT CAST(CASE WHEN resolved_at >= $4 THEN 1 ELSE 0 END AS BIGINT) AS cur, COUNT(*) AS n, \
                CAST(COALESCE(SUM(refund_amount), 0) AS BIGINT) AS amount \
         FROM claims WHERE shop_id = $1 AND kind = 'return' AND status = 'completed' \
           AND resolved_at >= $2 AND resolved_at <= $3 \
         GROUP BY CAST(CASE WHEN resolved_at >= $4 THEN 1 ELSE 0 END AS BIGINT)",
    )
    .bind(shop_id)
    .bind(from_ms)
    .bind(to_ms)
    .bind(split_ms)
    .fetch_all(db.pool())
    .await?;
    split(&rows)
}

fn split(rows: &[sqlx::any::AnyRow]) -> AppResult<Split> {
    let mut out = [(0, 0); 2];
    for r in rows {
        let cur: i64 = r.try_get("cur")?;
        out[usize::from(cur == 1)] = (r.try_get("n")?, r.try_get("amount")?);
    }
    Ok(out)
}

fn totals(s: Sums, cancelled: (i64, i64), refunded: (i64, i64)) -> SalesTotals {
    SalesTotals {
        revenue: s.revenue,
        orders: s.orders,
        units: s.units,
        average_order_value: average_order_value(s.revenue, s.orders),
        cancelled_count: cancelled.0,
        cancelled_amount: cancelled.1,
        refund_count: refunded.0,
        refund_amount: refunded.1,
        net: s.revenue - cancelled.1 - refunded.1,
    }
}

fn breakdown(key: String, label: String, s: Sums, whole: i64) -> Breakdown {
    Breakdown { key, label, revenue: s.revenue, orders: s.orders, units: s.units, share_bp: share_bp(s.revenue, whole) }
}

/// Largest revenue first; equal ones by label so the order is stable.
fn sort_breakdowns(list: &mut [Breakdown]) {
    list.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.label.cmp(&b.label)));
}

/// 매출 현황 of `shop_id` for the KST days `start..=end` (checked by the
/// caller: see [`resolve_period`]) and the period just before.
#[tracing::instrument(skip_all, fields(shop_id = shop_id, start = %start, end = %end))]
pub async fn report(db: &Database, shop_id: i64, start: NaiveDate, end: NaiveDate) -> AppResult<SalesReport> {
    if end < start {
        return Err(AppError::internal());
    }
    let (prev_start, prev_end) = previous_period(start, end);
    let (all_from, split_ms, to_ms) = (start_of_kst_day(prev_start), start_of_kst_day(start), end_of_kst_day(end));

    let (daily, products, categories, cancelled, refunded) = tokio::try_join!(
        by_day_and_channel(db, shop_id, all_from, to_ms),
        by_product(db, shop_id, split_ms, to_ms),
        by_category(db, shop_id, split_ms, to_ms),
        cancellations(db, shop_id, all_from, to_ms, split_ms),
        refunds(db, shop_id, all_from, to_ms, split_ms),
    )?;

    let (first_day, prev_first_day) = (day_number(start), day_number(prev_start));
    let days = days_in(start, end);
    let mut per_day: BTreeMap<i64, Sums> = BTreeMap::new();
    let mut per_channel: HashMap<String, Sums> = HashMap::new();
    let (mut cur, mut prev) = (Sums::default(), Sums::default());
    for (day, channel, s) in daily {
        per_day.entry(day).or_default().add(s);
        if day >= first_day {
            cur.add(s);
            per_channel.entry(channel).or_default().add(s);
        } else {
            prev.add(s);
        }
    }
    let series = |first: i64| -> Vec<DayPoint> {
        (first..first + days)
            .map(|day| {
                let s = per_day.get(&day).copied().unwrap_or_default();
                DayPoint {
                    date: date_of(day).map(|d| d.to_string()).unwrap_or_default(),
                    revenue: s.revenue,
                    orders: s.orders,
                    units: s.units,
                }
            })
            .collect()
    };

    let mut by_channel: Vec<Breakdown> = per_channel
        .into_iter()
        .map(|(code, s)| breakdown(code.clone(), channel_label(&code), s, cur.revenue))
        .collect();
    sort_breakdowns(&mut by_channel);
    // The SQL already ordered and cut the products.
    let by_product: Vec<Breakdown> = products
        .into_iter()
        .map(|(id, name, s)| breakdown(id.to_string(), name, s, cur.revenue))
        .collect();
    let mut by_category: Vec<Breakdown> = categories
        .into_iter()
        .map(|(path, s)| breakdown(path.clone(), category_label(&path), s, cur.revenue))
        .collect();
    sort_breakdowns(&mut by_category);

    Ok(SalesReport {
        from: start.to_string(),
        to: end.to_string(),
        prev_from: prev_start.to_string(),
        prev_to: prev_end.to_string(),
        today: String::new(),
        range: String::new(),
        days,
        totals: totals(cur, cancelled[1], refunded[1]),
        prev: totals(prev, cancelled[0], refunded[0]),
        by_day: series(first_day),
        prev_by_day: series(prev_first_day),
        by_channel,
        by_product,
        by_category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_kst_day_starts_at_15_00_utc_of_the_day_before() {
        let start = start_of_kst_day(d("2026-11-26"));
        assert_eq!(chrono::DateTime::from_timestamp_millis(start).unwrap().to_rfc3339(), "2026-11-25T15:00:00+00:00");
        assert_eq!(end_of_kst_day(d("2026-11-26")) - start, DAY_MS - 1);
    }

    #[test]
    fn the_sql_day_number_is_the_kst_date() {
        for (millis, date) in [
            (start_of_kst_day(d("2026-11-26")), "2026-11-26"),
            (start_of_kst_day(d("2026-11-26")) - 1, "2026-11-25"),
            (end_of_kst_day(d("2024-02-29")), "2024-02-29"),
        ] {
            let day = (millis + KST_OFFSET_MS) / DAY_MS;
            assert_eq!(date_of(day).unwrap().to_string(), date);
            assert_eq!(day_number(d(date)), day);
        }
    }

    #[test]
    fn categories_read_as_paths() {
        assert_eq!(category_label("상의>니트"), "상의 > 니트");
        assert_eq!(category_label(" "), "미분류");
    }

    #[test]
    fn net_is_revenue_less_cancellations_and_refunds() {
        let t = totals(Sums { revenue: 100_000, orders: 3, units: 4 }, (1, 29_000), (1, 26_000));
        assert_eq!(t.net, 45_000);
        assert_eq!(t.average_order_value, 33_333);
    }
}
