//! The architecture of the crate, checked. Every module belongs to one layer,
//! lowest first:
//!
//! 0. **foundation**: errors, time and calendar, number formats, UI widgets,
//!    the PWA shell, live events, and the server's database, SQL building,
//!    configuration, request context and assets; knows no area and no user.
//! 1. **identity**: `auth`, the users, sessions, guards and roles every area checks.
//! 2. **areas**: one module per product area (`orders`, `claims`, `settlement` …),
//!    each with its types, server functions, pages and data access.
//! 3. **app**: what puts it all together: the routes (`app`), the HTTP stack and
//!    the rest of `server`, demo data, benches and the simulation.
//!
//! Two rules, read from the source text of `src/**/*.rs` (comments and
//! `#[cfg(test)] mod tests { … }` left out):
//!
//! 1. **Layers only point down.** A module imports (`use crate::…`, `super::…`
//!    or an inline `crate::…` path) only from its own layer or a lower one.
//!    Areas may still import each other; the count is printed.
//! 2. **Each table has one owning area, and no other area writes it.** Every
//!    table a migration creates has an owner in [`OWNERS`]; an `INSERT INTO`,
//!    `UPDATE` or `DELETE FROM` of a table in any other module fails, except
//!    in demo data and benches ([`MAY_WRITE_ANY`]). Reads of other areas'
//!    tables are printed.
//!
//! What breaks a rule today is listed in [`ALLOWED_UPHILL`] and
//! [`ALLOWED_FOREIGN_WRITES`]. The lists can only shrink: a new violation fails,
//! and so does an entry that no longer matches anything.
//!
//! Standard library only, so it also runs on its own:
//! `rustc --edition 2021 --test tests/architecture.rs -o /tmp/arch && /tmp/arch`.
//! `ARCH_SRC_ROOT=/some/copy/of/src` checks another source tree;
//! `ARCH_PRINT_ALLOWLIST=1` prints both allow-lists as today's code needs them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first, with the module paths in each. The longest
/// matching prefix wins: `orders::pages` is the orders area, `server::http` is app.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &[
        "error", "i18n", "time", "calendar", "channel", "courier", "input", "money", "format", "ui", "pwa", "events", "db", "context", "config", "assets",
    ]),
    ("identity", &["auth"]),
    ("areas", &[
        "accounts", "shop", "staff", "audit", "mail", "products", "orders", "claims", "inquiries", "reviews", "outbox", "sales",
        "settlement", "operator", "home", "channel_api", "promotions",
    ]),
    ("app", &["app", "server", "simulate", "main", "lib"]),
];
const AREAS: usize = 2;
const APP: usize = 3;

/// Table -> the module that owns it: it creates the rows and writes them.
const OWNERS: &[(&str, &str)] = &[
    ("shops", "shop"),
    ("users", "auth"),
    ("sessions", "auth"),
    ("auth_tokens", "auth"),
    ("login_failures", "auth"),
    // 0013 rebuilds auth_tokens through this name and renames it back.
    ("auth_tokens_v2", "auth"),
    // Members are added, re-roled and removed by staff; accounts only reads them.
    ("shop_members", "staff"),
    ("mail_outbox", "mail"),
    ("audit_log", "audit"),
    ("products", "products"),
    ("product_variants", "products"),
    ("product_images", "products"),
    ("api_clients", "channel_api"),
    ("buyer_orders", "orders"),
    // Delivery progress from the carrier webhook, which is the orders area's (`orders::api`).
    ("delivery_events", "orders"),
    ("order_items", "orders"),
    ("order_item_events", "orders"),
    ("buyer_outbox", "outbox"),
    // 0006 rebuilds buyer_outbox through this name and renames it back.
    ("buyer_outbox_v2", "outbox"),
    ("claims", "claims"),
    ("claim_events", "claims"),
    ("inquiries", "inquiries"),
    ("inquiry_answers", "inquiries"),
    ("answer_templates", "inquiries"),
    ("reviews", "reviews"),
    ("commission_rates", "settlement"),
    ("settlement_statements", "settlement"),
    ("settlement_lines", "settlement"),
    ("tax_invoices", "settlement::tax"),
    ("sales_rollup", "sales"),
    // Sign-up rate limit (0014).
    ("signup_attempts", "accounts"),
    // Signatures of carrier webhook calls, remembered against replays (0014).
    ("carrier_signatures", "channel_api"),
    // Which shop's open parcel a (courier, 송장번호) is (0014).
    ("waybills", "orders"),
    // 프로모션 (0016): coupons and their redemptions, period discounts,
    // campaigns and applications, and their daily results.
    ("coupons", "promotions"),
    ("coupon_products", "promotions"),
    ("coupon_redemptions", "promotions"),
    ("period_discounts", "promotions"),
    ("campaigns", "promotions"),
    ("campaign_applications", "promotions"),
    ("promotion_daily", "promotions"),
];

