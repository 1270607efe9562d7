//! The counts `skud status` shows: one read of each table, never a list.

use super::{Store, on_pool};
use chrono::{DateTime, Utc};

/// What waits on people and machines at a moment.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub requests_pending: i64,
    /// Pending, due before the end of the day (and not yet past due).
    pub requests_due_today: i64,
    pub requests_past_due: i64,
    pub tickets_open: i64,
    pub tickets_past_due: i64,
    /// Letters for the relay or an outbox not yet delivered, and those refused for good.
    pub letters_queued: i64,
    pub letters_failed: i64,
    /// Rows of credentials files not yet written.
    pub credentials_queued: i64,
    /// Credentials files written (their paths): each holds temporary passwords until it is
    /// handed over and removed.
    pub credentials_files: Vec<String>,
    pub last_pull: Option<DateTime<Utc>>,
    pub last_push: Option<DateTime<Utc>>,
    pub audit_seq: i64,
    pub audit_hash: String,
}

/// The counts at `now`; "due today" ends at `end_of_day`.
pub async fn counts(
    store: &Store,
    now: DateTime<Utc>,
    end_of_day: DateTime<Utc>,
) -> Result<Counts, sqlx::Error> {
    const REQUESTS: &str = "SELECT COUNT(*), \
        COALESCE(SUM(CASE WHEN due_at >= $1 AND due_at <= $2 THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) \
        FROM requests WHERE status = 'pending'";
    const TICKETS: &str = "SELECT COUNT(*), \
        COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) \
        FROM tickets WHERE closed_at IS NULL";
    const DELIVERIES: &str = "SELECT \
        COALESCE(SUM(CASE WHEN channel <> 'credentials' AND state = 'queued' THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN channel <> 'credentials' AND state = 'failed' THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN channel = 'credentials' AND state = 'queued' THEN 1 ELSE 0 END), 0) \
        FROM deliveries";
    const FILES: &str = "SELECT DISTINCT target FROM deliveries \
        WHERE channel = 'credentials' AND state = 'sent' ORDER BY target";
    let last_pull = crate::store::jobs::last_pull(store).await?;
    on_pool!(store, p => {
        let (pending, today, past): (i64, i64, i64) =
            sqlx::query_as(REQUESTS).bind(now).bind(end_of_day).fetch_one(p).await?;
        let (open, late): (i64, i64) = sqlx::query_as(TICKETS).bind(now).fetch_one(p).await?;
        let (queued, failed, credentials): (i64, i64, i64) =
            sqlx::query_as(DELIVERIES).fetch_one(p).await?;
        let files: Vec<String> = sqlx::query_scalar(FILES).fetch_all(p).await?;
        let last_push: Option<DateTime<Utc>> = sqlx::query_scalar(
            "SELECT at FROM audit WHERE action = 'ldap.push' ORDER BY seq DESC LIMIT 1")
            .fetch_optional(p).await?;
        let (seq, hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await?;
        Ok(Counts {
            requests_pending: pending,
            requests_due_today: today,
            requests_past_due: past,
            tickets_open: open,
            tickets_past_due: late,
            letters_queued: queued,
            letters_failed: failed,
            credentials_queued: credentials,
            credentials_files: files,
            last_pull,
            last_push,
            audit_seq: seq,
            audit_hash: hash,
        })
    })
}
