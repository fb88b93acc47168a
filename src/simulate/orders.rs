//! The catalogue a channel sells (read from the product feed, less what
//! it sold) and the orders drawn from it: baskets, discounts, 묶음배송 fees,
//! the request body, order ids and Korean time.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{json, Value};

use super::buyers::{person, recipient, Person, Recipient, PAYMENT_METHODS};
use super::rng::{splitmix, Rng};
use super::MAX_ORDER_ID;

// ---------------------------------------------------------------------------
// The catalogue a channel sells

#[derive(Debug, Clone, Deserialize)]
pub(super) struct FeedPage {
    #[serde(default)]
    pub(super) products: Vec<FeedProduct>,
    #[serde(default)]
    pub(super) next_cursor: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct FeedProduct {
    product_id: i64,
    shop_id: i64,
    sale_price: i64,
    /// The price in force (a 기간할인 or 기획전 price when one runs).
    #[serde(default)]
    price: Option<i64>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    shipping_fee: i64,
    #[serde(default)]
    free_shipping_over: i64,
    #[serde(default)]
    variants: Vec<FeedVariant>,
}

#[derive(Debug, Clone, Deserialize)]
struct FeedVariant {
    variant_id: i64,
    #[serde(default)]
    extra_price: i64,
    #[serde(default)]
    stock: i64,
}

/// A product as the simulation sells it: on sale, with only the variants
/// that have stock left (as far as this channel knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Product {
    pub(super) product_id: i64,
    shop_id: i64,
    sale_price: i64,
    shipping_fee: i64,
    free_shipping_over: i64,
    pub(super) variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Variant {
    pub(super) variant_id: i64,
    extra_price: i64,
    pub(super) stock: i64,
}

impl Product {
    pub(super) fn from_feed(p: FeedProduct) -> Option<Product> {
        // sold_out products stay in the feed so channels can show them; a
        // buyer cannot order them.
        if p.status != "on_sale" || p.sale_price < 0 {
            return None;
        }
        let variants: Vec<Variant> = p
            .variants
            .into_iter()
            .filter(|v| v.stock > 0 && v.extra_price >= 0)
            .map(|v| Variant {
                variant_id: v.variant_id,
                extra_price: v.extra_price,
                stock: v.stock,
            })
            .collect();
        (!variants.is_empty()).then(|| Product {
            product_id: p.product_id,
            shop_id: p.shop_id,
            // A channel sells at the price in force: a 기간할인 or 기획전
            // price while one runs, else the 판매가.
            sale_price: p.price.filter(|p| *p > 0).unwrap_or(p.sale_price),
            shipping_fee: p.shipping_fee.max(0),
            free_shipping_over: p.free_shipping_over.max(0),
            variants,
        })
    }
}

pub(super) fn variant_count(catalogue: &[Product]) -> usize {
    catalogue.iter().map(|p| p.variants.len()).sum()
}

/// Sold here: the next buyer should not be offered what is gone.
pub(super) fn take_stock(catalogue: &mut Vec<Product>, variant_id: i64, quantity: i64) {
    for product in catalogue.iter_mut() {
        for variant in product
            .variants
            .iter_mut()
            .filter(|v| v.variant_id == variant_id)
        {
            variant.stock -= quantity;
        }
        product.variants.retain(|v| v.stock > 0);
    }
    catalogue.retain(|p| !p.variants.is_empty());
}

pub(super) fn drop_variant(catalogue: &mut Vec<Product>, variant_id: i64) {
    take_stock(catalogue, variant_id, i64::MAX / 2);
}

pub(super) fn drop_product_of(catalogue: &mut Vec<Product>, variant_id: i64) {
    let product = catalogue
        .iter()
        .find(|p| p.variants.iter().any(|v| v.variant_id == variant_id))
        .map(|p| p.product_id);
    if let Some(product) = product {
        catalogue.retain(|p| p.product_id != product);
    }
}

/// A coupon from the channel's coupon feed (`GET /api/channel/v1/coupons`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub(super) struct FeedCoupon {
    pub(super) code: String,
    shop_id: i64,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    product_ids: Vec<i64>,
    #[serde(default)]
    min_order: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct CouponPage {
    #[serde(default)]
    pub(super) coupons: Vec<FeedCoupon>,
}

/// About one order in four whose basket a running coupon of its shop covers
/// uses it, the way buyers apply the coupons a channel shows: the coupon
/// must reach its minimum on the items it covers. The code, or `None`.
pub(super) fn pick_coupon(rng: &mut Rng, coupons: &[FeedCoupon], catalogue: &[Product], lines: &[Line]) -> Option<String> {
    if coupons.is_empty() || !rng.percent(25) {
        return None;
    }
    let product_of = |variant: i64| {
        catalogue.iter().find(|p| p.variants.iter().any(|v| v.variant_id == variant)).map(|p| p.product_id)
    };
    let usable: Vec<&FeedCoupon> = coupons
        .iter()
        .filter(|c| {
            let covered: i64 = lines
                .iter()
                .filter(|l| l.shop_id == c.shop_id)
                .filter(|l| c.scope != "products" || product_of(l.variant_id).is_some_and(|p| c.product_ids.contains(&p)))
                .map(|l| l.price() - l.seller_discount - l.platform_discount)
                .sum();
            covered > 0 && covered >= c.min_order
        })
        .collect();
    (!usable.is_empty()).then(|| rng.pick(&usable).code.clone())
}

// ---------------------------------------------------------------------------
// Orders

/// One item of an order before it is written down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    shop_id: i64,
    pub(super) variant_id: i64,
    pub(super) quantity: i64,
    unit_price: i64,
    option_price: i64,
    seller_discount: i64,
    platform_discount: i64,
    /// From the product: what this shop charges and from when it is free.
    base_shipping_fee: i64,
    free_shipping_over: i64,
    shipping_fee: i64,
}

