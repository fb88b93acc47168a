//! What a request handler or server function runs with (server only):
//! [`AppState`], reached in a server function through [`state`], and
//! [`finish`], the last step of every server function. Foundation layer:
//! start-up (which loads demo data) is the app's, in `server`.

pub mod workers;
pub mod limits;

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::*;

use crate::assets::BuildInfo;
use crate::config::Config;
use crate::db::Database;
use crate::error::AppError;

/// Everything a request handler or server function needs. Holds nothing
/// another app instance would need to see: that lives in the database.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    pub config: Arc<Config>,
    pub build: Arc<BuildInfo>,
    /// Key of the HMACs over session ids and link tokens.
    pub secret: Arc<str>,
    /// Live events to open pages, across instances.
    pub events: crate::events::EventBus,
    /// The background workers of this process, their health and shutdown.
    pub workers: workers::Workers,
    /// How much heavy work (hashing, decoding, parsing) runs at once.
    pub heavy: limits::Heavy,
    /// Requests per API key (Channel API, carrier webhook).
    pub api_limits: limits::RateLimiter,
}

/// The app state inside a server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::internal()
    })
}

/// The last step of every server function: an error is answered with its own
/// HTTP status (422 for bad input, 404, 403 …) instead of a blanket 500.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                axum::http::StatusCode::from_u16(err.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }
    result
}