/// Module path prefixes (plain string prefixes: `server::demo` covers
/// `server::demo_history`) that may write any table: demo data and benches.
const MAY_WRITE_ANY: &[&str] = &["server::demo", "server::bench", "simulate"];

/// Today's imports from a higher layer: (file, imported module, the deepest
/// module of the path that is a file of the crate). Only ever shrinks.
const ALLOWED_UPHILL: &[(&str, &str)] = &[];

/// Today's writes to another area's table: (file, table). Only ever shrinks.
const ALLOWED_FOREIGN_WRITES: &[(&str, &str)] = &[];

const HOW_TO_FIX: &str = "move the code down a layer, or ask the owning area through a function";

// ---------------------------------------------------------------- lexing

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A source file split in two: the code with comments and literals blanked
/// (newlines kept, so lines still count), and its string literals, each with
/// the line it starts on. `#[cfg(test)] mod tests { … }` is left out.
struct Lexed {
    code: String,
    strings: Vec<(usize, String)>,
}

/// A cursor over the source that copies what it consumes to `code`: code
/// as is, comments and literals as spaces.
struct Cursor {
    s: Vec<char>,
    i: usize,
    line: usize,
    code: String,
}

impl Cursor {
    fn at(&self, k: usize) -> char {
        self.s.get(self.i + k).copied().unwrap_or('\0')
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    /// Consumes `n` characters and returns them; `keep` copies them to the
    /// code, otherwise they are blanked (newlines always stay).
    fn take(&mut self, n: usize, keep: bool) -> String {
        let taken: String = self.s[self.i..(self.i + n).min(self.s.len())].iter().collect();
        for c in taken.chars() {
            self.line += usize::from(c == '\n');
            self.code.push(if keep || c == '\n' { c } else { ' ' });
        }
        self.i += taken.chars().count();
        taken
    }
}

fn lex(src: &str) -> Lexed {
    let mut cur = Cursor { s: src.chars().collect(), i: 0, line: 1, code: String::new() };
    // (offset in code, line, text) of each string literal.
    let mut lits: Vec<(usize, usize, String)> = Vec::new();
    while !cur.done() {
        let prev_ident = cur.i > 0 && is_ident(cur.s[cur.i - 1]);
        // Raw strings: r"…", r#"…"#, br"…".
        let b = usize::from(cur.at(0) == 'b' && cur.at(1) == 'r');
        let hashes = (b + 1..).take_while(|&k| cur.at(k) == '#').count();
        let (start, offset) = (cur.line, cur.code.len());
        match (cur.at(0), cur.at(1)) {
            ('/', '/') => {
                while !cur.done() && cur.at(0) != '\n' {
                    cur.take(1, false);
                }
            }
            ('/', '*') => {
                // Block comments nest.
                let mut depth = 0;
                while !cur.done() {
                    match (cur.at(0), cur.at(1)) {
                        ('/', '*') => depth += 1,
                        ('*', '/') => depth -= 1,
                        _ => {
                            cur.take(1, false);
                            continue;
                        }
                    }
                    cur.take(2, false);
                    if depth == 0 {
                        break;
                    }
                }
            }
            _ if !prev_ident && cur.at(b) == 'r' && cur.at(b + 1 + hashes) == '"' => {
                cur.take(b + 2 + hashes, false);
                let mut text = String::new();
                while !cur.done() && !(cur.at(0) == '"' && (1..=hashes).all(|k| cur.at(k) == '#')) {
                    text += &cur.take(1, false);
                }
                cur.take(1 + hashes, false);
                lits.push((offset, start, text));
            }
            ('"', _) => {
                cur.take(1, false);
                let mut text = String::new();
                while !cur.done() && cur.at(0) != '"' {
                    if cur.at(0) != '\\' {
                        text += &cur.take(1, false);
                        continue;
                    }
                    let escaped = cur.take(2, false).chars().nth(1).unwrap_or(' ');
                    text.push(if matches!(escaped, '\n' | '"' | '\\' | '\'') { escaped } else { ' ' });
                    // `\` at the end of a line: the next line's indent goes too.
                    while escaped == '\n' && cur.at(0).is_whitespace() {
                        text += &cur.take(1, false).replace(|c: char| c != '\n', "");
                    }
                }
                cur.take(1, false);
                lits.push((offset, start, text));
            }
            // Char literals ('"', '\'', '\u{…}'), not lifetimes ('a).
            ('\'', '\\') => {
                cur.take(3, false);
                while !cur.done() && cur.at(0) != '\'' {
                    cur.take(1, false);
                }
                cur.take(1, false);
            }
            ('\'', _) if cur.at(2) == '\'' => drop(cur.take(3, false)),
            _ => drop(cur.take(1, true)),
        }
    }
    let code = cur.code;
    // `#[cfg(test)] mod tests { … }` goes, its braces matched on the blanked code.
    let mut tests = Vec::new();
    for (at, attr) in code.match_indices("#[cfg(test)]") {
        let body = code[at + attr.len()..].trim_start().strip_prefix("mod tests").map(str::trim_start);
        let Some(open) = body.filter(|b| b.starts_with('{')).map(|b| code.len() - b.len()) else { continue };
        let mut depth = 0;
        let close = code[open..].char_indices().find_map(|(k, c)| {
            depth += match c { '{' => 1, '}' => -1, _ => 0 };
            (depth == 0).then_some(open + k + 1)
        });
        tests.push(at..close.unwrap_or(code.len()));
    }
    let in_tests = |offset: usize| tests.iter().any(|r| r.contains(&offset));
    let strings = lits.into_iter().filter(|(offset, ..)| !in_tests(*offset)).map(|(_, line, text)| (line, text)).collect();
    let code = code.char_indices().map(|(k, c)| if c != '\n' && in_tests(k) { ' ' } else { c }).collect();
    Lexed { code, strings }
}

// ---------------------------------------------------------------- rule 1: imports

#[derive(PartialEq, Clone, Debug)]
enum Tok {
    Ident(String),
    Sym(char),
    Path, // `::`
}

fn tokens(code: &str) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    let (mut line, mut it) = (1, code.chars().peekable());
    while let Some(c) = it.next() {
        if c == '\n' {
            line += 1;
        } else if is_ident(c) {
            let mut word = c.to_string();
            while let Some(&d) = it.peek().filter(|&&d| is_ident(d)) {
                word.push(d);
                it.next();
            }
            out.push((line, Tok::Ident(word)));
        } else if c == ':' && it.peek() == Some(&':') {
            it.next();
            out.push((line, Tok::Path));
        } else if !c.is_whitespace() {
            out.push((line, Tok::Sym(c)));
        }
    }
    out
}

