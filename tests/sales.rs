//! 매출 현황 against a real database (SQLite and PostgreSQL): orders placed
//! through the Channel API at chosen payment times, totals by the seller's
//! 판매금액, KST days split at Korean midnight, channels, products and
//! categories, the previous period, cancellations and refunds on the day
//! they happened, another shop's sales never counted, bad periods refused,
//! and the roles that may not see sales.

use crate::common;

use chrono::NaiveDate;
use common::{
    assert_error, assert_ok, channel_keys, owner, place_order, product_json, ship_and_deliver, Keys, Session, TestApp,
    TestResponse,
};
use leptos::server_fn::ServerFn;
use partner_center::claims::{ApproveClaims, MarkCollected, StartPickup};
use partner_center::orders::CancelOrders;
use partner_center::products::SaveProduct;
use partner_center::sales::GetSalesReport;
use serde_json::{json, Value};

const CLAIMS: &str = "/api/channel/v1/claims";

fn today() -> NaiveDate {
    partner_center::calendar::kst_date(partner_center::db::now_millis()).unwrap()
}

fn days_ago(n: i64) -> NaiveDate {
    today() - chrono::Duration::days(n)
}

/// `2026-11-24T23:30:00+09:00`
fn kst(date: NaiveDate, time: &str) -> String {
    format!("{date}T{time}+09:00")
}

/// `time` today in Korea, or now while that is still ahead: the intake
/// refuses a payment more than five minutes in the future, and in the
/// first minutes after midnight (KST) "today 00:10" is.
fn today_at(time: &str) -> String {
    let at = millis(today(), time).min(partner_center::db::now_millis());
    partner_center::time::to_kst(at).expect("a time in range").to_rfc3339()
}

/// Saves a product in `category` on `channels`; its variant ids (S, M).
async fn product(app: &TestApp, who: &Session, code: &str, category: &str, channels: &[&str]) -> Vec<i64> {
    let mut body = product_json(code, 100);
    body["input"]["category"] = json!(category);
    body["input"]["channels"] = json!(channels);
    let res = app.call_json(SaveProduct::PATH, &body, Some(who)).await;
    assert_ok(&res);
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position")
        .bind(res.json().as_i64().unwrap())
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

/// A line: variant, quantity, unit price, seller discount. Every line also
/// carries a 1,000 platform discount and a 3,000 shipping fee, which are not
/// the seller's sales.
type Line = (i64, i64, i64, i64);

fn order(id: &str, paid_at: &str, lines: &[Line]) -> Value {
    let items: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (variant, qty, price, seller_discount))| {
            json!({ "channel_item_id": (i + 1).to_string(), "variant_id": variant, "quantity": qty,
                    "unit_price": price, "option_price": 0, "seller_discount": seller_discount,
                    "platform_discount": 1000, "shipping_fee": 3000 })
        })
        .collect();
    json!({
        "channel_order_id": id, "payment_method": "card", "paid_at": paid_at,
        "buyer": { "name": "김민지", "phone": "010-2345-6789", "email": "minji@example.com" },
        "recipient": { "name": "박서연", "phone": "010-9876-5432", "postcode": "04001",
                       "address": "서울특별시 마포구 월드컵북로 12" },
        "items": items,
    })
}

async fn report_res(app: &TestApp, who: &Session, from: NaiveDate, to: NaiveDate) -> TestResponse {
    app.call(GetSalesReport::PATH, &[("from", &from.to_string()), ("to", &to.to_string())], Some(who)).await
}

async fn report(app: &TestApp, who: &Session, from: NaiveDate, to: NaiveDate) -> Value {
    let res = report_res(app, who, from, to).await;
    assert_ok(&res);
    res.json()
}

