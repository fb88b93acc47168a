//! Shops are tenants: nothing one shop's people do reaches another shop.
//!
//! Shop A is the demo shop (owner, manager, CS, logistics, a pending
//! invitation, audit entries). Shop B signs up through the real form and is
//! approved by an operator. Then every registered server function is called
//! as B's owner with arguments that point at A's objects — A's user ids, A's
//! shop id, A's invitation handle — and A's data must be exactly as it was,
//! with none of A's private details in any answer. Each answer B gets must
//! also be the very answer B gets on a second app where A's business data
//! (products, orders, claims, inquiries, reviews, statements, the invitation)
//! does not exist: a leak of A's amounts, counts, ids or statuses makes them
//! differ. Every server function is also called signed out: all but an
//! explicit list of public ones answer 401. A server function added later
//! fails these tests until it is listed here.

use crate::common;

use std::collections::BTreeMap;

use common::{assert_ok, Session, TestApp, TestResponse, SELLER_PASSWORD};
use leptos::server_fn::ServerFn;
use partner_center::accounts::{SetLanguage, ChangePassword, ForgotPassword, GetSession, ListSessions, Login, Logout, LogoutOtherSessions, ResendVerification, ResetPassword, ResubmitApplication, Signup, UnlockLogin, VerifyEmail};
use partner_center::shop::{GetPayoutAccount, UpdatePayoutAccount};
use partner_center::audit::ListAuditLog;
use partner_center::claims::{
    ApproveClaims, ClaimBadges, GetClaim, HoldClaim, ListClaims, MarkCollected, RejectClaim, ReshipExchange, StartPickup,
};
use partner_center::inquiries::{
    AnswerInquiry, DeleteAnswerTemplate, GetInquiry, ListAnswerTemplates, ListInquiries, SaveAnswerTemplate,
};
use partner_center::promotions::coupons::{GetCoupon, ListCoupons, SaveCoupon, SetCouponState};
use partner_center::promotions::results::GetPromotionResults;
use partner_center::promotions::campaigns::{
    ApplyToCampaign, CreateCampaign, GetCampaign, GetCampaignForOperator, ListCampaigns, ListCampaignsForOperator,
    ReviewApplications, WithdrawApplication,
};
use partner_center::promotions::discounts::{CancelPeriodDiscount, ListPeriodDiscounts, ListPromoProducts, SavePeriodDiscount};
use partner_center::reviews::{ListReviews, ReplyReview, ReportReview, SetBestReview};
use partner_center::sales::GetSalesReport;
use partner_center::settlement::{
    AddCommissionRate, AddSettlementAdjustment, GetOperatorSettlement, GetSettlementMonth, GetStatement, HoldStatement,
};
use partner_center::settlement::tax::{GetTaxInvoice, GetVatReport, ListTaxInvoices};
use partner_center::home::GetDashboard;
use partner_center::mail::ListMailbox;
use partner_center::operator::{GetApplication, ListApplications, ReviewShop};
use partner_center::orders::{
    CancelOrders, ConfirmOrders, DelayOrders, GetOrder, ImportInvoices, ListOrders, PackingSlips, ShipOrders,
};
use partner_center::products::{
    BulkUpdateProducts, GetProduct, ImportProducts, ListProducts, ListStockSheet, SaveProduct, SaveStockSheet,
    UploadProductImage,
};
use partner_center::server::demo::{DEMO_OWNER, DEMO_SHOP_NAME};
use partner_center::shop::{GetShopProfile, UpdateShopProfile};
use partner_center::staff::{
    AcceptInvitation, CancelInvitation, ChangeStaffRole, GetInvitation, InviteStaff, ListStaff, RevokeStaff,
};

const MANAGER: &str = "manager@moodon.example";
const CS: &str = "cs@moodon.example";
const LOGISTICS: &str = "logistics@moodon.example";
/// Someone shop A invited who has not joined yet.
const A_INVITEE: &str = "newhire@moodon.example";
const B_OWNER: &str = "owner@seongsu-knit.example";
const WALK_PASSWORD: &str = "Tenancy#Probe2026";

/// What only shop A has: none of it may appear in an answer to shop B or
/// to a visitor.
const A_PRIVATE: &[&str] = &[
    DEMO_SHOP_NAME,
    DEMO_OWNER,
    MANAGER,
    CS,
    LOGISTICS,
    A_INVITEE,
    "김하늘",
    "박매니저",
    "이상담",
    "최물류",
    "2208162517",
    "220-81-62517",
    "110123456789",
    "110-****-6789",
    "02-3141-5926",
    "월드컵북로",
    "서울마포-1234",
    A_PRODUCT,
    "A-COAT-BK-S",
    A_BUYER,
    "01055557777",
    "010-5555-7777",
    "연희로 77",
    "키 165cm인데",
    "따뜻하고 핏이 예뻐요",
    "실측 사이즈를 참고해",
];

/// Who bought from shop A (through the Channel API).
const A_BUYER: &str = "정하린";

/// Shop A's product (name) and its code.
const A_PRODUCT: &str = "무드온 시그니처 울 코트";
const A_PRODUCT_CODE: &str = "A-COAT";

