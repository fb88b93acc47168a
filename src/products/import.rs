//! 상품 일괄등록 (server only): a spreadsheet with one row per variant,
//! grouped into products by 상품관리코드. A product's columns are read from
//! its first row (later rows may leave them empty); each row carries one
//! option combination. Existing products (same code) are updated, their
//! variants matched by SKU, and an empty cell keeps what is stored.
//!
//! Every row is checked with the same rules as the product form, and the
//! report names the row, the column and the reason. Applying runs in one
//! transaction: either the valid products (`valid_only`) or, with
//! `all_or_nothing`, nothing at all when any row is wrong. The export writes
//! the same columns, so a downloaded file can be edited and uploaded back.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::Row;

use super::sheet::{self, Cell, Sheet, SheetFormat};
use super::ssr::{detail, save_in};
use crate::db::sql::{Arg, Sql};
use super::*;
use crate::auth::roles::Permission;
use crate::auth::ssr::ShopActor;
use crate::audit::ssr::{json, record, Change};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::Database;
use crate::context::limits::Work;
use crate::context::AppState;
use crate::i18n::msg;

pub const FILE_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Errors listed in a report; the rest are counted.
const MAX_LISTED_ERRORS: usize = 500;

const CODE: &str = "상품관리코드";
const NAME: &str = "상품명";
const CATEGORY: &str = "카테고리";
const LIST_PRICE: &str = "정가";
const SALE_PRICE: &str = "판매가";
const STATUS: &str = "판매상태";
const CHANNELS: &str = "판매채널";
const OPTION_NAMES: &str = "옵션명";
const OPTION_VALUES: &str = "옵션값";
const SKU: &str = "SKU";
const EXTRA_PRICE: &str = "옵션추가금";
const STOCK: &str = "재고";
const THRESHOLD: &str = "재고알림기준";
const ACTIVE: &str = "옵션판매";
const SHIPPING_FEE: &str = "기본배송비";
const FREE_OVER: &str = "무료배송기준금액";
const RETURN_FEE: &str = "반품배송비";
const EXCHANGE_FEE: &str = "교환배송비";
const SHIP_FROM: &str = "출고지";
const RETURN_ADDRESS: &str = "반품지";
const DESCRIPTION: &str = "상품설명";

/// The file's columns, in the order the template and the export use.
pub const COLUMNS: &[&str] = &[
    CODE, NAME, CATEGORY, LIST_PRICE, SALE_PRICE, STATUS, CHANNELS, OPTION_NAMES, OPTION_VALUES, SKU, EXTRA_PRICE, STOCK,
    THRESHOLD, ACTIVE, SHIPPING_FEE, FREE_OVER, RETURN_FEE, EXCHANGE_FEE, SHIP_FROM, RETURN_ADDRESS, DESCRIPTION,
];
/// [`COLUMNS`] in English, same order, for an export asked with
/// `headers=en` (the template always stays Korean: it is the importer's
/// format). A file format like the Korean names, not catalogue text; the
/// importer accepts these names too, so an English export can come back.
pub const COLUMNS_EN: &[&str] = &[
    "Product code", "Product name", "Category", "List price", "Sale price", "Sales status", "Channels", "Option names",
    "Option values", "SKU", "Option surcharge", "Stock", "Low stock alert", "Option on sale", "Shipping fee",
    "Free shipping over", "Return shipping fee", "Exchange shipping fee", "Ship-from address", "Return address",
    "Description",
];
const REQUIRED: &[&str] = &[CODE, NAME, CATEGORY, LIST_PRICE, SALE_PRICE, SKU];
/// Columns about the product (the rest are about one variant).
const PRODUCT_COLUMNS: &[&str] = &[
    NAME, CATEGORY, LIST_PRICE, SALE_PRICE, STATUS, CHANNELS, OPTION_NAMES, SHIPPING_FEE, FREE_OVER, RETURN_FEE,
    EXCHANGE_FEE, SHIP_FROM, RETURN_ADDRESS, DESCRIPTION,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Apply the valid products, skip the rest.
    ValidOnly,
    /// Apply nothing when any row is wrong.
    AllOrNothing,
}

/// The rows of one product in the file.
struct Group<'a> {
    code: String,
    rows: Vec<&'a sheet::SheetRow>,
}

struct Columns(HashMap<&'static str, usize>);

impl Columns {
    fn cell<'r>(&self, row: &'r sheet::SheetRow, column: &str) -> &'r str {
        self.0.get(column).and_then(|i| row.cells.get(*i)).map(String::as_str).unwrap_or("")
    }
}

fn error(line: usize, column: &str, message: impl Into<String>) -> RowError {
    RowError { line, column: column.to_owned(), message: message.into() }
}

