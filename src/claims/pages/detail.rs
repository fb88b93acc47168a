//! 클레임 상세: the claim, the refund as the server computes it (shown
//! before 승인, and sent back with it so a changed amount is caught), the
//! actions the claim's status allows, the timeline and the messages to the
//! buyer with their delivery state.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::orders::Courier;
use crate::format::format_won;
use crate::i18n::msg;
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
        let report = move |value: Option<Done>, done: fn() -> &'static str| match value {
            Some(Ok(())) => {
                toasts.success(done());
                on_done();
            }
            Some(Err(e)) => {
                toasts.error(e.message);
                on_done();
            }
            None => {}
        };
        Effect::new(move |_| report(ops.approve.value().get().map(|r| r.map(|_| ())), msg::claims_done_approve));
        Effect::new(move |_| report(ops.reject.value().get(), msg::claims_done_reject));
        Effect::new(move |_| report(ops.hold.value().get(), msg::claims_done_hold));
        Effect::new(move |_| report(ops.pickup.value().get(), msg::claims_done_pickup));
        Effect::new(move |_| report(ops.collected.value().get(), msg::claims_done_collected));
        Effect::new(move |_| report(ops.reship.value().get(), msg::claims_done_reship));
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
                .map(|&(value, _)| value)
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
        <DetailHead title=msg::claims_detail_title() back="/claims" back_label=msg::claims_back_to_list()/>
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
        msg::claims_no_option().to_owned()
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
                {msg::claims_summary_request(&row.kind_label)} " " <span class="muted">"#" {row.id}</span> " "
                {status_badge(row.kind, row.status)}
            </h2>
            <dl class="facts">
                <dt>{msg::claims_fact_product()}</dt>
                <dd style="overflow-wrap: anywhere;"><strong>{row.product_name.clone()}</strong> " · " {option} " · " {msg::claims_quantity(row.quantity)}</dd>
                {(!row.exchange_option_text.is_empty()).then(|| view! {
                    <dt>{msg::claims_fact_exchange_option()}</dt><dd data-testid="claim-exchange-option">{row.exchange_option_text.clone()}</dd>
                })}
                <dt>{msg::claims_fact_order_no()}</dt>
                <dd><a href=order_href data-testid="claim-order-link">{row.order_no.clone()}</a> " · " {msg::claims_fact_order_item()} " " {row.order_item_id}</dd>
                <dt>{msg::claims_fact_order_status()}</dt>
                <dd>{detail.item_status_label.clone()}</dd>
                <dt>{msg::claims_fact_channel()}</dt>
                <dd>{row.channel_label.clone()} " · " {detail.channel_claim_id.clone()}</dd>
                <dt>{msg::claims_fact_buyer()}</dt>
                <dd>{row.buyer_name.clone()}</dd>
                <dt>{msg::claims_fact_reason()}</dt>
                <dd data-testid="claim-reason">
                    {row.reason_label.clone()}
                    {(!detail.reason_text.is_empty()).then(|| format!(" · {}", detail.reason_text))}
                </dd>
                <dt>{msg::claims_fact_fault()}</dt>
                <dd data-testid="claim-fault">{row.fault_label.clone()}</dd>
                <dt>{msg::claims_fact_requested_at()}</dt>
                <dd>{row.requested_at.clone()}</dd>
                {row.status.is_open().then(|| view! { <dt>{msg::claims_due()}</dt><dd>{due_flag(&row)}</dd> })}
                {pickup.map(|w| view! { <dt>{msg::claims_fact_pickup_waybill()}</dt><dd data-testid="claim-pickup-waybill">{waybill(w)}</dd> })}
                {reship.map(|w| view! { <dt>{msg::claims_fact_reship_waybill()}</dt><dd data-testid="claim-reship-waybill">{waybill(w)}</dd> })}
                {detail.damaged.then(|| view! { <dt>{msg::claims_fact_inspection()}</dt><dd><span class="badge badge-warning">{msg::claims_damaged_badge()}</span></dd> })}
                {(!detail.decision_reason.is_empty()).then(|| view! {
                    <dt>{msg::claims_fact_decision_reason()}</dt><dd data-testid="claim-decision-reason">{detail.decision_reason.clone()}</dd>
                })}
            </dl>
        </section>
    }
}

