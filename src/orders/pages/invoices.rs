//! 송장 일괄등록: a spreadsheet of 상품주문번호, 택배사, 송장번호 — a preview
//! with the verdict of every row, then 발송처리 of the valid ones.

use leptos::prelude::*;
use leptos_meta::Title;

use super::*;
use crate::ui::{use_sheet_upload, SheetUpload};

#[component]
pub fn InvoiceImportPage() -> impl IntoView {
    let sheet = use_sheet_upload(import_invoices, |r: &InvoiceReport| {
        r.applied.then(|| format!("{}건을 발송처리했습니다.", r.shipped))
    });
    let SheetUpload { form, run, report, error } = sheet;
    let send = move |apply: bool| sheet.send(apply);
    let can_apply = move || report.with(|r| r.as_ref().is_some_and(|r| !r.applied && r.valid > 0));

    let guide = view! {
        <section class="card">
            <h2>"1. 파일 준비"</h2>
            <p>"첫 행은 제목 행입니다. 다음 열을 읽고, 그 밖의 열은 무시합니다."</p>
            <dl class="facts">
                <dt>"상품주문번호"</dt>
                <dd>"주문 목록의 상품주문번호 (주문번호가 아닙니다)"</dd>
                <dt>"택배사"</dt>
                <dd>"이름 또는 코드 — 예: CJ대한통운 또는 cj, 롯데택배 또는 lotte"</dd>
                <dt>"송장번호"</dt>
                <dd>"숫자만, 하이픈(-)은 있어도 됩니다"</dd>
            </dl>
            <div class="download-links">
                <a class="btn" href="/downloads/orders.xlsx?tab=confirmed" download data-testid="invoice-start-sheet">
                    "배송준비 주문 내려받기 (XLSX)"
                </a>
                <a class="btn" href="/downloads/invoice-template.csv" download data-testid="invoice-template">"CSV 양식"</a>
            </div>
            <p class="hint">"배송준비 주문 파일에 택배사와 송장번호만 채워 올리면 됩니다. CSV는 UTF-8과 CP949 모두 읽습니다."</p>
        </section>
    }
    .into_any();
    let upload = view! {
        <form class="card form" node_ref=form on:submit=move |ev| { ev.prevent_default(); send(false); }>
            <h2>"2. 파일 올리기"</h2>
            <label for="invoice-file">"CSV 또는 XLSX 파일"</label>
            <input id="invoice-file" name="file" type="file" data-testid="invoice-file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=move |_| { report.set(None); error.set(None); }/>
            <div class="form-actions left">
                <button type="submit" class="btn" disabled=move || run.pending().get() data-testid="invoice-preview">"미리보기"</button>
                <button type="button" class="btn btn-primary" data-testid="invoice-apply"
                    disabled=move || run.pending().get() || !can_apply()
                    on:click=move |_| send(true)>"발송처리"</button>
            </div>
            <p class="hint">"먼저 미리보기로 확인한 뒤 정상인 행만 발송처리합니다."</p>
            {move || run.pending().get().then(|| view! { <p class="muted" aria-live="polite">"파일을 확인하는 중…"</p> })}
            {move || error.get().map(|m| view! { <p class="form-error" role="alert" data-testid="invoice-error-message">{m}</p> })}
        </form>
    }
    .into_any();
    view! {
        <Title text="송장 일괄등록 · 파트너센터"/>
        <div class="page-head">
            <h1>"송장 일괄등록"</h1>
            <div class="head-actions">
                <a class="btn" href="/orders?tab=confirmed">"배송준비 주문 보기"</a>
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
        format!("{}건을 발송처리했습니다.", report.shipped)
    } else if report.rows == 0 {
        "읽을 수 있는 행이 없습니다. 제목 행과 열 이름을 확인해 주세요.".to_owned()
    } else if errors > 0 && report.valid > 0 {
        format!("오류 {errors}건이 있습니다. '발송처리'를 누르면 정상인 {}건만 발송처리합니다.", report.valid)
    } else if errors > 0 {
        format!("오류 {errors}건이 있어 발송처리할 수 있는 행이 없습니다.")
    } else {
        format!("모든 행이 정상입니다. '발송처리'를 누르면 {}건이 발송처리됩니다.", report.valid)
    };
    view! {
        <section class="card" data-testid="invoice-report" aria-live="polite">
            <h2>{if report.applied { "발송처리 결과" } else { "미리보기" }}</h2>
            <p class={if report.applied { "form-ok" } else { "" }} data-testid="invoice-outcome">{outcome}</p>
            <dl class="facts compact">
                <dt>"행"</dt><dd>{report.rows}</dd>
                <dt>"정상"</dt><dd data-testid="invoice-valid">{report.valid}</dd>
                <dt>"오류"</dt><dd data-testid="invoice-errors">{errors}</dd>
                <dt>"발송처리"</dt><dd>{report.shipped}</dd>
            </dl>
            {(!report.lines.is_empty()).then(|| view! {
                <table class="report-table stack">
                    <thead>
                        <tr>
                            <th scope="col">"행"</th>
                            <th scope="col">"상품주문번호"</th>
                            <th scope="col">"택배사"</th>
                            <th scope="col">"송장번호"</th>
                            <th scope="col">"결과"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.lines.into_iter().map(|l| {
                            let ok = l.error.is_empty();
                            view! {
                                <tr data-testid="invoice-line" class:row-error={!ok}>
                                    <td data-label="행">{l.line}</td>
                                    <td data-label="상품주문번호">{l.item_id}</td>
                                    <td data-label="택배사">{l.courier}</td>
                                    <td data-label="송장번호">{l.tracking_number}</td>
                                    <td data-label="결과">
                                        {if ok {
                                            view! { <span class="result-ok">"정상"</span> }.into_any()
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
