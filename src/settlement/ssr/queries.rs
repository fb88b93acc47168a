//! What the settlement pages read: a shop's month, statements and lines,
//! and the operator's console.

use crate::i18n::msg;
use sqlx::Row;

use super::RateBook;
use crate::error::{AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::settlement::{
    month_range, CouponLine, LineRow, OperatorSettlement, RateRow, SettlementMonth, StatementRow, StatementStatus, Summary,
};

pub(super) const STATEMENT_COLUMNS: &str = "id, shop_id, settle_date, pay_date, status, hold_reason, line_count, sale_amount, \
    seller_discount, shipping_fee, commission, payment_fee, claim_amount, adjustment, net_payout, paid_at";

pub(super) fn statement_row(r: &sqlx::any::AnyRow) -> AppResult<StatementRow> {
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
        .ok_or_else(|| AppError::not_found(msg::settlement_noun_statement()))?;
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
    shipping_fee, commission_bp, commission, payment_fee_bp, payment_fee, claim_amount, adjustment, net_payout, memo, \
    coupon_id, coupon_seller_part, coupon_platform_part, campaign_id";

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
        coupon_id: r.try_get("coupon_id")?,
        coupon_seller_part: r.try_get("coupon_seller_part")?,
        coupon_platform_part: r.try_get("coupon_platform_part")?,
        campaign_id: r.try_get("campaign_id")?,
    })
}

/// The coupons a statement's lines used, per coupon, with the discount the
/// seller and the platform bore (sums of the lines' own parts).
pub async fn coupon_lines(db: &Database, shop_id: i64, statement_id: i64) -> AppResult<Vec<CouponLine>> {
    let rows = sqlx::query(
        "SELECT l.coupon_id, MAX(c.code) AS code, MAX(c.name) AS name, COUNT(*) AS lines, \
         CAST(SUM(l.coupon_seller_part) AS BIGINT) AS seller_part, CAST(SUM(l.coupon_platform_part) AS BIGINT) AS platform_part \
         FROM settlement_lines l JOIN coupons c ON c.id = l.coupon_id AND c.shop_id = l.shop_id \
         WHERE l.statement_id = $1 AND l.shop_id = $2 AND l.coupon_id > 0 GROUP BY l.coupon_id ORDER BY l.coupon_id",
    )
    .bind(statement_id)
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CouponLine {
                coupon_id: r.try_get("coupon_id")?,
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                lines: r.try_get("lines")?,
                seller_part: r.try_get("seller_part")?,
                platform_part: r.try_get("platform_part")?,
            })
        })
        .collect()
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
    Ok(crate::channel::Channel::ALL
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

/// The 정산 내역 page of a shop: the month (`YYYY-MM`, this month when empty)
/// of statements by pay date, those not yet paid, and the rates in force.
pub async fn settlement_month(db: &Database, shop_id: i64, month: &str) -> AppResult<SettlementMonth> {
    let now = now_millis();
    let today = super::today(now);
    let month = if month.trim().is_empty() { today[..7].to_owned() } else { month.trim().to_owned() };
    let (from, to) = month_range(&month)?;
    let summary = summary(db, shop_id, &from, &to).await?;
    let statements = statements_between(db, shop_id, &from, &to).await?;
    let upcoming = unpaid(db, shop_id).await?;
    let rates = current_rates(db, shop_id, now).await?;
    let payout_after_days: i64 = sqlx::query_scalar("SELECT payout_after_days FROM shops WHERE id = $1")
        .bind(shop_id)
        .fetch_one(db.pool())
        .await?;
    Ok(SettlementMonth { month, today, summary, upcoming, statements, rates, payout_after_days })
}

/// The operator's settlement console: the rate rows, the statements held or
/// paid in the next 14 days, and the approved shops to pick from.
pub async fn operator_settlement(db: &Database) -> AppResult<OperatorSettlement> {
    let now = now_millis();
    let until = crate::calendar::kst_date(now)
        .and_then(|d| d.checked_add_days(chrono::Days::new(14)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let rates = rate_rows(db).await?;
    let statements = upcoming_statements(db, &until).await?;
    let shops = sqlx::query("SELECT id, name FROM shops WHERE status = 'approved' ORDER BY name, id LIMIT 1000")
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()?;
    Ok(OperatorSettlement { rates, statements, shops })
}
