//! 상품 관리 against a real database (SQLite and PostgreSQL): registration
//! with options and photos, the rules every save checks, stock that never
//! oversells, the list, bulk actions, the stock sheet, spreadsheet import and
//! export, roles and the demo catalogue.

use crate::common;

use common::{assert_error, assert_ok, Part, Session, TestApp, TestResponse, SAME_ORIGIN};
use leptos::server_fn::ServerFn;
use partner_center::home::GetDashboard;
use partner_center::products::stock::{release_now, reserve_now, StockError};
use partner_center::products::{
    BulkUpdateProducts, GetProduct, ImportProducts, ListProducts, ListStockSheet, ProductQuery, SaveProduct,
    SaveStockSheet, UploadProductImage,
};
use partner_center::server::demo::DEMO_OWNER;
use serde_json::{json, Value};

/// The colour in a SKU (SKUs are ASCII).
fn abbr(colour: &str) -> &'static str {
    match colour {
        "블랙" => "BK",
        "아이보리" => "IV",
        "네이비" => "NV",
        "화이트" => "WH",
        "베이지" => "BE",
        _ => "XX",
    }
}

fn coat(code: &str, colours: &[&str], sizes: &[&str], stock: i64) -> Value {
    let mut variants = Vec::new();
    for c in colours {
        for s in sizes {
            variants.push(json!({
                "id": null, "options": [c, s], "sku": format!("{code}-{}-{s}", abbr(c)), "extra_price": 0, "stock": stock,
                "stock_was": null, "low_stock_threshold": 3, "active": true,
            }));
        }
    }
    json!({ "input": {
        "id": null, "code": code, "name": format!("오버핏 울 코트 {code}"), "category": "아우터>코트",
        "list_price": 159000, "sale_price": 129000, "description": "울 60%", "status": "on_sale",
        "channels": ["zigzag", "posty"],
        "option_groups": [{ "name": "색상", "values": colours }, { "name": "사이즈", "values": sizes }],
        "variants": variants,
        "shipping": { "shipping_fee": 3000, "free_shipping_over": 50000, "return_fee": 3000, "exchange_fee": 6000,
                      "ship_from": "서울 마포구", "return_address": "서울 마포구" },
        "image_ids": [],
    }})
}

/// A product without options (단일 상품).
fn single(code: &str, name: &str, price: i64, stock: i64) -> Value {
    json!({ "input": {
        "id": null, "code": code, "name": name, "category": "상의>티셔츠",
        "list_price": price, "sale_price": price, "description": "", "status": "on_sale", "channels": ["zigzag"],
        "option_groups": [],
        "variants": [{ "id": null, "options": [], "sku": format!("{code}-1"), "extra_price": 0, "stock": stock,
                       "stock_was": null, "low_stock_threshold": 3, "active": true }],
        "shipping": { "shipping_fee": 3000, "free_shipping_over": 50000, "return_fee": 3000, "exchange_fee": 6000,
                      "ship_from": "", "return_address": "" },
        "image_ids": [],
    }})
}

async fn save(app: &TestApp, body: &Value, who: &Session) -> i64 {
    let res = app.call_json(SaveProduct::PATH, body, Some(who)).await;
    assert_ok(&res);
    res.json().as_i64().expect("the product id")
}

async fn detail(app: &TestApp, id: i64, who: &Session) -> Value {
    let res = app.call(GetProduct::PATH, &[("product_id", &id.to_string())], Some(who)).await;
    assert_ok(&res);
    res.json()
}

async fn list(app: &TestApp, who: &Session, q: &str, extra: &[(&str, &str)]) -> Value {
    let mut form = vec![("q", q), ("status", ""), ("category", ""), ("channel", ""), ("low_stock", "false"), ("sort", "")];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    let res = app.call(ListProducts::PATH, &form, Some(who)).await;
    assert_ok(&res);
    res.json()
}

