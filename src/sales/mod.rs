//! 매출 현황: the shop's sales over today, the last 7 or 30 days or a chosen
//! period (KST days, both ends included), compared with the period of the
//! same length just before it; by day, channel, product and category.
//!
//! **What the numbers mean** (the seller's view, 판매금액 기준):
//! - 매출 (`revenue`) = Σ `(unit_price + option_price) × quantity − seller_discount`
//!   of the items **paid** in the period, whatever happened to them later. The
//!   platform's discount is the platform's cost (it is paid back to the
//!   seller) and the shipping fee is not a sale, so neither is in it.
//! - 주문수 (`orders`) = distinct buyer orders among those items; 판매수량 =
//!   Σ quantity; 객단가 = 매출 ÷ 주문수, whole won, half away from zero.
//! - 취소 = items **cancelled** in the period (by the seller, or a buyer's
//!   cancel request approved), at their sales amount, by `cancelled_at`.
//! - 환불 = **return** claims completed in the period, at the refund the claim
//!   computed (`refund_amount`), by `resolved_at`. A cancel claim is already
//!   counted as a cancellation, so it is not counted again here.
//! - 순매출 (`net`) = 매출 − 취소 − 환불.
//!
//! Percent changes are basis points computed with `rust_decimal`; no
//! floating-point number is used anywhere in this module.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use leptos::prelude::*;

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::{ErrorCode, AppError};
use crate::i18n::msg;
use crate::money::round_won;

/// The longest period one report covers: two years (a leap day included).
pub const MAX_DAYS: i64 = 731;
/// Products listed by revenue.
pub const TOP_PRODUCTS: usize = 10;

/// The quick choices of the period bar: `?range=` values and their labels.
pub const RANGES: &[(&str, fn() -> &'static str)] =
    &[("today", msg::sales_range_today), ("7d", msg::sales_range_7d), ("30d", msg::sales_range_30d)];

/// A period of KST days, `YYYY-MM-DD`, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesPeriod {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesTotals {
    /// 매출: 판매금액 of the items paid in the period.
    pub revenue: i64,
    pub orders: i64,
    pub units: i64,
    /// 객단가: revenue ÷ orders, whole won.
    pub average_order_value: i64,
    pub cancelled_count: i64,
    pub cancelled_amount: i64,
    pub refund_count: i64,
    pub refund_amount: i64,
    /// 순매출: revenue − cancelled − refunds.
    pub net: i64,
}

/// One KST day of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPoint {
    /// `YYYY-MM-DD`
    pub date: String,
    pub revenue: i64,
    pub orders: i64,
    pub units: i64,
}

/// Sales of one channel, product or category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Channel code, product id or category path.
    pub key: String,
    pub label: String,
    pub revenue: i64,
    pub orders: i64,
    pub units: i64,
    /// Share of the period's revenue, basis points (2500 = 25.00 %).
    pub share_bp: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesReport {
    pub from: String,
    pub to: String,
    /// The previous period: as many days, just before `from`.
    pub prev_from: String,
    pub prev_to: String,
    /// Today in Korea, when the report was made.
    pub today: String,
    /// `today`, `7d`, `30d` when the period was asked for that way, else empty.
    pub range: String,
    pub days: i64,
    pub totals: SalesTotals,
    pub prev: SalesTotals,
    /// Every day of the period, days without sales included.
    pub by_day: Vec<DayPoint>,
    /// Every day of the previous period, in order (index i matches by_day[i]).
    pub prev_by_day: Vec<DayPoint>,
    /// Every channel that sold, by revenue.
    pub by_channel: Vec<Breakdown>,
    /// The top [`TOP_PRODUCTS`] products by revenue.
    pub by_product: Vec<Breakdown>,
    /// Every category that sold, by revenue.
    pub by_category: Vec<Breakdown>,
}

fn parse_day(field: &str, label: &str, text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, msg::sales_err_date(label)))
}

