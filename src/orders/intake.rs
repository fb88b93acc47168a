//! Order intake from the sales channels (server only): `POST
//! /api/channel/v1/orders`.
//!
//! A buyer order is accepted whole or not at all: inside one write
//! transaction the idempotency record is inserted first (a concurrent
//! replay waits on its unique key), every variant's stock is reserved under
//! its product's row lock in ascending product id (no deadlocks between
//! orders), and the shop's lines are written with their ship-by dates. The
//! answer is stored with the record, so a replay of the same request gets
//! the same answer and a different request under the same id is refused.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::ssr::{record_event, TOPIC};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::products::stock::{self, StockError};
use crate::channel::Channel;
use crate::channel_api::idempotent::{self, Arrival, Created, Intake};
use crate::db::now_millis;
use crate::context::AppState;
use crate::i18n::msg;
use crate::format::format_won;
use crate::promotions::ssr::redeem;

pub const MAX_ITEMS: usize = 50;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub name: String,
    pub phone: String,
    pub postcode: String,
    pub address: String,
    #[serde(default)]
    pub address_detail: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelItem {
    pub channel_item_id: String,
    pub variant_id: i64,
    pub quantity: i64,
    pub unit_price: i64,
    #[serde(default)]
    pub option_price: i64,
    #[serde(default)]
    pub seller_discount: i64,
    #[serde(default)]
    pub platform_discount: i64,
    #[serde(default)]
    pub shipping_fee: i64,
    /// The item's own coupon (쿠폰 코드), redeemed at intake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<String>,
}

/// A buyer order as a channel sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelOrder {
    pub channel_order_id: String,
    #[serde(default)]
    pub paid_at: Option<String>,
    pub payment_method: String,
    pub buyer: Buyer,
    pub recipient: Recipient,
    pub items: Vec<ChannelItem>,
    /// A coupon for the order: it applies to the items without a code of
    /// the shop that has it (see `promotions::ssr::redeem`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_code: Option<String>,
}

/// Digits of a Korean phone number, or why not.
pub fn phone_digits(field: &str, s: &str) -> AppResult<String> {
    let digits: String = s.chars().filter(|c| !matches!(c, '-' | ' ' | '(' | ')')).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(9..=11).contains(&digits.len()) || !digits.starts_with('0') {
        return Err(AppError::invalid(field, msg::orders_err_phone()));
    }
    Ok(digits)
}

fn text(field: &str, s: &str, max: usize, required: bool) -> AppResult<String> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err(AppError::invalid(field, msg::orders_err_field_empty(field)));
    }
    if s.chars().count() > max {
        return Err(AppError::invalid(field, msg::orders_err_field_too_long(field, max.to_string())));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(AppError::invalid(field, msg::orders_err_field_control(field)));
    }
    Ok(s.to_owned())
}

/// The order, checked and normalised (what the idempotency hash covers).
#[derive(Debug, Clone, Serialize)]
pub struct ValidOrder {
    pub channel_order_id: String,
    pub paid_at: i64,
    pub payment_method: String,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub buyer_email: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub postcode: String,
    pub address: String,
    pub address_detail: String,
    pub note: String,
    /// Items with their coupon codes normalised.
    pub items: Vec<ChannelItem>,
    pub coupon_code: Option<String>,
}

/// A coupon code as a channel sent it: none when absent or blank, else
/// normalised (`promotions::normalise_code`).
fn coupon_code(field: &str, code: &Option<String>) -> AppResult<Option<String>> {
    match code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => crate::promotions::normalise_code(field, c).map(Some),
    }
}

