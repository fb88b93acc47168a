//! The app shell a seller lives in: header, navigation, toasts, offline
//! notice, and the routes of every area.

pub mod nav;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{lazy_route, path, ChooseView, Lazy, LazyRoute, SsrMode};

use crate::accounts::pages::{
    AccountPage, ApplicationPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SignupPage, UnlockLoginPage,
    VerifyEmailPage,
};
use crate::auth::SessionInfo;
use crate::accounts::get_session;
use crate::audit::AuditLogPage;
use crate::error::AppError;
use crate::i18n::{msg, Locale};
use crate::ui::CurrentLocale;
use crate::claims::pages::{ClaimDetailPage, ClaimListPage};
use crate::home::HomePage;
use crate::inquiries::pages::InquiryInboxPage;
use crate::mail::MailboxPage;
use crate::operator::pages::{ApplicationDetailPage, ReviewQueuePage};
use crate::orders::pages::{InvoiceImportPage, OrderDetailPage, OrderListPage, PackingSlipsPage};
use crate::reviews::pages::ReviewListPage;
use crate::sales::pages::SalesDashboardPage;
use crate::settlement::pages::{OperatorSettlementPage, StatementDetailPage, StatementListPage};
use crate::settlement::tax::pages::{TaxInvoiceListPage, TaxInvoicePage, VatReportPage};
use crate::promotions::campaigns::pages::{
    CampaignDetailPage, CampaignListPage, OperatorCampaignListPage, OperatorCampaignPage,
};
use crate::promotions::coupons::pages::{CouponDetailPage, CouponListPage, CouponNewPage};
use crate::promotions::discounts::pages::DiscountListPage;
use crate::products::pages::{ProductEditPage, ProductImportPage, ProductListPage, ProductNewPage, StockSheetPage};
use crate::shop::ShopSettingsPage;
use crate::staff::pages::{InvitationPage, StaffPage};
use crate::ui::{error_fallback, provide_toasts, ErrorNotice, HeaderShopName, Loading, NotFound, ToastRegion};
use nav::{BottomNav, Sidebar};

