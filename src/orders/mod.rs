//! 주문·배송 관리: orders that the sales channels send through the Channel
//! API, 발주확인, 발송처리 (one at a time or from a spreadsheet), delivery
//! progress from the carriers, 발송기한 on the Korean business-day calendar,
//! automatic 구매확정, and the live order list.
//!
//! Every change of an item's status goes through [`model::transition`], the
//! one place the state machine lives; the server-side code in [`ssr`] applies
//! it under a conditional update so that two people (or a person and a
//! carrier) can never move one item twice.

pub mod claim_state;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod intake;
#[cfg(feature = "ssr")]
pub mod invoices;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
pub use model::*;

/// Tabs of the order list: a status code, `late` (발송지연 위험) or all,
/// with their labels in the reader's language.
pub fn tabs() -> Vec<(&'static str, &'static str)> {
    use crate::i18n::msg;
    let mut tabs = vec![("", msg::orders_tab_all())];
    tabs.extend(OrderStatus::ALL.map(|s| (s.as_str(), s.tab_label())));
    tabs.push(("late", msg::orders_tab_late()));
    tabs
}

/// Payment methods a channel may report (부가세 신고 splits sales by them);
/// [`payment_method_name`] names them.
pub const PAYMENT_METHODS: &[&str] = &["card", "transfer", "virtual_account", "mobile", "easy_pay", "points"];

/// The payment method in the reader's language (the detail page).
pub fn payment_method_name(code: &str) -> &'static str {
    use crate::i18n::msg;
    match code {
        "card" => msg::orders_payment_card(),
        "transfer" => msg::orders_payment_transfer(),
        "virtual_account" => msg::orders_payment_virtual_account(),
        "mobile" => msg::orders_payment_mobile(),
        "easy_pay" => msg::orders_payment_easy_pay(),
        "points" => msg::orders_payment_points(),
        _ => msg::orders_payment_other(),
    }
}

/// What the order list is asked for; every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderQuery {
    /// A [`tabs`] code.
    pub tab: String,
    /// Payment date range, `YYYY-MM-DD` in Korean time, both ends included.
    pub from: String,
    pub to: String,
    /// A channel code.
    pub channel: String,
    /// 주문번호, 상품주문번호, buyer or recipient name, phone, or product name.
    pub q: String,
    pub cursor: Option<String>,
}

/// One line of the order list (상품주문).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    /// 상품주문번호
    pub id: i64,
    /// 주문번호 (the buyer's order, shared by its lines)
    pub order_no: String,
    pub channel: String,
    pub channel_label: String,
    pub product_name: String,
    pub option_text: String,
    pub quantity: i64,
    /// What the buyer paid for the line, shipping excluded.
    pub amount: i64,
    pub status: OrderStatus,
    pub buyer_name: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub paid_at: String,
    /// 발송기한 as a date, e.g. `2026. 12. 1. (화)`.
    pub ship_by: String,
    /// Open and past its ship-by date.
    pub late: bool,
    /// A 발송지연 notice was sent.
    pub delayed: bool,
    pub courier: String,
    pub courier_name: String,
    pub tracking_number: String,
    /// The item's current or last claim (취소·반품·교환), if it had one.
    pub claim: Option<crate::orders::claim_state::ClaimBadge>,
    pub tracking_url: String,
}

/// Live counts of the tabs (the whole shop, not the current filter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCounts {
    pub paid: i64,
    pub confirmed: i64,
    pub shipped: i64,
    pub delivered: i64,
    pub purchase_confirmed: i64,
    pub cancelled: i64,
    /// Open items past their ship-by date.
    pub late: i64,
}

impl OrderCounts {
    pub fn of_tab(&self, tab: &str) -> Option<i64> {
        Some(match tab {
            "paid" => self.paid,
            "confirmed" => self.confirmed,
            "shipped" => self.shipped,
            "delivered" => self.delivered,
            "purchase_confirmed" => self.purchase_confirmed,
            "cancelled" => self.cancelled,
            "late" => self.late,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub rows: Vec<OrderRow>,
    pub next_cursor: Option<String>,
    /// Per tab, on the first page only (later pages leave them as shown).
    pub counts: Option<OrderCounts>,
}

crate::ui::list_page!(OrderPage, OrderRow);

/// One item of an order as the detail page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItemDetail {
    pub row: OrderRow,
    pub sku: String,
    pub unit_price: i64,
    pub option_price: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    pub shipping_fee: i64,
    pub delay_reason: String,
    pub cancel_reason: String,
    pub product_id: i64,
}

/// One entry of an order's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub item_id: i64,
    pub action: String,
    pub action_label: String,
    pub to_status_label: String,
    pub detail: String,
    pub actor: String,
}

/// Delivery progress a carrier reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryStep {
    pub at: String,
    pub tracking_number: String,
    pub status_label: String,
    pub location: String,
}

