//! Pieces of interface every area uses: the shell's navigation, toasts,
//! status pages and small helpers.

pub mod chart;
mod field;
mod form;
mod list;
mod live;
mod paged;
mod toast;

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

/// The head of a detail page: its title (also the document's) and the link
/// back to its list.
#[component]
pub fn DetailHead(title: &'static str, back: &'static str, back_label: &'static str) -> impl IntoView {
    view! {
        <leptos_meta::Title text=format!("{title} · 파트너센터")/>
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
        <leptos_meta::Title text="페이지를 찾을 수 없습니다 · 파트너센터"/>
        <section class="status-page" aria-labelledby="status-title">
            <p class="status-code">"404"</p>
            <h1 id="status-title">"페이지를 찾을 수 없습니다"</h1>
            <p>"주소가 바뀌었거나 삭제된 페이지입니다. 주소를 다시 확인해 주세요."</p>
            <a class="btn btn-primary" href="/">"홈으로 가기"</a>
        </section>
    }
}

/// What a seller sees when a page fails to load: the reason in Korean and a
/// way back, never a raw error.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <section class="status-page" role="alert">
            <h1>"문제가 발생했습니다"</h1>
            <p>{error.message}</p>
            <p class="muted">"오류 코드: " <code>{error.code.as_str()}</code></p>
            <a class="btn" href="/">"홈으로 가기"</a>
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
            <h1>"문제가 발생했습니다"</h1>
            <p>{message}</p>
            <a class="btn" href="/">"홈으로 가기"</a>
        </section>
    }
}

/// A loading placeholder with an accessible label.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"불러오는 중…"</p> }
}

/// The shop name in the header; the settings page updates it after a save.
#[derive(Clone, Copy)]
pub struct HeaderShopName(pub RwSignal<String>);

/// The frame of the pages a visitor sees before signing in.
#[component]
pub fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <leptos_meta::Title text=format!("{title} · 파트너센터")/>
        <div class="auth-page">
            <a class="brand auth-brand" href="/">
                <img src="/icons/favicon.svg" alt="" width="32" height="32"/>
                <span>"파트너센터"</span>
            </a>
            <section class="card auth-card">
                <h1>{title}</h1>
                {children()}
            </section>
        </div>
    }
}
