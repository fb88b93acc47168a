//! Tax invoice and VAT report data (server only). Every query is bounded to
//! one shop.

use crate::i18n::msg;
use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::Row;

use super::*;
use crate::auth::roles::Permission;
use crate::error::{AppError, AppResult};
use crate::orders::{payment_method_name, PAYMENT_METHODS};
use crate::products::import::{download, refuse, sheet_download};
use crate::products::sheet::Cell;
use crate::channel::Channel;
use crate::db::Database;
use crate::context::AppState;
use crate::settlement::ssr::{Adjustment, Tx};

/// 결제수수료, one item for every channel.
pub const PAYMENT_FEE_ITEM: &str = "결제수수료";

/// The platform as the supplier, from the environment (`PLATFORM_*`), with
/// the defaults of a development machine.
pub fn platform_party() -> Party {
    let env = |key: &str, default: &str| {
        std::env::var(key)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| default.to_owned())
    };
    Party {
        registration_no: format_registration_no(&env("PLATFORM_REGISTRATION_NO", "220-88-12340")),
        name: env("PLATFORM_NAME", "주식회사 파트너센터"),
        representative: env("PLATFORM_REPRESENTATIVE", "김대표"),
        address: env("PLATFORM_ADDRESS", "서울특별시 강남구 테헤란로 152, 12층"),
        business_type: env("PLATFORM_BUSINESS_TYPE", "서비스"),
        business_item: env("PLATFORM_BUSINESS_ITEM", "전자상거래 중개"),
        email: env("PLATFORM_EMAIL", "tax@partnercenter.example"),
    }
}

/// The shop as the buyer, as its profile is now.
async fn shop_party(conn: &mut sqlx::AnyConnection, shop_id: i64) -> AppResult<Option<Party>> {
    let row = sqlx::query(
        "SELECT name, representative_name, business_number, business_address, business_type, business_item, cs_email \
         FROM shops WHERE id = $1",
    )
    .bind(shop_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Party {
        registration_no: format_registration_no(&r.try_get::<String, _>("business_number")?),
        name: r.try_get("name")?,
        representative: r.try_get("representative_name")?,
        address: r.try_get("business_address")?,
        business_type: r.try_get("business_type")?,
        business_item: r.try_get("business_item")?,
        email: r.try_get("cs_email")?,
    }))
}

