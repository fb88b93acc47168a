//! The order loop: each channel reads its product feed and sends orders at
//! the asked rate, retrying unanswered ones and learning from refusals.

use std::time::Duration;

use hyper::Method;
use serde_json::Value;
use tokio::time::Instant;

use super::after_sale::{Bought, Purchases};
use super::api::{escape, Api, Failure, Health};
use super::orders::{
    channel_prefix, channel_weight, drop_product_of, drop_variant, korean_now, rfc3339_kst,
    pick_coupon, simulated_order, take_stock, variant_count, variant_of_field, CouponPage, FeedCoupon, FeedPage, Line,
    OrderIds, Product,
};
use super::rng::Rng;
use super::{Pace, Stats, FEED_PAGE, MAX_PAGES};

/// A channel as the order loop sees it.
struct Shopfront<'a> {
    code: &'a str,
    key: &'a str,
    prefix: String,
    catalogue: Vec<Product>,
    /// Coupons running now, read with the catalogue.
    coupons: Vec<FeedCoupon>,
    feed_due: Instant,
    counter: u64,
}

/// An order that got no answer: the API is idempotent, so it is sent again
/// as it was, the way a channel retries.
struct Pending {
    channel: usize,
    body: Value,
    lines: Vec<Line>,
    tries: u32,
}

async fn fetch_feed(api: &Api, key: &str) -> Result<Vec<Product>, Failure> {
    let mut products = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let path = match &cursor {
            None => format!("/api/channel/v1/products?limit={FEED_PAGE}"),
            Some(c) => format!(
                "/api/channel/v1/products?limit={FEED_PAGE}&cursor={}",
                escape(c)
            ),
        };
        let (_, value) = api.call(Method::GET, &path, key, None).await?;
        let page: FeedPage = serde_json::from_value(value)
            .map_err(|e| Failure::Garbled(format!("product feed: {e}")))?;
        products.extend(page.products.into_iter().filter_map(Product::from_feed));
        match page.next_cursor {
            Some(next) if !next.is_empty() && cursor.as_deref() != Some(next.as_str()) => {
                cursor = Some(next)
            }
            _ => break,
        }
    }
    Ok(products)
}

/// The coupons the channel may apply now (one page: shops run a handful).
async fn fetch_coupons(api: &Api, key: &str) -> Result<Vec<FeedCoupon>, Failure> {
    let (_, value) = api.call(Method::GET, "/api/channel/v1/coupons?limit=500", key, None).await?;
    let page: CouponPage =
        serde_json::from_value(value).map_err(|e| Failure::Garbled(format!("coupon feed: {e}")))?;
    Ok(page.coupons)
}

