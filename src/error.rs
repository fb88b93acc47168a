//! The one error type that crosses the server-function boundary.
//!
//! Every failure a seller can meet is an [`AppError`]: a stable machine code
//! (for the API and for tests), a message in Korean that says what to do, and,
//! for form input, the field it is about. Raw database or I/O text never
//! reaches the browser; it is logged on the server instead.

use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// The stable machine code of an error: serialised in snake_case (the
/// strings the Channel API, the browser and the tests read), and answered
/// with the HTTP status [`ErrorCode::status`] gives it — a `match` the
/// compiler checks, so a new code cannot fall back to 500 unnoticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input that fails validation, usually about one field.
    InvalidInput,
    UnknownVariant,
    InvalidPeriod,
    PeriodTooLong,
    /// A request whose shape is wrong (not JSON, missing header …).
    BadRequest,
    InvalidToken,
    Unauthorized,
    InvalidCredentials,
    Forbidden,
    CrossOrigin,
    EmailNotVerified,
    NotFound,
    UnknownTrackingNumber,
    /// The state of things refuses the change (a stale edit, a taken name …).
    Conflict,
    EmailTaken,
    BusinessNumberTaken,
    InvalidTransition,
    OutOfStock,
    NotOnSale,
    IdempotencyConflict,
    ClaimNotAllowed,
    ClaimOpen,
    RefundMismatch,
    ReviewNotAllowed,
    TooManyRequests,
    /// The browser could not reach the server (made on the client only).
    Network,
    /// Something failed on our side; details are in the server log.
    Internal,
    /// The server cannot make a PDF: no Korean font installed.
    FontMissing,
}

impl ErrorCode {
    /// Every code, for tests and catalogues.
    pub const ALL: [ErrorCode; 28] = [
        Self::InvalidInput, Self::UnknownVariant, Self::InvalidPeriod, Self::PeriodTooLong, Self::BadRequest,
        Self::InvalidToken, Self::Unauthorized, Self::InvalidCredentials, Self::Forbidden, Self::CrossOrigin,
        Self::EmailNotVerified, Self::NotFound, Self::UnknownTrackingNumber, Self::Conflict, Self::EmailTaken,
        Self::BusinessNumberTaken, Self::InvalidTransition, Self::OutOfStock, Self::NotOnSale,
        Self::IdempotencyConflict, Self::ClaimNotAllowed, Self::ClaimOpen, Self::RefundMismatch,
        Self::ReviewNotAllowed, Self::TooManyRequests, Self::Network, Self::Internal, Self::FontMissing,
    ];

    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            InvalidInput | UnknownVariant | InvalidPeriod | PeriodTooLong => 422,
            BadRequest | InvalidToken => 400,
            Unauthorized | InvalidCredentials => 401,
            Forbidden | CrossOrigin | EmailNotVerified => 403,
            NotFound | UnknownTrackingNumber => 404,
            Conflict | EmailTaken | BusinessNumberTaken | InvalidTransition => 409,
            // Refusals of the order, claim and review flows: the state of things, not the request's shape.
            OutOfStock | NotOnSale | IdempotencyConflict | ClaimNotAllowed | ClaimOpen | RefundMismatch
            | ReviewNotAllowed => 409,
            TooManyRequests => 429,
            Network | Internal | FontMissing => 500,
        }
    }

    /// The snake_case string, as serialised.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidInput => "invalid_input",
            UnknownVariant => "unknown_variant",
            InvalidPeriod => "invalid_period",
            PeriodTooLong => "period_too_long",
            BadRequest => "bad_request",
            InvalidToken => "invalid_token",
            Unauthorized => "unauthorized",
            InvalidCredentials => "invalid_credentials",
            Forbidden => "forbidden",
            CrossOrigin => "cross_origin",
            EmailNotVerified => "email_not_verified",
            NotFound => "not_found",
            UnknownTrackingNumber => "unknown_tracking_number",
            Conflict => "conflict",
            EmailTaken => "email_taken",
            BusinessNumberTaken => "business_number_taken",
            InvalidTransition => "invalid_transition",
            OutOfStock => "out_of_stock",
            NotOnSale => "not_on_sale",
            IdempotencyConflict => "idempotency_conflict",
            ClaimNotAllowed => "claim_not_allowed",
            ClaimOpen => "claim_open",
            RefundMismatch => "refund_mismatch",
            ReviewNotAllowed => "review_not_allowed",
            TooManyRequests => "too_many_requests",
            Network => "network",
            Internal => "internal",
            FontMissing => "font_missing",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and pages compare a code with its string: `err.code == "not_found"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// Stable code, e.g. `invalid_input`, `not_found`, `internal`.
    pub code: ErrorCode,
    /// What the seller reads (Korean).
    pub message: String,
    /// The form field the error is about, when there is one.
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    /// Input that fails validation: nothing was changed.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message).on(field)
    }

    /// The same error, about form field `field`.
    pub fn on(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what}을(를) 찾을 수 없습니다."))
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// Something failed on our side; the details stay in the server log.
    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, "일시적인 오류로 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.")
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::new(
                ErrorCode::Network,
                "서버에 연결하지 못했습니다. 네트워크 연결을 확인해 주세요.",
            ),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                Self::new(ErrorCode::BadRequest, "요청 형식이 올바르지 않습니다.")
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

    #[test]
    fn every_code_serialises_as_its_string() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
            assert_eq!(serde_json::from_value::<ErrorCode>(serde_json::json!(code.as_str())).unwrap(), code);
        }
        let json = serde_json::to_value(AppError::not_found("주문")).unwrap();
        assert_eq!(json["code"], "not_found");
    }
}
