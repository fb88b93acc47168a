//! Navigation: a sidebar on desktop, a bottom bar at phone width (≤ 768 px).
//! Only areas that exist, and only those the person's role may use, are
//! listed; each area adds its entry here. The bottom bar holds five places
//! at most; when a role has more, the first four stay and the rest go into
//! a "더보기" menu.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::auth::roles::Permission;
use crate::auth::SessionInfo;
use crate::i18n::msg;

/// Who an entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Members of a shop whose role has the permission.
    Member(Permission),
    /// The platform operator.
    Operator,
    /// Everyone signed in.
    Everyone,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: fn() -> &'static str,
    /// Label in the bottom bar, where space is short.
    pub short: fn() -> &'static str,
    /// Inline SVG path (24×24 viewBox) drawn as the icon.
    pub icon: &'static str,
    pub audience: Audience,
}

pub const NAV_ITEMS: &[NavItem] = &[
    NavItem {
        href: "/",
        label: msg::nav_home,
        short: msg::nav_home_short,
        icon: "M3 10.5 12 3l9 7.5V21a1 1 0 0 1-1 1h-5v-7H9v7H4a1 1 0 0 1-1-1z",
        audience: Audience::Member(Permission::Dashboard),
    },
    NavItem {
        href: "/products",
        label: msg::nav_products,
        short: msg::nav_products_short,
        icon: "M20.6 13.4 13.4 20.6a2 2 0 0 1-2.8 0L3 13V3h10l7.6 7.6a2 2 0 0 1 0 2.8zM7.5 7.5h.01",
        audience: Audience::Member(Permission::Products),
    },
    NavItem {
        href: "/orders",
        label: msg::nav_orders,
        short: msg::nav_orders_short,
        icon: "M21 8 12 3 3 8v8l9 5 9-5zM3 8l9 5 9-5M12 13v8M7.5 5.5l9 5",
        audience: Audience::Member(Permission::Orders),
    },
    NavItem {
        href: "/claims",
        label: msg::nav_claims,
        short: msg::nav_claims_short,
        icon: "M3 12a9 9 0 0 1 15.5-6.2L21 8M21 3v5h-5M21 12a9 9 0 0 1-15.5 6.2L3 16M3 21v-5h5",
        audience: Audience::Member(Permission::Claims),
    },
    NavItem {
        href: "/inquiries",
        label: msg::nav_inquiries,
        short: msg::nav_inquiries_short,
        icon: "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2zM9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.7M12 15h.01",
        audience: Audience::Member(Permission::Inquiries),
    },
    NavItem {
        href: "/reviews",
        label: msg::nav_reviews,
        short: msg::nav_reviews_short,
        icon: "m12 3 2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3 6.4 20.2l1.1-6.2L3 9.6l6.2-.9z",
        audience: Audience::Member(Permission::Reviews),
    },
    NavItem {
        href: "/sales",
        label: msg::nav_sales,
        short: msg::nav_sales_short,
        icon: "M3 3v18h18M7 15l4-4 3 3 6-6M16 8h4v4",
        audience: Audience::Member(Permission::Analytics),
    },
    NavItem {
        href: "/promotions/coupons",
        label: msg::nav_promotions,
        short: msg::nav_promotions_short,
        icon: "M20.6 13.4 13.4 20.6a2 2 0 0 1-2.8 0L3 13V3h10l7.6 7.6a2 2 0 0 1 0 2.8zM9 15l6-6M9.5 9.5h.01M14.5 14.5h.01",
        audience: Audience::Member(Permission::Promotions),
    },
    NavItem {
        href: "/settlement",
        label: msg::nav_settlement,
        short: msg::nav_settlement_short,
        icon: "M3 7h18v12H3zM3 11h18M7 15h4M16 3l-4 4-4-4",
        audience: Audience::Member(Permission::Settlement),
    },
    NavItem {
        href: "/settings/shop",
        label: msg::nav_shop,
        short: msg::nav_shop_short,
        icon: "M4 9h16l-1.5-5h-13zM5 9v11h14V9M9 20v-6h6v6",
        audience: Audience::Member(Permission::ShopSettings),
    },
    NavItem {
        href: "/settings/staff",
        label: msg::nav_staff,
        short: msg::nav_staff_short,
        icon: "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M17 11a3 3 0 1 0 0-6M22 21v-1a5 5 0 0 0-4-4.9",
        audience: Audience::Member(Permission::Staff),
    },
    NavItem {
        href: "/settings/audit",
        label: msg::nav_audit,
        short: msg::nav_audit_short,
        icon: "M12 8v4l3 2M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5",
        audience: Audience::Member(Permission::AuditLog),
    },
    NavItem {
        href: "/operator",
        label: msg::nav_operator,
        short: msg::nav_operator_short,
        icon: "M9 11l3 3 8-8M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9",
        audience: Audience::Operator,
    },
    NavItem {
        href: "/operator/settlement",
        label: msg::nav_operator_settlement,
        short: msg::nav_operator_settlement_short,
        icon: "M3 7h18v12H3zM3 11h18M7 15h4M16 3l-4 4-4-4",
        audience: Audience::Operator,
    },
    NavItem {
        href: "/operator/campaigns",
        label: msg::nav_operator_campaigns,
        short: msg::nav_operator_campaigns_short,
        icon: "M3 11v2a1 1 0 0 0 1 1h2l5 4V6L6 10H4a1 1 0 0 0-1 1zM16 8a5 5 0 0 1 0 8M19 5a9 9 0 0 1 0 14",
        audience: Audience::Operator,
    },
    NavItem {
        href: "/dev/mailbox",
        label: msg::nav_mailbox,
        short: msg::nav_mailbox_short,
        icon: "M3 6h18v12H3zM3 6l9 7 9-7",
        audience: Audience::Operator,
    },
    NavItem {
        href: "/account",
        label: msg::nav_account,
        short: msg::nav_account_short,
        icon: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21v-1a8 8 0 0 1 16 0v1",
        audience: Audience::Everyone,
    },
];

