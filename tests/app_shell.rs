//! The running app on a real database: pages, server functions, static
//! files, and what survives a restart. Every test runs on SQLite and on
//! PostgreSQL.

mod common;

use leptos::server_fn::ServerFn;
use partner_center::home::GetDashboard;
use partner_center::server::demo::DEMO_SHOP_NAME;
use partner_center::shop::{GetShopProfile, UpdateShopProfile};

const SAME_ORIGIN: &[(&str, &str)] = &[("sec-fetch-site", "same-origin")];

fn profile_form(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("cs_phone", "0212345678".to_owned()),
        ("cs_email", "help@moodon.example".to_owned()),
        ("cs_hours", "평일 10:00-18:00".to_owned()),
        ("introduction", "데일리 니트 전문".to_owned()),
    ]
}

async fn save_profile(app: &common::TestApp, name: &str, headers: &[(&str, &str)]) -> common::TestResponse {
    let form = profile_form(name);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(UpdateShopProfile::PATH, &pairs, headers).await
}

async fn shop_name(app: &common::TestApp) -> String {
    let res = app.post_form(GetShopProfile::PATH, &[], SAME_ORIGIN).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["name"].as_str().expect("shop name").to_owned()
}

db_test!(
    async fn the_home_page_is_server_rendered_in_korean(app) {
        let res = app.get("/").await;
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
    async fn the_navigation_lists_only_pages_that_exist(app) {
        let res = app.get("/").await;
        for item in partner_center::ui::NAV_ITEMS {
            assert!(res.body.contains(&format!(r#"href="{}""#, item.href)), "{}", item.href);
            assert_eq!(app.get(item.href).await.status, 200, "{}", item.href);
        }
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
        let res = save_profile(&app, "  무드온 니트랩  ", SAME_ORIGIN).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let saved = res.json();
        assert_eq!(saved["name"], "무드온 니트랩");
        assert_eq!(saved["cs_phone"], "02-1234-5678");
        assert_eq!(shop_name(&app).await, "무드온 니트랩");
        assert!(app.get("/").await.body.contains("무드온 니트랩"));
        let dashboard = app.post_form(GetDashboard::PATH, &[], SAME_ORIGIN).await.json();
        assert_eq!(dashboard["shop"]["name"], "무드온 니트랩");
    }
);

db_test!(
    async fn invalid_input_gets_a_korean_message_and_changes_nothing(app) {
        let res = save_profile(&app, "   ", SAME_ORIGIN).await;
        assert_eq!(res.status, 422);
        let err = res.json();
        assert_eq!(err["code"], "invalid_input");
        assert_eq!(err["field"], "name");
        assert_eq!(err["message"], "상점 이름을 입력해 주세요.");

        let form = [("name", "무드온"), ("cs_phone", "전화 주세요"), ("cs_email", ""), ("cs_hours", ""), ("introduction", "")];
        let res = app.post_form(UpdateShopProfile::PATH, &form, SAME_ORIGIN).await;
        assert_eq!(res.json()["field"], "cs_phone");

        assert_eq!(shop_name(&app).await, DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn a_request_from_another_site_is_refused_and_changes_nothing(app) {
        let res = save_profile(&app, "탈취된 상점", &[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")]).await;
        assert_eq!(res.status, 403);
        assert_eq!(res.json()["code"], "cross_origin");
        let res = save_profile(&app, "탈취된 상점", &[("origin", "https://evil.example")]).await;
        assert_eq!(res.status, 403);
        assert_eq!(shop_name(&app).await, DEMO_SHOP_NAME);
    }
);

db_test!(
    async fn data_survives_a_restart_and_demo_data_is_not_loaded_twice(app) {
        let res = save_profile(&app, "재시작 후에도 남는 이름", SAME_ORIGIN).await;
        assert_eq!(res.status, 200, "{}", res.body);
        app.restart().await;
        assert_eq!(shop_name(&app).await, "재시작 후에도 남는 이름");
        let (shops,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM shops").fetch_one(app.state.db.pool()).await.unwrap();
        assert_eq!(shops, 1);
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
        for encoding in ["br", "gzip"] {
            let req = Request::get("/").header("accept-encoding", encoding).body(Body::empty()).unwrap();
            let res = app.request(req).await;
            assert_eq!(res.status, 200);
            assert_eq!(res.header("content-encoding"), encoding);
        }
    }
);
