//! 클레임 상세: the claim, the refund as the server computes it (shown
//! before 승인, and sent back with it so a changed amount is caught), the
//! actions the claim's status allows, the timeline and the messages to the
//! buyer with their delivery state.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::orders::Courier;
use crate::format::format_won;
use crate::ui::{use_live_detail, use_toasts, DetailHead, ErrorNotice, Loading};

type Done = Result<(), AppError>;

/// The claim's actions; each reports as a toast and reloads the page.
#[derive(Clone, Copy)]
struct ClaimOps {
    approve: Action<(i64, Option<i64>), Result<usize, AppError>>,
    reject: Action<(i64, String), Done>,
    hold: Action<(i64, String), Done>,
    pickup: Action<(i64, String, String), Done>,
    collected: Action<(i64, bool), Done>,
    reship: Action<(i64, String, String), Done>,
}

impl ClaimOps {
    fn new(on_done: impl Fn() + Copy + Send + Sync + 'static) -> Self {
        let ops = Self {
            approve: Action::new(|(id, expected): &(i64, Option<i64>)| {
                approve_claims(vec![*id], *expected)
            }),
            reject: Action::new(|(id, reason): &(i64, String)| reject_claim(*id, reason.clone())),
            hold: Action::new(|(id, reason): &(i64, String)| hold_claim(*id, reason.clone())),
            pickup: Action::new(|(id, c, n): &(i64, String, String)| {
                start_pickup(*id, c.clone(), n.clone())
            }),
            collected: Action::new(|(id, damaged): &(i64, bool)| mark_collected(*id, *damaged)),
            reship: Action::new(|(id, c, n): &(i64, String, String)| {
                reship_exchange(*id, c.clone(), n.clone())
            }),
        };
        let toasts = use_toasts();
        let report = move |value: Option<Done>, what: &'static str| match value {
            Some(Ok(())) => {
                toasts.success(format!("{what} 처리했습니다."));
                on_done();
            }
            Some(Err(e)) => {
                toasts.error(e.message);
                on_done();
            }
            None => {}
        };
        Effect::new(move |_| report(ops.approve.value().get().map(|r| r.map(|_| ())), "승인"));
        Effect::new(move |_| report(ops.reject.value().get(), "거부"));
        Effect::new(move |_| report(ops.hold.value().get(), "보류"));
        Effect::new(move |_| report(ops.pickup.value().get(), "수거 요청"));
        Effect::new(move |_| report(ops.collected.value().get(), "수거완료"));
        Effect::new(move |_| report(ops.reship.value().get(), "교환 재발송"));
        ops
    }

    fn pending(self) -> bool {
        self.approve.pending().get()
            || self.reject.pending().get()
            || self.hold.pending().get()
            || self.pickup.pending().get()
            || self.collected.pending().get()
            || self.reship.pending().get()
    }
}

/// What the seller has open and typed in the 처리 card. It lives with the
/// page, not with the card: a live update (the buyer's message delivered,
/// say) redraws the card, and must not close a form being filled in.
#[derive(Clone, Copy)]
struct Draft {
    panel: RwSignal<Option<ClaimAction>>,
    courier: RwSignal<String>,
    number: RwSignal<String>,
    reason: RwSignal<String>,
    detail: RwSignal<String>,
    damaged: RwSignal<bool>,
}

impl Draft {
    fn new() -> Self {
        Self {
            panel: RwSignal::new(None),
            courier: RwSignal::new(String::new()),
            number: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            detail: RwSignal::new(String::new()),
            damaged: RwSignal::new(false),
        }
    }

    /// Opens an action's form, empty (교환 재발송 starts at CJ대한통운).
    fn open(self, action: ClaimAction) {
        let courier = if action == ClaimAction::Reship {
            Courier::Cj.code()
        } else {
            ""
        };
        self.courier.set(courier.to_owned());
        self.number.set(String::new());
        self.reason.set(
            reasons_for(action)
                .first()
                .copied()
                .unwrap_or_default()
                .to_owned(),
        );
        self.detail.set(String::new());
        self.panel.set(Some(action));
    }

    fn close(self) {
        self.panel.set(None);
    }
}

