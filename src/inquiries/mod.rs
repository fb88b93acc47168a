//! 문의 관리: 상품문의 and 주문문의 that the sales channels pass on through
//! the Channel API, the seller's inbox (unanswered first, then newest), the
//! answer and its edits — never deleted: every version is kept and the
//! channel's answer feed carries each — answer templates the shop keeps, and
//! the 답변기한 of two Korean business days with a warning before it passes.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;

/// Longest answer (characters, after trimming).
pub const MAX_ANSWER: usize = 2000;
pub const MAX_TEMPLATE_TITLE: usize = 50;
pub const MAX_TEMPLATE_BODY: usize = 2000;
/// An unanswered inquiry is flagged this long before its deadline.
pub const DUE_SOON_MS: i64 = 4 * 60 * 60 * 1000;

/// 문의 유형 the channels send: (code, label in the reader's language).
pub const CATEGORIES: &[(&str, fn() -> &'static str)] = &[
    ("size", msg::inquiries_category_size),
    ("delivery", msg::inquiries_category_delivery),
    ("restock", msg::inquiries_category_restock),
    ("product", msg::inquiries_category_product),
    ("exchange_return", msg::inquiries_category_exchange_return),
    ("other", msg::inquiries_category_other),
];

pub fn category_label(code: &str) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l())
        .unwrap_or_else(msg::inquiries_category_other)
}

pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "order" => msg::inquiries_kind_order(),
        _ => msg::inquiries_kind_product(),
    }
}

/// Tabs of the inbox: (status, due, label).
pub const TABS: &[(&str, &str, fn() -> &'static str)] = &[
    ("unanswered", "", msg::inquiries_unanswered),
    ("answered", "", msg::inquiries_answered),
    ("all", "", msg::inquiries_tab_all),
    ("unanswered", "soon", msg::inquiries_tab_due_soon),
    ("unanswered", "overdue", msg::inquiries_overdue),
];

/// What the inbox is asked for; every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InquiryQuery {
    /// `unanswered`, `answered` or `all` (also empty).
    pub status: String,
    /// `product` or `order`.
    pub kind: String,
    /// A [`CATEGORIES`] code.
    pub category: String,
    /// `soon` (due within 4 hours) or `overdue`; both mean unanswered.
    pub due: String,
    /// Buyer name, product name, or words of the title or question.
    pub q: String,
    pub cursor: Option<String>,
}

/// One inquiry of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryRow {
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    pub channel_label: String,
    pub category: String,
    pub category_label: String,
    pub product_id: i64,
    pub product_name: String,
    /// 주문문의: the order and the option bought.
    pub order_no: String,
    pub option_text: String,
    pub buyer_name: String,
    pub title: String,
    pub body: String,
    /// 비밀글
    pub secret: bool,
    /// The current answer; empty while unanswered.
    pub answer: String,
    pub answered: bool,
    pub answered_at: String,
    pub answered_by: String,
    pub asked_at: String,
    /// 답변기한, e.g. `2026. 11. 30. (월) 23:59`.
    pub due_at: String,
    /// Unanswered and due within 4 hours.
    pub due_soon: bool,
    /// Unanswered and past its deadline.
    pub overdue: bool,
}

/// Live counts of the inbox tabs (the whole shop).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryCounts {
    pub unanswered: i64,
    pub answered: i64,
    pub due_soon: i64,
    pub overdue: i64,
}

impl InquiryCounts {
    pub fn of_tab(&self, status: &str, due: &str) -> i64 {
        match (status, due) {
            (_, "soon") => self.due_soon,
            (_, "overdue") => self.overdue,
            ("unanswered", _) => self.unanswered,
            ("answered", _) => self.answered,
            _ => self.unanswered + self.answered,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryPage {
    pub rows: Vec<InquiryRow>,
    pub next_cursor: Option<String>,
    /// On the first page only.
    pub counts: Option<InquiryCounts>,
}

crate::ui::list_page!(InquiryPage, InquiryRow);

/// One version of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerVersion {
    pub id: i64,
    pub body: String,
    pub author: String,
    pub at: String,
}

/// An inquiry with every version of its answer, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryDetail {
    pub row: InquiryRow,
    pub history: Vec<AnswerVersion>,
}

/// 답변 템플릿
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerTemplate {
    pub id: i64,
    pub title: String,
    pub body: String,
}

/// Checks an answer: trimmed, 1..=2000 characters.
pub fn check_answer(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", msg::inquiries_err_answer_required()));
    }
    if body.chars().count() > MAX_ANSWER {
        return Err(AppError::invalid(
            "body",
            msg::inquiries_err_answer_too_long(MAX_ANSWER.to_string()),
        ));
    }
    Ok(body.to_owned())
}

