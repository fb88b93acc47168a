//! 클레임 (취소·반품·교환) against a real database (SQLite and PostgreSQL):
//! claims in through the Channel API (idempotent, one open claim per item,
//! only on items in the right state), the seller's steps through the server
//! functions, the refund rules, stock moving exactly once, the buyer's
//! messages in the outbox, purchase confirmation held back under a claim,
//! and shops that never see each other's claims.

use crate::common;

use common::{
    assert_error, assert_ok, channel_keys, item_status, order_json, place_order, save_product, ship_and_deliver,
    owner, row_ids, stock_of, Keys, Line, Session, TestApp, TestResponse, CARRIER,
};
use leptos::server_fn::ServerFn;
use partner_center::claims::{
    ApproveClaims, ClaimBadges, GetClaim, HoldClaim, ListClaims, MarkCollected, RejectClaim,
    ReshipExchange, StartPickup,
};
use partner_center::orders::{ConfirmOrders, ShipOrders};
use serde_json::{json, Value};

/// A product on 지그재그 (sizes S and M, see `product_json`); the variant ids.
async fn product(app: &TestApp, who: &Session, code: &str, stock: i64) -> Vec<i64> {
    save_product(app, who, code, stock).await.1
}

const CLAIMS: &str = "/api/channel/v1/claims";

async fn place(app: &TestApp, keys: &Keys, id: &str, lines: &[Line]) -> Vec<i64> {
    place_order(app, &keys.zigzag, &order_json(id, lines)).await
}

async fn ship(app: &TestApp, who: &Session, item: i64, number: &str) -> TestResponse {
    let body =
        json!({ "items": [{ "item_id": item, "courier": "cj", "tracking_number": number }] });
    app.call_json(ShipOrders::PATH, &body, Some(who)).await
}

/// Ships an item and has the carrier deliver it.
async fn deliver(app: &TestApp, keys: &Keys, who: &Session, item: i64, number: &str) {
    ship_and_deliver(app, who, &keys.carrier, &[item], number).await;
    assert_eq!(item_status(app, item).await, "delivered");
}

async fn claim_status(app: &TestApp, claim: i64) -> String {
    let (s,): (String,) = sqlx::query_as("SELECT status FROM claims WHERE id = $1")
        .bind(claim)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    s
}

async fn outbox_kinds(app: &TestApp, claim: i64) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT kind FROM buyer_outbox WHERE claim_id = $1 ORDER BY id")
            .bind(claim)
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

fn claim_body(id: &str, order: &str, item: &str, kind: &str, reason: &str) -> Value {
    json!({ "channel_claim_id": id, "channel_order_id": order, "channel_item_id": item, "kind": kind, "reason": reason })
}

