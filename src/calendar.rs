//! 영업일 달력: the Korean business-day calendar that 발송기한 (ship-by
//! deadlines) are counted on.
//!
//! A business day (영업일) is a Monday to Friday that is not a public holiday
//! (공휴일). Holidays are known only for [`FIRST_YEAR`]..=[`LAST_YEAR`]: the
//! lunar holidays (설날, 추석, 부처님오신날), election days and 임시공휴일 cannot
//! be computed, only published, so [`HOLIDAYS`] must be extended every year
//! once 한국천문연구원 publishes the next 월력요항. Outside the table only
//! weekends are skipped, which makes deadlines there early rather than late.
//!
//! Korea has kept UTC+9 without daylight saving since 1988, so a fixed offset
//! is exact for every instant the app handles.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, Weekday};

use crate::i18n::msg;

pub const FIRST_YEAR: i32 = 2025;
pub const LAST_YEAR: i32 = 2027;

const KST_OFFSET_SECS: i32 = 9 * 3600;
const MILLIS_PER_DAY: i64 = 86_400_000;

/// 공휴일 of [`FIRST_YEAR`]..=[`LAST_YEAR`], sorted by date, `YYYY-MM-DD`.
///
/// Every day is a 법정공휴일 (「공휴일에 관한 법률」 and 「관공서의 공휴일에 관한
/// 규정」) unless marked 임시공휴일: those were designated one by one by the
/// cabinet. 대체공휴일 follow the rules in force: 설날·추석 연휴 get one when
/// they overlap a Sunday or another holiday (a Saturday does not count), and
/// 삼일절, 제헌절, 광복절, 개천절, 한글날, 어린이날, 부처님오신날 and 성탄절 get one
/// when they fall on a Saturday or Sunday or on another holiday. 신정 and 현충일
/// never do. The substitute is the first following day that is neither a
/// weekend nor a holiday.
///
/// Weekend holidays are listed too, so that [`holiday_name`] can name them.
/// Each name is a message, shown in the reader's language.
pub const HOLIDAYS: &[(&str, fn() -> &'static str)] = &[
    // 2025
    ("2025-01-01", msg::calendar_new_year),
    ("2025-01-27", msg::calendar_temporary_holiday), // designated (임시공휴일), to bridge 설날
    ("2025-01-28", msg::calendar_seollal_holiday),
    ("2025-01-29", msg::calendar_seollal),
    ("2025-01-30", msg::calendar_seollal_holiday),
    ("2025-03-01", msg::calendar_independence_movement_day),
    ("2025-03-03", msg::calendar_substitute_independence_movement_day),
    ("2025-05-05", msg::calendar_childrens_day_buddhas_birthday),
    ("2025-05-06", msg::calendar_substitute_childrens_day_buddhas_birthday),
    // designated (임시공휴일): a by-election after the impeachment, so not
    // the statutory 임기만료 election day.
    ("2025-06-03", msg::calendar_presidential_election_21),
    ("2025-06-06", msg::calendar_memorial_day),
    ("2025-08-15", msg::calendar_liberation_day),
    ("2025-10-03", msg::calendar_national_foundation_day),
    ("2025-10-05", msg::calendar_chuseok_holiday),
    ("2025-10-06", msg::calendar_chuseok),
    ("2025-10-07", msg::calendar_chuseok_holiday),
    ("2025-10-08", msg::calendar_substitute_chuseok),
    ("2025-10-09", msg::calendar_hangeul_day),
    ("2025-12-25", msg::calendar_christmas),
    // 2026
    ("2026-01-01", msg::calendar_new_year),
    ("2026-02-16", msg::calendar_seollal_holiday),
    ("2026-02-17", msg::calendar_seollal),
    ("2026-02-18", msg::calendar_seollal_holiday),
    ("2026-03-01", msg::calendar_independence_movement_day),
    ("2026-03-02", msg::calendar_substitute_independence_movement_day),
    ("2026-05-05", msg::calendar_childrens_day),
    ("2026-05-24", msg::calendar_buddhas_birthday),
    ("2026-05-25", msg::calendar_substitute_buddhas_birthday),
    // Statutory: the 임기만료 election day of 공직선거법 제34조.
    ("2026-06-03", msg::calendar_local_elections),
    ("2026-06-06", msg::calendar_memorial_day),
    // Statutory again from 2026: the 공휴일법 amendment passed on 2026-01-29
    // made every 국경일 a 공휴일, bringing 제헌절 back after 2008.
    ("2026-07-17", msg::calendar_constitution_day),
    ("2026-08-15", msg::calendar_liberation_day),
    ("2026-08-17", msg::calendar_substitute_liberation_day),
    ("2026-09-24", msg::calendar_chuseok_holiday),
    ("2026-09-25", msg::calendar_chuseok),
    ("2026-09-26", msg::calendar_chuseok_holiday),
    ("2026-10-03", msg::calendar_national_foundation_day),
    ("2026-10-05", msg::calendar_substitute_national_foundation_day),
    ("2026-10-09", msg::calendar_hangeul_day),
    ("2026-12-25", msg::calendar_christmas),
    // 2027
    ("2027-01-01", msg::calendar_new_year),
    // 설날 is 2027-02-07 in Korea (the new moon falls after midnight KST,
    // a day later than in China).
    ("2027-02-06", msg::calendar_seollal_holiday),
    ("2027-02-07", msg::calendar_seollal),
    ("2027-02-08", msg::calendar_seollal_holiday),
    ("2027-02-09", msg::calendar_substitute_seollal),
    ("2027-03-01", msg::calendar_independence_movement_day),
    ("2027-05-05", msg::calendar_childrens_day),
    ("2027-05-13", msg::calendar_buddhas_birthday),
    ("2027-06-06", msg::calendar_memorial_day),
    ("2027-07-17", msg::calendar_constitution_day),
    // Expected rather than published: substitutes cover every 공휴일인 국경일,
    // which 제헌절 is again. Check against the 2027 월력요항.
    ("2027-07-19", msg::calendar_substitute_constitution_day),
    ("2027-08-15", msg::calendar_liberation_day),
    ("2027-08-16", msg::calendar_substitute_liberation_day),
    ("2027-09-14", msg::calendar_chuseok_holiday),
    ("2027-09-15", msg::calendar_chuseok),
    ("2027-09-16", msg::calendar_chuseok_holiday),
    ("2027-10-03", msg::calendar_national_foundation_day),
    ("2027-10-04", msg::calendar_substitute_national_foundation_day),
    ("2027-10-09", msg::calendar_hangeul_day),
    ("2027-10-11", msg::calendar_substitute_hangeul_day),
    ("2027-12-25", msg::calendar_christmas),
    ("2027-12-27", msg::calendar_substitute_christmas),
];

/// `YYYYMMDD` as a number, so that the table can be searched without parsing
/// dates on every lookup. A malformed entry yields 0, which the table test
/// catches.
const fn table_key(text: &str) -> u32 {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return 0;
    }
    let mut key = 0u32;
    let mut i = 0;
    while i < b.len() {
        if i != 4 && i != 7 {
            if !b[i].is_ascii_digit() {
                return 0;
            }
            key = key * 10 + (b[i] - b'0') as u32;
        }
        i += 1;
    }
    key
}

