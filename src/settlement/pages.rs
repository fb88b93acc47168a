//! 정산 내역 (a month of statements with the payout calendar), 정산서 detail
//! down to each item, and the operator's 정산 관리 (rates, holds, corrections).

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::format::{format_number, format_won};
use crate::i18n::msg;
use crate::time::format_datetime;
use crate::ui::{use_live_events, use_toasts, with_english_headers, ErrorNotice, ExportHeadersCheck, Loading};

/// The tabs of 정산 관리, shared by its pages.
#[component]
pub fn SettlementTabs(current: &'static str) -> impl IntoView {
    let tab = move |href: &'static str, label: &'static str| {
        let here = (href == current).then_some("page");
        view! { <a href=href aria-current=here>{label}</a> }
    };
    view! {
        <nav class="tabs" aria-label=msg::settlement_tabs_label()>
            {tab("/settlement", msg::settlement_tab_statements())}
            {tab("/settlement/tax-invoices", msg::settlement_tab_tax_invoices())}
            {tab("/settlement/vat", msg::settlement_tab_vat())}
        </nav>
    }
}

fn shift_month(month: &str, by: i32) -> String {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .and_then(|d| {
            if by >= 0 {
                d.checked_add_months(chrono::Months::new(by as u32))
            } else {
                d.checked_sub_months(chrono::Months::new(by.unsigned_abs()))
            }
        })
        .map(|d| d.format("%Y-%m").to_string())
        .unwrap_or_else(|| month.to_owned())
}

fn month_title(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => match (y.parse::<i32>(), m.parse::<u32>()) {
            (Ok(y), Ok(m)) => month_name(y, m),
            _ => month.to_owned(),
        },
        None => month.to_owned(),
    }
}

