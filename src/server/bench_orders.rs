//! `partner-center bench orders`: the order list and the Channel API intake
//! measured at the scale the issue states, on SQLite and on PostgreSQL, each
//! on a fresh database of its own.
//!
//! Data: 1,000 approved shops with products and variants, 1,000,000 order
//! items (200,000 of them in shop 1, the rest spread over the other 999
//! shops) in about 725,000 buyer orders paid over the last 365 days, written
//! in multi-row inserts with explicit ids (the order number needs the buyer
//! order's id, as intake makes it), in transactions of ~100,000 items, then
//! 매출 현황's rollup rebuilt in one pass, then ANALYZE. The generated items
//! have no `order_item_events` rows: nothing measured here reads them.
//!
//! Server time of a list page is what the server function does after
//! authentication: `orders::ssr::list` (the page and the tab counts) and the
//! JSON encoding of the answer, in process, for the largest shop. Each
//! operation runs 200 times after 20 warm-up runs; p50 and p95 are reported
//! against the target. Intake is timed through the Channel API over real
//! HTTP: the app's router on a local port, 5,000 one-item orders posted by
//! 16 clients at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use sqlx::{AnyConnection, Connection};

use crate::channel_api::{create_client, ClientKind};
use crate::orders::ssr::{counts, format_phone, list, PAGE_SIZE};
use crate::orders::{OrderPage, OrderQuery};
use crate::products::demo::Lcg;
use crate::db::sql::Arg::{self, Int, Text};
use crate::server::bench::{ms, percentile, BenchDb, OrderPoster};
use crate::config::Config;
use crate::db::{now_millis, Backend};
use crate::server::AppState;

pub const SHOPS: usize = 1_000;
pub const ITEMS: usize = 1_000_000;
/// Items of shop 1, the largest; the rest go to the other 999 shops.
pub const BIG_SHOP_ITEMS: usize = 200_000;
const BIG_SHOP_PRODUCTS: usize = 300;
const SHOP_PRODUCTS: usize = 5;
const VARIANTS_PER_PRODUCT: usize = 4;
const VARIANT_STOCK: i64 = 100_000;
const DAYS: i64 = 365;
/// Items written per transaction.
const ITEMS_PER_TX: usize = 100_000;
const DEPTH: usize = 5_000;

const RUNS: usize = 200;
const WARM_UP: usize = 20;
const LIST_TARGET_MS: f64 = 20.0;
const COUNTS_TARGET_MS: f64 = 50.0;

const INTAKE_ORDERS: usize = 5_000;
const INTAKE_WARM_UP: usize = 100;
const INTAKE_CONCURRENCY: usize = 16;
const INTAKE_TARGET_PER_S: f64 = 500.0;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MS: i64 = 60 * 60 * 1000;

const SURNAMES: &[&str] = &[
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍",
];
const GIVEN: &[&str] = &[
    "민지", "서연", "지우", "하은", "수아", "지민", "예린", "유진", "채원", "다은", "소윤", "지아", "서윤", "하린", "민서",
    "예은", "수빈", "지현", "은비", "나연", "도윤", "서준", "하준", "지호", "민준", "현우", "준서", "건우", "우진", "은서",
    "가은", "윤아", "혜진", "소연", "미정", "은지", "보람", "슬기", "아름", "주희",
];
const ADJECTIVES: &[&str] = &[
    "데일리", "베이직", "프렌치", "빈티지", "모던", "로맨틱", "캐주얼", "클래식", "미니멀", "시그니처",
];
const ITEM_NAMES: &[(&str, &str, i64)] = &[
    ("울 블렌드 롱 코트", "아우터>코트", 129_000),
    ("크롭 트위드 재킷", "아우터>재킷", 89_000),
    ("코튼 라운드 티셔츠", "상의>티셔츠", 19_000),
    ("리본 타이 블라우스", "상의>블라우스", 39_000),
    ("오버핏 스트라이프 셔츠", "상의>셔츠", 35_000),
    ("캐시미어 라운드 니트", "상의>니트", 69_000),
    ("플라워 미디 원피스", "원피스>미디원피스", 59_000),
    ("핀턱 와이드 슬랙스", "팬츠>슬랙스", 45_000),
    ("하이웨스트 데님", "팬츠>데님", 49_000),
    ("플리츠 롱 스커트", "스커트>롱스커트", 42_000),
    ("클래식 페니 로퍼", "신발>로퍼", 79_000),
    ("하프문 숄더백", "가방>숄더백", 65_000),
    ("울 베레모", "액세서리>모자", 25_000),
    ("캐시미어 머플러", "액세서리>스카프", 39_000),
    ("린넨 셔츠 원피스", "원피스>셔츠원피스", 55_000),
    ("퀼팅 패딩 점퍼", "아우터>패딩", 119_000),
    ("앙고라 가디건", "상의>가디건", 49_000),
    ("코듀로이 팬츠", "팬츠>면바지", 39_000),
    ("새틴 슬립 스커트", "스커트>미디스커트", 36_000),
    ("레더 앵클 부츠", "신발>부츠", 99_000),
];
const COLOURS: &[&str] = &["블랙", "아이보리"];
const SIZES: &[&str] = &["S", "M"];
const ADDRESSES: &[(&str, &str)] = &[
    ("04001", "서울특별시 마포구 월드컵북로 12"),
    ("06236", "서울특별시 강남구 테헤란로 152"),
    ("03187", "서울특별시 종로구 세종대로 175"),
    ("13529", "경기도 성남시 분당구 판교역로 235"),
    ("48058", "부산광역시 해운대구 센텀중앙로 79"),
    ("41940", "대구광역시 중구 동성로 20"),
    ("21999", "인천광역시 연수구 송도과학로 32"),
    ("61475", "광주광역시 동구 금남로 245"),
    ("34126", "대전광역시 유성구 대학로 99"),
    ("63122", "제주특별자치도 제주시 첨단로 242"),
];
const NOTES: &[&str] = &["", "", "문 앞에 놓아 주세요", "부재 시 경비실에 맡겨 주세요", "배송 전 연락 부탁드립니다"];
const PAYMENTS: &[&str] = &[
    "card", "card", "card", "card", "card", "card", "easy_pay", "easy_pay", "easy_pay", "transfer", "virtual_account", "mobile",
];

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn thousands(n: usize) -> String {
    crate::format::format_number(n as i64)
}