/// Checks a template: title 1..=50, body 1..=2000 characters (trimmed).
pub fn check_template(title: &str, body: &str) -> Result<(String, String), AppError> {
    let title = title.trim();
    let body = body.trim();
    if title.is_empty() {
        return Err(AppError::invalid("title", msg::inquiries_err_template_title_required()));
    }
    if title.chars().count() > MAX_TEMPLATE_TITLE {
        return Err(AppError::invalid(
            "title",
            msg::inquiries_err_template_title_too_long(MAX_TEMPLATE_TITLE.to_string()),
        ));
    }
    if body.is_empty() {
        return Err(AppError::invalid("body", msg::inquiries_err_template_body_required()));
    }
    if body.chars().count() > MAX_TEMPLATE_BODY {
        return Err(AppError::invalid(
            "body",
            msg::inquiries_err_template_body_too_long(MAX_TEMPLATE_BODY.to_string()),
        ));
    }
    Ok((title.to_owned(), body.to_owned()))
}

#[server(prefix = "/api")]
pub async fn list_inquiries(
    status: String,
    kind: String,
    category: String,
    due: String,
    q: String,
    cursor: Option<String>,
) -> Result<InquiryPage, AppError> {
    crate::auth::ssr::as_member(Permission::Inquiries, async |state, actor| {
        let query = InquiryQuery { status, kind, category, due, q, cursor };
        ssr::list(&state.db, actor.shop_id, &query, ssr::PAGE_SIZE).await
    })
    .await
}

/// One inquiry with the history of its answer.
#[server(prefix = "/api")]
pub async fn get_inquiry(inquiry_id: i64) -> Result<InquiryDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Inquiries, async |state, actor| {
        ssr::detail(&state.db, actor.shop_id, inquiry_id).await
    })
    .await
}

/// Answers an inquiry, or edits its answer (the earlier version is kept).
/// The buyer is told through the outbox.
#[server(prefix = "/api")]
pub async fn answer_inquiry(inquiry_id: i64, body: String) -> Result<InquiryDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Inquiries, async |state, actor| {
        ssr::answer(&state, &actor, inquiry_id, &body).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn list_answer_templates() -> Result<Vec<AnswerTemplate>, AppError> {
    crate::auth::ssr::as_member(Permission::Inquiries, async |state, actor| {
        ssr::templates(&state.db, actor.shop_id).await
    })
    .await
}

/// Creates a template (`template_id` empty) or changes one.
#[server(prefix = "/api")]
pub async fn save_answer_template(
    template_id: Option<i64>,
    title: String,
    body: String,
) -> Result<AnswerTemplate, AppError> {
    crate::auth::ssr::as_member(Permission::Inquiries, async |state, actor| {
        ssr::save_template(&state, &actor, template_id, &title, &body).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn delete_answer_template(template_id: i64) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Inquiries, async |state, actor| {
        ssr::delete_template(&state, &actor, template_id).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_trimmed_and_bounded() {
        assert_eq!(check_answer("  안녕하세요 ").unwrap(), "안녕하세요");
        assert_eq!(
            check_answer(" \n ").unwrap_err().field.as_deref(),
            Some("body")
        );
        assert!(check_answer(&"가".repeat(MAX_ANSWER)).is_ok());
        assert_eq!(
            check_answer(&"가".repeat(MAX_ANSWER + 1)).unwrap_err().code,
            "invalid_input"
        );
    }

    #[test]
    fn a_template_needs_a_short_title_and_a_body() {
        assert!(check_template("배송 안내", "보통 2일 안에 출고됩니다.").is_ok());
        assert_eq!(
            check_template("", "x").unwrap_err().field.as_deref(),
            Some("title")
        );
        assert_eq!(
            check_template(&"가".repeat(51), "x")
                .unwrap_err()
                .field
                .as_deref(),
            Some("title")
        );
        assert_eq!(
            check_template("x", " ").unwrap_err().field.as_deref(),
            Some("body")
        );
    }
}
