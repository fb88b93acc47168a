//! The message catalogues: every user-visible string lives in a Fluent file
//! beside the code that shows it (`src/<area>/ko.ftl`, Korean, the source of
//! truth, and `src/<area>/en.ftl`, English). This script parses them with
//! `fluent-syntax` (the Fluent project's own parser) and
//!
//! - fails the build when the two languages' keys or a message's variables
//!   differ, or a key is defined twice: a missing English text can't ship;
//! - generates `msg::<key>(args…)`, one function per message, so a wrong key
//!   or a missing argument is a compile error at the call;
//! - writes each language as a compact JSON array (one pattern per message,
//!   in key order), wrapped in a script file named by its content hash. The
//!   browser loads only the active language's file (cached for good), the
//!   server embeds both.
//!
//! Only the Fluent subset the app needs is accepted: text, `{ $var }`,
//! string literals, and selects on a variable (`[one]`, `[other]`, exact
//! numbers) for English plurals. Anything else (terms, functions, attributes)
//! fails the build with the file and key.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use fluent_syntax::parser;

const LOCALES: [&str; 2] = ["ko", "en"];

/// The areas whose texts a signed-out visitor's pages use (sign-in, sign-up,
/// e-mail links, the invitation, the 404 page and the shell): their texts
/// alone make the visitor's catalogue, so the first visit downloads about a
/// third of the texts. Signing in loads a whole page, with the whole catalogue.
const VISITOR_AREAS: [&str; 10] = ["i18n", "ui", "app", "server", "accounts", "auth", "staff", "shop", "mail", "channel_api"];

struct Message {
    file: PathBuf,
    /// The JSON of the pattern.
    json: String,
    /// Variables in order of first use.
    vars: Vec<String>,
    /// The Korean text, for the generated function's doc comment.
    plain: String,
}

