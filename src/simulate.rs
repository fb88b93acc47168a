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

use std::cmp::Ordering as CmpOrdering;
use std::collections::{BTreeMap, BinaryHeap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{header, Method, Request, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::Instant;

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
// Randomness

/// xorshift64*: small, fast and seedable, which is all a simulation needs.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Seeds are small numbers typed by people (0, 1, 42): splitmix spreads
        // them over the state, and xorshift must never start at zero.
        let z = splitmix(seed);
        Self(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0), without modulo bias.
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Both ends included.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        low + self.below(high - low + 1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < u64::from(*weight) {
                return item;
            }
            roll -= u64::from(*weight);
        }
        &items[items.len() - 1].0
    }

    /// In (0, 1], so that its logarithm is finite.
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Exponential gaps make arrivals a Poisson process: orders come in
    /// bursts and lulls as real traffic does, not on a metronome.
    fn gap(&mut self, mean: Duration) -> Duration {
        let secs = -self.unit().ln() * mean.as_secs_f64();
        Duration::from_secs_f64(secs.min(mean.as_secs_f64() * 10.0))
    }
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------
// Buyers and addresses

/// Weighted by their share of the population (2015 인구주택총조사), per mille.
const SURNAMES: &[((&str, &str), u32)] = &[
    (("김", "kim"), 215),
    (("이", "lee"), 147),
    (("박", "park"), 84),
    (("최", "choi"), 47),
    (("정", "jung"), 43),
    (("강", "kang"), 23),
    (("조", "cho"), 21),
    (("윤", "yoon"), 20),
    (("장", "jang"), 20),
    (("임", "lim"), 17),
    (("한", "han"), 15),
    (("오", "oh"), 15),
    (("서", "seo"), 15),
    (("신", "shin"), 14),
    (("권", "kwon"), 14),
    (("황", "hwang"), 14),
    (("안", "ahn"), 13),
    (("송", "song"), 13),
    (("류", "ryu"), 9),
    (("홍", "hong"), 11),
];

/// Mostly women's names: most buyers of these shops are women in their
/// twenties and thirties, but not all.
const GIVEN_NAMES: &[(&str, &str)] = &[
    ("민지", "minji"),
    ("서연", "seoyeon"),
    ("지우", "jiwoo"),
    ("하은", "haeun"),
    ("수빈", "subin"),
    ("예린", "yerin"),
    ("지민", "jimin"),
    ("유진", "yujin"),
    ("채원", "chaewon"),
    ("지현", "jihyun"),
    ("수아", "sua"),
    ("예은", "yeeun"),
    ("다은", "daeun"),
    ("소연", "soyeon"),
    ("윤서", "yunseo"),
    ("은지", "eunji"),
    ("혜진", "hyejin"),
    ("지은", "jieun"),
    ("민서", "minseo"),
    ("서윤", "seoyun"),
    ("지아", "jia"),
    ("나연", "nayeon"),
    ("수민", "sumin"),
    ("가은", "gaeun"),
    ("도윤", "doyun"),
    ("서준", "seojun"),
    ("하준", "hajun"),
    ("민준", "minjun"),
    ("현우", "hyunwoo"),
    ("지훈", "jihoon"),
    ("준호", "junho"),
    ("우진", "woojin"),
];

/// Reserved example domains (RFC 2606): an app with SMTP configured must
/// never mail a stranger who happens to own `minji93@naver.com`.
const MAIL_DOMAINS: &[(&str, u32)] = &[("example.com", 6), ("example.net", 3), ("example.org", 1)];

/// A 시·군·구 with its postcode range and some of its real roads.
struct District {
    sido: &'static str,
    sigungu: &'static str,
    postcodes: (u32, u32),
    roads: &'static [&'static str],
}

