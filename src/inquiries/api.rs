//! The Channel API routes of 문의 (server only): inquiries in, answers out.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;

use super::ssr;
use crate::channel_api::{feed, intake, ApiResult, IdFeedQuery};
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
async fn inquiry_answers(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<IdFeedQuery>) -> ApiResult {
    feed(&state, &headers, q, ssr::answer_feed).await
}