impl Line {
    fn price(&self) -> i64 {
        (self.unit_price + self.option_price) * self.quantity
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basket {
    One,
    TwoOfOneShop,
    ThreeOfOneShop,
    TwoShops,
}

/// What buyers put in a basket: usually one thing; sometimes a second item
/// of the same shop (the same top in another colour); rarely two shops.
fn basket(rng: &mut Rng, catalogue: &[Product]) -> Vec<Line> {
    if catalogue.is_empty() {
        return Vec::new();
    }
    let shape = *rng.weighted(&[
        (Basket::One, 72),
        (Basket::TwoOfOneShop, 20),
        (Basket::ThreeOfOneShop, 3),
        (Basket::TwoShops, 5),
    ]);
    let first = rng.pick(catalogue);
    let same_shop: Vec<&Product> = catalogue
        .iter()
        .filter(|p| p.shop_id == first.shop_id)
        .collect();
    let other_shops: Vec<&Product> = catalogue
        .iter()
        .filter(|p| p.shop_id != first.shop_id)
        .collect();
    let mut picks: Vec<(&Product, &Variant)> = vec![(first, rng.pick(&first.variants))];
    let (more_of_first, from_another) = match shape {
        Basket::One => (0, false),
        Basket::TwoOfOneShop => (1, false),
        Basket::ThreeOfOneShop => (2, false),
        Basket::TwoShops => (rng.below(2), true),
    };
    for _ in 0..more_of_first {
        add_from(rng, &same_shop, &mut picks);
    }
    if from_another {
        let pool = if other_shops.is_empty() {
            &same_shop
        } else {
            &other_shops
        };
        add_from(rng, pool, &mut picks);
    }
    let mut lines: Vec<Line> = picks
        .into_iter()
        .map(|(product, variant)| {
            let quantity = (*rng.weighted(&[(1i64, 88), (2, 10), (3, 2)]))
                .min(variant.stock)
                .max(1);
            let mut line = Line {
                shop_id: product.shop_id,
                variant_id: variant.variant_id,
                quantity,
                unit_price: product.sale_price,
                option_price: variant.extra_price,
                seller_discount: 0,
                platform_discount: 0,
                base_shipping_fee: product.shipping_fee,
                free_shipping_over: product.free_shipping_over,
                shipping_fee: 0,
            };
            (line.seller_discount, line.platform_discount) = discounts(rng, line.price());
            line
        })
        .collect();
    apply_shipping(&mut lines);
    lines
}

fn add_from<'a>(rng: &mut Rng, pool: &[&'a Product], picks: &mut Vec<(&'a Product, &'a Variant)>) {
    // A few tries: a small shop may have nothing else in stock.
    for _ in 0..8 {
        let product = *rng.pick(pool);
        let variant = rng.pick(&product.variants);
        if !picks
            .iter()
            .any(|(_, v)| v.variant_id == variant.variant_id)
        {
            picks.push((product, variant));
            return;
        }
    }
}

