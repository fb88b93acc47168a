//! Korean and English (foundation): every user-visible string is a message
//! of the catalogues (`ko.ftl` and `en.ftl` beside the code of each area,
//! read by `build.rs`), shown with `msg::<key>(args…)` in the reader's
//! language.
//!
//! - **Which language.** On the server, the request's: the `lang` cookie
//!   (set from the account at sign-in and when the person switches), else
//!   `Accept-Language`, else Korean — decided once per request by
//!   [`negotiate`] and read back by [`locale`]. In the browser, the one the
//!   page was rendered in (`<html lang>`), until the person switches.
//! - **Where the text is.** The server embeds both catalogues. The browser
//!   loads only the active one, as `/i18n/<lang>.<hash>.js` (immutable,
//!   cached by the service worker), before the app hydrates; switching
//!   loads the other and redraws the app without a reload.
//! - **Numbers, won and dates** are formatted per language in
//!   [`crate::format`] and [`crate::time`], always counted in KST.

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Korean: the default and the source of truth.
    #[default]
    Ko,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ko, Locale::En];

    /// `ko` / `en`: the `lang` attribute, the cookie and the stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Ko => "ko",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ko" | "ko-kr" => Some(Locale::Ko),
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            Locale::Ko => 0,
            Locale::En => 1,
        }
    }

    /// The language's own name, as shown in the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Ko => "한국어",
            Locale::En => "English",
        }
    }

    /// The catalogue script the browser loads for this language.
    pub fn catalogue_url(self) -> String {
        format!("/i18n/{}.{}.js", self.as_str(), HASHES[self.index()])
    }

    /// The visitor's catalogue: only the texts of the pages before signing
    /// in (the rest are empty), a third of the size for the first visit.
    pub fn visitor_catalogue_url(self) -> String {
        format!("/i18n/{}.visitor.{}.js", self.as_str(), VISITOR_HASHES[self.index()])
    }

    /// The best of ours in an `Accept-Language` header (by q, then order);
    /// Korean when it names neither.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let Some(locale) = Locale::parse(primary) else { continue };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The cookie that carries the language of a device.
pub const LOCALE_COOKIE: &str = "lang";

/// A message argument: text as given, numbers grouped per language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Arg::Str(s.into_owned())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(n as i64)
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Self {
                Arg::Num(*n as i64)
            }
        }
    )*};
}
num_arg!(i64, i32, u32, u64, usize, u16, u8, i16);

/// One part of a compiled message (see `build.rs`).
#[derive(Debug, Deserialize)]
struct Part {
    #[serde(default)]
    t: Option<String>,
    #[serde(default)]
    v: Option<String>,
    #[serde(default)]
    a: Option<Vec<(String, Vec<Part>)>>,
    #[serde(default)]
    d: usize,
}

/// A message of the catalogue: one text (most), or its parts.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    Parts(Vec<Part>),
}

struct Catalogue(Vec<Vec<Part>>);

impl Catalogue {
    fn parse(json: &str) -> Option<Catalogue> {
        let entries: Vec<Entry> = serde_json::from_str(json).ok()?;
        let parts: Vec<Vec<Part>> = entries
            .into_iter()
            .map(|e| match e {
                Entry::Text(t) => vec![Part { t: Some(t), v: None, a: None, d: 0 }],
                Entry::Parts(p) => p,
            })
            .collect();
        (parts.len() == COUNT).then_some(Catalogue(parts))
    }
}

#[cfg(feature = "ssr")]
mod current {
    use crate::i18n::{Catalogue, Locale};
    use std::sync::LazyLock;

    static KO: LazyLock<Catalogue> = LazyLock::new(|| {
        Catalogue::parse(include_str!(concat!(env!("OUT_DIR"), "/catalogue.ko.json"))).expect("Korean catalogue")
    });
    static EN: LazyLock<Catalogue> = LazyLock::new(|| {
        Catalogue::parse(include_str!(concat!(env!("OUT_DIR"), "/catalogue.en.json"))).expect("English catalogue")
    });

    tokio::task_local! {
        static LOCALE: Locale;
    }

    pub(super) fn catalogue(locale: Locale) -> Option<&'static Catalogue> {
        Some(match locale {
            Locale::Ko => &KO,
            Locale::En => &EN,
        })
    }

    pub fn locale() -> Locale {
        if let Ok(l) = LOCALE.try_with(|l| *l) {
            return l;
        }
        if let Some(l) = leptos::prelude::use_context::<Locale>() {
            return l;
        }
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<Locale>().copied())
            .unwrap_or_default()
    }

    /// Runs `f` with `locale` as the current language (tests, jobs).
    pub fn with_locale<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
        LOCALE.sync_scope(locale, f)
    }

    /// Runs the future with `locale` as the current language.
    pub async fn scope<F: std::future::Future>(locale: Locale, fut: F) -> F::Output {
        LOCALE.scope(locale, fut).await
    }
}

