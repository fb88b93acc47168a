//! 문의 and 리뷰 against a real database (SQLite and PostgreSQL): intake
//! through the Channel API (idempotent, with clear errors), the 2-business-day
//! deadline, answers kept as history with a buyer message each, templates,
//! reviews with their filters, replies, reports, best picks and exact average
//! ratings, and shops and roles that keep to their own.

use crate::common;

use common::{
    assert_error, assert_ok, channel_keys, owner, place_order, row_ids, save_product, ship_and_deliver, Session,
    TestApp, TestResponse,
};
use leptos::server_fn::ServerFn;
use partner_center::inquiries::{
    AnswerInquiry, DeleteAnswerTemplate, GetInquiry, InquiryQuery, ListAnswerTemplates,
    ListInquiries, SaveAnswerTemplate,
};
use partner_center::channel::Channel;
use partner_center::reviews::{ListReviews, ReplyReview, ReportReview, SetBestReview};
use serde_json::{json, Value};

const INQUIRIES: &str = "/api/channel/v1/inquiries";
const ANSWERS: &str = "/api/channel/v1/inquiry-answers";
const REVIEWS: &str = "/api/channel/v1/reviews";
const CS: &str = "cs@moodon.example";
const LOGISTICS: &str = "logistics@moodon.example";

/// A product on 지그재그 with sizes S and M; its id and variant ids.
async fn product(app: &TestApp, who: &Session, code: &str) -> (i64, Vec<i64>) {
    save_product(app, who, code, 50).await
}

/// A buyer order of `variants` (one each); the item ids.
async fn order(app: &TestApp, key: &str, id: &str, variants: &[i64]) -> Vec<i64> {
    let items: Vec<Value> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| json!({ "channel_item_id": (i + 1).to_string(), "variant_id": v, "quantity": 1, "unit_price": 29000 }))
        .collect();
    let body = json!({
        "channel_order_id": id, "payment_method": "card",
        "buyer": { "name": "김민지", "phone": "010-2345-6789", "email": "minji@example.com" },
        "recipient": { "name": "김민지", "phone": "010-2345-6789", "postcode": "04001", "address": "서울특별시 마포구 월드컵북로 12" },
        "items": items,
    });
    place_order(app, key, &body).await
}

fn product_inquiry(id: &str, product_id: i64, body: &str) -> Value {
    json!({ "channel_inquiry_id": id, "kind": "product", "product_id": product_id, "buyer_name": "김민지",
            "category": "size", "title": "사이즈 문의", "body": body })
}

fn order_inquiry(id: &str, order_id: &str, item: &str) -> Value {
    json!({ "channel_inquiry_id": id, "kind": "order", "channel_order_id": order_id, "channel_item_id": item,
            "buyer_name": "김민지", "category": "delivery", "body": "언제 발송되나요?" })
}

async fn inbox(
    app: &TestApp,
    who: &Session,
    status: &str,
    kind: &str,
    due: &str,
    q: &str,
) -> TestResponse {
    let form = [
        ("status", status),
        ("kind", kind),
        ("category", ""),
        ("due", due),
        ("q", q),
    ];
    app.call(ListInquiries::PATH, &form, Some(who)).await
}

async fn answer(app: &TestApp, who: &Session, id: i64, body: &str) -> TestResponse {
    app.call(
        AnswerInquiry::PATH,
        &[("inquiry_id", &id.to_string()), ("body", body)],
        Some(who),
    )
    .await
}

async fn reviews(app: &TestApp, who: &Session, form: &[(&str, &str)]) -> Value {
    let mut all: Vec<(&str, &str)> = form.to_vec();
    for key in ["rating", "reply"] {
        if !form.iter().any(|(k, _)| *k == key) {
            all.push((key, ""));
        }
    }
    let res = app.call(ListReviews::PATH, &all, Some(who)).await;
    assert_ok(&res);
    res.json()
}

fn review(id: &str, order_id: &str, item: &str, rating: i64, photos: &[&str]) -> Value {
    json!({ "channel_review_id": id, "channel_order_id": order_id, "channel_item_id": item, "rating": rating,
            "body": "잘 맞아요. 색감도 사진과 같습니다.", "photos": photos, "buyer_name": "김*지" })
}

