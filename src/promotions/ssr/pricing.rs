//! The price in force of a product at a moment: its 판매가, unless a period
//! discount (기간할인) or an approved campaign application (기획전) names a
//! lower one then. What the Channel API's product feed shows and the least
//! unit price intake accepts for an item paid at that moment.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::sql::{Arg, Sql};
use crate::error::AppResult;

/// A period discount in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodPrice {
    pub id: i64,
    pub sale_price: i64,
    pub ends_at: i64,
}

/// A campaign price in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignPrice {
    pub campaign_id: i64,
    pub price: i64,
    pub commission_bp: i64,
    pub ends_at: i64,
}

/// What one variant of a product may sell at, at one moment (base prices:
/// variants add their 옵션 추가금 on top of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PriceInForce {
    /// The product's 판매가.
    pub regular: i64,
    pub period: Option<PeriodPrice>,
    pub campaign: Option<CampaignPrice>,
}

impl PriceInForce {
    /// The lowest base price in force: what the feed shows and the least a
    /// channel may charge.
    pub fn lowest(&self) -> i64 {
        let mut p = self.regular;
        if let Some(d) = self.period {
            p = p.min(d.sale_price);
        }
        if let Some(c) = self.campaign {
            p = p.min(c.price);
        }
        p
    }

    /// The promotion a unit price sells under: the campaign when the price
    /// is at most the campaign's, else the period discount when at most its
    /// price. Neither when it is the regular price (or above the promotions').
    pub fn sold_under(&self, unit_price: i64) -> (Option<CampaignPrice>, Option<PeriodPrice>) {
        if let Some(c) = self.campaign.filter(|c| unit_price <= c.price && c.price < self.regular) {
            return (Some(c), None);
        }
        if let Some(d) = self.period.filter(|d| unit_price <= d.sale_price && d.sale_price < self.regular) {
            return (None, Some(d));
        }
        (None, None)
    }
}

/// Does a period discount's `variant_ids` (a JSON array; empty = every
/// variant) cover `variant_id`?
pub fn covers_variant(variant_ids: &str, variant_id: i64) -> bool {
    match serde_json::from_str::<Vec<i64>>(variant_ids) {
        Ok(ids) => ids.is_empty() || ids.contains(&variant_id),
        Err(_) => false,
    }
}

