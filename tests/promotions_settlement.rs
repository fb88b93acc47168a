//! Promotions in settlement, against a real database (SQLite and
//! PostgreSQL): a coupon whose cost the platform shares and a 기획전 sale
//! become statement lines whose every won is recomputed here with integer
//! arithmetic; the statement lists its coupon discounts per coupon and the
//! export carries them; the Channel API's coupon feed lists what a channel
//! may apply now.

use crate::common;

use common::{assert_ok, channel_keys, order_json, owner, place_order, save_product, ship_and_deliver, TestApp};
use leptos::server_fn::ServerFn;
use partner_center::db::now_millis;
use partner_center::orders::ConfirmOrders;
use partner_center::settlement::ssr::{run, RateBook};
use partner_center::settlement::GetStatement;
use serde_json::json;
use sqlx::Row;

const DAY: i64 = 24 * 60 * 60 * 1000;

/// Half away from zero of `amount × bp / 10,000`, in integers (the app's one rounding rule).
fn fee(amount: i64, bp: i64) -> i64 {
    (2 * amount * bp + 10_000) / 20_000
}

/// Fixture: a running coupon of the shop (the coupons area's own rows).
async fn coupon(app: &TestApp, shop: i64, code: &str, rate_bp: i64, max: i64, share_bp: i64, stopped: &str) -> i64 {
    let now = now_millis();
    sqlx::query(
        "INSERT INTO coupons (shop_id, code, name, kind, rate_bp, max_discount, scope, starts_at, ends_at, total_limit, \
         per_buyer_limit, platform_share_bp, stopped, stopped_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, '분담 쿠폰', 'rate', $3, $4, 'shop', $5, $6, 10, 5, $7, $8, $9, 'test', $9, $9) RETURNING id",
    )
    .bind(shop)
    .bind(code)
    .bind(rate_bp)
    .bind(max)
    .bind(now - DAY)
    .bind(now + 7 * DAY)
    .bind(share_bp)
    .bind(stopped)
    .bind(now)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
    .get("id")
}

/// Fixture: a campaign running now at `commission_bp` with `product`
/// approved at `price` (the campaigns area's own rows).
async fn campaign(app: &TestApp, shop: i64, product: i64, price: i64, commission_bp: i64) -> i64 {
    let now = now_millis();
    let id: i64 = sqlx::query(
        "INSERT INTO campaigns (title, starts_at, ends_at, apply_from, apply_until, commission_bp, created_by, created_at, \
         updated_at) VALUES ('겨울 기획전', $1, $2, $3, $4, $5, 'test', $6, $6) RETURNING id",
    )
    .bind(now - DAY)
    .bind(now + 7 * DAY)
    .bind(now - 3 * DAY)
    .bind(now + DAY)
    .bind(commission_bp)
    .bind(now)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
    .get("id");
    sqlx::query(
        "INSERT INTO campaign_applications (campaign_id, shop_id, product_id, campaign_price, regular_price, status, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 29000, 'approved', 'test', $5, $5)",
    )
    .bind(id)
    .bind(shop)
    .bind(product)
    .bind(price)
    .bind(now)
    .execute(app.state.db.pool())
    .await
    .unwrap();
    id
}

