//! 정산 against a real database (SQLite and PostgreSQL): a simulated month of
//! orders with cancels and returns goes through the real flows, the
//! settlement run turns it into lines and statements, and every statement
//! and the month's tax invoice match a recomputation done here with plain
//! integer arithmetic. Also: the run is idempotent and safe on two
//! instances, paid statements never change, rates follow their effective
//! dates, holds, and shops that never see each other's statements.

use crate::common;

use chrono::{NaiveDate, TimeZone};
use common::{
    assert_error, assert_ok, channel_keys, order_json, owner, place_order, product_json, ship_and_deliver, Keys, Session,
    TestApp, CARRIER,
};
use leptos::server_fn::ServerFn;
use partner_center::auth::roles::Permission;
use partner_center::claims::{ApproveClaims, GetClaim, MarkCollected, StartPickup};
use partner_center::orders::ConfirmOrders;
use partner_center::products::SaveProduct;
use partner_center::settlement::ssr::run;
use partner_center::settlement::{
    AddCommissionRate, AddSettlementAdjustment, GetOperatorSettlement, GetSettlementMonth, GetStatement, HoldStatement,
};
use serde_json::{json, Value};
use sqlx::Row;

const CLAIMS: &str = "/api/channel/v1/claims";

/// UTC millis of a KST wall-clock time.
fn kst(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    chrono::FixedOffset::east_opt(9 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .timestamp_millis()
}

/// Half away from zero of `amount × bp / 10000`, in integers only: the
/// independent check of the app's rust_decimal arithmetic.
fn fee(amount: i64, bp: i64) -> i64 {
    let x = amount as i128 * bp as i128;
    ((2 * x + 10_000) / 20_000) as i64
}

/// A product listed on 지그재그 and 포스티 with `stock` per size; its variant ids.
async fn product(app: &TestApp, who: &Session, code: &str, stock: i64) -> Vec<i64> {
    let mut body = product_json(code, stock);
    body["input"]["channels"] = json!(["zigzag", "posty"]);
    let res = app.call_json(SaveProduct::PATH, &body, Some(who)).await;
    assert_ok(&res);
    let id = res.json().as_i64().unwrap();
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

/// A tiny deterministic generator, so a failure replays the same month.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> i64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n) as i64
    }
}

async fn exec(app: &TestApp, sql: &str, args: &[i64]) {
    let mut q = sqlx::query(sql);
    for a in args {
        q = q.bind(*a);
    }
    q.execute(app.state.db.pool()).await.unwrap();
}

async fn set_rate(app: &TestApp, op: &Session, shop: i64, channel: &str, pct: &str, from: &str) {
    let res = app
        .call(
            AddCommissionRate::PATH,
            &[
                ("shop_id", &shop.to_string()),
                ("channel", channel),
                ("commission", pct),
                ("payment_fee", "3.3"),
                ("effective_from", from),
                ("memo", "테스트"),
            ],
            Some(op),
        )
        .await;
    assert_ok(&res);
}

/// Expected line of a sale, from the item row and the rates the test set.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Totals {
    lines: i64,
    sale: i64,
    discount: i64,
    shipping: i64,
    commission: i64,
    payment_fee: i64,
    claim: i64,
    adjustment: i64,
    net: i64,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.lines += o.lines;
        self.sale += o.sale;
        self.discount += o.discount;
        self.shipping += o.shipping;
        self.commission += o.commission;
        self.payment_fee += o.payment_fee;
        self.claim += o.claim;
        self.adjustment += o.adjustment;
        self.net += o.net;
    }
}

async fn statement_totals(app: &TestApp, shop: i64) -> std::collections::BTreeMap<String, (Totals, String, String)> {
    let rows = sqlx::query(
        "SELECT settle_date, pay_date, status, line_count, sale_amount, seller_discount, shipping_fee, commission, \
         payment_fee, claim_amount, adjustment, net_payout FROM settlement_statements WHERE shop_id = $1",
    )
    .bind(shop)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            let t = Totals {
                lines: r.get("line_count"),
                sale: r.get("sale_amount"),
                discount: r.get("seller_discount"),
                shipping: r.get("shipping_fee"),
                commission: r.get("commission"),
                payment_fee: r.get("payment_fee"),
                claim: r.get("claim_amount"),
                adjustment: r.get("adjustment"),
                net: r.get("net_payout"),
            };
            (r.get::<String, _>("settle_date"), (t, r.get("pay_date"), r.get("status")))
        })
        .collect()
}

