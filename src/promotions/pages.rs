//! What the promotion pages share: the tabs between coupons, period
//! discounts and campaigns.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::msg;

/// 쿠폰 · 기간할인 · 기획전, the current one marked.
#[component]
pub fn PromoTabs() -> impl IntoView {
    let path = use_location().pathname;
    let tabs: [(&'static str, fn() -> &'static str); 3] = [
        ("/promotions/coupons", msg::promo_tab_coupons),
        ("/promotions/discounts", msg::promo_tab_discounts),
        ("/promotions/campaigns", msg::promo_tab_campaigns),
    ];
    view! {
        <nav class="tabs" aria-label=msg::promo_title()>
            {tabs
                .into_iter()
                .map(|(href, label)| {
                    let current = move || path.get().starts_with(href);
                    view! { <a href=href aria-current=move || current().then_some("page")>{label()}</a> }
                })
                .collect_view()}
        </nav>
    }
}
