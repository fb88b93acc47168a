//! (being written)
use leptos::prelude::*;

use crate::i18n::msg;

#[component]
pub fn CouponListPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}

#[component]
pub fn CouponNewPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}

#[component]
pub fn CouponDetailPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}
