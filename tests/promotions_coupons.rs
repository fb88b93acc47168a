//! 쿠폰 and 프로모션 성과 against a real database (SQLite and PostgreSQL):
//! each kind of coupon made through the server function; every bad input
//! refused with its field named and nothing written; pause, resume and an
//! early end, and the changes refused from where the coupon is; the roles
//! that may not see promotions; another shop seeing and changing nothing of
//! shop A's; the results of a coupon read from `promotion_daily`, its
//! redemptions paged, and its CSV export.

use crate::common;

use common::{assert_error, assert_ok, owner, product_json, Session, TestApp};
use leptos::server_fn::ServerFn;
use partner_center::operator::ReviewShop;
use partner_center::products::SaveProduct;
use partner_center::promotions::coupons::{GetCoupon, ListCoupons, SaveCoupon, SetCouponState};
use partner_center::promotions::kst_input;
use partner_center::promotions::results::GetPromotionResults;
use serde_json::{json, Value};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn now() -> i64 {
    partner_center::db::now_millis()
}

/// A 정액 coupon on the whole shop, running from yesterday for 30 days.
fn amount_coupon(code: &str) -> Value {
    json!({
        "name": "겨울 3천원 할인", "code": code, "kind": "amount", "amount": "3,000", "min_order": "30000",
        "starts_at": kst_input(now() - DAY_MS), "ends_at": kst_input(now() + 30 * DAY_MS),
        "total_limit": "100", "per_buyer_limit": "1", "scope": "shop", "product_ids": [], "cost": "seller",
    })
}

/// A 정률 10 % coupon (at most 5,000원) on `products`, half borne by the platform.
fn rate_coupon(code: &str, products: &[i64]) -> Value {
    json!({
        "name": "코트 10%", "code": code, "kind": "rate", "rate": "10", "max_discount": "5000",
        "starts_at": kst_input(now() - DAY_MS), "ends_at": kst_input(now() + 30 * DAY_MS),
        "total_limit": "50", "per_buyer_limit": "2", "scope": "products", "product_ids": products,
        "cost": "shared", "platform_share": "50",
    })
}

async fn save(app: &TestApp, who: &Session, input: &Value) -> common::TestResponse {
    app.call_json(SaveCoupon::PATH, &json!({ "input": input }), Some(who)).await
}

async fn create(app: &TestApp, who: &Session, input: &Value) -> i64 {
    let res = save(app, who, input).await;
    assert_ok(&res);
    res.json().as_i64().expect("the new coupon's id")
}

async fn product(app: &TestApp, who: &Session, code: &str) -> i64 {
    let res = app.call_json(SaveProduct::PATH, &product_json(code, 10), Some(who)).await;
    assert_ok(&res);
    res.json().as_i64().unwrap()
}

async fn get(app: &TestApp, who: &Session, id: i64) -> common::TestResponse {
    app.call(GetCoupon::PATH, &[("coupon_id", &id.to_string())], Some(who)).await
}

async fn change(app: &TestApp, who: &Session, id: i64, what: &str) -> common::TestResponse {
    app.call(SetCouponState::PATH, &[("coupon_id", &id.to_string()), ("change", what)], Some(who)).await
}

/// Every row of the coupon tables and the audit log, to show nothing moved.
async fn coupon_state(app: &TestApp) -> (i64, i64, i64, Vec<String>) {
    (
        app.count("SELECT COUNT(*) FROM coupons").await,
        app.count("SELECT COUNT(*) FROM coupon_products").await,
        app.count("SELECT COUNT(*) FROM audit_log").await,
        app.rows("SELECT * FROM coupons WHERE id > $1 ORDER BY id", &[0]).await,
    )
}

/// Another shop, signed up and approved.
async fn shop_b(app: &TestApp) -> common::OpenedShop {
    let b = app.open_shop("owner@seongsu-knit.example", "성수 니트웍스", 41).await;
    let operator = app.operator().await;
    assert_ok(
        &app.call(ReviewShop::PATH, &[("shop_id", &b.shop_id.to_string()), ("decision", "approve"), ("reason", "")], Some(&operator))
            .await,
    );
    b
}