/// Weighted roughly by where online fashion is bought: the capital region
/// first.
#[rustfmt::skip]
const DISTRICTS: &[(District, u32)] = &[
    (District { sido: "서울특별시", sigungu: "강남구", postcodes: (6000, 6399), roads: &["테헤란로", "도산대로", "압구정로", "논현로", "선릉로", "봉은사로", "학동로"] }, 5),
    (District { sido: "서울특별시", sigungu: "서초구", postcodes: (6500, 6799), roads: &["서초대로", "반포대로", "강남대로", "방배로", "사평대로"] }, 4),
    (District { sido: "서울특별시", sigungu: "마포구", postcodes: (3900, 4199), roads: &["월드컵북로", "양화로", "독막로", "와우산로", "마포대로", "성미산로"] }, 5),
    (District { sido: "서울특별시", sigungu: "송파구", postcodes: (5500, 5899), roads: &["올림픽로", "송파대로", "백제고분로", "오금로", "가락로"] }, 5),
    (District { sido: "서울특별시", sigungu: "관악구", postcodes: (8700, 8899), roads: &["관악로", "남부순환로", "봉천로", "신림로"] }, 4),
    (District { sido: "서울특별시", sigungu: "노원구", postcodes: (1600, 1899), roads: &["동일로", "노원로", "상계로", "한글비석로"] }, 3),
    (District { sido: "서울특별시", sigungu: "성동구", postcodes: (4700, 4899), roads: &["왕십리로", "성수이로", "뚝섬로", "아차산로"] }, 3),
    (District { sido: "서울특별시", sigungu: "영등포구", postcodes: (7200, 7499), roads: &["여의대로", "국제금융로", "영중로", "당산로"] }, 3),
    (District { sido: "경기도", sigungu: "성남시 분당구", postcodes: (13400, 13699), roads: &["판교역로", "분당로", "황새울로", "정자일로", "불정로"] }, 5),
    (District { sido: "경기도", sigungu: "수원시 영통구", postcodes: (16500, 16699), roads: &["광교중앙로", "봉영로", "매영로", "영통로"] }, 4),
    (District { sido: "경기도", sigungu: "고양시 일산동구", postcodes: (10300, 10499), roads: &["중앙로", "일산로", "정발산로", "호수로"] }, 4),
    (District { sido: "경기도", sigungu: "용인시 수지구", postcodes: (16800, 16999), roads: &["포은대로", "수지로", "풍덕천로"] }, 3),
    (District { sido: "경기도", sigungu: "화성시", postcodes: (18300, 18599), roads: &["동탄대로", "동탄순환대로", "노작로"] }, 3),
    (District { sido: "경기도", sigungu: "부천시", postcodes: (14400, 14799), roads: &["길주로", "부천로", "소향로"] }, 3),
    (District { sido: "인천광역시", sigungu: "연수구", postcodes: (21900, 22099), roads: &["컨벤시아대로", "송도과학로", "인천타워대로"] }, 3),
    (District { sido: "인천광역시", sigungu: "남동구", postcodes: (21500, 21699), roads: &["구월로", "인하로", "예술로"] }, 2),
    (District { sido: "부산광역시", sigungu: "해운대구", postcodes: (48000, 48129), roads: &["해운대로", "센텀중앙로", "달맞이길", "우동1로"] }, 3),
    (District { sido: "부산광역시", sigungu: "부산진구", postcodes: (47100, 47399), roads: &["중앙대로", "서면로", "전포대로"] }, 3),
    (District { sido: "부산광역시", sigungu: "수영구", postcodes: (48200, 48299), roads: &["광안해변로", "수영로", "남천동로"] }, 2),
    (District { sido: "대구광역시", sigungu: "수성구", postcodes: (42000, 42299), roads: &["달구벌대로", "동대구로", "들안로"] }, 3),
    (District { sido: "대구광역시", sigungu: "중구", postcodes: (41900, 41999), roads: &["동성로", "국채보상로", "달구벌대로"] }, 2),
    (District { sido: "광주광역시", sigungu: "서구", postcodes: (61900, 62099), roads: &["상무중앙로", "치평로", "무진대로"] }, 2),
    (District { sido: "광주광역시", sigungu: "북구", postcodes: (61000, 61299), roads: &["용봉로", "서하로", "설죽로"] }, 2),
    (District { sido: "대전광역시", sigungu: "유성구", postcodes: (34000, 34299), roads: &["대학로", "유성대로", "엑스포로"] }, 2),
    (District { sido: "대전광역시", sigungu: "서구", postcodes: (35200, 35399), roads: &["둔산로", "한밭대로", "계룡로"] }, 2),
    (District { sido: "울산광역시", sigungu: "남구", postcodes: (44600, 44799), roads: &["삼산로", "번영로", "돋질로"] }, 2),
    (District { sido: "세종특별자치시", sigungu: "", postcodes: (30100, 30199), roads: &["한누리대로", "갈매로", "도움3로"] }, 1),
    (District { sido: "제주특별자치도", sigungu: "제주시", postcodes: (63100, 63299), roads: &["노형로", "연북로", "중앙로"] }, 1),
];

/// 배송메모 as buyers leave them; most leave none.
const DELIVERY_NOTES: &[(&str, u32)] = &[
    ("", 40),
    ("문 앞에 놓아 주세요", 20),
    ("경비실에 맡겨 주세요", 10),
    ("배송 전 연락 바랍니다", 8),
    ("부재 시 문 앞에 놓아 주세요", 8),
    ("택배함에 넣어 주세요", 5),
    ("부재 시 연락 주세요", 4),
    ("공동현관 비밀번호 #1234", 3),
    ("파손 위험 상품입니다. 조심히 다뤄 주세요", 2),
];

/// Card first, then the easy-pay wallets (카카오페이, 네이버페이 …).
const PAYMENT_METHODS: &[(&str, u32)] = &[
    ("card", 48),
    ("easy_pay", 27),
    ("transfer", 10),
    ("virtual_account", 8),
    ("mobile", 5),
    ("points", 2),
];

/// Hubs a parcel passes through; the location of an `in_transit` event.
const HUBS: &[&str] = &[
    "곤지암 메가허브",
    "대전 허브",
    "옥천 허브",
    "청원 서브터미널",
    "서울 강서 터미널",
    "부산 사상 터미널",
    "대구 서브터미널",
];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    name: String,
    phone: String,
    email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Recipient {
    name: String,
    phone: String,
    postcode: String,
    address: String,
    address_detail: String,
    note: String,
}

/// The middle group from 2000 up: the shape of the numbers people have.
fn mobile_phone(rng: &mut Rng) -> String {
    format!(
        "010-{:04}-{:04}",
        rng.between(2000, 9999),
        rng.below(10_000)
    )
}