/// Every statement's stored totals are the sums of its lines.
async fn assert_totals_are_line_sums(app: &TestApp) {
    let bad = app
        .count(
            "SELECT COUNT(*) FROM settlement_statements s WHERE s.net_payout <> \
             (SELECT COALESCE(SUM(l.net_payout), 0) FROM settlement_lines l WHERE l.statement_id = s.id) \
             OR s.line_count <> (SELECT COUNT(*) FROM settlement_lines l WHERE l.statement_id = s.id) \
             OR s.commission <> (SELECT COALESCE(SUM(l.commission), 0) FROM settlement_lines l WHERE l.statement_id = s.id)",
        )
        .await;
    assert_eq!(bad, 0, "a statement's totals differ from the sum of its lines");
    let inexact = app
        .count(
            "SELECT COUNT(*) FROM settlement_lines WHERE net_payout <> sale_amount - seller_discount + shipping_fee \
             - commission - payment_fee + claim_amount + adjustment",
        )
        .await;
    assert_eq!(inexact, 0);
}

fn claim_body(id: &str, order: &str, item: &str, kind: &str, reason: &str) -> Value {
    json!({ "channel_claim_id": id, "channel_order_id": order, "channel_item_id": item, "kind": kind, "reason": reason })
}

db_test! {
    async fn a_simulated_month_settles_to_the_won_and_matches_the_tax_invoice(app) {
        let who = owner(&app).await;
        let op = app.operator().await;
        let keys: Keys = channel_keys(&app).await;
        let shop = app.demo_shop_id().await;
        let variants = product(&app, &who, "SET-1", 500).await;
        // 포스티: the platform's 5.5 % until 15 Oct, the shop's 7 % from 16 Oct (KST).
        set_rate(&app, &op, shop, "posty", "7", "2026-10-16").await;
        let rate = |channel: &str, paid_at: i64| -> i64 {
            match channel {
                "zigzag" => 950, // the demo shop's own 지그재그 rate
                _ if paid_at >= kst(2026, 10, 16, 0, 0) => 700,
                _ => 550,
            }
        };

        let mut rng = Lcg(20261001);
        let mut orders = Vec::new();
        for n in 0..24 {
            let channel = if n % 3 == 0 { "posty" } else { "zigzag" };
            let key = if channel == "posty" { &keys.posty } else { &keys.zigzag };
            let lines = 1 + rng.next(2) as usize;
            let mut body = order_json(
                &format!("M-{n}"),
                &(0..lines)
                    .map(|i| (variants[i % 2], 1 + rng.next(3), 29_000, rng.next(4) * 1_000, if i == 0 { 3_000 } else { 0 }))
                    .collect::<Vec<_>>(),
            );
            for item in body["items"].as_array_mut().unwrap() {
                item["seller_discount"] = json!(rng.next(3) * 500);
            }
            let items = place_order(&app, key, &body).await;
            // Paid over October (KST), some right around midnight.
            let day = 1 + (n as u32 % 20);
            let paid = kst(2026, 10, day, if n % 5 == 0 { 23 } else { 11 }, 59);
            for i in &items {
                exec(&app, "UPDATE order_items SET paid_at = $1 WHERE id = $2", &[paid, *i]).await;
            }
            orders.push((format!("M-{n}"), channel, key.clone(), items));
        }
        // Two orders cancelled by the buyer before 발주확인 (approved automatically).
        for (id, _, key, items) in &orders[0..2] {
            let res = app.api_post(CLAIMS, &claim_body(&format!("C-{id}"), id, "1", "cancel", "change_of_mind"), key).await;
            assert_eq!(res.status, 201, "{}", res.body);
            let _ = items;
        }
        // Everything else: 발주확인, shipped, delivered.
        let mut shipped = Vec::new();
        for (_, _, _, items) in &orders {
            for i in items {
                let status: String = sqlx::query_scalar("SELECT status FROM order_items WHERE id = $1").bind(*i).fetch_one(app.state.db.pool()).await.unwrap();
                if status == "paid" {
                    shipped.push(*i);
                }
            }
        }
        assert_ok(&app.call_json(ConfirmOrders::PATH, &json!({ "ids": shipped }), Some(&who)).await);
        ship_and_deliver(&app, &who, &keys.carrier, &shipped, "612345678901").await;
        // Two orders returned by a buyer who changed their mind (반품배송비 kept from the refund).
        let mut returned = Vec::new();
        for (id, _, key, items) in &orders[2..4] {
            let res = app.api_post(CLAIMS, &claim_body(&format!("R-{id}"), id, "1", "return", "change_of_mind"), key).await;
            assert_eq!(res.status, 201, "{}", res.body);
            let claim = res.json()["claim_id"].as_i64().unwrap();
            let cid = claim.to_string();
            assert_ok(&app.call(StartPickup::PATH, &[("claim_id", cid.as_str()), ("courier", "cj"), ("tracking_number", "712345678901")], Some(&who)).await);
            assert_ok(&app.call(MarkCollected::PATH, &[("claim_id", cid.as_str()), ("damaged", "false")], Some(&who)).await);
            let shown = app.call(GetClaim::PATH, &[("claim_id", cid.as_str())], Some(&who)).await.json()["refund"]["total"].clone();
            assert_ok(&app.call_json(ApproveClaims::PATH, &json!({ "ids": [claim], "expected_refund": shown }), Some(&who)).await);
            returned.push((claim, items[0]));
        }
        // The buyers confirm the rest.
        for (id, _, key, _) in &orders[2..] {
            let res = app.api_post(&format!("/api/channel/v1/orders/{id}/purchase-confirmation"), &json!({}), key).await;
            assert!(res.status.is_success() || res.status == 409, "{}", res.body);
        }
        // Confirmations and claim completions spread over October, as the month happened.
        let confirmed: Vec<(i64, i64)> = sqlx::query_as("SELECT id, paid_at FROM order_items WHERE shop_id = $1 AND status = 'purchase_confirmed' ORDER BY id")
            .bind(shop).fetch_all(app.state.db.pool()).await.unwrap();
        assert!(confirmed.len() >= 20, "{} confirmed", confirmed.len());
        for (id, paid) in &confirmed {
            exec(&app, "UPDATE order_items SET purchase_confirmed_at = $1 WHERE id = $2", &[paid + 9 * 86_400_000, *id]).await;
        }
        for (claim, _) in &returned {
            exec(&app, "UPDATE claims SET resolved_at = $1 WHERE id = $2", &[kst(2026, 10, 20, 15, 0), *claim]).await;
        }

        // The run on 2 November, after the month has closed.
        let now = kst(2026, 11, 2, 10, 0);
        let report = run(&app.state.db, now).await.unwrap();
        assert_eq!(report.items, confirmed.len());

        // The independent recomputation.
        let mut expected: std::collections::BTreeMap<String, Totals> = Default::default();
        let mut october_fees = 0;
        let rows = sqlx::query(
            "SELECT channel, paid_at, purchase_confirmed_at, unit_price, option_price, quantity, seller_discount, \
             platform_discount, shipping_fee FROM order_items WHERE shop_id = $1 AND status = 'purchase_confirmed'",
        ).bind(shop).fetch_all(app.state.db.pool()).await.unwrap();
        for r in &rows {
            let channel: String = r.get("channel");
            let paid_at: i64 = r.get("paid_at");
            let sale = (r.get::<i64, _>("unit_price") + r.get::<i64, _>("option_price")) * r.get::<i64, _>("quantity");
            let sd: i64 = r.get("seller_discount");
            let pd: i64 = r.get("platform_discount");
            let ship: i64 = r.get("shipping_fee");
            let commission = fee(sale - sd, rate(&channel, paid_at));
            let payment_fee = fee(sale - sd - pd + ship, 330);
            let t = Totals { lines: 1, sale, discount: sd, shipping: ship, commission, payment_fee, claim: 0, adjustment: 0,
                net: sale - sd + ship - commission - payment_fee };
            let day = partner_center::calendar::kst_date(r.get("purchase_confirmed_at")).unwrap().format("%Y-%m-%d").to_string();
            if day.starts_with("2026-10") {
                october_fees += commission + payment_fee;
            }
            expected.entry(day).or_default().add(&t);
        }
        let mut kept_total = 0;
        for (claim, _) in &returned {
            let kept: i64 = sqlx::query_scalar("SELECT deduction FROM claims WHERE id = $1").bind(*claim).fetch_one(app.state.db.pool()).await.unwrap();
            assert!(kept >= 3_000, "a buyer at fault pays the return shipping");
            kept_total += kept;
            expected.entry("2026-10-20".into()).or_default().add(&Totals { lines: 1, claim: kept, net: kept, ..Default::default() });
        }
        // The tax invoice of October: issued by the run, its VAT collected by
        // an adjustment in the statement of the run's day.
        let vat = october_fees / 10;
        let invoice: (i64, i64, i64) = sqlx::query_as("SELECT supply_value, vat, total FROM tax_invoices WHERE shop_id = $1 AND month = '2026-10'")
            .bind(shop).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!(invoice, (october_fees, vat, october_fees + vat));
        expected.entry("2026-11-02".into()).or_default().add(&Totals { lines: 1, adjustment: -vat, net: -vat, ..Default::default() });

        let actual = statement_totals(&app, shop).await;
        let actual_totals: std::collections::BTreeMap<String, Totals> = actual.iter().map(|(k, v)| (k.clone(), v.0)).collect();
        assert_eq!(actual_totals, expected);
        assert_totals_are_line_sums(&app).await;
        // Each statement is paid on the 5th business day after its day; the
        // ones due by 2 November were paid by the same run.
        for (day, (_, pay, status)) in &actual {
            let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let due = partner_center::calendar::add_business_days(d, 5).format("%Y-%m-%d").to_string();
            assert_eq!(pay, &due, "{day}");
            assert_eq!(status, if due.as_str() <= "2026-11-02" { "paid" } else { "scheduled" }, "{day}");
        }
        let mut all = Totals::default();
        for t in expected.values() {
            all.add(t);
        }
        assert_eq!(all.claim, kept_total);
        // 한글날 (Fri 9 Oct): a statement of Mon 5 Oct is paid Tue 13 Oct.
        assert_eq!(partner_center::calendar::add_business_days(NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(), 5),
            NaiveDate::from_ymd_opt(2026, 10, 13).unwrap());

        // Running again changes nothing.
        let snapshot = || async {
            let mut rows = app.rows("SELECT * FROM settlement_lines ORDER BY id", &[]).await;
            rows.extend(app.rows("SELECT * FROM settlement_statements ORDER BY id", &[]).await);
            rows.extend(app.rows("SELECT * FROM tax_invoices ORDER BY id", &[]).await);
            rows
        };
        let before = snapshot().await;
        let again = run(&app.state.db, now + 60_000).await.unwrap();
        assert_eq!((again.items, again.claims, again.invoices), (0, 0, 0));
        assert_eq!(snapshot().await, before);
        assert_eq!(statement_totals(&app, shop).await.iter().map(|(k, v)| (k.clone(), v.0)).collect::<std::collections::BTreeMap<_, _>>(), expected);

        // The seller's page shows the month, and a statement down to its items.
        let res = app.call(GetSettlementMonth::PATH, &[("month", "2026-10")], Some(&who)).await;
        assert_ok(&res);
        let page = res.json();
        let listed: i64 = page["statements"].as_array().unwrap().iter().map(|s| s["net_payout"].as_i64().unwrap()).sum();
        let due_in_october: i64 = actual.values().filter(|(_, pay, _)| pay.starts_with("2026-10")).map(|(t, _, _)| t.net).sum();
        assert_eq!(listed, due_in_october);
        let first = page["statements"][0]["id"].as_i64().unwrap();
        let res = app.call(GetStatement::PATH, &[("statement_id", &first.to_string()), ("after", "0")], Some(&who)).await;
        assert_ok(&res);
        let lines = res.json()["lines"].as_array().unwrap().clone();
        let sum: i64 = lines.iter().map(|l| l["net_payout"].as_i64().unwrap()).sum();
        assert_eq!(sum, res.json()["statement"]["net_payout"].as_i64().unwrap());
        // The export has a row per line.
        let res = app.get_as(&format!("/downloads/settlement/statement-{first}.csv"), Some(&who)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.body.trim_end().lines().count(), lines.len() + 1);
        let _ = Permission::Settlement;
    }
}

