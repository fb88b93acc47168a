//! The request's cookie and address, sessions, who is calling (`Actor`), and
//! the guards every server function starts with.

use axum::http::{header, request::Parts};
use leptos::prelude::*;
use sqlx::Row;

use crate::auth::roles::{Permission, Role};
use crate::auth::{SessionInfo, ShopMembership};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::context::{finish, state, AppState};
use crate::auth::ShopStatus;
use super::*;

// ---------------------------------------------------------------- request

pub(super) fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn cookie_value(cookie_header: &str, name: &str) -> Option<String> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

pub(super) fn session_token_from_request() -> Option<String> {
    session_token_from_headers(&request_parts()?.headers)
}

pub fn session_token_from_headers(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie_value(h, SESSION_COOKIE))
}

pub fn client_ip() -> String {
    let Some(parts) = request_parts() else { return "unknown".into() };
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub(super) fn user_agent() -> String {
    request_parts()
        .and_then(|p| p.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect()
}

pub(super) fn set_cookie(state: &AppState, value: &str, max_age_secs: i64) {
    let secure = if state.config.public_url().starts_with("https://") { "; Secure" } else { "" };
    let cookie = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(&cookie))
    {
        response.append_header(header::SET_COOKIE, value);
    }
}

// ---------------------------------------------------------------- sessions

/// Starts a session with a fresh id (never one the browser brought along)
/// and sets the cookie.
pub async fn start_session(state: &AppState, user_id: i64) -> AppResult<()> {
    if let Some(old) = session_token_from_request() {
        end_session_by_token(state, &old).await?;
    }
    let token = random_token();
    let now = now_millis();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip) \
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(token_hash(&state.secret, &token))
    .bind(user_id)
    .bind(now)
    .bind(now + SESSION_DAYS * DAY_MS)
    .bind(user_agent())
    .bind(client_ip())
    .execute(state.db.pool())
    .await?;
    set_cookie(state, &token, SESSION_DAYS * 24 * 3600);
    // The person's own language from now on, on this device too.
    set_locale_cookie(locale_of(&state.db, user_id).await?);
    Ok(())
}

pub(super) async fn end_session_by_token(state: &AppState, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(token_hash(&state.secret, token))
        .execute(state.db.pool())
        .await?;
    Ok(())
}

pub async fn end_current_session(state: &AppState) -> AppResult<()> {
    if let Some(token) = session_token_from_request() {
        end_session_by_token(state, &token).await?;
    }
    set_cookie(state, "", 0);
    Ok(())
}

/// The hash of the current request's session, if it has a live one.
pub fn current_session_hash(state: &AppState) -> Option<String> {
    session_token_from_request().map(|t| token_hash(&state.secret, &t))
}

pub async fn end_all_sessions_of(db: &Database, user_id: i64, except_hash: Option<&str>) -> AppResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(except_hash.unwrap_or(""))
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// The signed-in person of this request, with their shop and role.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub is_operator: bool,
    pub membership: Option<ShopMembership>,
}

/// A member acting in their shop, allowed the permission asked for.
#[derive(Debug, Clone)]
pub struct ShopActor {
    pub user_id: i64,
    pub email: String,
    pub shop_id: i64,
    pub role: Role,
}

pub async fn current_actor(state: &AppState) -> AppResult<Option<Actor>> {
    match session_token_from_request() {
        Some(token) => actor_for_session_token(state, &token).await,
        None => Ok(None),
    }
}

/// The person a session cookie belongs to, if the session is alive.
pub async fn actor_for_session_token(state: &AppState, token: &str) -> AppResult<Option<Actor>> {
    let hash = token_hash(&state.secret, token);
    let now = now_millis();
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at, u.email, u.name, u.is_operator FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(state.db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let user_id: i64 = row.try_get("user_id")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    // Touch the session at most every five minutes: one write, not one per request.
    if now - last_seen > 5 * MINUTE_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(state.db.pool())
            .await?;
    }
    Ok(Some(Actor {
        user_id,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        is_operator: row.try_get::<i64, _>("is_operator")? != 0,
        membership: membership_of(&state.db, user_id).await?,
    }))
}