#[component]
pub fn StatementListPage() -> impl IntoView {
    let month = RwSignal::new(String::new());
    let data = Resource::new(move || month.get(), get_settlement_month);
    use_live_events(super::TOPIC_NAME, move || data.refetch());
    view! {
        <Title text=msg::settlement_list_page_title()/>
        <div class="page-head">
            <h1>{msg::settlement_heading()}</h1>
        </div>
        <SettlementTabs current="/settlement"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! { <MonthView m month/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MonthView(m: SettlementMonth, month: RwSignal<String>) -> impl IntoView {
    let current = m.month.clone();
    let (prev, next) = (shift_month(&current, -1), shift_month(&current, 1));
    let s = m.summary.clone();
    let next_pay = if s.next_pay_date.is_empty() { msg::settlement_no_next_pay().to_owned() } else { s.next_pay_date.clone() };
    let english = RwSignal::new(false);
    let export = {
        let base = format!("/downloads/settlement/statements-{current}");
        move |ext: &'static str| {
            let base = base.clone();
            move || with_english_headers(&format!("{base}.{ext}"), english.get())
        }
    };
    let rates = m.rates.clone();
    view! {
        <div class="cards settlement-summary">
            <section class="card" data-testid="settlement-scheduled">
                <h2 class="small">{msg::settlement_card_scheduled()}</h2>
                <p class="big-number">{format_won(s.scheduled)}</p>
                <p class="muted">{msg::settlement_next_pay(next_pay)}</p>
            </section>
            <section class="card" data-testid="settlement-paid">
                <h2 class="small">{msg::settlement_card_paid_in_month(month_title(&current))}</h2>
                <p class="big-number">{format_won(s.paid_in_month)}</p>
            </section>
            <section class="card" data-testid="settlement-held">
                <h2 class="small">{msg::settlement_card_held()}</h2>
                <p class="big-number">{format_won(s.held)}</p>
                <p class="muted">{msg::settlement_held_hint()}</p>
            </section>
        </div>
        <section class="card">
            <h2>{msg::settlement_upcoming_title()}</h2>
            {if m.upcoming.is_empty() {
                view! { <p class="muted" data-testid="upcoming-empty">{msg::settlement_upcoming_empty()}</p> }.into_any()
            } else {
                view! {
                    <ul class="statement-list" data-testid="upcoming-statements">
                        {m.upcoming.into_iter().map(|st| view! { <StatementCard st/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card">
            <div class="month-nav">
                <button type="button" class="btn btn-small" data-testid="month-prev"
                    on:click={let prev = prev.clone(); move |_| month.set(prev.clone())}>{msg::settlement_month_prev()}</button>
                <h2 data-testid="settlement-month">{msg::settlement_month_schedule(month_title(&current))}</h2>
                <button type="button" class="btn btn-small" data-testid="month-next"
                    on:click={let next = next.clone(); move |_| month.set(next.clone())}>{msg::settlement_month_next()}</button>
            </div>
            <PayoutCalendar month=current.clone() today=m.today.clone() statements=m.statements.clone()/>
        </section>
        <section class="card">
            <div class="section-head">
                <h2>{msg::settlement_statements_title()}</h2>
                <span class="export-links">
                    <a class="btn btn-small" href=export("csv") download data-testid="statements-csv">"CSV"</a>
                    <a class="btn btn-small" href=export("xlsx") download data-testid="statements-xlsx">{msg::settlement_excel()}</a>
                    <ExportHeadersCheck label=msg::settlement_export_english_headers() english/>
                </span>
            </div>
            {if m.statements.is_empty() {
                view! { <p class="muted" data-testid="statements-empty">{msg::settlement_statements_empty()}</p> }.into_any()
            } else {
                view! {
                    <ul class="statement-list" data-testid="statement-list">
                        {m.statements.into_iter().map(|st| view! { <StatementCard st/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card" data-testid="settlement-rates">
            <h2 class="small">{msg::settlement_rates_title()}</h2>
            <ul class="stat-list">
                {rates.into_iter().map(|r| view! {
                    <li>
                        <span>{channel_label(&r.channel)}</span>
                        <strong>{msg::settlement_rate_pair(money::format_bp(r.commission_bp), money::format_bp(r.payment_fee_bp))}</strong>
                    </li>
                }).collect_view()}
            </ul>
            <p class="muted">{msg::settlement_payout_note(m.payout_after_days)}</p>
        </section>
    }
    .into_any()
}

#[component]
fn StatementCard(st: StatementRow) -> impl IntoView {
    let href = format!("/settlement/{}", st.id);
    view! {
        <li class="statement-item">
            <a href=href data-testid=format!("statement-{}", st.id)>
                <span class="statement-dates">
                    <strong>{msg::settlement_pay_on(&st.pay_date)}</strong>
                    <span class="muted">{msg::settlement_confirmed_on(&st.settle_date)} " · " {msg::common_items_count(st.line_count)}</span>
                </span>
                <span class="statement-amount">
                    <span class=st.status.class()>{st.status.label()}</span>
                    <strong>{format_won(st.net_payout)}</strong>
                </span>
            </a>
        </li>
    }
}

/// 지급 달력: the month's days with what is paid on each.
#[component]
fn PayoutCalendar(month: String, today: String, statements: Vec<StatementRow>) -> impl IntoView {
    let Ok(first) = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") else {
        return view! { <p></p> }.into_any();
    };
    let days = first.checked_add_months(chrono::Months::new(1)).and_then(|n| n.pred_opt()).map(|d| d.day()).unwrap_or(30);
    let lead = first.weekday().num_days_from_sunday();
    let mut cells = Vec::new();
    for _ in 0..lead {
        cells.push(view! { <li class="cal-day cal-blank" aria-hidden="true"></li> }.into_any());
    }
    for d in 1..=days {
        let date = first.with_day(d).unwrap_or(first);
        let key = date.format("%Y-%m-%d").to_string();
        let paid: Vec<&StatementRow> = statements.iter().filter(|s| s.pay_date == key).collect();
        let total: i64 = paid.iter().map(|s| s.net_payout).sum();
        let held = paid.iter().any(|s| s.status == StatementStatus::Held);
        let done = !paid.is_empty() && paid.iter().all(|s| s.status == StatementStatus::Paid);
        let holiday = crate::calendar::holiday_name(date);
        let off = !crate::calendar::is_business_day(date);
        let mut class = String::from("cal-day");
        if off {
            class.push_str(" cal-off");
        }
        if key == today {
            class.push_str(" cal-today");
        }
        if !paid.is_empty() {
            class.push_str(if held { " cal-held" } else if done { " cal-paid" } else { " cal-due" });
        }
        let label = format!(
            "{}{}{}",
            msg::settlement_cal_day(first.month(), d),
            holiday.map(|h| format!(" ({h})")).unwrap_or_default(),
            if paid.is_empty() { String::new() } else { format!(" {}", msg::settlement_cal_paid(format_won(total))) }
        );
        cells.push(
            view! {
                <li class=class aria-label=label data-testid=(!paid.is_empty()).then(|| format!("cal-{key}"))>
                    <span class="cal-num">{d}</span>
                    {holiday.map(|h| view! { <span class="cal-holiday">{h}</span> })}
                    {(!paid.is_empty()).then(|| view! { <span class="cal-amount">{short_won(total)}</span> })}
                </li>
            }
            .into_any(),
        );
    }
    view! {
        <ol class="payout-calendar" data-testid="payout-calendar">
            {[
                msg::common_weekday_sun(),
                msg::common_weekday_mon(),
                msg::common_weekday_tue(),
                msg::common_weekday_wed(),
                msg::common_weekday_thu(),
                msg::common_weekday_fri(),
                msg::common_weekday_sat(),
            ]
            .map(|w| view! { <li class="cal-head" aria-hidden="true">{w}</li> }).collect_view()}
            {cells}
        </ol>
    }
    .into_any()
}

/// 1,234,000원 → "123.4만" (Korean) or "1.2M" (English) in a calendar
/// cell a phone can fit.
fn short_won(n: i64) -> String {
    // `n / unit` with one decimal cut off, the decimal left out when it is 0.
    let scaled = |unit: i64| {
        let tenths = n / (unit / 10);
        let (whole, frac) = (tenths / 10, (tenths % 10).abs());
        if frac == 0 {
            format_number(whole)
        } else {
            format!("{}.{frac}", format_number(whole))
        }
    };
    match crate::i18n::locale() {
        crate::i18n::Locale::Ko if n.abs() >= 10_000 => msg::settlement_cal_amount(scaled(10_000)),
        crate::i18n::Locale::En if n.abs() >= 1_000_000 => msg::settlement_cal_amount(format!("{}M", scaled(1_000_000))),
        crate::i18n::Locale::En if n.abs() >= 1_000 => msg::settlement_cal_amount(format!("{}K", scaled(1_000))),
        _ => format_number(n),
    }
}

#[component]
pub fn StatementDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, |id| get_statement(id, 0));
    view! {
        <Title text=msg::settlement_statement_page_title()/>
        <div class="page-head">
            <h1>{msg::settlement_statement_heading()}</h1>
            <a class="btn btn-small" href="/settlement">{msg::settlement_back_to_list()}</a>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <StatementView d/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StatementView(d: StatementDetail) -> impl IntoView {
    let toasts = use_toasts();
    let st = d.statement.clone();
    let id = st.id;
    let english = RwSignal::new(false);
    let export = move |ext: &str| with_english_headers(&format!("/downloads/settlement/statement-{id}.{ext}"), english.get());
    let coupons = d.coupons;
    let lines = RwSignal::new(d.lines);
    let next = RwSignal::new(d.next_after);
    let more = Action::new(move |after: &i64| get_statement(id, *after));
    Effect::new(move |_| match more.value().get() {
        Some(Ok(page)) => {
            lines.update(|l| l.extend(page.lines));
            next.set(page.next_after);
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let row = |label: &'static str, amount: i64, minus: bool, testid: &'static str| {
        view! {
            <div class="kv-row">
                <dt>{label}</dt>
                <dd data-testid=testid>{if minus && amount != 0 { format!("-{}", format_won(amount)) } else { format_won(amount) }}</dd>
            </div>
        }
    };
    view! {
        <section class="card" data-testid="statement-head">
            <div class="section-head">
                <h2>{msg::settlement_confirmed_on(&st.settle_date)}</h2>
                <span class=st.status.class() data-testid="statement-status">{st.status.label()}</span>
            </div>
            <p class="muted">{msg::settlement_pay_date_label()} " " <strong>{st.pay_date.clone()}</strong>
                {(st.paid_at > 0).then(|| format!(" · {}", msg::settlement_pay_on(format_datetime(st.paid_at))))}
                " · " {msg::common_items_count(st.line_count)}</p>
            {(!st.hold_reason.is_empty()).then(|| view! {
                <p class="notice notice-warning" data-testid="statement-hold-reason">{msg::settlement_hold_reason_value(&st.hold_reason)}</p>
            })}
            <dl class="kv settlement-breakdown">
                {row(msg::settlement_sale_amount(), st.sale_amount, false, "st-sale")}
                {row(msg::settlement_seller_discount(), st.seller_discount, true, "st-discount")}
                {row(msg::settlement_shipping_fee(), st.shipping_fee, false, "st-shipping")}
                {row(msg::settlement_commission(), st.commission, true, "st-commission")}
                {row(msg::settlement_payment_fee(), st.payment_fee, true, "st-payment-fee")}
                {row(msg::settlement_kind_claim(), st.claim_amount, false, "st-claim")}
                {row(msg::settlement_kind_adjustment(), st.adjustment, false, "st-adjustment")}
                <div class="kv-row kv-total">
                    <dt>{msg::settlement_net_payout()}</dt>
                    <dd data-testid="st-net"><strong>{format_won(st.net_payout)}</strong></dd>
                </div>
            </dl>
        </section>
        {(!coupons.is_empty()).then(|| view! { <CouponBreakdown coupons/> })}
        <section class="card">
            <div class="section-head">
                <h2>{msg::settlement_lines_title()}</h2>
                <span class="export-links">
                    <a class="btn btn-small" href=move || export("csv") download data-testid="statement-lines-csv">"CSV"</a>
                    <a class="btn btn-small" href=move || export("xlsx") download data-testid="statement-lines-xlsx">{msg::settlement_excel()}</a>
                    <ExportHeadersCheck label=msg::settlement_export_english_headers() english/>
                </span>
            </div>
            <ul class="settlement-lines" data-testid="statement-lines">
                <For each=move || lines.get() key=|l| l.id let:l>
                    <LineItem l/>
                </For>
            </ul>
            {move || next.get().map(|after| view! {
                <div class="load-more">
                    <button type="button" class="btn" data-testid="lines-more" disabled=move || more.pending().get()
                        on:click=move |_| { more.dispatch(after); }>{msg::settlement_more()}</button>
                </div>
            })}
        </section>
    }
    .into_any()
}

/// 쿠폰 할인 내역: per coupon, the lines that used it and who bore the discount.
#[component]
fn CouponBreakdown(coupons: Vec<CouponLine>) -> impl IntoView {
    view! {
        <section class="card" data-testid="statement-coupons">
            <div class="section-head"><h2>{msg::settlement_coupons_title()}</h2></div>
            <p class="muted">{msg::settlement_coupons_help()}</p>
            <div class="table-scroll">
                <table class="report-table">
                    <thead><tr>
                        <th>{msg::settlement_coupon_col_coupon()}</th>
                        <th class="num">{msg::settlement_coupon_col_lines()}</th>
                        <th class="num">{msg::settlement_coupon_col_seller()}</th>
                        <th class="num">{msg::settlement_coupon_col_platform()}</th>
                    </tr></thead>
                    <tbody>
                        {coupons.into_iter().map(|c| view! {
                            <tr data-testid=format!("statement-coupon-{}", c.coupon_id)>
                                <td><a href=format!("/promotions/coupons/{}", c.coupon_id)>{c.name}</a>
                                    " " <span class="muted">{c.code}</span></td>
                                <td class="num">{c.lines}</td>
                                <td class="num" data-testid="coupon-seller-part">{format_won(c.seller_part)}</td>
                                <td class="num" data-testid="coupon-platform-part">{format_won(c.platform_part)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn LineItem(l: LineRow) -> impl IntoView {
    let title = match l.kind.as_str() {
        "adjustment" => l.memo.clone(),
        _ if l.option_text.is_empty() => l.product_name.clone(),
        _ => format!("{} · {}", l.product_name, l.option_text),
    };
    let order = (!l.order_no.is_empty()).then(|| {
        let href = format!("/orders/{}", l.order_no);
        view! { <a href=href>{l.order_no.clone()}</a> }
    });
    let fee = |label: &'static str, bp: i64, amount: i64| {
        (amount != 0).then(|| view! { <span>{label} " " {money::format_bp(bp)} " -" {format_won(amount)}</span> })
    };
    view! {
        <li class="settlement-line" data-testid=format!("line-{}", l.id)>
            <div class="line-head">
                <span class="badge">{line_kind_label(&l.kind)}</span>
                <span class="line-title">{title}</span>
                <strong class="line-net" data-testid="line-net">{format_won(l.net_payout)}</strong>
            </div>
            <div class="line-meta muted">
                {order}
                {(!l.channel.is_empty()).then(|| view! { <span>{channel_label(&l.channel)}</span> })}
                {(l.quantity > 0).then(|| view! { <span>{msg::settlement_qty(l.quantity)}</span> })}
                {(l.sale_amount != 0).then(|| view! { <span>{msg::settlement_line_sale(format_won(l.sale_amount))}</span> })}
                {(l.seller_discount != 0).then(|| view! { <span>{msg::settlement_line_discount(format_won(l.seller_discount))}</span> })}
                {(l.coupon_id > 0).then(|| view! {
                    <span data-testid="line-coupon">{msg::settlement_line_coupon(format_won(l.coupon_seller_part), format_won(l.coupon_platform_part))}</span>
                })}
                {(l.campaign_id > 0).then(|| view! { <span data-testid="line-campaign">{msg::settlement_line_campaign()}</span> })}
                {(l.shipping_fee != 0).then(|| view! { <span>{msg::settlement_line_shipping(format_won(l.shipping_fee))}</span> })}
                {fee(msg::settlement_commission(), l.commission_bp, l.commission)}
                {fee(msg::settlement_payment_fee(), l.payment_fee_bp, l.payment_fee)}
                {(l.claim_amount != 0).then(|| view! { <span>{msg::settlement_line_claim(format_won(l.claim_amount))}</span> })}
                {(l.kind != "adjustment" && !l.memo.is_empty()).then(|| view! { <span>{l.memo.clone()}</span> })}
            </div>
        </li>
    }
}

/// 운영 콘솔 · 정산: commission rates with effective dates, statements to
/// hold or release, and corrections.
#[component]
pub fn OperatorSettlementPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_operator_settlement());
    let reload = Callback::new(move |_| data.refetch());
    view! {
        <Title text=msg::settlement_op_page_title()/>
        <div class="page-head">
            <h1>{msg::settlement_op_heading()}</h1>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <OperatorView o reload/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OperatorView(o: OperatorSettlement, reload: Callback<()>) -> impl IntoView {
    let toasts = use_toasts();
    let shops = StoredValue::new(o.shops.clone());
    let shop_options = move |with_all: bool| {
        view! {
            {with_all.then(|| view! { <option value="0">{msg::settlement_op_platform_default_all()}</option> })}
            {shops.get_value().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name} " (#" {id} ")"</option> }).collect_view()}
        }
    };
    let rate_shop = RwSignal::new("0".to_owned());
    let rate_channel = RwSignal::new("zigzag".to_owned());
    let commission = RwSignal::new(String::new());
    let payment_fee = RwSignal::new("3.3".to_owned());
    let from = RwSignal::new(String::new());
    let rate_memo = RwSignal::new(String::new());
    let add_rate = Action::new(move |_: &()| {
        add_commission_rate(
            rate_shop.get_untracked().parse().unwrap_or(0),
            rate_channel.get_untracked(),
            commission.get_untracked(),
            payment_fee.get_untracked(),
            from.get_untracked(),
            rate_memo.get_untracked(),
        )
    });
    Effect::new(move |_| match add_rate.value().get() {
        Some(Ok(_)) => {
            toasts.success(msg::settlement_toast_rate_saved());
            reload.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let adj_shop = RwSignal::new(o.shops.first().map(|(id, _)| id.to_string()).unwrap_or_default());
    let adj_amount = RwSignal::new(String::new());
    let adj_memo = RwSignal::new(String::new());
    let adjust = Action::new(move |_: &()| {
        add_settlement_adjustment(
            adj_shop.get_untracked().parse().unwrap_or(0),
            adj_amount.get_untracked(),
            adj_memo.get_untracked(),
        )
    });
    Effect::new(move |_| match adjust.value().get() {
        Some(Ok(())) => {
            toasts.success(msg::settlement_toast_adjustment_added());
            reload.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    view! {
        <section class="card">
            <h2>{msg::settlement_rates_form_title()}</h2>
            <form class="form-grid" data-testid="rate-form" on:submit=move |ev| { ev.prevent_default(); add_rate.dispatch(()); }>
                <label>{msg::settlement_shop()}
                    <select prop:value=move || rate_shop.get() on:change=move |ev| rate_shop.set(event_target_value(&ev))>
                        {shop_options(true)}
                    </select>
                </label>
                <label>{msg::settlement_channel()}
                    <select data-testid="rate-channel" on:change=move |ev| rate_channel.set(event_target_value(&ev))>
                        {crate::channel::Channel::ALL.map(|c| view! { <option value=c.code()>{c.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{msg::settlement_commission_rate()}
                    <input inputmode="decimal" data-testid="rate-commission" placeholder="10.5" prop:value=move || commission.get()
                        on:input=move |ev| commission.set(event_target_value(&ev))/>
                </label>
                <label>{msg::settlement_payment_fee_rate()}
                    <input inputmode="decimal" data-testid="rate-payment" prop:value=move || payment_fee.get()
                        on:input=move |ev| payment_fee.set(event_target_value(&ev))/>
                </label>
                <label>{msg::settlement_effective_from()}
                    <input type="date" data-testid="rate-from" prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>{msg::settlement_memo()}
                    <input prop:value=move || rate_memo.get() on:input=move |ev| rate_memo.set(event_target_value(&ev))/>
                </label>
                <button class="btn btn-primary" type="submit" disabled=move || add_rate.pending().get()>{msg::settlement_save()}</button>
            </form>
            <p class="muted">{msg::settlement_rate_note()}</p>
            <ul class="stat-list" data-testid="rate-history">
                {o.rates.into_iter().map(|r| view! {
                    <li>
                        <span>{if r.shop_id == 0 { msg::settlement_platform_default().to_owned() } else { r.shop_name.clone() }} " · " {channel_label(&r.channel)}
                            " · " {msg::settlement_rate_from(crate::time::format_date(r.effective_from))}</span>
                        <strong>{msg::settlement_rate_pair(money::format_bp(r.commission_bp), money::format_bp(r.payment_fee_bp))}</strong>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card">
            <h2>{msg::settlement_op_statements_title()}</h2>
            {if o.statements.is_empty() {
                view! { <p class="muted">{msg::settlement_op_statements_empty()}</p> }.into_any()
            } else {
                view! {
                    <ul class="statement-list" data-testid="operator-statements">
                        {o.statements.into_iter().map(|st| view! { <HoldItem st reload/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card">
            <h2>{msg::settlement_adjust_title()}</h2>
            <p class="muted">{msg::settlement_adjust_note()}</p>
            <form class="form-grid" data-testid="adjust-form" on:submit=move |ev| { ev.prevent_default(); adjust.dispatch(()); }>
                <label>{msg::settlement_shop()}
                    <select prop:value=move || adj_shop.get() on:change=move |ev| adj_shop.set(event_target_value(&ev))>
                        {shop_options(false)}
                    </select>
                </label>
                <label>{msg::settlement_adjust_amount()}
                    <input inputmode="numeric" data-testid="adjust-amount" prop:value=move || adj_amount.get()
                        on:input=move |ev| adj_amount.set(event_target_value(&ev))/>
                </label>
                <label>{msg::settlement_reason()}
                    <input data-testid="adjust-memo" prop:value=move || adj_memo.get() on:input=move |ev| adj_memo.set(event_target_value(&ev))/>
                </label>
                <button class="btn btn-primary" type="submit" disabled=move || adjust.pending().get()>{msg::settlement_adjust_add()}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn HoldItem(st: StatementRow, reload: Callback<()>) -> impl IntoView {
    let toasts = use_toasts();
    let id = st.id;
    let held = st.status == StatementStatus::Held;
    let reason = RwSignal::new(String::new());
    let act = Action::new(move |hold: &bool| hold_statement(id, *hold, reason.get_untracked()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.success(if held { msg::settlement_toast_released() } else { msg::settlement_toast_held() });
            reload.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    view! {
        <li class="statement-item" data-testid=format!("op-statement-{id}")>
            <span class="statement-dates">
                <strong>{st.shop_name.clone()}</strong>
                <span class="muted">{msg::settlement_pay_on(&st.pay_date)} " · " {msg::settlement_confirmed_on(&st.settle_date)} " · " {format_won(st.net_payout)}</span>
                {held.then(|| view! { <span class="muted">{msg::settlement_reason_value(&st.hold_reason)}</span> })}
            </span>
            <span class="statement-amount">
                <span class=st.status.class()>{st.status.label()}</span>
                {if held {
                    view! { <button type="button" class="btn btn-small" on:click=move |_| { act.dispatch(false); }>{msg::settlement_release()}</button> }.into_any()
                } else {
                    view! {
                        <input class="hold-reason" placeholder=msg::settlement_hold_reason() aria-label=msg::settlement_hold_reason() prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <button type="button" class="btn btn-small btn-danger" on:click=move |_| { act.dispatch(true); }>{msg::settlement_hold()}</button>
                    }.into_any()
                }}
            </span>
        </li>
    }
}