/// Checks the header: every required column there, nothing unknown.
fn columns(sheet: &Sheet) -> Result<Columns, RowError> {
    let mut map = HashMap::new();
    let mut unknown = Vec::new();
    for (i, h) in sheet.header.iter().enumerate() {
        let name = h.trim().trim_end_matches('*').trim();
        let known = COLUMNS.iter().zip(COLUMNS_EN).find(|(ko, en)| **ko == name || en.eq_ignore_ascii_case(name));
        match known.map(|(ko, _)| ko) {
            Some(c) if map.contains_key(c) => return Err(error(1, name, msg::products_import_err_column_twice(name))),
            Some(c) => {
                map.insert(*c, i);
            }
            None if name.is_empty() => {}
            None => unknown.push(name.to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(error(
            1,
            &unknown.join(", "),
            msg::products_import_err_unknown_columns(unknown.join(", ")),
        ));
    }
    let missing: Vec<&str> = REQUIRED.iter().filter(|c| !map.contains_key(*c)).copied().collect();
    if !missing.is_empty() {
        return Err(error(1, &missing.join(", "), msg::products_import_err_missing_columns(missing.join(", "))));
    }
    Ok(Columns(map))
}

/// Won or a count: `39,000`, `39000원` and ` 39000 ` are 39000.
fn number(line: usize, column: &str, value: &str) -> Result<Option<i64>, RowError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if looks_like_formula(v) {
        return Err(error(line, column, msg::products_import_err_formula()));
    }
    let digits: String = v.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    let digits = digits.trim_end_matches('원').trim_end_matches('개');
    digits
        .parse::<i64>()
        .map(Some)
        .map_err(|_| error(line, column, msg::products_import_err_not_number(v)))
}

fn yes_no(line: usize, column: &str, value: &str) -> Result<Option<bool>, RowError> {
    match value.trim().to_uppercase().as_str() {
        "" => Ok(None),
        "Y" | "YES" | "TRUE" | "판매" | "사용" | "O" => Ok(Some(true)),
        "N" | "NO" | "FALSE" | "중지" | "미사용" | "X" => Ok(Some(false)),
        other => Err(error(line, column, msg::products_import_err_yes_no(other))),
    }
}

fn split_options(value: &str) -> Vec<String> {
    if value.trim().is_empty() {
        return Vec::new();
    }
    value.split('/').map(|s| s.trim().to_owned()).collect()
}

/// A stored variant a SKU names.
#[derive(Debug, Clone)]
struct StoredVariant {
    id: i64,
    product_id: i64,
    stock: i64,
    extra_price: i64,
    low_stock_threshold: i64,
    active: bool,
}

async fn stored_products(db: &Database, shop_id: i64, codes: &[String]) -> AppResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in codes.chunks(400) {
        let mut sql = Sql::default();
        let shop = sql.arg(Arg::Int(shop_id));
        let list = chunk.iter().map(|c| sql.arg(Arg::Text(c.clone()))).collect::<Vec<_>>().join(", ");
        let text = format!("SELECT id, code FROM products WHERE shop_id = {shop} AND deleted_at = 0 AND code IN ({list})");
        for r in sql.query(&text).fetch_all(db.pool()).await? {
            out.insert(r.try_get("code")?, r.try_get("id")?);
        }
    }
    Ok(out)
}

async fn stored_variants(db: &Database, shop_id: i64, skus: &[String]) -> AppResult<HashMap<String, StoredVariant>> {
    let mut out = HashMap::new();
    for chunk in skus.chunks(400) {
        let mut sql = Sql::default();
        let shop = sql.arg(Arg::Int(shop_id));
        let list = chunk.iter().map(|c| sql.arg(Arg::Text(c.clone()))).collect::<Vec<_>>().join(", ");
        let text = format!(
            "SELECT id, product_id, sku, stock, extra_price, low_stock_threshold, active FROM product_variants \
             WHERE shop_id = {shop} AND deleted_at = 0 AND sku IN ({list})"
        );
        for r in sql.query(&text).fetch_all(db.pool()).await? {
            out.insert(
                r.try_get("sku")?,
                StoredVariant {
                    id: r.try_get("id")?,
                    product_id: r.try_get("product_id")?,
                    stock: r.try_get("stock")?,
                    extra_price: r.try_get("extra_price")?,
                    low_stock_threshold: r.try_get("low_stock_threshold")?,
                    active: r.try_get::<i64, _>("active")? == 1,
                },
            );
        }
    }
    Ok(out)
}