db_test! {
    async fn two_instances_settle_each_item_once_and_paid_statements_never_change(app) {
        let who = owner(&app).await;
        let keys = channel_keys(&app).await;
        let shop = app.demo_shop_id().await;
        let variants = product(&app, &who, "SET-2", 500).await;
        let mut items = Vec::new();
        for n in 0..40 {
            items.extend(place_order(&app, &keys.zigzag, &order_json(&format!("P-{n}"), &[(variants[n % 2], 1, 29_000, 0, 0)])).await);
        }
        let day1 = kst(2026, 11, 2, 12, 0);
        for i in &items {
            exec(&app, "UPDATE order_items SET status = 'purchase_confirmed', purchase_confirmed_at = $1 WHERE id = $2", &[day1, *i]).await;
        }
        let other = app.another_instance().await;
        let (a, b) = tokio::join!(run(&app.state.db, day1 + 3_600_000), run(&other.db, day1 + 3_600_000));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.items + b.items, 40, "each item is settled by exactly one instance");
        assert_eq!(app.count("SELECT COUNT(*) FROM settlement_lines WHERE kind = 'sale'").await, 40);
        assert_totals_are_line_sums(&app).await;
        let net: i64 = sqlx::query_scalar("SELECT net_payout FROM settlement_statements WHERE shop_id = $1 AND settle_date = '2026-11-02'")
            .bind(shop).fetch_one(app.state.db.pool()).await.unwrap();
        // 29,000 − 9.5 % − 3.3 % each.
        assert_eq!(net, 40 * (29_000 - fee(29_000, 950) - fee(29_000, 330)));

        // Paid on 9 November (5 business days later); then a late line of 2
        // November and an operator's correction go to a later statement.
        let pay_day = kst(2026, 11, 9, 9, 0);
        run(&app.state.db, pay_day).await.unwrap();
        let paid = statement_totals(&app, shop).await["2026-11-02"].clone();
        assert_eq!(paid.2, "paid");
        let late = place_order(&app, &keys.zigzag, &order_json("P-late", &[(variants[0], 1, 29_000, 0, 0)])).await;
        exec(&app, "UPDATE order_items SET status = 'purchase_confirmed', purchase_confirmed_at = $1 WHERE id = $2", &[day1 + 1_000, late[0]]).await;
        let op = app.operator().await;
        let res = app.call(AddSettlementAdjustment::PATH, &[("shop_id", &shop.to_string()), ("amount", "-5,000"), ("memo", "10월 배송비 정정")], Some(&op)).await;
        assert_ok(&res);
        run(&app.state.db, pay_day + 60_000).await.unwrap();
        let after = statement_totals(&app, shop).await;
        assert_eq!(after["2026-11-02"], paid, "a paid statement never changes");
        let later = &after["2026-11-09"].0;
        assert_eq!((later.lines, later.sale), (1, 29_000), "the late line goes to the statement of the day it was settled");
        // The correction is in the statement of the day it was made.
        let today = partner_center::settlement::ssr::today(partner_center::db::now_millis());
        assert_eq!(after[&today].0.adjustment, -5_000);
        assert_totals_are_line_sums(&app).await;

        // Bad corrections change nothing.
        for (amount, memo) in [("0", "x"), ("abc", "x"), ("200000000", "x"), ("1000", "")] {
            let res = app.call(AddSettlementAdjustment::PATH, &[("shop_id", &shop.to_string()), ("amount", amount), ("memo", memo)], Some(&op)).await;
            assert_eq!(res.status, 422, "{amount}/{memo}: {}", res.body);
        }
        assert_eq!(statement_totals(&app, shop).await, after);
        // Only the operator corrects.
        let res = app.call(AddSettlementAdjustment::PATH, &[("shop_id", &shop.to_string()), ("amount", "1000"), ("memo", "x")], Some(&who)).await;
        assert_eq!(res.status, 403, "{}", res.body);
    }
}

