//! Order data access and the status changes (server only).
//!
//! Every status change — a member's, a channel's, a carrier's or the
//! auto-confirm job's — goes through [`move_item`]: the state machine of
//! [`super::model::transition`] decides, and the row is updated only if its
//! status is still the one that was checked (`WHERE status = $from`), so two
//! instances or two people can never apply one change twice. Each change
//! writes an `order_item_events` row: the order's history, its audit trail,
//! and the channels' update feed.

use sqlx::{AnyConnection, Row};

use super::*;
use crate::auth::ssr::ShopActor;
use crate::audit::ssr::{json, record, Change};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::sql::{escape_like, Arg, Keyset, Sql};
use crate::channel::Channel;
use crate::db::{now_millis, Database};
use crate::context::AppState;
use crate::i18n::msg;

pub const PAGE_SIZE: i64 = 50;
/// Most items one bulk action may touch.
pub const MAX_BULK: usize = 500;
pub const TOPIC: &str = "orders";

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Columns of an [`OrderRow`].
const ROW_COLS: &str = "i.id, i.order_no, i.channel, i.product_name, i.option_text, i.quantity, i.unit_price, \
    i.option_price, i.seller_discount, i.platform_discount, i.status, i.buyer_name, i.recipient_name, \
    i.recipient_phone, i.paid_at, i.ship_by, i.delayed, i.courier, i.tracking_number, i.claim_id, i.claim_kind, i.claim_status";

/// `01012345678` → `010-1234-5678` (other shapes are shown as stored).
pub fn format_phone(digits: &str) -> String {
    match digits.len() {
        11 => format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..]),
        10 if digits.starts_with("02") => format!("{}-{}-{}", &digits[..2], &digits[2..6], &digits[6..]),
        10 => format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]),
        9 if digits.starts_with("02") => format!("{}-{}-{}", &digits[..2], &digits[2..5], &digits[5..]),
        _ => digits.to_owned(),
    }
}

/// What the buyer paid for a line before shipping.
pub fn line_amount(unit_price: i64, option_price: i64, quantity: i64, seller_discount: i64, platform_discount: i64) -> i64 {
    (unit_price + option_price) * quantity - seller_discount - platform_discount
}

/// A history entry's detail as stored, but a waybill's courier (`CJ대한통운
/// 612345678901`, stored when it shipped) named in the reader's language.
fn shown_detail(action: &str, detail: String) -> String {
    if !matches!(action, "ship" | "reship") {
        return detail;
    }
    match detail.split_once(' ').and_then(|(courier, rest)| Courier::parse(courier).map(|c| (c, rest))) {
        Some((courier, rest)) => format!("{} {rest}", courier.name()),
        None => detail,
    }
}

fn channel_label(code: &str) -> String {
    Channel::parse(code).map(|c| c.label().to_owned()).unwrap_or_else(|| code.to_owned())
}

fn map_row(r: &sqlx::any::AnyRow, now: i64) -> AppResult<OrderRow> {
    let status_code: String = r.try_get("status")?;
    let status = OrderStatus::parse(&status_code).ok_or_else(AppError::internal)?;
    let ship_by: i64 = r.try_get("ship_by")?;
    let courier_code: String = r.try_get("courier")?;
    let tracking_number: String = r.try_get("tracking_number")?;
    let courier = Courier::parse(&courier_code);
    let channel: String = r.try_get("channel")?;
    Ok(OrderRow {
        id: r.try_get("id")?,
        order_no: r.try_get("order_no")?,
        channel_label: channel_label(&channel),
        channel,
        product_name: r.try_get("product_name")?,
        option_text: r.try_get("option_text")?,
        quantity: r.try_get("quantity")?,
        amount: line_amount(
            r.try_get("unit_price")?,
            r.try_get("option_price")?,
            r.try_get("quantity")?,
            r.try_get("seller_discount")?,
            r.try_get("platform_discount")?,
        ),
        late: matches!(status, OrderStatus::Paid | OrderStatus::Confirmed) && ship_by < now,
        status,
        buyer_name: r.try_get("buyer_name")?,
        recipient_name: r.try_get("recipient_name")?,
        recipient_phone: format_phone(&r.try_get::<String, _>("recipient_phone")?),
        paid_at: crate::time::format_datetime(r.try_get("paid_at")?),
        ship_by: crate::time::format_date(ship_by),
        delayed: r.try_get::<i64, _>("delayed")? != 0,
        courier_name: courier.map(|c| c.name().to_owned()).unwrap_or_default(),
        tracking_url: match courier {
            Some(c) if !tracking_number.is_empty() => c.tracking_url(&tracking_number),
            _ => String::new(),
        },
        courier: courier_code,
        tracking_number,
        claim: crate::orders::claim_state::ClaimBadge::of(
            r.try_get("id")?,
            r.try_get("claim_id")?,
            &r.try_get::<String, _>("claim_kind")?,
            &r.try_get::<String, _>("claim_status")?,
        ),
    })
}


