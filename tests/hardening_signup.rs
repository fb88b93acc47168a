//! Issue 17, items 4 and 5: sign-up squatting (a 사업자등록번호 is held only
//! by a verified application; sign-ups and invitations are rate-limited;
//! unverified applications are purged after 48 hours) and the carrier
//! webhook (signed calls, no backdated or future events, one shop per open
//! waybill, an order's tracking shows its own parcel only).
//! Every test runs on SQLite and on PostgreSQL.

use crate::common;

use common::{
    assert_error, assert_ok, business_number, channel_keys, item_status, order_json, owner, place_order, save_product,
    Session, SignupForm, TestApp, TestResponse, CARRIER, ORDERS, SELLER_PASSWORD,
};
use leptos::server_fn::ServerFn;
use partner_center::accounts::VerifyEmail;
use partner_center::orders::{GetOrder, ShipOrders};
use partner_center::staff::InviteStaff;
use serde_json::{json, Value};

const HOUR_MS: i64 = 60 * 60 * 1000;

async fn verify(app: &TestApp, email: &str) -> TestResponse {
    let token = app.latest_mail(email).await.expect("verification mail").token("/verify-email");
    app.call(VerifyEmail::PATH, &[("token", &token)], None).await
}

async fn ship(app: &TestApp, who: &Session, item: i64, courier: &str, number: &str) -> TestResponse {
    let body = json!({ "items": [{ "item_id": item, "courier": courier, "tracking_number": number }] });
    app.call_json(ShipOrders::PATH, &body, Some(who)).await
}

/// A carrier call signed with `secret` at `timestamp` (Unix seconds).
async fn signed(app: &TestApp, key: &str, secret: &str, timestamp: i64, body: &str) -> TestResponse {
    let signature = partner_center::channel_api::carrier_signature(secret, timestamp, body.as_bytes());
    let ts = timestamp.to_string();
    app.api_post_with(CARRIER, body, key, &[("x-signature-timestamp", &ts), ("x-signature", &signature)]).await
}

fn now_secs() -> i64 {
    partner_center::db::now_millis() / 1000
}

