//! Accounts on the server: password hashing, sessions, one-time tokens,
//! login throttling, and the guards every server function starts with.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::http::{header, request::Parts};
use hmac::{Hmac, Mac};
use leptos::prelude::*;
use sha2::Sha256;
use sqlx::Row;

use super::roles::{Permission, Role};
use super::validate::Email;
use super::{SessionInfo, ShopMembership};
use crate::error::{AppError, AppResult};
use crate::server::db::{now_millis, Database};
use crate::server::AppState;
use crate::shop::ShopStatus;

pub const SESSION_COOKIE: &str = "pc_session";
pub const SESSION_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 3600 * 1000;
const MINUTE_MS: i64 = 60 * 1000;

/// Login throttling: failures counted in a sliding window, per account and per
/// address, in the database so that every app instance sees them.
pub const THROTTLE_WINDOW_MS: i64 = 15 * MINUTE_MS;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 30;

// ---------------------------------------------------------------- crypto

pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::internal())?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::internal()
    })
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let password = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash nobody's password matches, verified when the account does not exist
/// so that a wrong e-mail takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zy6yJ4B5Tq7bC0Ro7GcRrxJ3wQz5kqJQK2tpFz9Uj3A";

/// 32 random bytes, hex: session ids and link tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the OS has randomness");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the database keeps of a session id or link token: its HMAC under the
/// app's secret. A copy of the database alone opens no session and no link.
pub fn token_hash(secret: &str, token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(token.as_bytes());
    hex(&mac.finalize().into_bytes())
}

// ---------------------------------------------------------------- request

fn request_parts() -> Option<Parts> {
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

fn session_token_from_request() -> Option<String> {
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

fn user_agent() -> String {
    request_parts()
        .and_then(|p| p.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect()
}

fn set_cookie(state: &AppState, value: &str, max_age_secs: i64) {
    let secure = if state.config.public_url().starts_with("https://") { "; Secure" } else { "" };
    let cookie = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(&cookie))
    {
        response.append_header(header::SET_COOKIE, value);
    }
}

// ---------------------------------------------------------------- users

pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub email_verified: bool,
    pub is_operator: bool,
}

pub async fn user_by_email(db: &Database, email: &Email) -> AppResult<Option<UserRow>> {
    let row = sqlx::query(
        "SELECT id, email, name, password_hash, email_verified_at, is_operator FROM users WHERE email = $1",
    )
    .bind(email.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| user_from_row(&r)).transpose()
}

pub async fn user_by_id(db: &Database, id: i64) -> AppResult<Option<UserRow>> {
    let row = sqlx::query(
        "SELECT id, email, name, password_hash, email_verified_at, is_operator FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| user_from_row(&r)).transpose()
}

fn user_from_row(r: &sqlx::any::AnyRow) -> AppResult<UserRow> {
    Ok(UserRow {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        password_hash: r.try_get("password_hash")?,
        email_verified: r.try_get::<i64, _>("email_verified_at")? > 0,
        is_operator: r.try_get::<i64, _>("is_operator")? != 0,
    })
}

/// Inserts a user; a second account for one address is refused in Korean.
pub async fn insert_user<'c>(
    conn: &mut sqlx::AnyConnection,
    email: &Email,
    name: &str,
    password_hash: &str,
    verified: bool,
    operator: bool,
) -> AppResult<i64> {
    let now = now_millis();
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email.as_str()).fetch_optional(&mut *conn).await?;
    if taken.is_some() {
        return Err(duplicate_email());
    }
    let row = sqlx::query(
        "INSERT INTO users (email, name, password_hash, email_verified_at, is_operator, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(email.as_str())
    .bind(name)
    .bind(password_hash)
    .bind(if verified { now } else { 0 })
    .bind(i64::from(operator))
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| if is_unique_violation(&e) { duplicate_email() } else { e.into() })?;
    Ok(row.try_get("id")?)
}

pub fn duplicate_email() -> AppError {
    AppError { code: "email_taken".into(), message: "이미 가입된 이메일 주소입니다. 로그인하거나 비밀번호 찾기를 이용해 주세요.".into(), field: Some("email".into()) }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

pub async fn set_password(db: &Database, user_id: i64, password: &str) -> AppResult<()> {
    let hash = hash_password(password).await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_millis())
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
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
    Ok(())
}