/// Every server function and what B's owner gets from it when it points at
/// shop A: `"ok"` (and then it acted on shop B) or the error code.
fn expected_for_another_shop_s_owner() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        // B's own account and shop: answered, about B.
        (GetSession::PATH, "ok"),
        (ListSessions::PATH, "ok"),
        (LogoutOtherSessions::PATH, "ok"),
        // B's own language (the walk keeps it Korean).
        (SetLanguage::PATH, "ok"),
        (Logout::PATH, "ok"),
        (ChangePassword::PATH, "ok"),
        (GetPayoutAccount::PATH, "ok"),
        (UpdatePayoutAccount::PATH, "ok"),
        (GetDashboard::PATH, "ok"),
        (GetShopProfile::PATH, "ok"),
        (UpdateShopProfile::PATH, "ok"),
        (ListStaff::PATH, "ok"),
        // Aimed at A's people: they work at another shop (a refusal that
        // changes nothing and names nothing of A).
        (InviteStaff::PATH, "invalid_input"),
        (ListAuditLog::PATH, "ok"),
        (ForgotPassword::PATH, "ok"),
        (ResendVerification::PATH, "ok"),
        (ListProducts::PATH, "ok"),
        (ListStockSheet::PATH, "ok"),
        (ListOrders::PATH, "ok"),
        // A spreadsheet row with A's order item: reported as not B's, nothing shipped.
        (ImportInvoices::PATH, "ok"),
        // A's order and order item: not found in B's shop.
        (GetOrder::PATH, "not_found"),
        (ConfirmOrders::PATH, "not_found"),
        (CancelOrders::PATH, "not_found"),
        (ShipOrders::PATH, "not_found"),
        (DelayOrders::PATH, "not_found"),
        (PackingSlips::PATH, "not_found"),
        // B's own claims, inquiries, templates: answered, empty.
        (ListClaims::PATH, "ok"),
        (ClaimBadges::PATH, "ok"),
        (ListInquiries::PATH, "ok"),
        (ListAnswerTemplates::PATH, "ok"),
        // A's claim, inquiry, template, review and product: not found in B's shop.
        (GetClaim::PATH, "not_found"),
        (ApproveClaims::PATH, "not_found"),
        (RejectClaim::PATH, "not_found"),
        (HoldClaim::PATH, "not_found"),
        (StartPickup::PATH, "not_found"),
        (MarkCollected::PATH, "not_found"),
        (ReshipExchange::PATH, "not_found"),
        (GetInquiry::PATH, "not_found"),
        (AnswerInquiry::PATH, "not_found"),
        (SaveAnswerTemplate::PATH, "not_found"),
        (DeleteAnswerTemplate::PATH, "not_found"),
        // 매출 and 정산: B's own (empty) figures; A's statement is not found.
        (GetSalesReport::PATH, "ok"),
        (GetSettlementMonth::PATH, "ok"),
        (ListTaxInvoices::PATH, "ok"),
        (GetVatReport::PATH, "ok"),
        (GetTaxInvoice::PATH, "not_found"),
        (GetStatement::PATH, "not_found"),
        // The operator's settlement console.
        (GetOperatorSettlement::PATH, "forbidden"),
        (AddCommissionRate::PATH, "forbidden"),
        (HoldStatement::PATH, "forbidden"),
        (AddSettlementAdjustment::PATH, "forbidden"),
        (ListReviews::PATH, "not_found"),
        (ReplyReview::PATH, "not_found"),
        (ReportReview::PATH, "not_found"),
        (SetBestReview::PATH, "not_found"),
        (UploadProductImage::PATH, "ok"),
        // A product row with A's product code: a product of B's own.
        (ImportProducts::PATH, "ok"),
        // A's product, A's variant: not found in B's shop.
        (GetProduct::PATH, "not_found"),
        (SaveProduct::PATH, "not_found"),
        (BulkUpdateProducts::PATH, "not_found"),
        (SaveStockSheet::PATH, "not_found"),
        // Pointing at A's staff or A's invitation: not found in B's shop.
        (ChangeStaffRole::PATH, "not_found"),
        (RevokeStaff::PATH, "not_found"),
        (CancelInvitation::PATH, "not_found"),
        // A's invitation handle is no link token.
        (GetInvitation::PATH, "invalid_token"),
        (AcceptInvitation::PATH, "invalid_token"),
        (VerifyEmail::PATH, "invalid_token"),
        (ResetPassword::PATH, "invalid_token"),
        (UnlockLogin::PATH, "invalid_token"),
        // The operator's console.
        (ListApplications::PATH, "forbidden"),
        (GetApplication::PATH, "forbidden"),
        (ReviewShop::PATH, "forbidden"),
        (ListMailbox::PATH, "forbidden"),
        // A's business number cannot be taken over; B is not rejected.
        (Signup::PATH, "business_number_taken"),
        (ResubmitApplication::PATH, "conflict"),
        (Login::PATH, "invalid_credentials"),
        // 프로모션: B's own (empty) coupons; A's coupon and its results are
        // not found in B's shop; a coupon on A's product is refused.
        (ListCoupons::PATH, "ok"),
        (GetCoupon::PATH, "not_found"),
        (SetCouponState::PATH, "not_found"),
        (GetPromotionResults::PATH, "not_found"),
        (SaveCoupon::PATH, "invalid_input"),
        // 기간할인: B's own (none); A's product and A's discount not found.
        (ListPeriodDiscounts::PATH, "ok"),
        (ListPromoProducts::PATH, "ok"),
        (SavePeriodDiscount::PATH, "not_found"),
        (CancelPeriodDiscount::PATH, "not_found"),
        // 기획전: the platform's campaigns (none here) and B's applications.
        (ListCampaigns::PATH, "ok"),
        (GetCampaign::PATH, "not_found"),
        (ApplyToCampaign::PATH, "not_found"),
        (WithdrawApplication::PATH, "not_found"),
        // The operator's campaigns.
        (CreateCampaign::PATH, "forbidden"),
        (ListCampaignsForOperator::PATH, "forbidden"),
        (GetCampaignForOperator::PATH, "forbidden"),
        (ReviewApplications::PATH, "forbidden"),
    ])
}

/// Functions a visitor may call, and what the walk's arguments get from
/// them. Everything else answers 401.
fn public_functions() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (GetSession::PATH, "ok"),
        (Login::PATH, "invalid_credentials"),
        (Signup::PATH, "business_number_taken"),
        (VerifyEmail::PATH, "invalid_token"),
        (ResendVerification::PATH, "ok"),
        (ForgotPassword::PATH, "ok"),
        (ResetPassword::PATH, "invalid_token"),
        (UnlockLogin::PATH, "invalid_token"),
        (GetInvitation::PATH, "invalid_token"),
        (AcceptInvitation::PATH, "invalid_token"),
        // Signing out without a session does nothing (and clears the cookie).
        (Logout::PATH, "ok"),
        // A visitor's language: the device's cookie only.
        (SetLanguage::PATH, "ok"),
        // ListMailbox is public only with DEV_MODE (off here, as in production).
    ])
}

fn outcome(res: &TestResponse) -> String {
    if res.status == 200 {
        "ok".to_owned()
    } else {
        serde_json::from_str::<serde_json::Value>(&res.body)
            .ok()
            .and_then(|v| v["code"].as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("HTTP {}: {}", res.status, res.body))
    }
}