pub(super) async fn order_loop(
    api: &Api,
    channels: &[(String, String)],
    per_minute: u32,
    mut rng: Rng,
    pace: &Pace,
    stats: &Stats,
    purchases: &std::sync::Mutex<Purchases>,
) {
    if per_minute == 0 {
        return std::future::pending().await;
    }
    let mean_gap = Duration::from_secs_f64(60.0 / f64::from(per_minute));
    let ids = OrderIds::for_this_run();
    let mut health = Health::new("orders");
    let now = Instant::now();
    let mut shops: Vec<Shopfront> = channels
        .iter()
        .map(|(code, key)| Shopfront {
            code,
            key,
            prefix: channel_prefix(code),
            catalogue: Vec::new(),
            coupons: Vec::new(),
            feed_due: now,
            counter: 0,
        })
        .collect();
    let mut next_order = now;
    let mut pending: Option<Pending> = None;
    let mut told_empty = false;
    loop {
        for (c, shop) in shops
            .iter_mut()
            .enumerate()
            .filter(|(_, s)| s.feed_due <= Instant::now())
        {
            match fetch_feed(api, shop.key).await {
                Ok(catalogue) => {
                    health.answered();
                    if let Ok(mut p) = purchases.lock() {
                        p.products
                            .insert(c, catalogue.iter().map(|p| p.product_id).collect());
                    }
                    let first = shop.catalogue.is_empty() && !catalogue.is_empty();
                    shop.catalogue = catalogue;
                    match fetch_coupons(api, shop.key).await {
                        Ok(coupons) => shop.coupons = coupons,
                        Err(e) => tracing::debug!(channel = shop.code, error = %e, "simulate: coupon feed not read"),
                    }
                    shop.feed_due = Instant::now()
                        + if shop.catalogue.is_empty() {
                            pace.feed_retry
                        } else {
                            pace.feed_every
                        };
                    let (products, variants) =
                        (shop.catalogue.len(), variant_count(&shop.catalogue));
                    if first {
                        tracing::info!(
                            channel = shop.code,
                            products,
                            variants,
                            "simulate: product feed read"
                        );
                    } else {
                        tracing::debug!(
                            channel = shop.code,
                            products,
                            variants,
                            "simulate: product feed read"
                        );
                    }
                }
                Err(Failure::Down(why)) => {
                    health.failed(&why, &api.base, pace.backoff);
                    shop.feed_due = Instant::now() + pace.backoff;
                }
                Err(e) => {
                    tracing::warn!(channel = shop.code, error = %e, "simulate: product feed refused");
                    shop.feed_due = Instant::now() + pace.feed_retry;
                }
            }
        }

        let feed_due = shops
            .iter()
            .map(|s| s.feed_due)
            .min()
            .unwrap_or(next_order + pace.feed_every);
        tokio::time::sleep_until(next_order.min(feed_due)).await;
        let now = Instant::now();
        if now < next_order {
            continue;
        }
        // After a stall (backoff, a slow feed) carry on at the rate rather
        // than firing every missed order at once.
        let catch_up_from = now
            .checked_sub(mean_gap.min(Duration::from_secs(5)))
            .unwrap_or(now);
        next_order = next_order.max(catch_up_from) + rng.gap(mean_gap);

        let order = match pending.take() {
            Some(order) => order,
            None => {
                // Sold out here by refusals: stock may come back before the
                // next regular read.
                for shop in shops.iter_mut().filter(|s| s.catalogue.is_empty()) {
                    shop.feed_due = shop.feed_due.min(now + pace.feed_retry);
                }
                let open: Vec<(usize, u32)> = shops
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.catalogue.is_empty())
                    .map(|(i, s)| (i, channel_weight(s.code)))
                    .collect();
                if open.is_empty() {
                    if !told_empty && !health.down {
                        tracing::warn!("simulate: no channel has anything in stock to sell; waiting for the feed");
                        told_empty = true;
                    }
                    continue;
                }
                told_empty = false;
                let channel = *rng.weighted(&open);
                let shop = &mut shops[channel];
                shop.counter += 1;
                let now_kst = korean_now();
                let id = ids.id(
                    &shop.prefix,
                    &now_kst.format("%Y%m%d").to_string(),
                    shop.counter,
                );
                match simulated_order(&mut rng, &shop.catalogue, &id, &rfc3339_kst(now_kst)) {
                    Some((mut body, lines)) => {
                        if let Some(code) = pick_coupon(&mut rng, &shop.coupons, &shop.catalogue, &lines) {
                            body["coupon_code"] = Value::from(code);
                        }
                        Stats::add(&stats.sent, 1);
                        Pending {
                            channel,
                            body,
                            lines,
                            tries: 0,
                        }
                    }
                    None => continue,
                }
            }
        };
        match place(
            api,
            &mut shops,
            &ids,
            order,
            pace,
            stats,
            &mut health,
            purchases,
        )
        .await
        {
            Next::Done => {}
            Next::Again(order) => {
                pending = Some(order);
                next_order = Instant::now();
            }
            Next::AfterPause(order) => {
                pending = Some(order);
                tokio::time::sleep(pace.backoff).await;
                next_order = Instant::now();
            }
        }
    }
}

/// What to do with an order after sending it.
enum Next {
    Done,
    /// Under a new id, right away.
    Again(Pending),
    /// As it was, once the app answers again.
    AfterPause(Pending),
}

/// An order is sent at most this many times before it is given up.
const TRIES: u32 = 3;

