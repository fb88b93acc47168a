//! The one error type that crosses the server-function boundary.
//!
//! Every failure a seller can meet is an [`AppError`]: a stable machine code
//! (for the API and for tests), a message in Korean that says what to do, and,
//! for form input, the field it is about. Raw database or I/O text never
//! reaches the browser; it is logged on the server instead.

use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// Stable code, e.g. `invalid_input`, `not_found`, `internal`.
    pub code: String,
    /// What the seller reads (Korean).
    pub message: String,
    /// The form field the error is about, when there is one.
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into(), field: None }
    }

    /// Input that fails validation: nothing was changed.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self { code: "invalid_input".into(), message: message.into(), field: Some(field.into()) }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new("not_found", format!("{what}을(를) 찾을 수 없습니다."))
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self.code.as_str() {
            "invalid_input" | "unknown_variant" | "invalid_period" | "period_too_long" => 422,
            "bad_request" | "invalid_token" => 400,
            "unauthorized" | "invalid_credentials" => 401,
            "forbidden" | "cross_origin" | "email_not_verified" => 403,
            "not_found" | "unknown_tracking_number" => 404,
            "conflict" | "email_taken" | "business_number_taken" | "invalid_transition" => 409,
            // Refusals of the order, claim and review flows: the state of things, not the request's shape.
            "out_of_stock" | "not_on_sale" | "idempotency_conflict" | "claim_not_allowed" | "claim_open"
            | "refund_mismatch" | "review_not_allowed" => 409,
            "too_many_requests" => 429,
            _ => 500,
        }
    }

    /// Something failed on our side; the details stay in the server log.
    pub fn internal() -> Self {
        Self::new("internal", "일시적인 오류로 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.")
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::new(
                "network",
                "서버에 연결하지 못했습니다. 네트워크 연결을 확인해 주세요.",
            ),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                Self::new("bad_request", "요청 형식이 올바르지 않습니다.")
            }
            _ => Self::internal(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        Self::internal()
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transport_failure_becomes_a_korean_network_message() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Request("refused".into()));
        assert_eq!(err.code, "network");
        assert!(err.message.contains("네트워크"));
    }

    #[test]
    fn errors_survive_the_round_trip_to_the_browser() {
        let err = AppError::invalid("name", "상점 이름을 입력해 주세요.");
        let bytes = err.ser();
        assert_eq!(AppError::de(bytes), err);
    }
}