db_test! {
    async fn a_shared_coupon_and_a_campaign_sale_settle_to_the_won_and_the_statement_lists_the_coupon(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let (_, knit) = save_product(&app, &who, "PS-KNIT", 10).await;
        let (coat, coat_variants) = save_product(&app, &who, "PS-COAT", 10).await;
        // 10 % (at most 5,000원), the platform bearing half; the campaign at 6 %.
        let split = coupon(&app, shop, "SPLIT50", 1000, 5000, 5000, "").await;
        let festa = campaign(&app, shop, coat, 23_000, 600).await;

        // Two knits with the coupon (58,000 → 5,800, capped at 5,000: 2,500
        // each side), a coat at its campaign price, a knit with nothing.
        let mut with_coupon = order_json("PS-1", &[(knit[0], 2, 29_000, 0, 0)]);
        with_coupon["coupon_code"] = json!("split50");
        let a = place_order(&app, &keys.zigzag, &with_coupon).await;
        let b = place_order(&app, &keys.zigzag, &order_json("PS-2", &[(coat_variants[0], 1, 23_000, 0, 3_000)])).await;
        let c = place_order(&app, &keys.zigzag, &order_json("PS-3", &[(knit[1], 1, 29_000, 0, 3_000)])).await;
        let items = [a[0], b[0], c[0]];
        let on_item = |id: i64| {
            let app = &app;
            async move {
                let r = sqlx::query("SELECT coupon_id, coupon_discount, coupon_platform_part, seller_discount, platform_discount, \
                                     campaign_id, campaign_commission_bp FROM order_items WHERE id = $1")
                    .bind(id).fetch_one(app.state.db.pool()).await.unwrap();
                (r.get::<i64, _>("coupon_id"), r.get::<i64, _>("coupon_discount"), r.get::<i64, _>("coupon_platform_part"),
                 r.get::<i64, _>("seller_discount"), r.get::<i64, _>("platform_discount"), r.get::<i64, _>("campaign_id"),
                 r.get::<i64, _>("campaign_commission_bp"))
            }
        };
        assert_eq!(on_item(a[0]).await, (split, 5_000, 2_500, 2_500, 2_500, 0, -1));
        assert_eq!(on_item(b[0]).await, (0, 0, 0, 0, 0, festa, 600));
        assert_eq!(on_item(c[0]).await, (0, 0, 0, 0, 0, 0, -1));

        assert_ok(&app.call_json(ConfirmOrders::PATH, &json!({ "ids": items }), Some(&who)).await);
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345678901").await;
        for id in ["PS-1", "PS-2", "PS-3"] {
            let res = app.api_post(&format!("/api/channel/v1/orders/{id}/purchase-confirmation"), &json!({}), &keys.zigzag).await;
            assert!(res.status.is_success(), "{}", res.body);
        }
        let report = run(&app.state.db, now_millis()).await.unwrap();
        assert_eq!(report.items, 3);

        // Every line recomputed: commission on the price after the seller's
        // part, the payment fee on what the buyer paid, the campaign's rate
        // for the coat; the platform's part of the coupon never leaves the payout.
        let book = RateBook::load(&app.state.db).await.unwrap();
        let rows = sqlx::query(
            "SELECT order_item_id, statement_id, sale_amount, seller_discount, platform_discount, shipping_fee, commission_bp, \
             commission, payment_fee, net_payout, coupon_id, coupon_seller_part, coupon_platform_part, campaign_id \
             FROM settlement_lines WHERE order_item_id IN ($1, $2, $3) ORDER BY order_item_id",
        )
        .bind(items[0]).bind(items[1]).bind(items[2])
        .fetch_all(app.state.db.pool()).await.unwrap();
        assert_eq!(rows.len(), 3);
        let paid: i64 = sqlx::query_scalar("SELECT paid_at FROM order_items WHERE id = $1").bind(items[0])
            .fetch_one(app.state.db.pool()).await.unwrap();
        let shop_bp = book.rates(shop, "zigzag", paid);
        let expect = |sale: i64, sd: i64, pd: i64, ship: i64, bp: i64| {
            let commission = fee(sale - sd, bp);
            let payment_fee = fee(sale - sd - pd + ship, shop_bp.payment_fee_bp);
            (sale, sd, pd, ship, bp, commission, payment_fee, sale - sd + ship - commission - payment_fee)
        };
        let got = |r: &sqlx::any::AnyRow| {
            (r.get::<i64, _>("sale_amount"), r.get::<i64, _>("seller_discount"), r.get::<i64, _>("platform_discount"),
             r.get::<i64, _>("shipping_fee"), r.get::<i64, _>("commission_bp"), r.get::<i64, _>("commission"),
             r.get::<i64, _>("payment_fee"), r.get::<i64, _>("net_payout"))
        };
        assert_eq!(got(&rows[0]), expect(58_000, 2_500, 2_500, 0, shop_bp.commission_bp));
        assert_eq!(got(&rows[1]), expect(23_000, 0, 0, 3_000, 600));
        assert_eq!(got(&rows[2]), expect(29_000, 0, 0, 3_000, shop_bp.commission_bp));
        let promo = |r: &sqlx::any::AnyRow| {
            (r.get::<i64, _>("coupon_id"), r.get::<i64, _>("coupon_seller_part"), r.get::<i64, _>("coupon_platform_part"),
             r.get::<i64, _>("campaign_id"))
        };
        assert_eq!(promo(&rows[0]), (split, 2_500, 2_500, 0));
        assert_eq!(promo(&rows[1]), (0, 0, 0, festa));
        assert_eq!(promo(&rows[2]), (0, 0, 0, 0));

        // The statement lists the coupon once, with both parts.
        let statement: i64 = rows[0].get("statement_id");
        let res = app.call(GetStatement::PATH, &[("statement_id", &statement.to_string()), ("after", "0")], Some(&who)).await;
        assert_ok(&res);
        let detail = res.json();
        assert_eq!(
            detail["coupons"],
            json!([{ "coupon_id": split, "code": "SPLIT50", "name": "분담 쿠폰", "lines": 1, "seller_part": 2500, "platform_part": 2500 }])
        );
        // The statement's totals are the sums of its lines, the coupon's seller part among its discounts.
        let (sd, net): (i64, i64) = sqlx::query_as("SELECT seller_discount, net_payout FROM settlement_statements WHERE id = $1")
            .bind(statement).fetch_one(app.state.db.pool()).await.unwrap();
        let (line_sd, line_net): (i64, i64) = sqlx::query_as(
            "SELECT CAST(SUM(seller_discount) AS BIGINT), CAST(SUM(net_payout) AS BIGINT) FROM settlement_lines WHERE statement_id = $1",
        ).bind(statement).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((sd, net), (line_sd, line_net));
        assert!(sd >= 2_500);

        // The line export carries the coupon and campaign columns.
        let csv = app.get_as(&format!("/downloads/settlement/statement-{statement}.csv"), Some(&who)).await;
        assert_eq!(csv.status, 200);
        let header = csv.body.lines().next().unwrap_or_default();
        assert!(header.contains("쿠폰 판매자부담") && header.contains("기획전번호"), "{header}");
        let coupon_row = csv.body.lines().find(|l| l.contains(&format!(",{split},2500,2500,"))).unwrap_or_default();
        assert!(!coupon_row.is_empty(), "{}", csv.body);
        assert!(csv.body.lines().any(|l| l.ends_with(&format!(",0,0,{festa}"))), "{}", csv.body);
    }
}