/// `YYYY-MM-DD` (KST) → the first millisecond of that day.
fn day_start(field: &str, s: &str) -> AppResult<i64> {
    let date = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, msg::orders_err_date_format()))?;
    Ok(crate::calendar::end_of_kst_day(date) + 1 - DAY_MS)
}

/// The WHERE of a list query (without the cursor).
fn filter(sql: &mut Sql, shop_id: i64, q: &OrderQuery, now: i64) -> AppResult<Vec<String>> {
    let shop = sql.arg(Arg::Int(shop_id));
    let mut clauses = vec![format!("i.shop_id = {shop}")];
    match q.tab.as_str() {
        "" | "all" => {}
        "late" => {
            clauses.push(format!(
                "i.status IN ('paid', 'confirmed') AND i.ship_by < {}",
                sql.arg(Arg::Int(now))
            ));
        }
        tab => {
            let status = OrderStatus::parse(tab).ok_or_else(|| AppError::invalid("tab", msg::orders_err_tab()))?;
            clauses.push(format!("i.status = {}", sql.arg(Arg::Text(status.as_str().into()))));
        }
    }
    let from = if q.from.trim().is_empty() { None } else { Some(day_start("from", &q.from)?) };
    let to = if q.to.trim().is_empty() { None } else { Some(day_start("to", &q.to)? + DAY_MS) };
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            return Err(AppError::invalid("to", msg::orders_err_period_order()));
        }
    }
    if let Some(f) = from {
        clauses.push(format!("i.paid_at >= {}", sql.arg(Arg::Int(f))));
    }
    if let Some(t) = to {
        clauses.push(format!("i.paid_at < {}", sql.arg(Arg::Int(t))));
    }
    if !q.channel.is_empty() {
        let channel =
            Channel::parse(&q.channel).ok_or_else(|| AppError::invalid("channel", msg::orders_err_channel()))?;
        clauses.push(format!("i.channel = {}", sql.arg(Arg::Text(channel.code().into()))));
    }
    if let Some(term) = crate::input::search_term(&q.q)? {
        clauses.push(search_clause(sql, shop_id, term));
    }
    Ok(clauses)
}

/// A search term is tried as what it can be: a number (주문번호, 상품주문번호,
/// phone), a name (buyer, recipient: exact) or part of the name of one of the
/// shop's products. Every alternative is an indexed lookup, so the engines
/// combine them (SQLite's multi-index OR, PostgreSQL's bitmap OR) instead of
/// reading every item of the shop.
fn search_clause(sql: &mut Sql, shop_id: i64, term: &str) -> String {
    let digits: String = term.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let mut any = Vec::new();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        let d = sql.arg(Arg::Text(digits.clone()));
        any.push(format!("i.order_no = {d}"));
        if digits.starts_with('0') && digits.len() >= 9 {
            any.push(format!("i.buyer_phone = {d} OR i.recipient_phone = {d}"));
        }
        if let Ok(id) = digits.parse::<i64>() {
            if digits.len() <= 12 {
                any.push(format!("i.id = {}", sql.arg(Arg::Int(id))));
            }
        }
    }
    if !any.is_empty() {
        return format!("({})", any.join(" OR "));
    }
    let exact = sql.arg(Arg::Text(term.to_owned()));
    any.push(format!("i.buyer_name = {exact} OR i.recipient_name = {exact}"));
    let shop = sql.arg(Arg::Int(shop_id));
    let like = sql.arg(Arg::Text(format!("%{}%", escape_like(term))));
    any.push(format!(
        "i.product_id IN (SELECT p.id FROM products p WHERE p.shop_id = {shop} AND p.name LIKE {like} ESCAPE '\\')"
    ));
    format!("({})", any.join(" OR "))
}

/// The order list: newest payment first.
const LIST_ORDER: Keyset = Keyset { key: "i.paid_at", id: "i.id" };

/// One page of the order list, newest payment first, with the tab counts.
pub async fn list(db: &Database, shop_id: i64, q: &OrderQuery, limit: i64) -> AppResult<OrderPage> {
    let now = now_millis();
    let mut sql = Sql::default();
    let clauses = filter(&mut sql, shop_id, q, now)?;
    let select = format!("{ROW_COLS} FROM order_items i");
    let (out, next_cursor) =
        LIST_ORDER.fetch(db, sql, &select, clauses, q.cursor.as_deref(), limit, |r| map_row(r, now)).await?;
    let counts = if q.cursor.as_deref().is_some_and(|c| !c.is_empty()) { None } else { Some(counts(db, shop_id, now).await?) };
    Ok(OrderPage { rows: out, next_cursor, counts })
}

