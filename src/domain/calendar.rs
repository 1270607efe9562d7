//! Working days and the deadline of §22: an access request is answered "within three working
//! days of its receipt".
//!
//! A working day is neither a Saturday, a Sunday, nor a day off. Days off come from three
//! sources (DESIGN.md, "Working days"):
//!
//! 1. the public holidays that are days off (data: each with its day, the years it applies and
//!    its source; and Kurban ait, whose date is set each year);
//! 2. the weekend rule: a holiday on a Saturday or Sunday moves its day off to the next working
//!    day, except 7 January and Kurban ait ([`moves_to_next_working_day`]);
//! 3. the transfers ordered for a year, which may also make a weekend day a working day.
//!
//! The holidays and what changes by year (Kurban ait, transfers) are data: `calendar-kz.toml`
//! beside this file, extended or corrected by the file named in the configuration. When a law
//! changes a holiday, the data changes, with its source.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The shipped calendar data (2024–2027).
const SHIPPED: &str = include_str!("calendar-kz.toml");

/// A public holiday, by its message key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holiday {
    NewYear,
    Christmas,
    WomensDay,
    Nauryz,
    Unity,
    DefenderDay,
    VictoryDay,
    CapitalDay,
    ConstitutionDay,
    RepublicDay,
    IndependenceDay,
    KurbanAit,
}

impl Holiday {
    /// A holiday by its name in the calendar data (`constitution`, `nauryz`, ...). Kurban ait
    /// is set per year (`kurban_ait`), not listed.
    fn by_name(name: &str) -> Option<Holiday> {
        Some(match name {
            "new_year" => Holiday::NewYear,
            "christmas" => Holiday::Christmas,
            "womens_day" => Holiday::WomensDay,
            "nauryz" => Holiday::Nauryz,
            "unity" => Holiday::Unity,
            "defender" => Holiday::DefenderDay,
            "victory" => Holiday::VictoryDay,
            "capital" => Holiday::CapitalDay,
            "constitution" => Holiday::ConstitutionDay,
            "republic" => Holiday::RepublicDay,
            "independence" => Holiday::IndependenceDay,
            _ => return None,
        })
    }

    /// The catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Holiday::NewYear => "holiday-new-year",
            Holiday::Christmas => "holiday-christmas",
            Holiday::WomensDay => "holiday-womens-day",
            Holiday::Nauryz => "holiday-nauryz",
            Holiday::Unity => "holiday-unity",
            Holiday::DefenderDay => "holiday-defender",
            Holiday::VictoryDay => "holiday-victory",
            Holiday::CapitalDay => "holiday-capital",
            Holiday::ConstitutionDay => "holiday-constitution",
            Holiday::RepublicDay => "holiday-republic",
            Holiday::IndependenceDay => "holiday-independence",
            Holiday::KurbanAit => "holiday-kurban-ait",
        }
    }
}

/// A public holiday that is a day off: its day each year, and the years it applies (first,
/// last). Holidays change by law: the list is data (`calendar-kz.toml`), each with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedHoliday {
    pub month: u32,
    pub day: u32,
    pub holiday: Holiday,
    pub years: (i32, i32),
    pub source: Option<String>,
}

/// A holiday of the data, checked: a known holiday on a day of the year.
fn fixed_holiday(h: HolidayEntry) -> Result<FixedHoliday, CalendarError> {
    let holiday = Holiday::by_name(&h.name).ok_or_else(|| CalendarError::UnknownHoliday {
        name: h.name.clone(),
    })?;
    let bad = || CalendarError::BadHolidayDate {
        name: h.name.clone(),
        date: h.date.clone(),
    };
    let (m, d) = h.date.split_once('-').ok_or_else(bad)?;
    let (month, day): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    // 2024 is a leap year: every day of any year is a day of it.
    NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
    Ok(FixedHoliday {
        month,
        day,
        holiday,
        years: (h.from.unwrap_or(i32::MIN), h.until.unwrap_or(i32::MAX)),
        source: h.source,
    })
}

/// Rule 2: a holiday on a weekend moves its day off to the next working day — except Orthodox
/// Christmas (7 January) and Kurban ait, which never move.
pub fn moves_to_next_working_day(h: Holiday) -> bool {
    !matches!(h, Holiday::Christmas | Holiday::KurbanAit)
}

