//! Answering requests (§22): `logins issue` (grant, reactivate: [`issue`]) and `requests
//! apply` (change, block: [`apply`]). Each answer writes, in one transaction, the account
//! change, the journal row (§25) where a login and temporary password are issued, the
//! request's status and answer time, its letter and the audit record. The rules are re-checked
//! on the as-of date first: a person dismissed since the request came in is refused, not given
//! access (§30). After the commit, what the answers hand over is delivered.

mod apply;
mod issue;

pub use apply::apply;
pub use issue::{Issue, issue};

use crate::app::deliver::{self, Delivered, Letters};
use crate::app::intake::{access_lock, check_on_record, refusal_text};
use crate::context::Context;
use crate::domain::request::{Refusal, RequestKind, RequestStatus};
use crate::exit::{Exit, UsageError};
use crate::export::letters::{Addressee, Answer};
use crate::i18n::tr;
use crate::store::requests::{self as store, RequestRow};
use crate::store::{Store, Tx};
use chrono::Utc;
use serde::Serialize;
use std::collections::HashSet;

/// What a run did with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Done,
    Refused,
    /// Answered before this run.
    Skipped,
}

/// What happened to one request.
#[derive(Debug, Serialize)]
pub struct Answered {
    pub id: i64,
    pub kind: RequestKind,
    pub status: Outcome,
    pub login: Option<String>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
}

/// What an answering run did.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub answered: Vec<Answered>,
    pub done: usize,
    pub refused: usize,
    pub skipped: usize,
    /// Requests left pending because they cannot be answered as they stand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unanswered: Vec<String>,
    /// What was handed over: credentials files, letter files, letters sent (also those of
    /// earlier runs that a kill left undelivered).
    pub delivered: Delivered,
    pub dry_run: bool,
    /// Nothing was pending: the run answered nothing.
    #[serde(skip)]
    pub nothing_pending: bool,
}

impl Report {
    /// Attention: a request left pending, or a file not put in place after the commit.
    pub fn exit(&self) -> Exit {
        if self.unanswered.is_empty() && self.delivered.failed.is_empty() {
            Exit::Ok
        } else {
            Exit::Attention
        }
    }

    /// One request answered as asked.
    fn count_done(&mut self, r: &RequestRow, login: String) {
        self.done += 1;
        self.answered.push(Answered {
            id: r.id,
            kind: r.kind,
            status: Outcome::Done,
            login: Some(login),
            reason_code: None,
            reason: None,
        });
    }
}

/// Which requests a run answers: the ids given, or every pending one of its kinds (`--all`).
pub struct Selection {
    pub ids: Vec<i64>,
    pub all: bool,
    pub dry_run: bool,
}

impl Selection {
    /// Requests named, or `--all`: a run never answers nothing by accident.
    fn check(&self, ctx: &Context) -> Result<(), UsageError> {
        if self.ids.is_empty() && !self.all {
            return Err(UsageError(tr!(ctx.lang, "answer-name-requests")));
        }
        Ok(())
    }
}

/// An answering run between its start and its end: the transaction under the access lock,
/// the letters, and what the run did so far.
struct Run {
    db: Store,
    tx: Tx,
    letters: Letters,
    systems: HashSet<String>,
    report: Report,
    audit: Vec<serde_json::Value>,
}

/// The start of an answering run: the transaction under the access lock, the pending requests
/// to answer, and the report with those already answered. `None` when nothing is pending
/// (what earlier runs left undelivered is handed over then). The caller has checked the
/// selection ([`Selection::check`]) before its own checks.
async fn begin(
    ctx: &Context,
    sel: &Selection,
    kinds: [RequestKind; 2],
    other_command: &str,
) -> anyhow::Result<Result<(Store, Tx, Vec<RequestRow>, Report), Report>> {
    let (db, _) = crate::app::open::open(ctx).await?;
    let mut tx = db.begin().await?;
    access_lock(&mut tx).await?;
    let (pending, skipped) = select(ctx, &mut tx, &sel.ids, kinds, other_command).await?;
    let mut report = Report {
        skipped: skipped.len(),
        answered: skipped,
        dry_run: sel.dry_run,
        ..Report::default()
    };
    if pending.is_empty() {
        tx.rollback().await?;
        if !sel.dry_run {
            report.delivered = deliver::run(ctx, &db, true).await?;
        }
        report.nothing_pending = true;
        return Ok(Err(report));
    }
    Ok(Ok((db, tx, pending, report)))
}

