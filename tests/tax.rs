//! 세금계산서 and 부가세 신고 자료 against a real database (SQLite and
//! PostgreSQL): the monthly invoice issued exactly once (also by two
//! instances at once) with exact totals and its VAT collected from the next
//! payout, the PDF with real text, the VAT report split by payment method,
//! and shops and roles that keep to their own.

use crate::common;

use common::{assert_error, channel_keys, order_json, place_order, save_product, Session, TestApp};
use leptos::server_fn::ServerFn;
use partner_center::db::now_millis;
use partner_center::settlement::tax::ssr::{issue_due_invoices, vat_source_key};
use partner_center::settlement::tax::{GetTaxInvoice, GetVatReport, ListTaxInvoices, Month};
use serde_json::Value;

const CS: &str = "cs@moodon.example";

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

async fn exec(app: &TestApp, sql: &str, args: &[i64]) {
    let mut q = sqlx::query(sql);
    for a in args {
        q = q.bind(*a);
    }
    q.execute(app.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// `expr` (a count or a column) over the shop's invoice of `month`.
async fn invoice_value(app: &TestApp, shop_id: i64, month: &str, expr: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT {expr} FROM tax_invoices WHERE shop_id = $1 AND month = $2"))
        .bind(shop_id)
        .bind(month)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    n
}

async fn invoices(app: &TestApp, shop_id: i64, month: &str) -> i64 {
    invoice_value(app, shop_id, month, "COUNT(*)").await
}

async fn scalar(app: &TestApp, sql: &str, arg: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .bind(arg)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    n
}

/// A statement of the shop for its lines to belong to.
async fn statement(app: &TestApp, shop_id: i64, day: &str) -> i64 {
    let now = now_millis();
    sqlx::query("INSERT INTO settlement_statements (shop_id, settle_date, pay_date, created_at, updated_at) VALUES ($1, $2, $2, $3, $3)")
        .bind(shop_id)
        .bind(day)
        .bind(now)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM settlement_statements WHERE shop_id = $1 AND settle_date = $2")
        .bind(shop_id)
        .bind(day)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    id
}

/// A sale line with its fees, confirmed at `at`.
async fn line(
    app: &TestApp,
    (shop_id, statement_id): (i64, i64),
    key: &str,
    channel: &str,
    at: i64,
    (commission, fee): (i64, i64),
) {
    sqlx::query(
        "INSERT INTO settlement_lines (shop_id, statement_id, kind, source_key, channel, confirmed_at, commission, \
         payment_fee, net_payout, created_at) VALUES ($1, $2, 'sale', $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(shop_id)
    .bind(statement_id)
    .bind(key)
    .bind(channel)
    .bind(at)
    .bind(commission)
    .bind(fee)
    .bind(10_000 - commission - fee)
    .bind(at)
    .execute(app.state.db.pool())
    .await
    .unwrap();
}

/// Shop A's fees: September (one line on its last millisecond) and October
/// (its first and last milliseconds included).
async fn fees(app: &TestApp, shop_id: i64) {
    let (sep, oct, nov) = (month("2026-09"), month("2026-10"), month("2026-11"));
    let st = statement(app, shop_id, "2026-10-15").await;
    line(
        app,
        (shop_id, st),
        &format!("sale:{shop_id}:1"),
        "zigzag",
        oct.start_millis(),
        (3_474, 990),
    )
    .await;
    line(
        app,
        (shop_id, st),
        &format!("sale:{shop_id}:2"),
        "zigzag",
        oct.start_millis() + 86_400_000,
        (1_005, 339),
    )
    .await;
    line(
        app,
        (shop_id, st),
        &format!("sale:{shop_id}:3"),
        "posty",
        oct.end_millis() - 1,
        (2_239, 0),
    )
    .await;
    line(
        app,
        (shop_id, st),
        &format!("sale:{shop_id}:4"),
        "zigzag",
        sep.end_millis() - 1,
        (1_000, 0),
    )
    .await;
    // The running month (November) is never issued, only previewed.
    line(
        app,
        (shop_id, st),
        &format!("sale:{shop_id}:5"),
        "zigzag",
        nov.start_millis(),
        (500, 0),
    )
    .await;
}

async fn get_invoice(app: &TestApp, who: &Session, m: &str) -> common::TestResponse {
    app.call(GetTaxInvoice::PATH, &[("month", m)], Some(who)).await
}

async fn download(app: &TestApp, who: &Session, path: &str) -> common::TestResponse {
    app.get_as(path, Some(who)).await
}

db_test! {
    async fn the_monthly_invoice_is_issued_once_with_exact_totals(app) {
        let a = app.open_shop("tax-a@example.com", "무드온 세무", 4101).await;
        let b = app.open_shop("tax-b@example.com", "다른 상점", 4102).await;
        exec(&app, "UPDATE shops SET business_type = '도소매', business_item = '의류' WHERE id = $1", &[a.shop_id]).await;
        fees(&app, a.shop_id).await;
        // Issued as of mid-November 2026, whatever today is: September and
        // October are due, November is still running. (With the wall clock,
        // this test broke on 1 December, when November became due.)
        let now = month("2026-11").start_millis() + 10 * 86_400_000;

        // Two instances at once, then again: one invoice per month, one VAT line.
        let other = app.another_instance().await;
        let (x, y) = tokio::join!(issue_due_invoices(&app.state.db, now), issue_due_invoices(&other.db, now));
        x.unwrap();
        y.unwrap();
        issue_due_invoices(&app.state.db, now).await.unwrap();
        let again = issue_due_invoices(&app.state.db, now).await.unwrap();
        assert_eq!(again, 0);
        assert_eq!(invoices(&app, a.shop_id, "2026-10").await, 1);
        assert_eq!(invoices(&app, a.shop_id, "2026-09").await, 1);
        assert_eq!(invoices(&app, a.shop_id, "2026-11").await, 0);

        // October: 판매수수료(지그재그) 4,479, (포스티) 2,239, 결제수수료 1,329 = 8,047;
        // VAT 804 (절사); item VATs 447 + 223 + 132 = 802, +2 on the largest.
        let res = get_invoice(&app, &a.owner, "2026-10").await;
        assert_eq!(res.status, 200, "{}", res.body);
        let inv = res.json();
        assert_eq!(inv["issued"], true);
        assert_eq!((inv["supply_value"].as_i64(), inv["vat"].as_i64(), inv["total"].as_i64()), (Some(8_047), Some(804), Some(8_851)));
        assert_eq!(inv["write_date"], "2026-10-31");
        assert_eq!(inv["purpose"], "receipt");
        let items = inv["items"].as_array().unwrap();
        let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["판매수수료(포스티)", "판매수수료(지그재그)", "결제수수료"]);
        let item = |name: &str| items.iter().find(|i| i["name"] == name).unwrap().clone();
        assert_eq!(item("판매수수료(지그재그)")["supply_value"], 4_479);
        assert_eq!(item("판매수수료(지그재그)")["vat"], 449);
        assert_eq!(item("판매수수료(지그재그)")["quantity"], 2);
        assert_eq!(item("판매수수료(포스티)")["vat"], 223);
        assert_eq!(item("결제수수료")["supply_value"], 1_329);
        assert_eq!(item("결제수수료")["date"], "10-31");
        let sum = |k: &str| items.iter().map(|i| i[k].as_i64().unwrap()).sum::<i64>();
        assert_eq!((sum("supply_value"), sum("vat")), (8_047, 804));
        let buyer_no = inv["buyer"]["registration_no"].as_str().unwrap().to_owned();
        assert_eq!(buyer_no, a.form.get("business_number"));
        assert_eq!(inv["buyer"]["name"], "무드온 세무");
        assert_eq!(inv["buyer"]["business_type"], "도소매");
        assert_eq!(inv["supplier"]["registration_no"], "220-88-12340");

        // The VAT is collected from the next payout: one adjustment line of −VAT.
        let key = vat_source_key(a.shop_id, month("2026-10"));
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM settlement_lines WHERE source_key = $1", &key).await, 1);
        assert_eq!(scalar(&app, "SELECT adjustment FROM settlement_lines WHERE source_key = $1", &key).await, -804);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM settlement_lines WHERE source_key = $1 AND kind = 'adjustment'", &key).await, 1);
        let sep_key = vat_source_key(a.shop_id, month("2026-09"));
        assert_eq!(scalar(&app, "SELECT adjustment FROM settlement_lines WHERE source_key = $1", &sep_key).await, -100);

        // The list: November's preview on top, then the issued months.
        let res = app.call(ListTaxInvoices::PATH, &[], Some(&a.owner)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let list = res.json();
        let months: Vec<(&str, bool)> =
            list.as_array().unwrap().iter().map(|t| (t["month"].as_str().unwrap(), t["issued"].as_bool().unwrap())).collect();
        assert!(months.contains(&("2026-10", true)) && months.contains(&("2026-09", true)), "{months:?}");
        // The list previews the month running on the server's clock.
        if Month::of_millis(now_millis()).unwrap() == month("2026-11") {
            assert_eq!(months[0], ("2026-11", false));
            let preview = get_invoice(&app, &a.owner, "2026-11").await.json();
            assert_eq!((preview["issued"].as_bool(), preview["supply_value"].as_i64()), (Some(false), Some(500)));
        }

        // The PDF: real text with the shop's registration number and the totals.
        let res = download(&app, &a.owner, "/downloads/tax-invoices/2026-10.pdf").await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.header("content-type"), "application/pdf");
        let disposition = res.header("content-disposition");
        assert!(disposition.starts_with("attachment"), "{disposition}");
        // 세금계산서_2026-10.pdf
        assert!(disposition.contains("filename*=UTF-8''%EC%84%B8%EA%B8%88%EA%B3%84%EC%82%B0%EC%84%9C_2026-10.pdf"), "{disposition}");
        assert!(res.bytes.starts_with(b"%PDF"));
        assert!(res.bytes.len() < 300 * 1024, "the font is subset: {} bytes", res.bytes.len());
        let text = pdf_extract::extract_text_from_mem(&res.bytes).expect("the PDF's text can be read");
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [buyer_no.as_str(), "220-88-12340", "8,047", "8,851", "804", "세금계산서", "무드온 세무", "영수"] {
            assert!(flat.contains(needle), "{needle} not in the PDF text: {flat}");
        }

        // The printable page and the list, rendered on the server.
        let page = app.get_as("/settlement/tax-invoices/2026-10", Some(&a.owner)).await;
        assert_eq!(page.status, 200);
        for needle in [buyer_no.as_str(), "8,851", "8,047", "판매수수료(지그재그)", "이 금액을 (", "인쇄", "/downloads/tax-invoices/2026-10.pdf"] {
            assert!(page.body.contains(needle), "{needle} not on the printable page");
        }
        let page = app.get_as("/settlement/tax-invoices", Some(&a.owner)).await;
        assert!(page.body.contains("2026년 10월") && page.body.contains("8,851원"));

        // Another shop sees none of it.
        let page = app.get_as("/settlement/tax-invoices/2026-10", Some(&b.owner)).await;
        assert!(!page.body.contains(buyer_no.as_str()) && page.body.contains("찾을 수 없습니다"));
        let res = get_invoice(&app, &b.owner, "2026-10").await;
        assert_error(&res, 404, "not_found", None);
        let res = download(&app, &b.owner, "/downloads/tax-invoices/2026-10.pdf").await;
        assert_eq!(res.status, 404);
        let res = app.call(ListTaxInvoices::PATH, &[], Some(&b.owner)).await;
        assert_eq!(res.json(), Value::Array(vec![]));

        // A bad month is refused with a message; a month to come too.
        let res = get_invoice(&app, &a.owner, "2026-13").await;
        assert_error(&res, 422, "invalid_input", Some("month"));
        assert!(res.json()["message"].as_str().unwrap().contains("13월"));
        assert_error(&get_invoice(&app, &a.owner, "2026/10").await, 422, "invalid_input", Some("month"));
        assert_error(&get_invoice(&app, &a.owner, "2999-01").await, 422, "invalid_input", Some("month"));
        assert_eq!(download(&app, &a.owner, "/downloads/tax-invoices/2026-13.pdf").await.status, 422);
        assert_eq!(download(&app, &a.owner, "/downloads/tax-invoices/2026-10.exe").await.status, 404);

        // A CS member may not see the shop's invoices; nobody signed out may.
        let cs = app.sign_in_demo(CS).await;
        assert_error(&get_invoice(&app, &cs, "2026-10").await, 403, "forbidden", None);
        assert_eq!(download(&app, &cs, "/downloads/tax-invoices/2026-10.pdf").await.status, 403);
        assert_eq!(app.get("/downloads/tax-invoices/2026-10.pdf").await.status, 401);
        assert_eq!(app.get("/downloads/vat/2026-10.csv").await.status, 401);
    }
}

async fn invoice_supply(app: &TestApp, shop_id: i64, month: &str) -> i64 {
    invoice_value(app, shop_id, month, "supply_value").await
}

db_test! {
    async fn a_line_settled_after_its_month_was_invoiced_goes_on_the_next_invoice(app) {
        let a = app.open_shop("tax-late@example.com", "늦은 정산", 4103).await;
        let (oct, nov, dec) = (month("2026-10"), month("2026-11"), month("2026-12"));
        const DAY: i64 = 86_400_000;
        let st = statement(&app, a.shop_id, "2026-10-15").await;
        line(&app, (a.shop_id, st), "sale:late:1", "zigzag", oct.start_millis() + DAY, (1_000, 330)).await;
        let in_nov = nov.start_millis() + 3 * DAY;
        assert_eq!(issue_due_invoices(&app.state.db, in_nov).await.unwrap(), 1);
        assert_eq!(invoice_supply(&app, a.shop_id, "2026-10").await, 1_330);

        // Settled late: confirmed in October, written after October's invoice; and a November sale.
        line(&app, (a.shop_id, st), "sale:late:2", "zigzag", oct.end_millis() - 1, (2_000, 660)).await;
        line(&app, (a.shop_id, st), "sale:late:3", "posty", nov.start_millis() + 5 * DAY, (300, 0)).await;
        // Nothing is due while November runs, and October's invoice never changes.
        assert_eq!(issue_due_invoices(&app.state.db, in_nov + DAY).await.unwrap(), 0);
        assert_eq!(invoice_supply(&app, a.shop_id, "2026-10").await, 1_330);

        // November closes: its invoice takes the late line with its own.
        let in_dec = dec.start_millis() + 2 * DAY;
        assert_eq!(issue_due_invoices(&app.state.db, in_dec).await.unwrap(), 1);
        assert_eq!(invoice_supply(&app, a.shop_id, "2026-11").await, 2_960);
        assert_eq!(invoice_supply(&app, a.shop_id, "2026-10").await, 1_330);
        let key = vat_source_key(a.shop_id, nov);
        assert_eq!(scalar(&app, "SELECT adjustment FROM settlement_lines WHERE source_key = $1", &key).await, -296);
        // Every sale line is on exactly one invoice, and running again writes nothing.
        let (open,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM settlement_lines WHERE shop_id = $1 AND kind = 'sale' AND invoice_id <= 0",
        )
        .bind(a.shop_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
        assert_eq!(open, 0);
        assert_eq!(issue_due_invoices(&app.state.db, in_dec).await.unwrap(), 0);
    }
}

/// Sets an item's payment method, payment time and status.
async fn set_item(app: &TestApp, item: i64, method: &str, paid_at: i64, status: &str) {
    sqlx::query("UPDATE order_items SET payment_method = $1, paid_at = $2, status = $3 WHERE id = $4")
        .bind(method)
        .bind(paid_at)
        .bind(status)
        .bind(item)
        .execute(app.state.db.pool())
        .await
        .unwrap();
}

/// A completed claim with its refund.
async fn completed_claim(app: &TestApp, shop_id: i64, item: i64, kind: &str, refund: i64, resolved_at: i64) {
    sqlx::query(
        "INSERT INTO claims (shop_id, order_item_id, channel, channel_claim_id, kind, status, reason_code, fault, quantity, \
         refund_amount, due_at, requested_at, resolved_at, created_at, updated_at) \
         VALUES ($1, $2, 'zigzag', $3, $4, 'completed', 'change_of_mind', 'buyer', 1, $5, $6, $6, $6, $6, $6)",
    )
    .bind(shop_id)
    .bind(item)
    .bind(format!("claim-{item}"))
    .bind(kind)
    .bind(refund)
    .bind(resolved_at)
    .execute(app.state.db.pool())
    .await
    .unwrap();
}

db_test! {
    async fn the_vat_report_splits_the_month_by_payment_method(app) {
        let a = app.open_shop("vat-a@example.com", "무드온 부가세", 4201).await;
        let b = app.open_shop("vat-b@example.com", "다른 상점", 4202).await;
        let keys = channel_keys(&app).await;
        exec(&app, "UPDATE shops SET status = 'approved' WHERE id = $1", &[a.shop_id]).await;
        let (product, variants) = save_product(&app, &a.owner, "VAT-1", 100).await;
        // A shop under review keeps its products off sale; this one sells.
        exec(&app, "UPDATE products SET status = 'on_sale' WHERE id = $1", &[product]).await;
        // 판매가 10,000: intake refuses a unit price below the price in force,
        // and the orders below sell from 10,000 up.
        exec(&app, "UPDATE products SET sale_price = 10000 WHERE id = $1", &[product]).await;
        let v = variants[0];
        let oct = month("2026-10");
        let mid = oct.start_millis() + 10 * 86_400_000;
        let order = |id: &str, qty: i64, price: i64, discount: i64, shipping: i64| order_json(id, &[(v, qty, price, discount, shipping)]);
        // card: 2 × 29,000 − 1,000 + 3,000 = 60,000, and 11,000 on the month's first millisecond.
        let card = place_order(&app, &keys.zigzag, &order("V-1", 2, 29_000, 1_000, 3_000)).await[0];
        set_item(&app, card, "card", mid, "paid").await;
        let card_first = place_order(&app, &keys.zigzag, &order("V-6", 1, 11_000, 0, 0)).await[0];
        set_item(&app, card_first, "card", oct.start_millis(), "delivered").await;
        // transfer: 29,000, returned later in the month for 26,000.
        let transfer = place_order(&app, &keys.zigzag, &order("V-2", 1, 29_000, 0, 0)).await[0];
        set_item(&app, transfer, "transfer", mid, "purchase_confirmed").await;
        completed_claim(&app, a.shop_id, transfer, "return", 26_000, mid + 86_400_000).await;
        // mobile: 15,000.
        let mobile = place_order(&app, &keys.zigzag, &order("V-3", 1, 15_000, 0, 0)).await[0];
        set_item(&app, mobile, "mobile", mid, "shipped").await;
        // Cancelled (by a completed cancel claim): neither a sale nor a refund.
        let cancelled = place_order(&app, &keys.zigzag, &order("V-4", 1, 20_000, 0, 0)).await[0];
        set_item(&app, cancelled, "card", mid, "cancelled").await;
        completed_claim(&app, a.shop_id, cancelled, "cancel", 20_000, mid).await;
        // September's last millisecond: not October.
        let september = place_order(&app, &keys.zigzag, &order("V-5", 1, 10_000, 0, 0)).await[0];
        set_item(&app, september, "points", oct.start_millis() - 1, "paid").await;

        let res = app.call(GetVatReport::PATH, &[("month", "2026-10")], Some(&a.owner)).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let report = res.json();
        assert_eq!(report["month"], "2026-10");
        let rows = report["rows"].as_array().unwrap();
        let methods: Vec<&str> = rows.iter().map(|r| r["method"].as_str().unwrap()).collect();
        assert_eq!(methods, ["card", "transfer", "virtual_account", "mobile", "easy_pay", "points"]);
        let row = |m: &str| rows.iter().find(|r| r["method"] == m).unwrap().clone();
        let nums = |r: &Value| -> Vec<i64> {
            ["count", "sales", "refund_count", "refunds", "total", "supply", "vat"].iter().map(|k| r[*k].as_i64().unwrap()).collect()
        };
        // 71,000 × 10 / 11 = 64,545.45…; 3,000 → 2,727.27…; 15,000 → 13,636.36…
        assert_eq!(nums(&row("card")), [2, 71_000, 0, 0, 71_000, 64_545, 6_455]);
        assert_eq!(row("card")["label"], "신용카드");
        assert_eq!(nums(&row("transfer")), [1, 29_000, 1, 26_000, 3_000, 2_727, 273]);
        assert_eq!(nums(&row("mobile")), [1, 15_000, 0, 0, 15_000, 13_636, 1_364]);
        assert_eq!(nums(&row("points")), [0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(nums(&report["totals"]), [4, 115_000, 1, 26_000, 89_000, 80_908, 8_092]);

        // September holds the points sale.
        let sep = app.call(GetVatReport::PATH, &[("month", "2026-09")], Some(&a.owner)).await.json();
        assert_eq!(sep["totals"]["sales"], 10_000);

        // The export: CSV for Excel (BOM) and XLSX.
        let res = download(&app, &a.owner, "/downloads/vat/2026-10.csv").await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert!(res.header("content-type").starts_with("text/csv"));
        assert!(res.header("content-disposition").contains("2026-10.csv"));
        assert!(res.body.contains("결제수단") && res.body.contains("신용카드"), "{}", res.body);
        assert!(res.body.contains("71000") && res.body.contains("80908") && res.body.contains("8092"), "{}", res.body);
        let res = download(&app, &a.owner, "/downloads/vat/2026-10.xlsx").await;
        assert_eq!(res.status, 200);
        assert!(res.bytes.starts_with(b"PK"));
        assert_eq!(download(&app, &a.owner, "/downloads/vat/2026-13.csv").await.status, 422);
        assert_eq!(download(&app, &a.owner, "/downloads/vat/2026-10.pdf").await.status, 404);

        // Another shop's report of the same month is its own (empty).
        let other = app.call(GetVatReport::PATH, &[("month", "2026-10")], Some(&b.owner)).await.json();
        assert_eq!(nums(&other["totals"]), [0, 0, 0, 0, 0, 0, 0]);
        let res = download(&app, &b.owner, "/downloads/vat/2026-10.csv").await;
        assert!(!res.body.contains("71000"));

        // Bad month; no month means last month; CS may not look.
        let res = app.call(GetVatReport::PATH, &[("month", "2026-13")], Some(&a.owner)).await;
        assert_error(&res, 422, "invalid_input", Some("month"));
        let res = app.call(GetVatReport::PATH, &[("month", "")], Some(&a.owner)).await;
        assert_eq!(res.json()["month"], Month::of_millis(now_millis()).unwrap().prev().to_string());
        let cs = app.sign_in_demo(CS).await;
        assert_error(&app.call(GetVatReport::PATH, &[("month", "2026-10")], Some(&cs)).await, 403, "forbidden", None);
        assert_eq!(download(&app, &cs, "/downloads/vat/2026-10.csv").await.status, 403);
    }
}

db_test! {
    async fn the_pages_render_for_the_owner(app) {
        let owner = common::owner(&app).await;
        for path in ["/settlement/tax-invoices", "/settlement/vat", "/settlement/vat?month=2026-10"] {
            let res = app.get_as(path, Some(&owner)).await;
            assert_eq!(res.status, 200, "{path}");
            assert!(res.body.contains("세금계산서"), "{path}");
        }
        let res = app.get_as("/settlement/vat?month=2026-13", Some(&owner)).await;
        assert!(res.body.contains("13월"), "{}", res.body);
    }
}
