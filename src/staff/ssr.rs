//! Staff data access (server only). Every query is bounded to the acting
//! owner's shop.

use sqlx::Row;

use super::{InvitationView, Member, PendingInvitation, StaffOverview};
use crate::auth::roles::Role;
use crate::auth::ssr::{ShopActor, TokenData, TokenPurpose};
use crate::auth::ssr as auth;
use crate::auth::password::check_password;
use crate::auth::Email;
use crate::input::required;
use crate::i18n::msg;
use crate::auth::SessionInfo;
use crate::audit::ssr::{json, record, Change};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::now_millis;
use crate::context::AppState;

pub async fn add_member(conn: &mut sqlx::AnyConnection, shop_id: i64, user_id: i64, role: Role) -> AppResult<()> {
    sqlx::query("INSERT INTO shop_members (shop_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)")
        .bind(shop_id)
        .bind(user_id)
        .bind(role.as_str())
        .bind(now_millis())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The shops `user_id` owns.
pub async fn shops_owned_by(conn: &mut sqlx::AnyConnection, user_id: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT shop_id FROM shop_members WHERE user_id = $1 AND role = 'owner' ORDER BY shop_id")
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Removes every member of a shop that is being purged; their user ids.
pub async fn remove_all_members(conn: &mut sqlx::AnyConnection, shop_id: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT user_id FROM shop_members WHERE shop_id = $1 ORDER BY user_id")
        .bind(shop_id)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM shop_members WHERE shop_id = $1").bind(shop_id).execute(&mut *conn).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn overview(state: &AppState, actor: &ShopActor) -> AppResult<StaffOverview> {
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.email, m.role, m.created_at FROM shop_members m JOIN users u ON u.id = m.user_id \
         WHERE m.shop_id = $1 ORDER BY m.created_at, u.id",
    )
    .bind(actor.shop_id)
    .fetch_all(state.db.pool())
    .await?;
    let members = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(Member {
                user_id: id,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                role: Role::parse(&r.try_get::<String, _>("role")?).ok_or_else(AppError::internal)?,
                joined_at: crate::time::format_date(r.try_get("created_at")?),
                is_you: id == actor.user_id,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let rows = sqlx::query(
        "SELECT token_hash, email, role, expires_at FROM auth_tokens \
         WHERE shop_id = $1 AND purpose = 'invitation' AND used_at = 0 AND expires_at > $2 ORDER BY created_at DESC",
    )
    .bind(actor.shop_id)
    .bind(now_millis())
    .fetch_all(state.db.pool())
    .await?;
    let invitations = rows
        .iter()
        .map(|r| {
            Ok(PendingInvitation {
                id: r.try_get("token_hash")?,
                email: r.try_get("email")?,
                role: Role::parse(&r.try_get::<String, _>("role")?).ok_or_else(AppError::internal)?,
                expires_at: crate::time::format_date(r.try_get("expires_at")?),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(StaffOverview { members, invitations })
}

async fn shop_name(state: &AppState, shop_id: i64) -> AppResult<String> {
    let (name,): (String,) =
        sqlx::query_as("SELECT name FROM shops WHERE id = $1").bind(shop_id).fetch_one(state.db.pool()).await?;
    Ok(name)
}

/// Invitations a shop may send per hour: enough to take on a team, too few
/// to turn the shop's name into a mail cannon.
pub const MAX_INVITATIONS_PER_HOUR: i64 = 20;
const HOUR_MS: i64 = 60 * 60 * 1000;

pub async fn invite(state: &AppState, actor: &ShopActor, email: &Email, role: Role) -> AppResult<()> {
    let sent = auth::tokens_issued_by_shop(&state.db, TokenPurpose::Invitation, actor.shop_id, now_millis() - HOUR_MS).await?;
    if sent >= MAX_INVITATIONS_PER_HOUR {
        return Err(AppError::new(ErrorCode::TooManyRequests, msg::staff_err_too_many_invitations(MAX_INVITATIONS_PER_HOUR)));
    }
    let member: Option<(i64,)> = sqlx::query_as(
        "SELECT m.user_id FROM shop_members m JOIN users u ON u.id = m.user_id WHERE m.shop_id = $1 AND u.email = $2",
    )
    .bind(actor.shop_id)
    .bind(email.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    if member.is_some() {
        return Err(AppError::invalid("email", msg::staff_err_already_member()));
    }
    if belongs_to_a_shop(state, email).await? {
        return Err(other_shop());
    }
    let token = auth::issue_token(
        state,
        TokenPurpose::Invitation,
        &TokenData {
            shop_id: Some(actor.shop_id),
            email: email.as_str().to_owned(),
            role: role.as_str().to_owned(),
            created_by: Some(actor.user_id),
            ..Default::default()
        },
    )
    .await?;
    let shop = shop_name(state, actor.shop_id).await?;
    record(
        state.db.pool(),
        Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "staff.invite",
            target: email.as_str().to_owned(),
            before: String::new(),
            after: json(&serde_json::json!({ "email": email.as_str(), "role": role.as_str() })),
        },
    )
    .await?;
    let link = format!("{}/invitation?token={token}", state.config.public_url());
    let body = msg::staff_invite_mail_body(&shop, role.label(), &link);
    let lifetime = TokenPurpose::Invitation.lifetime_ms();
    crate::mail::ssr::send_link(state, email.as_str(), &msg::staff_invite_mail_subject(&shop), &body, &link, lifetime).await
}

/// One person works in one shop: the session acts for exactly one.
async fn belongs_to_a_shop(state: &AppState, email: &Email) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT m.shop_id FROM shop_members m JOIN users u ON u.id = m.user_id WHERE u.email = $1 LIMIT 1",
    )
    .bind(email.as_str())
    .fetch_optional(state.db.pool())
    .await?;
    Ok(row.is_some())
}

fn other_shop() -> AppError {
    AppError::invalid("email", msg::staff_err_other_shop())
}

pub async fn cancel_invitation(state: &AppState, actor: &ShopActor, id: &str) -> AppResult<()> {
    if !auth::revoke_token(&state.db, TokenPurpose::Invitation, id, actor.shop_id).await? {
        return Err(AppError::not_found(msg::staff_noun_invitation()));
    }
    record(
        state.db.pool(),
        Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "staff.invite.cancel",
            target: id.chars().take(8).collect(),
            before: String::new(),
            after: String::new(),
        },
    )
    .await
}

/// A member of the acting owner's shop other than the owner; anyone else
/// (another shop's user, an unknown id) is simply not found.
async fn member_role(state: &AppState, actor: &ShopActor, user_id: i64) -> AppResult<(Role, String)> {
    let row = sqlx::query(
        "SELECT m.role, u.email FROM shop_members m JOIN users u ON u.id = m.user_id WHERE m.shop_id = $1 AND m.user_id = $2",
    )
    .bind(actor.shop_id)
    .bind(user_id)
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(|| AppError::not_found(msg::staff_noun_member()))?;
    let role = Role::parse(&row.try_get::<String, _>("role")?).ok_or_else(AppError::internal)?;
    if role == Role::Owner {
        return Err(AppError::new(ErrorCode::Forbidden, msg::staff_err_owner_fixed()));
    }
    Ok((role, row.try_get("email")?))
}

pub async fn change_role(state: &AppState, actor: &ShopActor, user_id: i64, role: Role) -> AppResult<()> {
    let (before, email) = member_role(state, actor, user_id).await?;
    let mut tx = state.db.pool().begin().await?;
    sqlx::query("UPDATE shop_members SET role = $1 WHERE shop_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(actor.shop_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut *tx,
        Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "staff.role.change",
            target: email,
            before: json(&serde_json::json!({ "role": before.as_str() })),
            after: json(&serde_json::json!({ "role": role.as_str() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn revoke(state: &AppState, actor: &ShopActor, user_id: i64) -> AppResult<()> {
    let (before, email) = member_role(state, actor, user_id).await?;
    let mut tx = state.db.pool().begin().await?;
    sqlx::query("DELETE FROM shop_members WHERE shop_id = $1 AND user_id = $2")
        .bind(actor.shop_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut *tx,
        Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "staff.revoke",
            target: email,
            before: json(&serde_json::json!({ "role": before.as_str() })),
            after: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn invitation(state: &AppState, token: &str) -> AppResult<InvitationView> {
    let data = auth::peek_token(state, TokenPurpose::Invitation, token).await?;
    let shop_id = data.shop_id.ok_or_else(AppError::internal)?;
    let email = Email::parse(&data.email)?;
    Ok(InvitationView {
        shop_name: shop_name(state, shop_id).await?,
        has_account: auth::user_by_email(&state.db, &email).await?.is_some(),
        email: data.email,
        role: Role::parse(&data.role).ok_or_else(AppError::internal)?,
    })
}

pub async fn accept(
    state: &AppState,
    token: &str,
    name: &str,
    password: &str,
    confirm: &str,
) -> AppResult<SessionInfo> {
    let data = auth::peek_token(state, TokenPurpose::Invitation, token).await?;
    let email = Email::parse(&data.email)?;
    if belongs_to_a_shop(state, &email).await? {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_err_accept_other_shop()));
    }
    let existing = auth::user_by_email(&state.db, &email).await?;
    let new_account = match &existing {
        Some(user) => {
            if !auth::verify_password(password, &user.password_hash).await? {
                return Err(AppError::invalid("password", msg::staff_err_wrong_password()));
            }
            None
        }
        None => {
            let name = required("name", name, msg::staff_name(), 40)?;
            check_password(password, Some(&email))?;
            if password != confirm {
                return Err(AppError::invalid("password_confirm", msg::staff_err_password_mismatch()));
            }
            Some((name, auth::hash_password(password).await?))
        }
    };
    let mut tx = state.db.pool().begin().await?;
    let data = auth::consume_token(&mut tx, &state.secret, TokenPurpose::Invitation, token).await?;
    let shop_id = data.shop_id.ok_or_else(AppError::internal)?;
    let role = Role::parse(&data.role).ok_or_else(AppError::internal)?;
    let user_id = match (&existing, new_account) {
        (Some(user), _) => user.id,
        // The mailed link proves the address.
        (None, Some((name, hash))) => auth::insert_user(&mut tx, &email, &name, &hash, true, false).await?,
        (None, None) => return Err(AppError::internal()),
    };
    let already: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM shop_members WHERE shop_id = $1 AND user_id = $2")
        .bind(shop_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    if already.is_none() {
        add_member(&mut tx, shop_id, user_id, role).await?;
    }
    record(
        &mut *tx,
        Change {
            shop_id: Some(shop_id),
            actor_user_id: Some(user_id),
            actor_email: email.as_str(),
            action: "staff.join",
            target: email.as_str().to_owned(),
            before: String::new(),
            after: json(&serde_json::json!({ "role": role.as_str() })),
        },
    )
    .await?;
    tx.commit().await?;
    auth::start_session(state, user_id).await?;
    let actor = auth::current_actor_for(state, user_id).await?;
    Ok(auth::session_info(&actor))
}
