//! Settlement data access and the settlement run (server only).
//!
//! **The run.** Every instance runs [`run`] every few seconds. It turns
//! purchase-confirmed items and completed claims that have no line yet into
//! settlement lines, adds them to the day's statement, issues the month's
//! tax invoices once a month is over, and pays statements whose day has come.
//! Each batch is one transaction that first takes the settlement lock (a
//! PostgreSQL transaction-scoped advisory lock; SQLite's `BEGIN IMMEDIATE`
//! already lets one writer in), reads its work inside the lock and marks it
//! settled before committing: two instances never settle one item twice, and
//! a crash in between settles nothing.
//!
//! **Money never changes after a statement is paid.** Totals are added only
//! `WHERE status <> 'paid'`; a line whose own day's statement is already
//! paid goes to the statement of the day the run sees it, and corrections
//! are adjustment lines ([`add_adjustments`]) in the next open statement.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sqlx::{Any, Row, Transaction};

use super::money::{sale_line, LineAmounts, Rates, SaleInput};
use super::{LineRow, RateRow, StatementRow, StatementStatus, Summary};
use crate::calendar::{add_business_days, kst_date};
use crate::error::{AppError, AppResult};
use crate::server::db::{now_millis, Backend, Database};
use crate::server::AppState;

/// Live-update topic of the settlement pages.
pub const TOPIC: &str = super::TOPIC_NAME;
/// Items (or claims) per transaction of the run.
const BATCH: i64 = 5_000;
/// Rows per multi-row statement whose values are written into the SQL.
const INSERT_ROWS: usize = 500;
/// Lines per INSERT: nine bound texts each (see `insert_lines`).
const LINE_ROWS: usize = 250;
/// The key of the PostgreSQL advisory lock that serialises settlement runs.
const LOCK_KEY: i64 = 0x5e77_1e;

/// Platform rates when the operator has set none for a channel (basis points).
pub const FALLBACK_RATES: Rates = Rates { commission_bp: 1000, payment_fee_bp: 330 };

pub type Tx = Transaction<'static, Any>;