/// The period asked for. `range` (`today`, `7d`, `30d`) wins over dates;
/// nothing at all means the last 7 days. Refused: a date that is not a date,
/// an end before the start (`invalid_period`), more than two years
/// (`period_too_long`).
pub fn resolve_period(from: &str, to: &str, range: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), AppError> {
    let last = |days: i64| Ok((today - chrono::Duration::days(days - 1), today));
    match range.trim() {
        "today" => return last(1),
        "7d" => return last(7),
        "30d" => return last(30),
        "" => {}
        _ => return Err(AppError::invalid("range", msg::sales_err_range())),
    }
    let (from, to) = (from.trim(), to.trim());
    if from.is_empty() && to.is_empty() {
        return last(7);
    }
    let start = parse_day("from", msg::sales_start_date(), from)?;
    let end = parse_day("to", msg::sales_end_date(), to)?;
    if end < start {
        return Err(AppError {
            code: ErrorCode::InvalidPeriod,
            message: msg::sales_err_end_before_start().into(),
            field: Some("to".into()),
        });
    }
    if days_in(start, end) > MAX_DAYS {
        return Err(AppError {
            code: ErrorCode::PeriodTooLong,
            message: msg::sales_err_period_too_long().into(),
            field: Some("from".into()),
        });
    }
    Ok((start, end))
}

/// Days from `start` to `end`, both included.
pub fn days_in(start: NaiveDate, end: NaiveDate) -> i64 {
    (end - start).num_days() + 1
}

/// The period of the same length just before `start..=end`.
pub fn previous_period(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = days_in(start, end);
    (start - chrono::Duration::days(days), start - chrono::Duration::days(1))
}

/// 객단가: `revenue ÷ orders`, whole won half away from zero; 0 without orders.
pub fn average_order_value(revenue: i64, orders: i64) -> i64 {
    if orders <= 0 {
        return 0;
    }
    round_won(Decimal::from(revenue) / Decimal::from(orders))
}

/// `part` of `whole` in basis points (half away from zero); 0 when whole is 0.
pub fn share_bp(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    round_won(Decimal::from(part) * Decimal::from(10_000) / Decimal::from(whole))
}

/// The change from `prev` to `cur` in basis points (1234 = +12.34 %), or
/// `None` when there was nothing before to compare with.
pub fn change_bp(cur: i64, prev: i64) -> Option<i64> {
    if prev == 0 {
        return None;
    }
    Some(round_won(Decimal::from(cur - prev) * Decimal::from(10_000) / Decimal::from(prev.abs())))
}

/// `▲ 12.3%`, `▼ 5.0%`, `변동 없음`, or `-` when there is nothing to compare.
pub fn format_change(bp: Option<i64>) -> String {
    match bp {
        None => "-".to_owned(),
        Some(0) => msg::sales_no_change().to_owned(),
        Some(bp) => {
            let pct = Decimal::new(bp.abs(), 2).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
            let arrow = if bp > 0 { "▲" } else { "▼" };
            format!("{arrow} {pct:.1}%")
        }
    }
}

/// `25.0%` of a share in basis points.
pub fn format_share(bp: i64) -> String {
    let pct = Decimal::new(bp, 2).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    format!("{pct:.1}%")
}

/// `11/26`: an axis label.
pub fn short_date(date: &str) -> String {
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => format!("{}/{}", d.month(), d.day()),
        Err(_) => date.to_owned(),
    }
}

/// `11월 26일 (목)` / `Thu, Nov 26`
pub fn long_date(date: &str) -> String {
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => msg::sales_long_date(d.month(), d.day(), crate::time::weekday_name(d.weekday())),
        Err(_) => date.to_owned(),
    }
}

/// `2026. 11. 20. ~ 2026. 11. 26.` / `Nov 20, 2026 ~ Nov 26, 2026` (one
/// day: just the day).
pub fn period_label(from: &str, to: &str) -> String {
    let one = |s: &str| match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => msg::sales_date(d.year().to_string(), d.month(), d.day()),
        Err(_) => s.to_owned(),
    };
    if from == to {
        one(from)
    } else {
        format!("{} ~ {}", one(from), one(to))
    }
}

