//! `partner-center bench promotions`: what coupons cost at intake, and the
//! promotion results read at scale, on SQLite and on PostgreSQL, each on a
//! fresh database of its own.
//!
//! - **Intake with and without a coupon.** One approved shop with 20
//!   products of 4 variants (stock enough for the run) and a 10 % coupon
//!   (at most 5,000원) for the whole shop, one per buyer, its total far
//!   away. One-item orders are posted through the Channel API over real
//!   HTTP by 16 clients at once: after a warm-up of each kind, 8 rounds of
//!   500 without a coupon then 500 with the order's `coupon_code` (every one
//!   a buyer of its own, so every one counts the buyer's redemptions and
//!   redeems the one coupon — the worst case). Fails when the time a coupon
//!   adds, the median over the rounds of (time with ÷ time without), is over
//!   20 %: each pair runs back to back on tables of the same size, so a busy
//!   second of the machine skews one pair, not the figure.
//! - **Results read.** 100,000 redemptions of one coupon over 365 days, and
//!   the daily rows of 999 other coupons of the shop (365 days each); then
//!   the results page's read — the daily rows of one promotion, shop and
//!   day range, and their totals — 200 times after 20 warm-up runs. Fails
//!   when p95 > 50 ms.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use sqlx::Row;

use crate::channel_api::{create_client, ClientKind};
use crate::config::Config;
use crate::db::now_millis;
use crate::db::sql::{Arg, Sql};
use crate::server::bench::{ms, percentile, BenchDb, OrderPoster};
use crate::server::AppState;

const PRODUCTS: usize = 20;
const VARIANTS_PER_PRODUCT: usize = 4;
const STOCK: i64 = 1_000_000;
const INTAKE_ORDERS: usize = 4_000;
const INTAKE_WARM_UP: usize = 100;
const INTAKE_CONCURRENCY: usize = 16;
/// Rounds of `INTAKE_ORDERS / INTAKE_ROUNDS` orders without, then with the
/// coupon.
const INTAKE_ROUNDS: usize = 8;
/// The most a coupon may slow intake down: 20 %.
const COUPON_OVERHEAD_MAX: f64 = 1.20;