/// Runs the settlement every `SETTLEMENT_INTERVAL_SECS` seconds (default 10).
pub fn start(state: AppState) {
    let every = std::env::var("SETTLEMENT_INTERVAL_SECS").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(10).max(1);
    tokio::spawn(async move {
        loop {
            match run(&state.db, now_millis()).await {
                Ok(report) if report.changed() => {
                    state.events.publish_all(&state.db, report.shops.clone(), TOPIC).await;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "settlement run failed"),
            }
            tokio::time::sleep(Duration::from_secs(every)).await;
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
    report.invoices = crate::tax::ssr::issue_due_invoices(db, now).await?;
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

/// Begins a write transaction holding the settlement lock.
pub async fn begin_locked(db: &Database) -> AppResult<Tx> {
    let mut tx = db.begin_write().await?;
    if db.backend() == Backend::Postgres {
        sqlx::query(&format!("SELECT pg_advisory_xact_lock({LOCK_KEY})")).execute(&mut *tx).await?;
    }
    Ok(tx)
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

/// A line about to be written.
struct NewLine {
    shop_id: i64,
    kind: &'static str,
    source_key: String,
    order_item_id: i64,
    claim_id: i64,
    order_no: String,
    channel: String,
    product_name: String,
    option_text: String,
    quantity: i64,
    payment_method: String,
    paid_at: i64,
    confirmed_at: i64,
    rates: Rates,
    amounts: LineAmounts,
    memo: String,
    created_by: String,
}

impl NewLine {
    /// A line with nothing but its key, time and money (an adjustment's shape).
    fn new(shop_id: i64, kind: &'static str, source_key: String, confirmed_at: i64, amounts: LineAmounts) -> Self {
        Self {
            shop_id,
            kind,
            source_key,
            order_item_id: 0,
            claim_id: 0,
            order_no: String::new(),
            channel: String::new(),
            product_name: String::new(),
            option_text: String::new(),
            quantity: 0,
            payment_method: String::new(),
            paid_at: 0,
            confirmed_at,
            rates: Rates::default(),
            amounts,
            memo: String::new(),
            created_by: "system".into(),
        }
    }

    /// With the order item's own columns (`order_no`, `channel`, …) from `r`.
    fn of_item(mut self, order_item_id: i64, r: &sqlx::any::AnyRow) -> AppResult<Self> {
        self.order_item_id = order_item_id;
        self.order_no = r.try_get("order_no")?;
        self.channel = r.try_get("channel")?;
        self.product_name = r.try_get("product_name")?;
        self.option_text = r.try_get("option_text")?;
        self.quantity = r.try_get("quantity")?;
        self.payment_method = r.try_get("payment_method")?;
        self.paid_at = r.try_get("paid_at")?;
        Ok(self)
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
        let rates = book.rates(shop_id, &channel, paid_at);
        let memo = if input.claim_amount > 0 { "교환 배송비 (구매자 부담) 포함".to_owned() } else { String::new() };
        ids.push(id);
        let confirmed_at = r.try_get("purchase_confirmed_at")?;
        let line = NewLine::new(shop_id, "sale", format!("sale:{id}"), confirmed_at, sale_line(&input, rates));
        lines.push(NewLine { rates, memo, ..line.of_item(id, r)? });
    }
    mark_settled(&mut tx, "order_items", &ids, now).await?;
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
    mark_settled(&mut tx, "claims", &ids, now).await?;
    let shops = write_lines(&mut tx, lines, now).await?;
    tx.commit().await?;
    Ok((rows.len(), shops))
}

async fn mark_settled(tx: &mut Tx, table: &str, ids: &[i64], now: i64) -> AppResult<()> {
    for chunk in ids.chunks(INSERT_ROWS) {
        let done = sqlx::query(&format!("UPDATE {table} SET settled_at = $1 WHERE settled_at = 0 AND id IN ({})", id_list(chunk)))
            .bind(now)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        if done != chunk.len() as u64 {
            // Only possible if something settled them outside the lock.
            return Err(AppError::new("conflict", "정산이 동시에 진행되어 다시 시도합니다."));
        }
    }
    Ok(())
}

/// A correction (정산 조정) of `amount` won for a shop, carried by its next
/// open statement. The same `source_key` twice is refused by the unique
/// index, so a caller retrying a whole transaction adds it once.
pub struct Adjustment {
    pub shop_id: i64,
    pub source_key: String,
    pub amount: i64,
    pub memo: String,
    pub actor: String,
}

/// Writes the adjustments as lines of their shops' statements of today (in
/// one go, whatever their number).
pub async fn add_adjustments(tx: &mut Tx, adjustments: Vec<Adjustment>, now: i64) -> AppResult<()> {
    let lines = adjustments
        .into_iter()
        .map(|a| NewLine {
            memo: a.memo,
            created_by: a.actor,
            ..NewLine::new(a.shop_id, "adjustment", a.source_key, now, LineAmounts::adjustment(a.amount))
        })
        .collect();
    write_lines(tx, lines, now).await?;
    Ok(())
}

/// Adds the lines to their statements (creating them) and writes them.
///
/// A fixed number of statements per call, whatever the number of lines:
/// the shops' payout days in one query, every missing statement in one
/// multi-row insert, their ids and states in one query, and every open
/// statement's totals in one `UPDATE … FROM (VALUES …)`. Only a line whose
/// own statement is paid already takes the slow road ([`add_to_statement`]).
async fn write_lines(tx: &mut Tx, mut lines: Vec<NewLine>, now: i64) -> AppResult<Vec<i64>> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let today = kst_date(now).ok_or_else(AppError::internal)?;
    // Group by (shop, Korean day of the event).
    let mut groups: HashMap<(i64, NaiveDate), Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let day = kst_date(l.confirmed_at).unwrap_or(today);
        groups.entry((l.shop_id, day)).or_default().push(i);
    }
    let mut keys: Vec<(i64, NaiveDate)> = groups.keys().copied().collect();
    keys.sort_unstable();
    let mut shops: Vec<i64> = keys.iter().map(|k| k.0).collect();
    shops.dedup();
    let payout_days = payout_days(tx, &shops).await?;
    let days_of = |shop_id: i64| payout_days.get(&shop_id).copied().unwrap_or(5);

    create_statements(tx, &keys, days_of, now).await?;
    let (first, last) = (keys.iter().map(|k| k.1).min(), keys.iter().map(|k| k.1).max());
    let (Some(first), Some(last)) = (first, last) else { return Err(AppError::internal()) };
    let found = statement_states(tx, &shops, first, last).await?;

    let mut statement_of = vec![0i64; lines.len()];
    let mut open: Vec<(i64, LineAmounts, i64)> = Vec::with_capacity(keys.len());
    for key in keys {
        let members = &groups[&key];
        let mut totals = LineAmounts::default();
        for &i in members {
            totals.add(&lines[i].amounts);
        }
        let id = match found.get(&key) {
            Some(&(id, ref status)) if status != "paid" => {
                open.push((id, totals, members.len() as i64));
                id
            }
            // Paid already: the lines go to a later statement, never into paid money.
            _ => add_to_statement(tx, key.0, key.1, today, days_of(key.0), &totals, members.len(), now).await?,
        };
        for &i in members {
            statement_of[i] = id;
        }
    }
    add_totals(tx, &open, now).await?;

    let mut rest = lines.as_mut_slice();
    let mut offset = 0;
    while !rest.is_empty() {
        let n = rest.len().min(LINE_ROWS);
        let (chunk, tail) = rest.split_at_mut(n);
        insert_lines(tx, chunk, &statement_of[offset..offset + n], now).await?;
        offset += n;
        rest = tail;
    }
    Ok(shops)
}

/// `shop id → payout_after_days` (clamped to 0..=60) of the shops.
async fn payout_days(tx: &mut Tx, shops: &[i64]) -> AppResult<HashMap<i64, u32>> {
    let mut out = HashMap::with_capacity(shops.len());
    for chunk in shops.chunks(INSERT_ROWS) {
        let list = id_list(chunk);
        let rows: Vec<(i64, i64)> = sqlx::query_as(&format!("SELECT id, payout_after_days FROM shops WHERE id IN ({list})"))
            .fetch_all(&mut **tx)
            .await?;
        out.extend(rows.into_iter().map(|(id, d)| (id, d.clamp(0, 60) as u32)));
    }
    Ok(out)
}

/// `1,2,3` for an `IN (…)` list of ids (integers, so nothing to escape).
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Inserts the statements of `(shop, day)` that do not exist yet.
async fn create_statements(
    tx: &mut Tx,
    keys: &[(i64, NaiveDate)],
    days_of: impl Fn(i64) -> u32,
    now: i64,
) -> AppResult<()> {
    for chunk in keys.chunks(INSERT_ROWS) {
        // Integers and dates (digits and dashes) written into the SQL (see insert_lines).
        let values: Vec<String> = chunk
            .iter()
            .map(|&(shop_id, day)| {
                let pay_date = add_business_days(day, days_of(shop_id));
                format!("({shop_id},'{}','{}',{now},{now})", day.format("%Y-%m-%d"), pay_date.format("%Y-%m-%d"))
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO settlement_statements (shop_id, settle_date, pay_date, created_at, updated_at) VALUES {} \
             ON CONFLICT (shop_id, settle_date) DO NOTHING",
            values.join(",")
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// `(shop, day) → (id, status)` of the shops' statements from `first` to `last`.
async fn statement_states(
    tx: &mut Tx,
    shops: &[i64],
    first: NaiveDate,
    last: NaiveDate,
) -> AppResult<HashMap<(i64, NaiveDate), (i64, String)>> {
    let mut out = HashMap::new();
    for chunk in shops.chunks(INSERT_ROWS) {
        let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(&format!(
            "SELECT id, shop_id, settle_date, status FROM settlement_statements \
             WHERE shop_id IN ({}) AND settle_date >= $1 AND settle_date <= $2",
            id_list(chunk)
        ))
        .bind(first.format("%Y-%m-%d").to_string())
        .bind(last.format("%Y-%m-%d").to_string())
        .fetch_all(&mut **tx)
        .await?;
        for (id, shop_id, date, status) in rows {
            let day = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| AppError::internal())?;
            out.insert((shop_id, day), (id, status));
        }
    }
    Ok(out)
}

/// Adds `(statement id, totals, line count)` to open statements, in one
/// statement per chunk; all or nothing.
async fn add_totals(tx: &mut Tx, open: &[(i64, LineAmounts, i64)], now: i64) -> AppResult<()> {
    for chunk in open.chunks(INSERT_ROWS) {
        // Integers only, written into the SQL (see insert_lines). VALUES
        // columns are column1, column2, … on both engines.
        let values: Vec<String> = chunk
            .iter()
            .map(|(id, t, count)| {
                format!(
                    "({id},{count},{},{},{},{},{},{},{},{})",
                    t.sale_amount,
                    t.seller_discount,
                    t.shipping_fee,
                    t.commission,
                    t.payment_fee,
                    t.claim_amount,
                    t.adjustment,
                    t.net_payout
                )
            })
            .collect();
        let sql = format!(
            "UPDATE settlement_statements SET line_count = line_count + v.column2, \
             sale_amount = sale_amount + v.column3, seller_discount = seller_discount + v.column4, \
             shipping_fee = shipping_fee + v.column5, commission = commission + v.column6, \
             payment_fee = payment_fee + v.column7, claim_amount = claim_amount + v.column8, \
             adjustment = adjustment + v.column9, net_payout = net_payout + v.column10, updated_at = {now} \
             FROM (VALUES {}) AS v WHERE settlement_statements.id = v.column1 AND settlement_statements.status <> 'paid'",
            values.join(",")
        );
        let added = sqlx::query(&sql).execute(&mut **tx).await?.rows_affected();
        if added != chunk.len() as u64 {
            // Only possible if a statement was paid outside the lock.
            return Err(AppError::new("conflict", "정산이 동시에 진행되어 다시 시도합니다."));
        }
    }
    Ok(())
}

/// The statement of `day` (or, when that one is paid, of a later day) gets
/// `totals` added; returns its id.
#[allow(clippy::too_many_arguments)]
async fn add_to_statement(
    tx: &mut Tx,
    shop_id: i64,
    day: NaiveDate,
    today: NaiveDate,
    payout_days: u32,
    totals: &LineAmounts,
    count: usize,
    now: i64,
) -> AppResult<i64> {
    let mut day = day;
    for _ in 0..400 {
        let settle_date = day.format("%Y-%m-%d").to_string();
        let pay_date = add_business_days(day, payout_days).format("%Y-%m-%d").to_string();
        sqlx::query(
            "INSERT INTO settlement_statements (shop_id, settle_date, pay_date, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (shop_id, settle_date) DO NOTHING",
        )
        .bind(shop_id)
        .bind(&settle_date)
        .bind(&pay_date)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM settlement_statements WHERE shop_id = $1 AND settle_date = $2")
            .bind(shop_id)
            .bind(&settle_date)
            .fetch_one(&mut **tx)
            .await?;
        let added = sqlx::query(
            "UPDATE settlement_statements SET line_count = line_count + $1, sale_amount = sale_amount + $2, \
             seller_discount = seller_discount + $3, shipping_fee = shipping_fee + $4, commission = commission + $5, \
             payment_fee = payment_fee + $6, claim_amount = claim_amount + $7, adjustment = adjustment + $8, \
             net_payout = net_payout + $9, updated_at = $10 WHERE id = $11 AND status <> 'paid'",
        )
        .bind(count as i64)
        .bind(totals.sale_amount)
        .bind(totals.seller_discount)
        .bind(totals.shipping_fee)
        .bind(totals.commission)
        .bind(totals.payment_fee)
        .bind(totals.claim_amount)
        .bind(totals.adjustment)
        .bind(totals.net_payout)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if added == 1 {
            return Ok(id);
        }
        // Paid already: the line goes to a later statement, never into paid money.
        day = if day < today { today } else { day.succ_opt().ok_or_else(AppError::internal)? };
    }
    Err(AppError::internal())
}

const LINE_COLUMNS: &str = "shop_id, statement_id, kind, source_key, order_item_id, claim_id, order_no, channel, \
    product_name, option_text, quantity, payment_method, paid_at, confirmed_at, sale_amount, seller_discount, \
    platform_discount, shipping_fee, commission_bp, commission, payment_fee_bp, payment_fee, claim_amount, \
    adjustment, net_payout, memo, created_by, created_at";
const LINE_VALUES: usize = 28;

async fn insert_lines(tx: &mut Tx, lines: &[NewLine], statements: &[i64], now: i64) -> AppResult<()> {
    // Integers are written into the SQL and only text is bound. SQLite finds
    // a named parameter (`$7`) by walking the list of all of them, when
    // parsing and again when binding, so thousands cost a quadratic time
    // (0.2 s for 500 lines of 28); its anonymous `?`, bound in order, is
    // never looked up.
    let anonymous = tx.backend_name() == <sqlx::Sqlite as sqlx::Database>::NAME;
    let mut sql = format!("INSERT INTO settlement_lines ({LINE_COLUMNS}) VALUES ");
    let mut texts: Vec<&str> = Vec::with_capacity(lines.len() * 9);
    for (i, (l, statement_id)) in lines.iter().zip(statements).enumerate() {
        let a = &l.amounts;
        let mut bind = |v| {
            texts.push(v);
            if anonymous {
                "?".to_owned()
            } else {
                format!("${}", texts.len())
            }
        };
        let row = [
            l.shop_id.to_string(),
            statement_id.to_string(),
            bind(l.kind),
            bind(&l.source_key),
            l.order_item_id.to_string(),
            l.claim_id.to_string(),
            bind(&l.order_no),
            bind(&l.channel),
            bind(&l.product_name),
            bind(&l.option_text),
            l.quantity.to_string(),
            bind(&l.payment_method),
            l.paid_at.to_string(),
            l.confirmed_at.to_string(),
            a.sale_amount.to_string(),
            a.seller_discount.to_string(),
            a.platform_discount.to_string(),
            a.shipping_fee.to_string(),
            l.rates.commission_bp.to_string(),
            a.commission.to_string(),
            l.rates.payment_fee_bp.to_string(),
            a.payment_fee.to_string(),
            a.claim_amount.to_string(),
            a.adjustment.to_string(),
            a.net_payout.to_string(),
            bind(&l.memo),
            bind(&l.created_by),
            now.to_string(),
        ];
        debug_assert_eq!(row.len(), LINE_VALUES);
        if i > 0 {
            sql.push(',');
        }
        sql.push('(');
        sql.push_str(&row.join(","));
        sql.push(')');
    }
    let mut q = sqlx::query(&sql);
    for t in texts {
        q = q.bind(t);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Pays scheduled statements whose pay date has come (in Korea).
pub async fn pay_due(db: &Database, now: i64) -> AppResult<(usize, Vec<i64>)> {
    let today = kst_date(now).ok_or_else(AppError::internal)?.format("%Y-%m-%d").to_string();
    let mut tx = begin_locked(db).await?;
    let shops: Vec<i64> = sqlx::query_scalar(
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
    Ok((paid as usize, shops))
}

const STATEMENT_COLUMNS: &str = "id, shop_id, settle_date, pay_date, status, hold_reason, line_count, sale_amount, \
    seller_discount, shipping_fee, commission, payment_fee, claim_amount, adjustment, net_payout, paid_at";

fn statement_row(r: &sqlx::any::AnyRow) -> AppResult<StatementRow> {
    Ok(StatementRow {
        id: r.try_get("id")?,
        settle_date: r.try_get("settle_date")?,
        pay_date: r.try_get("pay_date")?,
        status: StatementStatus::parse(&r.try_get::<String, _>("status")?),
        hold_reason: r.try_get("hold_reason")?,
        line_count: r.try_get("line_count")?,
        sale_amount: r.try_get("sale_amount")?,
        seller_discount: r.try_get("seller_discount")?,
        shipping_fee: r.try_get("shipping_fee")?,
        commission: r.try_get("commission")?,
        payment_fee: r.try_get("payment_fee")?,
        claim_amount: r.try_get("claim_amount")?,
        adjustment: r.try_get("adjustment")?,
        net_payout: r.try_get("net_payout")?,
        paid_at: r.try_get("paid_at")?,
        shop_id: r.try_get("shop_id")?,
        shop_name: String::new(),
    })
}

/// The statements of a shop paid (or to be paid) in `[from, to]` (dates),
/// newest pay date first.
pub async fn statements_between(db: &Database, shop_id: i64, from: &str, to: &str) -> AppResult<Vec<StatementRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {STATEMENT_COLUMNS} FROM settlement_statements WHERE shop_id = $1 AND pay_date >= $2 AND pay_date <= $3 \
         ORDER BY pay_date DESC, id DESC"
    ))
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(statement_row).collect()
}

/// The shop's statements not yet paid, soonest pay date first (at most 60).
pub async fn unpaid(db: &Database, shop_id: i64) -> AppResult<Vec<StatementRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {STATEMENT_COLUMNS} FROM settlement_statements WHERE shop_id = $1 AND status <> 'paid' \
         ORDER BY pay_date, id LIMIT 60"
    ))
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(statement_row).collect()
}

pub async fn statement(db: &Database, shop_id: i64, id: i64) -> AppResult<StatementRow> {
    let row = sqlx::query(&format!("SELECT {STATEMENT_COLUMNS} FROM settlement_statements WHERE id = $1 AND shop_id = $2"))
        .bind(id)
        .bind(shop_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found("정산서"))?;
    statement_row(&row)
}

/// 정산 예정 (scheduled, any date), 보류, and paid in the month of `today`.
pub async fn summary(db: &Database, shop_id: i64, month_from: &str, month_to: &str) -> AppResult<Summary> {
    let r = sqlx::query(
        "SELECT \
         CAST(COALESCE(SUM(CASE WHEN status = 'scheduled' THEN net_payout ELSE 0 END), 0) AS BIGINT) AS scheduled, \
         CAST(COALESCE(SUM(CASE WHEN status = 'held' THEN net_payout ELSE 0 END), 0) AS BIGINT) AS held, \
         CAST(COALESCE(SUM(CASE WHEN status = 'paid' AND pay_date >= $2 AND pay_date <= $3 THEN net_payout ELSE 0 END), 0) AS BIGINT) AS paid, \
         MIN(CASE WHEN status = 'scheduled' THEN pay_date END) AS next_pay_date \
         FROM settlement_statements WHERE shop_id = $1",
    )
    .bind(shop_id)
    .bind(month_from)
    .bind(month_to)
    .fetch_one(db.pool())
    .await?;
    Ok(Summary {
        scheduled: r.try_get("scheduled")?,
        held: r.try_get("held")?,
        paid_in_month: r.try_get("paid")?,
        next_pay_date: r.try_get::<Option<String>, _>("next_pay_date")?.unwrap_or_default(),
    })
}

const LINE_SELECT: &str = "id, statement_id, kind, order_item_id, claim_id, order_no, channel, product_name, \
    option_text, quantity, payment_method, paid_at, confirmed_at, sale_amount, seller_discount, platform_discount, \
    shipping_fee, commission_bp, commission, payment_fee_bp, payment_fee, claim_amount, adjustment, net_payout, memo";

fn line_row(r: &sqlx::any::AnyRow) -> AppResult<LineRow> {
    Ok(LineRow {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        order_item_id: r.try_get("order_item_id")?,
        claim_id: r.try_get("claim_id")?,
        order_no: r.try_get("order_no")?,
        channel: r.try_get("channel")?,
        product_name: r.try_get("product_name")?,
        option_text: r.try_get("option_text")?,
        quantity: r.try_get("quantity")?,
        payment_method: r.try_get("payment_method")?,
        paid_at: r.try_get("paid_at")?,
        confirmed_at: r.try_get("confirmed_at")?,
        sale_amount: r.try_get("sale_amount")?,
        seller_discount: r.try_get("seller_discount")?,
        platform_discount: r.try_get("platform_discount")?,
        shipping_fee: r.try_get("shipping_fee")?,
        commission_bp: r.try_get("commission_bp")?,
        commission: r.try_get("commission")?,
        payment_fee_bp: r.try_get("payment_fee_bp")?,
        payment_fee: r.try_get("payment_fee")?,
        claim_amount: r.try_get("claim_amount")?,
        adjustment: r.try_get("adjustment")?,
        net_payout: r.try_get("net_payout")?,
        memo: r.try_get("memo")?,
    })
}

/// Lines of a statement after line id `after`, at most `limit`.
pub async fn lines(db: &Database, shop_id: i64, statement_id: i64, after: i64, limit: i64) -> AppResult<Vec<LineRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {LINE_SELECT} FROM settlement_lines WHERE statement_id = $1 AND shop_id = $2 AND id > $3 ORDER BY id LIMIT $4"
    ))
    .bind(statement_id)
    .bind(shop_id)
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(line_row).collect()
}

