//! The Channel API routes of the claims area (server only): claims in,
//! withdrawals, and the feed of claim status changes.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};

use super::ssr;
use crate::channel_api::{channel_of, feed, intake, ApiResult, IdFeedQuery};
use crate::context::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/claims", post(create_claim))
        .route(
            "/api/channel/v1/claims/{channel_claim_id}/withdraw",
            post(withdraw_claim),
        )
        .route("/api/channel/v1/claim-updates", get(claim_updates))
}



async fn create_claim(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> ApiResult {
    intake(&state, &headers, &body, ssr::accept).await
}

async fn withdraw_claim(
    State(state): State<AppState>,
    Path(channel_claim_id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let answer = ssr::withdraw(&state, channel, &channel_claim_id).await?;
    Ok(Json(answer).into_response())
}

async fn claim_updates(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<IdFeedQuery>) -> ApiResult {
    feed(&state, &headers, q, ssr::updates).await
}
