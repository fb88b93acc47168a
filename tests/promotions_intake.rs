//! 프로모션 at order intake, against a real database (SQLite and
//! PostgreSQL): coupons redeemed through the Channel API exactly within
//! their limits under concurrency, each refusal with its own code and
//! nothing reserved, a cancel or a full return giving the redemption back,
//! and period discount and campaign prices accepted only within their periods.
//!
//! Coupons, period discounts and campaigns are fixture rows written with SQL.

use crate::common;

use common::{
    assert_error, channel_keys, order_json, owner, place_order, save_product, ship_and_deliver, stock_of, Line,
    TestApp, TestResponse, ORDERS,
};
use leptos::server_fn::ServerFn;
use partner_center::claims::{ApproveClaims, GetClaim, MarkCollected, StartPickup};
use partner_center::db::now_millis;
use serde_json::{json, Value};

const HOUR: i64 = 60 * 60 * 1000;
const CLAIMS: &str = "/api/channel/v1/claims";

/// A coupon fixture (what the coupons' server function would store).
#[derive(Clone)]
struct CouponRow {
    code: &'static str,
    kind: &'static str,
    amount: i64,
    rate_bp: i64,
    max_discount: i64,
    min_order: i64,
    scope: &'static str,
    starts_at: i64,
    ends_at: i64,
    total_limit: i64,
    per_buyer_limit: i64,
    used_count: i64,
    platform_share_bp: i64,
    stopped: &'static str,
    stopped_at: i64,
}

/// 10 % off (at most 5,000원), the whole shop, running from a day ago for a
/// week, 100 to give and 1 per buyer, borne by the seller.
fn ten_percent(code: &'static str) -> CouponRow {
    let now = now_millis();
    CouponRow {
        code,
        kind: "rate",
        amount: 0,
        rate_bp: 1000,
        max_discount: 5000,
        min_order: 0,
        scope: "shop",
        starts_at: now - 24 * HOUR,
        ends_at: now + 7 * 24 * HOUR,
        total_limit: 100,
        per_buyer_limit: 1,
        used_count: 0,
        platform_share_bp: 0,
        stopped: "",
        stopped_at: 0,
    }
}

/// Fixture: the coupon as the coupons area stores it.
async fn add_coupon(app: &TestApp, shop_id: i64, c: &CouponRow) -> i64 {
    let now = now_millis();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO coupons (shop_id, code, name, kind, amount, rate_bp, max_discount, min_order, scope, starts_at, ends_at, \
         total_limit, per_buyer_limit, used_count, platform_share_bp, stopped, stopped_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, '테스트 쿠폰', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'test', $17, $17) RETURNING id",
    )
    .bind(shop_id)
    .bind(c.code)
    .bind(c.kind)
    .bind(c.amount)
    .bind(c.rate_bp)
    .bind(c.max_discount)
    .bind(c.min_order)
    .bind(c.scope)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.total_limit)
    .bind(c.per_buyer_limit)
    .bind(c.used_count)
    .bind(c.platform_share_bp)
    .bind(c.stopped)
    .bind(c.stopped_at)
    .bind(now)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    id
}

/// Fixture: a product in a coupon of scope 'products'.
async fn add_coupon_product(app: &TestApp, coupon: i64, shop_id: i64, product: i64) {
    sqlx::query("INSERT INTO coupon_products (coupon_id, shop_id, product_id) VALUES ($1, $2, $3)")
        .bind(coupon)
        .bind(shop_id)
        .bind(product)
        .execute(app.state.db.pool())
        .await
        .unwrap();
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339()
}

/// `order_json` paid at `paid_at`.
fn order_at(id: &str, lines: &[Line], paid_at: i64) -> Value {
    let mut body = order_json(id, lines);
    body["paid_at"] = json!(rfc3339(paid_at));
    body
}

fn with_item_code(mut body: Value, item: usize, code: &str) -> Value {
    body["items"][item]["coupon_code"] = json!(code);
    body
}

