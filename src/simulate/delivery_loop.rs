//! The delivery loop: the order-update feed, the carrier's progress
//! (in transit, delivered) and the buyers' later acts (구매확정, claims,
//! questions, reviews), planned on an agenda and performed when due.

use std::cmp::Ordering as CmpOrdering;
use std::collections::{BinaryHeap, HashSet};
use std::time::Duration;

use hyper::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::Instant;

use super::after_sale::{
    claim_body, order_question, product_question, review_body, Act, Bought, Purchases,
};
use super::api::{escape, Api, Failure, Health};
use super::buyers::{person, HUBS};
use super::orders::{channel_prefix, korean_now, rfc3339_kst, OrderIds};
use super::rng::{splitmix, Rng};
use super::{Pace, Stats, MAX_PAGES, UPDATES_PAGE};

#[derive(Debug, Clone, Deserialize)]
struct UpdatesPage {
    #[serde(default)]
    updates: Vec<Update>,
    #[serde(default)]
    next_after: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Update {
    event_id: i64,
    #[serde(default)]
    channel_order_id: String,
    #[serde(default)]
    channel_item_id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    courier: Option<String>,
    #[serde(default)]
    tracking_number: Option<String>,
}

/// Only the last state of each item in a batch matters: catching up on a
/// long history must not deliver parcels that were delivered long ago.
fn latest_per_item(updates: Vec<Update>) -> Vec<Update> {
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut latest: Vec<Update> = updates
        .into_iter()
        .rev()
        .filter(|u| seen.insert((u.channel_order_id.clone(), u.channel_item_id.clone())))
        .collect();
    latest.reverse();
    latest
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Task {
    InTransit {
        courier: String,
        tracking: String,
    },
    Delivered {
        courier: String,
        tracking: String,
    },
    Confirm {
        channel: usize,
        channel_order_id: String,
        channel_item_id: String,
    },
    /// A buyer's claim, question or review, sent as planned.
    Post {
        channel: usize,
        act: Act,
        path: &'static str,
        body: Value,
    },
}

const CLAIMS: &str = "/api/channel/v1/claims";
const INQUIRIES: &str = "/api/channel/v1/inquiries";
const REVIEWS: &str = "/api/channel/v1/reviews";

/// What a buyer does after seeing an item 결제완료: now and then cancel or ask
/// about the delivery.
fn after_payment(
    rng: &mut Rng,
    pace: &Pace,
    channel: usize,
    update: &Update,
    bought: Option<&Bought>,
) -> Option<(u64, Task)> {
    let (order, item) = (&update.channel_order_id, &update.channel_item_id);
    if rng.percent(pace.cancel_percent) {
        let body = claim_body(rng, "cancel", order, item, None);
        return Some((
            rng.between(pace.claim_after.0, pace.claim_after.1),
            Task::Post {
                channel,
                act: Act::Claim,
                path: CLAIMS,
                body,
            },
        ));
    }
    if rng.percent(pace.order_question_percent) {
        let name = bought.map_or_else(|| person(rng).name, |b| b.buyer_name.clone());
        let body = order_question(rng, order, item, false, &name);
        return Some((
            rng.between(pace.claim_after.0, pace.claim_after.1),
            Task::Post {
                channel,
                act: Act::Question,
                path: INQUIRIES,
                body,
            },
        ));
    }
    None
}

/// What a buyer does with a delivered item: keep it and maybe review it,
/// send it back, exchange it for another option, or ask.
fn after_delivery(
    rng: &mut Rng,
    pace: &Pace,
    channel: usize,
    update: &Update,
    bought: Option<&Bought>,
) -> Option<(u64, Task)> {
    let (order, item) = (&update.channel_order_id, &update.channel_item_id);
    let name = bought.map_or_else(|| person(rng).name, |b| b.buyer_name.clone());
    let roll = rng.below(100);
    let claim_at = rng.between(pace.claim_after.0, pace.claim_after.1);
    let (ret, exch, review) = (
        pace.return_percent,
        pace.exchange_percent,
        pace.review_percent,
    );
    if roll < ret + exch {
        let other = bought.filter(|_| roll >= ret).and_then(|b| {
            (!b.others.is_empty()).then(|| b.others[rng.below(b.others.len() as u64) as usize])
        });
        let kind = if other.is_some() {
            "exchange"
        } else {
            "return"
        };
        let body = claim_body(rng, kind, order, item, other);
        return Some((
            claim_at,
            Task::Post {
                channel,
                act: Act::Claim,
                path: CLAIMS,
                body,
            },
        ));
    }
    if roll < ret + exch + review {
        let body = review_body(rng, order, item, &name);
        return Some((
            rng.between(pace.review_after.0, pace.review_after.1),
            Task::Post {
                channel,
                act: Act::Review,
                path: REVIEWS,
                body,
            },
        ));
    }
    if roll < ret + exch + review + 2 {
        let body = order_question(rng, order, item, true, &name);
        return Some((
            claim_at,
            Task::Post {
                channel,
                act: Act::Question,
                path: INQUIRIES,
                body,
            },
        ));
    }
    None
}

/// Something to do at a moment; earliest first, then in the order planned.
#[derive(Debug)]
struct Due {
    at: Instant,
    seq: u64,
    task: Task,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Due {}
impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<CmpOrdering> {
        Some(self.cmp(other))
    }
}
impl Ord for Due {
    fn cmp(&self, other: &Self) -> CmpOrdering {
        // Reversed: BinaryHeap pops the greatest.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

#[derive(Default)]
struct Agenda {
    heap: BinaryHeap<Due>,
    seq: u64,
}

impl Agenda {
    fn plan(&mut self, at: Instant, task: Task) {
        self.seq += 1;
        self.heap.push(Due {
            at,
            seq: self.seq,
            task,
        });
    }

    fn next_at(&self) -> Option<Instant> {
        self.heap.peek().map(|d| d.at)
    }

    fn pop_due(&mut self, now: Instant) -> Option<Task> {
        if self.next_at()? <= now {
            self.heap.pop().map(|d| d.task)
        } else {
            None
        }
    }
}

fn after_ms(rng: &mut Rng, (low, high): (u64, u64)) -> Instant {
    Instant::now() + Duration::from_millis(rng.between(low, high))
}

pub(super) async fn delivery_loop(
    api: &Api,
    channels: &[(String, String)],
    carrier: Option<&str>,
    mut rng: Rng,
    pace: &Pace,
    stats: &Stats,
    purchases: &std::sync::Mutex<Purchases>,
) {
    let ids = OrderIds::for_this_run();
    let mut questions: u64 = 0;
    let mut next_question = Instant::now() + rng.gap(pace.product_question_every);
    let mut after = vec![0i64; channels.len()];
    let mut agenda = Agenda::default();
    // A waybill often carries several items; the courier reports it once.
    let mut waybills: HashSet<(String, String)> = HashSet::new();
    let mut health = Health::new("order updates");
    let mut next_poll = Instant::now();
    loop {
        let wake = agenda
            .next_at()
            .map_or(next_poll, |at| at.min(next_poll))
            .min(next_question);
        tokio::time::sleep_until(wake).await;

        // 상품문의 come independently of any order.
        if Instant::now() >= next_question {
            next_question = Instant::now() + rng.gap(pace.product_question_every);
            let known: Vec<(usize, Vec<i64>)> = purchases
                .lock()
                .map(|p| {
                    p.products
                        .iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(c, v)| (*c, v.clone()))
                        .collect()
                })
                .unwrap_or_default();
            if !known.is_empty() {
                let (c, products) = &known[rng.below(known.len() as u64) as usize];
                let product = *rng.pick(products);
                questions += 1;
                let prefix = format!("{}Q", channel_prefix(&channels[*c].0));
                let id = ids.id(
                    &prefix,
                    &korean_now().format("%Y%m%d").to_string(),
                    questions,
                );
                let body = product_question(&mut rng, &id, product);
                agenda.plan(
                    Instant::now(),
                    Task::Post {
                        channel: *c,
                        act: Act::Question,
                        path: INQUIRIES,
                        body,
                    },
                );
            }
        }

        if Instant::now() >= next_poll {
            let mut reachable = true;
            'channels: for (c, (code, key)) in channels.iter().enumerate() {
                // Drain: after a pause there may be more than a page.
                for _ in 0..MAX_PAGES {
                    let path = format!(
                        "/api/channel/v1/order-updates?after={}&limit={UPDATES_PAGE}",
                        after[c]
                    );
                    let page = match api.call(Method::GET, &path, key, None).await {
                        Ok((_, value)) => match serde_json::from_value::<UpdatesPage>(value) {
                            Ok(page) => page,
                            Err(e) => {
                                tracing::warn!(channel = %code, error = %e, "simulate: order updates not understood");
                                break;
                            }
                        },
                        Err(Failure::Down(why)) => {
                            health.failed(&why, &api.base, pace.backoff);
                            reachable = false;
                            break 'channels;
                        }
                        Err(e) => {
                            tracing::warn!(channel = %code, error = %e, "simulate: order updates refused");
                            break;
                        }
                    };
                    health.answered();
                    let full = page.updates.len() >= UPDATES_PAGE as usize;
                    let last = page
                        .updates
                        .iter()
                        .map(|u| u.event_id)
                        .max()
                        .unwrap_or(after[c]);
                    let next = page.next_after.unwrap_or(last).max(last);
                    let moved = next > after[c];
                    after[c] = after[c].max(next);
                    for update in latest_per_item(page.updates) {
                        let bought = purchases.lock().ok().and_then(|p| {
                            p.bought(c, &update.channel_order_id, &update.channel_item_id)
                        });
                        match update.status.as_str() {
                            "paid" => {
                                if let Some((ms, task)) =
                                    after_payment(&mut rng, pace, c, &update, bought.as_ref())
                                {
                                    agenda.plan(Instant::now() + Duration::from_millis(ms), task);
                                }
                            }
                            "shipped" => {
                                let courier = update.courier.unwrap_or_default();
                                let tracking = update.tracking_number.unwrap_or_default();
                                if carrier.is_some()
                                    && !courier.is_empty()
                                    && !tracking.is_empty()
                                    && waybills.insert((courier.clone(), tracking.clone()))
                                {
                                    agenda.plan(
                                        after_ms(&mut rng, pace.in_transit_after),
                                        Task::InTransit { courier, tracking },
                                    );
                                }
                            }
                            // An item becomes delivered once, so one roll each.
                            "delivered" => {
                                let after =
                                    after_delivery(&mut rng, pace, c, &update, bought.as_ref());
                                // A buyer sending it back does not confirm the purchase.
                                let claimed = matches!(
                                    after,
                                    Some((
                                        _,
                                        Task::Post {
                                            act: Act::Claim,
                                            ..
                                        }
                                    ))
                                );
                                if let Some((ms, task)) = after {
                                    agenda.plan(Instant::now() + Duration::from_millis(ms), task);
                                }
                                if !claimed && rng.percent(pace.confirm_percent) {
                                    agenda.plan(
                                        after_ms(&mut rng, pace.confirm_after),
                                        Task::Confirm {
                                            channel: c,
                                            channel_order_id: update.channel_order_id,
                                            channel_item_id: update.channel_item_id,
                                        },
                                    );
                                }
                            }
                            _ => {}
                        }
                    }
                    if !full || !moved {
                        break;
                    }
                }
            }
            next_poll = Instant::now()
                + if reachable {
                    pace.poll_every
                } else {
                    pace.backoff
                };
        }

        while let Some(task) = agenda.pop_due(Instant::now()) {
            match perform(api, channels, carrier, &task, stats).await {
                Ok(()) => {
                    health.answered();
                    match task {
                        Task::InTransit { courier, tracking } => {
                            agenda.plan(
                                after_ms(&mut rng, pace.delivered_after),
                                Task::Delivered { courier, tracking },
                            );
                        }
                        Task::Delivered { courier, tracking } => {
                            // A later item on the same waybill must be delivered again.
                            waybills.remove(&(courier, tracking));
                        }
                        Task::Confirm { .. } | Task::Post { .. } => {}
                    }
                }
                Err(Failure::Down(why)) => {
                    health.failed(&why, &api.base, pace.backoff);
                    agenda.plan(Instant::now() + pace.backoff, task);
                    break;
                }
                Err(e) => {
                    health.answered();
                    if let Task::Post { path, body, .. } = &task {
                        // Claims on items the seller already shipped, a
                        // second claim, an endpoint not there yet: the
                        // buyer gives up and the simulation carries on.
                        Stats::add(&stats.support_refused, 1);
                        let expected = matches!(
                            &e,
                            Failure::Http {
                                status: 404 | 409,
                                ..
                            }
                        );
                        if expected {
                            tracing::debug!(%path, error = %e, "simulate: buyer refused");
                        } else {
                            tracing::warn!(%path, %body, error = %e, "simulate: buyer refused");
                        }
                        continue;
                    }
                    tracing::warn!(task = ?task, error = %e, "simulate: refused");
                    if let Task::InTransit { courier, tracking }
                    | Task::Delivered { courier, tracking } = task
                    {
                        waybills.remove(&(courier, tracking));
                    }
                }
            }
        }
    }
}

/// One act of a carrier or a buyer.
async fn perform(
    api: &Api,
    channels: &[(String, String)],
    carrier: Option<&str>,
    task: &Task,
    stats: &Stats,
) -> Result<(), Failure> {
    match task {
        Task::InTransit { courier, tracking } | Task::Delivered { courier, tracking } => {
            let Some(key) = carrier else { return Ok(()) };
            let in_transit = matches!(task, Task::InTransit { .. });
            let mut body = json!({
                "courier": courier,
                "tracking_number": tracking,
                "status": if in_transit { "in_transit" } else { "delivered" },
                "at": rfc3339_kst(korean_now()),
            });
            if in_transit {
                let hub = HUBS[(splitmix(
                    tracking
                        .bytes()
                        .fold(0, |h, b| h.wrapping_mul(31) ^ u64::from(b)),
                ) % HUBS.len() as u64) as usize];
                body["location"] = Value::from(hub);
            }
            let (_, answer) = api
                .call(Method::POST, "/api/carrier/v1/events", key, Some(&body))
                .await?;
            if in_transit {
                Stats::add(&stats.in_transit, 1);
            } else {
                let items = answer["delivered_items"].as_array().map_or(0, Vec::len) as u64;
                Stats::add(&stats.deliveries, 1);
                Stats::add(&stats.delivered_items, items);
            }
            Ok(())
        }
        Task::Confirm {
            channel,
            channel_order_id,
            channel_item_id,
        } => {
            let Some((_, key)) = channels.get(*channel) else {
                return Ok(());
            };
            let path = format!(
                "/api/channel/v1/orders/{}/purchase-confirmation",
                escape(channel_order_id)
            );
            let body = json!({ "channel_item_ids": [channel_item_id] });
            let (_, answer) = api.call(Method::POST, &path, key, Some(&body)).await?;
            let confirmed = answer["items"].as_array().map_or(0, |items| {
                items
                    .iter()
                    .filter(|i| i["status"] == "purchase_confirmed")
                    .count()
            }) as u64;
            Stats::add(&stats.confirmations, confirmed);
            Ok(())
        }
        Task::Post {
            channel,
            act,
            path,
            body,
        } => {
            let Some((_, key)) = channels.get(*channel) else {
                return Ok(());
            };
            api.call(Method::POST, path, key, Some(body)).await?;
            let counter = match act {
                Act::Claim => &stats.claims,
                Act::Question => &stats.questions,
                Act::Review => &stats.reviews,
            };
            Stats::add(counter, 1);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::after_sale::CANCEL_REASONS;

    #[test]
    fn only_the_latest_update_of_an_item_is_acted_upon() {
        let update = |event_id, item: &str, status: &str| Update {
            event_id,
            channel_order_id: "ZZ-1".into(),
            channel_item_id: item.into(),
            status: status.into(),
            courier: Some("cj".into()),
            tracking_number: Some("1".into()),
        };
        let latest = latest_per_item(vec![
            update(1, "1", "shipped"),
            update(2, "2", "shipped"),
            update(3, "1", "delivered"),
        ]);
        assert_eq!(
            latest,
            [update(2, "2", "shipped"), update(3, "1", "delivered")]
        );
    }

    #[test]
    fn an_exchange_asks_for_another_option_of_the_same_product() {
        let mut rng = Rng::new(5);
        let update = Update {
            event_id: 1,
            channel_order_id: "ZZ-20261126-000001-abcd".into(),
            channel_item_id: "2".into(),
            status: "delivered".into(),
            courier: None,
            tracking_number: None,
        };
        let bought = Bought {
            others: vec![11, 12],
            buyer_name: "박서연".into(),
        };
        let pace = Pace {
            return_percent: 0,
            exchange_percent: 100,
            ..Pace::REAL
        };
        for _ in 0..50 {
            let (_, task) =
                after_delivery(&mut rng, &pace, 0, &update, Some(&bought)).expect("an exchange");
            let Task::Post {
                act: Act::Claim,
                body,
                ..
            } = task
            else {
                panic!("{task:?}")
            };
            assert_eq!(body["kind"], "exchange");
            assert!(
                [11, 12].contains(&body["exchange_variant_id"].as_i64().unwrap()),
                "{body}"
            );
            assert_eq!(body["channel_claim_id"], "ZZ-20261126-000001-abcd-CE2");
            assert_eq!(body["channel_item_id"], "2");
        }
        // Nothing else in stock: the buyer returns it instead.
        let only = Bought {
            others: vec![],
            ..bought
        };
        let (_, task) = after_delivery(&mut rng, &pace, 0, &update, Some(&only)).expect("a return");
        let Task::Post { body, .. } = task else {
            panic!()
        };
        assert_eq!(body["kind"], "return");
        assert!(body.get("exchange_variant_id").is_none());
    }

    #[test]
    fn a_cancel_comes_only_before_shipping_and_uses_cancel_reasons() {
        let mut rng = Rng::new(9);
        let update = Update {
            event_id: 1,
            channel_order_id: "PS-1".into(),
            channel_item_id: "1".into(),
            status: "paid".into(),
            courier: None,
            tracking_number: None,
        };
        let pace = Pace {
            cancel_percent: 100,
            ..Pace::REAL
        };
        let (_, task) = after_payment(&mut rng, &pace, 0, &update, None).expect("a cancel");
        let Task::Post { path, body, .. } = task else {
            panic!()
        };
        assert_eq!(path, CLAIMS);
        assert_eq!(body["kind"], "cancel");
        assert!(CANCEL_REASONS
            .iter()
            .any(|((r, _), _)| body["reason"] == *r));
        let question = product_question(&mut rng, "ZZQ-1", 42);
        assert_eq!(
            (question["kind"].as_str(), question["product_id"].as_i64()),
            (Some("product"), Some(42))
        );
        assert!(!question["body"].as_str().unwrap().is_empty());
    }
}
