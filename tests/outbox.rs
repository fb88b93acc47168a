//! The buyer outbox against a real database (SQLite and PostgreSQL): messages
//! written by the areas (and by the older direct inserts of the orders area)
//! are delivered once; two app instances working the same outbox never send
//! one message twice; a lease left by a dead worker is taken over; failures
//! back off and end `failed`; e-mail really goes over SMTP to a mail server
//! started here; the channel reads what was handed to it, and only its own.

use crate::common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use common::{assert_ok, save_product, Session, TestApp, TestResponse};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use partner_center::channel_api::{create_client, ClientKind};
use partner_center::outbox::ssr::{
    deliver_due, deliver_due_with, enqueue, messages_for, retry_delay, BuyerMessage, Deliver,
    DeliverFuture, MessageFilter, Outgoing, Via, LEASE_MS, MAX_ATTEMPTS,
};
use partner_center::db::now_millis;
use partner_center::server::demo::DEMO_OWNER;
use partner_center::server::AppState;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tower::ServiceExt;

// ------------------------------------------------------------------ helpers

/// A delivery that counts what it hands over, and fails on demand: messages
/// of kind `fail_kind` always, others while their attempt is at most
/// `fail_until_attempt`.
#[derive(Default)]
struct Sink {
    delivered: Mutex<HashMap<i64, u32>>,
    tries: AtomicUsize,
    fail_kind: Option<&'static str>,
    fail_until_attempt: i64,
}

impl Sink {
    fn failing_until(attempt: i64) -> Self {
        Self {
            fail_until_attempt: attempt,
            ..Self::default()
        }
    }

    fn count(&self, id: i64) -> u32 {
        self.delivered
            .lock()
            .unwrap()
            .get(&id)
            .copied()
            .unwrap_or(0)
    }
}

impl Deliver for Sink {
    fn deliver<'a>(&'a self, msg: &'a Outgoing) -> DeliverFuture<'a> {
        Box::pin(async move {
            self.tries.fetch_add(1, Ordering::SeqCst);
            // Let the other worker run in between.
            tokio::task::yield_now().await;
            if self.fail_kind == Some(msg.kind.as_str()) || msg.attempts <= self.fail_until_attempt
            {
                return Err("채널 서버가 응답하지 않습니다.".to_owned());
            }
            *self.delivered.lock().unwrap().entry(msg.id).or_default() += 1;
            Ok(Via::Channel)
        })
    }
}

fn message(shop_id: i64, channel: &str, kind: &str, to_email: &str, n: usize) -> BuyerMessage {
    BuyerMessage {
        shop_id,
        channel: channel.to_owned(),
        kind: kind.to_owned(),
        to_phone: "010-2345-6789".to_owned(),
        to_email: to_email.to_owned(),
        subject: format!("[데모상점] 반품 승인 안내 {n}"),
        body: format!("반품이 승인되었습니다. 환불 예정 금액 {n},000원"),
        ..BuyerMessage::default()
    }
}

