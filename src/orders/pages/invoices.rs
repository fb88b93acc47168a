//! 송장 일괄등록: a spreadsheet of 상품주문번호, 택배사, 송장번호 — a preview
//! with the verdict of every row, then 발송처리 of the valid ones.

use leptos::prelude::*;
use leptos_meta::Title;

use super::*;
use crate::i18n::msg;
use crate::ui::{use_sheet_upload, SheetUpload};

#[component]
pub fn InvoiceImportPage() -> impl IntoView {
    let sheet = use_sheet_upload(import_invoices, |r: &InvoiceReport| {
        r.applied.then(|| msg::orders_shipped_n(r.shipped))
    });
    let SheetUpload { form, run, report, error } = sheet;
    let send = move |apply: bool| sheet.send(apply);
    let can_apply = move || report.with(|r| r.as_ref().is_some_and(|r| !r.applied && r.valid > 0));

    let guide = view! {
        <section class="card">
            <h2>{msg::orders_inv_step1()}</h2>
            <p>{msg::orders_inv_step1_intro()}</p>
            <dl class="facts">
                <dt>{msg::orders_item_no()}</dt>
                <dd>{msg::orders_inv_col_item_hint()}</dd>
                <dt>{msg::orders_courier()}</dt>
                <dd>{msg::orders_inv_col_courier_hint()}</dd>
                <dt>{msg::orders_tracking_number()}</dt>
                <dd>{msg::orders_inv_col_tracking_hint()}</dd>
            </dl>
            <div class="download-links">
                <a class="btn" href="/downloads/orders.xlsx?tab=confirmed" download data-testid="invoice-start-sheet">
                    {msg::orders_inv_download()}
                </a>
                <a class="btn" href="/downloads/invoice-template.csv" download data-testid="invoice-template">{msg::orders_inv_template()}</a>
            </div>
            <p class="hint">{msg::orders_inv_hint()}</p>
        </section>
    }
    .into_any();
    let upload = view! {
        <form class="card form" node_ref=form on:submit=move |ev| { ev.prevent_default(); send(false); }>
            <h2>{msg::orders_inv_step2()}</h2>
            <label for="invoice-file">{msg::orders_inv_file_label()}</label>
            <input id="invoice-file" name="file" type="file" data-testid="invoice-file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=move |_| { report.set(None); error.set(None); }/>
            <div class="form-actions left">
                <button type="submit" class="btn" disabled=move || run.pending().get() data-testid="invoice-preview">{msg::orders_inv_preview()}</button>
                <button type="button" class="btn btn-primary" data-testid="invoice-apply"
                    disabled=move || run.pending().get() || !can_apply()
                    on:click=move |_| send(true)>{msg::orders_action_ship()}</button>
            </div>
            <p class="hint">{msg::orders_inv_preview_hint()}</p>
            {move || run.pending().get().then(|| view! { <p class="muted" aria-live="polite">{msg::orders_inv_checking()}</p> })}
            {move || error.get().map(|m| view! { <p class="form-error" role="alert" data-testid="invoice-error-message">{m}</p> })}
        </form>
    }
    .into_any();
    view! {
        <Title text=msg::orders_inv_page_title()/>
        <div class="page-head">
            <h1>{msg::orders_inv_title()}</h1>
            <div class="head-actions">
                <a class="btn" href="/orders?tab=confirmed">{msg::orders_inv_view_to_ship()}</a>
            </div>
        </div>
        {guide}
        {upload}
        {move || report.get().map(|r| view! { <InvoiceReportView report=r/> })}
    }
}

#[component]
fn InvoiceReportView(report: InvoiceReport) -> impl IntoView {
    let errors = report.rows.saturating_sub(report.valid);
    let outcome = if report.applied {
        msg::orders_shipped_n(report.shipped)
    } else if report.rows == 0 {
        msg::orders_inv_no_rows().to_owned()
    } else if errors > 0 && report.valid > 0 {
        msg::orders_inv_errors_partial(errors, report.valid)
    } else if errors > 0 {
        msg::orders_inv_errors_all(errors)
    } else {
        msg::orders_inv_all_ok(report.valid)
    };
    view! {
        <section class="card" data-testid="invoice-report" aria-live="polite">
            <h2>{if report.applied { msg::orders_inv_result() } else { msg::orders_inv_preview() }}</h2>
            <p class={if report.applied { "form-ok" } else { "" }} data-testid="invoice-outcome">{outcome}</p>
            <dl class="facts compact">
                <dt>{msg::orders_inv_row()}</dt><dd>{report.rows}</dd>
                <dt>{msg::orders_inv_ok()}</dt><dd data-testid="invoice-valid">{report.valid}</dd>
                <dt>{msg::orders_inv_errors()}</dt><dd data-testid="invoice-errors">{errors}</dd>
                <dt>{msg::orders_action_ship()}</dt><dd>{report.shipped}</dd>
            </dl>
            {(!report.lines.is_empty()).then(|| view! {
                <table class="report-table stack">
                    <thead>
                        <tr>
                            <th scope="col">{msg::orders_inv_row()}</th>
                            <th scope="col">{msg::orders_item_no()}</th>
                            <th scope="col">{msg::orders_courier()}</th>
                            <th scope="col">{msg::orders_tracking_number()}</th>
                            <th scope="col">{msg::orders_inv_result_col()}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.lines.into_iter().map(|l| {
                            let ok = l.error.is_empty();
                            view! {
                                <tr data-testid="invoice-line" class:row-error={!ok}>
                                    <td data-label=msg::orders_inv_row()>{l.line}</td>
                                    <td data-label=msg::orders_item_no()>{l.item_id}</td>
                                    <td data-label=msg::orders_courier()>{l.courier}</td>
                                    <td data-label=msg::orders_tracking_number()>{l.tracking_number}</td>
                                    <td data-label=msg::orders_inv_result_col()>
                                        {if ok {
                                            view! { <span class="result-ok">{msg::orders_inv_ok()}</span> }.into_any()
                                        } else {
                                            view! { <span class="result-error">{l.error}</span> }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
