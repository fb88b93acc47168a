//! 리뷰 관리: reviews the sales channels pass on (rating, text, photos, the
//! option bought), filtered by rating, photo and reply state; the seller's
//! reply (editable, every edit audited), 신고 to the platform with a reason,
//! 베스트 리뷰 picks (at most ten per product), and the average rating per
//! product — computed from integer sums with rust_decimal, never floats.

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

pub const MAX_REPLY: usize = 1000;
pub const MAX_REPORT_REASON: usize = 500;
/// 베스트 리뷰 per product.
pub const MAX_BEST_PER_PRODUCT: i64 = 10;
pub const MAX_PHOTOS: usize = 10;

/// Reasons a seller reports a review for (신고 사유): the value sent to the
/// platform and stored (Korean, as the platform reads it) and the label the
/// seller reads.
pub const REPORT_REASONS: &[(&str, fn() -> &'static str)] = &[
    ("욕설·비방", msg::reviews_report_reason_abuse),
    ("광고·홍보", msg::reviews_report_reason_ad),
    ("개인정보 노출", msg::reviews_report_reason_privacy),
    ("상품과 무관한 내용", msg::reviews_report_reason_unrelated),
    ("기타", msg::reviews_report_reason_other),
];

/// What the review list is asked for; every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewQuery {
    /// `1`..`5` or empty.
    pub rating: String,
    pub photo: bool,
    /// `replied`, `unreplied` or empty.
    pub reply: String,
    pub reported: bool,
    pub best: bool,
    pub product_id: Option<i64>,
    pub cursor: Option<String>,
}

/// One review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub id: i64,
    pub channel_label: String,
    pub product_id: i64,
    pub product_name: String,
    pub option_text: String,
    pub buyer_name: String,
    pub rating: i64,
    pub body: String,
    /// Photo URLs as the channel hosts them.
    pub photos: Vec<String>,
    pub reply: String,
    pub replied_at: String,
    pub reported: bool,
    pub report_reason: String,
    pub best: bool,
    pub written_at: String,
}

/// The average rating of a product: `average` is the sum over the count
/// with one decimal (`4.7`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRating {
    pub product_id: i64,
    pub product_name: String,
    pub count: i64,
    pub rating_sum: i64,
    pub average: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewCounts {
    pub total: i64,
    pub unreplied: i64,
    pub reported: i64,
    pub best: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    pub rows: Vec<ReviewRow>,
    pub next_cursor: Option<String>,
    /// On the first page only: counts, the filtered product's rating, and
    /// the shop's most reviewed products.
    pub counts: Option<ReviewCounts>,
    pub product: Option<ProductRating>,
    pub top_products: Vec<ProductRating>,
}

crate::ui::list_page!(ReviewPage, ReviewRow);

/// A reply: trimmed, 1..=1000 characters.
pub fn check_reply(reply: &str) -> Result<String, AppError> {
    let reply = reply.trim();
    if reply.is_empty() {
        return Err(AppError::invalid("body", msg::reviews_err_reply_required()));
    }
    if reply.chars().count() > MAX_REPLY {
        return Err(AppError::invalid(
            "body",
            msg::reviews_err_reply_too_long(MAX_REPLY.to_string()),
        ));
    }
    Ok(reply.to_owned())
}

pub fn check_report_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", msg::reviews_err_report_reason_required()));
    }
    if reason.chars().count() > MAX_REPORT_REASON {
        return Err(AppError::invalid(
            "reason",
            msg::reviews_err_report_reason_too_long(MAX_REPORT_REASON.to_string()),
        ));
    }
    Ok(reason.to_owned())
}

/// `★★★★☆`
pub fn stars(rating: i64) -> String {
    let r = rating.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

#[server(prefix = "/api")]
pub async fn list_reviews(
    rating: String,
    photo: Option<bool>,
    reply: String,
    reported: Option<bool>,
    best: Option<bool>,
    product_id: Option<i64>,
    cursor: Option<String>,
) -> Result<ReviewPage, AppError> {
    crate::auth::ssr::as_member(Permission::Reviews, async |state, actor| {
        let (photo, reported, best) = (photo.unwrap_or(false), reported.unwrap_or(false), best.unwrap_or(false));
        let query = ReviewQuery { rating, photo, reply, reported, best, product_id, cursor };
        ssr::list(&state.db, actor.shop_id, &query, ssr::PAGE_SIZE).await
    })
    .await
}

/// 답글 달기 or 답글 수정.
#[server(prefix = "/api")]
pub async fn reply_review(review_id: i64, body: String) -> Result<ReviewRow, AppError> {
    crate::auth::ssr::as_member(Permission::Reviews, async |state, actor| {
        ssr::reply(&state, &actor, review_id, &body).await
    })
    .await
}

/// 신고: once per review, with a reason.
#[server(prefix = "/api")]
pub async fn report_review(review_id: i64, reason: String) -> Result<ReviewRow, AppError> {
    crate::auth::ssr::as_member(Permission::Reviews, async |state, actor| {
        ssr::report(&state, &actor, review_id, &reason).await
    })
    .await
}

/// 베스트 리뷰 선정 (`best = true`) or 해제.
#[server(prefix = "/api")]
pub async fn set_best_review(review_id: i64, best: bool) -> Result<ReviewRow, AppError> {
    crate::auth::ssr::as_member(Permission::Reviews, async |state, actor| {
        ssr::set_best(&state, &actor, review_id, best).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_trimmed_and_bounded() {
        assert_eq!(check_reply(" 감사합니다 ").unwrap(), "감사합니다");
        assert_eq!(
            check_reply("  ").unwrap_err().field.as_deref(),
            Some("body")
        );
        assert!(check_reply(&"가".repeat(MAX_REPLY)).is_ok());
        assert!(check_reply(&"가".repeat(MAX_REPLY + 1)).is_err());
        assert!(check_report_reason("").is_err());
    }

    #[test]
    fn stars_show_the_rating() {
        assert_eq!(stars(4), "★★★★☆");
        assert_eq!(stars(9), "★★★★★");
    }
}