/// Rows of one table written in multi-row INSERTs with explicit ids.
///
/// PostgreSQL: bound parameters, as many rows per statement as its 65,535
/// limit allows. SQLite: the values written into the statement as literals
/// (integers, and text in quotes with quotes doubled; the generator's own
/// strings), 500 rows a statement. Binding is no option there at this size:
/// sqlx looks up the name of every parameter with
/// `sqlite3_bind_parameter_name`, which walks the statement's parameter list,
/// so a statement of n parameters costs n² (a 32,766-parameter insert spent
/// most of a second there, and the load took ~25 minutes).
struct Batch {
    head: String,
    cols: usize,
    per_statement: usize,
    inline: bool,
    full_sql: Option<String>,
    args: Vec<Arg>,
}

impl Batch {
    fn new(backend: Backend, table: &str, columns: &[&str]) -> Self {
        // Identity columns on PostgreSQL take a given id only when told so.
        let overriding = if backend == Backend::Postgres { " OVERRIDING SYSTEM VALUE" } else { "" };
        let inline = backend == Backend::Sqlite;
        Self {
            head: format!("INSERT INTO {table} ({}){overriding} VALUES ", columns.join(", ")),
            cols: columns.len(),
            per_statement: if inline { 500 } else { (65_535 / columns.len()).min(1_000) },
            inline,
            full_sql: None,
            args: Vec::new(),
        }
    }

