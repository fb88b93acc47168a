//! The running app on a real database: pages, server functions, static
//! files, and what survives a restart. Pages inside the app and the shop's
//! server functions need a signed-in person; these tests sign in as the demo
//! shop's owner. Every test runs on SQLite and on PostgreSQL.

use crate::common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{Session, SAME_ORIGIN};
use leptos::server_fn::ServerFn;
use partner_center::home::GetDashboard;
use partner_center::server::demo::{DEMO_OWNER, DEMO_SHOP_NAME};
use partner_center::shop::{GetShopProfile, UpdateShopProfile};

/// Server function URLs end in a hash of `SERVER_FN_OVERRIDE_KEY`
/// (`.cargo/config.toml`) and the module, not of the folder the crate was
/// built in: a bundle and a server built in two checkouts still agree.
#[test]
fn server_function_urls_do_not_depend_on_the_checkout_folder() {
    use leptos::server_fn::xxhash_rust::const_xxh64::xxh64;
    let hash = xxh64(b"partner-center:partner_center::accounts", 0);
    assert_eq!(<partner_center::accounts::Login as ServerFn>::url(), format!("/api/login{hash}"));
    let by_folder = xxh64(format!("{}:partner_center::accounts", env!("CARGO_MANIFEST_DIR")).as_bytes(), 0);
    assert_ne!(hash, by_folder);
}

fn profile_form(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("cs_phone", "0212345678".to_owned()),
        ("cs_email", "help@moodon.example".to_owned()),
        ("cs_hours", "평일 10:00-18:00".to_owned()),
        ("introduction", "데일리 니트 전문".to_owned()),
    ]
}

async fn save_profile(
    app: &common::TestApp,
    owner: &Session,
    name: &str,
    headers: &[(&str, &str)],
) -> common::TestResponse {
    let form = profile_form(name);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_as(UpdateShopProfile::PATH, &pairs, Some(owner), headers).await
}

