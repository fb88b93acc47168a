//! 송장 출력: one packing slip per order for the selected items
//! (`/orders/slips?ids=1,2,3`), laid out for A4 with a page break between
//! slips; the shell's navigation is hidden when printing.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::i18n::msg;
use crate::ui::{ErrorNotice, Loading};

fn parse_ids(s: &str) -> Vec<i64> {
    s.split(',').filter_map(|p| p.trim().parse().ok()).collect()
}

#[component]
pub fn PackingSlipsPage() -> impl IntoView {
    let query = use_query_map();
    let ids = move || query.with(|q| parse_ids(&q.get("ids").unwrap_or_default()));
    let slips = Resource::new(ids, |ids| async move {
        if ids.is_empty() {
            Ok(Vec::new())
        } else {
            packing_slips(ids).await
        }
    });
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <Title text=msg::orders_slips_page_title()/>
        <div class="page-head no-print">
            <h1>{msg::orders_slips_title()}</h1>
            <div class="head-actions">
                <a class="btn" href="/orders">{msg::orders_back_to_list()}</a>
                <button type="button" class="btn btn-primary" data-testid="print-slips" on:click=print>{msg::orders_print()}</button>
            </div>
        </div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match slips.await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="card empty-state">
                            <h2>{msg::orders_slips_empty_title()}</h2>
                            <p>{msg::orders_slips_empty_hint()}</p>
                            <a class="btn" href="/orders">{msg::orders_slips_back()}</a>
                        </section>
                    }.into_any(),
                    Ok(list) => view! {
                        <p class="muted no-print">{msg::orders_slips_summary(list.len())}</p>
                        <div class="slips">
                            {list.into_iter().map(|d| view! { <Slip detail=d/> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Slip(detail: OrderDetail) -> impl IntoView {
    let trackings: Vec<String> = detail
        .items
        .iter()
        .filter(|i| !i.row.tracking_number.is_empty())
        .map(|i| format!("{} {}", i.row.courier_name, i.row.tracking_number))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let head = view! {
        <header class="slip-head">
            <h2>{msg::orders_slip_order_no(&detail.order_no)}</h2>
            <p class="muted">{detail.channel_label.clone()} " · " {msg::orders_paid_date()} " " {detail.paid_at.clone()}</p>
        </header>
        <dl class="facts slip-to">
            <dt>{msg::orders_receiver()}</dt>
            <dd><strong>{detail.recipient_name.clone()}</strong> " · " {detail.recipient_phone.clone()}</dd>
            <dt>{msg::orders_address()}</dt>
            <dd>"(" {detail.postcode.clone()} ") " {detail.address.clone()} " " {detail.address_detail.clone()}</dd>
            <dt>{msg::orders_delivery_note()}</dt>
            <dd>{if detail.delivery_note.is_empty() { "-".to_owned() } else { detail.delivery_note.clone() }}</dd>
        </dl>
    }
    .into_any();
    view! {
        <article class="slip card" data-testid="slip">
            {head}
            <table class="slip-items">
                <thead>
                    <tr>
                        <th scope="col">{msg::orders_item_no()}</th>
                        <th scope="col">{msg::orders_slip_product()}</th>
                        <th scope="col">{msg::orders_quantity_col()}</th>
                    </tr>
                </thead>
                <tbody>
                    {detail.items.into_iter().map(|i| view! {
                        <tr>
                            <td>{i.row.id}</td>
                            <td>
                                {i.row.product_name}
                                {(!i.row.option_text.is_empty()).then(|| format!(" / {}", i.row.option_text))}
                                <span class="muted small">" " {i.sku}</span>
                            </td>
                            <td class="qty">{i.row.quantity}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="tracking-box">
                <span class="muted small">{msg::orders_tracking_number()}</span>
                <span class="tracking-value">{trackings.join(", ")}</span>
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slip_ids_skip_what_is_not_a_number() {
        assert_eq!(parse_ids("1, 2,x,,30"), vec![1, 2, 30]);
        assert!(parse_ids("").is_empty());
    }
}