/// What A's support data is, to compare after another shop's attempts.
async fn support_rows(app: &TestApp) -> Vec<String> {
    let mut all = Vec::new();
    for table in [
        "inquiries",
        "inquiry_answers",
        "answer_templates",
        "reviews",
        "buyer_outbox",
        "audit_log",
    ] {
        all.extend(
            app.rows(&format!("SELECT * FROM {table} ORDER BY id"), &[])
                .await,
        );
    }
    all
}

db_test! {
    async fn an_inquiry_is_taken_once_and_a_changed_replay_is_refused(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "IQ-1").await;
        let first = app.api_post(INQUIRIES, &product_inquiry("ZZ-Q-1", product_id, "M 사이즈 어깨 너비가 궁금해요"), &keys.zigzag).await;
        assert_eq!(first.status, 201, "{}", first.body);
        assert!(first.json()["inquiry_id"].as_i64().unwrap() > 0);
        assert!(first.json()["due_at"].as_str().unwrap().ends_with("T23:59:59.999+09:00"), "{}", first.body);
        let again = app.api_post(INQUIRIES, &product_inquiry("ZZ-Q-1", product_id, "M 사이즈 어깨 너비가 궁금해요"), &keys.zigzag).await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(again.json(), first.json());
        let other = app.api_post(INQUIRIES, &product_inquiry("ZZ-Q-1", product_id, "다른 내용"), &keys.zigzag).await;
        assert_eq!(other.status, 409, "{}", other.body);
        assert_eq!(other.code(), "idempotency_conflict");
        assert_eq!(app.count("SELECT COUNT(*) FROM inquiries").await, 1);

        // Unknown product, unknown order, another channel's order, bad input: clear errors, nothing stored.
        assert_error(&app.api_post(INQUIRIES, &product_inquiry("ZZ-Q-2", 999_999, "x"), &keys.zigzag).await, 404, "not_found", Some("product_id"));
        order(&app, &keys.zigzag, "ZZ-IQ-ORDER", &[v[0]]).await;
        assert_error(&app.api_post(INQUIRIES, &order_inquiry("ZZ-Q-3", "ZZ-NOPE", "1"), &keys.zigzag).await, 404, "not_found", Some("channel_item_id"));
        assert_error(&app.api_post(INQUIRIES, &order_inquiry("PS-Q-3", "ZZ-IQ-ORDER", "1"), &keys.posty).await, 404, "not_found", Some("channel_item_id"));
        let mut bad = product_inquiry("ZZ-Q-4", product_id, "x");
        bad["kind"] = json!("claim");
        assert_error(&app.api_post(INQUIRIES, &bad, &keys.zigzag).await, 422, "invalid_input", Some("kind"));
        let mut bad = product_inquiry("ZZ-Q-5", product_id, " ");
        bad["category"] = json!("size");
        assert_error(&app.api_post(INQUIRIES, &bad, &keys.zigzag).await, 422, "invalid_input", Some("body"));
        assert_eq!(app.count("SELECT COUNT(*) FROM inquiries").await, 1);
        assert_eq!(app.api_post(INQUIRIES, &product_inquiry("ZZ-Q-6", product_id, "x"), "pk_nobody.secret").await.status, 401);

        // An order inquiry belongs to the item's shop and names the item.
        let res = app.api_post(INQUIRIES, &order_inquiry("ZZ-Q-7", "ZZ-IQ-ORDER", "1"), &keys.zigzag).await;
        assert_eq!(res.status, 201, "{}", res.body);
        let (shop, item, product): (i64, Option<i64>, i64) =
            sqlx::query_as("SELECT shop_id, order_item_id, product_id FROM inquiries WHERE channel_inquiry_id = 'ZZ-Q-7'")
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        assert_eq!(shop, app.demo_shop_id().await);
        assert!(item.is_some());
        assert_eq!(product, product_id);
    }
}

