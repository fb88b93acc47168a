//! Toasts: short results of what the seller just did ("저장했습니다").

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
}

/// Handle to the shell's toast list; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// How long a toast stays before it goes away by itself.
const TOAST_MILLIS: u64 = 4_000;

impl Toasts {
    pub fn show(&self, kind: ToastKind, message: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast { id, kind, message: message.into() });
            // Keep the stack short on a phone.
            if l.len() > 3 {
                l.remove(0);
            }
        });
        let list = self.list;
        set_timeout(
            // `try_`: the app may have been drawn anew (a language switch) since.
            move || {
                list.try_update(|l| l.retain(|t| t.id != id));
            },
            std::time::Duration::from_millis(TOAST_MILLIS),
        );
    }

    pub fn success(&self, message: impl Into<String>) {
        self.show(ToastKind::Success, message);
    }

    pub fn error(&self, message: impl Into<String>) {
        self.show(ToastKind::Error, message);
    }

    pub fn info(&self, message: impl Into<String>) {
        self.show(ToastKind::Info, message);
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

pub fn provide_toasts() -> Toasts {
    let toasts = Toasts { list: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) };
    provide_context(toasts);
    toasts
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:toast>
                <div class=match toast.kind {
                    ToastKind::Success => "toast toast-success",
                    ToastKind::Error => "toast toast-error",
                    ToastKind::Info => "toast",
                }>
                    <span>{toast.message.clone()}</span>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label=crate::i18n::msg::ui_close_notice()
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
