//! The blocking jobs: `inactivity` (§28) and `dismissals` (§30). Each is one set-based
//! statement in one transaction with its audit record; the blocks reach the directory with the
//! next `ldap sync --push`. Idempotent: a second run for the same date finds nothing to block.

use super::{Job, Report};
use crate::context::Context;
use crate::domain::inactivity::pull_fresh;
use crate::domain::text_list::TextList;
use crate::exit::Exit;
use crate::i18n::tr;
use crate::store::{self, Store};

/// §28: accounts last used (or, never used, issued) more than thirty calendar days before the
/// as-of date. Refuses to act on stale data: where a directory is configured, its last
/// successful pull must be younger than `[ldap] max_pull_age_h`.
pub async fn inactivity(ctx: &Context, db: &Store, run: i64) -> anyhow::Result<Report> {
    if let Some(max_h) = ctx.config.max_pull_age_h() {
        let last = store::jobs::last_pull(db).await?;
        if !pull_fresh(last, ctx.now, max_h) {
            let last = last.map_or_else(|| "never".to_owned(), crate::context::rfc3339);
            return Ok(Report::refused(
                Job::Inactivity,
                Exit::TryLater,
                tr!(ctx.lang, "job-stale-pull", last = last, hours = max_h),
            ));
        }
    }
    let (cutoff_day, cutoff, login_cutoff) = ctx.inactivity_cutoffs(ctx.today());
    let mut tx = db.begin().await?;
    let at = ctx.as_of.with_timezone(&chrono::Utc);
    let logins = store::jobs::block_inactive(&mut tx, cutoff, login_cutoff, at, &note(run)).await?;
    finish(
        ctx,
        tx,
        Job::Inactivity,
        logins,
        serde_json::json!({ "unused_before": cutoff_day }),
    )
    .await
}

/// §30: every account of a person whose last order in effect on the as-of date is a dismissal.
pub async fn dismissals(ctx: &Context, db: &Store, run: i64) -> anyhow::Result<Report> {
    let mut tx = db.begin().await?;
    let at = ctx.as_of.with_timezone(&chrono::Utc);
    let logins = store::jobs::block_dismissed(&mut tx, ctx.today(), at, &note(run)).await?;
    finish(ctx, tx, Job::Dismissals, logins, serde_json::json!({})).await
}

/// The note of a job's blocks: which run made them (`skud jobs list`).
fn note(run: i64) -> String {
    format!("job run {run}")
}

async fn finish(
    ctx: &Context,
    mut tx: store::Tx,
    job: Job,
    logins: TextList,
    mut details: serde_json::Value,
) -> anyhow::Result<Report> {
    if !logins.is_empty() {
        if let Some(m) = details.as_object_mut() {
            m.insert("reason".into(), job.name().into());
        }
        let entry = ctx.audit_entry(
            &format!("job.{}", job.name()),
            serde_json::Value::Null,
            logins.len() as i64,
            details,
        );
        // `{"blocked":[…every login…]}`, written as text (the same bytes as the value). The
        // list itself is let go while the record is written (the driver and SQLite copy it
        // twice more: the job's peak memory), and read back from it for the report.
        let mut objects = Vec::with_capacity(logins.text_bytes() + 3 * logins.len() + 16);
        serde_json::to_writer(&mut objects, &Blocked { blocked: logins })?;
        let objects = String::from_utf8(objects)?;
        store::audit::append_with_objects(&mut tx, &entry, &objects).await?;
        store::jobs::end_block(&mut tx).await?;
        tx.commit().await?;
        let logins = serde_json::from_str::<Blocked>(&objects)?.blocked;
        return Ok(report(job, logins));
    }
    store::jobs::end_block(&mut tx).await?;
    tx.commit().await?;
    Ok(report(job, logins))
}

/// A blocking job's report: the logins blocked.
fn report(job: Job, logins: TextList) -> Report {
    let exit = if logins.is_empty() {
        Exit::Ok
    } else {
        Exit::Attention
    };
    Report::new(
        job,
        exit,
        serde_json::json!({ "blocked": logins.len() }),
        logins,
    )
}

/// The objects of a blocking job's audit record.
#[derive(serde::Serialize, serde::Deserialize)]
struct Blocked {
    blocked: TextList,
}