fn main() {
    let src = Path::new("src");
    println!("cargo:rerun-if-changed=src");
    let mut files: Vec<PathBuf> = Vec::new();
    collect(src, &mut files);
    let mut catalogues: Vec<BTreeMap<String, Message>> = vec![BTreeMap::new(), BTreeMap::new()];
    let mut errors: Vec<String> = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(which) = LOCALES.iter().position(|l| name == format!("{l}.ftl")) else { continue };
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let resource = match parser::parse(text.as_str()) {
            Ok(r) => r,
            Err((_, errs)) => {
                for e in errs {
                    let line = text[..e.pos.start.min(text.len())].lines().count();
                    errors.push(format!("{}:{line}: Fluent syntax error: {:?}", file.display(), e.kind));
                }
                continue;
            }
        };
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let key = m.id.name.to_owned();
                    if !m.attributes.is_empty() {
                        errors.push(format!("{}: {key}: attributes are not supported", file.display()));
                    }
                    let Some(pattern) = m.value else {
                        errors.push(format!("{}: {key}: a message needs a value", file.display()));
                        continue;
                    };
                    let mut vars = Vec::new();
                    let mut plain = String::new();
                    let json = match pattern_json(&pattern, &mut vars, &mut plain) {
                        Ok(j) => j,
                        Err(e) => {
                            errors.push(format!("{}: {key}: {e}", file.display()));
                            continue;
                        }
                    };
                    if !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                        errors.push(format!("{}: {key}: keys are snake_case (a-z, 0-9, _)", file.display()));
                    }
                    if let Some(first) = catalogues[which].get(&key) {
                        errors.push(format!(
                            "{}: {key}: defined twice (also in {})",
                            file.display(),
                            first.file.display()
                        ));
                        continue;
                    }
                    catalogues[which].insert(key, Message { file: file.clone(), json, vars, plain });
                }
                ast::Entry::Term(t) => {
                    errors.push(format!("{}: -{}: terms are not supported", file.display(), t.id.name))
                }
                ast::Entry::Junk { content } => {
                    errors.push(format!("{}: cannot read: {}", file.display(), content.trim()))
                }
                _ => {}
            }
        }
    }
    let (ko, en) = (&catalogues[0], &catalogues[1]);
    for (key, m) in ko {
        match en.get(key) {
            None => errors.push(format!("{}: {key}: no English text (add it to en.ftl)", m.file.display())),
            Some(e) => {
                let a: BTreeSet<&String> = m.vars.iter().collect();
                let b: BTreeSet<&String> = e.vars.iter().collect();
                if a != b {
                    errors.push(format!(
                        "{}: {key}: variables differ: Korean {:?}, English {:?}",
                        e.file.display(),
                        m.vars,
                        e.vars
                    ));
                }
            }
        }
    }
    for (key, m) in en {
        if !ko.contains_key(key) {
            errors.push(format!("{}: {key}: no Korean text (Korean is the source of truth)", m.file.display()));
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo:warning={e}");
        }
        panic!("message catalogues are inconsistent:\n{}", errors.join("\n"));
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut code = String::new();
    let mut hashes = Vec::new();
    let mut visitor_hashes = Vec::new();
    for (i, locale) in LOCALES.iter().enumerate() {
        for visitor in [false, true] {
            let mut json = String::from("[");
            for (n, m) in catalogues[i].values().enumerate() {
                if n > 0 {
                    json.push(',');
                }
                let area = m.file.parent().and_then(|d| d.file_name()).and_then(|d| d.to_str()).unwrap_or("");
                if visitor && !VISITOR_AREAS.contains(&area) {
                    json.push_str("\"\"");
                    continue;
                }
                // A message that is one text is written as that string alone.
                let text = m.json.strip_prefix("[{\"t\":").and_then(|r| r.strip_suffix("}]")).filter(|t| !t.contains("},{"));
                json.push_str(text.unwrap_or(&m.json));
            }
            json.push(']');
            let hash = fnv_hex(json.as_bytes());
            let script = format!("(self.pcCatalogues=self.pcCatalogues||{{}}).{locale}={};\n", js_string(&json));
            let name = if visitor { format!("catalogue.{locale}.visitor") } else { format!("catalogue.{locale}") };
            std::fs::write(out.join(format!("{name}.json")), &json).expect("write catalogue");
            std::fs::write(out.join(format!("{name}.js")), &script).expect("write catalogue script");
            if visitor {
                visitor_hashes.push(hash);
            } else {
                hashes.push(hash);
            }
        }
    }
    writeln!(code, "/// How many messages there are.\npub const COUNT: usize = {};", ko.len()).unwrap();
    writeln!(code, "/// Each language's content hash (its script's file name).").unwrap();
    writeln!(code, "pub const HASHES: [&str; 2] = [{:?}, {:?}];", hashes[0], hashes[1]).unwrap();
    writeln!(code, "/// The same for the visitor's catalogue (the sign-in pages' texts only).").unwrap();
    writeln!(code, "pub const VISITOR_HASHES: [&str; 2] = [{:?}, {:?}];", visitor_hashes[0], visitor_hashes[1]).unwrap();
    writeln!(code, "/// Every key, in catalogue order.").unwrap();
    write!(code, "pub const KEYS: [&str; {}] = [", ko.len()).unwrap();
    for key in ko.keys() {
        write!(code, "{key:?},").unwrap();
    }
    writeln!(code, "];").unwrap();
    writeln!(code, "/// One function per message: `msg::key(args…)` in the reader's language.").unwrap();
    writeln!(code, "#[allow(clippy::all)]\npub mod msg {{\n    use super::{{Arg, render, render_static}};").unwrap();
    for (id, (key, m)) in ko.iter().enumerate() {
        for line in m.plain.lines() {
            writeln!(code, "    /// {}", line.replace("*/", "* /")).unwrap();
        }
        if m.vars.is_empty() {
            writeln!(code, "    #[inline]\n    pub fn {key}() -> &'static str {{ render_static({id}) }}").unwrap();
        } else {
            let params: Vec<String> = m.vars.iter().map(|v| format!("{}: impl Into<Arg>", ident(v))).collect();
            let args: Vec<String> = m.vars.iter().map(|v| format!("({v:?}, {}.into())", ident(v))).collect();
            writeln!(
                code,
                "    pub fn {key}({}) -> String {{ render({id}, &[{}]) }}",
                params.join(", "),
                args.join(", ")
            )
            .unwrap();
        }
    }
    writeln!(code, "}}").unwrap();
    std::fs::write(out.join("messages.rs"), code).expect("write messages.rs");
}

