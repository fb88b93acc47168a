//! 기간할인 and 기획전 against a real database (SQLite and PostgreSQL):
//! overlapping discounts refused under the product's lock and adjacent ones
//! taken, bad input named and changing nothing, the product feed's price in
//! force exactly within a period (and how `updated_since` learns of it), a
//! campaign created, applied for with every condition checked, approved and
//! rejected with a reason, its price in the feed while it runs; roles and
//! tenancy.

use crate::common;

use common::{
    assert_error, assert_ok, channel_keys, order_json, owner, place_order, product_json, save_product, Session, TestApp, ORDERS,
};
use leptos::server_fn::ServerFn;
use partner_center::promotions::campaigns::{
    ApplyToCampaign, CreateCampaign, GetCampaign, GetCampaignForOperator, ListCampaigns, ListCampaignsForOperator,
    ReviewApplications, WithdrawApplication,
};
use partner_center::promotions::discounts::{
    CancelPeriodDiscount, ListPeriodDiscounts, ListPromoProducts, SavePeriodDiscount,
};
use partner_center::products::SaveProduct;
use partner_center::promotions::kst_input;
use serde_json::{json, Value};

const HOUR: i64 = 60 * 60 * 1000;
const DAY: i64 = 24 * HOUR;
const FEED: &str = "/api/channel/v1/products";

/// Now, on a whole minute (what a `datetime-local` input can say).
fn minute() -> i64 {
    partner_center::db::now_millis() / 60_000 * 60_000
}

fn discount_form(product_id: i64, price: &str, from: i64, to: i64) -> Vec<(String, String)> {
    vec![
        ("product_id".into(), product_id.to_string()),
        ("variant_ids".into(), String::new()),
        ("name".into(), "주말 특가".into()),
        ("price_mode".into(), "won".into()),
        ("price".into(), price.into()),
        ("starts_at".into(), kst_input(from)),
        ("ends_at".into(), kst_input(to)),
    ]
}

async fn save_discount(app: &TestApp, who: &Session, form: &[(String, String)]) -> common::TestResponse {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(SavePeriodDiscount::PATH, &pairs, Some(who)).await
}

fn with(form: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    form.iter().map(|(k, v)| (k.clone(), if k == key { value.to_owned() } else { v.clone() })).collect()
}

/// The feed's entry of a product (the whole feed read, one page).
async fn feed_entry(app: &TestApp, key: &str, product_id: i64, since: Option<i64>) -> Option<Value> {
    let path = match since {
        Some(s) => format!("{FEED}?limit=500&updated_since={s}"),
        None => format!("{FEED}?limit=500"),
    };
    let res = app.api_get(&path, key).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["products"].as_array().unwrap().iter().find(|p| p["product_id"] == product_id).cloned()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM {table}")).await
}

