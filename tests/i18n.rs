//! Korean and English: a shop whose data is all in English, its owner
//! switched to English, walks every page the owner (and the operator) can
//! open, and nothing outside the data is in Hangul; the same pages in Korean
//! show no catalogue key where a text should be. The language follows the
//! account to the next sign-in, `Accept-Language` decides for visitors, and
//! the Channel API answers its `message` in the caller's language with the
//! same stable `code`.

use crate::common;

use axum::body::Body;
use axum::http::Request;
use common::{
    assert_ok, business_number, channel_keys, order_json, place_order, product_json, ship_and_deliver, Session,
    SignupForm, TestApp, TestResponse, ORDERS, TINY_PNG,
};
use leptos::server_fn::ServerFn;
use partner_center::accounts::SetLanguage;
use partner_center::operator::ReviewShop;
use partner_center::products::SaveProduct;
use serde_json::json;

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{3131}'..='\u{318E}').contains(&c)
}

/// What a reader sees of a page: its text and the attributes read aloud or
/// shown (title, placeholder, aria-label, alt, the description), without
/// scripts (the hydration data), comments, and elements marked `lang="ko"`
/// (the language switch names Korean in Korean).
fn readable(html: &str) -> Vec<String> {
    const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    const READ: &[&str] = &["title", "placeholder", "aria-label", "alt", "content", "label"];
    let mut out = Vec::new();
    let mut rest = html;
    let mut skip_depth = 0usize;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_depth == 0 {
                out.push(rest.to_owned());
            }
            break;
        };
        if lt > 0 && skip_depth == 0 {
            out.push(rest[..lt].to_owned());
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let _ = name;
            skip_depth = skip_depth.saturating_sub(1);
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_ascii_lowercase();
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            rest = rest.find(&close).map_or("", |e| &rest[e + close.len()..]);
            continue;
        }
        let void = VOID.contains(&name.as_str()) || tag.ends_with('/');
        if skip_depth > 0 {
            if !void {
                skip_depth += 1;
            }
            continue;
        }
        if tag.contains(r#" lang="ko""#) && name != "html" {
            if !void {
                skip_depth = 1;
            }
            continue;
        }
        for attr in READ {
            let key = format!(" {attr}=\"");
            if let Some(start) = tag.find(&key) {
                let value = &tag[start + key.len()..];
                out.push(value[..value.find('"').unwrap_or(value.len())].to_owned());
            }
        }
    }
    out
}

/// Readable pieces with Hangul in them.
fn hangul_in(html: &str) -> Vec<String> {
    readable(html).into_iter().filter(|t| t.chars().any(is_hangul)).map(|t| t.trim().chars().take(80).collect()).collect()
}

async fn page(app: &TestApp, path: &str, session: Option<&Session>, lang: &str) -> TestResponse {
    let cookie = match session {
        Some(s) => format!("{}; lang={lang}", s.cookie_header()),
        None => format!("lang={lang}"),
    };
    let req = Request::get(path).header("accept", "text/html").header("cookie", cookie).body(Body::empty()).unwrap();
    app.request(req).await
}

/// A shop whose data is English from the sign-up on: the owner, the
/// address, a product, an order, a return claim, an inquiry and a review.
struct EnglishShop {
    owner: Session,
    shop_id: i64,
    product_id: i64,
    order_no: String,
    claim_id: i64,
}

/// Values the law or the platform keeps in Korean even for this shop: the
/// 통신판매업 number's format and the bank's name (stored as chosen).
const KOREAN_DATA: &[&str] = &["제2025-서울성동-0420호", "카카오뱅크"];

