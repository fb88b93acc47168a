//! 쿠폰: the shop's 정액 (won off) and 정률 (a rate off, up to a maximum)
//! coupons, what they apply to (the whole shop or chosen products), their
//! limits, who bears their cost, and the seller's pause, resume and early end.
//!
//! A coupon is made once and its terms never change afterwards: redemptions
//! already given were computed with them, and a buyer holding a code must
//! get what was announced. Only its state moves (중지 ↔ 진행, 종료 final).
//! Intake reads a coupon by `(shop_id, code)` ([`crate::promotions::ssr::redeem`]).

pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
use crate::money::parse_percent;
use crate::promotions::{check_name, check_period, check_won, normalise_code, CouponKind, PromoStatus, MAX_AMOUNT};

/// Products one coupon may be limited to.
pub const MAX_PRODUCTS: usize = 100;
/// The largest total issuance of one coupon.
pub const MAX_LIMIT: i64 = 10_000_000;

/// The status filter of the list: `?status=` values and their labels.
pub const STATUS_TABS: &[(&str, fn() -> &'static str)] = &[
    ("all", msg::coupon_status_all),
    ("scheduled", msg::promo_status_scheduled),
    ("active", msg::promo_status_active),
    ("ended", msg::promo_status_ended),
    ("paused", msg::promo_status_paused),
];

/// The coupon form as the seller filled it in. Numbers arrive as typed
/// (`5,000`, `12.5`) and are read by [`CouponInput::validate`], so a
/// mistyped one gets a message under its own field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CouponInput {
    pub name: String,
    pub code: String,
    /// `amount` (정액) or `rate` (정률).
    pub kind: String,
    /// 정액: won off.
    pub amount: String,
    /// 정률: percent off, as typed (`10`, `12.5`).
    pub rate: String,
    /// 정률: the most it takes off, won.
    pub max_discount: String,
    /// 최소 주문금액, won (empty = 0).
    pub min_order: String,
    /// KST `datetime-local` values.
    pub starts_at: String,
    pub ends_at: String,
    pub total_limit: String,
    pub per_buyer_limit: String,
    /// `shop` (every product) or `products`.
    pub scope: String,
    pub product_ids: Vec<i64>,
    /// `seller` (the seller bears it all) or `shared` (with the platform).
    pub cost: String,
    /// `shared`: the platform's percentage, as typed.
    pub platform_share: String,
}

/// A coupon's terms once read and checked: valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCoupon {
    pub name: String,
    pub code: String,
    pub kind: CouponKind,
    pub amount: i64,
    pub rate_bp: i64,
    pub max_discount: i64,
    pub min_order: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub total_limit: i64,
    pub per_buyer_limit: i64,
    /// Empty: the whole shop.
    pub product_ids: Vec<i64>,
    pub platform_share_bp: i64,
}

/// Whole won as typed (`5,000`, `5000원`); `None` when it is not a whole number.
pub fn parse_won(text: &str) -> Option<i64> {
    let t: String = text.trim().trim_end_matches('원').chars().filter(|c| *c != ',' && !c.is_whitespace()).collect();
    if t.is_empty() {
        return None;
    }
    t.parse::<i64>().ok()
}

fn count(field: &str, text: &str, message: impl Fn() -> String) -> Result<i64, AppError> {
    match parse_won(text) {
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(AppError::invalid(field, message())),
    }
}

