//! 기간할인: a sale price for one product (or some of its variants) between
//! two KST instants. At most one active discount per product at any moment:
//! a new one that overlaps another is refused (`period_overlap`) under the
//! product's lock, so two sellers saving at once cannot both pass.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
use crate::promotions::PromoStatus;

/// One period discount of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountRow {
    pub id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub name: String,
    /// The variants it covers, as the seller reads them; empty: all.
    pub variants: String,
    pub sale_price: i64,
    pub regular_price: i64,
    /// `10%`: off the 판매가 of when it was made.
    pub rate: String,
    pub starts_at: String,
    pub ends_at: String,
    pub status: PromoStatus,
    /// Not cancelled and not over yet: the seller may cancel it.
    pub cancellable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountPage {
    pub rows: Vec<DiscountRow>,
    pub next_cursor: Option<String>,
}

crate::ui::list_page!(DiscountPage, DiscountRow);

/// A product of the shop as the promotion forms offer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductChoice {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub category: String,
    pub sale_price: i64,
    pub on_sale: bool,
    pub variants: Vec<VariantChoice>,
}

/// A variant of a [`ProductChoice`]: its id and options (`블랙 / S`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VariantChoice {
    pub variant_id: i64,
    pub options: String,
}

/// How the seller names the discounted price: in won, or as percent off.
pub const MODE_WON: &str = "won";
pub const MODE_PERCENT: &str = "percent";

/// The discounted base price from what the seller typed: won (`29000`,
/// `29,000`) or a percent off the 판매가 (`15`, `12.5`) turned into won and
/// rounded down to 10 won. Above 0 and below `regular`.
pub fn discounted_price(mode: &str, text: &str, regular: i64) -> Result<i64, AppError> {
    let t = text.trim().replace(',', "");
    let price = match mode {
        MODE_PERCENT => {
            let bp = crate::money::parse_percent(&t)
                .filter(|bp| *bp > 0 && *bp < crate::money::BP_SCALE)
                .ok_or_else(|| AppError::invalid("price", msg::discount_err_percent()))?;
            let exact = Decimal::from(regular) * (Decimal::ONE - crate::money::bp_rate(bp));
            let tens = (exact / Decimal::from(10)).floor() * Decimal::from(10);
            tens.to_i64().ok_or_else(|| AppError::invalid("price", msg::discount_err_percent()))?
        }
        MODE_WON | "" => t.parse::<i64>().map_err(|_| AppError::invalid("price", msg::discount_err_price(crate::format::format_won(regular))))?,
        _ => return Err(AppError::invalid("price_mode", msg::discount_err_mode())),
    };
    if price <= 0 || price >= regular {
        return Err(AppError::invalid("price", msg::discount_err_price(crate::format::format_won(regular))));
    }
    Ok(price)
}

/// `"12,15"` → `[12, 15]` (the variants a discount covers; empty = all).
pub fn parse_ids(field: &str, text: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = part.parse::<i64>().ok().filter(|i| *i > 0).ok_or_else(|| AppError::invalid(field, msg::discount_err_variants()))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The shop's period discounts, newest first; `status` one of `scheduled`,
/// `active`, `ended` (cancelled ones too) or empty for all.
#[server(prefix = "/api")]
pub async fn list_period_discounts(status: String, cursor: Option<String>) -> Result<DiscountPage, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::list(&state.db, actor.shop_id, &status, cursor.as_deref(), ssr::PAGE_SIZE).await
    })
    .await
}

/// The shop's products the promotion forms may pick (on sale first).
#[server(prefix = "/api")]
pub async fn list_promo_products() -> Result<Vec<ProductChoice>, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::products(&state.db, actor.shop_id).await
    })
    .await
}

/// Creates a period discount. `variant_ids`: comma-separated, empty for
/// every variant; `price_mode` `won` or `percent`; KST `starts_at`/`ends_at`.
#[server(prefix = "/api")]
pub async fn save_period_discount(
    product_id: i64,
    variant_ids: String,
    name: String,
    price_mode: String,
    price: String,
    starts_at: String,
    ends_at: String,
) -> Result<i64, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        let input = ssr::DiscountInput { product_id, variant_ids, name, price_mode, price, starts_at, ends_at };
        ssr::create(&state, &actor, input).await
    })
    .await
}

/// Cancels a discount that has not ended (it shows as 종료 from then on).
#[server(prefix = "/api")]
pub async fn cancel_period_discount(discount_id: i64) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::cancel(&state, &actor, discount_id).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percent_off_is_rounded_down_to_ten_won() {
        // 15 % off 29,900 = 25,415 → 25,410.
        assert_eq!(discounted_price(MODE_PERCENT, "15", 29_900).unwrap(), 25_410);
        assert_eq!(discounted_price(MODE_WON, "25,000", 29_000).unwrap(), 25_000);
        for (mode, bad) in [(MODE_WON, "29000"), (MODE_WON, "0"), (MODE_WON, "-1"), (MODE_PERCENT, "0"), (MODE_PERCENT, "100"), (MODE_PERCENT, "x")] {
            assert_eq!(discounted_price(mode, bad, 29_000).unwrap_err().field.as_deref(), Some("price"), "{mode} {bad}");
        }
    }

    #[test]
    fn variant_lists_are_read_once_each() {
        assert_eq!(parse_ids("v", " 3, 4,3 ").unwrap(), vec![3, 4]);
        assert!(parse_ids("v", "").unwrap().is_empty());
        assert!(parse_ids("v", "a").is_err());
    }
}
