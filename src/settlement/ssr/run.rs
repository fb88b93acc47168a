//! The settlement run: items and claims due become lines, due statements are paid.

use crate::i18n::msg;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use sqlx::Row;

use super::ledger::{write_lines, LinePromotion, NewLine};
use super::{begin_locked, TOPIC};
use crate::calendar::kst_date;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::context::AppState;
use crate::db::{now_millis, Database};
use crate::money::{sale_line, LineAmounts, Rates, SaleInput};

/// Items (or claims) per transaction of the run.
const BATCH: i64 = 5_000;

/// Platform rates when the operator has set none for a channel (basis points).
pub const FALLBACK_RATES: Rates = Rates { commission_bp: 1000, payment_fee_bp: 330 };

/// Runs the settlement every `SETTLEMENT_INTERVAL_SECS` seconds (default 10).
pub fn start(state: AppState) {
    let every = std::env::var("SETTLEMENT_INTERVAL_SECS").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(10).max(1);
    let workers = state.workers.clone();
    workers.spawn("settlement", Duration::from_secs(every), move || {
        let state = state.clone();
        async move {
            let report = run(&state.db, now_millis()).await?;
            if report.changed() {
                state.events.publish_all(&state.db, report.shops.clone(), TOPIC).await;
            }
            Ok::<_, crate::error::AppError>(crate::context::workers::Pace::Rest)
        }
    });
}

/// What one [`run`] did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Items settled (sale lines written).
    pub items: usize,
    /// Completed claims looked at (lines written only where money moved).
    pub claims: usize,
    /// Tax invoices issued.
    pub invoices: usize,
    /// Statements paid.
    pub paid: usize,
    /// Shops whose statements changed.
    pub shops: Vec<i64>,
    /// How long each part took: items, claims, invoices, payouts.
    pub took: [(&'static str, Duration); 4],
}

impl RunReport {
    pub fn changed(&self) -> bool {
        self.items + self.claims + self.invoices + self.paid > 0
    }
}

/// One settlement run at `now`: idempotent, safe to run on every instance.
pub async fn run(db: &Database, now: i64) -> AppResult<RunReport> {
    let start = Instant::now();
    let book = RateBook::load(db).await?;
    let mut report = RunReport {
        items: 0,
        claims: 0,
        invoices: 0,
        paid: 0,
        shops: Vec::new(),
        took: [("items", Duration::ZERO), ("claims", Duration::ZERO), ("invoices", Duration::ZERO), ("payouts", Duration::ZERO)],
    };
    loop {
        let (n, shops) = settle_items(db, &book, now).await?;
        report.items += n;
        report.shops.extend(shops);
        if (n as i64) < BATCH {
            break;
        }
    }
    report.took[0].1 = start.elapsed();
    let start = Instant::now();
    loop {
        let (n, shops) = settle_claims(db, now).await?;
        report.claims += n;
        report.shops.extend(shops);
        if (n as i64) < BATCH {
            break;
        }
    }
    report.took[1].1 = start.elapsed();
    let start = Instant::now();
    report.invoices = crate::settlement::tax::ssr::issue_due_invoices(db, now).await?;
    report.took[2].1 = start.elapsed();
    let start = Instant::now();
    let (paid, shops) = pay_due(db, now).await?;
    report.took[3].1 = start.elapsed();
    report.paid = paid;
    report.shops.extend(shops);
    report.shops.sort_unstable();
    report.shops.dedup();
    Ok(report)
}

/// Every commission-rate row, to resolve the rate of each item in memory.
pub struct RateBook {
    /// (shop_id, channel) → rows sorted by effective_from.
    rows: HashMap<(i64, String), Vec<(i64, Rates)>>,
}

impl RateBook {
    pub async fn load(db: &Database) -> AppResult<Self> {
        let rows = sqlx::query(
            "SELECT shop_id, channel, commission_bp, payment_fee_bp, effective_from FROM commission_rates \
             ORDER BY effective_from, id",
        )
        .fetch_all(db.pool())
        .await?;
        let mut map: HashMap<(i64, String), Vec<(i64, Rates)>> = HashMap::new();
        for r in rows {
            let rates = Rates { commission_bp: r.try_get("commission_bp")?, payment_fee_bp: r.try_get("payment_fee_bp")? };
            map.entry((r.try_get("shop_id")?, r.try_get("channel")?))
                .or_default()
                .push((r.try_get("effective_from")?, rates));
        }
        Ok(Self { rows: map })
    }

    /// The shop's own rate for the channel in force at `at`, else the
    /// platform's, else [`FALLBACK_RATES`].
    pub fn rates(&self, shop_id: i64, channel: &str, at: i64) -> Rates {
        let in_force = |shop: i64| {
            self.rows
                .get(&(shop, channel.to_owned()))
                .and_then(|rows| rows.iter().rev().find(|(from, _)| *from <= at).map(|(_, r)| *r))
        };
        in_force(shop_id).or_else(|| in_force(0)).unwrap_or(FALLBACK_RATES)
    }
}

async fn settle_items(db: &Database, book: &RateBook, now: i64) -> AppResult<(usize, Vec<i64>)> {
    let mut tx = begin_locked(db).await?;
    // Without the hint SQLite takes the (status, …) index and sorts every
    // confirmed item ever, about a second and a half per batch at a million.
    let rows = sqlx::query(&format!(
        "SELECT oi.id, oi.shop_id, oi.order_no, oi.channel, oi.product_name, oi.option_text, oi.quantity, \
         oi.unit_price, oi.option_price, oi.seller_discount, oi.platform_discount, oi.shipping_fee, \
         oi.payment_method, oi.paid_at, oi.purchase_confirmed_at, oi.claim_kind, oi.claim_status, \
         oi.coupon_id, oi.coupon_discount, oi.coupon_platform_part, oi.campaign_id, oi.campaign_commission_bp, \
         COALESCE(c.charge_amount, 0) AS charge_amount \
         FROM order_items oi{} LEFT JOIN claims c ON c.id = oi.claim_id \
         WHERE oi.status = 'purchase_confirmed' AND oi.settled_at = 0 \
         ORDER BY oi.purchase_confirmed_at, oi.id LIMIT $1",
        db.indexed_by("order_items_unsettled")
    ))
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        tx.rollback().await?;
        return Ok((0, Vec::new()));
    }
    let mut lines = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let shop_id: i64 = r.try_get("shop_id")?;
        let channel: String = r.try_get("channel")?;
        let paid_at: i64 = r.try_get("paid_at")?;
        let exchanged = r.try_get::<String, _>("claim_kind")? == "exchange"
            && r.try_get::<String, _>("claim_status")? == "completed";
        let input = SaleInput {
            unit_price: r.try_get("unit_price")?,
            option_price: r.try_get("option_price")?,
            quantity: r.try_get("quantity")?,
            seller_discount: r.try_get("seller_discount")?,
            platform_discount: r.try_get("platform_discount")?,
            shipping_fee: r.try_get("shipping_fee")?,
            // 교환 왕복 배송비 a buyer at fault paid through the channel.
            claim_amount: if exchanged { r.try_get("charge_amount")? } else { 0 },
        };
        // An item sold at a 기획전 price pays the campaign's commission rate,
        // fixed on the item at intake; the payment fee stays the book's.
        let mut rates = book.rates(shop_id, &channel, paid_at);
        let campaign_bp: i64 = r.try_get("campaign_commission_bp")?;
        if campaign_bp >= 0 {
            rates.commission_bp = campaign_bp;
        }
        let coupon_discount: i64 = r.try_get("coupon_discount")?;
        let coupon_platform_part: i64 = r.try_get("coupon_platform_part")?;
        let promotion = LinePromotion {
            coupon_id: r.try_get("coupon_id")?,
            coupon_seller_part: coupon_discount - coupon_platform_part,
            coupon_platform_part,
            campaign_id: r.try_get("campaign_id")?,
        };
        let memo = if input.claim_amount > 0 { "교환 배송비 (구매자 부담) 포함".to_owned() } else { String::new() };
        ids.push(id);
        let confirmed_at = r.try_get("purchase_confirmed_at")?;
        let line = NewLine::new(shop_id, "sale", format!("sale:{id}"), confirmed_at, sale_line(&input, rates));
        lines.push(NewLine { rates, memo, promotion, ..line.of_item(id, r)? });
    }
    all_marked(crate::orders::ssr::mark_settled(&mut tx, &ids, now).await?, ids.len())?;
    let shops = write_lines(&mut tx, lines, now).await?;
    tx.commit().await?;
    Ok((rows.len(), shops))
}

