//! `partner-center simulate`: the sales channels, the carriers and the buyers
//! played against a running app, so that the order screens fill up, ship and
//! close as they would in a real shop.
//!
//! It speaks only the Channel API and the carrier webhook (the contract in
//! `channel_api/openapi.json`) and imports nothing from the crate: it drives
//! any build of the app over HTTP, exactly as zigzag, 카카오스타일 or a
//! tracking aggregator would, and it compiles on its own.
//!
//! Three loops share one task: orders (with the product feed they are drawn
//! from), deliveries (the order-update feed, the carrier's progress and the
//! buyers' 구매확정) and a summary line. Every choice comes from one seeded
//! generator per loop, so a seed replays the same buyers and baskets.
//!
//! Where things are: `rng` (the seeded generator), `buyers` (names, phones,
//! addresses and the other weighted tables), `orders` (the catalogue a
//! channel sells and the orders drawn from it), `after_sale` (claims,
//! questions and reviews), `api` (the HTTP client), `keys` (the keys file and
//! the base URL), `order_loop` and `delivery_loop` (the two loops); this file
//! holds the options, the pace, the counters and `run`.

mod after_sale;
mod api;
mod buyers;
mod delivery_loop;
mod keys;
mod order_loop;
mod orders;
mod rng;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use after_sale::Purchases;
use api::Api;
use delivery_loop::delivery_loop;
use keys::{base_url, parse_keys};
use order_loop::order_loop;
use rng::Rng;

/// How `partner-center simulate` was asked to run.
#[derive(Debug, Clone)]
pub struct SimulateOptions {
    /// The app, e.g. `http://127.0.0.1:3000`; empty = the keys file's.
    pub base_url: String,
    /// `demo-api-keys.json` as the app writes it with its demo data.
    pub keys_file: PathBuf,
    /// Mean rate across all channels; 0 = only carriers and buyers act.
    pub orders_per_minute: u32,
    /// `None` = until Ctrl-C.
    pub duration_secs: Option<u64>,
    pub seed: u64,
}

/// Plays the channels, carriers and buyers until the duration runs out or
/// Ctrl-C. Errors only for what makes starting pointless (no keys, bad URL);
/// once running, every failure is logged and outlived.
pub async fn run(options: SimulateOptions) -> Result<(), String> {
    run_with(options, &Pace::REAL).await
}

// ---------------------------------------------------------------------------
// Pace

/// Every delay of the simulation, so that tests can play a day in seconds.
#[derive(Debug, Clone)]
struct Pace {
    feed_every: Duration,
    /// Sooner than `feed_every` when a channel has nothing to sell: stock may
    /// have been added since.
    feed_retry: Duration,
    poll_every: Duration,
    summary_every: Duration,
    /// How long to leave an unreachable app alone.
    backoff: Duration,
    /// Milliseconds, inclusive ranges.
    in_transit_after: (u64, u64),
    delivered_after: (u64, u64),
    confirm_after: (u64, u64),
    /// Most buyers never confirm: the app's automatic 구매확정 closes those.
    confirm_percent: u64,
    /// After the sale, per item seen 결제완료: a cancel, a question.
    cancel_percent: u64,
    order_question_percent: u64,
    /// Per item delivered: one of a return, an exchange, a review, a question.
    return_percent: u64,
    exchange_percent: u64,
    review_percent: u64,
    /// Milliseconds, inclusive ranges.
    claim_after: (u64, u64),
    review_after: (u64, u64),
    /// Mean gap between 상품문의 across all channels.
    product_question_every: Duration,
}

impl Pace {
    const REAL: Pace = Pace {
        feed_every: Duration::from_secs(60),
        feed_retry: Duration::from_secs(10),
        poll_every: Duration::from_secs(5),
        summary_every: Duration::from_secs(30),
        backoff: Duration::from_secs(5),
        in_transit_after: (20_000, 60_000),
        delivered_after: (30_000, 120_000),
        confirm_after: (60_000, 180_000),
        confirm_percent: 30,
        cancel_percent: 3,
        order_question_percent: 3,
        return_percent: 4,
        exchange_percent: 3,
        review_percent: 25,
        claim_after: (20_000, 120_000),
        review_after: (60_000, 300_000),
        product_question_every: Duration::from_secs(150),
    };
}