fn ident(var: &str) -> String {
    match var {
        "type" | "match" | "ref" | "move" | "fn" | "mod" | "use" | "self" | "loop" | "where" => format!("r#{var}"),
        _ => var.to_owned(),
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "ftl") {
            files.push(path);
        }
    }
}

/// A pattern as JSON: an array of parts, each `{"t":text}`, `{"v":var}` or
/// `{"v":var,"a":[[key,[parts]],…],"d":default index}`; in the catalogue,
/// a pattern that is one text is that string alone (most are).
fn pattern_json(
    pattern: &ast::Pattern<&str>,
    vars: &mut Vec<String>,
    plain: &mut String,
) -> Result<String, String> {
    let mut parts: Vec<String> = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, parts: &mut Vec<String>| {
        if !text.is_empty() {
            parts.push(format!("{{\"t\":{}}}", json_string(text)));
            text.clear();
        }
    };
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => {
                text.push_str(value);
                plain.push_str(value);
            }
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(inline) => match inline {
                    ast::InlineExpression::StringLiteral { value } => {
                        let v = unescape(value);
                        text.push_str(&v);
                        plain.push_str(&v);
                    }
                    ast::InlineExpression::VariableReference { id } => {
                        flush(&mut text, &mut parts);
                        note_var(vars, id.name);
                        plain.push_str(&format!("{{${}}}", id.name));
                        parts.push(format!("{{\"v\":{}}}", json_string(id.name)));
                    }
                    other => return Err(format!("unsupported placeable {other:?}")),
                },
                ast::Expression::Select { selector, variants } => {
                    let ast::InlineExpression::VariableReference { id } = selector else {
                        return Err("a select must be on a variable".into());
                    };
                    flush(&mut text, &mut parts);
                    note_var(vars, id.name);
                    let mut arms = Vec::new();
                    let mut default = 0;
                    for (i, variant) in variants.iter().enumerate() {
                        let key = match &variant.key {
                            ast::VariantKey::Identifier { name } => name.to_string(),
                            ast::VariantKey::NumberLiteral { value } => value.to_string(),
                        };
                        if variant.default {
                            default = i;
                        }
                        let mut inner_plain = String::new();
                        let inner = pattern_json(&variant.value, vars, &mut inner_plain)?;
                        if variant.default {
                            plain.push_str(&inner_plain);
                        }
                        arms.push(format!("[{},{inner}]", json_string(&key)));
                    }
                    parts.push(format!(
                        "{{\"v\":{},\"a\":[{}],\"d\":{default}}}",
                        json_string(id.name),
                        arms.join(",")
                    ));
                }
            },
        }
    }
    flush(&mut text, &mut parts);
    Ok(format!("[{}]", parts.join(",")))
}

fn note_var(vars: &mut Vec<String>, name: &str) {
    if !vars.iter().any(|v| v == name) {
        vars.push(name.to_owned());
    }
}

/// Fluent string literals: `\"`, `\\`, `\uXXXX`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(ch);
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JavaScript string literal holding `s` (`</script>`-safe).
fn js_string(s: &str) -> String {
    json_string(s).replace("</", "<\\/").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// FNV-1a, 64 bits: a stable name for the file, not a security measure.
fn fnv_hex(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}
