//! 상품 일괄등록: template and export downloads, an upload with a preview
//! and a per-row report, then the import in the chosen mode.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::products::*;
use crate::ui::{use_sheet_upload, SheetUpload};

#[component]
pub fn ProductImportPage() -> impl IntoView {
    let sheet = use_sheet_upload(import_products, |r: &ImportReport| {
        r.applied.then(|| format!("상품 {}개를 등록·수정했습니다.", r.valid_products))
    });
    let SheetUpload { form, run, report, error } = sheet;
    let send = move |apply: bool| sheet.send(apply);

    let templates = view! {
        <section class="card">
            <h2>"1. 양식 받기"</h2>
            <p>"한 행에 옵션 하나씩 입력합니다. 같은 상품관리코드의 행이 한 상품이 되고, 상품 정보는 첫 행에서 읽습니다. 이미 있는 상품관리코드는 수정되며, 빈 칸은 저장된 값을 그대로 둡니다."</p>
            <div class="download-links">
                <a class="btn" href="/downloads/product-template.xlsx" download data-testid="template-xlsx">"엑셀 양식 (XLSX)"</a>
                <a class="btn" href="/downloads/product-template.csv" download>"CSV 양식"</a>
                <a class="btn" href="/downloads/products.xlsx" download>"전체 상품 내보내기 (XLSX)"</a>
                <a class="btn" href="/downloads/products.csv" download>"전체 상품 내보내기 (CSV)"</a>
            </div>
            <p class="hint">"CSV는 UTF-8(엑셀의 'CSV UTF-8')과 CP949 모두 읽습니다. 수식은 실행하지 않습니다."</p>
        </section>
    }
    .into_any();
    let upload = view! {
        <form class="card form" node_ref=form on:submit=move |ev| { ev.prevent_default(); send(false); }>
            <h2>"2. 파일 올리기"</h2>
            <label for="import-file">"CSV 또는 XLSX 파일 (10MB 이하)"</label>
            <input id="import-file" name="file" type="file" data-testid="import-file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            <fieldset class="inline-choices">
                <legend>"오류가 있는 행이 있으면"</legend>
                <label class="check"><input type="radio" name="mode" value="valid_only" checked/>" 정상인 상품만 등록"</label>
                <label class="check"><input type="radio" name="mode" value="all_or_nothing" data-testid="mode-all"/>" 전체를 등록하지 않음"</label>
            </fieldset>
            <div class="form-actions left">
                <button type="submit" class="btn" disabled=move || run.pending().get() data-testid="import-preview">"미리보기"</button>
                <button type="button" class="btn btn-primary" disabled=move || run.pending().get() data-testid="import-apply"
                    on:click=move |_| send(true)>"등록하기"</button>
            </div>
            {move || run.pending().get().then(|| view! { <p class="muted" aria-live="polite">"파일을 확인하는 중…"</p> })}
            {move || error.get().map(|m| view! { <p class="form-error" role="alert" data-testid="import-error-message">{m}</p> })}
        </form>
    }
    .into_any();
    view! {
        <Title text="상품 일괄등록 · 파트너센터"/>
        <div class="page-head"><h1>"상품 일괄등록"</h1></div>
        {templates}
        {upload}
        {move || report.get().map(|r| view! { <ImportReportView report=r/> })}
    }
}

#[component]
fn ImportReportView(report: ImportReport) -> impl IntoView {
    let total_errors = report.errors.len() + report.more_errors;
    let outcome = if report.applied {
        format!("상품 {}개를 반영했습니다. (신규 {}, 수정 {})", report.valid_products, report.new_products, report.updated_products)
    } else if total_errors > 0 && report.valid_products > 0 {
        format!("오류 {total_errors}건이 있습니다. 정상인 상품 {}개만 등록하거나 파일을 고쳐 다시 올려 주세요.", report.valid_products)
    } else if total_errors > 0 {
        format!("오류 {total_errors}건이 있어 등록할 수 있는 상품이 없습니다.")
    } else {
        format!("모든 행이 정상입니다. '등록하기'를 누르면 상품 {}개가 반영됩니다.", report.valid_products)
    };
    view! {
        <section class="card" data-testid="import-report" aria-live="polite">
            <h2>{if report.applied { "등록 결과" } else { "미리보기" }}</h2>
            <p class={if report.applied { "form-ok" } else { "" }} data-testid="import-outcome">{outcome}</p>
            <dl class="facts compact">
                <dt>"행"</dt><dd>{report.rows}</dd>
                <dt>"상품"</dt><dd>{report.products}</dd>
                <dt>"정상"</dt><dd data-testid="import-valid">{report.valid_products}</dd>
                <dt>"신규 / 수정"</dt><dd>{report.new_products} " / " {report.updated_products}</dd>
                <dt>"오류"</dt><dd data-testid="import-error-count">{total_errors}</dd>
            </dl>
            {(!report.errors.is_empty()).then(|| view! {
                <table class="report-table">
                    <thead><tr><th scope="col">"행"</th><th scope="col">"열"</th><th scope="col">"사유"</th></tr></thead>
                    <tbody>
                        {report.errors.into_iter().map(|e| view! {
                            <tr data-testid="import-error">
                                <td>{e.line}</td><td>{e.column}</td><td>{e.message}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(report.more_errors > 0).then(|| view! { <p class="muted">"그 밖의 오류 " {report.more_errors} "건은 파일을 고친 뒤 다시 확인해 주세요."</p> })}
        </section>
    }
}