/// Items per status, and open items past their deadline.
pub async fn counts(db: &Database, shop_id: i64, now: i64) -> AppResult<OrderCounts> {
    let rows = sqlx::query("SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM order_items WHERE shop_id = $1 GROUP BY status")
        .bind(shop_id)
        .fetch_all(db.pool())
        .await?;
    let mut c = OrderCounts::default();
    for r in rows {
        let n: i64 = r.try_get("n")?;
        match OrderStatus::parse(&r.try_get::<String, _>("status")?) {
            Some(OrderStatus::Paid) => c.paid = n,
            Some(OrderStatus::Confirmed) => c.confirmed = n,
            Some(OrderStatus::Shipped) => c.shipped = n,
            Some(OrderStatus::Delivered) => c.delivered = n,
            Some(OrderStatus::PurchaseConfirmed) => c.purchase_confirmed = n,
            Some(OrderStatus::Cancelled) => c.cancelled = n,
            None => {}
        }
    }
    let (late,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM order_items WHERE shop_id = $1 AND status IN ('paid', 'confirmed') AND ship_by < $2",
    )
    .bind(shop_id)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    c.late = late;
    Ok(c)
}

/// The dashboard's order numbers.
pub async fn summary(db: &Database, shop_id: i64) -> AppResult<OrderSummary> {
    let now = now_millis();
    let c = counts(db, shop_id, now).await?;
    let today = crate::calendar::kst_date(now).ok_or_else(AppError::internal)?;
    let start = crate::calendar::end_of_kst_day(today) + 1 - DAY_MS;
    let (items, amount): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM((unit_price + option_price) * quantity - seller_discount - platform_discount), 0) AS BIGINT) \
         FROM order_items WHERE shop_id = $1 AND paid_at >= $2 AND status <> 'cancelled'",
    )
    .bind(shop_id)
    .bind(start)
    .fetch_one(db.pool())
    .await?;
    Ok(OrderSummary {
        new_orders: c.paid,
        to_ship: c.confirmed,
        shipping: c.shipped,
        late: c.late,
        today_items: items,
        today_amount: amount,
    })
}

/// A history entry's action as the seller reads it: the state machine's
/// actions, plus the two that are not transitions.
fn action_label(code: &str) -> String {
    match code {
        "create" => msg::orders_history_create().to_owned(),
        "delivery" => msg::orders_tracking().to_owned(),
        other => OrderAction::from_code(other).map(|a| a.label().to_owned()).unwrap_or_else(|| other.to_owned()),
    }
}

pub fn delivery_status_label(status: &str) -> &'static str {
    match status {
        "picked_up" => msg::orders_delivery_picked_up(),
        "in_transit" => msg::orders_delivery_in_transit(),
        "out_for_delivery" => msg::orders_delivery_out_for_delivery(),
        "delivered" => msg::orders_delivery_delivered(),
        _ => msg::orders_delivery_other(),
    }
}