/// 매출 현황 of the signed-in member's shop. `range` is `today`, `7d`, `30d`
/// or empty; with it empty, `from`/`to` (`YYYY-MM-DD`, KST) or, both empty,
/// the last 7 days.
#[server(prefix = "/api")]
pub async fn get_sales_report(from: String, to: String, range: Option<String>) -> Result<SalesReport, AppError> {
    let result = async {
        let state = crate::context::state()?;
        let actor = crate::auth::ssr::require_shop(&state, Permission::Analytics).await?;
        let today = crate::calendar::kst_date(crate::db::now_millis()).ok_or_else(AppError::internal)?;
        let range = range.unwrap_or_default();
        let (start, end) = resolve_period(&from, &to, &range, today)?;
        let mut report = ssr::report(&state.db, actor.shop_id, start, end).await?;
        report.today = today.to_string();
        report.range = range.trim().to_owned();
        Ok(report)
    }
    .await;
    crate::context::finish(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn no_period_means_the_last_seven_days_including_today() {
        assert_eq!(resolve_period("", "", "", d("2026-11-26")).unwrap(), (d("2026-11-20"), d("2026-11-26")));
        assert_eq!(resolve_period("", "", "today", d("2026-11-26")).unwrap(), (d("2026-11-26"), d("2026-11-26")));
        assert_eq!(resolve_period("2020-01-01", "", "30d", d("2026-11-26")).unwrap(), (d("2026-10-28"), d("2026-11-26")));
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let err = resolve_period("2026-11-26", "2026-11-25", "", d("2026-11-26")).unwrap_err();
        assert_eq!(err.code, "invalid_period");
        assert!(err.message.contains("종료일"));
    }

    #[test]
    fn more_than_two_years_is_refused_but_exactly_731_days_is_not() {
        assert!(resolve_period("2024-11-26", "2026-11-26", "", d("2026-11-26")).is_ok());
        assert_eq!(days_in(d("2024-11-26"), d("2026-11-26")), 731);
        let err = resolve_period("2024-11-25", "2026-11-26", "", d("2026-11-26")).unwrap_err();
        assert_eq!(err.code, "period_too_long");
    }

    #[test]
    fn a_date_that_is_not_a_date_is_refused_with_its_field() {
        let err = resolve_period("2026-02-30", "2026-03-01", "", d("2026-11-26")).unwrap_err();
        assert_eq!((err.code.as_str(), err.field.as_deref()), ("invalid_input", Some("from")));
        let err = resolve_period("2026-02-01", "어제", "", d("2026-11-26")).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("to"));
        assert_eq!(resolve_period("", "", "90d", d("2026-11-26")).unwrap_err().field.as_deref(), Some("range"));
    }

    #[test]
    fn the_previous_period_has_the_same_length_just_before() {
        assert_eq!(previous_period(d("2026-11-20"), d("2026-11-26")), (d("2026-11-13"), d("2026-11-19")));
        assert_eq!(previous_period(d("2026-03-01"), d("2026-03-01")), (d("2026-02-28"), d("2026-02-28")));
    }

    #[test]
    fn average_order_value_rounds_half_away_from_zero() {
        assert_eq!(average_order_value(10_001, 2), 5_001);
        assert_eq!(average_order_value(10_000, 3), 3_333);
        assert_eq!(average_order_value(5, 0), 0);
    }

    #[test]
    fn changes_are_basis_points_shown_with_one_decimal() {
        assert_eq!(change_bp(11_230, 10_000), Some(1_230));
        assert_eq!(change_bp(9_500, 10_000), Some(-500));
        assert_eq!(change_bp(1, 3), Some(-6_667));
        assert_eq!(change_bp(100, 0), None);
        assert_eq!(format_change(Some(1_230)), "▲ 12.3%");
        assert_eq!(format_change(Some(-6_667)), "▼ 66.7%");
        assert_eq!(format_change(Some(-5)), "▼ 0.1%");
        assert_eq!(format_change(Some(0)), "변동 없음");
        assert_eq!(format_change(None), "-");
        assert_eq!(share_bp(1, 3), 3_333);
        assert_eq!(format_share(3_333), "33.3%");
    }

    #[test]
    fn dates_read_the_korean_way() {
        assert_eq!(short_date("2026-11-06"), "11/6");
        assert_eq!(long_date("2026-11-26"), "11월 26일 (목)");
        assert_eq!(period_label("2026-11-20", "2026-11-26"), "2026. 11. 20. ~ 2026. 11. 26.");
        assert_eq!(period_label("2026-11-26", "2026-11-26"), "2026. 11. 26.");
    }
}
