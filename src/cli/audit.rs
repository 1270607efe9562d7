//! `skud audit list|verify`: the action log of §7 and its hash chain.

use super::output;
use crate::audit::{Problem, verify};
use crate::context::{Context, almaty};
use crate::exit::Exit;
use crate::i18n::tr;
use crate::store::audit as store;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List the newest records
    List {
        /// How many records (default 50; 0 for all)
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Check the chain: exit 0 when intact, 3 naming the first changed, removed or reordered record
    Verify,
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    match cmd {
        Cmd::List { limit } => {
            let records = store::list(&db, (limit > 0).then_some(limit)).await?;
            if ctx.json {
                output::json(&serde_json::json!({ "records": records }))?;
            } else {
                let l = ctx.lang;
                let header = [
                    "col-seq",
                    "col-at",
                    "col-actor",
                    "col-action",
                    "col-count",
                    "col-objects",
                ]
                .map(|k| tr!(l, k))
                .to_vec();
                let rows: Vec<Vec<String>> = records
                    .into_iter()
                    .map(|r| {
                        vec![
                            r.seq.to_string(),
                            r.at.with_timezone(&almaty())
                                .format("%d.%m.%Y %H:%M:%S")
                                .to_string(),
                            r.actor,
                            r.action,
                            r.count.to_string(),
                            r.objects,
                        ]
                    })
                    .collect();
                output::table(&header, &rows)?;
            }
            Ok(Exit::Ok)
        }
        Cmd::Verify => {
            let (records, (head_seq, head_hash)) = store::chain(&db).await?;
            let problem = verify(&records, (head_seq, &head_hash));
            let l = ctx.lang;
            let text = match &problem {
                None => tr!(
                    l,
                    "audit-intact",
                    n = records.len(),
                    seq = head_seq,
                    hash = head_hash.as_str()
                ),
                Some(Problem::Changed { seq }) => tr!(l, "audit-changed", seq = *seq),
                Some(Problem::RemovedBefore { seq }) => tr!(l, "audit-removed-before", seq = *seq),
                Some(Problem::Reordered { seq, follows }) => {
                    tr!(l, "audit-reordered", seq = *seq, follows = *follows)
                }
                Some(Problem::RemovedAtEnd { last_seq, head_seq }) => {
                    tr!(
                        l,
                        "audit-removed-at-end",
                        last = *last_seq,
                        head = *head_seq
                    )
                }
            };
            if ctx.json {
                output::json(&serde_json::json!({
                    "intact": problem.is_none(), "records": records.len(),
                    "head": { "seq": head_seq, "hash": head_hash }, "problem": problem, "message": text,
                }))?;
            } else {
                println!("{text}");
            }
            Ok(if problem.is_none() {
                Exit::Ok
            } else {
                Exit::Attention
            })
        }
    }
}