/// The shop a person works in (the earliest membership when there are several).
pub async fn membership_of(db: &Database, user_id: i64) -> AppResult<Option<ShopMembership>> {
    let row = sqlx::query(
        "SELECT m.shop_id, m.role, s.name, s.status, s.rejection_reason FROM shop_members m \
         JOIN shops s ON s.id = m.shop_id WHERE m.user_id = $1 ORDER BY m.created_at, m.shop_id LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let role: String = row.try_get("role")?;
    let status: String = row.try_get("status")?;
    Ok(Some(ShopMembership {
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("name")?,
        role: Role::parse(&role).ok_or_else(AppError::internal)?,
        status: ShopStatus::parse(&status).ok_or_else(AppError::internal)?,
        rejection_reason: row.try_get("rejection_reason")?,
    }))
}

pub fn unauthorized() -> AppError {
    AppError::new(ErrorCode::Unauthorized, crate::i18n::msg::auth_err_unauthorized())
}

pub fn forbidden() -> AppError {
    AppError::new(ErrorCode::Forbidden, crate::i18n::msg::auth_err_forbidden())
}

pub async fn require_user(state: &AppState) -> AppResult<Actor> {
    current_actor(state).await?.ok_or_else(unauthorized)
}

/// The guard of every shop server function: signed in, a member of a shop,
/// with a role that has `permission`.
pub async fn require_shop(state: &AppState, permission: Permission) -> AppResult<ShopActor> {
    shop_actor(require_user(state).await?, permission)
}

/// [`require_shop`] for plain HTTP handlers (downloads), from the request's
/// session cookie.
pub async fn require_shop_for(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    permission: Permission,
) -> AppResult<ShopActor> {
    let token = session_token_from_headers(headers).ok_or_else(unauthorized)?;
    let actor = actor_for_session_token(state, &token).await?.ok_or_else(unauthorized)?;
    shop_actor(actor, permission)
}

pub(super) fn shop_actor(actor: Actor, permission: Permission) -> AppResult<ShopActor> {
    let membership = actor.membership.ok_or_else(forbidden)?;
    if !membership.role.can(permission) {
        return Err(forbidden());
    }
    Ok(ShopActor { user_id: actor.user_id, email: actor.email, shop_id: membership.shop_id, role: membership.role })
}

pub async fn require_operator(state: &AppState) -> AppResult<Actor> {
    let actor = require_user(state).await?;
    if !actor.is_operator {
        return Err(AppError::new(ErrorCode::Forbidden, crate::i18n::msg::auth_err_operator_only()));
    }
    Ok(actor)
}

pub fn session_info(actor: &Actor) -> SessionInfo {
    SessionInfo {
        user_id: actor.user_id,
        email: actor.email.clone(),
        name: actor.name.clone(),
        is_operator: actor.is_operator,
        shop: actor.membership.clone(),
    }
}

/// The actor for a user id (right after sign-in, before the cookie is back).
pub async fn current_actor_for(state: &AppState, user_id: i64) -> AppResult<Actor> {
    let user = user_by_id(&state.db, user_id).await?.ok_or_else(unauthorized)?;
    Ok(Actor {
        user_id: user.id,
        email: user.email,
        name: user.name,
        is_operator: user.is_operator,
        membership: membership_of(&state.db, user.id).await?,
    })
}

/// The frame of a server function for a shop's member: the state, the
/// guard for `permission`, then `run`; an error is answered with its own
/// HTTP status ([`finish`]). A server function then reads as its guard and
/// its one call.
pub async fn as_member<T>(
    permission: Permission,
    run: impl AsyncFnOnce(AppState, ShopActor) -> AppResult<T>,
) -> AppResult<T> {
    finish(
        async {
            let state = state()?;
            let actor = require_shop(&state, permission).await?;
            run(state, actor).await
        }
        .await,
    )
}

/// [`as_member`] for the operator console.
pub async fn as_operator<T>(run: impl AsyncFnOnce(AppState, Actor) -> AppResult<T>) -> AppResult<T> {
    finish(
        async {
            let state = state()?;
            let actor = require_operator(&state).await?;
            run(state, actor).await
        }
        .await,
    )
}

/// [`as_member`] for anyone signed in, shop or not (the account pages).
pub async fn as_user<T>(run: impl AsyncFnOnce(AppState, Actor) -> AppResult<T>) -> AppResult<T> {
    finish(
        async {
            let state = state()?;
            let actor = require_user(&state).await?;
            run(state, actor).await
        }
        .await,
    )
}

/// [`as_member`] for what visitors may call (sign-in, sign-up, links from
/// e-mails): the guard, if any, is the function's own.
pub async fn as_visitor<T>(run: impl AsyncFnOnce(AppState) -> AppResult<T>) -> AppResult<T> {
    finish(async { run(state()?).await }.await)
}

/// Deletes the sessions that expired before `now`; how many. Conditional
/// deletes in batches, so every instance may run it at once.
pub async fn purge_expired_sessions(db: &Database, now: i64) -> AppResult<u64> {
    let mut purged = 0;
    loop {
        let deleted = sqlx::query(
            "DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_at < $1 LIMIT $2)",
        )
        .bind(now)
        .bind(PURGE_BATCH)
        .execute(db.pool())
        .await?
        .rows_affected();
        purged += deleted;
        if (deleted as i64) < PURGE_BATCH {
            return Ok(purged);
        }
    }
}