/// 주문 상세: the shop's items of one buyer order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order_no: String,
    pub channel: String,
    pub channel_label: String,
    pub channel_order_id: String,
    pub paid_at: String,
    /// 결제수단 as the seller reads it (신용카드 …).
    pub payment_method: String,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub buyer_email: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub postcode: String,
    pub address: String,
    pub address_detail: String,
    pub delivery_note: String,
    pub items: Vec<OrderItemDetail>,
    /// 상품금액: list of prices × quantities.
    pub product_total: i64,
    pub discount_total: i64,
    pub shipping_total: i64,
    /// 결제금액
    pub paid_total: i64,
    pub history: Vec<HistoryEntry>,
    pub delivery: Vec<DeliveryStep>,
}

/// 발송처리 of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipInput {
    pub item_id: i64,
    /// A [`Courier`] code.
    pub courier: String,
    pub tracking_number: String,
}

/// 송장 일괄등록: the report of a spreadsheet, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceReport {
    pub rows: usize,
    pub valid: usize,
    /// Items shipped (zero for a preview).
    pub shipped: usize,
    pub applied: bool,
    pub lines: Vec<InvoiceLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// Spreadsheet row (the header is row 1).
    pub line: usize,
    pub item_id: String,
    pub courier: String,
    pub tracking_number: String,
    /// Empty when the row is fine.
    pub error: String,
}

/// What the home dashboard shows of the orders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub new_orders: i64,
    pub to_ship: i64,
    pub shipping: i64,
    pub late: i64,
    /// Paid today (KST), items and won.
    pub today_items: i64,
    pub today_amount: i64,
}

#[server(prefix = "/api")]
pub async fn list_orders(
    tab: String,
    from: String,
    to: String,
    channel: String,
    q: String,
    cursor: Option<String>,
) -> Result<OrderPage, AppError> {
    crate::auth::ssr::as_member(Permission::Orders, async |state, actor| {
        let query = OrderQuery { tab, from, to, channel, q, cursor };
        ssr::list(&state.db, actor.shop_id, &query, ssr::PAGE_SIZE).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_order(order_no: String) -> Result<OrderDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Orders, async |state, actor| {
        ssr::detail(&state.db, actor.shop_id, &order_no).await
    })
    .await
}

/// 발주확인 of the selected items, all or nothing; returns how many.
#[server(prefix = "/api", input = Json)]
pub async fn confirm_orders(ids: Vec<i64>) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Orders, async |state, actor| {
        ssr::confirm(&state, &actor, &ids).await
    })
    .await
}

/// 판매취소 by the seller (품절 …) before shipping: stock goes back.
#[server(prefix = "/api", input = Json)]
pub async fn cancel_orders(ids: Vec<i64>, reason: String) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Orders, async |state, actor| {
        ssr::cancel(&state, &actor, &ids, &reason).await
    })
    .await
}

/// 발송처리 (or 송장 수정 of a shipped item), all or nothing.
#[server(prefix = "/api", input = Json)]
pub async fn ship_orders(items: Vec<ShipInput>) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Shipping, async |state, actor| {
        ssr::ship(&state, &actor, &items).await
    })
    .await
}

/// 발송지연 안내: a reason and a new ship-by date (`YYYY-MM-DD`); the buyer
/// is told through the outbox.
#[server(prefix = "/api", input = Json)]
pub async fn delay_orders(ids: Vec<i64>, reason: String, new_date: String) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Shipping, async |state, actor| {
        ssr::delay(&state, &actor, &ids, &reason, &new_date).await
    })
    .await
}

/// 송장 일괄등록: fields `file` (CSV or XLSX with 상품주문번호, 택배사,
/// 송장번호) and `apply` (`true` to ship the valid rows, otherwise a preview).
#[server(prefix = "/api", input = MultipartFormData)]
pub async fn import_invoices(data: MultipartData) -> Result<InvoiceReport, AppError> {
    crate::auth::ssr::as_member(Permission::Shipping, async |state, actor| {
        invoices::run(&state, &actor, data).await
    })
    .await
}

/// 송장 출력용 packing slips of the selected items, grouped by order.
#[server(prefix = "/api", input = Json)]
pub async fn packing_slips(ids: Vec<i64>) -> Result<Vec<OrderDetail>, AppError> {
    crate::auth::ssr::as_member(Permission::Orders, async |state, actor| {
        ssr::packing_slips(&state.db, actor.shop_id, &ids).await
    })
    .await
}
