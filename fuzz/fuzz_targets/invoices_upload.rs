//! 송장 일괄등록: any bytes uploaded as a waybill sheet, read (CSV or XLSX)
//! and each row's item id, courier and tracking number checked, as the
//! upload does before it looks the items up. Nothing may panic.
#![no_main]

#[path = "known_panics.rs"]
mod known_panics;

use libfuzzer_sys::fuzz_target;
use partner_center::orders::invoices;
use partner_center::products::sheet;

fuzz_target!(|data: &[u8]| {
    known_panics::let_known_calamine_overflow_through();
    let Some(format) = sheet::detect_format("upload.csv", data) else { return };
    let Ok(sheet) = sheet::read_sheet(data, format) else { return };
    if let Ok(rows) = invoices::upload_rows(&sheet) {
        assert!(!rows.is_empty() && rows.len() <= invoices::MAX_ROWS);
    }
});