/// The column a validation error of the product form is about.
fn column_of(field: &str, message: &str) -> &'static str {
    match field {
        "name" => NAME,
        "code" => CODE,
        "category" => CATEGORY,
        "list_price" => LIST_PRICE,
        "sale_price" => SALE_PRICE,
        "description" => DESCRIPTION,
        "shipping_fee" => SHIPPING_FEE,
        "free_shipping_over" => FREE_OVER,
        "return_fee" => RETURN_FEE,
        "exchange_fee" => EXCHANGE_FEE,
        "ship_from" => SHIP_FROM,
        "return_address" => RETURN_ADDRESS,
        "status" => STATUS,
        f if f.starts_with("option_groups") => OPTION_NAMES,
        f if f.starts_with("variants.") => {
            if message.contains("SKU") {
                SKU
            // The message is in the reader's language: Korean or English words.
            } else if message.contains("알림") || message.contains("alert") {
                THRESHOLD
            } else if message.contains("재고") || message.to_lowercase().contains("stock") {
                STOCK
            } else if message.contains("추가금") || message.contains("surcharge") {
                EXTRA_PRICE
            } else {
                OPTION_VALUES
            }
        }
        _ => OPTION_VALUES,
    }
}

/// A product the file describes, ready to save.
pub struct Planned {
    pub product: ValidProduct,
    pub line: usize,
}

