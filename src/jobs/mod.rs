//! The nightly jobs (DESIGN.md, "Jobs"): plain async functions, one module each, the same for
//! `skud jobs run NAME` (cron) and the daemon. [`run`] takes the job's lock — a lease row in
//! SQLite, an advisory lock in PostgreSQL — so that two daemons, or a daemon and a cron run,
//! never run one job at once; records the run; and returns what the job did.

pub mod backup;
pub mod block;
pub mod deadlines;
pub mod ldap_pull;
pub mod ldap_push;
pub mod mail;

use crate::context::Context;
use crate::domain::text_list::TextList;
use crate::exit::Exit;
use crate::store::locks::{self, Lock};
use crate::store::{self, Store};

/// A job, by the name cron and the schedule use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Job {
    /// §28: block accounts unused for more than 30 calendar days
    Inactivity,
    /// §30: block the accounts of dismissed staff
    Dismissals,
    /// §22, §15: report requests past their deadline
    Deadlines,
    /// §24, §28: read last logins and password changes from the directory
    LdapPull,
    /// §28-§30: send new accounts, blocks and reactivations to the directory
    LdapPush,
    /// §17.2: a consistent copy of the database, keeping the last N
    Backup,
    /// §22: hand the waiting reply letters to the [mail] relay
    Mail,
}

impl Job {
    pub const ALL: [Job; 7] = [
        Job::Inactivity,
        Job::Dismissals,
        Job::Deadlines,
        Job::LdapPull,
        Job::LdapPush,
        Job::Backup,
        Job::Mail,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Job::Inactivity => "inactivity",
            Job::Dismissals => "dismissals",
            Job::Deadlines => "deadlines",
            Job::LdapPull => "ldap-pull",
            Job::LdapPush => "ldap-push",
            Job::Backup => "backup",
            Job::Mail => "mail",
        }
    }
}

/// What a run did: its exit status, its counts (recorded with the run), the lines of its report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub job: Job,
    #[serde(skip)]
    pub exit: Exit,
    pub outcome: &'static str,
    pub counts: serde_json::Value,
    /// Logins blocked, requests overdue, files written: what the report lists.
    pub items: TextList,
    /// Why nothing was done (a refusal, a held lock).
    pub message: Option<String>,
    /// The deadlines passed (the deadlines job), also for `--out FILE.xlsx`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overdue: Vec<deadlines::Overdue>,
}

impl Report {
    pub fn new(
        job: Job,
        exit: Exit,
        counts: serde_json::Value,
        items: impl Into<TextList>,
    ) -> Report {
        Report {
            job,
            exit,
            outcome: outcome_of(exit),
            counts,
            items: items.into(),
            message: None,
            overdue: Vec::new(),
        }
    }

    pub fn refused(job: Job, exit: Exit, message: String) -> Report {
        Report {
            message: Some(message),
            ..Report::new(job, exit, serde_json::json!({}), Vec::new())
        }
    }
}

fn outcome_of(exit: Exit) -> &'static str {
    match exit {
        Exit::Ok => "ok",
        Exit::Attention => "attention",
        Exit::TryLater => "refused",
        Exit::Interrupted => "interrupted",
        Exit::Usage | Exit::Failed => "failed",
    }
}

/// Runs a job under its lock and records the run. A lock held by another run is exit 4 and
/// records nothing (that run records itself).
pub async fn run(ctx: &Context, db: &Store, job: Job) -> anyhow::Result<Report> {
    let host = hostname();
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("random source: {e}"))?;
    let holder = format!("{host}:{}:{}", std::process::id(), hex::encode(nonce));
    let now = crate::context::real_now();
    let Some(lock) = locks::try_hold(db, Lock::Job(job.name()), &holder, now).await? else {
        return Ok(Report::refused(
            job,
            Exit::TryLater,
            crate::i18n::tr!(ctx.lang, "job-busy", job = job.name()),
        ));
    };
    // The lease is renewed while the job runs; a killed process's lease runs out.
    let renewer = {
        let db = db.clone();
        let lease = lock.lease();
        tokio::spawn(async move {
            let Some(lease) = lease else {
                return;
            };
            loop {
                tokio::time::sleep(locks::LEASE_RENEW).await;
                if !matches!(
                    locks::renew(&db, &lease, crate::context::real_now()).await,
                    Ok(true)
                ) {
                    tracing::error!(
                        "the job's lease could not be renewed: another run may take the job"
                    );
                }
            }
        })
    };
    let result = recorded(ctx, db, job, &host).await;
    // Whatever happened, the lease stops being renewed and the lock is given back.
    renewer.abort();
    if let Err(e) = locks::release(db, lock).await {
        tracing::error!(job = job.name(), error = %e, "the job's lock could not be released (it expires)");
    }
    result
}

/// Runs the job between the records of its start and its end.
async fn recorded(ctx: &Context, db: &Store, job: Job, host: &str) -> anyhow::Result<Report> {
    let started = crate::context::real_now();
    let id = store::jobs::run_started(db, job.name(), ctx.today(), started, host).await?;
    tracing::info!(job = job.name(), as_of = %ctx.today(), "job started");
    let result = match job {
        Job::Inactivity => block::inactivity(ctx, db, id).await,
        Job::Dismissals => block::dismissals(ctx, db, id).await,
        Job::Deadlines => deadlines::run(ctx, db).await,
        Job::LdapPull => ldap_pull::job(ctx, db).await,
        Job::LdapPush => ldap_push::job(ctx, db).await,
        Job::Backup => backup::job(ctx, db).await,
        Job::Mail => mail::job(ctx, db).await,
    };
    let finished = crate::context::real_now();
    let (outcome, counts, message) = match &result {
        Ok(r) => (r.outcome, r.counts.clone(), r.message.clone()),
        Err(e) => (
            outcome_of(crate::app::exit_status::of(e)),
            serde_json::json!({}),
            Some(format!("{e:#}")),
        ),
    };
    // The job's own work is committed already: a failure to record its end is logged, not
    // turned into the job's failure.
    if let Err(e) =
        store::jobs::run_finished(db, id, finished, outcome, &counts, message.as_deref()).await
    {
        tracing::error!(job = job.name(), error = %e, "the end of the run could not be recorded");
    }
    tracing::info!(job = job.name(), outcome, counts = %counts,
        seconds = (finished - started).num_milliseconds() as f64 / 1000.0, "job finished");
    result
}

/// This machine's name, for the run records and the lease holder.
pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}
