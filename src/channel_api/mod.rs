//! The Channel API (`/api/channel/v1/…`) and the carrier webhook
//! (`/api/carrier/v1/…`): how the sales channels and the couriers talk to
//! Partner Center (server only). The contract is `openapi.json`, served at
//! `/api/channel/v1/openapi.json`.
//!
//! Clients authenticate with `Authorization: Bearer <key_id>.<secret>`; only
//! the secret's SHA-256 is stored, so a leaked database does not leak keys.
//! Errors are JSON `{code, message, field}` with stable codes. These routes
//! take no cookies and are not reachable from a seller's session.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::error::{AppError, AppResult};
use crate::orders::intake::{self, ChannelOrder};
use crate::orders::ssr::{move_item, ItemChange, MoveError, TOPIC};
use crate::orders::{Courier, OrderAction, OrderStatus};
use crate::products::Channel;
use crate::server::db::{now_millis, Database};
use crate::server::AppState;

pub const OPENAPI: &str = include_str!("openapi.json");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/openapi.json", get(openapi))
        .route("/api/channel/v1/orders", post(create_order))
        .route("/api/channel/v1/orders/{channel_order_id}/purchase-confirmation", post(confirm_purchase))
        .route("/api/channel/v1/products", get(product_feed))
        .route("/api/channel/v1/order-updates", get(order_updates))
        .route("/api/carrier/v1/events", post(carrier_event))
        .merge(crate::claims::api::routes())
        .merge(crate::inquiries::api::routes())
        .merge(crate::reviews::api::routes())
        .merge(crate::outbox::api::routes())
}

/// The OpenAPI document: `openapi.json` with the paths and schemas each
/// area keeps beside its own handlers merged in.
pub fn openapi_document() -> Value {
    let mut doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is valid JSON");
    for fragment in [
        include_str!("../claims/openapi.json"),
        include_str!("../inquiries/openapi.json"),
        include_str!("../reviews/openapi.json"),
        include_str!("../outbox/openapi.json"),
    ] {
        let part: Value = serde_json::from_str(fragment).expect("an OpenAPI fragment is valid JSON");
        for pointer in ["/paths", "/components/schemas"] {
            if let (Some(Value::Object(into)), Some(Value::Object(from))) = (doc.pointer_mut(pointer), part.pointer(pointer)) {
                into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
    doc
}

/// An error as the API answers it.
pub(crate) struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0)).into_response()
    }
}

pub(crate) type ApiResult = Result<Response, ApiError>;

// ------------------------------------------------------------------ clients

/// Who is calling.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: i64,
    pub kind: ClientKind,
    /// Channel code, courier code or `*`.
    pub scope: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    Channel,
    Carrier,
}

impl ClientKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Channel => "channel",
            Self::Carrier => "carrier",
        }
    }
}

fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a key; returns `key_id.secret`, shown once.
pub async fn create_client(db: &Database, kind: ClientKind, scope: &str, name: &str) -> AppResult<String> {
    let valid_scope = match kind {
        ClientKind::Channel => Channel::parse(scope).is_some_and(|c| c.code() == scope),
        ClientKind::Carrier => scope == "*" || Courier::parse(scope).is_some_and(|c| c.code() == scope),
    };
    if !valid_scope {
        return Err(AppError::invalid("scope", format!("알 수 없는 범위입니다: {scope}")));
    }
    let key_id = format!("pk_{}", &crate::accounts::ssr::random_token()[..16]);
    let secret = crate::accounts::ssr::random_token();
    sqlx::query("INSERT INTO api_clients (kind, scope, name, key_id, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(kind.as_str())
        .bind(scope)
        .bind(name)
        .bind(&key_id)
        .bind(secret_hash(&secret))
        .bind(now_millis())
        .execute(db.pool())
        .await?;
    Ok(format!("{key_id}.{secret}"))
}

fn unauthorized() -> AppError {
    AppError::new("unauthorized", "API 키가 없거나 올바르지 않습니다.")
}

pub(crate) async fn authenticate(state: &AppState, headers: &HeaderMap, kind: ClientKind) -> AppResult<Client> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthorized)?;
    let (key_id, secret) = token.trim().split_once('.').ok_or_else(unauthorized)?;
    let row = sqlx::query("SELECT id, kind, scope, secret_hash FROM api_clients WHERE key_id = $1 AND revoked_at = 0")
        .bind(key_id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(unauthorized)?;
    let stored: String = row.try_get("secret_hash")?;
    // Both sides are hex digests of equal length: compare without an early exit.
    let given = secret_hash(secret);
    let same = stored.len() == given.len() && stored.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if !same {
        return Err(unauthorized());
    }
    let stored_kind: String = row.try_get("kind")?;
    if stored_kind != kind.as_str() {
        return Err(AppError::new("forbidden", "이 API 키로는 이 API를 쓸 수 없습니다."));
    }
    Ok(Client { id: row.try_get("id")?, kind, scope: row.try_get("scope")? })
}