pub const THEME_COLOR: &str = "#3b5bdb";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = crate::i18n::locale();
    // A visitor (no session cookie) gets the sign-in pages' texts only;
    // signing in loads a whole page, and with it every text.
    #[cfg(feature = "ssr")]
    let signed_in = use_context::<axum::http::request::Parts>()
        .is_some_and(|p| crate::auth::ssr::session_token_from_headers(&p.headers).is_some());
    #[cfg(not(feature = "ssr"))]
    let signed_in = true;
    let catalogue = if signed_in { locale.catalogue_url() } else { locale.visitor_catalogue_url() };
    view! {
        <!DOCTYPE html>
        <html lang=locale.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content=THEME_COLOR/>
                <meta name="description" content=msg::app_description()/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                // The page's language only (hashed, cached for good); deferred
                // like the app's module below, so it runs before hydration.
                <script id="catalogue" src=catalogue defer></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The signed-in person, loaded before the page is sent (a blocking
/// resource), so a visitor is redirected to the login page by the server.
#[derive(Clone, Copy)]
pub struct CurrentSession(pub Resource<Result<Option<SessionInfo>, AppError>>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_toasts();
    let session = Resource::new_blocking(|| (), |_| get_session());
    provide_context(CurrentSession(session));
    provide_context(CurrentLocale { locale: RwSignal::new(crate::i18n::locale()), redraw });
    Effect::new(|_| crate::pwa::register_service_worker());

    view! {
        <Router>
            <AppRoutes/>
            <ToastRegion/>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// The app as mounted (hydrated at first): dropping it unmounts it.
    static MOUNTED: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

/// Keeps the mounted app (see [`redraw`]).
#[cfg(feature = "hydrate")]
pub fn keep_mounted<M: leptos::tachys::view::Mountable + 'static>(app: leptos::mount::UnmountHandle<M>) {
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(app)));
}

/// Draws the whole app again, in the language just switched to: the old
/// one is unmounted (its effects and live stream end) and a new one is
/// mounted in its place; the page and the browser's state stay, nothing
/// reloads. Redrawing the routes inside the hydrated app instead hit
/// hydration markers that were gone (tachys panics), so this starts clean.
/// Runs after the current event, whose handler belongs to the old app.
fn redraw() {
    #[cfg(feature = "hydrate")]
    set_timeout(
        || {
            let Some(old) = MOUNTED.with(|m| m.borrow_mut().take()) else {
                // Still hydrating (it never finished): load the page anew,
                // in the language the cookie now says.
                let _ = window().location().reload();
                return;
            };
            drop(old);
            let body = document().body().expect("the page has a body");
            keep_mounted(leptos::mount::mount_to(body, App));
        },
        std::time::Duration::ZERO,
    );
}

/// Every page. Drawn again when the language changes.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
            <Routes fallback=|| view! { <div class="plain-page"><NotFound/></div> <HydratedMarker/> }>
                <Route path=path!("/login") view=Area::LoginArea/>
                <Route path=path!("/signup") view=Area::SignUpArea/>
                <Route path=path!("/verify-email") view=Area::SignInArea/>
                <Route path=path!("/forgot-password") view=Area::SignInArea/>
                <Route path=path!("/reset-password") view=Area::SignInArea/>
                <Route path=path!("/unlock-login") view=Area::SignInArea/>
                <Route path=path!("/invitation") view=Area::SignInArea/>
                <Route path=path!("/dev/mailbox") view=Area::MailboxArea/>
                // Async: rendered whole before sending, so a signed-out visitor
                // gets a real 302 to /login instead of a page that redirects itself.
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=Area::HomeArea/>
                    <Route path=path!("products") view=Area::ProductsArea/>
                    <Route path=path!("products/new") view=Area::ProductsArea/>
                    <Route path=path!("products/import") view=Area::ProductsArea/>
                    <Route path=path!("products/stock") view=Area::ProductsArea/>
                    <Route path=path!("products/:id") view=Area::ProductsArea/>
                    <Route path=path!("orders") view=Area::OrdersArea/>
                    <Route path=path!("orders/invoices") view=Area::OrdersArea/>
                    <Route path=path!("orders/slips") view=Area::OrdersArea/>
                    <Route path=path!("orders/:order_no") view=Area::OrdersArea/>
                    <Route path=path!("claims") view=Area::ClaimsArea/>
                    <Route path=path!("claims/:id") view=Area::ClaimsArea/>
                    <Route path=path!("inquiries") view=Area::SupportArea/>
                    <Route path=path!("reviews") view=Area::SupportArea/>
                    <Route path=path!("sales") view=Area::SalesArea/>
                    <Route path=path!("settlement") view=Area::SettlementArea/>
                    <Route path=path!("settlement/tax-invoices") view=Area::SettlementArea/>
                    <Route path=path!("settlement/tax-invoices/:month") view=Area::SettlementArea/>
                    <Route path=path!("settlement/vat") view=Area::SettlementArea/>
                    <Route path=path!("settlement/:id") view=Area::SettlementArea/>
                    <Route path=path!("promotions") view=Area::PromotionsArea/>
                    <Route path=path!("promotions/coupons") view=Area::PromotionsArea/>
                    <Route path=path!("promotions/coupons/new") view=Area::PromotionsArea/>
                    <Route path=path!("promotions/coupons/:id") view=Area::PromotionsArea/>
                    <Route path=path!("promotions/discounts") view=Area::PromotionsArea/>
                    <Route path=path!("promotions/campaigns") view=Area::PromotionsArea/>
                    <Route path=path!("promotions/campaigns/:id") view=Area::PromotionsArea/>
                    <Route path=path!("settings/shop") view=Area::SettingsArea/>
                    <Route path=path!("settings/staff") view=Area::SettingsArea/>
                    <Route path=path!("settings/audit") view=Area::SettingsArea/>
                    <Route path=path!("account") view=Area::SettingsArea/>
                    <Route path=path!("application") view=Area::SettingsArea/>
                    <Route path=path!("operator") view=Area::OperatorArea/>
                    <Route path=path!("operator/settlement") view=Area::OperatorArea/>
                    <Route path=path!("operator/shops/:id") view=Area::OperatorArea/>
                    // The operator's campaign pages share the promotions area's
                    // code (facts, results): in its chunk, not the operator's,
                    // or wasm-split would move what both use into the main module.
                    <Route path=path!("operator/campaigns") view=Area::PromotionsArea/>
                    <Route path=path!("operator/campaigns/:id") view=Area::PromotionsArea/>
                </ParentRoute>
            </Routes>
    }
}