fn names(page: &Value) -> Vec<String> {
    page["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect()
}

async fn upload(app: &TestApp, who: &Session, bytes: &[u8], content_type: &str) -> TestResponse {
    app.post_multipart(UploadProductImage::PATH, &[Part::file("image", "photo", content_type, bytes)], Some(who), SAME_ORIGIN).await
}

async fn import(app: &TestApp, who: &Session, name: &str, bytes: &[u8], apply: bool, mode: &str) -> TestResponse {
    let parts = [
        Part::file("file", name, "text/csv", bytes),
        Part::text("apply", if apply { "true" } else { "false" }),
        Part::text("mode", mode),
    ];
    app.post_multipart(ImportProducts::PATH, &parts, Some(who), SAME_ORIGIN).await
}

async fn product_counts(app: &TestApp) -> (i64, i64) {
    (
        app.count("SELECT COUNT(*) FROM products WHERE deleted_at = 0").await,
        app.count("SELECT COUNT(*) FROM product_variants WHERE deleted_at = 0").await,
    )
}

async fn stock_of(app: &TestApp, sku: &str) -> i64 {
    app.count_where("SELECT stock FROM product_variants WHERE sku = $1 AND deleted_at = 0", sku).await
}

async fn status_of(app: &TestApp, id: i64) -> String {
    let (s,): (String,) = sqlx::query_as("SELECT status FROM products WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    s
}

async fn variant_id(app: &TestApp, sku: &str) -> i64 {
    app.count_where("SELECT id FROM product_variants WHERE sku = $1 AND deleted_at = 0", sku).await
}

db_test!(
    async fn a_coat_in_three_colours_and_four_sizes_with_two_photos_is_saved_and_found_by_name_and_sku(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let photos: Vec<i64> = {
            let mut ids = Vec::new();
            for _ in 0..2 {
                let res = upload(&app, &owner, &common::photo(), "image/jpeg").await;
                assert_ok(&res);
                let image = res.json();
                assert!(image["thumb_url"].as_str().unwrap().starts_with("/media/products/"));
                ids.push(image["id"].as_i64().unwrap());
            }
            ids
        };
        let mut body = coat("MD-2001", &["블랙", "아이보리", "네이비"], &["S", "M", "L", "XL"], 4);
        // The second photo first: it becomes the thumbnail.
        body["input"]["image_ids"] = json!([photos[1], photos[0]]);
        let id = save(&app, &body, &owner).await;

        let d = detail(&app, id, &owner).await;
        assert_eq!(d["input"]["variants"].as_array().unwrap().len(), 12);
        assert_eq!(d["input"]["variants"][5]["options"], json!(["아이보리", "M"]));
        assert_eq!(d["input"]["variants"][5]["sku"], "MD-2001-IV-M");
        assert_eq!(d["stock_total"], 48);
        assert_eq!(d["status"], "on_sale");
        let images = d["images"].as_array().unwrap();
        assert_eq!(images.iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>(), vec![photos[1], photos[0]]);
        // The photo and its thumbnail are served, as images.
        let thumb = app.get(images[0]["thumb_url"].as_str().unwrap()).await;
        assert_eq!((thumb.status.as_u16(), thumb.header("content-type")), (200, "image/jpeg"));
        assert!(thumb.header("cache-control").contains("immutable"));
        assert_eq!(app.get("/media/products/..%2Fpartner-center.db").await.status, 404);

        let page = list(&app, &owner, "울 코트", &[]).await;
        assert_eq!(names(&page), ["오버핏 울 코트 MD-2001"]);
        let row = &page["rows"][0];
        assert_eq!((row["stock_total"].as_i64(), row["variant_count"].as_i64()), (Some(48), Some(12)));
        assert_eq!(row["thumb_url"], images[0]["thumb_url"]);
        assert_eq!(row["channels"], json!(["zigzag", "posty"]));
        // By SKU (its beginning), in any case.
        assert_eq!(names(&list(&app, &owner, "md-2001-nv", &[]).await), ["오버핏 울 코트 MD-2001"]);
        assert!(names(&list(&app, &owner, "없는상품", &[]).await).is_empty());
        // Audited.
        assert_eq!(app.count_where("SELECT COUNT(*) FROM audit_log WHERE action = $1", "product.create").await, 1);
    }
);

db_test!(
    async fn bad_input_gets_a_korean_message_on_its_field_and_saves_nothing(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        save(&app, &coat("MD-1", &["블랙"], &["S"], 1), &owner).await;
        let before = product_counts(&app).await;
        let cases: Vec<(&str, Box<dyn Fn(&mut Value)>, &str)> = vec![
            ("empty name", Box::new(|b| b["input"]["name"] = json!("   ")), "name"),
            ("sale above list", Box::new(|b| b["input"]["sale_price"] = json!(200000)), "sale_price"),
            ("negative price", Box::new(|b| b["input"]["sale_price"] = json!(-5000)), "sale_price"),
            ("absurd price", Box::new(|b| b["input"]["list_price"] = json!(99_000_000_000i64)), "list_price"),
            ("negative stock", Box::new(|b| b["input"]["variants"][0]["stock"] = json!(-1)), "variants.0"),
            ("absurd stock", Box::new(|b| b["input"]["variants"][1]["stock"] = json!(5_000_000)), "variants.1"),
            ("SKU of another product", Box::new(|b| b["input"]["variants"][0]["sku"] = json!("md-1-bk-s")), "variants.0"),
            ("SKU twice", Box::new(|b| b["input"]["variants"][1]["sku"] = b["input"]["variants"][0]["sku"].clone()), "variants.1"),
            ("unknown category", Box::new(|b| b["input"]["category"] = json!("가전>냉장고")), "category"),
            ("formula name", Box::new(|b| b["input"]["name"] = json!("=HYPERLINK(\"http://x\")")), "name"),
            (
                "four option groups",
                Box::new(|b| {
                    b["input"]["option_groups"] = json!([
                        {"name": "색상", "values": ["블랙"]}, {"name": "사이즈", "values": ["S"]},
                        {"name": "기장", "values": ["롱"]}, {"name": "소재", "values": ["울"]}
                    ]);
                    b["input"]["variants"] = json!([{ "id": null, "options": ["블랙", "S", "롱", "울"], "sku": "X-1",
                        "extra_price": 0, "stock": 1, "stock_was": null, "low_stock_threshold": 0, "active": true }]);
                }),
                "option_groups",
            ),
            ("a photo of another shop or none", Box::new(|b| b["input"]["image_ids"] = json!([987654])), "images"),
            ("status 품절 by hand", Box::new(|b| b["input"]["status"] = json!("sold_out")), "status"),
        ];
        for (what, break_it, field) in cases {
            let mut body = coat("MD-2", &["블랙", "화이트"], &["S"], 3);
            break_it(&mut body);
            let res = app.call_json(SaveProduct::PATH, &body, Some(&owner)).await;
            assert_error(&res, 422, "invalid_input", Some(field));
            let message = res.json()["message"].as_str().unwrap().to_owned();
            assert!(message.chars().any(|c| ('가'..='힣').contains(&c)), "{what}: {message}");
            assert_eq!(product_counts(&app).await, before, "{what} saved something");
        }
        // Not an image, a broken one, and one too large: refused, nothing stored.
        let files_before = app.count("SELECT COUNT(*) FROM product_images").await;
        assert_error(&upload(&app, &owner, b"%PDF-1.7 a document", "image/jpeg").await, 422, "invalid_input", Some("image"));
        assert_error(&upload(&app, &owner, &common::photo()[..300], "image/jpeg").await, 422, "invalid_input", Some("image"));
        let mut huge = common::photo();
        huge.resize(10 * 1024 * 1024 + 10, 0);
        assert_error(&upload(&app, &owner, &huge, "image/jpeg").await, 422, "invalid_input", Some("image"));
        assert_eq!(app.count("SELECT COUNT(*) FROM product_images").await, files_before);
        // A body that is not a product at all.
        let res = app.post_json(SaveProduct::PATH, "{\"input\": 3}", Some(&owner), SAME_ORIGIN).await;
        assert_eq!(res.status, 400, "{}", res.body);
        assert_eq!(product_counts(&app).await, before);
    }
);

db_test!(
    async fn fifty_concurrent_reservations_against_stock_ten_sell_exactly_ten_and_restocking_puts_it_back_on_sale(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let id = save(&app, &single("TEE-10", "무지 반팔 티셔츠", 19_000, 10), &owner).await;
        let shop = app.demo_shop_id().await;
        let variant = variant_id(&app, "TEE-10-1").await;
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let db = app.state.db.clone();
            tasks.push(tokio::spawn(async move { reserve_now(&db, shop, variant, 1).await }));
        }
        let mut sold = 0;
        let mut refused = 0;
        for t in tasks {
            match t.await.unwrap().expect("no database error under contention") {
                Ok(()) => sold += 1,
                Err(StockError::Insufficient { available: 0 }) => refused += 1,
                Err(other) => panic!("unexpected refusal {other:?}"),
            }
        }
        assert_eq!((sold, refused), (10, 40));
        assert_eq!(stock_of(&app, "TEE-10-1").await, 0);
        assert_eq!(status_of(&app, id).await, "sold_out");
        assert_eq!(app.count("SELECT stock_total FROM products WHERE code = 'TEE-10'").await, 0);
        // One more is refused, and changes nothing.
        assert_eq!(reserve_now(&app.state.db, shop, variant, 1).await.unwrap(), Err(StockError::Insufficient { available: 0 }));

        // Restocking through the stock sheet: 판매중 again.
        let res = app
            .call_json(
                SaveStockSheet::PATH,
                &json!({ "variants": [{ "variant_id": variant, "stock": 5, "stock_was": 0, "extra_price": 0,
                                        "low_stock_threshold": 3, "active": true }], "prices": [] }),
                Some(&owner),
            )
            .await;
        assert_ok(&res);
        assert_eq!(status_of(&app, id).await, "on_sale");
        assert_eq!(stock_of(&app, "TEE-10-1").await, 5);
        // Cancelled units come back the same way.
        reserve_now(&app.state.db, shop, variant, 5).await.unwrap().unwrap();
        assert_eq!(status_of(&app, id).await, "sold_out");
        release_now(&app.state.db, shop, variant, 2).await.unwrap();
        assert_eq!((stock_of(&app, "TEE-10-1").await, status_of(&app, id).await), (2, "on_sale".to_owned()));
        // A stopped product sells nothing; another shop's variant does not exist.
        assert_ok(&app.call_json(BulkUpdateProducts::PATH, &json!({ "ids": [id], "action": { "SetStatus": "stopped" } }), Some(&owner)).await);
        assert_eq!(reserve_now(&app.state.db, shop, variant, 1).await.unwrap(), Err(StockError::NotOnSale));
        assert_eq!(reserve_now(&app.state.db, shop + 1000, variant, 1).await.unwrap(), Err(StockError::NotFound));
        assert_eq!(stock_of(&app, "TEE-10-1").await, 2);
    }
);

db_test!(
    async fn concurrent_orders_on_two_variants_of_one_product_still_turn_it_sold_out(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let id = save(&app, &coat("DUO", &["블랙", "화이트"], &["S"], 1), &owner).await;
        let shop = app.demo_shop_id().await;
        let a = variant_id(&app, "DUO-BK-S").await;
        let b = variant_id(&app, "DUO-WH-S").await;
        let (ra, rb) = tokio::join!(reserve_now(&app.state.db, shop, a, 1), reserve_now(&app.state.db, shop, b, 1));
        assert_eq!((ra.unwrap(), rb.unwrap()), (Ok(()), Ok(())));
        assert_eq!(status_of(&app, id).await, "sold_out");
    }
);

db_test!(
    async fn editing_the_options_keeps_the_stock_of_variants_that_remain_and_leaves_orders_alone(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let id = save(&app, &coat("EDIT", &["블랙", "화이트"], &["S", "M"], 6), &owner).await;
        let loaded = detail(&app, id, &owner).await;
        let black_s = variant_id(&app, "EDIT-BK-S").await;
        // An order takes 2 while the form is open.
        reserve_now(&app.state.db, app.demo_shop_id().await, black_s, 2).await.unwrap().unwrap();

        // The seller drops 화이트, adds size L and sets 블랙/M to 9.
        let mut input = loaded["input"].clone();
        input["option_groups"] = json!([{ "name": "색상", "values": ["블랙"] }, { "name": "사이즈", "values": ["S", "M", "L"] }]);
        let old: Vec<Value> = input["variants"].as_array().unwrap().clone();
        let keep = |opts: [&str; 2]| old.iter().find(|v| v["options"] == json!(opts)).unwrap().clone();
        let mut black_m = keep(["블랙", "M"]);
        black_m["stock"] = json!(9);
        input["variants"] = json!([
            keep(["블랙", "S"]),
            black_m,
            { "id": null, "options": ["블랙", "L"], "sku": "EDIT-BK-L", "extra_price": 2000, "stock": 3,
              "stock_was": null, "low_stock_threshold": 1, "active": true },
        ]);
        save(&app, &json!({ "input": input }), &owner).await;

        let after = detail(&app, id, &owner).await;
        let variants = after["input"]["variants"].as_array().unwrap();
        assert_eq!(variants.len(), 3);
        // Same row (an order may point at it), stock untouched by the form: 6 - 2.
        assert_eq!(variants[0]["id"].as_i64(), Some(black_s));
        assert_eq!(variants[0]["stock"], 4);
        assert_eq!(variants[1]["stock"], 9);
        assert_eq!((variants[2]["sku"].as_str(), variants[2]["extra_price"].as_i64()), (Some("EDIT-BK-L"), Some(2000)));
        assert_eq!(after["stock_total"], 16);
        // 화이트 is gone from the product but kept for old orders.
        assert_eq!(app.count("SELECT COUNT(*) FROM product_variants WHERE sku LIKE 'EDIT-WH%' AND deleted_at > 0").await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM product_variants WHERE sku LIKE 'EDIT-WH%' AND deleted_at = 0").await, 0);
        // Its SKU can be used again.
        let mut reuse = single("REUSE", "재사용", 10_000, 1);
        reuse["input"]["variants"][0]["sku"] = json!("EDIT-WH-S");
        save(&app, &reuse, &owner).await;

        // Another shop's product id is not found, and nothing changes.
        let b = app.open_shop("owner@b-shop.example", "비샵", 77).await;
        let mut foreign = json!({ "input": after["input"].clone() });
        foreign["input"]["name"] = json!("가로채기");
        assert_error(&app.call_json(SaveProduct::PATH, &foreign, Some(&b.owner)).await, 404, "not_found", None);
        assert_eq!(detail(&app, id, &owner).await["input"]["name"], "오버핏 울 코트 EDIT");
        assert_error(&app.call(GetProduct::PATH, &[("product_id", &id.to_string())], Some(&b.owner)).await, 404, "not_found", None);
        assert!(names(&list(&app, &b.owner, "", &[]).await).is_empty());
    }
);

db_test!(
    async fn the_list_filters_sorts_and_pages_by_cursor_without_gaps_or_repeats(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let shop = app.demo_shop_id().await;
        let prices = [39_000, 19_000, 59_000, 19_000, 29_000, 49_000, 9_900];
        for (i, price) in prices.iter().enumerate() {
            save(&app, &single(&format!("P-{i}"), &format!("상품 {}", ["가", "다", "나", "라", "마", "바", "사"][i]), *price, i as i64), &owner).await;
        }
        for sort in ["", "recent", "updated", "name", "price_asc", "price_desc", "stock_asc"] {
            let q = ProductQuery { sort: sort.into(), ..Default::default() };
            let all = partner_center::products::ssr::list(&app.state.db, shop, &q, 100).await.unwrap();
            assert_eq!(all.rows.len(), 7);
            let mut paged = Vec::new();
            let mut cursor = None;
            loop {
                let q = ProductQuery { sort: sort.into(), cursor: cursor.clone(), ..Default::default() };
                let page = partner_center::products::ssr::list(&app.state.db, shop, &q, 3).await.unwrap();
                assert!(page.rows.len() <= 3);
                paged.extend(page.rows.iter().map(|r| r.id));
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            assert_eq!(paged, all.rows.iter().map(|r| r.id).collect::<Vec<_>>(), "sort {sort:?}");
            let key = |r: &partner_center::products::ProductRow| match sort {
                "price_asc" => r.sale_price,
                "price_desc" => -r.sale_price,
                "stock_asc" => r.stock_total,
                "" | "recent" => -r.id,
                _ => 0,
            };
            assert!(all.rows.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "sort {sort:?}");
        }
        let by_name = partner_center::products::ssr::list(
            &app.state.db, shop, &ProductQuery { sort: "name".into(), ..Default::default() }, 100).await.unwrap();
        assert_eq!(by_name.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["상품 가", "상품 나", "상품 다", "상품 라", "상품 마", "상품 바", "상품 사"]);

        // Stock 0 made P-0 품절; stock 1 and 2 are at or under the alert level 3.
        let page = list(&app, &owner, "", &[("status", "sold_out")]).await;
        assert_eq!(names(&page), ["상품 가"]);
        assert_eq!(page["counts"]["sold_out"], 1);
        assert_eq!(page["counts"]["all"], 7);
        let low = list(&app, &owner, "", &[("low_stock", "true")]).await;
        assert_eq!(names(&low).len(), 4, "stock 0..=3 with alert level 3");
        assert_eq!(list(&app, &owner, "", &[("category", "상의>티셔츠")]).await["rows"].as_array().unwrap().len(), 7);
        assert!(names(&list(&app, &owner, "", &[("category", "아우터>코트")]).await).is_empty());
        assert!(names(&list(&app, &owner, "", &[("channel", "posty")]).await).is_empty());
        let dashboard = app.call(GetDashboard::PATH, &[], Some(&owner)).await.json();
        assert_eq!(dashboard["catalogue"]["low_stock_variants"], 4);
        assert_eq!(dashboard["catalogue"]["sold_out"], 1);
        // Bad filters and cursors: a clear error, not a crash.
        let res = app.call(ListProducts::PATH, &[("q", ""), ("status", "x"), ("category", ""), ("channel", ""),
            ("low_stock", "false"), ("sort", "")], Some(&owner)).await;
        assert_error(&res, 422, "invalid_input", Some("status"));
        let res = app.call(ListProducts::PATH, &[("q", ""), ("status", ""), ("category", ""), ("channel", ""),
            ("low_stock", "false"), ("sort", "name"), ("cursor", "[1,2]")], Some(&owner)).await;
        assert_error(&res, 400, "bad_request", None);
    }
);

db_test!(
    async fn bulk_actions_change_every_selected_product_or_none(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let a = save(&app, &single("B-1", "셔츠 A", 30_000, 5), &owner).await;
        let b = save(&app, &single("B-2", "셔츠 B", 40_000, 0), &owner).await;
        let call = |ids: Value, action: Value| {
            let body = json!({ "ids": ids, "action": action });
            let owner = owner.clone();
            let app = &app;
            async move { app.call_json(BulkUpdateProducts::PATH, &body, Some(&owner)).await }
        };
        assert_ok(&call(json!([a, b]), json!({ "SetStatus": "hidden" })).await);
        assert_eq!((status_of(&app, a).await, status_of(&app, b).await), ("hidden".into(), "hidden".into()));
        // Back on sale: B has no stock, so it is 품절.
        assert_ok(&call(json!([a, b]), json!({ "SetStatus": "on_sale" })).await);
        assert_eq!((status_of(&app, a).await, status_of(&app, b).await), ("on_sale".into(), "sold_out".into()));
        // The list price is the sale price, so +10% would pass it: refused for both.
        let res = call(json!([a, b]), json!({ "ChangePrice": { "Percent": "10" } })).await;
        assert_error(&res, 422, "invalid_input", Some("value"));
        assert_eq!(app.count("SELECT sale_price FROM products WHERE code = 'B-1'").await, 30_000);
        assert_ok(&call(json!([a, b]), json!({ "ChangePrice": { "Percent": "-15" } })).await);
        assert_eq!(app.count("SELECT sale_price FROM products WHERE code = 'B-1'").await, 25_500);
        assert_ok(&call(json!([b]), json!({ "ChangePrice": { "Amount": -1000 } })).await);
        assert_eq!(app.count("SELECT sale_price FROM products WHERE code = 'B-2'").await, 33_000);
        // A list with another shop's product in it: nothing happens.
        let c = app.open_shop("owner@c-shop.example", "씨샵", 78).await;
        let theirs = save(&app, &single("C-1", "남의 셔츠", 20_000, 1), &c.owner).await;
        assert_error(&call(json!([a, theirs]), json!("Delete")).await, 404, "not_found", None);
        assert_eq!(product_counts(&app).await.0, 3);
        assert_ok(&call(json!([a]), json!("Delete")).await);
        assert_eq!(names(&list(&app, &owner, "", &[]).await), ["셔츠 B"]);
        assert_error(&app.call(GetProduct::PATH, &[("product_id", &a.to_string())], Some(&owner)).await, 404, "not_found", None);
        assert_error(&call(json!([]), json!("Delete")).await, 422, "invalid_input", Some("ids"));
        assert_eq!(app.count_where("SELECT COUNT(*) FROM audit_log WHERE action = $1", "product.delete").await, 1);
    }
);

db_test!(
    async fn the_stock_sheet_saves_all_changes_together_or_none(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let id = save(&app, &coat("SH", &["블랙"], &["S", "M"], 5), &owner).await;
        let sheet = app.call(ListStockSheet::PATH, &[("q", "SH"), ("status", ""), ("category", ""), ("channel", ""),
            ("low_stock", "false"), ("sort", "")], Some(&owner)).await.json();
        let variants = sheet["products"][0]["variants"].as_array().unwrap().clone();
        assert_eq!(variants.len(), 2);
        let edit = |v: &Value, stock: i64, extra: i64| json!({ "variant_id": v["id"], "stock": stock, "stock_was": v["stock"],
            "extra_price": extra, "low_stock_threshold": 2, "active": true });
        // One bad cell (extra price over the sale price): nothing is saved.
        let res = app.call_json(SaveStockSheet::PATH,
            &json!({ "variants": [edit(&variants[0], 20, 0), edit(&variants[1], 20, 500_000)], "prices": [] }), Some(&owner)).await;
        assert_error(&res, 422, "invalid_input", Some("changes"));
        assert!(res.json()["message"].as_str().unwrap().contains("오버핏 울 코트 SH"));
        assert_eq!((stock_of(&app, "SH-BK-S").await, stock_of(&app, "SH-BK-M").await), (5, 5));
        let res = app.call_json(SaveStockSheet::PATH,
            &json!({ "variants": [edit(&variants[0], 20, 0), edit(&variants[1], 0, 1000)],
                     "prices": [{ "product_id": id, "sale_price": 119000 }] }), Some(&owner)).await;
        assert_ok(&res);
        assert_eq!((stock_of(&app, "SH-BK-S").await, stock_of(&app, "SH-BK-M").await), (20, 0));
        let d = detail(&app, id, &owner).await;
        assert_eq!((d["input"]["sale_price"].as_i64(), d["stock_total"].as_i64()), (Some(119_000), Some(20)));
        assert_eq!(d["input"]["variants"][1]["extra_price"], 1000);
        // A price above the list price: refused.
        let res = app.call_json(SaveStockSheet::PATH, &json!({ "variants": [], "prices": [{ "product_id": id, "sale_price": 170000 }] }), Some(&owner)).await;
        assert_error(&res, 422, "invalid_input", Some("changes"));
    }
);

const HEADER: &str = "상품관리코드,상품명,카테고리,정가,판매가,판매상태,판매채널,옵션명,옵션값,SKU,옵션추가금,재고,재고알림기준";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}

db_test!(
    async fn a_csv_with_one_bad_row_reports_that_row_and_applies_per_the_chosen_mode(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let file = csv(&[
            "KNIT-01,꽈배기 라운드 니트,상의>니트,59000,49000,판매중,\"지그재그,포스티\",색상,블랙,KNIT-01-BK,0,10,3",
            "KNIT-01,,,,,,,,아이보리,KNIT-01-IV,0,8,3",
            "SKIRT-01,플리츠 롱 스커트,스커트>롱스커트,49000,39000,판매중,,사이즈,S,SKIRT-01-S,0,5,3",
            "SKIRT-01,,,,,,,,M,SKIRT-01-M,0,열개,3",
            "PANTS-01,와이드 슬랙스,팬츠>슬랙스,45000,39000,,,,,PANTS-01,,7,",
        ]);
        let before = product_counts(&app).await;
        let preview = import(&app, &owner, "상품.csv", &file, false, "valid_only").await;
        assert_ok(&preview);
        let r = preview.json();
        assert_eq!((r["rows"].as_i64(), r["products"].as_i64(), r["valid_products"].as_i64()), (Some(5), Some(3), Some(2)));
        assert_eq!(r["applied"], false);
        assert_eq!(r["errors"].as_array().unwrap().len(), 1);
        assert_eq!(r["errors"][0]["line"], 5);
        assert_eq!(r["errors"][0]["column"], "재고");
        assert!(r["errors"][0]["message"].as_str().unwrap().contains("숫자"));
        assert_eq!(product_counts(&app).await, before, "a preview changes nothing");

        // All or nothing: nothing.
        let res = import(&app, &owner, "상품.csv", &file, true, "all_or_nothing").await;
        assert_ok(&res);
        assert_eq!(res.json()["applied"], false);
        assert_eq!(product_counts(&app).await, before);
        // The valid ones: two products, three variants.
        let res = import(&app, &owner, "상품.csv", &file, true, "valid_only").await;
        assert_eq!(res.json()["applied"], true);
        assert_eq!(product_counts(&app).await, (before.0 + 2, before.1 + 3));
        let knit = list(&app, &owner, "KNIT-01", &[]).await;
        assert_eq!(knit["rows"][0]["stock_total"], 18);
        assert_eq!(knit["rows"][0]["channels"], json!(["zigzag", "posty"]));
        assert_eq!(knit["rows"][0]["category"], "상의 > 니트");
        assert!(names(&list(&app, &owner, "SKIRT-01", &[]).await).is_empty());

        // The same code again updates: a new price, blank stock keeps stock.
        let update = csv(&["KNIT-01,꽈배기 라운드 니트,상의>니트,59000,45000,,,색상,블랙,KNIT-01-BK,,,", "KNIT-01,,,,,,,,아이보리,KNIT-01-IV,,2,"]);
        let r = import(&app, &owner, "u.csv", &update, true, "all_or_nothing").await.json();
        assert_eq!((r["applied"].as_bool(), r["updated_products"].as_i64()), (Some(true), Some(1)));
        assert_eq!((stock_of(&app, "KNIT-01-BK").await, stock_of(&app, "KNIT-01-IV").await), (10, 2));
        assert_eq!(app.count("SELECT sale_price FROM products WHERE code = 'KNIT-01'").await, 45_000);
        assert_eq!(app.count_where("SELECT COUNT(*) FROM audit_log WHERE action = $1", "product.import").await, 2);
    }
);

db_test!(
    async fn spreadsheets_from_excel_read_in_utf8_with_bom_and_cp949_and_wrong_files_are_refused_whole(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let row = "BOM-01,린넨 셔츠,상의>셔츠,39000,35000,,,,,BOM-01,,4,";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(csv(&[row]));
        assert_eq!(import(&app, &owner, "a.csv", &bom, true, "valid_only").await.json()["applied"], true);
        let text = String::from_utf8(csv(&["CP-01,데님 자켓,아우터>재킷,89000,79000,,,,,CP-01,,2,"])).unwrap();
        let (cp949, _, bad) = encoding_rs::EUC_KR.encode(&text);
        assert!(!bad);
        let r = import(&app, &owner, "b.csv", &cp949, true, "valid_only").await.json();
        assert_eq!(r["applied"], true, "{r}");
        assert_eq!(names(&list(&app, &owner, "데님 자켓", &[]).await), ["데님 자켓"]);
        let before = product_counts(&app).await;

        // Broken encoding, wrong columns, formulas, an old .xls: refused with a reason.
        let res = import(&app, &owner, "c.csv", &[0x81, 0x41, 0xFF, 0xFE, 0x00, 0xC8], true, "valid_only").await;
        assert_error(&res, 422, "invalid_input", Some("file"));
        assert!(res.json()["message"].as_str().unwrap().contains("인코딩"));
        let r = import(&app, &owner, "d.csv", "상품코드,이름,가격\nX,Y,1\n".as_bytes(), true, "valid_only").await.json();
        assert_eq!((r["applied"].as_bool(), r["errors"][0]["line"].as_i64()), (Some(false), Some(1)));
        let formula = csv(&["F-01,=cmd|' /C calc'!A0,상의>셔츠,39000,=1+1,,,,,F-01,,4,"]);
        let r = import(&app, &owner, "e.csv", &formula, true, "valid_only").await.json();
        assert_eq!(r["applied"], false);
        let columns: Vec<&str> = r["errors"].as_array().unwrap().iter().map(|e| e["column"].as_str().unwrap()).collect();
        assert!(columns.contains(&"판매가"), "{r}");
        let res = import(&app, &owner, "old.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], true, "valid_only").await;
        assert_error(&res, 422, "invalid_input", Some("file"));
        assert_eq!(product_counts(&app).await, before);
    }
);

db_test!(
    async fn the_export_downloads_in_the_import_format_and_reimports_as_the_same_products(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        save(&app, &coat("EXP", &["블랙", "베이지"], &["S", "M"], 3), &owner).await;
        save(&app, &single("EXP-T", "플러스 핏 티셔츠", 12_000, 1), &owner).await.to_string();
        let csv_res = app.get_as("/downloads/products.csv", Some(&owner)).await;
        assert_eq!(csv_res.status, 200);
        assert!(csv_res.header("content-disposition").contains("attachment"));
        assert_eq!(&csv_res.bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 with BOM for Excel");
        assert!(csv_res.body.contains("EXP-BK-M"));
        let xlsx = app.get_as("/downloads/products.xlsx", Some(&owner)).await;
        assert_eq!(xlsx.status, 200);
        assert_eq!(&xlsx.bytes[..2], b"PK");
        let before = product_counts(&app).await;
        // Both files read back as updates of the same products, changing nothing.
        for (name, bytes) in [("p.csv", csv_res.bytes.clone()), ("p.xlsx", xlsx.bytes.clone())] {
            let r = import(&app, &owner, name, &bytes, true, "all_or_nothing").await.json();
            assert_eq!((r["applied"].as_bool(), r["updated_products"].as_i64(), r["new_products"].as_i64()), (Some(true), Some(2), Some(0)), "{name}: {r}");
            assert_eq!(product_counts(&app).await, before, "{name}");
        }
        assert_eq!(stock_of(&app, "EXP-BE-S").await, 3);
        let template = app.get_as("/downloads/product-template.xlsx", Some(&owner)).await;
        assert_eq!(template.status, 200);
        let r = import(&app, &owner, "t.xlsx", &template.bytes, false, "valid_only").await.json();
        assert_eq!((r["valid_products"].as_i64(), r["errors"].as_array().map(Vec::len)), (Some(1), Some(0)), "{r}");
        // Signed out: no file.
        assert_eq!(app.get_as("/downloads/products.csv", None).await.status, 401);
        assert_eq!(app.get_as("/downloads/other.csv", Some(&owner)).await.status, 404);
    }
);

db_test!(
    async fn only_roles_with_products_may_use_them(app) {
        let manager = app.sign_in_demo("manager@moodon.example").await;
        save(&app, &single("ROLE-1", "매니저가 등록", 10_000, 1), &manager).await;
        for who in ["cs@moodon.example", "logistics@moodon.example"] {
            let s = app.sign_in_demo(who).await;
            assert_error(&app.call_json(SaveProduct::PATH, &single("ROLE-2", "x", 10_000, 1), Some(&s)).await, 403, "forbidden", None);
            let res = app.call(ListProducts::PATH, &[("q", ""), ("status", ""), ("category", ""), ("channel", ""),
                ("low_stock", "false"), ("sort", "")], Some(&s)).await;
            assert_error(&res, 403, "forbidden", None);
            assert_eq!(app.get_as("/downloads/products.csv", Some(&s)).await.status, 403);
        }
        assert_eq!(product_counts(&app).await.0, 1);
    }
);

db_test!(
    async fn the_demo_catalogue_has_two_hundred_fashion_products_with_options_photos_and_some_running_low(app) {
        let shop = app.demo_shop_id().await;
        partner_center::products::demo::load(&app.state.db, app.data_dir(), shop, 200).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM products").await, 200);
        assert!(app.count("SELECT COUNT(*) FROM product_variants").await > 600);
        assert_eq!(app.count("SELECT COUNT(*) FROM product_images WHERE product_id IS NOT NULL").await, 200);
        assert!(app.count("SELECT COUNT(*) FROM products WHERE status = 'sold_out'").await >= 5);
        assert!(app.count("SELECT COUNT(*) FROM products WHERE option_groups LIKE '%사이즈%'").await > 100);
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let dashboard = app.call(GetDashboard::PATH, &[], Some(&owner)).await.json();
        assert!(dashboard["catalogue"]["low_stock_variants"].as_i64().unwrap() > 0);
        let page = list(&app, &owner, "", &[]).await;
        assert_eq!(page["rows"].as_array().unwrap().len(), 50);
        assert!(page["next_cursor"].is_string());
        let thumb = page["rows"][0]["thumb_url"].as_str().unwrap().to_owned();
        assert_eq!(app.get(&thumb).await.status, 200);
    }
);