/// Long enough for a feed page of 500 products on a busy SQLite, short
/// enough that a hung app does not stall the simulation.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
const FEED_PAGE: u32 = 500;
const UPDATES_PAGE: u32 = 500;
/// Guards against a cursor that never ends (a server bug would otherwise
/// keep the order loop in the feed forever).
const MAX_PAGES: usize = 1_000;
/// The app refuses channel order ids longer than this.
const MAX_ORDER_ID: usize = 64;

// ---------------------------------------------------------------------------
// Counters

#[derive(Debug, Default)]
struct Stats {
    sent: AtomicU64,
    accepted: AtomicU64,
    replayed: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
    in_transit: AtomicU64,
    deliveries: AtomicU64,
    delivered_items: AtomicU64,
    confirmations: AtomicU64,
    claims: AtomicU64,
    questions: AtomicU64,
    reviews: AtomicU64,
    /// Claims, questions and reviews the app refused (or does not take yet).
    support_refused: AtomicU64,
}

impl Stats {
    fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    fn line(&self) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "orders sent {} (accepted {}, replayed {}, refused {}, failed {}) · in transit {} · delivered {} waybills ({} items) · purchase confirmations {} · claims {} · inquiries {} · reviews {} (refused {})",
            get(&self.sent),
            get(&self.accepted),
            get(&self.replayed),
            get(&self.refused),
            get(&self.failed),
            get(&self.in_transit),
            get(&self.deliveries),
            get(&self.delivered_items),
            get(&self.confirmations),
            get(&self.claims),
            get(&self.questions),
            get(&self.reviews),
            get(&self.support_refused),
        )
    }
}

// ---------------------------------------------------------------------------
// The loops

async fn run_with(options: SimulateOptions, pace: &Pace) -> Result<(), String> {
    let text = std::fs::read_to_string(&options.keys_file).map_err(|e| {
        format!(
            "cannot read the keys file {}: {e}",
            options.keys_file.display()
        )
    })?;
    let keys = parse_keys(&text).map_err(|e| format!("{}: {e}", options.keys_file.display()))?;
    if keys.channels.is_empty() {
        return Err(format!("{}: no channel key", options.keys_file.display()));
    }
    let base = base_url(&options.base_url, keys.base_url.as_deref())?;
    if keys.carrier.is_none() {
        tracing::warn!("simulate: no carrier key; shipped parcels will not be delivered");
    } else if keys.carrier_signing_secret.is_none() {
        tracing::warn!(
            "simulate: the keys file has no carrier_signing_secret (written before the webhook was signed); \
             the carrier's calls will be refused: issue a carrier key anew (partner-center api-key --kind carrier) or reload the demo data"
        );
    }
    let api = Api::new(base.clone()).signing_carrier_calls(keys.carrier_signing_secret.clone());
    let mut seeds = Rng::new(options.seed);
    let order_rng = Rng::new(seeds.next_u64());
    let delivery_rng = Rng::new(seeds.next_u64());
    let channels: Vec<(String, String)> = keys.channels.into_iter().collect();
    tracing::info!(
        %base,
        channels = %channels.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(","),
        orders_per_minute = options.orders_per_minute,
        seed = options.seed,
        "simulate: starting"
    );

    let stats = Stats::default();
    let purchases = std::sync::Mutex::new(Purchases::default());
    let work = async {
        tokio::join!(
            order_loop(
                &api,
                &channels,
                options.orders_per_minute,
                order_rng,
                pace,
                &stats,
                &purchases
            ),
            delivery_loop(
                &api,
                &channels,
                keys.carrier.as_deref(),
                delivery_rng,
                pace,
                &stats,
                &purchases
            ),
            summary_loop(pace, &stats),
        );
    };
    let stop = async {
        let ctrl_c = async {
            // Without signal support (rare), only the duration can stop us.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        match options.duration_secs {
            Some(secs) => tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(secs)) => "the duration ran out",
                _ = ctrl_c => "Ctrl-C",
            },
            None => {
                ctrl_c.await;
                "Ctrl-C"
            }
        }
    };
    tokio::select! {
        _ = work => {}
        why = stop => tracing::info!("simulate: stopping ({why}): {}", stats.line()),
    }
    Ok(())
}