async fn put(state: &AppState, messages: &[BuyerMessage]) -> Vec<i64> {
    let mut tx = state.db.begin_write().await.unwrap();
    let mut ids = Vec::new();
    for m in messages {
        ids.push(enqueue(&mut tx, m).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    status: String,
    via: String,
    attempts: i64,
    locked_by: String,
    next_attempt_at: i64,
    last_error: String,
    sent_at: i64,
}

async fn row(app: &TestApp, id: i64) -> Row {
    let (status, via, attempts, locked_by, next_attempt_at, last_error, sent_at): (
        String,
        String,
        i64,
        String,
        i64,
        String,
        i64,
    ) = sqlx::query_as(
        "SELECT status, via, attempts, locked_by, next_attempt_at, last_error, sent_at FROM buyer_outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    Row {
        status,
        via,
        attempts,
        locked_by,
        next_attempt_at,
        last_error,
        sent_at,
    }
}

async fn count_status(app: &TestApp, status: &str) -> i64 {
    app.count_where(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM buyer_outbox WHERE status = $1",
        status,
    )
    .await
}

/// The channel feed, served by the outbox's own routes.
async fn feed(app: &TestApp, key: &str, query: &str) -> TestResponse {
    let router = partner_center::outbox::api::routes().with_state(app.state.clone());
    let mut req = Request::get(format!("/api/channel/v1/buyer-messages{query}"));
    if !key.is_empty() {
        req = req.header("authorization", format!("Bearer {key}"));
    }
    let res = router
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    TestResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
    }
}

fn feed_ids(res: &TestResponse) -> Vec<i64> {
    res.json()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

/// A product on 지그재그 and one order of it through the Channel API; the order item's id.
async fn ordered_item(app: &TestApp, who: &Session, key: &str) -> (i64, String) {
    let variant = save_product(app, who, "OB-1", 10).await.1[0];
    let order = json!({
        "channel_order_id": "ZZ-OUTBOX-1",
        "payment_method": "card",
        "buyer": { "name": "김민지", "phone": "010-2345-6789", "email": "minji@example.com" },
        "recipient": { "name": "김민지", "phone": "010-2345-6789", "postcode": "04001",
                       "address": "서울특별시 마포구 월드컵북로 12", "address_detail": "3층", "note": "" },
        "items": [{ "channel_item_id": "1", "variant_id": variant, "quantity": 1, "unit_price": 29000,
                    "option_price": 0, "seller_discount": 0, "platform_discount": 0, "shipping_fee": 3000 }],
    });
    let res = app.api_post("/api/channel/v1/orders", &order, key).await;
    assert!(res.status.is_success(), "{}", res.body);
    let (item,): (i64,) = sqlx::query_as("SELECT id FROM order_items WHERE channel_order_id = $1")
        .bind("ZZ-OUTBOX-1")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (item, "ZZ-OUTBOX-1".to_owned())
}

// ------------------------------------------------------------------ tests

db_test! {
    /// A message the orders area writes directly (발송지연 안내) is picked up,
    /// handed to the channel once, shown to the seller as 발송완료 and read
    /// by the channel with its order.
    async fn a_message_is_delivered_once_to_the_channel_and_shown_as_sent(app) {
        let zigzag = create_client(&app.state.db, ClientKind::Channel, "zigzag", "지그재그").await.unwrap();
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let shop = app.demo_shop_id().await;
        let (item, channel_order_id) = ordered_item(&app, &owner, &zigzag).await;
        let mut conn = app.state.db.pool().acquire().await.unwrap();
        partner_center::orders::ssr::notify_buyer(&mut conn, item, "delay", "발송이 하루 늦어집니다. 죄송합니다.")
            .await
            .unwrap();
        drop(conn);
        let ids = put(&app.state, &[message(shop, "zigzag", "return_approved", "", 1)]).await;

        let shown = messages_for(&app.state.db, shop, &MessageFilter::OrderItems(vec![item])).await.unwrap();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!((shown[0].status.as_str(), shown[0].status_label.as_str()), ("pending", "대기"));
        assert_eq!(shown[0].sent_at, "");
        // Another shop sees none of it.
        let other = messages_for(&app.state.db, shop + 1000, &MessageFilter::OrderItems(vec![item])).await.unwrap();
        assert!(other.is_empty());

        let now = now_millis();
        assert_eq!(deliver_due(&app.state, "w-1", now).await.unwrap(), 2);
        assert_eq!(deliver_due(&app.state, "w-1", now + 1).await.unwrap(), 0, "nothing is sent twice");
        assert_eq!(deliver_due(&app.state, "w-2", now + 10 * LEASE_MS).await.unwrap(), 0);
        let r = row(&app, ids[0]).await;
        assert_eq!((r.status.as_str(), r.via.as_str(), r.attempts, r.sent_at), ("sent", "channel", 1, now));
        assert_eq!(r.locked_by, "w-1");

        let shown = messages_for(&app.state.db, shop, &MessageFilter::OrderItems(vec![item])).await.unwrap();
        assert_eq!((shown[0].status.as_str(), shown[0].status_label.as_str()), ("sent", "발송완료"));
        assert_eq!(shown[0].via, "channel");
        assert_eq!(partner_center::outbox::via_label(&shown[0].via), "채널 알림");
        assert_eq!(shown[0].kind, "delay");
        assert!(!shown[0].sent_at.is_empty());

        let res = feed(&app, &zigzag, "").await;
        assert_ok(&res);
        let messages = res.json()["messages"].as_array().unwrap().clone();
        assert_eq!(messages.len(), 2, "{}", res.body);
        assert_eq!(messages[0]["kind"], "delay");
        assert_eq!(messages[0]["channel_order_id"], channel_order_id.as_str());
        assert_eq!(messages[0]["channel_item_id"], "1");
        assert_eq!(messages[0]["to_phone"].as_str().unwrap().replace('-', ""), "01023456789");
        assert!(messages[0]["sent_at"].as_str().unwrap().ends_with("+09:00"));
        assert_eq!(messages[1]["id"].as_i64().unwrap(), ids[0]);
        assert_eq!(messages[1]["channel_order_id"], "", "a message about no order");
    }
}

db_test! {
    /// Two app instances (their own pools) and a third worker deliver 200
    /// messages side by side: each is handed over exactly once.
    async fn two_instances_deliver_every_message_exactly_once(app) {
        let shop = app.demo_shop_id().await;
        let batch: Vec<BuyerMessage> = (0..200).map(|n| message(shop, "zigzag", "claim_requested", "", n)).collect();
        let ids = put(&app.state, &batch).await;
        let other = app.another_instance().await;
        let sink = Arc::new(Sink::default());
        let now = now_millis();
        let mut rounds = 0;
        loop {
            rounds += 1;
            assert!(rounds < 200, "the outbox never drained");
            let (a, b, c) = tokio::join!(
                deliver_due_with(&app.state, sink.as_ref(), "instance-a", now),
                deliver_due_with(&other, sink.as_ref(), "instance-b", now),
                deliver_due_with(&other, sink.as_ref(), "instance-b2", now),
            );
            let taken = a.unwrap() + b.unwrap() + c.unwrap();
            if taken == 0 {
                break;
            }
        }
        assert_eq!(count_status(&app, "sent").await, 200);
        assert_eq!(sink.tries.load(Ordering::SeqCst), 200, "no message was even tried twice");
        for id in &ids {
            assert_eq!(sink.count(*id), 1, "message {id}");
        }
        let (max_attempts,): (i64,) = sqlx::query_as("SELECT MAX(attempts) FROM buyer_outbox")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(max_attempts, 1);
        let workers = app.count("SELECT CAST(COUNT(DISTINCT locked_by) AS BIGINT) FROM buyer_outbox").await;
        assert!(workers >= 2, "both instances took part ({workers} workers)");
        other.db.close().await;
    }
}

db_test! {
    /// A worker that died while sending holds its message only until the
    /// lease runs out; a live lease is left alone; a dead lease on the last
    /// attempt ends `failed`.
    async fn a_lease_left_by_a_dead_worker_is_taken_over(app) {
        let shop = app.demo_shop_id().await;
        let ids = put(
            &app.state,
            &[
                message(shop, "zigzag", "return_approved", "", 1),
                message(shop, "zigzag", "return_approved", "", 2),
                message(shop, "zigzag", "return_approved", "", 3),
            ],
        )
        .await;
        let now = now_millis();
        let hold = |id: i64, until: i64, attempts: i64| {
            let pool = app.state.db.pool().clone();
            async move {
                sqlx::query(
                    "UPDATE buyer_outbox SET status = 'sending', locked_by = 'dead-worker', locked_until = $1, attempts = $2 \
                     WHERE id = $3",
                )
                .bind(until)
                .bind(attempts)
                .bind(id)
                .execute(&pool)
                .await
                .unwrap();
            }
        };
        hold(ids[0], now - 1, 1).await; // its worker died a minute ago
        hold(ids[1], now + LEASE_MS / 2, 1).await; // its worker is still at it
        hold(ids[2], now - 1, MAX_ATTEMPTS).await; // died on the last try

        let sink = Sink::default();
        assert_eq!(deliver_due_with(&app.state, &sink, "survivor", now).await.unwrap(), 1);
        let taken = row(&app, ids[0]).await;
        assert_eq!((taken.status.as_str(), taken.locked_by.as_str(), taken.attempts), ("sent", "survivor", 2));
        assert_eq!(sink.count(ids[0]), 1);
        let live = row(&app, ids[1]).await;
        assert_eq!((live.status.as_str(), live.locked_by.as_str()), ("sending", "dead-worker"));
        assert_eq!(sink.count(ids[1]), 0);
        let exhausted = row(&app, ids[2]).await;
        assert_eq!(exhausted.status, "failed");
        assert!(!exhausted.last_error.is_empty());
        assert_eq!(sink.count(ids[2]), 0);

        // The held one is free once its lease is over.
        assert_eq!(deliver_due_with(&app.state, &sink, "survivor", now + LEASE_MS).await.unwrap(), 1);
        assert_eq!(row(&app, ids[1]).await.status, "sent");
        assert_eq!(sink.count(ids[1]), 1);
    }
}

db_test! {
    /// A failed attempt waits 30 s, 1 min, 2 min, 4 min; the fifth failure
    /// is final. A message that fails twice and then goes through is sent.
    async fn failures_back_off_and_end_failed_after_the_last_attempt(app) {
        let shop = app.demo_shop_id().await;
        let ids = put(&app.state, &[message(shop, "posty", "inquiry_answer", "", 1)]).await;
        let id = ids[0];
        let sink = Sink::failing_until(i64::MAX);
        let mut now = now_millis();
        for attempt in 1..=MAX_ATTEMPTS {
            assert_eq!(deliver_due_with(&app.state, &sink, "w", now).await.unwrap(), 1, "attempt {attempt}");
            let r = row(&app, id).await;
            assert_eq!(r.attempts, attempt);
            assert_eq!(r.last_error, "채널 서버가 응답하지 않습니다.");
            if attempt < MAX_ATTEMPTS {
                assert_eq!(r.status, "pending");
                assert_eq!(r.next_attempt_at, now + retry_delay(attempt));
                // Not before its time.
                assert_eq!(deliver_due_with(&app.state, &sink, "w", r.next_attempt_at - 1).await.unwrap(), 0);
                now = r.next_attempt_at;
            } else {
                assert_eq!(r.status, "failed");
            }
        }
        assert_eq!(retry_delay(1), 30_000);
        assert_eq!(sink.tries.load(Ordering::SeqCst), MAX_ATTEMPTS as usize);
        assert_eq!(deliver_due_with(&app.state, &sink, "w", now + 86_400_000).await.unwrap(), 0, "failed is final");
        assert_eq!(sink.count(id), 0);

        let ids = put(&app.state, &[message(shop, "posty", "inquiry_answer", "", 2)]).await;
        let flaky = Sink::failing_until(2);
        let mut now = now_millis();
        for _ in 0..3 {
            assert_eq!(deliver_due_with(&app.state, &flaky, "w", now).await.unwrap(), 1);
            now += 3_600_000;
        }
        let r = row(&app, ids[0]).await;
        assert_eq!((r.status.as_str(), r.attempts, r.last_error.as_str()), ("sent", 3, ""));
        assert_eq!(flaky.count(ids[0]), 1);
    }
}

/// What the test mail server received.
#[derive(Debug, Clone, Default)]
struct Mail {
    from: String,
    to: Vec<String>,
    data: String,
}

/// A tiny SMTP server: answers EHLO/HELO, MAIL, RCPT (550 for addresses
/// starting with `bounce`), DATA, RSET, NOOP and QUIT, and keeps each message.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Arc<Mutex<Vec<Mail>>> = Arc::default();
    let kept = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 test.local ESMTP ready\r\n").await;
                let mut mail = Mail::default();
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 test.local\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        mail = Mail {
                            from: line.trim_end().to_owned(),
                            ..Mail::default()
                        };
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        if upper.contains("<BOUNCE") {
                            b"550 5.1.1 no such user\r\n"
                        } else {
                            mail.to.push(line[8..].trim().to_owned());
                            b"250 OK\r\n"
                        }
                    } else if upper.starts_with("DATA") {
                        let _ = write.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" || line == ".\n" {
                                break;
                            }
                            data.push_str(&line);
                        }
                        mail.data = data;
                        kept.lock().unwrap().push(std::mem::take(&mut mail));
                        b"250 OK queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, inbox)
}

