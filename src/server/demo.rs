//! Demo data for `make run`: a shop a visitor can look around in. Loaded
//! only into an empty database, so a restart never duplicates or resets it.

use crate::error::AppResult;
use crate::server::db::Database;
use crate::shop::ssr::{insert_shop, update_profile, NewShop};
use crate::shop::{BusinessNumber, ShopProfileEdit, ShopStatus};

pub const DEMO_SHOP_NAME: &str = "무드온 스튜디오";

/// Returns whether anything was loaded.
pub async fn load_if_empty(db: &Database) -> AppResult<bool> {
    let (shops,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM shops").fetch_one(db.pool()).await?;
    if shops > 0 {
        return Ok(false);
    }
    let business_number = BusinessNumber::parse("220-81-62517")?;
    let shop_id = insert_shop(
        db,
        &NewShop {
            name: DEMO_SHOP_NAME,
            representative_name: "김하늘",
            business_number: &business_number,
            mail_order_number: "제2024-서울마포-1234호",
            business_address: "서울특별시 마포구 월드컵북로 396, 5층",
            status: ShopStatus::Approved,
        },
    )
    .await?;
    let profile = ShopProfileEdit::parse(
        DEMO_SHOP_NAME,
        "02-3141-5926",
        "cs@moodon.example",
        "평일 10:00-17:00 (점심 12:30-13:30, 주말·공휴일 휴무)",
        "매일 입기 좋은 미니멀 데일리룩을 만드는 여성 의류 브랜드입니다.",
    )?;
    update_profile(db, shop_id, &profile).await?;
    tracing::info!(shop_id, "demo shop loaded");
    Ok(true)
}