impl ChannelOrder {
    pub fn validate(&self, now: i64) -> AppResult<ValidOrder> {
        let id = self.channel_order_id.trim();
        if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(AppError::invalid("channel_order_id", msg::orders_err_channel_order_id()));
        }
        let paid_at = match self.paid_at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now,
            Some(s) => {
                let t = chrono::DateTime::parse_from_rfc3339(s)
                    .map_err(|_| AppError::invalid("paid_at", msg::orders_err_paid_at_format()))?
                    .timestamp_millis();
                // A clock a little ahead is tolerated; a payment from the future is not.
                if t > now + 5 * 60 * 1000 || t < now - 90 * 24 * 60 * 60 * 1000 {
                    return Err(AppError::invalid("paid_at", msg::orders_err_paid_at_skew()));
                }
                t
            }
        };
        if !super::PAYMENT_METHODS.contains(&self.payment_method.as_str()) {
            return Err(AppError::invalid("payment_method", msg::orders_err_payment_method()));
        }
        if self.items.is_empty() || self.items.len() > MAX_ITEMS {
            return Err(AppError::invalid("items", msg::orders_err_items_count(MAX_ITEMS)));
        }
        let postcode = self.recipient.postcode.trim().to_owned();
        if postcode.len() != 5 || !postcode.chars().all(|c| c.is_ascii_digit()) {
            return Err(AppError::invalid("recipient.postcode", msg::orders_err_postcode()));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let f = |name: &str| format!("items[{i}].{name}");
            text(&f("channel_item_id"), &item.channel_item_id, 64, true)?;
            if !seen.insert(item.channel_item_id.trim().to_owned()) {
                return Err(AppError::invalid(&f("channel_item_id"), msg::orders_err_item_id_duplicate()));
            }
            if !(1..=999).contains(&item.quantity) {
                return Err(AppError::invalid(&f("quantity"), msg::orders_err_quantity()));
            }
            for (name, v) in [
                ("unit_price", item.unit_price),
                ("option_price", item.option_price),
                ("seller_discount", item.seller_discount),
                ("platform_discount", item.platform_discount),
                ("shipping_fee", item.shipping_fee),
            ] {
                if !(0..=100_000_000).contains(&v) {
                    return Err(AppError::invalid(&f(name), msg::orders_err_amount()));
                }
            }
            let gross = (item.unit_price + item.option_price) * item.quantity;
            if item.seller_discount + item.platform_discount > gross {
                return Err(AppError::invalid(&f("seller_discount"), msg::orders_err_discount()));
            }
        }
        let items = self
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                Ok(ChannelItem {
                    channel_item_id: i.channel_item_id.trim().to_owned(),
                    coupon_code: coupon_code(&format!("items[{n}].coupon_code"), &i.coupon_code)?,
                    ..i.clone()
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        let order_coupon = coupon_code("coupon_code", &self.coupon_code)?;
        Ok(ValidOrder {
            channel_order_id: id.to_owned(),
            paid_at,
            payment_method: self.payment_method.clone(),
            buyer_name: text("buyer.name", &self.buyer.name, 50, true)?,
            buyer_phone: phone_digits("buyer.phone", &self.buyer.phone)?,
            buyer_email: text("buyer.email", &self.buyer.email, 254, false)?,
            recipient_name: text("recipient.name", &self.recipient.name, 50, true)?,
            recipient_phone: phone_digits("recipient.phone", &self.recipient.phone)?,
            postcode,
            address: text("recipient.address", &self.recipient.address, 200, true)?,
            address_detail: text("recipient.address_detail", &self.recipient.address_detail, 100, false)?,
            note: text("recipient.note", &self.recipient.note, 200, false)?,
            items,
            coupon_code: order_coupon,
        })
    }
}

/// An order body as the Channel API reads it: the JSON, checked as of `now`,
/// without the database. What the fuzz target (`fuzz/`) drives.
pub fn check_body(body: &[u8], now: i64) -> AppResult<ValidOrder> {
    crate::channel_api::parse_json::<ChannelOrder>(body)?.validate(now)
}

/// A variant as intake needs it.
struct Line {
    shop_id: i64,
    product_id: i64,
    product_name: String,
    option_text: String,
    sku: String,
    ship_within_days: i64,
    /// The product's 판매가.
    sale_price: i64,
}

