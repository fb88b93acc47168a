//! Checks of form input that know no area (foundation).

use crate::error::{AppError, AppResult};

/// A required text field, trimmed: `label` names it in the Korean message;
/// at most `max` characters, no control characters.
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

/// A list's search term (`q`), trimmed: `None` when blank, at most 100
/// characters.
pub fn search_term(q: &str) -> AppResult<Option<&str>> {
    let term = q.trim();
    if term.is_empty() {
        return Ok(None);
    }
    if term.chars().count() > 100 {
        return Err(AppError::invalid("q", "검색어는 100자 이하로 입력해 주세요."));
    }
    Ok(Some(term))
}