db_test! {
    async fn rates_follow_their_effective_dates_and_holds_stop_the_payout(app) {
        let who = owner(&app).await;
        let op = app.operator().await;
        let keys = channel_keys(&app).await;
        let shop = app.demo_shop_id().await;
        let variants = product(&app, &who, "SET-3", 50).await;
        set_rate(&app, &op, shop, "zigzag", "8", "2026-11-10").await;
        // Bad rates are refused.
        for (pct, from) in [("101", "2026-11-10"), ("-1", "2026-11-10"), ("8.123", "2026-11-10"), ("8", "내일")] {
            let res = app.call(AddCommissionRate::PATH, &[("shop_id", &shop.to_string()), ("channel", "zigzag"),
                ("commission", pct), ("payment_fee", "3.3"), ("effective_from", from), ("memo", "")], Some(&op)).await;
            assert_eq!(res.status, 422, "{pct} {from}: {}", res.body);
        }
        let res = app.call(AddCommissionRate::PATH, &[("shop_id", &shop.to_string()), ("channel", "zigzag"),
            ("commission", "8"), ("payment_fee", "3.3"), ("effective_from", "2026-11-10"), ("memo", "")], Some(&who)).await;
        assert_eq!(res.status, 403);

        let before = place_order(&app, &keys.zigzag, &order_json("E-1", &[(variants[0], 1, 29_000, 0, 0)])).await[0];
        let after = place_order(&app, &keys.zigzag, &order_json("E-2", &[(variants[0], 1, 29_000, 0, 0)])).await[0];
        exec(&app, "UPDATE order_items SET paid_at = $1 WHERE id = $2", &[kst(2026, 11, 9, 23, 59), before]).await;
        exec(&app, "UPDATE order_items SET paid_at = $1 WHERE id = $2", &[kst(2026, 11, 10, 0, 0), after]).await;
        let confirmed = kst(2026, 11, 12, 10, 0);
        for i in [before, after] {
            exec(&app, "UPDATE order_items SET status = 'purchase_confirmed', purchase_confirmed_at = $1 WHERE id = $2", &[confirmed, i]).await;
        }
        run(&app.state.db, confirmed + 1_000).await.unwrap();
        let bp = |item: i64| {
            let db = app.state.db.pool().clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT commission_bp FROM settlement_lines WHERE order_item_id = $1")
                    .bind(item).fetch_one(&db).await.unwrap()
            }
        };
        assert_eq!(bp(before).await, 950);
        assert_eq!(bp(after).await, 800);

        // The operator holds the statement: its pay day passes unpaid; released, it is paid.
        let res = app.call(GetOperatorSettlement::PATH, &[], Some(&op)).await;
        assert_ok(&res);
        let id: i64 = sqlx::query_scalar("SELECT id FROM settlement_statements WHERE shop_id = $1 AND settle_date = '2026-11-12'")
            .bind(shop).fetch_one(app.state.db.pool()).await.unwrap();
        let hold = |hold: &'static str, reason: &'static str, who: &Session| {
            let form = [("statement_id", id.to_string()), ("hold", hold.to_owned()), ("reason", reason.to_owned())];
            let app = &app;
            let who = who.clone();
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call(HoldStatement::PATH, &form, Some(&who)).await
            }
        };
        assert_error(&hold("true", "", &op).await, 422, "invalid_input", Some("reason"));
        assert_eq!(hold("true", "서류 확인", &who).await.status, 403);
        assert_ok(&hold("true", "사업자 서류 확인 중", &op).await);
        run(&app.state.db, kst(2026, 11, 20, 9, 0)).await.unwrap();
        let (status, reason): (String, String) = sqlx::query_as("SELECT status, hold_reason FROM settlement_statements WHERE id = $1")
            .bind(id).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((status.as_str(), reason.as_str()), ("held", "사업자 서류 확인 중"));
        let res = app.call(GetStatement::PATH, &[("statement_id", &id.to_string()), ("after", "0")], Some(&who)).await;
        assert_eq!(res.json()["statement"]["hold_reason"], "사업자 서류 확인 중");
        assert_ok(&hold("false", "", &op).await);
        run(&app.state.db, kst(2026, 11, 20, 9, 1)).await.unwrap();
        let status: String = sqlx::query_scalar("SELECT status FROM settlement_statements WHERE id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!(status, "paid");
        // A paid statement cannot be held.
        assert_error(&hold("true", "늦은 보류", &op).await, 409, "invalid_transition", None);
    }
}

