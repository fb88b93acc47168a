//! A shop's application (입점 신청): the business details and payout account
//! sign-up and resubmission ask for, and the 사업자등록증 document, checked
//! before anything is stored.

use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::input::required;
use crate::shop::BusinessNumber;

/// The settlement account: bank, number (digits and dashes), holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutAccount {
    pub bank: String,
    pub number: String,
    pub holder: String,
}

pub const BANKS: &[&str] = &[
    "KB국민은행", "신한은행", "우리은행", "하나은행", "NH농협은행", "IBK기업은행", "SC제일은행", "한국씨티은행",
    "카카오뱅크", "토스뱅크", "케이뱅크", "우체국", "새마을금고", "신협", "수협은행", "부산은행", "대구은행(iM뱅크)",
    "경남은행", "광주은행", "전북은행", "제주은행", "KDB산업은행",
];

/// A bank's name in the reader's language (the stored value is the Korean name).
pub fn bank_name(bank: &str) -> &str {
    match bank {
        "KB국민은행" => msg::shop_bank_kb(),
        "신한은행" => msg::shop_bank_shinhan(),
        "우리은행" => msg::shop_bank_woori(),
        "하나은행" => msg::shop_bank_hana(),
        "NH농협은행" => msg::shop_bank_nh(),
        "IBK기업은행" => msg::shop_bank_ibk(),
        "SC제일은행" => msg::shop_bank_sc(),
        "한국씨티은행" => msg::shop_bank_citi(),
        "카카오뱅크" => msg::shop_bank_kakao(),
        "토스뱅크" => msg::shop_bank_toss(),
        "케이뱅크" => msg::shop_bank_kbank(),
        "우체국" => msg::shop_bank_post(),
        "새마을금고" => msg::shop_bank_mg(),
        "신협" => msg::shop_bank_cu(),
        "수협은행" => msg::shop_bank_suhyup(),
        "부산은행" => msg::shop_bank_busan(),
        "대구은행(iM뱅크)" => msg::shop_bank_im(),
        "경남은행" => msg::shop_bank_kyongnam(),
        "광주은행" => msg::shop_bank_gwangju(),
        "전북은행" => msg::shop_bank_jeonbuk(),
        "제주은행" => msg::shop_bank_jeju(),
        "KDB산업은행" => msg::shop_bank_kdb(),
        other => other,
    }
}

impl PayoutAccount {
    pub fn parse(bank: &str, number: &str, holder: &str) -> AppResult<Self> {
        let bank = bank.trim();
        if !BANKS.contains(&bank) {
            return Err(AppError::invalid("settlement_bank", msg::shop_err_bank_required()));
        }
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let only_allowed = number.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
        if !only_allowed || !(10..=16).contains(&digits.len()) {
            return Err(AppError::invalid(
                "settlement_account",
                msg::shop_err_account_number(),
            ));
        }
        let holder = required("settlement_holder", holder, msg::shop_account_holder(), 40)?;
        Ok(Self { bank: bank.to_owned(), number: digits, holder })
    }

    /// `123-****-7890`: enough to recognise, not enough to copy.
    pub fn masked(number: &str) -> String {
        if number.len() < 7 {
            return "*".repeat(number.len());
        }
        format!("{}-****-{}", &number[..3], &number[number.len() - 4..])
    }
}

/// The business part of an application, shared by sign-up and resubmission.
#[derive(Debug, Clone)]
pub struct BusinessInput {
    pub shop_name: String,
    pub representative_name: String,
    pub business_number: BusinessNumber,
    pub mail_order_number: String,
    pub business_address: String,
    pub payout: PayoutAccount,
}

impl BusinessInput {
    pub fn parse(get: &dyn Fn(&str) -> String) -> AppResult<Self> {
        Ok(Self {
            shop_name: required("shop_name", &get("shop_name"), msg::shop_name(), crate::shop::SHOP_NAME_MAX)?,
            representative_name: required("representative_name", &get("representative_name"), msg::shop_representative_name(), 40)?,
            business_number: BusinessNumber::parse(&get("business_number"))?,
            mail_order_number: required("mail_order_number", &get("mail_order_number"), msg::shop_mail_order_number(), 40)?,
            business_address: required("business_address", &get("business_address"), msg::shop_business_address(), 200)?,
            payout: PayoutAccount::parse(
                &get("settlement_bank"),
                &get("settlement_account"),
                &get("settlement_holder"),
            )?,
        })
    }
}

/// What an uploaded 사업자등록증 really is, judged by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Jpeg,
    Png,
    Webp,
}

pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

impl DocumentKind {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    /// The upload rules: present, at most 10 MB, an image or a PDF by content.
    pub fn check(bytes: &[u8]) -> AppResult<Self> {
        let field = "document";
        if bytes.is_empty() {
            return Err(AppError::invalid(field, msg::shop_err_document_required()));
        }
        if bytes.len() > DOCUMENT_MAX_BYTES {
            return Err(AppError::invalid(field, msg::shop_err_document_too_large()));
        }
        Self::sniff(bytes).ok_or_else(|| {
            AppError::invalid(field, msg::shop_err_document_type())
        })
    }
}