pub fn nav_items_for(info: &SessionInfo) -> Vec<&'static NavItem> {
    NAV_ITEMS
        .iter()
        .filter(|item| match item.audience {
            Audience::Member(p) => info.can(p),
            Audience::Operator => info.is_operator,
            Audience::Everyone => true,
        })
        .collect()
}

/// Places the bottom bar has room for at 360 px.
pub const BOTTOM_BAR_SLOTS: usize = 5;

/// The bottom bar's own items and those behind "더보기".
pub fn split_bottom_bar(items: Vec<&'static NavItem>) -> (Vec<&'static NavItem>, Vec<&'static NavItem>) {
    if items.len() <= BOTTOM_BAR_SLOTS {
        (items, Vec::new())
    } else {
        let mut bar = items;
        let rest = bar.split_off(BOTTOM_BAR_SLOTS - 1);
        (bar, rest)
    }
}

const MORE_ICON: &str = "M5 12h.01M12 12h.01M19 12h.01";

fn icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round"/>
        </svg>
    }
}

#[component]
pub fn Sidebar(info: SessionInfo) -> impl IntoView {
    view! {
        <nav class="sidebar" aria-label=msg::nav_main_menu()>
            <ul>
                {nav_items_for(&info)
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li>
                                <A href=item.href exact=true>
                                    {icon(item.icon)}
                                    <span>{(item.label)()}</span>
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
pub fn BottomNav(info: SessionInfo) -> impl IntoView {
    let (bar, rest) = split_bottom_bar(nav_items_for(&info));
    view! {
        <nav class="bottom-nav" aria-label=msg::nav_bottom_menu()>
            {bar
                .into_iter()
                .map(|item| {
                    view! {
                        <A href=item.href exact=true attr:aria-label=(item.label)()>
                            {icon(item.icon)}
                            <span>{(item.short)()}</span>
                        </A>
                    }
                })
                .collect_view()}
            {(!rest.is_empty()).then(|| view! { <MoreMenu items=rest/> })}
        </nav>
    }
}

/// "더보기": a `<details>` popup above the bar (it opens with the keyboard and
/// without JavaScript), closed again by navigating, by Escape and by a tap
/// outside it.
#[component]
fn MoreMenu(items: Vec<&'static NavItem>) -> impl IntoView {
    let details = NodeRef::<html::Details>::new();
    let summary = NodeRef::<html::Summary>::new();
    let location = use_location();
    let hrefs: Vec<&'static str> = items.iter().map(|i| i.href).collect();
    let here = move || hrefs.contains(&location.pathname.get().as_str());
    let close = move || {
        if let Some(d) = details.get_untracked() {
            d.set_open(false);
        }
    };
    Effect::new(move |_| {
        location.pathname.track();
        close();
    });
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let handle = window_event_listener(leptos::ev::click, move |ev| {
                let Some(d) = details.get_untracked() else { return };
                let inside = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .is_some_and(|n| d.contains(Some(&n)));
                if d.open() && !inside {
                    d.set_open(false);
                }
            });
            // Gone with the menu (the app is drawn anew on a language switch).
            on_cleanup(move || handle.remove());
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && details.get_untracked().is_some_and(|d| d.open()) {
            close();
            if let Some(s) = summary.get_untracked() {
                let _ = s.focus();
            }
        }
    };
    view! {
        <details class="more-menu" node_ref=details on:keydown=on_key>
            <summary node_ref=summary class:here=here data-testid="nav-more">
                {icon(MORE_ICON)}
                <span>{msg::nav_more()}</span>
            </summary>
            <ul class="more-list">
                {items
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li>
                                <A href=item.href exact=true attr:aria-label=(item.label)()>
                                    {icon(item.icon)}
                                    <span>{(item.label)()}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::roles::Role;
    use crate::auth::ShopMembership;
    use crate::auth::ShopStatus;

    fn member(role: Role) -> SessionInfo {
        SessionInfo {
            user_id: 1,
            email: "a@b.kr".into(),
            name: "김".into(),
            is_operator: false,
            shop: Some(ShopMembership {
                shop_id: 1,
                shop_name: "무드온".into(),
                role,
                status: ShopStatus::Approved,
                rejection_reason: String::new(),
            }),
        }
    }

    fn hrefs(info: &SessionInfo) -> Vec<&'static str> {
        nav_items_for(info).iter().map(|i| i.href).collect()
    }

    #[test]
    fn each_role_sees_only_what_it_may_use() {
        assert_eq!(
            hrefs(&member(Role::Owner)),
            [
                "/",
                "/products",
                "/orders",
                "/claims",
                "/inquiries",
                "/reviews",
                "/sales",
                "/promotions/coupons",
                "/settlement",
                "/settings/shop",
                "/settings/staff",
                "/settings/audit",
                "/account"
            ]
        );
        assert_eq!(
            hrefs(&member(Role::Manager)),
            [
                "/",
                "/products",
                "/orders",
                "/claims",
                "/inquiries",
                "/reviews",
                "/sales",
                "/promotions/coupons",
                "/settlement",
                "/settings/shop",
                "/account"
            ]
        );
        assert_eq!(hrefs(&member(Role::Cs)), ["/", "/claims", "/inquiries", "/reviews", "/account"]);
        assert_eq!(hrefs(&member(Role::Logistics)), ["/", "/orders", "/account"]);
        let operator = SessionInfo { is_operator: true, shop: None, ..member(Role::Owner) };
        assert_eq!(hrefs(&operator), ["/operator", "/operator/settlement", "/operator/campaigns", "/dev/mailbox", "/account"]);
    }

    #[test]
    fn the_bottom_bar_keeps_four_places_and_puts_the_rest_behind_more() {
        let split = |role| {
            let (bar, rest) = split_bottom_bar(nav_items_for(&member(role)));
            (bar.iter().map(|i| i.href).collect::<Vec<_>>(), rest.iter().map(|i| i.href).collect::<Vec<_>>())
        };
        assert_eq!(
            split(Role::Owner),
            (
                vec!["/", "/products", "/orders", "/claims"],
                vec![
                    "/inquiries",
                    "/reviews",
                    "/sales",
                    "/promotions/coupons",
                    "/settlement",
                    "/settings/shop",
                    "/settings/staff",
                    "/settings/audit",
                    "/account"
                ]
            )
        );
        // Five fit without a menu.
        assert_eq!(split(Role::Cs).0.len(), 5);
        assert!(split(Role::Cs).1.is_empty());
    }
}