/// The columns in which every branch of a promotions lookup answers: the
/// price branches here ([`price_branches`]), and the coupon branch intake
/// adds in `redeem::terms`, so that one statement reads what intake needs.
/// `owner` is the product (prices) or the shop (coupons); `t*` are texts and
/// `n*` numbers, named per branch where they are read.
pub(super) const COLUMNS: [&str; 17] =
    ["src", "id", "owner", "t1", "t2", "t3", "t4", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10"];

/// `(column, …)` of a branch, padded to [`COLUMNS`] with empty texts and
/// zeros.
pub(super) fn branch_columns(given: &[&str]) -> String {
    COLUMNS
        .iter()
        .enumerate()
        .map(|(i, name)| match given.get(i) {
            Some(expr) => format!("{expr} AS {name}"),
            None if name.starts_with('t') => format!("'' AS {name}"),
            None => format!("CAST(0 AS BIGINT) AS {name}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The period discounts and approved campaign prices in force at `at_p` of
/// the products `list` (placeholders), as branches of one `UNION ALL`.
pub(super) fn price_branches(list: &str, at_p: &str) -> String {
    let period = branch_columns(&["'period'", "id", "product_id", "variant_ids", "''", "''", "''", "sale_price", "ends_at"]);
    let campaign = branch_columns(&[
        "'campaign'", "c.id", "a.product_id", "''", "''", "''", "''", "a.campaign_price", "c.ends_at", "c.commission_bp",
    ]);
    format!(
        "SELECT {period} FROM period_discounts \
         WHERE product_id IN ({list}) AND status = 'active' AND starts_at <= {at_p} AND ends_at > {at_p} \
         UNION ALL SELECT {campaign} FROM campaign_applications a JOIN campaigns c ON c.id = a.campaign_id \
         WHERE a.product_id IN ({list}) AND a.status = 'approved' AND c.status = 'open' \
         AND c.starts_at <= {at_p} AND c.ends_at > {at_p}"
    )
}

/// Every `(product_id, variant_id)` at its product's 판매가 (`regular`:
/// product id → 판매가), before the promotions are folded in.
pub(super) fn at_regular(regular: &HashMap<i64, i64>, variants: &[(i64, i64)]) -> HashMap<(i64, i64), PriceInForce> {
    variants
        .iter()
        .map(|k| (*k, PriceInForce { regular: regular.get(&k.0).copied().unwrap_or(0), ..Default::default() }))
        .collect()
}

/// Folds a row of a price branch into the prices it covers (the lowest of
/// each kind wins); false for a row of another branch.
pub(super) fn fold_price(out: &mut HashMap<(i64, i64), PriceInForce>, r: &AnyRow) -> AppResult<bool> {
    let src: String = r.try_get("src")?;
    let product_id: i64 = r.try_get("owner")?;
    match src.as_str() {
        "period" => {
            let variant_ids: String = r.try_get("t1")?;
            let price = PeriodPrice { id: r.try_get("id")?, sale_price: r.try_get("n1")?, ends_at: r.try_get("n2")? };
            for ((p, v), pif) in out.iter_mut() {
                if *p == product_id && covers_variant(&variant_ids, *v) {
                    pif.period = Some(match pif.period {
                        Some(old) if old.sale_price <= price.sale_price => old,
                        _ => price,
                    });
                }
            }
        }
        "campaign" => {
            let price = CampaignPrice {
                campaign_id: r.try_get("id")?,
                price: r.try_get("n1")?,
                ends_at: r.try_get("n2")?,
                commission_bp: r.try_get("n3")?,
            };
            for ((p, _), pif) in out.iter_mut() {
                if *p == product_id {
                    pif.campaign = Some(match pif.campaign {
                        Some(old) if old.price <= price.price => old,
                        _ => price,
                    });
                }
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The prices in force at `at` of each `(product_id, variant_id)`, whose
/// products' 판매가 are `regular` (product id → 판매가). One indexed query
/// per 500 products.
pub async fn prices_in_force(
    conn: &mut AnyConnection,
    regular: &HashMap<i64, i64>,
    variants: &[(i64, i64)],
    at: i64,
) -> AppResult<HashMap<(i64, i64), PriceInForce>> {
    let mut out = at_regular(regular, variants);
    let mut products: Vec<i64> = variants.iter().map(|(p, _)| *p).collect();
    products.sort_unstable();
    products.dedup();
    for chunk in products.chunks(500) {
        let mut sql = Sql::default();
        let at_p = sql.arg(Arg::Int(at));
        let list = sql.placeholders(chunk);
        for r in sql.query(&price_branches(&list, &at_p)).fetch_all(&mut *conn).await? {
            fold_price(&mut out, &r)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_price_in_force_wins_and_names_its_promotion() {
        let p = PriceInForce {
            regular: 30_000,
            period: Some(PeriodPrice { id: 7, sale_price: 27_000, ends_at: 0 }),
            campaign: Some(CampaignPrice { campaign_id: 3, price: 25_000, commission_bp: 500, ends_at: 0 }),
        };
        assert_eq!(p.lowest(), 25_000);
        assert_eq!(p.sold_under(25_000).0.map(|c| c.campaign_id), Some(3));
        assert_eq!(p.sold_under(27_000).1.map(|d| d.id), Some(7));
        assert_eq!(p.sold_under(30_000), (None, None));
    }

    #[test]
    fn a_discount_for_some_variants_covers_only_those() {
        assert!(covers_variant("[]", 5));
        assert!(covers_variant("[4,5]", 5));
        assert!(!covers_variant("[4]", 5));
        assert!(!covers_variant("oops", 5));
    }
}
