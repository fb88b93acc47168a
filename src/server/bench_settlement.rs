//! The settlement and sales measurements of `partner-center bench orders`,
//! run on the data that suite generates (1,000,000 order items, 200,000 in
//! shop 1):
//!
//! - the settlement run for 100,000 purchase-confirmed items: every other
//!   confirmed item is marked settled first, so the run has exactly the
//!   100,000 most recently confirmed ones to do (lines, statements, the tax
//!   invoices of the months that closed, payouts due), timed whole, once;
//! - the sales dashboard (`sales::ssr::report`) of the largest shop for
//!   today, 7, 30 and 365 days, with the JSON encoding of its answer.

use std::time::Instant;

use chrono::Days;

use crate::calendar::kst_date;
use crate::server::bench::{ms, percentile};
use crate::db::now_millis;
use crate::server::AppState;

pub const SETTLE_ITEMS: i64 = 100_000;
const SETTLE_TARGET_S: f64 = 5.0;
const DASHBOARD_TARGET_MS: f64 = 50.0;
const RUNS: usize = 100;
const WARM_UP: usize = 10;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Lines of the report, already printed.
pub async fn measure(state: &AppState, engine: &str, shop_id: i64) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let mut say = |line: String| {
        println!("[{engine}] {line}");
        lines.push(line);
    };

    let today = kst_date(now_millis()).ok_or("no date")?;
    for (label, days, runs) in [("today", 0u64, RUNS), ("7 days", 6, RUNS), ("30 days", 29, RUNS), ("365 days", 364, 20)] {
        let from = today.checked_sub_days(Days::new(days)).ok_or("date")?;
        let mut times = Vec::with_capacity(runs);
        let mut orders = 0;
        for run in 0..WARM_UP + runs {
            let start = Instant::now();
            let report = crate::sales::ssr::report(&state.db, shop_id, from, today).await.map_err(|e| e.message)?;
            let body = serde_json::to_vec(&report).map_err(err)?;
            let took = start.elapsed();
            std::hint::black_box(body);
            orders = report.totals.orders;
            if run >= WARM_UP {
                times.push(took);
            }
        }
        times.sort();
        let p95 = percentile(&times, 0.95);
        let verdict = if ms(p95) <= DASHBOARD_TARGET_MS { "ok" } else { "OVER TARGET" };
        say(format!(
            "{:<44} p50 {:>6.2} ms   p95 {:>6.2} ms   (target p95 ≤ {DASHBOARD_TARGET_MS} ms: {verdict}; {orders} orders)",
            format!("sales dashboard: {label}, shop 1"),
            ms(percentile(&times, 0.5)),
            ms(p95),
        ));
    }

    // Exactly the 100,000 most recently confirmed items are left to settle.
    sqlx::query("UPDATE order_items SET settled_at = 1 WHERE status = 'purchase_confirmed' AND settled_at = 0")
        .execute(state.db.pool())
        .await
        .map_err(err)?;
    sqlx::query(&format!(
        "UPDATE order_items SET settled_at = 0 WHERE id IN (SELECT id FROM order_items \
         WHERE status = 'purchase_confirmed' ORDER BY purchase_confirmed_at DESC, id DESC LIMIT {SETTLE_ITEMS})"
    ))
    .execute(state.db.pool())
    .await
    .map_err(err)?;
    // Statistics as a live database has them: the generator's ANALYZE saw
    // every confirmed item unsettled, and SQLite would then prefer the status
    // index over the small partial index of unsettled items.
    sqlx::query("ANALYZE").execute(state.db.pool()).await.map_err(err)?;
    let start = Instant::now();
    let report = crate::settlement::ssr::run(&state.db, now_millis()).await.map_err(|e| e.message)?;
    let took = start.elapsed();
    let (statements,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM settlement_statements").fetch_one(state.db.pool()).await.map_err(err)?;
    let verdict = if took.as_secs_f64() <= SETTLE_TARGET_S { "ok" } else { "OVER TARGET" };
    say(format!(
        "{:<44} {:>6.2} s    ({} items → lines in {statements} statements, {} tax invoices, {} statements paid; target ≤ {SETTLE_TARGET_S} s: {verdict})",
        "settlement run: 100,000 confirmed items",
        took.as_secs_f64(),
        report.items,
        report.invoices,
        report.paid,
    ));
    let parts: Vec<String> = report.took.iter().map(|(part, t)| format!("{part} {:.2} s", t.as_secs_f64())).collect();
    say(format!("{:<44} {}", "settlement run, by part", parts.join(", ")));
    if report.items as i64 != SETTLE_ITEMS {
        return Err(format!("the run settled {} items, not {SETTLE_ITEMS}", report.items));
    }
    Ok(lines)
}
