//! The Channel API routes of 문의 (server only): inquiries in, answers out.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::ssr::{self, ChannelInquiry};
use crate::channel_api::{channel_of, parse_json, ApiResult, IdFeedQuery};
use crate::context::AppState;

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

/// Answers (and edits of answers) of the caller's inquiries, oldest first.
async fn inquiry_answers(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<IdFeedQuery>,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let (cursor, limit) = q.checked(100)?;
    Ok(Json(ssr::answer_feed(&state.db, channel, cursor, limit).await?).into_response())
}