#[cfg(not(feature = "ssr"))]
mod current {
    use crate::i18n::{Catalogue, Locale};
    use std::sync::atomic::{AtomicU8, Ordering};
    use std::sync::OnceLock;

    static CATALOGUES: [OnceLock<Catalogue>; 2] = [OnceLock::new(), OnceLock::new()];
    static LOCALE: AtomicU8 = AtomicU8::new(0);

    pub(super) fn catalogue(locale: Locale) -> Option<&'static Catalogue> {
        CATALOGUES[locale.index()].get()
    }

    pub(super) fn install(locale: Locale, json: &str) -> bool {
        if CATALOGUES[locale.index()].get().is_some() {
            return true;
        }
        match Catalogue::parse(json) {
            Some(c) => {
                let _ = CATALOGUES[locale.index()].set(c);
                true
            }
            None => false,
        }
    }

    pub fn locale() -> Locale {
        match LOCALE.load(Ordering::Relaxed) {
            1 => Locale::En,
            _ => Locale::Ko,
        }
    }

    pub(super) fn set(locale: Locale) {
        LOCALE.store(locale.index() as u8, Ordering::Relaxed);
    }

    pub fn with_locale<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
        let before = crate::i18n::locale();
        set(locale);
        let out = f();
        set(before);
        out
    }
}

pub use current::{locale, with_locale};
#[cfg(feature = "ssr")]
pub use current::scope;

/// The catalogue of the current language, or the Korean one if that is
/// not loaded (a browser whose catalogue script failed).
fn active() -> Option<(Locale, &'static Catalogue)> {
    let l = locale();
    current::catalogue(l).map(|c| (l, c)).or_else(|| current::catalogue(Locale::Ko).map(|c| (Locale::Ko, c)))
}

/// What shows when a message has no text (no catalogue at all): its key on
/// the server, where tests look for it; nothing in the browser, which then
/// need not carry every key's name.
fn missing(id: usize) -> &'static str {
    #[cfg(feature = "ssr")]
    {
        KEYS[id]
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = id;
        ""
    }
}

/// A message without arguments.
pub fn render_static(id: usize) -> &'static str {
    let Some((_, c)) = active() else { return missing(id) };
    match c.0[id].as_slice() {
        [] => "",
        [Part { t: Some(t), .. }] => t.as_str(),
        _ => missing(id),
    }
}

/// A message with arguments.
pub fn render(id: usize, args: &[(&str, Arg)]) -> String {
    let Some((l, c)) = active() else { return missing(id).to_owned() };
    let mut out = String::new();
    write_parts(&mut out, &c.0[id], args, l);
    out
}

fn write_parts(out: &mut String, parts: &[Part], args: &[(&str, Arg)], l: Locale) {
    for part in parts {
        if let Some(t) = &part.t {
            out.push_str(t);
            continue;
        }
        let Some(var) = &part.v else { continue };
        let arg = args.iter().find(|(n, _)| n == var).map(|(_, a)| a);
        match (&part.a, arg) {
            (None, Some(Arg::Str(s))) => out.push_str(s),
            (None, Some(Arg::Num(n))) => out.push_str(&crate::format::format_number(*n)),
            (None, None) => {}
            (Some(arms), arg) => {
                let chosen = arms
                    .iter()
                    .position(|(key, _)| match arg {
                        Some(Arg::Num(n)) => key == &n.to_string() || key == plural_category(l, *n),
                        Some(Arg::Str(s)) => key == s,
                        None => false,
                    })
                    .unwrap_or(part.d);
                if let Some((_, inner)) = arms.get(chosen) {
                    write_parts(out, inner, args, l);
                }
            }
        }
    }
}

/// CLDR plural categories of our two languages: Korean has none.
fn plural_category(l: Locale, n: i64) -> &'static str {
    match (l, n) {
        (Locale::En, 1) => "one",
        _ => "other",
    }
}

/// What the server decides for a request: the `lang` cookie, else
/// `Accept-Language`, else Korean.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Locale {
    cookie_header
        .and_then(|h| {
            h.split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(k, _)| *k == LOCALE_COOKIE)
                .and_then(|(_, v)| Locale::parse(v))
        })
        .or_else(|| accept_language.map(Locale::from_accept_language))
        .unwrap_or_default()
}

/// The `Set-Cookie` value that keeps a device's language for a year.
pub fn locale_cookie(locale: Locale) -> String {
    format!("{LOCALE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", locale.as_str())
}

