//! What the Channel API's areas share in reading a channel's request and
//! answering its feeds: the channel's own ids, the times it sends, and one
//! page of a feed read by id.

use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::channel::Channel;
use crate::db::Database;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;

/// A channel's own id: 1..=64 visible ASCII characters.
pub fn channel_id(field: &str, value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() || v.len() > 64 || !v.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AppError::invalid(
            field,
            msg::api_err_bad_channel_id(field),
        ));
    }
    Ok(v.to_owned())
}

/// An optional RFC 3339 time; `now` when left out. A clock a little ahead
/// is tolerated; a time from the future or from long ago is not.
pub fn time_or_now(field: &str, value: Option<&str>, now: i64) -> AppResult<i64> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(now),
        Some(s) => {
            let t = chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| {
                    AppError::invalid(
                        field,
                        msg::api_err_bad_time(field),
                    )
                })?
                .timestamp_millis();
            if t > now + 5 * 60 * 1000 || t < now - 90 * 24 * 60 * 60 * 1000 {
                return Err(AppError::invalid(
                    field,
                    msg::api_err_time_off(field),
                ));
            }
            Ok(t)
        }
    }
}

/// One page of a feed read by id: `sql` takes the channel ($1), the cursor
/// ($2) and the limit ($3) and selects `id` in ascending order; the answer is
/// `{ <name>: [item(row)…], "next_cursor": the last id (or `cursor`) }`.
pub async fn read_feed(
    db: &Database,
    sql: &str,
    channel: Channel,
    cursor: i64,
    limit: i64,
    name: &str,
    item: impl Fn(&AnyRow) -> AppResult<Value>,
) -> AppResult<Value> {
    let rows = sqlx::query(sql)
        .bind(channel.code())
        .bind(cursor)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    let mut next = cursor;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        next = next.max(r.try_get::<i64, _>("id")?);
        items.push(item(r)?);
    }
    let mut page = Map::new();
    page.insert(name.to_owned(), Value::Array(items));
    page.insert("next_cursor".to_owned(), next.into());
    Ok(Value::Object(page))
}
