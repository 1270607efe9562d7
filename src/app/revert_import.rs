//! `skud orders revert IMPORT_ID`: takes an orders import back, in one transaction with an
//! audit record, when nothing rests on it yet. What rests on an import: a request answered on
//! the basis of one of its orders (§23), and an account blocked for dismissal of a person it
//! dismisses (§30). Then it refuses, naming them: the
//! answer or the block would have to be undone first, by a request.

use crate::context::Context;
use crate::store::imports::{self, AnsweredRequest};
use crate::store::{Store, locks};
use anyhow::Context as _;
use serde::Serialize;

/// What `orders revert` did, or why it did nothing.
#[derive(Debug, Serialize)]
pub struct Report {
    pub import_id: i64,
    /// The import's orders removed (or that a dry run would remove).
    pub removed: u64,
    pub dry_run: bool,
}

/// Why an import cannot be reverted.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("no import {0} on record (skud orders list shows each order's import_id)")]
    Unknown(i64),
    #[error("import {id} is a {what} import, not of orders")]
    NotOrders { id: i64, what: String },
    #[error("import {id} was reverted already, at {at}")]
    Reverted { id: i64, at: String },
    #[error("import {id} cannot be reverted: {}", rests(.requests, .blocks))]
    RestedOn {
        id: i64,
        requests: Vec<AnsweredRequest>,
        blocks: Vec<String>,
    },
}

impl Refusal {
    /// The message in the reader's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        match self {
            Refusal::Unknown(id) => tr!(lang, "revert-unknown", id = id.to_string()),
            Refusal::NotOrders { id, what } => {
                tr!(lang, "revert-not-orders", id = *id, what = what.as_str())
            }
            Refusal::Reverted { id, at } => {
                tr!(lang, "revert-reverted", id = *id, at = at.as_str())
            }
            Refusal::RestedOn {
                id,
                requests,
                blocks,
            } => {
                let each: Vec<String> = requests
                    .iter()
                    .map(|r| {
                        tr!(
                            lang,
                            "revert-request-item",
                            id = r.id,
                            kind = tr!(lang, "value-request-kind", code = r.kind.as_str()),
                            iin = r.iin.as_str(),
                            no = r.basis_order_no.as_str()
                        )
                    })
                    .collect();
                tr!(
                    lang,
                    "revert-rested-on",
                    id = *id,
                    requests = if each.is_empty() {
                        "—".to_owned()
                    } else {
                        each.join(", ")
                    },
                    blocks = if blocks.is_empty() {
                        "—".to_owned()
                    } else {
                        blocks.join(", ")
                    }
                )
            }
        }
    }
}

fn rests(requests: &[AnsweredRequest], blocks: &[String]) -> String {
    let mut parts = Vec::new();
    if !requests.is_empty() {
        let each: Vec<String> = requests
            .iter()
            .map(|r| {
                format!(
                    "#{} ({}, IIN {}, order {})",
                    r.id, r.kind, r.iin, r.basis_order_no
                )
            })
            .collect();
        parts.push(format!(
            "requests answered on the basis of its orders: {}",
            each.join(", ")
        ));
    }
    if !blocks.is_empty() {
        parts.push(format!(
            "accounts blocked by its dismissals: {}",
            blocks.join(", ")
        ));
    }
    parts.join("; ")
}

/// Reverts an import (a dry run checks and counts, and writes nothing).
pub async fn run(ctx: &Context, store: &Store, id: i64, dry_run: bool) -> anyhow::Result<Report> {
    let mut tx = store.begin().await.context("cannot start a transaction")?;
    // One import or revert at a time: a revert never meets a load half-way. And no answer
    // commits between its checks and its removal (the access lock, which answers take).
    locks::hold_for(&mut tx, locks::Lock::Import).await?;
    locks::hold_for(&mut tx, locks::Lock::Access).await?;
    let Some(import) = imports::find(&mut tx, id).await? else {
        // A wrong number on the command line: a usage error (exit 2).
        return Err(crate::exit::UsageError(Refusal::Unknown(id).text(ctx.lang)).into());
    };
    if import.what != "orders" {
        return Err(Refusal::NotOrders {
            id,
            what: import.what,
        }
        .into());
    }
    if let Some(at) = import.reverted_at {
        let at = crate::context::local_time(at);
        return Err(Refusal::Reverted { id, at }.into());
    }
    let requests = imports::requests_resting_on(&mut tx, id).await?;
    let blocks = imports::blocks_resting_on(&mut tx, id).await?;
    if !requests.is_empty() || !blocks.is_empty() {
        return Err(Refusal::RestedOn {
            id,
            requests,
            blocks,
        }
        .into());
    }
    let removed = imports::revert(&mut tx, id, ctx.now).await?;
    let entry = ctx.audit_entry(
        if dry_run { "orders.revert.dry-run" } else { "orders.revert" },
        serde_json::json!({ "import_id": id }),
        removed as i64,
        serde_json::json!({ "removed": removed, "imported_at": import.started_at.to_rfc3339(), "imported_by": import.admin }),
    );
    crate::store::audit::append(&mut tx, &entry).await?;
    if dry_run {
        tx.rollback()
            .await
            .context("cannot roll back the dry run")?;
    } else {
        tx.commit().await.context("cannot commit the revert")?;
    }
    Ok(Report {
        import_id: id,
        removed,
        dry_run,
    })
}