/// The catalogue script of a language, for the server to serve: as is, and
/// brotli-compressed at the highest quality once per process (about 13 KB
/// instead of the 16 KB that compression on the fly gives).
#[cfg(feature = "ssr")]
pub fn catalogue_script(file: &str) -> Option<(&'static str, &'static [u8])> {
    use std::sync::LazyLock;
    const SCRIPTS: [&str; 4] = [
        include_str!(concat!(env!("OUT_DIR"), "/catalogue.ko.js")),
        include_str!(concat!(env!("OUT_DIR"), "/catalogue.en.js")),
        include_str!(concat!(env!("OUT_DIR"), "/catalogue.ko.visitor.js")),
        include_str!(concat!(env!("OUT_DIR"), "/catalogue.en.visitor.js")),
    ];
    static COMPRESSED: [LazyLock<Vec<u8>>; 4] = [
        LazyLock::new(|| brotli_max(SCRIPTS[0])),
        LazyLock::new(|| brotli_max(SCRIPTS[1])),
        LazyLock::new(|| brotli_max(SCRIPTS[2])),
        LazyLock::new(|| brotli_max(SCRIPTS[3])),
    ];
    let i = Locale::ALL.into_iter().find_map(|l| {
        if l.catalogue_url().strip_prefix("/i18n/") == Some(file) {
            Some(l.index())
        } else if l.visitor_catalogue_url().strip_prefix("/i18n/") == Some(file) {
            Some(2 + l.index())
        } else {
            None
        }
    })?;
    Some((SCRIPTS[i], COMPRESSED[i].as_slice()))
}

#[cfg(feature = "ssr")]
fn brotli_max(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut text.as_bytes(), &mut out, &params);
    out
}

/// In the browser: installs the catalogue the page was rendered with and
/// takes its language. The catalogue script runs before the app's module
/// (both deferred, in document order); `false` if it has not (yet).
#[cfg(feature = "hydrate")]
pub fn init_from_page() -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let lang = doc.document_element().map(|e| e.get_attribute("lang").unwrap_or_default()).unwrap_or_default();
    let locale = Locale::parse(&lang).unwrap_or_default();
    current::set(locale);
    install_loaded(locale)
}

#[cfg(feature = "hydrate")]
fn install_loaded(locale: Locale) -> bool {
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else { return false };
    let json = js_sys::Reflect::get(&window, &JsValue::from_str("pcCatalogues"))
        .ok()
        .filter(|v| v.is_object())
        .and_then(|all| js_sys::Reflect::get(&all, &JsValue::from_str(locale.as_str())).ok())
        .and_then(|v| v.as_string());
    json.is_some_and(|j| current::install(locale, &j))
}

/// In the browser: loads `locale`'s catalogue script if it is not loaded
/// yet, then makes it the current language. `false` if it could not load.
#[cfg(feature = "hydrate")]
pub async fn load(locale: Locale) -> bool {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    if current::catalogue(locale).is_some() || install_loaded(locale) {
        current::set(locale);
        return true;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Ok(script) = doc.create_element("script") else { return false };
    let _ = script.set_attribute("src", &locale.catalogue_url());
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        let failed = Closure::once_into_js(move || {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        });
        let _ = script.add_event_listener_with_callback("load", ok.unchecked_ref());
        let _ = script.add_event_listener_with_callback("error", failed.unchecked_ref());
    });
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
    if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
        return false;
    }
    if install_loaded(locale) {
        current::set(locale);
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", locale.as_str());
        }
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9,ko;q=0.8"), Locale::En);
        assert_eq!(Locale::from_accept_language("ko-KR,ko;q=0.9,en-US;q=0.8"), Locale::Ko);
        assert_eq!(Locale::from_accept_language("fr-FR,en;q=0.5"), Locale::En);
        assert_eq!(Locale::from_accept_language("fr-FR"), Locale::Ko);
        assert_eq!(Locale::from_accept_language("en;q=0, ko"), Locale::Ko);
        assert_eq!(negotiate(Some("sid=x; lang=en"), Some("ko")), Locale::En);
        assert_eq!(negotiate(Some("sid=x"), Some("en-GB")), Locale::En);
        assert_eq!(negotiate(None, None), Locale::Ko);
    }

    #[test]
    fn both_catalogues_are_complete_and_in_their_language() {
        for l in Locale::ALL {
            let c = current::catalogue(l).expect("catalogue");
            assert_eq!(c.0.len(), COUNT);
        }
        // Every English message is free of Hangul: an untranslated copy of
        // the Korean text fails here, not in front of a customer.
        with_locale(Locale::En, || {
            for (id, key) in KEYS.iter().enumerate() {
                let text = render(id, &[]);
                assert!(
                    !text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                    "{key}: English text has Hangul: {text}"
                );
            }
        });
    }

    #[test]
    fn arguments_and_plurals() {
        with_locale(Locale::En, || {
            assert_eq!(msg::common_items_count(1), "1 item");
            assert_eq!(msg::common_items_count(1200), "1,200 items");
        });
        with_locale(Locale::Ko, || assert_eq!(msg::common_items_count(1200), "1,200건"));
    }
}
