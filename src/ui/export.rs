//! The "English column headers" option next to an export's download links.
//! Exports keep their Korean headers by default (Korean banks, couriers and
//! sellers' Excel macros read them); checked, the links ask `headers=en`.

use leptos::prelude::*;

/// A checkbox (unchecked: Korean headers) whose state the area's export
/// links read through [`with_english_headers`]. `label` comes from the
/// area's catalogue.
#[component]
pub fn ExportHeadersCheck(label: &'static str, english: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check export-headers">
            <input type="checkbox" data-testid="export-english-headers"
                prop:checked=move || english.get()
                on:change=move |ev| english.set(event_target_checked(&ev))/>
            " " {label}
        </label>
    }
}

/// `href` asking for English column headers when `english`.
pub fn with_english_headers(href: &str, english: bool) -> String {
    match (english, href.contains('?')) {
        (false, _) => href.to_owned(),
        (true, true) => format!("{href}&headers=en"),
        (true, false) => format!("{href}?headers=en"),
    }
}


/// Whether an export was asked with English column headers: `headers=en` in
/// its query; anything else, or nothing, keeps the Korean headers (the
/// default: Korean banks, couriers and sellers' Excel macros read them).
pub fn english_headers(query: Option<&str>) -> bool {
    query.is_some_and(|q| q.split('&').any(|pair| pair == "headers=en"))
}

/// The language of an export as a whole: its headers and its words (status
/// and channel names, totals) agree, Korean unless English headers were asked.
pub fn export_locale(english: bool) -> crate::i18n::Locale {
    if english { crate::i18n::Locale::En } else { crate::i18n::Locale::Ko }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_headers_only_when_asked_exactly() {
        assert!(english_headers(Some("headers=en")));
        assert!(english_headers(Some("tab=paid&headers=en&q=x")));
        assert!(!english_headers(None));
        assert!(!english_headers(Some("")));
        assert!(!english_headers(Some("headers=ko")));
        assert!(!english_headers(Some("headers=EN")));
        assert!(!english_headers(Some("q=headers=en")));
    }

    #[test]
    fn the_links_ask_for_english_headers_only_when_checked() {
        assert_eq!(with_english_headers("/downloads/orders.csv", false), "/downloads/orders.csv");
        assert_eq!(with_english_headers("/downloads/orders.csv", true), "/downloads/orders.csv?headers=en");
        assert_eq!(with_english_headers("/downloads/orders.csv?tab=paid", true), "/downloads/orders.csv?tab=paid&headers=en");
    }
}
