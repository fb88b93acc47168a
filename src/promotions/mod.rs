//! 프로모션: the shop's coupons (쿠폰), its period discounts (기간할인) and the
//! platform's campaigns (기획전) that shops apply to.
//!
//! - [`coupons`]: 정액 or 정률 coupons a channel applies through the Channel
//!   API (`coupon_code`); intake redeems them within their limits
//!   ([`ssr::redeem`]) in the transaction that reserves the stock.
//! - [`discounts`]: a sale price for a product (or some of its variants)
//!   between two KST instants; the price in force is what the product feed
//!   shows and the least intake accepts ([`ssr::pricing`]).
//! - [`campaigns`]: the operator opens a campaign; shops apply per product
//!   with a campaign price; approved products sell at it during the campaign,
//!   at the campaign's commission rate.
//! - [`results`]: each promotion's orders, units, revenue, discount spent and
//!   redemptions by day, from `promotion_daily`, kept in the transactions
//!   that redeem and give back.
//!
//! **Money.** Whole won; rates in basis points. A coupon's discount is
//! computed exactly with `rust_decimal` and rounded once ([`coupon_discount`]);
//! the platform's share of it is rounded once more and the seller's part is
//! the rest ([`split_cost`]); a discount over several items is spread by their
//! amounts with the largest-remainder rule ([`allocate`]), so the parts
//! always add up to the whole. On the item the seller's part joins
//! `seller_discount` and the platform's `platform_discount`, where
//! `settlement/money.rs` already takes them (commission on the price after the
//! seller's discount; the platform's discount is paid back to the seller).

pub mod campaigns;
pub mod coupons;
pub mod discounts;
pub mod pages;
pub mod results;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod ssr;

use chrono::{NaiveDateTime, TimeZone};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::msg;
use crate::money::{bp_rate, fee, round_won, BP_SCALE};

/// Longest coupon code.
pub const MAX_CODE: usize = 30;
/// Shortest coupon code.
pub const MIN_CODE: usize = 3;
/// Longest name of a coupon, discount or campaign title.
pub const MAX_NAME: usize = 50;
/// The largest amount any promotion may name (won): 1억.
pub const MAX_AMOUNT: i64 = 100_000_000;
/// The longest a promotion may run: a year and a day.
pub const MAX_PERIOD_MS: i64 = 366 * 24 * 60 * 60 * 1000;

/// A coupon code as the seller typed it, checked and upper-cased: 3 to 30 of
/// A-Z, 0-9, `-` and `_`. Spaces inside are refused, not removed (a buyer
/// would type the code the seller announced).
pub fn normalise_code(field: &str, code: &str) -> Result<String, AppError> {
    let c = code.trim().to_ascii_uppercase();
    let n = c.chars().count();
    if !(MIN_CODE..=MAX_CODE).contains(&n)
        || !c.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
    {
        return Err(AppError::invalid(field, msg::promo_err_code(MIN_CODE, MAX_CODE)));
    }
    Ok(c)
}

/// A name or title: trimmed, 1 to [`MAX_NAME`] characters, no control characters.
pub fn check_name(field: &str, name: &str) -> Result<String, AppError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > MAX_NAME || n.chars().any(char::is_control) {
        return Err(AppError::invalid(field, msg::promo_err_name(MAX_NAME)));
    }
    Ok(n.to_owned())
}

/// An amount in won from 1 to [`MAX_AMOUNT`].
pub fn check_won(field: &str, amount: i64) -> Result<i64, AppError> {
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(AppError::invalid(field, msg::promo_err_amount()));
    }
    Ok(amount)
}

/// A KST wall-clock time as a `datetime-local` input sends it
/// (`YYYY-MM-DDTHH:MM`, seconds optional), in UTC milliseconds.
pub fn parse_kst(field: &str, text: &str) -> Result<i64, AppError> {
    let t = text.trim();
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
        .map_err(|_| AppError::invalid(field, msg::promo_err_datetime()))?;
    let kst = chrono::FixedOffset::east_opt(9 * 3600).ok_or_else(AppError::internal)?;
    kst.from_local_datetime(&naive)
        .single()
        .map(|d| d.timestamp_millis())
        .ok_or_else(|| AppError::invalid(field, msg::promo_err_datetime()))
}

