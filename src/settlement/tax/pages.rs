//! 세금계산서 list, the printable invoice, and 부가세 신고 자료.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::*;
use crate::format::{format_number, format_won};
use crate::settlement::pages::SettlementTabs;
use crate::ui::{ErrorNotice, Loading};

fn pdf_href(month: &str) -> String {
    format!("/downloads/tax-invoices/{month}.pdf")
}

#[component]
pub fn TaxInvoiceListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_tax_invoices());
    view! {
        <Title text="세금계산서 · 파트너센터"/>
        <div class="page-head">
            <h1>"정산 관리"</h1>
        </div>
        <SettlementTabs current="/settlement/tax-invoices"/>
        <p class="muted tax-intro">
            "파트너센터가 매월 판매수수료·결제수수료에 대해 발행하는 세금계산서입니다. "
            "매월 말일자로 발행되며, 세액은 다음 정산 지급액에서 차감됩니다(영수)."
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! {
                        <div class="card empty-state" data-testid="tax-invoice-empty">
                            <p>"아직 세금계산서가 없습니다."</p>
                            <p class="muted">"구매확정된 주문의 수수료가 정산되면 다음 달 1일에 지난달 세금계산서가 발행됩니다."</p>
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
        ("발행완료", "badge badge-approved")
    } else {
        ("발행 예정 · 미리보기", "badge badge-warning")
    };
    view! {
        <li class="card tax-card" data-testid="tax-invoice-row" data-month=t.month.clone()>
            <div class="tax-card-head">
                <h2>{month_label(&t.month)}</h2>
                <span class=badge_class>{badge}</span>
            </div>
            <dl class="tax-amounts">
                <div><dt>"공급가액"</dt><dd>{format_won(t.supply_value)}</dd></div>
                <div><dt>"세액"</dt><dd>{format_won(t.vat)}</dd></div>
                <div class="tax-total"><dt>"합계금액"</dt><dd>{format_won(t.total)}</dd></div>
            </dl>
            <p class="muted small">
                "작성일자 " {t.write_date.clone()}
                {(!t.approval_no.is_empty()).then(|| view! { " · 승인번호 " <span class="nowrap">{t.approval_no.clone()}</span> })}
            </p>
            <div class="head-actions">
                <a class="btn" href=href>"세금계산서 보기"</a>
                <a class="btn" href=pdf rel="external" download>"PDF 내려받기"</a>
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
        <Title text=move || format!("세금계산서 {} · 파트너센터", month.get())/>
        <div class="page-head no-print">
            <h1>{move || format!("세금계산서 · {}", month_label(&month.get()))}</h1>
        </div>
        <div class="head-actions no-print tax-actions">
            <a class="btn" href="/settlement/tax-invoices">"← 목록"</a>
            <button type="button" class="btn" on:click=print data-testid="tax-invoice-print">"인쇄"</button>
            <a class="btn btn-primary" href=move || pdf_href(&month.get()) rel="external" download data-testid="tax-invoice-pdf">
                "PDF 내려받기"
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
            <th class="ti-label" scope="row">"등록번호"</th>
            <td class="ti-value ti-regno" colspan="3">{format_registration_no(&p.registration_no)}</td>
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">"상호"</th>
            {cell(p.name.clone())}
            <th class="ti-label">"성명"</th>
            {cell(p.representative.clone())}
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">"사업장 주소"</th>
            <td class="ti-value" colspan="3">{p.address.clone()}</td>
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">"업태"</th>
            {cell(p.business_type.clone())}
            <th class="ti-label">"종목"</th>
            {cell(p.business_item.clone())}
        }
        .into_any(),
        view! {
            <th class="ti-label" scope="row">"이메일"</th>
            <td class="ti-value" colspan="3">{p.email.clone()}</td>
        }
        .into_any(),
    ]
}

