//! 매출 현황 data access (server only).
//!
//! Five queries, run side by side, each a range scan of the primary key
//! `(shop_id, dim, day, group_key)` of `sales_rollup`: a row per shop, KST day
//! and channel, product, category, and of cancellations and completed
//! returns (see migration 0008, whose triggers keep it in step with
//! `order_items` and `claims` in the transaction of every change). Days are
//! KST day numbers `(millis + 9 h) / 1 day`, which both engines compute the
//! same way, and Rust turns them into dates. The category of a sale is the
//! product's category when it was sold ([`rebuild`] and the backfill take
//! the category it has now).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use sqlx::Row;

use super::*;
use crate::calendar::end_of_kst_day;
use crate::error::{AppError, AppResult};
use crate::db::sql::{Arg, Sql};
use crate::channel::Channel;
use crate::db::Database;

const KST_OFFSET_MS: i64 = 9 * 60 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// `NaiveDate::num_days_from_ce()` of 1970-01-01: day number 0.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// The statements that fill `sales_rollup` from the rows (the backfill of
/// migration 0008 is the same SQL): sales by day of payment and channel,
/// product, category (the product's category now); cancellations by day of
/// cancellation; completed returns by day of completion.
const REBUILD: [&str; 5] = [
    "INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units) \
     SELECT shop_id, 'channel', (paid_at + 32400000) / 86400000, channel, '', \
            SUM((unit_price + option_price) * quantity - seller_discount), COUNT(DISTINCT buyer_order_id), SUM(quantity) \
     FROM order_items GROUP BY shop_id, (paid_at + 32400000) / 86400000, channel",
    "INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units) \
     SELECT shop_id, 'product', (paid_at + 32400000) / 86400000, CAST(product_id AS TEXT), MAX(product_name), \
            SUM((unit_price + option_price) * quantity - seller_discount), COUNT(DISTINCT buyer_order_id), SUM(quantity) \
     FROM order_items GROUP BY shop_id, (paid_at + 32400000) / 86400000, product_id",
    "INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units) \
     SELECT i.shop_id, 'category', (i.paid_at + 32400000) / 86400000, p.category, '', \
            SUM((i.unit_price + i.option_price) * i.quantity - i.seller_discount), COUNT(DISTINCT i.buyer_order_id), \
            SUM(i.quantity) \
     FROM order_items i JOIN products p ON p.id = i.product_id \
     GROUP BY i.shop_id, (i.paid_at + 32400000) / 86400000, p.category",
    "INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units) \
     SELECT shop_id, 'cancel', (cancelled_at + 32400000) / 86400000, '', '', \
            SUM((unit_price + option_price) * quantity - seller_discount), COUNT(*), SUM(quantity) \
     FROM order_items WHERE status = 'cancelled' AND cancelled_at > 0 \
     GROUP BY shop_id, (cancelled_at + 32400000) / 86400000",
    "INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units) \
     SELECT shop_id, 'refund', (resolved_at + 32400000) / 86400000, '', '', SUM(refund_amount), COUNT(*), SUM(quantity) \
     FROM claims WHERE kind = 'return' AND status = 'completed' \
     GROUP BY shop_id, (resolved_at + 32400000) / 86400000",
];

/// Recomputes `sales_rollup` of every shop from `order_items` and `claims`,
/// in the caller's transaction (or on its connection). The triggers of
/// migration 0008 keep the rollup in step with every write; this is for bulk
/// loads that went around them and for repair.
pub async fn rebuild(conn: &mut sqlx::AnyConnection) -> AppResult<()> {
    sqlx::query("DELETE FROM sales_rollup").execute(&mut *conn).await?;
    for sql in REBUILD {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Takes, in one global order, the rollup rows an order paid at `paid_at`
/// will add to: `(shop_id, channel, product_id)` per item. On PostgreSQL the
/// triggers lock the rows item by item, so two orders that share no product
/// (no common stock lock) but a shop's category or channel in the other
/// order would deadlock; call this first, in the order's transaction.
pub async fn lock_rows_of_sale(conn: &mut sqlx::AnyConnection, paid_at: i64, items: &[(i64, &str, i64)]) -> AppResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let day = (paid_at + KST_OFFSET_MS) / DAY_MS;
    let mut keys: BTreeSet<(i64, &str, String)> = BTreeSet::new();
    let mut products: Vec<i64> = items.iter().map(|&(_, _, product_id)| product_id).collect();
    products.sort_unstable();
    products.dedup();
    let mut sql = Sql::default();
    let list = sql.placeholders(&products);
    let categories: HashMap<i64, String> = sql
        .query(&format!("SELECT id, category FROM products WHERE id IN ({list})"))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("category")?)))
        .collect::<AppResult<_>>()?;
    for (shop_id, channel, product_id) in items {
        keys.insert((*shop_id, "channel", (*channel).to_owned()));
        keys.insert((*shop_id, "product", product_id.to_string()));
        if let Some(category) = categories.get(product_id) {
            keys.insert((*shop_id, "category", category.clone()));
        }
    }
    // One statement; PostgreSQL takes the rows in the order of the list.
    let mut sql = Sql::default();
    let rows: Vec<String> = keys
        .into_iter()
        .map(|(shop_id, dim, key)| {
            format!(
                "({}, {}, {}, {})",
                sql.arg(Arg::Int(shop_id)),
                sql.arg(Arg::Text(dim.to_owned())),
                sql.arg(Arg::Int(day)),
                sql.arg(Arg::Text(key))
            )
        })
        .collect();
    let statement = format!(
        "INSERT INTO sales_rollup (shop_id, dim, day, group_key) VALUES {} \
         ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET orders = sales_rollup.orders",
        rows.join(", ")
    );
    sql.query(&statement).execute(&mut *conn).await?;
    Ok(())
}

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
    Channel::parse(code).map(|c| c.label().to_owned()).unwrap_or_else(|| code.to_owned())
}