    /// The statement with placeholders for `rows` rows.
    fn sql(&self, rows: usize) -> String {
        let mut sql = self.head.clone();
        let mut n = 0;
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..self.cols {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
        sql
    }

    /// The statement with the waiting rows written in.
    fn literal_sql(&mut self) -> String {
        use std::fmt::Write;
        let mut sql = String::with_capacity(self.head.len() + self.args.len() * 16);
        sql.push_str(&self.head);
        for (i, a) in self.args.drain(..).enumerate() {
            let c = i % self.cols;
            sql.push_str(match (i, c) {
                (0, _) => "(",
                (_, 0) => "), (",
                _ => ", ",
            });
            match a {
                Int(v) => {
                    let _ = write!(sql, "{v}");
                }
                Text(v) => {
                    sql.push('\'');
                    sql.push_str(&v.replace('\'', "''"));
                    sql.push('\'');
                }
            }
        }
        sql.push(')');
        sql
    }

    /// Adds a row; true when a statement's worth is waiting.
    fn add(&mut self, row: Vec<Arg>) -> bool {
        debug_assert_eq!(row.len(), self.cols);
        self.args.extend(row);
        self.args.len() >= self.cols * self.per_statement
    }

    async fn flush(&mut self, conn: &mut AnyConnection) -> Result<(), String> {
        if self.args.is_empty() {
            return Ok(());
        }
        let table: String = self.head.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        let failed = |e: sqlx::Error| format!("{table}: {e}");
        if self.inline {
            let sql = self.literal_sql();
            return sqlx::query(&sql).persistent(false).execute(&mut *conn).await.map(|_| ()).map_err(failed);
        }
        let rows = self.args.len() / self.cols;
        let sql = if rows == self.per_statement {
            if self.full_sql.is_none() {
                self.full_sql = Some(self.sql(rows));
            }
            self.full_sql.clone().unwrap_or_default()
        } else {
            self.sql(rows)
        };
        let mut q = sqlx::query(&sql);
        for a in self.args.drain(..) {
            q = match a {
                Int(v) => q.bind(v),
                Text(v) => q.bind(v),
            };
        }
        q.execute(&mut *conn).await.map(|_| ()).map_err(failed)
    }
}

/// Writes what the batches hold, parents before children (foreign keys).
async fn flush(conn: &mut AnyConnection, batches: &mut [&mut Batch]) -> Result<(), String> {
    for b in batches.iter_mut() {
        b.flush(conn).await?;
    }
    Ok(())
}

/// A product as the generator hands out its lines.
struct Product {
    id: i64,
    name: String,
    code: String,
    price: i64,
    first_variant: i64,
}

struct Generated {
    products: usize,
    variants: usize,
    buyer_orders: usize,
}

/// Recent items are open, older ones settled; a few of any age cancelled.
fn status_at(age: i64, rng: &mut Lcg) -> &'static str {
    if rng.next(100) < 3 {
        return "cancelled";
    }
    let r = rng.next(100);
    let days = age / DAY_MS;
    match (days, r) {
        (0, 0..=69) => "paid",
        (0, _) => "confirmed",
        (1, 0..=9) => "paid",
        (1, 10..=49) => "confirmed",
        (1, _) => "shipped",
        (2..=4, 0..=4) => "confirmed",
        (2..=4, 5..=79) => "shipped",
        (2..=4, _) => "delivered",
        (5..=9, 0..=1) => "confirmed",
        (5..=9, 2..=11) => "shipped",
        (5..=9, _) => "delivered",
        (10..=19, 0..=39) => "delivered",
        _ => "purchase_confirmed",
    }
}

fn phone(rng: &mut Lcg) -> String {
    format!("010{:04}{:04}", rng.next(10_000), rng.next(10_000))
}

fn name(rng: &mut Lcg) -> String {
    format!("{}{}", SURNAMES[rng.next(SURNAMES.len() as u64) as usize], GIVEN[rng.next(GIVEN.len() as u64) as usize])
}