fn channel_label(code: &str) -> String {
    Channel::parse(code)
        .map(|c| c.label_ko().to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The newest month the shop has an invoice for.
async fn last_invoiced(conn: &mut sqlx::AnyConnection, shop_id: i64) -> AppResult<Option<Month>> {
    let last: Option<String> = sqlx::query_scalar("SELECT MAX(month) FROM tax_invoices WHERE shop_id = $1")
        .bind(shop_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(last.as_deref().and_then(|m| Month::parse(m).ok()))
}

/// The confirmation times `[from, to)` of the lines the shop's invoice of
/// `month` takes, among those no invoice has taken yet: the month's own,
/// and for the month after the newest invoice (`last`) also every earlier
/// one — a line settled after its own month was invoiced goes on the next
/// invoice.
fn invoice_span(last: Option<Month>, month: Month) -> (i64, i64) {
    let from = match last {
        Some(last) if last.next() == month => 0,
        _ => month.start_millis(),
    };
    (from, month.end_millis())
}

/// The fees of the lines an invoice of the month takes ([`invoice_span`]),
/// as invoice items (before VAT): 판매수수료 per channel, then 결제수수료.
/// Quantities are the lines carrying a fee.
async fn month_fees(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    month: Month,
    (from, to): (i64, i64),
) -> AppResult<Vec<Fee>> {
    let rows = sqlx::query(
        "SELECT channel, \
                CAST(SUM(commission) AS BIGINT) AS commission, \
                CAST(SUM(CASE WHEN commission <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS commission_lines, \
                CAST(SUM(payment_fee) AS BIGINT) AS payment_fee, \
                CAST(SUM(CASE WHEN payment_fee <> 0 THEN 1 ELSE 0 END) AS BIGINT) AS fee_lines \
         FROM settlement_lines WHERE shop_id = $1 AND invoice_id = 0 AND confirmed_at >= $2 AND confirmed_at < $3 \
         GROUP BY channel ORDER BY channel",
    )
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let date = month.last_day().format("%m-%d").to_string();
    let mut items = Vec::new();
    let (mut fee, mut fee_lines) = (0i64, 0i64);
    for r in rows {
        let channel: String = r.try_get("channel")?;
        let commission: i64 = r.try_get::<Option<i64>, _>("commission")?.unwrap_or(0);
        let lines: i64 = r.try_get::<Option<i64>, _>("commission_lines")?.unwrap_or(0);
        fee += r.try_get::<Option<i64>, _>("payment_fee")?.unwrap_or(0);
        fee_lines += r.try_get::<Option<i64>, _>("fee_lines")?.unwrap_or(0);
        if commission != 0 {
            let name = if channel.is_empty() {
                "판매수수료".to_owned()
            } else {
                format!("판매수수료({})", channel_label(&channel))
            };
            items.push(Fee {
                date: date.clone(),
                name,
                quantity: lines,
                supply: commission,
            });
        }
    }
    if fee != 0 {
        items.push(Fee {
            date,
            name: PAYMENT_FEE_ITEM.to_owned(),
            quantity: fee_lines,
            supply: fee,
        });
    }
    Ok(items)
}

/// The invoice the month's lines make, not stored; `None` when the month
/// has no fees (or the shop does not exist). `last` is the shop's newest
/// invoiced month ([`last_invoiced`]).
async fn compute(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    month: Month,
    last: Option<Month>,
) -> AppResult<Option<TaxInvoice>> {
    let fees = month_fees(conn, shop_id, month, invoice_span(last, month)).await?;
    if fees.is_empty() {
        return Ok(None);
    }
    let Some(buyer) = shop_party(conn, shop_id).await? else {
        return Ok(None);
    };
    let (items, supply_value, vat, total) = allocate(fees);
    Ok(Some(TaxInvoice {
        id: 0,
        shop_id,
        month: month.to_string(),
        approval_no: String::new(),
        write_date: month.last_day().format("%Y-%m-%d").to_string(),
        supplier: platform_party(),
        buyer,
        items,
        supply_value,
        vat,
        total,
        purpose: PURPOSE_RECEIPT.to_owned(),
        issued: false,
    }))
}

/// 승인번호 in the 24-digit shape of e-tax invoices: the write date, the shop,
/// the month.
fn approval_no(shop_id: i64, month: Month) -> String {
    format!(
        "{}-41{:06}-{:04}{:02}01",
        month.last_day().format("%Y%m%d"),
        shop_id.rem_euclid(1_000_000),
        month.year,
        month.month
    )
}

fn from_row(r: &sqlx::any::AnyRow) -> AppResult<TaxInvoice> {
    let parse = |col: &str| -> AppResult<String> { Ok(r.try_get::<String, _>(col)?) };
    let supplier: Party = serde_json::from_str(&parse("supplier_json")?).map_err(|_| AppError::internal())?;
    let buyer: Party = serde_json::from_str(&parse("buyer_json")?).map_err(|_| AppError::internal())?;
    let items: Vec<InvoiceItem> = serde_json::from_str(&parse("items_json")?).map_err(|_| AppError::internal())?;
    Ok(TaxInvoice {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        month: r.try_get("month")?,
        approval_no: r.try_get("approval_no")?,
        write_date: r.try_get("write_date")?,
        supplier,
        buyer,
        items,
        supply_value: r.try_get("supply_value")?,
        vat: r.try_get("vat")?,
        total: r.try_get("total")?,
        purpose: r.try_get("purpose")?,
        issued: true,
    })
}

const INVOICE_COLUMNS: &str = "id, shop_id, month, approval_no, write_date, supplier_json, buyer_json, items_json, \
                               supply_value, vat, total, purpose";

/// The issued invoice of the month, or the preview of a month that has none
/// yet (the running month, or a finished one the job has not reached).
/// A month after the running one is refused.
pub async fn invoice_for(db: &Database, shop_id: i64, month: Month, now_millis: i64) -> AppResult<Option<TaxInvoice>> {
    let running = Month::of_millis(now_millis).ok_or_else(AppError::internal)?;
    if month > running {
        return Err(AppError::invalid(
            "month",
            msg::tax_err_future_month(month.label()),
        ));
    }
    let mut conn = db.pool().acquire().await?;
    let row = sqlx::query(&format!(
        "SELECT {INVOICE_COLUMNS} FROM tax_invoices WHERE shop_id = $1 AND month = $2"
    ))
    .bind(shop_id)
    .bind(month.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some(from_row(&r)?)),
        None => {
            let last = last_invoiced(&mut conn, shop_id).await?;
            compute(&mut conn, shop_id, month, last).await
        }
    }
}

/// The shop's issued invoices, newest first, with the running month's
/// preview (and a finished month's not issued yet) on top.
pub async fn list(db: &Database, shop_id: i64, now_millis: i64) -> AppResult<Vec<TaxInvoiceSummary>> {
    let running = Month::of_millis(now_millis).ok_or_else(AppError::internal)?;
    let mut conn = db.pool().acquire().await?;
    let rows = sqlx::query(&format!(
        "SELECT {INVOICE_COLUMNS} FROM tax_invoices WHERE shop_id = $1 ORDER BY month DESC"
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?;
    let issued: Vec<TaxInvoice> = rows.iter().map(from_row).collect::<AppResult<_>>()?;
    // Newest first: the first is the last invoiced month.
    let last = issued.first().and_then(|t| Month::parse(&t.month).ok());
    let mut out = Vec::new();
    for m in [running, running.prev()] {
        if !issued.iter().any(|t| t.month == m.to_string()) {
            if let Some(preview) = compute(&mut conn, shop_id, m, last).await? {
                out.push(TaxInvoiceSummary::from(&preview));
            }
        }
    }
    out.extend(issued.iter().map(TaxInvoiceSummary::from));
    out.sort_by(|a, b| b.month.cmp(&a.month));
    Ok(out)
}

/// Shops whose invoices are written in one transaction.
const INVOICE_BATCH: usize = 200;

/// Writes the invoices of finished months whose lines no invoice has taken
/// yet; the VAT of each is collected from the shop's next payout in the same
/// transaction. One index range look-up finds the shops with such lines —
/// none, once every finished month is invoiced — so running this every few
/// seconds costs nothing. Safe to run again and on two instances at once:
/// the invoices of up to [`INVOICE_BATCH`] shops are written in one
/// transaction under the settlement lock, the row is unique per shop and
/// month, and its lines are marked in the same transaction. Returns the
/// number of invoices written.
pub async fn issue_due_invoices(db: &Database, now_millis: i64) -> AppResult<usize> {
    let running = Month::of_millis(now_millis).ok_or_else(AppError::internal)?;
    let cutoff = running.start_millis();
    // A range of the (confirmed_at, …) partial index, which SQLite's planner
    // would trade for a scan of the whole running month by shop.
    let due: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT shop_id, MIN(confirmed_at) FROM settlement_lines{} WHERE invoice_id = 0 AND confirmed_at < $1 \
         GROUP BY shop_id ORDER BY shop_id",
        db.indexed_by("settlement_lines_uninvoiced")
    ))
    .bind(cutoff)
    .fetch_all(db.pool())
    .await?;
    let mut written = 0;
    for chunk in due.chunks(INVOICE_BATCH) {
        let mut tx: Tx = crate::settlement::ssr::begin_locked(db).await?;
        let mut vat = Vec::new();
        for &(shop_id, first) in chunk {
            let mut last = last_invoiced(&mut tx, shop_id).await?;
            let Some(mut month) = Month::of_millis(first) else { continue };
            if let Some(last) = last {
                month = month.max(last.next());
            }
            // Month by month, jumping over months without lines (one index look-up each).
            while month < running {
                if let Some(adjustment) = issue(&mut tx, shop_id, month, last, now_millis).await? {
                    written += 1;
                    vat.push(adjustment);
                    last = Some(month);
                }
                let next: Option<i64> = sqlx::query_scalar(
                    "SELECT MIN(confirmed_at) FROM settlement_lines \
                     WHERE shop_id = $1 AND invoice_id = 0 AND confirmed_at >= $2 AND confirmed_at < $3",
                )
                .bind(shop_id)
                .bind(month.end_millis())
                .bind(cutoff)
                .fetch_one(&mut *tx)
                .await?;
                match next.and_then(Month::of_millis) {
                    Some(m) => month = m,
                    None => break,
                }
            }
        }
        crate::settlement::ssr::add_adjustments(&mut tx, vat, now_millis).await?;
        tx.commit().await?;
    }
    Ok(written)
}

/// Writes one finished month's invoice and marks the lines it takes, in the
/// caller's locked transaction; returns the VAT to collect. `last` is the
/// shop's newest invoiced month, read in the same transaction, and `month`
/// comes after it. `None` when the month had no fees (its lines are then
/// marked -1, nothing to invoice) or is invoiced already.
async fn issue(
    tx: &mut Tx,
    shop_id: i64,
    month: Month,
    last: Option<Month>,
    now_millis: i64,
) -> AppResult<Option<Adjustment>> {
    let (from, to) = invoice_span(last, month);
    let invoice = match compute(tx, shop_id, month, last).await? {
        Some(invoice) if invoice.supply_value > 0 => invoice,
        // No fees, or refunded fees exceeding the month's: nothing to invoice
        // (a 수정세금계산서 is the operator's call).
        _ => {
            crate::settlement::ssr::mark_invoiced(tx, shop_id, -1, from, to).await?;
            return Ok(None);
        }
    };
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO tax_invoices (shop_id, month, approval_no, write_date, supplier_json, buyer_json, items_json, \
                                   supply_value, vat, total, purpose, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (shop_id, month) DO NOTHING RETURNING id",
    )
    .bind(shop_id)
    .bind(&invoice.month)
    .bind(approval_no(shop_id, month))
    .bind(&invoice.write_date)
    .bind(to_json(&invoice.supplier)?)
    .bind(to_json(&invoice.buyer)?)
    .bind(to_json(&invoice.items)?)
    .bind(invoice.supply_value)
    .bind(invoice.vat)
    .bind(invoice.total)
    .bind(&invoice.purpose)
    .bind(now_millis)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = inserted else { return Ok(None) };
    crate::settlement::ssr::mark_invoiced(tx, shop_id, id, from, to).await?;
    tracing::info!(shop_id, month = %month, supply = invoice.supply_value, vat = invoice.vat, "tax invoice issued");
    Ok(Some(Adjustment {
        shop_id,
        source_key: vat_source_key(shop_id, month),
        amount: -invoice.vat,
        memo: format!("{} 수수료 부가세 (세금계산서)", month),
        actor: "system".to_owned(),
    }))
}

/// The VAT adjustment's key; settlement line keys are unique across shops.
pub fn vat_source_key(shop_id: i64, month: Month) -> String {
    format!("vat:{shop_id}:{month}")
}

/// A party or the items for their JSON column.
fn to_json<T: serde::Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|_| AppError::internal())
}

