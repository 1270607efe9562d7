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
//! a [`UsageError`] is 2, a [`TryLater`] is 4, anything else is 1 (`app::exit_status` reads
//! them). Only `main` turns them into a process status.
//!
//! This module depends on nothing else in skud: every layer may use it.

/// How a run ended, as the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    Failed = 1,
    Usage = 2,
    Attention = 3,
    TryLater = 4,
    /// Stopped by Ctrl-C (SIGINT) before it finished: its transaction was dropped.
    Interrupted = 130,
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
        assert_eq!(Exit::Interrupted.code(), 130);
    }
}
