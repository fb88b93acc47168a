//! 홈: the dashboard a seller opens first — the shop's state and what is
//! left to do. Each area adds its counts here as it lands.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format::format_number;
use crate::i18n::msg;
use crate::shop::{ShopProfile, ShopStatus};
use crate::ui::{use_live_events, use_toasts, ErrorNotice, Loading};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub shop: Option<ShopProfile>,
    /// Today in Seoul, e.g. `2026. 11. 26. (목)`.
    pub today: String,
    /// When these numbers were read, KST.
    pub as_of: String,
    /// Why the application was rejected or the shop suspended.
    pub rejection_reason: String,
    /// 상품: on sale, sold out and variants low on stock.
    pub catalogue: crate::products::CatalogueSummary,
    /// 주문: new, to ship, shipping, late, and today's payments.
    pub orders: crate::orders::OrderSummary,
    /// 고객 지원: claims, inquiries and reviews waiting for the seller.
    pub support: SupportSummary,
}

/// What customer support has waiting, each a way into its list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSummary {
    /// Claims the seller has to act on (요청, 수거완료, 보류).
    pub claims_open: i64,
    pub inquiries_unanswered: i64,
    /// Unanswered and due within a day, or already past the deadline.
    pub inquiries_due: i64,
    pub reviews_unreplied: i64,
}

/// An unanswered inquiry this close to its deadline counts as due.
pub const INQUIRY_DUE_SOON_MS: i64 = 24 * 60 * 60 * 1000;

#[cfg(feature = "ssr")]
async fn support_summary(
    db: &crate::db::Database,
    shop_id: i64,
    now: i64,
) -> Result<SupportSummary, AppError> {
    let count = |sql: &'static str, arg: Option<i64>| async move {
        let mut query = sqlx::query_scalar::<_, i64>(sql).bind(shop_id);
        if let Some(arg) = arg {
            query = query.bind(arg);
        }
        query.fetch_one(db.pool()).await
    };
    Ok(SupportSummary {
        claims_open: count(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM claims WHERE shop_id = $1 \
             AND status IN ('requested', 'collected', 'on_hold')",
            None,
        )
        .await?,
        inquiries_unanswered: count(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM inquiries WHERE shop_id = $1 AND answered_at = 0",
            None,
        )
        .await?,
        inquiries_due: count(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM inquiries WHERE shop_id = $1 AND answered_at = 0 AND due_at <= $2",
            Some(now + INQUIRY_DUE_SOON_MS),
        )
        .await?,
        reviews_unreplied: count(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM reviews WHERE shop_id = $1 AND replied_at = 0",
            None,
        )
        .await?,
    })
}

/// Customer-service details a buyer looks for on the channel's shop page;
/// the dashboard asks for the ones still empty.
pub fn missing_contact_details(shop: &ShopProfile) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if shop.cs_phone.is_empty() {
        missing.push(msg::shop_cs_phone());
    }
    if shop.cs_email.is_empty() {
        missing.push(msg::shop_cs_email());
    }
    if shop.cs_hours.is_empty() {
        missing.push(msg::shop_cs_hours());
    }
    if shop.introduction.is_empty() {
        missing.push(msg::shop_introduction());
    }
    missing
}

pub fn status_explanation(status: ShopStatus) -> &'static str {
    match status {
        ShopStatus::PendingReview => msg::home_status_pending(),
        ShopStatus::Approved => msg::home_status_approved(),
        ShopStatus::Rejected => msg::home_status_rejected(),
        ShopStatus::Suspended => msg::home_status_suspended(),
    }
}

#[server(prefix = "/api")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    crate::auth::ssr::as_member(crate::auth::roles::Permission::Dashboard, async |state, actor| {
        let shop = crate::shop::ssr::shop_by_id(&state.db, actor.shop_id).await?;
        let rejection_reason = crate::shop::ssr::rejection_reason(&state.db, actor.shop_id).await?;
        let now = crate::db::now_millis();
        Ok(Dashboard {
            shop,
            rejection_reason,
            catalogue: crate::products::ssr::summary(&state.db, actor.shop_id).await?,
            orders: crate::orders::ssr::summary(&state.db, actor.shop_id).await?,
            support: support_summary(&state.db, actor.shop_id, now).await?,
            today: crate::time::format_date(now),
            as_of: crate::time::format_datetime(now),
        })
    })
    .await
}

#[component]
pub fn HomePage() -> impl IntoView {
    let session = crate::auth::use_session();
    match session.shop.clone() {
        Some(_) => view! { <ShopHome/> }.into_any(),
        None if session.is_operator => view! {
            <Title text=msg::home_page_title()/>
            <div class="page-head"><h1>{msg::home_heading()}</h1></div>
            <section class="card">
                <h2>{msg::home_operator_console()}</h2>
                <p>{msg::home_operator_hint()}</p>
                <a class="btn btn-primary" href="/operator">{msg::home_operator_go()}</a>
            </section>
        }
        .into_any(),
        None => view! {
            <Title text=msg::home_page_title()/>
            <div class="page-head"><h1>{msg::home_heading()}</h1></div>
            <section class="card empty-state">
                <h2>{msg::home_no_shop()}</h2>
                <p>{msg::home_no_shop_hint()}</p>
            </section>
        }
        .into_any(),
    }
}

