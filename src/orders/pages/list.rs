//! 주문 관리: status tabs with live counts, filters, the list (a table at
//! desk width, cards on a phone — one markup, laid out by CSS), bulk and
//! per-item actions, exports and cursor pages ("더 보기").
//!
//! The list is live: a change anywhere in the shop reloads the first page in
//! the background and merges it into the rows shown, keyed by what can
//! change, so a row being typed into keeps its text and focus while new
//! orders arrive above it.

use std::collections::{BTreeSet, HashSet};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::*;
use crate::format::format_won;
use crate::channel::Channel;
use crate::i18n::msg;
use crate::ui::{
    use_live_events, use_paged_list, with_english_headers, CountTabs, ErrorNotice, ExportHeadersCheck, LoadMore, Loading,
    PagedList, SearchRow, SelectBox,
};

async fn fetch(f: OrderQuery, cursor: Option<String>) -> Result<OrderPage, AppError> {
    list_orders(f.tab, f.from, f.to, f.channel, f.q, cursor).await
}

/// What identifies a row's rendering: a row is drawn again only when one of
/// these changes.
fn row_key(r: &OrderRow) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}",
        r.id,
        r.status.as_str(),
        r.late,
        r.delayed,
        r.ship_by,
        r.courier,
        r.tracking_number
    )
}

/// The state the list's pieces share.
#[derive(Clone, Copy)]
struct ListState {
    filters: RwSignal<OrderQuery>,
    paged: PagedList<OrderQuery, OrderPage>,
    /// Rows of the pages after the first ("더 보기") and where they end.
    more: RwSignal<Vec<OrderRow>>,
    selected: RwSignal<BTreeSet<i64>>,
    load_more: Action<String, Result<OrderPage, AppError>>,
    ops: OrderOps,
}

