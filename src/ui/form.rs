//! The errors of a form submission, split into field errors (shown under
//! their field) and general ones (shown above the form).

use leptos::prelude::*;

use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct FormErrors(Signal<Option<AppError>>);

impl FormErrors {
    /// From an action's value (`ServerAction::value()` / `Action::value()`).
    pub fn of<T, V>(value: V) -> Self
    where
        T: Clone + Send + Sync + 'static,
        V: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    {
        Self(Signal::derive(move || value.get().and_then(Result::err)))
    }

    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().filter(|e| e.field.as_deref() == Some(name)).map(|e| e.message))
    }

    /// Errors not about one field, e.g. a wrong password or an expired link.
    pub fn general(self) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().filter(|e| e.field.is_none()).map(|e| e.message))
    }

    pub fn code(self) -> Signal<Option<crate::error::ErrorCode>> {
        Signal::derive(move || self.0.get().map(|e| e.code))
    }
}

#[component]
pub fn FormError(errors: FormErrors) -> impl IntoView {
    let message = errors.general();
    move || message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })
}

/// The values of a submitted form's fields, in the order asked (empty for
/// a field the form lacks). With it a page can dispatch a server action
/// from a plain `<form method="post" action=…>` instead of `ActionForm`,
/// whose decoding of form data into the arguments (serde_qs) the login
/// page, the first download of every visitor, does not carry.
pub fn form_fields<const N: usize>(ev: &leptos::ev::SubmitEvent, names: [&str; N]) -> [String; N] {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let data = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|f| web_sys::FormData::new_with_form(&f).ok());
        names.map(|name| data.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        names.map(|_| String::new())
    }
}

/// Sends a form with files through a local action as multipart `FormData`
/// (the way the sign-up form uploads its 사업자등록증).
pub fn submit_form_data<O: 'static>(ev: leptos::ev::SubmitEvent, action: Action<web_sys::FormData, O>) {
    ev.prevent_default();
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let form = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
        if let Some(data) = form.and_then(|f| web_sys::FormData::new_with_form(&f).ok()) {
            action.dispatch_local(data);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = action;
}

/// Sends a spreadsheet upload form (its `file` and options) with `apply`:
/// `true` to import, otherwise a preview with the per-row report.
pub fn send_sheet<O: 'static>(form: NodeRef<leptos::html::Form>, apply: bool, action: Action<web_sys::FormData, O>) {
    #[cfg(feature = "hydrate")]
    if let Some(form) = form.get_untracked() {
        if let Ok(data) = web_sys::FormData::new_with_form(&form) {
            let _ = data.append_with_str("apply", if apply { "true" } else { "false" });
            action.dispatch_local(data);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, apply, action);
}

/// A full page load: after sign-in or sign-out everything on the page
/// belongs to another person, so nothing of the old page is kept.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Asks the seller to confirm a destructive action.
pub fn confirm(message: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = message;
        false
    }
}

/// The state of a spreadsheet upload page (상품 일괄등록, 송장 일괄등록): the
/// form, the upload action, the last report and the last error. A preview
/// (`send(false)`) and an import (`send(true)`) answer with a report; a
/// whole-file error shows instead of it.
pub struct SheetUpload<R: Send + Sync + 'static> {
    pub form: NodeRef<leptos::html::Form>,
    pub run: Action<web_sys::FormData, Result<R, AppError>>,
    pub report: RwSignal<Option<R>>,
    pub error: RwSignal<Option<String>>,
}

impl<R: Send + Sync + 'static> Clone for SheetUpload<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Send + Sync + 'static> Copy for SheetUpload<R> {}

impl<R: Send + Sync + 'static> SheetUpload<R> {
    /// Sends the form: `apply` imports, otherwise a preview.
    pub fn send(&self, apply: bool) {
        send_sheet(self.form, apply, self.run);
    }
}

/// [`SheetUpload`] sent with `upload`; `applied` says what an import did
/// (a success toast), `None` for a preview.
pub fn use_sheet_upload<R, F, Fut>(upload: F, applied: impl Fn(&R) -> Option<String> + 'static) -> SheetUpload<R>
where
    R: Clone + Send + Sync + 'static,
    F: Fn(leptos::server_fn::codec::MultipartData) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<R, AppError>> + 'static,
{
    let toasts = super::use_toasts();
    let form = NodeRef::<leptos::html::Form>::new();
    let run = Action::new_local(move |data: &web_sys::FormData| upload(data.clone().into()));
    let report = RwSignal::new(None::<R>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match run.value().get() {
        Some(Ok(r)) => {
            if let Some(message) = applied(&r) {
                toasts.success(message);
            }
            error.set(None);
            report.set(Some(r));
        }
        Some(Err(e)) => {
            error.set(Some(e.message));
            report.set(None);
        }
        None => {}
    });
    SheetUpload { form, run, report, error }
}
