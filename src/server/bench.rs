//! `partner-center bench products`: the product list and the spreadsheet
//! import measured at the scale the issue states, on SQLite and on
//! PostgreSQL, each on a fresh database of its own.
//!
//! Data: one shop with 20,000 products and 200,000 variants (10 each),
//! written in batches. Server time of a list page is what the server function
//! does after authentication: the query (with the status counts on a first
//! page) and the JSON encoding of the answer, in process. Each operation runs
//! 200 times after 20 warm-up runs; p50 and p95 are reported against the
//! target. The import is one 10,000-row CSV (1,000 products × 10 options)
//! parsed, checked and applied in one transaction, timed once.

use std::time::{Duration, Instant};

use crate::auth::roles::Role;
use crate::auth::ssr::ShopActor;
use crate::products::demo::Lcg;
use crate::products::import::{import_bytes, Mode};
use crate::products::ssr::list;
use crate::products::{ProductPage, ProductQuery};
use crate::config::Config;
use crate::db::now_millis;
use crate::server::AppState;

pub const PRODUCTS: usize = 20_000;
pub const VARIANTS_PER_PRODUCT: usize = 10;
const RUNS: usize = 200;
const WARM_UP: usize = 20;
const LIST_TARGET_MS: f64 = 30.0;
const IMPORT_TARGET_S: f64 = 10.0;

const COLOURS: &[&str] = &["블랙", "아이보리", "네이비", "베이지", "그레이"];
const SIZES: &[&str] = &["S", "M"];
const NAMES: &[&str] = &[
    "울 블렌드 롱 코트", "크롭 트위드 재킷", "데일리 코튼 티셔츠", "리본 타이 블라우스", "오버핏 스트라이프 셔츠",
    "캐시미어 라운드 니트", "플라워 미디 원피스", "핀턱 와이드 슬랙스", "하이웨스트 데님", "플리츠 롱 스커트",
    "클래식 페니 로퍼", "하프문 숄더백", "울 베레모", "캐시미어 머플러",
];
const CATEGORIES: &[&str] = &[
    "아우터>코트", "아우터>재킷", "상의>티셔츠", "상의>블라우스", "상의>셔츠", "상의>니트", "원피스>미디원피스",
    "팬츠>슬랙스", "팬츠>데님", "스커트>롱스커트", "신발>로퍼", "가방>숄더백", "액세서리>모자", "액세서리>스카프",
];

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// One engine's database for the run, dropped afterwards (PostgreSQL).
pub(crate) struct BenchDb {
    pub(crate) url: String,
    drop: Option<(String, String)>,
    pub(crate) _dir: tempfile_dir::Dir,
}

