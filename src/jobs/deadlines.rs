//! `deadlines` (§22): access requests still unanswered past their due moment — the end of the
//! third working day after receipt. Exit 3 when there are any.

use super::{Job, Report};
use crate::context::{Context, local_time};
use crate::exit::Exit;
use crate::store::{Store, requests};

pub async fn run(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let now = ctx.as_of.with_timezone(&chrono::Utc);
    let overdue = requests::list(db, Some("pending"), Some(now)).await?;
    let items: Vec<String> = overdue
        .iter()
        .map(|r| {
            crate::i18n::tr!(
                ctx.lang,
                "job-request-overdue",
                id = r.id,
                name =
                    crate::domain::order::full_name(&r.surname, &r.name, r.patronymic.as_deref()),
                received = local_time(r.received_at),
                due = local_time(r.due_at)
            )
        })
        .collect();
    let exit = if items.is_empty() {
        Exit::Ok
    } else {
        Exit::Attention
    };
    Ok(Report::new(
        Job::Deadlines,
        exit,
        serde_json::json!({ "requests_overdue": items.len() }),
        items,
    ))
}