/// One item of the demo shop, ordered on 지그재그: (item id, order no).
async fn demo_item(app: &TestApp, who: &Session, zigzag: &str, code: &str) -> (i64, String) {
    let (_, variants) = save_product(app, who, code, 5).await;
    let res = app.api_post(ORDERS, &order_json(&format!("ZZ-{code}"), &[(variants[0], 1, 29000, 0, 3000)]), zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    (res.json()["items"][0]["item_id"].as_i64().unwrap(), res.json()["order_no"].as_str().unwrap().to_owned())
}

/// A second shop, approved by the operator, with an order of its own: its
/// owner and (item id, order no).
async fn second_shop_item(app: &TestApp, zigzag: &str) -> (Session, i64, String) {
    let shop = app.open_shop("owner@seongsu-knit.example", "성수 니트웍스", 60).await;
    let operator = app.operator().await;
    let decided = app
        .call(
            partner_center::operator::ReviewShop::PATH,
            &[("shop_id", &shop.shop_id.to_string()), ("decision", "approve"), ("reason", "")],
            Some(&operator),
        )
        .await;
    assert_ok(&decided);
    let (_, variants) = save_product(app, &shop.owner, "SS-KNIT", 5).await;
    let ids = place_order(app, zigzag, &order_json("ZZ-SEONGSU-1", &[(variants[0], 1, 29000, 0, 3000)])).await;
    let order_no: (String,) = sqlx::query_as("SELECT order_no FROM order_items WHERE id = $1")
        .bind(ids[0])
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (shop.owner, ids[0], order_no.0)
}

// ---------------------------------------------------------------- item 4: sign-up

db_test!(
    async fn an_unverified_signup_does_not_block_a_verified_applicant_with_the_same_number(app) {
        let number = business_number(31);
        // A squatter applies first with a competitor's number and never verifies.
        let squatter = SignupForm::new("squat@example.com", "가로채기 상점", &number);
        assert_ok(&app.sign_up(&squatter).await);
        // The real business applies with the same number: accepted, and it verifies.
        let real = SignupForm::new("owner@real-knit.example", "진짜 니트", &number);
        let res = app.sign_up(&real).await;
        assert_ok(&res);
        assert_ok(&verify(&app, "owner@real-knit.example").await);
        app.sign_in("owner@real-knit.example", SELLER_PASSWORD).await;
        assert_eq!(app.count_where("SELECT COUNT(*) FROM shops WHERE business_number = $1 AND number_verified = 1", &number.replace('-', "")).await, 1);

        // The squatter's late verification is refused in Korean and changes nothing.
        let late = verify(&app, "squat@example.com").await;
        assert_error(&late, 409, "business_number_taken", Some("business_number"));
        assert!(late.json()["message"].as_str().unwrap().contains("사업자등록증"), "{}", late.body);
        let unverified = app.count_where("SELECT COUNT(*) FROM users WHERE email = $1 AND email_verified_at = 0", "squat@example.com").await;
        assert_eq!(unverified, 1, "the squatter's address stays unverified");
        // A third applicant now meets the verified holder at once.
        let third = SignupForm::new("third@example.com", "세 번째", &number);
        let res = app.sign_up(&third).await;
        assert_error(&res, 409, "business_number_taken", Some("business_number"));
    }
);

db_test!(
    async fn signups_are_limited_per_address_and_per_client(app) {
        let email = "again@seongsu-knit.example";
        assert_ok(&app.sign_up(&SignupForm::new(email, "다시 상점", &business_number(40))).await);
        let max = partner_center::accounts::ssr::MAX_SIGNUPS_PER_ADDRESS;
        for _ in 1..max {
            let res = app.sign_up(&SignupForm::new(email, "다시 상점", &business_number(40))).await;
            assert_error(&res, 409, "email_taken", Some("email"));
        }
        let res = app.sign_up(&SignupForm::new(email, "다시 상점", &business_number(40))).await;
        assert_error(&res, 429, "too_many_requests", None);
        assert!(res.json()["message"].as_str().unwrap().contains("가입 신청이 너무 많습니다"), "{}", res.body);

        // From one client, at most MAX_SIGNUPS_PER_IP sign-ups an hour whatever the address.
        let per_ip = partner_center::accounts::ssr::MAX_SIGNUPS_PER_IP;
        for n in (max + 1)..per_ip {
            let form = SignupForm::new(&format!("shop{n}@seongsu-knit.example"), "여러 상점", &business_number(100 + n as u32));
            assert_ok(&app.sign_up(&form).await);
        }
        let users = app.count("SELECT COUNT(*) FROM users").await;
        let form = SignupForm::new("one-more@seongsu-knit.example", "하나 더", &business_number(99));
        assert_error(&app.sign_up(&form).await, 429, "too_many_requests", None);
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, users, "the refused sign-up created nothing");
    }
);

db_test!(
    async fn unverified_applications_are_purged_after_48_hours_with_their_documents(app) {
        let documents_before = app.documents().len();
        assert_ok(&app.sign_up(&SignupForm::new("gone@example.com", "사라질 상점", &business_number(41))).await);
        let kept = SignupForm::new("kept@example.com", "남을 상점", &business_number(42));
        assert_ok(&app.sign_up(&kept).await);
        assert_ok(&verify(&app, "kept@example.com").await);
        assert_eq!(app.documents().len(), documents_before + 2);
        let gone_user = app.user_id("gone@example.com").await;
        let gone_shop = app.shop_of(gone_user).await.unwrap();
        let now = partner_center::db::now_millis();

        // 47 hours on: still waiting for its owner.
        let purged = partner_center::accounts::ssr::purge_unverified_applications(&app.state, now + 47 * HOUR_MS).await.unwrap();
        assert_eq!(purged, 0);
        // 49 hours on: gone, with its owner's account and its document; the verified one stays.
        let purged = partner_center::accounts::ssr::purge_unverified_applications(&app.state, now + 49 * HOUR_MS).await.unwrap();
        assert_eq!(purged, 1);
        assert_eq!(app.count_where("SELECT COUNT(*) FROM users WHERE email = $1", "gone@example.com").await, 0);
        assert_eq!(app.count_where("SELECT COUNT(*) FROM shops WHERE name = $1", "사라질 상점").await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM shop_members WHERE shop_id = {gone_shop}")).await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM auth_tokens WHERE user_id = {gone_user}")).await, 0);
        assert_eq!(app.documents().len(), documents_before + 1);
        assert_eq!(app.count_where("SELECT COUNT(*) FROM shops WHERE name = $1", "남을 상점").await, 1);
        // A second instance finds nothing left to purge.
        let other = app.another_instance().await;
        let again = partner_center::accounts::ssr::purge_unverified_applications(&other, now + 49 * HOUR_MS).await.unwrap();
        assert_eq!(again, 0);
        // The address may apply again.
        assert_ok(&app.sign_up(&SignupForm::new("gone@example.com", "다시 온 상점", &business_number(41))).await);
    }
);