/// 주문 상세: the shop's items of one buyer order, with history.
pub async fn detail(db: &Database, shop_id: i64, order_no: &str) -> AppResult<OrderDetail> {
    let order_no = order_no.trim();
    let rows = sqlx::query(&format!(
        "SELECT {ROW_COLS}, i.sku, i.shipping_fee, i.delay_reason, i.cancel_reason, i.product_id, i.channel_order_id, \
         i.payment_method, i.buyer_phone, i.buyer_email, i.postcode, i.address, i.address_detail, i.delivery_note \
         FROM order_items i WHERE i.shop_id = $1 AND i.order_no = $2 ORDER BY i.id"
    ))
    .bind(shop_id)
    .bind(order_no)
    .fetch_all(db.pool())
    .await?;
    let Some(first) = rows.first() else { return Err(AppError::not_found(msg::orders_noun_order())) };
    let now = now_millis();
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        items.push(OrderItemDetail {
            row: map_row(r, now)?,
            sku: r.try_get("sku")?,
            unit_price: r.try_get("unit_price")?,
            option_price: r.try_get("option_price")?,
            seller_discount: r.try_get("seller_discount")?,
            platform_discount: r.try_get("platform_discount")?,
            shipping_fee: r.try_get("shipping_fee")?,
            delay_reason: r.try_get("delay_reason")?,
            cancel_reason: r.try_get("cancel_reason")?,
            product_id: r.try_get("product_id")?,
        });
    }
    let ids: Vec<i64> = items.iter().map(|i| i.row.id).collect();
    let mut sql = Sql::default();
    let list = sql.placeholders(&ids);
    let events = sql
        .query(&format!(
            "SELECT order_item_id, action, to_status, detail, actor, created_at FROM order_item_events \
             WHERE order_item_id IN ({list}) ORDER BY id DESC LIMIT 200"
        ))
        .fetch_all(db.pool())
        .await?;
    let history = events
        .iter()
        .map(|e| {
            let action: String = e.try_get("action")?;
            let to: String = e.try_get("to_status")?;
            let detail = shown_detail(&action, e.try_get("detail")?);
            Ok(HistoryEntry {
                at: crate::time::format_datetime(e.try_get("created_at")?),
                item_id: e.try_get("order_item_id")?,
                action_label: action_label(&action),
                action,
                to_status_label: OrderStatus::parse(&to).map(|s| s.label().to_owned()).unwrap_or_default(),
                detail,
                actor: e.try_get("actor")?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    // Each waybill with its courier: another courier's parcel with the same
    // number, or another shop's, is not this order's.
    let mut waybills: Vec<(String, String)> = items
        .iter()
        .filter(|i| !i.row.tracking_number.is_empty())
        .map(|i| (i.row.courier.clone(), i.row.tracking_number.clone()))
        .collect();
    waybills.sort();
    waybills.dedup();
    let mut delivery = Vec::new();
    if !waybills.is_empty() {
        let mut sql = Sql::default();
        let shop = sql.arg(Arg::Int(shop_id));
        let pairs = waybills
            .iter()
            .map(|(c, n)| {
                let c = sql.arg(Arg::Text(c.clone()));
                format!("(courier = {c} AND tracking_number = {})", sql.arg(Arg::Text(n.clone())))
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let steps = sql
            .query(&format!(
                "SELECT tracking_number, status, location, occurred_at FROM delivery_events \
                 WHERE shop_id = {shop} AND ({pairs}) ORDER BY occurred_at DESC, id DESC LIMIT 100"
            ))
            .fetch_all(db.pool())
            .await?;
        for s in steps {
            delivery.push(DeliveryStep {
                at: crate::time::format_datetime(s.try_get("occurred_at")?),
                tracking_number: s.try_get("tracking_number")?,
                status_label: delivery_status_label(&s.try_get::<String, _>("status")?).to_owned(),
                location: s.try_get("location")?,
            });
        }
    }
    let product_total = items.iter().map(|i| (i.unit_price + i.option_price) * i.row.quantity).sum();
    let discount_total = items.iter().map(|i| i.seller_discount + i.platform_discount).sum();
    let shipping_total: i64 = items.iter().map(|i| i.shipping_fee).sum();
    let channel: String = first.try_get("channel")?;
    Ok(OrderDetail {
        order_no: first.try_get("order_no")?,
        channel_label: channel_label(&channel),
        channel,
        channel_order_id: first.try_get("channel_order_id")?,
        paid_at: crate::time::format_datetime(first.try_get("paid_at")?),
        payment_method: payment_method_name(&first.try_get::<String, _>("payment_method")?).to_owned(),
        buyer_name: first.try_get("buyer_name")?,
        buyer_phone: format_phone(&first.try_get::<String, _>("buyer_phone")?),
        buyer_email: first.try_get("buyer_email")?,
        recipient_name: first.try_get("recipient_name")?,
        recipient_phone: format_phone(&first.try_get::<String, _>("recipient_phone")?),
        postcode: first.try_get("postcode")?,
        address: first.try_get("address")?,
        address_detail: first.try_get("address_detail")?,
        delivery_note: first.try_get("delivery_note")?,
        paid_total: product_total - discount_total + shipping_total,
        product_total,
        discount_total,
        shipping_total,
        items,
        history,
        delivery,
    })
}

/// Packing slips: the orders of the selected items (each order once, only
/// the selected items of this shop).
pub async fn packing_slips(db: &Database, shop_id: i64, ids: &[i64]) -> AppResult<Vec<OrderDetail>> {
    let ids = checked_ids(ids)?;
    let mut sql = Sql::default();
    let shop = sql.arg(Arg::Int(shop_id));
    let list = sql.placeholders(&ids);
    let rows = sql
        .query(&format!(
            "SELECT DISTINCT order_no FROM order_items WHERE shop_id = {shop} AND id IN ({list}) ORDER BY order_no"
        ))
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut order = detail(db, shop_id, &r.try_get::<String, _>("order_no")?).await?;
        order.items.retain(|i| ids.contains(&i.row.id));
        order.history.clear();
        out.push(order);
    }
    if out.is_empty() {
        return Err(AppError::not_found(msg::orders_noun_order()));
    }
    Ok(out)
}

fn checked_ids(ids: &[i64]) -> AppResult<Vec<i64>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::invalid("ids", msg::orders_err_select_orders()));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::invalid("ids", msg::orders_err_bulk_max(MAX_BULK)));
    }
    Ok(ids)
}

// ------------------------------------------------------------------ changes

/// What else a change sets on the item besides its status.
#[derive(Debug, Clone, Default)]
pub struct ItemChange {
    pub courier: Option<Courier>,
    pub tracking_number: Option<String>,
    /// When it happened (carrier time for deliveries); defaults to now.
    pub at: Option<i64>,
    pub reason: Option<String>,
    pub new_ship_by: Option<i64>,
}

/// An item as a change needs it.
#[derive(Debug, Clone)]
pub struct MovedItem {
    pub id: i64,
    pub shop_id: i64,
    pub from: OrderStatus,
    pub to: OrderStatus,
}

