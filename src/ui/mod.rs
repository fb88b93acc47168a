//! Pieces of interface every area uses: the shell's navigation, toasts,
//! status pages and small helpers.

pub mod chart;
mod export;
mod field;
mod form;
mod list;
mod live;
mod paged;
mod toast;

pub use export::{english_headers, export_locale, with_english_headers, ExportHeadersCheck};
pub use field::Field;
pub use form::{
    confirm, form_fields, go_to, send_sheet, submit_form_data, use_sheet_upload, FormError, FormErrors, SheetUpload,
};
pub use list::{CountTabs, LoadMore, SearchRow, SelectBox};
pub use live::{provide_live_events, use_live_detail, use_live_events, LiveDetail, LiveEvents};
pub(crate) use paged::list_page;
pub use paged::{use_paged_list, ListPage, PagedList, Shown};
pub use toast::{provide_toasts, use_toasts, ToastKind, ToastRegion, Toasts};

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::msg;

/// The head of a detail page: its title (also the document's) and the link
/// back to its list.
#[component]
pub fn DetailHead(title: &'static str, back: &'static str, back_label: &'static str) -> impl IntoView {
    view! {
        <leptos_meta::Title text=format!("{title} · {}", msg::app_name())/>
        <div class="page-head">
            <h1>{title}</h1>
            <div class="head-actions">
                <a class="btn" href=back>{back_label}</a>
            </div>
        </div>
    }
}

/// Korean 404 (페이지를 찾을 수 없습니다), with the right HTTP status on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <leptos_meta::Title text=format!("{} · {}", msg::ui_not_found_title(), msg::app_name())/>
        <section class="status-page" aria-labelledby="status-title">
            <p class="status-code">"404"</p>
            <h1 id="status-title">{msg::ui_not_found_title()}</h1>
            <p>{msg::ui_not_found_body()}</p>
            <a class="btn btn-primary" href="/">{msg::ui_go_home()}</a>
        </section>
    }
}

/// What a seller sees when a page fails to load: the reason in Korean and a
/// way back, never a raw error.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <section class="status-page" role="alert">
            <h1>{msg::ui_error_title()}</h1>
            <p>{error.message}</p>
            <p class="muted">{msg::ui_error_code()} " " <code>{error.code.as_str()}</code></p>
            <a class="btn" href="/">{msg::ui_go_home()}</a>
        </section>
    }
}

/// Fallback of the shell's error boundary.
pub fn error_fallback(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let message = move || {
        errors
            .get()
            .into_iter()
            .next()
            .map(|(_, e)| match e.downcast_ref::<AppError>() {
                Some(app) => app.message.clone(),
                None => AppError::internal().message,
            })
            .unwrap_or_default()
    };
    view! {
        <section class="status-page" role="alert">
            <h1>{msg::ui_error_title()}</h1>
            <p>{message}</p>
            <a class="btn" href="/">{msg::ui_go_home()}</a>
        </section>
    }
}

/// A loading placeholder with an accessible label.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">{msg::ui_loading()}</p> }
}

/// The language the app is drawn in, and how to draw it anew in another.
#[derive(Clone, Copy)]
pub struct CurrentLocale {
    pub locale: RwSignal<crate::i18n::Locale>,
    /// Draws the whole app again (the shell's own, `app::redraw`).
    pub redraw: fn(),
}

impl CurrentLocale {
    /// Loads `locale`'s catalogue if needed, then draws the app again in it:
    /// no reload. `false` when the catalogue could not be loaded (offline).
    pub async fn switch(self, locale: crate::i18n::Locale) -> bool {
        #[cfg(feature = "hydrate")]
        {
            if !crate::i18n::load(locale).await {
                return false;
            }
        }
        self.locale.set(locale);
        (self.redraw)();
        true
    }

    pub fn get(&self) -> crate::i18n::Locale {
        self.locale.get()
    }
}

/// `lang="ko"` for a text stored in Korean (a buyer's message, a reason
/// written when something happened): it stays as written, and says so to
/// screen readers and translators; `None` for anything else.
pub fn stored_text_lang(text: &str) -> Option<&'static str> {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)).then_some("ko")
}

/// The shop name in the header; the settings page updates it after a save.
#[derive(Clone, Copy)]
pub struct HeaderShopName(pub RwSignal<String>);

/// The frame of the pages a visitor sees before signing in.
#[component]
pub fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <leptos_meta::Title text=format!("{title} · {}", msg::app_name())/>
        <div class="auth-page">
            <a class="brand auth-brand" href="/">
                <img src="/icons/favicon.svg" alt="" width="32" height="32"/>
                <span>{msg::app_name()}</span>
            </a>
            <section class="card auth-card">
                <h1>{title}</h1>
                {children()}
            </section>
        </div>
    }
}
