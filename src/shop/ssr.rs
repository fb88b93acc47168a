//! Shop data access (server only).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{BusinessNumber, ShopProfile, ShopProfileEdit, ShopStatus};
use crate::error::{AppError, AppResult};
use crate::server::db::{now_millis, Database};

const PROFILE_COLUMNS: &str = "id, name, representative_name, business_number, mail_order_number, \
     business_address, cs_phone, cs_email, cs_hours, introduction, status, updated_at";

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
        status: ShopStatus::parse(&status).ok_or_else(|| {
            tracing::error!(status, "unknown shop status in the database");
            AppError::internal()
        })?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// The shop the request acts for.
///
/// Until sign-in exists (the accounts issue), the app serves the one shop in
/// the database — the first registered. Every shop-scoped query already takes
/// the shop id this returns, so sessions only change where the id comes from.
pub async fn current_shop(db: &Database) -> AppResult<Option<ShopProfile>> {
    let sql = format!("SELECT {PROFILE_COLUMNS} FROM shops ORDER BY id LIMIT 1");
    let row = sqlx::query(&sql).fetch_optional(db.pool()).await?;
    row.as_ref().map(profile_from_row).transpose()
}

pub async fn shop_by_id(db: &Database, shop_id: i64) -> AppResult<Option<ShopProfile>> {
    let sql = format!("SELECT {PROFILE_COLUMNS} FROM shops WHERE id = $1");
    let row = sqlx::query(&sql).bind(shop_id).fetch_optional(db.pool()).await?;
    row.as_ref().map(profile_from_row).transpose()
}

pub async fn update_profile(db: &Database, shop_id: i64, edit: &ShopProfileEdit) -> AppResult<ShopProfile> {
    let done = sqlx::query(
        "UPDATE shops SET name = $1, cs_phone = $2, cs_email = $3, cs_hours = $4, \
         introduction = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&edit.name)
    .bind(&edit.cs_phone)
    .bind(&edit.cs_email)
    .bind(&edit.cs_hours)
    .bind(&edit.introduction)
    .bind(now_millis())
    .bind(shop_id)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found("상점"));
    }
    shop_by_id(db, shop_id).await?.ok_or_else(|| AppError::not_found("상점"))
}

/// A new shop as it arrives from sign-up: waiting for review.
pub struct NewShop<'a> {
    pub name: &'a str,
    pub representative_name: &'a str,
    pub business_number: &'a BusinessNumber,
    pub mail_order_number: &'a str,
    pub business_address: &'a str,
    pub status: ShopStatus,
}

pub async fn insert_shop(db: &Database, shop: &NewShop<'_>) -> AppResult<i64> {
    let now = now_millis();
    let row = sqlx::query(
        "INSERT INTO shops (name, representative_name, business_number, mail_order_number, \
         business_address, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(shop.name)
    .bind(shop.representative_name)
    .bind(shop.business_number.digits())
    .bind(shop.mail_order_number)
    .bind(shop.business_address)
    .bind(shop.status.as_str())
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    Ok(row.try_get("id")?)
}
