//! `GET /api/channel/v1/buyer-messages`: the messages handed to a channel
//! for its buyers (via = channel), for the channel to pass on through its
//! own messaging (알림톡, app push). Only the calling channel's messages.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::Row;

use crate::channel_api::{channel_of, ApiResult, IdFeedQuery};
use crate::context::AppState;

pub const OPENAPI: &str = include_str!("openapi.json");

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/channel/v1/buyer-messages", get(buyer_messages))
}

async fn buyer_messages(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<IdFeedQuery>,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let (cursor, limit) = q.checked(100)?;
    // Messages are settled out of order (retries, two workers). The feed
    // stops below the oldest one that may still come to this channel, so a
    // cursor never passes a message that is delivered later.
    let smtp = i64::from(state.config.smtp_url.is_some());
    let horizon: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(id) FROM buyer_outbox WHERE channel = $1 AND status IN ('pending', 'sending') \
         AND ($2 = 0 OR to_email = '')",
    )
    .bind(channel.code())
    .bind(smtp)
    .fetch_one(state.db.pool())
    .await?;
    let rows = sqlx::query(
        "SELECT o.id, o.kind, o.subject, o.body, o.to_phone, o.sent_at, i.order_no, i.channel_order_id, \
         i.channel_item_id, c.channel_claim_id, q.channel_inquiry_id FROM buyer_outbox o \
         LEFT JOIN claims c ON c.id = o.claim_id LEFT JOIN inquiries q ON q.id = o.inquiry_id \
         LEFT JOIN order_items i ON i.id = COALESCE(o.order_item_id, c.order_item_id, q.order_item_id) \
         WHERE o.channel = $1 AND o.status = 'sent' AND o.via = 'channel' AND o.id > $2 AND o.id < $3 \
         ORDER BY o.id LIMIT $4",
    )
    .bind(channel.code())
    .bind(cursor)
    .bind(horizon.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(state.db.pool())
    .await?;
    let mut next = cursor;
    let messages: Vec<Value> = rows
        .iter()
        .map(|r| {
            let s = |c: &str| r.try_get::<Option<String>, _>(c).ok().flatten().unwrap_or_default();
            let id = r.try_get::<i64, _>("id").unwrap_or_default();
            next = next.max(id);
            let sent_at = r.try_get::<i64, _>("sent_at").unwrap_or_default();
            json!({
                "id": id, "kind": s("kind"), "subject": s("subject"), "body": s("body"), "to_phone": s("to_phone"),
                "order_no": s("order_no"), "channel_order_id": s("channel_order_id"), "channel_item_id": s("channel_item_id"),
                "channel_claim_id": s("channel_claim_id"), "channel_inquiry_id": s("channel_inquiry_id"),
                "sent_at": crate::time::to_kst(sent_at).map(|t| t.to_rfc3339()).unwrap_or_default(),
            })
        })
        .collect();
    Ok(Json(json!({ "messages": messages, "next_cursor": next })).into_response())
}
