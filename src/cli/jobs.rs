//! `skud jobs run NAME` (one run, for cron), `skud jobs list`, and `skud backup --out FILE`.

use super::output;
use crate::context::Context;
use crate::exit::Exit;
use crate::i18n::tr;
use crate::jobs::{self, Job};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Run one job now, under its lock, for the as-of date (--as-of; default today)
    #[command(
        after_help = "Exit status 0: done, nothing to report; 3: done, and it blocked \
accounts or found deadlines passed (listed); 4: not run now: another run holds the job's lock, \
or the data is stale (inactivity after an old LDAP pull), or the directory is unreachable; \
1/2: failed."
    )]
    Run {
        #[arg(value_enum)]
        job: Job,
        /// On a day off of Kazakhstan's calendar, do not run (exit 0): for deadlines from cron
        #[arg(long)]
        working_days_only: bool,
        /// deadlines: also write the report as an XLSX sheet (in --lang; mode 0640)
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
        /// Replace the --out file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Each job's schedule (the daemon's) and last runs: when, for which date, how it ended,
    /// what it did
    List {
        /// How many runs of each job
        #[arg(long, default_value_t = 3)]
        last: i64,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    match cmd {
        Cmd::Run {
            job,
            working_days_only,
            out,
            force,
        } => run_job(ctx, &db, job, working_days_only, out, force).await,
        Cmd::List { last } => list(ctx, &db, last).await,
    }
}

/// `skud jobs run JOB`.
async fn run_job(
    ctx: &Context,
    db: &crate::store::Store,
    job: Job,
    working_days_only: bool,
    out: Option<PathBuf>,
    force: bool,
) -> anyhow::Result<Exit> {
    let rules = crate::files::Rules::report("deadlines", force);
    if let Some(path) = &out {
        crate::files::check(path, &rules)?;
    }
    if out.is_some() && job != Job::Deadlines {
        return Err(crate::exit::UsageError(
            "--out writes the deadlines report: use it with `jobs run deadlines`".into(),
        )
        .into());
    }
    if working_days_only && !ctx.calendar()?.is_working_day(ctx.today()) {
        if !ctx.quiet {
            let day = ctx.today().format("%d.%m.%Y").to_string();
            eprintln!(
                "{}",
                tr!(ctx.lang, "job-day-off", job = job.name(), day = day)
            );
        }
        return Ok(Exit::Ok);
    }
    let report = jobs::run(ctx, db, job).await?;
    // A refused run (the lock held) has no report: the last good sheet is kept.
    if let Some(path) = out.as_ref().filter(|_| report.exit != Exit::TryLater) {
        crate::files::save_with(path, &rules, |tmp| {
            crate::export::deadlines::write(ctx.lang, ctx.as_of, &report.overdue, tmp)
        })?;
    }
    print_report(ctx, &report)?;
    Ok(report.exit)
}

/// `skud jobs list`: the schedule, then each job's last runs.
async fn list(ctx: &Context, db: &crate::store::Store, last: i64) -> anyhow::Result<Exit> {
    let schedule = crate::daemon::load_schedule(ctx, None)?;
    let mut all = Vec::new();
    for job in Job::ALL {
        all.extend(crate::store::jobs::last_runs(db, job.name(), last.max(1)).await?);
    }
    if ctx.json {
        let planned: Vec<serde_json::Value> = schedule
            .iter()
            .map(|s| {
                serde_json::json!({ "job": s.job.name(), "cron": s.cron,
                "working_days_only": s.working_days_only })
            })
            .collect();
        output::json(&serde_json::json!({ "schedule": planned, "runs": all }))?;
        return Ok(Exit::Ok);
    }
    let l = ctx.lang;
    let header: Vec<String> = ["col-job", "col-schedule", "col-working-days-only"]
        .map(|k| tr!(l, k))
        .to_vec();
    let rows: Vec<Vec<String>> = schedule
        .iter()
        .map(|s| {
            vec![
                s.job.name().to_owned(),
                s.cron.clone(),
                if s.working_days_only {
                    tr!(l, "word-yes")
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    output::table(&header, &rows)?;
    println!();
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            let seconds = r.finished_at.map(|f| {
                format!(
                    "{:.1}",
                    (f - r.started_at).num_milliseconds() as f64 / 1000.0
                )
            });
            vec![
                r.job.clone(),
                r.as_of.clone(),
                crate::context::local_time(r.started_at),
                seconds.unwrap_or_else(|| "-".into()),
                super::status::outcome_text(l, Some(r.outcome.as_deref().unwrap_or("running"))),
                r.counts.clone().unwrap_or_default(),
                r.message.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header: Vec<String> = [
        "col-job",
        "col-as-of",
        "col-started",
        "col-seconds",
        "col-outcome",
        "col-counts",
        "col-message",
    ]
    .map(|k| tr!(l, k))
    .to_vec();
    output::table(&header, &rows)?;
    Ok(Exit::Ok)
}

/// A job's report: one summary line, then what it lists (logins blocked, requests overdue).
pub fn print_report(ctx: &Context, r: &jobs::Report) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(r);
    }
    if let Some(m) = &r.message {
        eprintln!("{m}");
    }
    // Half a million logins blocked: one write per buffer, not per line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "{}",
        tr!(
            ctx.lang,
            "job-summary",
            job = r.job.name(),
            outcome = r.outcome,
            counts = r.counts.to_string()
        )
    )?;
    for item in r.items.iter() {
        writeln!(out, "  {item}")?;
    }
    out.flush()?;
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `skud backup --out FILE`: one consistent copy of the database (§17.2).
pub async fn backup(ctx: &Context, a: BackupArgs) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let bytes = jobs::backup::copy_to(ctx, &db, &a.out).await?;
    if ctx.json {
        output::json(&serde_json::json!({ "file": a.out, "bytes": bytes }))?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "backup-written",
                file = a.out.display().to_string(),
                bytes = bytes
            )
        );
    }
    Ok(Exit::Ok)
}