/// UTC milliseconds as the KST `datetime-local` value (`YYYY-MM-DDTHH:MM`).
pub fn kst_input(ms: i64) -> String {
    let kst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
    kst.timestamp_millis_opt(ms).single().map(|d| d.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// A period from `start` to `end` (KST inputs): the end after the start and
/// at most [`MAX_PERIOD_MS`] long. `(start, end)` in UTC milliseconds.
pub fn check_period(start_field: &str, start: &str, end_field: &str, end: &str) -> Result<(i64, i64), AppError> {
    let s = parse_kst(start_field, start)?;
    let e = parse_kst(end_field, end)?;
    if e <= s {
        return Err(AppError::invalid(end_field, msg::promo_err_end_before_start()));
    }
    if e - s > MAX_PERIOD_MS {
        return Err(AppError::invalid(end_field, msg::promo_err_period_too_long()));
    }
    Ok((s, e))
}

/// 정액 or 정률.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponKind {
    Amount,
    Rate,
}

impl CouponKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Amount => "amount",
            Self::Rate => "rate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "amount" => Some(Self::Amount),
            "rate" => Some(Self::Rate),
            _ => None,
        }
    }
}

/// What a coupon takes off, and who pays for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponTerms {
    pub kind: CouponKind,
    /// 정액: won off.
    pub amount: i64,
    /// 정률: basis points off (1000 = 10 %).
    pub rate_bp: i64,
    /// 정률: the most it takes off, in won.
    pub max_discount: i64,
    /// The platform's share of each discount, basis points (0: the seller bears it).
    pub platform_share_bp: i64,
}

/// The discount a coupon gives on `base` won (the amount it applies to):
/// 정액 its amount, 정률 `base × rate` rounded once (half away from zero) and
/// capped at the maximum; never more than `base`, never negative.
pub fn coupon_discount(terms: &CouponTerms, base: i64) -> i64 {
    let base = base.max(0);
    let d = match terms.kind {
        CouponKind::Amount => terms.amount,
        CouponKind::Rate => {
            let exact = round_won(Decimal::from(base) * bp_rate(terms.rate_bp));
            if terms.max_discount > 0 {
                exact.min(terms.max_discount)
            } else {
                exact
            }
        }
    };
    d.clamp(0, base)
}

/// A discount split by who bears it: `(seller, platform)`. The platform's
/// part is `discount × share` rounded once; the seller's is the rest.
pub fn split_cost(discount: i64, platform_share_bp: i64) -> (i64, i64) {
    let platform = fee(discount, platform_share_bp.clamp(0, BP_SCALE)).clamp(0, discount);
    (discount - platform, platform)
}