/// The same key for a date, or `None` outside the table's years (where the
/// cast to `u32` would not be meaningful anyway).
fn date_key(date: NaiveDate) -> Option<u32> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return None;
    }
    let year = u32::try_from(date.year()).ok()?;
    Some(year * 10_000 + date.month() * 100 + date.day())
}

fn entry_date(text: &str) -> Option<NaiveDate> {
    let key = table_key(text);
    let year = i32::try_from(key / 10_000).ok()?;
    NaiveDate::from_ymd_opt(year, key / 100 % 100, key % 100)
}

/// The name of the holiday on `date` in the reader's language (e.g. `추석`,
/// `대체공휴일(설날)`), or `None` on an ordinary day and on every day outside
/// the table's years.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    let key = date_key(date)?;
    HOLIDAYS
        .binary_search_by_key(&key, |(day, _)| table_key(day))
        .ok()
        .and_then(|i| HOLIDAYS.get(i))
        .map(|(_, name)| name())
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// 영업일 여부: not a Saturday, Sunday or listed holiday.
pub fn is_business_day(date: NaiveDate) -> bool {
    !is_weekend(date) && holiday_name(date).is_none()
}

/// The first business day strictly after `date`.
///
/// Saturates at the end of chrono's calendar: `NaiveDate::MAX` is returned
/// (business day or not) when no later date exists.
pub fn next_business_day(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while let Some(next) = day.succ_opt() {
        day = next;
        if is_business_day(day) {
            return day;
        }
    }
    day
}

