//! 프로모션 성과 data access (server only): a range of the primary key of
//! `promotion_daily` `(kind, promotion_id, shop_id, day)` and a page of
//! `coupon_redemptions_of_coupon`; the `/downloads/promotions/…` exports.

use std::collections::BTreeMap;

use sqlx::Row;

use super::*;
use crate::db::sql::Keyset;
use crate::db::{now_millis, Database};
use crate::error::AppResult;

pub const REDEMPTIONS_PAGE: i64 = 20;

const REDEMPTIONS: Keyset = Keyset { key: "r.id", id: "r.id" };

/// The period of the promotion, when `shop_id` (None: the operator) may
/// see it: a coupon or period discount of the shop, any campaign.
async fn period_of(db: &Database, shop_id: Option<i64>, kind: PromoKind, id: i64) -> AppResult<(i64, i64)> {
    let row = match (kind, shop_id) {
        (PromoKind::Coupon, Some(shop)) => {
            sqlx::query("SELECT starts_at, ends_at FROM coupons WHERE id = $1 AND shop_id = $2")
                .bind(id)
                .bind(shop)
                .fetch_optional(db.pool())
                .await?
        }
        (PromoKind::Period, Some(shop)) => {
            sqlx::query("SELECT starts_at, ends_at FROM period_discounts WHERE id = $1 AND shop_id = $2")
                .bind(id)
                .bind(shop)
                .fetch_optional(db.pool())
                .await?
        }
        (PromoKind::Campaign, _) => {
            sqlx::query("SELECT starts_at, ends_at FROM campaigns WHERE id = $1").bind(id).fetch_optional(db.pool()).await?
        }
        (_, None) => None,
    };
    let r = row.ok_or_else(|| AppError::not_found(msg::promores_noun()))?;
    Ok((r.try_get("starts_at")?, r.try_get("ends_at")?))
}

/// Totals and the by-day series over KST days `first..=last` (every day
/// present), summed over shops when `shop_id` is None (the operator).
pub async fn daily(
    db: &Database,
    shop_id: Option<i64>,
    kind: PromoKind,
    id: i64,
    first: i64,
    last: i64,
) -> AppResult<(PromotionTotals, Vec<PromotionDay>)> {
    let shop_clause = if shop_id.is_some() { "AND shop_id = $5" } else { "" };
    let sql = format!(
        "SELECT day, CAST(SUM(orders) AS BIGINT) AS orders, CAST(SUM(units) AS BIGINT) AS units, \
                CAST(SUM(revenue) AS BIGINT) AS revenue, CAST(SUM(seller_discount) AS BIGINT) AS seller_discount, \
                CAST(SUM(platform_discount) AS BIGINT) AS platform_discount, \
                CAST(SUM(redemptions) AS BIGINT) AS redemptions, CAST(SUM(released) AS BIGINT) AS released \
         FROM promotion_daily WHERE kind = $1 AND promotion_id = $2 AND day >= $3 AND day <= $4 {shop_clause} \
         GROUP BY day"
    );
    let mut q = sqlx::query(&sql).bind(kind.as_str()).bind(id).bind(first).bind(last);
    if let Some(shop) = shop_id {
        q = q.bind(shop);
    }
    let mut by_day: BTreeMap<i64, PromotionTotals> = BTreeMap::new();
    for r in q.fetch_all(db.pool()).await? {
        by_day.insert(
            r.try_get("day")?,
            PromotionTotals {
                orders: r.try_get("orders")?,
                units: r.try_get("units")?,
                revenue: r.try_get("revenue")?,
                seller_discount: r.try_get("seller_discount")?,
                platform_discount: r.try_get("platform_discount")?,
                redemptions: r.try_get("redemptions")?,
                released: r.try_get("released")?,
            },
        );
    }
    let mut totals = PromotionTotals::default();
    let days = (first..=last)
        .map(|day| {
            let t = by_day.get(&day).copied().unwrap_or_default();
            totals.add(&t);
            PromotionDay { date: date_of(day).to_string(), totals: t }
        })
        .collect();
    Ok((totals, days))
}

/// A page of a coupon's redemptions, newest first.
pub async fn redemptions(
    db: &Database,
    shop_id: i64,
    coupon_id: i64,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<RedemptionRow>, Option<String>)> {
    let mut sql = crate::db::sql::Sql::default();
    let clauses = vec![
        format!("r.coupon_id = {}", sql.arg(crate::db::sql::Arg::Int(coupon_id))),
        format!("r.shop_id = {}", sql.arg(crate::db::sql::Arg::Int(shop_id))),
    ];
    let select = "r.id, r.order_no, r.channel, r.discount, r.seller_part, r.platform_part, r.status, r.created_at \
                  FROM coupon_redemptions r";
    REDEMPTIONS
        .fetch(db, sql, select, clauses, cursor, limit, |r| {
            Ok(RedemptionRow {
                id: r.try_get("id")?,
                order_no: r.try_get("order_no")?,
                channel: r.try_get("channel")?,
                discount: r.try_get("discount")?,
                seller_part: r.try_get("seller_part")?,
                platform_part: r.try_get("platform_part")?,
                status: r.try_get("status")?,
                at: crate::time::format_datetime(r.try_get("created_at")?),
            })
        })
        .await
}