// ------------------------------------------------------------------ VAT report

/// 부가세 신고 자료: the month's sales by payment method.
///
/// Sales are what buyers paid ((판매가 + 옵션가) × 수량 − 할인 + 배송비) for
/// items paid in the month and not cancelled; refunds are those of claims
/// completed in the month on items that are not cancelled (a completed cancel
/// claim cancels its item, which is then already out of the sales).
pub async fn vat_report(db: &Database, shop_id: i64, month: Month) -> AppResult<VatReport> {
    let (from, to) = (month.start_millis(), month.end_millis());
    let sales = sqlx::query(
        "SELECT payment_method, COUNT(*) AS n, \
                CAST(SUM((unit_price + option_price) * quantity - seller_discount - platform_discount + shipping_fee) AS BIGINT) AS amount \
         FROM order_items WHERE shop_id = $1 AND paid_at >= $2 AND paid_at < $3 AND status <> 'cancelled' \
         GROUP BY payment_method",
    )
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    let refunds = sqlx::query(
        "SELECT i.payment_method, COUNT(*) AS n, CAST(SUM(c.refund_amount) AS BIGINT) AS amount \
         FROM claims c JOIN order_items i ON i.id = c.order_item_id \
         WHERE c.shop_id = $1 AND i.shop_id = $1 AND c.status = 'completed' AND c.resolved_at >= $2 AND c.resolved_at < $3 \
           AND c.refund_amount <> 0 AND i.status <> 'cancelled' \
         GROUP BY i.payment_method",
    )
    .bind(shop_id)
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    // Every known method in its usual order, then whatever else was recorded.
    let mut by_method: BTreeMap<String, VatRow> = BTreeMap::new();
    for r in &sales {
        let method: String = r.try_get("payment_method")?;
        let row = by_method.entry(method).or_default();
        row.count += r.try_get::<i64, _>("n")?;
        row.sales += r.try_get::<Option<i64>, _>("amount")?.unwrap_or(0);
    }
    for r in &refunds {
        let method: String = r.try_get("payment_method")?;
        let row = by_method.entry(method).or_default();
        row.refund_count += r.try_get::<i64, _>("n")?;
        row.refunds += r.try_get::<Option<i64>, _>("amount")?.unwrap_or(0);
    }
    let mut rows = Vec::new();
    for code in PAYMENT_METHODS {
        let row = by_method.remove(*code).unwrap_or_default();
        rows.push(VatRow {
            method: (*code).to_owned(),
            ..row
        });
    }
    rows.extend(by_method.into_iter().map(|(code, row)| VatRow { method: code, ..row }));
    let mut totals = VatRow {
        label: msg::tax_vat_total_row().to_owned(),
        ..Default::default()
    };
    for row in &mut rows {
        row.label = payment_method_name(&row.method).to_owned();
        row.total = row.sales - row.refunds;
        (row.supply, row.vat) = split_vat(row.total);
        totals.count += row.count;
        totals.sales += row.sales;
        totals.refund_count += row.refund_count;
        totals.refunds += row.refunds;
        totals.total += row.total;
        totals.supply += row.supply;
        totals.vat += row.vat;
    }
    Ok(VatReport {
        month: month.to_string(),
        rows,
        totals,
    })
}

