//! 기획전 pages. Sellers: `/promotions/campaigns` (the campaigns open to the
//! shop and its applications with the operator's decisions) and
//! `/promotions/campaigns/:id` (the conditions, the apply form choosing
//! products and prices, the shop's applications to it). The operator:
//! `/operator/campaigns` (list and create form) and `/operator/campaigns/:id`
//! (applications to approve or reject with a reason). Korean first, 360 px.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::format::format_won;
use crate::i18n::msg;
use crate::promotions::discounts::pages::form_all;
use crate::promotions::pages::PromoTabs;
use crate::promotions::results::pages::PromotionResults;
use crate::promotions::results::PromoKind;
use crate::ui::{confirm, form_fields, use_toasts, ErrorNotice, Field, FormError, FormErrors, LoadMore, Loading};

fn id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)))
}

/// The campaign's period, window and conditions.
#[component]
fn CampaignFacts(c: CampaignCard) -> impl IntoView {
    let categories = if c.categories.is_empty() {
        msg::campaign_any_category().to_owned()
    } else {
        c.categories.iter().map(|p| crate::products::model::category_label(p)).collect::<Vec<_>>().join(", ")
    };
    view! {
        <dl class="facts" data-testid="campaign-facts">
            <dt>{msg::campaign_period()}</dt><dd>{c.starts_at} " ~ " {c.ends_at}</dd>
            <dt>{msg::campaign_window()}</dt><dd>{c.apply_from} " ~ " {c.apply_until}</dd>
            <dt>{msg::campaign_min_discount()}</dt><dd>{c.min_discount}</dd>
            <dt>{msg::campaign_max_price()}</dt>
            <dd>{if c.max_price > 0 { format_won(c.max_price) } else { msg::campaign_no_max().to_owned() }}</dd>
            <dt>{msg::campaign_categories()}</dt><dd>{categories}</dd>
            <dt>{msg::campaign_commission()}</dt><dd>{c.commission}</dd>
        </dl>
    }
}

fn application_badge(status: &str) -> String {
    format!("badge badge-application-{status}")
}

/// An application as the seller sees it, with a withdraw button while pending.
fn seller_application(a: ApplicationRow, withdraw: ServerAction<WithdrawApplication>) -> impl IntoView {
    let id = a.id;
    let pending = a.status == "pending";
    view! {
        <li class="card promo-row" data-testid="my-application">
            <div class="promo-row-head">
                <a href=format!("/promotions/campaigns/{}", a.campaign_id)><strong>{a.campaign_title}</strong></a>
                <span class=application_badge(&a.status) data-testid="application-status">{a.status_label}</span>
            </div>
            <p>{a.product_name}</p>
            <p>
                <s class="muted">{format_won(a.regular_price)}</s> " → "
                <strong>{format_won(a.campaign_price)}</strong> " " <span class="muted">{msg::discount_off(a.rate)}</span>
            </p>
            {(!a.reason.is_empty()).then(|| view! {
                <p class="banner banner-danger" data-testid="application-reason">{msg::campaign_reason(a.reason)}</p>
            })}
            {pending.then(|| view! {
                <button type="button" class="btn" data-testid="withdraw-application"
                    disabled=move || withdraw.pending().get()
                    on:click=move |_| {
                        if confirm(msg::campaign_withdraw_confirm()) {
                            withdraw.dispatch(WithdrawApplication { application_id: id });
                        }
                    }>{msg::campaign_withdraw()}</button>
            })}
        </li>
    }
}

