//! 재고·가격 일괄 수정: a spreadsheet-like sheet of every variant's stock,
//! extra price and alert level (and each product's sale price). Changed
//! cells are marked and saved together in one transaction; Enter and the
//! arrow keys move between rows as in a spreadsheet. On a phone each row is
//! a card of labelled fields with the numeric keypad.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{parse_number, status_badge, FilterBar};
use crate::i18n::msg;
use crate::products::*;
use crate::ui::{use_toasts, ErrorNotice, Loading};

#[derive(Clone)]
struct Row {
    product_id: i64,
    product_name: String,
    first_of_product: bool,
    status: ProductStatus,
    price: Option<(RwSignal<String>, i64)>,
    variant: SheetVariant,
    stock: RwSignal<String>,
    extra: RwSignal<String>,
    threshold: RwSignal<String>,
    active: RwSignal<bool>,
}

impl Row {
    fn changed(&self) -> bool {
        let v = &self.variant;
        self.stock.get() != v.stock.to_string()
            || self.extra.get() != v.extra_price.to_string()
            || self.threshold.get() != v.low_stock_threshold.to_string()
            || self.active.get() != v.active
    }
}

fn rows_of(products: Vec<SheetProduct>) -> Vec<Row> {
    let mut out = Vec::new();
    for p in products {
        let price = (RwSignal::new(p.sale_price.to_string()), p.sale_price);
        for (i, v) in p.variants.into_iter().enumerate() {
            out.push(Row {
                product_id: p.id,
                product_name: p.name.clone(),
                first_of_product: i == 0,
                status: p.status,
                price: (i == 0).then_some(price),
                stock: RwSignal::new(v.stock.to_string()),
                extra: RwSignal::new(v.extra_price.to_string()),
                threshold: RwSignal::new(v.low_stock_threshold.to_string()),
                active: RwSignal::new(v.active),
                variant: v,
            });
        }
    }
    out
}

async fn fetch(f: ProductQuery, cursor: Option<String>) -> Result<StockSheetPage, AppError> {
    list_stock_sheet(f.q, f.status, f.category, f.channel, f.low_stock, f.sort, cursor).await
}