fn given_name(rng: &mut Rng) -> &'static (&'static str, &'static str) {
    rng.pick(GIVEN_NAMES)
}

fn person(rng: &mut Rng) -> Person {
    let (surname, surname_roman) = *rng.weighted(SURNAMES);
    let (given, given_roman) = *given_name(rng);
    // Channels pass the e-mail on only when the buyer agreed to it.
    let email = if rng.percent(30) {
        String::new()
    } else {
        let local = match rng.below(4) {
            0 => format!("{given_roman}{:02}", rng.below(100)),
            1 => format!("{given_roman}.{surname_roman}"),
            2 => format!("{surname_roman}{given_roman}{}", rng.between(1, 999)),
            _ => format!("{given_roman}_{surname_roman}{:02}", rng.below(100)),
        };
        format!("{local}@{}", rng.weighted(MAIL_DOMAINS))
    };
    Person {
        name: format!("{surname}{given}"),
        phone: mobile_phone(rng),
        email,
    }
}

/// Postcode, road address and detail of one household.
fn address(rng: &mut Rng) -> (String, String, String) {
    let district = rng.weighted(DISTRICTS);
    let postcode = format!(
        "{:05}",
        rng.between(
            u64::from(district.postcodes.0),
            u64::from(district.postcodes.1)
        )
    );
    let road = rng.pick(district.roads);
    // Side streets are named after the road they leave: 분당로53번길 11.
    let number = if road.ends_with('로') && rng.percent(30) {
        format!(
            "{road}{}번길 {}",
            rng.between(1, 60) * 2 - 1,
            rng.between(1, 40)
        )
    } else {
        format!("{road} {}", rng.between(1, 400))
    };
    let place = if district.sigungu.is_empty() {
        format!("{} {number}", district.sido)
    } else {
        format!("{} {} {number}", district.sido, district.sigungu)
    };
    let detail = match rng.weighted(&[(0u8, 45), (1, 20), (2, 15), (3, 10), (4, 10)]) {
        0 => format!(
            "{}동 {}{:02}호",
            rng.between(101, 118),
            rng.between(1, 25),
            rng.between(1, 4)
        ),
        1 => format!("{}0{}호", rng.between(1, 5), rng.between(1, 4)),
        2 => format!("{}층", rng.between(2, 15)),
        3 => String::new(),
        _ => format!("{}호", rng.between(1, 19) * 100 + rng.between(1, 30)),
    };
    (postcode, place, detail)
}

fn recipient(rng: &mut Rng, buyer: &Person) -> Recipient {
    let (name, phone) = match rng.weighted(&[(0u8, 72), (1, 18), (2, 10)]) {
        0 => (buyer.name.clone(), buyer.phone.clone()),
        // A parent or sibling at the family home: same surname.
        1 => {
            let surname: String = buyer.name.chars().take(1).collect();
            (format!("{surname}{}", given_name(rng).0), mobile_phone(rng))
        }
        // A present, or the office of a friend.
        _ => (person(rng).name, mobile_phone(rng)),
    };
    let (postcode, address, address_detail) = address(rng);
    let note = (*rng.weighted(DELIVERY_NOTES)).to_owned();
    Recipient {
        name,
        phone,
        postcode,
        address,
        address_detail,
        note,
    }
}

// ---------------------------------------------------------------------------
// The catalogue a channel sells

