//! Lines written into their statements, in as few statements of SQL as the
//! number of lines allows.

use crate::i18n::msg;
use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::Row;

use super::Tx;
use crate::calendar::{add_business_days, kst_date};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::money::{LineAmounts, Rates};

/// Rows per multi-row statement whose values are written into the SQL.
const INSERT_ROWS: usize = 500;
/// Lines per INSERT: nine bound texts each (see `insert_lines`).
const LINE_ROWS: usize = 250;

/// A line about to be written.
pub(super) struct NewLine {
    pub(super) shop_id: i64,
    pub(super) kind: &'static str,
    pub(super) source_key: String,
    pub(super) order_item_id: i64,
    pub(super) claim_id: i64,
    pub(super) order_no: String,
    pub(super) channel: String,
    pub(super) product_name: String,
    pub(super) option_text: String,
    pub(super) quantity: i64,
    pub(super) payment_method: String,
    pub(super) paid_at: i64,
    pub(super) confirmed_at: i64,
    pub(super) rates: Rates,
    pub(super) amounts: LineAmounts,
    pub(super) memo: String,
    pub(super) created_by: String,
    /// The coupon the item used and who bore its discount (already inside
    /// the amounts' seller and platform discounts), and the campaign whose
    /// price and commission rate the item sold at (0: none).
    pub(super) promotion: LinePromotion,
}

/// What a sale line owes to promotions.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LinePromotion {
    pub(super) coupon_id: i64,
    pub(super) coupon_seller_part: i64,
    pub(super) coupon_platform_part: i64,
    pub(super) campaign_id: i64,
}

impl NewLine {
    /// A line with nothing but its key, time and money (an adjustment's shape).
    pub(super) fn new(shop_id: i64, kind: &'static str, source_key: String, confirmed_at: i64, amounts: LineAmounts) -> Self {
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
            promotion: LinePromotion::default(),
        }
    }

    /// With the order item's own columns (`order_no`, `channel`, …) from `r`.
    pub(super) fn of_item(mut self, order_item_id: i64, r: &sqlx::any::AnyRow) -> AppResult<Self> {
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

/// Marks a shop's lines confirmed in `[from, to)` and not yet invoiced as
/// taken by tax invoice `invoice_id` (-1: the month had nothing to invoice),
/// in the tax area's transaction.
pub async fn mark_invoiced(tx: &mut Tx, shop_id: i64, invoice_id: i64, from: i64, to: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE settlement_lines SET invoice_id = $1 \
         WHERE shop_id = $2 AND invoice_id = 0 AND confirmed_at >= $3 AND confirmed_at < $4",
    )
    .bind(invoice_id)
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds the lines to their statements (creating them) and writes them.
///
/// A fixed number of statements per call, whatever the number of lines:
/// the shops' payout days in one query, every missing statement in one
/// multi-row insert, their ids and states in one query, and every open
/// statement's totals in one `UPDATE … FROM (VALUES …)`. Only a line whose
/// own statement is paid already takes the slow road ([`add_to_statement`]).
pub(super) async fn write_lines(tx: &mut Tx, mut lines: Vec<NewLine>, now: i64) -> AppResult<Vec<i64>> {
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
            return Err(AppError::new(ErrorCode::Conflict, msg::settlement_err_conflict_retry()));
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
    adjustment, net_payout, memo, created_by, created_at, coupon_id, coupon_seller_part, coupon_platform_part, campaign_id";
const LINE_VALUES: usize = 32;

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
            l.promotion.coupon_id.to_string(),
            l.promotion.coupon_seller_part.to_string(),
            l.promotion.coupon_platform_part.to_string(),
            l.promotion.campaign_id.to_string(),
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
