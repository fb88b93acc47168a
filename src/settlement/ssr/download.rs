//! `/downloads/settlement/…`: a month's statements or one statement's lines
//! as CSV or Excel.

use crate::i18n::msg;
use super::{lines, statement, statements_between};
use crate::error::{AppError, AppResult};
use crate::context::AppState;
use crate::settlement::{LineRow, StatementRow};

/// The shop's statements for a date range as export rows.
pub fn statement_cells(s: &StatementRow) -> Vec<crate::products::sheet::Cell> {
    use crate::products::sheet::Cell;
    vec![
        Cell::Text(s.settle_date.clone()),
        Cell::Text(s.pay_date.clone()),
        Cell::Text(s.status.label().into()),
        Cell::Number(s.line_count),
        Cell::Number(s.sale_amount),
        Cell::Number(s.seller_discount),
        Cell::Number(s.shipping_fee),
        Cell::Number(s.commission),
        Cell::Number(s.payment_fee),
        Cell::Number(s.claim_amount),
        Cell::Number(s.adjustment),
        Cell::Number(s.net_payout),
        Cell::Text(s.hold_reason.clone()),
    ]
}

pub const STATEMENT_EXPORT_COLUMNS: &[&str] = &[
    "정산일", "지급일", "상태", "건수", "판매금액", "판매자할인", "배송비", "판매수수료", "결제수수료", "클레임", "조정", "정산금액", "보류사유",
];

/// [`STATEMENT_EXPORT_COLUMNS`] in English, same order, for `headers=en`. A
/// file format like the Korean names (which stay the default: Korean banks,
/// accountants and sellers' Excel macros read them), not catalogue text.
pub const STATEMENT_EXPORT_COLUMNS_EN: &[&str] = &[
    "Settlement date", "Payout date", "Status", "Lines", "Sales", "Seller discount", "Shipping fee", "Commission",
    "Payment fee", "Claims", "Adjustment", "Payout", "Hold reason",
];

pub const LINE_EXPORT_COLUMNS: &[&str] = &[
    "구분", "주문번호", "판매채널", "상품명", "옵션", "수량", "결제수단", "결제일시", "확정일시", "판매금액", "판매자할인",
    "플랫폼할인", "배송비", "판매수수료율", "판매수수료", "결제수수료율", "결제수수료", "클레임", "조정", "정산금액", "비고",
    "쿠폰번호", "쿠폰 판매자부담", "쿠폰 플랫폼부담", "기획전번호",
];

/// [`LINE_EXPORT_COLUMNS`] in English, same order, for `headers=en`.
pub const LINE_EXPORT_COLUMNS_EN: &[&str] = &[
    "Type", "Order no.", "Channel", "Product", "Option", "Quantity", "Payment method", "Paid at", "Confirmed at",
    "Sales", "Seller discount", "Platform discount", "Shipping fee", "Commission rate", "Commission", "Payment fee rate",
    "Payment fee", "Claims", "Adjustment", "Payout", "Memo", "Coupon no.", "Coupon, seller part", "Coupon, platform part",
    "Campaign no.",
];