/// Shop A as stored: its row, its memberships, its people, their sessions,
/// its links and its audit log.
async fn snapshot(app: &TestApp, shop_id: i64) -> Vec<String> {
    const PEOPLE: &str = "SELECT user_id FROM shop_members WHERE shop_id = $1";
    let mut all = Vec::new();
    for (table, sql) in [
        ("shops", "SELECT * FROM shops WHERE id = $1".to_owned()),
        (
            "shop_members",
            format!("SELECT * FROM shop_members WHERE shop_id = $1 OR user_id IN ({PEOPLE}) ORDER BY shop_id, user_id"),
        ),
        ("users", format!("SELECT * FROM users WHERE id IN ({PEOPLE}) ORDER BY id")),
        ("sessions", format!("SELECT * FROM sessions WHERE user_id IN ({PEOPLE}) ORDER BY id_hash")),
        (
            "auth_tokens",
            format!("SELECT * FROM auth_tokens WHERE shop_id = $1 OR user_id IN ({PEOPLE}) ORDER BY token_hash"),
        ),
        ("audit_log", "SELECT * FROM audit_log WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("products", "SELECT * FROM products WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("product_variants", "SELECT * FROM product_variants WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("product_images", "SELECT * FROM product_images WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("order_items", "SELECT * FROM order_items WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("order_item_events", "SELECT * FROM order_item_events WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("buyer_outbox", "SELECT * FROM buyer_outbox WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("claims", "SELECT * FROM claims WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("claim_events", "SELECT * FROM claim_events WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("inquiries", "SELECT * FROM inquiries WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("inquiry_answers", "SELECT * FROM inquiry_answers WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("answer_templates", "SELECT * FROM answer_templates WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("reviews", "SELECT * FROM reviews WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("settlement_statements", "SELECT * FROM settlement_statements WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("settlement_lines", "SELECT * FROM settlement_lines WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("tax_invoices", "SELECT * FROM tax_invoices WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("commission_rates", "SELECT * FROM commission_rates WHERE shop_id = $1 OR shop_id = 0 ORDER BY id".to_owned()),
        ("sales_rollup", "SELECT * FROM sales_rollup WHERE shop_id = $1 ORDER BY dim, day, group_key".to_owned()),
        ("coupons", "SELECT * FROM coupons WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("coupon_products", "SELECT * FROM coupon_products WHERE shop_id = $1 ORDER BY coupon_id, product_id".to_owned()),
        ("coupon_redemptions", "SELECT * FROM coupon_redemptions WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("promotion_daily", "SELECT * FROM promotion_daily WHERE shop_id = $1 ORDER BY kind, promotion_id, day".to_owned()),
        ("period_discounts", "SELECT * FROM period_discounts WHERE shop_id = $1 ORDER BY id".to_owned()),
        ("campaign_applications", "SELECT * FROM campaign_applications WHERE shop_id = $1 ORDER BY id".to_owned()),
        (
            "mail_outbox",
            format!(
                "SELECT * FROM mail_outbox WHERE to_address IN (SELECT email FROM users WHERE id IN ({PEOPLE})) \
                 OR to_address IN (SELECT email FROM auth_tokens WHERE shop_id = $1) \
                 OR to_address IN (SELECT cs_email FROM shops WHERE id = $1) ORDER BY id"
            ),
        ),
    ] {
        // PostgreSQL numbers placeholders; every `$1` here is the same id.
        for row in app.rows(&sql, &[shop_id]).await {
            all.push(format!("{table}: {row}"));
        }
    }
    all
}

/// Every file stored under the data directory (documents, product images
/// and thumbnails, keys), by path, with a digest of its bytes; the database
/// files themselves are in the rows above.
fn stored_files(app: &TestApp) -> BTreeMap<String, (usize, u64)> {
    use std::hash::{Hash, Hasher};
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut BTreeMap<String, (usize, u64)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
                continue;
            }
            let name = path.strip_prefix(root).unwrap().display().to_string();
            if name.starts_with("partner-center.db") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            out.insert(name, (bytes.len(), hasher.finish()));
        }
    }
    let mut out = BTreeMap::new();
    walk(app.data_dir(), app.data_dir(), &mut out);
    out
}

/// Shop A's stored files (its product photos among them) are all still
/// there, byte for byte. Files another shop added are its own.
#[track_caller]
fn assert_files_kept(before: &BTreeMap<String, (usize, u64)>, after: &BTreeMap<String, (usize, u64)>) {
    let changed: Vec<&String> = before.keys().filter(|p| after.get(*p) != before.get(*p)).collect();
    assert!(changed.is_empty(), "stored files removed or changed: {changed:?}");
}

/// The files A's product photos live in, as `stored_files` names them.
async fn a_image_files(app: &TestApp, shop_id: i64) -> Vec<String> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT file, thumb FROM product_images WHERE shop_id = $1")
        .bind(shop_id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    rows.into_iter().flat_map(|(f, t)| [f, t]).collect()
}

struct ShopA {
    id: i64,
    owner: Session,
    staff: Vec<Session>,
    cs_id: i64,
    owner_id: i64,
    /// The handle of A's pending invitation, as A's owner sees it.
    invitation: String,
    invitation_token: String,
    product_id: i64,
    variant_id: i64,
    order_no: String,
    order_item: i64,
    claim_id: i64,
    /// The order item A's claim is on (what the claim badges are asked for).
    claim_item: i64,
    inquiry_id: i64,
    template_id: i64,
    review_id: i64,
    /// A's 기간할인 on its coat.
    discount_id: i64,
    statement_id: i64,
    /// `YYYY-MM` of the pay date of A's statement (the settlement month
    /// that shows it).
    pay_month: String,
    /// `YYYY-MM` (KST) in which A's orders were paid (the VAT month).
    sales_month: String,
    /// A's coupon on A's coat.
    coupon_id: i64,
}

impl ShopA {
    /// The same aim on an app where A's business data does not exist: every
    /// object id moved past anything that app holds (there, ids of A's size
    /// would be B's own rows), A's people (the demo shop's, in every app)
    /// as they are.
    fn ghost(&self) -> ShopA {
        const FAR: i64 = 1_000_000;
        ShopA {
            id: self.id,
            owner: Session(String::new()),
            staff: Vec::new(),
            cs_id: self.cs_id,
            owner_id: self.owner_id,
            invitation: self.invitation.clone(),
            invitation_token: self.invitation_token.clone(),
            product_id: self.product_id + FAR,
            variant_id: self.variant_id + FAR,
            order_no: self.order_no.clone(),
            order_item: self.order_item + FAR,
            claim_id: self.claim_id + FAR,
            claim_item: self.claim_item + FAR,
            inquiry_id: self.inquiry_id + FAR,
            template_id: self.template_id + FAR,
            review_id: self.review_id + FAR,
            discount_id: self.discount_id + FAR,
            statement_id: self.statement_id + FAR,
            pay_month: self.pay_month.clone(),
            sales_month: self.sales_month.clone(),
            coupon_id: self.coupon_id + FAR,
        }
    }
}

/// The demo shop with its people signed in, a pending invitation and a few
/// audit entries.
async fn shop_a(app: &TestApp) -> ShopA {
    let owner = app.sign_in_demo(DEMO_OWNER).await;
    let mut staff = Vec::new();
    for who in [MANAGER, CS, LOGISTICS] {
        staff.push(app.sign_in_demo(who).await);
    }
    let form = [
        ("name", DEMO_SHOP_NAME),
        ("cs_phone", "02-3141-5926"),
        ("cs_email", CS),
        ("cs_hours", "평일 10:00-17:00"),
        ("introduction", "미니멀 데일리룩"),
    ];
    assert_ok(&app.call(UpdateShopProfile::PATH, &form, Some(&owner)).await);
    assert_ok(&app.call(InviteStaff::PATH, &[("email", A_INVITEE), ("role", "logistics")], Some(&owner)).await);
    let invitation_token = app.latest_mail(A_INVITEE).await.expect("invitation mail").token("/invitation");
    let staff_list = app.call(ListStaff::PATH, &[], Some(&owner)).await.json();
    let invitation = staff_list["invitations"][0]["id"].as_str().expect("pending invitation").to_owned();
    let image = app
        .post_multipart(UploadProductImage::PATH, &[common::Part::file("image", "a.jpg", "image/jpeg", &common::photo())], Some(&owner), common::SAME_ORIGIN)
        .await
        .json();
    let saved = app.call_json(SaveProduct::PATH, &a_product(None, image["id"].as_i64().unwrap()), Some(&owner)).await;
    assert_ok(&saved);
    let product_id = saved.json().as_i64().unwrap();
    let detail = app.call(GetProduct::PATH, &[("product_id", &product_id.to_string())], Some(&owner)).await.json();
    let variant_id = detail["input"]["variants"][0]["id"].as_i64().unwrap();
    // A period discount on the coat, a week from now.
    let week = partner_center::db::now_millis() + 7 * 24 * 60 * 60 * 1000;
    let discount = app
        .call(
            SavePeriodDiscount::PATH,
            &[
                ("product_id", &product_id.to_string()),
                ("variant_ids", ""),
                ("name", "무드온 코트 특가"),
                ("price_mode", "won"),
                ("price", "139000"),
                ("starts_at", &partner_center::promotions::kst_input(week)),
                ("ends_at", &partner_center::promotions::kst_input(week + 24 * 60 * 60 * 1000)),
            ],
            Some(&owner),
        )
        .await;
    assert_ok(&discount);
    let discount_id = discount.json().as_i64().unwrap();
    // A buyer's order of A's coat, through the Channel API.
    let key = partner_center::channel_api::create_client(&app.state.db, partner_center::channel_api::ClientKind::Channel, "zigzag", "지그재그")
        .await
        .unwrap();
    let order = serde_json::json!({
        "channel_order_id": "ZZ-TENANCY-1", "payment_method": "card",
        "buyer": { "name": A_BUYER, "phone": "010-5555-7777" },
        "recipient": { "name": A_BUYER, "phone": "010-5555-7777", "postcode": "03700", "address": "서울특별시 서대문구 연희로 77" },
        "items": [{ "channel_item_id": "1", "variant_id": variant_id, "quantity": 1, "unit_price": 159000 }],
    });
    let placed = app.api_post("/api/channel/v1/orders", &order, &key).await;
    assert_eq!(placed.status, 201, "{}", placed.body);
    let order_no = placed.json()["order_no"].as_str().unwrap().to_owned();
    let order_item = placed.json()["items"][0]["item_id"].as_i64().unwrap();
    assert_eq!(order_item, common::PROBE_ORDER_ITEM, "the invoice probe's row names A's item");
    // A buyer's cancel request on a second order, a product inquiry, an
    // answer template, and a review of the first item once delivered.
    let second = serde_json::json!({
        "channel_order_id": "ZZ-TENANCY-2", "payment_method": "card",
        "buyer": { "name": A_BUYER, "phone": "010-5555-7777" },
        "recipient": { "name": A_BUYER, "phone": "010-5555-7777", "postcode": "03700", "address": "서울특별시 서대문구 연희로 77" },
        "items": [{ "channel_item_id": "1", "variant_id": variant_id, "quantity": 1, "unit_price": 159000 }],
    });
    assert_eq!(app.api_post("/api/channel/v1/orders", &second, &key).await.status, 201);
    let claim = serde_json::json!({
        "channel_claim_id": "ZZ-TC-1", "channel_order_id": "ZZ-TENANCY-2", "channel_item_id": "1",
        "kind": "cancel", "reason": "change_of_mind",
    });
    let claimed = app.api_post("/api/channel/v1/claims", &claim, &key).await;
    assert_eq!(claimed.status, 201, "{}", claimed.body);
    let claim_id = claimed.json()["claim_id"].as_i64().unwrap();
    let claim_item: i64 = sqlx::query_scalar("SELECT order_item_id FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let inquiry = serde_json::json!({
        "channel_inquiry_id": "ZZ-TQ-1", "kind": "product", "product_id": product_id,
        "buyer_name": A_BUYER, "category": "size", "body": "키 165cm인데 S 사이즈 맞을까요?",
    });
    let asked = app.api_post("/api/channel/v1/inquiries", &inquiry, &key).await;
    assert_eq!(asked.status, 201, "{}", asked.body);
    let inquiry_id = asked.json()["inquiry_id"].as_i64().unwrap();
    let template = app
        .call(SaveAnswerTemplate::PATH, &[("title", "사이즈 안내"), ("body", "상세페이지의 실측 사이즈를 참고해 주세요.")], Some(&owner))
        .await;
    assert_ok(&template);
    let template_id = template.json()["id"].as_i64().unwrap();
    let carrier = partner_center::channel_api::create_client(&app.state.db, partner_center::channel_api::ClientKind::Carrier, "*", "택배 연동")
        .await
        .unwrap();
    common::ship_and_deliver(app, &owner, &carrier, &[order_item], "612345678901").await;
    let review = serde_json::json!({
        "channel_review_id": "ZZ-TR-1", "channel_order_id": "ZZ-TENANCY-1", "channel_item_id": "1",
        "rating": 5, "body": "따뜻하고 핏이 예뻐요", "buyer_name": "정*린",
    });
    let reviewed = app.api_post("/api/channel/v1/reviews", &review, &key).await;
    assert_eq!(reviewed.status, 201, "{}", reviewed.body);
    let review_id = reviewed.json()["review_id"].as_i64().unwrap();
    // The buyer confirms the coat: it is settled into A's statement.
    let confirmed = app.api_post("/api/channel/v1/orders/ZZ-TENANCY-1/purchase-confirmation", &serde_json::json!({}), &key).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    partner_center::settlement::ssr::run(&app.state.db, partner_center::db::now_millis()).await.unwrap();
    let statement_id: i64 = sqlx::query_scalar("SELECT statement_id FROM settlement_lines WHERE order_item_id = $1")
        .bind(order_item)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let pay_date: String = sqlx::query_scalar("SELECT pay_date FROM settlement_statements WHERE id = $1")
        .bind(statement_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    // A coupon on A's coat.
    let coupon = app.call_json(SaveCoupon::PATH, &a_coupon(product_id), Some(&owner)).await;
    assert_ok(&coupon);
    let coupon_id = coupon.json().as_i64().unwrap();
    ShopA {
        coupon_id,
        statement_id,
        pay_month: pay_date[..7].to_owned(),
        sales_month: chrono::Utc::now().with_timezone(&partner_center::time::kst()).format("%Y-%m").to_string(),
        claim_item,
        order_no,
        order_item,
        product_id,
        variant_id,
        id: app.demo_shop_id().await,
        owner,
        staff,
        cs_id: app.user_id(CS).await,
        owner_id: app.user_id(DEMO_OWNER).await,
        invitation,
        invitation_token,
        claim_id,
        inquiry_id,
        template_id,
        review_id,
        discount_id,
    }
}

/// Shop A's coat (or, with an id, a save aimed at it).
fn a_product(id: Option<i64>, image_id: i64) -> serde_json::Value {
    serde_json::json!({ "input": {
        "id": id, "code": A_PRODUCT_CODE, "name": A_PRODUCT, "category": "아우터>코트",
        "list_price": 189000, "sale_price": 159000, "description": "", "status": "on_sale",
        "channels": ["zigzag"],
        "option_groups": [{ "name": "색상", "values": ["블랙"] }, { "name": "사이즈", "values": ["S"] }],
        "variants": [{ "id": null, "options": ["블랙", "S"], "sku": "A-COAT-BK-S", "extra_price": 0, "stock": 7,
                       "stock_was": null, "low_stock_threshold": 3, "active": true }],
        "shipping": { "shipping_fee": 3000, "free_shipping_over": 50000, "return_fee": 3000, "exchange_fee": 6000,
                      "ship_from": "", "return_address": "" },
        "image_ids": [image_id],
    }})
}

/// A 10 % coupon on `product_id` (A's coat, or aimed at it).
fn a_coupon(product_id: i64) -> serde_json::Value {
    let now = partner_center::db::now_millis();
    let day = 24 * 60 * 60 * 1000;
    serde_json::json!({ "input": {
        "name": "코트 10%", "code": "COAT10", "kind": "rate", "rate": "10", "max_discount": "5000",
        "starts_at": partner_center::promotions::kst_input(now - day),
        "ends_at": partner_center::promotions::kst_input(now + 30 * day),
        "total_limit": "50", "per_buyer_limit": "1", "scope": "products", "product_ids": [product_id], "cost": "seller",
    }})
}

/// Arguments for every server function at once (each reads the ones it
/// takes), aimed at shop A wherever an argument names an object.
fn fields_aimed_at(a: &ShopA, user_id: i64, current_password: &str) -> Vec<(String, String)> {
    let pairs = [
        ("user_id", user_id.to_string()),
        ("locale", "ko".to_owned()),
        ("shop_id", a.id.to_string()),
        ("id", a.invitation.clone()),
        ("token", a.invitation.clone()),
        ("email", "walker@seongsu-knit.example".to_owned()),
        ("name", "침입자 상점".to_owned()),
        ("role", "manager".to_owned()),
        ("decision", "approve".to_owned()),
        ("reason", "x".to_owned()),
        ("status", "all".to_owned()),
        ("current_password", current_password.to_owned()),
        ("password", WALK_PASSWORD.to_owned()),
        ("password_confirm", WALK_PASSWORD.to_owned()),
        ("shop_name", "침입자 상점".to_owned()),
        ("representative_name", "침입자".to_owned()),
        ("business_number", "220-81-62517".to_owned()),
        ("mail_order_number", "제2026-서울성동-0001호".to_owned()),
        ("business_address", "서울특별시 성동구 연무장길 1".to_owned()),
        ("settlement_bank", "카카오뱅크".to_owned()),
        ("settlement_account", "3333-09-8765432".to_owned()),
        ("settlement_holder", "침입자".to_owned()),
        ("cs_phone", "0212345678".to_owned()),
        ("cs_email", "walker@seongsu-knit.example".to_owned()),
        ("cs_hours", "평일 10:00-18:00".to_owned()),
        ("introduction", "침입 테스트".to_owned()),
        ("product_id", a.product_id.to_string()),
        ("q", String::new()),
        ("category", String::new()),
        ("channel", String::new()),
        ("low_stock", "false".to_owned()),
        ("sort", String::new()),
        ("mode", "valid_only".to_owned()),
        ("order_no", a.order_no.clone()),
        ("tab", String::new()),
        ("from", String::new()),
        ("to", String::new()),
        ("claim_id", a.claim_id.to_string()),
        ("courier", "cj".to_owned()),
        ("tracking_number", "612345678901".to_owned()),
        ("damaged", "false".to_owned()),
        ("inquiry_id", a.inquiry_id.to_string()),
        ("template_id", a.template_id.to_string()),
        ("review_id", a.review_id.to_string()),
        ("body", "침입 답변".to_owned()),
        ("title", "침입".to_owned()),
        ("reply", String::new()),
        ("best", "true".to_owned()),
        ("kind", String::new()),
        ("due", String::new()),
        ("rating", String::new()),
        ("photo", "false".to_owned()),
        ("reported", "false".to_owned()),
        ("range", String::new()),
        // The month A's statement is paid in (the VAT probe gets the month
        // A's orders were paid in: `fields_for`).
        ("month", a.pay_month.clone()),
        ("statement_id", a.statement_id.to_string()),
        ("after", "0".to_owned()),
        ("hold", "true".to_owned()),
        ("amount", "1000".to_owned()),
        ("memo", "침입".to_owned()),
        ("commission", "1".to_owned()),
        ("payment_fee", "1".to_owned()),
        ("effective_from", "2026-12-01".to_owned()),
        ("coupon_id", a.coupon_id.to_string()),
        ("promotion_id", a.coupon_id.to_string()),
        ("change", "end".to_owned()),
        // 기간할인 and 기획전: A's product and discount; campaign and
        // application ids that are nobody's here.
        ("discount_id", a.discount_id.to_string()),
        ("variant_ids", String::new()),
        ("price_mode", "won".to_owned()),
        ("price", "1000".to_owned()),
        ("starts_at", partner_center::promotions::kst_input(partner_center::db::now_millis() + 30 * 24 * 60 * 60 * 1000)),
        ("ends_at", partner_center::promotions::kst_input(partner_center::db::now_millis() + 31 * 24 * 60 * 60 * 1000)),
        ("apply_from", partner_center::promotions::kst_input(partner_center::db::now_millis())),
        ("apply_until", partner_center::promotions::kst_input(partner_center::db::now_millis() + 29 * 24 * 60 * 60 * 1000)),
        ("banner", "침입".to_owned()),
        ("min_discount", "10".to_owned()),
        ("max_price", "0".to_owned()),
        ("categories", String::new()),
        ("campaign_id", "1".to_owned()),
        ("application_id", "1".to_owned()),
    ];
    let mut all: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    // JSON bodies of the functions that take JSON, aimed at A's product.
    all.push((SaveProduct::PATH.to_owned(), a_product(Some(a.product_id), 0).to_string()));
    all.push((SaveCoupon::PATH.to_owned(), a_coupon(a.product_id).to_string()));
    all.push((
        BulkUpdateProducts::PATH.to_owned(),
        serde_json::json!({ "ids": [a.product_id], "action": "Delete" }).to_string(),
    ));
    all.push((
        SaveStockSheet::PATH.to_owned(),
        serde_json::json!({
            "variants": [{ "variant_id": a.variant_id, "stock": 0, "stock_was": 7, "extra_price": 0,
                           "low_stock_threshold": 0, "active": false }],
            "prices": [{ "product_id": a.product_id, "sale_price": 100 }],
        })
        .to_string(),
    ));
    let item = a.order_item;
    let next_week = (chrono::Utc::now() + chrono::Duration::days(7)).with_timezone(&partner_center::time::kst()).date_naive();
    for (path, body) in [
        (ConfirmOrders::PATH, serde_json::json!({ "ids": [item] })),
        (CancelOrders::PATH, serde_json::json!({ "ids": [item], "reason": "침입" })),
        (ShipOrders::PATH, serde_json::json!({ "items": [{ "item_id": item, "courier": "cj", "tracking_number": "612345678901" }] })),
        (DelayOrders::PATH, serde_json::json!({ "ids": [item], "reason": "침입", "new_date": next_week.to_string() })),
        (PackingSlips::PATH, serde_json::json!({ "ids": [item] })),
        (ApproveClaims::PATH, serde_json::json!({ "ids": [a.claim_id], "expected_refund": null })),
        (ClaimBadges::PATH, serde_json::json!({ "ids": [a.claim_item] })),
        (ApplyToCampaign::PATH, serde_json::json!({ "campaign_id": 1, "items": [{ "product_id": a.product_id, "price": 1000 }] })),
        (ReviewApplications::PATH, serde_json::json!({ "campaign_id": 1, "decisions": [{ "application_id": 1, "approve": true }] })),
    ] {
        all.push((path.to_owned(), body.to_string()));
    }
    all
}

/// The walk's fields for one function: the e-mail probes (reset, resend,
/// invite) name one of A's people, the VAT probe the month A sold in.
fn fields_for(path: &str, base: &[(String, String)], a: &ShopA, person: &str) -> Vec<(String, String)> {
    let mut fields = base.to_vec();
    let mut set = |key: &str, value: &str| {
        for (k, v) in fields.iter_mut() {
            if k == key {
                *v = value.to_owned();
            }
        }
    };
    if [ForgotPassword::PATH, ResendVerification::PATH, InviteStaff::PATH].contains(&path) {
        set("email", person);
    }
    if path == GetVatReport::PATH {
        set("month", &a.sales_month);
    }
    // A's coupon's results (`kind` means another thing to others).
    if path == GetPromotionResults::PATH {
        set("kind", "coupon");
    }
    fields
}

/// An answer with what differs between two apps' runs of the same calls
/// taken out: ids (B's rows get other ids when A's rows are not there; an
/// error repeats the id it was asked about), timestamps, tokens, and the
/// digits inside strings (clock times, ids in file names and cursors).
/// Numbers (amounts, counts), statuses, names, words and the shape stay;
/// A's names, phones and numbers as text are checked on the raw answer
/// (`assert_no_leak`).
fn normalized(res: &TestResponse) -> String {
    fn volatile_key(k: &str) -> bool {
        k == "id" || k == "ids" || k.ends_with("_id") || k.ends_with("_ids") || k.ends_with("_at") || k == "token"
    }
    fn json(key: Option<&str>, v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let n = json(Some(&k), v);
                        (k, n)
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.into_iter().map(|v| json(key, v)).collect()),
            Value::Number(_) | Value::String(_) if key.is_some_and(volatile_key) => Value::String("<id|time>".into()),
            Value::Number(n) if n.as_i64().is_some_and(|x| x > 1_000_000_000_000) => Value::String("<millis>".into()),
            Value::String(s) => Value::String(text(&s)),
            other => other,
        }
    }
    /// A run of 16+ letters and digits with a digit in it → `<token>`; any
    /// other run of digits → `#`.
    fn text(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let run = chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if run >= 16 && chars[i..i + run].iter().any(char::is_ascii_digit) {
                out.push_str("<token>");
                i += run;
                continue;
            }
            let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 {
                out.push('#');
                i += digits;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }
    let body = match serde_json::from_str::<serde_json::Value>(&res.body) {
        Ok(v) => json(None, v).to_string(),
        Err(_) => text(&res.body),
    };
    format!("{} {body}", res.status.as_u16())
}

/// What B's owner got from every function, aimed at `a`, in order.
struct Walk {
    answers: Vec<(String, String)>,
    answered_about_b: usize,
    b_password: String,
}

/// B's owner calls every registered function twice (aimed at A's CS, then
/// at A's owner), each from a fresh session, and gets the answers the
/// table expects, with none of A's private strings in them.
async fn walk_as_b(app: &TestApp, a: &ShopA, registered: &[String]) -> Walk {
    let expected = expected_for_another_shop_s_owner();
    let mut b_password = SELLER_PASSWORD.to_owned();
    let mut answers = Vec::new();
    let mut answered_about_b = 0;
    for (round, (target_user, person)) in [(a.cs_id, CS), (a.owner_id, DEMO_OWNER)].into_iter().enumerate() {
        for path in registered {
            // A fresh session each time: logout and password changes end them.
            let session = app.sign_in(B_OWNER, &b_password).await;
            let base = fields_aimed_at(a, target_user, &b_password);
            let fields = fields_for(path, &base, a, person);
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let res = app.probe(path, &pairs, Some(&session), common::SAME_ORIGIN).await;
            assert_no_leak(path, &res);
            let got = outcome(&res);
            let want = expected[path.as_str()];
            if path == ChangePassword::PATH && b_password == WALK_PASSWORD {
                // Second time round the new password is the current one.
                assert_eq!(got, "invalid_input", "{path}: {}", res.body);
            } else {
                assert_eq!(got, want, "{path} as B's owner aimed at shop A: {}", res.body);
            }
            if path == ChangePassword::PATH && got == "ok" {
                b_password = WALK_PASSWORD.to_owned();
            }
            if got == "ok" && !res.body.is_empty() && res.body != "null" {
                answered_about_b += 1;
            }
            answers.push((format!("{path} (round {})", round + 1), normalized(&res)));
        }
    }
    Walk { answers, answered_about_b, b_password }
}

/// Shop B opened through sign-up and approved by an operator.
async fn open_b(app: &TestApp) -> common::OpenedShop {
    let b = app.open_shop(B_OWNER, "성수 니트웍스", 40).await;
    let operator = app.operator().await;
    assert_ok(
        &app.call(ReviewShop::PATH, &[("shop_id", &b.shop_id.to_string()), ("decision", "approve"), ("reason", "")], Some(&operator))
            .await,
    );
    assert_eq!(app.session_info(&b.owner).await["shop"]["status"], "approved");
    b
}

/// Rows that B's reset requests for A's people add, and may: one reset
/// link per person, mailed to that person only (anyone may ask for one;
/// only the mailbox's owner can use it).
fn is_reset_request_for_a(row: &str, people: &[(i64, &str)]) -> bool {
    people.iter().any(|(id, email)| {
        (row.starts_with("auth_tokens:")
            && row.contains(r#"purpose=Some("reset_password")"#)
            && row.contains(&format!("user_id=Some({id})")))
            || (row.starts_with("mail_outbox:")
                && row.contains(&format!("to_address=Some({email:?})"))
                && row.contains("비밀번호 재설정")
                && row.contains("[[link-1]]"))
    })
}

#[track_caller]
fn assert_no_leak(path: &str, res: &TestResponse) {
    for secret in A_PRIVATE {
        assert!(!res.body.contains(secret), "{path} revealed shop A's {secret:?}: {}", res.body);
        for header in res.headers.values() {
            assert!(!header.to_str().unwrap_or_default().contains(secret), "{path} header revealed {secret:?}");
        }
    }
}

#[track_caller]
fn assert_every_function_is_listed(table: &BTreeMap<&'static str, &'static str>, registered: &[String]) {
    let unknown: Vec<&String> = registered.iter().filter(|p| !table.contains_key(p.as_str())).collect();
    assert!(
        unknown.is_empty(),
        "server functions not covered by the tenancy walk — add each to the tables in tests/tenancy.rs \
         (with what another shop's owner and a visitor must get): {unknown:?}"
    );
    let gone: Vec<&&str> = table.keys().filter(|p| !registered.iter().any(|r| r == *p)).collect();
    assert!(gone.is_empty(), "listed but not registered: {gone:?}");
    assert!(registered.len() > 20, "the registry looks empty: {registered:?}");
}

db_test!(
    async fn another_shop_s_owner_can_neither_see_nor_change_anything_of_shop_a_through_any_server_function(app) {
        let a = shop_a(&app).await;
        let b = open_b(&app).await;
        assert_ne!(a.id, b.shop_id);
        let before = snapshot(&app, a.id).await;
        let files_before = stored_files(&app);
        for table in ["auth_tokens", "audit_log", "sales_rollup", "mail_outbox", "settlement_statements", "claims", "coupons", "coupon_products"] {
            assert!(before.iter().any(|r| r.starts_with(&format!("{table}:"))), "A has {table} rows");
        }
        assert!(before.iter().filter(|r| r.starts_with("sessions:")).count() >= 4, "A's people are signed in");
        let a_images = a_image_files(&app, a.id).await;
        assert!(!a_images.is_empty() && a_images.iter().all(|f| files_before.keys().any(|p| p.ends_with(f.as_str()))), "{a_images:?} in {files_before:?}");
        // The probes that name a month or an item are aimed where A has
        // data: A's owner gets it with the same fields.
        let fields = fields_aimed_at(&a, a.cs_id, SELLER_PASSWORD);
        let month = app.call(GetSettlementMonth::PATH, &[("month", &a.pay_month)], Some(&a.owner)).await.json();
        assert_eq!(fields.iter().find(|(k, _)| k == "month").unwrap().1, a.pay_month);
        assert_eq!(month["statements"].as_array().map(Vec::len), Some(1), "{month}");
        let vat = app.call(GetVatReport::PATH, &[("month", &a.sales_month)], Some(&a.owner)).await.json();
        assert!(vat["totals"]["count"].as_i64() > Some(0), "{vat}");
        let badges = app.call_json(ClaimBadges::PATH, &serde_json::json!({ "ids": [a.claim_item] }), Some(&a.owner)).await.json();
        assert_eq!(badges[0]["claim_id"], a.claim_id, "{badges}");

        let registered = common::registered_server_fns();
        assert_every_function_is_listed(&expected_for_another_shop_s_owner(), &registered);

        let walk = walk_as_b(&app, &a, &registered).await;
        assert!(walk.answers.len() > 40, "walked {} calls", walk.answers.len());
        assert!(walk.answered_about_b >= 10, "the walk was really signed in as B ({} answers)", walk.answered_about_b);

        let after = snapshot(&app, a.id).await;
        let files_after = stored_files(&app);

        // The same walk on an app where A's business data does not exist
        // (the demo shop and its people, the platform's channels; no
        // products, orders, claims, inquiries, reviews, statements,
        // invitation): B must get the same answers, or A's data showed.
        let bare = common::TestApp::spawn(app.engine).await.expect("a second app on the same engine");
        for (kind, code, name) in [
            (partner_center::channel_api::ClientKind::Channel, "zigzag", "지그재그"),
            (partner_center::channel_api::ClientKind::Carrier, "*", "택배 연동"),
        ] {
            partner_center::channel_api::create_client(&bare.state.db, kind, code, name).await.unwrap();
        }
        let bare_b = open_b(&bare).await;
        assert_eq!(bare_b.shop_id, b.shop_id);
        let baseline = walk_as_b(&bare, &a.ghost(), &registered).await;
        bare.state.db.close().await;
        assert_eq!(walk.answers.len(), baseline.answers.len());
        let differ: Vec<String> = walk
            .answers
            .iter()
            .zip(&baseline.answers)
            .filter(|(with_a, without_a)| with_a != without_a)
            .map(|((call, with_a), (_, without_a))| format!("{call}\n  with A's data:    {with_a}\n  without A's data: {without_a}"))
            .collect();

        // Nothing of A changed but the two reset links B asked to be mailed
        // to A's people (as anyone may); every answer was the one B gets
        // without A. All of it in one report.
        let people = [(a.cs_id, CS), (a.owner_id, DEMO_OWNER)];
        let removed: Vec<&String> = before.iter().filter(|r| !after.contains(r)).collect();
        let added: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
        let unexpected: Vec<&&String> = added.iter().filter(|r| !is_reset_request_for_a(r, &people)).collect();
        let files: Vec<&String> = files_before.keys().filter(|p| files_after.get(*p) != files_before.get(*p)).collect();
        let mut problems = Vec::new();
        if !removed.is_empty() {
            problems.push(format!("shop A changed (rows gone or altered): {removed:#?}"));
        }
        if !unexpected.is_empty() {
            problems.push(format!("shop A changed (rows added): {unexpected:#?}"));
        }
        if added.len() != 4 {
            problems.push(format!("expected one reset link and its mail per person, got: {added:#?}"));
        }
        if !files.is_empty() {
            problems.push(format!("A's stored files removed or changed: {files:?}"));
        }
        if !differ.is_empty() {
            problems.push(format!("B's answers depend on shop A's data:\n{}", differ.join("\n")));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));

        // B's calls did act on B.
        let b_owner = app.sign_in(B_OWNER, &walk.b_password).await;
        let profile = app.call(GetShopProfile::PATH, &[], Some(&b_owner)).await.json();
        assert_eq!((profile["id"].as_i64(), profile["name"].as_str()), (Some(b.shop_id), Some("침입자 상점")));
        // And A's people and A's invitation still work.
        assert_eq!(app.session_info(&a.owner).await["shop"]["shop_id"], a.id);
        for staff in &a.staff {
            assert_eq!(app.session_info(staff).await["shop"]["shop_id"], a.id);
        }
        let invitation = app.call(GetInvitation::PATH, &[("token", &a.invitation_token)], None).await;
        assert_eq!(invitation.json()["shop_name"], DEMO_SHOP_NAME);
        assert_eq!(app.call(GetShopProfile::PATH, &[], Some(&a.owner)).await.json()["name"], DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn every_server_function_but_the_public_ones_answers_401_to_a_visitor(app) {
        let a = shop_a(&app).await;
        let before = snapshot(&app, a.id).await;
        let files_before = stored_files(&app);
        let registered = common::registered_server_fns();
        // The signed-in walk's table lists every function; this walk's
        // allow-list must be a part of it.
        assert_every_function_is_listed(&expected_for_another_shop_s_owner(), &registered);
        let public = public_functions();
        assert!(public.keys().all(|p| registered.iter().any(|r| r == p)), "{public:?}");

        let fields = fields_aimed_at(&a, a.cs_id, SELLER_PASSWORD);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let forged = Session("0".repeat(64));
        let mut refused = 0;
        for path in &registered {
            for session in [None, Some(&forged)] {
                let res = app.probe(path, &pairs, session, common::SAME_ORIGIN).await;
                assert_no_leak(path, &res);
                match public.get(path.as_str()) {
                    Some(want) => assert_eq!(outcome(&res), *want, "{path} for a visitor: {}", res.body),
                    None => {
                        assert_eq!(res.status, 401, "{path} for a visitor: {}", res.body);
                        common::assert_error(&res, 401, "unauthorized", None);
                        refused += 1;
                    }
                }
                assert!(res.session_cookie().is_none_or(|c| c.is_empty()), "{path} signed a visitor in");
            }
        }
        assert!(refused >= 2 * 15, "{refused} refusals");
        assert!(registered.len() > 20);
        assert_eq!(snapshot(&app, a.id).await, before, "shop A changed");
        assert_files_kept(&files_before, &stored_files(&app));
        assert_eq!(app.session_info(&a.owner).await["shop"]["shop_name"], DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn a_shop_s_lists_show_only_its_own_people_and_records(app) {
        let a = shop_a(&app).await;
        let b = app.open_shop(B_OWNER, "성수 니트웍스", 41).await;
        let staff = app.call(ListStaff::PATH, &[], Some(&b.owner)).await;
        assert_ok(&staff);
        let staff = staff.json();
        let emails: Vec<&str> = staff["members"].as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
        assert_eq!(emails, [B_OWNER]);
        assert!(staff["invitations"].as_array().unwrap().is_empty());

        let log = app.call(ListAuditLog::PATH, &[], Some(&b.owner)).await.json();
        let actions: Vec<&str> = log["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["shop.application.submit"]);
        // Paging back from A's newest audit entry shows nothing of A.
        let a_log = app.call(ListAuditLog::PATH, &[], Some(&a.owner)).await.json();
        let a_newest = a_log["entries"][0]["id"].as_i64().unwrap();
        let res = app.call(ListAuditLog::PATH, &[("before_id", &(a_newest + 1).to_string())], Some(&b.owner)).await;
        assert_no_leak("list_audit_log", &res);

        let payout = app.call(GetPayoutAccount::PATH, &[], Some(&b.owner)).await.json();
        assert_eq!(payout["bank"], "카카오뱅크");
        let sessions = app.call(ListSessions::PATH, &[], Some(&b.owner)).await.json();
        assert_eq!(sessions.as_array().unwrap().len(), 1, "A's sessions are not B's");
        for path in [GetDashboard::PATH, GetShopProfile::PATH, GetPayoutAccount::PATH, ListStaff::PATH, ListSessions::PATH, GetSession::PATH] {
            assert_no_leak(path, &app.call(path, &[], Some(&b.owner)).await);
        }
    }
);