/// Reads a group of rows into a product, or the reasons it cannot be.
fn plan_group(
    cols: &Columns,
    group: &Group<'_>,
    existing: Option<&ProductDetail>,
    variants: &HashMap<String, StoredVariant>,
) -> Result<Planned, Vec<RowError>> {
    let first = group.rows[0];
    let line = first.line;
    let mut errors = Vec::new();
    let get = |column: &str| cols.cell(first, column);
    // Product columns on later rows: empty, or the same as the first row.
    for row in &group.rows[1..] {
        for column in PRODUCT_COLUMNS {
            let v = cols.cell(row, column);
            if !v.is_empty() && v != get(column) {
                errors.push(error(row.line, column, msg::products_import_err_differs_from_first(line.to_string())));
            }
        }
    }
    let mut num = |column: &str| match number(line, column, get(column)) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let list_price = num(LIST_PRICE);
    let sale_price = num(SALE_PRICE);
    let shipping_fee = num(SHIPPING_FEE);
    let free_over = num(FREE_OVER);
    let return_fee = num(RETURN_FEE);
    let exchange_fee = num(EXCHANGE_FEE);
    let status = match get(STATUS) {
        "" => existing.map(|e| e.input.status).unwrap_or(ProductStatus::OnSale),
        s => match ProductStatus::parse(s) {
            // 품절 in a file is a product on sale whose stock is 0.
            Some(ProductStatus::SoldOut) => ProductStatus::OnSale,
            Some(s) => s,
            None => {
                errors.push(error(line, STATUS, msg::products_import_err_status(
                        ProductStatus::CHOOSABLE.map(ProductStatus::label_ko).join(", "),
                    )));
                ProductStatus::OnSale
            }
        },
    };
    let channels = match get(CHANNELS) {
        "" => existing.map(|e| e.input.channels.clone()).unwrap_or_else(|| Channel::ALL.to_vec()),
        s => {
            let mut out = Vec::new();
            for part in s.split([',', '/']).map(str::trim).filter(|p| !p.is_empty()) {
                match Channel::parse(part) {
                    Some(c) => out.push(c),
                    None => errors.push(error(
                        line,
                        CHANNELS,
                        msg::products_import_err_channel(part, Channel::ALL.map(Channel::label_ko).join(", ")),
                    )),
                }
            }
            out
        }
    };
    let group_names = split_options(get(OPTION_NAMES));
    let mut groups: Vec<OptionGroup> =
        group_names.iter().map(|n| OptionGroup { name: n.clone(), values: Vec::new() }).collect();
    let mut by_options: HashMap<Vec<String>, &sheet::SheetRow> = HashMap::new();
    for row in &group.rows {
        let values = split_options(cols.cell(row, OPTION_VALUES));
        if values.len() != groups.len() {
            errors.push(error(
                row.line,
                OPTION_VALUES,
                if groups.is_empty() {
                    msg::products_import_err_values_without_names().to_owned()
                } else {
                    msg::products_import_err_values_count(group_names.join("/"), groups.len())
                },
            ));
            continue;
        }
        for (g, v) in groups.iter_mut().zip(&values) {
            if !g.values.contains(v) {
                g.values.push(v.clone());
            }
        }
        if by_options.insert(values.clone(), row).is_some() {
            errors.push(error(row.line, OPTION_VALUES, msg::products_import_err_combo_twice(option_label(&values))));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let groups = match check_option_groups(&groups) {
        Ok(g) => g,
        Err(e) => return Err(vec![error(line, OPTION_NAMES, e.message)]),
    };
    let wanted = combinations(&groups);
    if wanted.len() > MAX_VARIANTS {
        return Err(vec![error(line, OPTION_VALUES, msg::products_err_too_many_variants(MAX_VARIANTS))]);
    }
    let existing_id = existing.map(|e| e.input.id.unwrap_or_default());
    let mut variant_inputs = Vec::with_capacity(wanted.len());
    let mut lines = Vec::with_capacity(wanted.len());
    for options in &wanted {
        let Some(row) = by_options.get(options) else {
            errors.push(error(line, OPTION_VALUES, msg::products_import_err_combo_missing(option_label(options))));
            continue;
        };
        let l = row.line;
        let sku = match parse_code("sku", "SKU", cols.cell(row, SKU), 50) {
            Ok(s) => s,
            Err(e) => {
                errors.push(error(l, SKU, e.message));
                continue;
            }
        };
        let stored = variants.get(&sku);
        if let Some(s) = stored {
            if Some(s.product_id) != existing_id {
                errors.push(error(l, SKU, msg::products_err_sku_taken(&sku)));
                continue;
            }
        }
        let cell_number = |column: &str| number(l, column, cols.cell(row, column));
        let (stock, extra, threshold, active) = match (
            cell_number(STOCK),
            cell_number(EXTRA_PRICE),
            cell_number(THRESHOLD),
            yes_no(l, ACTIVE, cols.cell(row, ACTIVE)),
        ) {
            (Ok(a), Ok(b), Ok(c), Ok(d)) => (a, b, c, d),
            (a, b, c, d) => {
                errors.extend([a.err(), b.err(), c.err(), d.err()].into_iter().flatten());
                continue;
            }
        };
        variant_inputs.push(VariantInput {
            id: stored.map(|s| s.id),
            options: options.clone(),
            sku,
            extra_price: extra.or(stored.map(|s| s.extra_price)).unwrap_or(0),
            stock: stock.or(stored.map(|s| s.stock)).unwrap_or(0),
            stock_was: stored.map(|s| s.stock),
            low_stock_threshold: threshold.or(stored.map(|s| s.low_stock_threshold)).unwrap_or(DEFAULT_LOW_STOCK),
            active: active.or(stored.map(|s| s.active)).unwrap_or(true),
        });
        lines.push(l);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kept = |f: fn(&ShippingProfile) -> i64, default: i64| existing.map(|e| f(&e.input.shipping)).unwrap_or(default);
    let defaults = ShippingProfile::default();
    let text_or_kept = |column: &str, f: fn(&ProductInput) -> String| match get(column) {
        "" => existing.map(|e| f(&e.input)).unwrap_or_default(),
        v => v.to_owned(),
    };
    let input = ProductInput {
        id: existing_id,
        code: group.code.clone(),
        name: get(NAME).to_owned(),
        category: get(CATEGORY).to_owned(),
        list_price: list_price.unwrap_or(-1),
        sale_price: sale_price.unwrap_or(-1),
        description: text_or_kept(DESCRIPTION, |p| p.description.clone()),
        status,
        channels,
        option_groups: groups,
        variants: variant_inputs,
        shipping: ShippingProfile {
            shipping_fee: shipping_fee.unwrap_or_else(|| kept(|s| s.shipping_fee, defaults.shipping_fee)),
            free_shipping_over: free_over.unwrap_or_else(|| kept(|s| s.free_shipping_over, defaults.free_shipping_over)),
            return_fee: return_fee.unwrap_or_else(|| kept(|s| s.return_fee, defaults.return_fee)),
            exchange_fee: exchange_fee.unwrap_or_else(|| kept(|s| s.exchange_fee, defaults.exchange_fee)),
            ship_from: text_or_kept(SHIP_FROM, |p| p.shipping.ship_from.clone()),
            return_address: text_or_kept(RETURN_ADDRESS, |p| p.shipping.return_address.clone()),
        },
        image_ids: existing.map(|e| e.input.image_ids.clone()).unwrap_or_default(),
    };
    match input.validate() {
        Ok(product) => Ok(Planned { product, line }),
        Err(e) => {
            let field = e.field.clone().unwrap_or_default();
            let at = field
                .strip_prefix("variants.")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| lines.get(i).copied())
                .unwrap_or(line);
            let message = match (field.as_str(), input.list_price, input.sale_price) {
                ("list_price", -1, _) => msg::products_import_err_list_price().to_owned(),
                ("sale_price", _, -1) => msg::products_import_err_sale_price().to_owned(),
                _ => e.message.clone(),
            };
            Err(vec![error(at, column_of(&field, &e.message), message)])
        }
    }
}

/// The rows of a sheet grouped into products, read without the database.
struct Grouped<'s> {
    cols: Columns,
    /// The codes in the order they first appear.
    order: Vec<String>,
    groups: HashMap<String, Group<'s>>,
    /// Every SKU the file names (upper case).
    skus: Vec<String>,
    /// Rows refused while grouping (a bad code, a repeated SKU).
    errors: Vec<RowError>,
}

/// Checks the header and groups the rows by code, in the order codes first
/// appear.
fn group_rows(sheet: &Sheet) -> Result<Grouped<'_>, RowError> {
    let cols = columns(sheet)?;
    let mut errors = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Group<'_>> = HashMap::new();
    let mut sku_lines: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        let code = match parse_code("code", CODE, cols.cell(row, CODE), 40) {
            Ok(c) => c,
            Err(e) => {
                errors.push(error(row.line, CODE, e.message));
                continue;
            }
        };
        let sku = cols.cell(row, SKU).trim().to_ascii_uppercase();
        if !sku.is_empty() {
            if let Some(first) = sku_lines.insert(sku.clone(), row.line) {
                errors.push(error(row.line, SKU, msg::products_import_err_sku_twice(&sku, first.to_string())));
                continue;
            }
        }
        groups
            .entry(code.clone())
            .or_insert_with(|| {
                order.push(code.clone());
                Group { code: code.clone(), rows: Vec::new() }
            })
            .rows
            .push(row);
    }
    let skus = sku_lines.into_keys().collect();
    Ok(Grouped { cols, order, groups, skus, errors })
}

