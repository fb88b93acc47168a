//! The Channel API routes of the orders area (server only): orders in,
//! purchase confirmations, the feed of order status changes, and the
//! carriers' delivery events.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;

use crate::error::{ErrorCode, AppError};
use crate::orders::intake::{self};
use crate::orders::ssr::{move_item, ItemChange, MoveError, TOPIC};
use crate::orders::{Courier, OrderAction, OrderStatus};
use crate::db::now_millis;
use crate::context::AppState;
use crate::i18n::msg;

use crate::channel_api::{authenticate_carrier, channel_of, feed_limit, intake, parse_json, ApiResult};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/orders", post(create_order))
        .route("/api/channel/v1/orders/{channel_order_id}/purchase-confirmation", post(confirm_purchase))
        .route("/api/channel/v1/order-updates", get(order_updates))
        .route("/api/carrier/v1/events", post(carrier_event))
}

async fn create_order(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    intake(&state, &headers, &body, intake::accept).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PurchaseConfirmation {
    #[serde(default)]
    channel_item_ids: Vec<String>,
}

/// The items a purchase confirmation names: a blank body (or none listed)
/// means every item of the order. What the fuzz target (`fuzz/`) drives.
pub fn purchase_confirmation_items(body: &[u8]) -> crate::error::AppResult<Vec<String>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    Ok(parse_json::<PurchaseConfirmation>(body)?.channel_item_ids)
}

