//! Two months of past orders for the demo shop, so that `make run` opens on
//! a shop with a history: sales to chart, statements paid and scheduled, and
//! last month's tax invoice. Every order goes through the real intake (with
//! its payment time in the past) and every step through `move_item` with the
//! time it happened, exactly as the channels, the seller and the carriers
//! would have done it; the settlement run then settles what was confirmed.
//! Loaded once, with the demo catalogue, into an empty database.

use sqlx::Row;

use crate::error::AppResult;
use crate::orders::intake::{accept_at, Buyer, ChannelItem, ChannelOrder, Recipient};
use crate::orders::ssr::{move_item, ItemChange};
use crate::orders::{Courier, OrderAction};
use crate::products::demo::Lcg;
use crate::channel::Channel;
use crate::db::now_millis;
use crate::server::AppState;

const DAYS: i64 = 62;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MS: i64 = 60 * 60 * 1000;

const BUYERS: &[(&str, &str)] = &[
    ("김민지", "01023456789"),
    ("이서연", "01034567890"),
    ("박지우", "01045678901"),
    ("최하은", "01056789012"),
    ("정수아", "01067890123"),
    ("강예린", "01078901234"),
    ("조유진", "01089012345"),
    ("윤채원", "01090123456"),
    ("장다은", "01012340987"),
    ("임소윤", "01023451098"),
];
const ADDRESSES: &[(&str, &str)] = &[
    ("04001", "서울특별시 마포구 월드컵북로 12"),
    ("06236", "서울특별시 강남구 테헤란로 152"),
    ("13529", "경기도 성남시 분당구 판교역로 235"),
    ("48058", "부산광역시 해운대구 센텀중앙로 79"),
    ("41940", "대구광역시 중구 동성로 20"),
];
const PAYMENTS: &[&str] = &["card", "card", "card", "card", "easy_pay", "easy_pay", "transfer", "virtual_account", "mobile", "points"];

/// A CJ대한통운 waybill number (12 digits, mod-7 check digit).
fn waybill(n: i64) -> String {
    let eleven = 60_000_000_000 + n;
    format!("{eleven}{}", eleven % 7)
}

/// Loads the history; returns how many orders it placed.
pub async fn load(state: &AppState, shop_id: i64) -> AppResult<usize> {
    let variants = sqlx::query(
        "SELECT v.id, v.extra_price, p.sale_price, p.shipping_fee FROM product_variants v JOIN products p ON p.id = v.product_id \
         WHERE p.shop_id = $1 AND p.status = 'on_sale' AND v.active = 1 AND v.stock >= 20 ORDER BY v.id LIMIT 300",
    )
    .bind(shop_id)
    .fetch_all(state.db.pool())
    .await?;
    if variants.is_empty() {
        return Ok(0);
    }
    let variants: Vec<(i64, i64, i64, i64)> = variants
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("extra_price")?, r.try_get("sale_price")?, r.try_get("shipping_fee")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let now = now_millis();
    let mut rng = Lcg(20_261_001);
    let mut placed = 0;
    for day in (1..=DAYS).rev() {
        // Busier on recent days and weekends' evenings, 2–6 orders a day.
        let orders = 2 + rng.next(3) as i64 + (DAYS - day) / 30;
        for n in 0..orders {
            let paid_at = now - day * DAY_MS + (9 + rng.next(13) as i64) * HOUR_MS + rng.next(60) as i64 * 60_000;
            let (variant, extra, price, shipping) = variants[rng.next(variants.len() as u64) as usize];
            let channel = [Channel::Zigzag, Channel::Zigzag, Channel::Fashionbykakao, Channel::Posty][rng.next(4) as usize];
            let (name, phone) = BUYERS[rng.next(BUYERS.len() as u64) as usize];
            let (postcode, address) = ADDRESSES[rng.next(ADDRESSES.len() as u64) as usize];
            let quantity = 1 + i64::from(rng.next(5) == 0);
            let gross = (price + extra) * quantity;
            let order = ChannelOrder {
                channel_order_id: format!("HIST-{day:02}-{n}"),
                paid_at: None,
                payment_method: PAYMENTS[rng.next(PAYMENTS.len() as u64) as usize].to_owned(),
                buyer: Buyer { name: name.into(), phone: phone.into(), email: String::new() },
                recipient: Recipient {
                    name: name.into(),
                    phone: phone.into(),
                    postcode: postcode.into(),
                    address: address.into(),
                    address_detail: format!("{}동 {}호", 101 + rng.next(9), 100 + rng.next(1500)),
                    note: String::new(),
                },
                items: vec![ChannelItem {
                    channel_item_id: "1".into(),
                    variant_id: variant,
                    quantity,
                    unit_price: price,
                    option_price: extra,
                    seller_discount: if rng.next(4) == 0 { gross / 20 / 100 * 100 } else { 0 },
                    platform_discount: if rng.next(5) == 0 { 2_000.min(gross) } else { 0 },
                    shipping_fee: if gross >= 50_000 { 0 } else { shipping },
                    coupon_code: None,
                }],
                coupon_code: None,
            };
            let Ok(answer) = accept_at(state, channel, order, paid_at).await else { continue };
            placed += 1;
            let Some(item) = answer.1["items"][0]["item_id"].as_i64() else { continue };
            let age = now - paid_at;
            let mut steps: Vec<(OrderAction, i64)> = Vec::new();
            if rng.next(25) == 0 && age > DAY_MS {
                steps.push((OrderAction::Cancel, paid_at + 2 * HOUR_MS));
            } else {
                steps.push((OrderAction::Confirm, paid_at + 3 * HOUR_MS));
                steps.push((OrderAction::Ship, paid_at + 20 * HOUR_MS));
                steps.push((OrderAction::Deliver, paid_at + 2 * DAY_MS + 5 * HOUR_MS));
                steps.push((OrderAction::ConfirmPurchase, paid_at + 5 * DAY_MS + 7 * HOUR_MS));
            }
            for (action, at) in steps {
                if at > now - HOUR_MS {
                    break;
                }
                let change = ItemChange {
                    courier: (action == OrderAction::Ship).then_some(Courier::Cj),
                    tracking_number: (action == OrderAction::Ship).then(|| waybill(item)),
                    at: Some(at),
                    reason: (action == OrderAction::Cancel).then(|| "품절로 인한 판매취소".to_owned()),
                    new_ship_by: None,
                };
                let actor = match action {
                    OrderAction::Deliver => "carrier:cj",
                    OrderAction::ConfirmPurchase => "channel:buyer",
                    _ => crate::server::demo::DEMO_OWNER,
                };
                let mut tx = state.db.begin_write().await?;
                match move_item(&mut tx, Some(shop_id), item, action, actor, &change).await? {
                    Ok(_) => tx.commit().await?,
                    Err(_) => {
                        tx.rollback().await?;
                        break;
                    }
                }
            }
        }
    }
    Ok(placed)
}
