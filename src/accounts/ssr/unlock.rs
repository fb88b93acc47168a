//! Sign-in, and the mail that lets a locked account's owner back in.

use crate::auth::ssr::{locale_of, locked_error, try_login, unlock_link_due, Actor, Locked};
use crate::context::AppState;
use crate::error::AppResult;
use crate::i18n::msg;

/// Signs in (identity's [`try_login`]). When strangers' guesses have locked
/// the account, its owner is mailed an unlock link (at most one per
/// throttle window) and the page says so; the answer is the same whether
/// or not the address has an account.
pub async fn login(state: &AppState, email: &str, password: &str) -> AppResult<Actor> {
    match try_login(state, email, password).await? {
        Ok(actor) => Ok(actor),
        Err(locked) => {
            if locked == Locked::Account {
                send_unlock_link(state, email).await?;
            }
            Err(locked_error(locked))
        }
    }
}

async fn send_unlock_link(state: &AppState, email: &str) -> AppResult<()> {
    let Some((user, token)) = unlock_link_due(state, email).await? else { return Ok(()) };
    let link = format!("{}/unlock-login?token={token}", state.config.public_url());
    // In the owner's language, not the language of whoever is guessing.
    let locale = locale_of(&state.db, user.id).await?;
    let (subject, body) = crate::i18n::with_locale(locale, || {
        (msg::accounts_unlock_mail_subject().to_owned(), msg::accounts_unlock_mail_body(link.as_str()))
    });
    // Sealed out of the stored body, like every one-time link (24 hours).
    crate::mail::ssr::send_link(state, &user.email, &subject, &body, &link, 24 * 3600 * 1000).await
}
