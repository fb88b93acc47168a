//! 주문·배송 against a real database (SQLite and PostgreSQL): intake through
//! the Channel API (idempotent, all or nothing, never overselling), the
//! seller's 발주확인 / 발송처리 / 판매취소 / 발송지연, 송장 일괄등록, the
//! carrier webhook, 구매확정 by the buyer and by the job, deadlines on the
//! Korean business-day calendar, the list and its counts, live events across
//! instances, and shops that never see each other's orders.

use crate::common;

use common::{
    assert_error, assert_ok, channel_keys, item_ids, item_status, order_json, owner, row_ids, save_product, stock_of,
    Line, Part, Session, TestApp, TestResponse, CARRIER, ORDERS, SAME_ORIGIN,
};
use leptos::server_fn::ServerFn;
use partner_center::orders::{
    CancelOrders, ConfirmOrders, DelayOrders, GetOrder, ImportInvoices, ListOrders, PackingSlips, ShipOrders,
};
use serde_json::{json, Value};

/// A product on 지그재그 with one variant per size; returns the variant ids.
async fn product(app: &TestApp, who: &Session, code: &str, stock: i64) -> Vec<i64> {
    save_product(app, who, code, stock).await.1
}

/// An order of `(variant, quantity)` items at 29,000 (1,000 off by the
/// platform, 3,000 shipping each), with a delivery note.
fn order(id: &str, items: &[(i64, i64)]) -> Value {
    let lines: Vec<Line> = items.iter().map(|&(variant, qty)| (variant, qty, 29000, 1000, 3000)).collect();
    let mut body = order_json(id, &lines);
    body["recipient"]["note"] = json!("문 앞에 놓아 주세요");
    body
}

async fn list(app: &TestApp, who: &Session, tab: &str, q: &str, cursor: Option<&str>) -> Value {
    let mut form = vec![("tab", tab), ("from", ""), ("to", ""), ("channel", ""), ("q", q)];
    if let Some(c) = cursor {
        form.push(("cursor", c));
    }
    let res = app.call(ListOrders::PATH, &form, Some(who)).await;
    assert_ok(&res);
    res.json()
}

async fn ship(app: &TestApp, who: &Session, item: i64, courier: &str, number: &str) -> TestResponse {
    let body = json!({ "items": [{ "item_id": item, "courier": courier, "tracking_number": number }] });
    app.call_json(ShipOrders::PATH, &body, Some(who)).await
}

/// An order posted from a task of its own (for concurrent posting); the status.
async fn post_order(router: axum::Router, key: String, body: Value) -> u16 {
    use tower::ServiceExt;
    let req = axum::http::Request::post(ORDERS)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {key}"))
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    router.oneshot(req).await.unwrap().status().as_u16()
}

db_test! {
    async fn an_order_is_accepted_once_and_a_replay_gets_the_same_answer(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-1", 5).await;
        let first = app.api_post(ORDERS, &order("ZZ-1", &[(v[0], 2)]), &keys.zigzag).await;
        assert_eq!(first.status, 201, "{}", first.body);
        assert_eq!(first.json()["items"][0]["status"], "paid");
        let again = app.api_post(ORDERS, &order("ZZ-1", &[(v[0], 2)]), &keys.zigzag).await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(again.json(), first.json());
        assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 1);
        assert_eq!(stock_of(&app, v[0]).await, 3, "stock is taken once");

        // The same id with other content is refused and changes nothing.
        let other = app.api_post(ORDERS, &order("ZZ-1", &[(v[0], 1)]), &keys.zigzag).await;
        assert_eq!(other.status, 409, "{}", other.body);
        assert_eq!(other.code(), "idempotency_conflict");
        assert_eq!(stock_of(&app, v[0]).await, 3);
        // Another channel may use the same id of its own.
        let posty = app.api_post(ORDERS, &order("ZZ-1", &[(v[0], 1)]), &keys.posty).await;
        assert_eq!(posty.code(), "not_on_sale", "the product is listed on 지그재그 only");
        assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 1);
    }
}

db_test! {
    async fn concurrent_replays_create_one_order(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-2", 50).await;
        let body = order("ZZ-RACE", &[(v[0], 1)]);
        let mut tasks = Vec::new();
        for _ in 0..10 {
            tasks.push(tokio::spawn(post_order(app.router.clone(), keys.zigzag.clone(), body.clone())));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 1);
        assert_eq!(stock_of(&app, v[0]).await, 49);
    }
}

