//! `/promotions/discounts`: the shop's period discounts by status, a form
//! to create one (product, some of its variants, the price in won or percent
//! off, the KST period) and cancel with confirmation. Works at 360 px.

use leptos::prelude::*;
use leptos_meta::Title;

use super::*;
use crate::format::format_won;
use crate::i18n::msg;
use crate::promotions::pages::PromoTabs;
use crate::promotions::results::pages::PromotionResults;
use crate::promotions::results::PromoKind;
use crate::ui::{confirm, form_fields, use_toasts, ErrorNotice, Field, FormError, FormErrors, LoadMore, Loading};

/// Every value of a submitted form's field `name` (checkboxes).
pub(crate) fn form_all(ev: &leptos::ev::SubmitEvent, name: &str) -> Vec<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let data = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|f| web_sys::FormData::new_with_form(&f).ok());
        data.map(|d| d.get_all(name).iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, name);
        Vec::new()
    }
}

const STATUSES: &[(&str, fn() -> &'static str)] = &[
    ("", msg::discount_filter_all),
    ("scheduled", crate::i18n::msg::promo_status_scheduled),
    ("active", crate::i18n::msg::promo_status_active),
    ("ended", crate::i18n::msg::promo_status_ended),
];

#[component]
pub fn DiscountListPage() -> impl IntoView {
    let toasts = use_toasts();
    let status = RwSignal::new(String::new());
    let save = ServerAction::<SavePeriodDiscount>::new();
    let cancel = ServerAction::<CancelPeriodDiscount>::new();
    let list = Resource::new(
        move || (status.get(), save.version().get(), cancel.version().get()),
        |(s, _, _)| list_period_discounts(s, None),
    );
    let products = Resource::new(|| (), |_| list_promo_products());
    let errors = FormErrors::of(save.value());
    let more = RwSignal::new(Vec::<DiscountRow>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let load = Action::new(move |c: &String| list_period_discounts(status.get_untracked(), Some(c.clone())));
    Effect::new(move |_| {
        status.track();
        save.version().track();
        cancel.version().track();
        more.set(Vec::new());
        more_cursor.set(None);
    });
    Effect::new(move |_| match load.value().get() {
        Some(Ok(p)) => {
            more.update(|m| m.extend(p.rows));
            more_cursor.set(Some(p.next_cursor));
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            toasts.success(msg::discount_saved());
        }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(())) => toasts.success(msg::discount_cancelled()),
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let picked = RwSignal::new(0i64);
    let mode = RwSignal::new(MODE_WON.to_owned());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let [product_id, name, price_mode, price, starts_at, ends_at] =
            form_fields(&ev, ["product_id", "name", "price_mode", "price", "starts_at", "ends_at"]);
        let variant_ids = form_all(&ev, "variant_ids").join(",");
        save.dispatch(SavePeriodDiscount {
            product_id: product_id.parse().unwrap_or(0),
            variant_ids,
            name,
            price_mode,
            price,
            starts_at,
            ends_at,
        });
    };
    let row_view = move |r: DiscountRow| {
        let id = r.id;
        let results = RwSignal::new(false);
        view! {
            <li class="card promo-row" data-testid="discount-row">
                <div class="promo-row-head">
                    <strong>{r.name}</strong>
                    <span class=r.status.badge() data-testid="discount-status">{r.status.label()}</span>
                </div>
                <p>{r.product_name}
                    {(!r.variants.is_empty()).then(|| view! { <span class="muted">" (" {r.variants} ")"</span> })}
                </p>
                <p>
                    <s class="muted">{format_won(r.regular_price)}</s> " → "
                    <strong data-testid="discount-price">{format_won(r.sale_price)}</strong>
                    " " <span class="muted">{msg::discount_off(r.rate)}</span>
                </p>
                <p class="muted">{r.starts_at} " ~ " {r.ends_at}</p>
                <button type="button" class="btn btn-small" data-testid="discount-results"
                    aria-expanded=move || results.get().to_string()
                    on:click=move |_| results.update(|open| *open = !*open)>
                    {msg::discount_results()}
                </button>
                {move || results.get().then(|| view! { <PromotionResults kind=PromoKind::Period id/> })}
                {r.cancellable.then(|| view! {
                    <button type="button" class="btn btn-danger" data-testid="discount-cancel"
                        disabled=move || cancel.pending().get()
                        on:click=move |_| {
                            if confirm(msg::discount_cancel_confirm()) {
                                cancel.dispatch(CancelPeriodDiscount { discount_id: id });
                            }
                        }>
                        {msg::discount_cancel()}
                    </button>
                })}
            </li>
        }
    };
    view! {
        <Title text=msg::discount_page_title()/>
        <div class="page-head"><h1>{msg::promo_title()}</h1></div>
        <PromoTabs/>
        <section class="card">
            <h2>{msg::discount_new()}</h2>
            <p class="muted">{msg::discount_new_hint()}</p>
            <FormError errors/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{msg::discount_no_products()}</p> }.into_any(),
                        Ok(list) => {
                            let choices = StoredValue::new(list.clone());
                            if picked.get_untracked() == 0 {
                                picked.set(list[0].id);
                            }
                            view! {
                                <form class="form promo-form" novalidate=true on:submit=on_submit data-testid="discount-form">
                                    <label for="discount-product">{msg::discount_product()}</label>
                                    <select id="discount-product" name="product_id" data-testid="discount-product"
                                        on:change=move |ev| picked.set(event_target_value(&ev).parse().unwrap_or(0))>
                                        {list.into_iter().map(|p| {
                                            let selected = move || picked.get() == p.id;
                                            view! {
                                                <option value=p.id selected=selected>
                                                    {format!("{} · {}", p.name, format_won(p.sale_price))}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                    {move || errors.field("product_id").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                                    <fieldset class="promo-variants">
                                        <legend>{msg::discount_variants()}</legend>
                                        <p class="muted">{msg::discount_variants_hint()}</p>
                                        {move || {
                                            let id = picked.get();
                                            choices.with_value(|c| c.iter().find(|p| p.id == id).map(|p| p.variants.clone()))
                                                .unwrap_or_default()
                                                .into_iter()
                                                .map(|v| view! {
                                                    <label class="check">
                                                        <input type="checkbox" name="variant_ids" value=v.variant_id/>
                                                        " " {v.options}
                                                    </label>
                                                })
                                                .collect_view()
                                        }}
                                        {move || errors.field("variant_ids").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                                    </fieldset>
                                    <Field id="discount-name" name="name" label=msg::discount_name() value=""
                                        error=errors.field("name") maxlength=crate::promotions::MAX_NAME required=true/>
                                    <fieldset class="promo-mode">
                                        <legend>{msg::discount_price_mode()}</legend>
                                        <label class="check">
                                            <input type="radio" name="price_mode" value=MODE_WON checked=true
                                                on:change=move |_| mode.set(MODE_WON.to_owned())/>
                                            " " {msg::discount_mode_won()}
                                        </label>
                                        <label class="check">
                                            <input type="radio" name="price_mode" value=MODE_PERCENT data-testid="discount-mode-percent"
                                                on:change=move |_| mode.set(MODE_PERCENT.to_owned())/>
                                            " " {msg::discount_mode_percent()}
                                        </label>
                                    </fieldset>
                                    <label for="discount-price">
                                        {move || if mode.get() == MODE_PERCENT { msg::discount_percent_label() } else { msg::discount_price_label() }}
                                    </label>
                                    <input id="discount-price" name="price" inputmode="decimal" data-testid="discount-price-input"
                                        aria-invalid=move || errors.field("price").get().map(|_| "true")/>
                                    {move || errors.field("price").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                                    <Field id="discount-starts" name="starts_at" kind="datetime-local" label=msg::discount_starts_at()
                                        value="" error=errors.field("starts_at") required=true/>
                                    <Field id="discount-ends" name="ends_at" kind="datetime-local" label=msg::discount_ends_at()
                                        value="" error=errors.field("ends_at") required=true/>
                                    <p class="muted">{msg::discount_kst_hint()}</p>
                                    <button type="submit" class="btn btn-primary" data-testid="discount-save"
                                        disabled=move || save.pending().get()>{msg::discount_save()}</button>
                                </form>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section>
            <nav class="tabs" aria-label=msg::discount_filter_label()>
                {STATUSES.iter().map(|(key, label)| view! {
                    <button type="button" class="tab" role="tab" aria-selected=move || (status.get() == *key).to_string()
                        on:click=move |_| status.set((*key).to_owned())>{label()}</button>
                }).collect_view()}
            </nav>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(page) if page.rows.is_empty() => view! { <p class="card">{msg::discount_empty()}</p> }.into_any(),
                        Ok(page) => {
                            let first_cursor = page.next_cursor.clone();
                            view! {
                                <ul class="promo-list" data-testid="discount-list">
                                    {page.rows.into_iter().map(row_view).collect_view()}
                                    {move || more.get().into_iter().map(row_view).collect_view()}
                                </ul>
                                {move || more_cursor.get().unwrap_or_else(|| first_cursor.clone())
                                    .map(|c| view! { <LoadMore cursor=c load testid="discount-more"/> })}
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
