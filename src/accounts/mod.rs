//! Accounts: partner sign-up with business verification, e-mail
//! verification, sign-in, sessions, passwords, the payout account, and the
//! application a rejected shop fixes and resubmits.

pub mod language;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod validate;

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::auth::SessionInfo;
pub use language::{set_language, use_language_switch, LanguageSwitch, SetLanguage};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub current: bool,
    pub created_at: String,
    pub last_seen_at: String,
    pub user_agent: String,
    pub ip: String,
}

/// The signed-in person, or `None`. Never an error for a visitor.
#[server(prefix = "/api")]
pub async fn get_session() -> Result<Option<SessionInfo>, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        Ok(crate::auth::ssr::current_actor(&state).await?.as_ref().map(crate::auth::ssr::session_info))
    })
    .await
}

#[server(prefix = "/api")]
pub async fn login(email: String, password: String) -> Result<SessionInfo, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        let actor = ssr::login(&state, &email, &password).await?;
        Ok(crate::auth::ssr::session_info(&actor))
    })
    .await
}

/// The link of the mail a locked account's owner gets: unlocks sign-in and
/// remembers this browser as theirs. Returns the account's address.
#[server(prefix = "/api")]
pub async fn unlock_login(token: String) -> Result<String, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        crate::auth::ssr::unlock_login(&state, &token).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn logout() -> Result<(), AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        crate::auth::ssr::end_current_session(&state).await
    })
    .await
}

/// 파트너 회원가입: the whole application in one multipart form, with the
/// 사업자등록증 file. Returns the address the verification mail went to.
#[server(prefix = "/api", input = MultipartFormData)]
pub async fn signup(data: MultipartData) -> Result<String, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        let form = ssr::read_form(data).await?;
        ssr::signup(&state, &form).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn verify_email(token: String) -> Result<String, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        ssr::verify_email(&state, &token).await
    })
    .await
}

/// Sends a new verification link. Answers the same whether or not the
/// address has an account, so it reveals nothing.
#[server(prefix = "/api")]
pub async fn resend_verification(email: String) -> Result<(), AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        ssr::resend_verification(&state, &email).await
    })
    .await
}

/// 비밀번호 찾기: mails a reset link; the same answer for unknown addresses.
#[server(prefix = "/api")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        ssr::forgot_password(&state, &email).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn reset_password(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        ssr::reset_password(&state, &token, &password, &password_confirm).await
    })
    .await
}

/// Changes the password and signs out every other device.
#[server(prefix = "/api")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    crate::auth::ssr::as_user(async |state, actor| {
        ssr::change_password(&state, &actor, &current_password, &password, &password_confirm).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    crate::auth::ssr::as_user(async |state, actor| {
        ssr::list_sessions(&state, actor.user_id).await
    })
    .await
}

/// 다른 기기 모두 로그아웃. Returns how many sessions ended.
#[server(prefix = "/api")]
pub async fn logout_other_sessions() -> Result<u64, AppError> {
    crate::auth::ssr::as_user(async |state, actor| {
        let current = crate::auth::ssr::current_session_hash(&state);
        crate::auth::ssr::end_all_sessions_of(&state.db, actor.user_id, current.as_deref()).await
    })
    .await
}

/// A rejected shop fixes its application and sends it for review again.
#[server(prefix = "/api", input = MultipartFormData)]
pub async fn resubmit_application(data: MultipartData) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Staff, async |state, actor| {
        let form = ssr::read_form(data).await?;
        ssr::resubmit(&state, &actor, &form).await
    })
    .await
}
