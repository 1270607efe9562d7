//! The jobs' runs, and the set-based blocks of §28 and §30 (their locks: `locks.rs`).

use super::backend::{Backend, on_backend};
use super::{Store, Tx, on_pool, on_tx};
use crate::domain::account::BlockReason;
use crate::domain::date::json_time;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Records the start of a run; returns its id.
pub async fn run_started(
    store: &Store,
    job: &str,
    as_of: NaiveDate,
    at: DateTime<Utc>,
    host: &str,
) -> Result<i64, sqlx::Error> {
    on_pool!(store, p => sqlx::query_scalar("INSERT INTO job_runs (job, as_of, started_at, host, pid) \
            VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(job).bind(as_of.to_string()).bind(at).bind(host).bind(i64::from(std::process::id()))
        .fetch_one(p).await)
}

/// Records how a run ended.
pub async fn run_finished(
    store: &Store,
    id: i64,
    at: DateTime<Utc>,
    outcome: &str,
    counts: &serde_json::Value,
    message: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_pool!(store, p => sqlx::query("UPDATE job_runs SET finished_at = $2, outcome = $3, counts = $4, message = $5 \
            WHERE id = $1")
        .bind(id).bind(at).bind(outcome).bind(counts.to_string()).bind(message)
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A recorded run.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub job: String,
    pub as_of: String,
    #[serde(serialize_with = "json_time::utc")]
    pub started_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::option")]
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    #[serde(serialize_with = "json_time::json_text")]
    pub counts: Option<String>,
    pub message: Option<String>,
    pub host: String,
    pub pid: i64,
}

/// The last `n` runs of a job, newest first.
pub async fn last_runs(store: &Store, job: &str, n: i64) -> Result<Vec<RunRow>, sqlx::Error> {
    on_pool!(store, p => sqlx::query_as::<_, RunRow>("SELECT id, job, as_of, started_at, finished_at, outcome, \
            counts, message, host, pid FROM job_runs WHERE job = $1 ORDER BY started_at DESC, id DESC LIMIT $2")
        .bind(job).bind(n).fetch_all(p).await)
}

/// §28: blocks, in one statement, every account not blocked that was not used since `cutoff`:
/// its last login before `login_cutoff` (the same moment, or earlier where the directory reports
/// logins late), and its last temporary password issued and its last password change before
/// `cutoff` — a reactivated account counts from its new issue. `note` marks this run's blocks;
/// returns the logins blocked.
pub async fn block_inactive(
    tx: &mut Tx,
    cutoff: DateTime<Utc>,
    login_cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
    note: &str,
) -> Result<Vec<String>, sqlx::Error> {
    on_tx!(tx, c => sqlx::query("UPDATE accounts SET status = 'blocked', block_reason = 'inactivity', \
            block_note = $3, blocked_at = $2, password_sealed = NULL \
            WHERE status <> 'blocked' AND issued_at < $1 \
              AND (last_login_at IS NULL OR last_login_at < $4) \
              AND (password_changed_at IS NULL OR password_changed_at < $1)")
        .bind(cutoff).bind(now).bind(note).bind(login_cutoff)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    blocked_with_note(tx, BlockReason::Inactivity, note).await
}

/// §30: blocks, in one statement, every account not blocked of a person whose last order in
/// effect on `on` is a dismissal (ranked as in `store::employees`). `note` marks this run's
/// blocks; returns the logins blocked.
pub async fn block_dismissed(
    tx: &mut Tx,
    on: NaiveDate,
    now: DateTime<Utc>,
    note: &str,
) -> Result<Vec<String>, sqlx::Error> {
    const SQL: &str = concat!(
        "UPDATE accounts SET status = 'blocked', block_reason = 'dismissal', \
         block_note = $3, blocked_at = $2, password_sealed = NULL \
         WHERE status <> 'blocked' AND iin IN ( \
           SELECT iin FROM (SELECT iin, kind, ",
        super::employees::rank_in_effect!(),
        " AS rn FROM orders WHERE effective_date <= $1 \
               AND iin IN (SELECT iin FROM accounts WHERE status <> 'blocked')) s \
           WHERE rn = 1 AND kind = 'dismissal')"
    );
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(on).bind(now).bind(note).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    blocked_with_note(tx, BlockReason::Dismissal, note).await
}

/// The logins a run blocked, read as one aggregated value: half a million rows one by one
/// through the driver's channel cost more than the block itself.
async fn blocked_with_note(
    tx: &mut Tx,
    reason: BlockReason,
    note: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let reason = reason.as_str();
    let all: Option<String> = on_backend!(tx, B, c => sqlx::query_scalar(B::BLOCKED_LOGINS)
        .bind(note)
        .bind(reason)
        .fetch_one(c)
        .await)?;
    let mut logins: Vec<String> = all.unwrap_or_default().lines().map(str::to_owned).collect();
    logins.sort();
    Ok(logins)
}

/// When the last successful pull from the directory finished (§28 refuses to act on an old one).
pub async fn last_pull(store: &Store) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on_pool!(store, p => sqlx::query_scalar("SELECT finished_at FROM directory_pull WHERE id = 1")
        .fetch_optional(p).await)
}