db_test! {
    async fn the_coupon_feed_lists_what_a_channel_may_apply_now_and_nothing_else(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        save_product(&app, &who, "FEED-1", 3).await;
        let running = coupon(&app, shop, "RUNNING10", 1000, 3000, 0, "").await;
        coupon(&app, shop, "PAUSED10", 1000, 3000, 0, "paused").await;
        let used_up = coupon(&app, shop, "USEDUP10", 1000, 3000, 0, "").await;
        sqlx::query("UPDATE coupons SET used_count = total_limit WHERE id = $1").bind(used_up)
            .execute(app.state.db.pool()).await.unwrap();
        let res = app.api_get("/api/channel/v1/coupons", &keys.zigzag).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let feed = res.json();
        let codes: Vec<&str> = feed["coupons"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["RUNNING10"]);
        let c = &feed["coupons"][0];
        assert_eq!((c["coupon_id"].as_i64(), c["rate_bp"].as_i64(), c["max_discount"].as_i64(), c["remaining"].as_i64()),
                   (Some(running), Some(1000), Some(3000), Some(10)));
        assert!(c["ends_at"].as_str().unwrap().ends_with("+09:00"));
        // 포스티 sells nothing of the shop: no coupon of it either.
        assert_eq!(app.api_get("/api/channel/v1/coupons", &keys.posty).await.json()["coupons"], json!([]));
        assert_eq!(app.api_get("/api/channel/v1/coupons?limit=0", &keys.zigzag).await.status, 422);
        assert_eq!(app.api_get("/api/channel/v1/coupons", "nope").await.status, 401);
        let doc = app.get("/api/channel/v1/openapi.json").await.json();
        assert!(doc["paths"].get("/api/channel/v1/coupons").is_some());
    }
}