/// The results page's data: see [`get_promotion_results`].
pub async fn results(
    db: &Database,
    shop_id: Option<i64>,
    kind: PromoKind,
    id: i64,
    from: &str,
    to: &str,
    cursor: Option<&str>,
) -> AppResult<PromotionReport> {
    let (starts_at, ends_at) = period_of(db, shop_id, kind, id).await?;
    let (first, last) = resolve_days(from, to, starts_at, ends_at, now_millis())?;
    let (totals, by_day) = daily(db, shop_id, kind, id, first, last).await?;
    let (redemptions, next_cursor) = match (kind, shop_id) {
        (PromoKind::Coupon, Some(shop)) => redemptions(db, shop, id, cursor, REDEMPTIONS_PAGE).await?,
        _ => (Vec::new(), None),
    };
    Ok(PromotionReport {
        kind,
        id,
        from: date_of(first).to_string(),
        to: date_of(last).to_string(),
        totals,
        by_day,
        redemptions,
        next_cursor,
    })
}

pub const EXPORT_COLUMNS: &[&str] =
    &["일자", "주문수", "판매수량", "매출", "판매자 부담 할인", "플랫폼 부담 할인", "사용", "반환"];

/// [`EXPORT_COLUMNS`] in English, same order, for `headers=en`.
pub const EXPORT_COLUMNS_EN: &[&str] =
    &["Date", "Orders", "Units", "Revenue", "Seller discount", "Platform discount", "Redemptions", "Released"];

fn day_cells(d: &PromotionDay) -> Vec<crate::products::sheet::Cell> {
    use crate::products::sheet::Cell;
    let t = &d.totals;
    vec![
        Cell::Text(d.date.clone()),
        Cell::Number(t.orders),
        Cell::Number(t.units),
        Cell::Number(t.revenue),
        Cell::Number(t.seller_discount),
        Cell::Number(t.platform_discount),
        Cell::Number(t.redemptions),
        Cell::Number(t.released),
    ]
}

/// `/downloads/promotions/{file}`: `coupon-<id>.{csv,xlsx}`, `period-<id>…`
/// or `campaign-<id>…` — the promotion's results by day over its own period
/// (`?from=&to=` to choose; `?headers=en` for English column headers). The
/// same checks as the results page: a member of the shop allowed
/// promotions, the shop's own promotion (its own row of a campaign).
pub async fn serve_download(
    axum::extract::State(state): axum::extract::State<crate::context::AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use crate::products::import::{refuse, sheet_download};
    use crate::ui::english_headers;
    let actor = match crate::auth::ssr::require_shop_for(&state, &headers, Permission::Promotions).await {
        Ok(a) => a,
        Err(e) => return refuse(&e),
    };
    let noun = || AppError::not_found(msg::promores_noun());
    let Some((stem, ext)) = file.rsplit_once('.').filter(|(_, e)| *e == "csv" || *e == "xlsx") else {
        return refuse(&noun());
    };
    let Some((kind, id)) = stem
        .split_once('-')
        .and_then(|(k, id)| Some((PromoKind::parse(k)?, id.parse::<i64>().ok()?)))
    else {
        return refuse(&noun());
    };
    let param = |name: &str| -> String {
        query
            .as_deref()
            .unwrap_or_default()
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
            .unwrap_or_default()
    };
    let english = english_headers(query.as_deref());
    let (from, to) = (param("from"), param("to"));
    let result = results(&state.db, Some(actor.shop_id), kind, id, &from, &to, None).await;
    match result {
        Ok(r) => {
            let columns = if english { EXPORT_COLUMNS_EN } else { EXPORT_COLUMNS };
            let name = format!("프로모션성과_{}-{}_{}_{}", kind.as_str(), id, r.from, r.to);
            let sheet_name = if english { "Results" } else { "성과" };
            sheet_download(&name, sheet_name, ext == "xlsx", columns, r.by_day.iter().map(day_cells).collect()).await
        }
        Err(e) => refuse(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_export_headers_match_the_korean_ones() {
        assert_eq!(EXPORT_COLUMNS_EN.len(), EXPORT_COLUMNS.len());
        assert!(EXPORT_COLUMNS_EN.iter().all(|h| h.is_ascii()));
    }
}