/// `[(key, revenue, orders, units)]` of a breakdown.
fn rows(list: &Value) -> Vec<(String, i64, i64, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_owned(),
                b["revenue"].as_i64().unwrap(),
                b["orders"].as_i64().unwrap(),
                b["units"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn day(r: &Value, date: NaiveDate) -> (i64, i64, i64) {
    let d = r["by_day"].as_array().unwrap().iter().find(|d| d["date"] == date.to_string()).expect("the day is listed");
    (d["revenue"].as_i64().unwrap(), d["orders"].as_i64().unwrap(), d["units"].as_i64().unwrap())
}

/// Three orders over two days, two channels, two products in two categories.
/// Day −2 23:30 KST: 58,000 (zigzag). Day −1 00:30 KST: 29,000 + 45,000
/// (zigzag). Day −1 12:00 KST: 3 × 45,000 − 5,000 seller discount (posty).
async fn three_orders(app: &TestApp, keys: &Keys, who: &Session) -> (Vec<i64>, Vec<i64>) {
    let knit = product(app, who, "SA-KNIT", "상의>니트", &["zigzag"]).await;
    let pants = product(app, who, "SA-PANTS", "팬츠>슬랙스", &["zigzag", "posty"]).await;
    place_order(app, &keys.zigzag, &order("SA-1", &kst(days_ago(2), "23:30:00"), &[(knit[0], 2, 29000, 0)])).await;
    place_order(
        app,
        &keys.zigzag,
        &order("SA-2", &kst(days_ago(1), "00:30:00"), &[(knit[1], 1, 29000, 0), (pants[0], 1, 45000, 0)]),
    )
    .await;
    place_order(app, &keys.posty, &order("SA-3", &kst(days_ago(1), "12:00:00"), &[(pants[1], 3, 45000, 5000)])).await;
    (knit, pants)
}

db_test! {
    async fn totals_days_channels_products_and_categories_follow_the_sellers_sales(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        three_orders(&app, &keys, &who).await;

        let r = report(&app, &who, days_ago(2), today()).await;
        assert_eq!((r["from"].as_str().unwrap(), r["to"].as_str().unwrap()), (&*days_ago(2).to_string(), &*today().to_string()));
        assert_eq!(r["days"], 3);
        let t = &r["totals"];
        // 58,000 + 74,000 + 130,000: no platform discount, no shipping fee, the seller's discount taken off.
        assert_eq!(t["revenue"], 262_000);
        assert_eq!(t["orders"], 3);
        assert_eq!(t["units"], 7);
        assert_eq!(t["average_order_value"], 87_333, "262,000 / 3 rounded half away from zero");
        assert_eq!((t["cancelled_count"].as_i64(), t["refund_count"].as_i64(), t["net"].as_i64()), (Some(0), Some(0), Some(262_000)));

        // Every day of the period, split at Korean midnight (23:30 and 00:30 KST are one hour and two days apart).
        assert_eq!(r["by_day"].as_array().unwrap().len(), 3);
        assert_eq!(day(&r, days_ago(2)), (58_000, 1, 2));
        assert_eq!(day(&r, days_ago(1)), (204_000, 2, 5));
        assert_eq!(day(&r, today()), (0, 0, 0));

        assert_eq!(rows(&r["by_channel"]), vec![("지그재그".to_owned(), 132_000, 2, 4), ("포스티".to_owned(), 130_000, 1, 3)]);
        assert_eq!(r["by_channel"][1]["key"], "posty");
        assert_eq!(r["by_channel"][1]["share_bp"], 4962, "130,000 of 262,000");
        assert_eq!(
            rows(&r["by_product"]),
            vec![("데일리 니트 SA-PANTS".to_owned(), 175_000, 2, 4), ("데일리 니트 SA-KNIT".to_owned(), 87_000, 2, 3)]
        );
        assert_eq!(rows(&r["by_category"]), vec![("팬츠 > 슬랙스".to_owned(), 175_000, 2, 4), ("상의 > 니트".to_owned(), 87_000, 2, 3)]);

        // One day: the order at 23:30 the day before is not in it, but it is the previous period.
        let r = report(&app, &who, days_ago(1), days_ago(1)).await;
        assert_eq!(r["totals"]["revenue"], 204_000);
        assert_eq!(r["totals"]["orders"], 2);
        assert_eq!((r["prev_from"].as_str().unwrap(), r["prev_to"].as_str().unwrap()), (&*days_ago(2).to_string(), &*days_ago(2).to_string()));
        assert_eq!(r["prev"]["revenue"], 58_000);
        assert_eq!(r["prev"]["orders"], 1);
        assert_eq!(r["prev_by_day"].as_array().unwrap().len(), 1);
        assert_eq!(r["prev_by_day"][0]["revenue"], 58_000);

        // Today alone, by the quick range, and the default (last 7 days).
        let r = app.call(GetSalesReport::PATH, &[("from", ""), ("to", ""), ("range", "today")], Some(&who)).await.json();
        assert_eq!((r["from"].as_str().unwrap(), r["totals"]["revenue"].as_i64()), (&*today().to_string(), Some(0)));
        assert_eq!(r["range"], "today");
        assert_eq!(r["prev"]["revenue"], 204_000, "yesterday is the previous period of today");
        let r = app.call(GetSalesReport::PATH, &[("from", ""), ("to", "")], Some(&who)).await.json();
        assert_eq!((r["days"].as_i64(), r["totals"]["revenue"].as_i64()), (Some(7), Some(262_000)));
        assert_eq!(r["today"], today().to_string());
    }
}

db_test! {
    async fn cancellations_and_refunds_count_on_the_day_they_happen(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "SA-CR", "상의>니트", &["zigzag"]).await;

        // Paid yesterday, cancelled today by the seller.
        let cancelled = place_order(&app, &keys.zigzag, &order("SA-C1", &kst(days_ago(1), "10:00:00"), &[(v[0], 1, 29000, 0)])).await;
        assert_ok(&app.call_json(CancelOrders::PATH, &json!({ "ids": cancelled, "reason": "품절" }), Some(&who)).await);

        // Paid today, delivered, returned (buyer's fault: 28,000 less the 3,000 return fee).
        let returned = place_order(&app, &keys.zigzag, &order("SA-R1", &today_at("00:00:01"), &[(v[1], 1, 29000, 0)])).await;
        ship_and_deliver(&app, &who, &keys.carrier, &returned, "612345678901").await;
        let res = app.api_post(CLAIMS, &json!({ "channel_claim_id": "SA-RET-1", "channel_order_id": "SA-R1",
            "channel_item_id": "1", "kind": "return", "reason": "size_mismatch" }), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let claim = res.json()["claim_id"].as_i64().unwrap().to_string();
        assert_ok(&app.call(StartPickup::PATH, &[("claim_id", &claim), ("courier", "cj"), ("tracking_number", "712345678901")], Some(&who)).await);
        assert_ok(&app.call(MarkCollected::PATH, &[("claim_id", &claim), ("damaged", "false")], Some(&who)).await);
        assert_ok(&app.call_json(ApproveClaims::PATH, &json!({ "ids": [claim.parse::<i64>().unwrap()], "expected_refund": 25000 }), Some(&who)).await);

        let r = report(&app, &who, today(), today()).await;
        let t = &r["totals"];
        assert_eq!(t["revenue"], 29_000, "the returned item was still sold today");
        assert_eq!((t["cancelled_count"].as_i64(), t["cancelled_amount"].as_i64()), (Some(1), Some(29_000)));
        assert_eq!((t["refund_count"].as_i64(), t["refund_amount"].as_i64()), (Some(1), Some(25_000)));
        assert_eq!(t["net"], 29_000 - 29_000 - 25_000);
        assert_eq!(r["prev"]["revenue"], 29_000, "the cancelled item was sold yesterday");
        assert_eq!(r["prev"]["cancelled_count"], 0);

        // Had it been cancelled yesterday, it would count there, not today.
        let noon_yesterday = chrono::DateTime::parse_from_rfc3339(&kst(days_ago(1), "12:00:00")).unwrap().timestamp_millis();
        sqlx::query("UPDATE order_items SET cancelled_at = $1 WHERE id = $2")
            .bind(noon_yesterday)
            .bind(cancelled[0])
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let r = report(&app, &who, today(), today()).await;
        assert_eq!((r["totals"]["cancelled_count"].as_i64(), r["totals"]["net"].as_i64()), (Some(0), Some(4_000)));
        assert_eq!((r["prev"]["cancelled_count"].as_i64(), r["prev"]["cancelled_amount"].as_i64()), (Some(1), Some(29_000)));
        assert_eq!(r["prev"]["net"], 0);
    }
}

db_test! {
    async fn another_shops_sales_are_never_counted(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        three_orders(&app, &keys, &who).await;
        let before = report(&app, &who, days_ago(2), today()).await;

        // Shop B sells the same day (a row of its own, however it got there).
        let b = app.open_shop("owner@seongsu-knit.example", "성수니트", 7).await;
        sqlx::query(
            "INSERT INTO order_items (shop_id, buyer_order_id, order_no, channel, channel_order_id, channel_item_id, \
               product_id, variant_id, product_name, quantity, unit_price, payment_method, buyer_name, buyer_phone, \
               recipient_name, recipient_phone, postcode, address, status, paid_at, ship_by, created_at, updated_at) \
             SELECT CAST($1 AS BIGINT), buyer_order_id, order_no, channel, channel_order_id, 'B-1', product_id, variant_id, \
               '성수니트 상품', 10, 99000, payment_method, buyer_name, buyer_phone, recipient_name, recipient_phone, \
               postcode, address, 'paid', paid_at, ship_by, created_at, updated_at FROM order_items WHERE id = \
               (SELECT MIN(id) FROM order_items)",
        )
        .bind(b.shop_id)
        .execute(app.state.db.pool())
        .await
        .unwrap();

        assert_eq!(report(&app, &who, days_ago(2), today()).await, before);
        let theirs = report(&app, &b.owner, days_ago(2), today()).await;
        assert_eq!(theirs["totals"]["revenue"], 990_000);
        assert_eq!(theirs["totals"]["orders"], 1);
        assert_eq!(rows(&theirs["by_product"]), vec![("성수니트 상품".to_owned(), 990_000, 1, 10)]);
    }
}

db_test! {
    async fn bad_periods_are_refused_with_a_clear_reason(app) {
        let who = owner(&app).await;
        let res = report_res(&app, &who, today(), days_ago(1)).await;
        assert_error(&res, 422, "invalid_period", Some("to"));
        assert!(res.json()["message"].as_str().unwrap().contains("종료일"), "{}", res.body);

        let res = report_res(&app, &who, days_ago(731), today()).await;
        assert_error(&res, 422, "period_too_long", Some("from"));
        assert!(res.json()["message"].as_str().unwrap().contains("2년"), "{}", res.body);
        assert_ok(&report_res(&app, &who, days_ago(730), today()).await);

        let res = app.call(GetSalesReport::PATH, &[("from", "2026-02-30"), ("to", "2026-03-01")], Some(&who)).await;
        assert_error(&res, 422, "invalid_input", Some("from"));
        let res = app.call(GetSalesReport::PATH, &[("from", "2026-02-01"), ("to", "내일")], Some(&who)).await;
        assert_error(&res, 422, "invalid_input", Some("to"));
        let res = app.call(GetSalesReport::PATH, &[("from", ""), ("to", ""), ("range", "90d")], Some(&who)).await;
        assert_error(&res, 422, "invalid_input", Some("range"));
    }
}

db_test! {
    async fn only_members_who_may_see_sales_get_them(app) {
        let manager = app.sign_in_demo("manager@moodon.example").await;
        assert_ok(&report_res(&app, &manager, days_ago(6), today()).await);
        for email in ["cs@moodon.example", "logistics@moodon.example"] {
            let who = app.sign_in_demo(email).await;
            assert_eq!(report_res(&app, &who, days_ago(6), today()).await.code(), "forbidden", "{email}");
        }
        let res = app.call(GetSalesReport::PATH, &[("from", ""), ("to", "")], None).await;
        assert_eq!(res.status, 401, "{}", res.body);
    }
}

db_test! {
    async fn the_page_is_rendered_on_the_server_with_its_chart_and_a_refused_period_explained(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        three_orders(&app, &keys, &who).await;

        let page = app.get_as("/sales?range=7d", Some(&who)).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("매출 현황"), "{}", page.body);
        assert!(page.body.contains(r#"data-testid="sales-revenue" class="sales-card-value">262,000원<"#), "{}", page.body);
        assert_eq!(page.body.matches(r#"data-testid="chart-point""#).count(), 7, "{}", page.body);
        assert!(page.body.contains(r#"aria-current="page" data-testid="period-7d""#), "{}", page.body);

        let path = format!("/sales?from={}&to={}", today(), days_ago(1));
        let page = app.get_as(&path, Some(&who)).await;
        assert!(page.body.contains("종료일이 시작일보다 앞설 수 없습니다"), "{}", page.body);
        assert!(page.body.contains(r#"data-testid="sales-error""#), "{}", page.body);
    }
}

/// A mix on one shop: orders over three days on two channels, one holding
/// both options of a product, one holding two products of one category (a
/// product and a category counted once per order); a seller's cancellation,
/// a buyer's cancel claim done at once, and a completed return. The shop id.
async fn mixed_sales(app: &TestApp, keys: &Keys, who: &Session) -> i64 {
    let knit = product(app, who, "SR-KNIT", "상의>니트", &["zigzag", "posty"]).await;
    let tee = product(app, who, "SR-TEE", "상의>니트", &["zigzag"]).await;
    // The tee's 판매가 is 19,000: intake takes no unit price below the price in force.
    sqlx::query("UPDATE products SET sale_price = 19000 WHERE id = (SELECT product_id FROM product_variants WHERE id = $1)")
        .bind(tee[0])
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let pants = product(app, who, "SR-PANTS", "팬츠>슬랙스", &["zigzag", "posty"]).await;
    let both = [(knit[0], 1, 29000, 0), (knit[1], 2, 29000, 1000), (pants[0], 1, 45000, 0)];
    place_order(app, &keys.zigzag, &order("SR-1", &kst(days_ago(2), "23:59:59"), &both)).await;
    place_order(app, &keys.zigzag, &order("SR-2", &kst(days_ago(1), "00:00:00"), &[(knit[0], 1, 29000, 0), (tee[0], 3, 19000, 0)]))
        .await;
    place_order(app, &keys.posty, &order("SR-3", &kst(days_ago(1), "09:00:00"), &[(pants[1], 2, 45000, 5000)])).await;
    let cancelled = place_order(app, &keys.posty, &order("SR-4", &kst(days_ago(1), "10:00:00"), &[(knit[1], 1, 29000, 0)])).await;
    assert_ok(&app.call_json(CancelOrders::PATH, &json!({ "ids": cancelled, "reason": "품절" }), Some(who)).await);
    place_order(app, &keys.zigzag, &order("SR-5", &today_at("00:10:00"), &[(tee[1], 1, 19000, 0)])).await;
    let res = app.api_post(CLAIMS, &json!({ "channel_claim_id": "SR-CAN-5", "channel_order_id": "SR-5",
        "channel_item_id": "1", "kind": "cancel", "reason": "change_of_mind" }), &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let returned = place_order(app, &keys.zigzag, &order("SR-6", &today_at("00:20:00"), &[(pants[0], 1, 45000, 0)])).await;
    ship_and_deliver(app, who, &keys.carrier, &returned, "612345678902").await;
    let res = app.api_post(CLAIMS, &json!({ "channel_claim_id": "SR-RET-6", "channel_order_id": "SR-6",
        "channel_item_id": "1", "kind": "return", "reason": "size_mismatch" }), &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let claim = res.json()["claim_id"].as_i64().unwrap().to_string();
    assert_ok(&app.call(StartPickup::PATH, &[("claim_id", &claim), ("courier", "cj"), ("tracking_number", "712345678902")], Some(who)).await);
    assert_ok(&app.call(MarkCollected::PATH, &[("claim_id", &claim), ("damaged", "false")], Some(who)).await);
    assert_ok(&app.call_json(ApproveClaims::PATH, &json!({ "ids": [claim.parse::<i64>().unwrap()], "expected_refund": 41000 }), Some(who)).await);
    let (shop_id,): (i64,) = sqlx::query_as("SELECT shop_id FROM order_items WHERE channel_order_id = 'SR-1'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    shop_id
}

/// `[(key, revenue, orders, units)]` of a breakdown, by key.
fn keyed(list: &Value) -> Vec<(String, i64, i64, i64)> {
    let mut out: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let n = |f: &str| b[f].as_i64().unwrap();
            (b["key"].as_str().unwrap().to_owned(), n("revenue"), n("orders"), n("units"))
        })
        .collect();
    out.sort();
    out
}

/// (key, revenue, orders, units) straight from `order_items`, grouped by
/// `group` over the shop's items paid in `[from, to]`.
async fn raw_groups(app: &TestApp, shop_id: i64, group: &str, from: i64, to: i64) -> Vec<(String, i64, i64, i64)> {
    let sql = format!(
        "SELECT CAST({group} AS TEXT), CAST(SUM((i.unit_price + i.option_price) * i.quantity - i.seller_discount) AS BIGINT), \
                COUNT(DISTINCT i.buyer_order_id), CAST(SUM(i.quantity) AS BIGINT) \
         FROM order_items i JOIN products p ON p.id = i.product_id \
         WHERE i.shop_id = $1 AND i.paid_at >= $2 AND i.paid_at <= $3 GROUP BY {group}"
    );
    let mut rows: Vec<(String, i64, i64, i64)> =
        sqlx::query_as(&sql).bind(shop_id).bind(from).bind(to).fetch_all(app.state.db.pool()).await.unwrap();
    rows.sort();
    rows
}

fn millis(date: NaiveDate, time: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(&kst(date, time)).unwrap().timestamp_millis()
}

db_test! {
    async fn the_report_equals_a_recount_of_the_items_and_claims_after_sales_cancellations_and_returns(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop_id = mixed_sales(&app, &keys, &who).await;

        for (from, to) in [(days_ago(2), today()), (days_ago(1), days_ago(1)), (today(), today())] {
            let r = report(&app, &who, from, to).await;
            let (lo, hi) = (millis(from, "00:00:00"), millis(to, "23:59:59") + 999);
            let t = &r["totals"];
            let whole = raw_groups(&app, shop_id, "i.shop_id", lo, hi).await;
            let (revenue, orders, units) = whole.first().map(|w| (w.1, w.2, w.3)).unwrap_or_default();
            assert_eq!((t["revenue"].as_i64(), t["orders"].as_i64(), t["units"].as_i64()), (Some(revenue), Some(orders), Some(units)), "{from}..{to}");
            assert_eq!(keyed(&r["by_channel"]), raw_groups(&app, shop_id, "i.channel", lo, hi).await, "{from}..{to}");
            assert_eq!(keyed(&r["by_product"]), raw_groups(&app, shop_id, "i.product_id", lo, hi).await, "{from}..{to}");
            assert_eq!(keyed(&r["by_category"]), raw_groups(&app, shop_id, "p.category", lo, hi).await, "{from}..{to}");

            let (n, amount): (i64, i64) = sqlx::query_as(
                "SELECT COUNT(*), CAST(COALESCE(SUM((unit_price + option_price) * quantity - seller_discount), 0) AS BIGINT) \
                 FROM order_items WHERE shop_id = $1 AND status = 'cancelled' AND cancelled_at >= $2 AND cancelled_at <= $3",
            )
            .bind(shop_id).bind(lo).bind(hi).fetch_one(app.state.db.pool()).await.unwrap();
            assert_eq!((t["cancelled_count"].as_i64(), t["cancelled_amount"].as_i64()), (Some(n), Some(amount)), "{from}..{to}");
            let (n, amount): (i64, i64) = sqlx::query_as(
                "SELECT COUNT(*), CAST(COALESCE(SUM(refund_amount), 0) AS BIGINT) FROM claims \
                 WHERE shop_id = $1 AND kind = 'return' AND status = 'completed' AND resolved_at >= $2 AND resolved_at <= $3",
            )
            .bind(shop_id).bind(lo).bind(hi).fetch_one(app.state.db.pool()).await.unwrap();
            assert_eq!((t["refund_count"].as_i64(), t["refund_amount"].as_i64()), (Some(n), Some(amount)), "{from}..{to}");
        }

        // The figures the recount must agree on, written out: SR-1 holds both options of the knit (one order of
        // it), SR-2 the knit and the tee (one order of 상의>니트); both cancellations (the seller's, the buyer's
        // claim) and the return happened today.
        let r = report(&app, &who, days_ago(2), today()).await;
        let knit = r["by_product"].as_array().unwrap().iter().find(|b| b["label"] == "데일리 니트 SR-KNIT").unwrap();
        assert_eq!((knit["revenue"].as_i64(), knit["orders"].as_i64(), knit["units"].as_i64()), (Some(144_000), Some(3), Some(5)));
        let tops = r["by_category"].as_array().unwrap().iter().find(|b| b["key"] == "상의>니트").unwrap();
        assert_eq!((tops["revenue"].as_i64(), tops["orders"].as_i64(), tops["units"].as_i64()), (Some(220_000), Some(4), Some(9)));
        let t = &r["totals"];
        assert_eq!((t["revenue"].as_i64(), t["orders"].as_i64(), t["units"].as_i64()), (Some(395_000), Some(6), Some(13)));
        assert_eq!((t["cancelled_count"].as_i64(), t["cancelled_amount"].as_i64()), (Some(2), Some(48_000)));
        assert_eq!((t["refund_count"].as_i64(), t["refund_amount"].as_i64()), (Some(1), Some(41_000)));
    }
}

/// Every rollup row that holds something, in key order.
async fn rollup_rows(app: &TestApp) -> Vec<(i64, String, i64, String, String, i64, i64, i64)> {
    sqlx::query_as(
        "SELECT shop_id, dim, day, group_key, label, revenue, orders, units FROM sales_rollup \
         WHERE revenue <> 0 OR orders <> 0 OR units <> 0 ORDER BY shop_id, dim, day, group_key",
    )
    .fetch_all(app.state.db.pool())
    .await
    .unwrap()
}

db_test! {
    async fn a_rebuild_from_the_rows_gives_what_the_transactions_kept(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop_id = mixed_sales(&app, &keys, &who).await;
        // A cancellation moved to another day by hand, and a row written around the app: the database keeps
        // the rollup whoever writes.
        sqlx::query("UPDATE order_items SET cancelled_at = $1 WHERE shop_id = $2 AND channel_order_id = 'SR-4'")
            .bind(millis(days_ago(1), "11:00:00"))
            .bind(shop_id)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let kept = rollup_rows(&app).await;
        assert!(kept.iter().any(|r| r.1 == "refund" && r.0 == shop_id), "{kept:?}");
        let (from, to) = (today(), today());
        let before = partner_center::sales::ssr::report(&app.state.db, shop_id, from, to).await.unwrap();
        assert_eq!((before.totals.cancelled_count, before.prev.cancelled_count), (1, 1), "one moved to yesterday");

        let mut conn = app.state.db.pool().acquire().await.unwrap();
        sqlx::query("DELETE FROM sales_rollup").execute(&mut *conn).await.unwrap();
        let emptied = partner_center::sales::ssr::report(&app.state.db, shop_id, from, to).await.unwrap();
        assert_eq!((emptied.totals.revenue, emptied.prev.revenue), (0, 0));
        partner_center::sales::ssr::rebuild(&mut conn).await.unwrap();
        drop(conn);

        assert_eq!(rollup_rows(&app).await, kept);
        assert_eq!(partner_center::sales::ssr::report(&app.state.db, shop_id, from, to).await.unwrap(), before);
    }
}
