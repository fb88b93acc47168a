//! 주문 상세: one buyer order as this shop sees it — summary, items with
//! their actions and progress, amounts, buyer, delivery address, carrier
//! progress and the history of every change.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::format::format_won;
use crate::i18n::msg;
use crate::ui::{use_live_detail, DetailHead, ErrorNotice, Loading};

/// The steps an item goes through, as the progress bar shows them.
const STEPS: [OrderStatus; 5] = [
    OrderStatus::Paid,
    OrderStatus::Confirmed,
    OrderStatus::Shipped,
    OrderStatus::Delivered,
    OrderStatus::PurchaseConfirmed,
];

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    let order_no = move || params.with(|p| p.get("order_no").unwrap_or_default());
    // What is on screen: a live event reloads the page only when this
    // order changed, so the forms on it are not reset by other orders.
    let live = use_live_detail("orders", order_no, get_order);
    let detail = Resource::new(move || (order_no(), live.version()), |(no, _)| get_order(no));
    let ops = OrderOps::new(move || live.reload());

    view! {
        <DetailHead title=msg::orders_detail_title() back="/orders" back_label=msg::orders_back_to_list()/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        live.showing(&d);
                        view! { <DetailView detail=d ops/> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DetailView(detail: OrderDetail, ops: OrderOps) -> impl IntoView {
    let summary = view! { <SummaryCard detail=detail.clone()/> }.into_any();
    let items = view! {
        <section class="card" aria-labelledby="order-items">
            <h2 id="order-items">{msg::orders_detail_items()} " " <span class="muted">{detail.items.len()}</span></h2>
            <ul class="detail-items">
                {detail.items.iter().cloned().map(|item| view! { <ItemCard item ops/> }).collect_view()}
            </ul>
        </section>
    }
    .into_any();
    let money = view! { <AmountCard detail=detail.clone()/> }.into_any();
    let people = view! { <PeopleCards detail=detail.clone()/> }.into_any();
    let delivery = view! { <DeliveryCard steps=detail.delivery.clone()/> }.into_any();
    let history = view! { <HistoryCard history=detail.history/> }.into_any();
    view! {
        <div class="detail-grid" data-testid="order-detail">
            <div class="detail-main">{summary}{items}{delivery}{history}</div>
            <div class="detail-side">{money}{people}</div>
        </div>
    }
    .into_any()
}

#[component]
fn SummaryCard(detail: OrderDetail) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="order-summary">
            <h2 id="order-summary">{msg::orders_detail_summary()}</h2>
            <dl class="facts">
                <dt>{msg::orders_order_no()}</dt>
                <dd data-testid="order-no"><strong>{detail.order_no}</strong></dd>
                <dt>{msg::orders_channel()}</dt>
                <dd>{detail.channel_label}</dd>
                <dt>{msg::orders_channel_order_no()}</dt>
                <dd>{detail.channel_order_id}</dd>
                <dt>{msg::orders_paid_at()}</dt>
                <dd>{detail.paid_at}</dd>
                <dt>{msg::orders_payment_method()}</dt>
                <dd>{detail.payment_method.clone()}</dd>
            </dl>
        </section>
    }
}

