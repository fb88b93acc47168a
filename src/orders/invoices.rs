//! 송장 일괄등록 and the order spreadsheet (server only).
//!
//! The upload reads the same CSV/XLSX files the product import reads (Excel's
//! UTF-8 or CP949 CSV, XLSX) through `products::sheet`. Columns are found by
//! their header: 상품주문번호, 택배사, 송장번호; anything else in the row —
//! typically the whole order export the seller filled in — is ignored. Every
//! row is checked first (item of this shop, courier, number format, state);
//! applying ships the valid rows, each in the same way as one 발송처리.

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::Row;

use super::ssr::{parse_waybill, PAGE_SIZE};
use super::*;
use crate::auth::ssr::ShopActor;
use crate::error::{AppError, AppResult};
use crate::products::import::{refuse, sheet_download};
use crate::products::sheet::{self, Cell};
use crate::context::AppState;
use crate::i18n::msg;

pub const FILE_MAX_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_ROWS: usize = 2_000;

const ITEM_ID: &str = "상품주문번호";
const COURIER: &str = "택배사";
const TRACKING: &str = "송장번호";

/// Columns of the order export (and of the invoice template's first three).
pub const EXPORT_COLUMNS: &[&str] = &[
    ITEM_ID, COURIER, TRACKING, "주문번호", "주문상태", "판매채널", "결제일시", "발송기한", "상품명", "옵션", "수량",
    "결제금액", "구매자", "수령인", "수령인 연락처", "우편번호", "주소", "상세주소", "배송메모",
];

/// [`EXPORT_COLUMNS`] in English, same order, for an export asked with
/// `headers=en`. A file format like the Korean names (which stay the default:
/// Korean banks, couriers and sellers' Excel macros read them), not catalogue
/// text. The upload accepts the first three too.
pub const EXPORT_COLUMNS_EN: &[&str] = &[
    "Item no.", "Courier", "Tracking number", "Order no.", "Status", "Channel", "Paid at", "Ship by", "Product", "Option",
    "Quantity", "Amount paid", "Buyer", "Recipient", "Recipient phone", "Postcode", "Address", "Address line 2",
    "Delivery note",
];

/// The column whose header is one of `names`, spaces ignored (and case, for
/// the English names).
fn column(header: &[String], names: &[&str]) -> Option<usize> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    header.iter().position(|h| {
        let h = squeeze(h);
        names.iter().any(|n| h.eq_ignore_ascii_case(&squeeze(n)))
    })
}

/// One row of an upload: its cells as the file has them, and what they say
/// without the database (the item id, the courier and tracking number, each
/// read or refused).
pub struct UploadRow {
    pub line: usize,
    pub item_id: String,
    pub courier: String,
    pub tracking_number: String,
    pub id: Option<i64>,
    pub waybill: AppResult<(Courier, String)>,
}

/// The rows of an uploaded sheet that fill any of the three columns, read
/// without the database; the file is refused when a column is missing, no
/// row is filled or there are more than [`MAX_ROWS`]. What the fuzz target
/// (`fuzz/`) drives.
pub fn upload_rows(sheet: &sheet::Sheet) -> AppResult<Vec<UploadRow>> {
    let (Some(id_col), Some(courier_col), Some(tracking_col)) = (
        column(&sheet.header, &[ITEM_ID, "상품주문ID", "item_id", EXPORT_COLUMNS_EN[0]]),
        column(&sheet.header, &[COURIER, "택배사코드", "courier", EXPORT_COLUMNS_EN[1]]),
        column(&sheet.header, &[TRACKING, "운송장번호", "tracking_number", EXPORT_COLUMNS_EN[2]]),
    ) else {
        return Err(AppError::invalid("file", msg::orders_err_file_columns()));
    };
    let rows: Vec<_> = sheet
        .rows
        .iter()
        .filter(|r| [id_col, courier_col, tracking_col].iter().any(|c| r.cells.get(*c).is_some_and(|v| !v.is_empty())))
        .collect();
    if rows.is_empty() {
        return Err(AppError::invalid("file", msg::orders_err_file_no_rows()));
    }
    if rows.len() > MAX_ROWS {
        return Err(AppError::invalid("file", msg::orders_err_file_max_rows(MAX_ROWS.to_string())));
    }
    let cell = |r: &sheet::SheetRow, c: usize| r.cells.get(c).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|r| {
            let (item_id, courier, tracking_number) = (cell(r, id_col), cell(r, courier_col), cell(r, tracking_col));
            UploadRow {
                line: r.line,
                id: item_id.trim().parse::<i64>().ok(),
                waybill: parse_waybill(&courier, &tracking_number),
                item_id,
                courier,
                tracking_number,
            }
        })
        .collect())
}