/// Checks a whole sheet against the shop: the report and what would be saved.
pub async fn plan(db: &Database, shop_id: i64, sheet: &Sheet) -> AppResult<(ImportReport, Vec<Planned>)> {
    let grouped = match group_rows(sheet) {
        Ok(g) => g,
        Err(e) => return Ok(refused_header(sheet, e)),
    };
    let stored = stored_products(db, shop_id, &grouped.order).await?;
    let variants = stored_variants(db, shop_id, &grouped.skus).await?;
    let mut existing = HashMap::new();
    for code in &grouped.order {
        if let Some(id) = stored.get(code) {
            existing.insert(code.clone(), detail(db, shop_id, *id).await?);
        }
    }
    Ok(plan_groups(sheet, grouped, &existing, &variants))
}

/// [`plan`] for a shop that has no products yet, without the database: the
/// same checks of every row. What the fuzz target (`fuzz/`) drives.
pub fn plan_offline(sheet: &Sheet) -> (ImportReport, Vec<Planned>) {
    match group_rows(sheet) {
        Ok(grouped) => plan_groups(sheet, grouped, &HashMap::new(), &HashMap::new()),
        Err(e) => refused_header(sheet, e),
    }
}

fn refused_header(sheet: &Sheet, e: RowError) -> (ImportReport, Vec<Planned>) {
    (ImportReport { rows: sheet.rows.len(), errors: vec![e], ..Default::default() }, Vec::new())
}

