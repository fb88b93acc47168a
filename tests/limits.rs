//! Resource limits (issue 17, item 2) against the real app on both
//! databases: a zip bomb refused before it is unpacked, heavy work answered
//! "busy" with `Retry-After` when its permits are taken, photos of too many
//! pixels refused, the Channel API's per-key rate, PostgreSQL's
//! `statement_timeout` and the request deadline.

use std::io::Write;

use crate::common;

use axum::body::Body;
use futures_util::StreamExt;
use axum::http::Request;
use common::{assert_error, channel_keys, owner, Part, Session, TestApp, TestResponse, SAME_ORIGIN};
use leptos::server_fn::ServerFn;
use partner_center::context::limits::Work;
use partner_center::orders::ImportInvoices;
use partner_center::products::{ImportProducts, UploadProductImage};
use partner_center::server::demo::DEMO_OWNER;

/// A well-formed XLSX whose one sheet holds a header, `noise_rows` rows of
/// pseudo-random hex (what keeps the zip from shrinking to nothing) and
/// four rows of one cell of `padding` bytes of repeated Korean text each.
fn xlsx(noise_rows: usize, padding: usize) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let cell = |text: &str| format!(r#"<c t="inlineStr"><is><t>{text}</t></is></c>"#);
    let mut sheet = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}"><sheetData>"#);
    sheet.push_str(&format!("<row>{}{}{}</row>", cell("상품관리코드"), cell("상품명"), cell("판매가")));
    let mut seed: u64 = 2026;
    for n in 0..noise_rows {
        let hex: String = (0..50)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("{:08x}", (seed >> 32) as u32)
            })
            .collect();
        sheet.push_str(&format!("<row>{}{}{}</row>", cell(&format!("BOMB-{n}")), cell(&hex), cell("10000")));
    }
    let words = "린넨 셔츠 오버핏 울 코트 ";
    let filler = words.repeat(padding / words.len() + 1);
    let filler = &filler[..filler.char_indices().map(|(i, _)| i).take_while(|i| *i <= padding).last().unwrap_or(0)];
    for n in 0..4 {
        sheet.push_str(&format!("<row>{}{}{}</row>", cell(&format!("PAD-{n}")), cell(filler), cell("10000")));
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        ("_rels/.rels", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="상품" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#)),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The bomb of the issue: about 300 KB that unpacks to over 40 MB.
fn bomb() -> Vec<u8> {
    xlsx(650, 10_000_000)
}

async fn import_products(app: &TestApp, who: &Session, bytes: &[u8]) -> TestResponse {
    let parts = [
        Part::file("file", "상품.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes),
        Part::text("apply", "true"),
        Part::text("mode", "valid_only"),
    ];
    app.post_multipart(ImportProducts::PATH, &parts, Some(who), SAME_ORIGIN).await
}

fn assert_unpacked_refusal(res: &TestResponse) {
    assert_error(res, 422, "invalid_input", Some("file"));
    let message = res.json()["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("압축을 풀면 너무 커지는 엑셀 파일"), "{message}");
}

/// `VmRSS` / `VmHWM` of this process, in KiB.
fn memory_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

/// The peak-memory measure belongs to one test at a time (the SQLite and
/// PostgreSQL runs share the process).
static MEASURING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

db_test! {
    async fn a_zip_bomb_xlsx_is_refused_in_korean_and_twenty_at_once_stay_far_under_500_mb(app) {
        let bytes = bomb();
        assert!((200_000..400_000).contains(&bytes.len()), "the bomb is {} bytes", bytes.len());
        let unpacked: u64 = {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            (0..archive.len()).map(|i| archive.by_index(i).unwrap().size()).sum()
        };
        assert!(unpacked > 40_000_000, "unpacks to {unpacked} bytes");
        let who = owner(&app).await;
        let products_before = app.count("SELECT COUNT(*) FROM products").await;

        // The same file, small, is a spreadsheet the importer reads: the
        // refusal below is about its size, not its shape.
        let small = import_products(&app, &who, &xlsx(3, 20)).await;
        assert_eq!(small.status, 200, "{}", small.body);
        assert_eq!(small.json()["rows"], 7, "{}", small.body);

        let _one_at_a_time = MEASURING.lock().await;
        // Forget the peak so far (Linux: "5" resets VmHWM to VmRSS).
        std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak memory");
        let before = memory_kib("VmRSS");
        let answers = futures_util::future::join_all((0..20).map(|_| import_products(&app, &who, &bytes))).await;
        let peak = memory_kib("VmHWM");
        for res in &answers {
            assert_unpacked_refusal(res);
        }
        let grew_mib = peak.saturating_sub(before) / 1024;
        eprintln!("20 zip bombs at once: the process grew by at most {grew_mib} MiB");
        assert!(grew_mib < 200, "the process grew by {grew_mib} MiB while refusing 20 bombs");

        // The 송장 upload reads spreadsheets through the same door.
        let parts = [Part::file("file", "송장.xlsx", "application/octet-stream", &bytes), Part::text("apply", "true")];
        assert_unpacked_refusal(&app.post_multipart(ImportInvoices::PATH, &parts, Some(&who), SAME_ORIGIN).await);
        assert_eq!(app.count("SELECT COUNT(*) FROM products").await, products_before);
    }
}

fn assert_busy(res: &TestResponse) {
    assert_error(res, 503, "busy", None);
    assert_eq!(res.header("retry-after"), "2", "{:?}", res.headers);
    let message = res.json()["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("잠시 후 다시 시도"), "{message}");
}

db_test! {
    async fn heavy_work_past_its_permits_is_answered_busy_with_retry_after(app) {
        app.restart_with(|c| {
            c.heavy_permits = Some(1);
            c.heavy_wait_ms = 100;
        })
        .await;
        let who = owner(&app).await;
        let failures = app.count("SELECT COUNT(*) FROM login_failures").await;

        // Password hashing: a sign-in with every password permit taken is
        // busy, and is not counted as a failed attempt.
        let held = app.state.heavy.try_hold(Work::Password).expect("a free permit");
        assert_busy(&app.login(DEMO_OWNER, partner_center::server::demo::DEMO_PASSWORD).await);
        assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, failures);
        drop(held);

        // Photo decoding.
        let photo = [Part::file("image", "photo.jpg", "image/jpeg", &common::photo())];
        let held = app.state.heavy.try_hold(Work::Image).expect("a free permit");
        assert_busy(&app.post_multipart(UploadProductImage::PATH, &photo, Some(&who), SAME_ORIGIN).await);
        drop(held);
        assert_eq!(app.post_multipart(UploadProductImage::PATH, &photo, Some(&who), SAME_ORIGIN).await.status, 200);

        // Spreadsheet reading (a CSV too: it is parsed on the same threads).
        let held = app.state.heavy.try_hold(Work::Sheet).expect("a free permit");
        let csv = common::PROBE_CSV.as_bytes();
        let parts = [Part::file("file", "상품.csv", "text/csv", csv), Part::text("apply", "false"), Part::text("mode", "")];
        assert_busy(&app.post_multipart(ImportProducts::PATH, &parts, Some(&who), SAME_ORIGIN).await);
        drop(held);
        assert_eq!(app.post_multipart(ImportProducts::PATH, &parts, Some(&who), SAME_ORIGIN).await.status, 200);
    }
}

db_test! {
    async fn a_photo_of_too_many_pixels_is_refused_in_korean_before_it_is_decoded(app) {
        let who = owner(&app).await;
        // 7000×6000 grey pixels: a 42 MB picture in a small PNG.
        let mut png = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new_with_quality(
                &mut png,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::NoFilter,
            ),
            &vec![0u8; 7000 * 6000],
            7000,
            6000,
            image::ExtendedColorType::L8,
        )
        .unwrap();
        assert!(png.len() < 10 * 1024 * 1024, "{}", png.len());
        let parts = [Part::file("image", "huge.png", "image/png", &png)];
        let res = app.post_multipart(UploadProductImage::PATH, &parts, Some(&who), SAME_ORIGIN).await;
        assert_error(&res, 422, "invalid_input", Some("image"));
        let message = res.json()["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("해상도가 너무 큽니다") && message.contains("36메가픽셀"), "{message}");
        assert_eq!(app.count("SELECT COUNT(*) FROM product_images").await, 0);
    }
}

db_test! {
    async fn an_api_key_past_its_rate_gets_429_with_retry_after_and_other_keys_are_unaffected(app) {
        app.restart_with(|c| {
            c.api_rate_per_minute = 6;
            c.api_burst = 3;
        })
        .await;
        let keys = channel_keys(&app).await;
        const FEED: &str = "/api/channel/v1/order-updates";
        for _ in 0..3 {
            assert_eq!(app.api_get(FEED, &keys.zigzag).await.status, 200);
        }
        let res = app.api_get(FEED, &keys.zigzag).await;
        assert_error(&res, 429, "too_many_requests", None);
        // One request every ten seconds comes back: the wait is at most that.
        let wait: u64 = res.header("retry-after").parse().unwrap_or_else(|_| panic!("Retry-After in {:?}", res.headers));
        assert!((1..=10).contains(&wait), "{wait}");
        let message = res.json()["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(&format!("{wait}초 후에 다시 시도")), "{message}");
        // Another key has its own bucket.
        assert_eq!(app.api_get(FEED, &keys.posty).await.status, 200);
        // A wrong secret spends nothing of the key's rate: it is refused as unauthorised.
        let (key_id, _) = keys.posty.split_once('.').unwrap();
        assert_error(&app.api_get(FEED, &format!("{key_id}.wrong")).await, 401, "unauthorized", None);
        assert_eq!(app.api_get(FEED, &keys.posty).await.status, 200);
    }
}

db_test! {
    async fn every_pooled_postgres_connection_has_a_statement_timeout(app) {
        app.restart_with(|c| c.statement_timeout_ms = 1500).await;
        let pool = app.state.db.pool();
        match app.engine {
            common::Engine::Postgres => {
                // Several connections at once: each was set when it opened.
                let mut held = Vec::new();
                for _ in 0..3 {
                    let mut conn = pool.acquire().await.unwrap();
                    let (timeout,): (String,) = sqlx::query_as("SHOW statement_timeout").fetch_one(&mut *conn).await.unwrap();
                    assert_eq!(timeout, "1500ms");
                    held.push(conn);
                }
                drop(held);
                let err = sqlx::query("SELECT pg_sleep(3)").execute(pool).await.unwrap_err();
                assert!(err.to_string().contains("statement timeout"), "{err}");
            }
            // SQLite has no statement timeout; a statement waits for the
            // write lock at most five seconds.
            common::Engine::Sqlite => {
                let (timeout,): (i64,) = sqlx::query_as("PRAGMA busy_timeout").fetch_one(pool).await.unwrap();
                assert_eq!(timeout, 5000);
            }
        }
    }
}

db_test! {
    async fn a_request_whose_body_never_finishes_is_stopped_at_the_deadline(app) {
        app.restart_with(|c| c.request_timeout_secs = 1).await;
        let who = owner(&app).await;
        // A client that sends the start of an upload and then nothing.
        let start = format!(
            "--X\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n{}",
            "x".repeat(1024)
        );
        let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(axum::body::Bytes::from(start))])
            .chain(futures_util::stream::pending());
        let req = Request::post(UploadProductImage::PATH)
            .header("content-type", "multipart/form-data; boundary=X")
            .header("accept", "application/json")
            .header("cookie", who.cookie_header())
            .header("sec-fetch-site", "same-origin")
            .body(Body::from_stream(stream))
            .unwrap();
        let started = std::time::Instant::now();
        let res = app.request(req).await;
        assert_eq!(res.status, 503, "{}", res.body);
        assert_eq!(res.json()["code"], "busy");
        assert!(res.header("retry-after").parse::<u64>().is_ok(), "{:?}", res.headers);
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }
}
