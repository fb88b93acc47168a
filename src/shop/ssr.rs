//! Shop data access (server only).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{BusinessNumber, ShopProfile, ShopProfileEdit, ShopStatus};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::auth::ssr::ShopActor;
use crate::context::AppState;
use crate::db::{now_millis, Database, UniqueIndex};

/// One shop per 사업자등록번호 among the verified applications (0014): an
/// unverified application holds no number.
const BUSINESS_NUMBER_KEY: UniqueIndex =
    UniqueIndex { name: "shops_business_number_key", table: "shops", columns: &["business_number"] };

const PROFILE_COLUMNS: &str = "id, name, representative_name, business_number, mail_order_number, \
     business_address, cs_phone, cs_email, cs_hours, introduction, business_type, business_item, status, updated_at";

fn profile_from_row(row: &AnyRow) -> AppResult<ShopProfile> {
    let status: String = row.try_get("status")?;
    let digits: String = row.try_get("business_number")?;
    Ok(ShopProfile {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        representative_name: row.try_get("representative_name")?,
        business_number: BusinessNumber::parse(&digits).map(|n| n.formatted()).unwrap_or(digits),
        mail_order_number: row.try_get("mail_order_number")?,
        business_address: row.try_get("business_address")?,
        cs_phone: row.try_get("cs_phone")?,
        cs_email: row.try_get("cs_email")?,
        cs_hours: row.try_get("cs_hours")?,
        introduction: row.try_get("introduction")?,
        business_type: row.try_get("business_type")?,
        business_item: row.try_get("business_item")?,
        status: ShopStatus::parse(&status).ok_or_else(|| {
            tracing::error!(status, "unknown shop status in the database");
            AppError::internal()
        })?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn shop_by_id(db: &Database, shop_id: i64) -> AppResult<Option<ShopProfile>> {
    let sql = format!("SELECT {PROFILE_COLUMNS} FROM shops WHERE id = $1");
    let row = sqlx::query(&sql).bind(shop_id).fetch_optional(db.pool()).await?;
    row.as_ref().map(profile_from_row).transpose()
}

/// Saves the profile and records the change in the audit log, together.
pub async fn update_profile(
    db: &Database,
    actor: &crate::auth::ssr::ShopActor,
    edit: &ShopProfileEdit,
) -> AppResult<ShopProfile> {
    let shop_id = actor.shop_id;
    let before = shop_by_id(db, shop_id).await?.ok_or_else(|| AppError::not_found(crate::i18n::msg::shop_noun_shop()))?;
    // 업태 / 종목 not sent: keep what is stored.
    let business_type = edit.business_type.clone().unwrap_or_else(|| before.business_type.clone());
    let business_item = edit.business_item.clone().unwrap_or_else(|| before.business_item.clone());
    let mut tx = db.pool().begin().await?;
    let done = sqlx::query(
        "UPDATE shops SET name = $1, cs_phone = $2, cs_email = $3, cs_hours = $4, \
         introduction = $5, business_type = $6, business_item = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&edit.name)
    .bind(&edit.cs_phone)
    .bind(&edit.cs_email)
    .bind(&edit.cs_hours)
    .bind(&edit.introduction)
    .bind(&business_type)
    .bind(&business_item)
    .bind(now_millis())
    .bind(shop_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found(crate::i18n::msg::shop_noun_shop()));
    }
    let editable = |p: &ShopProfile| {
        serde_json::json!({
            "name": p.name, "cs_phone": p.cs_phone, "cs_email": p.cs_email,
            "cs_hours": p.cs_hours, "introduction": p.introduction,
            "business_type": p.business_type, "business_item": p.business_item,
        })
    };
    let after = ShopProfile {
        name: edit.name.clone(),
        cs_phone: edit.cs_phone.clone(),
        cs_email: edit.cs_email.clone(),
        cs_hours: edit.cs_hours.clone(),
        introduction: edit.introduction.clone(),
        business_type,
        business_item,
        ..before.clone()
    };
    crate::audit::ssr::record(
        &mut *tx,
        crate::audit::ssr::Change {
            shop_id: Some(shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "shop.profile.update",
            target: edit.name.clone(),
            before: editable(&before).to_string(),
            after: editable(&after).to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    shop_by_id(db, shop_id).await?.ok_or_else(|| AppError::not_found(crate::i18n::msg::shop_noun_shop()))
}

/// A new shop as it arrives from sign-up: its business details, the review
/// state it starts in, and the stored 사업자등록증.
pub struct NewShop<'a> {
    pub business: &'a crate::shop::application::BusinessInput,
    pub status: ShopStatus,
    pub document_path: &'a str,
    pub document_mime: &'a str,
}

/// A rejected shop's corrected application, back in the review queue;
/// `false` when the shop is not (or no longer) rejected.
pub async fn resubmit_shop(conn: &mut sqlx::AnyConnection, shop_id: i64, shop: &NewShop<'_>) -> AppResult<bool> {
    let b = shop.business;
    let done = sqlx::query(
        "UPDATE shops SET name = $1, representative_name = $2, business_number = $3, mail_order_number = $4, \
         business_address = $5, settlement_bank = $6, settlement_account = $7, settlement_holder = $8, \
         document_path = $9, document_mime = $10, status = $11, rejection_reason = '', \
         submitted_at = $12, updated_at = $12 WHERE id = $13 AND status = 'rejected'",
    )
    .bind(&b.shop_name)
    .bind(&b.representative_name)
    .bind(b.business_number.digits())
    .bind(&b.mail_order_number)
    .bind(&b.business_address)
    .bind(&b.payout.bank)
    .bind(&b.payout.number)
    .bind(&b.payout.holder)
    .bind(shop.document_path)
    .bind(shop.document_mime)
    .bind(shop.status.as_str())
    .bind(now_millis())
    .bind(shop_id)
    .execute(&mut *conn)
    .await
    .map_err(number_taken)?;
    Ok(done.rows_affected() == 1)
}

fn number_taken(e: sqlx::Error) -> AppError {
    if BUSINESS_NUMBER_KEY.violated_by(&e) {
        AppError::new(ErrorCode::Conflict, crate::i18n::msg::error_code_business_number_taken())
    } else {
        e.into()
    }
}

/// The shop's payout (정산) account, changed by its owner; its payouts wait
/// until `hold_until` (UTC millis).
pub async fn set_payout_account(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    account: &crate::shop::application::PayoutAccount,
    hold_until: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE shops SET settlement_bank = $1, settlement_account = $2, settlement_holder = $3, \
         payout_hold_until = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(&account.bank)
    .bind(&account.number)
    .bind(&account.holder)
    .bind(hold_until)
    .bind(now_millis())
    .bind(shop_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A shop whose payouts must wait: suspended (이용 정지), or its payout
/// account changed less than the hold ago.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutBlock {
    pub shop_id: i64,
    pub suspended: bool,
    /// End of the hold after a payout account change (UTC millis); 0 when none.
    pub hold_until: i64,
}

/// Every shop whose payouts must wait at `now`, read inside the caller's
/// transaction (the settlement run's, so a change committed before it counts).
pub async fn payout_blocks(conn: &mut sqlx::AnyConnection, now: i64) -> AppResult<Vec<PayoutBlock>> {
    let rows = sqlx::query(
        "SELECT id, status, payout_hold_until FROM shops WHERE status = $1 OR payout_hold_until > $2 ORDER BY id",
    )
    .bind(ShopStatus::Suspended.as_str())
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let hold_until: i64 = r.try_get("payout_hold_until")?;
            Ok(PayoutBlock {
                shop_id: r.try_get("id")?,
                suspended: r.try_get::<String, _>("status")? == ShopStatus::Suspended.as_str(),
                hold_until: if hold_until > now { hold_until } else { 0 },
            })
        })
        .collect()
}

/// 입점 심사: the operator's decision, conditional on the state it was made
/// on (two operators deciding at once cannot both win); whether it applied.
pub async fn set_review_status(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    from: ShopStatus,
    to: ShopStatus,
    reason: &str,
) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE shops SET status = $1, rejection_reason = $2, reviewed_at = $3, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now_millis())
    .bind(shop_id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_shop(conn: &mut sqlx::AnyConnection, shop: &NewShop<'_>) -> AppResult<i64> {
    let now = now_millis();
    let b = shop.business;
    let row = sqlx::query(
        "INSERT INTO shops (name, representative_name, business_number, mail_order_number, business_address, \
         settlement_bank, settlement_account, settlement_holder, document_path, document_mime, status, \
         number_verified, submitted_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13) RETURNING id",
    )
    .bind(&b.shop_name)
    .bind(&b.representative_name)
    .bind(b.business_number.digits())
    .bind(&b.mail_order_number)
    .bind(&b.business_address)
    .bind(&b.payout.bank)
    .bind(&b.payout.number)
    .bind(&b.payout.holder)
    .bind(shop.document_path)
    .bind(shop.document_mime)
    .bind(shop.status.as_str())
    // A shop created already reviewed (demo data, tools) holds its number at
    // once; an application from sign-up only when its owner verifies.
    .bind(i64::from(shop.status != ShopStatus::PendingReview))
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(number_taken)?;
    Ok(row.try_get("id")?)
}

/// Whether a verified application (or a reviewed shop) other than `except`
/// holds the 사업자등록번호.
pub async fn business_number_held(db: &Database, digits: &str, except: Option<i64>) -> AppResult<bool> {
    let held: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM shops WHERE business_number = $1 AND number_verified = 1 AND id <> $2")
            .bind(digits)
            .bind(except.unwrap_or(0))
            .fetch_optional(db.pool())
            .await?;
    Ok(held.is_some())
}

/// The owner proved the e-mail address: the shop's 사업자등록번호 is its own
/// from now on. `false` when another verified application took it first
/// (the caller's transaction is then spoilt on PostgreSQL: roll it back).
pub async fn reserve_business_number(conn: &mut sqlx::AnyConnection, shop_id: i64) -> AppResult<bool> {
    let done = sqlx::query("UPDATE shops SET number_verified = 1, updated_at = $1 WHERE id = $2 AND number_verified = 0")
        .bind(now_millis())
        .bind(shop_id)
        .execute(&mut *conn)
        .await;
    match done {
        Ok(_) => Ok(true),
        Err(e) if BUSINESS_NUMBER_KEY.violated_by(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Applications never verified, created before `cutoff`: (shop id, stored document).
pub async fn unverified_applications(db: &Database, cutoff: i64, limit: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, document_path FROM shops WHERE number_verified = 0 AND status = 'pending_review' \
         AND created_at < $1 ORDER BY created_at, id LIMIT $2",
    )
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Locks an unverified application for its purge, if it still is one
/// (created before `cutoff`, never verified): a verification racing the purge
/// waits for it, and a second instance purging finds nothing.
pub async fn lock_unverified_application(conn: &mut sqlx::AnyConnection, shop_id: i64, cutoff: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE shops SET updated_at = updated_at WHERE id = $1 AND number_verified = 0 \
         AND status = 'pending_review' AND created_at < $2",
    )
    .bind(shop_id)
    .bind(cutoff)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a locked unverified application (its members removed first).
pub async fn delete_unverified_application(conn: &mut sqlx::AnyConnection, shop_id: i64) -> AppResult<bool> {
    let done = sqlx::query("DELETE FROM shops WHERE id = $1 AND number_verified = 0")
        .bind(shop_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Why the operator turned the shop's application down (empty when not).
pub async fn rejection_reason(db: &Database, shop_id: i64) -> AppResult<String> {
    let (reason,): (String,) = sqlx::query_as("SELECT rejection_reason FROM shops WHERE id = $1")
        .bind(shop_id)
        .fetch_one(db.pool())
        .await?;
    Ok(reason)
}

pub async fn payout_account(db: &Database, shop_id: i64, hold_days: u32) -> AppResult<super::PayoutView> {
    let row = sqlx::query(
        "SELECT settlement_bank, settlement_account, settlement_holder, payout_hold_until FROM shops WHERE id = $1",
    )
    .bind(shop_id)
    .fetch_one(db.pool())
    .await?;
    let hold_until: i64 = row.try_get("payout_hold_until")?;
    Ok(super::PayoutView {
        bank: row.try_get("settlement_bank")?,
        account: super::application::PayoutAccount::masked(&row.try_get::<String, _>("settlement_account")?),
        holder: row.try_get("settlement_holder")?,
        hold_days,
        held_until: if hold_until > now_millis() { crate::time::format_datetime(hold_until) } else { String::new() },
    })
}

/// 정산 계좌 변경: only with the owner's current password (a session left
/// open on a shared PC is not enough to divert the money). The change, the
/// hold on the shop's payouts and the owner's notice mail are one
/// transaction; a wrong password changes nothing.
pub async fn update_payout_account(
    state: &AppState,
    actor: &ShopActor,
    account: &super::application::PayoutAccount,
    current_password: &str,
) -> AppResult<super::PayoutView> {
    use crate::i18n::msg;
    let user = crate::auth::ssr::user_by_id(&state.db, actor.user_id)
        .await?
        .ok_or_else(crate::auth::ssr::unauthorized)?;
    if current_password.is_empty() {
        return Err(AppError::invalid("current_password", msg::shop_err_current_password_required()));
    }
    if !crate::auth::ssr::verify_password(current_password, &user.password_hash).await? {
        return Err(AppError::invalid("current_password", msg::shop_err_current_password_wrong()));
    }
    let hold_days = state.config.payout_hold_days;
    let before = payout_account(&state.db, actor.shop_id, hold_days).await?;
    let shop_name = shop_by_id(&state.db, actor.shop_id).await?.map(|s| s.name).unwrap_or_default();
    let now = now_millis();
    let hold_until = now + i64::from(hold_days) * 24 * 3600 * 1000;
    let masked = super::application::PayoutAccount::masked(&account.number);
    // The notice goes to the owner in the owner's language.
    let locale = crate::auth::ssr::locale_of(&state.db, user.id).await?;
    let (subject, body) = crate::i18n::with_locale(locale, || {
        let bank = super::application::bank_name(&account.bank);
        let mut body = msg::shop_mail_payout_changed_body(&shop_name, bank, &masked, &account.holder, crate::time::format_datetime(now));
        if hold_days > 0 {
            body = format!("{body}\n\n{}", msg::shop_mail_payout_hold(crate::time::format_datetime(hold_until)));
        }
        let body = format!("{body}\n\n{}\n{}/", msg::shop_mail_payout_not_you(), state.config.public_url());
        (msg::shop_mail_payout_changed_subject().to_owned(), body)
    });
    let mut tx = state.db.pool().begin().await?;
    set_payout_account(&mut tx, actor.shop_id, account, if hold_days > 0 { hold_until } else { 0 }).await?;
    let after = super::PayoutView {
        bank: account.bank.clone(),
        account: masked,
        holder: account.holder.clone(),
        hold_days,
        held_until: if hold_days > 0 { crate::time::format_datetime(hold_until) } else { String::new() },
    };
    crate::audit::ssr::record(
        &mut *tx,
        crate::audit::ssr::Change {
            shop_id: Some(actor.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "shop.payout.update",
            target: "payout_account".into(),
            before: crate::audit::ssr::json(&before),
            after: crate::audit::ssr::json(&after),
        },
    )
    .await?;
    crate::mail::ssr::send_in(&mut *tx, state, &user.email, &subject, &body).await?;
    tx.commit().await?;
    Ok(after)
}