/// Why a day is not worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOffWhy {
    /// A public holiday on a weekday.
    Holiday(Holiday),
    /// The day off of a holiday that fell on a weekend (rule 2).
    Moved { holiday: Holiday, from: NaiveDate },
    /// A transfer ordered for the year (rule 3).
    Ordered { note: String },
}

/// One day off of a year (weekdays only: weekends are off anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    pub date: NaiveDate,
    pub why: DayOffWhy,
}

/// A day made a working day by a transfer order: a Saturday or Sunday worked, or a day off of
/// the fixed list or the weekend rule that the year's order cancels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkedDay {
    pub date: NaiveDate,
    pub note: String,
}

/// What a year's data says.
#[derive(Debug, Clone, Default)]
pub struct YearInfo {
    pub kurban_ait: Option<NaiveDate>,
    pub published: bool,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    holiday: Vec<HolidayEntry>,
    #[serde(default)]
    year: Vec<YearEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    name: String,
    /// `MM-DD`.
    date: String,
    from: Option<i32>,
    until: Option<i32>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearEntry {
    year: i32,
    kurban_ait: Option<NaiveDate>,
    published: Option<bool>,
    source: Option<String>,
    #[serde(default)]
    days_off: Vec<DatedNote>,
    #[serde(default)]
    worked: Vec<DatedNote>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatedNote {
    date: NaiveDate,
    note: String,
}

/// A calendar file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("{0}")]
    Syntax(String),
    #[error(
        "holiday {name:?}: not a holiday skud knows (new_year, christmas, womens_day, nauryz, unity, defender, victory, capital, constitution, republic, independence)"
    )]
    UnknownHoliday { name: String },
    #[error("holiday {name:?}: {date:?} is not a day of the year (MM-DD)")]
    BadHolidayDate { name: String, date: String },
    #[error("year {year}: {date} is not in that year")]
    WrongYear { year: i32, date: NaiveDate },
    #[error("year {year}: {date} is a {weekday}, a day off anyway; list weekdays in days_off")]
    WeekendDayOff {
        year: i32,
        date: NaiveDate,
        weekday: Weekday,
    },
}

#[derive(Debug, Clone, Default)]
struct Year {
    info: YearInfo,
    ordered_off: BTreeMap<NaiveDate, String>,
    worked: BTreeMap<NaiveDate, String>,
}

/// The working-day calendar: shipped data plus the administrator's corrections.
#[derive(Debug, Clone)]
pub struct Calendar {
    holidays: Vec<FixedHoliday>,
    years: BTreeMap<i32, Year>,
    /// Every day off (weekdays) of the years computed so far, for quick look-ups.
    off: BTreeSet<NaiveDate>,
    worked: BTreeSet<NaiveDate>,
    span: (i32, i32),
}

impl Calendar {
    /// The calendar as shipped.
    pub fn shipped() -> Calendar {
        let mut c = Calendar {
            holidays: Vec::new(),
            years: BTreeMap::new(),
            off: BTreeSet::new(),
            worked: BTreeSet::new(),
            span: (0, -1),
        };
        c.merge(SHIPPED).expect("the shipped calendar is valid");
        c
    }

    /// The shipped calendar with a file's years merged in (`[calendar] file`). Errors name the
    /// problem; the caller adds the file name.
    pub fn with_file(text: &str) -> Result<Calendar, CalendarError> {
        let mut c = Calendar::shipped();
        c.merge(text)?;
        Ok(c)
    }

    fn merge(&mut self, text: &str) -> Result<(), CalendarError> {
        let file: File = toml::from_str(text).map_err(|e| CalendarError::Syntax(e.to_string()))?;
        for h in file.holiday {
            let fixed = fixed_holiday(h)?;
            // The same holiday on the same day: the later file's years and source replace it.
            self.holidays
                .retain(|o| (o.holiday, o.month, o.day) != (fixed.holiday, fixed.month, fixed.day));
            self.holidays.push(fixed);
        }
        for e in file.year {
            for d in e.days_off.iter().chain(&e.worked) {
                if d.date.year() != e.year {
                    return Err(CalendarError::WrongYear {
                        year: e.year,
                        date: d.date,
                    });
                }
            }
            for d in &e.days_off {
                if is_weekend(d.date) {
                    return Err(CalendarError::WeekendDayOff {
                        year: e.year,
                        date: d.date,
                        weekday: d.date.weekday(),
                    });
                }
            }
            let y = self.years.entry(e.year).or_default();
            if e.kurban_ait.is_some() {
                y.info.kurban_ait = e.kurban_ait;
            }
            if let Some(p) = e.published {
                y.info.published = p;
            }
            if e.source.is_some() {
                y.info.source = e.source;
            }
            y.ordered_off
                .extend(e.days_off.into_iter().map(|d| (d.date, d.note)));
            y.worked
                .extend(e.worked.into_iter().map(|d| (d.date, d.note)));
        }
        self.reindex();
        Ok(())
    }

