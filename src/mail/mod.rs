//! Mail to sellers (verification, password reset, invitations): an outbox in
//! the database, delivered over SMTP when one is configured; otherwise kept,
//! and readable in the developer mailbox.

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::msg;
use crate::ui::{ErrorNotice, Loading};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The body is shown only in development mode.
    pub body_hidden: bool,
    pub status: String,
    pub created_at: String,
}

/// The developer mailbox: in development mode for anyone (bodies and links
/// shown), otherwise only for the platform operator (who, what and when,
/// never a body).
#[server(prefix = "/api")]
pub async fn list_mailbox() -> Result<Vec<MailView>, AppError> {
    crate::auth::ssr::as_visitor(async |state| {
        if !state.config.dev_mode {
            crate::auth::ssr::require_operator(&state).await?;
        }
        ssr::mailbox(&state, 50).await
    })
    .await
}

/// Splits text into plain runs and links so mail bodies show clickable links.
pub fn linkify(text: &str) -> Vec<(bool, String)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = ["http://", "https://"].iter().filter_map(|p| rest.find(p)).min() {
        if start > 0 {
            parts.push((false, rest[..start].to_owned()));
        }
        let end = rest[start..].find(char::is_whitespace).map_or(rest.len(), |e| start + e);
        parts.push((true, rest[start..end].to_owned()));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_owned()));
    }
    parts
}

#[component]
pub fn MailboxPage() -> impl IntoView {
    let mails = Resource::new(|| (), |_| list_mailbox());
    view! {
        <Title text=msg::mail_title()/>
        <div class="page-head">
            <h1>{msg::mail_heading()}</h1>
        </div>
        <p class="muted">{msg::mail_intro()}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(list) if list.is_empty() => view! { <p class="card">{msg::mail_empty()}</p> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .map(|m| {
                            view! {
                                <article class="card mail" data-testid="mail">
                                    <h2>{m.subject}</h2>
                                    <p class="muted">{msg::mail_to()} <span class="mail-to">{m.to}</span> " · " {m.created_at}</p>
                                    {if m.body_hidden {
                                        view! { <p class="muted" data-testid="mail-body-hidden">{msg::mail_body_hidden()}</p> }.into_any()
                                    } else {
                                        view! {
                                            <pre class="mail-body">
                                                {linkify(&m.body)
                                                    .into_iter()
                                                    .map(|(link, text)| {
                                                        if link {
                                                            view! { <a href=text.clone()>{text.clone()}</a> }.into_any()
                                                        } else {
                                                            text.into_any()
                                                        }
                                                    })
                                                    .collect_view()}
                                            </pre>
                                        }
                                            .into_any()
                                    }}
                                </article>
                            }
                        })
                        .collect_view()
                        .into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_in_mail_bodies_are_found() {
        let parts = super::linkify("열기: http://127.0.0.1:3000/verify-email?token=ab 끝");
        let lines = super::linkify("안내\n\nhttps://x.kr/a?b=1\n\n끝");
        assert_eq!(lines.iter().filter(|(l, _)| *l).map(|(_, t)| t.as_str()).collect::<Vec<_>>(), ["https://x.kr/a?b=1"]);
        assert!(parts.iter().any(|(l, t)| *l && t == "http://127.0.0.1:3000/verify-email?token=ab"));
        assert_eq!(parts.iter().map(|(_, t)| t.as_str()).collect::<String>(), "열기: http://127.0.0.1:3000/verify-email?token=ab 끝");
    }
}
