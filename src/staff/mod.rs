//! 직원 관리: the owner invites people by e-mail with a role, changes roles
//! and revokes access; an invited person joins through the mailed link.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::{Permission, Role};
use crate::auth::SessionInfo;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: String,
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    /// Opaque handle (the stored hash, never the link's token).
    pub id: String,
    pub email: String,
    pub role: Role,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOverview {
    pub members: Vec<Member>,
    pub invitations: Vec<PendingInvitation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub shop_name: String,
    pub email: String,
    pub role: Role,
    /// The address already has an account: joining asks for its password.
    pub has_account: bool,
}

pub fn parse_invitable_role(role: &str) -> Result<Role, AppError> {
    Role::parse(role)
        .filter(|r| Role::INVITABLE.contains(r))
        .ok_or_else(|| AppError::invalid("role", crate::i18n::msg::staff_err_pick_role()))
}

#[server(prefix = "/api")]
pub async fn list_staff() -> Result<StaffOverview, AppError> {
    crate::auth::ssr::as_member(Permission::Staff, async |state, actor| {
        ssr::overview(&state, &actor).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn invite_staff(email: String, role: String) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Staff, async |state, actor| {
        let email = crate::auth::Email::parse(&email)?;
        let role = parse_invitable_role(&role)?;
        ssr::invite(&state, &actor, &email, role).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn cancel_invitation(id: String) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Staff, async |state, actor| {
        ssr::cancel_invitation(&state, &actor, &id).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn change_staff_role(user_id: i64, role: String) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Staff, async |state, actor| {
        let role = parse_invitable_role(&role)?;
        ssr::change_role(&state, &actor, user_id, role).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn revoke_staff(user_id: i64) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Staff, async |state, actor| {
        ssr::revoke(&state, &actor, user_id).await
    })
    .await
}

/// What an invitation link offers (no sign-in needed: the link is the key).
#[server(prefix = "/api")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        ssr::invitation(&state, &token).await
    })
    .await
}

/// Joins the shop: creates the account (or checks the existing one's
/// password) and signs in.
#[server(prefix = "/api")]
pub async fn accept_invitation(
    token: String,
    name: String,
    password: String,
    password_confirm: String,
) -> Result<SessionInfo, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        ssr::accept(&state, &token, &name, &password, &password_confirm).await
    })
    .await
}