/// Reads a file into its report; applies it when asked.
pub async fn import_bytes(state: &AppState, actor: &ShopActor, filename: &str, bytes: &[u8], apply: bool) -> AppResult<InvoiceReport> {
    let format = sheet::detect_format(filename, bytes)
        .ok_or_else(|| AppError::invalid("file", msg::orders_err_file_type()))?;
    let sheet = crate::products::import::read_upload(state, bytes, format).await?;
    let rows = upload_rows(&sheet)?;
    let mut report = InvoiceReport { rows: rows.len(), ..Default::default() };
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.id).collect();
    let statuses = statuses_of(state, actor.shop_id, &ids).await?;
    let mut planned = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in rows {
        let error = match r.id {
            None => msg::orders_err_row_id_not_number().to_owned(),
            Some(id) => match (statuses.get(&id), r.waybill) {
                (None, _) => msg::orders_err_row_not_ours().to_owned(),
                (_, Err(e)) => e.message,
                (Some(_), Ok(_)) if !seen.insert(id) => msg::orders_err_row_duplicate().to_owned(),
                (Some(status), Ok((c, n))) => match transition(*status, OrderAction::Ship)
                    .or_else(|_| transition(*status, OrderAction::ChangeTracking))
                {
                    Ok(_) => {
                        planned.push(ShipInput { item_id: id, courier: c.code().to_owned(), tracking_number: n });
                        String::new()
                    }
                    Err(e) => e.message(),
                },
            },
        };
        if error.is_empty() {
            report.valid += 1;
        }
        report.lines.push(InvoiceLine {
            line: r.line,
            item_id: r.item_id,
            courier: r.courier,
            tracking_number: r.tracking_number,
            error,
        });
    }
    if apply && !planned.is_empty() {
        report.shipped = super::ssr::ship(state, actor, &planned).await?;
        report.applied = true;
    }
    Ok(report)
}

async fn statuses_of(state: &AppState, shop_id: i64, ids: &[i64]) -> AppResult<std::collections::HashMap<i64, OrderStatus>> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let mut sql = crate::db::sql::Sql::default();
        let shop = sql.arg(crate::db::sql::Arg::Int(shop_id));
        let list = sql.placeholders(chunk);
        let rows = sql
            .query(&format!("SELECT id, status FROM order_items WHERE shop_id = {shop} AND id IN ({list})"))
            .fetch_all(state.db.pool())
            .await?;
        for r in rows {
            if let Some(s) = OrderStatus::parse(&r.try_get::<String, _>("status")?) {
                out.insert(r.try_get("id")?, s);
            }
        }
    }
    Ok(out)
}

/// The `import_invoices` server function's body.
pub async fn run(state: &AppState, actor: &ShopActor, data: leptos::server_fn::codec::MultipartData) -> AppResult<InvoiceReport> {
    let form = crate::accounts::ssr::read_multipart(
        data,
        "file",
        FILE_MAX_BYTES,
        AppError::invalid("file", msg::orders_err_file_size()),
    )
    .await?;
    if form.document.is_empty() {
        return Err(AppError::invalid("file", msg::orders_err_file_missing()));
    }
    let apply = form.get("apply").trim() == "true";
    import_bytes(state, actor, &form.file_name, &form.document, apply).await
}

/// Rows of the export: every item the filters match (up to 20,000).
pub async fn export_rows(state: &AppState, shop_id: i64, query: &OrderQuery) -> AppResult<Vec<Vec<Cell>>> {
    const MAX_EXPORT: usize = 20_000;
    let mut out = Vec::new();
    let mut q = query.clone();
    q.cursor = None;
    loop {
        let page = super::ssr::list(&state.db, shop_id, &q, PAGE_SIZE * 10).await?;
        let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
        let extra = address_of(state, shop_id, &ids).await?;
        for r in &page.rows {
            let (postcode, address, detail, note) = extra.get(&r.id).cloned().unwrap_or_default();
            let t = |s: &str| Cell::Text(s.to_owned());
            out.push(vec![
                Cell::Number(r.id),
                t(Courier::parse(&r.courier).map(|c| c.name_ko()).unwrap_or("")),
                t(&r.tracking_number),
                t(&r.order_no),
                t(r.status.label()),
                t(&r.channel_label),
                t(&r.paid_at),
                t(&r.ship_by),
                t(&r.product_name),
                t(&r.option_text),
                Cell::Number(r.quantity),
                Cell::Number(r.amount),
                t(&r.buyer_name),
                t(&r.recipient_name),
                t(&r.recipient_phone),
                t(&postcode),
                t(&address),
                t(&detail),
                t(&note),
            ]);
        }
        match page.next_cursor {
            Some(c) if out.len() < MAX_EXPORT => q.cursor = Some(c),
            _ => break,
        }
    }
    out.truncate(MAX_EXPORT);
    Ok(out)
}

type Address = (String, String, String, String);

async fn address_of(state: &AppState, shop_id: i64, ids: &[i64]) -> AppResult<std::collections::HashMap<i64, Address>> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut sql = crate::db::sql::Sql::default();
    let shop = sql.arg(crate::db::sql::Arg::Int(shop_id));
    let list = sql.placeholders(ids);
    let rows = sql
        .query(&format!(
            "SELECT id, postcode, address, address_detail, delivery_note FROM order_items WHERE shop_id = {shop} AND id IN ({list})"
        ))
        .fetch_all(state.db.pool())
        .await?;
    for r in rows {
        out.insert(
            r.try_get("id")?,
            (r.try_get("postcode")?, r.try_get("address")?, r.try_get("address_detail")?, r.try_get("delivery_note")?),
        );
    }
    Ok(out)
}