db_test! {
    async fn the_answer_deadline_skips_weekends_and_holidays(app) {
        use chrono::TimeZone;
        let who = owner(&app).await;
        let (product_id, _) = product(&app, &who, "IQ-2").await;
        let at = |y, m, d, h| partner_center::time::kst().with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().timestamp_millis();
        let cases = [
            // Friday afternoon: Monday and Tuesday.
            ("ZZ-D-1", at(2026, 11, 20, 15), "2026-11-24T23:59:59.999+09:00"),
            // Friday before 개천절 (Sat) and its 대체공휴일 (Mon): Tuesday and Wednesday.
            ("ZZ-D-2", at(2026, 10, 2, 10), "2026-10-07T23:59:59.999+09:00"),
            // A Sunday question: Monday and Tuesday.
            ("ZZ-D-3", at(2026, 11, 22, 9), "2026-11-24T23:59:59.999+09:00"),
        ];
        for (id, asked, due) in cases {
            let request = serde_json::from_value(product_inquiry(id, product_id, "재입고 예정이 있나요?")).unwrap();
            let (status, answer) = partner_center::inquiries::ssr::accept_at(&app.state, Channel::Zigzag, request, asked + 60_000).await.unwrap();
            assert_eq!(status, 201);
            assert_eq!(answer["due_at"], due, "{id}");
        }
        // All three are long past due today: flagged overdue and counted.
        let page = inbox(&app, &who, "unanswered", "", "overdue", "").await.json();
        assert_eq!(row_ids(&page).len(), 3);
        assert!(page["rows"].as_array().unwrap().iter().all(|r| r["overdue"] == true && r["due_soon"] == false));
        assert_eq!(page["counts"]["overdue"], 3);
        // One due in two hours is flagged as due soon.
        let now = partner_center::db::now_millis();
        sqlx::query("UPDATE inquiries SET due_at = $1 WHERE channel_inquiry_id = 'ZZ-D-1'").bind(now + 2 * 3_600_000).execute(app.state.db.pool()).await.unwrap();
        let page = inbox(&app, &who, "unanswered", "", "soon", "").await.json();
        assert_eq!(page["rows"].as_array().unwrap().len(), 1);
        assert_eq!(page["rows"][0]["due_soon"], true);
        let shop = app.demo_shop_id().await;
        assert_eq!(partner_center::inquiries::ssr::dashboard_counts(&app.state.db, shop).await.unwrap(), (3, 3));
        // asked_at from the future is refused.
        let mut future = product_inquiry("ZZ-D-4", product_id, "x");
        future["asked_at"] = json!("2099-01-01T10:00:00+09:00");
        let keys = channel_keys(&app).await;
        assert_error(&app.api_post(INQUIRIES, &future, &keys.zigzag).await, 422, "invalid_input", Some("asked_at"));
    }
}

