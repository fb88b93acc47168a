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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_links_ask_for_english_headers_only_when_checked() {
        assert_eq!(with_english_headers("/downloads/orders.csv", false), "/downloads/orders.csv");
        assert_eq!(with_english_headers("/downloads/orders.csv", true), "/downloads/orders.csv?headers=en");
        assert_eq!(with_english_headers("/downloads/orders.csv?tab=paid", true), "/downloads/orders.csv?tab=paid&headers=en");
    }
}
