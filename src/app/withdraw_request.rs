//! `skud requests withdraw ID`: a pending request taken back (its sender withdrew it, or it was
//! entered by mistake). It is never answered: no account changes, no letter, and the deadline
//! of §22 no longer runs. One transaction with its audit record, under the access lock, so that
//! it cannot cross an answering run.

use crate::context::Context;
use crate::domain::request::RequestStatus;
use crate::store::{self, locks};
use serde::Serialize;

/// What `requests withdraw` did.
#[derive(Debug, Serialize)]
pub struct Withdrawn {
    pub id: i64,
    pub status: RequestStatus,
    #[serde(serialize_with = "crate::context::json_time::utc")]
    pub withdrawn_at: chrono::DateTime<chrono::Utc>,
    pub note: Option<String>,
    pub dry_run: bool,
}

/// Why a request cannot be withdrawn.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// No such request (a usage error: exit 2).
    #[error("no request {0} on record")]
    Unknown(i64),
    /// Answered already: a withdrawal would hide an answer given (exit 1).
    #[error("request {id} is {status} already: only a pending request can be withdrawn")]
    Answered { id: i64, status: &'static str },
}

impl Refusal {
    /// The message in the reader's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        match self {
            Refusal::Unknown(id) => tr!(lang, "withdraw-unknown", id = id.to_string()),
            Refusal::Answered { id, status } => tr!(
                lang,
                "withdraw-answered",
                id = id.to_string(),
                status = tr!(lang, "value-request-status", code = *status)
            ),
        }
    }
}

pub async fn withdraw(
    ctx: &Context,
    id: i64,
    note: Option<String>,
    dry_run: bool,
) -> anyhow::Result<Withdrawn> {
    let (db, _) = crate::app::open::open(ctx).await?;
    let mut tx = db.begin().await?;
    locks::hold_for(&mut tx, locks::Lock::Access).await?;
    let Some(status) = store::requests::status_of(&mut tx, id).await? else {
        return Err(crate::exit::UsageError(Refusal::Unknown(id).text(ctx.lang)).into());
    };
    if status != RequestStatus::Pending {
        return Err(Refusal::Answered {
            id,
            status: status.as_str(),
        }
        .into());
    }
    let at = ctx.as_of.with_timezone(&chrono::Utc);
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    store::requests::withdraw(&mut tx, id, at, note.as_deref()).await?;
    let entry = ctx.audit_entry(
        "requests.withdraw",
        serde_json::json!([id]),
        1,
        serde_json::json!({ "note": note }),
    );
    store::audit::append(&mut tx, &entry).await?;
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(Withdrawn {
        id,
        status: RequestStatus::Withdrawn,
        withdrawn_at: at,
        note,
        dry_run,
    })
}