pub(crate) async fn channel_of(state: &AppState, headers: &HeaderMap) -> AppResult<Channel> {
    let client = authenticate(state, headers, ClientKind::Channel).await?;
    Channel::parse(&client.scope).ok_or_else(AppError::internal)
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> AppResult<T> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::new("invalid_input", format!("요청 본문이 올바른 JSON이 아닙니다: {e}"))
    })
}

// ------------------------------------------------------------------ handlers

async fn openapi() -> Response {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(|| openapi_document().to_string());
    ([(axum::http::header::CONTENT_TYPE, "application/json")], doc.as_str()).into_response()
}

async fn create_order(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let order: ChannelOrder = parse_json(&body)?;
    let (status, answer) = intake::accept(&state, channel, order).await?;
    Ok((StatusCode::from_u16(status).unwrap_or(StatusCode::OK), Json(answer)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PurchaseConfirmation {
    #[serde(default)]
    channel_item_ids: Vec<String>,
}

/// 구매확정 by the buyer: all listed items or none.
async fn confirm_purchase(
    State(state): State<AppState>,
    Path(channel_order_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let request: PurchaseConfirmation = if body.iter().all(u8::is_ascii_whitespace) { Default::default() } else { parse_json(&body)? };
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
        return Err(AppError::not_found("주문").into());
    }
    let order_no: String = rows[0].try_get("order_no")?;
    let mut items = Vec::new();
    for r in &rows {
        let item_id: i64 = r.try_get("id")?;
        let channel_item_id: String = r.try_get("channel_item_id")?;
        let status: String = r.try_get("status")?;
        items.push((item_id, channel_item_id, status));
    }
    let wanted: Vec<&(i64, String, String)> = if request.channel_item_ids.is_empty() {
        items.iter().collect()
    } else {
        let mut picked = Vec::new();
        for id in &request.channel_item_ids {
            match items.iter().find(|(_, c, _)| c == id) {
                Some(item) => picked.push(item),
                None => {
                    return Err(AppError {
                        field: Some("channel_item_ids".into()),
                        ..AppError::not_found(&format!("주문 상품 {id}"))
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
                    return Err(AppError::new("invalid_transition", format!("주문 상품 {channel_item_id}: {}", t.message_ko())).into());
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
struct FeedQuery {
    cursor: Option<String>,
    limit: Option<i64>,
    updated_since: Option<i64>,
}

/// The product and stock feed of the caller's channel.
async fn product_feed(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<FeedQuery>) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid("limit", "limit은 1~500이어야 합니다.").into());
    }
    let after: i64 = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c.parse().map_err(|_| AppError::invalid("cursor", "cursor가 올바르지 않습니다."))?,
    };
    let products = sqlx::query(
        "SELECT p.id, p.shop_id, s.name AS shop_name, p.code, p.name, p.category, p.list_price, p.sale_price, p.status, \
         p.shipping_fee, p.free_shipping_over, p.updated_at FROM products p JOIN shops s ON s.id = p.shop_id \
         WHERE p.id > $1 AND p.deleted_at = 0 AND p.status IN ('on_sale', 'sold_out') AND (p.channels & $2) <> 0 \
         AND s.status = 'approved' AND p.updated_at >= $3 ORDER BY p.id LIMIT $4",
    )
    .bind(after)
    .bind(channel.bit())
    .bind(q.updated_since.unwrap_or(0))
    .bind(limit + 1)
    .fetch_all(state.db.pool())
    .await
    ?;
    let more = products.len() as i64 > limit;
    let mut out = Vec::new();
    let mut last = 0;
    for p in products.iter().take(limit as usize) {
        let id: i64 = p.try_get("id")?;
        last = id;
        let variants = sqlx::query(
            "SELECT id, sku, option1, option2, option3, extra_price, stock FROM product_variants \
             WHERE product_id = $1 AND deleted_at = 0 AND active = 1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(state.db.pool())
        .await
        ?;
        let variants: Vec<Value> = variants
            .iter()
            .map(|v| {
                let options: Vec<String> = ["option1", "option2", "option3"]
                    .iter()
                    .filter_map(|c| v.try_get::<String, _>(*c).ok())
                    .filter(|o| !o.is_empty())
                    .collect();
                json!({
                    "variant_id": v.try_get::<i64, _>("id").unwrap_or_default(),
                    "sku": v.try_get::<String, _>("sku").unwrap_or_default(),
                    "options": options.join(" / "),
                    "extra_price": v.try_get::<i64, _>("extra_price").unwrap_or_default(),
                    "stock": v.try_get::<i64, _>("stock").unwrap_or_default(),
                })
            })
            .collect();
        let g = |c: &str| p.try_get::<i64, _>(c).unwrap_or_default();
        let s = |c: &str| p.try_get::<String, _>(c).unwrap_or_default();
        out.push(json!({
            "product_id": id, "shop_id": g("shop_id"), "shop_name": s("shop_name"), "code": s("code"), "name": s("name"),
            "category": s("category"), "list_price": g("list_price"), "sale_price": g("sale_price"), "status": s("status"),
            "shipping_fee": g("shipping_fee"), "free_shipping_over": g("free_shipping_over"), "updated_at": g("updated_at"),
            "variants": variants,
        }));
    }
    let next = if more { Some(last.to_string()) } else { None };
    Ok(Json(json!({"products": out, "next_cursor": next})).into_response())
}

/// `?cursor=N&limit=M` of a feed read by id: the last id the channel has,
/// and how many rows it wants (1 to 500).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct IdFeedQuery {
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<i64>,
}

impl IdFeedQuery {
    /// The cursor (0 when absent) and the limit (`default` when absent), checked.
    pub(crate) fn checked(&self, default: i64) -> AppResult<(i64, i64)> {
        let limit = feed_limit(self.limit, default)?;
        let cursor = match self.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => 0,
            Some(c) => c
                .parse()
                .ok()
                .filter(|n: &i64| *n >= 0)
                .ok_or_else(|| AppError::invalid("cursor", "cursor가 올바르지 않습니다."))?,
        };
        Ok((cursor, limit))
    }
}

pub(crate) fn feed_limit(limit: Option<i64>, default: i64) -> AppResult<i64> {
    let limit = limit.unwrap_or(default);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid("limit", "limit은 1~500이어야 합니다."));
    }
    Ok(limit)
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

/// Delivery progress; `delivered` marks the waybill's shipped items 배송완료.
async fn carrier_event(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let client = authenticate(&state, &headers, ClientKind::Carrier).await?;
    let event: CarrierEvent = parse_json(&body)?;
    let courier = Courier::parse(&event.courier)
        .ok_or_else(|| AppError::invalid("courier", "알 수 없는 택배사입니다."))?;
    if client.scope != "*" && client.scope != courier.code() {
        return Err(AppError::new("forbidden", "이 API 키로는 다른 택배사의 배송 정보를 보낼 수 없습니다.").into());
    }
    if !DELIVERY_STATUSES.contains(&event.status.as_str()) {
        return Err(AppError::invalid("status", "status는 picked_up, in_transit, out_for_delivery, delivered 중 하나여야 합니다.").into());
    }
    let number = crate::orders::parse_tracking_number(courier, &event.tracking_number)
        .map_err(|m| AppError::invalid("tracking_number", m))?;
    if event.location.chars().count() > 100 {
        return Err(AppError::invalid("location", "location은 100자 이하여야 합니다.").into());
    }
    let now = now_millis();
    let at = match event.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => now,
        Some(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map_err(|_| AppError::invalid("at", "at은 RFC 3339 형식이어야 합니다."))?
            .timestamp_millis()
            .min(now),
    };
    let mut tx = state.db.begin_write().await?;
    let items = sqlx::query("SELECT id, shop_id, status FROM order_items WHERE tracking_number = $1 AND courier = $2 ORDER BY id")
        .bind(&number)
        .bind(courier.code())
        .fetch_all(&mut *tx)
        .await
        ?;
    if items.is_empty() {
        tx.rollback().await?;
        return Err(AppError {
            field: Some("tracking_number".into()),
            ..AppError::new("unknown_tracking_number", "등록되지 않은 송장번호입니다.")
        }
        .into());
    }
    // Carriers resend; the same step as the latest one is not a new step.
    let latest = sqlx::query(
        "SELECT status, location FROM delivery_events WHERE tracking_number = $1 AND courier = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(&number)
    .bind(courier.code())
    .fetch_optional(&mut *tx)
    .await
    ?;
    let repeated = match latest {
        Some(r) => {
            r.try_get::<String, _>("status")? == event.status
                && r.try_get::<String, _>("location")? == event.location.trim()
        }
        None => false,
    };
    if !repeated {
        sqlx::query(
            "INSERT INTO delivery_events (courier, tracking_number, status, location, occurred_at, received_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(courier.code())
        .bind(&number)
        .bind(&event.status)
        .bind(event.location.trim())
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await
        ?;
    }
    let actor = format!("carrier:{}", courier.code());
    let mut delivered = Vec::new();
    let mut shops = Vec::new();
    for r in &items {
        let id: i64 = r.try_get("id")?;
        shops.push(r.try_get::<i64, _>("shop_id")?);
        let status: String = r.try_get("status")?;
        if event.status == "delivered" && status == OrderStatus::Shipped.as_str() {
            let change = ItemChange { at: Some(at), reason: Some(event.location.trim().to_owned()), ..Default::default() };
            if move_item(&mut tx, None, id, OrderAction::Deliver, &actor, &change).await?.is_ok() {
                delivered.push(id);
            }
        }
    }
    tx.commit().await?;
    state.events.publish_all(&state.db, shops, TOPIC).await;
    Ok(Json(json!({"recorded": true, "delivered_items": delivered})).into_response())
}

/// Keys for the demo channels and a tracking aggregator, written to
/// `<DATA_DIR>/demo-api-keys.json` (owner-only) for `partner-center simulate`.
pub async fn write_demo_keys(db: &Database, data_dir: &std::path::Path, base_url: &str) -> AppResult<()> {
    let mut channels = serde_json::Map::new();
    for c in Channel::ALL {
        let key = create_client(db, ClientKind::Channel, c.code(), &format!("{} (데모)", c.label_ko())).await?;
        channels.insert(c.code().to_owned(), Value::String(key));
    }
    let carrier = create_client(db, ClientKind::Carrier, "*", "배송 추적 (데모)").await?;
    let file = json!({"base_url": base_url, "channels": channels, "carrier": carrier});
    let path = data_dir.join("demo-api-keys.json");
    crate::server::config::write_private(&path, &serde_json::to_string_pretty(&file).unwrap_or_default()).map_err(|e| {
        tracing::error!(error = %e, "cannot write the demo API keys");
        AppError::internal()
    })
}
