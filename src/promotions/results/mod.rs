//! 프로모션 성과: a coupon's, period discount's or campaign's orders, units,
//! revenue, discount spent (seller and platform parts) and redemptions by
//! KST day, read from `promotion_daily` alone (kept in the transactions that
//! redeem and give back; never a scan of order items), with a coupon's
//! latest redemptions, and CSV/XLSX exports.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;

/// The longest period one results query covers (days, both ends included).
pub const MAX_DAYS: i64 = 400;

/// What kind of promotion: the `kind` of `promotion_daily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromoKind {
    Coupon,
    Period,
    Campaign,
}

impl PromoKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "coupon" => Some(Self::Coupon),
            "period" => Some(Self::Period),
            "campaign" => Some(Self::Campaign),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Coupon => "coupon",
            Self::Period => "period",
            Self::Campaign => "campaign",
        }
    }
}

/// Sums over a period (or one day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionTotals {
    /// Distinct buyer orders (per day; an order lies in one day).
    pub orders: i64,
    pub units: i64,
    /// 판매금액 − the seller-borne discount.
    pub revenue: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    pub redemptions: i64,
    /// Redemptions given back (cancel, full return).
    pub released: i64,
}

impl PromotionTotals {
    pub fn add(&mut self, o: &PromotionTotals) {
        self.orders += o.orders;
        self.units += o.units;
        self.revenue += o.revenue;
        self.seller_discount += o.seller_discount;
        self.platform_discount += o.platform_discount;
        self.redemptions += o.redemptions;
        self.released += o.released;
    }

    /// The discount spent, both parts.
    pub fn discount(&self) -> i64 {
        self.seller_discount + self.platform_discount
    }
}

/// One KST day of the period (days without rows included, at zero).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionDay {
    /// `YYYY-MM-DD`
    pub date: String,
    pub totals: PromotionTotals,
}

/// One use of a coupon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionRow {
    pub id: i64,
    pub order_no: String,
    pub channel: String,
    pub discount: i64,
    pub seller_part: i64,
    pub platform_part: i64,
    /// `used` or `released`.
    pub status: String,
    /// KST, `2026. 12. 8. 14:05`.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionReport {
    pub kind: PromoKind,
    pub id: i64,
    /// The period read, KST days `YYYY-MM-DD`, both included.
    pub from: String,
    pub to: String,
    pub totals: PromotionTotals,
    pub by_day: Vec<PromotionDay>,
    /// Coupons: the latest redemptions, newest first (a page).
    pub redemptions: Vec<RedemptionRow>,
    pub next_cursor: Option<String>,
}

/// The KST day number of a date (days since 1970-01-01), as
/// `promotion_daily.day` stores it.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days()
}

/// The date of a KST day number.
pub fn date_of(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + chrono::Duration::days(day)
}

/// The KST day of UTC milliseconds.
pub fn kst_day(ms: i64) -> i64 {
    (ms + 9 * 3_600_000).div_euclid(86_400_000)
}

/// The days to read: `from`/`to` as asked (`YYYY-MM-DD`), an empty one
/// taken from the promotion's own period (its first day; its last day or
/// today, whichever comes first). Refused: a date that is not one, an end
/// before the start, more than [`MAX_DAYS`].
pub fn resolve_days(from: &str, to: &str, starts_at: i64, ends_at: i64, now: i64) -> Result<(i64, i64), AppError> {
    let parse = |field: &str, t: &str| {
        NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map(day_number)
            .map_err(|_| AppError::invalid(field, msg::promores_err_date()))
    };
    let first = if from.trim().is_empty() { kst_day(starts_at) } else { parse("from", from)? };
    let last = if to.trim().is_empty() { kst_day(ends_at - 1).min(kst_day(now)).max(first) } else { parse("to", to)? };
    if last < first {
        return Err(AppError::invalid("to", msg::promores_err_end_before_start()));
    }
    if last - first + 1 > MAX_DAYS {
        return Err(AppError::invalid("from", msg::promores_err_too_long(MAX_DAYS)));
    }
    Ok((first, last))
}

/// The results of one promotion of the signed-in member's shop. For
/// `campaign` the shop's own sales in it, or, for the operator, every
/// shop's. `from`/`to` KST days (`YYYY-MM-DD`, empty: the promotion's own
/// period); `cursor` pages a coupon's redemptions.
#[server(prefix = "/api")]
pub async fn get_promotion_results(
    kind: String,
    promotion_id: i64,
    from: String,
    to: String,
    cursor: Option<String>,
) -> Result<PromotionReport, AppError> {
    crate::auth::ssr::as_user(async |state, actor| {
        let kind = PromoKind::parse(&kind).ok_or_else(|| AppError::invalid("kind", msg::promores_err_kind()))?;
        let shop = if kind == PromoKind::Campaign && actor.is_operator {
            None
        } else {
            Some(crate::auth::ssr::require_shop(&state, Permission::Promotions).await?.shop_id)
        };
        ssr::results(&state.db, shop, kind, promotion_id, &from, &to, cursor.as_deref()).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_period_is_the_promotion_s_own_up_to_today() {
        // 2026-12-01 00:00 KST .. 2026-12-31 00:00 KST, now 2026-12-08 12:00 KST.
        let start = crate::promotions::parse_kst("s", "2026-12-01T00:00").unwrap();
        let end = crate::promotions::parse_kst("e", "2026-12-31T00:00").unwrap();
        let now = crate::promotions::parse_kst("n", "2026-12-08T12:00").unwrap();
        let (a, b) = resolve_days("", "", start, end, now).unwrap();
        assert_eq!((date_of(a).to_string(), date_of(b).to_string()), ("2026-12-01".into(), "2026-12-08".into()));
        // Ended: up to its last day (an end at midnight belongs to the day before).
        let (_, b) = resolve_days("", "", start, end, end + 86_400_000).unwrap();
        assert_eq!(date_of(b).to_string(), "2026-12-30");
        assert_eq!(resolve_days("2026-12-09", "2026-12-08", start, end, now).unwrap_err().field.as_deref(), Some("to"));
        assert_eq!(resolve_days("12/01", "", start, end, now).unwrap_err().field.as_deref(), Some("from"));
    }

    #[test]
    fn kst_days_turn_at_korean_midnight() {
        let before = crate::promotions::parse_kst("t", "2026-12-07T23:59").unwrap();
        assert_eq!(kst_day(before) + 1, kst_day(before + 60_000));
        assert_eq!(date_of(kst_day(before)).to_string(), "2026-12-07");
    }
}
