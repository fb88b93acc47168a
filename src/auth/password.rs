//! Password rules: long enough, mixed, not a well-known one, not the
//! e-mail's name part. Sign-up, invitations and resets all check them.

use crate::auth::Email;
use crate::error::{AppError, AppResult};
use crate::i18n::msg;

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
        return Err(AppError::invalid(field, msg::auth_err_password_too_short(PASSWORD_MIN)));
    }
    if password.chars().count() > 128 {
        return Err(AppError::invalid(field, msg::auth_err_password_too_long()));
    }
    let letters = password.chars().any(char::is_alphabetic);
    let digits = password.chars().any(|c| c.is_ascii_digit());
    let symbols = password.chars().any(|c| !c.is_alphanumeric());
    if [letters, digits, symbols].iter().filter(|k| **k).count() < 2 {
        return Err(AppError::invalid(field, msg::auth_err_password_kinds()));
    }
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(AppError::invalid(field, msg::auth_err_password_common()));
    }
    if let Some(email) = email {
        let local = email.as_str().split('@').next().unwrap_or_default();
        if local.len() >= 4 && lower.contains(local) {
            return Err(AppError::invalid(field, msg::auth_err_password_has_email()));
        }
    }
    Ok(())
}
