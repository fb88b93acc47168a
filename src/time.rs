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

pub fn weekday_ko(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "월",
        Weekday::Tue => "화",
        Weekday::Wed => "수",
        Weekday::Thu => "목",
        Weekday::Fri => "금",
        Weekday::Sat => "토",
        Weekday::Sun => "일",
    }
}

/// `2026. 11. 26. (목)` — the date format of Korean seller centres.
pub fn format_date_ko(millis: i64) -> String {
    match to_kst(millis) {
        Some(t) => format!("{}. {}. {}. ({})", t.year(), t.month(), t.day(), weekday_ko(t.weekday())),
        None => String::new(),
    }
}

/// `2026. 11. 26. (목) 17:05`
pub fn format_datetime_ko(millis: i64) -> String {
    match to_kst(millis) {
        Some(t) => format!("{} {}", format_date_ko(millis), t.format("%H:%M")),
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
        assert_eq!(format_date_ko(millis), "2026. 11. 26. (목)");
        assert_eq!(format_datetime_ko(millis), "2026. 11. 26. (목) 00:30");
    }
}
