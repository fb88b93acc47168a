//! (being written)
use leptos::prelude::*;

use crate::i18n::msg;

#[component]
pub fn DiscountListPage() -> impl IntoView {
    view! { <h1>{msg::promo_title()}</h1> }
}
