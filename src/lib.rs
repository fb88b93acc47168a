//! Partner Center: the back-office of fashion shops that sell on Korean
//! marketplaces. One crate, two targets: the server (`ssr`) and the browser
//! bundle (`hydrate`). Each product area is one module holding its domain
//! types, server functions, pages and server-only data access.

// Large pages' view types nest deep; the hydrate build's layout queries
// need more room than the default 128.
#![recursion_limit = "256"]

pub mod accounts;
pub mod auth;
pub mod app;
pub mod audit;
pub mod calendar;
pub mod channel;
pub mod courier;
pub mod claims;
pub mod error;
pub mod format;
pub mod home;
pub mod i18n;
pub mod input;
pub mod inquiries;
pub mod mail;
pub mod operator;
pub mod orders;
pub mod outbox;
pub mod products;
pub mod promotions;
pub mod money;
pub mod pwa;
pub mod reviews;
pub mod sales;
pub mod settlement;
pub mod shop;
pub mod staff;
pub mod time;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod channel_api;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod simulate;


#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        // The page's catalogue script (deferred, before this module) has
        // run: hydrate in its language, so the first draw matches the
        // server's. If it has not (an odd script order), load it first.
        if !i18n::init_from_page() {
            i18n::load(i18n::locale()).await;
        }
        // Lazy routes (one WASM chunk per page) need the async hydration;
        // the app is kept mounted until a language switch draws it anew.
        let body = leptos::prelude::document().body().expect("the page has a body");
        app::keep_mounted(leptos::mount::hydrate_from_async(body, app::App).await);
    });
}
