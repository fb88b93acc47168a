//! Time as sellers read it: stored in UTC, shown in Korean Standard Time.
//!
//! Korea has kept UTC+9 without daylight saving since 1988, so a fixed offset
//! is exact for every date the app handles and spares the browser bundle a
//! time-zone database.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Utc, Weekday};

/// Asia/Seoul.
pub fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

pub fn to_kst(millis: i64) -> Option<DateTime<FixedOffset>> {
    Utc.timestamp_millis_opt(millis).single().map(|t| t.with_timezone(&kst()))
}

/// `목` / `Thu`
pub fn weekday_name(day: Weekday) -> &'static str {
    use crate::i18n::msg;
    match day {
        Weekday::Mon => msg::common_weekday_mon(),
        Weekday::Tue => msg::common_weekday_tue(),
        Weekday::Wed => msg::common_weekday_wed(),
        Weekday::Thu => msg::common_weekday_thu(),
        Weekday::Fri => msg::common_weekday_fri(),
        Weekday::Sat => msg::common_weekday_sat(),
        Weekday::Sun => msg::common_weekday_sun(),
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A calendar date in the reader's language: `2026. 11. 26. (목)`, the
/// format of Korean seller centres, or `Thu, Nov 26, 2026`.
pub fn format_ymd(date: chrono::NaiveDate) -> String {
    match crate::i18n::locale() {
        crate::i18n::Locale::Ko => {
            format!("{}. {}. {}. ({})", date.year(), date.month(), date.day(), weekday_name(date.weekday()))
        }
        crate::i18n::Locale::En => format!(
            "{}, {} {}, {}",
            weekday_name(date.weekday()),
            MONTHS_EN[date.month0() as usize],
            date.day(),
            date.year()
        ),
    }
}

/// The KST date of an instant: `2026. 11. 26. (목)` / `Thu, Nov 26, 2026`.
pub fn format_date(millis: i64) -> String {
    match to_kst(millis) {
        Some(t) => format_ymd(t.date_naive()),
        None => String::new(),
    }
}

/// `2026. 11. 26. (목) 17:05` / `Thu, Nov 26, 2026 17:05`
pub fn format_datetime(millis: i64) -> String {
    match to_kst(millis) {
        Some(t) => format!("{} {}", format_date(millis), t.format("%H:%M")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_utc_is_the_next_day_in_seoul() {
        // 2026-11-25 15:30 UTC = 2026-11-26 00:30 KST (Thursday)
        let millis = Utc.with_ymd_and_hms(2026, 11, 25, 15, 30, 0).unwrap().timestamp_millis();
        assert_eq!(format_date(millis), "2026. 11. 26. (목)");
        assert_eq!(format_datetime(millis), "2026. 11. 26. (목) 00:30");
        let en = crate::i18n::with_locale(crate::i18n::Locale::En, || format_datetime(millis));
        assert_eq!(en, "Thu, Nov 26, 2026 00:30");
    }
}
