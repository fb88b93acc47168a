//! Demo data for `make run`: an approved shop with an owner and staff whose
//! logins the README states. Loaded only into an empty database, so a
//! restart never duplicates or resets it.

use crate::auth::roles::Role;
use crate::auth::ssr::{hash_password, insert_user};
use crate::accounts::validate::{BusinessInput, Email, PayoutAccount};
use crate::error::AppResult;
use crate::db::{now_millis, Database};
use crate::shop::ssr::{insert_shop, NewShop};
use crate::shop::{BusinessNumber, ShopStatus};

pub const DEMO_SHOP_NAME: &str = "무드온 스튜디오";
/// Every demo account has this password.
pub const DEMO_PASSWORD: &str = "moodon-demo-2026";
pub const DEMO_OWNER: &str = "owner@moodon.example";
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    ("manager@moodon.example", "박매니저", Role::Manager),
    ("cs@moodon.example", "이상담", Role::Cs),
    ("logistics@moodon.example", "최물류", Role::Logistics),
];

/// Returns whether anything was loaded.
pub async fn load_if_empty(db: &Database, data_dir: &std::path::Path, products: usize, base_url: &str) -> AppResult<bool> {
    let (shops,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM shops").fetch_one(db.pool()).await?;
    if shops > 0 {
        return Ok(false);
    }
    let business = BusinessInput {
        shop_name: DEMO_SHOP_NAME.to_owned(),
        representative_name: "김하늘".to_owned(),
        business_number: BusinessNumber::parse("220-81-62517")?,
        mail_order_number: "제2024-서울마포-1234호".to_owned(),
        business_address: "서울특별시 마포구 월드컵북로 396, 5층".to_owned(),
        payout: PayoutAccount::parse("신한은행", "110-123-456789", "김하늘")?,
    };
    let hash = hash_password(DEMO_PASSWORD).await?;
    let mut tx = db.pool().begin().await?;
    let shop_id = insert_shop(
        &mut tx,
        &NewShop { business: &business, status: ShopStatus::Approved, document_path: "", document_mime: "" },
    )
    .await?;
    sqlx::query(
        "UPDATE shops SET cs_phone = $1, cs_email = $2, cs_hours = $3, introduction = $4, reviewed_at = $5, \
         business_type = '도매 및 소매업', business_item = '의류 전자상거래' WHERE id = $6",
    )
    .bind("02-3141-5926")
    .bind("cs@moodon.example")
    .bind("평일 10:00-17:00 (점심 12:30-13:30, 주말·공휴일 휴무)")
    .bind("매일 입기 좋은 미니멀 데일리룩을 만드는 여성 의류 브랜드입니다.")
    .bind(now_millis())
    .bind(shop_id)
    .execute(&mut *tx)
    .await?;
    let people = std::iter::once((DEMO_OWNER, "김하늘", Role::Owner)).chain(DEMO_STAFF.iter().copied());
    for (email, name, role) in people {
        let user_id = insert_user(&mut tx, &Email::parse(email)?, name, &hash, true, false).await?;
        crate::staff::ssr::add_member(&mut tx, shop_id, user_id, role).await?;
    }
    tx.commit().await?;
    // A negotiated 지그재그 rate below the platform's standard one, so the
    // statements show a shop rate and the platform rates side by side.
    let zigzag = crate::money::Rates { commission_bp: 950, payment_fee_bp: 330 };
    crate::settlement::ssr::insert_rate(db, shop_id, "zigzag", zigzag, 0, "입점 프로모션 요율", "system").await?;
    crate::products::demo::load(db, data_dir, shop_id, products).await?;
    // Promotions only with a catalogue (tests load none, and start from no promotions).
    if products > 0 {
        crate::promotions::demo::load(db, shop_id, now_millis()).await?;
    }
    crate::channel_api::write_demo_keys(db, data_dir, base_url).await?;
    tracing::info!(shop_id, products, "demo shop loaded");
    Ok(true)
}