pub(crate) mod tempfile_dir {
    /// A folder under the system temp dir, removed on drop.
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new(tag: &str) -> Result<Self, String> {
            let path = std::env::temp_dir().join(format!("pc-bench-{tag}-{}-{}", std::process::id(), super::now_millis()));
            std::fs::create_dir_all(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            Ok(Self(path))
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

async fn admin_execute(admin_url: &str, sql: &str) -> Result<(), String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(admin_url).await.map_err(|e| format!("{admin_url}: {e}"))?;
    sqlx::query(sql).execute(&mut conn).await.map_err(|e| format!("{sql}: {e}"))?;
    Ok(())
}

impl BenchDb {
    pub(crate) async fn create(engine: &str, postgres_admin: Option<&str>) -> Result<Self, String> {
        let dir = tempfile_dir::Dir::new(engine)?;
        match engine {
            "sqlite" => Ok(Self { url: format!("sqlite://{}", dir.0.join("bench.db").display()), drop: None, _dir: dir }),
            _ => {
                let admin = postgres_admin.ok_or("PostgreSQL: set BENCH_DATABASE_URL (an admin URL)")?.to_owned();
                let name = format!("pc_bench_{}_{}", std::process::id(), now_millis());
                admin_execute(&admin, &format!("CREATE DATABASE {name}")).await?;
                let mut url = url::Url::parse(&admin).map_err(|e| e.to_string())?;
                url.set_path(&format!("/{name}"));
                Ok(Self { url: url.to_string(), drop: Some((admin, name)), _dir: dir })
            }
        }
    }

    pub(crate) async fn finish(self) {
        if let Some((admin, name)) = &self.drop {
            let _ = admin_execute(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
    }
}

/// Writes the catalogue in multi-row inserts.
async fn generate(state: &AppState, shop_id: i64) -> Result<(), String> {
    let db = &state.db;
    let mut rng = Lcg(42);
    let now = now_millis();
    let groups = r#"[{"name":"색상","values":["블랙","아이보리","네이비","베이지","그레이"]},{"name":"사이즈","values":["S","M"]}]"#;
    let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
    let mut stocks: Vec<[i64; VARIANTS_PER_PRODUCT]> = Vec::with_capacity(PRODUCTS);
    for chunk_start in (0..PRODUCTS).step_by(500) {
        let end = (chunk_start + 500).min(PRODUCTS);
        let mut sql = String::from(
            "INSERT INTO products (shop_id, code, name, category, list_price, sale_price, status, channels, option_groups, \
             stock_total, variant_count, created_at, updated_at) VALUES ",
        );
        let mut args: Vec<crate::db::sql::Arg> = Vec::new();
        use crate::db::sql::Arg::{Int, Text};
        for i in chunk_start..end {
            let mut s = [0i64; VARIANTS_PER_PRODUCT];
            for v in s.iter_mut() {
                *v = [0, 1, 2, 4, 8, 15, 30][rng.next(7) as usize];
            }
            if i % 25 == 0 {
                s = [0; VARIANTS_PER_PRODUCT];
            }
            let total: i64 = s.iter().sum();
            stocks.push(s);
            let status = match i % 50 {
                7 => "stopped",
                19 => "hidden",
                _ if total == 0 => "sold_out",
                _ => "on_sale",
            };
            let list_price = (20 + rng.next(200) as i64) * 1_000;
            let n = args.len();
            sql.push_str(&format!(
                "{}(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                if i == chunk_start { "" } else { ", " },
                n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7, n + 8, n + 9, n + 10, n + 11, n + 12, n + 13
            ));
            args.extend([
                Int(shop_id),
                Text(format!("B{i:06}")),
                Text(format!("{} {}", NAMES[i % NAMES.len()], i)),
                Text(CATEGORIES[i % CATEGORIES.len()].to_owned()),
                Int(list_price),
                Int(list_price / 100 * 90),
                Text(status.to_owned()),
                Int(1 + rng.next(7) as i64),
                Text(groups.to_owned()),
                Int(total),
                Int(VARIANTS_PER_PRODUCT as i64),
                Int(now - (PRODUCTS - i) as i64 * 60_000),
                Int(now - rng.next(90 * 24 * 3600) as i64 * 1000),
            ]);
        }
        let mut q = sqlx::query(&sql);
        for a in &args {
            q = match a {
                Int(v) => q.bind(*v),
                Text(v) => q.bind(v.clone()),
            };
        }
        q.execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    let ids: Vec<(i64, String)> = sqlx::query_as("SELECT id, code FROM products WHERE shop_id = $1")
        .bind(shop_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    let mut ids: Vec<(i64, usize)> =
        ids.into_iter().map(|(id, code)| (id, code[1..].parse::<usize>().unwrap_or(0))).collect();
    ids.sort_by_key(|(_, i)| *i);
    let per_statement = 100;
    for chunk in ids.chunks(per_statement) {
        let mut sql = String::from(
            "INSERT INTO product_variants (shop_id, product_id, position, option1, option2, sku, extra_price, stock, \
             low_stock_threshold, active, created_at, updated_at) VALUES ",
        );
        let mut binds: Vec<crate::db::sql::Arg> = Vec::new();
        use crate::db::sql::Arg::{Int, Text};
        let mut first = true;
        for (product_id, i) in chunk {
            for v in 0..VARIANTS_PER_PRODUCT {
                let n = binds.len();
                sql.push_str(&format!(
                    "{}(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    if first { "" } else { ", " },
                    n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7, n + 8, n + 9, n + 10, n + 11, n + 12
                ));
                first = false;
                binds.extend([
                    Int(shop_id),
                    Int(*product_id),
                    Int(v as i64),
                    Text(COLOURS[v / SIZES.len()].to_owned()),
                    Text(SIZES[v % SIZES.len()].to_owned()),
                    Text(format!("B{i:06}-{v:02}")),
                    Int(0),
                    Int(stocks[*i][v]),
                    Int(3),
                    Int(1),
                    Int(now),
                    Int(now),
                ]);
            }
        }
        let mut q = sqlx::query(&sql);
        for a in &binds {
            q = match a {
                Int(v) => q.bind(*v),
                Text(v) => q.bind(v.clone()),
            };
        }
        q.execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    sqlx::query("ANALYZE").execute(db.pool()).await.map_err(|e| e.to_string())?;
    Ok(())
}

struct Measured {
    name: String,
    p50: Duration,
    p95: Duration,
    rows: usize,
}

async fn measure_list(state: &AppState, shop_id: i64, name: &str, q: ProductQuery) -> Result<Measured, String> {
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for run in 0..WARM_UP + RUNS {
        let start = Instant::now();
        let page: ProductPage = list(&state.db, shop_id, &q, crate::products::ssr::PAGE_SIZE).await.map_err(|e| e.message)?;
        let body = serde_json::to_vec(&page).map_err(|e| e.to_string())?;
        let took = start.elapsed();
        std::hint::black_box(body);
        rows = page.rows.len();
        if run >= WARM_UP {
            times.push(took);
        }
    }
    times.sort();
    Ok(Measured { name: name.to_owned(), p50: percentile(&times, 0.5), p95: percentile(&times, 0.95), rows })
}

/// A cursor `depth` products into a sort, as the list would hand it out.
async fn cursor_at(state: &AppState, shop_id: i64, order: &str, key: &str, depth: usize) -> Result<String, String> {
    let row: (String,) = sqlx::query_as(&format!(
        "SELECT CAST({key} AS TEXT) || '|' || CAST(id AS TEXT) FROM products WHERE shop_id = $1 AND deleted_at = 0 \
         ORDER BY {order} LIMIT 1 OFFSET {depth}"
    ))
    .bind(shop_id)
    .fetch_one(state.db.pool())
    .await
    .map_err(|e| e.to_string())?;
    let (k, id) = row.0.rsplit_once('|').ok_or("cursor")?;
    let id: i64 = id.parse().map_err(|_| "cursor id")?;
    let key = match k.parse::<i64>() {
        Ok(n) if key != "name" => serde_json::json!(n),
        _ => serde_json::json!(k),
    };
    Ok(serde_json::json!([key, id]).to_string())
}

fn import_csv(rows_per_product: usize, products: usize) -> Vec<u8> {
    let mut out = String::from("\u{feff}상품관리코드,상품명,카테고리,정가,판매가,판매상태,판매채널,옵션명,옵션값,SKU,옵션추가금,재고,재고알림기준\r\n");
    for p in 0..products {
        for v in 0..rows_per_product {
            let colour = COLOURS[v / SIZES.len() % COLOURS.len()];
            let size = SIZES[v % SIZES.len()];
            if v == 0 {
                out.push_str(&format!(
                    "IMP-{p:05},{} 가져오기 {p},{},59000,49000,판매중,\"지그재그,포스티\",색상/사이즈,{colour}/{size},IMP-{p:05}-{v:02},0,{},3\r\n",
                    NAMES[p % NAMES.len()],
                    CATEGORIES[p % CATEGORIES.len()],
                    v * 3
                ));
            } else {
                out.push_str(&format!("IMP-{p:05},,,,,,,,{colour}/{size},IMP-{p:05}-{v:02},0,{},3\r\n", v * 3));
            }
        }
    }
    out.into_bytes()
}

async fn run_engine(engine: &str, postgres_admin: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let bench_db = BenchDb::create(engine, postgres_admin).await?;
    let mut config = Config::for_data_dir(&bench_db._dir.0);
    config.database_url = Some(bench_db.url.clone());
    config.demo_data = true;
    config.demo_products = 0;
    let state = AppState::new(config).await?;
    let (shop_id,): (i64,) =
        sqlx::query_as("SELECT id FROM shops ORDER BY id LIMIT 1").fetch_one(state.db.pool()).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    generate(&state, shop_id).await?;
    println!(
        "[{engine}] generated {PRODUCTS} products / {} variants in {:.1} s",
        PRODUCTS * VARIANTS_PER_PRODUCT,
        started.elapsed().as_secs_f64()
    );
    let mut lines = Vec::new();
    let mut report = |m: Measured| {
        let verdict = if ms(m.p95) <= LIST_TARGET_MS { "ok" } else { "OVER TARGET" };
        let line = format!(
            "{:<44} p50 {:>6.2} ms   p95 {:>6.2} ms   (target p95 ≤ {LIST_TARGET_MS} ms: {verdict}; {} rows)",
            m.name, ms(m.p50), ms(m.p95), m.rows
        );
        println!("[{engine}] {line}");
        lines.push((engine.to_owned(), line));
    };
    report(measure_list(&state, shop_id, "list: first page (newest)", ProductQuery::default()).await?);
    let deep = cursor_at(&state, shop_id, "id DESC", "id", 10_000).await?;
    report(
        measure_list(&state, shop_id, "list: page 10,000 products deep (newest)", ProductQuery { cursor: Some(deep), ..Default::default() })
            .await?,
    );
    let deep = cursor_at(&state, shop_id, "name ASC, id ASC", "name", 15_000).await?;
    report(
        measure_list(
            &state,
            shop_id,
            "list: page 15,000 deep (by name)",
            ProductQuery { sort: "name".into(), cursor: Some(deep), ..Default::default() },
        )
        .await?,
    );
    let deep = cursor_at(&state, shop_id, "sale_price DESC, id DESC", "sale_price", 10_000).await?;
    report(
        measure_list(
            &state,
            shop_id,
            "list: page 10,000 deep (price high→low)",
            ProductQuery { sort: "price_desc".into(), cursor: Some(deep), ..Default::default() },
        )
        .await?,
    );
    report(
        measure_list(&state, shop_id, "list: first page, status 판매중", ProductQuery { status: "on_sale".into(), ..Default::default() })
            .await?,
    );
    report(measure_list(&state, shop_id, "list: first page, 재고 부족", ProductQuery { low_stock: true, ..Default::default() }).await?);
    report(measure_list(&state, shop_id, "list: search by SKU prefix", ProductQuery { q: "B01234".into(), ..Default::default() }).await?);
    report(measure_list(&state, shop_id, "list: search by name", ProductQuery { q: "트위드".into(), ..Default::default() }).await?);

    let actor = ShopActor { user_id: 0, email: "bench@partner-center.local".into(), shop_id, role: Role::Owner };
    let csv = import_csv(10, 1_000);
    let start = Instant::now();
    let result = import_bytes(&state, &actor, "bench.csv", &csv, true, Mode::AllOrNothing).await.map_err(|e| e.message)?;
    let took = start.elapsed();
    if !result.applied || result.new_products != 1_000 {
        return Err(format!("the import did not apply: {result:?}"));
    }
    let verdict = if took.as_secs_f64() <= IMPORT_TARGET_S { "ok" } else { "OVER TARGET" };
    let line = format!(
        "{:<44} {:>6.2} s    (10,000 rows, 1,000 products; target ≤ {IMPORT_TARGET_S} s: {verdict})",
        "import: CSV apply (one transaction)",
        took.as_secs_f64()
    );
    println!("[{engine}] {line}");
    lines.push((engine.to_owned(), line));
    state.db.close().await;
    bench_db.finish().await;
    Ok(lines)
}

/// Runs the product measurements on SQLite and, when an admin URL for
/// PostgreSQL is given (or the local server answers), on PostgreSQL.
pub async fn products(postgres_admin: Option<String>) -> Result<(), String> {
    let mut all = run_engine("sqlite", None).await?;
    match postgres_admin.filter(|url| !url.is_empty()) {
        Some(admin) => all.extend(run_engine("postgres", Some(&admin)).await?),
        None => println!("[postgres] skipped: set BENCH_DATABASE_URL=postgres://user@host/db (an account that may CREATE DATABASE)"),
    }
    println!("\n== products (p50 / p95 server time: query + JSON, in process) ==");
    for (engine, line) in &all {
        println!("{engine:<9} {line}");
    }
    Ok(())
}

/// The Channel API served over real HTTP on a free local port, and clients
/// that post order bodies to it many at once: what the intake benchmarks
/// (`bench orders`, `bench promotions`) drive. The server stops when this
/// is dropped.
pub struct OrderPoster {
    server: tokio::task::JoinHandle<()>,
    client: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        http_body_util::Full<hyper::body::Bytes>,
    >,
    uri: hyper::Uri,
    auth: String,
}

impl OrderPoster {
    /// Serves `state`'s router; requests carry the channel key `key`.
    pub async fn start(state: &AppState, key: &str) -> Result<Self, String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let router = crate::server::http::router(state.clone());
        let server = tokio::spawn(async move {
            let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            let _ = axum::serve(listener, service).await;
        });
        Ok(Self {
            server,
            client: hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http(),
            uri: format!("http://{addr}/api/channel/v1/orders").parse().map_err(|e: hyper::http::uri::InvalidUri| e.to_string())?,
            auth: format!("Bearer {key}"),
        })
    }

    /// Posts one body; an error unless it is answered 201.
    async fn post(&self, body: hyper::body::Bytes) -> Result<(), String> {
        use http_body_util::BodyExt;
        let request = hyper::Request::builder()
            .method(hyper::Method::POST)
            .uri(self.uri.clone())
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header(hyper::header::AUTHORIZATION, self.auth.clone())
            .body(http_body_util::Full::new(body))
            .map_err(|e| e.to_string())?;
        let response = self.client.request(request).await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        if status != 201 {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)));
        }
        Ok(())
    }

    /// Posts every body, `concurrency` clients at once, each taking the next
    /// body as it finishes one: each request's time (sorted) and the wall
    /// time of the whole.
    pub async fn post_all(
        self: &std::sync::Arc<Self>,
        bodies: Vec<hyper::body::Bytes>,
        concurrency: usize,
    ) -> Result<(Vec<Duration>, Duration), String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let bodies = std::sync::Arc::new(bodies);
        let next = std::sync::Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut workers = Vec::new();
        for _ in 0..concurrency {
            let (next, bodies, poster) = (next.clone(), bodies.clone(), self.clone());
            workers.push(tokio::spawn(async move {
                let mut took = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(body) = bodies.get(n) else { return Ok::<_, String>(took) };
                    let start = Instant::now();
                    poster.post(body.clone()).await.map_err(|e| format!("order {n}: {e}"))?;
                    took.push(start.elapsed());
                }
            }));
        }
        let mut times = Vec::with_capacity(bodies.len());
        for w in workers {
            times.extend(w.await.map_err(|e| e.to_string())??);
        }
        let wall = started.elapsed();
        times.sort();
        Ok((times, wall))
    }
}

impl Drop for OrderPoster {
    fn drop(&mut self) {
        self.server.abort();
    }
}
