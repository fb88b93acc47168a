//! Input rules of accounts: e-mail addresses, passwords, sign-up fields.

use crate::error::{AppError, AppResult};
use crate::i18n::msg;

pub use crate::auth::password::{check_password, PASSWORD_MIN};
pub use crate::auth::Email;
pub use crate::input::required;
pub use crate::shop::application::{BusinessInput, DocumentKind, PayoutAccount, BANKS, DOCUMENT_MAX_BYTES};

/// Everything the sign-up form asks, checked before anything is stored.
#[derive(Debug, Clone)]
pub struct SignupInput {
    pub email: Email,
    pub password: String,
    pub name: String,
    pub business: BusinessInput,
}

impl SignupInput {
    /// Validates the fields in the order the form shows them, so the first
    /// error a seller sees is the first one on the page.
    pub fn parse(get: &dyn Fn(&str) -> String) -> AppResult<Self> {
        let email = Email::parse(&get("email"))?;
        let password = get("password");
        check_password(&password, Some(&email))?;
        if get("password_confirm") != password {
            return Err(AppError::invalid("password_confirm", msg::accounts_err_password_mismatch()));
        }
        let name = required("name", &get("name"), msg::accounts_contact_name(), 40)?;
        Ok(Self { email, password, name, business: BusinessInput::parse(get)? })
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
