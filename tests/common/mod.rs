//! Test harness: every test gets the real app on a fresh, real database —
//! an SQLite file in its own temporary folder, or a PostgreSQL database
//! created for it on the server `TEST_DATABASE_URL` points at.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use partner_center::server::config::Config;
use partner_center::server::{http, AppState};
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub engine: Engine,
    database_url: String,
    data_dir: tempfile::TempDir,
    postgres: Option<PostgresDatabase>,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

fn public_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("public")
}

impl TestApp {
    /// The app on a fresh database with the demo shop loaded. `None` when the
    /// engine is PostgreSQL and `TEST_DATABASE_URL` is not set.
    pub async fn spawn(engine: Engine) -> Option<Self> {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let (database_url, postgres) = match engine {
            Engine::Sqlite => {
                (format!("sqlite://{}", data_dir.path().join("partner-center.db").display()), None)
            }
            Engine::Postgres => {
                let pg = PostgresDatabase::create().await?;
                (pg.url.clone(), Some(pg))
            }
        };
        let state = Self::start(&database_url, data_dir.path()).await;
        Some(Self { router: http::router(state.clone()), state, engine, database_url, data_dir, postgres })
    }

    async fn start(database_url: &str, data_dir: &Path) -> AppState {
        let mut config = Config::for_data_dir(data_dir);
        config.database_url = Some(database_url.to_owned());
        config.demo_data = true;
        // cargo leptos copies public/ into the site root; tests serve it directly.
        config.site_root = public_dir();
        AppState::new(config).await.expect("app starts")
    }

    /// Stops the app (closing every connection) and starts a new one on the
    /// same database, as a server restart would.
    pub async fn restart(&mut self) {
        self.state.db.close().await;
        self.state = Self::start(&self.database_url, self.data_dir.path()).await;
        self.router = http::router(self.state.clone());
    }

    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// A form POST the way the hydrated page sends it to a server function.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> TestResponse {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let mut req = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(Body::from(body)).unwrap()).await
    }
}

/// A database of its own on the PostgreSQL server, dropped after the test.
struct PostgresDatabase {
    admin_url: String,
    name: String,
    url: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl PostgresDatabase {
    async fn create() -> Option<Self> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let name = format!(
            "pc_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_micros()
        );
        sqlx::any::install_default_drivers();
        let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL {admin_url} unreachable: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
        let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&format!("/{name}"));
        Some(Self { admin_url, name, url: url.to_string() })
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime; do the async clean-up on a
        // thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await.ok()?;
                sqlx::query(&sql).execute(&mut admin).await.ok()
            })
        })
        .join();
    }
}

/// Declares a test that runs once on SQLite and once on PostgreSQL:
/// `name::on_sqlite` and `name::on_postgres` in the test output.
#[macro_export]
macro_rules! db_test {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                #[allow(unused_mut)]
                let mut $app = common::TestApp::spawn(common::Engine::Sqlite).await.expect("sqlite app");
                $body
            }

            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                #[allow(unused_mut)]
                let Some(mut $app) = common::TestApp::spawn(common::Engine::Postgres).await else {
                    eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set");
                    return;
                };
                $body
            }
        }
    };
}