async fn summary_loop(pace: &Pace, stats: &Stats) {
    let mut tick =
        tokio::time::interval_at(Instant::now() + pace.summary_every, pace.summary_every);
    loop {
        tick.tick().await;
        tracing::info!("simulate: {}", stats.line());
    }
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::collections::HashSet;

    #[test]
    fn the_simulation_is_send_so_that_it_can_be_spawned() {
        fn assert_send<T: Send>(_: &T) {}
        let future = run(SimulateOptions {
            base_url: String::new(),
            keys_file: PathBuf::new(),
            orders_per_minute: 1,
            duration_secs: Some(0),
            seed: 0,
        });
        assert_send(&future);
    }

    /// A stand-in for the app: serves the five endpoints from memory over raw
    /// TCP (the crate has no HTTP server of its own to borrow in tests).
    mod fake_app {
        use std::sync::{Arc, Mutex};

        use serde_json::{json, Value};
        use tokio::net::{TcpListener, TcpStream};

        #[derive(Default)]
        pub struct Seen {
            pub orders: Vec<Value>,
            pub carrier_events: Vec<Value>,
            pub confirmations: Vec<(String, Value)>,
            pub unauthorised: Vec<String>,
            pub cursors: Vec<String>,
            /// Claims, inquiries and reviews: the path and the body.
            pub support: Vec<(String, Value)>,
            updates: Vec<Value>,
        }

        pub async fn start() -> (String, Arc<Mutex<Seen>>) {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
            let base = format!("http://{}", listener.local_addr().expect("an address"));
            let seen = Arc::new(Mutex::new(Seen::default()));
            let state = seen.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let state = state.clone();
                    tokio::spawn(async move { serve(stream, state).await });
                }
            });
            (base, seen)
        }

        async fn read(stream: &TcpStream) -> Option<(String, String, String, Value)> {
            let mut data = Vec::new();
            loop {
                stream.readable().await.ok()?;
                let mut buf = [0u8; 8192];
                match stream.try_read(&mut buf) {
                    Ok(0) => return None,
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                    Err(_) => return None,
                }
                let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
                    continue;
                };
                let head = String::from_utf8_lossy(&data[..end]).to_string();
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0usize);
                if data.len() < end + 4 + length {
                    continue;
                }
                let mut first = head.lines().next()?.split(' ');
                let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
                let auth = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .starts_with("authorization:")
                            .then(|| l[14..].trim().to_owned())
                    })
                    .unwrap_or_default();
                let body =
                    serde_json::from_slice(&data[end + 4..end + 4 + length]).unwrap_or(Value::Null);
                return Some((method, target, auth, body));
            }
        }

        async fn serve(stream: TcpStream, seen: Arc<Mutex<Seen>>) {
            let Some((method, target, auth, body)) = read(&stream).await else {
                return;
            };
            let (status, answer) = route(
                &method,
                &target,
                &auth,
                body,
                &mut seen.lock().expect("not poisoned"),
            );
            let text = answer.to_string();
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
            let mut bytes = response.as_bytes();
            while !bytes.is_empty() {
                if stream.writable().await.is_err() {
                    return;
                }
                match stream.try_write(bytes) {
                    Ok(n) => bytes = &bytes[n..],
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                    Err(_) => return,
                }
            }
        }

        fn route(
            method: &str,
            target: &str,
            auth: &str,
            body: Value,
            seen: &mut Seen,
        ) -> (u16, Value) {
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            let carrier = path.starts_with("/api/carrier/");
            if auth
                != if carrier {
                    "Bearer carrier.key"
                } else {
                    "Bearer zigzag.key"
                }
            {
                seen.unauthorised.push(target.to_owned());
                return (
                    401,
                    json!({"code": "unauthorized", "message": "인증 실패", "field": null}),
                );
            }
            let param = |name: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
                    .map(str::to_owned)
            };
            match (method, path) {
                ("GET", "/api/channel/v1/products") => match param("cursor") {
                    None => (
                        200,
                        json!({"products": [
                        {"product_id": 1, "shop_id": 1, "sale_price": 39000, "status": "on_sale", "shipping_fee": 3000, "free_shipping_over": 50000,
                         "variants": [{"variant_id": 10, "extra_price": 0, "stock": 1000}, {"variant_id": 11, "extra_price": 0, "stock": 0}]}
                    ], "next_cursor": "page 2"}),
                    ),
                    Some(cursor) => {
                        seen.cursors.push(cursor);
                        (
                            200,
                            json!({"products": [
                            {"product_id": 2, "shop_id": 2, "sale_price": 59000, "status": "on_sale", "shipping_fee": 2500, "free_shipping_over": 0,
                             "variants": [{"variant_id": 20, "extra_price": 1000, "stock": 1000}]}
                        ], "next_cursor": null}),
                        )
                    }
                },
                ("POST", "/api/channel/v1/orders") => {
                    let n = seen.orders.len();
                    let id = body["channel_order_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    let items: Vec<Value> = body["items"].as_array().cloned().unwrap_or_default();
                    for item in &items {
                        let event_id = seen.updates.len() + 1;
                        seen.updates.push(json!({"event_id": event_id, "order_no": n.to_string(), "channel_order_id": id,
                            "channel_item_id": item["channel_item_id"], "item_id": 0, "action": "ship", "status": "shipped",
                            "courier": "cj", "tracking_number": format!("6{n:011}"), "at": 0}));
                    }
                    seen.orders.push(body);
                    let answer: Vec<Value> = items
                        .iter()
                        .map(|i| {
                            json!({"channel_item_id": i["channel_item_id"], "item_id": 0,
                        "shop_id": 1, "status": "paid", "ship_by": "2026-12-01"})
                        })
                        .collect();
                    (
                        201,
                        json!({"order_no": n.to_string(), "channel_order_id": id, "items": answer}),
                    )
                }
                ("GET", "/api/channel/v1/order-updates") => {
                    let after: i64 = param("after").and_then(|a| a.parse().ok()).unwrap_or(0);
                    let updates: Vec<Value> = seen
                        .updates
                        .iter()
                        .filter(|u| u["event_id"].as_i64() > Some(after))
                        .cloned()
                        .collect();
                    let next = updates
                        .last()
                        .map_or(after, |u| u["event_id"].as_i64().unwrap_or(after));
                    (200, json!({"updates": updates, "next_after": next}))
                }
                ("POST", "/api/carrier/v1/events") => {
                    let mut delivered = Vec::new();
                    if body["status"] == "delivered" {
                        let shipped: Vec<Value> = seen
                            .updates
                            .iter()
                            .filter(|u| {
                                u["status"] == "shipped"
                                    && u["tracking_number"] == body["tracking_number"]
                            })
                            .cloned()
                            .collect();
                        for mut u in shipped {
                            u["event_id"] = json!(seen.updates.len() + 1);
                            u["status"] = json!("delivered");
                            u["action"] = json!("deliver");
                            delivered.push(0);
                            seen.updates.push(u);
                        }
                    }
                    seen.carrier_events.push(body);
                    (200, json!({"recorded": true, "delivered_items": delivered}))
                }
                (
                    "POST",
                    p @ ("/api/channel/v1/claims"
                    | "/api/channel/v1/inquiries"
                    | "/api/channel/v1/reviews"),
                ) => {
                    seen.support.push((p.to_owned(), body));
                    // Every third claim is refused, as the app does for items
                    // it cannot take a claim on: the buyer carries on.
                    let claims = seen
                        .support
                        .iter()
                        .filter(|(p, _)| p.ends_with("/claims"))
                        .count();
                    if p.ends_with("/claims") && claims % 3 == 0 {
                        return (
                            409,
                            json!({"code": "claim_not_allowed", "message": "불가", "field": null}),
                        );
                    }
                    (201, json!({"id": seen.support.len()}))
                }
                ("POST", p) if p.ends_with("/purchase-confirmation") => {
                    let ids = body["channel_item_ids"].clone();
                    seen.confirmations.push((p.to_owned(), body));
                    let items: Vec<Value> = ids.as_array().cloned().unwrap_or_default().into_iter()
                        .map(|id| json!({"channel_item_id": id, "item_id": 0, "status": "purchase_confirmed"})).collect();
                    (200, json!({"order_no": "0", "items": items}))
                }
                _ => (
                    404,
                    json!({"code": "not_found", "message": "없음", "field": null}),
                ),
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_simulated_minute_orders_ships_delivers_and_confirms_through_the_api() {
        let (base, seen) = fake_app::start().await;
        let dir = std::env::temp_dir().join(format!("pc-simulate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let keys_file = dir.join("demo-api-keys.json");
        std::fs::write(
            &keys_file,
            json!({"base_url": "http://127.0.0.1:1", "channels": {"zigzag": "zigzag.key"}, "carrier": "carrier.key"}).to_string(),
        )
        .expect("the keys file");
        let fast = Pace {
            feed_every: Duration::from_secs(60),
            feed_retry: Duration::from_millis(200),
            poll_every: Duration::from_millis(100),
            summary_every: Duration::from_secs(1),
            backoff: Duration::from_millis(200),
            in_transit_after: (50, 100),
            delivered_after: (50, 100),
            confirm_after: (50, 100),
            confirm_percent: 100,
            cancel_percent: 0,
            order_question_percent: 0,
            return_percent: 20,
            exchange_percent: 10,
            review_percent: 50,
            claim_after: (50, 100),
            review_after: (50, 100),
            product_question_every: Duration::from_millis(100),
        };
        let options = SimulateOptions {
            base_url: base,
            keys_file,
            orders_per_minute: 1_200,
            duration_secs: Some(3),
            seed: 7,
        };
        run_with(options, &fast).await.expect("a clean run");
        let _ = std::fs::remove_dir_all(&dir);

        let seen = seen.lock().expect("not poisoned");
        assert!(seen.unauthorised.is_empty(), "{:?}", seen.unauthorised);
        assert_eq!(seen.cursors.first().map(String::as_str), Some("page%202"));
        assert!(seen.orders.len() >= 10, "{} orders", seen.orders.len());
        for order in &seen.orders {
            assert!(order["channel_order_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("ZZ-")));
            for item in order["items"].as_array().expect("items") {
                assert!(
                    [10, 20].contains(&item["variant_id"].as_i64().unwrap_or(0)),
                    "{item}"
                );
            }
        }
        let status = |s: &str| {
            seen.carrier_events
                .iter()
                .filter(|e| e["status"] == s)
                .count()
        };
        assert!(
            status("in_transit") >= 5 && status("delivered") >= 5,
            "{:?}",
            seen.carrier_events
        );
        assert!(seen.carrier_events.iter().all(
            |e| e["courier"] == "cj" && e["at"].as_str().is_some_and(|a| a.ends_with("+09:00"))
        ));
        assert!(!seen.confirmations.is_empty());
        assert!(seen
            .confirmations
            .iter()
            .all(|(path, _)| path.starts_with("/api/channel/v1/orders/ZZ-")));

        // After the sale: returns (no product has a second option in stock to
        // exchange for), reviews and questions, all in the contract's shape.
        let sent = |path: &str| -> Vec<&Value> {
            seen.support
                .iter()
                .filter(|(p, _)| p == path)
                .map(|(_, b)| b)
                .collect()
        };
        let claims = sent("/api/channel/v1/claims");
        assert!(!claims.is_empty(), "no claim among {:?}", seen.support);
        for claim in &claims {
            assert_eq!(claim["kind"], "return", "{claim}");
            assert!(claim["channel_claim_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("ZZ-") && id.contains("-CR")));
            assert!(
                [
                    "change_of_mind",
                    "size_mismatch",
                    "color_mismatch",
                    "defective",
                    "wrong_item",
                    "late_delivery"
                ]
                .contains(&claim["reason"].as_str().unwrap_or_default()),
                "{claim}"
            );
            assert!(claim.get("exchange_variant_id").is_none());
        }
        let reviews = sent("/api/channel/v1/reviews");
        assert!(!reviews.is_empty());
        for review in &reviews {
            assert!(
                (1..=5).contains(&review["rating"].as_i64().unwrap_or(0)),
                "{review}"
            );
            assert!(!review["body"].as_str().unwrap_or_default().is_empty());
            assert!(
                review["buyer_name"]
                    .as_str()
                    .is_some_and(|n| n.contains('*')),
                "{review}"
            );
        }
        let questions = sent("/api/channel/v1/inquiries");
        assert!(questions
            .iter()
            .any(|q| q["kind"] == "product"
                && [1, 2].contains(&q["product_id"].as_i64().unwrap_or(0))));
        let ids: HashSet<&str> = questions
            .iter()
            .filter_map(|q| q["channel_inquiry_id"].as_str())
            .collect();
        assert_eq!(ids.len(), questions.len(), "every question has its own id");
        // One claim, one review per item at most.
        let claim_ids: HashSet<&str> = claims
            .iter()
            .filter_map(|c| c["channel_claim_id"].as_str())
            .collect();
        assert_eq!(claim_ids.len(), claims.len());
    }
}
