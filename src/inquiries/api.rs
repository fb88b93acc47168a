//! The Channel API routes of 문의 (server only): inquiries in, answers out.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::ssr::{self};
use crate::channel_api::{ApiResult, channel_of, IdFeedQuery, intake};
use crate::context::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/inquiries", post(create_inquiry))
        .route("/api/channel/v1/inquiry-answers", get(inquiry_answers))
}

async fn create_inquiry(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    intake(&state, &headers, &body, ssr::accept).await
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