fn with_order_code(mut body: Value, code: &str) -> Value {
    body["coupon_code"] = json!(code);
    body
}

fn with_buyer_phone(mut body: Value, phone: &str) -> Value {
    body["buyer"]["phone"] = json!(phone);
    body
}

/// 10 % of `base` rounded half up (positive amounts), at most `cap`, never
/// more than `base`: the coupon rule in integers.
fn ten_percent_of(base: i64, cap: i64) -> i64 {
    ((base * 1000 + 5000) / 10_000).min(cap).min(base)
}

/// `total` spread by `weights`: floors, then the won left over to the
/// largest remainders (earlier first on a tie).
fn spread(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut rems: Vec<(i64, usize)> = weights.iter().enumerate().map(|(i, w)| (total * w % sum, i)).collect();
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = total - parts.iter().sum::<i64>();
    for (_, i) in rems.into_iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// The platform's part of `discount` at `bp`, rounded half up; the seller's the rest.
fn share(discount: i64, bp: i64) -> (i64, i64) {
    let platform = (discount * bp + 5000) / 10_000;
    (discount - platform, platform)
}

/// What a refusal must leave untouched: stock, coupons, orders, redemptions
/// and the promotions' results.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT id, stock FROM product_variants ORDER BY id",
        "SELECT id, used_count FROM coupons ORDER BY id",
        "SELECT id FROM buyer_orders ORDER BY id",
        "SELECT id FROM order_items ORDER BY id",
        "SELECT id, status FROM coupon_redemptions ORDER BY id",
        "SELECT kind, promotion_id, day, orders, redemptions, released FROM promotion_daily ORDER BY kind, promotion_id, day",
    ] {
        out.extend(app.rows(sql, &[]).await);
    }
    out
}

async fn item_row(app: &TestApp, item: i64) -> (i64, i64, i64, i64, i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT seller_discount, platform_discount, coupon_id, coupon_discount, coupon_platform_part, campaign_id, \
         campaign_commission_bp, period_discount_id FROM order_items WHERE id = $1",
    )
    .bind(item)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
}

async fn used_count(app: &TestApp, coupon: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT used_count FROM coupons WHERE id = $1")
        .bind(coupon)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    n
}

/// (orders, units, revenue, seller_discount, platform_discount, redemptions, released) summed over days.
async fn daily(app: &TestApp, kind: &str, id: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT), CAST(COALESCE(SUM(units), 0) AS BIGINT), \
         CAST(COALESCE(SUM(revenue), 0) AS BIGINT), CAST(COALESCE(SUM(seller_discount), 0) AS BIGINT), \
         CAST(COALESCE(SUM(platform_discount), 0) AS BIGINT), CAST(COALESCE(SUM(redemptions), 0) AS BIGINT), \
         CAST(COALESCE(SUM(released), 0) AS BIGINT) FROM promotion_daily WHERE kind = $1 AND promotion_id = $2",
    )
    .bind(kind)
    .bind(id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
}

async fn redemption_status(app: &TestApp, coupon: i64) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT status FROM coupon_redemptions WHERE coupon_id = $1 ORDER BY id")
        .bind(coupon)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

