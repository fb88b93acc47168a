//! Pages of 주문·배송 관리: the live order list, an order's detail, 송장
//! 일괄등록 and printable packing slips, with the pieces they share — the
//! status badge, the inline 발송처리 form, the cancel/delay reason panel and
//! the actions that call the server.

mod detail;
mod invoices;
mod list;
mod slips;

pub use detail::OrderDetailPage;
pub use invoices::InvoiceImportPage;
pub use list::OrderListPage;
pub use slips::PackingSlipsPage;

use leptos::prelude::*;

use super::*;
use crate::i18n::msg;
use crate::ui::use_toasts;

/// The item's claim, as a small badge linking to the claim.
fn claim_badge(row: &OrderRow) -> Option<impl IntoView> {
    row.claim.as_ref().map(|b| {
        let class = if b.status.is_open() { "badge badge-warning" } else { "badge" };
        view! { <a class=class href=format!("/claims/{}", b.claim_id) data-testid="order-claim-badge">{b.label.clone()}</a> }
    })
}

fn status_badge(status: OrderStatus) -> impl IntoView {
    view! {
        <span class=format!("badge badge-order-{}", status.as_str()) data-testid="order-status">
            {status.label()}
        </span>
    }
}

/// Items a seller may still ship, cancel or announce a delay for.
fn is_open(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Paid | OrderStatus::Confirmed)
}

/// The courier and a link to its tracking page, once an item is shipped.
fn tracking_link(row: &OrderRow) -> Option<impl IntoView> {
    (!row.tracking_number.is_empty()).then(|| {
        let url = row.tracking_url.clone();
        let number = row.tracking_number.clone();
        view! {
            <span class="tracking">
                {row.courier_name.clone()} " "
                {if url.is_empty() {
                    view! { <span>{number}</span> }.into_any()
                } else {
                    view! { <a href=url target="_blank" rel="noopener" data-testid="tracking-link">{number}</a> }.into_any()
                }}
            </span>
        }
    })
}

/// `a=1&b=x%20y` for the download links; empty values are left out.
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encoding of a query value (UTF-8), the same on server and browser.
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The export links of the list, with its current filters.
fn export_href(ext: &str, f: &OrderQuery) -> String {
    let q = query_string(&[("tab", &f.tab), ("from", &f.from), ("to", &f.to), ("channel", &f.channel), ("q", &f.q)]);
    if q.is_empty() {
        format!("/downloads/orders.{ext}")
    } else {
        format!("/downloads/orders.{ext}?{q}")
    }
}

/// Today in Korean time, `YYYY-MM-DD`, and a day some time before it; only
/// called from event handlers (the server and the browser may disagree on
/// "now" while hydrating).
fn kst_range(days: u32, months: u32) -> (String, String) {
    use chrono::{Days, Months, Utc};
    let today = Utc::now().with_timezone(&crate::time::kst()).date_naive();
    let from = today
        .checked_sub_months(Months::new(months))
        .and_then(|d| d.checked_sub_days(Days::new(days.into())))
        .unwrap_or(today);
    (from.format("%Y-%m-%d").to_string(), today.format("%Y-%m-%d").to_string())
}

type Done = Result<usize, AppError>;

/// The actions of the order pages. Each reports its result as a toast and
/// then calls the page's `on_done` (reload what is shown).
#[derive(Clone, Copy)]
struct OrderOps {
    confirm: Action<Vec<i64>, Done>,
    cancel: Action<(Vec<i64>, String), Done>,
    delay: Action<(Vec<i64>, String, String), Done>,
    ship: Action<Vec<ShipInput>, Done>,
}

