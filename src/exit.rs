//! Exit codes: what a cron wrapper acts on (DESIGN.md, "Exit codes").
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done, nothing needs attention |
//! | 1 | failed (I/O, database, bug); nothing half-done is left behind |
//! | 2 | usage error (bad flags or arguments) |
//! | 3 | done, but something needs attention (rows rejected, breaches found, accounts blocked) |
//! | 4 | not run now, try later (a job's lock is held, the LDAP server is unreachable) |
//!
//! Commands return `Ok(Exit::Ok)` or `Ok(Exit::Attention)`; errors carry their code by type:
//! a [`UsageError`] is 2, a [`TryLater`] is 4, anything else is 1. Only `main` turns them into
//! a process status.

/// How a run ended, as the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    Failed = 1,
    Usage = 2,
    Attention = 3,
    TryLater = 4,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Bad flags or arguments (exit 2): the message says what to type instead.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Not run now; running later may succeed (exit 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TryLater(pub String);

/// The exit status of an error: 2 for usage, 4 for try-later, else 1.
pub fn status_of(err: &anyhow::Error) -> Exit {
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
        let file = cause.downcast_ref::<crate::files::FileError>().or_else(|| {
            match cause.downcast_ref::<crate::export::journal::ExportError>() {
                Some(crate::export::journal::ExportError::File(f)) => Some(f),
                _ => None,
            }
        });
        if let Some(f) = file {
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
    fn codes() {
        assert_eq!(Exit::Ok.code(), 0);
        assert_eq!(Exit::Failed.code(), 1);
        assert_eq!(Exit::Usage.code(), 2);
        assert_eq!(Exit::Attention.code(), 3);
        assert_eq!(Exit::TryLater.code(), 4);
    }

    #[test]
    fn errors_map_to_codes() {
        let e = anyhow::Error::new(UsageError("bad".into()));
        assert_eq!(status_of(&e), Exit::Usage);
        let e = anyhow::Error::new(TryLater("locked".into())).context("jobs run");
        assert_eq!(status_of(&e), Exit::TryLater);
        assert_eq!(status_of(&anyhow::anyhow!("disk full")), Exit::Failed);
    }
}
