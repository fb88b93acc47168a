//! Login throttling and the login itself.


use crate::auth::Email;
use crate::i18n::msg;
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::{now_millis, Database};
use crate::context::AppState;
use super::*;

// ---------------------------------------------------------------- throttle

/// An attempt's places in the counters, taken before the password is
/// checked: a wrong password leaves them as its failures, a right one gives
/// them back.
pub struct Reservation {
    ids: Vec<i64>,
}

/// Why a sign-in attempt was not let through to the password check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locked {
    /// Too many wrong passwords for this account (from devices it does not know).
    Account,
    /// Too many from this address, or on this known device.
    Caller,
}

/// Takes a place in each counter, then counts: an attempt goes on to the
/// password check only if, with its own place, no counter is over its
/// limit. Counting after inserting (never read, check, then write) is what
/// makes it hold under parallel guesses: of any attempts over the limit,
/// the last one inserted sees every earlier one, so at most `max` get
/// through, on SQLite and PostgreSQL alike. A refused attempt gives its
/// places back: it never reached the password.
pub async fn reserve_attempt(db: &Database, counters: &[(String, i64)]) -> AppResult<Result<Reservation, usize>> {
    let now = now_millis();
    let mut ids = Vec::with_capacity(counters.len());
    for (key, _) in counters {
        let (id,): (i64,) =
            sqlx::query_as("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2) RETURNING id")
                .bind(key)
                .bind(now)
                .fetch_one(db.pool())
                .await?;
        ids.push(id);
    }
    let reservation = Reservation { ids };
    for (i, (key, max)) in counters.iter().enumerate() {
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at > $2")
                .bind(key)
                .bind(now - THROTTLE_WINDOW_MS)
                .fetch_one(db.pool())
                .await?;
        if count > *max {
            release(db, reservation).await?;
            return Ok(Err(i));
        }
    }
    Ok(Ok(reservation))
}

/// Gives an attempt's places back (the password was right).
pub async fn release(db: &Database, reservation: Reservation) -> AppResult<()> {
    for id in reservation.ids {
        sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(db.pool()).await?;
    }
    Ok(())
}

/// Keeps the failures the attempt left (the password was wrong), and drops
/// the ones older than the window.
async fn keep_as_failures(db: &Database, _reservation: Reservation) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
        .bind(now_millis() - THROTTLE_WINDOW_MS)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn clear_failures(db: &Database, email: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(account_key(email))
        .execute(db.pool())
        .await?;
    Ok(())
}

fn account_key(email: &str) -> String {
    format!("email:{email}")
}

