//! Dates as people write them in orders: `YYYY-MM-DD` or `DD.MM.YYYY` (Excel in the Russian and
//! Kazakh locales writes `D.M.YYYY` too, and sometimes appends a midnight time).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// Asia/Almaty from the time-zone database: UTC+6 until 1 March 2024, UTC+5 since (no daylight
/// saving). A law that moves the clock again is a new release of the database, not a change
/// here.
pub fn almaty() -> chrono_tz::Tz {
    chrono_tz::Asia::Almaty
}

/// A moment in Asia/Almaty, with the offset in force then.
pub fn in_almaty<Z: TimeZone>(at: &DateTime<Z>) -> DateTime<FixedOffset> {
    at.with_timezone(&almaty()).fixed_offset()
}

/// A wall-clock time in Asia/Almaty as a moment. A time the clock passed twice (the hour
/// before midnight on 29 February 2024, when it went back from +06 to +05) is the first.
pub fn from_almaty(local: &NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    almaty()
        .from_local_datetime(local)
        .earliest()
        .map(|t| t.fixed_offset())
}

/// A date written in a form [`parse_date`] knows whose day does not exist ("31.11.2026",
/// "2026-02-29"): the number of days its month has. `None` for a valid date or another form.
fn impossible_day(s: &str) -> Option<u32> {
    let (y, m, d) = date_parts(s)?;
    if !(1..=12).contains(&m) || d == 0 || NaiveDate::from_ymd_opt(y, m, d).is_some() {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some(next.signed_duration_since(first).num_days() as u32)
}

/// Why something written as a day or a moment is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadWhen {
    /// Written right, but the month has fewer days ("31.11.2026": month 11 has 30).
    NoSuchDay { month: u32, days: u32 },
    /// Not a form skud reads.
    Unreadable,
}

/// The one grammar of a day on the command line and in files: `DD.MM.YYYY` (also `D.M.YYYY`,
/// `DD.MM.YY`) or `YYYY-MM-DD`.
pub fn read_day(s: &str) -> Result<NaiveDate, BadWhen> {
    parse_date(s).ok_or_else(|| no_such_day(s).unwrap_or(BadWhen::Unreadable))
}

/// The one grammar of a moment, Asia/Almaty: a day as [`read_day`] reads it, optionally
/// followed by a space or `T` and `HH:MM[:SS]`, or a full RFC 3339 moment with its offset. A day
/// alone is its first moment (00:00).
pub fn read_moment(s: &str) -> Result<DateTime<FixedOffset>, BadWhen> {
    let s = s.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return Ok(in_almaty(&at));
    }
    let (day, time) = match s.split_once([' ', 'T']) {
        Some((day, time)) => {
            let time = ["%H:%M", "%H:%M:%S"]
                .iter()
                .find_map(|f| chrono::NaiveTime::parse_from_str(time.trim(), f).ok())
                .ok_or(BadWhen::Unreadable)?;
            (day, time)
        }
        None => (s, chrono::NaiveTime::MIN),
    };
    let day = read_day(day)?;
    from_almaty(&day.and_time(time)).ok_or(BadWhen::Unreadable)
}

fn no_such_day(s: &str) -> Option<BadWhen> {
    let (_, month, _) = date_parts(s)?;
    impossible_day(s).map(|days| BadWhen::NoSuchDay { month, days })
}

/// Parses `YYYY-MM-DD`, `DD.MM.YYYY`, `D.M.YYYY` or `DD.MM.YY` (20YY), optionally followed by a
/// space and a time (`0:00`, `00:00:00`), which is ignored. Anything else is `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = date_parts(s)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The year, month and day of a date in one of the forms [`parse_date`] takes, not yet checked
/// against the calendar.
fn date_parts(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let date = match s.split_once(' ') {
        Some((d, time)) if is_time(time.trim()) => d,
        Some(_) => return None,
        None => s,
    };
    if let Some((y, rest)) = date.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        return ymd(y, m, d);
    }
    let mut parts = date.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !(y.len() == 4 || y.len() == 2)
        || !(1..=2).contains(&d.len())
        || !(1..=2).contains(&m.len())
    {
        return None;
    }
    // DD.MM.YY, as a Russian-locale office suite writes dates into CSV: the 21st century (an
    // HR order or a request is never older).
    if y.len() == 2 {
        return ymd(&format!("20{y}"), m, d);
    }
    ymd(y, m, d)
}

/// The years an HR order can carry: anything else is a typing error (and year 0 is not a date
/// PostgreSQL accepts).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn ymd(y: &str, m: &str, d: &str) -> Option<(i32, u32, u32)> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    Some((year, m.parse().ok()?, d.parse().ok()?))
}