pub use crate::channel_api::idempotent::Answer;

/// Accepts a buyer order from `channel`; see the module doc.
pub async fn accept(state: &AppState, channel: Channel, order: ChannelOrder) -> AppResult<Answer> {
    accept_at(state, channel, order, now_millis()).await
}

/// [`accept`] as if it were `now` (a payment time the channel left out is
/// `now`): deadlines can be checked on any calendar day.
pub async fn accept_at(state: &AppState, channel: Channel, order: ChannelOrder, now: i64) -> AppResult<Answer> {
    idempotent::take(state, channel, &order, now, ChannelOrder::validate).await
}


impl Intake for ValidOrder {
    const AREA: &'static str = "orders";
    const TOPICS: &'static [&'static str] = &[TOPIC];
    const STORED: &'static str =
        "SELECT request_hash, response_json FROM buyer_orders WHERE channel = $1 AND channel_order_id = $2";
    const CONFLICT: fn() -> &'static str = crate::i18n::msg::orders_api_conflict;

    fn id(&self) -> &str {
        &self.channel_order_id
    }

    fn answer(row: &AnyRow) -> AppResult<serde_json::Value> {
        let body: String = row.try_get("response_json")?;
        serde_json::from_str(&body).map_err(|_| AppError::internal())
    }

    async fn write(&self, state: &AppState, tx: &mut AnyConnection, arrival: Arrival<'_>) -> AppResult<Created> {
        insert(state, tx, arrival, self).await
    }
}

fn stock_error(index: usize, e: StockError) -> AppError {
    let field = format!("items[{index}].variant_id");
    match e {
        StockError::NotFound => AppError { field: Some(field), ..AppError::new(ErrorCode::UnknownVariant, msg::orders_err_unknown_option()) },
        StockError::NotOnSale => AppError { field: Some(field), ..AppError::new(ErrorCode::NotOnSale, msg::orders_err_not_on_sale()) },
        StockError::Insufficient { available } => AppError {
            field: Some(field),
            ..AppError::new(ErrorCode::OutOfStock, msg::orders_err_out_of_stock(available.to_string()))
        },
    }
}