/// `total` spread over parts in proportion to `weights`: each part is the
/// floor of its exact share, and the won left over go one by one to the
/// largest remainders (the earlier part on a tie). The parts add up to
/// `total` exactly; with no positive weight everything goes to the first.
pub fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let mut parts = vec![0i64; weights.len()];
    if weights.is_empty() {
        return parts;
    }
    let sum: i128 = weights.iter().map(|w| (*w).max(0) as i128).sum();
    if sum == 0 {
        parts[0] = total;
        return parts;
    }
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = 0i64;
    for (i, w) in weights.iter().enumerate() {
        let exact = total as i128 * (*w).max(0) as i128;
        parts[i] = (exact / sum) as i64;
        given += parts[i];
        remainders.push((exact % sum, i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take((total - given).max(0) as usize) {
        parts[i] += 1;
    }
    parts
}

/// A discount rate as basis points of `regular`: `(regular − price) / regular`,
/// rounded down (a campaign's minimum is met only when truly met).
pub fn discount_bp(regular: i64, price: i64) -> i64 {
    if regular <= 0 || price >= regular {
        return 0;
    }
    ((regular - price) as i128 * BP_SCALE as i128 / regular as i128) as i64
}

/// 예정, 진행중, 종료 or 중지: what the seller sees of a coupon, a discount or
/// a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromoStatus {
    Scheduled,
    Active,
    Ended,
    Paused,
}

impl PromoStatus {
    /// From the stored `stopped` ('' | 'paused' | 'ended' | 'cancelled') and the clock.
    pub fn of(stopped: &str, starts_at: i64, ends_at: i64, now: i64) -> Self {
        match stopped {
            "ended" | "cancelled" => Self::Ended,
            "paused" if now < ends_at => Self::Paused,
            _ if now >= ends_at => Self::Ended,
            _ if now < starts_at => Self::Scheduled,
            _ => Self::Active,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Active => "active",
            Self::Ended => "ended",
            Self::Paused => "paused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Scheduled => msg::promo_status_scheduled(),
            Self::Active => msg::promo_status_active(),
            Self::Ended => msg::promo_status_ended(),
            Self::Paused => msg::promo_status_paused(),
        }
    }

    /// The badge class of the status (style/main.css `.badge-promo-*`).
    pub fn badge(self) -> &'static str {
        match self {
            Self::Scheduled => "badge badge-promo-scheduled",
            Self::Active => "badge badge-promo-active",
            Self::Ended => "badge badge-promo-ended",
            Self::Paused => "badge badge-promo-paused",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rate(bp: i64, max: i64) -> CouponTerms {
        CouponTerms { kind: CouponKind::Rate, amount: 0, rate_bp: bp, max_discount: max, platform_share_bp: 0 }
    }

    #[test]
    fn a_rate_coupon_rounds_once_and_stops_at_its_cap() {
        // 10 % of 29,005 = 2,900.5 → 2,901 (half away from zero).
        assert_eq!(coupon_discount(&rate(1000, 5000), 29_005), 2_901);
        // 10 % of 129,000 = 12,900, capped at 5,000.
        assert_eq!(coupon_discount(&rate(1000, 5000), 129_000), 5_000);
        let amount = CouponTerms { kind: CouponKind::Amount, amount: 3000, ..rate(0, 0) };
        assert_eq!(coupon_discount(&amount, 2_000), 2_000, "never more than the amount it applies to");
    }

    #[test]
    fn the_platform_share_is_rounded_once_and_the_seller_bears_the_rest() {
        assert_eq!(split_cost(5_001, 5000), (2_500, 2_501));
        assert_eq!(split_cost(5_000, 0), (5_000, 0));
        assert_eq!(split_cost(5_000, 10_000), (0, 5_000));
    }

    #[test]
    fn codes_are_upper_cased_and_checked() {
        assert_eq!(normalise_code("code", " welcome-10 ").unwrap(), "WELCOME-10");
        for bad in ["AB", "WEL COME", "쿠폰10", &"A".repeat(31), "A.B.C"] {
            assert!(normalise_code("code", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kst_inputs_are_read_as_seoul_time() {
        // 2026-12-25 00:00 KST is 2026-12-24 15:00 UTC.
        assert_eq!(parse_kst("f", "2026-12-25T00:00").unwrap(), 1_798_124_400_000);
        assert_eq!(kst_input(1_798_124_400_000), "2026-12-25T00:00");
        assert!(check_period("s", "2026-12-25T00:00", "e", "2026-12-24T00:00").is_err());
    }

    #[test]
    fn statuses_follow_the_clock_and_the_seller() {
        assert_eq!(PromoStatus::of("", 10, 20, 5), PromoStatus::Scheduled);
        assert_eq!(PromoStatus::of("", 10, 20, 10), PromoStatus::Active);
        assert_eq!(PromoStatus::of("", 10, 20, 20), PromoStatus::Ended);
        assert_eq!(PromoStatus::of("paused", 10, 20, 15), PromoStatus::Paused);
        assert_eq!(PromoStatus::of("ended", 10, 20, 15), PromoStatus::Ended);
    }

    #[test]
    fn discount_rates_round_down() {
        assert_eq!(discount_bp(30_000, 27_000), 1000);
        assert_eq!(discount_bp(30_000, 27_001), 999);
        assert_eq!(discount_bp(30_000, 31_000), 0);
    }

    proptest! {
        #[test]
        fn allocated_parts_add_up_and_stay_within_a_won_of_their_share(
            total in 0i64..10_000_000,
            weights in proptest::collection::vec(0i64..5_000_000, 1..8),
        ) {
            let parts = allocate(total, &weights);
            prop_assert_eq!(parts.iter().sum::<i64>(), total);
            let sum: i128 = weights.iter().map(|w| *w as i128).sum();
            if sum > 0 {
                for (p, w) in parts.iter().zip(&weights) {
                    let exact = total as i128 * *w as i128;
                    prop_assert!((*p as i128 * sum - exact).abs() < sum, "part {} weight {}", p, w);
                }
            }
        }

        #[test]
        fn a_discount_never_passes_its_base_and_its_parts_add_up(
            base in 0i64..10_000_000, bp in 0i64..=10_000, max in 0i64..100_000, share in 0i64..=10_000,
        ) {
            let d = coupon_discount(&rate(bp, max), base);
            prop_assert!(d >= 0 && d <= base);
            let (s, p) = split_cost(d, share);
            prop_assert_eq!(s + p, d);
            prop_assert!(s >= 0 && p >= 0);
        }
    }
}
