//! The price in force of a product at a moment: its 판매가, unless a period
//! discount (기간할인) or an approved campaign application (기획전) names a
//! lower one then. What the Channel API's product feed shows and the least
//! unit price intake accepts for an item paid at that moment.

use std::collections::HashMap;

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

/// The prices in force at `at` of each `(product_id, variant_id)`, whose
/// products' 판매가 are `regular` (product id → 판매가). Two indexed queries
/// for the lot.
pub async fn prices_in_force(
    conn: &mut AnyConnection,
    regular: &HashMap<i64, i64>,
    variants: &[(i64, i64)],
    at: i64,
) -> AppResult<HashMap<(i64, i64), PriceInForce>> {
    let mut out: HashMap<(i64, i64), PriceInForce> = variants
        .iter()
        .map(|k| (*k, PriceInForce { regular: regular.get(&k.0).copied().unwrap_or(0), ..Default::default() }))
        .collect();
    let mut products: Vec<i64> = variants.iter().map(|(p, _)| *p).collect();
    products.sort_unstable();
    products.dedup();
    for chunk in products.chunks(500) {
        let mut sql = Sql::default();
        let at_p = sql.arg(Arg::Int(at));
        let list = sql.placeholders(chunk);
        let rows = sql
            .query(&format!(
                "SELECT id, product_id, variant_ids, sale_price, ends_at FROM period_discounts \
                 WHERE product_id IN ({list}) AND status = 'active' AND starts_at <= {at_p} AND ends_at > {at_p}"
            ))
            .fetch_all(&mut *conn)
            .await?;
        for r in rows {
            let product_id: i64 = r.try_get("product_id")?;
            let variant_ids: String = r.try_get("variant_ids")?;
            let price = PeriodPrice { id: r.try_get("id")?, sale_price: r.try_get("sale_price")?, ends_at: r.try_get("ends_at")? };
            for ((p, v), pif) in out.iter_mut() {
                if *p == product_id && covers_variant(&variant_ids, *v) {
                    pif.period = Some(match pif.period {
                        Some(old) if old.sale_price <= price.sale_price => old,
                        _ => price,
                    });
                }
            }
        }
        let rows = sql
            .query(&format!(
                "SELECT a.product_id, a.campaign_price, c.id AS campaign_id, c.commission_bp, c.ends_at \
                 FROM campaign_applications a JOIN campaigns c ON c.id = a.campaign_id \
                 WHERE a.product_id IN ({list}) AND a.status = 'approved' AND c.status = 'open' \
                 AND c.starts_at <= {at_p} AND c.ends_at > {at_p}"
            ))
            .fetch_all(&mut *conn)
            .await?;
        for r in rows {
            let product_id: i64 = r.try_get("product_id")?;
            let price = CampaignPrice {
                campaign_id: r.try_get("campaign_id")?,
                price: r.try_get("campaign_price")?,
                commission_bp: r.try_get("commission_bp")?,
                ends_at: r.try_get("ends_at")?,
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