impl OrderOps {
    fn new(on_done: impl Fn() + Copy + 'static) -> Self {
        let ops = Self {
            confirm: Action::new(|ids: &Vec<i64>| confirm_orders(ids.clone())),
            cancel: Action::new(|(ids, reason): &(Vec<i64>, String)| cancel_orders(ids.clone(), reason.clone())),
            delay: Action::new(|(ids, reason, date): &(Vec<i64>, String, String)| {
                delay_orders(ids.clone(), reason.clone(), date.clone())
            }),
            ship: Action::new(|items: &Vec<ShipInput>| ship_orders(items.clone())),
        };
        let toasts = use_toasts();
        let report = move |value: Option<Done>, done: fn(usize) -> String| match value {
            Some(Ok(n)) => {
                toasts.success(done(n));
                on_done();
            }
            Some(Err(e)) => toasts.error(e.message),
            None => {}
        };
        Effect::new(move |_| report(ops.confirm.value().get(), |n| msg::orders_confirmed_n(n)));
        Effect::new(move |_| report(ops.cancel.value().get(), |n| msg::orders_cancelled_n(n)));
        Effect::new(move |_| report(ops.delay.value().get(), |n| msg::orders_delayed_n(n)));
        Effect::new(move |_| report(ops.ship.value().get(), |n| msg::orders_shipped_n(n)));
        ops
    }

    fn pending(self) -> bool {
        self.confirm.pending().get() || self.cancel.pending().get() || self.delay.pending().get() || self.ship.pending().get()
    }
}

