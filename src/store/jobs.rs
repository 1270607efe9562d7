//! The jobs' runs, and the set-based blocks of §28 and §30 (their locks: `locks.rs`).

use crate::domain::date::json_time;
use crate::domain::text_list::TextList;
use crate::store::backend::{Backend, Block, Param, on_backend};
use crate::store::{Store, Tx, on_pool};
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

/// §28's accounts: not blocked, last used before `$1` (the cutoff), a login before `$4` (the
/// login cutoff). Shared by the block and by the count of `skud status`.
macro_rules! inactive_where {
    () => {
        "status <> 'blocked' AND issued_at < $1 \
         AND (last_login_at IS NULL OR last_login_at < $4) \
         AND (password_changed_at IS NULL OR password_changed_at < $1)"
    };
}

/// §30's accounts: not blocked, of a person whose last order in effect on the day `$day` names
/// is a dismissal (ranked as in `store::employees`). Shared by the block and by the count.
macro_rules! dismissed_where {
    ($day:literal) => {
        concat!(
            "status <> 'blocked' AND iin IN (SELECT iin FROM (SELECT iin, kind, ",
            super::employees::rank_in_effect!(),
            " AS rn FROM orders WHERE effective_date <= ",
            $day,
            " AND iin IN (SELECT iin FROM accounts WHERE status <> 'blocked')) s \
             WHERE rn = 1 AND kind = 'dismissal')"
        )
    };
}

/// What the night of `on` would block, counted without writing (`skud status`): the dismissals
/// (§30, first), then the accounts unused since `cutoff` (§28) that are not among them.
pub async fn count_next_night(
    store: &Store,
    on: NaiveDate,
    cutoff: DateTime<Utc>,
    login_cutoff: DateTime<Utc>,
) -> Result<(i64, i64), sqlx::Error> {
    const DISMISSED: &str = concat!(
        "SELECT COUNT(*) FROM accounts WHERE ",
        dismissed_where!("$1")
    );
    // $2 and $3 are the block's time and note, which a count does not use.
    const INACTIVE: &str = concat!(
        "SELECT COUNT(*) FROM accounts WHERE ",
        inactive_where!(),
        " AND NOT (",
        dismissed_where!("$5"),
        ")"
    );
    let at = cutoff;
    on_pool!(store, p => {
        let dismissed: i64 = sqlx::query_scalar(DISMISSED).bind(on).fetch_one(p).await?;
        let inactive: i64 = sqlx::query_scalar(INACTIVE)
            .bind(cutoff).bind(at).bind("").bind(login_cutoff).bind(on)
            .fetch_one(p).await?;
        Ok((dismissed, inactive))
    })
}

/// §28: blocks, in one statement, every account not blocked that was not used since `cutoff`:
/// its last login before `login_cutoff` (the same moment, or earlier where the directory reports
/// logins late), and its last temporary password issued and its last password change before
/// `cutoff` — a reactivated account counts from its new issue. `note` marks this run's blocks;
/// returns the logins blocked, sorted.
pub async fn block_inactive(
    tx: &mut Tx,
    cutoff: DateTime<Utc>,
    login_cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
    note: &str,
) -> Result<TextList, sqlx::Error> {
    const BLOCK: Block = Block {
        set: "status = 'blocked', block_reason = 'inactivity', block_note = $3, blocked_at = $2, \
              password_sealed = NULL",
        filter: inactive_where!(),
    };
    let params = [
        Param::Time(cutoff),
        Param::Time(now),
        Param::Text(note),
        Param::Time(login_cutoff),
    ];
    let logins = on_backend!(tx, B, c => B::block_returning_logins(c, &BLOCK, &params).await)?;
    Ok(logins.sorted())
}

/// §30: blocks, in one statement, every account not blocked of a person whose last order in
/// effect on `on` is a dismissal (ranked as in `store::employees`). `note` marks this run's
/// blocks; returns the logins blocked, sorted.
pub async fn block_dismissed(
    tx: &mut Tx,
    on: NaiveDate,
    now: DateTime<Utc>,
    note: &str,
) -> Result<TextList, sqlx::Error> {
    const BLOCK: Block = Block {
        set: "status = 'blocked', block_reason = 'dismissal', block_note = $3, blocked_at = $2, \
              password_sealed = NULL",
        filter: dismissed_where!("$1"),
    };
    let params = [Param::Day(on), Param::Time(now), Param::Text(note)];
    let logins = on_backend!(tx, B, c => B::block_returning_logins(c, &BLOCK, &params).await)?;
    Ok(logins.sorted())
}

/// The end of a blocking job's writes, before its commit: SQLite's page cache, kept small by
/// the block and the audit record, back to the connection's own.
pub async fn end_block(tx: &mut Tx) -> Result<(), sqlx::Error> {
    match tx {
        Tx::Sqlite(c) => sqlx::query(crate::store::SQLITE_CACHE_PRAGMA)
            .execute(&mut **c)
            .await
            .map(|_| ()),
        Tx::Pg(_) => Ok(()),
    }
}

/// When the last successful pull from the directory finished (§28 refuses to act on an old one).
pub async fn last_pull(store: &Store) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on_pool!(store, p => sqlx::query_scalar("SELECT finished_at FROM directory_pull WHERE id = 1")
        .fetch_optional(p).await)
}