db_test! {
    async fn fifty_concurrent_orders_never_oversell(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-3", 10).await;
        let mut tasks = Vec::new();
        for n in 0..50 {
            let body = order(&format!("ZZ-RUSH-{n}"), &[(v[0], 1)]);
            tasks.push(tokio::spawn(post_order(app.router.clone(), keys.zigzag.clone(), body)));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 40, "{statuses:?}");
        assert_eq!(stock_of(&app, v[0]).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 10);
        assert_eq!(app.count("SELECT COUNT(*) FROM buyer_orders").await, 10, "refused orders leave no record");
        let (status,): (String,) = sqlx::query_as("SELECT p.status FROM products p JOIN product_variants v ON v.product_id = p.id WHERE v.id = $1")
            .bind(v[0]).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!(status, "on_sale", "the other size is still in stock");
    }
}

db_test! {
    async fn a_bad_order_is_refused_whole_with_a_stable_code(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-4", 3).await;
        // The second item is over stock: the first item's stock is not taken either.
        let res = app.api_post(ORDERS, &order("ZZ-BAD-1", &[(v[0], 1), (v[1], 4)]), &keys.zigzag).await;
        assert_error(&res, 409, "out_of_stock", Some("items[1].variant_id"));
        assert!(res.json()["message"].as_str().unwrap().contains("3개"));
        assert_eq!((stock_of(&app, v[0]).await, stock_of(&app, v[1]).await), (3, 3));

        let res = app.api_post(ORDERS, &order("ZZ-BAD-2", &[(999_999, 1)]), &keys.zigzag).await;
        assert_error(&res, 422, "unknown_variant", Some("items[0].variant_id"));

        let mut bad = order("ZZ-BAD-3", &[(v[0], 1)]);
        bad["recipient"]["phone"] = json!("전화 없음");
        assert_error(&app.api_post(ORDERS, &bad, &keys.zigzag).await, 422, "invalid_input", Some("recipient.phone"));
        let mut bad = order("ZZ-BAD-4", &[(v[0], 1)]);
        bad["items"][0]["quantity"] = json!(0);
        assert_error(&app.api_post(ORDERS, &bad, &keys.zigzag).await, 422, "invalid_input", Some("items[0].quantity"));
        let res = app.api_post(ORDERS, &json!({"nonsense": true}), &keys.zigzag).await;
        assert_eq!((res.status.as_u16(), res.code().as_str()), (422, "invalid_input"), "{}", res.body);

        // Keys: none, wrong, or a carrier's.
        assert_eq!(app.api_post(ORDERS, &order("ZZ-BAD-5", &[(v[0], 1)]), "pk_nope.secret").await.code(), "unauthorized");
        let wrong = format!("{}x", keys.zigzag);
        assert_eq!(app.api_post(ORDERS, &order("ZZ-BAD-5", &[(v[0], 1)]), &wrong).await.status, 401);
        assert_eq!(app.api_post(ORDERS, &order("ZZ-BAD-5", &[(v[0], 1)]), &keys.carrier).await.status, 403);

        assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM buyer_orders").await, 0);
        assert_eq!((stock_of(&app, v[0]).await, stock_of(&app, v[1]).await), (3, 3));
    }
}

