//! One-time tokens: e-mail verification, password reset, invitations.

use sqlx::Row;

use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::context::AppState;
use super::*;

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
    /// Lets the owner of a locked account in from the browser that opens it.
    UnlockLogin,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::Invitation => "invitation",
            Self::UnlockLogin => "unlock_login",
        }
    }

    pub fn lifetime_ms(self) -> i64 {
        match self {
            Self::VerifyEmail => 2 * DAY_MS,
            Self::ResetPassword => 60 * MINUTE_MS,
            Self::Invitation => 7 * DAY_MS,
            Self::UnlockLogin => DAY_MS,
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

pub(super) fn bad_link() -> AppError {
    AppError::new(ErrorCode::InvalidToken, crate::i18n::msg::auth_err_bad_link())
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

/// Withdraws a shop's unused link (an invitation the owner cancels) by its
/// hash; whether there was one.
pub async fn revoke_token(db: &Database, purpose: TokenPurpose, token_hash: &str, shop_id: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND shop_id = $3 AND purpose = $4 AND used_at = 0",
    )
    .bind(now_millis())
    .bind(token_hash)
    .bind(shop_id)
    .bind(purpose.as_str())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many `purpose` links the shop issued since `since` (invitations per hour).
pub async fn tokens_issued_by_shop(db: &Database, purpose: TokenPurpose, shop_id: i64, since: i64) -> AppResult<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM auth_tokens WHERE purpose = $1 AND shop_id = $2 AND created_at > $3")
            .bind(purpose.as_str())
            .bind(shop_id)
            .bind(since)
            .fetch_one(db.pool())
            .await?;
    Ok(n)
}

/// Deletes the links that can no longer be used (used, withdrawn or
/// expired before `now`); how many. Conditional deletes in batches, so every
/// instance may run it at once.
pub async fn purge_spent_tokens(db: &Database, now: i64) -> AppResult<u64> {
    Ok(crate::db::delete_in_batches(db, "DELETE FROM auth_tokens WHERE token_hash IN \
             (SELECT token_hash FROM auth_tokens WHERE used_at > 0 OR expires_at < $1 LIMIT $2)", now).await?)
}

/// Voids a person's unused reset links: after a password change, a link
/// mailed before it (perhaps to a mailbox someone else reads) must not set
/// the password again.
pub async fn void_reset_links(conn: &mut sqlx::AnyConnection, user_id: i64) -> AppResult<u64> {
    let done = sqlx::query("UPDATE auth_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at = 0")
        .bind(now_millis())
        .bind(user_id)
        .bind(TokenPurpose::ResetPassword.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
