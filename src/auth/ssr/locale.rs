//! A person's language: kept on the account, carried by the device's `lang`
//! cookie (so the server renders the first page in it, signed in or not).

use axum::http::header;
use leptos::prelude::*;
use sqlx::Row;

use crate::db::{now_millis, Database};
use crate::error::AppResult;
use crate::i18n::{locale_cookie, Locale};

/// The language saved on the account (Korean until the person picks one).
pub async fn locale_of(db: &Database, user_id: i64) -> AppResult<Locale> {
    let row = sqlx::query("SELECT locale FROM users WHERE id = $1").bind(user_id).fetch_optional(db.pool()).await?;
    Ok(stored_locale(row))
}

/// The language of the account with this e-mail (Korean when there is none):
/// what mail to that person is written in.
pub async fn locale_of_email(db: &Database, email: &str) -> AppResult<Locale> {
    let row = sqlx::query("SELECT locale FROM users WHERE email = $1").bind(email).fetch_optional(db.pool()).await?;
    Ok(stored_locale(row))
}

fn stored_locale(row: Option<sqlx::any::AnyRow>) -> Locale {
    row.and_then(|r| r.try_get::<String, _>("locale").ok()).and_then(|l| Locale::parse(&l)).unwrap_or_default()
}

pub async fn save_locale(db: &Database, user_id: i64, locale: Locale) -> AppResult<()> {
    sqlx::query("UPDATE users SET locale = $1, updated_at = $2 WHERE id = $3")
        .bind(locale.as_str())
        .bind(now_millis())
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Sets the device's `lang` cookie on the response of the current server function.
pub fn set_locale_cookie(locale: Locale) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&locale_cookie(locale)),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}
