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
use leptos::server_fn::ServerFn;
use partner_center::channel_api::{create_client, ClientKind};
use partner_center::orders::ShipOrders;
use partner_center::products::SaveProduct;
use partner_center::config::Config;
use partner_center::server::demo::DEMO_OWNER;
use partner_center::server::{http, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// How long a test waits for any one answer (a debug build on a busy
/// machine takes seconds for the largest export; a hang takes forever).
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

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
    pub bytes: Vec<u8>,
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
        let state = Self::start(&database_url, data_dir.path(), |_| {}).await;
        Some(Self { router: http::router(state.clone()), state, engine, database_url, data_dir, postgres })
    }

    async fn start(database_url: &str, data_dir: &Path, tweak: impl FnOnce(&mut Config)) -> AppState {
        let mut config = Config::for_data_dir(data_dir);
        config.database_url = Some(database_url.to_owned());
        config.demo_data = true;
        // The demo catalogue (photos and all) has a test of its own.
        config.demo_products = 0;
        // cargo leptos copies public/ into the site root; tests serve it directly.
        config.site_root = public_dir();
        tweak(&mut config);
        AppState::new(config).await.expect("app starts")
    }

    /// Stops the app (closing every connection) and starts a new one on the
    /// same database, as a server restart would.
    pub async fn restart(&mut self) {
        self.restart_with(|_| {}).await;
    }

    /// A restart with a changed configuration (`PUBLIC_URL`, `DEV_MODE` …);
    /// a later `restart()` goes back to the defaults.
    pub async fn restart_with(&mut self, tweak: impl FnOnce(&mut Config)) {
        self.state.db.close().await;
        self.state = Self::start(&self.database_url, self.data_dir.path(), tweak).await;
        self.router = http::router(self.state.clone());
    }

    /// One request, answered in full. A request that hangs fails its test
    /// within two minutes instead of holding up the whole run.
    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let what = format!("{} {}", req.method(), req.uri());
        let answer = async {
            let res = self.router.clone().oneshot(req).await.expect("router answers");
            let status = res.status();
            let headers = res.headers().clone();
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
        };
        match tokio::time::timeout(REQUEST_LIMIT, answer).await {
            Ok(res) => res,
            Err(_) => panic!("{what} got no full answer within {REQUEST_LIMIT:?}"),
        }
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

// ---------------------------------------------------------------- browsers

/// What a page of our own sends with every state-changing request.
pub const SAME_ORIGIN: &[(&str, &str)] = &[("sec-fetch-site", "same-origin")];
/// What a page of another site makes the browser send.
pub const CROSS_SITE: &[(&str, &str)] = &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")];

/// A signed-in browser: the value of its `pc_session` cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session(pub String);

impl Session {
    pub fn cookie_header(&self) -> String {
        format!("pc_session={}", self.0)
    }
}

impl TestResponse {
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect()
    }

    /// The whole `Set-Cookie` line for `pc_session` (`__Host-pc_session`
    /// over https), if the response sets it.
    pub fn session_set_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find(|c| c.starts_with("pc_session=") || c.starts_with("__Host-pc_session="))
    }

    /// The value the response gives `pc_session` (empty when it clears it).
    pub fn session_cookie(&self) -> Option<String> {
        let line = self.session_set_cookie()?;
        let pair = line.split(';').next()?;
        Some(pair.split_once('=')?.1.to_owned())
    }

    /// The error code of a server function's error answer.
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// Asserts a server function answered with this error.
#[track_caller]
pub fn assert_error(res: &TestResponse, status: u16, code: &str, field: Option<&str>) {
    assert_eq!(res.status.as_u16(), status, "expected {status} {code}, got: {}", res.body);
    let err = res.json();
    assert_eq!(err["code"], code, "{}", res.body);
    assert_eq!(err["field"].as_str(), field, "{}", res.body);
    assert!(!err["message"].as_str().unwrap_or_default().is_empty(), "an error says what to do: {}", res.body);
}

#[track_caller]
pub fn assert_ok(res: &TestResponse) {
    assert_eq!(res.status, 200, "{}", res.body);
}

/// One part of a multipart form.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

