//! 상품 관리: products, options and variants, stock that never oversells,
//! photos, the product list, the stock sheet and bulk registration from
//! spreadsheets.
//!
//! Stock changes that orders make go through [`stock`] (server only): a
//! reservation is one conditional update under the product's row lock, so
//! concurrent orders can never take a variant below zero.

pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod images;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod sheet;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod stock;

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
pub use model::*;

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductImage {
    pub id: i64,
    pub url: String,
    pub thumb_url: String,
    pub width: i64,
    pub height: i64,
}

/// A product as the edit form loads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub input: ProductInput,
    /// The stored status (품절 included).
    pub status: ProductStatus,
    pub images: Vec<ProductImage>,
    pub stock_total: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Sorts of the product list.
pub const SORTS: &[(&str, fn() -> &'static str)] = &[
    ("recent", msg::products_sort_recent),
    ("updated", msg::products_sort_updated),
    ("name", msg::products_sort_name),
    ("price_asc", msg::products_sort_price_asc),
    ("price_desc", msg::products_sort_price_desc),
    ("stock_asc", msg::products_sort_stock_asc),
];

/// What the product list is asked for (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductQuery {
    /// Name (contains), 상품관리코드 or SKU (starts with).
    pub q: String,
    /// A [`ProductStatus`] code, or empty for all.
    pub status: String,
    pub category: String,
    /// A [`Channel`] code, or empty.
    pub channel: String,
    /// Only products with a variant at or under its alert level.
    pub low_stock: bool,
    pub sort: String,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub category: String,
    pub list_price: i64,
    pub sale_price: i64,
    pub status: ProductStatus,
    pub channels: Vec<Channel>,
    pub stock_total: i64,
    pub variant_count: i64,
    /// Active variants at or under their alert level.
    pub low_stock_variants: i64,
    pub thumb_url: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub all: i64,
    pub on_sale: i64,
    pub sold_out: i64,
    pub stopped: i64,
    pub hidden: i64,
}

impl StatusCounts {
    pub fn of(&self, status: Option<ProductStatus>) -> i64 {
        match status {
            None => self.all,
            Some(ProductStatus::OnSale) => self.on_sale,
            Some(ProductStatus::SoldOut) => self.sold_out,
            Some(ProductStatus::Stopped) => self.stopped,
            Some(ProductStatus::Hidden) => self.hidden,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    pub rows: Vec<ProductRow>,
    pub next_cursor: Option<String>,
    /// Per status, for the tabs (first page only).
    pub counts: Option<StatusCounts>,
}

/// 일괄 처리 of selected products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    SetStatus(ProductStatus),
    ChangePrice(PriceChange),
    Delete,
}

/// One variant row of the stock sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetVariant {
    pub id: i64,
    pub options: String,
    pub sku: String,
    pub extra_price: i64,
    pub stock: i64,
    pub low_stock_threshold: i64,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetProduct {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub list_price: i64,
    pub sale_price: i64,
    pub status: ProductStatus,
    pub variants: Vec<SheetVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockSheetPage {
    pub products: Vec<SheetProduct>,
    pub next_cursor: Option<String>,
}

/// A changed row of the stock sheet (whole values, not deltas).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantEdit {
    pub variant_id: i64,
    pub stock: i64,
    /// The stock the sheet showed: unchanged stock is left to the orders.
    pub stock_was: i64,
    pub extra_price: i64,
    pub low_stock_threshold: i64,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceEdit {
    pub product_id: i64,
    pub sale_price: i64,
}

/// The spreadsheet report: what each row would do, or why it cannot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub products: usize,
    pub valid_products: usize,
    pub new_products: usize,
    pub updated_products: usize,
    pub errors: Vec<RowError>,
    /// Errors beyond the ones listed.
    pub more_errors: usize,
    /// Whether the file was applied (an import, not a preview).
    pub applied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Spreadsheet row number (the header is row 1).
    pub line: usize,
    pub column: String,
    pub message: String,
}

/// What the dashboard shows of the catalogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueSummary {
    pub on_sale: i64,
    pub sold_out: i64,
    /// Active variants at or under their alert level.
    pub low_stock_variants: i64,
}

#[server(prefix = "/api")]
pub async fn list_products(
    q: String,
    status: String,
    category: String,
    channel: String,
    low_stock: bool,
    sort: String,
    cursor: Option<String>,
) -> Result<ProductPage, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        let query = ProductQuery { q, status, category, channel, low_stock, sort, cursor };
        ssr::list(&state.db, actor.shop_id, &query, ssr::PAGE_SIZE).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_product(product_id: i64) -> Result<ProductDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        ssr::detail(&state.db, actor.shop_id, product_id).await
    })
    .await
}

/// 상품 등록/수정: creates (no id) or updates a product; returns its id.
#[server(prefix = "/api", input = Json)]
pub async fn save_product(input: ProductInput) -> Result<i64, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        let product = input.validate()?;
        ssr::save_one(&state, &actor, product).await
    })
    .await
}

/// A photo for a product being edited (field `image`); attached by the next
/// `save_product` that lists it.
#[server(prefix = "/api", input = MultipartFormData)]
pub async fn upload_product_image(data: MultipartData) -> Result<ProductImage, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        images::upload(&state, &actor, data).await
    })
    .await
}

/// 일괄 처리: status, price or delete for the selected products, all or
/// nothing; returns how many changed.
#[server(prefix = "/api", input = Json)]
pub async fn bulk_update_products(ids: Vec<i64>, action: BulkAction) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        ssr::bulk(&state, &actor, &ids, &action).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn list_stock_sheet(
    q: String,
    status: String,
    category: String,
    channel: String,
    low_stock: bool,
    sort: String,
    cursor: Option<String>,
) -> Result<StockSheetPage, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        let query = ProductQuery { q, status, category, channel, low_stock, sort, cursor };
        ssr::stock_sheet(&state.db, actor.shop_id, &query).await
    })
    .await
}

/// Saves the stock sheet's changed cells in one transaction.
#[server(prefix = "/api", input = Json)]
pub async fn save_stock_sheet(variants: Vec<VariantEdit>, prices: Vec<PriceEdit>) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        ssr::save_stock_sheet(&state, &actor, &variants, &prices).await
    })
    .await
}

/// 상품 일괄등록: fields `file` (CSV or XLSX), `apply` (`true` to import,
/// otherwise a preview) and `mode` (`valid_only` applies the valid products,
/// `all_or_nothing` applies nothing when any row is wrong).
#[server(prefix = "/api", input = MultipartFormData)]
pub async fn import_products(data: MultipartData) -> Result<ImportReport, AppError> {
    crate::auth::ssr::as_member(Permission::Products, async |state, actor| {
        import::run(&state, &actor, data).await
    })
    .await
}