db_test!(
    async fn an_overlapping_period_discount_is_refused_and_an_adjacent_one_taken(app) {
        let owner = owner(&app).await;
        let (product, _) = save_product(&app, &owner, "PD-1", 10).await;
        let (other, _) = save_product(&app, &owner, "PD-2", 10).await;
        let t = minute();
        let first = save_discount(&app, &owner, &discount_form(product, "25000", t + DAY, t + 3 * DAY)).await;
        assert_ok(&first);
        let first_id = first.json().as_i64().unwrap();

        let overlap = save_discount(&app, &owner, &discount_form(product, "24000", t + 2 * DAY, t + 4 * DAY)).await;
        assert_error(&overlap, 409, "period_overlap", Some("starts_at"));
        let message = overlap.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(&partner_center::time::format_datetime(t + DAY)), "names the other period: {message}");
        assert!(message.contains(&partner_center::time::format_datetime(t + 3 * DAY)), "{message}");
        // Inside the other one, and around it: refused too.
        for (from, to) in [(t + DAY + HOUR, t + 2 * DAY), (t, t + 5 * DAY)] {
            assert_error(&save_discount(&app, &owner, &discount_form(product, "24000", from, to)).await, 409, "period_overlap", Some("starts_at"));
        }
        assert_eq!(count(&app, "period_discounts").await, 1, "nothing written");

        // Adjacent (starts as the other ends), and the same period on another product.
        assert_ok(&save_discount(&app, &owner, &discount_form(product, "24000", t + 3 * DAY, t + 4 * DAY)).await);
        assert_ok(&save_discount(&app, &owner, &discount_form(other, "24000", t + 2 * DAY, t + 4 * DAY)).await);
        // A cancelled one no longer blocks its period.
        assert_ok(&app.call(CancelPeriodDiscount::PATH, &[("discount_id", &first_id.to_string())], Some(&owner)).await);
        assert_ok(&save_discount(&app, &owner, &discount_form(product, "23000", t + DAY, t + 2 * DAY)).await);
        let again = app.call(CancelPeriodDiscount::PATH, &[("discount_id", &first_id.to_string())], Some(&owner)).await;
        assert_error(&again, 409, "conflict", None);

        let list = app.call(ListPeriodDiscounts::PATH, &[("status", "")], Some(&owner)).await.json();
        let rows = list["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 4, "{list}");
        let cancelled = rows.iter().find(|r| r["id"] == first_id).unwrap();
        assert_eq!(cancelled["status"], "ended", "a cancelled discount shows 종료");
        assert_eq!(cancelled["cancellable"], false);
        let scheduled = app.call(ListPeriodDiscounts::PATH, &[("status", "scheduled")], Some(&owner)).await.json();
        assert_eq!(scheduled["rows"].as_array().unwrap().len(), 3, "{scheduled}");
        let ended = app.call(ListPeriodDiscounts::PATH, &[("status", "ended")], Some(&owner)).await.json();
        assert_eq!(ended["rows"].as_array().unwrap().len(), 1, "{ended}");
        assert_error(&app.call(ListPeriodDiscounts::PATH, &[("status", "soon")], Some(&owner)).await, 422, "invalid_input", Some("status"));
        let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'promotions.discount.%'").await;
        assert_eq!(audited, 5, "four created, one cancelled");
    }
);

db_test!(
    async fn two_overlapping_discounts_saved_at_once_cannot_both_pass(app) {
        let owner = owner(&app).await;
        let (product, _) = save_product(&app, &owner, "PD-RACE", 10).await;
        let t = minute();
        let forms: Vec<Vec<(String, String)>> =
            (0..6).map(|i| discount_form(product, "25000", t + DAY + i * HOUR, t + 2 * DAY + i * HOUR)).collect();
        let results = futures_util::future::join_all(forms.iter().map(|f| save_discount(&app, &owner, f))).await;
        let ok = results.iter().filter(|r| r.status == 200).count();
        assert_eq!(ok, 1, "{:?}", results.iter().map(|r| r.body.clone()).collect::<Vec<_>>());
        assert!(results.iter().filter(|r| r.status != 200).all(|r| r.json()["code"] == "period_overlap"));
        assert_eq!(count(&app, "period_discounts").await, 1);
    }
);

