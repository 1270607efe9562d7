//! The exit status of an error (DESIGN.md, "Exit codes"): the errors of every layer carry
//! their code by type, read here for `main` and for the daemon's record of a job run.

use crate::exit::{Exit, TryLater, UsageError};

/// The exit status of an error: 2 for usage, 4 for try-later, else 1.
pub fn of(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if cause.is::<UsageError>() {
            return Exit::Usage;
        }
        if cause.is::<TryLater>() {
            return Exit::TryLater;
        }
        if let Some(f) = cause.downcast_ref::<crate::import::FileError>() {
            use crate::import::FileError::*;
            return match f {
                NotFound(_) | IsDirectory(_) | SheetOnCsv { .. } | UnknownSheet { .. } => {
                    Exit::Usage
                }
                _ => Exit::Failed,
            };
        }
        if cause.is::<crate::mail::MailSettingsError>() {
            return Exit::Usage;
        }
        if let Some(f) = cause.downcast_ref::<crate::files::FileError>() {
            return if f.is_usage() {
                Exit::Usage
            } else {
                Exit::Failed
            };
        }
        if is_busy(cause) {
            return Exit::TryLater;
        }
        if cause.is::<crate::config::ConfigError>() {
            return Exit::Usage;
        }
    }
    Exit::Failed
}

/// A database lock held by another writer past the busy timeout (SQLite's `SQLITE_BUSY`,
/// PostgreSQL's lock timeouts): another skud process is writing; try later.
fn is_busy(cause: &(dyn std::error::Error + 'static)) -> bool {
    let Some(sqlx::Error::Database(db)) = cause.downcast_ref::<sqlx::Error>() else {
        return false;
    };
    match db.code().as_deref() {
        // SQLite: SQLITE_BUSY (5) and its extended codes, SQLITE_LOCKED (6).
        Some(c)
            if c.parse::<i32>()
                .is_ok_and(|n| n & 0xff == 5 || n & 0xff == 6) =>
        {
            true
        }
        // PostgreSQL: lock_not_available, deadlock_detected.
        Some("55P03" | "40P01") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_codes() {
        let e = anyhow::Error::new(UsageError("bad".into()));
        assert_eq!(of(&e), Exit::Usage);
        let e = anyhow::Error::new(TryLater("locked".into())).context("jobs run");
        assert_eq!(of(&e), Exit::TryLater);
        assert_eq!(of(&anyhow::anyhow!("disk full")), Exit::Failed);
    }
}