/// Writes shops, catalogue, buyer orders and order items; see the module doc.
async fn generate(state: &AppState) -> Result<Generated, String> {
    let backend = state.db.backend();
    // One connection of its own, with a page cache large enough for the
    // index inserts; closed afterwards so the measured pool keeps the defaults.
    let mut conn = state.db.pool().acquire().await.map_err(err)?.detach();
    if backend == Backend::Sqlite {
        sqlx::query("PRAGMA cache_size = -262144").execute(&mut conn).await.map_err(err)?;
    }
    let now = now_millis();
    let mut rng = Lcg(20_261_126);

    // Shops and their catalogues.
    let mut tx = conn.begin().await.map_err(err)?;
    let mut shops = Batch::new(
        backend,
        "shops",
        &["id", "name", "representative_name", "business_number", "status", "submitted_at", "reviewed_at", "created_at", "updated_at"],
    );
    let mut products = Batch::new(
        backend,
        "products",
        &[
            "id", "shop_id", "code", "name", "category", "list_price", "sale_price", "status", "channels", "option_groups",
            "stock_total", "variant_count", "created_at", "updated_at",
        ],
    );
    let mut variants = Batch::new(
        backend,
        "product_variants",
        &[
            "id", "shop_id", "product_id", "position", "option1", "option2", "sku", "extra_price", "stock", "low_stock_threshold",
            "active", "created_at", "updated_at",
        ],
    );
    let groups = r#"[{"name":"색상","values":["블랙","아이보리"]},{"name":"사이즈","values":["S","M"]}]"#;
    let opened = now - (DAYS + 30) * DAY_MS;
    let mut catalogue: Vec<Vec<Product>> = Vec::with_capacity(SHOPS);
    let (mut product_id, mut variant_id) = (0i64, 0i64);
    for s in 1..=SHOPS as i64 {
        let full = shops.add(vec![
                    Int(s),
                    Text(format!("벤치 상점 {s:04}")),
                    Text(name(&mut rng)),
                    Text(format!("{}", 1_000_000_000 + s * 7)),
                    Text("approved".into()),
                    Int(opened),
                    Int(opened),
                    Int(opened),
                    Int(opened),
                ]);
        if full {
            flush(&mut tx, &mut [&mut shops, &mut products, &mut variants]).await?;
        }
        let count = if s == 1 { BIG_SHOP_PRODUCTS } else { SHOP_PRODUCTS };
        let mut own = Vec::with_capacity(count);
        for p in 0..count {
            product_id += 1;
            let k = (s as usize * 7 + p) % (ITEM_NAMES.len() * ADJECTIVES.len());
            let (base, category, price) = ITEM_NAMES[k % ITEM_NAMES.len()];
            let product_name = format!("{} {base}", ADJECTIVES[k / ITEM_NAMES.len()]);
            let code = format!("S{s:04}-{p:03}");
            let sale_price = price / 100 * 90;
            let full = products.add(vec![
                        Int(product_id),
                        Int(s),
                        Text(code.clone()),
                        Text(product_name.clone()),
                        Text(category.into()),
                        Int(price),
                        Int(sale_price),
                        Text("on_sale".into()),
                        // Every channel: zigzag (1), fashionbykakao (2), posty (4).
                        Int(7),
                        Text(groups.into()),
                        Int(VARIANT_STOCK * VARIANTS_PER_PRODUCT as i64),
                        Int(VARIANTS_PER_PRODUCT as i64),
                        Int(opened),
                        Int(opened),
                    ]);
            if full {
                flush(&mut tx, &mut [&mut shops, &mut products, &mut variants]).await?;
            }
            for v in 0..VARIANTS_PER_PRODUCT {
                variant_id += 1;
                let full = variants.add(vec![
                            Int(variant_id),
                            Int(s),
                            Int(product_id),
                            Int(v as i64),
                            Text(COLOURS[v / SIZES.len()].into()),
                            Text(SIZES[v % SIZES.len()].into()),
                            Text(format!("{code}-{v:02}")),
                            Int(0),
                            Int(VARIANT_STOCK),
                            Int(3),
                            Int(1),
                            Int(opened),
                            Int(opened),
                        ]);
                if full {
                    flush(&mut tx, &mut [&mut shops, &mut products, &mut variants]).await?;
                }
            }
            own.push(Product { id: product_id, name: product_name, code, price: sale_price, first_variant: variant_id - VARIANTS_PER_PRODUCT as i64 + 1 });
        }
        catalogue.push(own);
    }
    flush(&mut tx, &mut [&mut shops, &mut products, &mut variants]).await?;
    tx.commit().await.map_err(err)?;

    // Buyer orders and their items, oldest payment first (ids grow with time,
    // as intake hands them out).
    let mut buyer_orders = Batch::new(
        backend,
        "buyer_orders",
        &["id", "channel", "channel_order_id", "order_no", "request_hash", "response_json", "paid_at", "created_at"],
    );
    let mut items = Batch::new(
        backend,
        "order_items",
        &[
            "id", "shop_id", "buyer_order_id", "order_no", "channel", "channel_order_id", "channel_item_id", "product_id",
            "variant_id", "product_name", "option_text", "sku", "quantity", "unit_price", "option_price", "seller_discount",
            "platform_discount", "shipping_fee", "payment_method", "buyer_name", "buyer_phone", "buyer_email", "recipient_name",
            "recipient_phone", "postcode", "address", "address_detail", "delivery_note", "status", "paid_at", "ship_by",
            "confirmed_at", "shipped_at", "delivered_at", "purchase_confirmed_at", "cancelled_at", "cancel_reason", "courier",
            "tracking_number", "created_at", "updated_at",
        ],
    );
    let end = now - 60_000;
    let span = DAYS * DAY_MS;
    let step = span / ITEMS as i64;
    let (mut left_big, mut left_rest) = (BIG_SHOP_ITEMS, ITEMS - BIG_SHOP_ITEMS);
    let (mut item_id, mut order_id) = (0i64, 0i64);
    // A row trigger per item would keep 매출 현황's rollup; one rebuild after
    // the load does it for a fraction of the time. SQLite cannot switch a
    // trigger off: it is dropped and created again from its own SQL.
    let mut sqlite_triggers: Vec<(String,)> = Vec::new();
    if backend == Backend::Postgres {
        sqlx::query("ALTER TABLE order_items DISABLE TRIGGER sales_rollup_items").execute(&mut conn).await.map_err(err)?;
    } else {
        sqlite_triggers = sqlx::query_as(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'sales_rollup_item_insert'",
        )
        .fetch_all(&mut conn)
        .await
        .map_err(err)?;
        sqlx::query("DROP TRIGGER IF EXISTS sales_rollup_item_insert").execute(&mut conn).await.map_err(err)?;
    }
    let mut tx = conn.begin().await.map_err(err)?;
    let mut in_tx = 0;
    while left_big + left_rest > 0 {
        let big = (rng.next((left_big + left_rest) as u64) as usize) < left_big;
        let left = if big { &mut left_big } else { &mut left_rest };
        let lines = ([1, 1, 1, 1, 1, 1, 1, 2, 2, 3][rng.next(10) as usize]).min(*left);
        *left -= lines;
        let shop = if big { 1 } else { 2 + rng.next(SHOPS as u64 - 1) as i64 };
        order_id += 1;
        let done = (ITEMS - left_big - left_rest) as i64;
        let paid_at = end - span + done * step + rng.next(step as u64) as i64;
        let age = now - paid_at;
        let status = status_at(age, &mut rng);
        let (channel, prefix) = match rng.next(10) {
            0..=4 => ("zigzag", "ZZ"),
            5..=7 => ("fashionbykakao", "KK"),
            _ => ("posty", "PT"),
        };
        let channel_order_id = format!("{prefix}{order_id:09}");
        let day = crate::calendar::kst_date(paid_at).map(|d| d.format("%Y%m%d").to_string()).unwrap_or_default();
        let order_no = format!("{day}{order_id:08}");
        let ship_by = crate::calendar::ship_by(paid_at, 3);
        let payment = PAYMENTS[rng.next(PAYMENTS.len() as u64) as usize];
        let buyer_name = name(&mut rng);
        let buyer_phone = phone(&mut rng);
        let buyer_email = if rng.next(2) == 0 { String::new() } else { format!("buyer{}@example.com", rng.next(1_000_000)) };
        let (recipient_name, recipient_phone) =
            if rng.next(4) == 0 { (name(&mut rng), phone(&mut rng)) } else { (buyer_name.clone(), buyer_phone.clone()) };
        let (postcode, address) = ADDRESSES[rng.next(ADDRESSES.len() as u64) as usize];
        let address_detail = if rng.next(3) == 0 { String::new() } else { format!("{}동 {}호", 101 + rng.next(20), 101 + rng.next(1500)) };
        let note = NOTES[rng.next(NOTES.len() as u64) as usize];
        let reached = |s: &str| {
            let order = ["paid", "confirmed", "shipped", "delivered", "purchase_confirmed"];
            let at = |x: &str| order.iter().position(|o| *o == x);
            matches!((at(status), at(s)), (Some(a), Some(b)) if a >= b)
        };
        let capped = |t: i64| t.min(now - 1_000);
        let confirmed_at = if reached("confirmed") { capped(paid_at + 2 * HOUR_MS) } else { 0 };
        let shipped_at = if reached("shipped") { capped(paid_at + DAY_MS) } else { 0 };
        let delivered_at = if reached("delivered") { capped(paid_at + 3 * DAY_MS) } else { 0 };
        let purchase_confirmed_at = if reached("purchase_confirmed") { capped(paid_at + 11 * DAY_MS) } else { 0 };
        let cancelled_at = if status == "cancelled" { capped(paid_at + 4 * HOUR_MS) } else { 0 };
        let updated_at = [paid_at, confirmed_at, shipped_at, delivered_at, purchase_confirmed_at, cancelled_at]
            .into_iter()
            .max()
            .unwrap_or(paid_at);
        let (courier, tracking) = if shipped_at > 0 { ("cj", format!("6{order_id:011}")) } else { ("", String::new()) };
        let own = &catalogue[(shop - 1) as usize];
        let mut answer_items = Vec::with_capacity(lines);
        let mut rows = Vec::with_capacity(lines);
        for line in 0..lines {
            item_id += 1;
            let product = &own[rng.next(own.len() as u64) as usize];
            let v = rng.next(VARIANTS_PER_PRODUCT as u64) as usize;
            let quantity = if rng.next(10) == 0 { 2 } else { 1 };
            let seller_discount = if rng.next(5) == 0 { product.price / 10 / 100 * 100 } else { 0 };
            answer_items.push(serde_json::json!({
                "channel_item_id": (line + 1).to_string(),
                "item_id": item_id,
                "shop_id": shop,
                "status": "paid",
                "ship_by": crate::calendar::kst_date(ship_by).map(|d| d.to_string()).unwrap_or_default(),
            }));
            rows.push(vec![
                        Int(item_id),
                        Int(shop),
                        Int(order_id),
                        Text(order_no.clone()),
                        Text(channel.into()),
                        Text(channel_order_id.clone()),
                        Text((line + 1).to_string()),
                        Int(product.id),
                        Int(product.first_variant + v as i64),
                        Text(product.name.clone()),
                        Text(format!("{} / {}", COLOURS[v / SIZES.len()], SIZES[v % SIZES.len()])),
                        Text(format!("{}-{v:02}", product.code)),
                        Int(quantity),
                        Int(product.price),
                        Int(0),
                        Int(seller_discount),
                        Int(0),
                        Int(if line == 0 && product.price < 50_000 { 3_000 } else { 0 }),
                        Text(payment.into()),
                        Text(buyer_name.clone()),
                        Text(buyer_phone.clone()),
                        Text(buyer_email.clone()),
                        Text(recipient_name.clone()),
                        Text(recipient_phone.clone()),
                        Text(postcode.into()),
                        Text(address.into()),
                        Text(address_detail.clone()),
                        Text(note.into()),
                        Text(status.into()),
                        Int(paid_at),
                        Int(ship_by),
                        Int(confirmed_at),
                        Int(shipped_at),
                        Int(delivered_at),
                        Int(purchase_confirmed_at),
                        Int(cancelled_at),
                        Text(if cancelled_at > 0 { "구매자 요청 (단순 변심)".into() } else { String::new() }),
                        Text(courier.into()),
                        Text(tracking.clone()),
                        Int(paid_at),
                        Int(updated_at),
                    ]);
        }
        let answer = serde_json::json!({"order_no": order_no, "channel_order_id": channel_order_id, "items": answer_items});
        let hash = format!("{:016x}{:016x}{:016x}{:016x}", rng.next(u64::MAX), rng.next(u64::MAX), rng.next(u64::MAX), rng.next(u64::MAX));
        let mut full = buyer_orders.add(vec![
                    Int(order_id),
                    Text(channel.into()),
                    Text(channel_order_id),
                    Text(order_no),
                    Text(hash),
                    Text(answer.to_string()),
                    Int(paid_at),
                    Int(paid_at),
                ]);
        for row in rows {
            if full {
                flush(&mut tx, &mut [&mut buyer_orders, &mut items]).await?;
            }
            full = items.add(row);
        }
        if full {
            flush(&mut tx, &mut [&mut buyer_orders, &mut items]).await?;
        }
        in_tx += lines;
        if in_tx >= ITEMS_PER_TX {
            flush(&mut tx, &mut [&mut buyer_orders, &mut items]).await?;
            tx.commit().await.map_err(err)?;
            tx = conn.begin().await.map_err(err)?;
            in_tx = 0;
        }
    }
    flush(&mut tx, &mut [&mut buyer_orders, &mut items]).await?;
    tx.commit().await.map_err(err)?;
    if backend == Backend::Postgres {
        sqlx::query("ALTER TABLE order_items ENABLE TRIGGER sales_rollup_items").execute(&mut conn).await.map_err(err)?;
    }
    for (sql,) in &sqlite_triggers {
        sqlx::raw_sql(sql.as_str()).execute(&mut conn).await.map_err(err)?;
    }
    // 매출 현황's rollup in one pass (on SQLite the triggers kept it already;
    // the rebuild makes it independent of the order the rows were written in).
    crate::sales::ssr::rebuild(&mut conn).await.map_err(err)?;

    if backend == Backend::Postgres {
        // The identities continue after the given ids (intake inserts without one).
        for table in ["shops", "products", "product_variants", "buyer_orders", "order_items"] {
            sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"))
                .execute(&mut conn)
                .await
                .map_err(err)?;
        }
    }
    conn.close().await.map_err(err)?;
    // PostgreSQL: VACUUM as autovacuum would after a million inserts (the
    // visibility map lets counts use index-only scans), and the statistics.
    let analyze = if backend == Backend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" };
    sqlx::raw_sql(analyze).execute(state.db.pool()).await.map_err(err)?;
    Ok(Generated { products: product_id as usize, variants: variant_id as usize, buyer_orders: order_id as usize })
}

