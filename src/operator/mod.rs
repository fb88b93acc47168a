//! The platform operator's console: the review queue of applications (입점
//! 심사) with their documents; approve, reject with a reason, suspend.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, AppError};
use crate::auth::ShopStatus;
use crate::i18n::msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub shop_id: i64,
    pub shop_name: String,
    pub representative_name: String,
    pub business_number: String,
    pub owner_email: String,
    pub status: ShopStatus,
    pub submitted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub summary: ApplicationSummary,
    pub mail_order_number: String,
    pub business_address: String,
    pub settlement_bank: String,
    pub settlement_account: String,
    pub settlement_holder: String,
    pub document_url: Option<String>,
    pub document_is_pdf: bool,
    pub rejection_reason: String,
}

/// A decision on a shop, checked against its state in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDecision {
    Approve,
    Reject,
    Suspend,
    Reinstate,
}

impl ReviewDecision {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "approve" => Some(Self::Approve),
            "reject" => Some(Self::Reject),
            "suspend" => Some(Self::Suspend),
            "reinstate" => Some(Self::Reinstate),
            _ => None,
        }
    }

    pub fn audit_action(self) -> &'static str {
        match self {
            Self::Approve | Self::Reinstate => "shop.review.approve",
            Self::Reject => "shop.review.reject",
            Self::Suspend => "shop.review.suspend",
        }
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Reject | Self::Suspend)
    }

    /// The state a shop moves to, or a refusal.
    pub fn apply(self, from: ShopStatus) -> Result<ShopStatus, AppError> {
        use ShopStatus::*;
        let to = match (self, from) {
            (Self::Approve, PendingReview) => Approved,
            (Self::Reject, PendingReview) => Rejected,
            (Self::Suspend, Approved) => Suspended,
            (Self::Reinstate, Suspended) => Approved,
            _ => {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    msg::operator_err_transition(from.label()),
                ))
            }
        };
        Ok(to)
    }
}

#[server(prefix = "/api")]
pub async fn list_applications(status: String) -> Result<Vec<ApplicationSummary>, AppError> {
    crate::auth::ssr::as_operator(async |state, _| {
        let status = match status.as_str() {
            "" | "all" => None,
            s => Some(ShopStatus::parse(s).ok_or_else(|| AppError::invalid("status", msg::operator_err_unknown_status()))?),
        };
        ssr::list(&state.db, status).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_application(shop_id: i64) -> Result<ApplicationDetail, AppError> {
    crate::auth::ssr::as_operator(async |state, _| {
        ssr::detail(&state.db, shop_id).await
    })
    .await
}

/// Approve, reject (with reason), suspend (with reason) or reinstate a shop.
#[server(prefix = "/api")]
pub async fn review_shop(shop_id: i64, decision: String, reason: String) -> Result<ShopStatus, AppError> {
    crate::auth::ssr::as_operator(async |state, operator| {
        let decision = ReviewDecision::parse(&decision)
            .ok_or_else(|| AppError::invalid("decision", msg::operator_err_decision_required()))?;
        let reason = reason.trim();
        if decision.needs_reason() && reason.is_empty() {
            return Err(AppError::invalid("reason", msg::operator_err_reason_required()));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::invalid("reason", msg::operator_err_reason_too_long()));
        }
        ssr::decide(&state, &operator, shop_id, decision, reason).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::ReviewDecision::*;
    use crate::auth::ShopStatus::*;

    #[test]
    fn only_pending_applications_are_approved_or_rejected() {
        assert_eq!(Approve.apply(PendingReview).unwrap(), Approved);
        assert_eq!(Reject.apply(PendingReview).unwrap(), Rejected);
        assert!(Approve.apply(Rejected).is_err());
        assert!(Reject.apply(Approved).is_err());
    }

    #[test]
    fn only_approved_shops_are_suspended_and_only_suspended_ones_reinstated() {
        assert_eq!(Suspend.apply(Approved).unwrap(), Suspended);
        assert_eq!(Reinstate.apply(Suspended).unwrap(), Approved);
        assert!(Suspend.apply(PendingReview).is_err());
        assert!(Reinstate.apply(Approved).is_err());
    }
}
