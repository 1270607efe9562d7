//! `skud status`: the state at a glance (`app::status`), in the reader's language. Exit 3 when
//! something needs a person, so that it can be the morning cron mail.

use super::output;
use crate::app::status::Status;
use crate::context::{Context, local_time};
use crate::exit::Exit;
use crate::i18n::{Lang, tr};
use crate::jobs::Job;

pub async fn run(ctx: &Context) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let names = Job::ALL.map(Job::name);
    let s = crate::app::status::status(ctx, &db, &names).await?;
    if ctx.json {
        output::json(&s)?;
    } else {
        print!("{}", render(ctx.lang, &s));
    }
    Ok(if s.attention.is_empty() {
        Exit::Ok
    } else {
        Exit::Attention
    })
}

/// A job run's outcome in words.
pub fn outcome_text(lang: Lang, outcome: Option<&str>) -> String {
    tr!(lang, "job-outcome", outcome = outcome.unwrap_or("never"))
}

/// One line a job: its name, how its last run ended, when, and its message's first line.
fn job_lines(lang: Lang, s: &Status) -> Vec<String> {
    let width = s
        .jobs
        .iter()
        .map(|j| j.job.chars().count())
        .max()
        .unwrap_or(0);
    s.jobs
        .iter()
        .map(|j| {
            let mut text = format!(
                "  {:width$}  {}",
                j.job,
                outcome_text(lang, j.outcome.as_deref())
            );
            if let Some(at) = j.started_at {
                text.push_str(&format!("  {}", local_time(at)));
            }
            if let Some(m) = &j.message {
                text.push_str(&format!("  {}", m.lines().next().unwrap_or_default()));
            }
            text
        })
        .collect()
}

fn render(lang: Lang, s: &Status) -> String {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(local_time)
            .unwrap_or_else(|| tr!(lang, "status-never"))
    };
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(tr!(
        lang,
        "status-title",
        at = s.as_of.format("%d.%m.%Y %H:%M").to_string()
    ));
    line(tr!(
        lang,
        "status-requests",
        pending = s.requests.pending,
        today = s.requests.due_today,
        late = s.requests.past_due
    ));
    line(tr!(
        lang,
        "status-tickets",
        open = s.tickets.open,
        late = s.tickets.past_due
    ));
    line(tr!(
        lang,
        "status-next-night",
        night = s.next_night.date.format("%d.%m.%Y").to_string(),
        dismissals = s.next_night.dismissals,
        inactivity = match s.next_night.inactivity {
            Some(n) => n.to_string(),
            None => "—".to_owned(),
        }
    ));
    line(tr!(lang, "status-jobs"));
    for text in job_lines(lang, s) {
        line(text);
    }
    line(if s.directory.configured {
        tr!(
            lang,
            "status-directory",
            pull = when(s.directory.last_pull),
            push = when(s.directory.last_push),
            stale = if s.directory.pull_stale { "yes" } else { "no" }
        )
    } else {
        tr!(lang, "status-no-directory")
    });
    line(tr!(
        lang,
        "status-letters",
        queued = s.letters.queued,
        failed = s.letters.failed
    ));
    line(tr!(
        lang,
        "status-credentials",
        queued = s.credentials.queued,
        files = s.credentials.files.len()
    ));
    for f in &s.credentials.files {
        line(format!("  {f}"));
    }
    line(tr!(
        lang,
        "status-audit",
        seq = s.audit.seq,
        hash = s.audit.hash.chars().take(16).collect::<String>()
    ));
    if s.attention.is_empty() {
        line(tr!(lang, "status-all-well"));
    } else {
        let what: Vec<String> = s
            .attention
            .iter()
            .map(|code| tr!(lang, "status-attention-item", code = *code))
            .collect();
        line(tr!(lang, "status-attention", what = what.join("; ")));
    }
    out
}