impl Part {
    pub fn text(name: &str, value: &str) -> Self {
        Self { name: name.to_owned(), filename: None, content_type: None, data: value.as_bytes().to_vec() }
    }

    pub fn file(name: &str, filename: &str, content_type: &str, data: &[u8]) -> Self {
        Self {
            name: name.to_owned(),
            filename: Some(filename.to_owned()),
            content_type: Some(content_type.to_owned()),
            data: data.to_vec(),
        }
    }
}

const BOUNDARY: &str = "----partner-center-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body as a browser's FormData sends it.
pub fn multipart_body(parts: &[Part]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match &part.filename {
            Some(filename) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{}\"; filename=\"{filename}\"\r\n", part.name).as_bytes(),
            ),
            None => body
                .extend_from_slice(format!("Content-Disposition: form-data; name=\"{}\"\r\n", part.name).as_bytes()),
        }
        if let Some(ct) = &part.content_type {
            body.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// The smallest valid PNG (1×1, transparent).
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
pub const TINY_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The password test sellers sign up with.
pub const SELLER_PASSWORD: &str = "Knit#Seller2026";

/// A 사업자등록번호 that passes the national checksum, `XXX-XX-XXXXX`,
/// different for every `seed`.
pub fn business_number(seed: u32) -> String {
    let nine = format!("{:09}", 105_000_000 + seed * 7919 % 800_000_000);
    let d: Vec<u32> = nine.chars().map(|c| c.to_digit(10).unwrap()).collect();
    const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let mut sum: u32 = d.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum += d[8] * 5 / 10;
    let check = (10 - sum % 10) % 10;
    format!("{}-{}-{}{check}", &nine[..3], &nine[3..5], &nine[5..])
}

/// The sign-up form, filled in correctly; change one field to break it.
#[derive(Debug, Clone)]
pub struct SignupForm {
    pub fields: Vec<(String, String)>,
    pub document: Option<Part>,
}

impl SignupForm {
    pub fn new(email: &str, shop_name: &str, business_number: &str) -> Self {
        let fields = [
            ("email", email),
            ("password", SELLER_PASSWORD),
            ("password_confirm", SELLER_PASSWORD),
            ("name", "정가을"),
            ("shop_name", shop_name),
            ("representative_name", "정가을"),
            ("business_number", business_number),
            ("mail_order_number", "제2025-서울성동-0420호"),
            ("business_address", "서울특별시 성동구 성수이로 113, 3층"),
            ("settlement_bank", "카카오뱅크"),
            ("settlement_account", "3333-01-2345678"),
            ("settlement_holder", "정가을"),
        ];
        Self {
            fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            document: Some(Part::file("document", "사업자등록증.png", "image/png", TINY_PNG)),
        }
    }

    pub fn set(mut self, field: &str, value: &str) -> Self {
        match self.fields.iter_mut().find(|(k, _)| k == field) {
            Some(pair) => pair.1 = value.to_owned(),
            None => self.fields.push((field.to_owned(), value.to_owned())),
        }
        self
    }

    pub fn without(mut self, field: &str) -> Self {
        self.fields.retain(|(k, _)| k != field);
        if field == "document" {
            self.document = None;
        }
        self
    }

    pub fn document(mut self, filename: &str, content_type: &str, data: &[u8]) -> Self {
        self.document = Some(Part::file("document", filename, content_type, data));
        self
    }

    pub fn get(&self, field: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    pub fn parts(&self) -> Vec<Part> {
        let mut parts: Vec<Part> = self.fields.iter().map(|(k, v)| Part::text(k, v)).collect();
        parts.extend(self.document.clone());
        parts
    }
}

/// A mail in the outbox.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Mail {
    /// The token of the link in this mail to `path` (`/verify-email`, …).
    #[track_caller]
    pub fn token(&self, path: &str) -> String {
        let needle = format!("{path}?token=");
        let start = self.body.find(&needle).unwrap_or_else(|| panic!("no {path} link in: {}", self.body)) + needle.len();
        self.body[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
    }
}

/// A shop opened through the real sign-up, its owner verified and signed in.
#[derive(Debug, Clone)]
pub struct OpenedShop {
    pub email: String,
    pub shop_id: i64,
    pub owner_id: i64,
    pub owner: Session,
    pub form: SignupForm,
}

impl TestApp {
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Where sign-up keeps the 사업자등록증 files.
    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir().join("documents")
    }

    /// The files in the documents folder (none when it does not exist).
    pub fn documents(&self) -> Vec<PathBuf> {
        match std::fs::read_dir(self.documents_dir()) {
            Ok(dir) => dir.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// A page as a browser navigates to it (HTML accepted), with or without
    /// a session.
    pub async fn get_as(&self, path: &str, session: Option<&Session>) -> TestResponse {
        let mut req = Request::get(path).header("accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        if let Some(s) = session {
            req = req.header("cookie", s.cookie_header());
        }
        self.request(req.body(Body::empty()).unwrap()).await
    }

    /// A form POST to a server function with a session cookie and headers.
    pub async fn post_as(
        &self,
        path: &str,
        form: &[(&str, &str)],
        session: Option<&Session>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let cookie = session.map(Session::cookie_header);
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if let Some(c) = &cookie {
            all.push(("cookie", c));
        }
        self.post_form(path, form, &all).await
    }

    /// A server function called from our own page, signed in as `session`.
    pub async fn call(&self, path: &str, form: &[(&str, &str)], session: Option<&Session>) -> TestResponse {
        self.post_as(path, form, session, SAME_ORIGIN).await
    }

    /// A server function that takes JSON (`input = Json`), from our own page.
    pub async fn call_json(&self, path: &str, body: &serde_json::Value, session: Option<&Session>) -> TestResponse {
        self.post_json(path, &body.to_string(), session, SAME_ORIGIN).await
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &str,
        session: Option<&Session>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut req = Request::post(path).header("content-type", "application/json").header("accept", "application/json");
        if let Some(s) = session {
            req = req.header("cookie", s.cookie_header());
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(Body::from(body.to_owned())).unwrap()).await
    }

    /// A Channel API or carrier webhook call with a bearer key (no cookies,
    /// no browser headers: a server talking to a server).
    /// A call with a key; a carrier webhook call is signed as carriers do
    /// (use [`TestApp::api_post_with`] to sign it otherwise).
    pub async fn api_post(&self, path: &str, body: &serde_json::Value, key: &str) -> TestResponse {
        let body = body.to_string();
        let mut headers = Vec::new();
        if path.starts_with("/api/carrier/") {
            let secret = partner_center::channel_api::carrier_signing_secret(&self.state.db, key).await.unwrap_or_default();
            let timestamp = signing_timestamp(key);
            let signature = partner_center::channel_api::carrier_signature(&secret, timestamp, body.as_bytes());
            headers.push(("x-signature-timestamp".to_owned(), timestamp.to_string()));
            headers.push(("x-signature".to_owned(), signature));
        }
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.api_post_with(path, &body, key, &headers).await
    }

    /// A call with a key, the body as given and these headers besides.
    pub async fn api_post_with(&self, path: &str, body: &str, key: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut req = Request::post(path)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {key}"));
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        self.request(req.body(Body::from(body.to_owned())).unwrap()).await
    }

    pub async fn api_get(&self, path: &str, key: &str) -> TestResponse {
        let req = Request::get(path).header("authorization", format!("Bearer {key}"));
        self.request(req.body(Body::empty()).unwrap()).await
    }

    /// A second app instance on the same database (as behind a load
    /// balancer): its own pool, its own event bus.
    pub async fn another_instance(&self) -> AppState {
        Self::start(&self.database_url, self.data_dir.path(), |_| {}).await
    }

    pub async fn post_multipart(
        &self,
        path: &str,
        parts: &[Part],
        session: Option<&Session>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let (content_type, body) = multipart_body(parts);
        let mut req = Request::post(path)
            .header("content-type", content_type)
            .header("content-length", body.len())
            .header("accept", "application/json");
        if let Some(s) = session {
            req = req.header("cookie", s.cookie_header());
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn login(&self, email: &str, password: &str) -> TestResponse {
        use leptos::server_fn::ServerFn;
        self.call(partner_center::accounts::Login::PATH, &[("email", email), ("password", password)], None).await
    }

    /// Signs in and returns the browser's new session.
    pub async fn sign_in(&self, email: &str, password: &str) -> Session {
        let res = self.login(email, password).await;
        assert_eq!(res.status, 200, "sign-in of {email}: {}", res.body);
        let token = res.session_cookie().expect("sign-in sets the session cookie");
        assert!(!token.is_empty());
        Session(token)
    }

    /// Signs in one of the demo shop's people (password `DEMO_PASSWORD`).
    pub async fn sign_in_demo(&self, email: &str) -> Session {
        self.sign_in(email, partner_center::server::demo::DEMO_PASSWORD).await
    }

    pub async fn sign_up(&self, form: &SignupForm) -> TestResponse {
        use leptos::server_fn::ServerFn;
        self.post_multipart(partner_center::accounts::Signup::PATH, &form.parts(), None, SAME_ORIGIN).await
    }

    /// Signs a shop up, follows the verification link and signs its owner in.
    pub async fn open_shop(&self, email: &str, shop_name: &str, seed: u32) -> OpenedShop {
        self.open_shop_with(SignupForm::new(email, shop_name, &business_number(seed))).await
    }

    /// [`TestApp::open_shop`] with a sign-up form of one's own.
    pub async fn open_shop_with(&self, form: SignupForm) -> OpenedShop {
        use leptos::server_fn::ServerFn;
        let email = form.get("email").to_owned();
        let email = email.as_str();
        let res = self.sign_up(&form).await;
        assert_eq!(res.status, 200, "sign-up of {email}: {}", res.body);
        let token = self.latest_mail(email).await.expect("verification mail").token("/verify-email");
        let res = self.call(partner_center::accounts::VerifyEmail::PATH, &[("token", &token)], None).await;
        assert_eq!(res.status, 200, "verification of {email}: {}", res.body);
        let owner = self.sign_in(email, SELLER_PASSWORD).await;
        let owner_id = self.user_id(email).await;
        let shop_id = self.shop_of(owner_id).await.expect("the owner has a shop");
        OpenedShop { email: email.to_owned(), shop_id, owner_id, owner, form }
    }

    /// The newest mail to an address, as it is delivered (its one-time
    /// links are not in the table: the mail area renders them back).
    pub async fn latest_mail(&self, to: &str) -> Option<Mail> {
        let mail = partner_center::mail::ssr::latest_as_delivered(&self.state, to).await.expect("mail_outbox");
        mail.map(|m| Mail { to: m.to, subject: m.subject, body: m.body })
    }

    /// A verified platform operator, straight into the database (as the
    /// `create-operator` command does).
    pub async fn create_operator(&self, email: &str, password: &str) -> i64 {
        use partner_center::accounts::validate::Email;
        use partner_center::auth::ssr;
        let hash = ssr::hash_password(password).await.expect("hash");
        let mut conn = self.state.db.pool().acquire().await.expect("connection");
        ssr::insert_user(&mut conn, &Email::parse(email).expect("operator e-mail"), "플랫폼 운영자", &hash, true, true)
            .await
            .expect("operator inserted")
    }

    /// An operator, signed in.
    pub async fn operator(&self) -> Session {
        const EMAIL: &str = "operator@platform.example";
        const PASSWORD: &str = "Operator#Review2026";
        if self.count_where("SELECT COUNT(*) FROM users WHERE email = $1", EMAIL).await == 0 {
            self.create_operator(EMAIL, PASSWORD).await;
        }
        self.sign_in(EMAIL, PASSWORD).await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(self.state.db.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        n
    }

    pub async fn count_where(&self, sql: &str, arg: &str) -> i64 {
        let (n,): (i64,) =
            sqlx::query_as(sql).bind(arg).fetch_one(self.state.db.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        n
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(self.state.db.pool())
            .await
            .unwrap_or_else(|e| panic!("user {email}: {e}"));
        id
    }

    pub async fn shop_of(&self, user_id: i64) -> Option<i64> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT shop_id FROM shop_members WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(self.state.db.pool())
            .await
            .expect("shop_members");
        row.map(|r| r.0)
    }

    /// The demo shop's id.
    pub async fn demo_shop_id(&self) -> i64 {
        let owner = self.user_id(partner_center::server::demo::DEMO_OWNER).await;
        self.shop_of(owner).await.expect("demo shop")
    }

    pub async fn shop_status(&self, shop_id: i64) -> String {
        let (status,): (String,) = sqlx::query_as("SELECT status FROM shops WHERE id = $1")
            .bind(shop_id)
            .fetch_one(self.state.db.pool())
            .await
            .expect("shop");
        status
    }

    /// Who a browser is signed in as (`null` when nobody).
    pub async fn session_info(&self, session: &Session) -> serde_json::Value {
        use leptos::server_fn::ServerFn;
        let res = self.call(partner_center::accounts::GetSession::PATH, &[], Some(session)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    /// How many accounts, shops, memberships, mails and stored documents
    /// there are: what a refused request must leave as it was.
    pub async fn totals(&self) -> Totals {
        Totals {
            users: self.count("SELECT COUNT(*) FROM users").await,
            shops: self.count("SELECT COUNT(*) FROM shops").await,
            members: self.count("SELECT COUNT(*) FROM shop_members").await,
            tokens: self.count("SELECT COUNT(*) FROM auth_tokens").await,
            mails: self.count("SELECT COUNT(*) FROM mail_outbox").await,
            documents: self.documents().len(),
        }
    }

    /// Every row of every table and the stored documents, as text.
    pub async fn dump(&self) -> Vec<String> {
        let mut all = Vec::new();
        for (table, order) in [
            ("shops", "id"),
            ("users", "id"),
            ("shop_members", "shop_id, user_id"),
            ("sessions", "id_hash"),
            ("auth_tokens", "token_hash"),
            ("login_failures", "id"),
            ("mail_outbox", "id"),
            ("audit_log", "id"),
        ] {
            for row in self.rows(&format!("SELECT * FROM {table} ORDER BY {order}"), &[]).await {
                all.push(format!("{table}: {row}"));
            }
        }
        let mut documents: Vec<String> = self.documents().iter().map(|p| p.display().to_string()).collect();
        documents.sort();
        all.extend(documents);
        all
    }

    /// Every row a query returns, each as one line of text: for comparing
    /// the state of tables before and after.
    pub async fn rows(&self, sql: &str, ids: &[i64]) -> Vec<String> {
        let mut query = sqlx::query(sql);
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(self.state.db.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter().map(row_text).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub users: i64,
    pub shops: i64,
    pub members: i64,
    pub tokens: i64,
    pub mails: i64,
    pub documents: usize,
}

/// Every server function the linked app registered (all POST), by path.
pub fn registered_server_fns() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| {
            assert_eq!(method, axum::http::Method::POST, "{path} is not a POST server function");
            path.to_owned()
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Server functions that take a multipart form (with a file) instead of a
/// URL-encoded one, and the file part each gets from the probe.
pub fn multipart_file(path: &str) -> Option<Part> {
    use leptos::server_fn::ServerFn;
    use partner_center::accounts::{ResubmitApplication, Signup};
    use partner_center::products::{ImportProducts, UploadProductImage};
    if path == Signup::PATH || path == ResubmitApplication::PATH {
        Some(Part::file("document", "doc.png", "image/png", TINY_PNG))
    } else if path == UploadProductImage::PATH {
        Some(Part::file("image", "photo.jpg", "image/jpeg", &photo()))
    } else if path == ImportProducts::PATH {
        Some(Part::file("file", "products.csv", "text/csv", PROBE_CSV.as_bytes()))
    } else if path == partner_center::orders::ImportInvoices::PATH {
        Some(Part::file("file", "invoices.csv", "text/csv", PROBE_INVOICE_CSV.as_bytes()))
    } else {
        None
    }
}

/// A product photo (a real JPEG).
pub fn photo() -> Vec<u8> {
    partner_center::products::images::placeholder([40, 60, 90], 1)
}

/// One product row that the import probe sends (and applies).
pub const PROBE_CSV: &str = "상품관리코드,상품명,카테고리,정가,판매가,SKU,재고\nMD-A-001,침입 테스트 상품,상의>티셔츠,20000,10000,PROBE-SKU-1,5\n";

/// The order item the tenancy walk's shop A gets first (ids start at 1).
pub const PROBE_ORDER_ITEM: i64 = 1;
/// A 송장 row aimed at that item.
pub const PROBE_INVOICE_CSV: &str = "상품주문번호,택배사,송장번호\n1,cj,612345678901\n";

impl TestApp {
    /// Calls any server function with the same set of fields (each function
    /// reads the ones it takes): URL-encoded; multipart with a file for the
    /// functions that take one; JSON for the ones that take JSON, whose body
    /// is the field named after the function's path.
    pub async fn probe(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        session: Option<&Session>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        if let Some(file) = multipart_file(path) {
            let mut parts: Vec<Part> = fields.iter().map(|(k, v)| Part::text(k, v)).collect();
            parts.push(Part::text("apply", "true"));
            parts.push(file);
            self.post_multipart(path, &parts, session, headers).await
        } else if let Some((_, json)) = fields.iter().find(|(k, _)| *k == path) {
            self.post_json(path, json, session, headers).await
        } else {
            self.post_as(path, fields, session, headers).await
        }
    }
}

/// A row as `column=value, …`, whatever the column types.
pub fn row_text(row: &sqlx::any::AnyRow) -> String {
    use sqlx::{Column, Row};
    row.columns()
        .iter()
        .map(|col| {
            let i = col.ordinal();
            let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
                format!("{v:?}")
            } else {
                panic!("column {} has a type the test cannot read", col.name())
            };
            format!("{}={value}", col.name())
        })
        .collect::<Vec<_>>()
        .join(", ")
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

// ---------------------------------------------------------------- channels and orders

/// A carrier signs each call with a timestamp in seconds; the same body
/// signed twice in one second is a replay. Tests resend events faster than
/// that, so each key's calls get distinct seconds (a little ahead of the
/// clock at worst, well within the signing window).
fn signing_timestamp(key: &str) -> i64 {
    static LAST: std::sync::Mutex<Option<std::collections::HashMap<String, i64>>> = std::sync::Mutex::new(None);
    let now = partner_center::db::now_millis() / 1000;
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    let seen = last.get_or_insert_with(Default::default).entry(key.to_owned()).or_insert(0);
    *seen = (*seen + 1).max(now);
    *seen
}

/// The Channel API's order intake.
pub const ORDERS: &str = "/api/channel/v1/orders";
/// The carrier webhook.
pub const CARRIER: &str = "/api/carrier/v1/events";

/// Keys of two channels (지그재그, 포스티) and of the carrier webhook.
pub struct Keys {
    pub zigzag: String,
    pub posty: String,
    pub carrier: String,
}

/// The demo shop's owner, signed in.
pub async fn owner(app: &TestApp) -> Session {
    app.sign_in_demo(DEMO_OWNER).await
}

pub async fn channel_keys(app: &TestApp) -> Keys {
    let db = &app.state.db;
    Keys {
        zigzag: create_client(db, ClientKind::Channel, "zigzag", "지그재그").await.unwrap(),
        posty: create_client(db, ClientKind::Channel, "posty", "포스티").await.unwrap(),
        carrier: create_client(db, ClientKind::Carrier, "*", "배송 추적").await.unwrap(),
    }
}

/// The `SaveProduct` body of a new product `code` on 지그재그: sizes S and M
/// with `stock` each, 판매가 29,000, 배송비 3,000, 무료배송 50,000 이상, 반품
/// 3,000, 교환 6,000.
pub fn product_json(code: &str, stock: i64) -> Value {
    let variants: Vec<Value> = ["S", "M"]
        .iter()
        .map(|s| {
            json!({ "id": null, "options": [s], "sku": format!("{code}-{s}"), "extra_price": 0, "stock": stock,
                    "stock_was": null, "low_stock_threshold": 0, "active": true })
        })
        .collect();
    json!({ "input": {
        "id": null, "code": code, "name": format!("데일리 니트 {code}"), "category": "상의>니트",
        "list_price": 39000, "sale_price": 29000, "description": "", "status": "on_sale", "channels": ["zigzag"],
        "option_groups": [{ "name": "사이즈", "values": ["S", "M"] }], "variants": variants,
        "shipping": { "shipping_fee": 3000, "free_shipping_over": 50000, "return_fee": 3000, "exchange_fee": 6000,
                      "ship_from": "", "return_address": "" },
        "image_ids": [],
    }})
}

/// Saves `product_json(code, stock)` as `who`; the product id and its
/// variant ids (S, M).
pub async fn save_product(app: &TestApp, who: &Session, code: &str, stock: i64) -> (i64, Vec<i64>) {
    let res = app.call_json(SaveProduct::PATH, &product_json(code, stock), Some(who)).await;
    assert_ok(&res);
    let product_id = res.json().as_i64().unwrap();
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position")
        .bind(product_id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    (product_id, rows.into_iter().map(|r| r.0).collect())
}

/// An order line: variant, quantity, unit price, platform discount, shipping fee.
pub type Line = (i64, i64, i64, i64, i64);

/// A Channel API order paid by card: 김민지 buys, 박서연 receives.
pub fn order_json(id: &str, lines: &[Line]) -> Value {
    let items: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (variant, qty, price, discount, shipping))| {
            json!({ "channel_item_id": (i + 1).to_string(), "variant_id": variant, "quantity": qty,
                    "unit_price": price, "option_price": 0, "seller_discount": 0, "platform_discount": discount,
                    "shipping_fee": shipping })
        })
        .collect();
    json!({
        "channel_order_id": id,
        "payment_method": "card",
        "buyer": { "name": "김민지", "phone": "010-2345-6789", "email": "minji@example.com" },
        "recipient": { "name": "박서연", "phone": "010-9876-5432", "postcode": "04001",
                       "address": "서울특별시 마포구 월드컵북로 12", "address_detail": "3층" },
        "items": items,
    })
}

/// The item ids of an order the Channel API took.
pub fn item_ids(res: &TestResponse) -> Vec<i64> {
    res.json()["items"].as_array().unwrap().iter().map(|i| i["item_id"].as_i64().unwrap()).collect()
}

/// Posts an order that must be taken (201); its item ids.
pub async fn place_order(app: &TestApp, key: &str, body: &Value) -> Vec<i64> {
    let res = app.api_post(ORDERS, body, key).await;
    assert_eq!(res.status, 201, "{}", res.body);
    item_ids(&res)
}

/// Ships the items under one waybill (CJ) and has the carrier deliver them.
pub async fn ship_and_deliver(app: &TestApp, who: &Session, carrier: &str, items: &[i64], waybill: &str) {
    let list: Vec<Value> =
        items.iter().map(|i| json!({ "item_id": i, "courier": "cj", "tracking_number": waybill })).collect();
    assert_ok(&app.call_json(ShipOrders::PATH, &json!({ "items": list }), Some(who)).await);
    let done = json!({ "courier": "cj", "tracking_number": waybill, "status": "delivered" });
    assert_ok(&app.api_post(CARRIER, &done, carrier).await);
}

/// The ids of a list page's rows.
pub fn row_ids(page: &Value) -> Vec<i64> {
    page["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

pub async fn stock_of(app: &TestApp, variant: i64) -> i64 {
    let (s,): (i64,) = sqlx::query_as("SELECT stock FROM product_variants WHERE id = $1")
        .bind(variant)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    s
}

pub async fn item_status(app: &TestApp, item: i64) -> String {
    let (s,): (String,) = sqlx::query_as("SELECT status FROM order_items WHERE id = $1")
        .bind(item)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    s
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
                    common::postgres_skipped(concat!(module_path!(), "::on_postgres"));
                    return;
                };
                $body
            }
        }
    };
}

/// An `on_postgres` test without `TEST_DATABASE_URL`: in CI (`CI` set, as
/// .ci/run sets it) that is a failure, never a silent "ok"; elsewhere it
/// says SKIPPED loudly.
#[track_caller]
pub fn postgres_skipped(test: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{test}: CI is set but TEST_DATABASE_URL is not — PostgreSQL was not tested");
    }
    eprintln!("\n*** SKIPPED {test}: TEST_DATABASE_URL is not set — this test did NOT run on PostgreSQL ***\n");
}
