//! The app shell a seller lives in: header, navigation, toasts, offline
//! notice, and the routes of every area.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::error::AppError;
use crate::home::HomePage;
use crate::shop::{get_shop_profile, ShopProfile, ShopSettingsPage};
use crate::ui::{error_fallback, provide_toasts, BottomNav, NotFound, Sidebar, ToastRegion};

pub const THEME_COLOR: &str = "#3b5bdb";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="ko">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content=THEME_COLOR/>
                <meta name="description" content="패션 셀러를 위한 판매자 센터: 상품, 주문, 배송, 정산을 한곳에서"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The shop the app acts for, loaded once per page and shared by the header
/// and the pages; refetch it after the profile changes.
#[derive(Clone, Copy)]
pub struct CurrentShop(pub Resource<Result<Option<ShopProfile>, AppError>>);

pub fn use_current_shop() -> CurrentShop {
    expect_context::<CurrentShop>()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_toasts();
    let shop = Resource::new(|| (), |_| get_shop_profile());
    provide_context(CurrentShop(shop));
    Effect::new(|_| {
        crate::pwa::mark_hydrated();
        crate::pwa::register_service_worker();
    });

    view! {
        <Router>
            <div class="app">
                <a class="skip-link" href="#main">"본문 바로가기"</a>
                <Header/>
                <OfflineBanner/>
                <div class="layout">
                    <Sidebar/>
                    <main id="main" class="content">
                        <ErrorBoundary fallback=error_fallback>
                            <Routes fallback=|| view! { <NotFound/> }>
                                <Route path=path!("/") view=HomePage/>
                                <Route path=path!("/settings/shop") view=ShopSettingsPage/>
                            </Routes>
                        </ErrorBoundary>
                    </main>
                </div>
                <BottomNav/>
                <ToastRegion/>
            </div>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let shop = use_current_shop().0;
    view! {
        <header class="app-header">
            <a class="brand" href="/">
                <img src="/icons/favicon.svg" alt="" width="28" height="28"/>
                <span class="brand-name">"파트너센터"</span>
            </a>
            <Transition fallback=|| view! { <span class="shop-name">"…"</span> }>
                {move || Suspend::new(async move {
                    let name = match shop.await {
                        Ok(Some(s)) => s.name,
                        Ok(None) => "등록된 상점 없음".to_owned(),
                        Err(_) => String::new(),
                    };
                    view! { <span class="shop-name" data-testid="shop-name">{name}</span> }
                })}
            </Transition>
        </header>
    }
}

/// A clear notice while the device is offline, so nobody types into a form
/// believing it will save.
#[component]
fn OfflineBanner() -> impl IntoView {
    let online = RwSignal::new(true);
    Effect::new(move |_| {
        online.set(crate::pwa::navigator_online());
        let _ = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let _ = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    });
    view! {
        <Show when=move || !online.get()>
            <div class="offline-banner" role="alert">
                "오프라인 상태입니다. 인터넷에 다시 연결되면 저장과 조회가 가능합니다."
            </div>
        </Show>
    }
}