async fn end_session_by_token(state: &AppState, token: &str) -> AppResult<()> {
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
    AppError::new("unauthorized", "로그인이 필요합니다. 다시 로그인해 주세요.")
}

pub fn forbidden() -> AppError {
    AppError::new("forbidden", "이 기능을 사용할 권한이 없습니다. 대표 관리자에게 문의해 주세요.")
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

fn shop_actor(actor: Actor, permission: Permission) -> AppResult<ShopActor> {
    let membership = actor.membership.ok_or_else(forbidden)?;
    if !membership.role.can(permission) {
        return Err(forbidden());
    }
    Ok(ShopActor { user_id: actor.user_id, email: actor.email, shop_id: membership.shop_id, role: membership.role })
}

pub async fn require_operator(state: &AppState) -> AppResult<Actor> {
    let actor = require_user(state).await?;
    if !actor.is_operator {
        return Err(AppError::new("forbidden", "운영자만 사용할 수 있는 기능입니다."));
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

// ---------------------------------------------------------------- throttle

pub async fn check_throttle(db: &Database, email: &str, ip: &str) -> AppResult<()> {
    let since = now_millis() - THROTTLE_WINDOW_MS;
    for (key, max) in [(format!("email:{email}"), MAX_FAILURES_PER_ACCOUNT), (format!("ip:{ip}"), MAX_FAILURES_PER_IP)] {
        let (failures,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at > $2")
                .bind(&key)
                .bind(since)
                .fetch_one(db.pool())
                .await?;
        if failures >= max {
            return Err(AppError::new(
                "too_many_requests",
                "로그인 시도가 너무 많습니다. 15분 후에 다시 시도하거나 비밀번호 찾기를 이용해 주세요.",
            ));
        }
    }
    Ok(())
}

pub async fn record_failure(db: &Database, email: &str, ip: &str) -> AppResult<()> {
    let now = now_millis();
    for key in [format!("email:{email}"), format!("ip:{ip}")] {
        sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
            .bind(&key)
            .bind(now)
            .execute(db.pool())
            .await?;
    }
    // Old failures count for nothing; keep the table small.
    sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
        .bind(now - THROTTLE_WINDOW_MS)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn clear_failures(db: &Database, email: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(format!("email:{email}"))
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn login(state: &AppState, email: &str, password: &str) -> AppResult<Actor> {
    let wrong = || AppError::new("invalid_credentials", "이메일 또는 비밀번호가 올바르지 않습니다.");
    let ip = client_ip();
    let email = Email::parse(email).map_err(|_| wrong())?;
    check_throttle(&state.db, email.as_str(), &ip).await?;
    let user = user_by_email(&state.db, &email).await?;
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash).await,
        None => {
            verify_password(password, DUMMY_HASH).await;
            false
        }
    };
    let user = match (ok, user) {
        (true, Some(user)) => user,
        _ => {
            record_failure(&state.db, email.as_str(), &ip).await?;
            return Err(wrong());
        }
    };
    if !user.email_verified {
        return Err(AppError::new(
            "email_not_verified",
            "이메일 인증을 먼저 완료해 주세요. 받은 메일함에서 인증 메일을 확인하거나 인증 메일을 다시 받아 주세요.",
        ));
    }
    clear_failures(&state.db, email.as_str()).await?;
    start_session(state, user.id).await?;
    current_actor_for(state, user.id).await
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::Invitation => "invitation",
        }
    }

    pub fn lifetime_ms(self) -> i64 {
        match self {
            Self::VerifyEmail => 2 * DAY_MS,
            Self::ResetPassword => 60 * MINUTE_MS,
            Self::Invitation => 7 * DAY_MS,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TokenData {
    pub user_id: Option<i64>,
    pub shop_id: Option<i64>,
    pub email: String,
    pub role: String,
    pub created_by: Option<i64>,
}

/// Issues a one-time link token; returns the token for the link.
pub async fn issue_token(state: &AppState, purpose: TokenPurpose, data: &TokenData) -> AppResult<String> {
    let token = random_token();
    let now = now_millis();
    sqlx::query(
        "INSERT INTO auth_tokens (token_hash, purpose, user_id, shop_id, email, role, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token_hash(&state.secret, &token))
    .bind(purpose.as_str())
    .bind(data.user_id)
    .bind(data.shop_id)
    .bind(&data.email)
    .bind(&data.role)
    .bind(data.created_by)
    .bind(now)
    .bind(now + purpose.lifetime_ms())
    .execute(state.db.pool())
    .await?;
    Ok(token)
}

fn bad_link() -> AppError {
    AppError::new("invalid_token", "링크가 만료되었거나 이미 사용되었습니다. 새 링크를 요청해 주세요.")
}

/// Reads a token without using it up (to show the page it leads to).
pub async fn peek_token(state: &AppState, purpose: TokenPurpose, token: &str) -> AppResult<TokenData> {
    let row = sqlx::query(
        "SELECT user_id, shop_id, email, role, created_by FROM auth_tokens \
         WHERE token_hash = $1 AND purpose = $2 AND used_at = 0 AND expires_at > $3",
    )
    .bind(token_hash(&state.secret, token.trim()))
    .bind(purpose.as_str())
    .bind(now_millis())
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(bad_link)?;
    Ok(TokenData {
        user_id: row.try_get("user_id")?,
        shop_id: row.try_get("shop_id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        created_by: row.try_get("created_by")?,
    })
}

/// Uses a token up: exactly one caller wins, even when two requests with
/// the same link race (a conditional update, not a read then a write).
pub async fn consume_token(
    conn: &mut sqlx::AnyConnection,
    secret: &str,
    purpose: TokenPurpose,
    token: &str,
) -> AppResult<TokenData> {
    let hash = token_hash(secret, token.trim());
    let now = now_millis();
    let done = sqlx::query(
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at = 0 AND expires_at > $1",
    )
    .bind(now)
    .bind(&hash)
    .bind(purpose.as_str())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(bad_link());
    }
    let row = sqlx::query("SELECT user_id, shop_id, email, role, created_by FROM auth_tokens WHERE token_hash = $1")
        .bind(&hash)
        .fetch_one(&mut *conn)
        .await?;
    Ok(TokenData {
        user_id: row.try_get("user_id")?,
        shop_id: row.try_get("shop_id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        created_by: row.try_get("created_by")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(cookie_value("a=1; pc_session=abc; b=2", SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie_value("pc_session=", SESSION_COOKIE), None);
        assert_eq!(cookie_value("x_pc_session=abc", SESSION_COOKIE), None);
    }

    #[test]
    fn devices_are_named_the_way_sellers_know_them() {
        let galaxy = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 SamsungBrowser/25.0 Chrome/121 Mobile Safari/537.36";
        assert_eq!(describe_agent(galaxy), "삼성 인터넷 · Android");
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15";
        assert_eq!(describe_agent(mac), "Safari · macOS");
        assert_eq!(describe_agent("curl/8.5"), "알 수 없는 기기");
    }

    #[test]
    fn token_hashes_depend_on_the_secret() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert_eq!(token_hash("k1", &t), token_hash("k1", &t));
        assert_ne!(token_hash("k1", &t), token_hash("k2", &t));
        assert_ne!(random_token(), t);
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("Moodon#Knit77").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Moodon#Knit77", &hash).await);
        assert!(!verify_password("moodon#knit77", &hash).await);
        assert!(!verify_password("anything", DUMMY_HASH).await);
    }
}

// ---------------------------------------------------------------- forms

/// A multipart form: its text fields and the one uploaded file, if any.
pub struct UploadedForm {
    pub fields: std::collections::HashMap<String, String>,
    /// The file's bytes (empty when none was sent).
    pub document: Vec<u8>,
    /// The file name the browser gave.
    pub file_name: String,
}

impl UploadedForm {
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Reads the sign-up form, stopping as soon as the document passes 10 MB.
pub async fn read_form(data: leptos::server_fn::codec::MultipartData) -> AppResult<UploadedForm> {
    read_multipart(
        data,
        "document",
        super::validate::DOCUMENT_MAX_BYTES,
        AppError::invalid("document", "사업자등록증 파일은 10MB 이하만 올릴 수 있습니다."),
    )
    .await
}

/// Reads a multipart form with one file in `file_field`, refusing with
/// `too_large` as soon as the file passes `max_bytes` (never buffering more).
pub async fn read_multipart(
    data: leptos::server_fn::codec::MultipartData,
    file_field: &str,
    max_bytes: usize,
    too_large: AppError,
) -> AppResult<UploadedForm> {
    let bad = || AppError::new("bad_request", "요청 형식이 올바르지 않습니다.");
    let mut data = data.into_inner().ok_or_else(bad)?;
    let mut fields = std::collections::HashMap::new();
    let mut document = Vec::new();
    let mut file_name = String::new();
    while let Some(mut field) = data.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            file_name = field.file_name().unwrap_or_default().to_owned();
            while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
                if document.len() + chunk.len() > max_bytes {
                    return Err(too_large);
                }
                document.extend_from_slice(&chunk);
            }
        } else {
            let text = field.text().await.map_err(|_| bad())?;
            if text.len() > 10_000 {
                return Err(bad());
            }
            fields.insert(name, text);
        }
    }
    Ok(UploadedForm { fields, document, file_name })
}

/// Stores the 사업자등록증 outside the web root under a generated name.
async fn store_document(state: &AppState, bytes: &[u8]) -> AppResult<(String, &'static str)> {
    let kind = super::validate::DocumentKind::check(bytes)?;
    let dir = state.config.data_dir.join("documents");
    tokio::fs::create_dir_all(&dir).await.map_err(|e| {
        tracing::error!(error = %e, "cannot create the documents folder");
        AppError::internal()
    })?;
    let name = format!("{}.{}", random_token(), kind.extension());
    tokio::fs::write(dir.join(&name), bytes).await.map_err(|e| {
        tracing::error!(error = %e, "cannot store a document");
        AppError::internal()
    })?;
    Ok((name, kind.mime()))
}

async fn remove_document(state: &AppState, name: &str) {
    let _ = tokio::fs::remove_file(state.config.data_dir.join("documents").join(name)).await;
}

/// The audit entry of an application (first or resubmitted).
fn application_change<'a>(
    shop_id: i64,
    user_id: i64,
    email: &'a str,
    action: &'a str,
    business: &super::validate::BusinessInput,
) -> crate::audit::ssr::Change<'a> {
    crate::audit::ssr::Change {
        shop_id: Some(shop_id),
        actor_user_id: Some(user_id),
        actor_email: email,
        action,
        target: business.shop_name.clone(),
        before: String::new(),
        after: crate::audit::ssr::json(&serde_json::json!({
            "shop_name": business.shop_name,
            "business_number": business.business_number.formatted(),
        })),
    }
}

fn business_number_taken() -> AppError {
    AppError {
        code: "business_number_taken".into(),
        message: "이미 입점 신청된 사업자등록번호입니다. 기존 계정으로 로그인해 주세요.".into(),
        field: Some("business_number".into()),
    }
}

pub async fn signup(state: &AppState, form: &UploadedForm) -> AppResult<String> {
    let input = super::validate::SignupInput::parse(&|name| form.get(name))?;
    super::validate::DocumentKind::check(&form.document)?;
    if user_by_email(&state.db, &input.email).await?.is_some() {
        return Err(duplicate_email());
    }
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM shops WHERE business_number = $1")
        .bind(input.business.business_number.digits())
        .fetch_optional(state.db.pool())
        .await?;
    if taken.is_some() {
        return Err(business_number_taken());
    }
    let password_hash = hash_password(&input.password).await?;
    let (document, mime) = store_document(state, &form.document).await?;
    let result = async {
        let mut tx = state.db.pool().begin().await?;
        let user_id = insert_user(&mut tx, &input.email, &input.name, &password_hash, false, false).await?;
        let business = &input.business;
        let shop_id = crate::shop::ssr::insert_shop(
            &mut tx,
            &crate::shop::ssr::NewShop {
                business,
                status: ShopStatus::PendingReview,
                document_path: &document,
                document_mime: mime,
            },
        )
        .await
        .map_err(|e| if e.code == "conflict" { business_number_taken() } else { e })?;
        crate::staff::ssr::add_member(&mut tx, shop_id, user_id, Role::Owner).await?;
        let change = application_change(shop_id, user_id, input.email.as_str(), "shop.application.submit", business);
        crate::audit::ssr::record(&mut *tx, change).await?;
        tx.commit().await?;
        Ok::<i64, AppError>(user_id)
    }
    .await;
    let user_id = match result {
        Ok(id) => id,
        Err(e) => {
            remove_document(state, &document).await;
            return Err(e);
        }
    };
    send_verification(state, user_id, input.email.as_str()).await?;
    Ok(input.email.as_str().to_owned())
}

async fn send_verification(state: &AppState, user_id: i64, email: &str) -> AppResult<()> {
    let token = issue_token(
        state,
        TokenPurpose::VerifyEmail,
        &TokenData { user_id: Some(user_id), email: email.to_owned(), ..Default::default() },
    )
    .await?;
    let link = format!("{}/verify-email?token={token}", state.config.public_url());
    let body = format!(
        "파트너센터에 가입해 주셔서 감사합니다.\n\n아래 링크를 열어 이메일 주소를 인증해 주세요. 링크는 48시간 동안 한 번만 쓸 수 있습니다.\n\n{link}\n\n본인이 가입하지 않았다면 이 메일을 무시해 주세요."
    );
    crate::mail::ssr::send(state, email, "[파트너센터] 이메일 주소를 인증해 주세요", &body).await
}

pub async fn verify_email(state: &AppState, token: &str) -> AppResult<String> {
    let mut tx = state.db.pool().begin().await?;
    let data = consume_token(&mut tx, &state.secret, TokenPurpose::VerifyEmail, token).await?;
    let user_id = data.user_id.ok_or_else(AppError::internal)?;
    sqlx::query("UPDATE users SET email_verified_at = $1, updated_at = $1 WHERE id = $2 AND email_verified_at = 0")
        .bind(now_millis())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(data.email)
}

/// At most a few account mails per address per window, so nobody can use
/// the app to flood someone's inbox.
async fn mail_throttle(db: &Database, email: &Email) -> AppResult<()> {
    let key = format!("mail:{}", email.as_str());
    let now = now_millis();
    let (sent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at > $2")
            .bind(&key)
            .bind(now - THROTTLE_WINDOW_MS)
            .fetch_one(db.pool())
            .await?;
    if sent >= MAX_MAILS_PER_ADDRESS {
        return Err(AppError::new(
            "too_many_requests",
            "메일 요청이 너무 많습니다. 15분 후에 다시 시도해 주세요.",
        ));
    }
    sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
        .bind(&key)
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub const MAX_MAILS_PER_ADDRESS: i64 = 5;

pub async fn resend_verification(state: &AppState, email: &str) -> AppResult<()> {
    let email = Email::parse(email)?;
    mail_throttle(&state.db, &email).await?;
    if let Some(user) = user_by_email(&state.db, &email).await? {
        if !user.email_verified {
            send_verification(state, user.id, &user.email).await?;
        }
    }
    Ok(())
}

pub async fn forgot_password(state: &AppState, email: &str) -> AppResult<()> {
    let email = Email::parse(email)?;
    mail_throttle(&state.db, &email).await?;
    let Some(user) = user_by_email(&state.db, &email).await? else { return Ok(()) };
    let token = issue_token(
        state,
        TokenPurpose::ResetPassword,
        &TokenData { user_id: Some(user.id), email: user.email.clone(), ..Default::default() },
    )
    .await?;
    let link = format!("{}/reset-password?token={token}", state.config.public_url());
    let body = format!(
        "비밀번호 재설정을 요청하셨습니다.\n\n아래 링크에서 새 비밀번호를 정해 주세요. 링크는 1시간 동안 한 번만 쓸 수 있습니다.\n\n{link}\n\n요청하지 않았다면 이 메일을 무시해 주세요. 비밀번호는 바뀌지 않습니다."
    );
    crate::mail::ssr::send(state, &user.email, "[파트너센터] 비밀번호 재설정 안내", &body).await
}

pub async fn reset_password(state: &AppState, token: &str, password: &str, confirm: &str) -> AppResult<()> {
    let data = peek_token(state, TokenPurpose::ResetPassword, token).await?;
    let email = Email::parse(&data.email)?;
    check_password(password, &email)?;
    if password != confirm {
        return Err(AppError::invalid("password_confirm", "비밀번호가 서로 다릅니다."));
    }
    let hash = hash_password(password).await?;
    let mut tx = state.db.pool().begin().await?;
    let data = consume_token(&mut tx, &state.secret, TokenPurpose::ResetPassword, token).await?;
    let user_id = data.user_id.ok_or_else(AppError::internal)?;
    // Following a mailed link proves the address too.
    sqlx::query(
        "UPDATE users SET password_hash = $1, updated_at = $2, \
         email_verified_at = CASE WHEN email_verified_at = 0 THEN $2 ELSE email_verified_at END WHERE id = $3",
    )
    .bind(hash)
    .bind(now_millis())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    // Whoever knew the old password is signed out everywhere.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    clear_failures(&state.db, email.as_str()).await
}

fn check_password(password: &str, email: &Email) -> AppResult<()> {
    super::validate::check_password(password, Some(email))
}

pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    current: &str,
    password: &str,
    confirm: &str,
) -> AppResult<()> {
    let user = user_by_id(&state.db, actor.user_id).await?.ok_or_else(unauthorized)?;
    if !verify_password(current, &user.password_hash).await {
        return Err(AppError::invalid("current_password", "현재 비밀번호가 올바르지 않습니다."));
    }
    check_password(password, &Email::parse(&user.email)?)?;
    if password != confirm {
        return Err(AppError::invalid("password_confirm", "비밀번호가 서로 다릅니다."));
    }
    if password == current {
        return Err(AppError::invalid("password", "지금과 다른 비밀번호를 입력해 주세요."));
    }
    set_password(&state.db, user.id, password).await?;
    let current_session = current_session_hash(state);
    end_all_sessions_of(&state.db, user.id, current_session.as_deref()).await?;
    Ok(())
}

pub async fn list_sessions(state: &AppState, user_id: i64) -> AppResult<Vec<super::SessionView>> {
    let current = current_session_hash(state).unwrap_or_default();
    let rows = sqlx::query(
        "SELECT id_hash, created_at, last_seen_at, user_agent, ip FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now_millis())
    .fetch_all(state.db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let hash: String = r.try_get("id_hash")?;
            Ok(super::SessionView {
                current: hash == current,
                created_at: crate::time::format_datetime_ko(r.try_get("created_at")?),
                last_seen_at: crate::time::format_datetime_ko(r.try_get("last_seen_at")?),
                user_agent: describe_agent(&r.try_get::<String, _>("user_agent")?),
                ip: r.try_get("ip")?,
            })
        })
        .collect()
}

/// A readable device name from a User-Agent header. Order matters: Edge,
/// Samsung Internet and Whale also say "Chrome", Chrome also says "Safari".
pub fn describe_agent(ua: &str) -> String {
    const SYSTEMS: &[(&[&str], &str)] = &[
        (&["Android"], "Android"),
        (&["iPhone", "iPad"], "iOS"),
        (&["Windows"], "Windows"),
        (&["Mac OS"], "macOS"),
        (&["Linux"], "Linux"),
    ];
    const BROWSERS: &[(&[&str], &str)] = &[
        (&["Edg/"], "Edge"),
        (&["SamsungBrowser"], "삼성 인터넷"),
        (&["Whale"], "Whale"),
        (&["Chrome", "Chromium"], "Chrome"),
        (&["Safari"], "Safari"),
        (&["Firefox"], "Firefox"),
    ];
    let find = |table: &[(&[&str], &'static str)]| {
        table.iter().find(|(marks, _)| marks.iter().any(|m| ua.contains(m))).map(|(_, name)| *name)
    };
    let os = find(SYSTEMS).unwrap_or("알 수 없는 기기");
    match find(BROWSERS) {
        Some(browser) => format!("{browser} · {os}"),
        None => os.to_owned(),
    }
}

pub async fn payout_account(db: &Database, shop_id: i64) -> AppResult<super::PayoutView> {
    let row = sqlx::query("SELECT settlement_bank, settlement_account, settlement_holder FROM shops WHERE id = $1")
        .bind(shop_id)
        .fetch_one(db.pool())
        .await?;
    Ok(super::PayoutView {
        bank: row.try_get("settlement_bank")?,
        account: super::validate::PayoutAccount::masked(&row.try_get::<String, _>("settlement_account")?),
        holder: row.try_get("settlement_holder")?,
    })
}

pub async fn update_payout_account(
    state: &AppState,
    actor: &ShopActor,
    account: &super::validate::PayoutAccount,
) -> AppResult<super::PayoutView> {
    let before = payout_account(&state.db, actor.shop_id).await?;
    let mut tx = state.db.pool().begin().await?;
    sqlx::query(
        "UPDATE shops SET settlement_bank = $1, settlement_account = $2, settlement_holder = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(&account.bank)
    .bind(&account.number)
    .bind(&account.holder)
    .bind(now_millis())
    .bind(actor.shop_id)
    .execute(&mut *tx)
    .await?;
    let after = super::PayoutView {
        bank: account.bank.clone(),
        account: super::validate::PayoutAccount::masked(&account.number),
        holder: account.holder.clone(),
    };
    crate::audit::ssr::record(
        &mut *tx,
        crate::audit::ssr::Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "shop.payout.update",
            target: "정산 계좌".into(),
            before: crate::audit::ssr::json(&before),
            after: crate::audit::ssr::json(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A rejected shop sends corrected business details and a new document.
pub async fn resubmit(state: &AppState, actor: &ShopActor, form: &UploadedForm) -> AppResult<()> {
    let business = super::validate::BusinessInput::parse(&|name| form.get(name))?;
    let status: (String,) =
        sqlx::query_as("SELECT status FROM shops WHERE id = $1").bind(actor.shop_id).fetch_one(state.db.pool()).await?;
    if status.0 != ShopStatus::Rejected.as_str() {
        return Err(AppError::new("conflict", "반려된 신청만 다시 제출할 수 있습니다."));
    }
    let other: Option<(i64,)> = sqlx::query_as("SELECT id FROM shops WHERE business_number = $1 AND id <> $2")
        .bind(business.business_number.digits())
        .bind(actor.shop_id)
        .fetch_optional(state.db.pool())
        .await?;
    if other.is_some() {
        return Err(business_number_taken());
    }
    let (old_document,): (String,) = sqlx::query_as("SELECT document_path FROM shops WHERE id = $1")
        .bind(actor.shop_id)
        .fetch_one(state.db.pool())
        .await?;
    let (document, mime) = store_document(state, &form.document).await?;
    let result = async {
        let mut tx = state.db.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE shops SET name = $1, representative_name = $2, business_number = $3, mail_order_number = $4, \
             business_address = $5, settlement_bank = $6, settlement_account = $7, settlement_holder = $8, \
             document_path = $9, document_mime = $10, status = 'pending_review', rejection_reason = '', \
             submitted_at = $11, updated_at = $11 WHERE id = $12 AND status = 'rejected'",
        )
        .bind(&business.shop_name)
        .bind(&business.representative_name)
        .bind(business.business_number.digits())
        .bind(&business.mail_order_number)
        .bind(&business.business_address)
        .bind(&business.payout.bank)
        .bind(&business.payout.number)
        .bind(&business.payout.holder)
        .bind(&document)
        .bind(mime)
        .bind(now_millis())
        .bind(actor.shop_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::new("conflict", "반려된 신청만 다시 제출할 수 있습니다."));
        }
        let change =
            application_change(actor.shop_id, actor.user_id, &actor.email, "shop.application.resubmit", &business);
        crate::audit::ssr::record(&mut *tx, change).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match &result {
        Ok(()) if !old_document.is_empty() => remove_document(state, &old_document).await,
        Ok(()) => {}
        Err(_) => remove_document(state, &document).await,
    }
    result
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
