//! `skud status`: the state at a glance — what waits on a person (§15, §22), what the next
//! night's jobs will block (§28, §30), how the jobs and the directory last ran, what is not yet
//! delivered, and the audit head. Reads only: the next night's blocks are counted with the
//! jobs' own conditions (`store::jobs`), without taking a write lock.

use crate::context::{Context, json_time};
use crate::store::{self, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// The state, and what in it needs a person.
#[derive(Debug, Serialize)]
pub struct Status {
    #[serde(serialize_with = "json_time::fixed")]
    pub as_of: DateTime<chrono::FixedOffset>,
    pub requests: Requests,
    pub tickets: Tickets,
    pub next_night: NextNight,
    pub jobs: Vec<JobLast>,
    pub directory: Directory,
    pub letters: Letters,
    pub credentials: Credentials,
    pub audit: AuditHead,
    /// What needs a person, as codes (empty: nothing; `skud status` exits 3 otherwise).
    pub attention: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Requests {
    pub pending: i64,
    /// Pending, due before the end of the as-of day (§22).
    pub due_today: i64,
    pub past_due: i64,
}

#[derive(Debug, Serialize)]
pub struct Tickets {
    pub open: i64,
    /// Open past the third calendar day (§15).
    pub past_due: i64,
}

/// What the next night's runs would block: the dismissals at 00:30 (§30), then inactivity at
/// 01:00 (§28), for the day after the as-of date.
#[derive(Debug, Serialize)]
pub struct NextNight {
    pub date: NaiveDate,
    pub dismissals: usize,
    /// None: the inactivity run would refuse, its directory data being stale (§28).
    pub inactivity: Option<usize>,
}

/// The last run of a job.
#[derive(Debug, Serialize)]
pub struct JobLast {
    pub job: String,
    /// None: never run here.
    pub outcome: Option<String>,
    #[serde(serialize_with = "json_time::option")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::option")]
    pub finished_at: Option<DateTime<Utc>>,
    pub as_of: Option<String>,
    pub counts: Option<serde_json::Value>,
    pub message: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Directory {
    pub configured: bool,
    #[serde(serialize_with = "json_time::option")]
    pub last_pull: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::option")]
    pub last_push: Option<DateTime<Utc>>,
    /// Older than `[ldap] max_pull_age_h`: the inactivity job refuses to act on it (§28).
    pub pull_stale: bool,
}

#[derive(Debug, Serialize)]
pub struct Letters {
    pub queued: i64,
    pub failed: i64,
}

#[derive(Debug, Serialize)]
pub struct Credentials {
    /// Rows of credentials files not yet written.
    pub queued: i64,
    /// Credentials files written that are still in place: each holds temporary passwords in
    /// clear until it is handed over and removed.
    pub files: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// Reads the state. `jobs` names the jobs whose last run is shown (in this order).
pub async fn status(ctx: &Context, db: &Store, jobs: &[&str]) -> anyhow::Result<Status> {
    let now = ctx.as_of.with_timezone(&Utc);
    let c = store::overview::counts(db, now, Context::end_of_day(ctx.today())).await?;
    let mut last = Vec::new();
    for job in jobs {
        let run = store::jobs::last_runs(db, job, 1).await?.into_iter().next();
        last.push(match run {
            Some(r) => JobLast {
                job: r.job,
                outcome: Some(r.outcome.unwrap_or_else(|| "running".into())),
                started_at: Some(r.started_at),
                finished_at: r.finished_at,
                as_of: Some(r.as_of),
                counts: r
                    .counts
                    .as_deref()
                    .and_then(|c| serde_json::from_str(c).ok()),
                message: r.message,
            },
            None => JobLast {
                job: (*job).to_owned(),
                outcome: None,
                started_at: None,
                finished_at: None,
                as_of: None,
                counts: None,
                message: None,
            },
        });
    }
    let pull_stale = ctx
        .config
        .max_pull_age_h()
        .is_some_and(|h| !crate::domain::inactivity::pull_fresh(c.last_pull, ctx.now, h));
    let next_night = next_night(ctx, db, pull_stale).await?;
    let files: Vec<String> = c
        .credentials_files
        .into_iter()
        .filter(|f| std::path::Path::new(f).exists())
        .collect();

    let mut attention = Vec::new();
    let mut need = |yes: bool, code: &'static str| {
        if yes {
            attention.push(code);
        }
    };
    need(c.requests_past_due > 0, "requests_past_due");
    need(c.requests_due_today > 0, "requests_due_today");
    need(c.tickets_past_due > 0, "tickets_past_due");
    need(
        last.iter().any(|j| {
            matches!(
                j.outcome.as_deref(),
                Some("failed" | "refused" | "interrupted")
            )
        }),
        "job_failed",
    );
    need(pull_stale, "pull_stale");
    need(c.letters_failed > 0, "letters_failed");
    need(!files.is_empty(), "credentials_files");
    Ok(Status {
        as_of: ctx.as_of,
        requests: Requests {
            pending: c.requests_pending,
            due_today: c.requests_due_today,
            past_due: c.requests_past_due,
        },
        tickets: Tickets {
            open: c.tickets_open,
            past_due: c.tickets_past_due,
        },
        next_night,
        jobs: last,
        directory: Directory {
            configured: ctx.config.ldap.is_some(),
            last_pull: c.last_pull,
            last_push: c.last_push,
            pull_stale,
        },
        letters: Letters {
            queued: c.letters_queued,
            failed: c.letters_failed,
        },
        credentials: Credentials {
            queued: c.credentials_queued,
            files,
        },
        audit: AuditHead {
            seq: c.audit_seq,
            hash: c.audit_hash,
        },
        attention,
    })
}

/// The next night's blocks, counted with the jobs' own conditions, reading only. A stale pull
/// means the inactivity run would refuse (§28): none counted then.
async fn next_night(ctx: &Context, db: &Store, pull_stale: bool) -> anyhow::Result<NextNight> {
    let night = ctx.next_night();
    let (_, cutoff, login_cutoff) = ctx.inactivity_cutoffs(night);
    let (dismissals, inactivity) =
        store::jobs::count_next_night(db, night, cutoff, login_cutoff).await?;
    Ok(NextNight {
        date: night,
        dismissals: dismissals as usize,
        inactivity: (!pull_stale).then_some(inactivity as usize),
    })
}