/// Writes a new order inside `tx`: its answer and the shops it reached.
async fn insert(state: &AppState, tx: &mut AnyConnection, arrival: Arrival<'_>, order: &ValidOrder) -> AppResult<Created> {
    let Arrival { channel, hash, now } = arrival;
    let inserted = sqlx::query(
        "INSERT INTO buyer_orders (channel, channel_order_id, request_hash, paid_at, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(channel.code())
    .bind(&order.channel_order_id)
    .bind(hash)
    .bind(order.paid_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let buyer_order_id: i64 = inserted?.try_get("id")?;
    let day = crate::calendar::kst_date(now).map(|d| d.format("%Y%m%d").to_string()).unwrap_or_default();
    let order_no = format!("{day}{buyer_order_id:08}");

    // The variants, with their shop and product, checked for this channel.
    let mut lines: BTreeMap<i64, Line> = BTreeMap::new();
    for (i, item) in order.items.iter().enumerate() {
        if lines.contains_key(&item.variant_id) {
            continue;
        }
        let row = sqlx::query(
            "SELECT v.shop_id, v.product_id, v.sku, v.option1, v.option2, v.option3, p.name, p.channels, p.status, p.sale_price, \
             s.status AS shop_status, s.ship_within_days FROM product_variants v \
             JOIN products p ON p.id = v.product_id JOIN shops s ON s.id = v.shop_id \
             WHERE v.id = $1 AND v.deleted_at = 0 AND p.deleted_at = 0",
        )
        .bind(item.variant_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(stock_error(i, StockError::NotFound));
        };
        let channels: i64 = row.try_get("channels")?;
        let shop_status: String = row.try_get("shop_status")?;
        if channels & channel.bit() == 0 || shop_status != "approved" {
            return Err(stock_error(i, StockError::NotOnSale));
        }
        let options: Vec<String> = ["option1", "option2", "option3"]
            .iter()
            .map(|c| row.try_get::<String, _>(*c))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|o| !o.is_empty())
            .collect();
        lines.insert(
            item.variant_id,
            Line {
                shop_id: row.try_get("shop_id")?,
                product_id: row.try_get("product_id")?,
                product_name: row.try_get("name")?,
                option_text: options.join(" / "),
                sku: row.try_get("sku")?,
                ship_within_days: row.try_get("ship_within_days")?,
                sale_price: row.try_get("sale_price")?,
            },
        );
    }

    // The price in force when paid: a unit price below it is refused.
    let regular: HashMap<i64, i64> = lines.values().map(|l| (l.product_id, l.sale_price)).collect();
    let keys: Vec<(i64, i64)> = lines.iter().map(|(v, l)| (l.product_id, *v)).collect();
    // Every coupon code with the shop it may belong to: an item's, its
    // item's shop; the order's, each shop of the order.
    let mut codes: Vec<(i64, String)> = order
        .items
        .iter()
        .filter_map(|i| i.coupon_code.clone().map(|c| (lines[&i.variant_id].shop_id, c)))
        .collect();
    if let Some(code) = &order.coupon_code {
        codes.extend(lines.values().map(|l| (l.shop_id, code.clone())));
    }
    codes.sort();
    codes.dedup();
    let terms = redeem::terms(tx, &regular, &keys, &codes, order.paid_at).await?;
    let prices = &terms.prices;
    let mut sold_under = Vec::with_capacity(order.items.len());
    for (i, item) in order.items.iter().enumerate() {
        let line = &lines[&item.variant_id];
        let price = prices.get(&(line.product_id, item.variant_id)).copied().unwrap_or_default();
        if item.unit_price < price.lowest() {
            return Err(AppError::new(
                ErrorCode::PriceNotInForce,
                msg::redeem_err_price_not_in_force(format_won(item.unit_price), format_won(price.lowest())),
            )
            .on(format!("items[{i}].unit_price")));
        }
        sold_under.push(price.sold_under(item.unit_price));
    }

    // The coupons decided and computed now, before any lock; redeemed last.
    let coupon_lines: Vec<redeem::OrderLine> = order
        .items
        .iter()
        .zip(&sold_under)
        .map(|(item, (campaign, period))| {
            let line = &lines[&item.variant_id];
            let off = |price: i64| (line.sale_price - price).max(0) * item.quantity;
            redeem::OrderLine {
                shop_id: line.shop_id,
                product_id: line.product_id,
                quantity: item.quantity,
                gross: (item.unit_price + item.option_price) * item.quantity,
                seller_discount: item.seller_discount,
                platform_discount: item.platform_discount,
                coupon_code: item.coupon_code.clone(),
                sold_under: match (campaign, period) {
                    (Some(c), _) => Some(redeem::SoldUnder { kind: redeem::PriceKind::Campaign, id: c.campaign_id, discount: off(item.unit_price) }),
                    (None, Some(d)) => Some(redeem::SoldUnder { kind: redeem::PriceKind::Period, id: d.id, discount: off(item.unit_price) }),
                    (None, None) => None,
                },
            }
        })
        .collect();
    let redemption = redeem::plan(tx, &terms, &coupon_lines, order.coupon_code.as_deref(), order.paid_at).await?;
    let coupons = redemption.items();

    // Reserve per variant (quantities of repeated variants summed), in
    // ascending product id: everyone takes product locks in one order.
    let mut wanted: BTreeMap<(i64, i64), (i64, usize)> = BTreeMap::new();
    for (i, item) in order.items.iter().enumerate() {
        let line = &lines[&item.variant_id];
        let entry = wanted.entry((line.product_id, item.variant_id)).or_insert((0, i));
        entry.0 += item.quantity;
    }
    for ((_, variant_id), (qty, index)) in &wanted {
        let shop_id = lines[variant_id].shop_id;
        if let Err(e) = stock::reserve(tx, shop_id, *variant_id, *qty).await? {
            return Err(stock_error(*index, e));
        }
    }

    if state.db.backend() == crate::db::Backend::Postgres {
        let sold: Vec<(i64, &str, i64)> =
            lines.values().map(|l| (l.shop_id, channel.code(), l.product_id)).collect();
        crate::sales::ssr::lock_rows_of_sale(tx, order.paid_at, &sold).await?;
    }


    let actor = format!("channel:{}", channel.code());
    let mut answer_items = Vec::with_capacity(order.items.len());
    let mut shops = Vec::new();
    for ((item, coupon), (campaign, period)) in order.items.iter().zip(coupons).zip(&sold_under) {
        let line = &lines[&item.variant_id];
        let seller_discount = item.seller_discount + coupon.seller_part;
        let platform_discount = item.platform_discount + coupon.platform_part;
        if seller_discount + platform_discount > (item.unit_price + item.option_price) * item.quantity {
            return Err(AppError::internal());
        }
        let campaign_id = campaign.map(|c| c.campaign_id).unwrap_or(0);
        let campaign_bp = campaign.map(|c| c.commission_bp).unwrap_or(-1);
        let period_id = period.map(|d| d.id).unwrap_or(0);
        let ship_by = crate::calendar::ship_by(order.paid_at, line.ship_within_days.clamp(1, 30) as u32);
        let row = sqlx::query(
            "INSERT INTO order_items (shop_id, buyer_order_id, order_no, channel, channel_order_id, channel_item_id, \
             product_id, variant_id, product_name, option_text, sku, quantity, unit_price, option_price, seller_discount, \
             platform_discount, shipping_fee, payment_method, buyer_name, buyer_phone, buyer_email, recipient_name, \
             recipient_phone, postcode, address, address_detail, delivery_note, status, paid_at, ship_by, created_at, updated_at, \
             coupon_id, coupon_discount, coupon_platform_part, campaign_id, campaign_commission_bp, period_discount_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
             $23, $24, $25, $26, $27, 'paid', $28, $29, $30, $30, $31, $32, $33, $34, $35, $36) RETURNING id",
        )
        .bind(line.shop_id)
        .bind(buyer_order_id)
        .bind(&order_no)
        .bind(channel.code())
        .bind(&order.channel_order_id)
        .bind(&item.channel_item_id)
        .bind(line.product_id)
        .bind(item.variant_id)
        .bind(&line.product_name)
        .bind(&line.option_text)
        .bind(&line.sku)
        .bind(item.quantity)
        .bind(item.unit_price)
        .bind(item.option_price)
        .bind(seller_discount)
        .bind(platform_discount)
        .bind(item.shipping_fee)
        .bind(&order.payment_method)
        .bind(&order.buyer_name)
        .bind(&order.buyer_phone)
        .bind(&order.buyer_email)
        .bind(&order.recipient_name)
        .bind(&order.recipient_phone)
        .bind(&order.postcode)
        .bind(&order.address)
        .bind(&order.address_detail)
        .bind(&order.note)
        .bind(order.paid_at)
        .bind(ship_by)
        .bind(now)
        .bind(coupon.coupon_id)
        .bind(coupon.discount)
        .bind(coupon.platform_part)
        .bind(campaign_id)
        .bind(campaign_bp)
        .bind(period_id)
        .fetch_one(&mut *tx)
        .await?;
        let item_id: i64 = row.try_get("id")?;
        record_event(tx, line.shop_id, item_id, channel.code(), "create", "", "paid", "", &actor).await?;
        shops.push(line.shop_id);
        let mut answer = json!({
            "channel_item_id": item.channel_item_id,
            "item_id": item_id,
            "shop_id": line.shop_id,
            "status": "paid",
            "ship_by": crate::calendar::kst_date(ship_by).map(|d| d.to_string()).unwrap_or_default(),
            "coupon_discount": coupon.discount,
            "seller_discount": seller_discount,
            "platform_discount": platform_discount,
        });
        if campaign_id != 0 {
            answer["campaign_id"] = json!(campaign_id);
        }
        if period_id != 0 {
            answer["period_discount_id"] = json!(period_id);
        }
        answer_items.push(answer);
    }
    let answer = json!({
        "order_no": order_no,
        "channel_order_id": order.channel_order_id,
        "items": answer_items,
    });
    sqlx::query("UPDATE buyer_orders SET order_no = $1, response_json = $2 WHERE id = $3")
        .bind(&order_no)
        .bind(answer.to_string())
        .bind(buyer_order_id)
        .execute(&mut *tx)
        .await?;

    // Coupons last: what the order redeems is checked against the limits
    // again when it commits (see `promotions::ssr::redeem`).
    let buyer = redeem::BuyerOrder {
        id: buyer_order_id,
        order_no: &order_no,
        channel: channel.code(),
        buyer_key: &order.buyer_phone,
        paid_at: order.paid_at,
        now,
    };
    redeem::apply(tx, &buyer, &redemption).await?;
    Ok(Created { shops, answer })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel_api::idempotent::request_hash;

    fn order() -> ChannelOrder {
        serde_json::from_value(json!({
            "channel_order_id": "ZZ-1",
            "payment_method": "card",
            "buyer": {"name": "김민지", "phone": "010-1234-5678"},
            "recipient": {"name": "김민지", "phone": "010 1234 5678", "postcode": "04001", "address": "서울특별시 마포구 월드컵북로 12"},
            "items": [{"channel_item_id": "1", "variant_id": 1, "quantity": 1, "unit_price": 10000}]
        }))
        .unwrap()
    }

    /// The fuzz seed's body as the API reads it, on 2026-01-01 (UTC).
    #[test]
    fn a_body_is_read_as_json_then_checked() {
        let now = 1_767_225_600_000;
        let v = check_body(include_bytes!("../../fuzz/corpus/channel_api_json/order.json"), now).unwrap();
        assert_eq!((v.channel_order_id.as_str(), v.items.len(), v.buyer_phone.as_str()), ("ZZ-1", 2, "01012345678"));
        let e = check_body(b"{\"channel_order_id\": 1", now).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let unknown = br#"{"channel_order_id":"ZZ-1","payment_method":"card","buyer":{"name":"a","phone":"01012345678"},"recipient":{"name":"a","phone":"01012345678","postcode":"04001","address":"x"},"items":[],"coupon":1}"#;
        assert!(check_body(unknown, now).unwrap_err().message.contains("coupon"));
    }

    #[test]
    fn a_good_order_is_normalised() {
        let v = order().validate(1_000).unwrap();
        assert_eq!(v.buyer_phone, "01012345678");
        assert_eq!(v.recipient_phone, "01012345678");
        assert_eq!(v.paid_at, 1_000);
    }

    #[test]
    fn bad_fields_are_named() {
        let mut o = order();
        o.items[0].quantity = 0;
        assert_eq!(o.validate(0).unwrap_err().field.as_deref(), Some("items[0].quantity"));
        let mut o = order();
        o.recipient.phone = "12345".into();
        assert_eq!(o.validate(0).unwrap_err().field.as_deref(), Some("recipient.phone"));
        let mut o = order();
        o.items[0].seller_discount = 20_000;
        assert_eq!(o.validate(0).unwrap_err().field.as_deref(), Some("items[0].seller_discount"));
        let mut o = order();
        o.channel_order_id = "a b".into();
        assert_eq!(o.validate(0).unwrap_err().field.as_deref(), Some("channel_order_id"));
    }

    #[test]
    fn the_same_request_hashes_the_same() {
        assert_eq!(request_hash(&order()), request_hash(&order()));
        let mut other = order();
        other.items[0].quantity = 2;
        assert_ne!(request_hash(&order()), request_hash(&other));
    }
}