db_test!(
    async fn a_seller_creates_an_amount_coupon_and_a_shared_rate_coupon_on_chosen_products(app) {
        let owner = owner(&app).await;
        let coat = product(&app, &owner, "COAT-1").await;
        let amount = create(&app, &owner, &amount_coupon(" winter-3000 ")).await;
        let rate = create(&app, &owner, &rate_coupon("COAT10", &[coat, coat])).await;

        let stored = app.rows("SELECT kind, code, amount, rate_bp, max_discount, min_order, scope, total_limit, per_buyer_limit, platform_share_bp, stopped, used_count FROM coupons WHERE id = $1", &[amount]).await;
        assert_eq!(stored.len(), 1);
        let a = get(&app, &owner, amount).await.json();
        assert_eq!(a["row"]["code"], "WINTER-3000", "the code is stored upper-cased, trimmed: {a}");
        assert_eq!((a["row"]["kind"].as_str(), a["amount"].as_i64(), a["rate_bp"].as_i64()), (Some("amount"), Some(3000), Some(0)));
        assert_eq!((a["min_order"].as_i64(), a["scope"].as_str(), a["platform_share_bp"].as_i64()), (Some(30000), Some("shop"), Some(0)));
        assert_eq!(a["row"]["status"], "active");
        assert_eq!(a["row"]["discount"], "3,000원 할인");

        let r = get(&app, &owner, rate).await.json();
        assert_eq!((r["rate_bp"].as_i64(), r["max_discount"].as_i64(), r["amount"].as_i64()), (Some(1000), Some(5000), Some(0)));
        assert_eq!((r["platform_share_bp"].as_i64(), r["per_buyer_limit"].as_i64(), r["row"]["total_limit"].as_i64()), (Some(5000), Some(2), Some(50)));
        assert_eq!(r["scope"], "products");
        assert_eq!(r["products"].as_array().map(Vec::len), Some(1), "the product chosen twice is one: {r}");
        assert_eq!(r["products"][0]["id"], coat);
        assert_eq!(r["row"]["discount"], "10% 할인 (최대 5,000원)");

        let shop = app.demo_shop_id().await;
        let audited: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE shop_id = $1 AND action = 'coupon.create'")
            .bind(shop)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(audited, 2);

        // A scheduled one shows as 예정; the list is newest first.
        let mut later = amount_coupon("LATER-1");
        later["starts_at"] = json!(kst_input(now() + 2 * DAY_MS));
        let later = create(&app, &owner, &later).await;
        let list = app.call(ListCoupons::PATH, &[("status", "all")], Some(&owner)).await.json();
        let ids: Vec<i64> = list["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, vec![later, rate, amount]);
        let scheduled = app.call(ListCoupons::PATH, &[("status", "scheduled")], Some(&owner)).await.json();
        assert_eq!(scheduled["rows"].as_array().map(Vec::len), Some(1));
        assert_eq!(scheduled["rows"][0]["status"], "scheduled");
        let active = app.call(ListCoupons::PATH, &[("status", "active")], Some(&owner)).await.json();
        assert_eq!(active["rows"].as_array().map(Vec::len), Some(2));
    }
);

db_test!(
    async fn every_bad_input_is_refused_with_its_field_named_and_changes_nothing(app) {
        let owner = owner(&app).await;
        let coat = product(&app, &owner, "COAT-1").await;
        create(&app, &owner, &amount_coupon("TAKEN")).await;
        let b = shop_b(&app).await;
        let b_product = product(&app, &b.owner, "B-KNIT").await;
        let before = coupon_state(&app).await;

        let with = |base: Value, changes: &[(&str, Value)]| {
            let mut v = base;
            for (k, val) in changes {
                v[*k] = val.clone();
            }
            v
        };
        let a = || amount_coupon("GOOD-1");
        let r = || rate_coupon("GOOD-2", &[coat]);
        let cases: Vec<(Value, u16, &str, &str)> = vec![
            (with(a(), &[("amount", json!("0"))]), 422, "invalid_input", "amount"),
            (with(a(), &[("amount", json!("-1000"))]), 422, "invalid_input", "amount"),
            (with(a(), &[("min_order", json!("-1"))]), 422, "invalid_input", "min_order"),
            (with(r(), &[("rate", json!("100.5"))]), 422, "invalid_input", "rate"),
            (with(r(), &[("rate", json!("0"))]), 422, "invalid_input", "rate"),
            (with(r(), &[("max_discount", json!(""))]), 422, "invalid_input", "max_discount"),
            (with(r(), &[("max_discount", json!("-5"))]), 422, "invalid_input", "max_discount"),
            (with(a(), &[("ends_at", json!(kst_input(now() - 2 * DAY_MS)))]), 422, "invalid_input", "ends_at"),
            (with(a(), &[("code", json!("WEL COME"))]), 422, "invalid_input", "code"),
            (with(a(), &[("code", json!("A".repeat(31)))]), 422, "invalid_input", "code"),
            (with(a(), &[("code", json!("쿠폰"))]), 422, "invalid_input", "code"),
            (with(a(), &[("code", json!("taken"))]), 409, "conflict", "code"),
            (with(a(), &[("total_limit", json!("0"))]), 422, "invalid_input", "total_limit"),
            (with(a(), &[("per_buyer_limit", json!("101"))]), 422, "invalid_input", "per_buyer_limit"),
            (with(r(), &[("product_ids", json!([]))]), 422, "invalid_input", "product_ids"),
            (with(r(), &[("product_ids", json!([coat, b_product]))]), 422, "invalid_input", "product_ids"),
            (with(r(), &[("platform_share", json!("120"))]), 422, "invalid_input", "platform_share"),
            (with(a(), &[("name", json!(""))]), 422, "invalid_input", "name"),
        ];
        for (input, status, code, field) in &cases {
            let res = save(&app, &owner, input).await;
            assert_error(&res, *status, code, Some(field));
            assert!(res.json()["message"].as_str().unwrap().chars().any(|c| ('가'..='힣').contains(&c)), "Korean: {}", res.body);
        }
        // An end before the start (both in the future).
        let mut backwards = a();
        backwards["starts_at"] = json!(kst_input(now() + 5 * DAY_MS));
        backwards["ends_at"] = json!(kst_input(now() + 4 * DAY_MS));
        assert_error(&save(&app, &owner, &backwards).await, 422, "invalid_input", Some("ends_at"));
        assert_eq!(coupon_state(&app).await, before, "bad input changed nothing");

        // The same code in another shop is that shop's own.
        create(&app, &b.owner, &amount_coupon("TAKEN")).await;
    }
);

db_test!(
    async fn a_coupon_pauses_resumes_and_ends_for_good(app) {
        let owner = owner(&app).await;
        let id = create(&app, &owner, &amount_coupon("FLOW-1")).await;
        let paused = change(&app, &owner, id, "pause").await;
        assert_ok(&paused);
        assert_eq!(paused.json()["row"]["status"], "paused");
        assert!(paused.json()["stopped_at"].as_i64() > Some(0));
        assert_error(&change(&app, &owner, id, "pause").await, 409, "invalid_transition", None);
        let listed = app.call(ListCoupons::PATH, &[("status", "paused")], Some(&owner)).await.json();
        assert_eq!(listed["rows"][0]["id"], id);

        let resumed = change(&app, &owner, id, "resume").await;
        assert_ok(&resumed);
        assert_eq!((resumed.json()["row"]["status"].as_str(), resumed.json()["stopped_at"].as_i64()), (Some("active"), Some(0)));
        assert_error(&change(&app, &owner, id, "resume").await, 409, "invalid_transition", None);

        let ended = change(&app, &owner, id, "end").await;
        assert_ok(&ended);
        assert_eq!(ended.json()["row"]["status"], "ended");
        for what in ["pause", "resume", "end"] {
            assert_error(&change(&app, &owner, id, what).await, 409, "invalid_transition", None);
        }
        assert_error(&change(&app, &owner, id, "restart").await, 422, "invalid_input", Some("change"));
        let stopped: Vec<String> = app.rows("SELECT stopped FROM coupons WHERE id = $1", &[id]).await;
        assert!(stopped[0].contains("ended"), "{stopped:?}");
        let ended_list = app.call(ListCoupons::PATH, &[("status", "ended")], Some(&owner)).await.json();
        assert_eq!(ended_list["rows"][0]["id"], id);

        // A paused coupon can also be ended; each change is audited.
        let other = create(&app, &owner, &amount_coupon("FLOW-2")).await;
        assert_ok(&change(&app, &owner, other, "pause").await);
        assert_ok(&change(&app, &owner, other, "end").await);
        let actions: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log WHERE target = $1 ORDER BY id")
            .bind(format!("coupon:{id}"))
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
        let actions: Vec<String> = actions.into_iter().map(|a| a.0).collect();
        assert_eq!(actions, ["coupon.create", "coupon.pause", "coupon.resume", "coupon.end"]);
    }
);

db_test!(
    async fn cs_and_logistics_see_no_promotions_and_the_manager_does(app) {
        let owner = owner(&app).await;
        let id = create(&app, &owner, &amount_coupon("ROLE-1")).await;
        let before = coupon_state(&app).await;
        for who in ["cs@moodon.example", "logistics@moodon.example"] {
            let s = app.sign_in_demo(who).await;
            assert_eq!(app.call(ListCoupons::PATH, &[("status", "all")], Some(&s)).await.status, 403, "{who}");
            assert_eq!(get(&app, &s, id).await.status, 403, "{who}");
            assert_eq!(change(&app, &s, id, "end").await.status, 403, "{who}");
            assert_eq!(save(&app, &s, &amount_coupon("ROLE-2")).await.status, 403, "{who}");
            let results = app
                .call(GetPromotionResults::PATH, &[("kind", "coupon"), ("promotion_id", &id.to_string()), ("from", ""), ("to", "")], Some(&s))
                .await;
            assert_eq!(results.status, 403, "{who}");
            assert_eq!(app.get_as(&format!("/downloads/promotions/coupon-{id}.csv"), Some(&s)).await.status, 403, "{who}");
        }
        assert_eq!(coupon_state(&app).await, before);
        let manager = app.sign_in_demo("manager@moodon.example").await;
        assert_ok(&get(&app, &manager, id).await);
        assert_ok(&change(&app, &manager, id, "pause").await);
    }
);

db_test!(
    async fn another_shop_sees_nothing_of_shop_a_s_coupons_and_cannot_stop_them(app) {
        let owner = owner(&app).await;
        let id = create(&app, &owner, &amount_coupon("A-ONLY")).await;
        let b = shop_b(&app).await;
        let list = app.call(ListCoupons::PATH, &[("status", "all")], Some(&b.owner)).await.json();
        assert_eq!(list["rows"].as_array().map(Vec::len), Some(0), "{list}");
        assert_error(&get(&app, &b.owner, id).await, 404, "not_found", None);
        for what in ["pause", "end"] {
            assert_error(&change(&app, &b.owner, id, what).await, 404, "not_found", None);
        }
        let results = app
            .call(GetPromotionResults::PATH, &[("kind", "coupon"), ("promotion_id", &id.to_string()), ("from", ""), ("to", "")], Some(&b.owner))
            .await;
        assert_error(&results, 404, "not_found", None);
        assert_eq!(app.get_as(&format!("/downloads/promotions/coupon-{id}.csv"), Some(&b.owner)).await.status, 404);
        let a = get(&app, &owner, id).await.json();
        assert_eq!(a["row"]["status"], "active", "A's coupon still runs");
    }
);

db_test!(
    async fn a_coupon_s_results_are_its_daily_rows_and_its_redemptions_newest_first(app) {
        let owner = owner(&app).await;
        let id = create(&app, &owner, &amount_coupon("RESULT-1")).await;
        let other = create(&app, &owner, &amount_coupon("RESULT-2")).await;
        let shop = app.demo_shop_id().await;
        let b = shop_b(&app).await;
        let today = partner_center::promotions::results::kst_day(now());
        // Fixture rows as intake writes them: two days of coupon `id`, a day
        // before the period asked for, another coupon of the shop, and
        // another shop's row under the same id — none of the last three
        // count. The redemptions listed below are of a day outside the
        // period: their trigger adds them to that day's row, not these.
        let daily = [
            ("coupon", id, shop, today - 1, 2, 3, 87_000, 4_000, 2_000, 2, 0),
            ("coupon", id, shop, today, 1, 1, 29_000, 1_500, 1_500, 1, 1),
            ("coupon", id, shop, today - 5, 9, 9, 900_000, 9_000, 0, 9, 0),
            ("coupon", other, shop, today, 7, 7, 70_000, 7_000, 0, 7, 0),
            ("coupon", id, b.shop_id, today, 5, 5, 50_000, 5_000, 0, 5, 0),
            ("period", id, shop, today, 4, 4, 40_000, 4_000, 0, 0, 0),
        ];
        for (kind, promo, shop_id, day, orders, units, revenue, seller, platform, redemptions, released) in daily {
            sqlx::query(
                "INSERT INTO promotion_daily (kind, promotion_id, shop_id, day, orders, units, revenue, seller_discount, \
                 platform_discount, redemptions, released) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(kind).bind(promo).bind(shop_id).bind(day).bind(orders as i64).bind(units as i64).bind(revenue as i64)
            .bind(seller as i64).bind(platform as i64).bind(redemptions as i64).bind(released as i64)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        }
        for n in 0..22i64 {
            sqlx::query(
                "INSERT INTO coupon_redemptions (coupon_id, shop_id, buyer_order_id, order_no, channel, buyer_key, discount, \
                 seller_part, platform_part, status, day, created_at) VALUES ($1, $2, $3, $4, 'zigzag', $8, 3000, 3000, 0, $5, $6, $7)",
            )
            .bind(id).bind(shop).bind(1000 + n).bind(format!("PC-TEST-{n:03}"))
            .bind(if n == 0 { "released" } else { "used" }).bind(today - 30).bind(now() - 100_000 + n)
            .bind(format!("0101234{n:04}"))
            .execute(app.state.db.pool())
            .await
            .unwrap();
        }
        let from = partner_center::promotions::results::date_of(today - 1).to_string();
        let to = partner_center::promotions::results::date_of(today).to_string();
        let ask = |cursor: Option<String>| {
            let mut f = vec![("kind", "coupon".to_owned()), ("promotion_id", id.to_string()), ("from", from.clone()), ("to", to.clone())];
            if let Some(c) = cursor {
                f.push(("cursor", c));
            }
            f
        };
        let fields = ask(None);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.call(GetPromotionResults::PATH, &pairs, Some(&owner)).await;
        assert_ok(&res);
        let r = res.json();
        let t = &r["totals"];
        assert_eq!(
            [&t["orders"], &t["units"], &t["revenue"], &t["seller_discount"], &t["platform_discount"], &t["redemptions"], &t["released"]],
            [&json!(3), &json!(4), &json!(116_000), &json!(5_500), &json!(3_500), &json!(3), &json!(1)],
            "{r}"
        );
        let days = r["by_day"].as_array().unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!((days[0]["date"].as_str(), days[0]["totals"]["revenue"].as_i64()), (Some(from.as_str()), Some(87_000)));
        assert_eq!((days[1]["date"].as_str(), days[1]["totals"]["redemptions"].as_i64()), (Some(to.as_str()), Some(1)));
        let first = r["redemptions"].as_array().unwrap();
        assert_eq!(first.len(), 20);
        assert_eq!(first[0]["order_no"], "PC-TEST-021", "newest first");
        let next = r["next_cursor"].as_str().expect("a second page").to_owned();
        let fields = ask(Some(next));
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page2 = app.call(GetPromotionResults::PATH, &pairs, Some(&owner)).await.json();
        let rest: Vec<&str> = page2["redemptions"].as_array().unwrap().iter().map(|x| x["order_no"].as_str().unwrap()).collect();
        assert_eq!(rest, ["PC-TEST-001", "PC-TEST-000"]);
        assert_eq!(page2["redemptions"][1]["status"], "released");
        assert!(page2["next_cursor"].is_null());

        // With no period asked: the coupon's own, from its first day (yesterday) to today.
        let own = app
            .call(GetPromotionResults::PATH, &[("kind", "coupon"), ("promotion_id", &id.to_string()), ("from", ""), ("to", "")], Some(&owner))
            .await
            .json();
        assert_eq!((own["from"].as_str(), own["to"].as_str()), (Some(from.as_str()), Some(to.as_str())), "{own}");
        assert_eq!(own["totals"]["revenue"], 116_000);

        // Bad periods and kinds.
        let bad = app.call(GetPromotionResults::PATH, &[("kind", "coupon"), ("promotion_id", &id.to_string()), ("from", &to), ("to", &from)], Some(&owner)).await;
        assert_error(&bad, 422, "invalid_input", Some("to"));
        let bad = app.call(GetPromotionResults::PATH, &[("kind", "sale"), ("promotion_id", &id.to_string()), ("from", ""), ("to", "")], Some(&owner)).await;
        assert_error(&bad, 422, "invalid_input", Some("kind"));

        // The export: the same days, in Korean headers.
        let csv = app.get_as(&format!("/downloads/promotions/coupon-{id}.csv?from={from}&to={to}"), Some(&owner)).await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        assert!(csv.body.contains("일자") && csv.body.contains("판매자 부담 할인"), "{}", csv.body);
        assert!(csv.body.contains(&from) && csv.body.contains("87000"), "{}", csv.body);
        let xlsx = app.get_as(&format!("/downloads/promotions/coupon-{id}.xlsx"), Some(&owner)).await;
        assert_eq!(xlsx.status, 200);
        assert!(xlsx.header("content-type").contains("spreadsheet"), "{}", xlsx.header("content-type"));
    }
);
