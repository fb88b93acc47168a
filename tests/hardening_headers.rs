//! Security headers on every kind of answer (issue 17, item 7): pages carry
//! a Content-Security-Policy whose nonce is the one on every inline script
//! the page holds (Leptos's hydration and streaming scripts), no page may be
//! framed, `nosniff` and a Referrer-Policy are on pages, bundle files, API
//! answers and downloads, HSTS comes with an https public URL, and an
//! uploaded document is a sandboxed attachment, never a page of ours.

use crate::common;

use common::TestResponse;
use leptos::server_fn::ServerFn;
use partner_center::server::demo::DEMO_OWNER;

/// The full headers, printed for the closing note (`--nocapture`).
fn print_headers(what: &str, res: &TestResponse) {
    let mut lines: Vec<String> =
        res.headers.iter().map(|(k, v)| format!("  {k}: {}", v.to_str().unwrap_or("<binary>"))).collect();
    lines.sort();
    eprintln!("--- {what}: {}\n{}", res.status, lines.join("\n"));
}

/// Headers every answer carries, whatever it is.
#[track_caller]
fn assert_everywhere(what: &str, res: &TestResponse) {
    assert_eq!(res.header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(res.header("referrer-policy"), "same-origin", "{what}");
    assert_eq!(res.header("x-frame-options"), "DENY", "{what}");
}

/// A page's CSP: scripts from the app or with this page's nonce, WebAssembly
/// allowed, never framed; returns the nonce, after checking every inline
/// script of the page carries it.
#[track_caller]
fn assert_page_csp(what: &str, res: &TestResponse) -> String {
    assert_everywhere(what, res);
    assert!(res.header("content-type").starts_with("text/html"), "{what}: {}", res.header("content-type"));
    let csp = res.header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"), "{what}: {csp}");
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap_or_else(|| panic!("{what}: {csp}"));
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{what}: the bundle is WebAssembly: {script_src}");
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval' "), "{what}: {script_src}");
    // Buyers' review photos are on the channels' image servers.
    let img_src = csp.split(';').map(str::trim).find(|d| d.starts_with("img-src")).unwrap_or_default();
    assert!(img_src.split_whitespace().any(|s| s == "https:"), "{what}: review photos need https images: {csp}");
    let nonce = script_src
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-").and_then(|s| s.strip_suffix('\'')))
        .unwrap_or_else(|| panic!("{what}: no nonce in {script_src}"))
        .to_owned();
    assert!(nonce.len() >= 22, "{what}: a nonce of at least 128 bits: {nonce}");
    // Every script in the page either loads a file of ours or carries the nonce.
    let mut inline = 0;
    for tag in res.body.split("<script").skip(1) {
        let open = &tag[..tag.find('>').unwrap_or(tag.len())];
        if open.contains(" src=") {
            continue;
        }
        inline += 1;
        assert!(open.contains(&format!("nonce=\"{nonce}\"")), "{what}: an inline script without the nonce: <script{open}>");
    }
    assert!(!res.body.contains(" onclick=") && !res.body.contains(" onload="), "{what}: inline handlers run under no CSP");
    eprintln!("{what}: {inline} inline scripts, all with the nonce");
    nonce
}

db_test!(
    async fn pages_carry_a_nonce_csp_that_every_inline_script_matches(app) {
        let login = app.get_as("/login", None).await;
        assert_eq!(login.status, 200);
        let first = assert_page_csp("/login", &login);
        assert!(login.body.contains("type=\"module\""), "the hydration script is in the page");
        let again = app.get_as("/login", None).await;
        assert_ne!(assert_page_csp("/login again", &again), first, "a fresh nonce on every answer");
        print_headers("GET /login", &login);

        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let home = app.get_as("/", Some(&owner)).await;
        assert_eq!(home.status, 200, "{}", home.body);
        assert_page_csp("/", &home);
        print_headers("GET / (signed in)", &home);
        let settings = app.get_as("/settings/shop", Some(&owner)).await;
        assert_eq!(settings.status, 200);
        assert_page_csp("/settings/shop", &settings);
        let visitor = app.get_as("/", None).await;
        assert_everywhere("/ (visitor)", &visitor);
        print_headers("GET / (visitor)", &visitor);
        let missing = app.get_as("/no-such-page", Some(&owner)).await;
        assert_eq!(missing.status, 404);
        assert_page_csp("404 page", &missing);

        // The offline page the service worker keeps: its script runs under the CSP too.
        let offline = app.get("/offline.html").await;
        assert_eq!(offline.status, 200);
        assert_page_csp("/offline.html", &offline);
        // Not HTTPS here: no HSTS.
        assert_eq!(home.header("strict-transport-security"), "");
    }
);

db_test!(
    async fn bundle_files_api_answers_and_the_service_worker_are_nosniff_and_unframed(app) {
        // The test app serves public/; give it a built bundle file like cargo leptos's.
        let site = tempfile::tempdir().unwrap();
        let public = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public");
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::create_dir_all(site.path().join("icons")).unwrap();
        std::fs::write(site.path().join("pkg/partner-center.js"), "export default function(){}").unwrap();
        std::fs::copy(public.join("icons/favicon.svg"), site.path().join("icons/favicon.svg")).unwrap();
        let root = site.path().to_owned();
        app.restart_with(move |c| c.site_root = root).await;

        let pkg = app.get("/pkg/partner-center.js").await;
        assert_eq!(pkg.status, 200);
        assert_everywhere("/pkg/", &pkg);
        print_headers("GET /pkg/partner-center.js", &pkg);
        assert_everywhere("/icons/", &app.get("/icons/favicon.svg").await);

        let sw = app.get("/sw.js").await;
        assert_everywhere("/sw.js", &sw);
        // A policy on the worker's own script would bind the worker's fetches.
        assert_eq!(sw.header("content-security-policy"), "", "the service worker keeps working");

        let health = app.get("/healthz").await;
        assert_everywhere("/healthz", &health);
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let api = app.call(partner_center::shop::GetShopProfile::PATH, &[], Some(&owner)).await;
        assert_eq!(api.status, 200, "{}", api.body);
        assert_everywhere("a server function's answer", &api);
        print_headers("POST /api/get_shop_profile…", &api);
        let refused = app.call(partner_center::shop::GetShopProfile::PATH, &[], None).await;
        assert_eq!(refused.status, 401);
        assert_everywhere("a refused server function", &refused);
        let download = app.get_as("/downloads/orders.csv", Some(&owner)).await;
        assert_everywhere("/downloads/orders.csv", &download);
        print_headers("GET /downloads/orders.csv", &download);
    }
);

db_test!(
    async fn an_uploaded_document_is_a_sandboxed_attachment(app) {
        let shop = app.open_shop("headers@seongsu-knit.example", "헤더 상점", 31).await;
        let operator = app.operator().await;
        let res = app.get_as(&format!("/operator/documents/{}", shop.shop_id), Some(&operator)).await;
        assert_eq!(res.status, 200);
        assert_eq!(res.bytes, common::TINY_PNG);
        assert_everywhere("the 사업자등록증", &res);
        assert!(res.header("content-disposition").starts_with("attachment"), "{}", res.header("content-disposition"));
        assert_eq!(res.header("content-security-policy"), "sandbox");
        print_headers("GET /operator/documents/{shop_id}", &res);
    }
);

db_test!(
    async fn an_https_public_url_adds_hsts_to_every_answer(app) {
        app.restart_with(|c| c.public_url = Some("https://partner.example".into())).await;
        for path in ["/login", "/healthz", "/sw.js"] {
            let res = app.get_as(path, None).await;
            assert_eq!(res.header("strict-transport-security"), "max-age=31536000", "{path}");
        }
        print_headers("GET /login (PUBLIC_URL https)", &app.get_as("/login", None).await);
    }
);