/// The rates in force now for the shop, per channel.
pub async fn current_rates(db: &Database, shop_id: i64, now: i64) -> AppResult<Vec<RateRow>> {
    let book = RateBook::load(db).await?;
    Ok(crate::products::model::Channel::ALL
        .iter()
        .map(|c| {
            let r = book.rates(shop_id, c.code(), now);
            RateRow {
                id: 0,
                shop_id,
                shop_name: String::new(),
                channel: c.code().to_owned(),
                commission_bp: r.commission_bp,
                payment_fee_bp: r.payment_fee_bp,
                effective_from: 0,
                memo: String::new(),
                created_by: String::new(),
            }
        })
        .collect())
}

/// Every rate row the operator has set, newest first (with shop names).
pub async fn rate_rows(db: &Database) -> AppResult<Vec<RateRow>> {
    let rows = sqlx::query(
        "SELECT r.id, r.shop_id, COALESCE(s.name, '') AS shop_name, r.channel, r.commission_bp, r.payment_fee_bp, \
         r.effective_from, r.memo, r.created_by FROM commission_rates r LEFT JOIN shops s ON s.id = r.shop_id \
         ORDER BY r.effective_from DESC, r.id DESC LIMIT 500",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RateRow {
                id: r.try_get("id")?,
                shop_id: r.try_get("shop_id")?,
                shop_name: r.try_get("shop_name")?,
                channel: r.try_get("channel")?,
                commission_bp: r.try_get("commission_bp")?,
                payment_fee_bp: r.try_get("payment_fee_bp")?,
                effective_from: r.try_get("effective_from")?,
                memo: r.try_get("memo")?,
                created_by: r.try_get("created_by")?,
            })
        })
        .collect()
}