/// Plans every group given what the shop has stored: `existing` products by
/// code, `variants` by SKU.
fn plan_groups(
    sheet: &Sheet,
    grouped: Grouped<'_>,
    existing: &HashMap<String, ProductDetail>,
    variants: &HashMap<String, StoredVariant>,
) -> (ImportReport, Vec<Planned>) {
    let Grouped { cols, order, groups, mut errors, .. } = grouped;
    let mut report = ImportReport { rows: sheet.rows.len(), ..Default::default() };
    let mut planned = Vec::new();
    let mut bad_lines: std::collections::HashSet<usize> = errors.iter().map(|e| e.line).collect();
    report.products = order.len();
    for code in &order {
        let group = &groups[code];
        // A row already refused (a repeated SKU) makes its product incomplete.
        if group.rows.iter().any(|r| bad_lines.contains(&r.line)) {
            continue;
        }
        match plan_group(&cols, group, existing.get(code), variants) {
            Ok(p) => {
                if p.product.id.is_some() {
                    report.updated_products += 1;
                } else {
                    report.new_products += 1;
                }
                planned.push(p);
            }
            Err(mut errs) => {
                bad_lines.extend(errs.iter().map(|e| e.line));
                errors.append(&mut errs);
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    report.valid_products = planned.len();
    report.more_errors = errors.len().saturating_sub(MAX_LISTED_ERRORS);
    errors.truncate(MAX_LISTED_ERRORS);
    report.errors = errors;
    (report, planned)
}

/// Saves the planned products in one transaction, audited as one import.
pub async fn apply(state: &AppState, actor: &ShopActor, planned: &[Planned], report: &ImportReport) -> AppResult<()> {
    let mut tx = state.db.begin_write().await?;
    let mut removed = Vec::new();
    for p in planned {
        let saved = save_in(&mut tx, actor.shop_id, &p.product)
            .await
            .map_err(|e| AppError::invalid("file", msg::products_import_err_at_line(p.line.to_string(), &e.message)))?;
        removed.extend(saved.removed_files);
    }
    record(
        &mut *tx,
        Change {
            after: json(&serde_json::json!({
                "rows": report.rows,
                "created": report.new_products,
                "updated": report.updated_products,
                "skipped_errors": report.errors.len() + report.more_errors,
            })),
            ..Change::by(actor, "product.import", "products".into())
        },
    )
    .await?;
    tx.commit().await?;
    super::images::remove_files(state, &removed).await;
    Ok(())
}

/// Reads an uploaded spreadsheet (field `file`): a zip that would unpack
/// too far is refused at once by its index, then the file is read under the
/// app's sheet permits (busy when every one is taken). The products import
/// and the orders' 송장 upload both read through here.
pub async fn read_upload(state: &AppState, bytes: &[u8], format: SheetFormat) -> AppResult<Sheet> {
    sheet::check_declared_size(bytes, format).map_err(|e| AppError::invalid("file", e.0))?;
    let bytes = bytes.to_vec();
    state
        .heavy
        .run(Work::Sheet, move || sheet::read_sheet(&bytes, format))
        .await?
        .map_err(|e| AppError::invalid("file", e.0))
}

/// Parses, plans and (when asked and allowed by the mode) applies a file.
pub async fn import_bytes(
    state: &AppState,
    actor: &ShopActor,
    filename: &str,
    bytes: &[u8],
    apply_it: bool,
    mode: Mode,
) -> AppResult<ImportReport> {
    let format = sheet::detect_format(filename, bytes).ok_or_else(|| {
        AppError::invalid("file", msg::products_import_err_file_type())
    })?;
    let sheet = read_upload(state, bytes, format).await?;
    if sheet.rows.is_empty() {
        return Err(AppError::invalid("file", msg::products_import_err_no_rows()));
    }
    let (mut report, planned) = plan(&state.db, actor.shop_id, &sheet).await?;
    let has_errors = !report.errors.is_empty();
    if apply_it && !planned.is_empty() && !(mode == Mode::AllOrNothing && has_errors) {
        apply(state, actor, &planned, &report).await?;
        report.applied = true;
    }
    Ok(report)
}

/// The `import_products` server function's body.
pub async fn run(state: &AppState, actor: &ShopActor, data: leptos::server_fn::codec::MultipartData) -> AppResult<ImportReport> {
    let form = crate::accounts::ssr::read_multipart(
        data,
        "file",
        FILE_MAX_BYTES,
        AppError::invalid("file", msg::products_import_err_file_size()),
    )
    .await?;
    let mode = match form.get("mode").trim() {
        "all_or_nothing" => Mode::AllOrNothing,
        "valid_only" | "" => Mode::ValidOnly,
        _ => return Err(AppError::invalid("mode", msg::products_import_err_mode())),
    };
    if form.document.is_empty() {
        return Err(AppError::invalid("file", msg::products_import_err_file_choose()));
    }
    let apply_it = form.get("apply").trim() == "true";
    import_bytes(state, actor, &form.file_name, &form.document, apply_it, mode).await
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Every product of the shop in the file format, one row per variant.
pub async fn export_rows(db: &Database, shop_id: i64) -> AppResult<Vec<Vec<Cell>>> {
    let products = sqlx::query(
        "SELECT id, code, name, category, list_price, sale_price, status, channels, option_groups, shipping_fee, \
         free_shipping_over, return_fee, exchange_fee, ship_from, return_address, description \
         FROM products WHERE shop_id = $1 AND deleted_at = 0 ORDER BY id",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    let variants = sqlx::query(
        "SELECT product_id, option1, option2, option3, sku, extra_price, stock, low_stock_threshold, active \
         FROM product_variants WHERE shop_id = $1 AND deleted_at = 0 ORDER BY product_id, position, id",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    let mut by_product: HashMap<i64, Vec<&sqlx::any::AnyRow>> = HashMap::new();
    for v in &variants {
        by_product.entry(v.try_get("product_id")?).or_default().push(v);
    }
    let mut out = Vec::with_capacity(variants.len());
    for p in &products {
        let id: i64 = p.try_get("id")?;
        let groups: Vec<OptionGroup> = serde_json::from_str(&p.try_get::<String, _>("option_groups")?).unwrap_or_default();
        let status = ProductStatus::parse(&p.try_get::<String, _>("status")?).unwrap_or(ProductStatus::OnSale);
        let channels =
            Channel::from_bits(p.try_get("channels")?).iter().map(|c| c.label_ko()).collect::<Vec<_>>().join(",");
        for v in by_product.get(&id).map(Vec::as_slice).unwrap_or_default() {
            let mut options = Vec::new();
            for i in 0..groups.len() {
                options.push(v.try_get::<String, _>(format!("option{}", i + 1).as_str())?);
            }
            out.push(vec![
                text(p.try_get::<String, _>("code")?),
                text(p.try_get::<String, _>("name")?),
                text(p.try_get::<String, _>("category")?),
                Cell::Number(p.try_get("list_price")?),
                Cell::Number(p.try_get("sale_price")?),
                text(if status == ProductStatus::SoldOut { ProductStatus::OnSale.label_ko() } else { status.label_ko() }),
                text(channels.clone()),
                text(groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>().join("/")),
                text(options.join("/")),
                text(v.try_get::<String, _>("sku")?),
                Cell::Number(v.try_get("extra_price")?),
                Cell::Number(v.try_get("stock")?),
                Cell::Number(v.try_get("low_stock_threshold")?),
                text(if v.try_get::<i64, _>("active")? == 1 { "Y" } else { "N" }),
                Cell::Number(p.try_get("shipping_fee")?),
                Cell::Number(p.try_get("free_shipping_over")?),
                Cell::Number(p.try_get("return_fee")?),
                Cell::Number(p.try_get("exchange_fee")?),
                text(p.try_get::<String, _>("ship_from")?),
                text(p.try_get::<String, _>("return_address")?),
                text(p.try_get::<String, _>("description")?),
            ]);
        }
    }
    Ok(out)
}

/// Two example rows that show the format: one product, two colours.
pub fn template_rows() -> Vec<Vec<Cell>> {
    [("블랙", "SAMPLE-01-BK", 10), ("아이보리", "SAMPLE-01-IV", 8)]
        .into_iter()
        .enumerate()
        .map(|(i, (colour, sku, stock))| {
            let first = i == 0;
            let product = |s: &str| text(if first { s } else { "" });
            vec![
                text("SAMPLE-01"),
                product("데일리 코튼 라운드 티셔츠"),
                product("상의>티셔츠"),
                if first { Cell::Number(29_000) } else { text("") },
                if first { Cell::Number(19_800) } else { text("") },
                product("판매중"),
                product("지그재그,포스티"),
                product("색상"),
                text(colour),
                text(sku),
                Cell::Number(0),
                Cell::Number(stock),
                Cell::Number(3),
                text("Y"),
                if first { Cell::Number(3_000) } else { text("") },
                if first { Cell::Number(50_000) } else { text("") },
                if first { Cell::Number(3_000) } else { text("") },
                if first { Cell::Number(6_000) } else { text("") },
                product("서울특별시 마포구 월드컵북로 396"),
                product("서울특별시 마포구 월드컵북로 396"),
                product("부드러운 20수 코튼 티셔츠입니다."),
            ]
        })
        .collect()
}

pub fn download(name: &str, mime: &str, bytes: Vec<u8>) -> Response {
    // RFC 5987: the Korean file name for browsers, an ASCII one for the rest.
    let ascii = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect::<String>();
    let encoded: String = name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What a download answers when it cannot be served: the error's own status
/// and message, never cached.
pub fn refuse(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CACHE_CONTROL, "no-store")], e.message.clone()).into_response()
}

/// A spreadsheet download, `{name}.xlsx` (written off the async threads) or
/// `{name}.csv`: every export of the app goes out through here.
pub async fn sheet_download(
    name: &str,
    sheet_name: &'static str,
    xlsx: bool,
    columns: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
) -> Response {
    if xlsx {
        let locale = crate::i18n::locale();
        match tokio::task::spawn_blocking(move || crate::i18n::with_locale(locale, || sheet::write_xlsx(sheet_name, columns, &rows)))
            .await
        {
            Ok(Ok(bytes)) => download(&format!("{name}.xlsx"), XLSX_MIME, bytes),
            Ok(Err(e)) => refuse(&AppError::new(ErrorCode::InvalidInput, e.0)),
            Err(_) => refuse(&AppError::internal()),
        }
    } else {
        download(&format!("{name}.csv"), "text/csv; charset=utf-8", sheet::write_csv(columns, &rows))
    }
}

/// `GET /downloads/{name}`: `products.csv`, `products.xlsx` (the shop's
/// products; `?headers=en` for English headers) and `product-template.csv`,
/// `product-template.xlsx` (always Korean: the importer's format).
pub async fn serve_download(
    State(state): State<AppState>,
    Path(name): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Response {
    let actor = match crate::auth::ssr::require_shop_for(&state, &headers, Permission::Products).await {
        Ok(a) => a,
        Err(e) => return refuse(&e),
    };
    let english = crate::ui::english_headers(query.as_deref());
    let (rows, stem, columns, sheet_name) = match name.as_str() {
        "products.csv" | "products.xlsx" => match crate::i18n::scope(crate::ui::export_locale(english), export_rows(&state.db, actor.shop_id)).await {
            Ok(rows) if english => (rows, "상품목록", COLUMNS_EN, "Products"),
            Ok(rows) => (rows, "상품목록", COLUMNS, "상품"),
            Err(e) => return refuse(&e),
        },
        "product-template.csv" | "product-template.xlsx" => (template_rows(), "상품일괄등록_양식", COLUMNS, "상품"),
        _ => return refuse(&AppError::not_found(msg::products_noun_file())),
    };
    let day = crate::time::to_kst(crate::db::now_millis()).map(|t| t.format("%Y%m%d").to_string()).unwrap_or_default();
    sheet_download(&format!("{stem}_{day}"), sheet_name, name.ends_with(".xlsx"), columns, rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_way_sellers_type_them() {
        assert_eq!(number(2, SALE_PRICE, "39,000").unwrap(), Some(39_000));
        assert_eq!(number(2, SALE_PRICE, " 39000원 ").unwrap(), Some(39_000));
        assert_eq!(number(2, SALE_PRICE, "").unwrap(), None);
        assert_eq!(number(2, STOCK, "-3").unwrap(), Some(-3));
        let e = number(7, SALE_PRICE, "=1+1").unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (7, SALE_PRICE));
        assert!(number(2, STOCK, "12.5").is_err());
        assert!(number(2, STOCK, "많음").is_err());
    }

    /// The fuzz seeds (the template as our exporter writes it, CSV and
    /// XLSX) are read and planned without the database: one new product.
    #[test]
    fn the_template_files_plan_one_new_product_offline() {
        for (name, bytes) in [
            ("template.csv", &include_bytes!("../../fuzz/corpus/products_upload/template.csv")[..]),
            ("template.xlsx", &include_bytes!("../../fuzz/corpus/products_upload/template.xlsx")[..]),
        ] {
            let format = sheet::detect_format(name, bytes).unwrap();
            let sheet = sheet::read_sheet(bytes, format).unwrap();
            let (report, planned) = plan_offline(&sheet);
            assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
            assert_eq!((report.rows, report.products, report.new_products), (2, 1, 1), "{name}");
            assert_eq!(planned.len(), 1, "{name}");
            assert_eq!(planned[0].product.variants.len(), 2, "{name}");
        }
    }

    #[test]
    fn offline_planning_reports_each_bad_row() {
        let text = format!(
            "{}\nA-1,셔츠,상의>티셔츠,1000,2000,,,,,SKU-1\nA-2,바지,상의>티셔츠,1000,900,,,,,SKU-1\nA 3,x,y,1,1,,,,,SKU-3\n",
            COLUMNS[..10].join(",")
        );
        let sheet = sheet::read_sheet(text.as_bytes(), sheet::SheetFormat::Csv).unwrap();
        let (report, planned) = plan_offline(&sheet);
        assert!(planned.is_empty());
        let at: Vec<(usize, &str)> = report.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        // Sale above list price; the SKU repeated; a code with a space.
        assert_eq!(at, vec![(2, SALE_PRICE), (3, SKU), (4, CODE)]);
        let header_only = Sheet { header: vec!["가격".into()], rows: Vec::new() };
        assert_eq!(plan_offline(&header_only).0.errors[0].line, 1);
    }

    #[test]
    fn the_template_has_every_column() {
        for row in template_rows() {
            assert_eq!(row.len(), COLUMNS.len());
        }
    }

    #[test]
    fn english_export_headers_match_the_korean_ones() {
        assert_eq!(COLUMNS_EN.len(), COLUMNS.len());
        assert!(COLUMNS_EN.iter().all(|h| !h.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))), "{COLUMNS_EN:?}");
        let sheet = Sheet { header: COLUMNS_EN.iter().map(|s| s.to_string()).collect(), rows: Vec::new() };
        let read = columns(&sheet).unwrap();
        assert_eq!(read.0.len(), COLUMNS.len(), "an English export reads back");
        assert_eq!(read.0.get(CODE), Some(&0));
    }


    #[test]
    fn a_header_with_an_unknown_or_missing_column_is_refused() {
        let sheet = |h: &[&str]| Sheet { header: h.iter().map(|s| s.to_string()).collect(), rows: Vec::new() };
        assert!(columns(&sheet(COLUMNS)).is_ok());
        assert!(columns(&sheet(&[CODE, NAME, CATEGORY, LIST_PRICE, SALE_PRICE, "SKU*"])).is_ok());
        let e = columns(&sheet(&[CODE, NAME, CATEGORY, LIST_PRICE, SALE_PRICE])).err().unwrap();
        assert_eq!((e.line, e.column.as_str()), (1, SKU));
        let e = columns(&sheet(&[CODE, NAME, CATEGORY, LIST_PRICE, SALE_PRICE, SKU, "가격"])).err().unwrap();
        assert!(e.message.contains("가격"));
    }
}
