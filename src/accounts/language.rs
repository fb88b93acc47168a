//! Choosing the language: saved on the account of whoever is signed in and
//! on the device (the `lang` cookie), then the app is redrawn in it.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{msg, Locale};
use crate::ui::{use_toasts, CurrentLocale};

/// Saves the language: on the account when signed in, and always on the
/// device, so the server renders the next page in it too.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(locale: Locale) -> Result<(), AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        if let Some(actor) = crate::auth::ssr::current_actor(&state).await? {
            crate::auth::ssr::save_locale(&state.db, actor.user_id, locale).await?;
        }
        crate::auth::ssr::set_locale_cookie(locale);
        Ok(())
    })
    .await
}

/// The switch behind the header's button and the account page's choice.
#[derive(Clone, Copy)]
pub struct LanguageSwitch {
    current: CurrentLocale,
    toasts: crate::ui::Toasts,
}

impl LanguageSwitch {
    /// Saves the choice, then draws the app again in it. A plain task, not
    /// an action: the app it was started from is gone when it ends.
    pub fn run(&self, locale: Locale) {
        let Self { current, toasts } = *self;
        leptos::task::spawn_local(async move {
            let shown = set_language(locale).await.is_ok() && current.switch(locale).await;
            if !shown {
                toasts.error(msg::common_language_failed());
            }
        });
    }
}

pub fn use_language_switch() -> LanguageSwitch {
    LanguageSwitch { current: expect_context::<CurrentLocale>(), toasts: use_toasts() }
}
