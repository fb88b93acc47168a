//! Checks of form input that know no area (foundation).

use crate::error::{AppError, AppResult};
use crate::i18n::msg;

/// A required text field, trimmed: `label` names it in the message;
/// at most `max` characters, no control characters.
pub fn required(field: &str, value: &str, label: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, msg::input_required(label)));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, msg::input_too_long(label, max)));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, msg::input_bad_chars(label)));
    }
    Ok(value.to_owned())
}

/// A list's search term (`q`), trimmed: `None` when blank, at most 100
/// characters.
pub fn search_term(q: &str) -> AppResult<Option<&str>> {
    let term = q.trim();
    if term.is_empty() {
        return Ok(None);
    }
    if term.chars().count() > 100 {
        return Err(AppError::invalid("q", msg::input_search_too_long()));
    }
    Ok(Some(term))
}