db_test!(
    async fn staff_invitations_are_limited_per_shop_per_hour(app) {
        let who = owner(&app).await;
        let max = partner_center::staff::ssr::MAX_INVITATIONS_PER_HOUR;
        for n in 0..max {
            let res = app.call(InviteStaff::PATH, &[("email", &format!("staff{n}@example.com")), ("role", "cs")], Some(&who)).await;
            assert_ok(&res);
        }
        let mails = app.count("SELECT COUNT(*) FROM mail_outbox").await;
        let res = app.call(InviteStaff::PATH, &[("email", "one-more@example.com"), ("role", "cs")], Some(&who)).await;
        assert_error(&res, 429, "too_many_requests", None);
        assert!(res.json()["message"].as_str().unwrap().contains("한 시간에"), "{}", res.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, mails, "no invitation mail went out");
    }
);

// ---------------------------------------------------------------- item 5: the carrier webhook

db_test!(
    async fn unsigned_wrongly_signed_stale_and_replayed_carrier_calls_are_refused(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (item, _) = demo_item(&app, &who, &keys.zigzag, "SIG-1").await;
        assert_ok(&ship(&app, &who, item, "cj", "612345670001").await);
        let secret = partner_center::channel_api::carrier_signing_secret(&app.state.db, &keys.carrier).await.unwrap();
        assert!(secret.starts_with("whsec_"), "a carrier key has a signing secret");
        let body = json!({ "courier": "cj", "tracking_number": "612345670001", "status": "delivered" }).to_string();

        // No signature: the bearer key alone no longer does.
        let unsigned = app.api_post_with(CARRIER, &body, &keys.carrier, &[]).await;
        assert_error(&unsigned, 401, "invalid_signature", None);
        // Signed with another secret, or for another body.
        assert_error(&signed(&app, &keys.carrier, "whsec_guess", now_secs(), &body).await, 401, "invalid_signature", None);
        let other_body = body.replace("delivered", "in_transit");
        let signature = partner_center::channel_api::carrier_signature(&secret, now_secs(), other_body.as_bytes());
        let ts = now_secs().to_string();
        let swapped = app.api_post_with(CARRIER, &body, &keys.carrier, &[("x-signature-timestamp", &ts), ("x-signature", &signature)]).await;
        assert_error(&swapped, 401, "invalid_signature", None);
        // Outside the five minutes, either way.
        assert_error(&signed(&app, &keys.carrier, &secret, now_secs() - 6 * 60, &body).await, 401, "invalid_signature", None);
        assert_error(&signed(&app, &keys.carrier, &secret, now_secs() + 6 * 60, &body).await, 401, "invalid_signature", None);
        assert_eq!(item_status(&app, item).await, "shipped", "nothing refused changed the item");

        // A good call is taken once; the same call again is a replay.
        let ts = now_secs();
        let good = signed(&app, &keys.carrier, &secret, ts, &body).await;
        assert_ok(&good);
        assert_eq!(good.json()["delivered_items"], json!([item]));
        assert_error(&signed(&app, &keys.carrier, &secret, ts, &body).await, 401, "invalid_signature", None);
        // The signatures seen are in the database, so every instance refuses the replay.
        assert_eq!(app.count("SELECT COUNT(*) FROM carrier_signatures").await, 1);
    }
);

db_test!(
    async fn a_backdated_delivered_event_is_refused_and_nothing_is_purchase_confirmed(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (item, _) = demo_item(&app, &who, &keys.zigzag, "BACK-1").await;
        assert_ok(&ship(&app, &who, item, "cj", "612345670002").await);
        let month_ago = (chrono::Utc::now() - chrono::Duration::days(30)).to_rfc3339();
        let backdated = json!({ "courier": "cj", "tracking_number": "612345670002", "status": "delivered", "at": month_ago });
        let res = app.api_post(CARRIER, &backdated, &keys.carrier).await;
        assert_error(&res, 422, "invalid_input", Some("at"));
        assert!(res.json()["message"].as_str().unwrap().contains("발송 시각"), "{}", res.body);
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
        let ahead = json!({ "courier": "cj", "tracking_number": "612345670002", "status": "delivered", "at": tomorrow });
        assert_error(&app.api_post(CARRIER, &ahead, &keys.carrier).await, 422, "invalid_input", Some("at"));
        assert_eq!(item_status(&app, item).await, "shipped");
        assert_eq!(app.count("SELECT COUNT(*) FROM delivery_events").await, 0);
        // Automatic purchase confirmation (and so settlement) has nothing to take.
        let confirmed = partner_center::orders::jobs::auto_confirm(&app.state, partner_center::db::now_millis()).await.unwrap();
        assert_eq!(confirmed, 0);
        assert_eq!(item_status(&app, item).await, "shipped");
        // Delivered now: accepted.
        let now = json!({ "courier": "cj", "tracking_number": "612345670002", "status": "delivered" });
        assert_ok(&app.api_post(CARRIER, &now, &keys.carrier).await);
        assert_eq!(item_status(&app, item).await, "delivered");
    }
);