/// `상의>니트` → `상의 > 니트`; no category → `미분류`.
fn category_label(path: &str) -> String {
    if path.split('>').all(|p| p.trim().is_empty()) {
        crate::i18n::msg::sales_uncategorized().to_owned()
    } else {
        crate::products::category_label(path)
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

/// (day number, channel) → sums, over the days `first..=last`.
async fn by_day_and_channel(db: &Database, shop_id: i64, first: i64, last: i64) -> AppResult<Vec<(i64, String, Sums)>> {
    // An order's items share their channel and their payment moment, so the
    // distinct orders of the rows add up to the distinct orders of a day, a
    // channel or the whole period.
    let rows = sqlx::query(
        "SELECT day, group_key, revenue, orders, units FROM sales_rollup \
         WHERE shop_id = $1 AND dim = 'channel' AND day >= $2 AND day <= $3",
    )
    .bind(shop_id)
    .bind(first)
    .bind(last)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>("day")?, r.try_get::<String, _>("group_key")?, sums(r)?)))
        .collect()
}

/// The products sold over the days `first..=last` with the most revenue. An
/// order lies in one day, so its distinct orders per day add up.
async fn by_product(db: &Database, shop_id: i64, first: i64, last: i64) -> AppResult<Vec<(i64, String, Sums)>> {
    let sql = format!(
        "SELECT CAST(group_key AS BIGINT) AS product_id, MAX(label) AS name, \
                CAST(SUM(revenue) AS BIGINT) AS revenue, CAST(SUM(orders) AS BIGINT) AS orders, \
                CAST(SUM(units) AS BIGINT) AS units \
         FROM sales_rollup WHERE shop_id = $1 AND dim = 'product' AND day >= $2 AND day <= $3 \
         GROUP BY group_key ORDER BY revenue DESC, product_id LIMIT {TOP_PRODUCTS}"
    );
    let rows = sqlx::query(&sql).bind(shop_id).bind(first).bind(last).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>("product_id")?, r.try_get::<String, _>("name")?, sums(r)?)))
        .collect()
}

async fn by_category(db: &Database, shop_id: i64, first: i64, last: i64) -> AppResult<Vec<(String, Sums)>> {
    let rows = sqlx::query(
        "SELECT group_key AS category, CAST(SUM(revenue) AS BIGINT) AS revenue, CAST(SUM(orders) AS BIGINT) AS orders, \
                CAST(SUM(units) AS BIGINT) AS units \
         FROM sales_rollup WHERE shop_id = $1 AND dim = 'category' AND day >= $2 AND day <= $3 \
         GROUP BY group_key",
    )
    .bind(shop_id)
    .bind(first)
    .bind(last)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get::<String, _>("category")?, sums(r)?))).collect()
}

/// (count, amount) of the previous period and of the current one, split at
/// day `split` (the current period's first day).
type Split = [(i64, i64); 2];

/// Cancellations (`dim` 'cancel', by day of cancellation) or completed
/// returns ('refund', by day of completion) over the days `first..=last`.
async fn cancels_or_refunds(db: &Database, shop_id: i64, dim: &str, first: i64, last: i64, split: i64) -> AppResult<Split> {
    let rows = sqlx::query(
        "SELECT day, revenue, orders FROM sales_rollup WHERE shop_id = $1 AND dim = $2 AND day >= $3 AND day <= $4",
    )
    .bind(shop_id)
    .bind(dim)
    .bind(first)
    .bind(last)
    .fetch_all(db.pool())
    .await?;
    let mut out = [(0, 0); 2];
    for r in &rows {
        let day: i64 = r.try_get("day")?;
        let slot = &mut out[usize::from(day >= split)];
        slot.0 += r.try_get::<i64, _>("orders")?;
        slot.1 += r.try_get::<i64, _>("revenue")?;
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
    let (first_day, prev_first_day, last_day) = (day_number(start), day_number(prev_start), day_number(end));

    let (daily, products, categories, cancelled, refunded) = tokio::try_join!(
        by_day_and_channel(db, shop_id, prev_first_day, last_day),
        by_product(db, shop_id, first_day, last_day),
        by_category(db, shop_id, first_day, last_day),
        cancels_or_refunds(db, shop_id, "cancel", prev_first_day, last_day, first_day),
        cancels_or_refunds(db, shop_id, "refund", prev_first_day, last_day, first_day),
    )?;

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
    fn the_rollup_sql_numbers_kst_days_as_the_report_does() {
        assert_eq!((KST_OFFSET_MS, DAY_MS), (32_400_000, 86_400_000));
        for sql in REBUILD {
            assert!(sql.contains(" + 32400000) / 86400000"), "{sql}");
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