/// 즉시할인 by the shop and coupons of the platform, in the round sums they
/// come in, never more than the line is worth.
fn discounts(rng: &mut Rng, price: i64) -> (i64, i64) {
    let round = |won: i64| won.max(0) / 100 * 100;
    let mut seller = 0;
    if rng.percent(15) {
        let wanted = if rng.percent(50) {
            price / 10
        } else {
            *rng.pick(&[1_000, 2_000, 3_000, 5_000])
        };
        seller = round(wanted.min(price));
    }
    let mut platform = 0;
    if rng.percent(10) {
        let coupons: &[i64] = if price >= 50_000 {
            &[1_000, 2_000, 3_000, 5_000, 10_000]
        } else {
            &[1_000, 2_000, 3_000]
        };
        platform = round((*rng.pick(coupons)).min(price - seller));
    }
    (seller, platform)
}

/// 묶음배송: a shop ships one parcel per order, so its fee is charged once,
/// on its first line, and waived when its lines together reach its
/// free-shipping threshold (0 = never free). A one-line order is thus
/// charged the product's fee unless that line alone reaches the threshold.
fn apply_shipping(lines: &mut [Line]) {
    let mut charged: HashSet<i64> = HashSet::new();
    let totals: Vec<i64> = lines
        .iter()
        .map(|l| {
            lines
                .iter()
                .filter(|o| o.shop_id == l.shop_id)
                .map(Line::price)
                .sum()
        })
        .collect();
    for (line, shop_total) in lines.iter_mut().zip(totals) {
        let free = line.free_shipping_over > 0 && shop_total >= line.free_shipping_over;
        line.shipping_fee = if free || !charged.insert(line.shop_id) {
            0
        } else {
            line.base_shipping_fee
        };
    }
}

/// The request body of POST /api/channel/v1/orders.
fn order_body(
    channel_order_id: &str,
    paid_at: &str,
    payment_method: &str,
    buyer: &Person,
    recipient: &Recipient,
    lines: &[Line],
) -> Value {
    json!({
        "channel_order_id": channel_order_id,
        "paid_at": paid_at,
        "payment_method": payment_method,
        "buyer": {"name": buyer.name, "phone": buyer.phone, "email": buyer.email},
        "recipient": {
            "name": recipient.name,
            "phone": recipient.phone,
            "postcode": recipient.postcode,
            "address": recipient.address,
            "address_detail": recipient.address_detail,
            "note": recipient.note,
        },
        "items": lines.iter().enumerate().map(|(i, l)| json!({
            "channel_item_id": (i + 1).to_string(),
            "variant_id": l.variant_id,
            "quantity": l.quantity,
            "unit_price": l.unit_price,
            "option_price": l.option_price,
            "seller_discount": l.seller_discount,
            "platform_discount": l.platform_discount,
            "shipping_fee": l.shipping_fee,
        })).collect::<Vec<_>>(),
    })
}

/// A whole order of one buyer, or `None` when the channel has nothing to sell.
pub(super) fn simulated_order(
    rng: &mut Rng,
    catalogue: &[Product],
    channel_order_id: &str,
    paid_at: &str,
) -> Option<(Value, Vec<Line>)> {
    let lines = basket(rng, catalogue);
    if lines.is_empty() {
        return None;
    }
    let buyer = person(rng);
    let recipient = recipient(rng, &buyer);
    let method = *rng.weighted(PAYMENT_METHODS);
    Some((
        order_body(
            channel_order_id,
            paid_at,
            method,
            &buyer,
            &recipient,
            &lines,
        ),
        lines,
    ))
}

/// Channel order ids: `ZZ-20261126-000123-a9f3`. The suffix mixes a nonce
/// of this run (clock and process id) into the counter, so a restart that
/// counts from 1 again with the same seed does not replay old ids.
#[derive(Debug, Clone)]
pub(super) struct OrderIds {
    nonce: u64,
}

