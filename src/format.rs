//! Numbers and won amounts as sellers read them (foundation: every area and
//! page formats with these, the browser and the server alike).

/// `12300` → `12,300`.
pub fn format_number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// `12,300원` in Korean, `₩12,300` in English.
pub fn format_won(n: i64) -> String {
    match crate::i18n::locale() {
        crate::i18n::Locale::Ko => format!("{}원", format_number(n)),
        crate::i18n::Locale::En if n < 0 => format!("-₩{}", format_number(-n)),
        crate::i18n::Locale::En => format!("₩{}", format_number(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_and_signs_kept() {
        assert_eq!(format_number(0), "0");
        assert_eq!(format_number(999), "999");
        assert_eq!(format_number(1_234_000), "1,234,000");
        assert_eq!(format_number(-12_300), "-12,300");
        assert_eq!(format_won(29_000), "29,000원");
        use crate::i18n::{with_locale, Locale};
        assert_eq!(with_locale(Locale::En, || format_won(1_234_000)), "₩1,234,000");
        assert_eq!(with_locale(Locale::En, || format_won(-500)), "-₩500");
    }
}
