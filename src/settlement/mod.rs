//! 정산 관리: what a shop is owed, to the won.
//!
//! A purchase-confirmed item becomes a settlement line (판매금액, 판매자 할인,
//! 배송비, 판매수수료 at the rate of the shop and channel at payment time,
//! 결제수수료, claim amounts, 정산금액) computed by [`money`]; lines are grouped
//! per Korean day into a statement (정산서) paid on the shop's N-th business
//! day after (default 5). Statements go scheduled → paid, or are held by the
//! operator with a reason. Once paid, a statement never changes: corrections
//! are adjustment lines in a later one.

pub use crate::money;
pub mod tax;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;

/// Live-update topic of the settlement pages.
pub const TOPIC_NAME: &str = "settlement";

/// Lines shown per page of a statement.
pub const LINES_PER_PAGE: i64 = 100;
pub const MAX_HOLD_REASON: usize = 300;
pub const MAX_ADJUSTMENT_MEMO: usize = 200;
/// The largest correction an operator may enter in one line (1억 원).
pub const MAX_ADJUSTMENT: i64 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatementStatus {
    /// 지급예정
    Scheduled,
    /// 지급보류
    Held,
    /// 지급완료
    Paid,
}

impl StatementStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "held" => Self::Held,
            "paid" => Self::Paid,
            _ => Self::Scheduled,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Scheduled => msg::settlement_status_scheduled(),
            Self::Held => msg::settlement_status_held(),
            Self::Paid => msg::settlement_status_paid(),
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Self::Scheduled => "badge badge-order-paid",
            Self::Held => "badge badge-warning",
            Self::Paid => "badge badge-approved",
        }
    }
}

/// 정산서: one shop's lines of one Korean day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRow {
    pub id: i64,
    pub shop_id: i64,
    /// Filled in for the operator's cross-shop list.
    pub shop_name: String,
    /// The day the lines' events happened (정산 기준일), `YYYY-MM-DD` KST.
    pub settle_date: String,
    /// 지급일.
    pub pay_date: String,
    pub status: StatementStatus,
    pub hold_reason: String,
    pub line_count: i64,
    pub sale_amount: i64,
    pub seller_discount: i64,
    pub shipping_fee: i64,
    pub commission: i64,
    pub payment_fee: i64,
    pub claim_amount: i64,
    pub adjustment: i64,
    pub net_payout: i64,
    pub paid_at: i64,
}

/// One 정산 항목.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRow {
    pub id: i64,
    /// `sale`, `claim` or `adjustment`.
    pub kind: String,
    pub order_item_id: i64,
    pub claim_id: i64,
    pub order_no: String,
    pub channel: String,
    pub product_name: String,
    pub option_text: String,
    pub quantity: i64,
    pub payment_method: String,
    pub paid_at: i64,
    pub confirmed_at: i64,
    pub sale_amount: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    pub shipping_fee: i64,
    pub commission_bp: i64,
    pub commission: i64,
    pub payment_fee_bp: i64,
    pub payment_fee: i64,
    pub claim_amount: i64,
    pub adjustment: i64,
    pub net_payout: i64,
    pub memo: String,
    /// The coupon the item used (0: none) and who bore its discount — both
    /// parts are already inside `seller_discount` and `platform_discount`.
    pub coupon_id: i64,
    pub coupon_seller_part: i64,
    pub coupon_platform_part: i64,
    /// The 기획전 whose price and commission rate the item sold at (0: none).
    pub campaign_id: i64,
}

/// A statement's coupon discounts, per coupon (쿠폰 할인 내역).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponLine {
    pub coupon_id: i64,
    pub code: String,
    pub name: String,
    /// Sale lines that used the coupon.
    pub lines: i64,
    /// 판매자 부담: taken off the payout (and off the commission base).
    pub seller_part: i64,
    /// 플랫폼 부담: paid back by the platform, not taken off the payout.
    pub platform_part: i64,
}

pub fn line_kind_label(kind: &str) -> &'static str {
    match kind {
        "sale" => msg::settlement_kind_sale(),
        "claim" => msg::settlement_kind_claim(),
        _ => msg::settlement_kind_adjustment(),
    }
}

pub fn channel_label(code: &str) -> &'static str {
    crate::channel::Channel::parse(code).map(|c| c.label()).unwrap_or("")
}

/// A commission-rate row (or the rate in force, with `id` 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRow {
    pub id: i64,
    /// 0: the platform's default for every shop.
    pub shop_id: i64,
    pub shop_name: String,
    pub channel: String,
    pub commission_bp: i64,
    pub payment_fee_bp: i64,
    pub effective_from: i64,
    pub memo: String,
    pub created_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// 지급예정 합계 (every scheduled statement).
    pub scheduled: i64,
    /// 지급보류 합계.
    pub held: i64,
    /// Paid in the month shown.
    pub paid_in_month: i64,
    /// The next scheduled pay date, or empty.
    pub next_pay_date: String,
}

