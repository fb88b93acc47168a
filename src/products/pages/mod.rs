//! The pages of 상품 관리: the list, the edit form, bulk registration and
//! the stock sheet.

pub mod form;
mod import;
mod list;
mod stock;

pub use form::{ProductEditPage, ProductNewPage};
pub use import::ProductImportPage;
pub use list::ProductListPage;
pub use stock::StockSheetPage;

use leptos::prelude::*;

use super::{category_name, Channel, ProductQuery, ProductStatus, CATEGORY_TREE, SORTS};
use crate::i18n::msg;
use crate::ui::SearchRow;

/// Whole won typed by a seller: `39,000`, `39000원`.
pub(crate) fn parse_number(label: &str, s: &str) -> Result<i64, String> {
    let digits: String = s.chars().filter(|c| !matches!(c, ',' | ' ' | '원' | '개')).collect();
    if digits.is_empty() {
        return Err(msg::products_err_required(label));
    }
    digits.parse::<i64>().map_err(|_| msg::products_err_not_number(label))
}

/// `<option>`s of the category tree, grouped by 대분류.
pub(crate) fn category_options(selected: String) -> impl IntoView {
    CATEGORY_TREE
        .iter()
        .map(|(top, subs)| {
            let selected = selected.clone();
            view! {
                <optgroup label=category_name(*top)>
                    {subs
                        .iter()
                        .map(|sub| {
                            let value = format!("{top}>{sub}");
                            let is = value == selected;
                            view! { <option value=value selected=is>{category_name(*sub)}</option> }
                        })
                        .collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}

/// Search box, category, channel, low stock and sort, writing into `filters`.
#[component]
pub fn FilterBar(filters: RwSignal<ProductQuery>, #[prop(optional)] show_sort: bool) -> impl IntoView {
    let search = RwSignal::new(filters.get_untracked().q);
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.update(|f| f.q = search.get_untracked().trim().to_owned());
    };
    view! {
        <form class="filter-bar card" role="search" on:submit=on_search>
            <SearchRow id="product-search" label=msg::products_filter_search() placeholder=msg::products_filter_search_hint() search/>
            <div class="filter-row">
                <label class="sr-only" for="filter-category">{msg::products_label_category()}</label>
                <select id="filter-category" on:change=move |ev| filters.update(|f| f.category = event_target_value(&ev))>
                    <option value="">{msg::products_filter_all_categories()}</option>
                    {category_options(String::new())}
                </select>
                <label class="sr-only" for="filter-channel">{msg::products_label_channels()}</label>
                <select id="filter-channel" on:change=move |ev| filters.update(|f| f.channel = event_target_value(&ev))>
                    <option value="">{msg::products_filter_all_channels()}</option>
                    {Channel::ALL.iter().map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                </select>
                {show_sort.then(|| view! {
                    <label class="sr-only" for="filter-sort">{msg::products_filter_sort()}</label>
                    <select id="filter-sort" on:change=move |ev| filters.update(|f| f.sort = event_target_value(&ev))>
                        {SORTS.iter().map(|(v, l)| view! { <option value=*v>{l()}</option> }).collect_view()}
                    </select>
                })}
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || filters.get().low_stock
                        on:change=move |ev| filters.update(|f| f.low_stock = event_target_checked(&ev))
                        data-testid="filter-low-stock"
                    />
                    " " {msg::products_filter_low_stock()}
                </label>
            </div>
        </form>
    }
}

pub(crate) fn status_badge(status: ProductStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-product-{}", status.as_str())>{status.label()}</span> }
}
