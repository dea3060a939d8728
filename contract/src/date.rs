//! Calendar dates (a stay's arrival, a balance's due date) as the wire
//! carries them: ISO 8601 `YYYY-MM-DD`, proleptic Gregorian, no time zone.
//! A booking's dates are the property's local dates; which day "today" is
//! there is the server's to decide, never the browser's.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date, held as days since 1970-01-01 so that date arithmetic
/// is integer arithmetic.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(i32);

/// A date that is not `YYYY-MM-DD` or names no day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadDate;

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("date must be YYYY-MM-DD")
    }
}

impl Date {
    /// The date `year-month-day`, if the calendar has it (years 1–9999).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Self, BadDate> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(BadDate);
        }
        Ok(Self(days_from_civil(year, month, day)))
    }

    /// Parses `YYYY-MM-DD` (exactly four, two and two digits).
    pub fn parse(s: &str) -> Result<Self, BadDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(BadDate);
        }
        let num = |range: std::ops::Range<usize>| -> Result<u32, BadDate> {
            b[range].iter().try_fold(0u32, |n, &c| {
                if c.is_ascii_digit() {
                    Ok(n * 10 + u32::from(c - b'0'))
                } else {
                    Err(BadDate)
                }
            })
        };
        let year = i32::try_from(num(0..4)?).map_err(|_| BadDate)?;
        Self::from_ymd(year, num(5..7)?, num(8..10)?)
    }

    /// The UTC calendar day of a Unix time in seconds.
    pub fn from_unix_secs(secs: i64) -> Self {
        Self(secs.div_euclid(86_400) as i32)
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The date `days` later (earlier when negative).
    pub fn plus_days(self, days: i32) -> Self {
        Self(self.0 + days)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }
}

impl Date {
    /// `YYYY-MM-DD`, as [`Date::parse`] reads it, written digit by digit:
    /// the browser build links no formatting machinery for it.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        let mut out = String::with_capacity(10);
        for (value, width) in [(y.unsigned_abs(), 1000), (m, 10), (d, 10)] {
            if !out.is_empty() {
                out.push('-');
            }
            let mut unit = width;
            while unit > 0 {
                out.push(char::from(b'0' + (value / unit % 10) as u8));
                unit /= 10;
            }
        }
        out
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl TryFrom<String> for Date {
    type Error = BadDate;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> Self {
        d.to_string()
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil` and `civil_from_days`: exact for every
// proleptic Gregorian date, in integer arithmetic (eras of 400 years).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn the_epoch_is_day_zero_and_dates_print_as_they_parse() {
        assert_eq!(d("1970-01-01").0, 0);
        for s in ["1970-01-01", "2000-02-29", "2026-12-07", "1999-12-31", "0001-01-01", "9999-12-31"] {
            assert_eq!(d(s).to_string(), s);
        }
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_and_follows_the_previous() {
        let mut prev = Date::from_ymd(1899, 12, 31).unwrap();
        for year in 1900..2300 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let date = Date::from_ymd(year, month, day).unwrap();
                    assert_eq!(date.ymd(), (year, month, day));
                    assert_eq!(prev.days_until(date), 1, "{date}");
                    prev = date;
                }
            }
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        assert_eq!(Date::parse("1900-02-29"), Err(BadDate));
        assert_eq!(Date::parse("2026-02-29"), Err(BadDate));
    }

    #[test]
    fn anything_but_a_calendar_day_in_iso_form_is_refused() {
        for bad in [
            "",
            "2026-1-07",
            "2026/12/07",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0000-01-01",
            "２０２６-12-07",
            "2026-12-07T00:00",
        ] {
            assert_eq!(Date::parse(bad), Err(BadDate), "{bad:?}");
        }
    }

    #[test]
    fn unix_times_fall_on_their_utc_day() {
        assert_eq!(Date::from_unix_secs(0), d("1970-01-01"));
        assert_eq!(Date::from_unix_secs(86_399), d("1970-01-01"));
        assert_eq!(Date::from_unix_secs(-1), d("1969-12-31"));
        assert_eq!(Date::from_unix_secs(1_796_601_600), d("2026-12-07"));
    }

    #[test]
    fn dates_travel_as_iso_strings() {
        assert_eq!(serde_json::to_string(&d("2026-03-12")).unwrap(), "\"2026-03-12\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-03-12\"").unwrap(), d("2026-03-12"));
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
    }
}