#[component]
fn ItemCard(item: OrderItemDetail, ops: OrderOps) -> impl IntoView {
    let row = item.row.clone();
    let id = row.id;
    let status = row.status;
    let option = if row.option_text.is_empty() { msg::orders_no_option().to_owned() } else { row.option_text.clone() };
    let tracking = tracking_link(&row);
    let product_href = format!("/products/{}", item.product_id);
    let info = view! {
        <div class="item-head">
            <div class="item-name">
                <a class="name" href=product_href>{row.product_name.clone()}</a>
                <span class="muted small">{msg::orders_item_meta(option, row.quantity, item.sku.clone())}</span>
            </div>
            <span>{status_badge(status)} " " {claim_badge(&row)}</span>
        </div>
        <dl class="facts compact-facts">
            <dt>{msg::orders_item_no()}</dt>
            <dd>{id}</dd>
            <dt>{msg::orders_price()}</dt>
            <dd>
                {format_won(item.unit_price)}
                {(item.option_price != 0).then(|| format!(" {}", msg::orders_option_price(format_won(item.option_price))))}
            </dd>
            <dt>{msg::orders_paid_amount()}</dt>
            <dd><strong>{format_won(row.amount)}</strong></dd>
            <dt>{msg::orders_ship_by()}</dt>
            <dd>
                {row.ship_by.clone()}
                {row.late.then(|| view! { " " <span class="flag-late">{msg::orders_late()}</span> })}
            </dd>
            {(!item.delay_reason.is_empty()).then(|| view! { <dt>{msg::orders_delay_reason()}</dt><dd>{item.delay_reason.clone()}</dd> })}
            {(!item.cancel_reason.is_empty()).then(|| view! { <dt>{msg::orders_cancel_reason()}</dt><dd>{item.cancel_reason.clone()}</dd> })}
            {tracking.map(|t| view! { <dt>{msg::orders_waybill()}</dt><dd>{t}</dd> })}
        </dl>
    }
    .into_any();
    view! {
        <li class="detail-item" data-testid=format!("order-item-{id}")>
            {info}
            <Progress status/>
            <ItemActions row ops/>
        </li>
    }
}