/// The subject header, with its RFC 2047 `=?utf-8?b?…?=` words decoded.
fn subject_of(data: &str) -> String {
    let mut header = String::new();
    let mut inside = false;
    for line in data.lines() {
        if let Some(rest) = line.strip_prefix("Subject:") {
            header.push_str(rest.trim());
            inside = true;
        } else if inside && line.starts_with([' ', '\t']) {
            header.push(' ');
            header.push_str(line.trim());
        } else {
            inside = false;
        }
    }
    let mut out = Vec::new();
    for word in header.split_whitespace() {
        match word
            .strip_prefix("=?utf-8?b?")
            .or_else(|| word.strip_prefix("=?UTF-8?B?"))
            .and_then(|w| w.strip_suffix("?="))
        {
            Some(b64) => out.extend(base64_decode(b64)),
            None => {
                if !out.is_empty() {
                    out.push(b' ');
                }
                out.extend(word.as_bytes());
            }
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

db_test! {
    /// With SMTP configured, a message with the buyer's e-mail address goes
    /// over SMTP (lettre speaking to a server started here) exactly once; one
    /// without an address goes to the channel; a refused recipient is retried.
    async fn with_smtp_configured_mail_goes_over_smtp_once(app) {
        let (port, inbox) = smtp_server().await;
        app.restart_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
        let shop = app.demo_shop_id().await;
        let ids = put(
            &app.state,
            &[
                message(shop, "zigzag", "return_approved", "minji@example.com", 7),
                message(shop, "zigzag", "return_approved", "", 8),
                message(shop, "zigzag", "return_approved", "bounce@example.com", 9),
            ],
        )
        .await;
        let now = now_millis();
        let (a, b) = tokio::join!(deliver_due(&app.state, "w-a", now), deliver_due(&app.state, "w-b", now));
        assert_eq!(a.unwrap() + b.unwrap(), 3);
        assert_eq!(deliver_due(&app.state, "w-a", now + 1).await.unwrap(), 0);

        let mails = inbox.lock().unwrap().clone();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].to, vec!["<minji@example.com>".to_owned()]);
        assert!(mails[0].from.contains("no-reply@partner-center.local"), "{}", mails[0].from);
        assert_eq!(subject_of(&mails[0].data), "[데모상점] 반품 승인 안내 7", "{}", mails[0].data);

        let emailed = row(&app, ids[0]).await;
        assert_eq!((emailed.status.as_str(), emailed.via.as_str()), ("sent", "email"));
        let handed = row(&app, ids[1]).await;
        assert_eq!((handed.status.as_str(), handed.via.as_str()), ("sent", "channel"));
        let bounced = row(&app, ids[2]).await;
        assert_eq!((bounced.status.as_str(), bounced.attempts), ("pending", 1));
        assert!(bounced.last_error.contains("SMTP"), "{}", bounced.last_error);
        assert_eq!(bounced.next_attempt_at, now + retry_delay(1));
    }
}

db_test! {
    /// The feed gives a channel what was handed to it, oldest first, never
    /// another channel's; it holds back behind a message still being
    /// retried so that the cursor skips nothing.
    async fn the_channel_feed_shows_only_its_own_delivered_messages(app) {
        let zigzag = create_client(&app.state.db, ClientKind::Channel, "zigzag", "지그재그").await.unwrap();
        let posty = create_client(&app.state.db, ClientKind::Channel, "posty", "포스티").await.unwrap();
        let shop = app.demo_shop_id().await;
        let first = put(
            &app.state,
            &[
                message(shop, "zigzag", "claim_requested", "", 1),
                message(shop, "posty", "claim_requested", "", 2),
                message(shop, "zigzag", "claim_completed", "", 3),
            ],
        )
        .await;
        let res = feed(&app, &zigzag, "").await;
        assert_ok(&res);
        assert!(feed_ids(&res).is_empty(), "nothing before it is delivered");

        let sink = Sink { fail_kind: Some("fail"), ..Sink::default() };
        let now = now_millis();
        assert_eq!(deliver_due_with(&app.state, &sink, "w", now).await.unwrap(), 3);
        let res = feed(&app, &zigzag, "").await;
        assert_eq!(feed_ids(&res), vec![first[0], first[2]]);
        assert_eq!(res.json()["next_cursor"].as_i64().unwrap(), first[2]);
        assert_eq!(res.json()["messages"][0]["subject"], "[데모상점] 반품 승인 안내 1");
        assert_eq!(feed_ids(&feed(&app, &posty, "").await), vec![first[1]]);
        let cursor = format!("?cursor={}", first[2]);
        assert!(feed_ids(&feed(&app, &zigzag, &cursor).await).is_empty());
        assert_eq!(feed(&app, &zigzag, "?cursor=1&limit=1").await.json()["messages"].as_array().unwrap().len(), 1);

        // One that keeps failing holds back the ones after it.
        let later = put(
            &app.state,
            &[message(shop, "zigzag", "fail", "", 4), message(shop, "zigzag", "claim_completed", "", 5)],
        )
        .await;
        let now = now_millis();
        assert_eq!(deliver_due_with(&app.state, &sink, "w", now).await.unwrap(), 2);
        assert_eq!(row(&app, later[1]).await.status, "sent");
        let held = feed(&app, &zigzag, &cursor).await;
        assert!(feed_ids(&held).is_empty(), "{}", held.body);
        assert_eq!(held.json()["next_cursor"].as_i64().unwrap(), first[2]);
        let fine = Sink::default();
        assert_eq!(deliver_due_with(&app.state, &fine, "w", now + 3_600_000).await.unwrap(), 1);
        assert_eq!(feed_ids(&feed(&app, &zigzag, &cursor).await), later);

        // Keys and cursors.
        assert_eq!(feed(&app, "", "").await.status, 401);
        let bad = feed(&app, &zigzag, "?cursor=abc").await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert_eq!(bad.json()["field"], "cursor");
        assert_eq!(feed(&app, &zigzag, "?limit=0").await.status, 422);
    }
}

db_test! {
    /// The home dashboard's 고객 지원 card counts its own shop's claims to
    /// act on, unanswered inquiries (and those due within a day or late) and
    /// reviews without a reply; another shop sees none of them.
    async fn the_dashboard_counts_support_work_of_its_own_shop(app) {
        use partner_center::home::GetDashboard;
        let zigzag = create_client(&app.state.db, ClientKind::Channel, "zigzag", "지그재그").await.unwrap();
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let shop = app.demo_shop_id().await;
        let (item, _) = ordered_item(&app, &owner, &zigzag).await;
        let (product,): (i64,) = sqlx::query_as("SELECT product_id FROM order_items WHERE id = $1")
            .bind(item)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        let now = now_millis();
        let pool = app.state.db.pool();
        for (n, status) in ["requested", "completed", "rejected"].iter().enumerate() {
            sqlx::query(
                "INSERT INTO claims (shop_id, order_item_id, channel, channel_claim_id, kind, status, reason_code, fault, \
                 quantity, due_at, requested_at, created_at, updated_at) \
                 VALUES ($1, $2, 'zigzag', $3, 'return', $4, 'size_mismatch', 'buyer', 1, $5, $5, $5, $5)",
            )
            .bind(shop)
            .bind(item)
            .bind(format!("ZZ-C-{n}"))
            .bind(*status)
            .bind(now)
            .execute(pool)
            .await
            .unwrap();
        }
        // Due in 3 days, due in 2 hours, 1 hour late, answered.
        for (n, (due, answered)) in
            [(now + 3 * 86_400_000, 0), (now + 7_200_000, 0), (now - 3_600_000, 0), (now - 3_600_000, now)].iter().enumerate()
        {
            sqlx::query(
                "INSERT INTO inquiries (shop_id, channel, channel_inquiry_id, kind, product_id, buyer_name, category, body, \
                 answer, answered_at, due_at, asked_at, created_at, updated_at) \
                 VALUES ($1, 'zigzag', $2, 'product', $3, '김*지', 'size', '사이즈 문의드려요', '', $4, $5, $6, $6, $6)",
            )
            .bind(shop)
            .bind(format!("ZZ-Q-{n}"))
            .bind(product)
            .bind(*answered)
            .bind(*due)
            .bind(now)
            .execute(pool)
            .await
            .unwrap();
        }
        for (n, replied) in [0, 0, now].iter().enumerate() {
            sqlx::query(
                "INSERT INTO reviews (shop_id, channel, channel_review_id, product_id, order_item_id, buyer_name, rating, body, \
                 replied_at, written_at, created_at, updated_at) \
                 VALUES ($1, 'zigzag', $2, $3, $4, '김*지', 5, '핏이 예뻐요', $5, $6, $6, $6)",
            )
            .bind(shop)
            .bind(format!("ZZ-R-{n}"))
            .bind(product)
            .bind(item)
            .bind(*replied)
            .bind(now)
            .execute(pool)
            .await
            .unwrap();
        }

        let res = app.call(GetDashboard::PATH, &[], Some(&owner)).await;
        assert_ok(&res);
        let support = res.json()["support"].clone();
        assert_eq!(support["claims_open"], 1, "{support}");
        assert_eq!(support["inquiries_unanswered"], 3, "{support}");
        assert_eq!(support["inquiries_due"], 2, "{support}");
        assert_eq!(support["reviews_unreplied"], 2, "{support}");

        let other = app.open_shop("another-owner@example.com", "다른상점", 77).await;
        let res = app.call(GetDashboard::PATH, &[], Some(&other.owner)).await;
        assert_ok(&res);
        let support = res.json()["support"].clone();
        assert_eq!(
            (support["claims_open"].as_i64(), support["inquiries_unanswered"].as_i64(), support["inquiries_due"].as_i64(),
             support["reviews_unreplied"].as_i64()),
            (Some(0), Some(0), Some(0), Some(0)),
            "{support}"
        );
    }
}