/// Completed claims: a buyer at fault leaves the seller what was kept from
/// the refund (반품배송비, and the initial shipping when free shipping was
/// lost). Exchanges are settled on the item's own sale line.
async fn settle_claims(db: &Database, now: i64) -> AppResult<(usize, Vec<i64>)> {
    let mut tx = begin_locked(db).await?;
    let rows = sqlx::query(
        "SELECT c.id, c.shop_id, c.kind, c.fault, c.deduction, c.resolved_at, oi.id AS item_id, oi.order_no, \
         oi.channel, oi.product_name, oi.option_text, oi.quantity, oi.payment_method, oi.paid_at \
         FROM claims c JOIN order_items oi ON oi.id = c.order_item_id \
         WHERE c.status = 'completed' AND c.settled_at = 0 ORDER BY c.resolved_at, c.id LIMIT $1",
    )
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        tx.rollback().await?;
        return Ok((0, Vec::new()));
    }
    let mut lines = Vec::new();
    let mut ids = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        ids.push(id);
        let kind: String = r.try_get("kind")?;
        let kept: i64 = r.try_get("deduction")?;
        if kind == "exchange" || kept <= 0 {
            continue;
        }
        let memo = if kind == "return" { "반품 배송비 (구매자 부담)" } else { "취소 배송비 (구매자 부담)" };
        let (shop_id, resolved_at) = (r.try_get("shop_id")?, r.try_get("resolved_at")?);
        let line = NewLine::new(shop_id, "claim", format!("claim:{id}"), resolved_at, LineAmounts::claim(kept));
        lines.push(NewLine { claim_id: id, memo: memo.into(), ..line.of_item(r.try_get("item_id")?, r)? });
    }
    all_marked(crate::claims::ssr::mark_settled(&mut tx, &ids, now).await?, ids.len())?;
    let shops = write_lines(&mut tx, lines, now).await?;
    tx.commit().await?;
    Ok((rows.len(), shops))
}

