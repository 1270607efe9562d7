//! `deadlines` (§22, §15): access requests still unanswered past their due moment — the end of
//! the third working day after receipt — and support tickets still open past theirs — the end
//! of the third calendar day after submission. Exit 3 when there are any.

use super::{Job, Report};
use crate::context::{Context, local_time};
use crate::domain::request::RequestStatus;
use crate::exit::Exit;
use crate::store::{Store, requests, tickets};
use chrono::Utc;

pub use crate::export::deadlines::Overdue;

pub async fn overdue(ctx: &Context, db: &Store) -> anyhow::Result<Vec<Overdue>> {
    let now = ctx.as_of.with_timezone(&Utc);
    let mut out: Vec<Overdue> = requests::list(
        db,
        &requests::Filter {
            status: Some(RequestStatus::Pending),
            overdue_at: Some(now),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .map(|r| Overdue {
        kind: "request",
        id: r.id,
        name: crate::domain::order::full_name(&r.surname, &r.name, r.patronymic.as_deref()),
        since: r.received_at,
        due: r.due_at,
    })
    .collect();
    out.extend(
        tickets::list(db, true, Some(now), None)
            .await?
            .into_iter()
            .map(|t| Overdue {
                kind: "ticket",
                id: t.id,
                name: t.full_name,
                since: t.submitted_at,
                due: t.due_at,
            }),
    );
    Ok(out)
}

pub async fn run(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let rows = overdue(ctx, db).await?;
    let items: Vec<String> = rows
        .iter()
        .map(|o| {
            let key = if o.kind == "request" {
                "job-request-overdue"
            } else {
                "job-ticket-overdue"
            };
            crate::i18n::tr!(
                ctx.lang,
                key,
                id = o.id,
                name = o.name.as_str(),
                received = local_time(o.since),
                submitted = local_time(o.since),
                due = local_time(o.due)
            )
        })
        .collect();
    let requests = rows.iter().filter(|o| o.kind == "request").count();
    // §22: an answer is given when it reaches the applicant; what is not delivered is reported.
    let (undelivered, failed) = crate::store::deliveries::undelivered(db).await?;
    let mut items = items;
    if undelivered > 0 || failed > 0 {
        items.push(crate::i18n::tr!(
            ctx.lang,
            "mail-undelivered",
            queued = undelivered,
            failed = failed
        ));
    }
    let exit = if rows.is_empty() && undelivered == 0 && failed == 0 {
        Exit::Ok
    } else {
        Exit::Attention
    };
    let counts = serde_json::json!({ "requests_overdue": requests,
        "tickets_overdue": rows.len() - requests, "undelivered": undelivered, "mail_failed": failed });
    let mut report = Report::new(Job::Deadlines, exit, counts, items);
    report.overdue = rows;
    Ok(report)
}
