//! 주문 상세: one buyer order as this shop sees it — summary, items with
//! their actions and progress, amounts, buyer, delivery address, carrier
//! progress and the history of every change.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::format::format_won;
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
        <DetailHead title="주문 상세" back="/orders" back_label="주문 목록"/>
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
            <h2 id="order-items">"주문 상품 " <span class="muted">{detail.items.len()}</span></h2>
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
            <h2 id="order-summary">"주문 정보"</h2>
            <dl class="facts">
                <dt>"주문번호"</dt>
                <dd data-testid="order-no"><strong>{detail.order_no}</strong></dd>
                <dt>"판매 채널"</dt>
                <dd>{detail.channel_label}</dd>
                <dt>"채널 주문번호"</dt>
                <dd>{detail.channel_order_id}</dd>
                <dt>"결제일시"</dt>
                <dd>{detail.paid_at}</dd>
                <dt>"결제수단"</dt>
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
    let option = if row.option_text.is_empty() { "옵션 없음".to_owned() } else { row.option_text.clone() };
    let tracking = tracking_link(&row);
    let product_href = format!("/products/{}", item.product_id);
    let info = view! {
        <div class="item-head">
            <div class="item-name">
                <a class="name" href=product_href>{row.product_name.clone()}</a>
                <span class="muted small">{option} " · " {row.quantity} "개 · SKU " {item.sku.clone()}</span>
            </div>
            <span>{status_badge(status)} " " {claim_badge(&row)}</span>
        </div>
        <dl class="facts compact-facts">
            <dt>"상품주문번호"</dt>
            <dd>{id}</dd>
            <dt>"판매가"</dt>
            <dd>
                {format_won(item.unit_price)}
                {(item.option_price != 0).then(|| format!(" (옵션 {})", format_won(item.option_price)))}
            </dd>
            <dt>"결제금액"</dt>
            <dd><strong>{format_won(row.amount)}</strong></dd>
            <dt>"발송기한"</dt>
            <dd>
                {row.ship_by.clone()}
                {row.late.then(|| view! { " " <span class="flag-late">"지연"</span> })}
            </dd>
            {(!item.delay_reason.is_empty()).then(|| view! { <dt>"지연 사유"</dt><dd>{item.delay_reason.clone()}</dd> })}
            {(!item.cancel_reason.is_empty()).then(|| view! { <dt>"취소 사유"</dt><dd>{item.cancel_reason.clone()}</dd> })}
            {tracking.map(|t| view! { <dt>"송장"</dt><dd>{t}</dd> })}
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
        return view! { <p class="progress-cancelled">"취소된 주문입니다."</p> }.into_any();
    }
    let reached = STEPS.iter().position(|s| *s == status).unwrap_or(0);
    view! {
        <ol class="progress" aria-label="처리 단계">
            {STEPS.iter().enumerate().map(|(i, s)| {
                let class = if i < reached { "done" } else if i == reached { "current" } else { "" };
                let current = (i == reached).then_some("step");
                view! { <li class=class aria-current=current>{s.label_ko()}</li> }
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
                <summary>"송장 수정"</summary>
                <ShipInline id ops initial button="수정"/>
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
                        on:click=move |_| { ops.confirm.dispatch(vec![id]); }>"발주확인"</button>
                })}
                <button type="button" class="btn" data-testid=format!("delay-{id}")
                    on:click=move |_| panel.set(Some(ReasonKind::Delay))>"발송지연 안내"</button>
                <button type="button" class="btn btn-danger" data-testid=format!("cancel-{id}")
                    on:click=move |_| panel.set(Some(ReasonKind::Cancel))>"판매취소"</button>
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
            <h2 id="order-amounts">"결제 금액"</h2>
            <dl class="amounts">
                <dt>"상품금액"</dt>
                <dd>{format_won(detail.product_total)}</dd>
                <dt>"할인"</dt>
                <dd>{if detail.discount_total > 0 { format!("-{}", format_won(detail.discount_total)) } else { format_won(0) }}</dd>
                <dt>"배송비"</dt>
                <dd>{format_won(detail.shipping_total)}</dd>
                <dt class="total">"결제금액"</dt>
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
            <h2 id="order-buyer">"구매자"</h2>
            <dl class="facts">
                <dt>"이름"</dt>
                <dd>{detail.buyer_name}</dd>
                <dt>"연락처"</dt>
                <dd><a href=buyer_tel>{detail.buyer_phone}</a></dd>
                <dt>"이메일"</dt>
                <dd>{if detail.buyer_email.is_empty() { "-".to_owned() } else { detail.buyer_email }}</dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="order-recipient">
            <h2 id="order-recipient">"배송지"</h2>
            <dl class="facts">
                <dt>"수령인"</dt>
                <dd>{detail.recipient_name}</dd>
                <dt>"연락처"</dt>
                <dd><a href=recipient_tel>{detail.recipient_phone}</a></dd>
                <dt>"우편번호"</dt>
                <dd>{detail.postcode}</dd>
                <dt>"주소"</dt>
                <dd>{detail.address}</dd>
                <dt>"상세주소"</dt>
                <dd>{detail.address_detail}</dd>
                <dt>"배송메모"</dt>
                <dd>{if detail.delivery_note.is_empty() { "-".to_owned() } else { detail.delivery_note }}</dd>
            </dl>
        </section>
    }
}

#[component]
fn DeliveryCard(steps: Vec<DeliveryStep>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="order-delivery">
            <h2 id="order-delivery">"배송 추적"</h2>
            {if steps.is_empty() {
                view! { <p class="muted">"아직 택배사의 배송 정보가 없습니다."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="delivery-steps">
                        {steps.into_iter().map(|s| {
                            let waybill = format!("송장 {}", s.tracking_number);
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
            <h2 id="order-history">"처리 이력"</h2>
            {if history.is_empty() {
                view! { <p class="muted">"처리 이력이 없습니다."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="order-history">
                        {history.into_iter().map(|h| view! {
                            <li>
                                <span>
                                    <strong>{h.action_label}</strong>
                                    {(!h.to_status_label.is_empty()).then(|| format!(" → {}", h.to_status_label))}
                                    <span class="muted small">" · 상품주문 " {h.item_id}</span>
                                </span>
                                {(!h.detail.is_empty()).then(|| view! { <span>{h.detail}</span> })}
                                <span class="muted small">{h.at} " · " {h.actor}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
