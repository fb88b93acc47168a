//! Simultaneous replays on the Channel API: a channel that times out and
//! retries sends the same request again while the first is still being
//! written. Every idempotent intake (orders, claims, inquiries, reviews) must
//! answer the pair 201 and 200 with the same body, and take it once — on
//! SQLite and on PostgreSQL.

use crate::common;

use common::{channel_keys, order_json, owner, place_order, save_product, ship_and_deliver, TestApp, TestResponse};
use serde_json::{json, Value};

const ORDERS: &str = "/api/channel/v1/orders";
const CLAIMS: &str = "/api/channel/v1/claims";
const INQUIRIES: &str = "/api/channel/v1/inquiries";
const REVIEWS: &str = "/api/channel/v1/reviews";

/// How many pairs each endpoint gets: one lucky interleaving proves little.
const ROUNDS: usize = 5;

/// Sends `body` twice at once; both answers.
async fn twice(app: &TestApp, path: &str, body: &Value, key: &str) -> (TestResponse, TestResponse) {
    tokio::join!(app.api_post(path, body, key), app.api_post(path, body, key))
}

/// One answer 201, the other 200, with the same body; that body.
fn created_and_replayed(what: &str, (a, b): (TestResponse, TestResponse)) -> Value {
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 201], "{what}: {} / {}", a.body, b.body);
    assert_eq!(a.json(), b.json(), "{what}: the replay answers what the first got");
    a.json()
}

db_test! {
    async fn simultaneous_identical_requests_get_201_and_200_with_the_same_body(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (product_id, variants) = save_product(&app, &who, "IDEM-1", 100).await;
        let line = |n: i64| (variants[0], n, 29000, 0, 3000);

        // Orders: taken once, stock reserved once.
        for round in 0..ROUNDS {
            let body = order_json(&format!("ZZ-IDEM-O{round}"), &[line(2)]);
            let answer = created_and_replayed("order", twice(&app, ORDERS, &body, &keys.zigzag).await);
            assert_eq!(answer["items"].as_array().map(Vec::len), Some(1));
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM buyer_orders").await, ROUNDS as i64);
        assert_eq!(common::stock_of(&app, variants[0]).await, 100 - 2 * ROUNDS as i64);

        // Claims: a cancel of a 결제완료 item completes at once, so the second
        // of the pair used to meet a cancelled item (409 claim_not_allowed).
        for round in 0..ROUNDS {
            let order = format!("ZZ-IDEM-C{round}");
            place_order(&app, &keys.zigzag, &order_json(&order, &[line(1)])).await;
            let body = json!({ "channel_claim_id": format!("ZZ-IDEM-CLM{round}"), "channel_order_id": order,
                               "channel_item_id": "1", "kind": "cancel", "reason": "change_of_mind" });
            let answer = created_and_replayed("claim", twice(&app, CLAIMS, &body, &keys.zigzag).await);
            assert_eq!(answer["status"], "completed");
            assert_eq!(answer["refund_amount"], 32000);
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, ROUNDS as i64);
        let cancelled = app.count("SELECT COUNT(*) FROM order_items WHERE status = 'cancelled'").await;
        assert_eq!(cancelled, ROUNDS as i64);
        // Each cancel gave its stock back once.
        assert_eq!(common::stock_of(&app, variants[0]).await, 100 - 2 * ROUNDS as i64);

        // Inquiries.
        for round in 0..ROUNDS {
            let body = json!({ "channel_inquiry_id": format!("ZZ-IDEM-Q{round}"), "kind": "product",
                               "product_id": product_id, "buyer_name": "김민지", "category": "size",
                               "title": "사이즈 문의", "body": "M 사이즈 어깨 너비가 궁금합니다." });
            let answer = created_and_replayed("inquiry", twice(&app, INQUIRIES, &body, &keys.zigzag).await);
            assert!(answer["inquiry_id"].as_i64().is_some());
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM inquiries").await, ROUNDS as i64);

        // Reviews, of a delivered item each.
        for round in 0..ROUNDS {
            let order = format!("ZZ-IDEM-R{round}");
            let items = place_order(&app, &keys.zigzag, &order_json(&order, &[line(1)])).await;
            ship_and_deliver(&app, &who, &keys.carrier, &items, &format!("61234567{round:04}")).await;
            let body = json!({ "channel_review_id": format!("ZZ-IDEM-RV{round}"), "channel_order_id": order,
                               "channel_item_id": "1", "rating": 5, "body": "잘 맞아요.", "photos": [],
                               "buyer_name": "김*지" });
            let answer = created_and_replayed("review", twice(&app, REVIEWS, &body, &keys.zigzag).await);
            assert!(answer["review_id"].as_i64().is_some());
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, ROUNDS as i64);
    }
}

db_test! {
    async fn a_simultaneous_request_with_other_content_under_the_same_id_is_refused(app) {
        let keys = channel_keys(&app).await;
        let who = owner(&app).await;
        let (_, variants) = save_product(&app, &who, "IDEM-2", 10).await;
        let one = order_json("ZZ-IDEM-X", &[(variants[0], 1, 29000, 0, 3000)]);
        let two = order_json("ZZ-IDEM-X", &[(variants[0], 2, 29000, 0, 3000)]);
        let (a, b) = tokio::join!(app.api_post(ORDERS, &one, &keys.zigzag), app.api_post(ORDERS, &two, &keys.zigzag));
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [201, 409], "{} / {}", a.body, b.body);
        let refused = if a.status == 409 { &a } else { &b };
        assert_eq!(refused.json()["code"], "idempotency_conflict");
        assert_eq!(app.count("SELECT COUNT(*) FROM order_items").await, 1);
    }
}
