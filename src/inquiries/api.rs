//! The Channel API routes of 문의 (server only): inquiries in, answers out.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::ssr::{self, ChannelInquiry};
use crate::channel_api::{channel_of, parse_json, ApiResult};
use crate::error::AppError;
use crate::server::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/inquiries", post(create_inquiry))
        .route("/api/channel/v1/inquiry-answers", get(inquiry_answers))
}

async fn create_inquiry(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let request: ChannelInquiry = parse_json(&body)?;
    let (status, answer) = ssr::accept(&state, channel, request).await?;
    Ok((
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        Json(answer),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
struct FeedQuery {
    cursor: Option<String>,
    limit: Option<i64>,
}

/// Answers (and edits of answers) of the caller's inquiries, oldest first.
async fn inquiry_answers(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid("limit", "limit은 1~500이어야 합니다.").into());
    }
    let cursor: i64 = match q.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c
            .parse()
            .ok()
            .filter(|n: &i64| *n >= 0)
            .ok_or_else(|| AppError::invalid("cursor", "cursor가 올바르지 않습니다."))?,
    };
    Ok(Json(ssr::answer_feed(&state.db, channel, cursor, limit).await?).into_response())
}