#[component]
fn RefundCard(detail: ClaimDetail) -> impl IntoView {
    let b = detail.refund.clone();
    let kind = detail.row.kind;
    let title = if detail.row.kind == ClaimKind::Exchange {
        msg::claims_refund_exchange_title()
    } else if detail.refund_final {
        msg::claims_refund_final_title()
    } else {
        msg::claims_refund_expected_title()
    };
    if detail.row.kind == ClaimKind::Exchange {
        return view! {
            <section class="card" aria-labelledby="claim-refund">
                <h2 id="claim-refund">{title}</h2>
                <dl class="amounts">
                    <dt class="total">{msg::claims_refund_buyer_pays()}</dt>
                    <dd class="total" data-testid="claim-charge">{format_won(b.charge_amount)}</dd>
                </dl>
                <p class="muted small">{msg::claims_refund_exchange_note()}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card" aria-labelledby="claim-refund" data-testid="claim-refund">
            <h2 id="claim-refund">{title}</h2>
            <dl class="amounts">
                <dt>{msg::claims_refund_product()}</dt>
                <dd data-testid="claim-refund-product">{format_won(b.product_amount)}</dd>
                <dt>{msg::claims_refund_shipping()}</dt>
                <dd data-testid="claim-refund-shipping">{format_won(b.shipping_refund)}</dd>
                {b.deductions.iter().map(|d| view! {
                    <dt>{d.shown_label(kind)}</dt>
                    <dd data-testid=format!("claim-deduction-{}", d.code)>{format!("-{}", format_won(d.amount))}</dd>
                }).collect_view()}
                <dt class="total">{msg::claims_refund_total()}</dt>
                <dd class="total" data-testid="claim-refund-total">{format_won(b.total)}</dd>
            </dl>
            {(b.uncovered > 0).then(|| view! {
                <p class="muted small">{msg::claims_refund_uncovered(format_won(b.uncovered))}</p>
            })}
            {(!detail.refund_final).then(|| view! {
                <p class="muted small">{msg::claims_refund_note()}</p>
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
        msg::claims_approve_cancel()
    } else {
        msg::claims_approve_return()
    };
    view! {
        <section class="card" aria-labelledby="claim-actions" data-testid="claim-actions">
            <h2 id="claim-actions">{msg::claims_actions_title()}</h2>
            <div class="action-row" style="display: flex; flex-wrap: wrap; gap: 8px;">
                {has(ClaimAction::StartPickup).then(|| view! {
                    <button type="button" class="btn btn-primary" data-testid="claim-pickup"
                        on:click=move |_| draft.open(ClaimAction::StartPickup)>{msg::claims_button_pickup()}</button>
                })}
                {has(ClaimAction::MarkCollected).then(|| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="claim-damaged"
                            prop:checked=move || damaged.get()
                            on:change=move |ev| damaged.set(event_target_checked(&ev))/>
                        " " {msg::claims_damaged_check()}
                    </label>
                    <button type="button" class="btn btn-primary" data-testid="claim-collected"
                        disabled=move || ops.pending()
                        on:click=move |_| { ops.collected.dispatch((id, damaged.get_untracked())); }>{msg::claims_button_collected()}</button>
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
                        on:click=move |_| draft.open(ClaimAction::Reship)>{msg::claims_button_reship()}</button>
                })}
                {has(ClaimAction::Hold).then(|| view! {
                    <button type="button" class="btn" data-testid="claim-hold"
                        on:click=move |_| draft.open(ClaimAction::Hold)>{msg::claims_button_hold()}</button>
                })}
                {has(ClaimAction::Reject).then(|| view! {
                    <button type="button" class="btn btn-danger" data-testid="claim-reject"
                        on:click=move |_| draft.open(ClaimAction::Reject)>{msg::claims_button_reject()}</button>
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
                return toasts.error(msg::claims_err_tracking_required());
            }
            ops.reship.dispatch((id, c, n));
        } else {
            if c.is_empty() != n.is_empty() {
                return toasts.error(msg::claims_err_pickup_waybill_pair());
            }
            ops.pickup.dispatch((id, c, n));
        }
        draft.close();
    };
    let (title, button) = if action == ClaimAction::Reship {
        (msg::claims_reship_title(), msg::claims_reship_submit())
    } else {
        (msg::claims_pickup_title(), msg::claims_button_pickup())
    };
    view! {
        <form class="reason-panel" on:submit=submit data-testid=format!("{prefix}-panel")>
            <p class="panel-title"><strong>{title}</strong></p>
            <div class="panel-fields">
                <label>
                    <span class="field-label">{msg::claims_courier()}</span>
                    <select data-testid=format!("{prefix}-courier") on:change=move |ev| courier.set(event_target_value(&ev))>
                        {(action != ClaimAction::Reship).then(|| view! {
                            <option value="" selected=move || courier.with(String::is_empty)>{msg::claims_courier_none()}</option>
                        })}
                        {Courier::ALL.iter().map(|c| {
                            let code = c.code();
                            view! { <option value=code selected=move || courier.with(|v| v == code)>{c.name()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="field-label">{msg::claims_tracking_number()}</span>
                    <input type="text" inputmode="numeric" autocomplete="off" data-testid=format!("{prefix}-tracking")
                        prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev))/>
                </label>
            </div>
            <div class="panel-actions">
                <button type="button" class="btn" on:click=move |_| draft.close()>{msg::claims_close()}</button>
                <button type="submit" class="btn btn-primary" data-testid=format!("{prefix}-submit")
                    disabled=move || ops.pending()>{button}</button>
            </div>
        </form>
    }
}

/// A reason offered before 거부 or 보류: the value is what the buyer is
/// told (Korean, as every message to buyers), the label what the seller
/// reads. `OTHER` asks for the detail instead.
type ReasonChoice = (&'static str, fn() -> &'static str);
const OTHER: &str = "기타";
const REJECT_REASONS: &[ReasonChoice] = &[
    ("이미 발송됨", msg::claims_reject_reason_shipped),
    ("반품 기간 경과", msg::claims_reject_reason_period),
    ("상품 훼손 (구매자 과실)", msg::claims_reject_reason_damaged),
    ("사용 흔적", msg::claims_reject_reason_used),
    (OTHER, msg::claims_reason_choice_other),
];
const HOLD_REASONS: &[ReasonChoice] = &[
    ("검수 중", msg::claims_hold_reason_inspecting),
    ("구매자 확인 필요", msg::claims_hold_reason_ask_buyer),
    ("수거 상품 미도착", msg::claims_hold_reason_not_arrived),
    (OTHER, msg::claims_reason_choice_other),
];

/// The reasons offered before an action (none for the others).
fn reasons_for(action: ClaimAction) -> &'static [ReasonChoice] {
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
            (r, true) if r == OTHER => return toasts.error(msg::claims_err_detail_required()),
            (r, true) => r,
            (r, false) if r == OTHER => detail,
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
        (msg::claims_reject_title(), msg::claims_button_reject(), "btn btn-danger")
    } else {
        (msg::claims_hold_title(), msg::claims_button_hold(), "btn btn-primary")
    };
    view! {
        <form class="reason-panel" on:submit=submit data-testid=format!("{prefix}-panel")>
            <p class="panel-title"><strong>{title}</strong></p>
            <div class="panel-fields">
                <label>
                    <span class="field-label">{msg::claims_reason_label()}</span>
                    <select data-testid=format!("{prefix}-reason") on:change=move |ev| reason.set(event_target_value(&ev))>
                        {reasons.iter().map(|&(r, label)| view! {
                            <option value=r selected=move || reason.with(|v| v == r)>{label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="field-label">{msg::claims_reason_detail_label()}</span>
                    <input type="text" maxlength="150" data-testid=format!("{prefix}-detail")
                        prop:value=move || detail.get()
                        on:input=move |ev| detail.set(event_target_value(&ev))/>
                </label>
            </div>
            <div class="panel-actions">
                <button type="button" class="btn" on:click=move |_| draft.close()>{msg::claims_close()}</button>
                <button type="submit" class=class data-testid=format!("{prefix}-submit") disabled=move || ops.pending()>{button}</button>
            </div>
        </form>
    }
}

#[component]
fn TimelineCard(events: Vec<ClaimEventView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="claim-timeline-title">
            <h2 id="claim-timeline-title">{msg::claims_history()}</h2>
            <ol class="timeline" data-testid="claim-timeline">
                {events.into_iter().map(|e| view! {
                    <li data-testid=format!("claim-event-{}", e.action)>
                        <span>
                            <strong>{e.action_label}</strong>
                            {(!e.to_status_label.is_empty()).then(|| format!(" → {}", e.to_status_label))}
                        </span>
                        {(!e.detail.is_empty()).then(|| { let lang = crate::ui::stored_text_lang(&e.detail); view! { <span style="overflow-wrap: anywhere;" lang=lang>{e.detail}</span> } })}
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
            <h2 id="claim-messages-title">{msg::claims_buyer_messages()} " " <span class="muted">{messages.len()}</span></h2>
            {if messages.is_empty() {
                view! { <p class="muted">{msg::claims_no_messages()}</p> }.into_any()
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
                                "email" => Some(msg::claims_via_email()),
                                "channel" => Some(msg::claims_via_channel()),
                                _ => None,
                            }
                            .map(|v| format!(" · {v}"));
                            let lang = crate::ui::stored_text_lang(&m.subject);
                            view! {
                                <li data-testid=format!("claim-message-{}", m.kind)>
                                    <span style="overflow-wrap: anywhere;" lang=lang><strong>{m.subject}</strong></span>
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
