//! 클레임 목록: tabs with live counts, search, cards (the same markup at desk
//! width and on a phone), deadline warnings, bulk 승인 of cancel requests
//! and cursor pages ("더 보기"). A claim arriving anywhere in the shop
//! reloads the first page without a reload of the page.

use std::collections::{BTreeSet, HashSet};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::format::format_won;
use crate::i18n::msg;
use crate::ui::{
    use_live_events, use_paged_list, use_toasts, CountTabs, ErrorNotice, LoadMore, Loading, PagedList, SearchRow, SelectBox,
};

async fn fetch(f: ClaimQuery, cursor: Option<String>) -> Result<ClaimPage, AppError> {
    list_claims(f.tab, f.q, cursor).await
}

#[component]
pub fn ClaimListPage() -> impl IntoView {
    let toasts = use_toasts();
    let query = use_query_map();
    let filters = RwSignal::new(ClaimQuery {
        tab: query.get_untracked().get("tab").unwrap_or_default(),
        ..Default::default()
    });
    let version = RwSignal::new(0u32);
    let first = Resource::new(
        move || (filters.get(), version.get()),
        |(f, _)| fetch(f, None),
    );
    let paged = use_paged_list(filters, fetch);
    let PagedList { more, more_cursor, load_more, .. } = paged;
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    Effect::new(move |_| {
        filters.track();
        selected.set(BTreeSet::new());
    });
    use_live_events("claims", move || version.update(|v| *v += 1));
    let approve = Action::new(|ids: &Vec<i64>| approve_claims(ids.clone(), None));
    Effect::new(move |_| match approve.value().get() {
        Some(Ok(n)) => {
            toasts.success(msg::claims_bulk_approved(n));
            selected.set(BTreeSet::new());
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    // Counts of the last page shown, so the tabs keep their numbers while
    // the next answer loads.
    let counts = RwSignal::new(ClaimCounts::default());

    let search = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.update(|f| f.q = search.get_untracked().trim().to_owned());
    };

    view! {
        <Title text=msg::claims_page_title()/>
        <div class="page-head">
            <h1>{msg::claims_heading()}</h1>
        </div>
        <ClaimTabs filters counts/>
        <form class="filter-bar card" role="search" on:submit=on_search>
            <SearchRow id="claim-search" label=msg::claims_search_label() placeholder=msg::claims_search_hint() search/>
        </form>
        <Show when=move || !selected.get().is_empty()>
            <div class="bulk-bar card" role="region" aria-label=msg::claims_bulk_region() data-testid="claim-bulk-bar">
                <strong>{move || msg::claims_selected(selected.get().len())}</strong>
                <div class="bulk-group">
                    <button type="button" class="btn btn-primary" data-testid="claim-bulk-approve"
                        disabled=move || approve.pending().get()
                        on:click=move |_| { approve.dispatch(selected.get_untracked().into_iter().collect()); }>
                        {msg::claims_approve_cancel()}
                    </button>
                    <button type="button" class="btn btn-quiet" on:click=move |_| selected.set(BTreeSet::new())>{msg::claims_clear_selection()}</button>
                </div>
            </div>
        </Show>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => {
                        if let Some(c) = page.counts {
                            counts.set(c);
                        }
                        let cursor = page.next_cursor.clone();
                        let rows = page.rows;
                        view! { <ClaimResults rows cursor more more_cursor selected load_more/> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClaimTabs(filters: RwSignal<ClaimQuery>, counts: RwSignal<ClaimCounts>) -> impl IntoView {
    view! {
        <CountTabs label=msg::claims_tabs_label() tabs=tabs() warn="due"
            current=Signal::derive(move || filters.with(|f| f.tab.clone()))
            select=Callback::new(move |code: &'static str| filters.update(|f| f.tab = code.to_owned()))
            count=Callback::new(move |code: &'static str| counts.with(|c| c.of_tab(code)))/>
    }
}

#[component]
fn ClaimResults(
    rows: Vec<ClaimRow>,
    cursor: Option<String>,
    more: RwSignal<Vec<ClaimRow>>,
    more_cursor: RwSignal<Option<Option<String>>>,
    selected: RwSignal<BTreeSet<i64>>,
    load_more: Action<String, Result<ClaimPage, AppError>>,
) -> impl IntoView {
    let first_ids: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let empty = rows.is_empty();
    let all = move || {
        let mut list = rows.clone();
        list.extend(
            more.get()
                .into_iter()
                .filter(|r| !first_ids.contains(&r.id)),
        );
        list
    };
    let next = move || more_cursor.get().unwrap_or_else(|| cursor.clone());
    view! {
        {(empty && more.with_untracked(Vec::is_empty)).then(|| view! {
            <section class="card empty-state">
                <h2>{msg::claims_empty_title()}</h2>
                <p>{msg::claims_empty_body()}</p>
            </section>
        })}
        <ul class="claim-list" data-testid="claim-list" style="list-style: none; padding: 0; margin: 0; display: grid; gap: 12px;">
            <For each=all key=|r| format!("{}|{}|{}|{}", r.id, r.status.as_str(), r.overdue, r.due_soon) let:row>
                <ClaimCard row selected/>
            </For>
        </ul>
        {move || next().map(|cursor| view! {
            <LoadMore cursor load=load_more/>
        })}
    }
    .into_any()
}

#[component]
fn ClaimCard(row: ClaimRow, selected: RwSignal<BTreeSet<i64>>) -> impl IntoView {
    let id = row.id;
    let href = format!("/claims/{id}");
    let order_href = format!("/orders/{}", row.order_no);
    let bulk = row.kind == ClaimKind::Cancel && row.status == ClaimStatus::Requested;
    let option = if row.option_text.is_empty() {
        String::new()
    } else {
        format!("{} / ", row.option_text)
    };
    let exchange =
        (!row.exchange_option_text.is_empty()).then(|| format!(" → {}", row.exchange_option_text));
    let money = match (row.status, row.kind) {
        (ClaimStatus::Completed, ClaimKind::Exchange) if row.charge_amount > 0 => {
            Some(msg::claims_row_exchange_fee(format_won(row.charge_amount)))
        }
        (ClaimStatus::Completed, ClaimKind::Cancel | ClaimKind::Return) => {
            Some(msg::claims_row_refund(format_won(row.refund_amount)))
        }
        _ => None,
    };
    view! {
        <li class="card claim-item" class:is-late=row.overdue data-testid=format!("claim-row-{id}")
            style="display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start; min-width: 0;">
            {bulk.then(|| view! {
                <SelectBox id selected label=msg::claims_select_claim(id.to_string()) testid=format!("claim-select-{id}")/>
            })}
            <div style="flex: 1 1 220px; min-width: 0; display: grid; gap: 4px;">
                <span>
                    <strong>{row.kind_label.clone()}</strong> " "
                    {status_badge(row.kind, row.status)} " "
                    <span class="muted small">{row.reason_label.clone()} " · " {row.fault_label.clone()}</span>
                </span>
                <a class="strong" href=href.clone() data-testid="claim-link" style="overflow-wrap: anywhere;">
                    {row.product_name.clone()}
                </a>
                <span class="muted small">{option} {msg::claims_quantity(row.quantity)} {exchange}</span>
            </div>
            <div style="flex: 1 1 200px; min-width: 0; display: grid; gap: 4px;">
                <span class="small">
                    <a href=order_href>{row.order_no.clone()}</a>
                    " · " {row.channel_label.clone()} " · " {row.buyer_name.clone()}
                </span>
                <span class="muted small">{msg::claims_requested_short()} " " {row.requested_at.clone()}</span>
                {row.status.is_open().then(|| view! { <span>{due_flag(&row)}</span> })}
                {money.map(|m| view! { <strong class="small" data-testid="claim-row-amount">{m}</strong> })}
            </div>
            <div style="flex: 0 0 auto;">
                <a class="btn" href=href>{msg::claims_details()}</a>
            </div>
        </li>
    }
}
