//! The buyer outbox: every message to a buyer (claim steps, answers to
//! inquiries, shipping changes) is written here inside the transaction of
//! the change it announces, and a background worker delivers it — by e-mail
//! over SMTP when configured, otherwise handed to the buyer's sales channel —
//! with retries and a state the seller can see.

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

use crate::i18n::msg;

/// A message as the seller sees it on an order, claim or inquiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessageView {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// pending, sending, sent, failed
    pub status: String,
    pub status_label: String,
    /// email, channel or '' while not sent
    pub via: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: String,
    pub sent_at: String,
}

/// The seller's word for a message's state.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "pending" => msg::outbox_status_pending(),
        "sending" => msg::outbox_status_sending(),
        "sent" => msg::outbox_status_sent(),
        "failed" => msg::outbox_status_failed(),
        _ => "",
    }
}

/// The seller's word for how a message went out.
pub fn via_label(via: &str) -> &'static str {
    match via {
        "email" => msg::outbox_via_email(),
        "channel" => msg::outbox_via_channel(),
        _ => "",
    }
}
