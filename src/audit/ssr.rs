//! Writing and reading the audit log (server only).

use serde::Serialize;
use sqlx::Row;

use super::{action_label, AuditEntry, AuditPage};
use crate::error::AppResult;
use crate::db::{now_millis, Database};

/// One recorded change. `before`/`after` are the changed values as JSON.
pub struct Change<'a> {
    pub shop_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_email: &'a str,
    pub action: &'a str,
    pub target: String,
    pub before: String,
    pub after: String,
}

impl<'a> Change<'a> {
    /// A change a member made in their own shop; fill in `before`/`after`.
    pub fn by(actor: &'a crate::auth::ssr::ShopActor, action: &'a str, target: String) -> Self {
        Self {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action,
            target,
            before: String::new(),
            after: String::new(),
        }
    }

    /// A text the member wrote, or rewrote: `new` as `action`, or a rewrite
    /// of `before` as `edit_action` (an empty `before`: it is new).
    pub fn text(
        actor: &'a crate::auth::ssr::ShopActor,
        (action, edit_action): (&'a str, &'a str),
        target: String,
        before: &str,
        new: &str,
    ) -> Self {
        let editing = !before.is_empty();
        Self {
            before: if editing { json(&before) } else { String::new() },
            after: json(&new),
            ..Self::by(actor, if editing { edit_action } else { action }, target)
        }
    }
}

pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Records a change, in the same transaction as the change itself.
pub async fn record<'e, E>(executor: E, change: Change<'_>) -> AppResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (shop_id, actor_user_id, actor_email, action, target, before_json, after_json, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(change.shop_id)
    .bind(change.actor_user_id)
    .bind(change.actor_email)
    .bind(change.action)
    .bind(change.target)
    .bind(change.before)
    .bind(change.after)
    .bind(now_millis())
    .execute(executor)
    .await?;
    Ok(())
}

pub async fn page(db: &Database, shop_id: i64, before_id: Option<i64>, limit: i64) -> AppResult<AuditPage> {
    let rows = sqlx::query(
        "SELECT id, actor_email, action, target, before_json, after_json, created_at FROM audit_log \
         WHERE shop_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(shop_id)
    .bind(before_id.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(db.pool())
    .await?;
    let mut entries = rows
        .iter()
        .map(|r| {
            let action: String = r.try_get("action")?;
            Ok(AuditEntry {
                id: r.try_get("id")?,
                at: crate::time::format_datetime(r.try_get("created_at")?),
                actor: r.try_get("actor_email")?,
                action_label: action_label(&action).to_owned(),
                action,
                target: super::target_label(&r.try_get::<String, _>("target")?),
                before: r.try_get("before_json")?,
                after: r.try_get("after_json")?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let next = if entries.len() as i64 > limit {
        entries.truncate(limit as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage { entries, next })
}
