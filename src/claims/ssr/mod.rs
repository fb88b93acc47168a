//! Claim data access and the claim steps (server only).
//!
//! Every step — a member's, a channel's — goes through [`step()`]: the state
//! machine of [`super::model::transition`] decides, and the claim row is
//! updated first and only if its status is still the one that was checked
//! (`WHERE status = $from`). Everything the step does besides (the order
//! item moving, stock going back or out, the refund, the timeline entry and
//! the buyer's message) comes after that update in the same transaction, so
//! when two people approve one claim at once only one of them does any of
//! it.
//!
//! By concern: `step` holds [`step()`] itself, cut into its phases (check,
//! compute, write, then the rest); `message` the buyer's messages of the
//! steps; `actions` the seller's actions (a member's step, 승인); `intake`
//! everything the Channel API calls; `list` the list, detail and badge
//! queries. The records the steps read and what the files share are here.

mod actions;
mod intake;
mod list;
mod message;
mod step;

pub use crate::channel_api::idempotent::Answer;
pub use actions::{approve, member_step};
pub use intake::{accept, check_body, updates, withdraw, ChannelClaim};
pub use list::{badges, counts, detail, list};
pub use step::{step, StepDone, StepInput};

use sqlx::{AnyConnection, Row};

use crate::claims::refund::{self, RefundBreakdown, RefundLine, ShippingProfile};
use crate::claims::{ClaimKind, ClaimStatus, Fault, Reason};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::orders::OrderStatus;
use crate::context::AppState;
use crate::db::now_millis;

pub const PAGE_SIZE: i64 = 50;
pub const TOPIC: &str = "claims";
/// Most cancels one bulk approval may touch.
pub const MAX_BULK: usize = 200;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const OPEN_SQL: &str = "('requested', 'collecting', 'collected', 'on_hold')";

fn claim_not_found() -> AppError {
    AppError::not_found(msg::claims_noun_claim())
}

/// 처리기한: the end of the `n`-th business day after the request (KST).
pub fn due_at(requested_at: i64, kind: ClaimKind) -> i64 {
    let days = if kind == ClaimKind::Cancel { 1 } else { 3 };
    match crate::calendar::kst_date(requested_at) {
        Some(day) => crate::calendar::end_of_kst_day(crate::calendar::add_business_days(day, days)),
        None => requested_at,
    }
}

// ------------------------------------------------------------------ reading

/// A claim as the steps need it.
#[derive(Debug, Clone)]
struct ClaimRec {
    id: i64,
    shop_id: i64,
    order_item_id: i64,
    kind: ClaimKind,
    status: ClaimStatus,
    reason: Reason,
    fault: Fault,
    quantity: i64,
    exchange_variant_id: Option<i64>,
    exchange_option_text: String,
    damaged: bool,
}

async fn load_claim(conn: &mut AnyConnection, claim_id: i64) -> AppResult<Option<ClaimRec>> {
    let row = sqlx::query(
        "SELECT id, shop_id, order_item_id, kind, status, reason_code, fault, quantity, exchange_variant_id, \
         exchange_option_text, damaged FROM claims WHERE id = $1",
    )
    .bind(claim_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ClaimRec {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        order_item_id: r.try_get("order_item_id")?,
        kind: ClaimKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(AppError::internal)?,
        status: ClaimStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(AppError::internal)?,
        reason: Reason::parse(&r.try_get::<String, _>("reason_code")?).unwrap_or(Reason::Other),
        fault: Fault::parse(&r.try_get::<String, _>("fault")?).ok_or_else(AppError::internal)?,
        quantity: r.try_get("quantity")?,
        exchange_variant_id: r.try_get("exchange_variant_id")?,
        exchange_option_text: r.try_get("exchange_option_text")?,
        damaged: r.try_get::<i64, _>("damaged")? != 0,
    }))
}

/// An order item as the claims need it.
#[derive(Debug, Clone)]
struct ItemRec {
    id: i64,
    shop_id: i64,
    shop_name: String,
    buyer_order_id: i64,
    order_no: String,
    channel: String,
    product_id: i64,
    variant_id: i64,
    product_name: String,
    quantity: i64,
    status: OrderStatus,
    claim_kind: String,
    claim_status: String,
    buyer_phone: String,
    buyer_email: String,
}

