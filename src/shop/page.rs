//! 상점 정보 관리: the page where the shop keeps its buyer-facing details.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{ShopProfile, UpdateShopProfile, INTRODUCTION_MAX, SHOP_NAME_MAX};
use crate::app::use_current_shop;
use crate::ui::{use_toasts, ErrorNotice, Loading};

#[component]
pub fn ShopSettingsPage() -> impl IntoView {
    let shop = use_current_shop().0;
    view! {
        <Title text="상점 정보 · 파트너센터"/>
        <div class="page-head">
            <h1>"상점 정보"</h1>
        </div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match shop.await {
                    Ok(Some(profile)) => view! { <ShopProfileForm profile/> }.into_any(),
                    Ok(None) => view! { <p class="card">"등록된 상점이 없습니다."</p> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ShopProfileForm(profile: ShopProfile) -> impl IntoView {
    let save = ServerAction::<UpdateShopProfile>::new();
    let shop = use_current_shop().0;
    let toasts = use_toasts();

    // Tell the result once per submission, and refresh the header's shop name.
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success("상점 정보를 저장했습니다.");
            shop.refetch();
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let field_error = move |field: &'static str| {
        move || {
            save.value()
                .get()
                .and_then(|r| r.err())
                .filter(|e| e.field.as_deref() == Some(field))
                .map(|e| view! { <p class="field-error" role="alert">{e.message}</p> })
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            save.value()
                .get()
                .and_then(|r| r.err())
                .is_some_and(|e| e.field.as_deref() == Some(field))
                .then_some("true")
        }
    };

    view! {
        <ActionForm action=save attr:class="card form" attr:novalidate=true>
            <fieldset disabled=move || save.pending().get()>
                <legend>"구매자에게 보이는 정보"</legend>
                <label for="shop-name">"상점 이름"</label>
                <input
                    id="shop-name"
                    name="name"
                    required
                    maxlength=SHOP_NAME_MAX
                    value=profile.name.clone()
                    aria-invalid=invalid("name")
                />
                {field_error("name")}

                <label for="cs-phone">"고객센터 전화번호"</label>
                <input
                    id="cs-phone"
                    name="cs_phone"
                    type="tel"
                    inputmode="tel"
                    placeholder="02-1234-5678"
                    value=profile.cs_phone.clone()
                    aria-invalid=invalid("cs_phone")
                />
                {field_error("cs_phone")}

                <label for="cs-email">"고객센터 이메일"</label>
                <input
                    id="cs-email"
                    name="cs_email"
                    type="email"
                    inputmode="email"
                    placeholder="cs@example.com"
                    value=profile.cs_email.clone()
                    aria-invalid=invalid("cs_email")
                />
                {field_error("cs_email")}

                <label for="cs-hours">"고객센터 운영 시간"</label>
                <input
                    id="cs-hours"
                    name="cs_hours"
                    placeholder="평일 10:00-17:00 (점심 12:00-13:00)"
                    value=profile.cs_hours.clone()
                    aria-invalid=invalid("cs_hours")
                />
                {field_error("cs_hours")}

                <label for="introduction">"상점 소개"</label>
                <textarea
                    id="introduction"
                    name="introduction"
                    rows="4"
                    maxlength=INTRODUCTION_MAX
                    aria-invalid=invalid("introduction")
                >
                    {profile.introduction.clone()}
                </textarea>
                {field_error("introduction")}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="save-shop">
                    {move || if save.pending().get() { "저장 중…" } else { "저장" }}
                </button>
            </div>
        </ActionForm>
        <section class="card" aria-labelledby="business-facts">
            <h2 id="business-facts">"사업자 정보"</h2>
            <p class="muted">"사업자 정보는 입점 심사를 거쳐 변경됩니다."</p>
            <dl class="facts">
                <dt>"대표자"</dt>
                <dd>{profile.representative_name}</dd>
                <dt>"사업자등록번호"</dt>
                <dd>{profile.business_number}</dd>
                <dt>"통신판매업 신고번호"</dt>
                <dd>{profile.mail_order_number}</dd>
                <dt>"사업장 주소"</dt>
                <dd>{profile.business_address}</dd>
            </dl>
        </section>
    }
}