pub fn line_cells(l: &LineRow) -> Vec<crate::products::sheet::Cell> {
    use crate::products::sheet::Cell;
    use crate::time::format_datetime;
    vec![
        Cell::Text(crate::settlement::line_kind_label(&l.kind).into()),
        Cell::Text(l.order_no.clone()),
        Cell::Text(crate::settlement::channel_label(&l.channel).into()),
        Cell::Text(l.product_name.clone()),
        Cell::Text(l.option_text.clone()),
        Cell::Number(l.quantity),
        Cell::Text(if l.payment_method.is_empty() { String::new() } else { crate::orders::payment_method_name(&l.payment_method).into() }),
        Cell::Text(if l.paid_at > 0 { format_datetime(l.paid_at) } else { String::new() }),
        Cell::Text(format_datetime(l.confirmed_at)),
        Cell::Number(l.sale_amount),
        Cell::Number(l.seller_discount),
        Cell::Number(l.platform_discount),
        Cell::Number(l.shipping_fee),
        Cell::Text(crate::money::format_bp(l.commission_bp)),
        Cell::Number(l.commission),
        Cell::Text(crate::money::format_bp(l.payment_fee_bp)),
        Cell::Number(l.payment_fee),
        Cell::Number(l.claim_amount),
        Cell::Number(l.adjustment),
        Cell::Number(l.net_payout),
        Cell::Text(l.memo.clone()),
        Cell::Text(if l.coupon_id > 0 { l.coupon_id.to_string() } else { String::new() }),
        Cell::Number(l.coupon_seller_part),
        Cell::Number(l.coupon_platform_part),
        Cell::Text(if l.campaign_id > 0 { l.campaign_id.to_string() } else { String::new() }),
    ]
}

/// `/downloads/settlement/{file}`: `statements-YYYY-MM.{csv,xlsx}` (the
/// month's statements by pay date) or `statement-<id>.{csv,xlsx}` (its lines);
/// `?headers=en` for English column headers.
pub async fn serve_download(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use crate::products::import::{refuse, sheet_download};
    use crate::ui::english_headers;
    use crate::products::sheet;
    let actor =
        match crate::auth::ssr::require_shop_for(&state, &headers, crate::auth::roles::Permission::Settlement).await {
            Ok(a) => a,
            Err(e) => return refuse(&e),
        };
    let (stem, ext) = match file.rsplit_once('.') {
        Some((s, e)) if e == "csv" || e == "xlsx" => (s.to_owned(), e.to_owned()),
        _ => return refuse(&AppError::not_found(msg::settlement_noun_file())),
    };
    let english = english_headers(query.as_deref());
    let locale = crate::ui::export_locale(english);
    let result: AppResult<(String, &'static [&'static str], Vec<Vec<sheet::Cell>>)> = crate::i18n::scope(locale, async {
        if let Some(month) = stem.strip_prefix("statements-") {
            let (from, to) = crate::settlement::month_range(month)?;
            let rows = statements_between(&state.db, actor.shop_id, &from, &to).await?;
            let columns = if english { STATEMENT_EXPORT_COLUMNS_EN } else { STATEMENT_EXPORT_COLUMNS };
            Ok((format!("정산내역_{month}"), columns, rows.iter().map(statement_cells).collect()))
        } else if let Some(id) = stem.strip_prefix("statement-").and_then(|s| s.parse::<i64>().ok()) {
            let st = statement(&state.db, actor.shop_id, id).await?;
            let rows = lines(&state.db, actor.shop_id, id, 0, 1_000_000).await?;
            let columns = if english { LINE_EXPORT_COLUMNS_EN } else { LINE_EXPORT_COLUMNS };
            Ok((format!("정산상세_{}", st.settle_date), columns, rows.iter().map(line_cells).collect()))
        } else {
            Err(AppError::not_found(msg::settlement_noun_file()))
        }
    })
    .await;
    match result {
        Ok((name, columns, rows)) => {
            let sheet_name = if english { "Settlement" } else { "정산" };
            sheet_download(&name, sheet_name, ext == "xlsx", columns, rows).await
        }
        Err(e) => refuse(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }

    #[test]
    fn english_export_headers_match_the_korean_ones() {
        assert_eq!(STATEMENT_EXPORT_COLUMNS_EN.len(), STATEMENT_EXPORT_COLUMNS.len());
        assert_eq!(LINE_EXPORT_COLUMNS_EN.len(), LINE_EXPORT_COLUMNS.len());
        for h in STATEMENT_EXPORT_COLUMNS_EN.iter().chain(LINE_EXPORT_COLUMNS_EN) {
            assert!(!hangul(h), "{h}");
        }
    }
}