struct Measured {
    name: String,
    p50: Duration,
    p95: Duration,
    rows: usize,
    /// What `rows` counts.
    unit: &'static str,
    target: f64,
}

async fn measure_list(state: &AppState, shop_id: i64, name: &str, q: OrderQuery) -> Result<Measured, String> {
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for run in 0..WARM_UP + RUNS {
        let start = Instant::now();
        let page: OrderPage = list(&state.db, shop_id, &q, PAGE_SIZE).await.map_err(|e| e.message)?;
        let body = serde_json::to_vec(&page).map_err(err)?;
        let took = start.elapsed();
        std::hint::black_box(body);
        rows = page.rows.len();
        if run >= WARM_UP {
            times.push(took);
        }
    }
    times.sort();
    Ok(Measured { name: name.to_owned(), p50: percentile(&times, 0.5), p95: percentile(&times, 0.95), rows, unit: "rows", target: LIST_TARGET_MS })
}

async fn measure_counts(state: &AppState, shop_id: i64) -> Result<Measured, String> {
    let mut times = Vec::with_capacity(RUNS);
    let mut total = 0;
    for run in 0..WARM_UP + RUNS {
        let start = Instant::now();
        let c = counts(&state.db, shop_id, now_millis()).await.map_err(|e| e.message)?;
        let took = start.elapsed();
        total = (c.paid + c.confirmed + c.shipped + c.delivered + c.purchase_confirmed + c.cancelled) as usize;
        if run >= WARM_UP {
            times.push(took);
        }
    }
    times.sort();
    Ok(Measured {
        name: "tab counts alone (counts)".into(),
        p50: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
        rows: total,
        unit: "items counted",
        target: COUNTS_TARGET_MS,
    })
}