    /// Precomputes the days off from a year before the data to five years after it.
    fn reindex(&mut self) {
        let first = self.years.keys().next().copied().unwrap_or(2025) - 1;
        let last = self.years.keys().last().copied().unwrap_or(2025) + 5;
        self.off.clear();
        self.worked.clear();
        for y in first..=last {
            self.off
                .extend(self.days_off(y).into_iter().map(|d| d.date));
            self.worked
                .extend(self.worked_days(y).into_iter().map(|d| d.date));
        }
        self.span = (first, last);
    }

    /// What the data says about a year (empty for a year skud has no data for).
    pub fn year_info(&self, year: i32) -> YearInfo {
        self.years
            .get(&year)
            .map(|y| y.info.clone())
            .unwrap_or_default()
    }

    /// The holidays of a year, by date, Kurban ait included when its date is known.
    fn holidays(&self, year: i32) -> Vec<(NaiveDate, Holiday)> {
        let mut v: Vec<(NaiveDate, Holiday)> = self
            .holidays
            .iter()
            .filter(|f| (f.years.0..=f.years.1).contains(&year))
            .filter_map(|f| NaiveDate::from_ymd_opt(year, f.month, f.day).map(|d| (d, f.holiday)))
            .collect();
        if let Some(k) = self.year_info(year).kurban_ait {
            v.push((k, Holiday::KurbanAit));
        }
        v.sort();
        v
    }

    /// The weekdays off of a year, in date order, each with its reason (rules 1–3); a day the
    /// year's order makes a working day is not among them.
    pub fn days_off(&self, year: i32) -> Vec<DayOff> {
        let holidays = self.holidays(year);
        let is_holiday = |d: NaiveDate| holidays.iter().any(|(h, _)| *h == d);
        let empty = Year::default();
        let data = self.years.get(&year).unwrap_or(&empty);
        let mut out: Vec<DayOff> = Vec::new();
        for &(date, h) in &holidays {
            if !is_weekend(date) {
                out.push(DayOff {
                    date,
                    why: DayOffWhy::Holiday(h),
                });
            }
        }
        for (date, note) in &data.ordered_off {
            if !is_weekend(*date) && !out.iter().any(|o| o.date == *date) {
                out.push(DayOff {
                    date: *date,
                    why: DayOffWhy::Ordered { note: note.clone() },
                });
            }
        }
        // Rule 2, in date order: each weekend holiday takes the next weekday that is not
        // already off.
        for &(from, h) in &holidays {
            if !is_weekend(from) || !moves_to_next_working_day(h) {
                continue;
            }
            let mut d = from;
            loop {
                d = d + Days::new(1);
                if !is_weekend(d) && !is_holiday(d) && !out.iter().any(|o| o.date == d) {
                    break;
                }
            }
            out.push(DayOff {
                date: d,
                why: DayOffWhy::Moved { holiday: h, from },
            });
        }
        out.retain(|o| !data.worked.contains_key(&o.date));
        out.sort_by_key(|o| o.date);
        out
    }