/// First and last listed holidays: outside that span every week has exactly
/// five business days.
fn table_span() -> Option<(NaiveDate, NaiveDate)> {
    let first = HOLIDAYS.first().and_then(|(day, _)| entry_date(day))?;
    let last = HOLIDAYS.last().and_then(|(day, _)| entry_date(day))?;
    Some((first, last))
}

/// How many of `wanted` whole weeks after `day` contain no listed holiday, so
/// that they can be skipped five business days at a time.
fn holiday_free_weeks(day: NaiveDate, wanted: u32) -> u32 {
    let Some((first, last)) = table_span() else {
        return wanted;
    };
    if day >= last {
        return wanted;
    }
    if day < first {
        // The skipped span (day, day + 7w] has to end before `first`.
        let room = (first.signed_duration_since(day).num_days() - 1) / 7;
        return u32::try_from(room).map_or(wanted, |room| room.min(wanted));
    }
    0
}

/// `n` business days after `date`, counting from the day after it: paid on
/// a Friday (or on the Saturday after it) + 3 is the Wednesday after.
///
/// `n = 0` gives `date` itself when it is a business day, else the next one.
/// Saturates at `NaiveDate::MAX` for counts that run off chrono's calendar.
pub fn add_business_days(date: NaiveDate, n: u32) -> NaiveDate {
    if n == 0 {
        return if is_business_day(date) {
            date
        } else {
            next_business_day(date)
        };
    }
    let mut day = date;
    let mut left = n;
    while left > 0 {
        // Stepping one day at a time would take billions of steps for a
        // large `n`; outside the table whole weeks are exactly five days.
        // At least one step is left for afterwards, because a week after a
        // weekend day is a weekend day again.
        let weeks = holiday_free_weeks(day, (left - 1) / 5);
        if weeks > 0 {
            match day.checked_add_days(Days::new(u64::from(weeks) * 7)) {
                Some(later) => {
                    day = later;
                    left -= weeks * 5;
                    continue;
                }
                None => return NaiveDate::MAX,
            }
        }
        let next = next_business_day(day);
        if next == day {
            return day;
        }
        day = next;
        left -= 1;
    }
    day
}

/// Weekdays from chrono's day 1 (0001-01-01, a Monday) through `date`, as a
/// running total whose differences count weekdays between two dates.
fn weekdays_through(date: NaiveDate) -> i64 {
    let day = i64::from(date.num_days_from_ce());
    5 * day.div_euclid(7) + day.rem_euclid(7).min(5)
}

/// Business days in `(from, to]`; negative (the count of `(to, from]`) when
/// `to` is before `from`.
pub fn business_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return -business_days_between(to, from);
    }
    let weekdays = weekdays_through(to) - weekdays_through(from);
    let weekday_holidays = HOLIDAYS
        .iter()
        .filter_map(|(day, _)| entry_date(day))
        .filter(|day| *day > from && *day <= to && !is_weekend(*day))
        .count();
    weekdays - weekday_holidays as i64
}

/// The calendar date in Korea at `millis` (UTC milliseconds since the Unix
/// epoch), or `None` when chrono cannot represent that instant.
pub fn kst_date(millis: i64) -> Option<NaiveDate> {
    let kst = FixedOffset::east_opt(KST_OFFSET_SECS)?;
    let instant = DateTime::from_timestamp_millis(millis)?;
    // Not `with_timezone(..).date_naive()`: chrono panics there when the
    // local time runs past its last representable day.
    Some(instant.naive_utc().checked_add_offset(kst)?.date())
}