/// Pages load by area: the pages of one area are one lazy route, so one
/// WASM chunk, fetched when a page of the area is first shown; the first
/// load carries only the shell and the area at hand (budget: 350 KB
/// compressed). One route per page made wasm-split cut the shared code into
/// about a thousand tiny chunks (146 for the login page alone), which
/// compress badly one by one. Inside its chunk an area picks the page by
/// the path its routes above matched.
///
/// Every route's view is an [`Area`], one type for all of them: the router's
/// matching and rendering code is then compiled once per shape of path, not
/// once per area and shape (with `Lazy<ProductsArea>`, `Lazy<OrdersArea>`, …
/// as the views, each area added ~6 KB of router code to the main module).
macro_rules! lazy_areas {
    ($($area:ident { $($path:pat $(if $guard:expr)? => $page:ident),+ $(,)? })*) => {
        /// The area a route shows (see `lazy_areas!`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Area {
            $($area,)*
        }

        impl ChooseView for Area {
            async fn choose(self) -> AnyView {
                match self {
                    $(Area::$area => Lazy::<$area>::new().choose().await,)*
                }
            }

            async fn preload(&self) {
                match self {
                    $(Area::$area => Lazy::<$area>::new().preload().await,)*
                }
            }
        }

        $(
        struct $area;

        #[lazy_route]
        impl LazyRoute for $area {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                let path = leptos_router::hooks::use_location().pathname.get_untracked();
                let page = match path.trim_end_matches('/') {
                    $($path $(if $guard)? => view! { <$page/> }.into_any(),)+
                };
                view! { {page} <HydratedMarker/> }.into_any()
            }
        }
        )*
    };
}

/// Marks `<body data-hydrated>` once the page's own (lazily loaded) code has
/// taken over: end-to-end tests wait for it before they interact.
#[component]
fn HydratedMarker() -> impl IntoView {
    Effect::new(|_| crate::pwa::mark_hydrated());
}

#[component]
fn PlainMailboxPage() -> impl IntoView {
    view! { <div class="plain-page"><MailboxPage/></div> }
}