#[derive(Debug, Clone, Deserialize)]
struct FeedPage {
    #[serde(default)]
    products: Vec<FeedProduct>,
    #[serde(default)]
    next_cursor: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct FeedProduct {
    product_id: i64,
    shop_id: i64,
    sale_price: i64,
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
struct Product {
    product_id: i64,
    shop_id: i64,
    sale_price: i64,
    shipping_fee: i64,
    free_shipping_over: i64,
    variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Variant {
    variant_id: i64,
    extra_price: i64,
    stock: i64,
}

impl Product {
    fn from_feed(p: FeedProduct) -> Option<Product> {
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
            sale_price: p.sale_price,
            shipping_fee: p.shipping_fee.max(0),
            free_shipping_over: p.free_shipping_over.max(0),
            variants,
        })
    }
}

fn variant_count(catalogue: &[Product]) -> usize {
    catalogue.iter().map(|p| p.variants.len()).sum()
}

/// Sold here: the next buyer should not be offered what is gone.
fn take_stock(catalogue: &mut Vec<Product>, variant_id: i64, quantity: i64) {
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

fn drop_variant(catalogue: &mut Vec<Product>, variant_id: i64) {
    take_stock(catalogue, variant_id, i64::MAX / 2);
}

fn drop_product_of(catalogue: &mut Vec<Product>, variant_id: i64) {
    let product = catalogue
        .iter()
        .find(|p| p.variants.iter().any(|v| v.variant_id == variant_id))
        .map(|p| p.product_id);
    if let Some(product) = product {
        catalogue.retain(|p| p.product_id != product);
    }
}

// ---------------------------------------------------------------------------
// Orders

/// One item of an order before it is written down.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    shop_id: i64,
    variant_id: i64,
    quantity: i64,
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
fn simulated_order(
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
struct OrderIds {
    nonce: u64,
}

impl OrderIds {
    fn for_this_run() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        Self {
            nonce: splitmix(nanos ^ (u64::from(std::process::id()) << 32)),
        }
    }

    fn id(&self, prefix: &str, date: &str, counter: u64) -> String {
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
fn channel_prefix(code: &str) -> String {
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
fn channel_weight(code: &str) -> u32 {
    match code {
        "zigzag" => 5,
        "fashionbykakao" => 3,
        "posty" => 2,
        _ => 3,
    }
}

/// Korean time: channels, buyers and couriers all live in it.
fn korean_now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc() + chrono::TimeDelta::hours(9)
}

fn rfc3339_kst(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+09:00").to_string()
}

/// The variant an error's `field` (`items[1].variant_id`) points at.
fn variant_of_field(field: Option<&str>, lines: &[Line]) -> Option<i64> {
    let rest = field?.strip_prefix("items[")?;
    let index: usize = rest[..rest.find(']')?].parse().ok()?;
    lines.get(index).map(|l| l.variant_id)
}

// ---------------------------------------------------------------------------
// After the sale: claims, questions and reviews

/// What the order loop learnt about a bought item, for the buyer's later
/// acts (an exchange needs another option of the same product).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bought {
    /// Other options of the product in stock when it was bought.
    others: Vec<i64>,
    buyer_name: String,
}

/// Items bought during this run and products each channel sells, shared by
/// the order loop (which learns them) and the buyers (who act on them).
#[derive(Debug, Default)]
struct Purchases {
    items: std::collections::HashMap<(usize, String, String), Bought>,
    oldest: std::collections::VecDeque<(usize, String, String)>,
    products: std::collections::HashMap<usize, Vec<i64>>,
}

/// Old purchases are forgotten past this many items.
const REMEMBERED: usize = 20_000;

impl Purchases {
    fn remember(&mut self, channel: usize, order_id: &str, item_id: &str, bought: Bought) {
        let key = (channel, order_id.to_owned(), item_id.to_owned());
        if self.items.insert(key.clone(), bought).is_none() {
            self.oldest.push_back(key);
        }
        while self.oldest.len() > REMEMBERED {
            if let Some(old) = self.oldest.pop_front() {
                self.items.remove(&old);
            }
        }
    }

    fn bought(&self, channel: usize, order_id: &str, item_id: &str) -> Option<Bought> {
        self.items
            .get(&(channel, order_id.to_owned(), item_id.to_owned()))
            .cloned()
    }
}

/// What the buyers post, for the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Claim,
    Question,
    Review,
}

/// `김민지` → `김*지`, as channels show buyers to sellers.
fn masked(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => "구매자".to_owned(),
        1 => format!("{}*", chars[0]),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Reasons a buyer cancels a paid order, with what they write.
const CANCEL_REASONS: &[((&str, &[&str]), u32)] = &[
    (
        (
            "change_of_mind",
            &[
                "다른 상품으로 다시 주문할게요.",
                "충동구매였어요. 취소 부탁드립니다.",
                "같은 상품을 더 싸게 파는 곳을 찾았어요.",
                "",
            ],
        ),
        60,
    ),
    (
        (
            "size_mismatch",
            &[
                "사이즈를 잘못 선택했어요. 다시 주문하겠습니다.",
                "M으로 주문해야 했는데 S로 눌렀어요.",
            ],
        ),
        15,
    ),
    (
        (
            "color_mismatch",
            &["색상을 잘못 골랐어요.", "블랙으로 다시 주문할게요."],
        ),
        10,
    ),
    (
        (
            "other",
            &[
                "배송지를 잘못 입력해서 다시 주문하려고요.",
                "결제 수단을 바꿔서 다시 주문할게요.",
            ],
        ),
        15,
    ),
];

/// Reasons a delivered item goes back, with what buyers write.
const RETURN_REASONS: &[((&str, &[&str]), u32)] = &[
    (
        (
            "change_of_mind",
            &[
                "생각했던 핏이 아니라서 반품할게요.",
                "입어 보니 저랑 안 어울려요.",
                "비슷한 옷이 이미 있어서 반품합니다.",
            ],
        ),
        30,
    ),
    (
        (
            "size_mismatch",
            &[
                "평소 M 입는데 많이 작게 나왔어요.",
                "총장이 생각보다 길어요.",
                "어깨가 너무 끼어요.",
            ],
        ),
        30,
    ),
    (
        (
            "color_mismatch",
            &[
                "화면으로 본 것보다 색이 훨씬 어두워요.",
                "아이보리인 줄 알았는데 노란 기가 많이 돌아요.",
            ],
        ),
        10,
    ),
    (
        (
            "defective",
            &[
                "소매 쪽 실밥이 풀려 있고 얼룩이 있어요.",
                "지퍼가 중간에서 걸려서 안 올라가요.",
                "단추 하나가 떨어져서 왔어요.",
            ],
        ),
        15,
    ),
    (
        (
            "wrong_item",
            &[
                "주문한 색상과 다른 상품이 왔어요.",
                "L을 주문했는데 S가 왔어요.",
            ],
        ),
        10,
    ),
    (
        (
            "late_delivery",
            &["필요한 날짜보다 늦게 와서 입을 일이 없어졌어요."],
        ),
        5,
    ),
];

/// Reasons to exchange for another option.
const EXCHANGE_REASONS: &[((&str, &[&str]), u32)] = &[
    (
        (
            "size_mismatch",
            &[
                "한 치수 큰 걸로 교환 원해요.",
                "조금 커서 한 치수 작은 걸로 바꾸고 싶어요.",
                "품이 작아요. 다음 사이즈로 교환 부탁드려요.",
            ],
        ),
        70,
    ),
    (
        (
            "color_mismatch",
            &[
                "색상이 생각과 달라서 다른 색으로 교환할게요.",
                "실물 색이 너무 밝아요. 다른 색으로 바꿔 주세요.",
            ],
        ),
        20,
    ),
    (
        (
            "defective",
            &["보풀이 심하게 일어난 상태로 왔어요. 같은 옵션으로 교환이 안 되면 다른 옵션도 괜찮아요."],
        ),
        10,
    ),
];

fn claim_body(
    rng: &mut Rng,
    kind: &str,
    channel_order_id: &str,
    channel_item_id: &str,
    exchange_to: Option<i64>,
) -> Value {
    let reasons = match kind {
        "cancel" => CANCEL_REASONS,
        "exchange" => EXCHANGE_REASONS,
        _ => RETURN_REASONS,
    };
    let (reason, texts) = *rng.weighted(reasons);
    let mut body = json!({
        "channel_claim_id": format!("{channel_order_id}-C{}{channel_item_id}", kind[..1].to_uppercase()),
        "channel_order_id": channel_order_id,
        "channel_item_id": channel_item_id,
        "kind": kind,
        "reason": reason,
        "reason_text": *rng.pick(texts),
        "requested_at": rfc3339_kst(korean_now()),
    });
    if let Some(variant) = exchange_to {
        body["exchange_variant_id"] = Value::from(variant);
    }
    body
}

/// Questions about a product: category, title and what buyers ask.
const PRODUCT_QUESTIONS: &[((&str, &str, &[&str]), u32)] = &[
    (
        (
            "size",
            "사이즈 문의",
            &[
                "키 163에 55 입는데 S랑 M 중 어떤 게 맞을까요?",
                "어깨너비랑 총장 실측 사이즈 알려 주실 수 있나요?",
                "평소 100 입는 남자인데 L 사면 될까요?",
                "허리 28인데 M 입으면 많이 클까요?",
            ],
        ),
        35,
    ),
    (
        (
            "restock",
            "재입고 문의",
            &[
                "블랙 M 사이즈 재입고 예정 있나요?",
                "품절된 아이보리 색상 언제 다시 들어오나요?",
                "재입고되면 알림 받을 수 있을까요?",
            ],
        ),
        25,
    ),
    (
        (
            "delivery",
            "배송 문의",
            &[
                "오늘 주문하면 언제 발송되나요?",
                "제주도도 배송되나요? 추가 배송비가 있나요?",
                "주말 전에 받아 볼 수 있을까요?",
            ],
        ),
        20,
    ),
    (
        (
            "product",
            "상품 문의",
            &[
                "소재가 어떻게 되나요? 니트인데 따가운지 궁금해요.",
                "흰색은 많이 비치나요?",
                "세탁기 돌려도 줄어들지 않나요?",
                "안감이 있는 제품인가요?",
            ],
        ),
        20,
    ),
];

fn product_question(rng: &mut Rng, channel_inquiry_id: &str, product_id: i64) -> Value {
    let (category, title, texts) = *rng.weighted(PRODUCT_QUESTIONS);
    json!({
        "channel_inquiry_id": channel_inquiry_id,
        "kind": "product",
        "product_id": product_id,
        "buyer_name": masked(&person(rng).name),
        "category": category,
        "title": title,
        "body": *rng.pick(texts),
        "secret": rng.percent(15),
        "asked_at": rfc3339_kst(korean_now()),
    })
}

/// Questions about an order: before it ships (배송) and after (교환·반품).
const ORDER_QUESTIONS_PAID: &[&str] = &[
    "언제 발송되나요? 이번 주 안에 받아야 해서요.",
    "배송지를 회사 주소로 바꿀 수 있을까요?",
    "주문한 두 개 같이 묶어서 보내 주세요.",
    "선물용인데 가격표 빼고 보내 주실 수 있나요?",
];
const ORDER_QUESTIONS_DELIVERED: &[&str] = &[
    "교환하려면 어떻게 보내면 되나요?",
    "반품 택배는 따로 불러야 하나요?",
    "택을 떼어 버렸는데 반품 가능한가요?",
];

fn order_question(
    rng: &mut Rng,
    channel_order_id: &str,
    channel_item_id: &str,
    after_delivery: bool,
    buyer_name: &str,
) -> Value {
    let (category, title, texts) = if after_delivery {
        (
            "exchange_return",
            "교환/반품 문의",
            ORDER_QUESTIONS_DELIVERED,
        )
    } else {
        ("delivery", "배송 문의", ORDER_QUESTIONS_PAID)
    };
    json!({
        "channel_inquiry_id": format!("{channel_order_id}-Q{channel_item_id}"),
        "kind": "order",
        "channel_order_id": channel_order_id,
        "channel_item_id": channel_item_id,
        "buyer_name": masked(buyer_name),
        "category": category,
        "title": title,
        "body": *rng.pick(texts),
        "secret": rng.percent(30),
        "asked_at": rfc3339_kst(korean_now()),
    })
}

/// Ratings lean positive, as on Korean fashion channels.
const RATINGS: &[(i64, u32)] = &[(5, 58), (4, 24), (3, 9), (2, 5), (1, 4)];

const REVIEW_TEXTS: &[(i64, &[&str])] = &[
    (
        5,
        &[
            "핏이 너무 예뻐요! 색감도 사진이랑 똑같아요. 다른 색도 살게요.",
            "배송 빠르고 포장도 꼼꼼했어요. 소재가 부드러워서 매일 입어요.",
            "정사이즈로 주문했는데 딱 맞아요. 강력 추천합니다.",
            "가격 대비 퀄리티 최고예요. 재구매 의사 있어요!",
            "생각보다 두께감 있고 따뜻해요. 엄마도 하나 사 드렸어요.",
        ],
    ),
    (
        4,
        &[
            "전체적으로 만족해요. 다만 소매가 살짝 길어요.",
            "예쁜데 배송이 조금 늦었어요. 옷은 마음에 들어요.",
            "색이 화면보다 조금 어둡지만 그래도 예뻐요.",
            "한 번 세탁했는데 줄지 않았어요. 보풀만 조금 생기네요.",
        ],
    ),
    (
        3,
        &[
            "무난해요. 가격 생각하면 괜찮은 편이에요.",
            "생각보다 얇아서 봄 가을용이에요.",
            "사이즈가 조금 크게 나왔어요. 한 치수 작게 사세요.",
        ],
    ),
    (
        2,
        &[
            "실밥이 여기저기 나와 있어서 아쉬워요.",
            "사진이랑 색이 많이 달라요.",
        ],
    ),
    (
        1,
        &[
            "한 번 빨았더니 많이 줄었어요. 실망입니다.",
            "냄새가 심해서 빨아도 안 빠져요.",
        ],
    ),
];

fn review_body(
    rng: &mut Rng,
    channel_order_id: &str,
    channel_item_id: &str,
    buyer_name: &str,
) -> Value {
    let rating = *rng.weighted(RATINGS);
    let texts = REVIEW_TEXTS
        .iter()
        .find(|(r, _)| *r == rating)
        .map_or(REVIEW_TEXTS[0].1, |(_, t)| *t);
    // The product feed carries no photo URLs, and the simulator invents no
    // outside ones: reviews come without photos.
    let photos: Vec<String> = Vec::new();
    json!({
        "channel_review_id": format!("{channel_order_id}-R{channel_item_id}"),
        "channel_order_id": channel_order_id,
        "channel_item_id": channel_item_id,
        "rating": rating,
        "body": *rng.pick(texts),
        "photos": photos,
        "buyer_name": masked(buyer_name),
        "written_at": rfc3339_kst(korean_now()),
    })
}

// ---------------------------------------------------------------------------
// HTTP

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    /// No answer at all: the app is down, restarting or hung.
    Down(String),
    /// An answer other than 2xx, with the contract's error body if any.
    Http {
        status: u16,
        code: String,
        message: String,
        field: Option<String>,
    },
    /// A 2xx whose body is not what the contract says.
    Garbled(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Down(why) => write!(f, "no answer: {why}"),
            Failure::Http {
                status,
                code,
                message,
                field: Some(field),
            } => {
                write!(f, "HTTP {status} {code} ({field}): {message}")
            }
            Failure::Http {
                status,
                code,
                message,
                field: None,
            } => write!(f, "HTTP {status} {code}: {message}"),
            Failure::Garbled(why) => write!(f, "unexpected answer: {why}"),
        }
    }
}

#[derive(Clone)]
struct Api {
    client: Client<HttpConnector, Full<Bytes>>,
    /// Without a trailing slash.
    base: String,
}

impl Api {
    fn new(base: String) -> Self {
        Self {
            client: Client::builder(TokioExecutor::new()).build_http(),
            base,
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        key: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), Failure> {
        let uri: Uri = format!("{}{path}", self.base)
            .parse()
            .map_err(|e| Failure::Garbled(format!("URL {path}: {e}")))?;
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, "partner-center-simulate")
            .header(header::AUTHORIZATION, format!("Bearer {key}"));
        let bytes = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Bytes::from(value.to_string())
            }
            None => Bytes::new(),
        };
        let request = builder
            .body(Full::new(bytes))
            .map_err(|e| Failure::Garbled(e.to_string()))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| Failure::Down(error_chain(&e)))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| Failure::Down(error_chain(&e)))?
                .to_bytes();
            Ok::<_, Failure>((status, body))
        };
        let (status, body) = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .map_err(|_| {
                Failure::Down(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))
            })??;
        let value: Option<Value> = serde_json::from_slice(&body).ok();
        if (200..300).contains(&status) {
            return value
                .map(|v| (status, v))
                .ok_or_else(|| Failure::Garbled(format!("HTTP {status} without JSON")));
        }
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let (code, message, field) = match &value {
            Some(v) => (
                text(v, "code").unwrap_or_else(|| format!("http_{status}")),
                text(v, "message").unwrap_or_default(),
                text(v, "field"),
            ),
            None => (
                format!("http_{status}"),
                String::from_utf8_lossy(&body).chars().take(200).collect(),
                None,
            ),
        };
        Err(Failure::Http {
            status,
            code,
            message,
            field,
        })
    }
}

