//! 상품 일괄등록: any bytes uploaded as a product sheet, read (CSV in any of
//! the encodings sellers' Excel writes, or XLSX) and checked row by row with
//! the product form's rules, as the import's preview does for a shop with no
//! products yet. Nothing may panic, however broken the file.
#![no_main]

#[path = "known_panics.rs"]
mod known_panics;

use libfuzzer_sys::fuzz_target;
use partner_center::products::{import, sheet};

fuzz_target!(|data: &[u8]| {
    known_panics::let_known_calamine_overflow_through();
    // The bytes win over the name: a zip is read as XLSX, anything else as
    // the CSV a file named so would be.
    let Some(format) = sheet::detect_format("upload.csv", data) else { return };
    let Ok(sheet) = sheet::read_sheet(data, format) else { return };
    assert!(sheet.rows.len() <= sheet::MAX_ROWS);
    let (report, planned) = import::plan_offline(&sheet);
    assert_eq!(report.valid_products, planned.len());
    assert!(report.valid_products <= report.products);
});