pub const VAT_COLUMNS: &[&str] = &[
    "결제수단",
    "판매 건수",
    "매출액",
    "환불 건수",
    "환불액",
    "과세 매출 합계",
    "공급가액",
    "부가세",
];

/// [`VAT_COLUMNS`] in English, same order, for `headers=en`. A file format
/// like the Korean names (which stay the default: Korean accountants and
/// sellers' Excel macros read them), not catalogue text.
pub const VAT_COLUMNS_EN: &[&str] = &[
    "Payment method",
    "Sales count",
    "Sales",
    "Refund count",
    "Refunds",
    "Taxable sales",
    "Supply value",
    "VAT",
];

pub fn vat_sheet_rows(report: &VatReport) -> Vec<Vec<Cell>> {
    report
        .rows
        .iter()
        .chain(std::iter::once(&report.totals))
        .map(|r| {
            vec![
                Cell::Text(r.label.clone()),
                Cell::Number(r.count),
                Cell::Number(r.sales),
                Cell::Number(r.refund_count),
                Cell::Number(r.refunds),
                Cell::Number(r.total),
                Cell::Number(r.supply),
                Cell::Number(r.vat),
            ]
        })
        .collect()
}

// ------------------------------------------------------------------ downloads


/// `file` = `YYYY-MM.ext` with one of `exts`: the month and the extension.
fn parse_file<'a>(file: &'a str, exts: &[&'a str]) -> AppResult<(Month, &'a str)> {
    let (stem, ext) = file.rsplit_once('.').ok_or_else(|| AppError::not_found(msg::settlement_noun_file()))?;
    let ext = exts
        .iter()
        .find(|e| **e == ext)
        .ok_or_else(|| AppError::not_found(msg::settlement_noun_file()))?;
    Ok((Month::parse(stem)?, ext))
}

