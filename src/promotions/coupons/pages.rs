//! 쿠폰 pages: the list with its status filter, the form (with a product
//! picker that searches the shop's products), and one coupon with its terms,
//! the seller's pause / resume / end, and its results.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::*;
use crate::format::{format_number, format_won};
use crate::i18n::msg;
use crate::promotions::pages::PromoTabs;
use crate::promotions::results::pages::PromotionResults;
use crate::promotions::results::PromoKind;
use crate::ui::{confirm, form_fields, go_to, ErrorNotice, FormError, FormErrors, Loading};

#[component]
pub fn CouponListPage() -> impl IntoView {
    let status = RwSignal::new("all".to_owned());
    let first = Resource::new(move || status.get(), |s| list_coupons(s, None));
    let more = RwSignal::new(Vec::<CouponRow>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let load_more = Action::new(move |cursor: &String| list_coupons(status.get_untracked(), Some(cursor.clone())));
    Effect::new(move |_| {
        if let Some(Ok(page)) = load_more.value().get() {
            more.update(|m| m.extend(page.rows.clone()));
            more_cursor.set(Some(page.next_cursor));
        }
    });
    let pick = move |s: &'static str| {
        more.set(Vec::new());
        more_cursor.set(None);
        status.set(s.to_owned());
    };
    view! {
        <Title text=msg::coupon_list_title()/>
        <div class="page-head">
            <h1>{msg::promo_title()}</h1>
            <a href="/promotions/coupons/new" class="btn btn-primary" data-testid="coupon-new">{msg::coupon_new()}</a>
        </div>
        <PromoTabs/>
        <nav class="chips coupon-filter" aria-label=msg::coupon_status_filter()>
            {STATUS_TABS
                .iter()
                .map(|(code, label)| {
                    let code: &'static str = code;
                    view! {
                        <button type="button" class="chip" data-testid=format!("coupon-filter-{code}")
                            aria-pressed=move || (status.get() == code).to_string()
                            on:click=move |_| pick(code)>{label()}</button>
                    }
                })
                .collect_view()}
        </nav>
        <Transition fallback=Loading>
            {move || {
                first.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(page) => {
                        let next = move || more_cursor.get().unwrap_or_else(|| page.next_cursor.clone());
                        let rows = page.rows.clone();
                        view! {
                            {rows.is_empty().then(|| view! {
                                <p class="muted" data-testid="coupon-empty">{msg::coupon_empty()}</p>
                            })}
                            <ul class="coupon-list" data-testid="coupon-list">
                                {rows.into_iter().map(|r| view! { <CouponCard row=r/> }).collect_view()}
                                {move || more.get().into_iter().map(|r| view! { <CouponCard row=r/> }).collect_view()}
                            </ul>
                            {move || next().map(|cursor| view! {
                                <crate::ui::LoadMore cursor load=load_more testid="coupon-more"/>
                            })}
                        }
                        .into_any()
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn CouponCard(row: CouponRow) -> impl IntoView {
    let href = format!("/promotions/coupons/{}", row.id);
    view! {
        <li class="card coupon-card" data-testid="coupon-row">
            <a href=href class="coupon-card-link">
                <span class=row.status.badge() data-testid="coupon-status">{row.status.label()}</span>
                <strong class="coupon-name">{row.name}</strong>
                <code class="coupon-code" data-testid="coupon-code">{row.code}</code>
            </a>
            <p class="coupon-discount">{row.discount}</p>
            <p class="muted coupon-period">{row.period}</p>
            <p class="muted">{msg::coupon_used_of(format_number(row.used_count), format_number(row.total_limit))}</p>
        </li>
    }
}

/// The form's fields, in the order `form_fields` reads them.
const FORM_FIELDS: [&str; 12] = [
    "name",
    "code",
    "amount",
    "rate",
    "max_discount",
    "min_order",
    "starts_at",
    "ends_at",
    "total_limit",
    "per_buyer_limit",
    "platform_share",
    "product_q",
];

#[component]
pub fn CouponNewPage() -> impl IntoView {
    let kind = RwSignal::new("amount".to_owned());
    let scope = RwSignal::new("shop".to_owned());
    let cost = RwSignal::new("seller".to_owned());
    let chosen = RwSignal::new(Vec::<CouponProduct>::new());
    let save = Action::new(|input: &CouponInput| save_coupon(input.clone()));
    let errors = FormErrors::of(save.value());
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            go_to(&format!("/promotions/coupons/{id}"));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let [name, code, amount, rate, max_discount, min_order, starts_at, ends_at, total_limit, per_buyer_limit, platform_share, _] =
            form_fields(&ev, FORM_FIELDS);
        save.dispatch(CouponInput {
            name,
            code,
            kind: kind.get_untracked(),
            amount,
            rate,
            max_discount,
            min_order,
            starts_at,
            ends_at,
            total_limit,
            per_buyer_limit,
            scope: scope.get_untracked(),
            product_ids: chosen.get_untracked().iter().map(|p| p.id).collect(),
            cost: cost.get_untracked(),
            platform_share,
        });
    };
    let radio = move |signal: RwSignal<String>, name: &'static str, value: &'static str, label: &'static str| {
        view! {
            <label class="radio">
                <input type="radio" name=name value=value data-testid=format!("coupon-{name}-{value}")
                    prop:checked=move || signal.get() == value
                    on:change=move |_| signal.set(value.to_owned())/>
                {label}
            </label>
        }
    };
    view! {
        <Title text=msg::coupon_new()/>
        <crate::ui::DetailHead title=msg::coupon_new() back="/promotions/coupons" back_label=msg::coupon_back()/>
        <form class="card form coupon-form" on:submit=on_submit data-testid="coupon-form" novalidate>
            <FormError errors/>
            <crate::ui::Field id="coupon-name" name="name" label=msg::coupon_field_name() value="" error=errors.field("name")
                maxlength=crate::promotions::MAX_NAME required=true placeholder=msg::coupon_name_placeholder()/>
            <crate::ui::Field id="coupon-code" name="code" label=msg::coupon_field_code() value="" error=errors.field("code")
                maxlength=crate::promotions::MAX_CODE required=true placeholder="WELCOME-10" autocomplete="off"/>
            <p class="muted hint">{msg::coupon_code_hint()}</p>
            <fieldset>
                <legend>{msg::coupon_field_kind()}</legend>
                {radio(kind, "kind", "amount", msg::coupon_kind_amount())}
                {radio(kind, "kind", "rate", msg::coupon_kind_rate())}
                {move || errors.field("kind").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </fieldset>
            <div hidden=move || kind.get() != "amount">
                <crate::ui::Field id="coupon-amount" name="amount" label=msg::coupon_field_amount() value=""
                    error=errors.field("amount") inputmode="numeric" placeholder="3000"/>
            </div>
            <div hidden=move || kind.get() != "rate" class="form-pair">
                <div>
                    <crate::ui::Field id="coupon-rate" name="rate" label=msg::coupon_field_rate() value=""
                        error=errors.field("rate") inputmode="decimal" placeholder="10"/>
                </div>
                <div>
                    <crate::ui::Field id="coupon-max-discount" name="max_discount" label=msg::coupon_field_max_discount()
                        value="" error=errors.field("max_discount") inputmode="numeric" placeholder="5000"/>
                </div>
            </div>
            <crate::ui::Field id="coupon-min-order" name="min_order" label=msg::coupon_field_min_order() value="0"
                error=errors.field("min_order") inputmode="numeric"/>
            <div class="form-pair">
                <div>
                    <crate::ui::Field id="coupon-starts-at" name="starts_at" label=msg::coupon_field_starts_at() value=""
                        error=errors.field("starts_at") kind="datetime-local" required=true/>
                </div>
                <div>
                    <crate::ui::Field id="coupon-ends-at" name="ends_at" label=msg::coupon_field_ends_at() value=""
                        error=errors.field("ends_at") kind="datetime-local" required=true/>
                </div>
            </div>
            <div class="form-pair">
                <div>
                    <crate::ui::Field id="coupon-total-limit" name="total_limit" label=msg::coupon_field_total_limit()
                        value="" error=errors.field("total_limit") inputmode="numeric" placeholder="100"/>
                </div>
                <div>
                    <crate::ui::Field id="coupon-per-buyer-limit" name="per_buyer_limit"
                        label=msg::coupon_field_per_buyer_limit() value="1" error=errors.field("per_buyer_limit")
                        inputmode="numeric"/>
                </div>
            </div>
            <fieldset>
                <legend>{msg::coupon_field_scope()}</legend>
                {radio(scope, "scope", "shop", msg::coupon_scope_shop())}
                {radio(scope, "scope", "products", msg::coupon_scope_products())}
                {move || errors.field("scope").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </fieldset>
            <div hidden=move || scope.get() != "products">
                <ProductPicker chosen/>
                {move || errors.field("product_ids").get().map(|m| view! {
                    <p class="field-error" role="alert" data-testid="coupon-products-error">{m}</p>
                })}
            </div>
            <fieldset>
                <legend>{msg::coupon_field_cost()}</legend>
                {radio(cost, "cost", "seller", msg::coupon_cost_seller())}
                {radio(cost, "cost", "shared", msg::coupon_cost_shared())}
                {move || errors.field("cost").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </fieldset>
            <div hidden=move || cost.get() != "shared">
                <crate::ui::Field id="coupon-platform-share" name="platform_share" label=msg::coupon_field_platform_share()
                    value="" error=errors.field("platform_share") inputmode="decimal" placeholder="50"/>
            </div>
            <button type="submit" class="btn btn-primary" data-testid="coupon-submit" disabled=move || save.pending().get()>
                {msg::coupon_submit()}
            </button>
        </form>
    }
}

/// Searches the shop's products by name (the products area's list) and
/// keeps the chosen ones as chips.
#[component]
fn ProductPicker(chosen: RwSignal<Vec<CouponProduct>>) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let search = Action::new(|q: &String| {
        crate::products::list_products(q.clone(), String::new(), String::new(), String::new(), false, String::new(), None)
    });
    let add = move |p: CouponProduct| {
        chosen.update(|list| {
            if !list.iter().any(|c| c.id == p.id) && list.len() < MAX_PRODUCTS {
                list.push(p);
            }
        })
    };
    view! {
        <div class="coupon-picker">
            <label for="coupon-product-q">{msg::coupon_product_search()}</label>
            <div class="search-row">
                <input id="coupon-product-q" name="product_q" type="search" data-testid="coupon-product-q"
                    placeholder=msg::coupon_product_search_placeholder()
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            search.dispatch(q.get_untracked());
                        }
                    }/>
                <button type="button" class="btn" data-testid="coupon-product-search"
                    on:click=move |_| { search.dispatch(q.get_untracked()); }>{msg::coupon_search()}</button>
            </div>
            <ul class="chips coupon-chips" data-testid="coupon-chosen">
                {move || chosen.get().into_iter().map(|p| {
                    let id = p.id;
                    view! {
                        <li class="chip" data-testid="coupon-chip">
                            {p.name}
                            <button type="button" class="chip-remove" aria-label=msg::coupon_remove_product()
                                on:click=move |_| chosen.update(|l| l.retain(|c| c.id != id))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || search.value().get().map(|res| match res {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(page) if page.rows.is_empty() => view! { <p class="muted">{msg::coupon_no_products()}</p> }.into_any(),
                Ok(page) => view! {
                    <ul class="coupon-results" data-testid="coupon-product-results">
                        {page.rows.into_iter().map(|r| {
                            let p = CouponProduct { id: r.id, name: r.name.clone(), code: r.code.clone() };
                            view! {
                                <li>
                                    <span>{r.name}" "<span class="muted">{r.code}</span></span>
                                    <button type="button" class="btn btn-small" data-testid="coupon-product-add"
                                        on:click=move |_| add(p.clone())>{msg::coupon_add_product()}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </div>
    }
}

#[component]
pub fn CouponDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let coupon = Resource::new(id, get_coupon);
    let change = Action::new(move |c: &CouponChange| set_coupon_state(id(), c.as_str().to_owned()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = change.value().get() {
            coupon.refetch();
        }
    });
    let ask = move |c: CouponChange| {
        let question = match c {
            CouponChange::Pause => msg::coupon_confirm_pause(),
            CouponChange::Resume => msg::coupon_confirm_resume(),
            CouponChange::End => msg::coupon_confirm_end(),
        };
        if confirm(question) {
            change.dispatch(c);
        }
    };
    view! {
        <Title text=msg::coupon_detail_title()/>
        <crate::ui::DetailHead title=msg::coupon_detail_title() back="/promotions/coupons" back_label=msg::coupon_back()/>
        <Transition fallback=Loading>
            {move || coupon.get().map(|res| match res {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(c) => {
                    let (pause, resume, end) = (c.can_pause(), c.can_resume(), c.can_end());
                    let coupon_id = c.row.id;
                    view! {
                        <section class="card coupon-terms" data-testid="coupon-detail">
                            <div class="coupon-head">
                                <span class=c.row.status.badge() data-testid="coupon-status">{c.row.status.label()}</span>
                                <h2>{c.row.name.clone()}</h2>
                                <code data-testid="coupon-code">{c.row.code.clone()}</code>
                            </div>
                            <dl class="terms">
                                <dt>{msg::coupon_field_discount()}</dt>
                                <dd data-testid="coupon-discount">{c.row.discount.clone()}</dd>
                                <dt>{msg::coupon_field_min_order()}</dt>
                                <dd>{format_won(c.min_order)}</dd>
                                <dt>{msg::coupon_field_period()}</dt>
                                <dd>{c.row.period.clone()}</dd>
                                <dt>{msg::coupon_field_used()}</dt>
                                <dd data-testid="coupon-used">
                                    {msg::coupon_used_of(format_number(c.row.used_count), format_number(c.row.total_limit))}
                                </dd>
                                <dt>{msg::coupon_field_per_buyer_limit()}</dt>
                                <dd>{msg::coupon_per_buyer(c.per_buyer_limit)}</dd>
                                <dt>{msg::coupon_field_scope()}</dt>
                                <dd data-testid="coupon-scope">
                                    {if c.scope == "products" {
                                        view! {
                                            <ul class="chips">
                                                {c.products.iter().map(|p| view! { <li class="chip">{p.name.clone()}</li> }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    } else {
                                        msg::coupon_scope_shop().into_any()
                                    }}
                                </dd>
                                <dt>{msg::coupon_field_cost()}</dt>
                                <dd>
                                    {if c.platform_share_bp > 0 {
                                        msg::coupon_cost_shared_at(crate::money::format_bp(c.platform_share_bp))
                                    } else {
                                        msg::coupon_cost_seller().to_owned()
                                    }}
                                </dd>
                            </dl>
                            <div class="actions coupon-actions">
                                {pause.then(|| view! {
                                    <button type="button" class="btn" data-testid="coupon-pause"
                                        disabled=move || change.pending().get()
                                        on:click=move |_| ask(CouponChange::Pause)>{msg::coupon_pause()}</button>
                                })}
                                {resume.then(|| view! {
                                    <button type="button" class="btn" data-testid="coupon-resume"
                                        disabled=move || change.pending().get()
                                        on:click=move |_| ask(CouponChange::Resume)>{msg::coupon_resume()}</button>
                                })}
                                {end.then(|| view! {
                                    <button type="button" class="btn btn-danger" data-testid="coupon-end"
                                        disabled=move || change.pending().get()
                                        on:click=move |_| ask(CouponChange::End)>{msg::coupon_end()}</button>
                                })}
                            </div>
                            {move || change.value().get().and_then(Result::err).map(|e| view! {
                                <p class="form-error" role="alert">{e.message}</p>
                            })}
                        </section>
                        <PromotionResults kind=PromoKind::Coupon id=coupon_id/>
                    }
                    .into_any()
                }
            })}
        </Transition>
    }
}