/// The requests a run answers: the ids given (each must exist and be of a kind this command
/// answers), or every pending one of those kinds when none is given (`--all`).
async fn select(
    ctx: &Context,
    tx: &mut Tx,
    ids: &[i64],
    kinds: [RequestKind; 2],
    other_command: &str,
) -> anyhow::Result<(Vec<RequestRow>, Vec<Answered>)> {
    // Each request once, in the order given (`issue 1 1` answers request 1 once).
    let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    let ids = &unique[..];
    let rows = store::to_answer(tx, ids, kinds).await?;
    for id in ids {
        let Some(r) = rows.iter().find(|r| r.id == *id) else {
            return Err(UsageError(tr!(ctx.lang, "request-not-found", id = *id)).into());
        };
        if !kinds.contains(&r.kind) {
            return Err(UsageError(tr!(
                ctx.lang,
                "answer-wrong-command",
                id = *id,
                kind = r.kind.as_str(),
                command = other_command
            ))
            .into());
        }
    }
    let (pending, done): (Vec<RequestRow>, Vec<RequestRow>) = rows
        .into_iter()
        .partition(|r| r.status == RequestStatus::Pending);
    let skipped = done
        .into_iter()
        .map(|r| Answered {
            id: r.id,
            kind: r.kind,
            status: Outcome::Skipped,
            login: r.answer_login,
            reason_code: Some(format!("already_{}", r.status.as_str())),
            reason: None,
        })
        .collect();
    Ok((pending, skipped))
}

impl Run {
    /// Re-checks a request on the as-of date; when it now breaks a rule, records the refusal
    /// (with its letter) and returns true.
    async fn refused_now(&mut self, ctx: &Context, r: &RequestRow) -> anyhow::Result<bool> {
        let Some(req) = r.to_request() else {
            return Ok(false);
        };
        let refusals = check_on_record(&mut self.tx, &req, &self.systems, ctx).await?;
        let Some(first) = refusals.first() else {
            return Ok(false);
        };
        let text = refusal_text(ctx.lang, first, &req);
        let args = first.args().to_string();
        let codes: Vec<&str> = refusals.iter().map(Refusal::code).collect();
        let at = ctx.as_of.with_timezone(&Utc);
        if !store::answer(
            &mut self.tx,
            r.id,
            RequestStatus::Refused,
            &codes,
            Some((&text, &args)),
            at,
            None,
        )
        .await?
        {
            return Ok(true);
        }
        let answer = Answer::Refused {
            reason: &text,
            paragraph: first.paragraph(),
        };
        self.letter(ctx, r, &answer, "refused").await?;
        let code = codes.first().map(|c| (*c).to_owned());
        self.audit
            .push(serde_json::json!({ "request": r.id, "refused": code }));
        self.report.refused += 1;
        self.report.answered.push(Answered {
            id: r.id,
            kind: r.kind,
            status: Outcome::Refused,
            login: r.login.clone(),
            reason_code: code,
            reason: Some(text),
        });
        Ok(true)
    }

    /// Records one letter of an answer, sealed, for delivery after the commit.
    async fn letter(
        &mut self,
        ctx: &Context,
        r: &RequestRow,
        answer: &Answer<'_>,
        what: &str,
    ) -> anyhow::Result<()> {
        let full_name = r.full_name();
        let to = Addressee {
            request_id: r.id,
            full_name: &full_name,
            email: &r.reply_email,
            received_on: r
                .received_at
                .with_timezone(&crate::domain::date::almaty())
                .date_naive(),
        };
        deliver::queue_letter(ctx, &mut self.tx, &self.letters, &to, answer, what).await
    }

    /// Marks a request done with the login it was answered with.
    async fn mark_done(
        &mut self,
        ctx: &Context,
        r: &RequestRow,
        login: &str,
    ) -> anyhow::Result<()> {
        let at = ctx.as_of.with_timezone(&Utc);
        if !store::answer(
            &mut self.tx,
            r.id,
            RequestStatus::Done,
            &[],
            None,
            at,
            Some(login),
        )
        .await?
        {
            anyhow::bail!(
                "request {} was answered during the run; nothing was written",
                r.id
            );
        }
        Ok(())
    }

    /// The end of the run: its audit record (never a password: logins and request numbers
    /// only), the commit (a dry run rolls back), and the delivery of what it answered.
    async fn finish(mut self, ctx: &Context, action: &str) -> anyhow::Result<Report> {
        let r = &self.report;
        let entry = ctx.audit_entry(
            action,
            serde_json::Value::Array(std::mem::take(&mut self.audit)),
            (r.done + r.refused) as i64,
            serde_json::json!({ "done": r.done, "refused": r.refused, "skipped": r.skipped }),
        );
        crate::store::audit::append(&mut self.tx, &entry).await?;
        if self.report.dry_run {
            self.tx.rollback().await?;
            return Ok(self.report);
        }
        self.tx.commit().await?;
        self.report.delivered = deliver::run(ctx, &self.db, true).await?;
        Ok(self.report)
    }
}
