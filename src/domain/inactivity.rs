//! §28: an account not used for more than thirty calendar days is blocked. The job that applies
//! it is `jobs/block.rs` (`skud jobs run inactivity`); the set-based statement is
//! `store::jobs::block_inactive`.

/// §28: an account not used for more than thirty calendar days is blocked.
pub const INACTIVITY_DAYS: u64 = 30;

/// Active Directory's `lastLogonTimestamp` is replicated up to 14 days after the login it
/// records; §28 must not block on that lag.
pub const AD_LOGON_LAG_DAYS: u64 = 14;

/// §28, counted in calendar dates: on `today`, the accounts last used (or, never used, issued)
/// before the start of the returned day are blocked. Last used on 1 January at any hour: blocked
/// from 1 February, not on 31 January.
pub fn inactivity_cutoff(today: chrono::NaiveDate) -> chrono::NaiveDate {
    today - chrono::Days::new(INACTIVITY_DAYS)
}

/// The cutoff days of §28 on `today`: accounts issued (and passwords changed) before the first
/// are unused; a login the directory reports counts if before the second, which is earlier
/// for Active Directory, whose lastLogonTimestamp may be up to 14 days late.
pub fn inactivity_cutoffs(
    today: chrono::NaiveDate,
    active_directory: bool,
) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let cutoff = inactivity_cutoff(today);
    (cutoff, cutoff - login_report_lag(active_directory))
}

/// Whether the last pull from the directory (§28 counts logins it read) is young enough to act
/// on at `now`.
pub fn pull_fresh(
    last: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
    max_age_h: u64,
) -> bool {
    last.is_some_and(|at| now - at <= chrono::TimeDelta::hours(max_age_h as i64))
}

/// How many days late the directory may report a login (§28 must not block on that lag):
/// Active Directory's `lastLogonTimestamp`, none for OpenLDAP's `authTimestamp`.
pub fn login_report_lag(active_directory: bool) -> chrono::Days {
    chrono::Days::new(if active_directory {
        AD_LOGON_LAG_DAYS
    } else {
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inactivity_counts_calendar_days() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Last used on 1 January: the cutoff of 1 February is 2 January (blocked), of
        // 31 January is 1 January itself (not blocked: not before it).
        assert_eq!(inactivity_cutoff(d(2, 1)), d(1, 2));
        assert_eq!(inactivity_cutoff(d(1, 31)), d(1, 1));
        assert_eq!(inactivity_cutoff(d(3, 1)), d(1, 30));
    }

    #[test]
    fn active_directory_reports_logins_late() {
        assert_eq!(login_report_lag(true), chrono::Days::new(14));
        assert_eq!(login_report_lag(false), chrono::Days::new(0));
    }
}