impl CouponInput {
    /// Reads every field; the first one wrong is refused with its name.
    pub fn validate(&self) -> Result<ValidCoupon, AppError> {
        let name = check_name("name", &self.name)?;
        let code = normalise_code("code", &self.code)?;
        let kind = CouponKind::parse(self.kind.trim()).ok_or_else(|| AppError::invalid("kind", msg::coupon_err_kind()))?;
        let (amount, rate_bp, max_discount) = match kind {
            CouponKind::Amount => {
                let amount = parse_won(&self.amount).unwrap_or(0);
                (check_won("amount", amount)?, 0, 0)
            }
            CouponKind::Rate => {
                let rate_bp = parse_percent(&self.rate)
                    .filter(|bp| *bp > 0)
                    .ok_or_else(|| AppError::invalid("rate", msg::coupon_err_rate()))?;
                let max = parse_won(&self.max_discount).unwrap_or(0);
                let max = check_won("max_discount", max)
                    .map_err(|_| AppError::invalid("max_discount", msg::coupon_err_max_discount()))?;
                (0, rate_bp, max)
            }
        };
        let min_order = if self.min_order.trim().is_empty() {
            0
        } else {
            match parse_won(&self.min_order) {
                Some(n) if (0..=MAX_AMOUNT).contains(&n) => n,
                _ => return Err(AppError::invalid("min_order", msg::coupon_err_min_order())),
            }
        };
        let (starts_at, ends_at) = check_period("starts_at", &self.starts_at, "ends_at", &self.ends_at)?;
        let total_limit = count("total_limit", &self.total_limit, || msg::coupon_err_limit(MAX_LIMIT))?;
        let per_buyer_limit = count("per_buyer_limit", &self.per_buyer_limit, || msg::coupon_err_limit(MAX_LIMIT))?;
        if per_buyer_limit > total_limit {
            return Err(AppError::invalid("per_buyer_limit", msg::coupon_err_per_buyer_over_total()));
        }
        let product_ids = match self.scope.trim() {
            "shop" => Vec::new(),
            "products" => {
                let mut ids = self.product_ids.clone();
                ids.sort_unstable();
                ids.dedup();
                if ids.is_empty() || ids.len() > MAX_PRODUCTS || ids.iter().any(|id| *id <= 0) {
                    return Err(AppError::invalid("product_ids", msg::coupon_err_products(MAX_PRODUCTS)));
                }
                ids
            }
            _ => return Err(AppError::invalid("scope", msg::coupon_err_scope())),
        };
        let platform_share_bp = match self.cost.trim() {
            "seller" | "" => 0,
            "shared" => parse_percent(&self.platform_share)
                .filter(|bp| *bp > 0)
                .ok_or_else(|| AppError::invalid("platform_share", msg::coupon_err_platform_share()))?,
            _ => return Err(AppError::invalid("cost", msg::coupon_err_cost())),
        };
        Ok(ValidCoupon {
            name,
            code,
            kind,
            amount,
            rate_bp,
            max_discount,
            min_order,
            starts_at,
            ends_at,
            total_limit,
            per_buyer_limit,
            product_ids,
            platform_share_bp,
        })
    }
}

/// `5,000원 할인` or `10% 할인 (최대 5,000원)`.
pub fn discount_text(kind: &str, amount: i64, rate_bp: i64, max_discount: i64) -> String {
    use crate::format::format_won;
    match CouponKind::parse(kind) {
        Some(CouponKind::Rate) => msg::coupon_rate_off(crate::money::format_bp(rate_bp), format_won(max_discount)),
        _ => msg::coupon_amount_off(format_won(amount)),
    }
}

/// One coupon of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    /// `10% 할인 (최대 5,000원)`.
    pub discount: String,
    /// `2026. 12. 1. 00:00 ~ 2026. 12. 31. 23:59` (KST).
    pub period: String,
    pub status: PromoStatus,
    pub used_count: i64,
    pub total_limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponPage {
    pub rows: Vec<CouponRow>,
    pub next_cursor: Option<String>,
}

crate::ui::list_page!(CouponPage, CouponRow);

/// A product a coupon applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponProduct {
    pub id: i64,
    pub name: String,
    pub code: String,
}

/// A coupon with all its terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponDetail {
    pub row: CouponRow,
    pub amount: i64,
    pub rate_bp: i64,
    pub max_discount: i64,
    pub min_order: i64,
    pub per_buyer_limit: i64,
    /// `shop` or `products`.
    pub scope: String,
    pub products: Vec<CouponProduct>,
    pub platform_share_bp: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// '' | 'paused' | 'ended'.
    pub stopped: String,
    pub stopped_at: i64,
    pub created_by: String,
}

impl CouponDetail {
    /// Pause and resume are the seller's while the coupon has not ended;
    /// ending early is final.
    pub fn can_pause(&self) -> bool {
        matches!(self.row.status, PromoStatus::Scheduled | PromoStatus::Active)
    }
    pub fn can_resume(&self) -> bool {
        self.row.status == PromoStatus::Paused
    }
    pub fn can_end(&self) -> bool {
        self.row.status != PromoStatus::Ended
    }
}

/// What the seller asks of a coupon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponChange {
    Pause,
    Resume,
    End,
}

impl CouponChange {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "pause" => Some(Self::Pause),
            "resume" => Some(Self::Resume),
            "end" => Some(Self::End),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pause => "pause",
            Self::Resume => "resume",
            Self::End => "end",
        }
    }

    /// The `stopped` a coupon in `status` moves to, or `None` when the
    /// change is not allowed from there (an ended coupon stays ended; only
    /// a paused one resumes).
    pub fn next(self, status: PromoStatus) -> Option<&'static str> {
        match (self, status) {
            (_, PromoStatus::Ended) => None,
            (Self::Pause, PromoStatus::Scheduled | PromoStatus::Active) => Some("paused"),
            (Self::Resume, PromoStatus::Paused) => Some(""),
            (Self::End, _) => Some("ended"),
            _ => None,
        }
    }
}

