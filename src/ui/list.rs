//! The pieces every list page is made of: its search row, its status tabs
//! with live counts, a row's selection box and "더 보기".

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::i18n::msg;

use crate::format::format_number;

/// The search row of a list's filter bar: a labelled search box bound to
/// `search` (its id is also its test id) and the form's submit button.
#[component]
pub fn SearchRow(
    id: &'static str,
    /// Read by screen readers: "주문 검색".
    label: &'static str,
    placeholder: &'static str,
    search: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="search-row">
            <label class="sr-only" for=id>{label}</label>
            <input id=id type="search" data-testid=id placeholder=placeholder
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))/>
            <button type="submit" class="btn btn-primary">{msg::ui_search()}</button>
        </div>
    }
}

/// A list's status tabs, each with its live count: `tabs` are `(code,
/// label)` (the empty code is 전체, test id `all`); `current` is the tab
/// shown, `select` shows another, `count` counts one; the `warn` tab is
/// marked while its count is above zero.
#[component]
pub fn CountTabs(
    label: &'static str,
    tabs: Vec<(&'static str, &'static str)>,
    current: Signal<String>,
    select: Callback<&'static str>,
    count: Callback<&'static str, i64>,
    warn: &'static str,
) -> impl IntoView {
    view! {
        <div class="tabs" role="tablist" aria-label=label>
            {tabs.into_iter().map(|(code, name)| {
                let testid = if code.is_empty() { "all" } else { code };
                let n = move || count.run(code);
                let warned = move || code == warn && n() > 0;
                view! {
                    <button type="button" role="tab" class="tab" class:tab-warn=warned
                        data-testid=format!("tab-{testid}")
                        aria-selected=move || current.with(|t| t == code).to_string()
                        on:click=move |_| select.run(code)>
                        {name} " "
                        <span class="tab-count" data-testid=format!("tab-count-{testid}")>{move || format_number(n())}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// A row's selection box for the list's bulk actions.
#[component]
pub fn SelectBox(
    id: i64,
    selected: RwSignal<BTreeSet<i64>>,
    /// Read by screen readers: "상품주문 12 선택".
    label: String,
    #[prop(optional)] testid: Option<String>,
) -> impl IntoView {
    view! {
        <label class="check select">
            <input type="checkbox" aria-label=label data-testid=testid
                prop:checked=move || selected.with(|s| s.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                }/>
        </label>
    }
}

/// "더 보기": reads the page after `cursor` with `load`, disabled while it
/// runs.
#[component]
pub fn LoadMore<O>(
    cursor: String,
    load: Action<String, O>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView
where
    O: Send + Sync + 'static,
{
    view! {
        <div class="load-more">
            <button type="button" class="btn" data-testid=testid disabled=move || load.pending().get()
                on:click=move |_| { load.dispatch(cursor.clone()); }>
                {msg::ui_load_more()}
            </button>
        </div>
    }
}