db_test!(
    async fn bad_discount_input_is_named_and_changes_nothing(app) {
        let owner = owner(&app).await;
        let (product, variants) = save_product(&app, &owner, "PD-BAD", 10).await;
        let (other, other_variants) = save_product(&app, &owner, "PD-OTHER", 10).await;
        let t = minute();
        let good = discount_form(product, "25000", t + DAY, t + 2 * DAY);
        let audit_before = count(&app, "audit_log").await;
        let cases: Vec<(Vec<(String, String)>, &str)> = vec![
            (with(&good, "price", "29000"), "price"),
            (with(&good, "price", "0"), "price"),
            (with(&good, "price", "-100"), "price"),
            (with(&good, "price", "이만원"), "price"),
            (with(&with(&good, "price_mode", "percent"), "price", "100"), "price"),
            (with(&with(&good, "price_mode", "percent"), "price", "0"), "price"),
            (with(&good, "price_mode", "free"), "price_mode"),
            (with(&good, "name", " "), "name"),
            (with(&good, "name", &"가".repeat(51)), "name"),
            (with(&good, "starts_at", "내일"), "starts_at"),
            (with(&good, "ends_at", &kst_input(t + HOUR)), "ends_at"),
            (with(&good, "ends_at", &kst_input(t + 400 * DAY)), "ends_at"),
            (with(&with(&good, "starts_at", &kst_input(t - 2 * DAY)), "ends_at", &kst_input(t - DAY)), "ends_at"),
            (with(&good, "variant_ids", &other_variants[0].to_string()), "variant_ids"),
            (with(&good, "variant_ids", "x"), "variant_ids"),
        ];
        for (form, field) in cases {
            let res = save_discount(&app, &owner, &form).await;
            assert_error(&res, 422, "invalid_input", Some(field));
            assert!(res.json()["message"].as_str().unwrap().chars().any(|c| ('가'..='힣').contains(&c)), "{}", res.body);
        }
        assert_eq!(count(&app, "period_discounts").await, 0);
        assert_eq!(count(&app, "audit_log").await, audit_before);
        let _ = other;

        // 12.5 % off 29,000 = 25,375 → 25,370 (down to 10 won); some variants only.
        let percent = with(&with(&with(&good, "price_mode", "percent"), "price", "12.5"), "variant_ids", &variants[1].to_string());
        let id = save_discount(&app, &owner, &percent).await.json().as_i64().unwrap();
        let (price, ids): (i64, String) = sqlx::query_as("SELECT sale_price, variant_ids FROM period_discounts WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(price, 25_370);
        assert_eq!(ids, format!("[{}]", variants[1]));
        let products = app.call(ListPromoProducts::PATH, &[], Some(&owner)).await.json();
        assert_eq!(products.as_array().unwrap().len(), 2, "{products}");
    }
);

db_test!(
    async fn the_feed_shows_a_period_price_exactly_within_its_period(app) {
        let owner = owner(&app).await;
        let keys = channel_keys(&app).await;
        let (running, running_variants) = save_product(&app, &owner, "PD-NOW", 10).await;
        let (over, _) = save_product(&app, &owner, "PD-OVER", 10).await;
        let (part, part_variants) = save_product(&app, &owner, "PD-PART", 10).await;
        let t = minute();
        let a = save_discount(&app, &owner, &discount_form(running, "25000", t + HOUR, t + DAY)).await.json().as_i64().unwrap();
        let b = save_discount(&app, &owner, &discount_form(over, "24000", t + HOUR, t + DAY)).await.json().as_i64().unwrap();
        let c = save_discount(&app, &owner, &with(&discount_form(part, "23000", t + HOUR, t + DAY), "variant_ids", &part_variants[0].to_string()))
            .await
            .json()
            .as_i64()
            .unwrap();
        // Before they start: the 판매가.
        let entry = feed_entry(&app, &keys.zigzag, running, None).await.unwrap();
        assert_eq!((entry["price"].as_i64(), entry["sale_price"].as_i64()), (Some(29_000), Some(29_000)));
        assert!(entry["promotion"].is_null(), "{entry}");

        // One started an hour ago, one ended an hour ago, one (for the S
        // variant only) runs now: the clock moved, as the test moves it.
        let now = partner_center::db::now_millis();
        for (id, from, to) in [(a, now - HOUR, now + DAY), (b, now - DAY, now - HOUR), (c, now - HOUR, now + DAY)] {
            app.rows("UPDATE period_discounts SET starts_at = $1, ends_at = $2, updated_at = 1 WHERE id = $3", &[from, to, id]).await;
        }
        let entry = feed_entry(&app, &keys.zigzag, running, None).await.unwrap();
        assert_eq!(entry["price"], 25_000, "{entry}");
        assert_eq!(entry["sale_price"], 29_000);
        assert_eq!(entry["promotion"], json!({ "kind": "period", "id": a, "price": 25_000, "ends_at": now + DAY }));
        assert_eq!(entry["variants"][0]["variant_id"], running_variants[0]);
        assert_eq!(entry["variants"][0]["price"], 25_000);
        let ended = feed_entry(&app, &keys.zigzag, over, None).await.unwrap();
        assert_eq!(ended["price"], 29_000, "an ended period is not in force: {ended}");
        assert!(ended["promotion"].is_null());
        let partial = feed_entry(&app, &keys.zigzag, part, None).await.unwrap();
        assert!(partial["promotion"].is_null(), "not every variant: {partial}");
        assert_eq!(partial["variants"][0]["price"], 23_000);
        assert_eq!(partial["variants"][0]["promotion"]["kind"], "period");
        assert_eq!(partial["variants"][1]["price"], 29_000);
        assert!(partial["variants"][1]["promotion"].is_null());

        // A channel polling `updated_since` hears of a period that started
        // or ended since its last poll, though the product row is older.
        app.rows("UPDATE products SET updated_at = 1 WHERE id IN ($1, $2, $3)", &[running, over, part]).await;
        let since = now - 2 * HOUR;
        assert!(feed_entry(&app, &keys.zigzag, running, Some(since)).await.is_some(), "started since");
        assert!(feed_entry(&app, &keys.zigzag, over, Some(since)).await.is_some(), "ended since");
        let later = now - HOUR / 2;
        assert!(feed_entry(&app, &keys.zigzag, running, Some(later)).await.is_none(), "nothing changed since");
        assert!(feed_entry(&app, &keys.zigzag, over, Some(later)).await.is_none());
        // Intake takes the discounted price only while it is in force: a
        // late order at an ended period's price is refused, and a price of
        // some variants is not the others'.
        let taken = place_order(&app, &keys.zigzag, &order_json("PD-1", &[(running_variants[0], 1, 25_000, 0, 0)])).await;
        let period_of = |item: i64| {
            let app = &app;
            async move {
                sqlx::query_scalar::<_, i64>("SELECT period_discount_id FROM order_items WHERE id = $1")
                    .bind(item)
                    .fetch_one(app.state.db.pool())
                    .await
                    .unwrap()
            }
        };
        assert_eq!(period_of(taken[0]).await, a);
        let over_variants: Vec<i64> = sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position")
            .bind(over)
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
        let late = app.api_post(ORDERS, &order_json("PD-2", &[(over_variants[0], 1, 24_000, 0, 0)]), &keys.zigzag).await;
        assert_error(&late, 409, "price_not_in_force", Some("items[0].unit_price"));
        let other = app.api_post(ORDERS, &order_json("PD-3", &[(part_variants[1], 1, 23_000, 0, 0)]), &keys.zigzag).await;
        assert_error(&other, 409, "price_not_in_force", Some("items[0].unit_price"));
        let partial_taken = place_order(&app, &keys.zigzag, &order_json("PD-4", &[(part_variants[0], 1, 23_000, 0, 0)])).await;
        assert_eq!(period_of(partial_taken[0]).await, c);

        // (The orders moved stock; the product rows are old again.)
        app.rows("UPDATE products SET updated_at = 1 WHERE id IN ($1, $2, $3)", &[running, over, part]).await;
        // Cancelling changes the price in force: listed again.
        assert_ok(&app.call(CancelPeriodDiscount::PATH, &[("discount_id", &a.to_string())], Some(&owner)).await);
        let entry = feed_entry(&app, &keys.zigzag, running, Some(later)).await.expect("cancelled since");
        assert_eq!(entry["price"], 29_000);
        assert!(entry["promotion"].is_null());
        let after = app.api_post(ORDERS, &order_json("PD-5", &[(running_variants[0], 1, 25_000, 0, 0)]), &keys.zigzag).await;
        assert_error(&after, 409, "price_not_in_force", Some("items[0].unit_price"));
    }
);

/// The operator's campaign form: running from an hour ago for three days,
/// applications from two hours ago until tomorrow.
fn campaign_form(t: i64) -> Vec<(String, String)> {
    vec![
        ("title".into(), "겨울 니트 기획전".into()),
        ("banner".into(), "따뜻한 니트 최대 30% 할인".into()),
        ("starts_at".into(), kst_input(t - HOUR)),
        ("ends_at".into(), kst_input(t + 3 * DAY)),
        ("apply_from".into(), kst_input(t - 2 * HOUR)),
        ("apply_until".into(), kst_input(t + DAY)),
        ("min_discount".into(), "10".into()),
        ("max_price".into(), "27,000".into()),
        ("categories".into(), "상의".into()),
        ("commission".into(), "5.5".into()),
    ]
}

async fn create_campaign(app: &TestApp, who: &Session, form: &[(String, String)]) -> common::TestResponse {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(CreateCampaign::PATH, &pairs, Some(who)).await
}

async fn apply(app: &TestApp, who: &Session, campaign: i64, items: &[(i64, i64)]) -> common::TestResponse {
    let items: Vec<Value> = items.iter().map(|(p, price)| json!({ "product_id": p, "price": price })).collect();
    app.call_json(ApplyToCampaign::PATH, &json!({ "campaign_id": campaign, "items": items }), Some(who)).await
}

async fn review(app: &TestApp, who: &Session, campaign: i64, decisions: Value) -> common::TestResponse {
    app.call_json(ReviewApplications::PATH, &json!({ "campaign_id": campaign, "decisions": decisions }), Some(who)).await
}

async fn product_in(app: &TestApp, who: &Session, code: &str, category: &str) -> i64 {
    let mut body = product_json(code, 10);
    body["input"]["category"] = json!(category);
    let res = app.call_json(SaveProduct::PATH, &body, Some(who)).await;
    assert_ok(&res);
    res.json().as_i64().unwrap()
}

db_test!(
    async fn a_campaign_is_applied_for_reviewed_and_its_price_in_force_while_it_runs(app) {
        let operator = app.operator().await;
        let owner = owner(&app).await;
        let keys = channel_keys(&app).await;
        let t = minute();

        // The operator's bad input, named.
        let good = campaign_form(t);
        for (form, field) in [
            (with(&good, "title", ""), "title"),
            (with(&good, "apply_until", &kst_input(t + 4 * DAY)), "apply_until"),
            (with(&good, "min_discount", "120"), "min_discount"),
            (with(&good, "max_price", "-1"), "max_price"),
            (with(&good, "categories", "가전"), "categories"),
            (with(&good, "commission", ""), "commission"),
            (with(&good, "ends_at", &kst_input(t - 2 * HOUR)), "ends_at"),
        ] {
            assert_error(&create_campaign(&app, &operator, &form).await, 422, "invalid_input", Some(field));
        }
        assert_eq!(count(&app, "campaigns").await, 0);
        // Sellers cannot open one, nor review.
        assert_error(&create_campaign(&app, &owner, &good).await, 403, "forbidden", None);
        let created = create_campaign(&app, &operator, &good).await;
        assert_ok(&created);
        let campaign = created.json().as_i64().unwrap();
        let audit: String = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'promotions.campaign.create'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert!(audit.contains("\"commission_bp\":550"), "audited with its rate: {audit}");

        let knit = product_in(&app, &owner, "CP-KNIT", "상의>니트").await;
        let shirt = product_in(&app, &owner, "CP-SHIRT", "상의>셔츠").await;
        let denim = product_in(&app, &owner, "CP-DENIM", "팬츠>데님").await;
        // Each condition refused with its field, nothing applied.
        for (items, field) in [
            (vec![(knit, 27_000)], "min_discount"),
            (vec![(knit, 27_500)], "max_price"),
            (vec![(knit, 29_000)], "price"),
            (vec![(denim, 20_000)], "category"),
            (vec![(knit, 26_000), (knit, 25_000)], "product_id"),
            (vec![(shirt, 25_000), (denim, 20_000)], "category"),
        ] {
            let res = apply(&app, &owner, campaign, &items).await;
            assert_error(&res, 422, "invalid_input", Some(field));
        }
        let both = apply(&app, &owner, campaign, &[(knit, 27_000), (denim, 20_000)]).await;
        let message = both.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains("데일리 니트 CP-KNIT") && message.contains("데일리 니트 CP-DENIM"), "every product named: {message}");
        assert_eq!(count(&app, "campaign_applications").await, 0);

        assert_ok(&apply(&app, &owner, campaign, &[(knit, 26_000), (shirt, 25_000)]).await);
        assert_error(&apply(&app, &owner, campaign, &[(knit, 25_000)]).await, 422, "invalid_input", Some("product_id"));
        let ids: Vec<(i64, i64)> = sqlx::query_as("SELECT id, product_id FROM campaign_applications ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
        let knit_app = ids.iter().find(|(_, p)| *p == knit).unwrap().0;
        let shirt_app = ids.iter().find(|(_, p)| *p == shirt).unwrap().0;

        // Pending applications are not in force.
        assert!(feed_entry(&app, &keys.zigzag, knit, None).await.unwrap()["promotion"].is_null());
        // Only the operator reviews; a rejection needs its reason.
        assert_error(&review(&app, &owner, campaign, json!([{ "application_id": knit_app, "approve": true }])).await, 403, "forbidden", None);
        let no_reason = review(&app, &operator, campaign, json!([{ "application_id": shirt_app, "approve": false, "reason": " " }])).await;
        assert_error(&no_reason, 422, "invalid_input", Some("reason"));
        assert_ok(
            &review(&app, &operator, campaign, json!([
                { "application_id": knit_app, "approve": true },
                { "application_id": shirt_app, "approve": false, "reason": "셔츠는 다음 기획전에 신청해 주세요" },
            ]))
            .await,
        );
        let twice = review(&app, &operator, campaign, json!([{ "application_id": knit_app, "approve": false, "reason": "x" }])).await;
        assert_error(&twice, 409, "conflict", None);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('promotions.campaign.approve', 'promotions.campaign.reject')").await, 2);

        // The seller sees the decisions and the reason.
        let mine = app.call(ListCampaigns::PATH, &[], Some(&owner)).await.json();
        assert_eq!(mine["campaigns"][0]["id"], campaign, "{mine}");
        assert_eq!(mine["campaigns"][0]["apply_open"], true);
        let apps = mine["applications"].as_array().unwrap();
        let knit_row = apps.iter().find(|a| a["id"] == knit_app).unwrap();
        let shirt_row = apps.iter().find(|a| a["id"] == shirt_app).unwrap();
        assert_eq!((knit_row["status"].as_str(), knit_row["status_label"].as_str()), (Some("approved"), Some("승인")));
        assert_eq!((shirt_row["status"].as_str(), shirt_row["reason"].as_str()), (Some("rejected"), Some("셔츠는 다음 기획전에 신청해 주세요")));
        let detail = app.call(GetCampaign::PATH, &[("campaign_id", &campaign.to_string())], Some(&owner)).await.json();
        assert_eq!(detail["applications"].as_array().unwrap().len(), 2, "{detail}");
        assert_eq!(detail["campaign"]["min_discount"], "10%");
        // Decided applications are not withdrawn.
        let withdraw = app.call(WithdrawApplication::PATH, &[("application_id", &knit_app.to_string())], Some(&owner)).await;
        assert_error(&withdraw, 409, "conflict", None);

        // The approved product sells at its campaign price while the campaign runs.
        let entry = feed_entry(&app, &keys.zigzag, knit, None).await.unwrap();
        assert_eq!(entry["price"], 26_000, "{entry}");
        assert_eq!(entry["promotion"]["kind"], "campaign");
        assert_eq!(entry["promotion"]["id"], campaign);
        assert!(feed_entry(&app, &keys.zigzag, shirt, None).await.unwrap()["promotion"].is_null(), "rejected");
        // Intake takes the campaign price while it runs, and the item carries
        // the campaign and its commission rate for the settlement.
        let knit_variant: i64 = sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position LIMIT 1")
            .bind(knit).fetch_one(app.state.db.pool()).await.unwrap();
        let shirt_variant: i64 = sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position LIMIT 1")
            .bind(shirt).fetch_one(app.state.db.pool()).await.unwrap();
        let sold = place_order(&app, &keys.zigzag, &order_json("CP-1", &[(knit_variant, 1, 26_000, 0, 0)])).await;
        let (on, bp): (i64, i64) = sqlx::query_as("SELECT campaign_id, campaign_commission_bp FROM order_items WHERE id = $1")
            .bind(sold[0]).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((on, bp), (campaign, 550));
        let rejected = app.api_post(ORDERS, &order_json("CP-2", &[(shirt_variant, 1, 25_000, 0, 0)]), &keys.zigzag).await;
        assert_error(&rejected, 409, "price_not_in_force", Some("items[0].unit_price"));
        // Not before it starts, nor after it ends.
        let now = partner_center::db::now_millis();
        app.rows("UPDATE campaigns SET starts_at = $1 WHERE id = $2", &[now + HOUR, campaign]).await;
        assert_eq!(feed_entry(&app, &keys.zigzag, knit, None).await.unwrap()["price"], 29_000);
        let early = app.api_post(ORDERS, &order_json("CP-3", &[(knit_variant, 1, 26_000, 0, 0)]), &keys.zigzag).await;
        assert_error(&early, 409, "price_not_in_force", Some("items[0].unit_price"));
        app.rows("UPDATE campaigns SET starts_at = $1, ends_at = $2 WHERE id = $3", &[now - 2 * DAY, now - HOUR, campaign]).await;
        assert_eq!(feed_entry(&app, &keys.zigzag, knit, None).await.unwrap()["price"], 29_000);
        let late = app.api_post(ORDERS, &order_json("CP-4", &[(knit_variant, 1, 26_000, 0, 0)]), &keys.zigzag).await;
        assert_error(&late, 409, "price_not_in_force", Some("items[0].unit_price"));
        // Paid while it ran, the order is taken at the campaign's terms.
        let mut paid_then = order_json("CP-5", &[(knit_variant, 1, 26_000, 0, 0)]);
        paid_then["paid_at"] = json!(chrono::DateTime::from_timestamp_millis(now - 2 * HOUR).unwrap().to_rfc3339());
        let taken = place_order(&app, &keys.zigzag, &paid_then).await;
        let (on, bp): (i64, i64) = sqlx::query_as("SELECT campaign_id, campaign_commission_bp FROM order_items WHERE id = $1")
            .bind(taken[0]).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((on, bp), (campaign, 550));

        // The operator's views.
        let list = app.call(ListCampaignsForOperator::PATH, &[], Some(&operator)).await.json();
        assert_eq!(list["rows"][0]["pending"], 0, "{list}");
        let opd = app.call(GetCampaignForOperator::PATH, &[("campaign_id", &campaign.to_string()), ("status", "rejected")], Some(&operator)).await;
        assert_ok(&opd);
        assert_eq!(opd.json()["applications"].as_array().unwrap().len(), 1);
        assert_eq!(opd.json()["applications"][0]["shop_name"], partner_center::server::demo::DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn applications_outside_the_window_are_refused_and_a_pending_one_is_withdrawn(app) {
        let operator = app.operator().await;
        let owner = owner(&app).await;
        let t = minute();
        let later = with(&with(&campaign_form(t), "apply_from", &kst_input(t + HOUR)), "apply_until", &kst_input(t + DAY));
        let later = with(&later, "categories", "");
        let campaign = create_campaign(&app, &operator, &later).await.json().as_i64().unwrap();
        let (product, _) = save_product(&app, &owner, "CP-WIN", 10).await;
        assert_error(&apply(&app, &owner, campaign, &[(product, 25_000)]).await, 422, "invalid_input", Some("campaign_id"));
        app.rows("UPDATE campaigns SET apply_from = $1 WHERE id = $2", &[t - HOUR, campaign]).await;
        assert_ok(&apply(&app, &owner, campaign, &[(product, 25_000)]).await);
        let id: i64 = sqlx::query_scalar("SELECT id FROM campaign_applications").fetch_one(app.state.db.pool()).await.unwrap();
        assert_ok(&app.call(WithdrawApplication::PATH, &[("application_id", &id.to_string())], Some(&owner)).await);
        // Withdrawn, it may be applied again.
        assert_ok(&apply(&app, &owner, campaign, &[(product, 24_000)]).await);
        let (status, price): (String, i64) = sqlx::query_as("SELECT status, campaign_price FROM campaign_applications WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!((status.as_str(), price), ("pending", 24_000));
    }
);

db_test!(
    async fn cs_and_logistics_see_no_promotion_and_a_seller_calls_no_operator_function(app) {
        let owner = owner(&app).await;
        let manager = app.sign_in_demo("manager@moodon.example").await;
        let operator = app.operator().await;
        let campaign = create_campaign(&app, &operator, &campaign_form(minute())).await.json().as_i64().unwrap();
        let (product, _) = save_product(&app, &owner, "CP-ROLE", 10).await;
        let t = minute();
        let form = discount_form(product, "25000", t + DAY, t + 2 * DAY);
        for who in ["cs@moodon.example", "logistics@moodon.example"] {
            let s = app.sign_in_demo(who).await;
            assert_error(&app.call(ListPeriodDiscounts::PATH, &[("status", "")], Some(&s)).await, 403, "forbidden", None);
            assert_error(&app.call(ListPromoProducts::PATH, &[], Some(&s)).await, 403, "forbidden", None);
            assert_error(&save_discount(&app, &s, &form).await, 403, "forbidden", None);
            assert_error(&app.call(ListCampaigns::PATH, &[], Some(&s)).await, 403, "forbidden", None);
            assert_error(&app.call(GetCampaign::PATH, &[("campaign_id", &campaign.to_string())], Some(&s)).await, 403, "forbidden", None);
            assert_error(&apply(&app, &s, campaign, &[(product, 25_000)]).await, 403, "forbidden", None);
        }
        assert_eq!(count(&app, "period_discounts").await + count(&app, "campaign_applications").await, 0);
        // The manager manages promotions like the owner.
        assert_ok(&save_discount(&app, &manager, &form).await);
        assert_ok(&apply(&app, &manager, campaign, &[(product, 25_000)]).await);
        for who in [&owner, &manager] {
            assert_error(&app.call(ListCampaignsForOperator::PATH, &[], Some(who)).await, 403, "forbidden", None);
            let get = app.call(GetCampaignForOperator::PATH, &[("campaign_id", &campaign.to_string()), ("status", "")], Some(who)).await;
            assert_error(&get, 403, "forbidden", None);
            assert_error(&create_campaign(&app, who, &campaign_form(minute())).await, 403, "forbidden", None);
        }
    }
);

db_test!(
    async fn another_shop_sees_nothing_of_a_shop_s_discounts_and_applications(app) {
        let operator = app.operator().await;
        let owner = owner(&app).await;
        let b = app.open_shop("owner@seongsu-knit.example", "성수 니트웍스", 43).await;
        let campaign = create_campaign(&app, &operator, &campaign_form(minute())).await.json().as_i64().unwrap();
        let (product, _) = save_product(&app, &owner, "CP-A", 10).await;
        let t = minute();
        let discount = save_discount(&app, &owner, &discount_form(product, "25000", t + DAY, t + 2 * DAY)).await.json().as_i64().unwrap();
        assert_ok(&apply(&app, &owner, campaign, &[(product, 25_000)]).await);
        let application: i64 = sqlx::query_scalar("SELECT id FROM campaign_applications").fetch_one(app.state.db.pool()).await.unwrap();
        let before = [app.rows("SELECT * FROM period_discounts ORDER BY id", &[]).await, app.rows("SELECT * FROM campaign_applications ORDER BY id", &[]).await];

        let list = app.call(ListPeriodDiscounts::PATH, &[("status", "")], Some(&b.owner)).await.json();
        assert!(list["rows"].as_array().unwrap().is_empty(), "{list}");
        assert!(app.call(ListPromoProducts::PATH, &[], Some(&b.owner)).await.json().as_array().unwrap().is_empty());
        assert_error(&app.call(CancelPeriodDiscount::PATH, &[("discount_id", &discount.to_string())], Some(&b.owner)).await, 404, "not_found", None);
        assert_error(&save_discount(&app, &b.owner, &discount_form(product, "20000", t + 3 * DAY, t + 4 * DAY)).await, 404, "not_found", Some("product_id"));
        let seen = app.call(ListCampaigns::PATH, &[], Some(&b.owner)).await.json();
        assert_eq!(seen["campaigns"][0]["id"], campaign, "the platform's campaign is open to every shop");
        assert!(seen["applications"].as_array().unwrap().is_empty(), "{seen}");
        let detail = app.call(GetCampaign::PATH, &[("campaign_id", &campaign.to_string())], Some(&b.owner)).await.json();
        assert!(detail["applications"].as_array().unwrap().is_empty(), "{detail}");
        assert!(!detail.to_string().contains("CP-A"), "{detail}");
        assert_error(&app.call(WithdrawApplication::PATH, &[("application_id", &application.to_string())], Some(&b.owner)).await, 404, "not_found", None);
        assert_error(&apply(&app, &b.owner, campaign, &[(product, 24_000)]).await, 404, "not_found", Some("product_id"));
        let after = [app.rows("SELECT * FROM period_discounts ORDER BY id", &[]).await, app.rows("SELECT * FROM campaign_applications ORDER BY id", &[]).await];
        assert_eq!(before, after, "A's discount and application unchanged");
    }
);