/// The cursor of the `depth`-th item of the list, as `list` hands it out.
async fn cursor_at(state: &AppState, shop_id: i64, status: Option<&str>, depth: usize) -> Result<String, String> {
    let filter = if status.is_some() { " AND status = $2" } else { "" };
    let sql = format!(
        "SELECT paid_at, id FROM order_items WHERE shop_id = $1{filter} ORDER BY paid_at DESC, id DESC LIMIT 1 OFFSET {}",
        depth - 1
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(shop_id);
    if let Some(s) = status {
        q = q.bind(s);
    }
    let (paid_at, id) = q.fetch_one(state.db.pool()).await.map_err(err)?;
    Ok(serde_json::json!([paid_at, id]).to_string())
}

struct Intake {
    per_s: f64,
    p50: Duration,
    p95: Duration,
    wall: Duration,
}

/// Posts one-item orders through the Channel API over HTTP.
async fn intake(state: &AppState) -> Result<Intake, String> {
    let key = create_client(&state.db, ClientKind::Channel, "zigzag", "bench").await.map_err(|e| e.message)?;
    let poster = Arc::new(OrderPoster::start(state, &key).await?);
    let variants: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT v.id, p.sale_price FROM product_variants v JOIN products p ON p.id = v.product_id ORDER BY v.id",
    )
    .fetch_all(state.db.pool())
    .await
    .map_err(err)?;
    let mut rng = Lcg(7);
    let run = now_millis();
    let mut bodies: Vec<Bytes> = (0..INTAKE_WARM_UP + INTAKE_ORDERS)
        .map(|n| {
            let (variant_id, price) = variants[rng.next(variants.len() as u64) as usize];
            let buyer = name(&mut rng);
            let p = format_phone(&phone(&mut rng));
            let (postcode, address) = ADDRESSES[rng.next(ADDRESSES.len() as u64) as usize];
            Bytes::from(
                serde_json::json!({
                    "channel_order_id": format!("BENCH-{run}-{n}"),
                    "payment_method": "card",
                    "buyer": {"name": buyer, "phone": p, "email": ""},
                    "recipient": {"name": buyer, "phone": p, "postcode": postcode, "address": address, "address_detail": "101동 1203호"},
                    "items": [{"channel_item_id": "1", "variant_id": variant_id, "quantity": 1, "unit_price": price, "shipping_fee": 3000}],
                })
                .to_string(),
            )
        })
        .collect();
    let measured = bodies.split_off(INTAKE_WARM_UP);
    poster.post_all(bodies, INTAKE_CONCURRENCY).await?;
    let (times, wall) = poster.post_all(measured, INTAKE_CONCURRENCY).await?;
    let (posted,): (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM buyer_orders WHERE channel_order_id LIKE 'BENCH-%'")
        .fetch_one(state.db.pool())
        .await
        .map_err(err)?;
    if posted as usize != INTAKE_WARM_UP + INTAKE_ORDERS {
        return Err(format!("intake stored {posted} orders, expected {}", INTAKE_WARM_UP + INTAKE_ORDERS));
    }
    Ok(Intake {
        per_s: INTAKE_ORDERS as f64 / wall.as_secs_f64(),
        p50: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
        wall,
    })
}

async fn run_engine(engine: &str, postgres_admin: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let bench_db = BenchDb::create(engine, postgres_admin).await?;
    let mut config = Config::for_data_dir(&bench_db._dir.0);
    config.database_url = Some(bench_db.url.clone());
    // The intake measure posts thousands of orders with one key as fast as it can.
    config.api_rate_per_minute = 0;
    let state = AppState::new(config).await?;
    let mut lines = Vec::new();

    let started = Instant::now();
    let g = generate(&state).await?;
    let line = format!(
        "{:<44} {:>6.1} s    ({} shops, {} products, {} variants, {} buyer orders, {} items; {} in shop 1)",
        "generate (+ ANALYZE)",
        started.elapsed().as_secs_f64(),
        thousands(SHOPS),
        thousands(g.products),
        thousands(g.variants),
        thousands(g.buyer_orders),
        thousands(ITEMS),
        thousands(BIG_SHOP_ITEMS),
    );
    println!("[{engine}] {line}");
    lines.push((engine.to_owned(), line));

    let shop_id = 1;
    let mut report = |m: Measured| {
        let verdict = if ms(m.p95) <= m.target { "ok" } else { "OVER TARGET" };
        let line = format!(
            "{:<44} p50 {:>6.2} ms   p95 {:>6.2} ms   (target p95 ≤ {} ms: {verdict}; {} {})",
            m.name,
            ms(m.p50),
            ms(m.p95),
            m.target,
            thousands(m.rows),
            m.unit
        );
        println!("[{engine}] {line}");
        lines.push((engine.to_owned(), line));
    };
    report(measure_list(&state, shop_id, "list: first page (all tabs)", OrderQuery::default()).await?);
    report(measure_list(&state, shop_id, "list: first page, 신규주문", OrderQuery { tab: "paid".into(), ..Default::default() }).await?);
    let deep = cursor_at(&state, shop_id, None, DEPTH).await?;
    report(
        measure_list(&state, shop_id, "list: page 5,000 items deep (all tabs)", OrderQuery { cursor: Some(deep), ..Default::default() })
            .await?,
    );
    let deep = cursor_at(&state, shop_id, Some("purchase_confirmed"), DEPTH).await?;
    report(
        measure_list(
            &state,
            shop_id,
            "list: page 5,000 deep, 구매확정",
            OrderQuery { tab: "purchase_confirmed".into(), cursor: Some(deep), ..Default::default() },
        )
        .await?,
    );
    // Search terms taken from an item half way down the shop's list.
    let (recipient_phone, buyer_name, order_no): (String, String, String) = sqlx::query_as(
        "SELECT recipient_phone, buyer_name, order_no FROM order_items WHERE shop_id = $1 ORDER BY paid_at DESC, id DESC \
         LIMIT 1 OFFSET 100000",
    )
    .bind(shop_id)
    .fetch_one(state.db.pool())
    .await
    .map_err(err)?;
    let search = |q: String| OrderQuery { q, ..Default::default() };
    report(measure_list(&state, shop_id, "search: recipient phone", search(format_phone(&recipient_phone))).await?);
    report(measure_list(&state, shop_id, "search: buyer name", search(buyer_name)).await?);
    report(measure_list(&state, shop_id, "search: product name fragment (트위드)", search("트위드".into())).await?);
    report(measure_list(&state, shop_id, "search: order number", search(order_no)).await?);
    report(measure_counts(&state, shop_id).await?);

    let i = intake(&state).await?;
    let verdict = if i.per_s >= INTAKE_TARGET_PER_S { "ok" } else { "UNDER TARGET" };
    let line = format!(
        "{:<44} {:>6.0} /s    p50 {:>6.2} ms   p95 {:>6.2} ms   ({} orders in {:.1} s, {INTAKE_CONCURRENCY} at once, all 201; target ≥ {INTAKE_TARGET_PER_S} /s: {verdict})",
        "intake: Channel API over HTTP",
        i.per_s,
        ms(i.p50),
        ms(i.p95),
        thousands(INTAKE_ORDERS),
        i.wall.as_secs_f64(),
    );
    println!("[{engine}] {line}");
    lines.push((engine.to_owned(), line));

    for line in crate::server::bench_settlement::measure(&state, engine, shop_id).await? {
        lines.push((engine.to_owned(), line));
    }

    state.events.close();
    state.db.close().await;
    bench_db.finish().await;
    Ok(lines)
}

/// Runs the order measurements on SQLite and, when an admin URL for
/// PostgreSQL is given, on PostgreSQL.
pub async fn run(postgres: Option<String>) -> Result<(), String> {
    let mut all = run_engine("sqlite", None).await?;
    match postgres.filter(|url| !url.is_empty()) {
        Some(admin) => all.extend(run_engine("postgres", Some(&admin)).await?),
        None => println!("[postgres] skipped: set BENCH_DATABASE_URL=postgres://user@host/db (an account that may CREATE DATABASE)"),
    }
    println!("\n== orders, sales and settlement (p50 / p95 server time: list/report + JSON, in process; intake over HTTP) ==");
    for (engine, line) in &all {
        println!("{engine:<9} {line}");
    }
    Ok(())
}