db_test!(
    async fn two_shops_cannot_ship_under_one_waybill_while_the_first_parcel_is_on_its_way(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (a_item, _) = demo_item(&app, &who, &keys.zigzag, "WB-A").await;
        let (b_owner, b_item, _) = second_shop_item(&app, &keys.zigzag).await;
        assert_ok(&ship(&app, &who, a_item, "cj", "612345670003").await);

        let res = ship(&app, &b_owner, b_item, "cj", "612345670003").await;
        assert_error(&res, 409, "waybill_taken", Some("tracking_number"));
        assert!(res.json()["message"].as_str().unwrap().contains("다른 판매자"), "{}", res.body);
        assert_ne!(item_status(&app, b_item).await, "shipped");
        // The same number under another courier is another parcel.
        assert_ok(&ship(&app, &b_owner, b_item, "hanjin", "612345670003").await);
        // Once A's parcel arrived, couriers may reuse the number.
        let done = json!({ "courier": "cj", "tracking_number": "612345670003", "status": "delivered" });
        assert_ok(&app.api_post(CARRIER, &done, &keys.carrier).await);
        assert_ok(&ship(&app, &b_owner, b_item, "cj", "612345670003").await);
        assert_eq!(item_status(&app, b_item).await, "shipped");
        // Now B holds it: A cannot ship another item under it.
        let (a_second, _) = demo_item(&app, &who, &keys.zigzag, "WB-A2").await;
        assert_error(&ship(&app, &who, a_second, "cj", "612345670003").await, 409, "waybill_taken", Some("tracking_number"));
    }
);

db_test!(
    async fn an_order_page_shows_only_its_own_parcels_tracking(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (a_item, a_order) = demo_item(&app, &who, &keys.zigzag, "TR-A").await;
        let (b_owner, b_item, b_order) = second_shop_item(&app, &keys.zigzag).await;
        assert_ok(&ship(&app, &who, a_item, "cj", "612345670004").await);
        let moving = json!({ "courier": "cj", "tracking_number": "612345670004", "status": "in_transit", "location": "대전 허브" });
        assert_ok(&app.api_post(CARRIER, &moving, &keys.carrier).await);
        let done = json!({ "courier": "cj", "tracking_number": "612345670004", "status": "delivered", "location": "마포" });
        assert_ok(&app.api_post(CARRIER, &done, &keys.carrier).await);
        // B ships a later parcel under the reused number; it moves.
        assert_ok(&ship(&app, &b_owner, b_item, "cj", "612345670004").await);
        let b_moving = json!({ "courier": "cj", "tracking_number": "612345670004", "status": "picked_up", "location": "성수 집하장" });
        let res = app.api_post(CARRIER, &b_moving, &keys.carrier).await;
        assert_ok(&res);
        assert_eq!(item_status(&app, a_item).await, "delivered", "B's parcel does not touch A's item");

        let locations = |detail: &Value| -> Vec<String> {
            detail["delivery"].as_array().unwrap().iter().map(|s| s["location"].as_str().unwrap().to_owned()).collect()
        };
        let a_detail = app.call(GetOrder::PATH, &[("order_no", &a_order)], Some(&who)).await;
        assert_ok(&a_detail);
        let a_steps = locations(&a_detail.json());
        assert_eq!(a_steps.len(), 2, "{a_steps:?}");
        assert!(!a_steps.contains(&"성수 집하장".to_owned()), "A's page shows B's parcel: {a_steps:?}");
        let b_detail = app.call(GetOrder::PATH, &[("order_no", &b_order)], Some(&b_owner)).await;
        assert_ok(&b_detail);
        assert_eq!(locations(&b_detail.json()), ["성수 집하장"], "B sees its own parcel only");
    }
);