/// 쿠폰 만들기. The new coupon's id.
#[server(prefix = "/api", input = leptos::server_fn::codec::Json)]
pub async fn save_coupon(input: CouponInput) -> Result<i64, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        let coupon = input.validate()?;
        ssr::create(&state.db, &actor, &coupon).await
    })
    .await
}

/// The shop's coupons, newest first; `status` one of [`STATUS_TABS`].
#[server(prefix = "/api")]
pub async fn list_coupons(status: String, cursor: Option<String>) -> Result<CouponPage, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::list(&state.db, actor.shop_id, &status, cursor.as_deref(), ssr::PAGE_SIZE).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_coupon(coupon_id: i64) -> Result<CouponDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::detail(&state.db, actor.shop_id, coupon_id, crate::db::now_millis()).await
    })
    .await
}

/// 중지, 재개 or 조기 종료: `change` is `pause`, `resume` or `end`.
#[server(prefix = "/api")]
pub async fn set_coupon_state(coupon_id: i64, change: String) -> Result<CouponDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        let change = CouponChange::parse(&change).ok_or_else(|| AppError::invalid("change", msg::coupon_err_change()))?;
        ssr::set_state(&state.db, &actor, coupon_id, change).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CouponInput {
        CouponInput {
            name: "첫 구매 10%".into(),
            code: "welcome-10".into(),
            kind: "rate".into(),
            rate: "10".into(),
            max_discount: "5,000".into(),
            starts_at: "2026-12-01T00:00".into(),
            ends_at: "2026-12-31T23:59".into(),
            total_limit: "100".into(),
            per_buyer_limit: "1".into(),
            scope: "shop".into(),
            cost: "seller".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_rate_coupon_reads_percent_as_basis_points_and_needs_a_maximum() {
        let c = input().validate().unwrap();
        assert_eq!((c.code.as_str(), c.rate_bp, c.max_discount, c.amount), ("WELCOME-10", 1000, 5000, 0));
        let no_max = CouponInput { max_discount: String::new(), ..input() };
        assert_eq!(no_max.validate().unwrap_err().field.as_deref(), Some("max_discount"));
        for bad in ["0", "100.5", "-1", "abc", "10.123"] {
            let e = CouponInput { rate: bad.into(), ..input() }.validate().unwrap_err();
            assert_eq!(e.field.as_deref(), Some("rate"), "{bad}");
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: Vec<(CouponInput, &str)> = vec![
            (CouponInput { kind: "amount".into(), amount: "0".into(), ..input() }, "amount"),
            (CouponInput { kind: "amount".into(), amount: "-100".into(), ..input() }, "amount"),
            (CouponInput { code: "WEL COME".into(), ..input() }, "code"),
            (CouponInput { min_order: "-1".into(), ..input() }, "min_order"),
            (CouponInput { ends_at: "2026-11-30T00:00".into(), ..input() }, "ends_at"),
            (CouponInput { per_buyer_limit: "101".into(), ..input() }, "per_buyer_limit"),
            (CouponInput { total_limit: "0".into(), ..input() }, "total_limit"),
            (CouponInput { scope: "products".into(), ..input() }, "product_ids"),
            (CouponInput { cost: "shared".into(), platform_share: "0".into(), ..input() }, "platform_share"),
        ];
        for (c, field) in cases {
            let e = c.validate().unwrap_err();
            assert_eq!((e.code.as_str(), e.field.as_deref()), ("invalid_input", Some(field)), "{c:?}");
        }
    }

    #[test]
    fn an_ended_coupon_stays_ended_and_only_a_paused_one_resumes() {
        assert_eq!(CouponChange::Pause.next(PromoStatus::Active), Some("paused"));
        assert_eq!(CouponChange::Pause.next(PromoStatus::Paused), None);
        assert_eq!(CouponChange::Resume.next(PromoStatus::Paused), Some(""));
        assert_eq!(CouponChange::Resume.next(PromoStatus::Active), None);
        assert_eq!(CouponChange::End.next(PromoStatus::Paused), Some("ended"));
        assert_eq!(CouponChange::End.next(PromoStatus::Ended), None);
        assert_eq!(CouponChange::Resume.next(PromoStatus::Ended), None);
    }
}