db_test! {
    async fn a_coupon_is_computed_once_spread_over_its_items_and_split_by_who_bears_it(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (_, v) = save_product(&app, &who, "PI-1", 50).await;
        // Half of each discount borne by the platform.
        let coupon = add_coupon(&app, shop, &CouponRow { platform_share_bp: 5000, ..ten_percent("WELCOME10") }).await;

        // 29,000 × 1 with the channel's 1,000 off, and 29,000 × 2: the coupon
        // applies to 28,000 + 58,000 = 86,000; 10 % is 8,600, capped at 5,000.
        let body = order_json("ZZ-PI-1", &[(v[0], 1, 29000, 1000, 3000), (v[1], 2, 29000, 0, 0)]);
        let res = app.api_post(ORDERS, &with_order_code(body, " welcome10 "), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let answer = res.json();

        let amounts = [28_000, 58_000];
        let discount = ten_percent_of(amounts.iter().sum(), 5000);
        assert_eq!(discount, 5000);
        let parts = spread(discount, &amounts);
        assert_eq!(parts, vec![1628, 3372], "5,000 × 28/86 = 1,627.9 takes the won left over");
        for (i, item) in answer["items"].as_array().unwrap().iter().enumerate() {
            let (seller, platform) = share(parts[i], 5000);
            let channel_platform = if i == 0 { 1000 } else { 0 };
            assert_eq!(item["coupon_discount"], parts[i], "{item}");
            assert_eq!(item["seller_discount"], seller, "{item}");
            assert_eq!(item["platform_discount"], channel_platform + platform, "{item}");
            assert!(item.get("campaign_id").is_none() && item.get("period_discount_id").is_none());
            let row = item_row(&app, item["item_id"].as_i64().unwrap()).await;
            assert_eq!(row, (seller, channel_platform + platform, coupon, parts[i], platform, 0, -1, 0));
        }
        assert_eq!(used_count(&app, coupon).await, 1);
        let (d, s, p): (i64, i64, i64) =
            sqlx::query_as("SELECT discount, seller_part, platform_part FROM coupon_redemptions WHERE coupon_id = $1")
                .bind(coupon)
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        let (s0, p0) = share(parts[0], 5000);
        let (s1, p1) = share(parts[1], 5000);
        assert_eq!((d, s, p), (5000, s0 + s1, p0 + p1));
        // Revenue: 판매금액 less the seller-borne discounts.
        assert_eq!(daily(&app, "coupon", coupon).await, (1, 3, 87_000 - s0 - s1, s0 + s1, p0 + p1, 1, 0));

        // The item's own code wins over the order's; a 정액 coupon of 3,000 on one item.
        let fixed = add_coupon(&app, shop, &CouponRow { kind: "amount", amount: 3000, rate_bp: 0, max_discount: 0, ..ten_percent("FLAT3000") }).await;
        let body = with_buyer_phone(order_json("ZZ-PI-2", &[(v[0], 1, 29000, 0, 3000), (v[1], 1, 29000, 0, 0)]), "010-3333-4444");
        let body = with_order_code(with_item_code(body, 0, "FLAT3000"), "WELCOME10");
        let res = app.api_post(ORDERS, &body, &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let items = res.json()["items"].clone();
        assert_eq!((items[0]["coupon_discount"].as_i64(), items[1]["coupon_discount"].as_i64()), (Some(3000), Some(2900)));
        let first = item_row(&app, items[0]["item_id"].as_i64().unwrap()).await;
        let second = item_row(&app, items[1]["item_id"].as_i64().unwrap()).await;
        assert_eq!((first.2, second.2), (fixed, coupon));
        assert_eq!((used_count(&app, fixed).await, used_count(&app, coupon).await), (1, 2));
    }
}

db_test! {
    async fn every_refusal_has_its_own_code_and_reserves_nothing(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (product, v) = save_product(&app, &who, "PI-2", 50).await;
        let (other, _) = save_product(&app, &who, "PI-3", 50).await;
        let now = now_millis();
        let paid = now - HOUR;

        add_coupon(&app, shop, &CouponRow { starts_at: now - 3 * HOUR, ends_at: now - 2 * HOUR, ..ten_percent("EXPIRED") }).await;
        add_coupon(&app, shop, &CouponRow { starts_at: now + HOUR, ..ten_percent("LATER") }).await;
        add_coupon(&app, shop, &CouponRow { stopped: "ended", stopped_at: paid - 1, ..ten_percent("ENDED") }).await;
        add_coupon(&app, shop, &CouponRow { stopped: "paused", stopped_at: paid - 1, ..ten_percent("PAUSED") }).await;
        let scoped = add_coupon(&app, shop, &CouponRow { scope: "products", ..ten_percent("OTHERONLY") }).await;
        add_coupon_product(&app, scoped, shop, other).await;
        add_coupon(&app, shop, &CouponRow { min_order: 30_000, ..ten_percent("MIN30K") }).await;
        add_coupon(&app, shop, &CouponRow { total_limit: 5, used_count: 5, ..ten_percent("GONE") }).await;
        let once = add_coupon(&app, shop, &ten_percent("ONCE")).await;

        let line = (v[0], 1, 29000, 0, 3000);
        // The buyer's ONCE is used by a first order.
        let first = with_order_code(order_at("ZZ-PI-OK", &[line], paid), "ONCE");
        place_order(&app, &keys.zigzag, &first).await;
        assert_eq!(used_count(&app, once).await, 1);

        let cases: Vec<(&str, Value, &str, &str)> = vec![
            ("unknown code on the order", with_order_code(order_at("ZZ-R1", &[line], paid), "NOPE"), "coupon_unknown", "coupon_code"),
            ("unknown code on an item", with_item_code(order_at("ZZ-R2", &[line], paid), 0, "NOPE"), "coupon_unknown", "items[0].coupon_code"),
            ("expired", with_order_code(order_at("ZZ-R3", &[line], paid), "EXPIRED"), "coupon_not_active", "coupon_code"),
            ("not started", with_order_code(order_at("ZZ-R4", &[line], paid), "LATER"), "coupon_not_active", "coupon_code"),
            ("ended early before the payment", with_order_code(order_at("ZZ-R5", &[line], paid), "ENDED"), "coupon_not_active", "coupon_code"),
            ("paused before the payment", with_item_code(order_at("ZZ-R6", &[line], paid), 0, "PAUSED"), "coupon_paused", "items[0].coupon_code"),
            ("out of scope", with_order_code(order_at("ZZ-R7", &[line], paid), "OTHERONLY"), "coupon_out_of_scope", "coupon_code"),
            ("item out of scope", with_item_code(order_at("ZZ-R8", &[line], paid), 0, "OTHERONLY"), "coupon_out_of_scope", "items[0].coupon_code"),
            // 29,000 less the channel's 1,000: 28,000 < 30,000.
            ("below minimum", with_order_code(order_at("ZZ-R9", &[(v[0], 1, 29000, 1000, 3000)], paid), "MIN30K"), "coupon_below_minimum", "coupon_code"),
            ("used up", with_order_code(order_at("ZZ-R10", &[line], paid), "GONE"), "coupon_exhausted", "coupon_code"),
            ("per-buyer limit", with_order_code(order_at("ZZ-R11", &[line], paid), "ONCE"), "coupon_buyer_limit", "coupon_code"),
            ("a code with a space", with_order_code(order_at("ZZ-R12", &[line], paid), "ON CE"), "invalid_input", "coupon_code"),
            ("below the price in force", order_at("ZZ-R13", &[(v[0], 1, 28999, 0, 3000)], paid), "price_not_in_force", "items[0].unit_price"),
        ];
        for (what, body, code, field) in cases {
            let before = snapshot(&app).await;
            let res = app.api_post(ORDERS, &body, &keys.zigzag).await;
            let status = if code == "invalid_input" { 422 } else { 409 };
            assert_error(&res, status, code, Some(field));
            assert!(res.json()["message"].as_str().unwrap().chars().any(|c| ('가'..='힣').contains(&c)), "{what}: a Korean message");
            assert_eq!(snapshot(&app).await, before, "{what}: nothing reserved or written");
        }
        assert_eq!(stock_of(&app, v[0]).await, 49);

        // Stopped after the payment: the coupon is honoured.
        add_coupon(&app, shop, &CouponRow { stopped: "paused", stopped_at: paid + 1, ..ten_percent("LATEPAUSE") }).await;
        let body = with_order_code(order_at("ZZ-PI-LATE", &[line], paid), "LATEPAUSE");
        let res = app.api_post(ORDERS, &body, &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        assert_eq!(res.json()["items"][0]["coupon_discount"], 2900);
        let _ = product;
    }
}

/// Posts every body at once; the answers in order.
async fn all_at_once(app: &TestApp, key: &str, bodies: &[Value]) -> Vec<TestResponse> {
    futures_util::future::join_all(bodies.iter().map(|b| app.api_post(ORDERS, b, key))).await
}

db_test! {
    async fn two_hundred_concurrent_intakes_redeem_exactly_the_fifty_left_and_a_buyer_only_up_to_the_limit(app) {
        app.restart_with(|c| c.api_rate_per_minute = 0).await;
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (_, v) = save_product(&app, &who, "PI-4", 1000).await;
        // 60 issued, 10 used: 50 left.
        let coupon = add_coupon(&app, shop, &CouponRow { total_limit: 60, used_count: 10, per_buyer_limit: 5, ..ten_percent("FIFTY") }).await;
        let bodies: Vec<Value> = (0..200)
            .map(|n| {
                let body = order_json(&format!("ZZ-C-{n}"), &[(v[n % 2], 1, 29000, 0, 3000)]);
                with_order_code(with_buyer_phone(body, &format!("010-5{:03}-{:04}", n, n)), "FIFTY")
            })
            .collect();
        let answers = all_at_once(&app, &keys.zigzag, &bodies).await;
        let taken = answers.iter().filter(|r| r.status == 201).count();
        let refused = answers.iter().filter(|r| r.status == 409 && r.json()["code"] == "coupon_exhausted").count();
        assert_eq!((taken, refused), (50, 150), "{:?}", answers.iter().find(|r| r.status != 201 && r.status != 409).map(|r| &r.body));
        assert_eq!(used_count(&app, coupon).await, 60);
        assert_eq!(app.count("SELECT COUNT(*) FROM coupon_redemptions WHERE status = 'used'").await, 50);
        assert_eq!(app.count("SELECT COUNT(*) FROM buyer_orders").await, 50, "nothing kept of the refused");
        assert_eq!(stock_of(&app, v[0]).await + stock_of(&app, v[1]).await, 2000 - 50);
        assert_eq!(daily(&app, "coupon", coupon).await.5, 50);

        // One buyer, 40 orders at once against a limit of 3 per buyer.
        let mine = add_coupon(&app, shop, &CouponRow { total_limit: 1000, per_buyer_limit: 3, ..ten_percent("THREE") }).await;
        let bodies: Vec<Value> = (0..40)
            .map(|n| with_order_code(order_json(&format!("ZZ-B-{n}"), &[(v[0], 1, 29000, 0, 3000)]), "THREE"))
            .collect();
        let answers = all_at_once(&app, &keys.zigzag, &bodies).await;
        let taken = answers.iter().filter(|r| r.status == 201).count();
        let refused = answers.iter().filter(|r| r.status == 409 && r.json()["code"] == "coupon_buyer_limit").count();
        assert_eq!((taken, refused), (3, 37));
        assert_eq!(used_count(&app, mine).await, 3, "the refused orders' increments were rolled back");
        assert_eq!(redemption_status(&app, mine).await, vec!["used"; 3]);
    }
}

db_test! {
    async fn a_redemption_over_the_limit_is_refused_with_its_code_even_at_the_commit(app) {
        let shop = app.demo_shop_id().await;
        let coupon = add_coupon(&app, shop, &CouponRow { total_limit: 1, used_count: 1, ..ten_percent("FULL-ONE") }).await;
        // A redemption written past intake's own check (as a racing order's
        // would be): PostgreSQL refuses it when the transaction commits, with
        // the code intake answers; SQLite, where intake's check runs under
        // the write lock and is exact, counts what it is given.
        let mut tx = app.state.db.pool().begin().await.unwrap();
        sqlx::query(
            "INSERT INTO coupon_redemptions (coupon_id, shop_id, buyer_order_id, order_no, channel, buyer_key, discount, \
             seller_part, platform_part, status, day, created_at) \
             VALUES ($1, $2, 1, 'PC-RACE', 'zigzag', '01000000000', 1000, 1000, 0, 'used', 1, 1)",
        )
        .bind(coupon)
        .bind(shop)
        .execute(&mut *tx)
        .await
        .unwrap();
        match app.engine {
            common::Engine::Postgres => {
                let err = partner_center::error::AppError::from(tx.commit().await.unwrap_err());
                assert_eq!((err.code, err.status()), (partner_center::error::ErrorCode::CouponExhausted, 409));
                assert_eq!(used_count(&app, coupon).await, 1);
                assert_eq!(app.count("SELECT COUNT(*) FROM coupon_redemptions").await, 0);
            }
            common::Engine::Sqlite => {
                tx.commit().await.unwrap();
                assert_eq!(used_count(&app, coupon).await, 2);
            }
        }
    }
}

async fn claim(app: &TestApp, key: &str, id: &str, order: &str, item: &str, kind: &str) -> i64 {
    let body = json!({ "channel_claim_id": id, "channel_order_id": order, "channel_item_id": item, "kind": kind,
                       "reason": "change_of_mind" });
    let res = app.api_post(CLAIMS, &body, key).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["claim_id"].as_i64().unwrap()
}

db_test! {
    async fn a_cancel_gives_the_redemption_back_and_a_partial_return_keeps_it_until_the_rest_comes_back(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (_, v) = save_product(&app, &who, "PI-5", 50).await;
        let coupon = add_coupon(&app, shop, &ten_percent("BACKAGAIN")).await;

        // Cancelled before shipping: the redemption comes back and the buyer may use the coupon again.
        let body = with_order_code(order_json("ZZ-X-1", &[(v[0], 1, 29000, 0, 3000)]), "BACKAGAIN");
        place_order(&app, &keys.zigzag, &body).await;
        assert_eq!(used_count(&app, coupon).await, 1);
        claim(&app, &keys.zigzag, "ZZ-X-1-C", "ZZ-X-1", "1", "cancel").await;
        assert_eq!(used_count(&app, coupon).await, 0);
        assert_eq!(redemption_status(&app, coupon).await, vec!["released"]);
        // Redeemed and released the same day: the discount is off again (the
        // order's revenue, 29,000 − 2,900, stays with the day it was taken).
        assert_eq!(daily(&app, "coupon", coupon).await, (1, 1, 26_100, 0, 0, 1, 1));
        let again = with_order_code(order_json("ZZ-X-2", &[(v[0], 1, 29000, 0, 3000), (v[1], 2, 29000, 0, 0)]), "BACKAGAIN");
        let res = app.api_post(ORDERS, &again, &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let items: Vec<i64> = res.json()["items"].as_array().unwrap().iter().map(|i| i["item_id"].as_i64().unwrap()).collect();
        // 10 % of 87,000 = 8,700, capped at 5,000; spread 29,000 : 58,000.
        let parts = spread(ten_percent_of(87_000, 5000), &[29_000, 58_000]);
        assert_eq!(parts, vec![1667, 3333]);

        // The first line comes back (buyer's fault: 반품 배송비 3,000): the
        // refund is what was paid for it, its coupon part already off.
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345670001").await;
        let first = claim(&app, &keys.zigzag, "ZZ-X-2-R1", "ZZ-X-2", "1", "return").await;
        let id = first.to_string();
        let pickup = [("claim_id", id.as_str()), ("courier", ""), ("tracking_number", "")];
        assert_eq!(app.call(StartPickup::PATH, &pickup, Some(&who)).await.status, 200);
        let collected = [("claim_id", id.as_str()), ("damaged", "false")];
        assert_eq!(app.call(MarkCollected::PATH, &collected, Some(&who)).await.status, 200);
        let c = app.call(GetClaim::PATH, &[("claim_id", &id)], Some(&who)).await.json();
        assert_eq!(c["refund"]["product_amount"], 29_000 - parts[0]);
        let expected = 29_000 - parts[0] - 3000;
        assert_eq!(c["refund"]["total"], expected);
        let res = app.call_json(ApproveClaims::PATH, &json!({ "ids": [first], "expected_refund": expected }), Some(&who)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(redemption_status(&app, coupon).await, vec!["released", "used"], "the other line is kept: so is the coupon");
        assert_eq!(used_count(&app, coupon).await, 1);

        // The rest comes back too: now the redemption is given back.
        let second = claim(&app, &keys.zigzag, "ZZ-X-2-R2", "ZZ-X-2", "2", "return").await;
        let id = second.to_string();
        let pickup = [("claim_id", id.as_str()), ("courier", ""), ("tracking_number", "")];
        assert_eq!(app.call(StartPickup::PATH, &pickup, Some(&who)).await.status, 200);
        let collected = [("claim_id", id.as_str()), ("damaged", "false")];
        assert_eq!(app.call(MarkCollected::PATH, &collected, Some(&who)).await.status, 200);
        let c = app.call(GetClaim::PATH, &[("claim_id", &id)], Some(&who)).await.json();
        assert_eq!(c["refund"]["product_amount"], 58_000 - parts[1]);
        let total = c["refund"]["total"].as_i64().unwrap();
        let res = app.call_json(ApproveClaims::PATH, &json!({ "ids": [second], "expected_refund": total }), Some(&who)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(redemption_status(&app, coupon).await, vec!["released", "released"]);
        assert_eq!(used_count(&app, coupon).await, 0);
        assert_eq!(daily(&app, "coupon", coupon).await.6, 2);
    }
}

db_test! {
    async fn a_period_discount_price_is_accepted_only_inside_its_period(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (product, v) = save_product(&app, &who, "PI-6", 50).await;
        let now = now_millis();
        // Fixture: 25,000 instead of 29,000 from 3 h ago until 1 h ago (the
        // discounts' server function stores the same row).
        let (discount,): (i64,) = sqlx::query_as(
            "INSERT INTO period_discounts (shop_id, product_id, name, variant_ids, sale_price, regular_price, starts_at, ends_at, \
             status, created_by, created_at, updated_at) VALUES ($1, $2, '주말 특가', '[]', 25000, 29000, $3, $4, 'active', 'test', $5, $5) \
             RETURNING id",
        )
        .bind(shop)
        .bind(product)
        .bind(now - 3 * HOUR)
        .bind(now - HOUR)
        .bind(now)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();

        let inside = order_at("ZZ-P-1", &[(v[0], 2, 25000, 0, 3000)], now - 2 * HOUR);
        let res = app.api_post(ORDERS, &inside, &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let item = &res.json()["items"][0];
        assert_eq!(item["period_discount_id"], discount);
        let row = item_row(&app, item["item_id"].as_i64().unwrap()).await;
        assert_eq!((row.5, row.6, row.7), (0, -1, discount));
        // (29,000 − 25,000) × 2 off the 판매가.
        assert_eq!(daily(&app, "period", discount).await, (1, 2, 50_000, 8_000, 0, 0, 0));

        for (id, at) in [("ZZ-P-2", now - 4 * HOUR), ("ZZ-P-3", now - HOUR), ("ZZ-P-4", now)] {
            let before = snapshot(&app).await;
            let res = app.api_post(ORDERS, &order_at(id, &[(v[0], 1, 25000, 0, 3000)], at), &keys.zigzag).await;
            assert_error(&res, 409, "price_not_in_force", Some("items[0].unit_price"));
            assert_eq!(snapshot(&app).await, before);
        }
        // The regular price is always fine.
        let res = app.api_post(ORDERS, &order_at("ZZ-P-5", &[(v[0], 1, 29000, 0, 3000)], now), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        assert!(res.json()["items"][0].get("period_discount_id").is_none());
    }
}

db_test! {
    async fn a_campaign_price_is_accepted_only_inside_the_campaign_and_carries_its_commission(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (product, v) = save_product(&app, &who, "PI-7", 50).await;
        let now = now_millis();
        // Fixture: a campaign from 5 h ago until 1 h ago at 8 % commission,
        // the product approved at 23,000 (the campaigns' server functions
        // store the same rows).
        let (campaign,): (i64,) = sqlx::query_as(
            "INSERT INTO campaigns (title, banner, starts_at, ends_at, apply_from, apply_until, min_discount_bp, max_price, \
             categories, commission_bp, status, created_by, created_at, updated_at) \
             VALUES ('겨울 기획전', '', $1, $2, $3, $4, 1000, 0, '[]', 800, 'open', 'operator', $5, $5) RETURNING id",
        )
        .bind(now - 5 * HOUR)
        .bind(now - HOUR)
        .bind(now - 10 * HOUR)
        .bind(now - 6 * HOUR)
        .bind(now)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO campaign_applications (campaign_id, shop_id, product_id, campaign_price, regular_price, status, \
             decided_by, decided_at, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, 23000, 29000, 'approved', 'operator', $4, 'test', $4, $4)",
        )
        .bind(campaign)
        .bind(shop)
        .bind(product)
        .bind(now)
        .execute(app.state.db.pool())
        .await
        .unwrap();

        let res = app.api_post(ORDERS, &order_at("ZZ-K-1", &[(v[1], 1, 23000, 0, 3000)], now - 2 * HOUR), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let item = &res.json()["items"][0];
        assert_eq!(item["campaign_id"], campaign);
        let row = item_row(&app, item["item_id"].as_i64().unwrap()).await;
        assert_eq!((row.5, row.6, row.7), (campaign, 800, 0));
        assert_eq!(daily(&app, "campaign", campaign).await, (1, 1, 23_000, 6_000, 0, 0, 0));

        for (id, at) in [("ZZ-K-2", now - 6 * HOUR), ("ZZ-K-3", now - HOUR + 1)] {
            let before = snapshot(&app).await;
            let res = app.api_post(ORDERS, &order_at(id, &[(v[1], 1, 23000, 0, 3000)], at), &keys.zigzag).await;
            assert_error(&res, 409, "price_not_in_force", Some("items[0].unit_price"));
            assert_eq!(snapshot(&app).await, before);
        }
        // At the 판매가 inside the campaign: not sold under it, the rate book decides.
        let res = app.api_post(ORDERS, &order_at("ZZ-K-4", &[(v[1], 1, 29000, 0, 3000)], now - 2 * HOUR), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let row = item_row(&app, res.json()["items"][0]["item_id"].as_i64().unwrap()).await;
        assert_eq!((row.5, row.6), (0, -1));
    }
}

/// Every `$ref` of the document names a schema it has.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    out.push(x.as_str().unwrap().to_owned());
                }
                refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn the_channel_api_documents_coupons_their_answers_and_their_refusals() {
    let doc = partner_center::server::api_routes::openapi_document();
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["CreateOrderRequest"]["properties"].get("coupon_code").is_some());
    assert!(schemas["OrderItemInput"]["properties"].get("coupon_code").is_some());
    for field in ["coupon_discount", "seller_discount", "platform_discount", "campaign_id", "period_discount_id"] {
        assert!(schemas["AcceptedItem"]["properties"].get(field).is_some(), "{field}");
    }
    let refused = &doc["paths"]["/api/channel/v1/orders"]["post"]["responses"]["409"]["content"]["application/json"]["examples"];
    for code in [
        "coupon_unknown", "coupon_not_active", "coupon_paused", "coupon_exhausted", "coupon_buyer_limit",
        "coupon_out_of_scope", "coupon_below_minimum", "price_not_in_force",
    ] {
        assert_eq!(refused[code]["value"]["code"], code);
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r}"));
        assert!(schemas.get(name).is_some(), "{r} resolves");
    }
}