    /// The weekend days a transfer order made working days.
    pub fn worked_days(&self, year: i32) -> Vec<WorkedDay> {
        self.years
            .get(&year)
            .map(|y| {
                y.worked
                    .iter()
                    .map(|(d, n)| WorkedDay {
                        date: *d,
                        note: n.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether a day is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let y = d.year();
        if y < self.span.0 || y > self.span.1 {
            if self.worked_days(y).iter().any(|w| w.date == d) {
                return true;
            }
            return !is_weekend(d) && !self.days_off(y).iter().any(|o| o.date == d);
        }
        if self.worked.contains(&d) {
            return true;
        }
        !is_weekend(d) && !self.off.contains(&d)
    }

    /// The working days of a year.
    pub fn working_days_in(&self, year: i32) -> usize {
        let Some(mut d) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            return 0;
        };
        let mut n = 0;
        while d.year() == year {
            n += usize::from(self.is_working_day(d));
            d = d + Days::new(1);
        }
        n
    }

    /// §22: the last day to answer a request received on `received`: the third working day
    /// after the day of receipt (the answer is due by the end of that day, Asia/Almaty).
    pub fn answer_due(&self, received: NaiveDate) -> NaiveDate {
        self.nth_working_day_after(received, 3)
    }

    /// The `n`-th working day after `day` (not counting `day` itself).
    pub fn nth_working_day_after(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// Saturday or Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// §22 due dates for every day of 2024–2027 against an independent list of the weekdays
    /// off and the weekend days worked, written out from the published orders (the three
    /// corrections of issue 14: 2024's transfer of 4 May to 8 May, no Constitution Day in 2026,
    /// 15 March instead of 30 August from 2027).
    #[test]
    fn due_dates_2024_to_2027() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let weekdays_off: Vec<NaiveDate> = [
            // 2024
            "2024-01-01",
            "2024-01-02",
            "2024-03-08",
            "2024-03-21",
            "2024-03-22",
            "2024-03-25",
            "2024-05-01",
            "2024-05-07",
            "2024-05-08",
            "2024-05-09",
            "2024-07-08",
            "2024-08-30",
            "2024-10-25",
            "2024-12-16",
            // 2025
            "2025-01-01",
            "2025-01-02",
            "2025-01-03",
            "2025-01-07",
            "2025-03-10",
            "2025-03-21",
            "2025-03-24",
            "2025-03-25",
            "2025-05-01",
            "2025-05-07",
            "2025-05-09",
            "2025-06-06",
            "2025-07-07",
            "2025-09-01",
            "2025-10-27",
            "2025-12-16",
            // 2026: no Constitution Day
            "2026-01-01",
            "2026-01-02",
            "2026-01-07",
            "2026-03-09",
            "2026-03-23",
            "2026-03-24",
            "2026-03-25",
            "2026-05-01",
            "2026-05-07",
            "2026-05-11",
            "2026-05-27",
            "2026-07-06",
            "2026-10-26",
            "2026-12-16",
            // 2027: the weekend rule only (Kurban ait not set yet); Constitution Day 15 March
            "2027-01-01",
            "2027-01-04",
            "2027-01-07",
            "2027-03-08",
            "2027-03-15",
            "2027-03-22",
            "2027-03-23",
            "2027-03-24",
            "2027-05-03",
            "2027-05-07",
            "2027-05-10",
            "2027-07-06",
            "2027-10-25",
            "2027-12-16",
            // January 2028, reached by the last days of 2027
            "2028-01-03",
            "2028-01-04",
            "2028-01-07",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let weekends_worked = [d("2024-05-04"), d("2025-01-05")];
        let working = |x: NaiveDate| {
            if weekends_worked.contains(&x) {
                return true;
            }
            !is_weekend(x) && !weekdays_off.contains(&x)
        };
        let cal = Calendar::shipped();
        let mut day = d("2024-01-01");
        let mut checked = 0;
        while day <= d("2027-12-31") {
            let mut due = day;
            let mut left = 3;
            while left > 0 {
                due = due.succ_opt().unwrap();
                if working(due) {
                    left -= 1;
                }
            }
            assert_eq!(cal.answer_due(day), due, "received {day}");
            checked += 1;
            day = day.succ_opt().unwrap();
        }
        assert_eq!(checked, 1461);
        assert_eq!(
            cal.answer_due(d("2024-05-03")),
            d("2024-05-10"),
            "4 May worked, 7-9 May off"
        );
        assert_eq!(
            cal.answer_due(d("2026-08-27")),
            d("2026-09-01"),
            "31 August 2026 is worked"
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The days off beyond the fixed list (moved or ordered) of a year.
    fn beyond_fixed(c: &Calendar, year: i32) -> Vec<String> {
        c.days_off(year)
            .into_iter()
            .filter(|o| !matches!(o.why, DayOffWhy::Holiday(_)))
            .map(|o| o.date.format("%a %d %b").to_string())
            .collect()
    }

    #[test]
    fn reference_years_match_the_published_data() {
        let c = Calendar::shipped();
        assert_eq!(
            beyond_fixed(&c, 2025),
            [
                "Fri 03 Jan",
                "Mon 10 Mar",
                "Mon 24 Mar",
                "Tue 25 Mar",
                "Mon 07 Jul",
                "Mon 01 Sep",
                "Mon 27 Oct"
            ]
        );
        assert_eq!(
            beyond_fixed(&c, 2026),
            [
                "Mon 09 Mar",
                "Tue 24 Mar",
                "Wed 25 Mar",
                "Mon 11 May",
                "Mon 26 Oct"
            ]
        );
        // 2024: the Minister's transfer of Saturday 4 May to Wednesday 8 May.
        assert_eq!(
            beyond_fixed(&c, 2024),
            ["Mon 25 Mar", "Wed 08 May", "Mon 08 Jul"]
        );
        assert!(
            c.is_working_day(d("2024-05-04")),
            "Saturday 4 May 2024 was worked"
        );
        assert!(!c.is_working_day(d("2024-05-08")));
        assert!(!c.is_working_day(d("2024-08-30")), "Constitution Day 2024");
        // Constitution Day: 30 August until 2025, none in 2026, 15 March from 2027.
        assert!(
            !c.is_working_day(d("2025-09-01")),
            "30 August 2025 was a Saturday"
        );
        assert!(
            c.is_working_day(d("2026-08-31")),
            "no Constitution Day in 2026"
        );
        assert!(!c.is_working_day(d("2027-03-15")), "Constitution Day 2027");
        assert!(
            c.is_working_day(d("2027-08-30")),
            "30 August 2027 is no holiday"
        );
        assert_eq!(
            beyond_fixed(&c, 2027),
            ["Mon 04 Jan", "Wed 24 Mar", "Mon 03 May", "Mon 10 May"]
        );
        assert!(
            c.is_working_day(d("2025-01-05")),
            "Sunday 5 January 2025 was worked"
        );
        assert!(!c.is_working_day(d("2026-05-27")), "Kurban ait 2026");
        assert!(!c.is_working_day(d("2025-06-06")), "Kurban ait 2025");
        assert!(!c.year_info(2027).published);
        assert!(c.year_info(2027).kurban_ait.is_none());
    }

    #[test]
    fn christmas_and_kurban_ait_never_move() {
        // 7 January 2029 is a Sunday; Kurban ait set on a Saturday does not move either.
        let c =
            Calendar::with_file("[[year]]\nyear = 2028\nkurban_ait = \"2028-05-06\"\n").unwrap();
        assert_eq!(d("2028-05-06").weekday(), Weekday::Sat);
        assert!(c.days_off(2028).iter().all(|o| !matches!(
            o.why,
            DayOffWhy::Moved {
                holiday: Holiday::KurbanAit | Holiday::Christmas,
                ..
            }
        )));
        assert!(
            c.is_working_day(d("2029-01-08")),
            "Monday after Christmas on a Sunday"
        );
    }

    #[test]
    fn due_dates_of_design_md() {
        let c = Calendar::shipped();
        // Friday 20 November 2026 → Wednesday 25 November.
        assert_eq!(c.answer_due(d("2026-11-20")), d("2026-11-25"));
        // Friday 20 March 2026, 21–25 March off → Monday 30 March.
        assert_eq!(c.answer_due(d("2026-03-20")), d("2026-03-30"));
        // Tuesday 15 December 2026, 16 December a holiday → Monday 21 December.
        assert_eq!(c.answer_due(d("2026-12-15")), d("2026-12-21"));
    }

    #[test]
    fn due_dates_around_the_new_year_and_weekends() {
        let c = Calendar::shipped();
        // Thursday 31 December 2026: 1 Jan Fri, 2 Jan Sat (moved to Mon 4 Jan), Tue 5, Wed 6,
        // Thu 7 is Christmas, Fri 8.
        assert_eq!(c.answer_due(d("2026-12-31")), d("2027-01-08"));
        // Friday 3 January 2025 was a day off; Sunday 5 January worked: Sun 5 (1), Mon 6 (2),
        // Tue 7 is Christmas, Wed 8 (3).
        assert_eq!(c.answer_due(d("2025-01-03")), d("2025-01-08"));
        // Received on the eve of Nauryz 2025 (Thursday 20 March): 21–25 off → Wed 26, Thu 27,
        // Fri 28.
        assert_eq!(c.answer_due(d("2025-03-20")), d("2025-03-28"));
        // Received on a Saturday counts from the Monday.
        assert_eq!(c.answer_due(d("2026-11-21")), d("2026-11-25"));
        // Friday 1 May 2026 is a holiday itself; Mon 4, Tue 5, Wed 6.
        assert_eq!(c.answer_due(d("2026-05-01")), d("2026-05-06"));
    }

    #[test]
    fn a_file_adds_transfers_and_rejects_nonsense() {
        let c = Calendar::with_file(
            "[[year]]\nyear = 2027\nkurban_ait = \"2027-05-17\"\npublished = true\n\
             days_off = [{ date = \"2027-01-08\", note = \"transfer\" }]\n\
             worked = [{ date = \"2027-01-16\", note = \"worked Saturday\" }]\n",
        )
        .unwrap();
        assert!(!c.is_working_day(d("2027-01-08")));
        assert!(c.is_working_day(d("2027-01-16")));
        assert!(!c.is_working_day(d("2027-05-17")));
        assert!(c.year_info(2027).published);
        let wrong = Calendar::with_file(
            "[[year]]\nyear = 2027\ndays_off = [{ date = \"2027-01-16\", note = \"x\" }]\n",
        );
        assert!(matches!(wrong, Err(CalendarError::WeekendDayOff { .. })));
        // An order may cancel a day off of the weekend rule: 4 January 2027 worked.
        let cancel = Calendar::with_file(
            "[[year]]\nyear = 2027\nworked = [{ date = \"2027-01-04\", note = \"x\" }]\n",
        )
        .unwrap();
        assert!(cancel.is_working_day(d("2027-01-04")));
        assert!(
            cancel
                .days_off(2027)
                .iter()
                .all(|o| o.date != d("2027-01-04"))
        );
        let typo = Calendar::with_file("[[year]]\nyaer = 2027\n");
        assert!(matches!(typo, Err(CalendarError::Syntax(_))));
        let other_year = Calendar::with_file(
            "[[year]]\nyear = 2027\ndays_off = [{ date = \"2028-01-03\", note = \"x\" }]\n",
        );
        assert!(matches!(other_year, Err(CalendarError::WrongYear { .. })));
    }

    /// A law that changes a holiday is a data change: an administrator's file can end a
    /// holiday and add another, each with its source.
    #[test]
    fn holidays_are_data() {
        let c = Calendar::with_file(
            "[[holiday]]\nname = \"capital\"\ndate = \"07-06\"\nuntil = 2027\n\
             [[holiday]]\nname = \"unity\"\ndate = \"04-15\"\nfrom = 2028\nsource = \"a law\"\n",
        )
        .unwrap();
        assert!(!c.is_working_day(d("2027-07-06")));
        assert!(c.is_working_day(d("2028-07-06")), "capital day ended");
        assert!(
            !c.is_working_day(d("2028-04-17")),
            "15 April 2028 a Saturday: Monday off"
        );
        assert!(matches!(
            Calendar::with_file("[[holiday]]\nname = \"easter\"\ndate = \"04-01\"\n"),
            Err(CalendarError::UnknownHoliday { .. })
        ));
        assert!(matches!(
            Calendar::with_file("[[holiday]]\nname = \"unity\"\ndate = \"02-30\"\n"),
            Err(CalendarError::BadHolidayDate { .. })
        ));
    }

    #[test]
    fn years_without_data_follow_the_rules() {
        let c = Calendar::shipped();
        // 2040: 1 January a Sunday → Monday 2 January is a holiday itself → Tuesday 3 January.
        assert_eq!(d("2040-01-01").weekday(), Weekday::Sun);
        assert!(!c.is_working_day(d("2040-01-03")));
        assert!(c.is_working_day(d("2040-01-04")));
        // 2026: 104 weekend days, 9 holidays on weekdays, 5 days moved to weekdays (no
        // Constitution Day this year).
        assert_eq!(c.working_days_in(2026), 365 - 104 - 9 - 5);
    }
}