/// The review state, said where the seller looks first.
#[component]
fn StatusBanner(shop: ShopProfile, rejection_reason: String) -> impl IntoView {
    match shop.status {
        ShopStatus::Approved => None,
        ShopStatus::PendingReview => Some(
            view! {
                <div class="banner banner-warning" role="status" data-testid="pending-banner">
                    <strong>{msg::home_pending_banner_title()}</strong>
                    " "
                    {msg::home_pending_banner_text()}
                </div>
            }
            .into_any(),
        ),
        ShopStatus::Rejected => Some(
            view! {
                <div class="banner banner-danger" role="alert" data-testid="rejected-banner">
                    <p><strong>{msg::home_rejected_banner_title()}</strong></p>
                    <p>{msg::home_reason(rejection_reason)}</p>
                    <a class="btn btn-primary" href="/application">{msg::home_resubmit()}</a>
                </div>
            }
            .into_any(),
        ),
        ShopStatus::Suspended => Some(
            view! {
                <div class="banner banner-danger" role="alert" data-testid="suspended-banner">
                    <strong>{msg::home_suspended_banner_title()}</strong>
                    " "
                    {msg::home_reason(rejection_reason)}
                </div>
            }
            .into_any(),
        ),
    }
}

#[component]
fn ShopHome() -> impl IntoView {
    let dashboard = Resource::new(|| (), |_| get_dashboard());
    let toasts = use_toasts();
    // New orders and status changes show up without a reload.
    if crate::auth::use_session().can(crate::auth::roles::Permission::Orders) {
        use_live_events("orders", move || dashboard.refetch());
    }
    // Claims, questions and reviews arrive from the channels at any time.
    let session = crate::auth::use_session();
    for (topic, permission) in [
        ("claims", crate::auth::roles::Permission::Claims),
        ("inquiries", crate::auth::roles::Permission::Inquiries),
        ("reviews", crate::auth::roles::Permission::Reviews),
    ] {
        if session.can(permission) {
            use_live_events(topic, move || dashboard.refetch());
        }
    }
    let refresh = move |_| {
        dashboard.refetch();
        toasts.info(msg::home_refreshed());
    };

    view! {
        <Title text=msg::home_page_title()/>
        <div class="page-head">
            <h1>{msg::home_heading()}</h1>
            <button type="button" class="btn" data-testid="refresh-dashboard" on:click=refresh>
                {msg::home_refresh()}
            </button>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => view! { <DashboardView dashboard=d/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Some(shop) = dashboard.shop else {
        return view! {
            <section class="card empty-state">
                <h2>{msg::home_no_shop_yet()}</h2>
                <p>{msg::home_no_shop_yet_hint()}</p>
            </section>
        }
        .into_any();
    };
    let missing = missing_contact_details(&shop);
    let status_class = format!("badge badge-{}", shop.status.as_str());
    let orders = crate::auth::use_session()
        .can(crate::auth::roles::Permission::Orders)
        .then(|| view! { <OrdersCard orders=dashboard.orders/> });
    let support = view! { <SupportCard support=dashboard.support/> };
    view! {
        <StatusBanner shop=shop.clone() rejection_reason=dashboard.rejection_reason.clone()/>
        <p class="greeting">
            {msg::home_greeting_before()}
            <strong>{shop.name.clone()}</strong>
            {msg::home_greeting_middle()}
            <time>{dashboard.today.clone()}</time>
            {msg::home_greeting_after()}
        </p>
        <div class="cards">
            {orders}
            {support}
            <section class="card" aria-labelledby="card-products">
                <h2 id="card-products">{msg::home_card_products()}</h2>
                <ul class="stat-list">
                    <li><a href="/products?status=on_sale">{msg::home_on_sale()}</a> <strong>{format_number(dashboard.catalogue.on_sale)}</strong></li>
                    <li><a href="/products?status=sold_out">{msg::home_sold_out()}</a> <strong>{format_number(dashboard.catalogue.sold_out)}</strong></li>
                    <li class={if dashboard.catalogue.low_stock_variants > 0 { "warn" } else { "" }}>
                        <a href="/products?low_stock=1">{msg::home_low_stock()}</a>
                        <strong data-testid="low-stock-count">{format_number(dashboard.catalogue.low_stock_variants)}</strong>
                    </li>
                </ul>
                <a class="btn" href="/products/new">{msg::home_add_product()}</a>
            </section>
            <section class="card" aria-labelledby="card-status">
                <h2 id="card-status">{msg::home_card_status()}</h2>
                <p>
                    <span class=status_class data-testid="shop-status">{shop.status.label()}</span>
                </p>
                <p class="muted">{status_explanation(shop.status)}</p>
            </section>
            <section class="card" aria-labelledby="card-profile">
                <h2 id="card-profile">{msg::home_card_profile()}</h2>
                {if missing.is_empty() {
                    view! { <p>{msg::home_profile_complete()}</p> }.into_any()
                } else {
                    view! {
                        <p>{msg::home_profile_missing()}</p>
                        <ul class="todo-list">
                            {missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
                <a class="btn btn-primary" href="/settings/shop">{msg::home_manage_profile()}</a>
            </section>
            <section class="card" aria-labelledby="card-business">
                <h2 id="card-business">{msg::shop_business_facts()}</h2>
                <dl class="facts">
                    <dt>{msg::shop_representative()}</dt>
                    <dd>{shop.representative_name.clone()}</dd>
                    <dt>{msg::shop_business_number()}</dt>
                    <dd>{shop.business_number.clone()}</dd>
                    <dt>{msg::shop_mail_order_number()}</dt>
                    <dd>{shop.mail_order_number.clone()}</dd>
                    <dt>{msg::shop_business_address()}</dt>
                    <dd>{shop.business_address.clone()}</dd>
                </dl>
            </section>
        </div>
        <p class="muted as-of">{msg::home_as_of(dashboard.as_of)}</p>
    }
    .into_any()
}

/// 주문: what is waiting for the seller, each number a way into the list.
#[component]
fn OrdersCard(orders: crate::orders::OrderSummary) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="card-orders">
            <h2 id="card-orders">{msg::home_card_orders()}</h2>
            <ul class="stat-list">
                <li>
                    <a href="/orders?tab=paid">{msg::home_new_orders()}</a>
                    <strong data-testid="dash-new-orders">{format_number(orders.new_orders)}</strong>
                </li>
                <li>
                    <a href="/orders?tab=confirmed">{msg::home_to_ship()}</a>
                    <strong data-testid="dash-to-ship">{format_number(orders.to_ship)}</strong>
                </li>
                <li>
                    <a href="/orders?tab=shipped">{msg::home_shipping()}</a>
                    <strong data-testid="dash-shipping">{format_number(orders.shipping)}</strong>
                </li>
                <li class={if orders.late > 0 { "danger" } else { "" }}>
                    <a href="/orders?tab=late">{msg::home_late()}</a>
                    <strong data-testid="dash-late">{format_number(orders.late)}</strong>
                </li>
            </ul>
            <p class="muted" data-testid="dash-today">
                {msg::home_today_paid(orders.today_items, crate::format::format_won(orders.today_amount))}
            </p>
            <a class="btn btn-primary" href="/orders">{msg::home_manage_orders()}</a>
        </section>
    }
}

/// 고객 지원: claims to act on, questions to answer (and those about to be
/// late), reviews without a reply. Each line shows only with its permission.
#[component]
fn SupportCard(support: SupportSummary) -> impl IntoView {
    use crate::auth::roles::Permission;
    let session = crate::auth::use_session();
    let (claims, inquiries, reviews) = (
        session.can(Permission::Claims),
        session.can(Permission::Inquiries),
        session.can(Permission::Reviews),
    );
    if !(claims || inquiries || reviews) {
        return None;
    }
    Some(view! {
        <section class="card" aria-labelledby="card-support">
            <h2 id="card-support">{msg::home_card_support()}</h2>
            <ul class="stat-list">
                {claims.then(|| view! {
                    <li class={if support.claims_open > 0 { "warn" } else { "" }}>
                        <a href="/claims">{msg::home_claims_open()}</a>
                        <strong data-testid="home-claims-open">{format_number(support.claims_open)}</strong>
                    </li>
                })}
                {inquiries.then(|| view! {
                    <li>
                        <a href="/inquiries">{msg::home_inquiries_unanswered()}</a>
                        <strong data-testid="home-inquiries-unanswered">{format_number(support.inquiries_unanswered)}</strong>
                    </li>
                    <li class={if support.inquiries_due > 0 { "danger" } else { "" }}>
                        <a href="/inquiries">{msg::home_inquiries_due()}</a>
                        <strong data-testid="home-inquiries-due">{format_number(support.inquiries_due)}</strong>
                    </li>
                })}
                {reviews.then(|| view! {
                    <li>
                        <a href="/reviews">{msg::home_reviews_unreplied()}</a>
                        <strong data-testid="home-reviews-unreplied">{format_number(support.reviews_unreplied)}</strong>
                    </li>
                })}
            </ul>
        </section>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ShopProfile {
        ShopProfile {
            id: 1,
            name: "무드온".into(),
            representative_name: "김하늘".into(),
            business_number: "220-81-62517".into(),
            mail_order_number: "2024-서울마포-0001".into(),
            business_address: "서울 마포구".into(),
            cs_phone: "02-123-4567".into(),
            cs_email: String::new(),
            cs_hours: "평일 10:00-17:00".into(),
            introduction: String::new(),
            business_type: String::new(),
            business_item: String::new(),
            status: ShopStatus::Approved,
            updated_at: 0,
        }
    }

    #[test]
    fn the_dashboard_asks_only_for_empty_contact_details() {
        assert_eq!(
            missing_contact_details(&shop()),
            vec!["고객센터 이메일", "상점 소개"]
        );
    }
}
