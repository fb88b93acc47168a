//! A labelled form field with its Korean error underneath: the one shape
//! every form in the app uses, so errors look and read the same everywhere.

use leptos::prelude::*;

#[component]
pub fn Field(
    /// Element id (also ties the label to the input).
    id: &'static str,
    /// Form field name: the server function's argument.
    name: &'static str,
    label: &'static str,
    #[prop(into)] value: String,
    /// The error for this field, if the last submission had one.
    error: Signal<Option<String>>,
    /// `type` of the input (`text`, `tel`, `email` …).
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Rows of a multi-line text area; `None` for a one-line input.
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let invalid = move || error.get().map(|_| "true");
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id
                name=name
                rows=rows
                maxlength=maxlength
                placeholder=placeholder
                required=required
                aria-invalid=invalid
            >
                {value}
            </textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id
                name=name
                type=kind
                inputmode=inputmode
                placeholder=placeholder
                maxlength=maxlength
                required=required
                autocomplete=autocomplete
                value=value
                aria-invalid=invalid
            />
        }
        .into_any(),
    };
    view! {
        <label for=id>{label}</label>
        {control}
        {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
    }
}
