//! `skud daemon`: the nightly jobs on their schedule (`jobs/default.toml`, or the file of
//! `--jobs` / `[daemon] jobs`), with croner (one sleeping ticker per job), in Asia/Almaty.
//!
//! One cron engine, croner: it checks the schedule's expressions, finds each job's next slot
//! (and, for catching up, its last one) in Asia/Almaty, computed afresh for every slot, so a
//! change of the zone's offset is followed (Almaty has been UTC+5 without daylight saving since
//! 1 March 2024; a unit test checks the zone). Around it:
//! - The tickers only say "it is time"; the jobs run one after another on one runner task,
//!   each under its lock (a lease row in SQLite, an advisory lock in PostgreSQL), so a job
//!   never runs twice at once here, in a cron run, or on another machine.
//! - It keeps no record of missed runs: the runs are in skud's database (`job_runs`), and with
//!   `[daemon] catch_up = true` a job whose last scheduled moment passed without a run (the
//!   machine was off at 01:00) is queued once at start-up.
//! - A slot that comes while the same job still waits in the queue is not queued twice.
//! - Nothing is reloaded implicitly: a changed schedule or configuration takes a restart.
//! - SIGTERM or SIGINT: no new run starts; a running job finishes (its transaction commits),
//!   then the process exits 0.
//!
//! The database is opened for each run and closed after it, so the daemon holds no connection
//! (and no page cache) while it waits.

use crate::context::Context;
use crate::exit::{Exit, UsageError};
use crate::jobs::{self, Job};
use chrono::{DateTime, Utc};
use std::path::Path;

/// The shipped schedule.
pub const DEFAULT_SCHEDULE: &str = include_str!("../jobs/default.toml");

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "job", default)]
    jobs: Vec<Entry>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    cron: String,
    #[serde(default)]
    working_days_only: bool,
}

/// One scheduled job.
#[derive(Debug, Clone)]
pub struct Scheduled {
    pub job: Job,
    pub cron: String,
    pub working_days_only: bool,
    parsed: croner::Cron,
}

fn parser() -> croner::parser::CronParser {
    // Seconds required; a day of month and a day of week both must match.
    croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Required)
        .dom_and_dow(true)
        .build()
}

/// Reads and checks a schedule: known job names, valid cron expressions, no job twice.
pub fn parse_schedule(text: &str, origin: &str) -> Result<Vec<Scheduled>, UsageError> {
    let file: File =
        toml::from_str(text).map_err(|e| UsageError(format!("{origin}: {}", e.message())))?;
    let lang = crate::i18n::Lang::display();
    let mut out: Vec<Scheduled> = Vec::new();
    for e in file.jobs {
        let job = Job::ALL
            .into_iter()
            .find(|j| j.name() == e.name)
            .ok_or_else(|| {
                let names: Vec<&str> = Job::ALL.iter().map(|j| j.name()).collect();
                UsageError(crate::i18n::tr!(
                    lang,
                    "schedule-unknown-job",
                    origin = origin,
                    job = e.name.as_str(),
                    jobs = names.join(", ")
                ))
            })?;
        if out.iter().any(|s| s.job == job) {
            return Err(UsageError(crate::i18n::tr!(
                lang,
                "schedule-twice",
                origin = origin,
                job = e.name.as_str()
            )));
        }
        let parsed = parser().parse(&e.cron).map_err(|err| {
            UsageError(crate::i18n::tr!(
                lang,
                "schedule-bad-cron",
                origin = origin,
                job = e.name.as_str(),
                cron = e.cron.as_str(),
                error = err.to_string()
            ))
        })?;
        out.push(Scheduled {
            job,
            cron: e.cron,
            working_days_only: e.working_days_only,
            parsed,
        });
    }
    if out.is_empty() {
        return Err(UsageError(crate::i18n::tr!(
            lang,
            "schedule-empty",
            origin = origin
        )));
    }
    Ok(out)
}

/// The schedule of `--jobs`, else `[daemon] jobs`, else the shipped one.
pub fn load_schedule(ctx: &Context, flag: Option<&Path>) -> Result<Vec<Scheduled>, UsageError> {
    let path = flag
        .map(Path::to_path_buf)
        .or_else(|| ctx.config.daemon.as_ref().and_then(|d| d.jobs.clone()));
    match path {
        None => parse_schedule(DEFAULT_SCHEDULE, "jobs/default.toml (built in)"),
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| UsageError(format!("{}: {e}", p.display())))?;
            parse_schedule(&text, &p.display().to_string())
        }
    }
}