/// Writes a rate row (the operator's, or the demo's).
pub async fn insert_rate(
    db: &Database,
    shop_id: i64,
    channel: &str,
    rates: Rates,
    effective_from: i64,
    memo: &str,
    created_by: &str,
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO commission_rates (shop_id, channel, commission_bp, payment_fee_bp, effective_from, memo, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(shop_id)
    .bind(channel)
    .bind(rates.commission_bp)
    .bind(rates.payment_fee_bp)
    .bind(effective_from)
    .bind(memo)
    .bind(created_by)
    .bind(now_millis())
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

/// Statements the operator watches: held ones and those paid in the next
/// `days` days, across shops.
pub async fn upcoming_statements(db: &Database, until: &str) -> AppResult<Vec<StatementRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {cols}, s.name AS shop_name FROM settlement_statements st JOIN shops s ON s.id = st.shop_id \
         WHERE st.status = 'held' OR (st.status = 'scheduled' AND st.pay_date <= $1) \
         ORDER BY st.pay_date, st.id LIMIT 300",
        cols = STATEMENT_COLUMNS.split(", ").map(|c| format!("st.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(until)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let mut s = statement_row(r)?;
            s.shop_name = r.try_get("shop_name")?;
            Ok(s)
        })
        .collect()
}

/// 보류 / 보류 해제 by the operator: only between scheduled and held.
pub async fn set_hold(db: &Database, id: i64, hold: bool, reason: &str, now: i64) -> AppResult<StatementRow> {
    let mut tx = begin_locked(db).await?;
    let (from, to) = if hold { ("scheduled", "held") } else { ("held", "scheduled") };
    let done = sqlx::query(
        "UPDATE settlement_statements SET status = $1, hold_reason = $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(if hold { reason } else { "" })
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let row = sqlx::query(&format!("SELECT {STATEMENT_COLUMNS} FROM settlement_statements WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found("정산서"))?;
    let statement = statement_row(&row)?;
    if done == 0 {
        tx.rollback().await?;
        let message = match statement.status {
            StatementStatus::Paid => "이미 지급된 정산서는 보류하거나 바꿀 수 없습니다.",
            _ if hold => "이미 보류 중인 정산서입니다.",
            _ => "보류 중인 정산서가 아닙니다.",
        };
        return Err(AppError::new("invalid_transition", message));
    }
    tx.commit().await?;
    Ok(statement)
}

/// An operator's correction: an adjustment line in the shop's next open statement.
pub async fn adjust(db: &Database, shop_id: i64, amount: i64, memo: &str, actor: &str, now: i64) -> AppResult<()> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM shops WHERE id = $1").bind(shop_id).fetch_optional(db.pool()).await?;
    if exists.is_none() {
        return Err(AppError::not_found("상점"));
    }
    let mut tx = begin_locked(db).await?;
    let key = format!("adjustment:{shop_id}:{}", crate::accounts::ssr::random_token());
    let adjustment = Adjustment {
        shop_id,
        source_key: key,
        amount,
        memo: memo.to_owned(),
        actor: actor.to_owned(),
    };
    add_adjustments(&mut tx, vec![adjustment], now).await?;
    tx.commit().await?;
    Ok(())
}

/// The shop's statements for a date range as export rows.
pub fn statement_cells(s: &StatementRow) -> Vec<crate::products::sheet::Cell> {
    use crate::products::sheet::Cell;
    vec![
        Cell::Text(s.settle_date.clone()),
        Cell::Text(s.pay_date.clone()),
        Cell::Text(s.status.label().into()),
        Cell::Number(s.line_count),
        Cell::Number(s.sale_amount),
        Cell::Number(s.seller_discount),
        Cell::Number(s.shipping_fee),
        Cell::Number(s.commission),
        Cell::Number(s.payment_fee),
        Cell::Number(s.claim_amount),
        Cell::Number(s.adjustment),
        Cell::Number(s.net_payout),
        Cell::Text(s.hold_reason.clone()),
    ]
}

pub const STATEMENT_EXPORT_COLUMNS: &[&str] = &[
    "정산일", "지급일", "상태", "건수", "판매금액", "판매자할인", "배송비", "판매수수료", "결제수수료", "클레임", "조정", "정산금액", "보류사유",
];

pub const LINE_EXPORT_COLUMNS: &[&str] = &[
    "구분", "주문번호", "판매채널", "상품명", "옵션", "수량", "결제수단", "결제일시", "확정일시", "판매금액", "판매자할인",
    "플랫폼할인", "배송비", "판매수수료율", "판매수수료", "결제수수료율", "결제수수료", "클레임", "조정", "정산금액", "비고",
];

pub fn line_cells(l: &LineRow) -> Vec<crate::products::sheet::Cell> {
    use crate::products::sheet::Cell;
    use crate::time::format_datetime_ko;
    vec![
        Cell::Text(super::line_kind_label(&l.kind).into()),
        Cell::Text(l.order_no.clone()),
        Cell::Text(super::channel_label(&l.channel).into()),
        Cell::Text(l.product_name.clone()),
        Cell::Text(l.option_text.clone()),
        Cell::Number(l.quantity),
        Cell::Text(if l.payment_method.is_empty() { String::new() } else { crate::orders::payment_method_label(&l.payment_method).into() }),
        Cell::Text(if l.paid_at > 0 { format_datetime_ko(l.paid_at) } else { String::new() }),
        Cell::Text(format_datetime_ko(l.confirmed_at)),
        Cell::Number(l.sale_amount),
        Cell::Number(l.seller_discount),
        Cell::Number(l.platform_discount),
        Cell::Number(l.shipping_fee),
        Cell::Text(super::money::format_bp(l.commission_bp)),
        Cell::Number(l.commission),
        Cell::Text(super::money::format_bp(l.payment_fee_bp)),
        Cell::Number(l.payment_fee),
        Cell::Number(l.claim_amount),
        Cell::Number(l.adjustment),
        Cell::Number(l.net_payout),
        Cell::Text(l.memo.clone()),
    ]
}

/// `/downloads/settlement/{file}`: `statements-YYYY-MM.{csv,xlsx}` (the
/// month's statements by pay date) or `statement-<id>.{csv,xlsx}` (its lines).
pub async fn serve_download(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use crate::products::import::{refuse, sheet_download};
    use crate::products::sheet;
    let actor =
        match crate::accounts::ssr::require_shop_for(&state, &headers, crate::accounts::roles::Permission::Settlement).await {
            Ok(a) => a,
            Err(e) => return refuse(&e),
        };
    let (stem, ext) = match file.rsplit_once('.') {
        Some((s, e)) if e == "csv" || e == "xlsx" => (s.to_owned(), e.to_owned()),
        _ => return refuse(&AppError::not_found("파일")),
    };
    let result: AppResult<(String, &'static [&'static str], Vec<Vec<sheet::Cell>>)> = async {
        if let Some(month) = stem.strip_prefix("statements-") {
            let (from, to) = super::month_range(month)?;
            let rows = statements_between(&state.db, actor.shop_id, &from, &to).await?;
            Ok((format!("정산내역_{month}"), STATEMENT_EXPORT_COLUMNS, rows.iter().map(statement_cells).collect()))
        } else if let Some(id) = stem.strip_prefix("statement-").and_then(|s| s.parse::<i64>().ok()) {
            let st = statement(&state.db, actor.shop_id, id).await?;
            let rows = lines(&state.db, actor.shop_id, id, 0, 1_000_000).await?;
            Ok((format!("정산상세_{}", st.settle_date), LINE_EXPORT_COLUMNS, rows.iter().map(line_cells).collect()))
        } else {
            Err(AppError::not_found("파일"))
        }
    }
    .await;
    match result {
        Ok((name, columns, rows)) => sheet_download(&name, "정산", ext == "xlsx", columns, rows).await,
        Err(e) => refuse(&e),
    }
}

/// Today's Korean date as `YYYY-MM-DD`.
pub fn today(now: i64) -> String {
    kst_date(now).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}
