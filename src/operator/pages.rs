//! 입점 심사: the operator's queue and the application detail.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::*;
use crate::i18n::msg;
use crate::ui::{use_toasts, ErrorNotice, Field, FormError, FormErrors, Loading};

const TABS: &[(&str, fn() -> &'static str)] = &[
    ("pending_review", msg::operator_tab_pending),
    ("approved", msg::operator_tab_approved),
    ("rejected", msg::operator_tab_rejected),
    ("suspended", msg::operator_tab_suspended),
    ("all", msg::operator_tab_all),
];

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let q = use_query_map();
    let status = Memo::new(move |_| q.with(|q| q.get("status").unwrap_or_else(|| "pending_review".into())));
    let list = Resource::new(move || status.get(), list_applications);
    view! {
        <Title text=msg::operator_queue_title()/>
        <div class="page-head"><h1>{msg::operator_queue_heading()}</h1></div>
        <nav class="tabs" aria-label=msg::operator_tabs_label()>
            {TABS.iter().map(|(key, label)| {
                let href = format!("/operator?status={key}");
                view! {
                    <a href=href aria-current=move || (status.get() == *key).then_some("page")>{label()}</a>
                }
            }).collect_view()}
        </nav>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(apps) if apps.is_empty() => view! { <p class="card">{msg::operator_queue_empty()}</p> }.into_any(),
                    Ok(apps) => view! {
                        <ul class="application-list">
                            {apps.into_iter().map(|a| view! {
                                <li class="card application" data-testid="application">
                                    <a href=format!("/operator/shops/{}", a.shop_id)>
                                        <strong>{a.shop_name}</strong>
                                    </a>
                                    <span class=format!("badge badge-{}", a.status.as_str())>{a.status.label()}</span>
                                    <p class="muted">
                                        {a.representative_name} " · " {a.business_number} " · " {a.owner_email}
                                        <br/>{msg::operator_submitted(a.submitted_at)}
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
            toasts.success(msg::operator_done(status.label()));
        }
    });
    view! {
        <Title text=msg::operator_detail_title()/>
        <div class="page-head">
            <h1>{msg::operator_detail_heading()}</h1>
            <a class="btn" href="/operator">{msg::operator_back()}</a>
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
                                    <span class=format!("badge badge-{}", status.as_str()) data-testid="review-status">{status.label()}</span>
                                </h2>
                                <dl class="facts">
                                    <dt>{msg::shop_representative()}</dt><dd>{d.summary.representative_name.clone()}</dd>
                                    <dt>{msg::shop_business_number()}</dt><dd>{d.summary.business_number.clone()}</dd>
                                    <dt>{msg::shop_mail_order_number()}</dt><dd>{d.mail_order_number.clone()}</dd>
                                    <dt>{msg::shop_business_address()}</dt><dd>{d.business_address.clone()}</dd>
                                    <dt>{msg::operator_owner()}</dt><dd>{d.summary.owner_email.clone()}</dd>
                                    <dt>{msg::shop_payout_title()}</dt><dd>{d.settlement_bank.clone()} " " {d.settlement_account.clone()} " (" {d.settlement_holder.clone()} ")"</dd>
                                    <dt>{msg::operator_submitted_on()}</dt><dd>{d.summary.submitted_at.clone()}</dd>
                                </dl>
                                {(!d.rejection_reason.is_empty()).then(|| view! {
                                    <p class="banner banner-danger">{msg::operator_reason(&d.rejection_reason)}</p>
                                })}
                            </section>
                            <section class="card">
                                <h2>{msg::operator_document()}</h2>
                                {match d.document_url.clone() {
                                    Some(url) if d.document_is_pdf => view! {
                                        <a class="btn" href=url target="_blank" rel="noopener">{msg::operator_open_pdf()}</a>
                                    }.into_any(),
                                    Some(url) => {
                                        let src = url.clone();
                                        view! {
                                            <a href=url target="_blank" rel="noopener">
                                                <img class="document-preview" src=src alt=msg::operator_document()/>
                                            </a>
                                        }.into_any()
                                    }
                                    None => view! { <p class="muted">{msg::operator_no_document()}</p> }.into_any(),
                                }}
                            </section>
                            <section class="card">
                                <h2>{msg::operator_actions()}</h2>
                                <FormError errors/>
                                {(status == crate::auth::ShopStatus::PendingReview).then(|| view! {
                                    <ActionForm action=review attr:class="inline-form">
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="approve"/>
                                        <input type="hidden" name="reason" value=""/>
                                        <button type="submit" class="btn btn-primary" data-testid="approve">{msg::operator_approve()}</button>
                                    </ActionForm>
                                    <ActionForm action=review attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="reject"/>
                                        <Field id="reject-reason" name="reason" label=msg::operator_reject_reason() value=""
                                            error=errors.field("reason") rows=3 required=true/>
                                        <button type="submit" class="btn btn-danger" data-testid="reject">{msg::operator_reject()}</button>
                                    </ActionForm>
                                })}
                                {(status == crate::auth::ShopStatus::Approved).then(|| view! {
                                    <ActionForm action=review attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="suspend"/>
                                        <Field id="suspend-reason" name="reason" label=msg::operator_suspend_reason() value=""
                                            error=errors.field("reason") rows=3 required=true/>
                                        <button type="submit" class="btn btn-danger">{msg::operator_suspend()}</button>
                                    </ActionForm>
                                })}
                                {(status == crate::auth::ShopStatus::Suspended).then(|| view! {
                                    <ActionForm action=review attr:class="inline-form">
                                        <input type="hidden" name="shop_id" value=id/>
                                        <input type="hidden" name="decision" value="reinstate"/>
                                        <input type="hidden" name="reason" value=""/>
                                        <button type="submit" class="btn btn-primary">{msg::operator_reinstate()}</button>
                                    </ActionForm>
                                })}
                                {(status == crate::auth::ShopStatus::Rejected).then(|| view! {
                                    <p class="muted">{msg::operator_rejected_hint()}</p>
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
