//! 입점 심사: the operator's queue and the application detail.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::*;
use crate::ui::{use_toasts, ErrorNotice, Field, FormError, FormErrors, Loading};

const TABS: &[(&str, &str)] = &[
    ("pending_review", "심사 대기"),
    ("approved", "승인"),
    ("rejected", "반려"),
    ("suspended", "판매 정지"),
    ("all", "전체"),
];

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let q = use_query_map();
    let status = Memo::new(move |_| q.with(|q| q.get("status").unwrap_or_else(|| "pending_review".into())));
    let list = Resource::new(move || status.get(), list_applications);
    view! {
        <Title text="입점 심사 · 파트너센터"/>
        <div class="page-head"><h1>"입점 심사"</h1></div>
        <nav class="tabs" aria-label="심사 상태">
            {TABS.iter().map(|(key, label)| {
                let href = format!("/operator?status={key}");
                view! {
                    <a href=href aria-current=move || (status.get() == *key).then_some("page")>{*label}</a>
                }
            }).collect_view()}
        </nav>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(apps) if apps.is_empty() => view! { <p class="card">"해당하는 신청이 없습니다."</p> }.into_any(),
                    Ok(apps) => view! {
                        <ul class="application-list">
                            {apps.into_iter().map(|a| view! {
                                <li class="card application" data-testid="application">
                                    <a href=format!("/operator/shops/{}", a.shop_id)>
                                        <strong>{a.shop_name}</strong>
                                    </a>
                                    <span class=format!("badge badge-{}", a.status.as_str())>{a.status.label_ko()}</span>
                                    <p class="muted">
                                        {a.representative_name} " · " {a.business_number} " · " {a.owner_email}
                                        <br/>"신청 " {a.submitted_at}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    let params = use_params_map();
    let shop_id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let review = ServerAction::<ReviewShop>::new();
    let detail = Resource::new(move || (shop_id.get(), review.version().get()), |(id, _)| get_application(id));
    let errors = FormErrors::of(review.value());
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let Some(Ok(status)) = review.value().get() {
            toasts.success(format!("처리했습니다: {}", status.label_ko()));
        }
    });
    view! {
        <Title text="입점 신청 상세 · 파트너센터"/>
        <div class="page-head">
            <h1>"입점 신청 상세"</h1>
            <a class="btn" href="/operator">"목록"</a>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let status = d.summary.status;
                        let id = d.summary.shop_id;
                        view! {
                            <section class="card">
                                <h2>{d.summary.shop_name.clone()} " "
                                    <span class=format!("badge badge-{}", status.as_str()) data-testid="review-status">{status.label_ko()}</span>
                                </h2>
                                <dl class="facts">
                                    <dt>"대표자"</dt><dd>{d.summary.representative_name.clone()}</dd>
                                    <dt>"사업자등록번호"</dt><dd>{d.summary.business_number.clone()}</dd>
                                    <dt>"통신판매업 신고번호"</dt><dd>{d.mail_order_number.clone()}</dd>
                                    <dt>"사업장 주소"</dt><dd>{d.business_address.clone()}</dd>
                                    <dt>"대표 관리자"</dt><dd>{d.summary.owner_email.clone()}</dd>
                                    <dt>"정산 계좌"</dt><dd>{d.settlement_bank.clone()} " " {d.settlement_account.clone()} " (" {d.settlement_holder.clone()} ")"</dd>
                                    <dt>"신청일"</dt><dd>{d.summary.submitted_at.clone()}</dd>
                                </dl>
                                {(!d.rejection_reason.is_empty()).then(|| view! {
                                    <p class="banner banner-danger">"사유: " {d.rejection_reason.clone()}</p>
                                })}
                            </section>
                            <section class="card">
                                <h2>"사업자등록증"</h2>
                                {match d.document_url.clone() {
                                    Some(url) if d.document_is_pdf => view! {
                                        <a class="btn" href=url target="_blank" rel="noopener">"PDF 열기"</a>
                                    }.into_any(),
                                    Some(url) => {
                                        let src = url.clone();
                                        view! {
                                            <a href=url target="_blank" rel="noopener">
                                                <img class="document-preview" src=src alt="사업자등록증"/>
                                            </a>
                                        }.into_any()
                                    }
                                    None => view! { <p class="muted">"첨부된 문서가 없습니다."</p> }.into_any(),
                                }}
                            </section>
                            <section class="card">
                                <h2>"처리"</h2>
                                <FormError errors/>
                                {(status == crate::auth::ShopStatus::PendingReview).then(|| view! {
                                    <ActionForm action=review attr:class="inline-form">
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="approve"/>
                                        <input type="hidden" name="reason" value=""/>
                                        <button type="submit" class="btn btn-primary" data-testid="approve">"입점 승인"</button>
                                    </ActionForm>
                                    <ActionForm action=review attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="reject"/>
                                        <Field id="reject-reason" name="reason" label="반려 사유 (판매자에게 보입니다)" value=""
                                            error=errors.field("reason") rows=3 required=true/>
                                        <button type="submit" class="btn btn-danger" data-testid="reject">"반려"</button>
                                    </ActionForm>
                                })}
                                {(status == crate::auth::ShopStatus::Approved).then(|| view! {
                                    <ActionForm action=review attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="suspend"/>
                                        <Field id="suspend-reason" name="reason" label="판매 정지 사유" value=""
                                            error=errors.field("reason") rows=3 required=true/>
                                        <button type="submit" class="btn btn-danger">"판매 정지"</button>
                                    </ActionForm>
                                })}
                                {(status == crate::auth::ShopStatus::Suspended).then(|| view! {
                                    <ActionForm action=review attr:class="inline-form">
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="reinstate"/>
                                        <input type="hidden" name="reason" value=""/>
                                        <button type="submit" class="btn btn-primary">"판매 재개"</button>
                                    </ActionForm>
                                })}
                                {(status == crate::auth::ShopStatus::Rejected).then(|| view! {
                                    <p class="muted">"판매자가 보완해 다시 신청하면 심사 대기로 돌아옵니다."</p>
                                })}
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