impl OrderIds {
    pub(super) fn for_this_run() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        Self {
            nonce: splitmix(nanos ^ (u64::from(std::process::id()) << 32)),
        }
    }

    pub(super) fn id(&self, prefix: &str, date: &str, counter: u64) -> String {
        let salt = prefix
            .bytes()
            .fold(self.nonce, |h, b| splitmix(h ^ u64::from(b)));
        let suffix = splitmix(salt ^ counter) & 0xffff;
        let mut id = format!("{prefix}-{date}-{counter:06}-{suffix:04x}");
        id.truncate(MAX_ORDER_ID);
        id
    }
}

/// The channel's short code in order ids.
pub(super) fn channel_prefix(code: &str) -> String {
    match code {
        "zigzag" => "ZZ".to_owned(),
        "fashionbykakao" => "FK".to_owned(),
        "posty" => "PS".to_owned(),
        other => {
            let letters: String = other
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(2)
                .collect();
            if letters.is_empty() {
                "CH".to_owned()
            } else {
                letters.to_ascii_uppercase()
            }
        }
    }
}

/// How much of the traffic each channel gets.
pub(super) fn channel_weight(code: &str) -> u32 {
    match code {
        "zigzag" => 5,
        "fashionbykakao" => 3,
        "posty" => 2,
        _ => 3,
    }
}

/// Korean time: channels, buyers and couriers all live in it.
pub(super) fn korean_now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc() + chrono::TimeDelta::hours(9)
}

pub(super) fn rfc3339_kst(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+09:00").to_string()
}

