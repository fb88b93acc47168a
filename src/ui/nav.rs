//! Navigation: a sidebar on desktop, a bottom bar at phone width (≤ 768 px).
//! Only areas that exist, and only those the person's role may use, are
//! listed; each area adds its entry here.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::accounts::roles::Permission;
use crate::accounts::SessionInfo;

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
    pub label: &'static str,
    /// Label in the bottom bar, where space is short.
    pub short: &'static str,
    /// Inline SVG path (24×24 viewBox) drawn as the icon.
    pub icon: &'static str,
    pub audience: Audience,
}

pub const NAV_ITEMS: &[NavItem] = &[
    NavItem {
        href: "/",
        label: "홈",
        short: "홈",
        icon: "M3 10.5 12 3l9 7.5V21a1 1 0 0 1-1 1h-5v-7H9v7H4a1 1 0 0 1-1-1z",
        audience: Audience::Member(Permission::Dashboard),
    },
    NavItem {
        href: "/products",
        label: "상품 관리",
        short: "상품",
        icon: "M20.6 13.4 13.4 20.6a2 2 0 0 1-2.8 0L3 13V3h10l7.6 7.6a2 2 0 0 1 0 2.8zM7.5 7.5h.01",
        audience: Audience::Member(Permission::Products),
    },
    NavItem {
        href: "/settings/shop",
        label: "상점 정보",
        short: "상점",
        icon: "M4 9h16l-1.5-5h-13zM5 9v11h14V9M9 20v-6h6v6",
        audience: Audience::Member(Permission::ShopSettings),
    },
    NavItem {
        href: "/settings/staff",
        label: "직원 관리",
        short: "직원",
        icon: "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M17 11a3 3 0 1 0 0-6M22 21v-1a5 5 0 0 0-4-4.9",
        audience: Audience::Member(Permission::Staff),
    },
    NavItem {
        href: "/settings/audit",
        label: "활동 기록",
        short: "기록",
        icon: "M12 8v4l3 2M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5",
        audience: Audience::Member(Permission::AuditLog),
    },
    NavItem {
        href: "/operator",
        label: "입점 심사",
        short: "심사",
        icon: "M9 11l3 3 8-8M20 12v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9",
        audience: Audience::Operator,
    },
    NavItem {
        href: "/dev/mailbox",
        label: "메일함",
        short: "메일함",
        icon: "M3 6h18v12H3zM3 6l9 7 9-7",
        audience: Audience::Operator,
    },
    NavItem {
        href: "/account",
        label: "내 계정",
        short: "계정",
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
        <nav class="sidebar" aria-label="주 메뉴">
            <ul>
                {nav_items_for(&info)
                    .into_iter()
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
pub fn BottomNav(info: SessionInfo) -> impl IntoView {
    view! {
        <nav class="bottom-nav" aria-label="하단 메뉴">
            {nav_items_for(&info)
                .into_iter()
                .map(|item| {
                    view! {
                        <A href=item.href exact=true attr:aria-label=item.label>
                            {icon(item.icon)}
                            <span>{item.short}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::roles::Role;
    use crate::accounts::ShopMembership;
    use crate::shop::ShopStatus;

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
            ["/", "/products", "/settings/shop", "/settings/staff", "/settings/audit", "/account"]
        );
        assert_eq!(hrefs(&member(Role::Manager)), ["/", "/products", "/settings/shop", "/account"]);
        assert_eq!(hrefs(&member(Role::Cs)), ["/", "/account"]);
        let operator = SessionInfo { is_operator: true, shop: None, ..member(Role::Owner) };
        assert_eq!(hrefs(&operator), ["/operator", "/dev/mailbox", "/account"]);
    }
}
