//! The shop (파트너 상점): its public profile, the settings page where the
//! owner keeps it up to date, and the rules its fields obey.

pub mod application;
mod business_number;
mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use business_number::BusinessNumber;
pub use page::ShopSettingsPage;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;

pub use crate::auth::ShopStatus;

/// What the shop shows about itself; no secrets, safe to send to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProfile {
    pub id: i64,
    pub name: String,
    pub representative_name: String,
    /// 사업자등록번호, formatted `XXX-XX-XXXXX`.
    pub business_number: String,
    /// 통신판매업 신고번호
    pub mail_order_number: String,
    pub business_address: String,
    pub cs_phone: String,
    pub cs_email: String,
    pub cs_hours: String,
    pub introduction: String,
    /// 업태 and 종목 of the business registration, printed on the platform's
    /// monthly tax invoice (세금계산서) to the shop. Empty when not given yet.
    pub business_type: String,
    pub business_item: String,
    pub status: ShopStatus,
    pub updated_at: i64,
}

/// The part of the profile the shop edits on the settings page, validated
/// once by [`ShopProfileEdit::parse`]: after that every field is acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopProfileEdit {
    pub name: String,
    pub cs_phone: String,
    pub cs_email: String,
    pub cs_hours: String,
    pub introduction: String,
    /// 업태; `None` keeps the stored value (a caller that does not send it).
    pub business_type: Option<String>,
    /// 종목; `None` keeps the stored value.
    pub business_item: Option<String>,
}

pub const SHOP_NAME_MAX: usize = 40;
pub const INTRODUCTION_MAX: usize = 500;
/// Longest 업태 / 종목 accepted (they go into one cell of the tax invoice).
pub const BUSINESS_KIND_MAX: usize = 30;

/// 업태 or 종목: trimmed, at most [`BUSINESS_KIND_MAX`] characters, empty allowed.
/// `field` is `business_type` or `business_item`.
fn business_kind(field: &'static str, value: Option<&str>) -> AppResult<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let value = value.trim();
    let is_type = field == "business_type";
    if value.chars().count() > BUSINESS_KIND_MAX {
        let message = if is_type {
            msg::shop_err_business_type_too_long(BUSINESS_KIND_MAX)
        } else {
            msg::shop_err_business_item_too_long(BUSINESS_KIND_MAX)
        };
        return Err(AppError::invalid(field, message));
    }
    if value.chars().any(char::is_control) {
        let message = if is_type {
            msg::shop_err_business_type_bad_chars()
        } else {
            msg::shop_err_business_item_bad_chars()
        };
        return Err(AppError::invalid(field, message));
    }
    Ok(Some(value.to_owned()))
}

impl ShopProfileEdit {
    pub fn parse(
        name: &str,
        cs_phone: &str,
        cs_email: &str,
        cs_hours: &str,
        introduction: &str,
        business_type: Option<&str>,
        business_item: Option<&str>,
    ) -> AppResult<Self> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", msg::shop_err_name_required()));
        }
        if name.chars().count() > SHOP_NAME_MAX {
            return Err(AppError::invalid(
                "name",
                msg::shop_err_name_too_long(SHOP_NAME_MAX),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(AppError::invalid("name", msg::shop_err_name_bad_chars()));
        }
        let cs_phone = normalize_phone(cs_phone)?;
        let cs_email = cs_email.trim();
        if !cs_email.is_empty() && !looks_like_email(cs_email) {
            return Err(AppError::invalid("cs_email", msg::shop_err_email_invalid()));
        }
        let cs_hours = cs_hours.trim();
        if cs_hours.chars().count() > 100 {
            return Err(AppError::invalid("cs_hours", msg::shop_err_cs_hours_too_long()));
        }
        let introduction = introduction.trim();
        if introduction.chars().count() > INTRODUCTION_MAX {
            return Err(AppError::invalid(
                "introduction",
                msg::shop_err_introduction_too_long(INTRODUCTION_MAX),
            ));
        }
        let business_type = business_kind("business_type", business_type)?;
        let business_item = business_kind("business_item", business_item)?;
        Ok(Self {
            name: name.to_owned(),
            cs_phone,
            cs_email: cs_email.to_owned(),
            cs_hours: cs_hours.to_owned(),
            introduction: introduction.to_owned(),
            business_type,
            business_item,
        })
    }
}

/// Korean phone numbers as customers dial them: `02-123-4567`,
/// `031-1234-5678`, `010-1234-5678`, `1588-1234`. Empty is allowed.
pub fn normalize_phone(input: &str) -> AppResult<String> {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let only_phone_chars =
        input.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '(' || c == ')');
    if digits.is_empty() && input.trim().is_empty() {
        return Ok(String::new());
    }
    let bad = || AppError::invalid("cs_phone", msg::shop_err_phone_invalid());
    if !only_phone_chars {
        return Err(bad());
    }
    let formatted = match digits.len() {
        8 if digits.starts_with("15") || digits.starts_with("16") || digits.starts_with("18") => {
            format!("{}-{}", &digits[..4], &digits[4..])
        }
        9 if digits.starts_with("02") => format!("02-{}-{}", &digits[2..5], &digits[5..]),
        10 if digits.starts_with("02") => format!("02-{}-{}", &digits[2..6], &digits[6..]),
        10 if digits.starts_with('0') => {
            format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
        }
        11 if digits.starts_with('0') => {
            format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..])
        }
        _ => return Err(bad()),
    };
    Ok(formatted)
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.len() <= 254
}

#[server(prefix = "/api")]
pub async fn get_shop_profile() -> Result<Option<ShopProfile>, AppError> {
    crate::auth::ssr::as_member(Permission::Dashboard, async |state, actor| {
        ssr::shop_by_id(&state.db, actor.shop_id).await
    })
    .await
}