db_test! {
    async fn the_seller_confirms_and_ships_and_the_carrier_delivers(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-5", 5).await;
        let res = app.api_post(ORDERS, &order("ZZ-FLOW", &[(v[0], 1), (v[1], 1)]), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let order_no = res.json()["order_no"].as_str().unwrap().to_owned();
        let items = item_ids(&res);

        let page = list(&app, &who, "paid", "", None).await;
        assert_eq!(page["counts"]["paid"], 2);
        assert_eq!(row_ids(&page), vec![items[1], items[0]]);
        assert_eq!(page["rows"][0]["amount"], 28000, "29,000원 less the 1,000원 platform discount");

        // 발주확인 of the first; the second is shipped straight from 신규주문.
        assert_ok(&app.call_json(ConfirmOrders::PATH, &json!({ "ids": [items[0]] }), Some(&who)).await);
        assert_eq!(item_status(&app, items[0]).await, "confirmed");
        let again = app.call_json(ConfirmOrders::PATH, &json!({ "ids": [items[0]] }), Some(&who)).await;
        assert_error(&again, 409, "invalid_transition", None);

        // A courier's format is checked; nothing changes on a bad number.
        assert_error(&ship(&app, &who, items[0], "cj", "12345").await, 422, "invalid_input", Some("tracking_number"));
        assert_error(&ship(&app, &who, items[0], "pigeon", "123456789012").await, 422, "invalid_input", Some("courier"));
        assert_eq!(item_status(&app, items[0]).await, "confirmed");
        for item in &items {
            assert_ok(&ship(&app, &who, *item, "CJ대한통운", "6123-4567-8901").await);
            assert_eq!(item_status(&app, *item).await, "shipped");
        }
        // 송장 수정 keeps it shipped and records the change.
        assert_ok(&ship(&app, &who, items[1], "cj", "612345678902").await);

        // The carrier: an unknown waybill changes nothing; delivery marks the item.
        let unknown = json!({ "courier": "cj", "tracking_number": "999999999999", "status": "delivered" });
        assert_error(&app.api_post(CARRIER, &unknown, &keys.carrier).await, 404, "unknown_tracking_number", Some("tracking_number"));
        let moving = json!({ "courier": "cj", "tracking_number": "612345678901", "status": "in_transit", "location": "대전 허브" });
        assert_ok(&app.api_post(CARRIER, &moving, &keys.carrier).await);
        assert_eq!(item_status(&app, items[0]).await, "shipped");
        let done = json!({ "courier": "cj", "tracking_number": "612345678901", "status": "delivered", "location": "마포" });
        let res = app.api_post(CARRIER, &done, &keys.carrier).await;
        assert_ok(&res);
        assert_eq!(res.json()["delivered_items"], json!([items[0]]));
        assert_eq!(item_status(&app, items[0]).await, "delivered");
        assert_ok(&app.api_post(CARRIER, &done, &keys.carrier).await);
        assert_eq!(app.count("SELECT COUNT(*) FROM order_item_events WHERE action = 'deliver'").await, 1, "a repeat is harmless");
        // A channel key is not a carrier key.
        assert_eq!(app.api_post(CARRIER, &done, &keys.zigzag).await.status, 403);

        // The buyer confirms the purchase of the delivered item through the channel.
        let path = "/api/channel/v1/orders/ZZ-FLOW/purchase-confirmation";
        let res = app.api_post(path, &json!({ "channel_item_ids": ["1"] }), &keys.zigzag).await;
        assert_ok(&res);
        assert_eq!(item_status(&app, items[0]).await, "purchase_confirmed");
        assert_ok(&app.api_post(path, &json!({ "channel_item_ids": ["1"] }), &keys.zigzag).await);
        assert_eq!(app.count("SELECT COUNT(*) FROM order_item_events WHERE action = 'confirm_purchase'").await, 1);
        assert_eq!(app.api_post(path, &json!({}), &keys.posty).await.status, 404, "another channel's order is not found");

        // The detail: both items, the history, the delivery steps.
        let res = app.call(GetOrder::PATH, &[("order_no", &order_no)], Some(&who)).await;
        assert_ok(&res);
        let detail = res.json();
        assert_eq!(detail["items"].as_array().unwrap().len(), 2);
        assert_eq!(detail["paid_total"], 29000 * 2 - 2000 + 6000);
        assert_eq!(detail["recipient_phone"], "010-9876-5432");
        let actions: Vec<&str> = detail["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
        for a in ["create", "confirm", "ship", "change_tracking", "deliver", "confirm_purchase"] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
        assert_eq!(detail["delivery"].as_array().unwrap().len(), 2);
        assert!(detail["items"][1]["row"]["tracking_url"].as_str().unwrap().contains("612345678902"));
        // Seller actions are in the audit log too.
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'order.%'").await, 4);

        // The channel's update feed tells it about shipping.
        let res = app.api_get("/api/channel/v1/order-updates?after=0", &keys.zigzag).await;
        assert_ok(&res);
        let updates = res.json()["updates"].as_array().unwrap().clone();
        assert!(updates.iter().any(|u| u["action"] == "ship" && u["tracking_number"] == "612345678901"));
        assert_eq!(app.api_get("/api/channel/v1/order-updates", &keys.posty).await.json()["updates"], json!([]));
    }
}

db_test! {
    async fn cancelling_puts_stock_back_and_tells_the_buyer(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-6", 2).await;
        let res = app.api_post(ORDERS, &order("ZZ-CANCEL", &[(v[0], 2)]), &keys.zigzag).await;
        let item = item_ids(&res)[0];
        assert_eq!(stock_of(&app, v[0]).await, 0);
        let empty = app.call_json(CancelOrders::PATH, &json!({ "ids": [item], "reason": " " }), Some(&who)).await;
        assert_error(&empty, 422, "invalid_input", Some("reason"));
        let res = app.call_json(CancelOrders::PATH, &json!({ "ids": [item], "reason": "품절" }), Some(&who)).await;
        assert_ok(&res);
        assert_eq!(item_status(&app, item).await, "cancelled");
        assert_eq!(stock_of(&app, v[0]).await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM buyer_outbox WHERE kind = 'cancel'").await, 1);
        // Twice is refused and the stock is not returned twice.
        let res = app.call_json(CancelOrders::PATH, &json!({ "ids": [item], "reason": "품절" }), Some(&who)).await;
        assert_error(&res, 409, "invalid_transition", None);
        assert_eq!(stock_of(&app, v[0]).await, 2);
        // Shipping a cancelled item is refused too.
        assert_error(&ship(&app, &who, item, "cj", "612345678901").await, 409, "invalid_transition", None);
    }
}

db_test! {
    async fn a_delay_moves_the_deadline_and_tells_the_buyer(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-7", 5).await;
        let item = item_ids(&app.api_post(ORDERS, &order("ZZ-LATE", &[(v[0], 1)]), &keys.zigzag).await)[0];
        // Overdue: the deadline passed.
        sqlx::query("UPDATE order_items SET ship_by = 1000 WHERE id = $1").bind(item).execute(app.state.db.pool()).await.unwrap();
        let page = list(&app, &who, "late", "", None).await;
        assert_eq!(page["counts"]["late"], 1);
        assert_eq!(row_ids(&page), vec![item]);
        assert_eq!(page["rows"][0]["late"], true);

        let today = chrono::Utc::now().with_timezone(&partner_center::time::kst()).date_naive();
        let past = today.to_string();
        let res = app.call_json(DelayOrders::PATH, &json!({ "ids": [item], "reason": "원단 입고 지연", "new_date": past }), Some(&who)).await;
        assert_error(&res, 422, "invalid_input", Some("new_date"));
        let next_week = (today + chrono::Duration::days(7)).to_string();
        let res = app.call_json(DelayOrders::PATH, &json!({ "ids": [item], "reason": "원단 입고 지연", "new_date": next_week }), Some(&who)).await;
        assert_ok(&res);
        let page = list(&app, &who, "late", "", None).await;
        assert_eq!(page["counts"]["late"], 0);
        let page = list(&app, &who, "paid", "", None).await;
        assert_eq!(page["rows"][0]["delayed"], true);
        let (subject, body): (String, String) = sqlx::query_as("SELECT subject, body FROM buyer_outbox WHERE kind = 'delay'")
            .fetch_one(app.state.db.pool()).await.unwrap();
        assert!(subject.contains("발송 지연"), "{subject}");
        assert!(body.contains("원단 입고 지연"), "{body}");
        // The dashboard counts the open work.
        let res = app.call(partner_center::home::GetDashboard::PATH, &[], Some(&who)).await;
        assert_ok(&res);
        assert_eq!(res.json()["orders"]["new_orders"], 1);
    }
}

db_test! {
    async fn ship_by_counts_korean_business_days_around_chuseok_and_seollal(app) {
        use partner_center::orders::intake::{accept_at, ChannelOrder};
        use partner_center::channel::Channel;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-8", 10).await;
        let kst = partner_center::time::kst();
        let at = |y, m, d| {
            use chrono::TimeZone;
            kst.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap().timestamp_millis()
        };
        // Paid Wed 2026-09-23; 추석 Thu–Sat, Sunday: business days are 9/28, 9/29, 9/30.
        // Paid Fri 2027-02-05; 설날 2/6–2/8 with 대체공휴일 2/9: then 2/10, 2/11, 2/12.
        // Paid Thu 2025-10-02; 개천절, 추석 and its 대체공휴일, 한글날: 10/10, 10/13, 10/14.
        for (id, paid, expected) in [
            ("ZZ-CHUSEOK-26", at(2026, 9, 23), "2026-09-30"),
            ("ZZ-SEOLLAL-27", at(2027, 2, 5), "2027-02-12"),
            ("ZZ-CHUSEOK-25", at(2025, 10, 2), "2025-10-14"),
        ] {
            let body: ChannelOrder = serde_json::from_value(order(id, &[(v[0], 1)])).unwrap();
            let (status, answer) = accept_at(&app.state, Channel::Zigzag, body, paid).await.unwrap();
            assert_eq!(status, 201);
            assert_eq!(answer["items"][0]["ship_by"], expected, "{id}");
            let item = answer["items"][0]["item_id"].as_i64().unwrap();
            let (ship_by,): (i64,) = sqlx::query_as("SELECT ship_by FROM order_items WHERE id = $1")
                .bind(item).fetch_one(app.state.db.pool()).await.unwrap();
            let date = partner_center::calendar::kst_date(ship_by).unwrap().to_string();
            assert_eq!(date, expected, "stored deadline of {id}");
        }
    }
}

db_test! {
    async fn invoices_from_a_spreadsheet_ship_the_valid_rows_and_report_the_rest(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-9", 10).await;
        let items = item_ids(&app.api_post(ORDERS, &order("ZZ-INV", &[(v[0], 1), (v[1], 1)]), &keys.zigzag).await);
        let csv = format!(
            "상품주문번호,택배사,송장번호,상품명\n{},CJ대한통운,612345678901,니트\n{},롯데택배,1234,니트\n999999,cj,612345678903,없는 주문\n{},비둘기택배,612345678904,\n",
            items[0], items[1], items[1]
        );
        let file = Part::file("file", "송장.csv", "text/csv", csv.as_bytes());
        let preview = app.post_multipart(ImportInvoices::PATH, &[file.clone(), Part::text("apply", "false")], Some(&who), SAME_ORIGIN).await;
        assert_ok(&preview);
        let report = preview.json();
        assert_eq!((report["rows"].as_u64(), report["valid"].as_u64(), report["applied"].as_bool()), (Some(4), Some(1), Some(false)));
        let errors: Vec<&str> = report["lines"].as_array().unwrap().iter().map(|l| l["error"].as_str().unwrap()).collect();
        assert_eq!(errors[0], "");
        assert!(errors[1].contains("롯데택배"), "{}", errors[1]);
        assert!(errors[2].contains("이 상점의 주문이 아닙니다"), "{}", errors[2]);
        assert!(errors[3].contains("택배사"), "{}", errors[3]);
        assert_eq!(item_status(&app, items[0]).await, "paid", "a preview changes nothing");

        let applied = app.post_multipart(ImportInvoices::PATH, &[file, Part::text("apply", "true")], Some(&who), SAME_ORIGIN).await;
        assert_ok(&applied);
        assert_eq!(applied.json()["shipped"], 1);
        assert_eq!(item_status(&app, items[0]).await, "shipped");
        assert_eq!(item_status(&app, items[1]).await, "paid");

        // The export lists the orders with the invoice columns first.
        let res = app.get_as("/downloads/orders.csv?tab=shipped", Some(&who)).await;
        assert_ok(&res);
        assert!(res.body.contains("상품주문번호,택배사,송장번호"), "{}", &res.body[..200.min(res.body.len())]);
        assert!(res.body.contains("612345678901"));
        assert!(!res.body.contains(&format!("\n{},", items[1])), "only the shipped tab");
        let res = app.get_as("/downloads/orders.xlsx", Some(&who)).await;
        assert_ok(&res);
        assert!(res.bytes.starts_with(b"PK"), "an XLSX is a zip");
        assert_eq!(app.get_as("/downloads/orders.csv", None).await.status, 401);
    }
}

db_test! {
    async fn the_order_export_has_korean_headers_unless_english_ones_are_asked(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-EN", 10).await;
        let items = item_ids(&app.api_post(ORDERS, &order("ZZ-EN", &[(v[0], 1), (v[1], 2)]), &keys.zigzag).await);
        assert_eq!(items.len(), 2);
        let lines = |res: &TestResponse| -> Vec<String> {
            assert_ok(res);
            res.body.trim_start_matches('\u{FEFF}').split("\r\n").map(str::to_owned).collect()
        };
        let first_header = |lines: &[String]| lines[0].split(',').next().unwrap_or_default().to_owned();

        // Korean by default, and for anything but `headers=en`.
        let ko = lines(&app.get_as("/downloads/orders.csv?tab=paid", Some(&who)).await);
        assert_eq!(first_header(&ko), "상품주문번호", "{}", ko[0]);
        assert!(ko[0].starts_with("상품주문번호,택배사,송장번호"), "{}", ko[0]);
        let other = lines(&app.get_as("/downloads/orders.csv?tab=paid&headers=fr", Some(&who)).await);
        assert_eq!(other, ko);

        let en = lines(&app.get_as("/downloads/orders.csv?tab=paid&headers=en", Some(&who)).await);
        assert_eq!(first_header(&en), "Item no.", "{}", en[0]);
        assert!(!en[0].chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{}", en[0]);
        assert_eq!(en[0].split(',').count(), ko[0].split(',').count(), "same columns");

        // The same rows and data; the app's own words follow the headers
        // (status and channel names, dates), the shop's data does not.
        assert_eq!(en.len(), ko.len());
        for (e, k) in en[1..].iter().zip(&ko[1..]) {
            assert_eq!(e.split(',').next(), k.split(',').next(), "the same item on each line");
            assert!(k.contains("결제완료") == e.contains("Paid") && k.contains("지그재그") == e.contains("Zigzag"), "{e}");
            assert!(!e.contains("결제완료") && !e.contains("지그재그"), "{e}");
            assert_eq!(k.contains("김민지"), e.contains("김민지"), "the buyer's name is data: {e}");
        }
        let data: Vec<&String> = ko[1..].iter().filter(|l| !l.is_empty()).collect();
        for item in &items {
            assert!(data.iter().any(|l| l.starts_with(&format!("{item},"))), "{item} in {data:?}");
        }

        let xlsx = app.get_as("/downloads/orders.xlsx?headers=en", Some(&who)).await;
        assert_ok(&xlsx);
        assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");
    }
}

db_test! {
    async fn the_list_searches_pages_and_counts(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-10", 100).await;
        let mut all = Vec::new();
        for n in 0..55 {
            let res = app.api_post(ORDERS, &order(&format!("ZZ-PAGE-{n}"), &[(v[n % 2], 1)]), &keys.zigzag).await;
            assert_eq!(res.status, 201, "{}", res.body);
            all.extend(item_ids(&res));
        }
        let first = list(&app, &who, "", "", None).await;
        assert_eq!(first["rows"].as_array().unwrap().len(), 50);
        assert_eq!(first["counts"]["paid"], 55);
        let cursor = first["next_cursor"].as_str().unwrap().to_owned();
        let second = list(&app, &who, "", "", Some(&cursor)).await;
        let mut seen = row_ids(&first);
        seen.extend(row_ids(&second));
        assert!(second["next_cursor"].is_null());
        all.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(seen, all, "newest first, every item once");
        assert_eq!(list(&app, &who, "", "010-9876-5432", None).await["rows"].as_array().unwrap().len(), 50);
        assert_eq!(list(&app, &who, "", "박서연", None).await["rows"].as_array().unwrap().len(), 50);
        assert_eq!(list(&app, &who, "", "니트 KN-10", None).await["rows"].as_array().unwrap().len(), 50);
        assert_eq!(list(&app, &who, "", "없는사람", None).await["rows"], json!([]));
        let one = list(&app, &who, "", &all[3].to_string(), None).await;
        assert_eq!(row_ids(&one), vec![all[3]]);
        let res = app.call(ListOrders::PATH, &[("tab", "nope"), ("from", ""), ("to", ""), ("channel", ""), ("q", "")], Some(&who)).await;
        assert_error(&res, 422, "invalid_input", Some("tab"));
        let res = app.call(ListOrders::PATH, &[("tab", ""), ("from", "2026-12-01"), ("to", "2026-11-01"), ("channel", ""), ("q", "")], Some(&who)).await;
        assert_error(&res, 422, "invalid_input", Some("to"));
        let res = app.call(ListOrders::PATH, &[("tab", ""), ("from", ""), ("to", ""), ("channel", ""), ("q", ""), ("cursor", "[x")], Some(&who)).await;
        assert_error(&res, 400, "bad_request", None);
        // Packing slips for two items of different orders.
        let res = app.call_json(PackingSlips::PATH, &json!({ "ids": [all[0], all[1]] }), Some(&who)).await;
        assert_ok(&res);
        assert_eq!(res.json().as_array().unwrap().len(), 2);
    }
}

db_test! {
    async fn shops_never_see_or_touch_each_other_s_orders(app) {
        let keys = channel_keys(&app).await;
        let a = owner(&app).await;
        let va = product(&app, &a, "KN-A", 5).await;
        let b = app.open_shop("owner@seongsu-knit.example", "성수니트", 7).await;
        sqlx::query("UPDATE shops SET status = 'approved' WHERE id = $1").bind(b.shop_id).execute(app.state.db.pool()).await.unwrap();
        let vb = product(&app, &b.owner, "KN-B", 5).await;
        // One buyer order with an item of each shop.
        let res = app.api_post(ORDERS, &order("ZZ-TWO-SHOPS", &[(va[0], 1), (vb[0], 1)]), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let answer = res.json();
        let (item_a, item_b) = (answer["items"][0]["item_id"].as_i64().unwrap(), answer["items"][1]["item_id"].as_i64().unwrap());
        assert_ne!(answer["items"][0]["shop_id"], answer["items"][1]["shop_id"]);
        let order_no = answer["order_no"].as_str().unwrap().to_owned();

        assert_eq!(row_ids(&list(&app, &a, "", "", None).await), vec![item_a]);
        assert_eq!(row_ids(&list(&app, &b.owner, "", "", None).await), vec![item_b]);
        let detail = app.call(GetOrder::PATH, &[("order_no", &order_no)], Some(&b.owner)).await.json();
        assert_eq!(detail["items"].as_array().unwrap().len(), 1, "B sees only its own line");
        assert!(!detail.to_string().contains("KN-A"));

        // B aims every action at A's item: not found, nothing changes.
        for res in [
            app.call_json(ConfirmOrders::PATH, &json!({ "ids": [item_a] }), Some(&b.owner)).await,
            app.call_json(CancelOrders::PATH, &json!({ "ids": [item_a], "reason": "x" }), Some(&b.owner)).await,
            ship(&app, &b.owner, item_a, "cj", "612345678901").await,
            app.call_json(PackingSlips::PATH, &json!({ "ids": [item_a] }), Some(&b.owner)).await,
        ] {
            assert_eq!(res.code(), "not_found", "{}", res.body);
        }
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2)).with_timezone(&partner_center::time::kst()).date_naive().to_string();
        let res = app.call_json(DelayOrders::PATH, &json!({ "ids": [item_a], "reason": "x", "new_date": tomorrow }), Some(&b.owner)).await;
        assert_eq!(res.code(), "not_found", "{}", res.body);
        let csv = format!("상품주문번호,택배사,송장번호\n{item_a},cj,612345678901\n");
        let res = app
            .post_multipart(ImportInvoices::PATH, &[Part::file("file", "a.csv", "text/csv", csv.as_bytes()), Part::text("apply", "true")], Some(&b.owner), SAME_ORIGIN)
            .await;
        assert_ok(&res);
        assert_eq!(res.json()["shipped"], 0);
        assert_eq!(item_status(&app, item_a).await, "paid");
        assert_eq!(app.count("SELECT COUNT(*) FROM order_item_events WHERE action <> 'create'").await, 0);
        // A's export does not carry B's line.
        let csv = app.get_as("/downloads/orders.csv", Some(&a)).await.body;
        assert!(csv.contains("KN-A") && !csv.contains("KN-B"));

        // Roles: CS may not see orders; logistics may ship.
        let cs = app.sign_in_demo("cs@moodon.example").await;
        let res = app.call(ListOrders::PATH, &[("tab", ""), ("from", ""), ("to", ""), ("channel", ""), ("q", "")], Some(&cs)).await;
        assert_eq!(res.code(), "forbidden");
        let logistics = app.sign_in_demo("logistics@moodon.example").await;
        assert_ok(&ship(&app, &logistics, item_a, "cj", "612345678901").await);
    }
}

db_test! {
    async fn automatic_purchase_confirmation_happens_once_with_two_instances(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-11", 10).await;
        let mut items = Vec::new();
        for n in 0..3 {
            items.extend(item_ids(&app.api_post(ORDERS, &order(&format!("ZZ-AUTO-{n}"), &[(v[0], 1)]), &keys.zigzag).await));
        }
        for (n, item) in items.iter().enumerate() {
            assert_ok(&ship(&app, &who, *item, "cj", &format!("61234567890{n}")).await);
            let done = json!({ "courier": "cj", "tracking_number": format!("61234567890{n}"), "status": "delivered" });
            assert_ok(&app.api_post(CARRIER, &done, &keys.carrier).await);
        }
        let day = 24 * 60 * 60 * 1000;
        let now = partner_center::db::now_millis();
        // Two delivered nine days ago, one yesterday.
        for (item, ago) in [(items[0], 9 * day), (items[1], 9 * day), (items[2], day)] {
            sqlx::query("UPDATE order_items SET delivered_at = $1 WHERE id = $2").bind(now - ago).bind(item).execute(app.state.db.pool()).await.unwrap();
        }
        let other = app.another_instance().await;
        let (a, b) = tokio::join!(
            partner_center::orders::jobs::auto_confirm(&app.state, now),
            partner_center::orders::jobs::auto_confirm(&other, now),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 2);
        assert_eq!(item_status(&app, items[0]).await, "purchase_confirmed");
        assert_eq!(item_status(&app, items[1]).await, "purchase_confirmed");
        assert_eq!(item_status(&app, items[2]).await, "delivered");
        assert_eq!(app.count("SELECT COUNT(*) FROM order_item_events WHERE action = 'confirm_purchase'").await, 2);
        assert_eq!(partner_center::orders::jobs::auto_confirm(&app.state, now).await.unwrap(), 0, "never twice");
        other.db.close().await;
    }
}

db_test! {
    async fn live_events_reach_the_shop_s_pages_and_no_other_shop(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let shop = app.demo_shop_id().await;
        let v = product(&app, &who, "KN-12", 10).await;
        let mut rx = app.state.events.subscribe();
        let res = app.api_post(ORDERS, &order("ZZ-LIVE", &[(v[0], 1)]), &keys.zigzag).await;
        assert_eq!(res.status, 201);
        let event = tokio::time::timeout(std::time::Duration::from_secs(2), rx.recv()).await.expect("within 2 s").unwrap();
        assert_eq!((event.shop_id, event.topic.as_str()), (shop, "orders"));

        // The browser's stream: signed out is refused; signed in gets `ready` first.
        assert_eq!(app.get_as("/api/events", None).await.status, 401);
        let mut stream = open_stream(&app.router, &who).await;
        let ready = next_event(&mut stream).await;
        assert!(ready.contains("event: ready") && ready.contains("data: ready"), "{ready}");
    }
}

/// Two instances on one PostgreSQL: an order posted to A shows on B's
/// stream (what B's open pages listen to) within 2 seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_posted_to_one_instance_shows_live_on_another_on_postgres() {
    let Some(app) = TestApp::spawn(common::Engine::Postgres).await else {
        common::postgres_skipped("orders::an_order_posted_to_one_instance_shows_live_on_another_on_postgres");
        return;
    };
    let keys = channel_keys(&app).await;
    let who = owner(&app).await;
    let v = product(&app, &who, "KN-13", 10).await;
    let b = app.another_instance().await;
    let b_router = partner_center::server::http::router(b.clone());
    let mut stream = open_stream(&b_router, &who).await;
    assert!(next_event(&mut stream).await.contains("event: ready"));
    // Give B's LISTEN connection a moment to be up before A publishes.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let res = app.api_post(ORDERS, &order("ZZ-ACROSS", &[(v[0], 1)]), &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let started = std::time::Instant::now();
    let event = next_event(&mut stream).await;
    assert!(event.contains("event: orders"), "{event}");
    assert!(event.contains("data: orders"), "browsers drop events without data: {event}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // And B's list, which the page then reloads, has the order.
    let item = item_ids(&res)[0];
    let res = {
        use tower::ServiceExt;
        let body = "tab=&from=&to=&channel=&q=";
        let req = axum::http::Request::post(ListOrders::PATH)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", who.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .body(axum::body::Body::from(body))
            .unwrap();
        let res = b_router.oneshot(req).await.unwrap();
        use http_body_util::BodyExt;
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice::<Value>(&bytes).unwrap()
    };
    assert_eq!(row_ids(&res), vec![item]);
    b.db.close().await;
}

type Stream = axum::body::Body;

async fn open_stream(router: &axum::Router, who: &Session) -> Stream {
    use tower::ServiceExt;
    let req = axum::http::Request::get("/api/events")
        .header("accept", "text/event-stream")
        .header("cookie", who.cookie_header())
        .body(axum::body::Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    res.into_body()
}

/// The next SSE event's text (keep-alive comments skipped), within 2 s.
async fn next_event(stream: &mut Stream) -> String {
    use http_body_util::BodyExt;
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(2), stream.frame())
            .await
            .expect("an event within 2 seconds")
            .expect("stream open")
            .expect("frame");
        if let Ok(data) = frame.into_data() {
            let text = String::from_utf8_lossy(&data).into_owned();
            if text.contains("event:") {
                return text;
            }
        }
    }
}

db_test! {
    async fn the_channel_api_describes_itself_and_feeds_products_with_stock(app) {
        let res = app.get("/api/channel/v1/openapi.json").await;
        assert_ok(&res);
        let doc = res.json();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", &res.body[..100.min(res.body.len())]);
        for path in ["/api/channel/v1/orders", "/api/channel/v1/products", "/api/channel/v1/order-updates", "/api/carrier/v1/events"] {
            assert!(doc["paths"].get(path).is_some(), "{path} documented");
        }
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "KN-FEED", 4).await;
        let feed = app.api_get("/api/channel/v1/products?limit=1", &keys.zigzag).await;
        assert_ok(&feed);
        let product = &feed.json()["products"][0];
        assert_eq!(product["code"], "KN-FEED");
        assert_eq!(product["variants"][0]["variant_id"], v[0]);
        assert_eq!(product["variants"][0]["stock"], 4);
        assert_eq!(product["variants"][0]["options"], "S");
        // Listed on 지그재그 only: 포스티 does not see it.
        assert_eq!(app.api_get("/api/channel/v1/products", &keys.posty).await.json()["products"], json!([]));
        assert_eq!(app.api_get("/api/channel/v1/products?limit=0", &keys.zigzag).await.status, 422);
        assert_eq!(app.api_get("/api/channel/v1/products", "nope").await.status, 401);
    }
}
