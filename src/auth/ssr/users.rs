//! User rows: lookup, insert, password change.

use sqlx::{AnyConnection, Row};

use crate::auth::Email;
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database, UniqueIndex};
use super::*;

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

pub(super) fn user_from_row(r: &sqlx::any::AnyRow) -> AppResult<UserRow> {
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
    .map_err(|e| if USERS_EMAIL_KEY.violated_by(&e) { duplicate_email() } else { e.into() })?;
    Ok(row.try_get("id")?)
}

pub fn duplicate_email() -> AppError {
    AppError { code: ErrorCode::EmailTaken, message: crate::i18n::msg::auth_err_email_taken().into(), field: Some("email".into()) }
}

/// One account per e-mail address.
pub(super) const USERS_EMAIL_KEY: UniqueIndex = UniqueIndex { name: "users_email_key", table: "users", columns: &["email"] };

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

/// Following the link of a verification mail proves the address.
pub async fn mark_email_verified(conn: &mut AnyConnection, user_id: i64, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET email_verified_at = $1, updated_at = $1 WHERE id = $2 AND email_verified_at = 0")
        .bind(now)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A password set through a reset link: the new hash, the address proven by
/// the mailed link, and every session ended (whoever knew the old password
/// is signed out everywhere).
pub async fn reset_password_of(conn: &mut AnyConnection, user_id: i64, hash: &str, now: i64) -> AppResult<()> {
    // Following a mailed link proves the address too.
    sqlx::query(
        "UPDATE users SET password_hash = $1, updated_at = $2, \
         email_verified_at = CASE WHEN email_verified_at = 0 THEN $2 ELSE email_verified_at END WHERE id = $3",
    )
    .bind(hash)
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    // Any other reset link mailed before this one is void too.
    void_reset_links(&mut *conn, user_id).await?;
    Ok(())
}

/// Forgets an account that never proved its address and belongs to no shop
/// any more (the purge of unverified applications): its links, sessions and
/// the user. `false` when it is verified or still a member somewhere.
pub async fn delete_unverified_user(conn: &mut AnyConnection, user_id: i64) -> AppResult<bool> {
    let gone = "SELECT 1 FROM users u WHERE u.id = $1 AND u.email_verified_at = 0 \
                AND NOT EXISTS (SELECT 1 FROM shop_members m WHERE m.user_id = u.id)";
    if sqlx::query(gone).bind(user_id).fetch_optional(&mut *conn).await?.is_none() {
        return Ok(false);
    }
    sqlx::query("DELETE FROM auth_tokens WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    let done = sqlx::query("DELETE FROM users WHERE id = $1 AND email_verified_at = 0").bind(user_id).execute(&mut *conn).await?;
    Ok(done.rows_affected() == 1)
}
