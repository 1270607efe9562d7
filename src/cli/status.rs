//! `skud status`: what needs a person now. Exit 3 when something does.

use super::output;
use crate::context::Context;
use crate::exit::Exit;
use crate::i18n::tr;

pub async fn run(ctx: &Context) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let overdue = crate::jobs::deadlines::overdue(ctx, &db).await?;
    let (undelivered, failed) = crate::store::deliveries::undelivered(&db).await?;
    let requests = overdue.iter().filter(|o| o.kind == "request").count();
    let tickets = overdue.len() - requests;
    let attention = !overdue.is_empty() || undelivered > 0 || failed > 0;
    if ctx.json {
        output::json(&serde_json::json!({
            "requests_overdue": requests,
            "tickets_overdue": tickets,
            "undelivered": undelivered,
            "mail_failed": failed,
            "attention": attention,
        }))?;
    } else {
        println!("requests overdue (§22): {requests}");
        println!("tickets overdue (§15): {tickets}");
        println!(
            "{}",
            tr!(
                ctx.lang,
                "mail-undelivered",
                queued = undelivered,
                failed = failed
            )
        );
    }
    Ok(if attention { Exit::Attention } else { Exit::Ok })
}