db_test! {
    async fn shops_never_see_each_others_statements_and_bad_requests_are_refused(app) {
        let who = owner(&app).await;
        let keys = channel_keys(&app).await;
        let variants = product(&app, &who, "SET-4", 50).await;
        let item = place_order(&app, &keys.zigzag, &order_json("T-1", &[(variants[0], 1, 29_000, 0, 0)])).await[0];
        exec(&app, "UPDATE order_items SET status = 'purchase_confirmed', purchase_confirmed_at = $1 WHERE id = $2", &[kst(2026, 11, 12, 10, 0), item]).await;
        run(&app.state.db, kst(2026, 11, 12, 11, 0)).await.unwrap();
        let id: i64 = sqlx::query_scalar("SELECT id FROM settlement_statements").fetch_one(app.state.db.pool()).await.unwrap();

        let other = app.open_shop("other@shop.example", "다른 상점", 7).await;
        sqlx::query("UPDATE shops SET status = 'approved' WHERE id = $1").bind(other.shop_id).execute(app.state.db.pool()).await.unwrap();
        let res = app.call(GetStatement::PATH, &[("statement_id", &id.to_string()), ("after", "0")], Some(&other.owner)).await;
        assert_error(&res, 404, "not_found", None);
        let res = app.get_as(&format!("/downloads/settlement/statement-{id}.csv"), Some(&other.owner)).await;
        assert_eq!(res.status, 404);
        let res = app.call(GetSettlementMonth::PATH, &[("month", "2026-11")], Some(&other.owner)).await;
        assert_ok(&res);
        assert_eq!(res.json()["statements"].as_array().unwrap().len(), 0);
        assert_eq!(res.json()["summary"]["scheduled"], 0);

        // Bad months, visitors and roles without 정산.
        for month in ["2026-13", "2026-1", "지난달"] {
            assert_error(&app.call(GetSettlementMonth::PATH, &[("month", month)], Some(&who)).await, 422, "invalid_input", Some("month"));
        }
        assert_eq!(app.call(GetSettlementMonth::PATH, &[("month", "2026-11")], None).await.status, 401);
        let cs = app.sign_in_demo("cs@moodon.example").await;
        assert_eq!(app.call(GetSettlementMonth::PATH, &[("month", "2026-11")], Some(&cs)).await.status, 403);
        assert_eq!(app.get_as("/downloads/settlement/statements-2026-11.xlsx", Some(&cs)).await.status, 403);
        let res = app.get_as("/downloads/settlement/statements-2026-11.xlsx", Some(&who)).await;
        assert_eq!(res.status, 200);
        assert!(res.bytes.starts_with(b"PK"), "an xlsx is a zip");
        let _ = CARRIER;
    }
}

