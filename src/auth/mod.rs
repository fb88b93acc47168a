//! Identity: who is signed in, their shop and role, and what a role may do
//! (`roles`); on the server, sessions, guards and tokens (`ssr`). Every area
//! stands on it; it imports no area.

pub mod password;
pub mod roles;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use roles::{Permission, Role};

/// The signed-in person as the interface needs them. No secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub is_operator: bool,
    pub shop: Option<ShopMembership>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopMembership {
    pub shop_id: i64,
    pub shop_name: String,
    pub role: Role,
    pub status: ShopStatus,
    pub rejection_reason: String,
}

impl SessionInfo {
    /// Whether the interface should offer an area (the server decides anyway).
    pub fn can(&self, permission: Permission) -> bool {
        self.shop.as_ref().is_some_and(|s| s.role.can(permission))
    }
}

/// Review state of a shop (입점 심사).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShopStatus {
    PendingReview,
    Approved,
    Rejected,
    Suspended,
}

impl ShopStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingReview => "pending_review",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending_review" => Some(Self::PendingReview),
            "approved" => Some(Self::Approved),
            "rejected" => Some(Self::Rejected),
            "suspended" => Some(Self::Suspended),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PendingReview => msg::auth_shop_status_pending_review(),
            Self::Approved => msg::auth_shop_status_approved(),
            Self::Rejected => msg::auth_shop_status_rejected(),
            Self::Suspended => msg::auth_shop_status_suspended(),
        }
    }
}

/// An e-mail address, trimmed and lower-cased (one account per address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> AppResult<Self> {
        let email = input.trim().to_lowercase();
        let bad = || AppError::invalid("email", msg::auth_err_email_format());
        if email.is_empty() {
            return Err(AppError::invalid("email", msg::auth_err_email_required()));
        }
        let (local, domain) = email.split_once('@').ok_or_else(bad)?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && email.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@')
            && email.chars().all(|c| c.is_ascii_graphic());
        if !ok {
            return Err(bad());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The person using a page inside the shell (always signed in there).
pub fn use_session() -> SessionInfo {
    expect_context::<SessionInfo>()
}