async fn shop_name(app: &common::TestApp, owner: &Session) -> String {
    let res = app.call(GetShopProfile::PATH, &[], Some(owner)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["name"].as_str().expect("shop name").to_owned()
}

/// Pages of the app shell (behind sign-in).
const INSIDE_PAGES: &[&str] = &["/", "/settings/shop", "/settings/staff", "/settings/audit", "/account", "/application", "/operator"];

db_test!(
    async fn the_home_page_is_server_rendered_in_korean_for_a_signed_in_seller(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let res = app.get_as("/", Some(&owner)).await;
        assert_eq!(res.status, 200);
        assert!(res.header("content-type").starts_with("text/html"));
        assert!(res.body.contains(r#"<html lang="ko""#), "{}", &res.body[..200.min(res.body.len())]);
        assert!(res.body.contains(DEMO_SHOP_NAME));
        assert!(res.body.contains("입점 상태"));
        assert!(res.body.contains("판매 가능"));
        assert!(res.body.contains(r#"rel="manifest""#));
        // The bundle that hydrates the page is referenced.
        assert!(res.body.contains("/pkg/partner-center"));
    }
);

db_test!(
    async fn a_signed_out_visitor_is_redirected_to_the_login_page(app) {
        for page in INSIDE_PAGES {
            let res = app.get_as(page, None).await;
            assert_eq!(res.status, 302, "{page}");
            assert_eq!(res.header("location"), "/login", "{page}");
            assert!(!res.body.contains(DEMO_SHOP_NAME), "{page} shows nothing of the shop");
        }
        // A session that has ended is a visitor again.
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        assert_eq!(app.get_as("/", Some(&owner)).await.status, 200);
        let res = app.call(partner_center::accounts::Logout::PATH, &[], Some(&owner)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let res = app.get_as("/", Some(&owner)).await;
        assert_eq!((res.status.as_u16(), res.header("location")), (302, "/login"));
        // A made-up cookie is no session either.
        let forged = Session("0".repeat(64));
        assert_eq!(app.get_as("/settings/shop", Some(&forged)).await.header("location"), "/login");

        let login = app.get_as("/login", None).await;
        assert_eq!(login.status, 200);
        assert!(login.body.contains("로그인"));
        assert!(login.body.contains(r#"name="password""#));
    }
);

db_test!(
    /// Starting a router walks the app's routes, and Leptos suppresses every
    /// resource load process-wide while it does (leptos#4773): a page whose
    /// data started loading in that moment never finished. Routers started
    /// over and over beside the pages (as a restart or a second app in the
    /// process does) must not stall one of them.
    async fn pages_render_while_another_router_starts_in_the_same_process(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        // Stops the starter however the test ends: a runtime that is shut
        // down by a failed assertion waits for its blocking tasks.
        struct StopOnDrop(Arc<AtomicBool>);
        impl Drop for StopOnDrop {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let stop = StopOnDrop(Arc::new(AtomicBool::new(false)));
        let starter = {
            let (state, stop) = (app.state.clone(), stop.0.clone());
            tokio::task::spawn_blocking(move || {
                let mut started = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    drop(partner_center::server::http::router(state.clone()));
                    started += 1;
                }
                started
            })
        };
        for round in 0..20 {
            let page = tokio::time::timeout(Duration::from_secs(20), app.get_as("/", Some(&owner))).await;
            let page = page.unwrap_or_else(|_| panic!("round {round}: the home page never finished"));
            assert_eq!(page.status, 200);
            assert!(page.body.contains("입점 상태"), "round {round}: the dashboard is rendered");
        }
        drop(stop);
        assert!(starter.await.expect("router starter") > 0, "routers were started beside the pages");
    }
);

db_test!(
    async fn the_shop_s_server_functions_answer_401_to_a_signed_out_visitor(app) {
        for path in [GetDashboard::PATH, GetShopProfile::PATH] {
            let res = app.call(path, &[], None).await;
            common::assert_error(&res, 401, "unauthorized", None);
        }
        let res = app.call(UpdateShopProfile::PATH, &[("name", "탈취"), ("cs_phone", ""), ("cs_email", ""), ("cs_hours", ""), ("introduction", "")], None).await;
        common::assert_error(&res, 401, "unauthorized", None);
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        assert_eq!(shop_name(&app, &owner).await, DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn the_navigation_lists_only_pages_that_exist_and_the_role_may_use(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let info: partner_center::auth::SessionInfo =
            serde_json::from_value(app.session_info(&owner).await).expect("session info");
        let items = partner_center::app::nav::nav_items_for(&info);
        assert!(items.len() >= 4, "the owner sees home, shop, staff, audit log, account");
        let res = app.get_as("/", Some(&owner)).await;
        for item in partner_center::app::nav::NAV_ITEMS {
            let listed = res.body.contains(&format!(r#"href="{}""#, item.href));
            let for_owner = items.iter().any(|i| i.href == item.href);
            if for_owner {
                assert!(listed, "{} is in the owner's menu", item.href);
                assert_eq!(app.get_as(item.href, Some(&owner)).await.status, 200, "{}", item.href);
            } else if item.href != "/" {
                assert!(!listed, "{} is not offered to the owner", item.href);
            }
        }
        // The operator's review queue is not in a seller's menu.
        assert!(!res.body.contains(r#"href="/operator""#));
    }
);

db_test!(
    async fn an_unknown_address_is_a_korean_404(app) {
        let res = app.get("/no/such/page").await;
        assert_eq!(res.status, 404);
        assert!(res.body.contains("페이지를 찾을 수 없습니다"));
        assert_eq!(res.header("cache-control"), "no-store");
    }
);

db_test!(
    async fn health_reports_the_database_engine_in_use(app) {
        let res = app.get("/healthz").await;
        assert_eq!(res.status, 200);
        let expected = match app.engine {
            common::Engine::Sqlite => "sqlite",
            common::Engine::Postgres => "postgres",
        };
        assert_eq!(res.json()["database"], expected);
    }
);

db_test!(
    async fn the_shop_profile_is_saved_and_shown_everywhere(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let res = save_profile(&app, &owner, "  무드온 니트랩  ", SAME_ORIGIN).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let saved = res.json();
        assert_eq!(saved["name"], "무드온 니트랩");
        assert_eq!(saved["cs_phone"], "02-1234-5678");
        assert_eq!(shop_name(&app, &owner).await, "무드온 니트랩");
        assert!(app.get_as("/", Some(&owner)).await.body.contains("무드온 니트랩"));
        let dashboard = app.call(GetDashboard::PATH, &[], Some(&owner)).await.json();
        assert_eq!(dashboard["shop"]["name"], "무드온 니트랩");
        // Every member of the shop sees the new name.
        let cs = app.sign_in_demo("cs@moodon.example").await;
        assert_eq!(app.session_info(&cs).await["shop"]["shop_name"], "무드온 니트랩");
    }
);

db_test!(
    async fn invalid_input_gets_a_korean_message_and_changes_nothing(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let res = save_profile(&app, &owner, "   ", SAME_ORIGIN).await;
        assert_eq!(res.status, 422);
        let err = res.json();
        assert_eq!(err["code"], "invalid_input");
        assert_eq!(err["field"], "name");
        assert_eq!(err["message"], "상점 이름을 입력해 주세요.");

        let form = [("name", "무드온"), ("cs_phone", "전화 주세요"), ("cs_email", ""), ("cs_hours", ""), ("introduction", "")];
        let res = app.call(UpdateShopProfile::PATH, &form, Some(&owner)).await;
        assert_eq!(res.status, 422);
        assert_eq!(res.json()["field"], "cs_phone");

        assert_eq!(shop_name(&app, &owner).await, DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn business_type_and_item_are_saved_kept_and_limited_to_30_characters(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let profile = |res: common::TestResponse| {
            assert_eq!(res.status, 200, "{}", res.body);
            let p = res.json();
            (p["business_type"].as_str().expect("업태").to_owned(), p["business_item"].as_str().expect("종목").to_owned())
        };
        let mut form = profile_form("무드온");
        form.push(("business_type", "  제조업, 도매 및 소매업 ".to_owned()));
        form.push(("business_item", "니트 의류".to_owned()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = profile(app.call(UpdateShopProfile::PATH, &pairs, Some(&owner)).await);
        assert_eq!(saved, ("제조업, 도매 및 소매업".to_owned(), "니트 의류".to_owned()));
        let read = profile(app.call(GetShopProfile::PATH, &[], Some(&owner)).await);
        assert_eq!(read, saved);
        let page = app.get_as("/settings/shop", Some(&owner)).await.body;
        assert!(page.contains(r#"data-testid="shop-business-type""#) && page.contains(r#"data-testid="shop-business-item""#));
        assert!(page.contains("세금계산서에 표시됩니다") && page.contains("니트 의류"));

        // A caller that does not send them keeps what is stored.
        let read = profile(save_profile(&app, &owner, "무드온 니트랩", SAME_ORIGIN).await);
        assert_eq!(read, saved);

        // 31 characters of 업태: refused in Korean, nothing changes (not even the name).
        let mut form = profile_form("바뀌면 안 되는 이름");
        form.push(("business_type", "가".repeat(31)));
        form.push(("business_item", "".to_owned()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.call(UpdateShopProfile::PATH, &pairs, Some(&owner)).await;
        common::assert_error(&res, 422, "invalid_input", Some("business_type"));
        assert_eq!(res.json()["message"], "업태는 30자 이내로 입력해 주세요.");
        assert_eq!(profile(app.call(GetShopProfile::PATH, &[], Some(&owner)).await), saved);
        assert_eq!(shop_name(&app, &owner).await, "무드온 니트랩");

        // An empty form value arrives as "not sent" and keeps the stored value; the settings page
        // sends " " for a box the owner emptied, which is trimmed and clears it.
        let mut form = profile_form("무드온 니트랩");
        form.push(("business_type", " ".to_owned()));
        form.push(("business_item", "".to_owned()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let cleared = profile(app.call(UpdateShopProfile::PATH, &pairs, Some(&owner)).await);
        assert_eq!(cleared, (String::new(), "니트 의류".to_owned()));
    }
);

db_test!(
    async fn a_request_from_another_site_is_refused_and_changes_nothing(app) {
        // The owner is signed in: only the origin check stands in the way.
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let res = save_profile(&app, &owner, "탈취된 상점", &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")]).await;
        assert_eq!(res.status, 403);
        assert_eq!(res.json()["code"], "cross_origin");
        let res = save_profile(&app, &owner, "탈취된 상점", &[("origin", "https://evil.example")]).await;
        assert_eq!(res.status, 403);
        let res = save_profile(&app, &owner, "탈취된 상점", &[("sec-fetch-site", "same-site")]).await;
        assert_eq!(res.status, 403);
        assert_eq!(shop_name(&app, &owner).await, DEMO_SHOP_NAME);
        // The same request from our own page goes through.
        let res = save_profile(&app, &owner, "우리 상점", SAME_ORIGIN).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
);

db_test!(
    async fn data_and_sessions_survive_a_restart_and_demo_data_is_not_loaded_twice(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let res = save_profile(&app, &owner, "재시작 후에도 남는 이름", SAME_ORIGIN).await;
        assert_eq!(res.status, 200, "{}", res.body);
        app.restart().await;
        // Sessions live in the database: the owner is still signed in.
        assert_eq!(shop_name(&app, &owner).await, "재시작 후에도 남는 이름");
        assert_eq!(app.count("SELECT COUNT(*) FROM shops").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 4);
        assert_eq!(app.count("SELECT COUNT(*) FROM shop_members").await, 4);
    }
);

db_test!(
    async fn the_pwa_files_are_served_with_the_right_headers(app) {
        let manifest = app.get("/manifest.webmanifest").await;
        assert_eq!(manifest.status, 200);
        assert_eq!(manifest.header("content-type"), "application/manifest+json");
        assert_eq!(manifest.header("cache-control"), "public, max-age=86400");
        let m = manifest.json();
        assert_eq!(m["display"], "standalone");
        assert_eq!(m["short_name"], "파트너센터");
        let icons = m["icons"].as_array().unwrap();
        for size in ["192x192", "512x512"] {
            assert!(icons.iter().any(|i| i["sizes"] == size), "{size}");
        }
        assert!(icons.iter().any(|i| i["purpose"] == "maskable"));
        for icon in icons {
            let res = app.get(icon["src"].as_str().unwrap()).await;
            assert_eq!(res.status, 200, "{}", icon["src"]);
        }

        let sw = app.get("/sw.js").await;
        assert_eq!(sw.status, 200);
        assert!(sw.header("content-type").starts_with("text/javascript"));
        assert_eq!(sw.header("cache-control"), "no-cache");
        assert!(sw.body.contains("/offline.html"));
        assert!(sw.body.contains(r#"startsWith("/api/")"#));

        let offline = app.get("/offline.html").await;
        assert_eq!(offline.status, 200);
        assert!(offline.body.contains("오프라인 상태입니다"));
    }
);

db_test!(
    async fn pages_are_compressed_for_browsers_that_accept_it(app) {
        use axum::body::Body;
        use axum::http::Request;
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        for encoding in ["br", "gzip"] {
            let req = Request::get("/")
                .header("accept-encoding", encoding)
                .header("cookie", owner.cookie_header())
                .body(Body::empty())
                .unwrap();
            let res = app.request(req).await;
            assert_eq!(res.status, 200);
            assert_eq!(res.header("content-encoding"), encoding);
        }
    }
);