/// One use tree (`a::b`, `a::{b, c::d}`, `a::*`) from `toks[*i]` on, each leaf
/// appended to `path` and pushed to `out` with the line of its last segment.
fn use_tree(toks: &[(usize, Tok)], i: &mut usize, mut path: Vec<String>, out: &mut Vec<(usize, Vec<String>)>) {
    let tok = |i: usize| toks.get(i).map_or(Tok::Sym('\0'), |t| t.1.clone());
    let mut line = toks.get(*i).map_or(0, |t| t.0);
    loop {
        match tok(*i) {
            Tok::Ident(name) => {
                line = toks[*i].0;
                match name.as_str() {
                    "super" => drop(path.pop()),
                    "self" => {}
                    _ => path.push(name),
                }
                *i += 1;
                if tok(*i) != Tok::Path {
                    break;
                }
                *i += 1;
            }
            Tok::Sym('{') => {
                *i += 1;
                while !matches!(tok(*i), Tok::Sym('}') | Tok::Sym('\0')) {
                    let before = *i;
                    use_tree(toks, i, path.clone(), out);
                    if tok(*i) == Tok::Ident("as".into()) {
                        *i += 2;
                    }
                    if tok(*i) == Tok::Sym(',') || *i == before {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            Tok::Sym('*') => {
                *i += 1;
                break;
            }
            _ => break,
        }
    }
    out.push((line, path));
}

/// Every crate-absolute module path a file's code names: `use crate::…`
/// (grouped or not), inline `crate::a::b()`, and `super::…` resolved against
/// `module`, the file's own module path. Deduplicated per line.
fn imports_of(source: &str, module: &str) -> Vec<(usize, String)> {
    let toks = tokens(&lex(source).code);
    let (mut out, mut i) = (Vec::new(), 0);
    while i + 1 < toks.len() {
        let starts = matches!(&toks[i].1, Tok::Ident(w) if w == "crate" || w == "super")
            && toks[i + 1].1 == Tok::Path
            && (i == 0 || !matches!(toks[i - 1].1, Tok::Path | Tok::Sym('$')));
        if !starts {
            i += 1;
            continue;
        }
        // `super` is resolved by `use_tree`, from the file's own module.
        let base: Vec<String> = if toks[i].1 == Tok::Ident("crate".into()) {
            i += 2;
            Vec::new()
        } else {
            module.split("::").filter(|s| !s.is_empty()).map(String::from).collect()
        };
        use_tree(&toks, &mut i, base, &mut out);
    }
    let mut seen = BTreeSet::new();
    out.into_iter()
        .map(|(line, p)| (line, p.join("::")))
        .filter(|(line, p)| !p.is_empty() && seen.insert((*line, p.clone())))
        .collect()
}

/// `path` is `prefix` or inside it, by whole segments.
fn under(path: &str, prefix: &str) -> bool {
    path == prefix || (path.starts_with(prefix) && path[prefix.len()..].starts_with("::"))
}

/// The layer (index into [`LAYERS`]) and the matching prefix of a module path.
fn layer_of(module: &str) -> Option<(usize, &'static str)> {
    LAYERS
        .iter()
        .enumerate()
        .flat_map(|(layer, (_, prefixes))| prefixes.iter().map(move |p| (layer, *p)))
        .filter(|(_, p)| under(module, p))
        .max_by_key(|(_, p)| p.len())
}

/// src/orders/pages/list.rs -> orders::pages::list; src/orders/mod.rs -> orders.
fn module_of_file(file: &str) -> String {
    let rel = file.trim_start_matches("src/").trim_end_matches(".rs");
    rel.trim_end_matches("/mod").replace('/', "::")
}

/// Imports of `module`'s source that point to a higher layer:
/// (line, imported path, from layer, to layer).
fn uphill_of(source: &str, module: &str) -> Vec<(usize, String, usize, usize)> {
    let Some((from, _)) = layer_of(module) else { return Vec::new() };
    imports_of(source, module)
        .into_iter()
        .filter_map(|(line, path)| layer_of(&path).filter(|(to, _)| *to > from).map(|(to, _)| (line, path, from, to)))
        .collect()
}

// ---------------------------------------------------------------- rule 2: tables

/// (line, verb, table) of every SQL table reference in the string literals:
/// verb is INSERT, UPDATE, DELETE, FROM or JOIN; table is lowercased.
fn sql_refs(source: &str) -> Vec<(usize, &'static str, String)> {
    let mut out = Vec::new();
    for (start, text) in lex(source).strings {
        // The literal's words, lowercased, each with its line.
        let (mut words, mut line, mut word) = (Vec::new(), start, String::new());
        for c in text.chars().chain(Some(' ')) {
            if is_ident(c) {
                word.push(c.to_ascii_lowercase());
                continue;
            }
            if !word.is_empty() {
                words.push((line, std::mem::take(&mut word)));
            }
            line += usize::from(c == '\n');
        }
        let word = |k: usize| words.get(k).map_or("", |w| w.1.as_str());
        for k in 0..words.len() {
            let found = match word(k) {
                "insert" if word(k + 1) == "into" => Some(("INSERT", k + 2)),
                "insert" if word(k + 1) == "or" && word(k + 3) == "into" => Some(("INSERT", k + 4)),
                "update" => Some(("UPDATE", k + 1)),
                "delete" if word(k + 1) == "from" => Some(("DELETE", k + 2)),
                "from" if k == 0 || word(k - 1) != "delete" => Some(("FROM", k + 1)),
                "join" => Some(("JOIN", k + 1)),
                _ => None,
            };
            if let Some((verb, t)) = found.filter(|(_, t)| *t < words.len()) {
                out.push((words[t].0, verb, words[t].1.clone()));
            }
        }
    }
    out
}

/// SQL writes in the string literals: (line, "UPDATE order_items").
fn writes_of(source: &str) -> Vec<(usize, String)> {
    sql_refs(source)
        .into_iter()
        .filter(|(_, verb, _)| matches!(*verb, "INSERT" | "UPDATE" | "DELETE"))
        .map(|(line, verb, table)| (line, format!("{verb} {table}")))
        .collect()
}

fn owner_of(table: &str) -> Option<&'static str> {
    OWNERS.iter().find(|(t, _)| *t == table).map(|(_, owner)| *owner)
}

/// Writes by `module` to a table some other module owns: (line, SQL, table, owner).
fn foreign_writes_of(source: &str, module: &str) -> Vec<(usize, String, String, &'static str)> {
    if MAY_WRITE_ANY.iter().any(|p| module.starts_with(p)) {
        return Vec::new();
    }
    writes_of(source)
        .into_iter()
        .filter_map(|(line, sql)| {
            let table = sql.split(' ').nth(1).unwrap_or_default().to_string();
            let owner = owner_of(&table)?;
            (!under(module, owner)).then_some((line, sql, table, owner))
        })
        .collect()
}

/// Table names of `CREATE TABLE [IF NOT EXISTS] name` in a migration.
fn tables_created(sql: &str) -> Vec<String> {
    let text: String = sql.lines().map(|l| l.split("--").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let words: Vec<String> = text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    for k in 0..words.len().saturating_sub(2) {
        if words[k] == "create" && words[k + 1] == "table" {
            let skip = if words[k + 2] == "if" { 3 } else { 0 };
            out.extend(words.get(k + 2 + skip).cloned());
        }
    }
    out
}

// ---------------------------------------------------------------- scanning the tree

fn root() -> PathBuf {
    PathBuf::from(option_env!("CARGO_MANIFEST_DIR").unwrap_or("."))
}

/// Every `.rs` file under the source root as ("src/…" path, contents), sorted.
fn source_files() -> Vec<(String, String)> {
    let src = std::env::var_os("ARCH_SRC_ROOT").map_or_else(|| root().join("src"), PathBuf::from);
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&src, &mut paths);
    let mut files: Vec<_> = paths
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            (format!("src/{rel}"), std::fs::read_to_string(p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The deepest module that is a file of the crate containing `path`
/// (`server::db::now_millis` -> `server::db`).
fn module_named(path: &str, modules: &BTreeSet<String>) -> String {
    let segs: Vec<&str> = path.split("::").collect();
    (1..=segs.len()).rev().map(|n| segs[..n].join("::")).find(|m| modules.contains(m)).unwrap_or_else(|| segs[0].to_string())
}

fn area_of(module: &str) -> &'static str {
    layer_of(module).map_or("?", |(_, prefix)| prefix)
}

fn print_if_asked(list: &str, lines: BTreeSet<String>) {
    if std::env::var_os("ARCH_PRINT_ALLOWLIST").is_some() {
        eprintln!("{list}, as the code needs it today:\n{}", lines.into_iter().collect::<Vec<_>>().join("\n"));
    }
}

/// Fails listing the problems and, for new violations, the allow-list lines
/// that would accept them (only for what truly cannot move yet).
fn fail_if(problems: Vec<String>, new: BTreeSet<String>, what: &str, list: &str) {
    if problems.is_empty() {
        return;
    }
    let mut text = format!("{what}:\n{}\n", problems.join("\n"));
    if !new.is_empty() {
        text += &format!("\nonly if it cannot be fixed now, the {list} lines:\n{}\n", new.into_iter().collect::<Vec<_>>().join("\n"));
    }
    panic!("{text}");
}

#[test]
fn layers_point_down() {
    let files = source_files();
    let modules: BTreeSet<String> = files.iter().map(|(f, _)| module_of_file(f)).collect();
    let (mut problems, mut matched, mut new) = (Vec::new(), BTreeSet::new(), BTreeSet::new());
    let mut cross_area: BTreeMap<(&str, &str), BTreeSet<(String, String)>> = BTreeMap::new();
    let mut all = BTreeSet::new();
    for (file, source) in &files {
        let module = module_of_file(file);
        let Some((from, _)) = layer_of(&module) else {
            problems.push(format!("{file}: module `{module}` is in no layer: add it to LAYERS"));
            continue;
        };
        for (line, path) in imports_of(source, &module) {
            let target = module_named(&path, &modules);
            match layer_of(&path) {
                None => problems.push(format!("{file}:{line}: `crate::{path}` is in no layer: add `{target}` to LAYERS")),
                Some((to, prefix)) if to == AREAS && from == AREAS && prefix != area_of(&module) => {
                    cross_area.entry((area_of(&module), prefix)).or_default().insert((file.clone(), target));
                }
                _ => {}
            }
        }
        for (line, path, from, to) in uphill_of(source, &module) {
            let target = module_named(&path, &modules);
            all.insert(format!("    (\"{file}\", \"{target}\"),"));
            if ALLOWED_UPHILL.contains(&(file.as_str(), target.as_str())) {
                matched.insert((file.clone(), target));
                continue;
            }
            problems.push(format!(
                "{file}:{line}: `crate::{path}`: {} imports {} (layers only point down); {HOW_TO_FIX}.",
                LAYERS[from].0, LAYERS[to].0
            ));
            new.insert(format!("    (\"{file}\", \"{target}\"),"));
        }
    }
    for (file, target) in ALLOWED_UPHILL {
        if !matched.contains(&(file.to_string(), target.to_string())) {
            problems.push(format!("ALLOWED_UPHILL entry (\"{file}\", \"{target}\") matches no import any more: remove it"));
        }
    }
    let total: usize = cross_area.values().map(|s| s.len()).sum();
    eprintln!("cross-area imports (file -> module edges, allowed for now): {total}");
    for ((from, to), edges) in &cross_area {
        eprintln!("  {from} -> {to}: {}", edges.len());
    }
    print_if_asked("ALLOWED_UPHILL", all);
    fail_if(problems, new, "layer rule broken", "ALLOWED_UPHILL");
}

#[test]
fn each_table_is_written_by_its_owner() {
    let (mut problems, mut matched, mut new, mut all) = (Vec::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut reads: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (file, source) in source_files() {
        let module = module_of_file(&file);
        for (line, sql, table, owner) in foreign_writes_of(&source, &module) {
            all.insert(format!("    (\"{file}\", \"{table}\"),"));
            if ALLOWED_FOREIGN_WRITES.contains(&(file.as_str(), table.as_str())) {
                matched.insert((file.clone(), table));
                continue;
            }
            problems.push(format!(
                "{file}:{line}: `{sql}`: `{table}` belongs to `{owner}`, and only its owner writes it; \
                 move the write into `{owner}`, or ask the owning area through a function."
            ));
            new.insert(format!("    (\"{file}\", \"{table}\"),"));
        }
        if layer_of(&module).is_some_and(|(layer, _)| layer < APP) {
            for (_, verb, table) in sql_refs(&source) {
                if matches!(verb, "FROM" | "JOIN") && owner_of(&table).is_some_and(|o| !under(&module, o)) {
                    *reads.entry(area_of(&module)).or_default().entry(table).or_default() += 1;
                }
            }
        }
    }
    for (file, table) in ALLOWED_FOREIGN_WRITES {
        if !matched.contains(&(file.to_string(), table.to_string())) {
            problems.push(format!("ALLOWED_FOREIGN_WRITES entry (\"{file}\", \"{table}\") matches no write any more: remove it"));
        }
    }
    eprintln!("reads of other areas' tables (FROM/JOIN, information only):");
    for (area, tables) in &reads {
        let list: Vec<String> = tables.iter().map(|(t, n)| format!("{t} {n}")).collect();
        eprintln!("  {area}: {}", list.join(", "));
    }
    print_if_asked("ALLOWED_FOREIGN_WRITES", all);
    fail_if(problems, new, "table ownership rule broken", "ALLOWED_FOREIGN_WRITES");
}

#[test]
fn every_table_has_an_owner() {
    let dir = root().join("migrations/sqlite");
    let mut created = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sql") {
            created.extend(tables_created(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    assert!(!created.is_empty(), "no CREATE TABLE found in {}", dir.display());
    let mut problems = Vec::new();
    for table in &created {
        if owner_of(table).is_none() {
            problems.push(format!("table `{table}` has no owner: add it to OWNERS with the area that writes it"));
        }
    }
    for (table, owner) in OWNERS {
        if !created.contains(*table) {
            problems.push(format!("OWNERS lists `{table}`, which no migration creates: remove it"));
        }
        if layer_of(owner).is_none() {
            problems.push(format!("owner `{owner}` of `{table}` is in no layer"));
        }
    }
    fail_if(problems, BTreeSet::new(), "table ownership map out of date", "");
}

// ---------------------------------------------------------------- the checker's own tests

#[test]
fn grouped_use_is_found() {
    let src = "use crate::{a::b, c};\nuse crate::x::{y, z::{self, w as v}};\nuse crate::orders::*;\n";
    let found: Vec<String> = imports_of(src, "shop").into_iter().map(|(_, p)| p).collect();
    assert_eq!(found, ["a::b", "c", "x::y", "x::z", "x::z::w", "orders"]);
}

#[test]
fn inline_paths_are_found_with_their_line() {
    let src = "fn f() {\n    let now = crate::db::now_millis();\n    let s: crate::ui::Toast<T> = x;\n}\n";
    assert_eq!(imports_of(src, "shop"), [(2, "db::now_millis".to_string()), (3, "ui::Toast".to_string())]);
}

#[test]
fn comments_strings_and_tests_are_not_imports() {
    let src = "// use crate::server::http;\n/* crate::a /* nested */ crate::b */\n/// crate::c\n\
               let s = \"crate::d\"; let r = r#\"crate::e \"quoted\"\"#; let q = '\"'; pub(crate) fn f<'a>() {}\n\
               macro_rules! m { () => { $crate::g } }\n#[cfg(test)]\nmod tests {\n    use crate::server::http;\n}\nuse crate::error::E;\n";
    assert_eq!(imports_of(src, "time"), [(10, "error::E".to_string())]);
}

#[test]
fn super_paths_resolve_against_the_file() {
    let src = "use super::validate::check;\nuse super::{ssr, super::model::Order};\nuse super::super::super::outbox::x;";
    let found: Vec<String> = imports_of(src, "orders::pages::list").into_iter().map(|(_, p)| p).collect();
    assert_eq!(found, ["orders::pages::validate::check", "orders::pages::ssr", "orders::model::Order", "outbox::x"]);
    assert_eq!(imports_of("use super::db;", "server::http")[0].1, "server::db");
}

#[test]
fn longest_prefix_wins() {
    assert_eq!(layer_of("server::demo"), Some((3, "server")));
    assert_eq!(layer_of("db::sql"), Some((0, "db")));
    assert_eq!(layer_of("server::http::router"), Some((3, "server")));
    assert_eq!(layer_of("dbx"), None);
    assert_eq!(layer_of("orders::pages::list"), Some((2, "orders")));
    assert_eq!(layer_of("nowhere"), None);
    assert_eq!(module_of_file("src/orders/pages/list.rs"), "orders::pages::list");
    assert_eq!(module_of_file("src/orders/mod.rs"), "orders");
    assert_eq!(module_of_file("src/server/http.rs"), "server::http");
}

#[test]
fn uphill_import_from_foundation_is_reported() {
    let src = "use crate::error::AppError;\nuse crate::{db::now_millis, server::http};\n";
    assert_eq!(uphill_of(src, &module_of_file("src/time.rs")), [(2, "server::http".to_string(), 0, 3)]);
    assert_eq!(uphill_of("use crate::accounts::Role;", "orders::ssr"), []);
    assert_eq!(uphill_of("use crate::orders::Order;", "auth::ssr").len(), 1);
}

#[test]
fn foreign_write_is_reported() {
    let src = "async fn f() {\n    sqlx::query(\n        \"UPDATE order_items SET claim_id = $1 \\\n         WHERE id = $2\",\n    );\n\
               sqlx::query(r#\"INSERT INTO claims (id) VALUES (1) ON CONFLICT DO UPDATE SET id = 1\"#);\n}\n";
    let module = module_of_file("src/claims/ssr.rs");
    let found = foreign_writes_of(src, &module);
    assert_eq!(found, [(3, "UPDATE order_items".to_string(), "order_items".to_string(), "orders")]);
    assert!(foreign_writes_of(src, "server::demo_history").is_empty());
}

#[test]
fn sql_is_found_in_every_kind_of_literal() {
    let src = "let a = \"insert or ignore into sessions (x) values (1)\";\nlet b = format!(\"DELETE FROM {t}\");\n\
               let c = \"SELECT 1\n  FROM shops s JOIN users u ON u.id = s.id\";\n// \"UPDATE reviews\"\nlet d = \"DELETE FROM audit_log\";";
    assert_eq!(writes_of(src), [(1, "INSERT sessions".to_string()), (2, "DELETE t".to_string()), (6, "DELETE audit_log".to_string())]);
    let reads: Vec<_> = sql_refs(src).into_iter().filter(|r| r.1 == "FROM" || r.1 == "JOIN").map(|r| (r.0, r.2)).collect();
    assert_eq!(reads, [(4, "shops".to_string()), (4, "users".to_string())]);
}

#[test]
fn create_table_is_parsed() {
    let sql = "-- CREATE TABLE old (x);\nCREATE TABLE shops (\n id INTEGER);\ncreate table if not exists Sessions (id);\nCREATE INDEX a ON shops (id);";
    assert_eq!(tables_created(sql), ["shops", "sessions"]);
}