db_test! {
    async fn answers_are_kept_as_history_and_each_tells_the_buyer(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "IQ-3").await;
        let items = order(&app, &keys.zigzag, "ZZ-IQ-3", &[v[1]]).await;
        let res = app.api_post(INQUIRIES, &order_inquiry("ZZ-A-1", "ZZ-IQ-3", "1"), &keys.zigzag).await;
        let id = res.json()["inquiry_id"].as_i64().unwrap();

        // Empty or too long: refused, nothing changed.
        let before = support_rows(&app).await;
        assert_error(&answer(&app, &who, id, "   ").await, 422, "invalid_input", Some("body"));
        assert_error(&answer(&app, &who, id, &"가".repeat(2001)).await, 422, "invalid_input", Some("body"));
        assert_eq!(support_rows(&app).await, before);

        let res = answer(&app, &who, id, "  내일 발송 예정입니다. ").await;
        assert_ok(&res);
        assert_eq!(res.json()["row"]["answer"], "내일 발송 예정입니다.");
        assert_eq!(res.json()["row"]["answered"], true);
        assert_ok(&answer(&app, &who, id, &"가".repeat(2000)).await);
        let res = answer(&app, &who, id, "오늘 오후에 발송했습니다.").await;
        assert_ok(&res);
        assert_error(&answer(&app, &who, id, "오늘 오후에 발송했습니다.").await, 422, "invalid_input", Some("body"));
        let detail = app.call(GetInquiry::PATH, &[("inquiry_id", &id.to_string())], Some(&who)).await.json();
        let history: Vec<&str> = detail["history"].as_array().unwrap().iter().map(|h| h["body"].as_str().unwrap()).collect();
        assert_eq!(history.len(), 3, "every version is kept");
        assert_eq!(history[0], "내일 발송 예정입니다.");
        assert_eq!(detail["row"]["answer"], "오늘 오후에 발송했습니다.", "the current answer is the latest");
        assert_eq!(app.count("SELECT COUNT(*) FROM inquiry_answers").await, 3);

        // One buyer message per answer, about this inquiry and item, to the buyer.
        let sent: Vec<(Option<i64>, Option<i64>, String, String)> =
            sqlx::query_as("SELECT inquiry_id, order_item_id, to_email, kind FROM buyer_outbox ORDER BY id")
                .fetch_all(app.state.db.pool())
                .await
                .unwrap();
        assert_eq!(sent.len(), 3);
        assert!(sent.iter().all(|(i, item, to, _)| *i == Some(id) && *item == Some(items[0]) && to == "minji@example.com"));
        assert_eq!(sent[0].3, "inquiry_answer");
        assert_eq!(sent[2].3, "inquiry_answer_edit");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'inquiry.answer'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'inquiry.answer.edit'").await, 2);

        // A product inquiry's answer goes out without an order item.
        let pq = app.api_post(INQUIRIES, &product_inquiry("ZZ-A-2", product_id, "세탁은 어떻게 하나요?"), &keys.zigzag).await;
        let pid = pq.json()["inquiry_id"].as_i64().unwrap();
        assert_ok(&answer(&app, &who, pid, "손세탁을 권장합니다.").await);
        let (item, inquiry): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT order_item_id, inquiry_id FROM buyer_outbox ORDER BY id DESC LIMIT 1").fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((item, inquiry), (None, Some(pid)));

        // The channel reads every version; another channel reads none.
        let feed = app.api_get(ANSWERS, &keys.zigzag).await;
        assert_ok(&feed);
        let feed = feed.json();
        let answers = feed["answers"].as_array().unwrap();
        assert_eq!(answers.len(), 4);
        assert_eq!(answers[2]["channel_inquiry_id"], "ZZ-A-1");
        assert_eq!(answers[2]["body"], "오늘 오후에 발송했습니다.");
        let next = feed["next_cursor"].as_i64().unwrap();
        let rest = app.api_get(&format!("{ANSWERS}?cursor={next}"), &keys.zigzag).await.json();
        assert!(rest["answers"].as_array().unwrap().is_empty());
        assert_eq!(rest["next_cursor"].as_i64().unwrap(), next);
        assert!(app.api_get(ANSWERS, &keys.posty).await.json()["answers"].as_array().unwrap().is_empty());
    }
}

db_test! {
    async fn the_inbox_lists_unanswered_first_with_filters_and_pages(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "IQ-4").await;
        order(&app, &keys.zigzag, "ZZ-IQ-4", &[v[0]]).await;
        let mut ids_in_order = Vec::new();
        for n in 0..4 {
            let res = app.api_post(INQUIRIES, &product_inquiry(&format!("ZZ-L-{n}"), product_id, &format!("문의 {n}")), &keys.zigzag).await;
            ids_in_order.push(res.json()["inquiry_id"].as_i64().unwrap());
        }
        let res = app.api_post(INQUIRIES, &order_inquiry("ZZ-L-O", "ZZ-IQ-4", "1"), &keys.zigzag).await;
        let order_q = res.json()["inquiry_id"].as_i64().unwrap();
        // The oldest gets answered: it goes to the end.
        assert_ok(&answer(&app, &who, ids_in_order[0], "답변").await);
        let page = inbox(&app, &who, "all", "", "", "").await.json();
        assert_eq!(row_ids(&page), vec![order_q, ids_in_order[3], ids_in_order[2], ids_in_order[1], ids_in_order[0]]);
        assert_eq!(page["counts"]["unanswered"], 4);
        assert_eq!(page["counts"]["answered"], 1);
        assert_eq!(row_ids(&inbox(&app, &who, "answered", "", "", "").await.json()), vec![ids_in_order[0]]);
        assert_eq!(row_ids(&inbox(&app, &who, "unanswered", "order", "", "").await.json()), vec![order_q]);
        assert_eq!(row_ids(&inbox(&app, &who, "all", "", "", "문의 2").await.json()), vec![ids_in_order[2]]);
        assert_eq!(row_ids(&inbox(&app, &who, "all", "", "", "IQ-4").await.json()).len(), 5, "by product name");
        assert_eq!(inbox(&app, &who, "maybe", "", "", "").await.code(), "invalid_input");

        // Pages of two walk through the same order, each row once.
        let shop = app.demo_shop_id().await;
        let mut seen = Vec::new();
        let mut query = InquiryQuery { status: "all".into(), ..Default::default() };
        loop {
            let page = partner_center::inquiries::ssr::list(&app.state.db, shop, &query, 2).await.unwrap();
            seen.extend(page.rows.iter().map(|r| r.id));
            match page.next_cursor {
                Some(c) => query.cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen, row_ids(&page));
    }
}

