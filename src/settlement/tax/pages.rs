//! 세금계산서 list, the printable invoice, and 부가세 신고 자료.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::*;
use crate::format::{format_number, format_won};
use crate::i18n::msg;
use crate::settlement::pages::SettlementTabs;
use crate::ui::{with_english_headers, ErrorNotice, ExportHeadersCheck, Loading};

fn pdf_href(month: &str) -> String {
    format!("/downloads/tax-invoices/{month}.pdf")
}

#[component]
pub fn TaxInvoiceListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_tax_invoices());
    view! {
        <Title text=msg::tax_list_page_title()/>
        <div class="page-head">
            <h1>{msg::settlement_heading()}</h1>
        </div>
        <SettlementTabs current="/settlement/tax-invoices"/>
        <p class="muted tax-intro">{msg::tax_intro()}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! {
                        <div class="card empty-state" data-testid="tax-invoice-empty">
                            <p>{msg::tax_list_empty()}</p>
                            <p class="muted">{msg::tax_list_empty_hint()}</p>
                        </div>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="cards tax-list" data-testid="tax-invoice-list">
                            {list.into_iter().map(|t| view! { <InvoiceCard t/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InvoiceCard(t: TaxInvoiceSummary) -> impl IntoView {
    let href = format!("/settlement/tax-invoices/{}", t.month);
    let pdf = pdf_href(&t.month);
    let (badge, badge_class) = if t.issued {
        (msg::tax_badge_issued(), "badge badge-approved")
    } else {
        (msg::tax_badge_preview(), "badge badge-warning")
    };
    view! {
        <li class="card tax-card" data-testid="tax-invoice-row" data-month=t.month.clone()>
            <div class="tax-card-head">
                <h2>{month_label(&t.month)}</h2>
                <span class=badge_class>{badge}</span>
            </div>
            <dl class="tax-amounts">
                <div><dt>{msg::tax_supply_value()}</dt><dd>{format_won(t.supply_value)}</dd></div>
                <div><dt>{msg::tax_vat_amount()}</dt><dd>{format_won(t.vat)}</dd></div>
                <div class="tax-total"><dt>{msg::tax_total_amount()}</dt><dd>{format_won(t.total)}</dd></div>
            </dl>
            <p class="muted small">
                {msg::tax_write_date_value(&t.write_date)}
                {(!t.approval_no.is_empty()).then(|| view! { " · " {msg::tax_approval_no_label()} " " <span class="nowrap">{t.approval_no.clone()}</span> })}
            </p>
            <div class="head-actions">
                <a class="btn" href=href>{msg::tax_view()}</a>
                <a class="btn" href=pdf rel="external" download>{msg::tax_download_pdf()}</a>
            </div>
        </li>
    }
}

#[component]
pub fn TaxInvoicePage() -> impl IntoView {
    let params = use_params_map();
    let month = Memo::new(move |_| params.with(|p| p.get("month").unwrap_or_default()));
    let data = Resource::new(move || month.get(), get_tax_invoice);
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <Title text=move || msg::tax_invoice_page_title(month.get())/>
        <div class="page-head no-print">
            <h1>{move || msg::tax_invoice_heading(month_label(&month.get()))}</h1>
        </div>
        <div class="head-actions no-print tax-actions">
            <a class="btn" href="/settlement/tax-invoices">{msg::tax_back_to_list()}</a>
            <button type="button" class="btn" on:click=print data-testid="tax-invoice-print">{msg::tax_print()}</button>
            <a class="btn btn-primary" href=move || pdf_href(&month.get()) rel="external" download data-testid="tax-invoice-pdf">
                {msg::tax_download_pdf()}
            </a>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(inv) => view! { <InvoiceSheet inv/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One party's five rows; `title` is written downwards in its own column.
fn party_rows(title: &'static str, p: &Party) -> [AnyView; 5] {
    let cell = |text: String| view! { <td class="ti-value">{text}</td> };
    [
        view! {
            <th class="ti-side" rowspan="5" scope="rowgroup">{title}</th>
            <th class="ti-label" scope="row">{msg::tax_registration_no()}</th>
            <td class="ti-value ti-regno" colspan="3">{format_registration_no(&p.registration_no)}</td>
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">{msg::tax_trade_name()}</th>
            {cell(p.name.clone())}
            <th class="ti-label">{msg::tax_representative()}</th>
            {cell(p.representative.clone())}
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">{msg::tax_business_address()}</th>
            <td class="ti-value" colspan="3">{p.address.clone()}</td>
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">{msg::tax_business_type()}</th>
            {cell(p.business_type.clone())}
            <th class="ti-label">{msg::tax_business_item()}</th>
            {cell(p.business_item.clone())}
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">{msg::tax_email()}</th>
            <td class="ti-value" colspan="3">{p.email.clone()}</td>
        }
        .into_any(),
    ]
}

#[component]
fn InvoiceSheet(inv: TaxInvoice) -> impl IntoView {
    let supplier = party_rows(msg::tax_supplier(), &inv.supplier);
    let buyer = party_rows(msg::tax_buyer(), &inv.buyer);
    let rows = supplier
        .into_iter()
        .zip(buyer)
        .map(|(s, b)| view! { <tr>{s}{b}</tr> })
        .collect_view();
    let blank_rows = 4usize.saturating_sub(inv.items.len());
    let items = inv
        .items
        .iter()
        .map(|it| {
            let (m, d) = it
                .date
                .split_once('-')
                .map(|(m, d)| (m.to_owned(), d.to_owned()))
                .unwrap_or_default();
            view! {
                <tr data-testid="tax-invoice-item">
                    <td class="ti-center">{m}</td>
                    <td class="ti-center">{d}</td>
                    <td>{it.name.clone()}</td>
                    <td></td>
                    <td class="ti-num">{format_number(it.quantity)}</td>
                    <td></td>
                    <td class="ti-num">{format_number(it.supply_value)}</td>
                    <td class="ti-num">{format_number(it.vat)}</td>
                    <td></td>
                </tr>
            }
        })
        .collect_view();
    let blanks = (0..blank_rows)
        .map(|_| view! { <tr class="ti-blank"><td></td><td></td><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr> })
        .collect_view();
    let note = if inv.issued {
        String::new()
    } else {
        msg::tax_preview_note().to_owned()
    };
    view! {
        {(!inv.issued).then(|| view! {
            <p class="tax-notice no-print" role="status" data-testid="tax-invoice-preview">
                {msg::tax_preview_notice()}
            </p>
        })}
        <div class="tax-invoice-scroll">
            <article class="tax-invoice" data-testid="tax-invoice" aria-label=msg::tax_invoice_aria()>
                <table class="ti-grid ti-title">
                    <tbody>
                        <tr>
                            <td class="ti-heading" rowspan="2">
                                <span class="ti-name">{msg::tax_e_invoice()}</span>
                                <span class="ti-copy">{msg::tax_buyer_copy()}</span>
                            </td>
                            <th class="ti-label">{msg::tax_approval_no_label()}</th>
                            <td class="ti-value ti-center" data-testid="tax-invoice-approval">
                                {if inv.issued { inv.approval_no.clone() } else { msg::tax_approval_preview().to_owned() }}
                            </td>
                        </tr>
                        <tr>
                            <th class="ti-label">{msg::tax_management_no()}</th>
                            <td class="ti-value ti-center">{inv.month.clone()}</td>
                        </tr>
                    </tbody>
                </table>
                <table class="ti-grid ti-parties">
                    <colgroup>
                        <col class="ti-c-side"/><col class="ti-c-label"/><col/><col class="ti-c-sub"/><col/>
                        <col class="ti-c-side"/><col class="ti-c-label"/><col/><col class="ti-c-sub"/><col/>
                    </colgroup>
                    <tbody>{rows}</tbody>
                </table>
                <table class="ti-grid">
                    <thead>
                        <tr><th>{msg::tax_write_date()}</th><th>{msg::tax_supply_value()}</th><th>{msg::tax_vat_amount()}</th><th>{msg::tax_remarks()}</th></tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td class="ti-center">{inv.write_date.clone()}</td>
                            <td class="ti-num" data-testid="tax-invoice-supply">{format_number(inv.supply_value)}</td>
                            <td class="ti-num" data-testid="tax-invoice-vat">{format_number(inv.vat)}</td>
                            <td class="ti-center">{note}</td>
                        </tr>
                    </tbody>
                </table>
                <table class="ti-grid ti-items">
                    <thead>
                        <tr>
                            <th class="ti-c-day">{msg::tax_col_month()}</th><th class="ti-c-day">{msg::tax_col_day()}</th>
                            <th>{msg::tax_col_item()}</th><th>{msg::tax_col_spec()}</th>
                            <th>{msg::tax_col_quantity()}</th><th>{msg::tax_col_unit_price()}</th><th>{msg::tax_supply_value()}</th>
                            <th>{msg::tax_vat_amount()}</th><th>{msg::tax_remarks()}</th>
                        </tr>
                    </thead>
                    <tbody>{items}{blanks}</tbody>
                </table>
                <table class="ti-grid ti-sum">
                    <thead>
                        <tr>
                            <th>{msg::tax_total_amount()}</th><th>{msg::tax_col_cash()}</th><th>{msg::tax_col_check()}</th>
                            <th>{msg::tax_col_note()}</th><th>{msg::tax_col_credit()}</th>
                            <td class="ti-purpose" rowspan="2">
                                {msg::tax_purpose_before()} <strong>{inv.purpose_label()}</strong> {msg::tax_purpose_after()}
                            </td>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td class="ti-num" data-testid="tax-invoice-total">{format_number(inv.total)}</td>
                            <td></td><td></td><td></td><td></td>
                        </tr>
                    </tbody>
                </table>
                <p class="ti-foot">
                    {msg::tax_foot(month_label(&inv.month), format_won(inv.vat))}
                </p>
            </article>
        </div>
    }
}

// ------------------------------------------------------------------ VAT report

#[component]
pub fn VatReportPage() -> impl IntoView {
    let query = use_query_map();
    let month = RwSignal::new(query.with_untracked(|q| q.get("month").unwrap_or_default()));
    let data = Resource::new(move || month.get(), get_vat_report);
    view! {
        <Title text=msg::tax_vat_page_title()/>
        <div class="page-head">
            <h1>{msg::settlement_heading()}</h1>
        </div>
        <SettlementTabs current="/settlement/vat"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) => view! { <VatReportView report month/> }.into_any(),
                    Err(e) if e.code == "invalid_input" => view! {
                        <MonthPicker month current=String::new()/>
                        <p class="form-error" role="alert" data-testid="vat-error">{e.message}</p>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MonthPicker(month: RwSignal<String>, current: String) -> impl IntoView {
    let base = Month::parse(&current).ok();
    let shift = move |by: i32| {
        move |_| {
            if let Some(m) = base {
                let m = if by < 0 { m.prev() } else { m.next() };
                month.set(m.to_string());
            }
        }
    };
    let value = current.clone();
    view! {
        <div class="card filter-bar vat-picker" role="group" aria-label=msg::tax_month_picker()>
            <div class="filter-row">
                <button type="button" class="btn" on:click=shift(-1) aria-label=msg::tax_prev_month()>"‹"</button>
                <label class="sr-only" for="vat-month">{msg::tax_month_picker()}</label>
                <input id="vat-month" type="month" data-testid="vat-month" value=value placeholder="2026-10"
                    on:change=move |ev| month.set(event_target_value(&ev))/>
                <button type="button" class="btn" on:click=shift(1) aria-label=msg::tax_next_month()>"›"</button>
            </div>
        </div>
    }
}

#[component]
fn VatReportView(report: VatReport, month: RwSignal<String>) -> impl IntoView {
    let english = RwSignal::new(false);
    let csv = {
        let href = format!("/downloads/vat/{}.csv", report.month);
        move || with_english_headers(&href, english.get())
    };
    let xlsx = {
        let href = format!("/downloads/vat/{}.xlsx", report.month);
        move || with_english_headers(&href, english.get())
    };
    let row = |r: &VatRow, total: bool| {
        let class = if total { "vat-total" } else { "" };
        view! {
            <tr class=class data-testid="vat-row" data-method=r.method.clone()>
                <th scope="row">{r.label.clone()}</th>
                <td data-label=msg::tax_vat_count() class="num">{format_number(r.count)}</td>
                <td data-label=msg::tax_vat_sales() class="num">{format_won(r.sales)}</td>
                <td data-label=msg::tax_vat_refunds() class="num">{msg::tax_vat_refunds_value(format_won(r.refunds), r.refund_count)}</td>
                <td data-label=msg::tax_vat_taxable_total() class="num">{format_won(r.total)}</td>
                <td data-label=msg::tax_supply_value() class="num">{format_won(r.supply)}</td>
                <td data-label=msg::tax_vat() class="num">{format_won(r.vat)}</td>
            </tr>
        }
    };
    let rows = report.rows.iter().map(|r| row(r, false)).collect_view();
    let totals = row(&report.totals, true);
    view! {
        <MonthPicker month current=report.month.clone()/>
        <div class="page-head vat-head">
            <h2>{msg::tax_vat_heading(month_label(&report.month))}</h2>
            <div class="head-actions">
                <a class="btn" href=csv rel="external" download data-testid="vat-csv">"CSV"</a>
                <a class="btn" href=xlsx rel="external" download data-testid="vat-xlsx">{msg::tax_vat_excel()}</a>
                <ExportHeadersCheck label=msg::settlement_export_english_headers() english/>
            </div>
        </div>
        <table class="vat-table" data-testid="vat-table">
            <thead>
                <tr>
                    <th scope="col">{msg::tax_vat_method()}</th><th scope="col">{msg::tax_vat_count()}</th>
                    <th scope="col">{msg::tax_vat_sales()}</th><th scope="col">{msg::tax_vat_refunds()}</th>
                    <th scope="col">{msg::tax_vat_taxable_total()}</th><th scope="col">{msg::tax_supply_value()}</th>
                    <th scope="col">{msg::tax_vat()}</th>
                </tr>
            </thead>
            <tbody>{rows}{totals}</tbody>
        </table>
        <p class="muted small">{msg::tax_vat_note()}</p>
    }
}