/// Why a change of one item was refused; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    NotFound,
    Transition(TransitionError),
    /// Someone else changed it between the read and the write.
    Raced,
    /// A claim stands in the way (구매확정 of an item under claim or
    /// returned, 발송 of an item whose cancel is requested); the message says which.
    Claimed(String),
    /// Another shop's parcel is on the way under this (courier, 송장번호).
    WaybillTaken(String),
}

impl MoveError {
    /// The error a member reads, naming the item.
    pub fn for_item(&self, item_id: i64) -> AppError {
        match self {
            Self::NotFound => AppError::new(ErrorCode::NotFound, msg::orders_err_item_not_found(item_id.to_string())),
            Self::Transition(t) => AppError::new(ErrorCode::InvalidTransition, msg::orders_err_item(item_id.to_string(), t.message())),
            Self::Raced => AppError::new(
                ErrorCode::Conflict,
                msg::orders_err_item_raced(item_id.to_string()),
            ),
            // 409 like any refused transition: the claim is part of the item's state.
            Self::Claimed(why) => AppError::new(ErrorCode::InvalidTransition, msg::orders_err_item(item_id.to_string(), why)),
            Self::WaybillTaken(number) => AppError {
                field: Some("tracking_number".into()),
                ..AppError::new(ErrorCode::WaybillTaken, msg::orders_err_waybill_taken(item_id.to_string(), number))
            },
        }
    }
}

/// Moves one item by `action` inside the caller's transaction. `shop_id`
/// bounds it to a shop (None: the platform's own callers — carriers, jobs —
/// that found the item by other means). Stock goes back on a cancel.
pub async fn move_item(
    conn: &mut AnyConnection,
    shop_id: Option<i64>,
    item_id: i64,
    action: OrderAction,
    actor: &str,
    change: &ItemChange,
) -> AppResult<Result<MovedItem, MoveError>> {
    let row = sqlx::query(
        "SELECT shop_id, status, channel, variant_id, quantity, confirmed_at, courier, tracking_number, claim_kind, claim_status \
         FROM order_items WHERE id = $1",
    )
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(Err(MoveError::NotFound)) };
    let item_shop: i64 = row.try_get("shop_id")?;
    if shop_id.is_some_and(|s| s != item_shop) {
        return Ok(Err(MoveError::NotFound));
    }
    let from = OrderStatus::parse(&row.try_get::<String, _>("status")?).ok_or_else(AppError::internal)?;
    let to = match transition(from, action) {
        Ok(to) => to,
        Err(e) => return Ok(Err(MoveError::Transition(e))),
    };
    if let Some(why) = claim_blocks(action, &row.try_get::<String, _>("claim_kind")?, &row.try_get::<String, _>("claim_status")?) {
        return Ok(Err(MoveError::Claimed(why.to_owned())));
    }
    let now = now_millis();
    let at = change.at.unwrap_or(now);
    let mut sql = Sql::default();
    let mut sets = vec![
        format!("status = {}", sql.arg(Arg::Text(to.as_str().into()))),
        format!("updated_at = {}", sql.arg(Arg::Int(now))),
    ];
    let mut detail = String::new();
    match action {
        OrderAction::Confirm => sets.push(format!("confirmed_at = {}", sql.arg(Arg::Int(at)))),
        OrderAction::Ship | OrderAction::ChangeTracking | OrderAction::Reship => {
            let courier = change.courier.ok_or_else(AppError::internal)?;
            let number = change.tracking_number.clone().ok_or_else(AppError::internal)?;
            detail = format!("{} {}", courier.name_ko(), number);
            if action == OrderAction::ChangeTracking {
                let old_courier = Courier::parse(&row.try_get::<String, _>("courier")?).map(|c| c.name_ko()).unwrap_or("");
                let old_number: String = row.try_get("tracking_number")?;
                detail = format!("{old_courier} {old_number} → {detail}");
            }
            if !claim_waybill(conn, item_shop, courier, &number, now).await? {
                return Ok(Err(MoveError::WaybillTaken(number)));
            }
            sets.push(format!("courier = {}", sql.arg(Arg::Text(courier.code().into()))));
            sets.push(format!("tracking_number = {}", sql.arg(Arg::Text(number))));
            if action == OrderAction::Reship {
                sets.push(format!("shipped_at = {}", sql.arg(Arg::Int(at))));
                sets.push("delivered_at = 0".to_owned());
                if let Some(reason) = &change.reason {
                    detail = format!("{reason} · {detail}");
                }
            }
            if action == OrderAction::Ship {
                sets.push(format!("shipped_at = {}", sql.arg(Arg::Int(at))));
                if row.try_get::<i64, _>("confirmed_at")? == 0 {
                    sets.push(format!("confirmed_at = {}", sql.arg(Arg::Int(at))));
                }
            }
        }
        OrderAction::Deliver => sets.push(format!("delivered_at = {}", sql.arg(Arg::Int(at)))),
        OrderAction::ConfirmPurchase => sets.push(format!("purchase_confirmed_at = {}", sql.arg(Arg::Int(at)))),
        OrderAction::Cancel => {
            let reason = change.reason.clone().unwrap_or_default();
            detail = reason.clone();
            sets.push(format!("cancelled_at = {}", sql.arg(Arg::Int(at))));
            sets.push(format!("cancel_reason = {}", sql.arg(Arg::Text(reason))));
        }
        OrderAction::Delay => {
            let new_ship_by = change.new_ship_by.ok_or_else(AppError::internal)?;
            let reason = change.reason.clone().unwrap_or_default();
            detail = format!("{} · 새 발송기한 {}", reason, format_date_ko(new_ship_by));
            sets.push("delayed = 1".to_owned());
            sets.push(format!("ship_by = {}", sql.arg(Arg::Int(new_ship_by))));
            sets.push(format!("delay_reason = {}", sql.arg(Arg::Text(reason))));
        }
    }
    if let Some(extra) = change.reason.as_ref().filter(|_| matches!(action, OrderAction::ConfirmPurchase | OrderAction::Deliver)) {
        detail = extra.clone();
    }
    let id = sql.arg(Arg::Int(item_id));
    let was = sql.arg(Arg::Text(from.as_str().into()));
    let updated = sql
        .query(&format!("UPDATE order_items SET {} WHERE id = {id} AND status = {was}", sets.join(", ")))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if updated != 1 {
        return Ok(Err(MoveError::Raced));
    }
    let channel: String = row.try_get("channel")?;
    record_event(&mut *conn, item_shop, item_id, &channel, action.code(), from.as_str(), to.as_str(), &detail, actor).await?;
    if action == OrderAction::Cancel {
        let variant_id: i64 = row.try_get("variant_id")?;
        let quantity: i64 = row.try_get("quantity")?;
        crate::products::stock::release(conn, item_shop, variant_id, quantity).await?;
        // Products first, then the coupon: the order intake takes locks in.
        crate::promotions::ssr::redeem::release(conn, item_id, at).await?;
    }
    Ok(Ok(MovedItem { id: item_id, shop_id: item_shop, from, to }))
}

