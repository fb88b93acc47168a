//! The Channel API routes of the claims area (server only): claims in,
//! withdrawals, and the feed of claim status changes.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::ssr::{self, ChannelClaim};
use crate::channel_api::{channel_of, parse_json, ApiResult};
use crate::error::AppError;
use crate::server::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/claims", post(create_claim))
        .route(
            "/api/channel/v1/claims/{channel_claim_id}/withdraw",
            post(withdraw_claim),
        )
        .route("/api/channel/v1/claim-updates", get(claim_updates))
}



async fn create_claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let claim: ChannelClaim = parse_json(&body)?;
    let (status, answer) = ssr::accept(&state, channel, claim).await?;
    Ok((
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        Json(answer),
    )
        .into_response())
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

#[derive(Debug, Deserialize)]
struct UpdatesQuery {
    cursor: Option<i64>,
    limit: Option<i64>,
}

async fn claim_updates(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<UpdatesQuery>,
) -> ApiResult {
    let channel = channel_of(&state, &headers).await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid("limit", "limit은 1~500이어야 합니다.").into());
    }
    let answer = ssr::updates(&state.db, channel, q.cursor.unwrap_or(0).max(0), limit).await?;
    Ok(Json(answer).into_response())
}