async fn load_item(conn: &mut AnyConnection, item_id: i64) -> AppResult<Option<ItemRec>> {
    let row = sqlx::query(
        "SELECT i.id, i.shop_id, s.name AS shop_name, i.buyer_order_id, i.order_no, i.channel, i.product_id, i.variant_id, \
         i.product_name, i.quantity, i.status, i.claim_kind, i.claim_status, i.buyer_phone, i.buyer_email \
         FROM order_items i JOIN shops s ON s.id = i.shop_id WHERE i.id = $1",
    )
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ItemRec {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        shop_name: r.try_get("shop_name")?,
        buyer_order_id: r.try_get("buyer_order_id")?,
        order_no: r.try_get("order_no")?,
        channel: r.try_get("channel")?,
        product_id: r.try_get("product_id")?,
        variant_id: r.try_get("variant_id")?,
        product_name: r.try_get("product_name")?,
        quantity: r.try_get("quantity")?,
        status: OrderStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(AppError::internal)?,
        claim_kind: r.try_get("claim_kind")?,
        claim_status: r.try_get("claim_status")?,
        buyer_phone: r.try_get("buyer_phone")?,
        buyer_email: r.try_get("buyer_email")?,
    }))
}

/// The refund of a claim as things stand now ([`refund::compute`] over the
/// shop's lines of the buyer order and the product's shipping settings).
async fn compute_refund(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
) -> AppResult<RefundBreakdown> {
    let rows = sqlx::query(
        "SELECT id, unit_price, option_price, quantity, seller_discount, platform_discount, shipping_fee, status, \
         claim_kind, claim_status FROM order_items WHERE shop_id = $1 AND buyer_order_id = $2 ORDER BY id",
    )
    .bind(item.shop_id)
    .bind(item.buyer_order_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        let kind: String = r.try_get("claim_kind")?;
        let claim_status: String = r.try_get("claim_status")?;
        // The claimed line itself counts as kept until this claim completes.
        let gone = id != item.id
            && (status == "cancelled" || (kind == "return" && claim_status == "completed"));
        lines.push(RefundLine {
            item_id: id,
            unit_price: r.try_get("unit_price")?,
            option_price: r.try_get("option_price")?,
            quantity: r.try_get("quantity")?,
            seller_discount: r.try_get("seller_discount")?,
            platform_discount: r.try_get("platform_discount")?,
            shipping_fee: r.try_get("shipping_fee")?,
            gone,
        });
    }
    let p = sqlx::query("SELECT shipping_fee, free_shipping_over, return_fee, exchange_fee FROM products WHERE id = $1")
        .bind(item.product_id)
        .fetch_optional(&mut *conn)
        .await?;
    let profile = match p {
        Some(p) => ShippingProfile {
            shipping_fee: p.try_get("shipping_fee")?,
            free_shipping_over: p.try_get("free_shipping_over")?,
            return_fee: p.try_get("return_fee")?,
            exchange_fee: p.try_get("exchange_fee")?,
        },
        None => ShippingProfile::default(),
    };
    Ok(refund::compute(&refund::RefundInput {
        kind: claim.kind,
        fault: claim.fault,
        lines: &lines,
        item_id: item.id,
        quantity: claim.quantity,
        profile,
    }))
}

// ------------------------------------------------------------------ shared

#[allow(clippy::too_many_arguments)]
async fn record_event(
    conn: &mut AnyConnection,
    shop_id: i64,
    claim_id: i64,
    action: &str,
    from: &str,
    to: &str,
    detail: &str,
    actor: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO claim_events (shop_id, claim_id, action, from_status, to_status, detail, actor, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(shop_id)
    .bind(claim_id)
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

/// After a commit: the claim pages reload, and the order pages too, whose
/// rows show each item's claim (and its status, when the item moved).
async fn publish(state: &AppState, shop_id: i64) {
    state.events.publish(&state.db, shop_id, TOPIC).await;
    state.events.publish(&state.db, shop_id, crate::orders::ssr::TOPIC).await;
}

/// Marks claims as settled (정산) in the settlement run's transaction; how
/// many were still unsettled.
pub async fn mark_settled(conn: &mut AnyConnection, ids: &[i64], now: i64) -> AppResult<u64> {
    let statement = "UPDATE claims SET settled_at = $1 WHERE settled_at = 0 AND id IN ({ids})";
    Ok(crate::db::sql::update_by_ids(conn, statement, now, ids).await?)
}