const REDEMPTIONS: usize = 100_000;
const OTHER_COUPONS: usize = 999;
const DAYS: i64 = 365;
const RUNS: usize = 200;
const WARM_UP: usize = 20;
const RESULTS_TARGET_MS: f64 = 50.0;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const COUPON: &str = "BENCH10";

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The shop, its catalogue and its coupon; (shop id, coupon id, variants
/// with their product's 판매가).
async fn setup(state: &AppState) -> Result<(i64, i64, Vec<(i64, i64)>), String> {
    let now = now_millis();
    let pool = state.db.pool();
    let (shop_id,): (i64,) = sqlx::query_as(
        "INSERT INTO shops (name, representative_name, business_number, status, submitted_at, reviewed_at, created_at, updated_at) \
         VALUES ('벤치 프로모션 상점', '김벤치', '1234567890', 'approved', $1, $1, $1, $1) RETURNING id",
    )
    .bind(now)
    .fetch_one(pool)
    .await
    .map_err(err)?;
    let groups = r#"[{"name":"색상","values":["블랙","아이보리"]},{"name":"사이즈","values":["S","M"]}]"#;
    let mut variants = Vec::new();
    for p in 0..PRODUCTS {
        let sale_price = 19_000 + 5_000 * p as i64;
        let (product_id,): (i64,) = sqlx::query_as(
            "INSERT INTO products (shop_id, code, name, category, list_price, sale_price, status, channels, option_groups, \
             stock_total, variant_count, created_at, updated_at) \
             VALUES ($1, $2, $3, '상의>니트', $4, $5, 'on_sale', 7, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(shop_id)
        .bind(format!("PROMO-{p:03}"))
        .bind(format!("벤치 니트 {p}"))
        .bind(sale_price + 10_000)
        .bind(sale_price)
        .bind(groups)
        .bind(STOCK * VARIANTS_PER_PRODUCT as i64)
        .bind(VARIANTS_PER_PRODUCT as i64)
        .bind(now)
        .fetch_one(pool)
        .await
        .map_err(err)?;
        for v in 0..VARIANTS_PER_PRODUCT {
            let (variant_id,): (i64,) = sqlx::query_as(
                "INSERT INTO product_variants (shop_id, product_id, position, option1, option2, sku, extra_price, stock, \
                 low_stock_threshold, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 3, 1, $8, $8) RETURNING id",
            )
            .bind(shop_id)
            .bind(product_id)
            .bind(v as i64)
            .bind(["블랙", "아이보리"][v / 2])
            .bind(["S", "M"][v % 2])
            .bind(format!("PROMO-{p:03}-{v:02}"))
            .bind(STOCK)
            .bind(now)
            .fetch_one(pool)
            .await
            .map_err(err)?;
            variants.push((variant_id, sale_price));
        }
    }
    let (coupon_id,): (i64,) = sqlx::query_as(
        "INSERT INTO coupons (shop_id, code, name, kind, rate_bp, max_discount, scope, starts_at, ends_at, total_limit, \
         per_buyer_limit, created_by, created_at, updated_at) \
         VALUES ($1, $2, '벤치 10% 쿠폰', 'rate', 1000, 5000, 'shop', $3, $4, 100000000, 1, 'bench', $5, $5) RETURNING id",
    )
    .bind(shop_id)
    .bind(COUPON)
    .bind(now - (DAYS + 1) * DAY_MS)
    .bind(now + DAY_MS)
    .bind(now)
    .fetch_one(pool)
    .await
    .map_err(err)?;
    Ok((shop_id, coupon_id, variants))
}

/// One-item orders as the bench posts them, `count` from `first` on: with
/// the coupon or not, every one from a buyer of its own (so every coupon
/// order redeems).
fn bodies(variants: &[(i64, i64)], run: i64, first: usize, count: usize, coupon: bool) -> Vec<Bytes> {
    (first..first + count)
        .map(|n| {
            let (variant_id, price) = variants[n % variants.len()];
            let tag = if coupon { "coupon" } else { "plain" };
            let phone = format!("010-{:04}-{:04}", (n / 10_000) % 10_000 + if coupon { 5000 } else { 1000 }, n % 10_000);
            let mut body = serde_json::json!({
                "channel_order_id": format!("PROMO-{tag}-{run}-{n}"),
                "payment_method": "card",
                "buyer": {"name": "김민지", "phone": phone, "email": ""},
                "recipient": {"name": "김민지", "phone": phone, "postcode": "04001", "address": "서울특별시 마포구 월드컵북로 12"},
                "items": [{"channel_item_id": "1", "variant_id": variant_id, "quantity": 1, "unit_price": price, "shipping_fee": 3000}],
            });
            if coupon {
                body["coupon_code"] = serde_json::json!(COUPON);
            }
            Bytes::from(body.to_string())
        })
        .collect()
}

/// Intake's throughput and p95, with and without the coupon.
#[derive(Default)]
struct Intake {
    times: Vec<Duration>,
    wall: Duration,
    /// Each round's wall time.
    rounds: Vec<Duration>,
}

impl Intake {
    fn per_s(&self) -> f64 {
        self.times.len() as f64 / self.wall.as_secs_f64()
    }

    fn p95(&mut self) -> Duration {
        self.times.sort();
        percentile(&self.times, 0.95)
    }
}

/// Posts the orders over HTTP: a warm-up of each kind, then rounds that
/// alternate without and with the coupon, so that neither kind runs on the
/// larger tables the other left (or in a quieter minute of the machine).
async fn intake(state: &AppState, key: &str, variants: &[(i64, i64)]) -> Result<(Intake, Intake), String> {
    let poster = Arc::new(OrderPoster::start(state, key).await?);
    let run = now_millis();
    let per_round = INTAKE_ORDERS / INTAKE_ROUNDS;
    for coupon in [false, true] {
        poster.post_all(bodies(variants, run, 0, INTAKE_WARM_UP, coupon), INTAKE_CONCURRENCY).await?;
    }
    let (mut without, mut with) = (Intake::default(), Intake::default());
    for round in 0..INTAKE_ROUNDS {
        let first = INTAKE_WARM_UP + round * per_round;
        for (coupon, into) in [(false, &mut without), (true, &mut with)] {
            let (times, wall) = poster.post_all(bodies(variants, run, first, per_round, coupon), INTAKE_CONCURRENCY).await?;
            into.times.extend(times);
            into.wall += wall;
            into.rounds.push(wall);
        }
    }
    Ok((without, with))
}

/// Rows of `columns` (integers) in multi-row inserts, each row also with
/// the `fixed` columns' SQL literals.
async fn insert_rows(
    state: &AppState,
    table: &str,
    fixed: &[(&str, &str)],
    columns: &[&str],
    rows: impl Iterator<Item = Vec<i64>>,
) -> Result<(), String> {
    let per_statement = 30_000 / columns.len();
    let names: Vec<&str> = fixed.iter().map(|(c, _)| *c).chain(columns.iter().copied()).collect();
    let head = format!("INSERT INTO {table} ({}) VALUES ", names.join(", "));
    let mut tx = state.db.begin_write().await.map_err(err)?;
    let mut sql = Sql::default();
    let mut values = Vec::new();
    for row in rows {
        let cells: Vec<String> =
            fixed.iter().map(|(_, v)| (*v).to_owned()).chain(row.into_iter().map(|v| sql.arg(Arg::Int(v)))).collect();
        values.push(format!("({})", cells.join(", ")));
        if values.len() == per_statement {
            sql.query(&format!("{head}{}", values.join(", "))).execute(&mut *tx).await.map_err(err)?;
            sql = Sql::default();
            values.clear();
        }
    }
    if !values.is_empty() {
        sql.query(&format!("{head}{}", values.join(", "))).execute(&mut *tx).await.map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    Ok(())
}

/// 100,000 redemptions of `coupon` over the last year and their daily
/// rows, with the daily rows of 999 other coupons of the shop.
async fn generate_results(state: &AppState, shop_id: i64, coupon: i64) -> Result<(), String> {
    let now = now_millis();
    let today = (now + 9 * 60 * 60 * 1000) / DAY_MS;
    let per_day = REDEMPTIONS as i64 / DAYS + 1;
    // The coupon's days follow from its redemptions (their trigger); one
    // buyer stands for all of them here, so the coupon's per-buyer limit is
    // lifted first.
    sqlx::query("UPDATE coupons SET per_buyer_limit = total_limit WHERE id = $1")
        .bind(coupon)
        .execute(state.db.pool())
        .await
        .map_err(err)?;
    insert_rows(
        state,
        "coupon_redemptions",
        &[("order_no", "'BENCH'"), ("channel", "'zigzag'"), ("buyer_key", "'01012345678'")],
        &["coupon_id", "shop_id", "buyer_order_id", "discount", "seller_part", "platform_part", "day", "created_at", "units", "revenue"],
        (0..REDEMPTIONS as i64).map(|n| {
            let day = today - DAYS + n / per_day;
            vec![coupon, shop_id, 10_000_000 + n, 2_900, 2_900, 0, day, day * DAY_MS, 1, 26_100]
        }),
    )
    .await
    .map_err(|e| format!("coupon_redemptions: {e}"))?;
    let mut rows = Vec::new();
    for c in 0..OTHER_COUPONS as i64 {
        for d in 0..DAYS {
            let n = (c + d) % 7;
            rows.push(vec![1_000_000 + c, shop_id, today - DAYS + d, n, n, n * 26_100, n * 2_900, 0, n, 0]);
        }
    }
    insert_rows(
        state,
        "promotion_daily",
        &[("kind", "'coupon'")],
        &["promotion_id", "shop_id", "day", "orders", "units", "revenue", "seller_discount", "platform_discount", "redemptions", "released"],
        rows.into_iter(),
    )
    .await
    .map_err(|e| format!("promotion_daily: {e}"))?;
    let analyze = if state.db.backend() == crate::db::Backend::Sqlite { "ANALYZE" } else { "ANALYZE promotion_daily" };
    sqlx::query(analyze).execute(state.db.pool()).await.map_err(err)?;
    Ok(())
}

/// The results page's read of one promotion: its days in the range and the totals.
async fn measure_results(state: &AppState, shop_id: i64, coupon: i64) -> Result<(Duration, Duration, usize), String> {
    let today = (now_millis() + 9 * 60 * 60 * 1000) / DAY_MS;
    let (from, to) = (today - DAYS, today + 1);
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for run in 0..WARM_UP + RUNS {
        let started = Instant::now();
        let days = sqlx::query(
            "SELECT day, orders, units, revenue, seller_discount, platform_discount, redemptions, released FROM promotion_daily \
             WHERE kind = $1 AND promotion_id = $2 AND shop_id = $3 AND day >= $4 AND day < $5 ORDER BY day",
        )
        .bind("coupon")
        .bind(coupon)
        .bind(shop_id)
        .bind(from)
        .bind(to)
        .fetch_all(state.db.pool())
        .await
        .map_err(err)?;
        let totals = sqlx::query(
            "SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT) AS orders, CAST(COALESCE(SUM(redemptions), 0) AS BIGINT) AS redemptions, \
             CAST(COALESCE(SUM(seller_discount), 0) AS BIGINT) AS seller_discount FROM promotion_daily \
             WHERE kind = $1 AND promotion_id = $2 AND shop_id = $3 AND day >= $4 AND day < $5",
        )
        .bind("coupon")
        .bind(coupon)
        .bind(shop_id)
        .bind(from)
        .bind(to)
        .fetch_one(state.db.pool())
        .await
        .map_err(err)?;
        let redeemed: i64 = totals.try_get("redemptions").map_err(err)?;
        if redeemed < REDEMPTIONS as i64 {
            return Err(format!("the results read {redeemed} redemptions, expected at least {REDEMPTIONS}"));
        }
        rows = days.len();
        if run >= WARM_UP {
            times.push(started.elapsed());
        }
    }
    times.sort();
    Ok((percentile(&times, 0.5), percentile(&times, 0.95), rows))
}

/// One engine's measurements: its report lines and whether all met their targets.
async fn run_engine(engine: &str, postgres_admin: Option<&str>) -> Result<(Vec<String>, bool), String> {
    let bench_db = BenchDb::create(engine, postgres_admin).await?;
    let mut config = Config::for_data_dir(&bench_db._dir.0);
    config.database_url = Some(bench_db.url.clone());
    config.api_rate_per_minute = 0;
    let state = AppState::new(config).await?;
    let (shop_id, coupon, variants) = setup(&state).await?;
    let key = create_client(&state.db, ClientKind::Channel, "zigzag", "bench").await.map_err(|e| e.message)?;
    let mut lines = Vec::new();
    let mut ok = true;

    let (mut without, mut with) = intake(&state, &key, &variants).await?;
    let (redeemed,): (i64,) = sqlx::query_as("SELECT used_count FROM coupons WHERE id = $1")
        .bind(coupon)
        .fetch_one(state.db.pool())
        .await
        .map_err(err)?;
    if redeemed as usize != INTAKE_WARM_UP + INTAKE_ORDERS {
        return Err(format!("{redeemed} redemptions, expected {}", INTAKE_WARM_UP + INTAKE_ORDERS));
    }
    // The time a coupon adds: the median over the rounds of (time with ÷
    // time without) for the same number of orders, each pair run back to
    // back, so a busy second of the machine skews one pair, not the figure.
    let mut ratios: Vec<f64> =
        with.rounds.iter().zip(&without.rounds).map(|(w, wo)| w.as_secs_f64() / wo.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    let ratio = (ratios[(ratios.len() - 1) / 2] + ratios[ratios.len() / 2]) / 2.0;
    let verdict = if ratio <= COUPON_OVERHEAD_MAX { "ok" } else { "OVER TARGET" };
    ok &= ratio <= COUPON_OVERHEAD_MAX;
    for (name, i) in [("intake: no coupon", &mut without), ("intake: with a coupon", &mut with)] {
        lines.push(format!("{name:<44} {:>6.0} /s    p95 {:>6.2} ms", i.per_s(), ms(i.p95())));
    }
    lines.push(format!(
        "{:<44} {:>+6.1} %   (median of {INTAKE_ROUNDS} paired rounds; target ≤ +{:.0} %: {verdict})",
        "intake: time added by the coupon",
        (ratio - 1.0) * 100.0,
        (COUPON_OVERHEAD_MAX - 1.0) * 100.0
    ));

    let started = Instant::now();
    generate_results(&state, shop_id, coupon).await?;
    lines.push(format!(
        "{:<44} {:>6.1} s    ({REDEMPTIONS} redemptions, {} daily rows)",
        "results: generate",
        started.elapsed().as_secs_f64(),
        (OTHER_COUPONS as i64 + 1) * DAYS
    ));
    let (p50, p95, rows) = measure_results(&state, shop_id, coupon).await?;
    let verdict = if ms(p95) <= RESULTS_TARGET_MS { "ok" } else { "OVER TARGET" };
    ok &= ms(p95) <= RESULTS_TARGET_MS;
    lines.push(format!(
        "{:<44} p50 {:>6.2} ms   p95 {:>6.2} ms   (target p95 ≤ {RESULTS_TARGET_MS} ms: {verdict}; {rows} days)",
        "results: one coupon's days and totals",
        ms(p50),
        ms(p95)
    ));
    for line in &lines {
        println!("[{engine}] {line}");
    }

    state.events.close();
    state.db.close().await;
    bench_db.finish().await;
    Ok((lines, ok))
}

/// Runs the promotion measurements on SQLite and, when an admin URL for
/// PostgreSQL is given, on PostgreSQL; an error when a target is missed.
pub async fn run(postgres: Option<String>) -> Result<(), String> {
    let mut all = Vec::new();
    let (lines, mut ok) = run_engine("sqlite", None).await?;
    all.extend(lines.into_iter().map(|l| ("sqlite", l)));
    match postgres.filter(|url| !url.is_empty()) {
        Some(admin) => {
            let (lines, pg_ok) = run_engine("postgres", Some(&admin)).await?;
            ok &= pg_ok;
            all.extend(lines.into_iter().map(|l| ("postgres", l)));
        }
        None => println!("[postgres] skipped: set BENCH_DATABASE_URL=postgres://user@host/db (an account that may CREATE DATABASE)"),
    }
    println!("\n== promotions (intake over HTTP with and without a coupon; results read in process) ==");
    for (engine, line) in &all {
        println!("{engine:<9} {line}");
    }
    if ok {
        Ok(())
    } else {
        Err("promotions: a measurement missed its target".into())
    }
}