/// Takes (courier, 송장번호) for `shop_id`'s parcel, inside the caller's
/// transaction; `false` while another shop has items 배송중 under it. The
/// waybill's row is locked first (the `UPDATE`), so two shops shipping under
/// one number at once are decided one after the other, across instances.
/// A number whose parcel arrived (no item of its holder still 배송중) may be
/// taken by another shop: couriers reuse numbers after a while.
async fn claim_waybill(conn: &mut AnyConnection, shop_id: i64, courier: Courier, number: &str, now: i64) -> AppResult<bool> {
    sqlx::query(
        "INSERT INTO waybills (courier, tracking_number, shop_id, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (courier, tracking_number) DO NOTHING",
    )
    .bind(courier.code())
    .bind(number)
    .bind(shop_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (holder,): (i64,) = sqlx::query_as(
        "UPDATE waybills SET updated_at = $1 WHERE courier = $2 AND tracking_number = $3 RETURNING shop_id",
    )
    .bind(now)
    .bind(courier.code())
    .bind(number)
    .fetch_one(&mut *conn)
    .await?;
    if holder == shop_id {
        return Ok(true);
    }
    let open = sqlx::query(
        "SELECT id FROM order_items WHERE shop_id = $1 AND courier = $2 AND tracking_number = $3 AND status = 'shipped' LIMIT 1",
    )
    .bind(holder)
    .bind(courier.code())
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    if open.is_some() {
        return Ok(false);
    }
    sqlx::query("UPDATE waybills SET shop_id = $1 WHERE courier = $2 AND tracking_number = $3")
        .bind(shop_id)
        .bind(courier.code())
        .bind(number)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Why a claim on the item refuses `action`, if it does: an item under an
/// open claim or returned is never purchase-confirmed, and an item whose
/// cancel is requested is not shipped before the seller decides.
fn claim_blocks(action: OrderAction, claim_kind: &str, claim_status: &str) -> Option<&'static str> {
    let open = matches!(claim_status, "requested" | "collecting" | "collected" | "on_hold");
    match action {
        OrderAction::ConfirmPurchase if open => Some(msg::orders_err_claim_open()),
        OrderAction::ConfirmPurchase if claim_kind == "return" && claim_status == "completed" => {
            Some(msg::orders_err_returned())
        }
        OrderAction::Ship if open && claim_kind == "cancel" => {
            Some(msg::orders_err_cancel_requested())
        }
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn record_event(
    conn: &mut AnyConnection,
    shop_id: i64,
    item_id: i64,
    channel: &str,
    action: &str,
    from: &str,
    to: &str,
    detail: &str,
    actor: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO order_item_events (shop_id, order_item_id, channel, action, from_status, to_status, detail, actor, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(shop_id)
    .bind(item_id)
    .bind(channel)
    .bind(action)
    .bind(from)
    .bind(to)
    .bind(detail)
    .bind(actor)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A member's action on several items: all or nothing, audited, announced.
async fn apply_bulk(
    state: &AppState,
    actor: &ShopActor,
    audit_action: &str,
    items: &[(i64, OrderAction, ItemChange)],
    after_each: Option<&(dyn Fn(i64) -> Option<(String, String)> + Sync)>,
) -> AppResult<usize> {
    let mut tx = state.db.begin_write().await?;
    for (item_id, action, change) in items {
        match move_item(&mut tx, Some(actor.shop_id), *item_id, *action, &actor.email, change).await? {
            Ok(_) => {}
            Err(e) => {
                tx.rollback().await?;
                return Err(e.for_item(*item_id));
            }
        }
        if let Some((kind, subject_body)) = after_each.and_then(|f| f(*item_id)) {
            notify_buyer(&mut tx, *item_id, &kind, &subject_body).await?;
        }
    }
    let ids: Vec<i64> = items.iter().map(|(id, _, _)| *id).collect();
    record(
        &mut *tx,
        Change { after: json(&ids), ..Change::by(actor, audit_action, format!("order_items:{}", ids.len())) },
    )
    .await?;
    tx.commit().await?;
    state.events.publish(&state.db, actor.shop_id, TOPIC).await;
    Ok(items.len())
}

/// Shows a claim on its order item (the list's 클레임 column and the guards
/// of the order flow read it), in the claims area's transaction.
pub async fn attach_claim(conn: &mut AnyConnection, item_id: i64, claim_id: i64, kind: &str, status: &str) -> AppResult<()> {
    sqlx::query("UPDATE order_items SET claim_id = $1, claim_kind = $2, claim_status = $3 WHERE id = $4")
        .bind(claim_id)
        .bind(kind)
        .bind(status)
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An exchange (교환) ships another option of the same product: the item
/// takes that variant, its option text and SKU.
pub async fn switch_variant(conn: &mut AnyConnection, item_id: i64, variant_id: i64, option_text: &str, sku: &str) -> AppResult<()> {
    sqlx::query("UPDATE order_items SET variant_id = $1, option_text = $2, sku = $3 WHERE id = $4")
        .bind(variant_id)
        .bind(option_text)
        .bind(sku)
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks confirmed items as settled (정산) in the settlement run's
/// transaction; how many were still unsettled.
pub async fn mark_settled(conn: &mut AnyConnection, ids: &[i64], now: i64) -> AppResult<u64> {
    let statement = "UPDATE order_items SET settled_at = $1 WHERE settled_at = 0 AND id IN ({ids})";
    Ok(crate::db::sql::update_by_ids(conn, statement, now, ids).await?)
}

/// A message to the buyer of an item through the buyer outbox.
pub async fn notify_buyer(conn: &mut AnyConnection, item_id: i64, kind: &str, body: &str) -> AppResult<()> {
    let row = sqlx::query(
        "SELECT i.shop_id, i.channel, i.buyer_phone, i.buyer_email, i.product_name, i.order_no, s.name AS shop_name \
         FROM order_items i JOIN shops s ON s.id = i.shop_id WHERE i.id = $1",
    )
    .bind(item_id)
    .fetch_one(&mut *conn)
    .await?;
    let shop_name: String = row.try_get("shop_name")?;
    let subject = match kind {
        "delay" => format!("[{shop_name}] 발송 지연 안내"),
        "cancel" => format!("[{shop_name}] 주문 취소 안내"),
        _ => format!("[{shop_name}] 주문 안내"),
    };
    let full = format!(
        "주문번호 {} · {}\n\n{}",
        row.try_get::<String, _>("order_no")?,
        row.try_get::<String, _>("product_name")?,
        body
    );
    let message = crate::outbox::ssr::BuyerMessage {
        shop_id: row.try_get("shop_id")?,
        order_item_id: Some(item_id),
        claim_id: None,
        inquiry_id: None,
        channel: row.try_get("channel")?,
        kind: kind.to_owned(),
        to_phone: row.try_get("buyer_phone")?,
        to_email: row.try_get("buyer_email")?,
        subject,
        body: full,
    };
    crate::outbox::ssr::enqueue(conn, &message).await?;
    Ok(())
}

/// 발주확인
pub async fn confirm(state: &AppState, actor: &ShopActor, ids: &[i64]) -> AppResult<usize> {
    let ids = checked_ids(ids)?;
    let items: Vec<_> = ids.iter().map(|id| (*id, OrderAction::Confirm, ItemChange::default())).collect();
    apply_bulk(state, actor, "order.confirm", &items, None).await
}

/// The reason trimmed, or the `missing` / `too_long` message.
fn checked_reason(reason: &str, missing: &str, too_long: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", missing));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::invalid("reason", too_long));
    }
    Ok(reason.to_owned())
}

/// 판매취소: stock goes back, the buyer is told.
pub async fn cancel(state: &AppState, actor: &ShopActor, ids: &[i64], reason: &str) -> AppResult<usize> {
    let ids = checked_ids(ids)?;
    let reason = checked_reason(reason, msg::orders_err_cancel_reason_required(), msg::orders_err_cancel_reason_long())?;
    let change = ItemChange { reason: Some(reason.clone()), ..Default::default() };
    let items: Vec<_> = ids.iter().map(|id| (*id, OrderAction::Cancel, change.clone())).collect();
    let body = format!("판매자 사정으로 주문이 취소되었습니다. 결제하신 금액은 결제 수단으로 환불됩니다.\n사유: {reason}");
    let notify = move |_id: i64| Some(("cancel".to_owned(), body.clone()));
    apply_bulk(state, actor, "order.cancel", &items, Some(&notify)).await
}

/// 발송처리 (or 송장 수정): each item's courier and tracking number checked.
pub async fn ship(state: &AppState, actor: &ShopActor, inputs: &[ShipInput]) -> AppResult<usize> {
    if inputs.is_empty() {
        return Err(AppError::invalid("items", msg::orders_err_ship_select()));
    }
    if inputs.len() > MAX_BULK {
        return Err(AppError::invalid("items", msg::orders_err_bulk_max(MAX_BULK)));
    }
    let mut seen = std::collections::HashSet::new();
    let mut items = Vec::with_capacity(inputs.len());
    for input in inputs {
        if !seen.insert(input.item_id) {
            return Err(AppError::invalid("items", msg::orders_err_item_twice(input.item_id.to_string())));
        }
        let (courier, number) = parse_waybill(&input.courier, &input.tracking_number)?;
        items.push((input.item_id, courier, number));
    }
    // Shipped items get their tracking number changed instead (송장 수정).
    let mut sql = Sql::default();
    let shop = sql.arg(Arg::Int(actor.shop_id));
    let ids: Vec<i64> = items.iter().map(|i| i.0).collect();
    let list = sql.placeholders(&ids);
    let shipped: std::collections::HashSet<i64> = sql
        .query(&format!("SELECT id FROM order_items WHERE shop_id = {shop} AND id IN ({list}) AND status = 'shipped'"))
        .fetch_all(state.db.pool())
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>("id"))
        .collect::<Result<_, _>>()?;
    let planned: Vec<_> = items
        .into_iter()
        .map(|(id, courier, number)| {
            let action = if shipped.contains(&id) { OrderAction::ChangeTracking } else { OrderAction::Ship };
            (id, action, ItemChange { courier: Some(courier), tracking_number: Some(number), ..Default::default() })
        })
        .collect();
    apply_bulk(state, actor, "order.ship", &planned, None).await
}

/// A courier (code or name) and a tracking number in its format.
pub fn parse_waybill(courier: &str, number: &str) -> AppResult<(Courier, String)> {
    let courier = Courier::parse(courier).ok_or_else(|| AppError::invalid("courier", msg::orders_err_courier()))?;
    let number = parse_tracking_number(courier, number).map_err(|m| AppError::invalid("tracking_number", m))?;
    Ok((courier, number))
}

/// A date in Korean whatever the reader's language: for texts that are
/// stored (history) or sent to buyers.
fn format_date_ko(millis: i64) -> String {
    crate::i18n::with_locale(crate::i18n::Locale::Ko, || crate::time::format_date(millis))
}

/// 발송지연 안내: a new ship-by date, a reason, a message to the buyer.
pub async fn delay(state: &AppState, actor: &ShopActor, ids: &[i64], reason: &str, new_date: &str) -> AppResult<usize> {
    let ids = checked_ids(ids)?;
    let reason = checked_reason(reason, msg::orders_err_delay_reason_required(), msg::orders_err_delay_reason_long())?;
    let date = chrono::NaiveDate::parse_from_str(new_date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("new_date", msg::orders_err_new_date_format()))?;
    let today = crate::calendar::kst_date(now_millis()).ok_or_else(AppError::internal)?;
    if date <= today {
        return Err(AppError::invalid("new_date", msg::orders_err_new_date_past()));
    }
    if date > today + chrono::Duration::days(30) {
        return Err(AppError::invalid("new_date", msg::orders_err_new_date_far()));
    }
    let new_ship_by = crate::calendar::end_of_kst_day(date);
    let change = ItemChange { reason: Some(reason.clone()), new_ship_by: Some(new_ship_by), ..Default::default() };
    let items: Vec<_> = ids.iter().map(|id| (*id, OrderAction::Delay, change.clone())).collect();
    let body = format!(
        "주문하신 상품의 발송이 늦어지게 되어 안내드립니다.\n지연 사유: {reason}\n발송 예정일: {}\n기다려 주셔서 감사합니다.",
        format_date_ko(new_ship_by)
    );
    let notify = move |_id: i64| Some(("delay".to_owned(), body.clone()));
    apply_bulk(state, actor, "order.delay", &items, Some(&notify)).await
}
