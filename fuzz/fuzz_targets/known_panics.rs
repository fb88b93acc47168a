//! The panics the sheet targets let through, because the product catches
//! them on purpose: calamine 0.38 adds up a cell reference's letters and
//! digits, and subtracts a sheet dimension's corners, without checking
//! (tafia/calamine#709), which with overflow checks (on here,
//! and for calamine in the release profile) panics inside
//! `sheet::read_xlsx`, whose `catch_unwind` refuses the file. libFuzzer's
//! panic hook would abort on it although it is caught; every other panic,
//! caught or not, still goes to that hook and is a crash. The regression tests
//! are `products::sheet::tests::a_cell_reference_too_long_for_calamine_is_refused`
//! and `…::a_reversed_sheet_dimension_is_refused`.
//! When calamine changes, the lines below no longer match and the panic is
//! reported again: check whether the fix has landed.

use std::panic::PanicHookInfo;
use std::sync::Once;

/// calamine-0.38.0/src/xlsx/mod.rs: get_dimension's rows and columns
/// (a `<dimension ref="B2:A1">` that ends before it starts), and
/// get_row_and_optional_column's upper- and lower-case column letters and
/// row digits.
const CALAMINE_REFERENCE_LINES: [u32; 5] = [3048, 3049, 3096, 3097, 3112];

fn known(info: &PanicHookInfo<'_>) -> bool {
    let at_reference = info.location().is_some_and(|l| {
        l.file().contains("calamine-0.38.0") && l.file().ends_with("src/xlsx/mod.rs") && CALAMINE_REFERENCE_LINES.contains(&l.line())
    });
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
        .unwrap_or_default();
    at_reference && message.ends_with("with overflow")
}

/// Wraps libFuzzer's hook (installed before the first input) once.
pub fn let_known_calamine_overflow_through() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let libfuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !known(info) {
                libfuzzer_hook(info);
            }
        }));
    });
}