/// Enter / ↓ / ↑ move to the same column of the next or previous row.
fn move_focus(ev: &leptos::ev::KeyboardEvent, column: &'static str, index: usize) {
    let next = match ev.key().as_str() {
        "Enter" | "ArrowDown" => index + 1,
        "ArrowUp" if index > 0 => index - 1,
        _ => return,
    };
    ev.prevent_default();
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let target = document()
            .query_selector(&format!("[data-cell='{column}-{next}']"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = target {
            let _ = input.focus();
            input.select();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (column, next);
}

#[component]
pub fn StockSheetPage() -> impl IntoView {
    let toasts = use_toasts();
    let filters = RwSignal::new(ProductQuery::default());
    let version = RwSignal::new(0u32);
    let page = Resource::new(move || (filters.get(), version.get()), |(f, _)| fetch(f, None));
    let rows = RwSignal::new(Vec::<Row>::new());
    let cursor = RwSignal::new(None::<String>);
    let load_more = Action::new(move |c: &String| fetch(filters.get_untracked(), Some(c.clone())));
    Effect::new(move |_| match load_more.value().get() {
        Some(Ok(p)) => {
            rows.update(|r| r.extend(rows_of(p.products)));
            cursor.set(p.next_cursor);
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let save = Action::new(|(v, p): &(Vec<VariantEdit>, Vec<PriceEdit>)| save_stock_sheet(v.clone(), p.clone()));
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(n)) => {
            toasts.success(msg::products_sheet_toast_saved(n));
            error.set(None);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => error.set(Some(e.message)),
        None => {}
    });
    let changes = move || {
        rows.with(|rows| {
            rows.iter().filter(|r| r.changed()).count()
                + rows.iter().filter_map(|r| r.price.as_ref()).filter(|(s, was)| s.get() != was.to_string()).count()
        })
    };
    let submit = move |_| {
        let mut variants = Vec::new();
        let mut prices = Vec::new();
        let result = rows.with_untracked(|rows| -> Result<(), String> {
            for r in rows {
                let who = format!("{} {}", r.product_name, r.variant.options);
                if let Some((price, was)) = &r.price {
                    let p = parse_number(&msg::products_sheet_price_of(&r.product_name), &price.get_untracked())?;
                    if p != *was {
                        prices.push(PriceEdit { product_id: r.product_id, sale_price: p });
                    }
                }
                if r.changed() {
                    variants.push(VariantEdit {
                        variant_id: r.variant.id,
                        stock: parse_number(&msg::products_variant_stock(&who), &r.stock.get_untracked())?,
                        stock_was: r.variant.stock,
                        extra_price: parse_number(&msg::products_variant_extra(&who), &r.extra.get_untracked())?,
                        low_stock_threshold: parse_number(&msg::products_sheet_threshold_of(&who), &r.threshold.get_untracked())?,
                        active: r.active.get_untracked(),
                    });
                }
            }
            Ok(())
        });
        match result {
            Err(m) => error.set(Some(m)),
            Ok(()) if variants.is_empty() && prices.is_empty() => toasts.info(msg::products_err_no_changes()),
            Ok(()) => {
                save.dispatch((variants, prices));
            }
        }
    };

    view! {
        <Title text=msg::products_sheet_page_title()/>
        <div class="page-head">
            <h1>{msg::products_sheet_title()}</h1>
            <a class="btn" href="/products">{msg::products_sheet_back()}</a>
        </div>
        <FilterBar filters/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        rows.set(rows_of(p.products));
                        cursor.set(p.next_cursor);
                        view! {
                            <div class="sheet" role="table" aria-label=msg::products_sheet_table() data-testid="stock-sheet">
                                <div class="sheet-row sheet-head" role="row">
                                    <span role="columnheader">{msg::products_sheet_col_product()}</span>
                                    <span role="columnheader">{msg::products_label_sale_price()}</span>
                                    <span role="columnheader">{msg::products_col_extra()}</span>
                                    <span role="columnheader">{msg::products_col_stock()}</span>
                                    <span role="columnheader">{msg::products_col_threshold()}</span>
                                    <span role="columnheader">{msg::products_col_active()}</span>
                                </div>
                                <For each=move || rows.get().into_iter().enumerate() key=|(i, r)| (r.variant.id, *i) let:item>
                                    <SheetRowView index=item.0 row=item.1/>
                                </For>
                            </div>
                            {move || rows.with(|r| r.is_empty()).then(|| view! {
                                <section class="card empty-state"><p>{msg::products_sheet_empty()}</p></section>
                            })}
                            {move || cursor.get().map(|c| view! {
                                <div class="load-more">
                                    <button type="button" class="btn" on:click=move |_| { load_more.dispatch(c.clone()); }>{msg::products_load_more()}</button>
                                </div>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
        <div class="save-bar sticky">
            {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <span class="muted" data-testid="change-count">{move || msg::products_sheet_change_count(changes())}</span>
            <button type="button" class="btn btn-primary" data-testid="save-sheet"
                disabled=move || { save.pending().get() || changes() == 0 } on:click=submit>
                {msg::products_sheet_save()}
            </button>
        </div>
    }
}

#[component]
fn SheetRowView(index: usize, row: Row) -> impl IntoView {
    let label = format!("{} {}", row.product_name, row.variant.options);
    let changed = {
        let row = row.clone();
        move || row.changed()
    };
    let cell = move |column: &'static str, signal: RwSignal<String>, original: i64, aria: String| {
        view! {
            <input inputmode="numeric" aria-label=aria data-cell=format!("{column}-{index}")
                class:changed=move || signal.get() != original.to_string()
                prop:value=move || signal.get()
                on:input=move |ev| signal.set(event_target_value(&ev))
                on:keydown=move |ev| move_focus(&ev, column, index)/>
        }
    };
    view! {
        <div class="sheet-row" role="row" class:first=row.first_of_product class:row-changed=changed data-testid="sheet-row">
            <span role="cell" class="sheet-name">
                {row.first_of_product.then(|| view! {
                    <a href=format!("/products/{}", row.product_id)>{row.product_name.clone()}</a>
                    " " {status_badge(row.status)}
                    <br/>
                })}
                <span class="muted small">{row.variant.options.clone()} " · " {row.variant.sku.clone()}</span>
            </span>
            <span role="cell" data-label=msg::products_label_sale_price()>
                {row.price.map(|(signal, was)| cell("price", signal, was, msg::products_sheet_price_of(&row.product_name)))}
            </span>
            <span role="cell" data-label=msg::products_col_extra()>{cell("extra", row.extra, row.variant.extra_price, msg::products_variant_extra(&label))}</span>
            <span role="cell" data-label=msg::products_col_stock()>{cell("stock", row.stock, row.variant.stock, msg::products_variant_stock(&label))}</span>
            <span role="cell" data-label=msg::products_col_threshold()>{cell("threshold", row.threshold, row.variant.low_stock_threshold, msg::products_sheet_threshold_of(&label))}</span>
            <span role="cell" data-label=msg::products_col_active()>
                <input type="checkbox" aria-label=msg::products_variant_active(&label) prop:checked=move || row.active.get()
                    on:change=move |ev| row.active.set(event_target_checked(&ev))/>
            </span>
        </div>
    }
}