/// 구매확정 by the buyer: all listed items or none.
async fn confirm_purchase(
    State(state): State<AppState>,
    Path(channel_order_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let channel_item_ids = purchase_confirmation_items(&body)?;
    let mut tx = state.db.begin_write().await?;
    let rows = sqlx::query(
        "SELECT i.id, i.channel_item_id, i.status, i.order_no FROM order_items i \
         JOIN buyer_orders b ON b.id = i.buyer_order_id WHERE b.channel = $1 AND b.channel_order_id = $2 ORDER BY i.id",
    )
    .bind(channel.code())
    .bind(&channel_order_id)
    .fetch_all(&mut *tx)
    .await
    ?;
    if rows.is_empty() {
        return Err(AppError::not_found(msg::orders_noun_order()).into());
    }
    let order_no: String = rows[0].try_get("order_no")?;
    let mut items = Vec::new();
    for r in &rows {
        let item_id: i64 = r.try_get("id")?;
        let channel_item_id: String = r.try_get("channel_item_id")?;
        let status: String = r.try_get("status")?;
        items.push((item_id, channel_item_id, status));
    }
    let wanted: Vec<&(i64, String, String)> = if channel_item_ids.is_empty() {
        items.iter().collect()
    } else {
        let mut picked = Vec::new();
        for id in &channel_item_ids {
            match items.iter().find(|(_, c, _)| c == id) {
                Some(item) => picked.push(item),
                None => {
                    return Err(AppError {
                        field: Some("channel_item_ids".into()),
                        ..AppError::not_found(&msg::orders_noun_channel_item(id))
                    }
                    .into())
                }
            }
        }
        picked
    };
    let actor = format!("channel:{}", channel.code());
    let mut shops = Vec::new();
    let mut answer = Vec::new();
    for (item_id, channel_item_id, status) in wanted {
        if status != OrderStatus::PurchaseConfirmed.as_str() {
            let change = ItemChange { reason: Some("구매자가 구매확정했습니다.".into()), ..Default::default() };
            match move_item(&mut tx, None, *item_id, OrderAction::ConfirmPurchase, &actor, &change).await? {
                Ok(moved) => shops.push(moved.shop_id),
                Err(MoveError::Transition(t)) => {
                    tx.rollback().await?;
                    return Err(AppError::new(ErrorCode::InvalidTransition, msg::orders_err_channel_item(channel_item_id, t.message())).into());
                }
                Err(e) => {
                    tx.rollback().await?;
                    return Err(e.for_item(*item_id).into());
                }
            }
        }
        answer.push(json!({"channel_item_id": channel_item_id, "item_id": item_id, "status": "purchase_confirmed"}));
    }
    tx.commit().await?;
    state.events.publish_all(&state.db, shops, TOPIC).await;
    Ok(Json(json!({"order_no": order_no, "items": answer})).into_response())
}

#[derive(Debug, Deserialize)]
struct UpdatesQuery {
    after: Option<i64>,
    limit: Option<i64>,
}

/// Status changes of the caller's order items, oldest first.
async fn order_updates(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<UpdatesQuery>) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let limit = feed_limit(q.limit, 200)?;
    let after = q.after.unwrap_or(0);
    let rows = sqlx::query(
        "SELECT e.id, e.action, e.to_status, e.created_at, i.id AS item_id, i.order_no, i.channel_order_id, \
         i.channel_item_id, i.courier, i.tracking_number FROM order_item_events e \
         JOIN order_items i ON i.id = e.order_item_id WHERE e.channel = $1 AND e.id > $2 ORDER BY e.id LIMIT $3",
    )
    .bind(channel.code())
    .bind(after)
    .bind(limit)
    .fetch_all(state.db.pool())
    .await
    ?;
    let mut next = after;
    let updates: Vec<Value> = rows
        .iter()
        .map(|r| {
            let g = |c: &str| r.try_get::<i64, _>(c).unwrap_or_default();
            let s = |c: &str| r.try_get::<String, _>(c).unwrap_or_default();
            next = next.max(g("id"));
            json!({
                "event_id": g("id"), "order_no": s("order_no"), "channel_order_id": s("channel_order_id"),
                "channel_item_id": s("channel_item_id"), "item_id": g("item_id"), "action": s("action"),
                "status": s("to_status"), "courier": s("courier"), "tracking_number": s("tracking_number"), "at": g("created_at"),
            })
        })
        .collect();
    Ok(Json(json!({"updates": updates, "next_after": next})).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CarrierEvent {
    courier: String,
    tracking_number: String,
    status: String,
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    location: String,
}

const DELIVERY_STATUSES: &[&str] = &["picked_up", "in_transit", "out_for_delivery", "delivered"];

/// How far ahead of the server's clock an event's `at` may be (carriers'
/// clocks drift a little; a parcel is not delivered tomorrow).
const AT_SKEW_MS: i64 = 5 * 60 * 1000;

/// Delivery progress; `delivered` marks the waybill's shipped items 배송완료.
/// The call is signed (see [`crate::channel_api::authenticate_carrier`]).
/// A waybill names one shop's parcel: the items 배송중 under it (one shop's
/// at most, see `orders::ssr::claim_waybill`), or, when none is on its way
/// any more, the items of the shop that shipped under it last. An event
/// before that parcel was shipped, or in the future, is refused: it would
/// start 자동 구매확정 (and settlement) early.
async fn carrier_event(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let client = authenticate_carrier(&state, &headers, &body).await?;
    let event: CarrierEvent = parse_json(&body)?;
    let courier = Courier::parse(&event.courier)
        .ok_or_else(|| AppError::invalid("courier", msg::orders_err_api_courier_unknown()))?;
    if client.scope != "*" && client.scope != courier.code() {
        return Err(AppError::new(ErrorCode::Forbidden, msg::orders_err_api_courier_forbidden()).into());
    }
    if !DELIVERY_STATUSES.contains(&event.status.as_str()) {
        return Err(AppError::invalid("status", msg::orders_err_api_status()).into());
    }
    let number = crate::orders::parse_tracking_number(courier, &event.tracking_number)
        .map_err(|m| AppError::invalid("tracking_number", m))?;
    if event.location.chars().count() > 100 {
        return Err(AppError::invalid("location", msg::orders_err_api_location()).into());
    }
    let now = now_millis();
    let at = match event.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => now,
        Some(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map_err(|_| AppError::invalid("at", msg::orders_err_api_at()))?
            .timestamp_millis(),
    };
    if at > now + AT_SKEW_MS {
        return Err(AppError::invalid("at", msg::orders_err_api_at_future()).into());
    }
    let at = at.min(now);
    let mut tx = state.db.begin_write().await?;
    let rows = sqlx::query(
        "SELECT id, shop_id, status, shipped_at FROM order_items WHERE tracking_number = $1 AND courier = $2 \
         ORDER BY shipped_at DESC, id",
    )
    .bind(&number)
    .bind(courier.code())
    .fetch_all(&mut *tx)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let status: String = r.try_get("status")?;
        items.push((r.try_get::<i64, _>("id")?, r.try_get::<i64, _>("shop_id")?, status, r.try_get::<i64, _>("shipped_at")?));
    }
    let on_the_way = |i: &&(i64, i64, String, i64)| i.2 == OrderStatus::Shipped.as_str();
    // The parcel's shop: the one with items on the way, else the last to ship.
    let Some(shop_id) = items.iter().find(on_the_way).or(items.first()).map(|i| i.1) else {
        tx.rollback().await?;
        return Err(AppError {
            field: Some("tracking_number".into()),
            ..AppError::new(ErrorCode::UnknownTrackingNumber, msg::orders_err_api_unknown_tracking())
        }
        .into());
    };
    let parcel: Vec<&(i64, i64, String, i64)> = items.iter().filter(|i| i.1 == shop_id).collect();
    // Whole seconds: carriers send `at` without fractions.
    let shipped_at = parcel.iter().map(|i| i.3).max().unwrap_or(0);
    if at < shipped_at - shipped_at.rem_euclid(1000) {
        tx.rollback().await?;
        return Err(AppError::invalid("at", msg::orders_err_api_at_before_shipped()).into());
    }
    // Carriers resend; the same step as the latest one is not a new step.
    let latest = sqlx::query(
        "SELECT status, location FROM delivery_events WHERE shop_id = $1 AND tracking_number = $2 AND courier = $3 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(shop_id)
    .bind(&number)
    .bind(courier.code())
    .fetch_optional(&mut *tx)
    .await?;
    let repeated = match latest {
        Some(r) => {
            r.try_get::<String, _>("status")? == event.status
                && r.try_get::<String, _>("location")? == event.location.trim()
        }
        None => false,
    };
    if !repeated {
        sqlx::query(
            "INSERT INTO delivery_events (shop_id, courier, tracking_number, status, location, occurred_at, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(shop_id)
        .bind(courier.code())
        .bind(&number)
        .bind(&event.status)
        .bind(event.location.trim())
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let actor = format!("carrier:{}", courier.code());
    let mut delivered = Vec::new();
    for (id, _, status, _) in &parcel {
        if event.status == "delivered" && status == OrderStatus::Shipped.as_str() {
            let change = ItemChange { at: Some(at), reason: Some(event.location.trim().to_owned()), ..Default::default() };
            if move_item(&mut tx, None, *id, OrderAction::Deliver, &actor, &change).await?.is_ok() {
                delivered.push(*id);
            }
        }
    }
    tx.commit().await?;
    state.events.publish_all(&state.db, vec![shop_id], TOPIC).await;
    Ok(Json(json!({"recorded": true, "delivered_items": delivered})).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purchase_confirmation_names_its_items_or_none() {
        let seed = include_bytes!("../../fuzz/corpus/channel_api_json/purchase-confirmation.json");
        assert_eq!(purchase_confirmation_items(seed).unwrap(), vec!["1", "2"]);
        assert!(purchase_confirmation_items(b" \r\n").unwrap().is_empty());
        assert!(purchase_confirmation_items(b"{}").unwrap().is_empty());
        let e = purchase_confirmation_items(br#"{"items":["1"]}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