#[component]
pub fn ClaimDetailPage() -> impl IntoView {
    let params = use_params_map();
    let claim_id =
        move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    // A live event reloads only when this claim changed.
    let live = use_live_detail("claims", claim_id, get_claim);
    let detail = Resource::new(move || (claim_id(), live.version()), |(id, _)| get_claim(id));
    let ops = ClaimOps::new(move || live.reload());
    let draft = Draft::new();
    view! {
        <DetailHead title="클레임 상세" back="/claims" back_label="클레임 목록"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        live.showing(&d);
                        view! { <DetailView detail=d ops draft/> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DetailView(detail: ClaimDetail, ops: ClaimOps, draft: Draft) -> impl IntoView {
    let summary = view! { <SummaryCard detail=detail.clone()/> }.into_any();
    let refund = view! { <RefundCard detail=detail.clone()/> }.into_any();
    let actions = view! { <ActionsCard detail=detail.clone() ops draft/> }.into_any();
    let timeline = view! { <TimelineCard events=detail.events.clone()/> }.into_any();
    let messages = view! { <MessagesCard messages=detail.messages.clone()/> }.into_any();
    view! {
        <div class="detail-grid" data-testid="claim-detail">
            <div class="detail-main">{summary}{actions}{timeline}</div>
            <div class="detail-side">{refund}{messages}</div>
        </div>
    }
    .into_any()
}

#[component]
fn SummaryCard(detail: ClaimDetail) -> impl IntoView {
    let row = detail.row.clone();
    let order_href = format!("/orders/{}", row.order_no);
    let option = if row.option_text.is_empty() {
        "옵션 없음".to_owned()
    } else {
        row.option_text.clone()
    };
    let pickup = (!detail.pickup_tracking.is_empty()).then(|| {
        (
            detail.pickup_courier_name.clone(),
            detail.pickup_tracking.clone(),
            detail.pickup_url.clone(),
        )
    });
    let reship = (!detail.reship_tracking.is_empty()).then(|| {
        (
            detail.reship_courier_name.clone(),
            detail.reship_tracking.clone(),
            detail.reship_url.clone(),
        )
    });
    let waybill = |(name, number, url): (String, String, String)| {
        view! { <span>{name} " " <a href=url target="_blank" rel="noopener">{number}</a></span> }
    };
    view! {
        <section class="card" aria-labelledby="claim-summary">
            <h2 id="claim-summary">
                {row.kind_label.clone()} " 요청 " <span class="muted">"#" {row.id}</span> " "
                {status_badge(row.kind, row.status)}
            </h2>
            <dl class="facts">
                <dt>"상품"</dt>
                <dd style="overflow-wrap: anywhere;"><strong>{row.product_name.clone()}</strong> " · " {option} " · " {row.quantity} "개"</dd>
                {(!row.exchange_option_text.is_empty()).then(|| view! {
                    <dt>"교환 옵션"</dt><dd data-testid="claim-exchange-option">{row.exchange_option_text.clone()}</dd>
                })}
                <dt>"주문번호"</dt>
                <dd><a href=order_href data-testid="claim-order-link">{row.order_no.clone()}</a> " · 상품주문 " {row.order_item_id}</dd>
                <dt>"주문 상태"</dt>
                <dd>{detail.item_status_label.clone()}</dd>
                <dt>"판매 채널"</dt>
                <dd>{row.channel_label.clone()} " · " {detail.channel_claim_id.clone()}</dd>
                <dt>"구매자"</dt>
                <dd>{row.buyer_name.clone()}</dd>
                <dt>"사유"</dt>
                <dd data-testid="claim-reason">
                    {row.reason_label.clone()}
                    {(!detail.reason_text.is_empty()).then(|| format!(" · {}", detail.reason_text))}
                </dd>
                <dt>"책임"</dt>
                <dd data-testid="claim-fault">{row.fault_label.clone()}</dd>
                <dt>"요청일시"</dt>
                <dd>{row.requested_at.clone()}</dd>
                {row.status.is_open().then(|| view! { <dt>"처리기한"</dt><dd>{due_flag(&row)}</dd> })}
                {pickup.map(|w| view! { <dt>"수거 송장"</dt><dd data-testid="claim-pickup-waybill">{waybill(w)}</dd> })}
                {reship.map(|w| view! { <dt>"교환 발송"</dt><dd data-testid="claim-reship-waybill">{waybill(w)}</dd> })}
                {detail.damaged.then(|| view! { <dt>"검수"</dt><dd><span class="badge badge-warning">"상품 손상 · 재고 미반영"</span></dd> })}
                {(!detail.decision_reason.is_empty()).then(|| view! {
                    <dt>"처리 사유"</dt><dd data-testid="claim-decision-reason">{detail.decision_reason.clone()}</dd>
                })}
            </dl>
        </section>
    }
}

#[component]
fn RefundCard(detail: ClaimDetail) -> impl IntoView {
    let b = detail.refund.clone();
    let title = if detail.row.kind == ClaimKind::Exchange {
        "교환 배송비"
    } else if detail.refund_final {
        "환불 금액"
    } else {
        "환불 예정 금액"
    };
    if detail.row.kind == ClaimKind::Exchange {
        return view! {
            <section class="card" aria-labelledby="claim-refund">
                <h2 id="claim-refund">{title}</h2>
                <dl class="amounts">
                    <dt class="total">"구매자 부담 (왕복)"</dt>
                    <dd class="total" data-testid="claim-charge">{format_won(b.charge_amount)}</dd>
                </dl>
                <p class="muted small">"교환은 환불 없이 새 옵션을 다시 보냅니다. 판매자 책임이면 배송비는 판매자가 부담합니다."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card" aria-labelledby="claim-refund" data-testid="claim-refund">
            <h2 id="claim-refund">{title}</h2>
            <dl class="amounts">
                <dt>"상품 금액"</dt>
                <dd data-testid="claim-refund-product">{format_won(b.product_amount)}</dd>
                <dt>"배송비 환불"</dt>
                <dd data-testid="claim-refund-shipping">{format_won(b.shipping_refund)}</dd>
                {b.deductions.iter().map(|d| view! {
                    <dt>{d.label.clone()}</dt>
                    <dd data-testid=format!("claim-deduction-{}", d.code)>{format!("-{}", format_won(d.amount))}</dd>
                }).collect_view()}
                <dt class="total">"합계"</dt>
                <dd class="total" data-testid="claim-refund-total">{format_won(b.total)}</dd>
            </dl>
            {(b.uncovered > 0).then(|| view! {
                <p class="muted small">"환불액보다 큰 차감액 " {format_won(b.uncovered)} "은(는) 환불에서 빼지 못했습니다."</p>
            })}
            {(!detail.refund_final).then(|| view! {
                <p class="muted small">"상품 가격, 할인, 배송비 설정으로 서버에서 계산한 금액입니다. 승인하면 이 금액이 환불됩니다."</p>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn ActionsCard(detail: ClaimDetail, ops: ClaimOps, draft: Draft) -> impl IntoView {
    let id = detail.row.id;
    let kind = detail.row.kind;
    let actions = detail.actions.clone();
    if actions.is_empty() {
        return ().into_any();
    }
    let has = |a: ClaimAction| actions.contains(&a);
    let allowed = actions.clone();
    let expected = (kind == ClaimKind::Return).then_some(detail.refund.total);
    let damaged = draft.damaged;
    let approve_label = if kind == ClaimKind::Cancel {
        "취소 승인"
    } else {
        "반품 승인 (환불)"
    };
    view! {
        <section class="card" aria-labelledby="claim-actions" data-testid="claim-actions">
            <h2 id="claim-actions">"처리"</h2>
            <div class="action-row" style="display: flex; flex-wrap: wrap; gap: 8px;">
                {has(ClaimAction::StartPickup).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="claim-pickup"
                        on:click=move |_| draft.open(ClaimAction::StartPickup)>"수거 요청"</button>
                })}
                {has(ClaimAction::MarkCollected).then(|| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="claim-damaged"
                            prop:checked=move || damaged.get()
                            on:change=move |ev| damaged.set(event_target_checked(&ev))/>
                        " 상품 손상 (재고에 넣지 않음)"
                    </label>
                    <button type="button" class="btn btn-primary" data-testid="claim-collected"
                        disabled=move || ops.pending()
                        on:click=move |_| { ops.collected.dispatch((id, damaged.get_untracked())); }>"수거완료"</button>
                })}
                {has(ClaimAction::Approve).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="claim-approve"
                        disabled=move || ops.pending()
                        on:click=move |_| { ops.approve.dispatch((id, expected)); }>
                        {approve_label}
                        {expected.map(|e| format!(" · {}", format_won(e)))}
                    </button>
                })}
                {has(ClaimAction::Reship).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="claim-reship"
                        on:click=move |_| draft.open(ClaimAction::Reship)>"교환 상품 발송"</button>
                })}
                {has(ClaimAction::Hold).then(|| view! {
                    <button type="button" class="btn" data-testid="claim-hold"
                        on:click=move |_| draft.open(ClaimAction::Hold)>"보류"</button>
                })}
                {has(ClaimAction::Reject).then(|| view! {
                    <button type="button" class="btn btn-danger" data-testid="claim-reject"
                        on:click=move |_| draft.open(ClaimAction::Reject)>"거부"</button>
                })}
            </div>
            // A form stays open across a redraw while its action is still allowed.
            {move || draft.panel.get().filter(|a| allowed.contains(a)).map(|action| match action {
                ClaimAction::StartPickup | ClaimAction::Reship => {
                    view! { <WaybillPanel id action ops draft/> }.into_any()
                }
                _ => view! { <ReasonPanel id action ops draft/> }.into_any(),
            })}
        </section>
    }
    .into_any()
}

/// 수거 요청 (courier and number optional) or 교환 재발송 (both required).
#[component]
fn WaybillPanel(id: i64, action: ClaimAction, ops: ClaimOps, draft: Draft) -> impl IntoView {
    let toasts = use_toasts();
    let Draft {
        courier, number, ..
    } = draft;
    let prefix = if action == ClaimAction::Reship {
        "claim-reship"
    } else {
        "claim-pickup"
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, n) = (
            courier.get_untracked(),
            number.get_untracked().trim().to_owned(),
        );
        if action == ClaimAction::Reship {
            if n.is_empty() {
                return toasts.error("송장번호를 입력해 주세요.");
            }
            ops.reship.dispatch((id, c, n));
        } else {
            if c.is_empty() != n.is_empty() {
                return toasts.error("수거 송장은 택배사와 송장번호를 함께 입력해 주세요.");
            }
            ops.pickup.dispatch((id, c, n));
        }
        draft.close();
    };
    let (title, button) = if action == ClaimAction::Reship {
        ("교환 상품 발송", "발송")
    } else {
        ("수거 요청 (송장은 선택)", "수거 요청")
    };
    view! {
        <form class="reason-panel" on:submit=submit data-testid=format!("{prefix}-panel")>
            <p class="panel-title"><strong>{title}</strong></p>
            <div class="panel-fields">
                <label>
                    <span class="field-label">"택배사"</span>
                    <select data-testid=format!("{prefix}-courier") on:change=move |ev| courier.set(event_target_value(&ev))>
                        {(action != ClaimAction::Reship).then(|| view! {
                            <option value="" selected=move || courier.with(String::is_empty)>"선택 안 함"</option>
                        })}
                        {Courier::ALL.iter().map(|c| {
                            let code = c.code();
                            view! { <option value=code selected=move || courier.with(|v| v == code)>{c.name_ko()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="field-label">"송장번호"</span>
                    <input type="text" inputmode="numeric" autocomplete="off" data-testid=format!("{prefix}-tracking")
                        prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev))/>
                </label>
            </div>
            <div class="panel-actions">
                <button type="button" class="btn" on:click=move |_| draft.close()>"닫기"</button>
                <button type="submit" class="btn btn-primary" data-testid=format!("{prefix}-submit")
                    disabled=move || ops.pending()>{button}</button>
            </div>
        </form>
    }
}

const REJECT_REASONS: &[&str] = &[
    "이미 발송됨",
    "반품 기간 경과",
    "상품 훼손 (구매자 과실)",
    "사용 흔적",
    "기타",
];
const HOLD_REASONS: &[&str] = &["검수 중", "구매자 확인 필요", "수거 상품 미도착", "기타"];

/// The reasons offered before an action (none for the others).
fn reasons_for(action: ClaimAction) -> &'static [&'static str] {
    match action {
        ClaimAction::Reject => REJECT_REASONS,
        ClaimAction::Hold => HOLD_REASONS,
        _ => &[],
    }
}

/// The reason asked before 거부 or 보류; the buyer reads it.
#[component]
fn ReasonPanel(id: i64, action: ClaimAction, ops: ClaimOps, draft: Draft) -> impl IntoView {
    let toasts = use_toasts();
    let reasons = reasons_for(action);
    let Draft { reason, detail, .. } = draft;
    let prefix = if action == ClaimAction::Reject {
        "claim-reject"
    } else {
        "claim-hold"
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let detail = detail.get_untracked().trim().to_owned();
        let text = match (reason.get_untracked(), detail.is_empty()) {
            (r, true) if r == "기타" => return toasts.error("상세 사유를 입력해 주세요."),
            (r, true) => r,
            (r, false) if r == "기타" => detail,
            (r, false) => format!("{r}: {detail}"),
        };
        if action == ClaimAction::Reject {
            ops.reject.dispatch((id, text));
        } else {
            ops.hold.dispatch((id, text));
        }
        draft.close();
    };
    let (title, button, class) = if action == ClaimAction::Reject {
        ("거부 사유", "거부", "btn btn-danger")
    } else {
        ("보류 사유", "보류", "btn btn-primary")
    };
    view! {
        <form class="reason-panel" on:submit=submit data-testid=format!("{prefix}-panel")>
            <p class="panel-title"><strong>{title}</strong></p>
            <div class="panel-fields">
                <label>
                    <span class="field-label">"사유"</span>
                    <select data-testid=format!("{prefix}-reason") on:change=move |ev| reason.set(event_target_value(&ev))>
                        {reasons.iter().map(|&r| view! {
                            <option value=r selected=move || reason.with(|v| v == r)>{r}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="field-label">"상세 사유 (구매자에게 안내됩니다)"</span>
                    <input type="text" maxlength="150" data-testid=format!("{prefix}-detail")
                        prop:value=move || detail.get()
                        on:input=move |ev| detail.set(event_target_value(&ev))/>
                </label>
            </div>
            <div class="panel-actions">
                <button type="button" class="btn" on:click=move |_| draft.close()>"닫기"</button>
                <button type="submit" class=class data-testid=format!("{prefix}-submit") disabled=move || ops.pending()>{button}</button>
            </div>
        </form>
    }
}

#[component]
fn TimelineCard(events: Vec<ClaimEventView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="claim-timeline-title">
            <h2 id="claim-timeline-title">"처리 이력"</h2>
            <ol class="timeline" data-testid="claim-timeline">
                {events.into_iter().map(|e| view! {
                    <li data-testid=format!("claim-event-{}", e.action)>
                        <span>
                            <strong>{e.action_label}</strong>
                            {(!e.to_status_label.is_empty()).then(|| format!(" → {}", e.to_status_label))}
                        </span>
                        {(!e.detail.is_empty()).then(|| view! { <span style="overflow-wrap: anywhere;">{e.detail}</span> })}
                        <span class="muted small">{e.at} " · " {e.actor}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn MessagesCard(messages: Vec<crate::outbox::OutboxMessageView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="claim-messages-title">
            <h2 id="claim-messages-title">"구매자 알림 " <span class="muted">{messages.len()}</span></h2>
            {if messages.is_empty() {
                view! { <p class="muted">"보낸 알림이 없습니다."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="claim-messages">
                        {messages.into_iter().map(|m| {
                            let badge = match m.status.as_str() {
                                "sent" => "badge badge-approved",
                                "failed" => "badge badge-rejected",
                                _ => "badge badge-pending_review",
                            };
                            let via = match m.via.as_str() {
                                "email" => " · 이메일",
                                "channel" => " · 채널 메시지",
                                _ => "",
                            };
                            view! {
                                <li data-testid=format!("claim-message-{}", m.kind)>
                                    <span style="overflow-wrap: anywhere;"><strong>{m.subject}</strong></span>
                                    <span>
                                        <span class=badge data-testid="claim-message-status">{m.status_label}</span>
                                        <span class="muted small">{via}</span>
                                    </span>
                                    {(!m.last_error.is_empty()).then(|| view! { <span class="muted small">{m.last_error}</span> })}
                                    <span class="muted small">{m.created_at}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