/// Posts a claim that must be accepted; its id and answer.
async fn claim(app: &TestApp, keys: &Keys, body: &Value) -> (i64, Value) {
    let res = app.api_post(CLAIMS, body, &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let answer = res.json();
    (answer["claim_id"].as_i64().unwrap(), answer)
}

async fn get_claim(app: &TestApp, who: &Session, id: i64) -> Value {
    let res = app
        .call(GetClaim::PATH, &[("claim_id", &id.to_string())], Some(who))
        .await;
    assert_ok(&res);
    res.json()
}

async fn pickup(
    app: &TestApp,
    who: &Session,
    id: i64,
    courier: &str,
    number: &str,
) -> TestResponse {
    let form = [
        ("claim_id", id.to_string()),
        ("courier", courier.to_owned()),
        ("tracking_number", number.to_owned()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(StartPickup::PATH, &form, Some(who)).await
}

async fn collected(app: &TestApp, who: &Session, id: i64, damaged: bool) -> TestResponse {
    app.call(
        MarkCollected::PATH,
        &[
            ("claim_id", &id.to_string()),
            ("damaged", if damaged { "true" } else { "false" }),
        ],
        Some(who),
    )
    .await
}

async fn reship(app: &TestApp, who: &Session, id: i64, number: &str) -> TestResponse {
    app.call(
        ReshipExchange::PATH,
        &[
            ("claim_id", &id.to_string()),
            ("courier", "cj"),
            ("tracking_number", number),
        ],
        Some(who),
    )
    .await
}

async fn approve(app: &TestApp, who: &Session, ids: &[i64], expected: Option<i64>) -> TestResponse {
    app.call_json(
        ApproveClaims::PATH,
        &json!({ "ids": ids, "expected_refund": expected }),
        Some(who),
    )
    .await
}

async fn reject(app: &TestApp, who: &Session, id: i64, reason: &str) -> TestResponse {
    app.call(
        RejectClaim::PATH,
        &[("claim_id", &id.to_string()), ("reason", reason)],
        Some(who),
    )
    .await
}

async fn list(app: &TestApp, who: &Session, tab: &str, q: &str) -> Value {
    let res = app
        .call(ListClaims::PATH, &[("tab", tab), ("q", q)], Some(who))
        .await;
    assert_ok(&res);
    res.json()
}

db_test! {
    async fn a_cancel_of_a_paid_item_completes_at_once_and_a_replay_gets_the_same_answer(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-1", 5).await;
        let items = place(&app, &keys, "ZZ-C1", &[(v[0], 2, 29000, 1000, 3000)]).await;
        assert_eq!(stock_of(&app, v[0]).await, 3);

        let body = claim_body("ZZ-CLM-1", "ZZ-C1", "1", "cancel", "change_of_mind");
        let (id, answer) = claim(&app, &keys, &body).await;
        assert_eq!(answer["status"], "completed");
        assert_eq!(answer["fault"], "buyer");
        // 58,000 - 1,000 paid for the goods, 3,000 for shipping that never happens.
        assert_eq!(answer["refund_amount"], 60000);
        assert_eq!(item_status(&app, items[0]).await, "cancelled");
        assert_eq!(stock_of(&app, v[0]).await, 5, "stock back with the cancel");
        assert_eq!(outbox_kinds(&app, id).await, vec!["cancel_completed"]);

        // A replay answers the same; other content under the same id is refused.
        let again = app.api_post(CLAIMS, &body, &keys.zigzag).await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(again.json(), answer);
        let mut other = body.clone();
        other["reason"] = json!("defective");
        assert_error(&app.api_post(CLAIMS, &other, &keys.zigzag).await, 409, "idempotency_conflict", None);
        // The cancelled item takes no new claim.
        let res = app.api_post(CLAIMS, &claim_body("ZZ-CLM-1b", "ZZ-C1", "1", "cancel", "other"), &keys.zigzag).await;
        assert_error(&res, 409, "claim_not_allowed", None);
        assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, 1);
        assert_eq!(stock_of(&app, v[0]).await, 5, "stock moved once");

        // The channel's feed tells it the claim was completed with the refund.
        let res = app.api_get("/api/channel/v1/claim-updates?cursor=0", &keys.zigzag).await;
        assert_ok(&res);
        let events = res.json()["events"].as_array().unwrap().clone();
        assert!(events.iter().any(|e| e["channel_claim_id"] == "ZZ-CLM-1" && e["status"] == "completed" && e["refund_amount"] == 60000));
        let next = res.json()["next_cursor"].as_i64().unwrap();
        let res = app.api_get(&format!("/api/channel/v1/claim-updates?cursor={next}"), &keys.zigzag).await;
        assert_eq!(res.json()["events"], json!([]));
        assert_eq!(app.api_get("/api/channel/v1/claim-updates", &keys.posty).await.json()["events"], json!([]));
        // The contract is in the API's own description.
        let doc = app.get("/api/channel/v1/openapi.json").await.json();
        for path in [CLAIMS, "/api/channel/v1/claims/{channel_claim_id}/withdraw", "/api/channel/v1/claim-updates"] {
            assert!(doc["paths"].get(path).is_some(), "{path} documented");
        }
        assert!(doc["components"]["schemas"].get("CreateClaimRequest").is_some());

        // The order pages render on the server with the claim on the item
        // (a page that waited for browser-only data would never finish).
        let order_no = app.rows("SELECT order_no FROM order_items WHERE id = $1", &[items[0]]).await[0].clone();
        for path in ["/orders".to_owned(), format!("/orders/{}", order_no.trim_matches(|c: char| !c.is_ascii_digit()))] {
            let page = tokio::time::timeout(std::time::Duration::from_secs(10), app.get_as(&path, Some(&who)))
                .await
                .unwrap_or_else(|_| panic!("{path} did not finish rendering"));
            assert_eq!(page.status, 200, "{path}");
            assert!(page.body.contains("data-testid=\"order-claim-badge\""), "{path} shows the claim: {}", page.body);
            assert!(page.body.contains("취소완료"), "{path} names the claim state");
        }
    }
}

db_test! {
    async fn a_cancel_after_confirmation_waits_for_the_seller_who_approves_in_bulk_or_rejects(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-2", 10).await;
        let mut items = Vec::new();
        for n in 0..3 {
            items.extend(place(&app, &keys, &format!("ZZ-C2-{n}"), &[(v[0], 1, 29000, 0, 3000)]).await);
        }
        assert_ok(&app.call_json(ConfirmOrders::PATH, &json!({ "ids": items }), Some(&who)).await);
        let mut claims = Vec::new();
        for n in 0..3 {
            let (id, answer) = claim(&app, &keys, &claim_body(&format!("ZZ-CLM-2-{n}"), &format!("ZZ-C2-{n}"), "1", "cancel", "change_of_mind")).await;
            assert_eq!(answer["status"], "requested");
            assert_eq!(outbox_kinds(&app, id).await, vec!["claim_requested"]);
            claims.push(id);
        }
        assert_eq!(stock_of(&app, v[0]).await, 7);
        // The item under a cancel request is not shipped meanwhile.
        assert_error(&ship(&app, &who, items[0], "612345678901").await, 409, "invalid_transition", None);

        let page = list(&app, &who, "cancel", "").await;
        assert_eq!(page["counts"]["cancel"], 3);
        assert_eq!(row_ids(&page).len(), 3);

        // Bulk approval of two: both cancelled, stock back once each.
        assert_ok(&approve(&app, &who, &claims[..2], None).await);
        assert_eq!(item_status(&app, items[0]).await, "cancelled");
        assert_eq!(item_status(&app, items[1]).await, "cancelled");
        assert_eq!(stock_of(&app, v[0]).await, 9);
        // Approving again changes nothing.
        assert_error(&approve(&app, &who, &claims[..1], None).await, 409, "invalid_transition", None);
        assert_eq!(stock_of(&app, v[0]).await, 9);
        assert_eq!(outbox_kinds(&app, claims[0]).await, vec!["claim_requested", "cancel_completed"]);
        let c = get_claim(&app, &who, claims[0]).await;
        assert_eq!(c["row"]["refund_amount"], 32000);
        assert_eq!(c["refund_final"], true);

        // Rejecting needs a reason; then the buyer is told and the item ships.
        let before = app.rows("SELECT * FROM claims ORDER BY id", &[]).await;
        assert_error(&reject(&app, &who, claims[2], "  ").await, 422, "invalid_input", Some("reason"));
        assert_error(&reject(&app, &who, claims[2], &"가".repeat(201)).await, 422, "invalid_input", Some("reason"));
        assert_eq!(app.rows("SELECT * FROM claims ORDER BY id", &[]).await, before, "nothing changed");
        assert_ok(&reject(&app, &who, claims[2], "이미 출고 준비가 끝났습니다").await);
        assert_eq!(claim_status(&app, claims[2]).await, "rejected");
        assert_eq!(outbox_kinds(&app, claims[2]).await, vec!["claim_requested", "claim_rejected"]);
        assert_eq!(item_status(&app, items[2]).await, "confirmed");
        assert_ok(&ship(&app, &who, items[2], "612345678901").await);
        assert_eq!(stock_of(&app, v[0]).await, 9);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'claim.%'").await, 2);
        // A claim past its deadline is flagged and counted.
        sqlx::query("UPDATE claims SET due_at = 1, status = 'requested' WHERE id = $1").bind(claims[2]).execute(app.state.db.pool()).await.unwrap();
        let due = list(&app, &who, "due", "").await;
        assert_eq!(row_ids(&due), vec![claims[2]]);
        assert_eq!(due["rows"][0]["overdue"], true);
        assert_eq!(due["counts"]["due"], 1);
        sqlx::query("UPDATE claims SET status = 'rejected' WHERE id = $1").bind(claims[2]).execute(app.state.db.pool()).await.unwrap();
        let counts = list(&app, &who, "", "").await["counts"].clone();
        assert_eq!((counts["all"].as_i64(), counts["completed"].as_i64(), counts["rejected"].as_i64()), (Some(3), Some(2), Some(1)));
    }
}

db_test! {
    async fn a_buyer_fault_return_runs_pickup_collection_and_approval_with_the_return_fee_deducted(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-3", 5).await;
        let items = place(&app, &keys, "ZZ-R1", &[(v[0], 1, 29000, 1000, 3000)]).await;
        deliver(&app, &keys, &who, items[0], "612345678901").await;
        assert_eq!(stock_of(&app, v[0]).await, 4);

        let (id, answer) = claim(&app, &keys, &claim_body("ZZ-RET-1", "ZZ-R1", "1", "return", "size_mismatch")).await;
        assert_eq!((answer["status"].as_str(), answer["fault"].as_str()), (Some("requested"), Some("buyer")));

        // No purchase confirmation under an open claim, by the buyer or the job.
        let path = "/api/channel/v1/orders/ZZ-R1/purchase-confirmation";
        let res = app.api_post(path, &json!({}), &keys.zigzag).await;
        assert_eq!(res.status, 409, "{}", res.body);
        assert_eq!(item_status(&app, items[0]).await, "delivered");
        sqlx::query("UPDATE order_items SET delivered_at = 1 WHERE id = $1").bind(items[0]).execute(app.state.db.pool()).await.unwrap();
        let now = partner_center::db::now_millis();
        assert_eq!(partner_center::orders::jobs::auto_confirm(&app.state, now).await.unwrap(), 0);

        // Approval before the goods are back is refused.
        assert_error(&approve(&app, &who, &[id], Some(25000)).await, 409, "invalid_transition", None);
        assert_error(&pickup(&app, &who, id, "cj", "123").await, 422, "invalid_input", Some("tracking_number"));
        assert_ok(&pickup(&app, &who, id, "cj", "712345678901").await);
        assert_eq!(claim_status(&app, id).await, "collecting");
        assert_ok(&collected(&app, &who, id, false).await);
        assert_eq!(claim_status(&app, id).await, "collected");

        // The refund the seller sees: 28,000 paid minus the 3,000 return fee.
        let c = get_claim(&app, &who, id).await;
        assert_eq!(c["refund"]["product_amount"], 28000);
        assert_eq!(c["refund"]["shipping_refund"], 0);
        assert_eq!(c["refund"]["deductions"][0]["label"], "반품 배송비");
        assert_eq!(c["refund"]["total"], 25000);
        assert_eq!(c["refund_final"], false);
        assert_eq!(c["pickup_tracking"], "712345678901");
        assert_eq!(c["actions"], json!(["approve", "reject", "hold"]));

        // A stale or missing amount is refused and changes nothing.
        let before = app.rows("SELECT * FROM claims ORDER BY id", &[]).await;
        assert_error(&approve(&app, &who, &[id], Some(28000)).await, 409, "refund_mismatch", None);
        assert_error(&approve(&app, &who, &[id], None).await, 422, "invalid_input", Some("expected_refund"));
        assert_eq!(app.rows("SELECT * FROM claims ORDER BY id", &[]).await, before);
        assert_eq!(stock_of(&app, v[0]).await, 4);

        assert_ok(&approve(&app, &who, &[id], Some(25000)).await);
        assert_eq!(claim_status(&app, id).await, "completed");
        assert_eq!(stock_of(&app, v[0]).await, 5, "the returned unit is back");
        let (refund, kind, status): (i64, String, String) = sqlx::query_as(
            "SELECT c.refund_amount, i.claim_kind, i.claim_status FROM claims c JOIN order_items i ON i.id = c.order_item_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
        assert_eq!((refund, kind.as_str(), status.as_str()), (25000, "return", "completed"));
        assert_eq!(item_status(&app, items[0]).await, "delivered", "the item keeps its status; the claim marks it returned");
        assert_eq!(outbox_kinds(&app, id).await, vec!["claim_requested", "claim_pickup", "claim_collected", "return_approved"]);
        let body: (String,) = sqlx::query_as("SELECT body FROM buyer_outbox WHERE claim_id = $1 AND kind = 'return_approved'")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert!(body.0.contains("25,000원"), "{}", body.0);

        // Returned: never confirmed, never claimed again.
        assert_eq!(app.api_post(path, &json!({}), &keys.zigzag).await.status, 409);
        assert_eq!(partner_center::orders::jobs::auto_confirm(&app.state, now).await.unwrap(), 0);
        let res = app.api_post(CLAIMS, &claim_body("ZZ-RET-1b", "ZZ-R1", "1", "return", "other"), &keys.zigzag).await;
        assert_error(&res, 409, "claim_not_allowed", None);
        let timeline: Vec<String> = get_claim(&app, &who, id).await["events"].as_array().unwrap().iter()
            .map(|e| e["action"].as_str().unwrap().to_owned()).collect();
        assert_eq!(timeline, vec!["request", "start_pickup", "mark_collected", "approve"]);
        // The order list shows the claim on the item.
        let badges = app.call_json(ClaimBadges::PATH, &json!({ "ids": items }), Some(&who)).await.json();
        assert_eq!(badges[0]["label"], "반품완료");
        assert_eq!(badges[0]["claim_id"], id);
    }
}

db_test! {
    async fn a_seller_fault_return_refunds_shipping_and_a_damaged_return_keeps_stock_out(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-4", 5).await;
        let items = place(&app, &keys, "ZZ-R2", &[(v[0], 1, 29000, 1000, 3000)]).await;
        deliver(&app, &keys, &who, items[0], "612345678902").await;
        let (id, answer) = claim(&app, &keys, &claim_body("ZZ-RET-2", "ZZ-R2", "1", "return", "defective")).await;
        assert_eq!(answer["fault"], "seller");
        assert_ok(&pickup(&app, &who, id, "", "").await);
        assert_ok(&collected(&app, &who, id, true).await);
        // Hold, then approve from hold.
        assert_error(&app.call(HoldClaim::PATH, &[("claim_id", &id.to_string()), ("reason", "")], Some(&who)).await, 422, "invalid_input", Some("reason"));
        assert_ok(&app.call(HoldClaim::PATH, &[("claim_id", &id.to_string()), ("reason", "검수 중")], Some(&who)).await);
        assert_eq!(claim_status(&app, id).await, "on_hold");
        let c = get_claim(&app, &who, id).await;
        assert_eq!(c["refund"]["total"], 28000 + 3000, "seller fault: everything back, shipping too");
        assert_eq!(c["damaged"], true);
        assert_ok(&approve(&app, &who, &[id], Some(31000)).await);
        assert_eq!(stock_of(&app, v[0]).await, 4, "a damaged unit does not go back on sale");
        assert_eq!(outbox_kinds(&app, id).await, vec!["claim_requested", "claim_pickup", "claim_collected", "claim_on_hold", "return_approved"]);
    }
}

db_test! {
    async fn free_shipping_crossed_back_and_a_partial_return_of_a_multi_item_order(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-5", 5).await;
        // 30,000 + 29,000 = 59,000 ≥ 50,000: shipped free.
        let items = place(&app, &keys, "ZZ-FREE", &[(v[0], 1, 30000, 0, 0), (v[1], 1, 29000, 0, 0)]).await;
        deliver(&app, &keys, &who, items[0], "612345678903").await;
        deliver(&app, &keys, &who, items[1], "612345678904").await;

        let (first, _) = claim(&app, &keys, &claim_body("ZZ-FREE-R1", "ZZ-FREE", "1", "return", "change_of_mind")).await;
        assert_ok(&pickup(&app, &who, first, "", "").await);
        assert_ok(&collected(&app, &who, first, false).await);
        let c = get_claim(&app, &who, first).await;
        let codes: Vec<&str> = c["refund"]["deductions"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert_eq!(codes, vec!["return_fee", "initial_shipping"]);
        assert_eq!(c["refund"]["total"], 30000 - 3000 - 3000);
        assert_ok(&approve(&app, &who, &[first], Some(24000)).await);
        assert_eq!(stock_of(&app, v[0]).await, 5);
        assert_eq!(stock_of(&app, v[1]).await, 4, "the other line is kept");

        // The second line: the threshold was already crossed, only the return fee.
        let (second, _) = claim(&app, &keys, &claim_body("ZZ-FREE-R2", "ZZ-FREE", "2", "return", "change_of_mind")).await;
        assert_ok(&pickup(&app, &who, second, "", "").await);
        assert_ok(&collected(&app, &who, second, false).await);
        assert_eq!(get_claim(&app, &who, second).await["refund"]["total"], 26000);
        assert_ok(&approve(&app, &who, &[second], Some(26000)).await);
        assert_eq!(stock_of(&app, v[1]).await, 5);
    }
}

db_test! {
    async fn racing_approvals_of_one_return_put_the_stock_back_once(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-6", 5).await;
        let items = place(&app, &keys, "ZZ-RACE", &[(v[0], 2, 29000, 0, 3000)]).await;
        deliver(&app, &keys, &who, items[0], "612345678905").await;
        let (id, _) = claim(&app, &keys, &claim_body("ZZ-RACE-R", "ZZ-RACE", "1", "return", "wrong_item")).await;
        assert_ok(&pickup(&app, &who, id, "", "").await);
        assert_ok(&collected(&app, &who, id, false).await);
        let expected = get_claim(&app, &who, id).await["refund"]["total"].as_i64().unwrap();
        // Seller at fault: 2 × 29,000 and the 3,000 shipping back.
        assert_eq!(expected, 61000);
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let router = app.router.clone();
            let cookie = who.cookie_header();
            let body = json!({ "ids": [id], "expected_refund": expected }).to_string();
            tasks.push(tokio::spawn(async move {
                use tower::ServiceExt;
                let req = axum::http::Request::post(ApproveClaims::PATH)
                    .header("content-type", "application/json")
                    .header("accept", "application/json")
                    .header("sec-fetch-site", "same-origin")
                    .header("cookie", cookie)
                    .body(axum::body::Body::from(body))
                    .unwrap();
                router.oneshot(req).await.unwrap().status().as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(stock_of(&app, v[0]).await, 5, "two units back, once");
        assert_eq!(app.count("SELECT COUNT(*) FROM claim_events WHERE action = 'approve'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM buyer_outbox WHERE kind = 'return_approved'").await, 1);
    }
}

db_test! {
    async fn an_exchange_takes_the_new_option_out_and_puts_the_old_one_back(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-7", 5).await;
        let (s, m) = (v[0], v[1]);
        let items = place(&app, &keys, "ZZ-X1", &[(s, 1, 29000, 0, 3000)]).await;
        // Only delivered items can be exchanged.
        assert_ok(&ship(&app, &who, items[0], "612345678906").await);
        let mut body = claim_body("ZZ-EX-1", "ZZ-X1", "1", "exchange", "size_mismatch");
        body["exchange_variant_id"] = json!(m);
        assert_error(&app.api_post(CLAIMS, &body, &keys.zigzag).await, 409, "claim_not_allowed", None);
        let done = json!({ "courier": "cj", "tracking_number": "612345678906", "status": "delivered" });
        assert_ok(&app.api_post(CARRIER, &done, &keys.carrier).await);
        // To the same option, or without one: bad input.
        let mut same = body.clone();
        same["exchange_variant_id"] = json!(s);
        assert_error(&app.api_post(CLAIMS, &same, &keys.zigzag).await, 422, "invalid_input", Some("exchange_variant_id"));
        // An option without stock is refused at once.
        sqlx::query("UPDATE product_variants SET stock = 0 WHERE id = $1").bind(m).execute(app.state.db.pool()).await.unwrap();
        assert_error(&app.api_post(CLAIMS, &body, &keys.zigzag).await, 409, "out_of_stock", Some("exchange_variant_id"));
        sqlx::query("UPDATE product_variants SET stock = 5 WHERE id = $1").bind(m).execute(app.state.db.pool()).await.unwrap();

        let (id, answer) = claim(&app, &keys, &body).await;
        assert_eq!(answer["status"], "requested");
        assert_eq!((stock_of(&app, s).await, stock_of(&app, m).await), (4, 5));
        assert_ok(&pickup(&app, &who, id, "cj", "712345678906").await);
        assert_ok(&collected(&app, &who, id, false).await);
        assert_eq!((stock_of(&app, s).await, stock_of(&app, m).await), (5, 5), "the old option is back");
        // 승인 is not how an exchange completes; a bad waybill changes nothing.
        assert_error(&approve(&app, &who, &[id], None).await, 409, "invalid_transition", None);
        assert_error(&reship(&app, &who, id, "12").await, 422, "invalid_input", Some("tracking_number"));
        assert_eq!(claim_status(&app, id).await, "collected");
        assert_ok(&reship(&app, &who, id, "812345678906").await);
        assert_eq!(claim_status(&app, id).await, "completed");
        assert_eq!((stock_of(&app, s).await, stock_of(&app, m).await), (5, 4), "the new option went out");
        let (variant, option, status, tracking): (i64, String, String, String) =
            sqlx::query_as("SELECT variant_id, option_text, status, tracking_number FROM order_items WHERE id = $1")
                .bind(items[0])
                .fetch_one(app.state.db.pool())
                .await
                .unwrap();
        assert_eq!((variant, option.as_str(), status.as_str(), tracking.as_str()), (m, "M", "shipped", "812345678906"));
        let c = get_claim(&app, &who, id).await;
        assert_eq!(c["refund"]["charge_amount"], 6000, "buyer fault pays the round trip");
        assert_eq!(c["row"]["status_label"], "교환완료");
        assert_eq!(outbox_kinds(&app, id).await, vec!["claim_requested", "claim_pickup", "claim_collected", "exchange_reshipped"]);
        // The new parcel is delivered and may then be confirmed.
        let done = json!({ "courier": "cj", "tracking_number": "812345678906", "status": "delivered" });
        assert_ok(&app.api_post(CARRIER, &done, &keys.carrier).await);
        assert_ok(&app.api_post("/api/channel/v1/orders/ZZ-X1/purchase-confirmation", &json!({}), &keys.zigzag).await);
        assert_eq!(item_status(&app, items[0]).await, "purchase_confirmed");
    }
}

db_test! {
    async fn claims_on_wrong_items_second_open_claims_and_bad_input_are_refused(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let v = product(&app, &who, "CL-8", 5).await;
        let items = place(&app, &keys, "ZZ-W1", &[(v[0], 1, 29000, 0, 3000), (v[1], 1, 29000, 0, 0)]).await;
        let unknown = app.api_post(CLAIMS, &claim_body("ZZ-W-0", "ZZ-NOPE", "1", "cancel", "other"), &keys.zigzag).await;
        assert_error(&unknown, 404, "not_found", None);
        let other_channel = app.api_post(CLAIMS, &claim_body("ZZ-W-0", "ZZ-W1", "1", "cancel", "other"), &keys.posty).await;
        assert_error(&other_channel, 404, "not_found", None);
        assert_error(&app.api_post(CLAIMS, &claim_body("ZZ-W-1", "ZZ-W1", "1", "return", "other"), &keys.zigzag).await, 409, "claim_not_allowed", None);
        assert_error(&app.api_post(CLAIMS, &claim_body("ZZ-W-1", "ZZ-W1", "1", "refund", "other"), &keys.zigzag).await, 422, "invalid_input", Some("kind"));
        assert_error(&app.api_post(CLAIMS, &claim_body("ZZ-W-1", "ZZ-W1", "1", "cancel", "boredom"), &keys.zigzag).await, 422, "invalid_input", Some("reason"));
        let mut long = claim_body("ZZ-W-1", "ZZ-W1", "1", "cancel", "other");
        long["reason_text"] = json!("가".repeat(501));
        assert_error(&app.api_post(CLAIMS, &long, &keys.zigzag).await, 422, "invalid_input", Some("reason_text"));
        assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, 0);

        // After 발주확인 a cancel waits; a second claim on the item is refused.
        assert_ok(&app.call_json(ConfirmOrders::PATH, &json!({ "ids": items }), Some(&who)).await);
        let (id, _) = claim(&app, &keys, &claim_body("ZZ-W-2", "ZZ-W1", "1", "cancel", "change_of_mind")).await;
        assert_error(&app.api_post(CLAIMS, &claim_body("ZZ-W-3", "ZZ-W1", "1", "cancel", "other"), &keys.zigzag).await, 409, "claim_open", None);
        // The buyer withdraws it; then a new claim is possible again.
        let res = app.api_post("/api/channel/v1/claims/ZZ-W-2/withdraw", &json!({}), &keys.zigzag).await;
        assert_ok(&res);
        assert_eq!(res.json()["status"], "withdrawn");
        assert_eq!(outbox_kinds(&app, id).await, vec!["claim_requested", "claim_withdrawn"]);
        assert_error(&approve(&app, &who, &[id], None).await, 409, "invalid_transition", None);
        let (again, _) = claim(&app, &keys, &claim_body("ZZ-W-3", "ZZ-W1", "1", "cancel", "other")).await;
        assert_ok(&approve(&app, &who, &[again], None).await);
        assert_eq!(item_status(&app, items[0]).await, "cancelled");
        // A cancel that leaves the other line shipping: paid shipping is not refunded.
        assert_eq!(get_claim(&app, &who, again).await["row"]["refund_amount"], 29000);
        assert_error(&app.api_post("/api/channel/v1/claims/ZZ-W-3/withdraw", &json!({}), &keys.zigzag).await, 409, "invalid_transition", None);
        assert_error(&app.api_post("/api/channel/v1/claims/ZZ-NONE/withdraw", &json!({}), &keys.zigzag).await, 404, "not_found", None);
        // Nothing selected.
        assert_error(&approve(&app, &who, &[], None).await, 422, "invalid_input", Some("ids"));
        // Search and tabs.
        assert_eq!(row_ids(&list(&app, &who, "", "김민지").await), vec![again, id]);
        assert_eq!(row_ids(&list(&app, &who, "rejected", "").await), vec![id]);
        assert_error(&app.call(ListClaims::PATH, &[("tab", "nope"), ("q", "")], Some(&who)).await, 422, "invalid_input", Some("tab"));
    }
}

db_test! {
    async fn another_shop_never_sees_or_touches_a_claim(app) {
        let keys = channel_keys(&app).await;
        let a = owner(&app).await;
        let v = product(&app, &a, "CL-9", 5).await;
        let items = place(&app, &keys, "ZZ-T1", &[(v[0], 1, 29000, 0, 3000)]).await;
        deliver(&app, &keys, &a, items[0], "612345678907").await;
        let (id, _) = claim(&app, &keys, &claim_body("ZZ-T-1", "ZZ-T1", "1", "return", "defective")).await;
        let b = app.open_shop("owner@seongsu-knit.example", "성수니트", 7).await;
        sqlx::query("UPDATE shops SET status = 'approved' WHERE id = $1").bind(b.shop_id).execute(app.state.db.pool()).await.unwrap();
        let before = app.rows("SELECT * FROM claims ORDER BY id", &[]).await;
        let sid = id.to_string();
        for res in [
            app.call(GetClaim::PATH, &[("claim_id", &sid)], Some(&b.owner)).await,
            approve(&app, &b.owner, &[id], Some(0)).await,
            reject(&app, &b.owner, id, "남의 클레임").await,
            app.call(HoldClaim::PATH, &[("claim_id", &sid), ("reason", "x")], Some(&b.owner)).await,
            pickup(&app, &b.owner, id, "", "").await,
            collected(&app, &b.owner, id, false).await,
            app.call(ReshipExchange::PATH, &[("claim_id", &sid), ("courier", "cj"), ("tracking_number", "612345678999")], Some(&b.owner)).await,
        ] {
            assert_error(&res, 404, "not_found", None);
        }
        assert_eq!(app.rows("SELECT * FROM claims ORDER BY id", &[]).await, before);
        assert_eq!(row_ids(&list(&app, &b.owner, "", "").await), Vec::<i64>::new());
        assert_eq!(app.call_json(ClaimBadges::PATH, &json!({ "ids": items }), Some(&b.owner)).await.json(), json!([]));
        assert_eq!(row_ids(&list(&app, &a, "", "").await), vec![id]);
    }
}