lazy_areas! {
    // The login page is where every visitor lands: alone in its chunk, so
    // a first visit downloads none of the other sign-in pages' code.
    LoginArea { _ => LoginPage }
    SignInArea {
        "/verify-email" => VerifyEmailPage,
        "/forgot-password" => ForgotPasswordPage,
        "/reset-password" => ResetPasswordPage,
        "/unlock-login" => UnlockLoginPage,
        _ => InvitationPage,
    }
    SignUpArea { _ => SignupPage }
    MailboxArea { _ => PlainMailboxPage }
    HomeArea { _ => HomePage }
    ProductsArea {
        "/products" => ProductListPage,
        "/products/new" => ProductNewPage,
        "/products/import" => ProductImportPage,
        "/products/stock" => StockSheetPage,
        _ => ProductEditPage,
    }
    OrdersArea {
        "/orders" => OrderListPage,
        "/orders/invoices" => InvoiceImportPage,
        "/orders/slips" => PackingSlipsPage,
        _ => OrderDetailPage,
    }
    ClaimsArea {
        "/claims" => ClaimListPage,
        _ => ClaimDetailPage,
    }
    SupportArea {
        "/reviews" => ReviewListPage,
        _ => InquiryInboxPage,
    }
    SalesArea { _ => SalesDashboardPage }
    SettlementArea {
        "/settlement" => StatementListPage,
        "/settlement/tax-invoices" => TaxInvoiceListPage,
        "/settlement/vat" => VatReportPage,
        p if p.starts_with("/settlement/tax-invoices/") => TaxInvoicePage,
        _ => StatementDetailPage,
    }
    PromotionsArea {
        "/promotions/coupons/new" => CouponNewPage,
        p if p.starts_with("/promotions/coupons/") => CouponDetailPage,
        "/promotions/discounts" => DiscountListPage,
        "/promotions/campaigns" => CampaignListPage,
        p if p.starts_with("/promotions/campaigns/") => CampaignDetailPage,
        "/operator/campaigns" => OperatorCampaignListPage,
        p if p.starts_with("/operator/campaigns/") => OperatorCampaignPage,
        _ => CouponListPage,
    }
    SettingsArea {
        "/settings/staff" => StaffPage,
        "/settings/audit" => AuditLogPage,
        "/account" => AccountPage,
        "/application" => ApplicationPage,
        _ => ShopSettingsPage,
    }
    OperatorArea {
        "/operator/settlement" => OperatorSettlementPage,
        p if p.starts_with("/operator/shops/") => ApplicationDetailPage,
        _ => ReviewQueuePage,
    }
}

/// Pages that need a signed-in person: the visitor goes to the login page.
#[component]
fn AppLayout() -> impl IntoView {
    let session = expect_context::<CurrentSession>().0;
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(info)) => view! { <SignedInShell info/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignedInShell(info: SessionInfo) -> impl IntoView {
    let shop_name = RwSignal::new(
        info.shop.as_ref().map(|s| s.shop_name.clone()).unwrap_or_else(|| msg::app_operator_console().to_owned()),
    );
    provide_context(HeaderShopName(shop_name));
    if info.shop.is_some() {
        crate::ui::provide_live_events();
    }
    provide_context(info.clone());
    view! {
        <div class="app">
            <a class="skip-link" href="#main">{msg::app_skip_to_content()}</a>
            <header class="app-header">
                <a class="brand" href="/">
                    <img src="/icons/favicon.svg" alt="" width="28" height="28"/>
                    <span class="brand-name">{msg::app_name()}</span>
                </a>
                <LanguageSwitch/>
                <a class="shop-name" href="/account" data-testid="shop-name" title=msg::app_my_account()>
                    {move || shop_name.get()}
                </a>
            </header>
            <OfflineBanner/>
            <div class="layout">
                <Sidebar info=info.clone()/>
                <main id="main" class="content">
                    <ErrorBoundary fallback=error_fallback>
                        <Outlet/>
                    </ErrorBoundary>
                </main>
            </div>
            <BottomNav info/>
        </div>
    }
}

/// A clear notice while the device is offline, so nobody types into a form
/// believing it will save.
#[component]
fn OfflineBanner() -> impl IntoView {
    let online = RwSignal::new(true);
    Effect::new(move |_| {
        online.set(crate::pwa::navigator_online());
        let up = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let down = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
    });
    view! {
        <Show when=move || !online.get()>
            <div class="offline-banner" role="alert">
                {msg::app_offline()}
            </div>
        </Show>
    }
}

/// The header's language switch: names the other language in its own words
/// (a person who can't read the current one still finds it).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let current = expect_context::<CurrentLocale>();
    let other = match current.locale.get_untracked() {
        Locale::Ko => Locale::En,
        Locale::En => Locale::Ko,
    };
    let switch = crate::accounts::use_language_switch();
    view! {
        <button
            type="button"
            class="btn btn-small lang-switch"
            data-testid="language-switch"
            lang=other.as_str()
            title=msg::app_switch_language()
            on:click=move |_| switch.run(other)
        >
            {other.native_name()}
        </button>
    }
}