db_test! {
    async fn templates_belong_to_their_shop(app) {
        let who = owner(&app).await;
        let res = app.call(SaveAnswerTemplate::PATH, &[("title", "배송 안내"), ("body", "주문 후 2일 안에 출고됩니다.")], Some(&who)).await;
        assert_ok(&res);
        let id = res.json()["id"].as_i64().unwrap();
        let tid = id.to_string();
        assert_error(&app.call(SaveAnswerTemplate::PATH, &[("title", &"가".repeat(51)), ("body", "x")], Some(&who)).await, 422, "invalid_input", Some("title"));
        assert_error(&app.call(SaveAnswerTemplate::PATH, &[("title", "x"), ("body", &"가".repeat(2001))], Some(&who)).await, 422, "invalid_input", Some("body"));
        assert_ok(&app.call(SaveAnswerTemplate::PATH, &[("template_id", &tid), ("title", "배송 안내"), ("body", "오늘 출고됩니다.")], Some(&who)).await);
        let list = app.call(ListAnswerTemplates::PATH, &[], Some(&who)).await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["body"], "오늘 출고됩니다.");

        let b = app.open_shop("owner@seongsu-knit.example", "성수니트", 7).await;
        let before = support_rows(&app).await;
        assert!(app.call(ListAnswerTemplates::PATH, &[], Some(&b.owner)).await.json().as_array().unwrap().is_empty());
        assert_eq!(app.call(SaveAnswerTemplate::PATH, &[("template_id", &tid), ("title", "탈취"), ("body", "x")], Some(&b.owner)).await.code(), "not_found");
        assert_eq!(app.call(DeleteAnswerTemplate::PATH, &[("template_id", &tid)], Some(&b.owner)).await.code(), "not_found");
        assert_eq!(support_rows(&app).await, before);

        assert_ok(&app.call(DeleteAnswerTemplate::PATH, &[("template_id", &tid)], Some(&who)).await);
        assert!(app.call(ListAnswerTemplates::PATH, &[], Some(&who)).await.json().as_array().unwrap().is_empty());
        assert_eq!(app.count("SELECT COUNT(*) FROM answer_templates WHERE deleted_at > 0").await, 1, "kept, only hidden");
        assert_eq!(app.call(DeleteAnswerTemplate::PATH, &[("template_id", &tid)], Some(&who)).await.code(), "not_found");
    }
}

db_test! {
    async fn reviews_come_only_for_delivered_items(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "RV-1").await;
        let items = order(&app, &keys.zigzag, "ZZ-RV-1", &[v[1]]).await;
        let r = review("ZZ-R-1", "ZZ-RV-1", "1", 5, &["https://img.zigzag.example/r/1.jpg"]);
        let early = app.api_post(REVIEWS, &r, &keys.zigzag).await;
        assert_error(&early, 409, "review_not_allowed", Some("channel_item_id"));
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345678901").await;
        let first = app.api_post(REVIEWS, &r, &keys.zigzag).await;
        assert_eq!(first.status, 201, "{}", first.body);
        let again = app.api_post(REVIEWS, &r, &keys.zigzag).await;
        assert_eq!(again.status, 200);
        assert_eq!(again.json(), first.json());
        let mut changed = r.clone();
        changed["rating"] = json!(1);
        assert_error(&app.api_post(REVIEWS, &changed, &keys.zigzag).await, 409, "idempotency_conflict", None);

        for (field, value, expect) in [
            ("rating", json!(6), "rating"),
            ("rating", json!(0), "rating"),
            ("photos", json!(vec!["https://img.example/p.jpg"; 11]), "photos"),
            ("photos", json!(["http://img.example/p.jpg"]), "photos[0]"),
            ("body", json!("가".repeat(2001)), "body"),
        ] {
            let mut bad = review("ZZ-R-BAD", "ZZ-RV-1", "1", 4, &[]);
            bad[field] = value;
            assert_error(&app.api_post(REVIEWS, &bad, &keys.zigzag).await, 422, "invalid_input", Some(expect));
        }
        assert_error(&app.api_post(REVIEWS, &review("ZZ-R-2", "ZZ-NOPE", "1", 4, &[]), &keys.zigzag).await, 404, "not_found", Some("channel_item_id"));
        assert_error(&app.api_post(REVIEWS, &review("PS-R-2", "ZZ-RV-1", "1", 4, &[]), &keys.posty).await, 404, "not_found", Some("channel_item_id"));
        assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, 1);
        let (shop, product, option, photos): (i64, i64, String, i64) =
            sqlx::query_as("SELECT shop_id, product_id, option_text, photo_count FROM reviews").fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((shop, product, option.as_str(), photos), (app.demo_shop_id().await, product_id, "M", 1));
        let page = reviews(&app, &who, &[]).await;
        assert_eq!(page["rows"][0]["photos"], json!(["https://img.zigzag.example/r/1.jpg"]));
        assert_eq!(page["rows"][0]["option_text"], "M");
    }
}

