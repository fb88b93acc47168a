//! Login throttling and the login itself.


use crate::auth::Email;
use crate::i18n::msg;
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::context::AppState;
use super::*;

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
                ErrorCode::TooManyRequests,
                msg::auth_err_too_many_logins(),
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
    let wrong = || AppError::new(ErrorCode::InvalidCredentials, msg::auth_err_wrong_credentials());
    let ip = client_ip();
    let email = Email::parse(email).map_err(|_| wrong())?;
    check_throttle(&state.db, email.as_str(), &ip).await?;
    let user = user_by_email(&state.db, &email).await?;
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash).await?,
        None => {
            verify_password(password, DUMMY_HASH).await?;
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
            ErrorCode::EmailNotVerified,
            msg::auth_err_email_not_verified(),
        ));
    }
    clear_failures(&state.db, email.as_str()).await?;
    start_session(state, user.id).await?;
    current_actor_for(state, user.id).await
}

/// At most a few account mails per address per window, so nobody can use
/// the app to flood someone's inbox.
pub async fn mail_throttle(db: &Database, email: &Email) -> AppResult<()> {
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
            ErrorCode::TooManyRequests,
            msg::auth_err_too_many_mails(),
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