#[component]
pub fn CampaignListPage() -> impl IntoView {
    let toasts = use_toasts();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let list = Resource::new(move || withdraw.version().get(), |_| list_campaigns(None));
    let more = RwSignal::new(Vec::<ApplicationRow>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let load = Action::new(move |c: &String| list_campaigns(Some(c.clone())));
    Effect::new(move |_| {
        withdraw.version().track();
        more.set(Vec::new());
        more_cursor.set(None);
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(p)) => {
            more.update(|m| m.extend(p.applications));
            more_cursor.set(Some(p.next_cursor));
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    Effect::new(move |_| match withdraw.value().get() {
        Some(Ok(())) => toasts.success(msg::campaign_withdrawn()),
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    view! {
        <Title text=msg::campaign_page_title()/>
        <div class="page-head"><h1>{msg::promo_title()}</h1></div>
        <PromoTabs/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) => {
                        let first_cursor = page.next_cursor.clone();
                        view! {
                            <section>
                                <h2>{msg::campaign_open_heading()}</h2>
                                {page.campaigns.is_empty().then(|| view! { <p class="card">{msg::campaign_none_open()}</p> })}
                                <ul class="promo-list">
                                    {page.campaigns.into_iter().map(|c| {
                                        let href = format!("/promotions/campaigns/{}", c.id);
                                        let open = c.apply_open;
                                        view! {
                                            <li class="card promo-row" data-testid="campaign-card">
                                                <div class="promo-row-head">
                                                    <a href=href.clone()><strong>{c.title.clone()}</strong></a>
                                                    <span class=c.status.badge()>{c.status.label()}</span>
                                                </div>
                                                {(!c.banner.is_empty()).then(|| view! { <p class="promo-banner">{c.banner.clone()}</p> })}
                                                <CampaignFacts c=c/>
                                                {open.then(|| view! {
                                                    <a class="btn btn-primary" href=href data-testid="campaign-apply-link">{msg::campaign_apply()}</a>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                            <section>
                                <h2>{msg::campaign_my_applications()}</h2>
                                {page.applications.is_empty().then(|| view! { <p class="card">{msg::campaign_no_applications()}</p> })}
                                <ul class="promo-list" data-testid="my-applications">
                                    {page.applications.into_iter().map(|a| seller_application(a, withdraw)).collect_view()}
                                    {move || more.get().into_iter().map(|a| seller_application(a, withdraw)).collect_view()}
                                </ul>
                                {move || more_cursor.get().unwrap_or_else(|| first_cursor.clone())
                                    .map(|c| view! { <LoadMore cursor=c load/> })}
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn CampaignDetailPage() -> impl IntoView {
    let toasts = use_toasts();
    let id = id_param();
    let apply = ServerAction::<ApplyToCampaign>::new();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let detail = Resource::new(
        move || (id.get(), apply.version().get(), withdraw.version().get()),
        |(id, _, _)| get_campaign(id),
    );
    let errors = FormErrors::of(apply.value());
    Effect::new(move |_| {
        if let Some(Ok(n)) = apply.value().get() {
            toasts.success(msg::campaign_applied(n));
        }
    });
    Effect::new(move |_| match withdraw.value().get() {
        Some(Ok(())) => toasts.success(msg::campaign_withdrawn()),
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let items = form_all(&ev, "product_id")
            .into_iter()
            .filter_map(|p| p.parse::<i64>().ok())
            .map(|product_id| {
                let price = form_all(&ev, &format!("price_{product_id}"))
                    .first()
                    .and_then(|v| v.trim().replace(',', "").parse::<i64>().ok())
                    .unwrap_or(0);
                ApplyItem { product_id, price }
            })
            .collect();
        apply.dispatch(ApplyToCampaign { campaign_id: id.get_untracked(), items });
    };
    view! {
        <Title text=msg::campaign_page_title()/>
        <div class="page-head">
            <h1>{msg::promo_title()}</h1>
            <a class="btn" href="/promotions/campaigns">{msg::campaign_back()}</a>
        </div>
        <PromoTabs/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let c = d.campaign.clone();
                        let campaign_id = c.id;
                        let applied: Vec<i64> =
                            d.applications.iter().filter(|a| a.status != "withdrawn").map(|a| a.product_id).collect();
                        let candidates: Vec<_> =
                            d.products.into_iter().filter(|p| p.on_sale && !applied.contains(&p.id)).collect();
                        view! {
                            <section class="card">
                                <div class="promo-row-head">
                                    <h2 data-testid="campaign-title">{c.title.clone()}</h2>
                                    <span class=c.status.badge()>{c.status.label()}</span>
                                </div>
                                {(!c.banner.is_empty()).then(|| view! { <p class="promo-banner">{c.banner.clone()}</p> })}
                                <CampaignFacts c=c.clone()/>
                            </section>
                            {if !c.apply_open {
                                view! { <p class="card muted">{msg::campaign_window_closed_note()}</p> }.into_any()
                            } else if candidates.is_empty() {
                                view! { <p class="card muted">{msg::campaign_no_candidates()}</p> }.into_any()
                            } else {
                                view! {
                                    <section class="card">
                                        <h2>{msg::campaign_apply_heading()}</h2>
                                        <p class="muted">{msg::campaign_apply_hint()}</p>
                                        <form class="form promo-form" novalidate=true on:submit=on_submit data-testid="apply-form">
                                            <ul class="apply-items">
                                                {candidates.into_iter().map(|p| {
                                                    let check_id = format!("apply-{}", p.id);
                                                    view! {
                                                        <li class="apply-item" data-testid="apply-item">
                                                            <label class="check" for=check_id.clone()>
                                                                <input type="checkbox" id=check_id.clone() name="product_id" value=p.id data-testid="apply-product"/>
                                                                " " {p.name.clone()}
                                                                <span class="muted">" · " {crate::products::model::category_label(&p.category)} " · " {format_won(p.sale_price)}</span>
                                                            </label>
                                                            <input name=format!("price_{}", p.id) inputmode="numeric" data-testid="apply-price"
                                                                placeholder=msg::campaign_price_placeholder() aria-label=msg::campaign_price_label()/>
                                                        </li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                            {move || errors.code().get().map(|_| {
                                                let text = apply.value().get().and_then(Result::err).map(|e| e.message).unwrap_or_default();
                                                view! { <p class="form-error promo-errors" role="alert" data-testid="apply-error">{text}</p> }
                                            })}
                                            <button type="submit" class="btn btn-primary" data-testid="apply-submit"
                                                disabled=move || apply.pending().get()>{msg::campaign_apply()}</button>
                                        </form>
                                    </section>
                                }.into_any()
                            }}
                            <section>
                                <h2>{msg::campaign_my_applications()}</h2>
                                {d.applications.is_empty().then(|| view! { <p class="card">{msg::campaign_no_applications()}</p> })}
                                <ul class="promo-list" data-testid="my-applications">
                                    {d.applications.into_iter().map(|a| seller_application(a, withdraw)).collect_view()}
                                </ul>
                            </section>
                            <PromotionResults kind=PromoKind::Campaign id=campaign_id/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn OperatorCampaignListPage() -> impl IntoView {
    let create = ServerAction::<CreateCampaign>::new();
    let list = Resource::new(move || create.version().get(), |_| list_campaigns_for_operator(None));
    let errors = FormErrors::of(create.value());
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            toasts.success(msg::campaign_created());
        }
    });
    view! {
        <Title text=msg::campaign_operator_title()/>
        <div class="page-head"><h1>{msg::campaign_operator_heading()}</h1></div>
        <section class="card">
            <h2>{msg::campaign_new()}</h2>
            <FormError errors/>
            <ActionForm action=create attr:class="form promo-form" attr:novalidate=true attr:data-testid="campaign-form">
                <Field id="campaign-title" name="title" label=msg::campaign_title_label() value="" error=errors.field("title")
                    maxlength=crate::promotions::MAX_NAME required=true/>
                <Field id="campaign-banner" name="banner" label=msg::campaign_banner() value="" error=errors.field("banner")
                    maxlength=MAX_BANNER rows=2/>
                <Field id="campaign-starts" name="starts_at" kind="datetime-local" label=msg::campaign_starts_at() value=""
                    error=errors.field("starts_at") required=true/>
                <Field id="campaign-ends" name="ends_at" kind="datetime-local" label=msg::campaign_ends_at() value=""
                    error=errors.field("ends_at") required=true/>
                <Field id="campaign-apply-from" name="apply_from" kind="datetime-local" label=msg::campaign_apply_from() value=""
                    error=errors.field("apply_from") required=true/>
                <Field id="campaign-apply-until" name="apply_until" kind="datetime-local" label=msg::campaign_apply_until() value=""
                    error=errors.field("apply_until") required=true/>
                <p class="muted">{msg::discount_kst_hint()}</p>
                <Field id="campaign-min-discount" name="min_discount" label=msg::campaign_min_discount_label() value=""
                    error=errors.field("min_discount") inputmode="decimal"/>
                <Field id="campaign-max-price" name="max_price" label=msg::campaign_max_price_label() value=""
                    error=errors.field("max_price") inputmode="numeric"/>
                <Field id="campaign-categories" name="categories" label=msg::campaign_categories_label() value=""
                    error=errors.field("categories") placeholder=msg::campaign_categories_placeholder()/>
                <Field id="campaign-commission" name="commission" label=msg::campaign_commission_label() value=""
                    error=errors.field("commission") inputmode="decimal" required=true/>
                <button type="submit" class="btn btn-primary" data-testid="campaign-create">{msg::campaign_create()}</button>
            </ActionForm>
        </section>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) if page.rows.is_empty() => view! { <p class="card">{msg::campaign_none()}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="promo-list">
                            {page.rows.into_iter().map(|c| view! {
                                <li class="card promo-row" data-testid="operator-campaign">
                                    <div class="promo-row-head">
                                        <a href=format!("/operator/campaigns/{}", c.id)><strong>{c.title.clone()}</strong></a>
                                        <span class=c.status.badge()>{c.status.label()}</span>
                                    </div>
                                    <p class="muted">{msg::campaign_pending_count(c.pending)}</p>
                                    <CampaignFacts c=c/>
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
pub fn OperatorCampaignPage() -> impl IntoView {
    let toasts = use_toasts();
    let id = id_param();
    let review = ServerAction::<ReviewApplications>::new();
    let detail = Resource::new(move || (id.get(), review.version().get()), |(id, _)| get_campaign_for_operator(id, String::new(), None));
    Effect::new(move |_| match review.value().get() {
        Some(Ok(_)) => toasts.success(msg::campaign_reviewed()),
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let decide = move |application_id: i64, approve: bool, reason: String| {
        review.dispatch(ReviewApplications {
            campaign_id: id.get_untracked(),
            decisions: vec![Decision { application_id, approve, reason }],
        });
    };
    let more = RwSignal::new(Vec::<ApplicationRow>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let load = Action::new(move |c: &String| get_campaign_for_operator(id.get_untracked(), String::new(), Some(c.clone())));
    Effect::new(move |_| {
        review.version().track();
        more.set(Vec::new());
        more_cursor.set(None);
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(p)) => {
            more.update(|m| m.extend(p.applications));
            more_cursor.set(Some(p.next_cursor));
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let row = move |a: ApplicationRow| {
        let app_id = a.id;
        let pending = a.status == "pending";
        view! {
            <li class="card promo-row" data-testid="operator-application">
                <div class="promo-row-head">
                    <strong>{a.shop_name}</strong>
                    <span class=application_badge(&a.status) data-testid="operator-application-status">{a.status_label}</span>
                </div>
                <p>{a.product_name}</p>
                <p>
                    <s class="muted">{format_won(a.regular_price)}</s> " → "
                    <strong>{format_won(a.campaign_price)}</strong> " " <span class="muted">{msg::discount_off(a.rate)}</span>
                </p>
                <p class="muted">{a.applied_at}</p>
                {(!a.reason.is_empty()).then(|| view! { <p class="banner banner-danger">{msg::campaign_reason(a.reason)}</p> })}
                {pending.then(|| view! {
                    <div class="promo-decide">
                        <button type="button" class="btn btn-primary" data-testid="approve-application"
                            disabled=move || review.pending().get()
                            on:click=move |_| decide(app_id, true, String::new())>{msg::campaign_approve()}</button>
                        <form class="inline-form" novalidate=true on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            let [reason] = form_fields(&ev, ["reason"]);
                            decide(app_id, false, reason);
                        }>
                            <input name="reason" maxlength=MAX_REASON data-testid="reject-reason"
                                placeholder=msg::campaign_reject_reason() aria-label=msg::campaign_reject_reason()/>
                            <button type="submit" class="btn btn-danger" data-testid="reject-application"
                                disabled=move || review.pending().get()>{msg::campaign_reject()}</button>
                        </form>
                    </div>
                })}
            </li>
        }
    };
    view! {
        <Title text=msg::campaign_operator_title()/>
        <div class="page-head">
            <h1>{msg::campaign_operator_heading()}</h1>
            <a class="btn" href="/operator/campaigns">{msg::campaign_back()}</a>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let c = d.campaign;
                        let first_cursor = d.next_cursor.clone();
                        view! {
                            <section class="card">
                                <div class="promo-row-head">
                                    <h2 data-testid="campaign-title">{c.title.clone()}</h2>
                                    <span class=c.status.badge()>{c.status.label()}</span>
                                </div>
                                {(!c.banner.is_empty()).then(|| view! { <p class="promo-banner">{c.banner.clone()}</p> })}
                                <CampaignFacts c=c.clone()/>
                            </section>
                            <section>
                                <h2>{msg::campaign_applications()}</h2>
                                {d.applications.is_empty().then(|| view! { <p class="card">{msg::campaign_no_applications()}</p> })}
                                <ul class="promo-list" data-testid="operator-applications">
                                    {d.applications.into_iter().map(row).collect_view()}
                                    {move || more.get().into_iter().map(row).collect_view()}
                                </ul>
                                {move || more_cursor.get().unwrap_or_else(|| first_cursor.clone())
                                    .map(|c| view! { <LoadMore cursor=c load/> })}
                            </section>
                            // Every shop's sales under the campaign.
                            <PromotionResults kind=PromoKind::Campaign id=c.id/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
