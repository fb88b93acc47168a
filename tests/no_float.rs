//! Money is whole won in `i64` and rates go through `rust_decimal`: a float
//! anywhere in a money path is a bug waiting for a rounding error. This test
//! reads the source of every money path and fails on any floating-point type
//! or conversion, outside comments.

use std::path::{Path, PathBuf};

/// The modules and files where money is computed or shown.
const MONEY_PATHS: &[&str] = &[
    // settlement/tax too: the tax invoices are part of settlement.
    "src/settlement",
    "src/money.rs",
    "src/sales",
    "src/ui/chart.rs",
    "src/claims/refund.rs",
    "src/orders/intake.rs",
    "src/promotions/ssr/redeem.rs",
    "src/products/model.rs",
];

const FORBIDDEN: &[&str] = &["f32", "f64", "as_f64", "to_f64", "from_f64", "as_f32", "to_f32", "from_f32", "parse_float"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            rust_files(&p, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

/// The identifiers of a line of code, comments removed.
fn words(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or("");
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect()
}

#[test]
fn no_money_path_uses_a_float() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for p in MONEY_PATHS {
        let path = root.join(p);
        assert!(path.exists(), "{p} is gone: update MONEY_PATHS");
        rust_files(&path, &mut files);
    }
    assert!(files.len() >= 10, "only {} files read", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(w) = words(line).into_iter().find(|w| FORBIDDEN.contains(w)) {
                found.push(format!("{}:{}: `{w}` in: {}", file.strip_prefix(root).unwrap().display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "floats in money paths:\n{}", found.join("\n"));
}

#[test]
fn the_check_itself_sees_a_float() {
    assert_eq!(words("let x: f64 = 1.0; // f32 in a comment is fine"), ["let", "x", "f64", "1", "0"]);
    assert!(words("let total = price.to_f64();").contains(&"to_f64"));
}