#[component]
fn InvoiceSheet(inv: TaxInvoice) -> impl IntoView {
    let supplier = party_rows("공급자", &inv.supplier);
    let buyer = party_rows("공급받는자", &inv.buyer);
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
        "발행 전 미리보기".to_owned()
    };
    view! {
        {(!inv.issued).then(|| view! {
            <p class="tax-notice no-print" role="status" data-testid="tax-invoice-preview">
                "아직 발행되지 않은 세금계산서 미리보기입니다. 금액은 그달이 끝날 때까지 바뀔 수 있으며, 다음 달 1일에 확정·발행됩니다."
            </p>
        })}
        <div class="tax-invoice-scroll">
            <article class="tax-invoice" data-testid="tax-invoice" aria-label="세금계산서">
                <table class="ti-grid ti-title">
                    <tbody>
                        <tr>
                            <td class="ti-heading" rowspan="2">
                                <span class="ti-name">"전자세금계산서"</span>
                                <span class="ti-copy">"(공급받는자 보관용)"</span>
                            </td>
                            <th class="ti-label">"승인번호"</th>
                            <td class="ti-value ti-center" data-testid="tax-invoice-approval">
                                {if inv.issued { inv.approval_no.clone() } else { "발행 전 (미리보기)".to_owned() }}
                            </td>
                        </tr>
                        <tr>
                            <th class="ti-label">"관리번호"</th>
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
                        <tr><th>"작성일자"</th><th>"공급가액"</th><th>"세액"</th><th>"비고"</th></tr>
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
                            <th class="ti-c-day">"월"</th><th class="ti-c-day">"일"</th><th>"품목"</th><th>"규격"</th>
                            <th>"수량"</th><th>"단가"</th><th>"공급가액"</th><th>"세액"</th><th>"비고"</th>
                        </tr>
                    </thead>
                    <tbody>{items}{blanks}</tbody>
                </table>
                <table class="ti-grid ti-sum">
                    <thead>
                        <tr>
                            <th>"합계금액"</th><th>"현금"</th><th>"수표"</th><th>"어음"</th><th>"외상미수금"</th>
                            <td class="ti-purpose" rowspan="2">"이 금액을 (" <strong>{inv.purpose_ko()}</strong> ") 함"</td>
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
                    {format!(
                        "{} 판매수수료·결제수수료에 대한 세금계산서입니다. 세액 {}은(는) 다음 정산 지급액에서 차감됩니다.",
                        month_label(&inv.month),
                        format_won(inv.vat)
                    )}
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
        <Title text="부가세 신고 자료 · 파트너센터"/>
        <div class="page-head">
            <h1>"정산 관리"</h1>
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
        <div class="card filter-bar vat-picker" role="group" aria-label="조회 월">
            <div class="filter-row">
                <button type="button" class="btn" on:click=shift(-1) aria-label="이전 달">"‹"</button>
                <label class="sr-only" for="vat-month">"조회 월"</label>
                <input id="vat-month" type="month" data-testid="vat-month" value=value placeholder="2026-10"
                    on:change=move |ev| month.set(event_target_value(&ev))/>
                <button type="button" class="btn" on:click=shift(1) aria-label="다음 달">"›"</button>
            </div>
        </div>
    }
}

#[component]
fn VatReportView(report: VatReport, month: RwSignal<String>) -> impl IntoView {
    let csv = format!("/downloads/vat/{}.csv", report.month);
    let xlsx = format!("/downloads/vat/{}.xlsx", report.month);
    let row = |r: &VatRow, total: bool| {
        let class = if total { "vat-total" } else { "" };
        view! {
            <tr class=class data-testid="vat-row" data-method=r.method.clone()>
                <th scope="row">{r.label.clone()}</th>
                <td data-label="판매 건수" class="num">{format_number(r.count)}</td>
                <td data-label="매출액" class="num">{format_won(r.sales)}</td>
                <td data-label="환불" class="num">{format!("{} ({}건)", format_won(r.refunds), format_number(r.refund_count))}</td>
                <td data-label="과세 매출 합계" class="num">{format_won(r.total)}</td>
                <td data-label="공급가액" class="num">{format_won(r.supply)}</td>
                <td data-label="부가세" class="num">{format_won(r.vat)}</td>
            </tr>
        }
    };
    let rows = report.rows.iter().map(|r| row(r, false)).collect_view();
    let totals = row(&report.totals, true);
    view! {
        <MonthPicker month current=report.month.clone()/>
        <div class="page-head vat-head">
            <h2>{format!("{} 결제수단별 매출", month_label(&report.month))}</h2>
            <div class="head-actions">
                <a class="btn" href=csv rel="external" download data-testid="vat-csv">"CSV"</a>
                <a class="btn" href=xlsx rel="external" download data-testid="vat-xlsx">"엑셀 (XLSX)"</a>
            </div>
        </div>
        <table class="vat-table" data-testid="vat-table">
            <thead>
                <tr>
                    <th scope="col">"결제수단"</th><th scope="col">"판매 건수"</th><th scope="col">"매출액"</th>
                    <th scope="col">"환불"</th><th scope="col">"과세 매출 합계"</th><th scope="col">"공급가액"</th>
                    <th scope="col">"부가세"</th>
                </tr>
            </thead>
            <tbody>{rows}{totals}</tbody>
        </table>
        <p class="muted small">
            "매출액은 해당 월(한국 시간)에 결제되고 취소되지 않은 상품주문의 구매자 결제금액(판매가·옵션가 × 수량 − 할인 + 배송비)입니다. "
            "환불은 해당 월에 완료된 반품의 환불액입니다. 공급가액은 과세 매출 합계의 100/110을 원 단위로 반올림한 금액이며, 부가세는 그 나머지입니다."
        </p>
    }
}