/// 발송처리 of one item where it is listed: courier, 송장번호, 발송. Also
/// 송장 수정 of a shipped item (`initial` holds its courier and number).
#[component]
fn ShipInline(
    id: i64,
    ops: OrderOps,
    #[prop(optional)] initial: Option<(String, String)>,
    #[prop(default = msg::orders_ship_button())] button: &'static str,
) -> impl IntoView {
    let (courier0, tracking0) = initial.unwrap_or_else(|| ("cj".to_owned(), String::new()));
    let courier = RwSignal::new(courier0.clone());
    let tracking = RwSignal::new(tracking0);
    let toasts = use_toasts();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let number = tracking.get_untracked().trim().to_owned();
        if number.is_empty() {
            return toasts.error(msg::courier_err_tracking_required());
        }
        ops.ship.dispatch(vec![ShipInput { item_id: id, courier: courier.get_untracked(), tracking_number: number }]);
    };
    let courier_id = format!("courier-{id}");
    let tracking_id = format!("tracking-{id}");
    view! {
        <form class="ship-inline" on:submit=send aria-label=msg::orders_ship_item_form(id.to_string())>
            <label class="sr-only" for=courier_id.clone()>{msg::orders_courier()}</label>
            <select id=courier_id.clone() data-testid=courier_id
                on:change=move |ev| courier.set(event_target_value(&ev))>
                {Courier::ALL.iter().map(|c| {
                    let is = c.code() == courier0;
                    view! { <option value=c.code() selected=is>{c.name()}</option> }
                }).collect_view()}
            </select>
            <label class="sr-only" for=tracking_id.clone()>{msg::orders_tracking_number()}</label>
            <input id=tracking_id.clone() data-testid=tracking_id type="text" inputmode="numeric"
                autocomplete="off" placeholder=msg::orders_tracking_number()
                prop:value=move || tracking.get()
                on:input=move |ev| tracking.set(event_target_value(&ev))/>
            <button type="submit" class="btn btn-primary" data-testid=format!("ship-{id}")
                disabled=move || ops.ship.pending().get()>{button}</button>
        </form>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReasonKind {
    /// 판매취소
    Cancel,
    /// 발송지연 안내
    Delay,
}

/// The reason sent (in Korean: it goes to the buyer and into the history)
/// and its label in the seller's language.
type Reason = (&'static str, fn() -> &'static str);

/// The reason that takes the detail as the whole text.
const OTHER_REASON: &str = "기타";

const CANCEL_REASONS: &[Reason] = &[
    ("품절", msg::orders_reason_out_of_stock),
    ("상품 하자", msg::orders_reason_defect),
    ("배송 불가 지역", msg::orders_reason_no_delivery_area),
    ("구매자 요청", msg::orders_reason_buyer_request),
    (OTHER_REASON, msg::orders_reason_other),
];
const DELAY_REASONS: &[Reason] = &[
    ("상품 준비중", msg::orders_reason_preparing),
    ("재입고 대기", msg::orders_reason_restock),
    ("주문 제작", msg::orders_reason_made_to_order),
    ("구매자 요청", msg::orders_reason_buyer_request),
    (OTHER_REASON, msg::orders_reason_other),
];

/// The reason (and for a delay the new ship-by date) asked before a 판매취소
/// or a 발송지연 안내 of `ids`.
#[component]
fn ReasonPanel(
    kind: ReasonKind,
    #[prop(into)] ids: Signal<Vec<i64>>,
    ops: OrderOps,
    on_close: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let reasons = match kind {
        ReasonKind::Cancel => CANCEL_REASONS,
        ReasonKind::Delay => DELAY_REASONS,
    };
    let reason = RwSignal::new(reasons[0].0.to_owned());
    let detail = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let prefix = match kind {
        ReasonKind::Cancel => "cancel",
        ReasonKind::Delay => "delay",
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = ids.get_untracked();
        if ids.is_empty() {
            return toasts.error(msg::orders_err_select_orders());
        }
        let detail = detail.get_untracked().trim().to_owned();
        let reason = match (reason.get_untracked(), detail.is_empty()) {
            (r, true) => r,
            (r, false) if r == OTHER_REASON => detail,
            (r, false) => format!("{r}: {detail}"),
        };
        match kind {
            ReasonKind::Cancel => {
                if crate::ui::confirm(&msg::orders_confirm_cancel(ids.len())) {
                    ops.cancel.dispatch((ids, reason));
                    on_close.run(());
                }
            }
            ReasonKind::Delay => {
                let new_date = date.get_untracked();
                if new_date.is_empty() {
                    return toasts.error(msg::orders_err_new_date_required());
                }
                ops.delay.dispatch((ids, reason, new_date));
                on_close.run(());
            }
        }
    };
    let (title, action) = match kind {
        ReasonKind::Cancel => (msg::orders_cancel_title(), msg::orders_btn_cancel_sale()),
        ReasonKind::Delay => (msg::orders_action_delay(), msg::orders_send_notice()),
    };
    view! {
        <form class="reason-panel" on:submit=submit data-testid=format!("{prefix}-panel")>
            <p class="panel-title"><strong>{title}</strong> " · " {move || msg::common_items_count(ids.get().len())}</p>
            <div class="panel-fields">
                <label>
                    <span class="field-label">{msg::orders_reason()}</span>
                    <select on:change=move |ev| reason.set(event_target_value(&ev)) data-testid=format!("{prefix}-reason")>
                        {reasons.iter().map(|(value, label)| view! { <option value=*value>{label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span class="field-label">{msg::orders_reason_detail()}</span>
                    <input type="text" maxlength="200" prop:value=move || detail.get()
                        on:input=move |ev| detail.set(event_target_value(&ev))/>
                </label>
                {(kind == ReasonKind::Delay).then(|| view! {
                    <label>
                        <span class="field-label">{msg::orders_new_ship_date()}</span>
                        <input type="date" required prop:value=move || date.get() data-testid="delay-date"
                            on:input=move |ev| date.set(event_target_value(&ev))/>
                    </label>
                })}
            </div>
            <div class="panel-actions">
                <button type="button" class="btn" on:click=move |_| on_close.run(())>{msg::orders_close()}</button>
                <button type="submit"
                    class={if kind == ReasonKind::Cancel { "btn btn-danger" } else { "btn btn-primary" }}
                    disabled=move || ops.pending()>{action}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_links_carry_the_filters_encoded() {
        let f = OrderQuery {
            tab: "paid".into(),
            from: "2026-11-01".into(),
            q: "김 민지&1".into(),
            ..Default::default()
        };
        assert_eq!(export_href("csv", &f), "/downloads/orders.csv?tab=paid&from=2026-11-01&q=%EA%B9%80%20%EB%AF%BC%EC%A7%80%261");
        assert_eq!(export_href("xlsx", &OrderQuery::default()), "/downloads/orders.xlsx");
    }
}