db_test! {
    async fn reviews_filter_reply_report_and_average_exactly(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "RV-2").await;
        let items = order(&app, &keys.zigzag, "ZZ-RV-2", &[v[0], v[1], v[0]]).await;
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345678902").await;
        let mut rids = Vec::new();
        for (n, rating, photos) in [(1, 4, vec!["https://img.example/a.jpg", "https://img.example/b.jpg"]), (2, 5, vec![]), (3, 5, vec![])] {
            let res = app.api_post(REVIEWS, &review(&format!("ZZ-R2-{n}"), "ZZ-RV-2", &n.to_string(), rating, &photos), &keys.zigzag).await;
            assert_eq!(res.status, 201, "{}", res.body);
            rids.push(res.json()["review_id"].as_i64().unwrap());
        }
        let count = |page: &Value| page["rows"].as_array().unwrap().len();
        let page = reviews(&app, &who, &[]).await;
        assert_eq!(count(&page), 3);
        assert_eq!(page["counts"]["unreplied"], 3);
        assert_eq!(page["top_products"][0]["average"], "4.7");
        assert_eq!(page["top_products"][0]["count"], 3);
        assert_eq!(count(&reviews(&app, &who, &[("rating", "5")]).await), 2);
        assert_eq!(count(&reviews(&app, &who, &[("photo", "true")]).await), 1);
        let pid = product_id.to_string();
        let p = reviews(&app, &who, &[("product_id", &pid)]).await;
        assert_eq!(p["product"]["average"], "4.7", "4, 5, 5 → 4.7");
        assert_eq!(p["product"]["rating_sum"], 14);

        // Reply, then edit: audited with before and after.
        let rid = rids[0].to_string();
        assert_error(&app.call(ReplyReview::PATH, &[("review_id", &rid), ("body", " ")], Some(&who)).await, 422, "invalid_input", Some("body"));
        assert_error(&app.call(ReplyReview::PATH, &[("review_id", &rid), ("body", &"가".repeat(1001))], Some(&who)).await, 422, "invalid_input", Some("body"));
        assert_ok(&app.call(ReplyReview::PATH, &[("review_id", &rid), ("body", "감사합니다!")], Some(&who)).await);
        let res = app.call(ReplyReview::PATH, &[("review_id", &rid), ("body", "소중한 리뷰 감사합니다.")], Some(&who)).await;
        assert_ok(&res);
        assert_eq!(res.json()["reply"], "소중한 리뷰 감사합니다.");
        let (before, after): (String, String) =
            sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'review.reply.edit'").fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!((before.as_str(), after.as_str()), ("\"감사합니다!\"", "\"소중한 리뷰 감사합니다.\""));
        assert_eq!(count(&reviews(&app, &who, &[("reply", "replied")]).await), 1);
        assert_eq!(count(&reviews(&app, &who, &[("reply", "unreplied")]).await), 2);

        // Report once, with a reason.
        let rid2 = rids[1].to_string();
        assert_error(&app.call(ReportReview::PATH, &[("review_id", &rid2), ("reason", "")], Some(&who)).await, 422, "invalid_input", Some("reason"));
        assert_ok(&app.call(ReportReview::PATH, &[("review_id", &rid2), ("reason", "광고·홍보")], Some(&who)).await);
        assert_eq!(app.call(ReportReview::PATH, &[("review_id", &rid2), ("reason", "기타")], Some(&who)).await.code(), "conflict");
        let (reason,): (String,) = sqlx::query_as("SELECT report_reason FROM reviews WHERE id = $1").bind(rids[1]).fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!(reason, "광고·홍보");
        assert_eq!(count(&reviews(&app, &who, &[("reported", "true")]).await), 1);

        // Best picks and unpicks.
        assert_eq!(app.call(SetBestReview::PATH, &[("review_id", &rid), ("best", "true")], Some(&who)).await.json()["best"], true);
        assert_eq!(count(&reviews(&app, &who, &[("best", "true")]).await), 1);
        assert_eq!(app.call(SetBestReview::PATH, &[("review_id", &rid), ("best", "false")], Some(&who)).await.json()["best"], false);
        let shop = app.demo_shop_id().await;
        assert_eq!(partner_center::reviews::ssr::dashboard_counts(&app.state.db, shop).await.unwrap(), (2, 3));
    }
}