/// The variant an error's `field` (`items[1].variant_id`) points at.
pub(super) fn variant_of_field(field: Option<&str>, lines: &[Line]) -> Option<i64> {
    let rest = field?.strip_prefix("items[")?;
    let index: usize = rest[..rest.find(']')?].parse().ok()?;
    lines.get(index).map(|l| l.variant_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(
        product_id: i64,
        shop_id: i64,
        sale_price: i64,
        variants: &[(i64, i64, i64)],
    ) -> Product {
        Product {
            product_id,
            shop_id,
            sale_price,
            shipping_fee: 3_000,
            free_shipping_over: 50_000,
            variants: variants
                .iter()
                .map(|&(variant_id, extra_price, stock)| Variant {
                    variant_id,
                    extra_price,
                    stock,
                })
                .collect(),
        }
    }

    fn line(shop_id: i64, price: i64, fee: i64, free_over: i64) -> Line {
        Line {
            shop_id,
            variant_id: price,
            quantity: 1,
            unit_price: price,
            option_price: 0,
            seller_discount: 0,
            platform_discount: 0,
            base_shipping_fee: fee,
            free_shipping_over: free_over,
            shipping_fee: -1,
        }
    }

    fn catalogue() -> Vec<Product> {
        vec![
            product(1, 7, 99_000, &[(10, 0, 12), (11, 2_000, 3)]),
            product(2, 7, 29_000, &[(20, 0, 5)]),
            product(3, 8, 45_000, &[(30, 0, 1), (31, 0, 9)]),
        ]
    }

    #[test]
    fn the_order_for_a_variant_carries_the_fields_of_the_contract() {
        let catalogue = vec![product(1, 7, 99_000, &[(10, 2_000, 12)])];
        let mut rng = Rng::new(5);
        let (body, lines) = simulated_order(
            &mut rng,
            &catalogue,
            "ZZ-20261126-000001-abcd",
            "2026-11-26T10:00:00+09:00",
        )
        .expect("an order");
        assert_eq!(lines.len(), 1);
        assert_eq!(body["channel_order_id"], "ZZ-20261126-000001-abcd");
        assert_eq!(body["paid_at"], "2026-11-26T10:00:00+09:00");
        let method = body["payment_method"].as_str().expect("a method");
        assert!([
            "card",
            "transfer",
            "virtual_account",
            "mobile",
            "easy_pay",
            "points"
        ]
        .contains(&method));
        for key in ["name", "phone", "email"] {
            assert!(body["buyer"][key].is_string(), "buyer.{key}");
        }
        for key in [
            "name",
            "phone",
            "postcode",
            "address",
            "address_detail",
            "note",
        ] {
            assert!(body["recipient"][key].is_string(), "recipient.{key}");
        }
        let items = body["items"].as_array().expect("items");
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item["channel_item_id"], "1");
        assert_eq!(item["variant_id"], 10);
        assert_eq!(item["unit_price"], 99_000);
        assert_eq!(item["option_price"], 2_000);
        let quantity = item["quantity"].as_i64().expect("a quantity");
        assert!((1..=3).contains(&quantity));
        for key in ["seller_discount", "platform_discount", "shipping_fee"] {
            assert!(item[key].as_i64().is_some_and(|n| n >= 0), "items[0].{key}");
        }
        let keys: Vec<&String> = item.as_object().expect("an object").keys().collect();
        assert_eq!(keys.len(), 8, "no field beyond the contract's: {keys:?}");
        // 101,000 won reaches the 50,000 threshold.
        assert_eq!(item["shipping_fee"], 0);
    }

    #[test]
    fn the_same_seed_plays_the_same_buyers_and_baskets() {
        let play = |seed| {
            let mut rng = Rng::new(seed);
            (0..50)
                .map(|i| {
                    simulated_order(
                        &mut rng,
                        &catalogue(),
                        &format!("ZZ-1-{i}"),
                        "2026-11-26T10:00:00+09:00",
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(play(42), play(42));
        assert_ne!(play(42), play(43));
        let (mut a, mut b) = (Rng::new(0), Rng::new(0));
        let first: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..100).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert!(
            first.iter().all(|&n| n != 0),
            "seed 0 must not stall the generator"
        );
    }

    #[test]
    fn a_line_below_the_threshold_pays_the_products_shipping_fee() {
        let mut lines = vec![line(7, 29_000, 3_000, 50_000)];
        apply_shipping(&mut lines);
        assert_eq!(lines[0].shipping_fee, 3_000);
    }

    #[test]
    fn a_line_reaching_the_threshold_ships_free() {
        let mut lines = vec![line(7, 50_000, 3_000, 50_000)];
        apply_shipping(&mut lines);
        assert_eq!(lines[0].shipping_fee, 0);
    }

    #[test]
    fn a_threshold_of_zero_never_waives_the_fee() {
        let mut lines = vec![line(7, 500_000, 2_500, 0)];
        apply_shipping(&mut lines);
        assert_eq!(lines[0].shipping_fee, 2_500);
    }

    #[test]
    fn a_shop_charges_shipping_once_per_order_and_counts_its_lines_together() {
        let mut lines = vec![
            line(7, 20_000, 3_000, 50_000),
            line(7, 20_000, 3_000, 50_000),
            line(8, 20_000, 2_500, 0),
        ];
        apply_shipping(&mut lines);
        assert_eq!(
            lines.iter().map(|l| l.shipping_fee).collect::<Vec<_>>(),
            [3_000, 0, 2_500]
        );
        let mut lines = vec![
            line(7, 30_000, 3_000, 50_000),
            line(7, 30_000, 3_000, 50_000),
        ];
        apply_shipping(&mut lines);
        assert_eq!(
            lines.iter().map(|l| l.shipping_fee).collect::<Vec<_>>(),
            [0, 0]
        );
    }

    #[test]
    fn baskets_hold_one_to_three_distinct_variants_in_stock() {
        let mut rng = Rng::new(6);
        let catalogue = catalogue();
        let (mut single, mut two_shops) = (0, 0);
        for _ in 0..2_000 {
            let lines = basket(&mut rng, &catalogue);
            assert!((1..=3).contains(&lines.len()));
            let mut variants: Vec<i64> = lines.iter().map(|l| l.variant_id).collect();
            variants.sort_unstable();
            variants.dedup();
            assert_eq!(variants.len(), lines.len());
            for l in &lines {
                let stock = catalogue
                    .iter()
                    .flat_map(|p| &p.variants)
                    .find(|v| v.variant_id == l.variant_id)
                    .map(|v| v.stock);
                assert!(
                    stock.is_some_and(|s| l.quantity <= s),
                    "quantity {} of {}",
                    l.quantity,
                    l.variant_id
                );
                assert!(l.seller_discount % 100 == 0 && l.platform_discount % 100 == 0);
                assert!(l.seller_discount + l.platform_discount <= l.price());
            }
            single += usize::from(lines.len() == 1);
            two_shops += usize::from(lines.iter().any(|l| l.shop_id != lines[0].shop_id));
        }
        assert!(single > 1_200, "{single} single-item orders of 2000");
        assert!(
            (20..250).contains(&two_shops),
            "{two_shops} two-shop orders of 2000"
        );
    }

    #[test]
    fn an_order_id_has_the_channel_prefix_the_date_a_counter_and_a_suffix() {
        let ids = OrderIds { nonce: 99 };
        let id = ids.id(&channel_prefix("zigzag"), "20261126", 123);
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts[..3], ["ZZ", "20261126", "000123"]);
        assert!(parts[3].len() == 4 && parts[3].bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && id.len() <= 64
        );
        assert_eq!(channel_prefix("fashionbykakao"), "FK");
        assert_eq!(channel_prefix("posty"), "PS");
        // Another run counting from 1 again gets other ids.
        let restart = OrderIds { nonce: 100 };
        let same = (1..=100)
            .filter(|&n| ids.id("ZZ", "20261126", n) == restart.id("ZZ", "20261126", n))
            .count();
        assert!(same <= 1);
    }

    #[test]
    fn the_feed_keeps_only_variants_in_stock_of_products_on_sale() {
        let page: FeedPage = serde_json::from_value(json!({
            "products": [
                {"product_id": 1, "shop_id": 1, "shop_name": "무드온", "code": "A-COAT", "name": "울 코트", "category": "아우터>코트",
                 "list_price": 129000, "sale_price": 99000, "status": "on_sale", "shipping_fee": 3000, "free_shipping_over": 50000,
                 "updated_at": 1764120000000i64,
                 "variants": [{"variant_id": 10, "sku": "A-COAT-BK-S", "options": "블랙 / S", "extra_price": 0, "stock": 12},
                              {"variant_id": 11, "sku": "A-COAT-BK-M", "options": "블랙 / M", "extra_price": 0, "stock": 0}]},
                {"product_id": 2, "shop_id": 1, "sale_price": 10000, "status": "sold_out",
                 "variants": [{"variant_id": 20, "extra_price": 0, "stock": 3}]},
                {"product_id": 3, "shop_id": 1, "sale_price": 10000, "status": "on_sale",
                 "variants": [{"variant_id": 30, "extra_price": 0, "stock": 0}]}
            ],
            "next_cursor": null
        }))
        .expect("the contract's feed");
        let products: Vec<Product> = page
            .products
            .into_iter()
            .filter_map(Product::from_feed)
            .collect();
        assert_eq!(products.len(), 1);
        assert_eq!(
            products[0].variants,
            [Variant {
                variant_id: 10,
                extra_price: 0,
                stock: 12
            }]
        );
        assert_eq!(
            (products[0].shipping_fee, products[0].free_shipping_over),
            (3_000, 50_000)
        );
    }

    #[test]
    fn stock_sold_or_refused_leaves_the_local_catalogue() {
        let mut c = catalogue();
        take_stock(&mut c, 30, 1);
        assert!(!c
            .iter()
            .flat_map(|p| &p.variants)
            .any(|v| v.variant_id == 30));
        take_stock(&mut c, 10, 2);
        assert_eq!(c[0].variants[0].stock, 10);
        drop_variant(&mut c, 20);
        assert!(
            !c.iter().any(|p| p.product_id == 2),
            "a product without variants leaves"
        );
        drop_product_of(&mut c, 31);
        assert!(!c.iter().any(|p| p.product_id == 3));
        assert_eq!(variant_count(&c), 2);
    }

    #[test]
    fn a_refusal_names_its_variant_through_the_field() {
        let lines = vec![line(7, 1_000, 0, 0), line(7, 2_000, 0, 0)];
        assert_eq!(
            variant_of_field(Some("items[1].variant_id"), &lines),
            Some(2_000)
        );
        assert_eq!(
            variant_of_field(Some("items[0].variant_id"), &lines),
            Some(1_000)
        );
        assert_eq!(variant_of_field(Some("items[5].variant_id"), &lines), None);
        assert_eq!(variant_of_field(Some("recipient.phone"), &lines), None);
        assert_eq!(variant_of_field(None, &lines), None);
    }
}
