//! `deadlines` (§22, §15): access requests still unanswered past their due moment — the end of
//! the third working day after receipt — and support tickets still open past theirs — the end
//! of the third calendar day after submission. Exit 3 when there are any.

use super::{Job, Report};
use crate::context::{Context, local_time};
use crate::exit::Exit;
use crate::store::{Store, requests};

pub async fn run(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let now = ctx.as_of.with_timezone(&chrono::Utc);
    let overdue = requests::list(db, Some("pending"), Some(now)).await?;
    let mut items: Vec<String> = overdue
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
    let requests_overdue = items.len();
    let tickets = crate::store::tickets::list(db, true, Some(now)).await?;
    items.extend(tickets.iter().map(|t| {
        crate::i18n::tr!(
            ctx.lang,
            "job-ticket-overdue",
            id = t.id,
            name = t.full_name.as_str(),
            submitted = local_time(t.submitted_at),
            due = local_time(t.due_at)
        )
    }));
    let exit = if items.is_empty() {
        Exit::Ok
    } else {
        Exit::Attention
    };
    let counts = serde_json::json!({ "requests_overdue": requests_overdue, "tickets_overdue": tickets.len() });
    Ok(Report::new(Job::Deadlines, exit, counts, items))
}