/// Whether the account's own counter is full: its sign-in is locked for
/// every device it does not know.
pub async fn account_locked(db: &Database, email: &str) -> AppResult<bool> {
    let (failures,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at > $2")
            .bind(account_key(email))
            .bind(now_millis() - THROTTLE_WINDOW_MS)
            .fetch_one(db.pool())
            .await?;
    Ok(failures >= MAX_FAILURES_PER_ACCOUNT)
}

/// Signs in with an e-mail and password.
///
/// A browser that signed in as this person before (its known-device
/// cookie) is counted on its own: however many wrong passwords strangers
/// send for the account, its owner still gets in there with the right one.
/// Anyone else is counted per account and per address.
///
/// `Ok(Err(_))` when the attempt was refused before the password was
/// checked; [`login`] turns that into its error.
pub async fn try_login(state: &AppState, email: &str, password: &str) -> AppResult<Result<Actor, Locked>> {
    let wrong = || AppError::new(ErrorCode::InvalidCredentials, msg::auth_err_wrong_credentials());
    let ip = client_ip();
    let email = Email::parse(email).map_err(|_| wrong())?;
    let user = user_by_email(&state.db, &email).await?;
    let device = user.as_ref().and_then(|u| known_device_of(state, u.id));
    let counters = match &device {
        Some(device) => vec![(format!("device:{device}"), MAX_FAILURES_PER_DEVICE)],
        None => vec![
            (account_key(email.as_str()), MAX_FAILURES_PER_ACCOUNT),
            (format!("ip:{ip}"), MAX_FAILURES_PER_IP),
        ],
    };
    let reservation = match reserve_attempt(&state.db, &counters).await? {
        Ok(reservation) => reservation,
        Err(full) => {
            return Ok(Err(if device.is_none() && full == 0 { Locked::Account } else { Locked::Caller }));
        }
    };
    let verified = match &user {
        Some(u) => verify_password(password, &u.password_hash).await,
        None => verify_password(password, DUMMY_HASH).await.map(|_| false),
    };
    // A password never checked (the server was busy) is no failed guess.
    let ok = match verified {
        Ok(ok) => ok,
        Err(e) => {
            release(&state.db, reservation).await?;
            return Err(e);
        }
    };
    let user = match (ok, user) {
        (true, Some(user)) => user,
        _ => {
            keep_as_failures(&state.db, reservation).await?;
            return Err(wrong());
        }
    };
    release(&state.db, reservation).await?;
    if !user.email_verified {
        return Err(AppError::new(
            ErrorCode::EmailNotVerified,
            msg::auth_err_email_not_verified(),
        ));
    }
    clear_failures(&state.db, email.as_str()).await?;
    start_session(state, user.id).await?;
    remember_device(state, user.id);
    Ok(Ok(current_actor_for(state, user.id).await?))
}

pub async fn login(state: &AppState, email: &str, password: &str) -> AppResult<Actor> {
    try_login(state, email, password).await?.map_err(locked_error)
}

/// The refusal of a locked sign-in, saying what happened and what to do.
pub fn locked_error(locked: Locked) -> AppError {
    let message = match locked {
        Locked::Account => msg::auth_err_account_locked(),
        Locked::Caller => msg::auth_err_too_many_logins(),
    };
    AppError::new(ErrorCode::TooManyRequests, message)
}

/// A link that lets the owner of a locked account in, at most one per
/// window however many refused attempts ask: `None` when there is no such
/// (verified) account, it is not locked, or a link went out recently.
pub async fn unlock_link_due(state: &AppState, email: &str) -> AppResult<Option<(UserRow, String)>> {
    let Ok(email) = Email::parse(email) else { return Ok(None) };
    let Some(user) = user_by_email(&state.db, &email).await?.filter(|u| u.email_verified) else { return Ok(None) };
    if !account_locked(&state.db, email.as_str()).await? {
        return Ok(None);
    }
    let key = format!("unlock-mail:{}", email.as_str());
    let now = now_millis();
    let (mine,): (i64,) =
        sqlx::query_as("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2) RETURNING id")
            .bind(&key)
            .bind(now)
            .fetch_one(state.db.pool())
            .await?;
    let (earlier,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at > $2 AND id < $3",
    )
    .bind(&key)
    .bind(now - THROTTLE_WINDOW_MS)
    .bind(mine)
    .fetch_one(state.db.pool())
    .await?;
    if earlier > 0 {
        return Ok(None);
    }
    let token = issue_token(
        state,
        TokenPurpose::UnlockLogin,
        &TokenData { user_id: Some(user.id), email: user.email.clone(), ..Default::default() },
    )
    .await?;
    Ok(Some((user, token)))
}

/// The unlock link, followed: the account's failures are forgiven and this
/// browser becomes a known device of its owner, so a stranger who locks the
/// account again does not lock them out here. The password is still needed.
pub async fn unlock_login(state: &AppState, token: &str) -> AppResult<String> {
    let mut conn = state.db.pool().acquire().await?;
    let data = consume_token(&mut *conn, &state.secret, TokenPurpose::UnlockLogin, token).await?;
    drop(conn);
    let user_id = data.user_id.ok_or_else(AppError::internal)?;
    clear_failures(&state.db, &data.email).await?;
    remember_device(state, user_id);
    Ok(data.email)
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