/// Every one of `done` rows of `wanted` was marked, or the run starts again.
fn all_marked(done: u64, wanted: usize) -> AppResult<()> {
    if done != wanted as u64 {
        // Only possible if something settled them outside the lock.
        return Err(AppError::new(ErrorCode::Conflict, msg::settlement_err_conflict_retry()));
    }
    Ok(())
}

/// Pays scheduled statements whose pay date has come (in Korea), except
/// those of shops whose payouts must wait ([`hold_blocked`]).
pub async fn pay_due(db: &Database, now: i64) -> AppResult<(usize, Vec<i64>)> {
    let today = kst_date(now).ok_or_else(AppError::internal)?.format("%Y-%m-%d").to_string();
    let mut tx = begin_locked(db).await?;
    let mut shops = hold_blocked(&mut tx, now).await?;
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT shop_id FROM settlement_statements WHERE status = 'scheduled' AND pay_date <= $1",
    )
    .bind(&today)
    .fetch_all(&mut *tx)
    .await?;
    let paid = sqlx::query(
        "UPDATE settlement_statements SET status = 'paid', paid_at = $1, updated_at = $1 \
         WHERE status = 'scheduled' AND pay_date <= $2",
    )
    .bind(now)
    .bind(&today)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    shops.extend(due);
    shops.sort_unstable();
    shops.dedup();
    Ok((paid as usize, shops))
}

/// What stops a shop's payouts, kept on each statement it holds.
const HOLD_SUSPENDED: &str = "suspended";
const HOLD_PAYOUT_CHANGE: &str = "payout_change";

/// The run's own holds, inside the payout's transaction: a suspended shop's
/// unpaid statements are held (not paid) until it is no longer suspended;
/// after a payout account change, the statements whose pay day falls before
/// the hold ends are held until it ends. The operator's holds (`auto_hold`
/// empty) are never touched. Returns the shops whose statements changed.
async fn hold_blocked(tx: &mut super::Tx, now: i64) -> AppResult<Vec<i64>> {
    let blocks = crate::shop::ssr::payout_blocks(&mut **tx, now).await?;
    let mut changed: Vec<i64> = Vec::new();
    // Holds whose cause is gone are lifted first; one that still applies is
    // put back below in the same transaction, so no payout slips through.
    let lifted: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, shop_id, auto_hold FROM settlement_statements WHERE status = 'held' AND auto_hold <> '' \
         AND (auto_hold <> $1 OR held_until <= $2)",
    )
    .bind(HOLD_SUSPENDED)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    for (id, shop_id, kind) in lifted {
        let still_suspended = blocks.iter().any(|b| b.shop_id == shop_id && b.suspended);
        if kind == HOLD_SUSPENDED && still_suspended {
            continue;
        }
        sqlx::query(
            "UPDATE settlement_statements SET status = 'scheduled', hold_reason = '', auto_hold = '', held_until = 0, \
             updated_at = $1 WHERE id = $2 AND status = 'held'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        changed.push(shop_id);
    }
    // Reasons are kept in Korean, like the operator's.
    let korean = crate::i18n::Locale::Ko;
    for block in &blocks {
        let done = if block.suspended {
            let reason = crate::i18n::with_locale(korean, || msg::settlement_auto_hold_suspended().to_owned());
            sqlx::query(
                "UPDATE settlement_statements SET status = 'held', hold_reason = $1, auto_hold = $2, held_until = 0, \
                 updated_at = $3 WHERE shop_id = $4 AND (status = 'scheduled' OR (status = 'held' AND auto_hold = $5))",
            )
            .bind(reason)
            .bind(HOLD_SUSPENDED)
            .bind(now)
            .bind(block.shop_id)
            .bind(HOLD_PAYOUT_CHANGE)
            .execute(&mut **tx)
            .await?
        } else {
            let last_day = kst_date(block.hold_until).ok_or_else(AppError::internal)?.format("%Y-%m-%d").to_string();
            let until = crate::time::format_datetime(block.hold_until);
            let reason = crate::i18n::with_locale(korean, || msg::settlement_auto_hold_payout_change(until));
            sqlx::query(
                "UPDATE settlement_statements SET status = 'held', hold_reason = $1, auto_hold = $2, held_until = $3, \
                 updated_at = $4 WHERE shop_id = $5 AND pay_date <= $6 \
                 AND (status = 'scheduled' OR (status = 'held' AND auto_hold = $2 AND held_until < $3))",
            )
            .bind(reason)
            .bind(HOLD_PAYOUT_CHANGE)
            .bind(block.hold_until)
            .bind(now)
            .bind(block.shop_id)
            .bind(last_day)
            .execute(&mut **tx)
            .await?
        };
        if done.rows_affected() > 0 {
            changed.push(block.shop_id);
        }
    }
    Ok(changed)
}
