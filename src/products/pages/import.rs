//! 상품 일괄등록: template and export downloads, an upload with a preview
//! and a per-row report, then the import in the chosen mode.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::msg;
use crate::products::*;
use crate::ui::{use_sheet_upload, with_english_headers, ExportHeadersCheck, SheetUpload};

#[component]
pub fn ProductImportPage() -> impl IntoView {
    let sheet = use_sheet_upload(import_products, |r: &ImportReport| {
        r.applied.then(|| msg::products_import_toast_done(r.valid_products))
    });
    let SheetUpload { form, run, report, error } = sheet;
    let send = move |apply: bool| sheet.send(apply);

    // Only the export follows the option; the templates are the importer's
    // format and stay Korean.
    let english = RwSignal::new(false);
    let export = move |ext: &str| with_english_headers(&format!("/downloads/products.{ext}"), english.get());
    let templates = view! {
        <section class="card">
            <h2>{msg::products_import_step_template()}</h2>
            <p>{msg::products_import_template_help()}</p>
            <div class="download-links">
                <a class="btn" href="/downloads/product-template.xlsx" download data-testid="template-xlsx">{msg::products_import_template_xlsx()}</a>
                <a class="btn" href="/downloads/product-template.csv" download>{msg::products_import_template_csv()}</a>
                <a class="btn" href=move || export("xlsx") download data-testid="export-xlsx">{msg::products_import_export_xlsx()}</a>
                <a class="btn" href=move || export("csv") download data-testid="export-csv">{msg::products_import_export_csv()}</a>
                <ExportHeadersCheck label=msg::products_export_english_headers() english/>
            </div>
            <p class="hint">{msg::products_import_encoding_hint()}</p>
        </section>
    }
    .into_any();
    let upload = view! {
        <form class="card form" node_ref=form on:submit=move |ev| { ev.prevent_default(); send(false); }>
            <h2>{msg::products_import_step_upload()}</h2>
            <label for="import-file">{msg::products_import_file_label()}</label>
            <input id="import-file" name="file" type="file" data-testid="import-file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            <fieldset class="inline-choices">
                <legend>{msg::products_import_mode_legend()}</legend>
                <label class="check"><input type="radio" name="mode" value="valid_only" checked/>" " {msg::products_import_mode_valid_only()}</label>
                <label class="check"><input type="radio" name="mode" value="all_or_nothing" data-testid="mode-all"/>" " {msg::products_import_mode_all_or_nothing()}</label>
            </fieldset>
            <div class="form-actions left">
                <button type="submit" class="btn" disabled=move || run.pending().get() data-testid="import-preview">{msg::products_import_preview()}</button>
                <button type="button" class="btn btn-primary" disabled=move || run.pending().get() data-testid="import-apply"
                    on:click=move |_| send(true)>{msg::products_import_apply()}</button>
            </div>
            {move || run.pending().get().then(|| view! { <p class="muted" aria-live="polite">{msg::products_import_checking()}</p> })}
            {move || error.get().map(|m| view! { <p class="form-error" role="alert" data-testid="import-error-message">{m}</p> })}
        </form>
    }
    .into_any();
    view! {
        <Title text=msg::products_import_page_title()/>
        <div class="page-head"><h1>{msg::products_import_title()}</h1></div>
        {templates}
        {upload}
        {move || report.get().map(|r| view! { <ImportReportView report=r/> })}
    }
}

#[component]
fn ImportReportView(report: ImportReport) -> impl IntoView {
    let total_errors = report.errors.len() + report.more_errors;
    let outcome = if report.applied {
        msg::products_import_outcome_applied(report.valid_products, report.new_products, report.updated_products)
    } else if total_errors > 0 && report.valid_products > 0 {
        msg::products_import_outcome_some_errors(total_errors, report.valid_products)
    } else if total_errors > 0 {
        msg::products_import_outcome_all_errors(total_errors)
    } else {
        msg::products_import_outcome_ok(report.valid_products)
    };
    view! {
        <section class="card" data-testid="import-report" aria-live="polite">
            <h2>{if report.applied { msg::products_import_result() } else { msg::products_import_preview() }}</h2>
            <p class={if report.applied { "form-ok" } else { "" }} data-testid="import-outcome">{outcome}</p>
            <dl class="facts compact">
                <dt>{msg::products_import_fact_rows()}</dt><dd>{report.rows}</dd>
                <dt>{msg::products_import_fact_products()}</dt><dd>{report.products}</dd>
                <dt>{msg::products_import_fact_valid()}</dt><dd data-testid="import-valid">{report.valid_products}</dd>
                <dt>{msg::products_import_fact_new_updated()}</dt><dd>{report.new_products} " / " {report.updated_products}</dd>
                <dt>{msg::products_import_fact_errors()}</dt><dd data-testid="import-error-count">{total_errors}</dd>
            </dl>
            {(!report.errors.is_empty()).then(|| view! {
                <table class="report-table">
                    <thead><tr><th scope="col">{msg::products_import_col_row()}</th><th scope="col">{msg::products_import_col_column()}</th><th scope="col">{msg::products_import_col_reason()}</th></tr></thead>
                    <tbody>
                        {report.errors.into_iter().map(|e| view! {
                            <tr data-testid="import-error">
                                <td>{e.line}</td><td>{e.column}</td><td>{e.message}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(report.more_errors > 0).then(|| view! { <p class="muted">{msg::products_import_more_errors(report.more_errors)}</p> })}
        </section>
    }
}