/// hyper's errors say "client error (Connect)"; the cause (connection
/// refused …) is further down the chain.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Query values are opaque (cursors): escape all but the unreserved.
fn escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs an unreachable app once when it goes away and once when it is back,
/// not at every retry.
struct Health {
    what: &'static str,
    down: bool,
}

impl Health {
    fn new(what: &'static str) -> Self {
        Self { what, down: false }
    }

    fn failed(&mut self, why: &str, base: &str, backoff: Duration) {
        if !self.down {
            tracing::warn!(%base, error = why, "simulate: the app does not answer ({}); retrying every {} s", self.what, backoff.as_secs());
        }
        self.down = true;
    }

    fn answered(&mut self) {
        if self.down {
            tracing::info!("simulate: the app answers again ({})", self.what);
        }
        self.down = false;
    }
}

// ---------------------------------------------------------------------------
// Keys

#[derive(Debug, Clone, PartialEq, Eq)]
struct Keys {
    base_url: Option<String>,
    /// Channel code → key, in a stable order so that a seed replays.
    channels: BTreeMap<String, String>,
    carrier: Option<String>,
}

fn parse_keys(text: &str) -> Result<Keys, String> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        base_url: Option<String>,
        #[serde(default)]
        channels: BTreeMap<String, String>,
        #[serde(default)]
        carrier: Option<String>,
    }
    let file: File = serde_json::from_str(text)
        .map_err(|e| format!("not the keys file of the contract: {e}"))?;
    let channels = file
        .channels
        .into_iter()
        .filter(|(code, key)| !code.is_empty() && !key.trim().is_empty())
        .collect();
    Ok(Keys {
        base_url: file.base_url.filter(|u| !u.trim().is_empty()),
        channels,
        carrier: file.carrier.filter(|k| !k.trim().is_empty()),
    })
}

