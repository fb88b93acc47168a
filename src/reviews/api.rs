//! The Channel API routes of 리뷰 (server only).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};

use super::ssr::{self, ChannelReview};
use crate::channel_api::{channel_of, parse_json, ApiError};
use crate::context::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/channel/v1/reviews", post(create_review))
}

async fn create_review(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let result = async {
        let channel = channel_of(&state, &headers).await?;
        let request: ChannelReview = parse_json(&body)?;
        ssr::accept(&state, channel, request).await
    }
    .await;
    match result {
        Ok((status, answer)) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            Json(answer),
        )
            .into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}
