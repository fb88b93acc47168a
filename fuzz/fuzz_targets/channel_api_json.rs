//! The Channel API's `POST` bodies: any bytes read as each intake reads its
//! body (JSON, then the area's checks) — orders, purchase confirmations,
//! claims, inquiries and reviews. Nothing may panic; a bad body is an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_center::{claims, inquiries, orders, reviews};

/// 2026-01-01T00:00:00Z: the times in the seeds fall inside the window the
/// checks allow around it.
const NOW: i64 = 1_767_225_600_000;

fuzz_target!(|data: &[u8]| {
    let _ = orders::intake::check_body(data, NOW);
    let _ = orders::api::purchase_confirmation_items(data);
    let _ = claims::ssr::check_body(data, NOW);
    let _ = inquiries::ssr::check_body(data, NOW);
    let _ = reviews::ssr::check_body(data, NOW);
});
