//! 상품 조회/수정: the list with status tabs, filters, sorting, cursor
//! pages ("더 보기") and bulk actions. A table at desk width, cards on a
//! phone (the same markup, laid out by CSS).

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;

use super::{status_badge, FilterBar, parse_number};
use crate::format::{format_number, format_won};
use crate::i18n::msg;
use crate::products::*;
use crate::ui::{confirm, use_toasts, ErrorNotice, LoadMore, Loading, SelectBox};

const TABS: &[(&str, fn() -> &'static str)] = &[
    ("", msg::products_tab_all),
    ("on_sale", msg::products_status_on_sale),
    ("sold_out", msg::products_status_sold_out),
    ("stopped", msg::products_status_stopped),
    ("hidden", msg::products_status_hidden),
];

async fn fetch(f: ProductQuery, cursor: Option<String>) -> Result<ProductPage, AppError> {
    list_products(f.q, f.status, f.category, f.channel, f.low_stock, f.sort, cursor).await
}

#[component]
pub fn ProductListPage() -> impl IntoView {
    let toasts = use_toasts();
    // `/products?status=sold_out` and `?low_stock=1` (the dashboard's links).
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let filters = RwSignal::new(ProductQuery {
        status: query.get("status").unwrap_or_default(),
        low_stock: query.get("low_stock").is_some_and(|v| v == "1"),
        ..Default::default()
    });
    if query.get("saved").is_some() {
        Effect::new(move |_| toasts.success(msg::products_toast_saved()));
    }
    let version = RwSignal::new(0u32);
    let first = Resource::new(move || (filters.get(), version.get()), |(f, _)| fetch(f, None));
    // Pages loaded with "더 보기" after the first, and the selection; both
    // start over when the filters change.
    let more = RwSignal::new(Vec::<ProductRow>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    Effect::new(move |_| {
        filters.track();
        version.track();
        more.set(Vec::new());
        more_cursor.set(None);
        selected.set(BTreeSet::new());
    });
    let load_more = Action::new(move |cursor: &String| fetch(filters.get_untracked(), Some(cursor.clone())));
    Effect::new(move |_| match load_more.value().get() {
        Some(Ok(page)) => {
            more.update(|m| m.extend(page.rows));
            more_cursor.set(Some(page.next_cursor));
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let bulk = Action::new(|(ids, action): &(Vec<i64>, BulkAction)| bulk_update_products(ids.clone(), action.clone()));
    Effect::new(move |_| match bulk.value().get() {
        Some(Ok(n)) => {
            toasts.success(msg::products_toast_bulk_done(n));
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });

    view! {
        <Title text=msg::products_list_page_title()/>
        <div class="page-head">
            <h1>{msg::products_list_title()}</h1>
            <div class="head-actions">
                <a class="btn" href="/products/import">{msg::products_list_import()}</a>
                <a class="btn" href="/products/stock">{msg::products_list_stock()}</a>
                <a class="btn btn-primary" href="/products/new" data-testid="new-product">{msg::products_new_title()}</a>
            </div>
        </div>
        <FilterBar filters show_sort=true/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => {
                        let counts = page.counts.unwrap_or_default();
                        let first_cursor = page.next_cursor.clone();
                        let rows = page.rows;
                        let next = move || more_cursor.get().unwrap_or_else(|| first_cursor.clone());
                        let visible_ids = {
                            let rows = rows.clone();
                            move || rows.iter().map(|r| r.id).chain(more.get().iter().map(|r| r.id)).collect::<Vec<_>>()
                        };
                        view! {
                            <div class="tabs" role="tablist" aria-label=msg::products_label_status()>
                                {TABS.iter().map(|(code, label)| {
                                    let code = *code;
                                    let n = counts.of(ProductStatus::parse(code));
                                    view! {
                                        <button type="button" role="tab" class="tab"
                                            aria-selected=move || (filters.get().status == code).to_string()
                                            on:click=move |_| filters.update(|f| f.status = code.to_owned())>
                                            {label()} " " <span class="tab-count">{format_number(n)}</span>
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                            <BulkBar selected bulk/>
                            <div class="list-head">
                                <label class="check">
                                    <input type="checkbox" aria-label=msg::products_select_page()
                                        on:change={
                                            let visible_ids = visible_ids.clone();
                                            move |ev| {
                                                let on = event_target_checked(&ev);
                                                let ids = visible_ids();
                                                selected.update(|s| if on { s.extend(ids) } else { s.clear() });
                                            }
                                        }/>
                                    " " {msg::products_select_all()}
                                </label>
                            </div>
                            {if rows.is_empty() {
                                view! {
                                    <section class="card empty-state">
                                        <h2>{msg::products_empty_title()}</h2>
                                        <p>{msg::products_empty_hint()}</p>
                                    </section>
                                }.into_any()
                            } else {
                                view! {
                                    <ul class="product-list" data-testid="product-list">
                                        {rows.into_iter().map(|row| view! { <ProductItem row selected/> }).collect_view()}
                                        <For each=move || more.get() key=|r| r.id let:row>
                                            <ProductItem row selected/>
                                        </For>
                                    </ul>
                                }.into_any()
                            }}
                            {move || next().map(|cursor| view! {
                                <LoadMore cursor load=load_more/>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProductItem(row: ProductRow, selected: RwSignal<BTreeSet<i64>>) -> impl IntoView {
    let id = row.id;
    let discount = (row.list_price > row.sale_price).then(|| format_won(row.list_price));
    let channels = row.channels.iter().map(|c| c.label()).collect::<Vec<_>>().join(" · ");
    view! {
        <li class="product-item" data-testid="product-row">
            <SelectBox id selected label=msg::products_select_row(&row.name)/>
            <a class="thumb" href=format!("/products/{id}") tabindex="-1" aria-hidden="true">
                {match row.thumb_url.clone() {
                    Some(url) => view! { <img src=url alt="" width="64" height="80" loading="lazy"/> }.into_any(),
                    None => view! { <span class="no-photo">{msg::products_no_photo()}</span> }.into_any(),
                }}
            </a>
            <div class="info">
                <a class="name" href=format!("/products/{id}")>{row.name.clone()}</a>
                <span class="muted small">{row.code.clone()} " · " {category_display(&row.category)}</span>
                <span class="muted small">{channels}</span>
            </div>
            <div class="price">
                <strong>{format_won(row.sale_price)}</strong>
                {discount.map(|d| view! { <s class="muted small">{d}</s> })}
            </div>
            <div class="stock">
                <span data-testid="stock-total">{msg::products_stock_units(format_number(row.stock_total))}</span>
                <span class="muted small">{msg::products_variant_count(row.variant_count)}</span>
                {(row.low_stock_variants > 0).then(|| view! {
                    <span class="badge badge-warning">{msg::products_low_stock_count(row.low_stock_variants)}</span>
                })}
            </div>
            <div class="status">{status_badge(row.status)}</div>
        </li>
    }
}

/// Status, price and delete for the selected products.
#[component]
fn BulkBar(
    selected: RwSignal<BTreeSet<i64>>,
    bulk: Action<(Vec<i64>, BulkAction), Result<usize, AppError>>,
) -> impl IntoView {
    let toasts = use_toasts();
    let status = RwSignal::new("stopped".to_owned());
    let price_mode = RwSignal::new("percent".to_owned());
    let price_value = RwSignal::new(String::new());
    let ids = move || selected.get().into_iter().collect::<Vec<_>>();
    let run = move |action: BulkAction| bulk.dispatch((ids(), action));
    view! {
        <Show when=move || !selected.get().is_empty()>
            <div class="bulk-bar card" role="region" aria-label=msg::products_bulk_region() data-testid="bulk-bar">
                <strong>{move || msg::products_selected_count(selected.get().len())}</strong>
                <div class="bulk-group">
                    <label class="sr-only" for="bulk-status">{msg::products_label_status()}</label>
                    <select id="bulk-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        {ProductStatus::CHOOSABLE.iter().map(|s| {
                            let is = s.as_str() == "stopped";
                            view! { <option value=s.as_str() selected=is>{s.label()}</option> }
                        }).collect_view()}
                    </select>
                    <button type="button" class="btn" on:click=move |_| {
                        if let Some(s) = ProductStatus::parse(&status.get_untracked()) {
                            run(BulkAction::SetStatus(s));
                        }
                    }>{msg::products_bulk_set_status()}</button>
                </div>
                <div class="bulk-group">
                    <label class="sr-only" for="bulk-price-mode">{msg::products_bulk_price_mode()}</label>
                    <select id="bulk-price-mode" on:change=move |ev| price_mode.set(event_target_value(&ev))>
                        <option value="percent">{msg::products_bulk_price_percent()}</option>
                        <option value="amount">{msg::products_bulk_price_amount()}</option>
                    </select>
                    <label class="sr-only" for="bulk-price-value">{msg::products_bulk_price_value()}</label>
                    <input id="bulk-price-value" class="short" inputmode="decimal" placeholder="-10"
                        prop:value=move || price_value.get()
                        on:input=move |ev| price_value.set(event_target_value(&ev))/>
                    <button type="button" class="btn" on:click=move |_| {
                        let value = price_value.get_untracked();
                        let change = if price_mode.get_untracked() == "amount" {
                            match parse_number(msg::products_label_change_amount(), value.trim_start_matches('+')) {
                                Ok(n) => PriceChange::Amount(n),
                                Err(m) => return toasts.error(m),
                            }
                        } else {
                            PriceChange::Percent(value)
                        };
                        run(BulkAction::ChangePrice(change));
                    }>{msg::products_bulk_change_price()}</button>
                </div>
                <button type="button" class="btn btn-danger" on:click=move |_| {
                    let n = selected.get_untracked().len();
                    if confirm(&msg::products_bulk_delete_confirm(n)) {
                        run(BulkAction::Delete);
                    }
                }>{msg::products_bulk_delete()}</button>
            </div>
        </Show>
    }
}