async fn english_shop(app: &TestApp) -> EnglishShop {
    let form = SignupForm::new("owner@north-atelier.example", "North Atelier", &business_number(61))
        .set("name", "Ava Kim")
        .set("representative_name", "Ava Kim")
        .set("business_address", "113 Seongsui-ro, Seongdong-gu, Seoul")
        .set("settlement_holder", "Ava Kim")
        .document("registration.png", "image/png", TINY_PNG);
    let shop = app.open_shop_with(form).await;
    sqlx::query("UPDATE shops SET status = 'approved' WHERE id = $1").bind(shop.shop_id).execute(app.state.db.pool()).await.unwrap();

    // The owner picks English: the device's cookie at once, the account for next time.
    let res = app.call(SetLanguage::PATH, &[("locale", "en")], Some(&shop.owner)).await;
    assert_ok(&res);
    assert!(res.set_cookies().iter().any(|c| c.starts_with("lang=en;")), "{:?}", res.set_cookies());
    // Signing in again (another device) brings the language along.
    let again = app.login(&shop.email, common::SELLER_PASSWORD).await;
    assert!(again.set_cookies().iter().any(|c| c.starts_with("lang=en;")), "{:?}", again.set_cookies());
    let owner = Session(again.session_cookie().unwrap());

    let mut product = product_json("NA-1", 10);
    product["input"]["name"] = json!("Daily Knit Navy");
    product["input"]["option_groups"][0]["name"] = json!("Size");
    let res = app.call_json(SaveProduct::PATH, &product, Some(&owner)).await;
    assert_ok(&res);
    let product_id = res.json().as_i64().unwrap();
    let variant: i64 = sqlx::query_scalar("SELECT id FROM product_variants WHERE product_id = $1 ORDER BY position LIMIT 1")
        .bind(product_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();

    let keys = channel_keys(app).await;
    let mut order = order_json("ZZ-EN-1", &[(variant, 1, 29000, 1000, 3000), (variant, 1, 29000, 1000, 3000)]);
    order["buyer"]["name"] = json!("Jane Doe");
    order["recipient"] = json!({ "name": "John Roe", "phone": "010-9876-5432", "postcode": "04001",
                                  "address": "12 World Cup-ro, Mapo-gu, Seoul", "address_detail": "3F", "note": "Leave at the door" });
    let items = place_order(app, &keys.zigzag, &order).await;
    ship_and_deliver(app, &owner, &keys.carrier, &items[..1], "612345678901").await;
    let order_no: String = sqlx::query_scalar("SELECT order_no FROM order_items WHERE id = $1")
        .bind(items[0])
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();

    let claim = json!({ "channel_claim_id": "ZZ-EN-C1", "channel_order_id": "ZZ-EN-1", "channel_item_id": "1",
                        "kind": "return", "reason": "size_mismatch" });
    let res = app.api_post("/api/channel/v1/claims", &claim, &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let claim_id = res.json()["claim_id"].as_i64().unwrap();
    let inquiry = json!({ "channel_inquiry_id": "ZZ-EN-Q1", "kind": "product", "product_id": product_id, "buyer_name": "Jane Doe",
                          "category": "size", "title": "Sleeve length", "body": "How long are the sleeves in M?" });
    let res = app.api_post("/api/channel/v1/inquiries", &inquiry, &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let review = json!({ "channel_review_id": "ZZ-EN-R1", "channel_order_id": "ZZ-EN-1", "channel_item_id": "1", "rating": 2,
                         "body": "Runs small.", "photos": [], "buyer_name": "J***" });
    let res = app.api_post("/api/channel/v1/reviews", &review, &keys.zigzag).await;
    assert_eq!(res.status, 201, "{}", res.body);

    EnglishShop { owner, shop_id: shop.shop_id, product_id, order_no, claim_id }
}

fn owner_pages(shop: &EnglishShop) -> Vec<String> {
    let mut pages: Vec<String> = [
        "/", "/products", "/products/new", "/products/import", "/products/stock", "/orders", "/orders/invoices",
        "/orders/slips", "/claims", "/inquiries", "/reviews", "/sales", "/settlement", "/settlement/tax-invoices",
        "/settlement/vat", "/settings/shop", "/settings/staff", "/settings/audit", "/account", "/no-such-page",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    pages.push(format!("/products/{}", shop.product_id));
    pages.push(format!("/orders/{}", shop.order_no));
    pages.push(format!("/claims/{}", shop.claim_id));
    pages
}

/// Walks the pages in `lang`, failing with every offending page and text.
async fn walk(app: &TestApp, who: Option<&Session>, pages: &[String], check: impl Fn(&str) -> Vec<String>) {
    let mut problems = Vec::new();
    for path in pages {
        let res = page(app, path, who, "en").await;
        // A link from an e-mail with a bad token is answered 400, with its page.
        let expected: &[u16] = if path == "/no-such-page" { &[404][..] } else if path.contains("token=") { &[200, 400][..] } else { &[200][..] };
        assert!(expected.contains(&res.status.as_u16()), "{path}: {} {}", res.status, &res.body[..res.body.len().min(300)]);
        let found = check(&res.body);
        if !found.is_empty() {
            problems.push(format!("{path}: {found:?}"));
        }
    }
    assert!(problems.is_empty(), "Hangul outside data in English:\n{}", problems.join("\n"));
}

db_test!(
    async fn every_page_reads_in_english_for_an_english_owner_and_in_korean_without_key_names(app) {
        let shop = english_shop(&app).await;
        let pages = owner_pages(&shop);
        let english = |html: &str| {
            let mut html = html.to_owned();
            for data in KOREAN_DATA {
                html = html.replace(data, "");
            }
            assert!(html.contains(r#"<html lang="en""#), "the document says it is English");
            hangul_in(&html)
        };
        walk(&app, Some(&shop.owner), &pages, english).await;

        // Visitors' pages, in the language their browser asks for.
        let visitor = ["/login", "/signup", "/forgot-password", "/reset-password?token=x", "/verify-email?token=x", "/invitation?token=x"]
            .map(String::from);
        walk(&app, None, &visitor, |html: &str| hangul_in(html)).await;

        // The operator's console too (an operator who reads English).
        let operator = app.operator().await;
        let console = ["/operator".to_owned(), "/operator/settlement".to_owned(), format!("/operator/shops/{}", shop.shop_id), "/dev/mailbox".to_owned()];
        let skip_shop_data = |html: &str| {
            let mut html = html.to_owned();
            for data in KOREAN_DATA.iter().chain(["사업자등록증"].iter()) {
                html = html.replace(data, "");
            }
            // The demo shop's data (its name, people, address) is Korean.
            hangul_in(&html).into_iter().filter(|t| !t.contains("무드온") && !t.contains("김") && !t.contains("서울")).collect()
        };
        walk(&app, Some(&operator), &console[..2], skip_shop_data).await;
        walk(&app, Some(&operator), &console[2..3], skip_shop_data).await;

        // In Korean the same pages show texts, never the name of one.
        let keys = partner_center::i18n::KEYS;
        let mut problems = Vec::new();
        for path in &pages {
            let res = page(&app, path, Some(&shop.owner), "ko").await;
            assert!(res.body.contains(r#"<html lang="ko""#), "{path}");
            let pieces = readable(&res.body);
            assert!(pieces.iter().any(|t| t.chars().any(is_hangul)), "{path}: Korean page without Korean");
            // A text that failed to load shows as its key, a whole piece of
            // its own (data such as an audit diff may hold words like keys).
            for piece in &pieces {
                let piece = piece.trim();
                if keys.contains(&piece) || piece.split_whitespace().any(|w| keys.contains(&w) && w.contains("_") && !piece.contains('"')) {
                    problems.push(format!("{path}: {piece}"));
                }
            }
        }
        assert!(problems.is_empty(), "catalogue keys shown instead of texts:\n{}", problems.join("\n"));
    }
);

db_test!(
    async fn a_visitor_gets_the_language_the_browser_asks_for_and_the_cookie_wins(app) {
        let get = |accept: &'static str, cookie: Option<&'static str>| {
            let mut req = Request::get("/login").header("accept", "text/html").header("accept-language", accept);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            req.body(Body::empty()).unwrap()
        };
        use partner_center::i18n::Locale;
        let en = app.request(get("en-US,en;q=0.9", None)).await;
        assert!(en.body.contains(r#"<html lang="en""#));
        // A visitor loads the sign-in pages' texts of one language only.
        assert!(en.body.contains(&Locale::En.visitor_catalogue_url()), "only the English catalogue is loaded");
        assert!(!en.body.contains(&Locale::Ko.visitor_catalogue_url()) && !en.body.contains(&Locale::Ko.catalogue_url()));
        let ko = app.request(get("ko-KR,ko;q=0.9,en;q=0.8", None)).await;
        assert!(ko.body.contains(r#"<html lang="ko""#));
        assert!(!ko.body.contains(&Locale::En.visitor_catalogue_url()) && !ko.body.contains(&Locale::En.catalogue_url()));
        let chosen = app.request(get("en-US", Some("lang=ko"))).await;
        assert!(chosen.body.contains(r#"<html lang="ko""#), "the device's choice beats the browser's");

        // The catalogue scripts: hashed names, cached for good, brotli for
        // browsers that take it; the visitor's is the smaller; others are 404.
        for locale in Locale::ALL {
            let whole = app.get(&locale.catalogue_url()).await;
            let visitor = app.get(&locale.visitor_catalogue_url()).await;
            for res in [&whole, &visitor] {
                assert_eq!(res.status, 200);
                assert_eq!(res.header("cache-control"), "public, max-age=31536000, immutable");
                assert!(res.body.starts_with("(self.pcCatalogues"));
            }
            assert!(visitor.body.len() * 2 < whole.body.len(), "{} vs {}", visitor.body.len(), whole.body.len());
            let req = Request::get(locale.catalogue_url()).header("accept-encoding", "gzip, br").body(Body::empty()).unwrap();
            let br = app.request(req).await;
            assert_eq!(br.header("content-encoding"), "br");
            assert!(br.bytes.len() * 3 < whole.body.len(), "compressed: {} of {}", br.bytes.len(), whole.body.len());
        }
        // Signed in, the whole catalogue.
        let owner = common::owner(&app).await;
        let page = app.get_as("/", Some(&owner)).await;
        assert!(page.body.contains(&Locale::Ko.catalogue_url()), "the whole Korean catalogue once signed in");
        assert_eq!(app.get("/i18n/en.0000000000000000.js").await.status, 404);

        // A signed-in person's choice is saved on the account.
        assert_ok(&app.call(SetLanguage::PATH, &[("locale", "en")], Some(&owner)).await);
        let saved: String = sqlx::query_scalar("SELECT locale FROM users WHERE email = $1")
            .bind(partner_center::server::demo::DEMO_OWNER)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(saved, "en");
        // Something that is not a language changes nothing.
        let res = app.call(SetLanguage::PATH, &[("locale", "fr")], Some(&owner)).await;
        assert_eq!(res.status, 400, "{}", res.body);
    }
);

db_test!(
    async fn the_channel_api_keeps_its_codes_and_answers_in_the_caller_s_language(app) {
        let keys = channel_keys(&app).await;
        let bad = json!({ "channel_order_id": "ZZ-BAD", "items": [] });
        let mut answers = Vec::new();
        for lang in ["en", "ko"] {
            let req = Request::post(ORDERS)
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {}", keys.zigzag))
                .header("accept-language", lang)
                .body(Body::from(bad.to_string()))
                .unwrap();
            let res = app.request(req).await;
            assert_eq!(res.status, 422, "{}", res.body);
            answers.push(res.json());
        }
        assert_eq!(answers[0]["code"], answers[1]["code"], "the code is the same in both languages");
        let (en, ko) = (answers[0]["message"].as_str().unwrap(), answers[1]["message"].as_str().unwrap());
        assert!(!en.chars().any(is_hangul) && !en.is_empty(), "{en}");
        assert!(ko.chars().any(is_hangul), "{ko}");
    }
);

#[test]
fn the_reader_skips_scripts_comments_and_korean_marked_elements() {
    let html = r#"<html lang="en"><head><title>Orders</title><script>var x="주문";</script></head><body><!--hk=1--><button lang="ko" title="언어">한국어<span>!</span></button><p title="Hi">Hello <b>there</b></p><input placeholder="검색"><p>끝</p></body></html>"#;
    assert_eq!(hangul_in(html), vec!["검색".to_owned(), "끝".to_owned()]);
    assert!(readable(html).contains(&"Hello ".to_owned()));
}

db_test!(
    async fn the_operator_s_decision_reaches_the_owner_in_the_owner_s_language(app) {
        let en = app.open_shop("owner@en-decision.example", "Harbor Knits", 62).await;
        assert_ok(&app.call(SetLanguage::PATH, &[("locale", "en")], Some(&en.owner)).await);
        let ko = app.open_shop("owner@ko-decision.example", "성수 니트", 63).await;
        let operator = app.operator().await;
        for shop in [&en, &ko] {
            let form = [("shop_id", shop.shop_id.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_ok(&app.call(ReviewShop::PATH, &pairs, Some(&operator)).await);
        }
        let mail = app.latest_mail(&en.email).await.expect("decision mail");
        assert!(!mail.subject.chars().any(is_hangul) && !mail.body.chars().any(is_hangul), "{} / {}", mail.subject, mail.body);
        assert!(mail.body.contains("Harbor Knits"));
        let mail = app.latest_mail(&ko.email).await.expect("decision mail");
        assert!(mail.subject.chars().any(is_hangul), "{}", mail.subject);
    }
);