// ---------------------------------------------------------------- payout holds

const DAY_MS: i64 = 24 * 3600 * 1000;

/// A scheduled statement of the shop for `settle_date` (a day long past, that
/// no other statement uses), paid on `pay_date`; its id.
async fn scheduled_statement(app: &TestApp, shop: i64, settle_date: &str, pay_date: &str, net: i64) -> i64 {
    let now = partner_center::db::now_millis();
    sqlx::query_scalar(
        "INSERT INTO settlement_statements (shop_id, settle_date, pay_date, status, line_count, net_payout, created_at, updated_at) \
         VALUES ($1, $2, $3, 'scheduled', 1, $4, $5, $5) RETURNING id",
    )
    .bind(shop)
    .bind(settle_date)
    .bind(pay_date)
    .bind(net)
    .bind(now)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
}

async fn statement_state(app: &TestApp, id: i64) -> (String, String, i64) {
    sqlx::query_as("SELECT status, hold_reason, paid_at FROM settlement_statements WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn change_payout(app: &TestApp, who: &Session, password: Option<&str>) -> common::TestResponse {
    let mut form = vec![("settlement_bank", "우리은행"), ("settlement_account", "1002-987-654321"), ("settlement_holder", "김하늘")];
    if let Some(password) = password {
        form.push(("current_password", password));
    }
    app.call(partner_center::shop::UpdatePayoutAccount::PATH, &form, Some(who)).await
}

db_test! {
    async fn a_payout_account_change_needs_the_password_mails_the_owner_and_holds_the_next_payout(app) {
        use partner_center::server::demo::{DEMO_OWNER, DEMO_PASSWORD};
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let now = partner_center::db::now_millis();
        let tomorrow = partner_center::settlement::ssr::today(now + DAY_MS);
        let id = scheduled_statement(&app, shop, "2001-01-01", &tomorrow, 123_000).await;
        let shop_ids = [shop];
        let stored = || app.rows("SELECT settlement_bank, settlement_account, payout_hold_until FROM shops WHERE id = $1", &shop_ids);
        let before = stored().await;
        let mails = || app.count_where("SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1", DEMO_OWNER);
        let mails_before = mails().await;

        // Without the password, or with a wrong one, nothing changes.
        assert_error(&change_payout(&app, &who, None).await, 422, "invalid_input", Some("current_password"));
        let res = change_payout(&app, &who, Some("wrong-password-1")).await;
        assert_error(&res, 422, "invalid_input", Some("current_password"));
        assert_eq!(res.json()["message"], "현재 비밀번호가 올바르지 않습니다. 정산 계좌는 바뀌지 않았습니다.");
        assert_eq!(stored().await, before);
        assert_eq!(mails().await, mails_before, "no mail for a refused change");
        run(&app.state.db, now + DAY_MS + 3_600_000).await.unwrap();
        assert_eq!(statement_state(&app, id).await.0, "paid", "without a change the statement is paid on its day");

        // With it: changed, the owner told in Korean, payouts held for 3 days.
        let id = scheduled_statement(&app, shop, "2001-01-02", &tomorrow, 77_000).await;
        let res = change_payout(&app, &who, Some(DEMO_PASSWORD)).await;
        assert_ok(&res);
        assert_eq!(res.json()["account"], "100-****-4321");
        assert_eq!(res.json()["hold_days"], 3);
        assert!(!res.json()["held_until"].as_str().unwrap().is_empty());
        let (account, hold_until): (String, i64) =
            sqlx::query_as("SELECT settlement_account, payout_hold_until FROM shops WHERE id = $1")
                .bind(shop).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!(account, "1002987654321");
        assert!((now + 3 * DAY_MS..now + 3 * DAY_MS + 120_000).contains(&hold_until), "{hold_until} vs {now}");
        assert_eq!(mails().await, mails_before + 1);
        let mail = app.latest_mail(DEMO_OWNER).await.expect("the owner is told");
        assert_eq!(mail.subject, "[파트너센터] 정산 계좌가 변경되었습니다");
        assert!(mail.body.contains("100-****-4321") && mail.body.contains("보류"), "{}", mail.body);
        assert!(!mail.body.contains("1002987654321"), "the mail never holds the whole number");
        let view = app.call(partner_center::shop::GetPayoutAccount::PATH, &[], Some(&who)).await.json();
        assert_eq!(view["held_until"], res.json()["held_until"]);

        // The statement due tomorrow waits past its day, with a reason the seller reads.
        run(&app.state.db, now + 60_000).await.unwrap();
        let (status, reason, _) = statement_state(&app, id).await;
        assert_eq!(status, "held");
        assert!(reason.contains("정산 계좌") && reason.contains("보류"), "{reason}");
        let page = app.call(partner_center::settlement::GetStatement::PATH, &[("statement_id", &id.to_string()), ("after", "0")], Some(&who)).await;
        assert_eq!(page.json()["statement"]["hold_reason"], reason);
        run(&app.state.db, now + DAY_MS + 3_600_000).await.unwrap();
        assert_eq!(statement_state(&app, id).await.0, "held", "not paid inside the hold");
        run(&app.state.db, hold_until - 60_000).await.unwrap();
        assert_eq!(statement_state(&app, id).await.0, "held");
        // The hold over, it is paid.
        run(&app.state.db, hold_until + 60_000).await.unwrap();
        let (status, reason, paid_at) = statement_state(&app, id).await;
        assert_eq!((status.as_str(), reason.as_str()), ("paid", ""));
        assert_eq!(paid_at, hold_until + 60_000);

        // An owner who reads English is told in English.
        sqlx::query("UPDATE users SET locale = 'en' WHERE email = $1").bind(DEMO_OWNER).execute(app.state.db.pool()).await.unwrap();
        assert_ok(&change_payout(&app, &who, Some(DEMO_PASSWORD)).await);
        let mail = app.latest_mail(DEMO_OWNER).await.unwrap();
        assert_eq!(mail.subject, "[Partner Center] Your payout account was changed");
        assert!(mail.body.contains("held until"), "{}", mail.body);
    }
}

db_test! {
    async fn a_suspended_shop_s_due_statement_is_held_not_paid(app) {
        let op = app.operator().await;
        let shop = app.demo_shop_id().await;
        let now = partner_center::db::now_millis();
        let id = scheduled_statement(&app, shop, "2001-01-01", &partner_center::settlement::ssr::today(now), 50_000).await;
        let review = |decision: &'static str, reason: &'static str| {
            let form = [("shop_id", shop.to_string()), ("decision", decision.to_owned()), ("reason", reason.to_owned())];
            let (app, op) = (&app, op.clone());
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call(partner_center::operator::ReviewShop::PATH, &form, Some(&op)).await
            }
        };
        assert_ok(&review("suspend", "위조 상품 신고").await);
        run(&app.state.db, now + 60_000).await.unwrap();
        let (status, reason, paid_at) = statement_state(&app, id).await;
        assert_eq!((status.as_str(), paid_at), ("held", 0), "a suspended shop is not paid");
        assert!(reason.contains("정지"), "{reason}");
        run(&app.state.db, now + 5 * DAY_MS).await.unwrap();
        assert_eq!(statement_state(&app, id).await.0, "held");

        // Reinstated, the shop is paid at the next run.
        assert_ok(&review("reinstate", "").await);
        run(&app.state.db, now + 5 * DAY_MS + 60_000).await.unwrap();
        let (status, reason, paid_at) = statement_state(&app, id).await;
        assert_eq!((status.as_str(), reason.as_str(), paid_at), ("paid", "", now + 5 * DAY_MS + 60_000));
    }
}