impl Scheduled {
    /// The first scheduled moment after `now`.
    fn next(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&chrono_tz::Asia::Almaty);
        self.parsed
            .find_next_occurrence(&local, false)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    /// The last scheduled moment at or before `now` (for catching up).
    fn previous(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&chrono_tz::Asia::Almaty);
        self.parsed
            .find_previous_occurrence(&local, true)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// A context for one run: the moment is the clock's, now.
fn run_context(ctx: &Context) -> Context {
    let mut c = ctx.clone();
    c.now = crate::context::real_now();
    c.as_of = crate::context::in_almaty(&c.now);
    c
}

/// Runs one job now (skipped on a day off when it runs on working days only), logging how it
/// went. The database is opened for the run and closed after it.
async fn run_one(ctx: &Context, s: &Scheduled) {
    let ctx = run_context(ctx);
    if s.working_days_only {
        match ctx.calendar() {
            Ok(cal) if !cal.is_working_day(ctx.today()) => {
                tracing::info!(job = s.job.name(), day = %ctx.today(), "a day off: not run");
                return;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(job = s.job.name(), error = %format!("{e:#}"), "not run");
                return;
            }
        }
    }
    let db = match crate::app::open::open(&ctx).await {
        Ok((db, _)) => db,
        Err(e) => {
            tracing::error!(job = s.job.name(), error = %format!("{e:#}"), "database");
            return;
        }
    };
    // jobs::run logs the start and the end of each run with its counts.
    match jobs::run(&ctx, &db, s.job).await {
        Ok(r) => {
            if let Some(m) = &r.message {
                tracing::warn!(job = s.job.name(), outcome = r.outcome, "{m}");
            }
            for item in r.items.iter().take(1000) {
                tracing::info!(job = s.job.name(), "{item}");
            }
        }
        Err(e) => tracing::error!(job = s.job.name(), error = %format!("{e:#}"), "failed"),
    }
    db.close().await;
}

/// `skud daemon`.
pub async fn run(ctx: &Context, schedule: Vec<Scheduled>) -> anyhow::Result<Exit> {
    use tokio::signal::unix::{SignalKind, signal};
    if ctx.as_of_source != crate::context::Source::Default {
        return Err(UsageError(crate::i18n::tr!(ctx.lang, "daemon-as-of")).into());
    }
    let schedule = runnable(ctx, schedule);
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let (queue, mut due) = Queue::new(schedule.len());
    let tickers = start_tickers(&schedule, &queue);
    catch_up(ctx, &schedule, &queue).await?;
    tracing::info!(pid = std::process::id(), "skud daemon started");
    loop {
        tokio::select! {
            biased;
            _ = term.recv() => { tracing::info!("SIGTERM: stopping"); break; }
            _ = int.recv() => { tracing::info!("SIGINT: stopping"); break; }
            Some(i) = due.recv() => {
                queue.taken(i);
                // Runs to the end: a signal that comes meanwhile is taken after it.
                run_one(ctx, &schedule[i]).await;
            }
        }
    }
    for t in tickers {
        t.abort();
    }
    tracing::info!("skud daemon stopped");
    Ok(Exit::Ok)
}

/// The jobs that can run here: the directory's are left out, and said so once, without
/// `[ldap]`.
fn runnable(ctx: &Context, schedule: Vec<Scheduled>) -> Vec<Scheduled> {
    schedule
        .into_iter()
        .filter(|s| {
            let skip = matches!(s.job, Job::LdapPull | Job::LdapPush) && ctx.config.ldap.is_none();
            if skip {
                tracing::info!(
                    job = s.job.name(),
                    "not scheduled: no [ldap] in the configuration"
                );
            }
            !skip
        })
        .collect()
}

/// The jobs due, in order; a slot that comes while the same job is still queued is not queued
/// again (one flag per job).
#[derive(Clone)]
struct Queue {
    send: tokio::sync::mpsc::Sender<usize>,
    queued: std::sync::Arc<Vec<std::sync::atomic::AtomicBool>>,
}

impl Queue {
    fn new(jobs: usize) -> (Queue, tokio::sync::mpsc::Receiver<usize>) {
        let (send, due) = tokio::sync::mpsc::channel::<usize>(64);
        let flags = (0..jobs)
            .map(|_| std::sync::atomic::AtomicBool::new(false))
            .collect();
        let queued = std::sync::Arc::new(flags);
        (Queue { send, queued }, due)
    }

