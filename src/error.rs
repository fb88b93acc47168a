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
    /// Too much heavy work (hashing, decoding, parsing) is running at once:
    /// answered 503 with `Retry-After`, nothing changed.
    Busy,
    /// A signed request (the carrier webhook) whose signature, timestamp or
    /// nonce does not hold.
    InvalidSignature,
    /// The (courier, waybill) pair already ships another open parcel.
    WaybillTaken,
    /// No such coupon in this shop (or the code is ambiguous across the order's shops).
    CouponUnknown,
    /// The coupon's period has not started or is over, or it was ended early.
    CouponNotActive,
    /// The seller paused the coupon.
    CouponPaused,
    /// The coupon's total issuance limit is used up.
    CouponExhausted,
    /// The buyer already used the coupon as often as allowed.
    CouponBuyerLimit,
    /// The coupon does not apply to the item's product.
    CouponOutOfScope,
    /// The order is below the coupon's minimum order amount.
    CouponBelowMinimum,
    /// The unit price is below the price in force at payment (a period discount or campaign price outside its period).
    PriceNotInForce,
    /// Another period discount of the product overlaps this period.
    PeriodOverlap,
}

impl ErrorCode {
    /// Every code, for tests and catalogues.
    pub const ALL: [ErrorCode; 40] = [
        Self::InvalidInput, Self::UnknownVariant, Self::InvalidPeriod, Self::PeriodTooLong, Self::BadRequest,
        Self::InvalidToken, Self::Unauthorized, Self::InvalidCredentials, Self::Forbidden, Self::CrossOrigin,
        Self::EmailNotVerified, Self::NotFound, Self::UnknownTrackingNumber, Self::Conflict, Self::EmailTaken,
        Self::BusinessNumberTaken, Self::InvalidTransition, Self::OutOfStock, Self::NotOnSale,
        Self::IdempotencyConflict, Self::ClaimNotAllowed, Self::ClaimOpen, Self::RefundMismatch,
        Self::ReviewNotAllowed, Self::TooManyRequests, Self::Network, Self::Internal, Self::FontMissing, Self::Busy,
        Self::InvalidSignature, Self::WaybillTaken,
        Self::CouponUnknown, Self::CouponNotActive, Self::CouponPaused, Self::CouponExhausted, Self::CouponBuyerLimit, Self::CouponOutOfScope, Self::CouponBelowMinimum, Self::PriceNotInForce, Self::PeriodOverlap,
    ];

    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            InvalidInput | UnknownVariant | InvalidPeriod | PeriodTooLong => 422,
            BadRequest | InvalidToken => 400,
            Unauthorized | InvalidCredentials | InvalidSignature => 401,
            Forbidden | CrossOrigin | EmailNotVerified => 403,
            NotFound | UnknownTrackingNumber => 404,
            Conflict | EmailTaken | BusinessNumberTaken | InvalidTransition | WaybillTaken => 409,
            // Refusals of the order, claim and review flows: the state of things, not the request's shape.
            OutOfStock | NotOnSale | IdempotencyConflict | ClaimNotAllowed | ClaimOpen | RefundMismatch
            | ReviewNotAllowed => 409,
            // Refusals of a coupon or a price at intake, and of a period discount.
            CouponUnknown | CouponNotActive | CouponPaused | CouponExhausted | CouponBuyerLimit | CouponOutOfScope | CouponBelowMinimum | PriceNotInForce | PeriodOverlap => 409,
            TooManyRequests => 429,
            Network | Internal | FontMissing => 500,
            Busy => 503,
        }
    }

    /// The generic message of the code in the reader's language (the API's
    /// `message` when nothing more specific is said).
    pub fn message(self) -> &'static str {
        use crate::i18n::msg;
        use ErrorCode::*;
        match self {
            InvalidInput => msg::error_code_invalid_input(),
            UnknownVariant => msg::error_code_unknown_variant(),
            InvalidPeriod => msg::error_code_invalid_period(),
            PeriodTooLong => msg::error_code_period_too_long(),
            BadRequest => msg::error_code_bad_request(),
            InvalidToken => msg::error_code_invalid_token(),
            Unauthorized => msg::error_code_unauthorized(),
            InvalidCredentials => msg::error_code_invalid_credentials(),
            Forbidden => msg::error_code_forbidden(),
            CrossOrigin => msg::error_code_cross_origin(),
            EmailNotVerified => msg::error_code_email_not_verified(),
            NotFound => msg::error_code_not_found(),
            UnknownTrackingNumber => msg::error_code_unknown_tracking_number(),
            Conflict => msg::error_code_conflict(),
            EmailTaken => msg::error_code_email_taken(),
            BusinessNumberTaken => msg::error_code_business_number_taken(),
            InvalidTransition => msg::error_code_invalid_transition(),
            OutOfStock => msg::error_code_out_of_stock(),
            NotOnSale => msg::error_code_not_on_sale(),
            IdempotencyConflict => msg::error_code_idempotency_conflict(),
            ClaimNotAllowed => msg::error_code_claim_not_allowed(),
            ClaimOpen => msg::error_code_claim_open(),
            RefundMismatch => msg::error_code_refund_mismatch(),
            ReviewNotAllowed => msg::error_code_review_not_allowed(),
            TooManyRequests => msg::error_code_too_many_requests(),
            Network => msg::error_code_network(),
            Internal => msg::error_code_internal(),
            FontMissing => msg::error_code_font_missing(),
            Busy => msg::error_code_busy(),
            InvalidSignature => msg::error_code_invalid_signature(),
            WaybillTaken => msg::error_code_waybill_taken(),
            CouponUnknown => msg::error_code_coupon_unknown(),
            CouponNotActive => msg::error_code_coupon_not_active(),
            CouponPaused => msg::error_code_coupon_paused(),
            CouponExhausted => msg::error_code_coupon_exhausted(),
            CouponBuyerLimit => msg::error_code_coupon_buyer_limit(),
            CouponOutOfScope => msg::error_code_coupon_out_of_scope(),
            CouponBelowMinimum => msg::error_code_coupon_below_minimum(),
            PriceNotInForce => msg::error_code_price_not_in_force(),
            PeriodOverlap => msg::error_code_period_overlap(),
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
            Busy => "busy",
            InvalidSignature => "invalid_signature",
            WaybillTaken => "waybill_taken",
            CouponUnknown => "coupon_unknown",
            CouponNotActive => "coupon_not_active",
            CouponPaused => "coupon_paused",
            CouponExhausted => "coupon_exhausted",
            CouponBuyerLimit => "coupon_buyer_limit",
            CouponOutOfScope => "coupon_out_of_scope",
            CouponBelowMinimum => "coupon_below_minimum",
            PriceNotInForce => "price_not_in_force",
            PeriodOverlap => "period_overlap",
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
    /// What the seller reads, in the language of the request it answers.
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
        Self::new(ErrorCode::NotFound, crate::i18n::msg::error_not_found_thing(what))
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// Something failed on our side; the details stay in the server log.
    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, crate::i18n::msg::error_internal())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                Self::new(ErrorCode::Network, crate::i18n::msg::error_network())
            }
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                Self::new(ErrorCode::BadRequest, crate::i18n::msg::error_bad_request())
            }
            _ => Self::internal(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A database trigger that refuses a change raises the stable code of the
    /// refusal as its message (a coupon used up at the commit, say: migration
    /// 0017): that refusal, with its code's message. Anything else is ours.
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(e) = &err {
            let refused = ErrorCode::ALL.into_iter().find(|c| c.status() == 409 && e.message() == c.as_str());
            if let Some(code) = refused {
                return Self::new(code, code.message());
            }
        }
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

    /// Every code the API answers with has its message in both languages:
    /// Korean in Hangul, English without it, and not the same text.
    #[test]
    fn every_code_has_a_korean_and_an_english_message() {
        use crate::i18n::{with_locale, Locale};
        let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        for code in ErrorCode::ALL {
            let ko = with_locale(Locale::Ko, || code.message());
            let en = with_locale(Locale::En, || code.message());
            assert!(hangul(ko), "{code}: Korean message {ko:?}");
            assert!(!en.is_empty() && !hangul(en), "{code}: English message {en:?}");
            assert_ne!(ko, en, "{code}");
        }
        let en = with_locale(Locale::En, || AppError::from_server_fn_error(ServerFnErrorErr::Request("x".into())));
        assert!(en.message.contains("network"), "{}", en.message);
    }
}
