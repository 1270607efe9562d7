//! `mail` (§22): hands the reply letters still waiting to the `[mail]` relay, and delivers the
//! credentials files and outbox letters a stopped run left open. A relay that is down is exit 4
//! (the letters wait for the next run); a letter refused for good is exit 3.

use super::{Job, Report};
use crate::context::Context;
use crate::store::Store;

pub async fn job(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let d = crate::app::deliver::run(ctx, db, true).await?;
    if let Some(m) = &d.misconfigured {
        return Err(crate::exit::UsageError(m.clone()).into());
    }
    let exit = d.exit();
    let counts = serde_json::json!({ "sent": d.sent, "failed": d.failed.len(),
        "waiting": d.waiting, "files": d.credentials.len() + d.letters.len() });
    let mut items: Vec<String> = d.failed.clone();
    items.extend(d.credentials.iter().cloned());
    items.extend(d.cleaned.iter().cloned());
    let mut report = Report::new(Job::Mail, exit, counts, items);
    report.message = d.later;
    Ok(report)
}