    fn enqueue(&self, i: usize) {
        use std::sync::atomic::Ordering;
        if !self.queued[i].swap(true, Ordering::SeqCst) && self.send.try_send(i).is_err() {
            self.queued[i].store(false, Ordering::SeqCst);
        }
    }

    /// The job left the queue (it runs now).
    fn taken(&self, i: usize) {
        self.queued[i].store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// One ticker per job on croner, the one cron engine: it sleeps until the job's next slot
/// (Asia/Almaty), queues it, and goes on.
fn start_tickers(schedule: &[Scheduled], queue: &Queue) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tickers = Vec::new();
    for (i, s) in schedule.iter().enumerate() {
        let (queue, s2) = (queue.clone(), s.clone());
        tickers.push(tokio::spawn(async move {
            while let Some(slot) = s2.next(crate::context::real_now()) {
                let wait = (slot - crate::context::real_now())
                    .to_std()
                    .unwrap_or_default();
                tokio::time::sleep(wait).await;
                queue.enqueue(i);
            }
        }));
        tracing::info!(
            job = s.job.name(),
            cron = s.cron.as_str(),
            working_days_only = s.working_days_only,
            "scheduled"
        );
    }
    tickers
}

/// Catches up once on slots missed while the daemon was not running (`[daemon] catch_up`):
/// queued like any slot, so signals and the slots that come meanwhile are handled as usual.
async fn catch_up(ctx: &Context, schedule: &[Scheduled], queue: &Queue) -> anyhow::Result<()> {
    let catch_up = ctx.config.daemon.as_ref().and_then(|d| d.catch_up);
    if !catch_up.unwrap_or(false) {
        return Ok(());
    }
    let db = crate::app::open::open(ctx).await?.0;
    for (i, s) in schedule.iter().enumerate() {
        let last = crate::store::jobs::last_runs(&db, s.job.name(), 1).await?;
        let last = last.first().map(|r| r.started_at);
        if let Some(slot) = s.previous(crate::context::real_now())
            && last.is_none_or(|l| l < slot)
        {
            tracing::info!(job = s.job.name(), "catching up on a missed run");
            queue.enqueue(i);
        }
    }
    db.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};

    #[test]
    fn the_shipped_schedule_parses() {
        let s = parse_schedule(DEFAULT_SCHEDULE, "default").unwrap();
        let names: Vec<&str> = s.iter().map(|s| s.job.name()).collect();
        assert_eq!(
            names,
            [
                "ldap-pull",
                "ldap-push",
                "dismissals",
                "inactivity",
                "backup",
                "deadlines",
                "mail"
            ]
        );
        assert!(
            s.iter()
                .find(|s| s.job == Job::Deadlines)
                .unwrap()
                .working_days_only
        );
        // Inactivity at 01:00 Almaty is 20:00 UTC the day before.
        let inactivity = s.iter().find(|s| s.job == Job::Inactivity).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap();
        assert_eq!(
            inactivity.previous(now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 22, 20, 0, 0).unwrap()
        );
    }

    #[test]
    fn bad_schedules_are_refused() {
        let bad = |t: &str| parse_schedule(t, "f").unwrap_err().0;
        // In the reader's language: the parts every language keeps are checked.
        assert!(bad("[[job]]\nname = \"nightly\"\ncron = \"0 0 1 * * *\"\n").contains("«nightly»"));
        assert!(bad("[[job]]\nname = \"backup\"\ncron = \"0 1 * * *\"\n").contains("«0 1 * * *»"));
        assert!(
            bad("[[job]]\nname = \"backup\"\ncron = \"0 0 2 * * *\"\nwhen = 1\n").contains("when")
        );
        assert!(bad("").contains("[[job]]"));
        let twice = "[[job]]\nname = \"backup\"\ncron = \"0 0 2 * * *\"\n";
        assert!(bad(&format!("{twice}{twice}")).contains("«backup»"));
    }

    /// The scheduler keeps the offset a zone had when the job was made: Almaty must be +05,
    /// without daylight saving, from 1 March 2024 (tzdata 2024a).
    #[test]
    fn almaty_is_utc_plus_5_all_year() {
        for (y, m) in [(2024, 3), (2025, 1), (2025, 7), (2026, 11)] {
            let t = Utc.with_ymd_and_hms(y, m, 2, 0, 0, 0).unwrap();
            let off = chrono_tz::Asia::Almaty
                .offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc();
            assert_eq!(off, 5 * 3600, "{y}-{m}");
        }
    }
}
