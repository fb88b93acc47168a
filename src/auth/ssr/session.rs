//! The request's cookie and address, sessions, who is calling (`Actor`), and
//! the guards every server function starts with.

use std::net::IpAddr;

use axum::http::{header, request::Parts};
use leptos::prelude::*;
use sqlx::Row;

use crate::auth::roles::{Permission, Role};
use crate::auth::{SessionInfo, ShopMembership};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::config::Config;
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

pub(super) fn session_token_from_request(state: &AppState) -> Option<String> {
    session_token_of(state, &request_parts()?.headers)
}

/// A value of the request's cookie `name`.
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|h| cookie_value(h, name))
}

/// Whether the request carries a session cookie of either name (a hint for
/// what to render; [`session_token_of`] is what signs anyone in).
pub fn session_token_from_headers(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie_in(headers, SESSION_COOKIE_HTTPS).or_else(|| cookie_in(headers, SESSION_COOKIE))
}

/// The session cookie under the one name this app sets: over https only the
/// `__Host-` one, which no sibling subdomain and no plain-http answer can
/// have planted.
pub fn session_token_of(state: &AppState, headers: &axum::http::HeaderMap) -> Option<String> {
    cookie_in(headers, session_cookie_name(state))
}

pub fn is_https(state: &AppState) -> bool {
    state.config.public_url().starts_with("https://")
}

/// `__Host-pc_session` over https (the browser then insists on Secure,
/// Path=/ and no Domain), `pc_session` over plain http, where browsers
/// refuse the prefix.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if is_https(state) { SESSION_COOKIE_HTTPS } else { SESSION_COOKIE }
}

/// The caller's address: the peer's, or behind a trusted proxy (the
/// `TRUSTED_PROXIES` setting) the one its `X-Forwarded-For` names.
pub fn client_ip() -> String {
    let Some(parts) = request_parts() else { return "unknown".into() };
    let Some(peer) = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()) else {
        return "unknown".into();
    };
    match use_context::<AppState>() {
        Some(state) => client_addr(&state.config, peer, &parts.headers).to_string(),
        None => peer.to_string(),
    }
}

/// Each proxy appends the address it got the request from to
/// `X-Forwarded-For`, so it is read from the right: the first address that
/// is not one of our proxies is the client. What stands left of it is what
/// the client itself wrote, and is never believed; nor is the header at all
/// when the peer is not a trusted proxy.
pub fn client_addr(config: &Config, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
    if !config.is_trusted_proxy(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else { break };
        client = ip;
        if !config.is_trusted_proxy(ip) {
            break;
        }
    }
    client
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
    append_cookie(state, session_cookie_name(state), value, max_age_secs);
}

/// Sets an HttpOnly, SameSite=Lax cookie for the whole site on the current
/// server function's response; Secure over https.
pub(super) fn append_cookie(state: &AppState, name: &str, value: &str, max_age_secs: i64) {
    let secure = if is_https(state) { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
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
    if let Some(old) = session_token_from_request(state) {
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
    if let Some(token) = session_token_from_request(state) {
        end_session_by_token(state, &token).await?;
    }
    set_cookie(state, "", 0);
    Ok(())
}

/// The hash of the current request's session, if it has a live one.
pub fn current_session_hash(state: &AppState) -> Option<String> {
    session_token_from_request(state).map(|t| token_hash(&state.secret, &t))
}

pub async fn end_all_sessions_of(db: &Database, user_id: i64, except_hash: Option<&str>) -> AppResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(except_hash.unwrap_or(""))
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// After a password change: every session of the person ends, this one
/// included, and this browser gets a fresh one (an id someone saw before the
/// change is worth nothing after it); reset links mailed before are void.
pub async fn rotate_after_password_change(state: &AppState, user_id: i64) -> AppResult<()> {
    end_all_sessions_of(&state.db, user_id, None).await?;
    let mut conn = state.db.pool().acquire().await?;
    void_reset_links(&mut *conn, user_id).await?;
    drop(conn);
    start_session(state, user_id).await
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
    match session_token_from_request(state) {
        Some(token) => actor_for_session_token(state, &token).await,
        None => Ok(None),
    }
}

/// How long a session lives without a request (`SESSION_IDLE_HOURS`).
pub fn session_idle_ms(state: &AppState) -> i64 {
    i64::from(state.config.session_idle_hours.max(1)) * 60 * MINUTE_MS
}

/// The person a session cookie belongs to, if the session is alive: within
/// its 30 days, and used within the idle limit.
pub async fn actor_for_session_token(state: &AppState, token: &str) -> AppResult<Option<Actor>> {
    let hash = token_hash(&state.secret, token);
    let now = now_millis();
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at, u.email, u.name, u.is_operator FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
    )
    .bind(&hash)
    .bind(now)
    .bind(now - session_idle_ms(state))
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
    let token = session_token_of(state, headers).ok_or_else(unauthorized)?;
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
    Ok(crate::db::delete_in_batches(db, "DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_at < $1 LIMIT $2)", now).await?)
}
