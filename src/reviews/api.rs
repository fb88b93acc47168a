//! The Channel API routes of 리뷰 (server only).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;

use super::ssr;
use crate::channel_api::{intake, ApiResult};
use crate::context::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/channel/v1/reviews", post(create_review))
}

async fn create_review(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    intake(&state, &headers, &body, ssr::accept).await
}
