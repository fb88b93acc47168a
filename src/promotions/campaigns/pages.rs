//! (being written)
use leptos::prelude::*;

use crate::i18n::msg;

#[component]
pub fn CampaignListPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}

#[component]
pub fn CampaignDetailPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}

#[component]
pub fn OperatorCampaignListPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}

#[component]
pub fn OperatorCampaignPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}