/// The command line wins over the keys file: the file names the address the
/// app listened on when it wrote it, which a proxy or a port change outdates.
fn base_url(option: &str, file: Option<&str>) -> Result<String, String> {
    let chosen = if option.trim().is_empty() {
        file.unwrap_or("").trim()
    } else {
        option.trim()
    };
    if chosen.is_empty() {
        return Err("no base URL: give --base-url or a keys file with base_url".to_owned());
    }
    if chosen.starts_with("https://") {
        return Err(format!(
            "{chosen}: the simulator speaks plain HTTP only; point it at the app itself (http://…)"
        ));
    }
    if !chosen.starts_with("http://") {
        return Err(format!("{chosen}: the base URL must start with http://"));
    }
    let base = chosen.trim_end_matches('/').to_owned();
    let uri: Uri = base.parse().map_err(|e| format!("{chosen}: {e}"))?;
    if uri.authority().is_none() {
        return Err(format!("{chosen}: no host"));
    }
    Ok(base)
}

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
    }
    let api = Api::new(base.clone());
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

/// A channel as the order loop sees it.
struct Shopfront<'a> {
    code: &'a str,
    key: &'a str,
    prefix: String,
    catalogue: Vec<Product>,
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

async fn order_loop(
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
                    Some((body, lines)) => {
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

async fn delivery_loop(
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

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each 시·도's five-digit postcodes begin (국가기초구역 first two
    /// digits), against which generated ones are checked.
    const REGION_PREFIXES: &[(&str, u32, u32)] = &[
        ("서울특별시", 1, 9),
        ("경기도", 10, 18),
        ("인천광역시", 21, 23),
        ("세종특별자치시", 30, 30),
        ("대전광역시", 34, 35),
        ("대구광역시", 41, 43),
        ("울산광역시", 44, 45),
        ("부산광역시", 46, 49),
        ("광주광역시", 61, 62),
        ("제주특별자치도", 63, 63),
    ];

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

    fn is_phone(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        parts.len() == 3
            && parts[0] == "010"
            && parts[1].len() == 4
            && parts[2].len() == 4
            && parts[1..]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    }

    #[test]
    fn a_mobile_number_is_010_then_two_groups_of_four_digits() {
        let mut rng = Rng::new(1);
        for _ in 0..1_000 {
            let phone = mobile_phone(&mut rng);
            assert!(is_phone(&phone), "{phone}");
            assert!(
                !phone[4..].starts_with('0') && !phone[4..].starts_with('1'),
                "{phone}"
            );
        }
    }

    #[test]
    fn a_buyer_is_a_common_surname_and_a_two_syllable_given_name() {
        let mut rng = Rng::new(2);
        let mut without_email = 0;
        for _ in 0..1_000 {
            let buyer = person(&mut rng);
            let chars: Vec<char> = buyer.name.chars().collect();
            assert_eq!(chars.len(), 3, "{}", buyer.name);
            assert!(
                chars.iter().all(|c| ('가'..='힣').contains(c)),
                "{}",
                buyer.name
            );
            let surname = chars[0].to_string();
            assert!(
                SURNAMES.iter().any(|((s, _), _)| *s == surname),
                "{}",
                buyer.name
            );
            let given: String = chars[1..].iter().collect();
            assert!(
                GIVEN_NAMES.iter().any(|(g, _)| *g == given),
                "{}",
                buyer.name
            );
            assert!(is_phone(&buyer.phone));
            if buyer.email.is_empty() {
                without_email += 1;
            } else {
                let (local, domain) = buyer.email.split_once('@').expect("an address has an @");
                assert!(
                    !local.is_empty()
                        && local
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
                );
                assert!(domain.starts_with("example."), "{}", buyer.email);
            }
        }
        assert!(
            (150..450).contains(&without_email),
            "{without_email} of 1000 without e-mail"
        );
    }

    #[test]
    fn an_address_is_a_road_address_with_a_postcode_of_its_region() {
        let mut rng = Rng::new(3);
        for _ in 0..2_000 {
            let (postcode, address, detail) = address(&mut rng);
            assert_eq!(postcode.len(), 5, "{postcode}");
            assert!(postcode.bytes().all(|b| b.is_ascii_digit()));
            let sido = address.split(' ').next().unwrap_or_default();
            let (_, low, high) = REGION_PREFIXES
                .iter()
                .find(|(s, _, _)| *s == sido)
                .expect("a known 시·도");
            let prefix: u32 = postcode[..2].parse().unwrap_or_default();
            assert!(
                (*low..=*high).contains(&prefix),
                "{postcode} is not in {sido}"
            );
            // Road name (…로 / …길 / …번길) followed by a building number.
            let words: Vec<&str> = address.split(' ').collect();
            let number = words[words.len() - 1];
            let road = words[words.len() - 2];
            assert!(number.parse::<u32>().is_ok_and(|n| n >= 1), "{address}");
            assert!(road.ends_with('로') || road.ends_with('길'), "{address}");
            assert!(
                detail.is_empty() || detail.ends_with('호') || detail.ends_with('층'),
                "{detail}"
            );
        }
        for (district, _) in DISTRICTS {
            let (low, high) = district.postcodes;
            let (_, first, last) = REGION_PREFIXES
                .iter()
                .find(|(s, _, _)| *s == district.sido)
                .expect("known 시·도");
            assert!(
                low <= high
                    && (*first..=*last).contains(&(low / 1000))
                    && (*first..=*last).contains(&(high / 1000))
            );
        }
    }

    #[test]
    fn a_recipient_is_usually_the_buyer_and_sometimes_someone_else() {
        let mut rng = Rng::new(4);
        let mut others = 0;
        for _ in 0..1_000 {
            let buyer = person(&mut rng);
            let to = recipient(&mut rng, &buyer);
            assert!(is_phone(&to.phone));
            assert!(DELIVERY_NOTES.iter().any(|(n, _)| *n == to.note));
            if to.name != buyer.name || to.phone != buyer.phone {
                others += 1;
            }
        }
        assert!(
            (150..450).contains(&others),
            "{others} of 1000 sent to someone else"
        );
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
    fn the_demo_keys_file_is_read_and_the_command_line_url_wins() {
        let keys = parse_keys(
            r#"{"base_url": "http://127.0.0.1:3000", "channels": {"zigzag": "k1.s1", "posty": "k3.s3", "fashionbykakao": "k2.s2"}, "carrier": "k4.s4"}"#,
        )
        .expect("the demo file");
        assert_eq!(
            keys.channels.keys().collect::<Vec<_>>(),
            ["fashionbykakao", "posty", "zigzag"]
        );
        assert_eq!(keys.carrier.as_deref(), Some("k4.s4"));
        assert_eq!(
            base_url("http://localhost:8080/", keys.base_url.as_deref()),
            Ok("http://localhost:8080".to_owned())
        );
        assert_eq!(
            base_url("", keys.base_url.as_deref()),
            Ok("http://127.0.0.1:3000".to_owned())
        );
        assert!(base_url("https://shop.example.com", None).is_err());
        assert!(base_url("", None).is_err());
        assert!(parse_keys("not json").is_err());
        assert!(parse_keys(r#"{"channels": {"zigzag": 1}}"#).is_err());
    }

    #[test]
    fn cursors_are_escaped_in_the_query() {
        assert_eq!(escape("abc-_.~09"), "abc-_.~09");
        assert_eq!(escape("a b+c=/"), "a%20b%2Bc%3D%2F");
    }

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

    #[test]
    fn buyers_are_shown_masked() {
        assert_eq!(masked("김민지"), "김*지");
        assert_eq!(masked("남궁민수"), "남**수");
        assert_eq!(masked("이안"), "이*");
        assert_eq!(masked(""), "구매자");
    }

    #[test]
    fn ratings_lean_positive_and_every_rating_has_texts() {
        let mut rng = Rng::new(3);
        let ratings: Vec<i64> = (0..2_000)
            .map(|_| {
                review_body(&mut rng, "ZZ-1", "1", "김민지")["rating"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        let fives = ratings.iter().filter(|r| **r == 5).count();
        let ones = ratings.iter().filter(|r| **r == 1).count();
        assert!(
            fives > 1_000 && ones < 200 && ones > 20,
            "{fives} fives, {ones} ones"
        );
        assert!(
            ratings.iter().sum::<i64>() * 10 / 2_000 >= 42,
            "mean rating about 4.3"
        );
        for (rating, _) in RATINGS {
            assert!(REVIEW_TEXTS
                .iter()
                .any(|(r, texts)| r == rating && !texts.is_empty()));
        }
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