/// The last millisecond of `date` in Korea (23:59:59.999 KST) as UTC
/// milliseconds since the Unix epoch.
pub fn end_of_kst_day(date: NaiveDate) -> i64 {
    let utc_midnight = date.and_time(NaiveTime::MIN).and_utc().timestamp_millis();
    // A Korean day starts nine hours before the UTC day of the same date.
    utc_midnight + MILLIS_PER_DAY - 1 - i64::from(KST_OFFSET_SECS) * 1000
}

/// 발송기한: the end (23:59:59.999 KST) of the day `days` business days
/// after the payment's Korean date, as UTC milliseconds.
///
/// The payment day is the Korean date, not the UTC one: a payment at 00:30
/// KST counts from that day although it is still the day before in UTC.
/// An instant chrono cannot represent (beyond ±262,000 years) is returned
/// unchanged: a corrupt timestamp must not take the order list down.
pub fn ship_by(paid_at_millis: i64, days: u32) -> i64 {
    match kst_date(paid_at_millis) {
        Some(paid_on) => end_of_kst_day(add_business_days(paid_on, days)),
        None => paid_at_millis,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("test dates are valid")
    }

    /// UTC milliseconds of a wall-clock time in Korea.
    fn kst_millis(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> i64 {
        d(year, month, day)
            .and_hms_opt(hour, minute, 0)
            .expect("test times are valid")
            .and_utc()
            .timestamp_millis()
            - 9 * 3_600_000
    }

    fn count_by_stepping(from: NaiveDate, to: NaiveDate) -> i64 {
        let (low, high, sign) = if to < from {
            (to, from, -1)
        } else {
            (from, to, 1)
        };
        low.iter_days()
            .skip(1)
            .take_while(|day| *day <= high)
            .filter(|day| is_business_day(*day))
            .count() as i64
            * sign
    }

    #[test]
    fn the_table_covers_every_year_sorted_without_duplicates() {
        let mut previous: Option<NaiveDate> = None;
        for (text, name) in HOLIDAYS {
            let name = name();
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .unwrap_or_else(|e| panic!("{text} is not a date: {e}"));
            assert_eq!(entry_date(text), Some(parsed), "{text}");
            assert!((FIRST_YEAR..=LAST_YEAR).contains(&parsed.year()), "{text}");
            assert!(!name.is_empty(), "{text}");
            if let Some(previous) = previous {
                assert!(previous < parsed, "{text} is out of order or repeated");
            }
            previous = Some(parsed);
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            let prefix = format!("{year}-");
            let count = HOLIDAYS
                .iter()
                .filter(|(day, _)| day.starts_with(&prefix))
                .count();
            assert!(count >= 15, "{year} has only {count} holidays");
        }
    }

    #[test]
    fn substitute_and_designated_holidays_fall_on_weekdays() {
        for (text, name) in HOLIDAYS {
            let name = name();
            if name.starts_with("대체공휴일") || name.contains("임시") || name.contains("선거")
            {
                let day = entry_date(text).expect("table dates parse");
                assert!(!is_weekend(day), "{text} {name} is on a weekend");
            }
        }
    }

    #[test]
    fn fixed_holidays_are_on_their_dates_every_year() {
        for year in FIRST_YEAR..=LAST_YEAR {
            assert_eq!(holiday_name(d(year, 1, 1)), Some("신정"));
            assert_eq!(holiday_name(d(year, 3, 1)), Some("삼일절"));
            assert_eq!(holiday_name(d(year, 6, 6)), Some("현충일"));
            assert_eq!(holiday_name(d(year, 8, 15)), Some("광복절"));
            assert_eq!(holiday_name(d(year, 10, 3)), Some("개천절"));
            assert_eq!(holiday_name(d(year, 10, 9)), Some("한글날"));
            assert_eq!(holiday_name(d(year, 12, 25)), Some("성탄절"));
        }
    }

    #[test]
    fn chuseok_2025_is_not_a_business_day() {
        for day in 5..=9 {
            assert!(!is_business_day(d(2025, 10, day)), "2025-10-{day}");
        }
        assert_eq!(holiday_name(d(2025, 10, 6)), Some("추석"));
        assert_eq!(holiday_name(d(2025, 10, 8)), Some("대체공휴일(추석)"));
        assert!(is_business_day(d(2025, 10, 10)));
    }

    #[test]
    fn paid_before_chuseok_2025_ships_by_the_tuesday_after_hangul_day() {
        // 10/3 개천절, 10/4-5 weekend, 10/6-8 추석, 10/9 한글날:
        // 10/10 Fri is the first business day, 10/13 the second.
        assert_eq!(add_business_days(d(2025, 10, 2), 1), d(2025, 10, 10));
        assert_eq!(add_business_days(d(2025, 10, 2), 3), d(2025, 10, 14));
    }

    #[test]
    fn seollal_2026_pushes_a_friday_payment_to_the_next_monday_week() {
        assert_eq!(add_business_days(d(2026, 2, 13), 3), d(2026, 2, 23));
        assert_eq!(next_business_day(d(2026, 2, 13)), d(2026, 2, 19));
    }

    #[test]
    fn seollal_2027_has_a_substitute_holiday_on_tuesday() {
        assert_eq!(holiday_name(d(2027, 2, 7)), Some("설날"));
        assert_eq!(holiday_name(d(2027, 2, 9)), Some("대체공휴일(설날)"));
        assert!(!is_business_day(d(2027, 2, 8)));
        assert!(!is_business_day(d(2027, 2, 9)));
        assert_eq!(add_business_days(d(2027, 2, 5), 1), d(2027, 2, 10));
        assert_eq!(add_business_days(d(2027, 2, 5), 3), d(2027, 2, 12));
    }

    #[test]
    fn chuseok_2026_on_a_saturday_gets_no_substitute() {
        assert_eq!(holiday_name(d(2026, 9, 25)), Some("추석"));
        assert!(is_business_day(d(2026, 9, 28)));
        assert_eq!(add_business_days(d(2026, 9, 23), 1), d(2026, 9, 28));
        assert_eq!(add_business_days(d(2026, 9, 23), 3), d(2026, 9, 30));
    }

    #[test]
    fn friday_and_saturday_payments_plus_three_ship_by_wednesday() {
        assert_eq!(add_business_days(d(2026, 11, 20), 3), d(2026, 11, 25));
        assert_eq!(add_business_days(d(2026, 11, 21), 3), d(2026, 11, 25));
        assert_eq!(add_business_days(d(2026, 11, 22), 3), d(2026, 11, 25));
    }

    #[test]
    fn zero_days_keeps_a_business_day_and_rolls_a_weekend_forward() {
        assert_eq!(add_business_days(d(2026, 11, 20), 0), d(2026, 11, 20));
        assert_eq!(add_business_days(d(2026, 11, 21), 0), d(2026, 11, 23));
        assert_eq!(add_business_days(d(2025, 10, 3), 0), d(2025, 10, 10));
    }

    #[test]
    fn weekends_still_count_outside_the_table() {
        assert_eq!(holiday_name(d(2028, 1, 1)), None);
        assert!(!is_business_day(d(2028, 1, 1)));
        assert!(is_business_day(d(2024, 12, 25)));
        assert_eq!(add_business_days(d(2030, 1, 4), 3), d(2030, 1, 9));
    }

    #[test]
    fn a_payment_at_half_past_eleven_kst_counts_from_that_korean_day() {
        let paid = kst_millis(2026, 11, 26, 23, 30);
        assert_eq!(kst_date(paid), Some(d(2026, 11, 26)));
        // Thu 11/26 + 3: Fri 11/27, Mon 11/30, Tue 12/1.
        let deadline = ship_by(paid, 3);
        assert_eq!(deadline, kst_millis(2026, 12, 2, 0, 0) - 1);
        assert_eq!(kst_date(deadline), Some(d(2026, 12, 1)));
        assert_eq!(kst_date(deadline + 1), Some(d(2026, 12, 2)));
    }

    #[test]
    fn a_payment_just_after_midnight_kst_counts_from_the_next_day() {
        let paid = kst_millis(2026, 11, 27, 0, 30);
        assert_eq!(kst_date(paid), Some(d(2026, 11, 27)));
        assert_eq!(ship_by(paid, 3), end_of_kst_day(d(2026, 12, 2)));
    }

    #[test]
    fn end_of_kst_day_is_a_millisecond_before_the_next_kst_midnight() {
        let end = end_of_kst_day(d(2026, 12, 1));
        let expected = d(2026, 12, 1)
            .and_hms_milli_opt(14, 59, 59, 999)
            .expect("valid time")
            .and_utc()
            .timestamp_millis();
        assert_eq!(end, expected);
    }

    #[test]
    fn unrepresentable_payment_times_are_returned_unchanged() {
        assert_eq!(kst_date(i64::MAX), None);
        assert_eq!(ship_by(i64::MAX, 3), i64::MAX);
        assert_eq!(ship_by(i64::MIN, 3), i64::MIN);
    }

    #[test]
    fn business_days_between_counts_the_half_open_span() {
        assert_eq!(business_days_between(d(2025, 10, 2), d(2025, 10, 14)), 3);
        assert_eq!(business_days_between(d(2025, 10, 14), d(2025, 10, 2)), -3);
        assert_eq!(business_days_between(d(2025, 10, 2), d(2025, 10, 2)), 0);
        assert_eq!(business_days_between(d(2026, 11, 20), d(2026, 11, 23)), 1);
        assert_eq!(business_days_between(d(2026, 11, 21), d(2026, 11, 22)), 0);
    }

    #[test]
    fn business_days_between_agrees_with_stepping_day_by_day() {
        let start = d(2024, 11, 1);
        let starts: Vec<NaiveDate> = start.iter_days().step_by(11).take(120).collect();
        for from in &starts {
            for to in starts.iter().step_by(7) {
                assert_eq!(
                    business_days_between(*from, *to),
                    count_by_stepping(*from, *to),
                    "{from} → {to}"
                );
            }
        }
    }

    #[test]
    fn adding_business_days_is_undone_by_counting_them() {
        let start = d(2024, 10, 1);
        for from in start.iter_days().step_by(3).take(450) {
            for n in [1u32, 2, 3, 5, 7, 12, 40, 300] {
                let to = add_business_days(from, n);
                assert!(is_business_day(to), "{from} + {n} = {to}");
                assert_eq!(
                    business_days_between(from, to),
                    i64::from(n),
                    "{from} + {n}"
                );
            }
        }
    }

    #[test]
    fn skipping_whole_weeks_matches_stepping_one_day_at_a_time() {
        for from in [d(2020, 3, 4), d(2024, 6, 1), d(2027, 12, 24), d(2031, 5, 9)] {
            let mut stepped = from;
            for _ in 0..2_000 {
                stepped = next_business_day(stepped);
            }
            assert_eq!(add_business_days(from, 2_000), stepped, "{from}");
        }
    }

    #[test]
    fn extreme_dates_and_counts_do_not_panic() {
        assert_eq!(add_business_days(d(2026, 1, 2), u32::MAX), NaiveDate::MAX);
        assert_eq!(next_business_day(NaiveDate::MAX), NaiveDate::MAX);
        assert!(business_days_between(NaiveDate::MIN, NaiveDate::MAX) > 0);
        let _ = add_business_days(NaiveDate::MIN, u32::MAX);
        let _ = end_of_kst_day(NaiveDate::MAX);
        let _ = end_of_kst_day(NaiveDate::MIN);
        let last_instant = NaiveDate::MAX
            .and_hms_milli_opt(23, 59, 59, 999)
            .expect("valid time")
            .and_utc()
            .timestamp_millis();
        let _ = kst_date(last_instant);
        let _ = ship_by(last_instant, 5);
        let _ = ship_by(0, u32::MAX);
    }
}
