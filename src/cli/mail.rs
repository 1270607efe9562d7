//! `skud mail send` (deliver the reply letters, §22) and `skud mail list`.

use super::output;
use crate::app::deliver;
use crate::context::Context;
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::store::deliveries::{self, Channel};

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Hand the waiting reply letters to the [mail] relay (and write the credentials files and
    /// outbox letters a stopped run left undelivered)
    #[command(
        after_help = "Each letter is sent once, with a stable Message-ID; the relay's reply is \
recorded. Exit status 0: everything delivered; 3: the relay refused a letter for good (5xx: a \
bad address; see `mail list --failed`); 4: the relay is down or answered 4xx: the letters wait \
for the next run; 2: [mail] is missing or wrong."
    )]
    Send {
        /// Show what would be delivered, deliver nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// The letters and what became of them
    List {
        /// Only the letters the relay refused for good
        #[arg(long)]
        failed: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    match cmd {
        Cmd::Send { dry_run } => {
            if crate::mail::Relay::from_config(ctx.config.mail.as_ref())?.is_none() {
                return Err(UsageError(
                    "no [mail] relay is configured: set [mail] relay = \"smtp://HOST:587\" (or write letters with --outbox DIR)".into(),
                )
                .into());
            }
            if dry_run {
                let open = deliveries::open(&db, Channel::Smtp).await?;
                if ctx.json {
                    output::json(&serde_json::json!({ "waiting": open.len(), "dry_run": true }))?;
                } else {
                    for o in &open {
                        println!(
                            "{}\trequest {}\t{}\t{}",
                            o.id, o.request_id, o.what, o.target
                        );
                    }
                    output::dry_run_note(ctx.lang);
                }
                return Ok(Exit::Ok);
            }
            let d = deliver::run(ctx, &db, true).await?;
            if let Some(m) = &d.misconfigured {
                super::answer::print_delivered(ctx, &d);
                return Err(UsageError(m.clone()).into());
            }
            if ctx.json {
                output::json(&d)?;
            } else {
                if d.sent == 0 && d.failed.is_empty() && d.later.is_none() {
                    eprintln!("{}", tr!(ctx.lang, "mail-nothing"));
                }
                super::answer::print_delivered(ctx, &d);
            }
            Ok(d.exit())
        }
        Cmd::List { failed } => {
            let rows = deliveries::list(&db, failed).await?;
            if ctx.json {
                output::json(&serde_json::json!({ "letters": rows }))?;
            } else {
                for r in &rows {
                    println!(
                        "{}\trequest {}\t{}\t{}\t{}\t{}\t{}",
                        r.id,
                        r.request_id,
                        r.what,
                        r.target,
                        r.state,
                        r.message_id.as_deref().unwrap_or(""),
                        r.reply.as_deref().unwrap_or("")
                    );
                }
            }
            Ok(if failed && !rows.is_empty() {
                Exit::Attention
            } else {
                Exit::Ok
            })
        }
    }
}
