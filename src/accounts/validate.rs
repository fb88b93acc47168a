//! Input rules of accounts: e-mail addresses, passwords, sign-up fields.

use crate::error::{AppError, AppResult};
use crate::shop::BusinessNumber;

pub use crate::auth::Email;

pub const PASSWORD_MIN: usize = 10;
const COMMON_PASSWORDS: &[&str] = &[
    "password", "password1", "password12", "password123", "qwerty1234", "qwertyuiop", "1234567890",
    "0123456789", "1q2w3e4r5t", "1q2w3e4r!!", "abcd123456", "iloveyou12", "admin12345", "a123456789",
];

/// Passwords: at least 10 characters mixing two kinds (letters, digits,
/// symbols), not a well-known one and not the e-mail's name part.
pub fn check_password(password: &str, email: Option<&Email>) -> AppResult<()> {
    let field = "password";
    if password.chars().count() < PASSWORD_MIN {
        return Err(AppError::invalid(field, format!("비밀번호는 {PASSWORD_MIN}자 이상이어야 합니다.")));
    }
    if password.chars().count() > 128 {
        return Err(AppError::invalid(field, "비밀번호는 128자 이하로 입력해 주세요."));
    }
    let letters = password.chars().any(char::is_alphabetic);
    let digits = password.chars().any(|c| c.is_ascii_digit());
    let symbols = password.chars().any(|c| !c.is_alphanumeric());
    if [letters, digits, symbols].iter().filter(|k| **k).count() < 2 {
        return Err(AppError::invalid(field, "영문, 숫자, 특수문자 중 두 종류 이상을 섞어 주세요."));
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(AppError::invalid(field, "너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요."));
    }
    if let Some(email) = email {
        let local = email.as_str().split('@').next().unwrap_or_default();
        if local.len() >= 4 && lower.contains(local) {
            return Err(AppError::invalid(field, "비밀번호에 이메일 아이디를 넣을 수 없습니다."));
        }
    }
    Ok(())
}

pub fn required(field: &str, value: &str, label: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, format!("{label}을(를) 입력해 주세요.")));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("{label}은(는) {max}자 이내로 입력해 주세요.")));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, format!("{label}에 쓸 수 없는 문자가 있습니다.")));
    }
    Ok(value.to_owned())
}

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

impl PayoutAccount {
    pub fn parse(bank: &str, number: &str, holder: &str) -> AppResult<Self> {
        let bank = bank.trim();
        if !BANKS.contains(&bank) {
            return Err(AppError::invalid("settlement_bank", "정산 받을 은행을 선택해 주세요."));
        }
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let only_allowed = number.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
        if !only_allowed || !(10..=16).contains(&digits.len()) {
            return Err(AppError::invalid(
                "settlement_account",
                "계좌번호는 숫자 10~16자리로 입력해 주세요.",
            ));
        }
        let holder = required("settlement_holder", holder, "예금주", 40)?;
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

/// Everything the sign-up form asks, checked before anything is stored.
#[derive(Debug, Clone)]
pub struct SignupInput {
    pub email: Email,
    pub password: String,
    pub name: String,
    pub business: BusinessInput,
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
            shop_name: required("shop_name", &get("shop_name"), "상점 이름", crate::shop::SHOP_NAME_MAX)?,
            representative_name: required("representative_name", &get("representative_name"), "대표자 이름", 40)?,
            business_number: BusinessNumber::parse(&get("business_number"))?,
            mail_order_number: required("mail_order_number", &get("mail_order_number"), "통신판매업 신고번호", 40)?,
            business_address: required("business_address", &get("business_address"), "사업장 주소", 200)?,
            payout: PayoutAccount::parse(
                &get("settlement_bank"),
                &get("settlement_account"),
                &get("settlement_holder"),
            )?,
        })
    }
}

impl SignupInput {
    /// Validates the fields in the order the form shows them, so the first
    /// error a seller sees is the first one on the page.
    pub fn parse(get: &dyn Fn(&str) -> String) -> AppResult<Self> {
        let email = Email::parse(&get("email"))?;
        let password = get("password");
        check_password(&password, Some(&email))?;
        if get("password_confirm") != password {
            return Err(AppError::invalid("password_confirm", "비밀번호가 서로 다릅니다."));
        }
        let name = required("name", &get("name"), "담당자 이름", 40)?;
        Ok(Self { email, password, name, business: BusinessInput::parse(get)? })
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
            return Err(AppError::invalid(field, "사업자등록증 파일을 첨부해 주세요."));
        }
        if bytes.len() > DOCUMENT_MAX_BYTES {
            return Err(AppError::invalid(field, "사업자등록증 파일은 10MB 이하만 올릴 수 있습니다."));
        }
        Self::sniff(bytes).ok_or_else(|| {
            AppError::invalid(field, "사업자등록증은 이미지(JPG, PNG, WEBP) 또는 PDF 파일만 올릴 수 있습니다.")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(Email::parse("  Kim@Moodon.KR ").unwrap().as_str(), "kim@moodon.kr");
        for bad in ["", "kim", "kim@", "@moodon.kr", "kim@moodon", "kim@.kr", "김@moodon.kr", "a b@c.kr"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let email = Email::parse("haneul@moodon.kr").unwrap();
        assert!(check_password("short1!", None).unwrap_err().message.contains("10자"));
        assert!(check_password("onlyletterss", None).unwrap_err().message.contains("두 종류"));
        assert!(check_password("1q2w3e4r5t", None).unwrap_err().message.contains("흔한"));
        assert!(check_password("haneul-2026!", Some(&email)).unwrap_err().message.contains("이메일"));
        assert!(check_password("봄여름가을겨울 2026!", Some(&email)).is_ok());
        assert!(check_password("Moodon#Knit77", Some(&email)).is_ok());
    }

    #[test]
    fn payout_accounts_need_a_known_bank_and_a_plausible_number() {
        let ok = PayoutAccount::parse("신한은행", "110-123-456789", "김하늘").unwrap();
        assert_eq!(ok.number, "110123456789");
        assert_eq!(PayoutAccount::masked(&ok.number), "110-****-6789");
        assert_eq!(PayoutAccount::parse("없는은행", "110123456789", "김").unwrap_err().field.as_deref(), Some("settlement_bank"));
        assert!(PayoutAccount::parse("신한은행", "12345", "김하늘").is_err());
        assert!(PayoutAccount::parse("신한은행", "110-abc-456789", "김하늘").is_err());
        assert!(PayoutAccount::parse("신한은행", "110123456789", " ").is_err());
    }

    #[test]
    fn documents_are_judged_by_content_not_by_name() {
        assert_eq!(DocumentKind::check(b"%PDF-1.7\n...").unwrap(), DocumentKind::Pdf);
        assert_eq!(DocumentKind::check(b"\x89PNG\r\n\x1a\n....").unwrap(), DocumentKind::Png);
        assert_eq!(DocumentKind::check(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).unwrap(), DocumentKind::Jpeg);
        assert_eq!(DocumentKind::check(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), DocumentKind::Webp);
        assert!(DocumentKind::check(b"MZ\x90\0 not a document").is_err());
        assert!(DocumentKind::check(b"").is_err());
        let big = vec![b'%'; DOCUMENT_MAX_BYTES + 1];
        assert!(DocumentKind::check(&big).unwrap_err().message.contains("10MB"));
    }
}