/// 결제완료 → 발주확인 → 배송중 → 배송완료 → 구매확정, or 취소.
#[component]
fn Progress(status: OrderStatus) -> impl IntoView {
    if status == OrderStatus::Cancelled {
        return view! { <p class="progress-cancelled">{msg::orders_cancelled_notice()}</p> }.into_any();
    }
    let reached = STEPS.iter().position(|s| *s == status).unwrap_or(0);
    view! {
        <ol class="progress" aria-label=msg::orders_progress_label()>
            {STEPS.iter().enumerate().map(|(i, s)| {
                let class = if i < reached { "done" } else if i == reached { "current" } else { "" };
                let current = (i == reached).then_some("step");
                view! { <li class=class aria-current=current>{s.label()}</li> }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// What the seller can do with one item now.
#[component]
fn ItemActions(row: OrderRow, ops: OrderOps) -> impl IntoView {
    let id = row.id;
    let status = row.status;
    let panel = RwSignal::new(None::<ReasonKind>);
    let close = Callback::new(move |_| panel.set(None));
    if status == OrderStatus::Shipped {
        let initial = (row.courier.clone(), row.tracking_number.clone());
        return view! {
            <details class="item-actions">
                <summary>{msg::orders_action_change_tracking()}</summary>
                <ShipInline id ops initial button=msg::orders_edit_save()/>
            </details>
        }
        .into_any();
    }
    if !is_open(status) {
        return ().into_any();
    }
    view! {
        <div class="item-actions">
            <div class="action-row">
                {(status == OrderStatus::Paid).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid=format!("confirm-{id}")
                        disabled=move || ops.confirm.pending().get()
                        on:click=move |_| { ops.confirm.dispatch(vec![id]); }>{msg::orders_action_confirm()}</button>
                })}
                <button type="button" class="btn" data-testid=format!("delay-{id}")
                    on:click=move |_| panel.set(Some(ReasonKind::Delay))>{msg::orders_action_delay()}</button>
                <button type="button" class="btn btn-danger" data-testid=format!("cancel-{id}")
                    on:click=move |_| panel.set(Some(ReasonKind::Cancel))>{msg::orders_btn_cancel_sale()}</button>
            </div>
            <ShipInline id ops/>
            {move || panel.get().map(|kind| view! { <ReasonPanel kind ids=vec![id] ops on_close=close/> })}
        </div>
    }
    .into_any()
}

#[component]
fn AmountCard(detail: OrderDetail) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="order-amounts">
            <h2 id="order-amounts">{msg::orders_amounts()}</h2>
            <dl class="amounts">
                <dt>{msg::orders_product_total()}</dt>
                <dd>{format_won(detail.product_total)}</dd>
                <dt>{msg::orders_discount()}</dt>
                <dd>{if detail.discount_total > 0 { format!("-{}", format_won(detail.discount_total)) } else { format_won(0) }}</dd>
                <dt>{msg::orders_shipping_fee()}</dt>
                <dd>{format_won(detail.shipping_total)}</dd>
                <dt class="total">{msg::orders_paid_amount()}</dt>
                <dd class="total" data-testid="paid-total">{format_won(detail.paid_total)}</dd>
            </dl>
        </section>
    }
}

#[component]
fn PeopleCards(detail: OrderDetail) -> impl IntoView {
    let buyer_tel = format!("tel:{}", detail.buyer_phone);
    let recipient_tel = format!("tel:{}", detail.recipient_phone);
    view! {
        <section class="card" aria-labelledby="order-buyer">
            <h2 id="order-buyer">{msg::orders_buyer()}</h2>
            <dl class="facts">
                <dt>{msg::orders_name()}</dt>
                <dd>{detail.buyer_name}</dd>
                <dt>{msg::orders_phone()}</dt>
                <dd><a href=buyer_tel>{detail.buyer_phone}</a></dd>
                <dt>{msg::orders_email()}</dt>
                <dd>{if detail.buyer_email.is_empty() { "-".to_owned() } else { detail.buyer_email }}</dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="order-recipient">
            <h2 id="order-recipient">{msg::orders_ship_to()}</h2>
            <dl class="facts">
                <dt>{msg::orders_recipient()}</dt>
                <dd>{detail.recipient_name}</dd>
                <dt>{msg::orders_phone()}</dt>
                <dd><a href=recipient_tel>{detail.recipient_phone}</a></dd>
                <dt>{msg::orders_postcode()}</dt>
                <dd>{detail.postcode}</dd>
                <dt>{msg::orders_address()}</dt>
                <dd>{detail.address}</dd>
                <dt>{msg::orders_address_detail()}</dt>
                <dd>{detail.address_detail}</dd>
                <dt>{msg::orders_delivery_note()}</dt>
                <dd>{if detail.delivery_note.is_empty() { "-".to_owned() } else { detail.delivery_note }}</dd>
            </dl>
        </section>
    }
}

#[component]
fn DeliveryCard(steps: Vec<DeliveryStep>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="order-delivery">
            <h2 id="order-delivery">{msg::orders_tracking()}</h2>
            {if steps.is_empty() {
                view! { <p class="muted">{msg::orders_tracking_empty()}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="delivery-steps">
                        {steps.into_iter().map(|s| {
                            let waybill = msg::orders_waybill_no(&s.tracking_number);
                            let meta = [s.at, s.location, waybill]
                                .into_iter()
                                .filter(|p| !p.is_empty())
                                .collect::<Vec<_>>()
                                .join(" · ");
                            view! {
                                <li>
                                    <strong>{s.status_label}</strong>
                                    <span class="muted small">{meta}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn HistoryCard(history: Vec<HistoryEntry>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="order-history">
            <h2 id="order-history">{msg::orders_history()}</h2>
            {if history.is_empty() {
                view! { <p class="muted">{msg::orders_history_empty()}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="order-history">
                        {history.into_iter().map(|h| view! {
                            <li>
                                <span>
                                    <strong>{h.action_label}</strong>
                                    {(!h.to_status_label.is_empty()).then(|| format!(" → {}", h.to_status_label))}
                                    <span class="muted small">" · " {msg::orders_item_ref(h.item_id.to_string())}</span>
                                </span>
                                {(!h.detail.is_empty()).then(|| { let lang = crate::ui::stored_text_lang(&h.detail); view! { <span lang=lang>{h.detail}</span> } })}
                                <span class="muted small">{h.at} " · " {h.actor}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