db_test! {
    async fn at_most_ten_best_reviews_per_product(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (_, v) = product(&app, &who, "RV-3").await;
        let variants: Vec<i64> = (0..11).map(|n| v[n % 2]).collect();
        let items = order(&app, &keys.zigzag, "ZZ-RV-3", &variants).await;
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345678903").await;
        let mut rids = Vec::new();
        for n in 1..=11 {
            let res = app.api_post(REVIEWS, &review(&format!("ZZ-R3-{n}"), "ZZ-RV-3", &n.to_string(), 5, &[]), &keys.zigzag).await;
            rids.push(res.json()["review_id"].as_i64().unwrap());
        }
        for id in &rids[..10] {
            assert_ok(&app.call(SetBestReview::PATH, &[("review_id", &id.to_string()), ("best", "true")], Some(&who)).await);
        }
        let res = app.call(SetBestReview::PATH, &[("review_id", &rids[10].to_string()), ("best", "true")], Some(&who)).await;
        assert_eq!(res.code(), "conflict", "{}", res.body);
        assert!(res.json()["message"].as_str().unwrap().contains("10개"));
        assert_eq!(app.count("SELECT COUNT(*) FROM reviews WHERE best = 1").await, 10);
        // Unpicking one makes room.
        assert_ok(&app.call(SetBestReview::PATH, &[("review_id", &rids[0].to_string()), ("best", "false")], Some(&who)).await);
        assert_ok(&app.call(SetBestReview::PATH, &[("review_id", &rids[10].to_string()), ("best", "true")], Some(&who)).await);
        assert_eq!(app.count("SELECT COUNT(*) FROM reviews WHERE best = 1").await, 10);
    }
}

