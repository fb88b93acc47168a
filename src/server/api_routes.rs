//! The Channel API and carrier webhook assembled (app layer): each area's
//! routes (`orders::api`, `claims::api` …) under one router, and the one
//! OpenAPI document made of `channel_api/openapi.json` and the fragments each
//! area keeps beside its handlers.

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use crate::context::AppState;

pub const OPENAPI: &str = include_str!("../channel_api/openapi.json");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/channel/v1/openapi.json", get(openapi))
        .merge(crate::orders::api::routes())
        .merge(crate::products::api::routes())
        .merge(crate::claims::api::routes())
        .merge(crate::inquiries::api::routes())
        .merge(crate::reviews::api::routes())
        .merge(crate::outbox::api::routes())
        .merge(crate::promotions::api::routes())
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
        include_str!("../promotions/openapi.json"),
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

async fn openapi() -> Response {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(|| openapi_document().to_string());
    ([(axum::http::header::CONTENT_TYPE, "application/json")], doc.as_str()).into_response()
}
