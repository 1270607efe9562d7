//! Support tickets (§12-§15): what a report must carry, and when it is due.

use chrono::NaiveDate;

/// §15: a ticket is resolved within three calendar days of the day it was submitted.
pub const TICKET_DAYS: u64 = 3;

/// §15: the last day of a ticket submitted on `submitted` (it is due at that day's end,
/// Asia/Almaty): submitted on 20 November at any hour, due by the end of 23 November.
pub fn due_day(submitted: NaiveDate) -> NaiveDate {
    submitted + chrono::Days::new(TICKET_DAYS)
}

/// The largest attachment kept (§14): a report's screenshot or log, not an archive.
pub const MAX_ATTACHMENT: u64 = 20 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_on_the_third_calendar_day() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(due_day(d(11, 20)), d(11, 23));
        // Calendar days: a weekend or a holiday does not move it (unlike §22).
        assert_eq!(due_day(d(12, 14)), d(12, 17));
        assert_eq!(
            due_day(d(12, 30)),
            NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()
        );
    }
}