/// Saves the editable part of the shop profile; invalid input changes nothing.
#[server(prefix = "/api")]
pub async fn update_shop_profile(
    name: String,
    cs_phone: String,
    cs_email: String,
    cs_hours: String,
    introduction: String,
    business_type: Option<String>,
    business_item: Option<String>,
) -> Result<ShopProfile, AppError> {
    crate::auth::ssr::as_member(Permission::ShopSettings, async |state, actor| {
        let (business_type, business_item) = (business_type.as_deref(), business_item.as_deref());
        let edit = ShopProfileEdit::parse(&name, &cs_phone, &cs_email, &cs_hours, &introduction, business_type, business_item)?;
        ssr::update_profile(&state.db, &actor, &edit).await
    })
    .await
}

/// 정산 계좌 as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    pub bank: String,
    /// Masked: `110-****-6789`.
    pub account: String,
    pub holder: String,
    /// Days payouts wait after a change (`PAYOUT_HOLD_DAYS`).
    pub hold_days: u32,
    /// When the hold of the last change ends (KST, `YYYY-MM-DD HH:MM`);
    /// empty when payouts are not held.
    pub held_until: String,
}

/// 정산 계좌 (owner only).
#[server(prefix = "/api")]
pub async fn get_payout_account() -> Result<PayoutView, AppError> {
    crate::auth::ssr::as_member(Permission::PayoutAccount, async |state, actor| {
        ssr::payout_account(&state.db, actor.shop_id, state.config.payout_hold_days).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn update_payout_account(
    settlement_bank: String,
    settlement_account: String,
    settlement_holder: String,
    // The owner's password, asked again: a change of 정산 계좌 needs it.
    #[server(default)]
    current_password: String,
) -> Result<PayoutView, AppError> {
    crate::auth::ssr::as_member(Permission::PayoutAccount, async |state, actor| {
        let account = application::PayoutAccount::parse(&settlement_bank, &settlement_account, &settlement_holder)?;
        ssr::update_payout_account(&state, &actor, &account, &current_password).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_stored_the_way_koreans_write_them() {
        assert_eq!(normalize_phone("0212345678").unwrap(), "02-1234-5678");
        assert_eq!(normalize_phone("02-123-4567").unwrap(), "02-123-4567");
        assert_eq!(normalize_phone("010 1234 5678").unwrap(), "010-1234-5678");
        assert_eq!(normalize_phone("031-123-4567").unwrap(), "031-123-4567");
        assert_eq!(normalize_phone("1588-1234").unwrap(), "1588-1234");
        assert_eq!(normalize_phone("  ").unwrap(), "");
    }

    #[test]
    fn nonsense_phone_numbers_are_refused() {
        for bad in ["12345", "010-1234-56789", "tel:01012345678", "02-12"] {
            let err = normalize_phone(bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("cs_phone"), "{bad}");
        }
    }

    #[test]
    fn an_empty_shop_name_is_refused_in_korean() {
        let err = ShopProfileEdit::parse("   ", "", "", "", "", None, None).unwrap_err();
        assert_eq!(err.code, "invalid_input");
        assert_eq!(err.message, "상점 이름을 입력해 주세요.");
    }

    #[test]
    fn overlong_fields_are_refused() {
        let long = "가".repeat(SHOP_NAME_MAX + 1);
        assert!(ShopProfileEdit::parse(&long, "", "", "", "", None, None).is_err());
        let intro = "나".repeat(INTRODUCTION_MAX + 1);
        assert!(ShopProfileEdit::parse("무드온", "", "", "", &intro, None, None).is_err());
        assert!(ShopProfileEdit::parse("무드온", "", "cs@", "", "", None, None).is_err());
    }

    #[test]
    fn a_valid_edit_is_trimmed() {
        let edit = ShopProfileEdit::parse(
            " 무드온 스튜디오 ",
            "0212345678",
            " cs@moodon.kr ",
            "평일 10-17시",
            "",
            Some(" 도매 및 소매업 "),
            None,
        )
        .unwrap();
        assert_eq!(edit.name, "무드온 스튜디오");
        assert_eq!(edit.cs_phone, "02-1234-5678");
        assert_eq!(edit.cs_email, "cs@moodon.kr");
        assert_eq!(edit.business_type.as_deref(), Some("도매 및 소매업"));
        assert_eq!(edit.business_item, None, "not sent: the stored 종목 stays");
    }

    #[test]
    fn business_type_and_item_are_at_most_30_characters_and_may_be_empty() {
        let ok = "가".repeat(BUSINESS_KIND_MAX);
        let long = "가".repeat(BUSINESS_KIND_MAX + 1);
        let edit = ShopProfileEdit::parse("무드온", "", "", "", "", Some(&ok), Some("  ")).unwrap();
        assert_eq!(edit.business_type.as_deref(), Some(ok.as_str()));
        assert_eq!(edit.business_item.as_deref(), Some(""));
        let err = ShopProfileEdit::parse("무드온", "", "", "", "", Some(&long), None).unwrap_err();
        assert_eq!((err.code.as_str(), err.field.as_deref()), ("invalid_input", Some("business_type")));
        assert_eq!(err.message, "업태는 30자 이내로 입력해 주세요.");
        let err = ShopProfileEdit::parse("무드온", "", "", "", "", None, Some(&long)).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("business_item"));
        assert_eq!(err.message, "종목은 30자 이내로 입력해 주세요.");
    }

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for s in [ShopStatus::PendingReview, ShopStatus::Approved, ShopStatus::Rejected, ShopStatus::Suspended] {
            assert_eq!(ShopStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ShopStatus::parse("open"), None);
    }
}