db_test! {
    async fn another_shop_finds_nothing_and_roles_keep_to_their_work(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "TN-1").await;
        let items = order(&app, &keys.zigzag, "ZZ-TN-1", &[v[0]]).await;
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345678904").await;
        let q = app.api_post(INQUIRIES, &order_inquiry("ZZ-TN-Q", "ZZ-TN-1", "1"), &keys.zigzag).await.json()["inquiry_id"].as_i64().unwrap();
        let r = app.api_post(REVIEWS, &review("ZZ-TN-R", "ZZ-TN-1", "1", 3, &[]), &keys.zigzag).await.json()["review_id"].as_i64().unwrap();
        let t = app.call(SaveAnswerTemplate::PATH, &[("title", "A 템플릿"), ("body", "A")], Some(&who)).await.json()["id"].as_i64().unwrap();
        let (q, r, t, p) = (q.to_string(), r.to_string(), t.to_string(), product_id.to_string());

        let b = app.open_shop("owner@seongsu-knit.example", "성수니트", 7).await;
        let before = support_rows(&app).await;
        for res in [
            app.call(GetInquiry::PATH, &[("inquiry_id", &q)], Some(&b.owner)).await,
            app.call(AnswerInquiry::PATH, &[("inquiry_id", &q), ("body", "탈취")], Some(&b.owner)).await,
            app.call(SaveAnswerTemplate::PATH, &[("template_id", &t), ("title", "x"), ("body", "x")], Some(&b.owner)).await,
            app.call(DeleteAnswerTemplate::PATH, &[("template_id", &t)], Some(&b.owner)).await,
            app.call(ReplyReview::PATH, &[("review_id", &r), ("body", "탈취")], Some(&b.owner)).await,
            app.call(ReportReview::PATH, &[("review_id", &r), ("reason", "탈취")], Some(&b.owner)).await,
            app.call(SetBestReview::PATH, &[("review_id", &r), ("best", "true")], Some(&b.owner)).await,
            app.call(ListReviews::PATH, &[("rating", ""), ("reply", ""), ("product_id", &p)], Some(&b.owner)).await,
        ] {
            assert_eq!(res.code(), "not_found", "{}", res.body);
        }
        let own = inbox(&app, &b.owner, "all", "", "", "").await;
        assert_ok(&own);
        assert!(row_ids(&own.json()).is_empty());
        assert!(reviews(&app, &b.owner, &[]).await["rows"].as_array().unwrap().is_empty());
        assert_eq!(support_rows(&app).await, before, "nothing of shop A changed");

        // CS answers and replies; logistics may not see either.
        let cs = app.sign_in_demo(CS).await;
        assert_ok(&answer(&app, &cs, q.parse().unwrap(), "CS가 답변드립니다.").await);
        assert_ok(&app.call(ReplyReview::PATH, &[("review_id", &r), ("body", "감사합니다.")], Some(&cs)).await);
        let logistics = app.sign_in_demo(LOGISTICS).await;
        assert_eq!(inbox(&app, &logistics, "all", "", "", "").await.code(), "forbidden");
        assert_eq!(answer(&app, &logistics, q.parse().unwrap(), "x").await.code(), "forbidden");
        assert_eq!(app.call(ListReviews::PATH, &[("rating", ""), ("reply", "")], Some(&logistics)).await.code(), "forbidden");
        assert_eq!(app.call(ListAnswerTemplates::PATH, &[], Some(&logistics)).await.code(), "forbidden");
        // Signed out: unauthorized.
        let form = [("status", "all"), ("kind", ""), ("category", ""), ("due", ""), ("q", "")];
        assert_eq!(app.call(ListInquiries::PATH, &form, None).await.status, 401);
    }
}

db_test! {
    async fn the_pages_render_and_the_contract_documents_the_endpoints(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, v) = product(&app, &who, "PG-1").await;
        let items = order(&app, &keys.zigzag, "ZZ-PG-1", &[v[0]]).await;
        ship_and_deliver(&app, &who, &keys.carrier, &items, "612345678905").await;
        let q = app.api_post(INQUIRIES, &product_inquiry("ZZ-PG-Q", product_id, "두께감이 어떤가요?"), &keys.zigzag).await;
        let q = q.json()["inquiry_id"].as_i64().unwrap();
        let photo = ["https://img.example/pg.jpg"];
        let r = app.api_post(REVIEWS, &review("ZZ-PG-R", "ZZ-PG-1", "1", 4, &photo), &keys.zigzag).await;
        let r = r.json()["review_id"].as_i64().unwrap();

        let page = app.get_as("/inquiries", Some(&who)).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("문의 관리"));
        assert!(page.body.contains(&format!("inquiry-row-{q}")), "the first page is rendered on the server");
        assert!(page.body.contains("두께감이 어떤가요?"));
        let page = app.get_as("/reviews", Some(&who)).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("review-row-{r}")));
        assert!(page.body.contains("loading=\"lazy\""), "photos are lazy thumbnails");
        assert!(page.body.contains("https://img.example/pg.jpg"));

        let doc = app.get("/api/channel/v1/openapi.json").await.json();
        for path in [INQUIRIES, ANSWERS, REVIEWS] {
            assert!(doc["paths"].get(path).is_some(), "{path} documented");
        }
        for schema in ["CreateInquiryRequest", "InquiryAnswers", "CreateReviewRequest"] {
            assert!(doc["components"]["schemas"].get(schema).is_some(), "{schema}");
        }
    }
}