#[component]
pub fn OrderListPage() -> impl IntoView {
    // `/orders?tab=paid`, `?tab=late` (the dashboard's links).
    let query = use_query_map();
    let filters = RwSignal::new(OrderQuery { tab: query.get_untracked().get("tab").unwrap_or_default(), ..Default::default() });
    Effect::new(move |prev: Option<String>| {
        let tab = query.with(|q| q.get("tab").unwrap_or_default());
        if prev.is_some_and(|p| p != tab) {
            filters.update(|f| f.tab = tab.clone());
        }
        tab
    });

    let first = Resource::new(move || filters.get(), |f| fetch(f, None));
    let paged = use_paged_list(filters, fetch);
    let PagedList { more, load_more, .. } = paged;
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    Effect::new(move |_| {
        filters.track();
        selected.set(BTreeSet::new());
    });
    let reload = move || paged.reload();
    use_live_events("orders", reload);
    let ops = OrderOps::new(move || {
        selected.set(BTreeSet::new());
        reload();
    });
    let state = ListState { filters, paged, more, selected, load_more, ops };

    view! {
        <Title text=msg::orders_list_page_title()/>
        <PageHead filters/>
        <FilterBar filters/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => view! { <OrderResults page state/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PageHead(filters: RwSignal<OrderQuery>) -> impl IntoView {
    let english = RwSignal::new(false);
    let href = move |ext: &str| with_english_headers(&export_href(ext, &filters.get()), english.get());
    view! {
        <div class="page-head">
            <h1>{msg::orders_list_title()}</h1>
            <div class="head-actions">
                <a class="btn" href="/orders/invoices" data-testid="invoice-import-link">{msg::orders_inv_title()}</a>
                <a class="btn" download data-testid="export-xlsx" href=move || href("xlsx")>{msg::orders_export_xlsx()}</a>
                <a class="btn" download data-testid="export-csv" href=move || href("csv")>"CSV"</a>
                <ExportHeadersCheck label=msg::orders_export_english_headers() english/>
            </div>
        </div>
    }
}

/// Payment dates (with 오늘/1주일/1개월/3개월), channel and a search box.
#[component]
fn FilterBar(filters: RwSignal<OrderQuery>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.update(|f| f.q = search.get_untracked().trim().to_owned());
    };
    let quick = move |days: u32, months: u32| {
        move |_| {
            let (from, to) = kst_range(days, months);
            filters.update(|f| {
                f.from = from;
                f.to = to;
            });
        }
    };
    let reset = move |_| {
        search.set(String::new());
        filters.update(|f| *f = OrderQuery { tab: f.tab.clone(), ..Default::default() });
    };
    view! {
        <form class="filter-bar card" role="search" on:submit=on_search>
            <SearchRow id="order-search" label=msg::orders_search_label() placeholder=msg::orders_search_hint() search/>
            <div class="filter-row date-row">
                <span class="filter-label">{msg::orders_paid_date()}</span>
                <label class="sr-only" for="filter-from">{msg::orders_paid_from()}</label>
                <input id="filter-from" type="date" data-testid="filter-from"
                    prop:value=move || filters.get().from
                    on:change=move |ev| filters.update(|f| f.from = event_target_value(&ev))/>
                <span aria-hidden="true">"~"</span>
                <label class="sr-only" for="filter-to">{msg::orders_paid_to()}</label>
                <input id="filter-to" type="date" data-testid="filter-to"
                    prop:value=move || filters.get().to
                    on:change=move |ev| filters.update(|f| f.to = event_target_value(&ev))/>
            </div>
            <div class="filter-row quick-dates" role="group" aria-label=msg::orders_quick_dates()>
                <button type="button" class="btn btn-small" on:click=quick(0, 0)>{msg::orders_today()}</button>
                <button type="button" class="btn btn-small" on:click=quick(7, 0)>{msg::orders_one_week()}</button>
                <button type="button" class="btn btn-small" on:click=quick(0, 1)>{msg::orders_one_month()}</button>
                <button type="button" class="btn btn-small" on:click=quick(0, 3)>{msg::orders_three_months()}</button>
            </div>
            <div class="filter-row">
                <label class="sr-only" for="filter-channel">{msg::orders_channel()}</label>
                <select id="filter-channel" data-testid="filter-channel"
                    on:change=move |ev| filters.update(|f| f.channel = event_target_value(&ev))>
                    <option value="">{msg::orders_all_channels()}</option>
                    {Channel::ALL.iter().map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                </select>
                <button type="button" class="btn" on:click=reset>{msg::orders_reset()}</button>
            </div>
        </form>
    }
}

#[component]
fn OrderResults(page: OrderPage, state: ListState) -> impl IntoView {
    let ListState { filters, paged, more, selected, .. } = state;
    let counts = RwSignal::new(page.counts.clone().unwrap_or_default());
    let shown = paged.shown(page, move |p: &OrderPage| {
        // A selected row that left the list is no longer selected.
        let still: HashSet<i64> = p.rows.iter().chain(more.get_untracked().iter()).map(|r| r.id).collect();
        selected.update(|s| s.retain(|id| still.contains(id)));
        if let Some(c) = p.counts.clone() {
            counts.set(c);
        }
    });
    let all = move || shown.all(|r| r.id);
    let next = move || shown.next();

    view! {
        <StatusTabs filters counts/>
        <BulkBar state/>
        <div class="list-head">
            <label class="check">
                <input type="checkbox" aria-label=msg::orders_select_all_label() data-testid="select-all"
                    prop:checked=move || {
                        let ids: Vec<i64> = all().iter().map(|r| r.id).collect();
                        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
                    }
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let ids: Vec<i64> = all().iter().map(|r| r.id).collect();
                        selected.update(|s| if on { s.extend(ids) } else { s.clear() });
                    }/>
                " " {msg::orders_select_all()}
            </label>
        </div>
        <Show when=move || shown.is_empty()>
            <section class="card empty-state">
                <h2>{msg::orders_empty_title()}</h2>
                <p>{msg::orders_empty_hint()}</p>
            </section>
        </Show>
        <div class="order-table">
            <div class="order-head" aria-hidden="true">
                <span></span>
                <span>{msg::orders_col_order()}</span>
                <span>{msg::orders_col_product()}</span>
                <span>{msg::orders_paid_amount()}</span>
                <span>{msg::orders_col_people()}</span>
                <span>{msg::orders_col_shipping()}</span>
                <span>{msg::orders_col_status()}</span>
            </div>
            <ul class="order-list" data-testid="order-list">
                <For each=all key=row_key let:row>
                    <OrderItem row selected=state.selected ops=state.ops/>
                </For>
            </ul>
        </div>
        {move || next().map(|cursor| view! {
            <LoadMore cursor load=state.load_more/>
        })}
    }
    .into_any()
}

#[component]
fn StatusTabs(filters: RwSignal<OrderQuery>, counts: RwSignal<OrderCounts>) -> impl IntoView {
    let count = move |code: &'static str| {
        counts.with(|c| {
            c.of_tab(code).unwrap_or(c.paid + c.confirmed + c.shipped + c.delivered + c.purchase_confirmed + c.cancelled)
        })
    };
    view! {
        <CountTabs label=msg::orders_status_tabs_label() tabs=tabs() warn="late"
            current=Signal::derive(move || filters.with(|f| f.tab.clone()))
            select=Callback::new(move |code: &'static str| filters.update(|f| f.tab = code.to_owned()))
            count=Callback::new(count)/>
    }
}

#[component]
fn OrderItem(row: OrderRow, selected: RwSignal<BTreeSet<i64>>, ops: OrderOps) -> impl IntoView {
    let id = row.id;
    let status = row.status;
    let order_href = format!("/orders/{}", row.order_no);
    let option = if row.option_text.is_empty() { String::new() } else { format!("{} / ", row.option_text) };
    let tracking = tracking_link(&row);
    let head = view! {
        <SelectBox id selected label=msg::orders_select_item(id.to_string()) testid=format!("select-{id}")/>
        <div class="order-no">
            <a href=order_href.clone() class="strong" data-testid="order-link">{row.order_no.clone()}</a>
            <span class="muted small">{row.channel_label.clone()} " · " {msg::orders_item_ref(id.to_string())}</span>
            <span class="muted small">{row.paid_at.clone()}</span>
        </div>
        <div class="status">{status_badge(status)} " " {claim_badge(&row)}</div>
    }
    .into_any();
    let body = view! {
        <div class="product">
            <a class="name" href=order_href>{row.product_name.clone()}</a>
            <span class="muted small">{option} {msg::orders_quantity(row.quantity)}</span>
        </div>
        <div class="amount" data-label=msg::orders_paid_amount()><strong>{format_won(row.amount)}</strong></div>
        <div class="people" data-label=msg::orders_col_people()>
            <span>{row.buyer_name.clone()} " / " {row.recipient_name.clone()}</span>
            <span class="muted small">{row.recipient_phone.clone()}</span>
        </div>
        <div class="shipping" data-label=msg::orders_ship_by()>
            <span>
                {row.ship_by.clone()}
                {row.late.then(|| view! { " " <span class="flag-late" data-testid="late-flag">{msg::orders_late()}</span> })}
                {row.delayed.then(|| view! { " " <span class="badge badge-warning">{msg::orders_delay_sent()}</span> })}
            </span>
            {tracking}
        </div>
    }
    .into_any();
    view! {
        <li class="order-item" class:is-late=row.late data-testid=format!("order-row-{id}")>
            {head}
            {body}
            {is_open(status).then(|| view! {
                <div class="actions">
                    {(status == OrderStatus::Paid).then(|| view! {
                        <button type="button" class="btn" data-testid=format!("confirm-{id}")
                            disabled=move || ops.confirm.pending().get()
                            on:click=move |_| { ops.confirm.dispatch(vec![id]); }>{msg::orders_action_confirm()}</button>
                    })}
                    <ShipInline id ops/>
                </div>
            })}
        </li>
    }
}

/// 발주확인, 판매취소, 발송지연 안내 and 송장 출력 of the selected items.
#[component]
fn BulkBar(state: ListState) -> impl IntoView {
    let ListState { selected, ops, .. } = state;
    let panel = RwSignal::new(None::<ReasonKind>);
    let ids = Signal::derive(move || selected.get().into_iter().collect::<Vec<_>>());
    let navigate = use_navigate();
    let print = move |_| {
        let list = ids.get_untracked().iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        navigate(&format!("/orders/slips?ids={list}"), Default::default());
    };
    let close = Callback::new(move |_| panel.set(None));
    view! {
        <Show when=move || !selected.get().is_empty()>
            <div class="bulk-bar card" role="region" aria-label=msg::orders_bulk_label() data-testid="bulk-bar">
                <strong>{move || msg::orders_selected(selected.get().len())}</strong>
                <div class="bulk-group">
                    <button type="button" class="btn btn-primary" data-testid="bulk-confirm"
                        disabled=move || ops.pending()
                        on:click=move |_| { ops.confirm.dispatch(ids.get_untracked()); }>{msg::orders_action_confirm()}</button>
                    <button type="button" class="btn btn-danger" data-testid="bulk-cancel"
                        on:click=move |_| panel.set(Some(ReasonKind::Cancel))>{msg::orders_btn_cancel_sale()}</button>
                    <button type="button" class="btn" data-testid="bulk-delay"
                        on:click=move |_| panel.set(Some(ReasonKind::Delay))>{msg::orders_action_delay()}</button>
                    <button type="button" class="btn" data-testid="bulk-slips" on:click=print.clone()>{msg::orders_print_slips()}</button>
                    <button type="button" class="btn btn-quiet" on:click=move |_| selected.set(BTreeSet::new())>{msg::orders_clear_selection()}</button>
                </div>
                {move || panel.get().map(|kind| view! { <ReasonPanel kind ids ops on_close=close/> })}
            </div>
        </Show>
    }
}
