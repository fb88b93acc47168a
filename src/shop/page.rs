//! 상점 정보 관리: the page where the shop keeps its buyer-facing details.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{ShopProfile, UpdateShopProfile, BUSINESS_KIND_MAX, INTRODUCTION_MAX, SHOP_NAME_MAX};
use super::application::BANKS;
use super::{get_payout_account, UpdatePayoutAccount};
use crate::auth::roles::Permission;
use crate::auth::use_session;
use crate::i18n::msg;
use crate::ui::HeaderShopName;
use crate::ui::{use_toasts, ErrorNotice, Field, FormError, FormErrors, Loading};

#[component]
pub fn ShopSettingsPage() -> impl IntoView {
    let shop = Resource::new(|| (), |_| super::get_shop_profile());
    let owner = use_session().can(Permission::PayoutAccount);
    view! {
        <Title text=msg::shop_page_title()/>
        <div class="page-head">
            <h1>{msg::shop_heading()}</h1>
        </div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match shop.await {
                    Ok(Some(profile)) => view! { <ShopProfileForm profile/> }.into_any(),
                    Ok(None) => view! { <p class="card">{msg::shop_none()}</p> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
        {owner.then(|| view! { <PayoutSection/> })}
    }
}

#[component]
fn ShopProfileForm(profile: ShopProfile) -> impl IntoView {
    let save = ServerAction::<UpdateShopProfile>::new();
    let header_name = expect_context::<HeaderShopName>().0;
    let toasts = use_toasts();

    // Tell the result once per submission, and refresh the header's shop name.
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            toasts.success(msg::shop_saved());
            header_name.set(saved.name);
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let error = move |field: &'static str| {
        Signal::derive(move || {
            save.value()
                .get()
                .and_then(|r| r.err())
                .filter(|e| e.field.as_deref() == Some(field))
                .map(|e| e.message)
        })
    };

    view! {
        <ActionForm action=save attr:class="card form" attr:novalidate=true>
            <fieldset disabled=move || save.pending().get()>
                <legend>{msg::shop_public_legend()}</legend>
                <Field
                    id="shop-name"
                    name="name"
                    label=msg::shop_name()
                    value=profile.name.clone()
                    error=error("name")
                    maxlength=SHOP_NAME_MAX
                    required=true
                />
                <Field
                    id="cs-phone"
                    name="cs_phone"
                    label=msg::shop_cs_phone()
                    value=profile.cs_phone.clone()
                    error=error("cs_phone")
                    kind="tel"
                    inputmode="tel"
                    placeholder="02-1234-5678"
                />
                <Field
                    id="cs-email"
                    name="cs_email"
                    label=msg::shop_cs_email()
                    value=profile.cs_email.clone()
                    error=error("cs_email")
                    kind="email"
                    inputmode="email"
                    placeholder="cs@example.com"
                />
                <Field
                    id="cs-hours"
                    name="cs_hours"
                    label=msg::shop_cs_hours()
                    value=profile.cs_hours.clone()
                    error=error("cs_hours")
                    placeholder=msg::shop_cs_hours_placeholder()
                />
                <Field
                    id="introduction"
                    name="introduction"
                    label=msg::shop_introduction()
                    value=profile.introduction.clone()
                    error=error("introduction")
                    maxlength=INTRODUCTION_MAX
                    rows=4
                />
            </fieldset>
            <fieldset disabled=move || save.pending().get()>
                <legend>{msg::shop_business_kind_legend()}</legend>
                <p class="hint" id="business-kind-hint">
                    {msg::shop_business_kind_hint()}
                </p>
                <BusinessKindInput
                    id="business-type"
                    name="business_type"
                    label=msg::shop_business_type()
                    value=profile.business_type.clone()
                    error=error("business_type")
                    placeholder=msg::shop_business_type_placeholder()
                    testid="shop-business-type"
                />
                <BusinessKindInput
                    id="business-item"
                    name="business_item"
                    label=msg::shop_business_item()
                    value=profile.business_item.clone()
                    error=error("business_item")
                    placeholder=msg::shop_business_item_placeholder()
                    testid="shop-business-item"
                />
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="save-shop">
                    {move || if save.pending().get() { msg::shop_saving() } else { msg::shop_save() }}
                </button>
            </div>
        </ActionForm>
        <section class="card" aria-labelledby="business-facts">
            <h2 id="business-facts">{msg::shop_business_facts()}</h2>
            <p class="muted">{msg::shop_business_facts_hint()}</p>
            <dl class="facts">
                <dt>{msg::shop_representative()}</dt>
                <dd>{profile.representative_name}</dd>
                <dt>{msg::shop_business_number()}</dt>
                <dd>{profile.business_number}</dd>
                <dt>{msg::shop_mail_order_number()}</dt>
                <dd>{profile.mail_order_number}</dd>
                <dt>{msg::shop_business_address()}</dt>
                <dd>{profile.business_address}</dd>
            </dl>
        </section>
    }
}

/// One line of 업태 / 종목: the same markup as [`crate::ui::Field`], with a
/// test id on the input and the tax-invoice hint tied to it.
///
/// An empty form value reaches the server as "not sent" (`None`: keep the
/// stored value), so once the owner empties the box in the browser it stops
/// being submitted and a hidden `" "` goes in its place, which the server
/// trims to "" and stores: clearing works. Without JavaScript the box is a
/// plain named input (emptying it then keeps the stored value).
#[component]
fn BusinessKindInput(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Signal<Option<String>>,
    placeholder: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let cleared = RwSignal::new(false);
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            name=move || (!cleared.get()).then_some(name)
            type="text"
            placeholder=placeholder
            maxlength=BUSINESS_KIND_MAX
            value=value
            data-testid=testid
            aria-describedby="business-kind-hint"
            aria-invalid=move || error.get().map(|_| "true")
            on:input=move |ev| cleared.set(event_target_value(&ev).trim().is_empty())
        />
        {move || cleared.get().then(|| view! { <input type="hidden" name=name value=" "/> })}
        {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
    }
}

/// 정산 계좌 on the shop settings page (owner only; others never see it).
#[component]
pub fn PayoutSection() -> impl IntoView {
    let account = Resource::new(|| (), |_| get_payout_account());
    let save = ServerAction::<UpdatePayoutAccount>::new();
    let errors = FormErrors::of(save.value());
    let toasts = use_toasts();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            toasts.success(msg::shop_payout_saved());
            account.refetch();
        }
    });
    let bank_error = errors.field("settlement_bank");
    view! {
        <section class="card" aria-labelledby="payout-title">
            <h2 id="payout-title">{msg::shop_payout_title()}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    account.await.map(|a| view! {
                        <p data-testid="payout-current">{msg::shop_payout_current(crate::shop::application::bank_name(&a.bank), &a.account, &a.holder)}</p>
                        {(!a.held_until.is_empty()).then(|| view! {
                            <p class="notice notice-warning" role="status" data-testid="payout-held-until">{msg::shop_payout_held_until(&a.held_until)}</p>
                        })}
                        {(a.hold_days > 0).then(|| view! {
                            <p class="muted" data-testid="payout-hold-notice">{msg::shop_payout_hold_notice(a.hold_days)}</p>
                        })}
                    })
                })}
            </Transition>
            <details>
                <summary>{msg::shop_payout_change()}</summary>
                <ActionForm action=save attr:class="form" attr:novalidate=true>
                    <FormError errors/>
                    <label for="po-bank">{msg::shop_bank()}</label>
                    <select id="po-bank" name="settlement_bank" aria-invalid=move || bank_error.get().map(|_| "true")>
                        <option value="">{msg::shop_bank_choose()}</option>
                        {BANKS.iter().map(|b| view! { <option value=*b>{crate::shop::application::bank_name(b)}</option> }).collect_view()}
                    </select>
                    {move || bank_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <Field id="po-account" name="settlement_account" label=msg::shop_account_number() value=""
                        error=errors.field("settlement_account") inputmode="numeric" required=true/>
                    <Field id="po-holder" name="settlement_holder" label=msg::shop_account_holder() value=""
                        error=errors.field("settlement_holder") required=true/>
                    <p class="muted" id="po-password-why" data-testid="payout-password-why">{msg::shop_payout_password_why()}</p>
                    <Field id="po-password" name="current_password" label=msg::shop_current_password() value=""
                        error=errors.field("current_password") kind="password" autocomplete="current-password" required=true/>
                    <div class="form-actions"><button type="submit" class="btn btn-primary">{msg::shop_payout_save()}</button></div>
                </ActionForm>
            </details>
        </section>
    }
}
