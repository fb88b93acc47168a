//! Navigation: a sidebar on desktop, a bottom bar at phone width (≤ 768 px).
//! Only areas that exist are listed; each area adds its entry here.

use leptos::prelude::*;
use leptos_router::components::A;

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    /// Inline SVG path (24×24 viewBox) drawn as the icon.
    pub icon: &'static str,
}

pub const NAV_ITEMS: &[NavItem] = &[
    NavItem {
        href: "/",
        label: "홈",
        icon: "M3 10.5 12 3l9 7.5V21a1 1 0 0 1-1 1h-5v-7H9v7H4a1 1 0 0 1-1-1z",
    },
    NavItem {
        href: "/settings/shop",
        label: "상점 정보",
        icon: "M4 9h16l-1.5-5h-13zM5 9v11h14V9M9 20v-6h6v6",
    },
];

fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>
        </svg>
    }
}

#[component]
pub fn Sidebar() -> impl IntoView {
    view! {
        <nav class="sidebar" aria-label="주 메뉴">
            <ul>
                {NAV_ITEMS
                    .iter()
                    .map(|item| {
                        view! {
                            <li>
                                <A href=item.href exact=true>
                                    {icon(item.icon)}
                                    <span>{item.label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn BottomNav() -> impl IntoView {
    view! {
        <nav class="bottom-nav" aria-label="하단 메뉴">
            {NAV_ITEMS
                .iter()
                .map(|item| {
                    view! {
                        <A href=item.href exact=true>
                            {icon(item.icon)}
                            <span>{item.label}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}