fn is_time(t: &str) -> bool {
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Moments in `--json` output: RFC 3339 in Asia/Almaty (`2026-11-19T09:30:00+05:00`), for
/// `#[serde(serialize_with = ...)]`.
pub mod json_time {
    use chrono::{DateTime, FixedOffset, Utc};

    /// A moment as RFC 3339 in Asia/Almaty, to the second.
    pub fn rfc3339(at: DateTime<Utc>) -> String {
        at.with_timezone(&super::almaty())
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    pub fn utc<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(*at))
    }

    /// A JSON document stored as text, written out as JSON (not as a string holding it).
    pub fn json_text<S: serde::Serializer>(text: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match text {
            Some(t) => json(t, s),
            None => s.serialize_none(),
        }
    }

    /// A JSON document stored as text, written out as JSON; text that is not JSON (a changed
    /// record, for `audit verify` to find) as the string it is.
    pub fn json<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        use serde::Serialize;
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => v.serialize(s),
            Err(_) => s.serialize_str(text),
        }
    }

    pub fn fixed<S: serde::Serializer>(
        at: &DateTime<FixedOffset>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(at.with_timezone(&Utc)))
    }

    pub fn option<S: serde::Serializer>(
        at: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&rfc3339(*at)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_grammar_for_days_and_moments() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
        assert_eq!(read_day("19.11.2026"), Ok(day));
        assert_eq!(read_day("2026-11-19"), Ok(day));
        assert_eq!(
            read_day("31.11.2026"),
            Err(BadWhen::NoSuchDay {
                month: 11,
                days: 30
            })
        );
        assert_eq!(read_day("19/11/2026"), Err(BadWhen::Unreadable));
        let at = |s| read_moment(s).map(|m| m.to_rfc3339());
        for s in [
            "19.11.2026 09:30",
            "2026-11-19T09:30",
            "2026-11-19 09:30:00",
            "2026-11-19T04:30:00Z",
        ] {
            assert_eq!(at(s), Ok("2026-11-19T09:30:00+05:00".into()), "{s}");
        }
        assert_eq!(at("19.11.2026"), Ok("2026-11-19T00:00:00+05:00".into()));
        assert_eq!(at("2024-01-10"), Ok("2024-01-10T00:00:00+06:00".into()));
        assert_eq!(
            at("31.11.2026 10:00"),
            Err(BadWhen::NoSuchDay {
                month: 11,
                days: 30
            })
        );
        for s in ["19.11.2026 25:00", "19.11.2026 noon", "завтра", ""] {
            assert_eq!(at(s), Err(BadWhen::Unreadable), "{s}");
        }
    }

    #[test]
    fn impossible_days_say_so() {
        assert_eq!(impossible_day("31.11.2026"), Some(30));
        assert_eq!(impossible_day("2026-02-29"), Some(28));
        assert_eq!(impossible_day("30.02.24"), Some(29));
        assert_eq!(impossible_day("29.02.2024"), None, "a real day");
        assert_eq!(
            impossible_day("13.13.2026"),
            None,
            "no such month: not a day question"
        );
        assert_eq!(impossible_day("вчера"), None);
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn formats_people_type() {
        assert_eq!(parse_date("2026-11-20"), d(2026, 11, 20));
        assert_eq!(parse_date("20.11.2026"), d(2026, 11, 20));
        assert_eq!(parse_date(" 5.3.2026 "), d(2026, 3, 5));
        assert_eq!(parse_date("05.03.2026 0:00"), d(2026, 3, 5));
        assert_eq!(parse_date("05.03.2026 00:00:00"), d(2026, 3, 5));
        assert_eq!(parse_date("29.02.2028"), d(2028, 2, 29));
        // Two-digit years, as LibreOffice and Excel in a Russian locale save CSV: 20YY.
        assert_eq!(parse_date("20.11.25"), d(2025, 11, 20));
        assert_eq!(parse_date("1.2.26"), d(2026, 2, 1));
        assert_eq!(parse_date("31.12.99"), d(2099, 12, 31));
        assert_eq!(parse_date("20.11.26 0:00"), d(2026, 11, 20));
    }

    #[test]
    fn everything_else_is_not_a_date() {
        for s in [
            "",
            "31.02.2026",
            "2026-2-3",
            "20.11.6",
            "20.11.126",
            "29.02.27",
            "20.11.+6",
            "20/11/2026",
            "2026-11-20T10:00",
            "20.11.2026 noon",
            "a.b.cccc",
            "+1.+1.2026",
            "29.02.2027",
            "2026-13-01",
            "１２.１１.２０２６",
            "20..2026",
            "01.01.0000",
            "1899-12-31",
            "2101-01-01",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }
}