/// `GET /downloads/tax-invoices/{YYYY-MM}.pdf`: the month's invoice as a PDF.
pub async fn serve_download(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let actor = match crate::auth::ssr::require_shop_for(&state, &headers, Permission::Settlement).await {
        Ok(a) => a,
        Err(e) => return refuse(&e),
    };
    let month = match parse_file(&file, &["pdf"]) {
        Ok((m, _)) => m,
        Err(e) => return refuse(&e),
    };
    let invoice = match invoice_for(&state.db, actor.shop_id, month, crate::db::now_millis()).await {
        Ok(Some(i)) => i,
        Ok(None) => return refuse(&AppError::not_found(msg::tax_noun_month_invoice())),
        Err(e) => return refuse(&e),
    };
    // The content stays Korean; only an error (no font) is in the reader's language.
    let locale = crate::i18n::locale();
    match tokio::task::spawn_blocking(move || crate::i18n::with_locale(locale, || super::pdf::render(&invoice))).await {
        Ok(Ok(bytes)) => download(&format!("세금계산서_{month}.pdf"), "application/pdf", bytes),
        Ok(Err(e)) => refuse(&e),
        Err(_) => refuse(&AppError::internal()),
    }
}

/// `GET /downloads/vat/{YYYY-MM}.csv|xlsx`: 부가세 신고 자료 of the month;
/// `?headers=en` for English column headers.
pub async fn serve_vat_download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Response {
    let actor = match crate::auth::ssr::require_shop_for(&state, &headers, Permission::Settlement).await {
        Ok(a) => a,
        Err(e) => return refuse(&e),
    };
    let (month, ext) = match parse_file(&file, &["csv", "xlsx"]) {
        Ok(v) => v,
        Err(e) => return refuse(&e),
    };
    let english = crate::ui::english_headers(query.as_deref());
    let locale = crate::ui::export_locale(english);
    let report = match crate::i18n::scope(locale, vat_report(&state.db, actor.shop_id, month)).await {
        Ok(r) => r,
        Err(e) => return refuse(&e),
    };
    let rows = crate::i18n::with_locale(locale, || vat_sheet_rows(&report));
    let (sheet_name, columns) = if english {
        ("VAT report", VAT_COLUMNS_EN)
    } else {
        ("부가세 신고 자료", VAT_COLUMNS)
    };
    sheet_download(&format!("부가세신고자료_{month}"), sheet_name, ext == "xlsx", columns, rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_supplier_number_passes_the_national_checksum() {
        let p = platform_party();
        assert!(
            crate::shop::BusinessNumber::parse(&p.registration_no).is_ok(),
            "{}",
            p.registration_no
        );
    }

    #[test]
    fn approval_numbers_have_the_e_tax_invoice_shape() {
        let m = Month::parse("2026-10").unwrap();
        assert_eq!(approval_no(7, m), "20261031-41000007-20261001");
        assert_eq!(approval_no(7, m).len(), 26);
    }

    #[test]
    fn english_vat_headers_match_the_korean_ones() {
        assert_eq!(VAT_COLUMNS_EN.len(), VAT_COLUMNS.len());
        for h in VAT_COLUMNS_EN {
            assert!(!h.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{h}");
        }
    }

    #[test]
    fn download_names_are_a_month_and_a_known_extension() {
        assert_eq!(parse_file("2026-10.pdf", &["pdf"]).unwrap().0.to_string(), "2026-10");
        assert_eq!(parse_file("2026-13.pdf", &["pdf"]).unwrap_err().code, "invalid_input");
        assert_eq!(parse_file("2026-10.exe", &["pdf"]).unwrap_err().code, "not_found");
        assert_eq!(parse_file("2026-10", &["pdf"]).unwrap_err().code, "not_found");
        assert_eq!(parse_file("2026-10.xlsx", &["csv", "xlsx"]).unwrap().1, "xlsx");
    }
}