/// `/downloads/orders.{csv,xlsx}?tab=…` (`&headers=en` for English headers)
/// and `/downloads/invoice-template.csv` (always Korean: the upload's format).
pub async fn serve_download(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<OrderQuery>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let actor = match crate::auth::ssr::require_shop_for(&state, &headers, crate::auth::roles::Permission::Orders).await
    {
        Ok(a) => a,
        Err(e) => return refuse(&e),
    };
    let day = crate::time::to_kst(crate::db::now_millis()).map(|t| t.format("%Y%m%d").to_string()).unwrap_or_default();
    let english = crate::ui::english_headers(raw_query.as_deref());
    let (rows, columns, stem, sheet_name): (Vec<Vec<Cell>>, &'static [&'static str], &str, &'static str) =
        match name.as_str() {
            "orders.csv" | "orders.xlsx" => match crate::i18n::scope(
                crate::ui::export_locale(english),
                export_rows(&state, actor.shop_id, &query),
            )
            .await
            {
                Ok(rows) if english => (rows, EXPORT_COLUMNS_EN, "주문목록", "Orders"),
                Ok(rows) => (rows, EXPORT_COLUMNS, "주문목록", "주문"),
                Err(e) => return refuse(&e),
            },
            "invoice-template.csv" | "invoice-template.xlsx" => (
                vec![vec![Cell::Text("12345".into()), Cell::Text("CJ대한통운".into()), Cell::Text("123456789012".into())]],
                &EXPORT_COLUMNS[..3],
                "송장일괄등록_양식",
                "주문",
            ),
            _ => return refuse(&AppError::not_found(msg::orders_noun_file())),
        };
    sheet_download(&format!("{stem}_{day}"), sheet_name, name.ends_with(".xlsx"), columns, rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzz seeds (the invoice template as our exporter writes it, CSV
    /// and XLSX) are read without the database.
    #[test]
    fn the_template_files_read_into_rows() {
        for (name, bytes) in [
            ("invoice.csv", &include_bytes!("../../fuzz/corpus/invoices_upload/invoice.csv")[..]),
            ("invoice.xlsx", &include_bytes!("../../fuzz/corpus/invoices_upload/invoice.xlsx")[..]),
        ] {
            let format = sheet::detect_format(name, bytes).unwrap();
            let rows = upload_rows(&sheet::read_sheet(bytes, format).unwrap()).unwrap();
            let read: Vec<_> = rows.iter().map(|r| (r.line, r.id, r.waybill.as_ref().ok().map(|w| w.1.clone()))).collect();
            assert_eq!(
                read,
                vec![(2, Some(12345), Some("123456789012".to_owned())), (3, Some(12346), Some("654321098765".to_owned()))],
                "{name}"
            );
        }
    }

    #[test]
    fn upload_rows_keep_the_cells_and_say_what_is_wrong() {
        let csv = "송장번호,택배사,상품주문번호,메모\n1234,cj,abc,\n,,,메모만\n123456789012,없는택배,7,\n";
        let rows = upload_rows(&sheet::read_sheet(csv.as_bytes(), sheet::SheetFormat::Csv).unwrap()).unwrap();
        // The row with only a memo is not an invoice row.
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
        assert_eq!((rows[0].item_id.as_str(), rows[0].id), ("abc", None));
        assert_eq!(rows[0].waybill.as_ref().unwrap_err().field.as_deref(), Some("tracking_number"));
        assert_eq!((rows[1].id, rows[1].waybill.as_ref().unwrap_err().field.as_deref()), (Some(7), Some("courier")));
        let no_columns = sheet::read_sheet("a,b\n1,2\n".as_bytes(), sheet::SheetFormat::Csv).unwrap();
        assert_eq!(upload_rows(&no_columns).err().unwrap().field.as_deref(), Some("file"));
    }

    #[test]
    fn english_export_headers_match_the_korean_ones() {
        assert_eq!(EXPORT_COLUMNS_EN.len(), EXPORT_COLUMNS.len());
        let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        assert!(EXPORT_COLUMNS_EN.iter().all(|h| !hangul(h)), "{EXPORT_COLUMNS_EN:?}");
    }

    #[test]
    fn the_upload_finds_its_columns_under_korean_or_english_names() {
        let header = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let ko = header(EXPORT_COLUMNS);
        let en = header(EXPORT_COLUMNS_EN);
        for (i, names) in [[ITEM_ID, EXPORT_COLUMNS_EN[0]], [COURIER, EXPORT_COLUMNS_EN[1]], [TRACKING, EXPORT_COLUMNS_EN[2]]]
            .iter()
            .enumerate()
        {
            assert_eq!(column(&ko, names), Some(i));
            assert_eq!(column(&en, names), Some(i));
        }
        assert_eq!(column(&header(&["x", "tracking number"]), &[TRACKING, EXPORT_COLUMNS_EN[2]]), Some(1));
        assert_eq!(column(&header(&["상품 주문번호"]), &[ITEM_ID]), Some(0));
    }
}