/// Sends one order and learns from the answer.
async fn place(
    api: &Api,
    shops: &mut [Shopfront<'_>],
    ids: &OrderIds,
    mut order: Pending,
    pace: &Pace,
    stats: &Stats,
    health: &mut Health,
    purchases: &std::sync::Mutex<Purchases>,
) -> Next {
    let shop = &mut shops[order.channel];
    let id = order.body["channel_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    match api
        .call(
            Method::POST,
            "/api/channel/v1/orders",
            shop.key,
            Some(&order.body),
        )
        .await
    {
        Ok((status, answer)) => {
            health.answered();
            if status == 201 {
                Stats::add(&stats.accepted, 1);
            } else {
                // Only after a retry: the first attempt did get through.
                Stats::add(&stats.replayed, 1);
            }
            if let Ok(mut p) = purchases.lock() {
                let buyer = order.body["buyer"]["name"].as_str().unwrap_or_default();
                for (i, line) in order.lines.iter().enumerate() {
                    let Some(product) = shop
                        .catalogue
                        .iter()
                        .find(|p| p.variants.iter().any(|v| v.variant_id == line.variant_id))
                    else {
                        continue;
                    };
                    let bought = Bought {
                        others: product
                            .variants
                            .iter()
                            .filter(|v| v.variant_id != line.variant_id && v.stock > 0)
                            .map(|v| v.variant_id)
                            .collect(),
                        buyer_name: buyer.to_owned(),
                    };
                    p.remember(order.channel, &id, &(i + 1).to_string(), bought);
                }
            }
            for line in &order.lines {
                take_stock(&mut shop.catalogue, line.variant_id, line.quantity);
            }
            tracing::debug!(channel = shop.code, %id, order_no = answer["order_no"].as_str().unwrap_or(""), "simulate: order accepted");
            Next::Done
        }
        Err(Failure::Down(why)) => {
            health.failed(&why, &api.base, pace.backoff);
            order.tries += 1;
            if order.tries >= TRIES {
                Stats::add(&stats.failed, 1);
                tracing::warn!(channel = shop.code, %id, "simulate: order given up after {TRIES} unanswered tries");
                return Next::Done;
            }
            Next::AfterPause(order)
        }
        Err(Failure::Http {
            code,
            field,
            message,
            status,
        }) => {
            health.answered();
            let named = variant_of_field(field.as_deref(), &order.lines);
            match code.as_str() {
                "out_of_stock" | "unknown_variant" => {
                    Stats::add(&stats.refused, 1);
                    // Without a field we cannot tell which line; the next
                    // feed restores whatever was dropped wrongly.
                    let gone = named
                        .map(|v| vec![v])
                        .unwrap_or_else(|| order.lines.iter().map(|l| l.variant_id).collect());
                    for variant in gone {
                        drop_variant(&mut shop.catalogue, variant);
                    }
                    tracing::debug!(channel = shop.code, %id, %code, %message, "simulate: order refused");
                }
                "not_on_sale" => {
                    Stats::add(&stats.refused, 1);
                    let gone = named
                        .map(|v| vec![v])
                        .unwrap_or_else(|| order.lines.iter().map(|l| l.variant_id).collect());
                    for variant in gone {
                        drop_product_of(&mut shop.catalogue, variant);
                    }
                    tracing::debug!(channel = shop.code, %id, %code, %message, "simulate: order refused");
                }
                c if c.starts_with("coupon_") => {
                    // Used up, over, paused or not for this basket: the
                    // buyer pays without it, and the channel stops offering
                    // a coupon that is gone.
                    let used = order.body.get("coupon_code").and_then(Value::as_str).map(str::to_owned);
                    if let (Some(used), true) = (&used, matches!(c, "coupon_exhausted" | "coupon_not_active" | "coupon_paused" | "coupon_unknown")) {
                        shop.coupons.retain(|k| &k.code != used);
                    }
                    if let Some(body) = order.body.as_object_mut() {
                        body.remove("coupon_code");
                    }
                    tracing::debug!(channel = shop.code, %id, %code, "simulate: coupon refused; ordering without it");
                    if used.is_some() {
                        return Next::Again(order);
                    }
                    Stats::add(&stats.refused, 1);
                }
                "price_not_in_force" => {
                    // A 기간할인 or 기획전 ended: read the prices again.
                    Stats::add(&stats.refused, 1);
                    shop.feed_due = Instant::now();
                    tracing::debug!(channel = shop.code, %id, %message, "simulate: price no longer in force");
                }
                "idempotency_conflict" => {
                    // An id of an earlier run, for another order: same order, fresh id.
                    order.tries += 1;
                    if order.tries >= TRIES {
                        Stats::add(&stats.failed, 1);
                        tracing::warn!(channel = shop.code, %id, "simulate: no free order id after {TRIES} tries");
                        return Next::Done;
                    }
                    shop.counter += 1;
                    let date = id.split('-').nth(1).unwrap_or("00000000").to_owned();
                    order.body["channel_order_id"] =
                        Value::from(ids.id(&shop.prefix, &date, shop.counter));
                    tracing::debug!(channel = shop.code, %id, "simulate: order id already taken; sending under a new one");
                    return Next::Again(order);
                }
                _ => {
                    if status == 409 || status == 422 {
                        Stats::add(&stats.refused, 1);
                    } else {
                        Stats::add(&stats.failed, 1);
                    }
                    tracing::warn!(channel = shop.code, %id, status, %code, field = field.as_deref().unwrap_or(""), %message, "simulate: order refused");
                }
            }
            Next::Done
        }
        Err(e @ Failure::Garbled(_)) => {
            health.answered();
            Stats::add(&stats.failed, 1);
            tracing::warn!(channel = shop.code, %id, error = %e, "simulate: order answer not understood");
            Next::Done
        }
    }
}