/// The 정산 내역 page: a month of statements by pay date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub today: String,
    pub summary: Summary,
    /// Every statement not yet paid (지급예정 and 보류), soonest first.
    pub upcoming: Vec<StatementRow>,
    /// The month's statements by pay date.
    pub statements: Vec<StatementRow>,
    /// Rates in force now, per channel.
    pub rates: Vec<RateRow>,
    pub payout_after_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementDetail {
    pub statement: StatementRow,
    /// The coupons its lines used, with the discount each side bore.
    pub coupons: Vec<CouponLine>,
    pub lines: Vec<LineRow>,
    /// Cursor of the next page of lines, when there is one.
    pub next_after: Option<i64>,
}

/// The operator's settlement console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorSettlement {
    pub rates: Vec<RateRow>,
    pub statements: Vec<StatementRow>,
    /// Approved shops to pick from (id, name).
    pub shops: Vec<(i64, String)>,
}

/// `2026년 10월` / `October 2026` in the reader's language.
pub fn month_name(year: i32, month: u32) -> String {
    msg::settlement_month_title(year.to_string(), month)
}

/// `YYYY-MM` → its first and last day as `YYYY-MM-DD`.
pub fn month_range(month: &str) -> Result<(String, String), AppError> {
    let bad = || AppError::invalid("month", msg::settlement_err_month_format());
    let first = chrono::NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").map_err(|_| bad())?;
    if month.trim().len() != 7 {
        return Err(bad());
    }
    let next = first.checked_add_months(chrono::Months::new(1)).ok_or_else(bad)?;
    let last = next.pred_opt().ok_or_else(bad)?;
    Ok((first.format("%Y-%m-%d").to_string(), last.format("%Y-%m-%d").to_string()))
}

#[server(prefix = "/api")]
pub async fn get_settlement_month(month: String) -> Result<SettlementMonth, AppError> {
    crate::auth::ssr::as_member(Permission::Settlement, async |state, actor| {
        ssr::settlement_month(&state.db, actor.shop_id, &month).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_statement(statement_id: i64, after: i64) -> Result<StatementDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Settlement, async |state, actor| {
        let statement = ssr::statement(&state.db, actor.shop_id, statement_id).await?;
        let coupons = if after <= 0 { ssr::coupon_lines(&state.db, actor.shop_id, statement_id).await? } else { Vec::new() };
        let mut lines = ssr::lines(&state.db, actor.shop_id, statement_id, after.max(0), LINES_PER_PAGE + 1).await?;
        let next_after = if lines.len() as i64 > LINES_PER_PAGE {
            lines.truncate(LINES_PER_PAGE as usize);
            lines.last().map(|l| l.id)
        } else {
            None
        };
        Ok(StatementDetail { statement, coupons, lines, next_after })
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_operator_settlement() -> Result<OperatorSettlement, AppError> {
    crate::auth::ssr::as_operator(async |state, _| {
        ssr::operator_settlement(&state.db).await
    })
    .await
}

/// 수수료율 설정: a new rate row from a Korean date on (the old rows stay, so
/// past orders keep the rate of their time).
#[server(prefix = "/api")]
pub async fn add_commission_rate(
    shop_id: i64,
    channel: String,
    commission: String,
    payment_fee: String,
    effective_from: String,
    memo: String,
) -> Result<i64, AppError> {
    crate::auth::ssr::as_operator(async |state, actor| {
        let input = ssr::RateInput { shop_id, channel, commission, payment_fee, effective_from, memo };
        ssr::add_rate(&state, &actor, input).await
    })
    .await
}

/// 지급보류 (hold = true, with a reason) or 보류 해제, by the operator.
#[server(prefix = "/api")]
pub async fn hold_statement(statement_id: i64, hold: bool, reason: String) -> Result<StatementRow, AppError> {
    crate::auth::ssr::as_operator(async |state, actor| {
        ssr::hold(&state, &actor, statement_id, hold, &reason).await
    })
    .await
}

/// 정산 조정: a correction for a shop, carried by its next open statement.
#[server(prefix = "/api")]
pub async fn add_settlement_adjustment(shop_id: i64, amount: String, memo: String) -> Result<(), AppError> {
    crate::auth::ssr::as_operator(async |state, actor| {
        ssr::adjust(&state, &actor, shop_id, &amount, &memo).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_runs_from_its_first_to_its_last_day() {
        assert_eq!(month_range("2026-02").unwrap(), ("2026-02-01".into(), "2026-02-28".into()));
        assert_eq!(month_range("2028-02").unwrap().1, "2028-02-29");
        assert_eq!(month_range("2026-12").unwrap().1, "2026-12-31");
        assert!(month_range("2026-13").is_err());
        assert!(month_range("2026-1").is_err());
        assert!(month_range("abc").is_err());
    }
}
