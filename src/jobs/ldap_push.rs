//! `ldap-push` (§28-§30), also `ldap sync --push`: the accounts sent to the directory — new
//! entries with their temporary password, the blocks of the nightly jobs, reactivations and
//! rights — so that a block stops the logins it is meant to stop.

use super::{Job, Report};
use crate::context::Context;
use crate::exit::{Exit, UsageError};
use crate::ldap::push::{self, PushReport};
use crate::ldap::{self, Settings};
use crate::store::Store;
use std::collections::HashSet;

/// Rounds of a push: the first sends everything planned; a later one only the accounts whose
/// login was found taken and replaced in the round before (§26).
const ROUNDS: usize = 3;

/// One round: sends the accounts (`only: None`: all), a page at a time; the logins found taken
/// are replaced, and the new logins are what the next round sends (`None`: no next round).
async fn round_of(
    ctx: &Context,
    db: &Store,
    settings: &Settings,
    only: Option<HashSet<String>>,
    key: Result<&crate::secrets::TransitKey, &str>,
    report: &mut PushReport,
) -> anyhow::Result<Option<HashSet<String>>> {
    let mut feed = push::Feed::new(db, settings, only, key);
    // Nothing to send: no connection.
    let first = loop {
        match feed.next().await? {
            None => return Ok(None),
            Some(p) if p.items.is_empty() => report.failed.extend(p.left_out),
            Some(p) => break p,
        }
    };
    let conn = ldap::connect(settings).await.map_err(ldap::classify)?;
    let taken_before = report.taken.len();
    push::execute(conn, settings, first, &mut feed, db, ctx.now, report).await?;
    let taken = &report.taken[taken_before..];
    if taken.is_empty() || report.lost.is_some() {
        return Ok(None);
    }
    let replaced = crate::app::relogin::replace(ctx, db, taken, key.ok()).await?;
    report.failed.extend(replaced.failed);
    let new: HashSet<String> = replaced.renamed.iter().map(|r| r.new.clone()).collect();
    report.renamed.extend(replaced.renamed);
    Ok(Some(new))
}

/// Sends what is planned, a page of accounts at a time, and records the run in the audit log
/// (when it did anything). A login found taken in the directory is replaced (see
/// [`crate::app::relogin`]) and the account pushed again under its new login, in the same run.
pub async fn send(ctx: &Context, db: &Store, settings: &Settings) -> anyhow::Result<PushReport> {
    let mut report = PushReport::default();
    let key = crate::ldap::transit_key_path(ctx.config.ldap.as_ref(), ctx.config_path.as_deref())
        .ok_or_else(|| "[ldap] is not configured".to_owned())
        .and_then(|path| crate::secrets::TransitKey::load(&path).map_err(|e| e.to_string()));
    let why = key.as_ref().err().map(|e| {
        format!("{e}; the temporary password cannot be opened: this entry waits for the key")
    });
    let key_or_why = key.as_ref().map_err(|_| why.as_deref().unwrap_or_default());
    let mut only = None;
    for round in 0..ROUNDS {
        // The first round's failures are the command's; a later round's are reported with
        // what the first did (and audited), never instead of it.
        let later = round > 0;
        let step = round_of(ctx, db, settings, only.take(), key_or_why, &mut report).await;
        only = match step {
            Ok(Some(next)) if !next.is_empty() => Some(next),
            Ok(_) => break,
            Err(e) if later => {
                if e.is::<crate::exit::TryLater>() {
                    report.lost = Some(format!("{e:#}"));
                } else {
                    report.failed.push(push::Problem {
                        dn: settings.url.clone(),
                        detail: format!("the push of the replaced logins stopped: {e:#}"),
                    });
                }
                break;
            }
            Err(e) => return Err(e),
        };
    }
    let changed = report.created.len() as u64
        + report.passwords_set
        + report.locked.len() as u64
        + report.unlocked.len() as u64
        + report.members_added
        + report.members_removed;
    if changed > 0 || report.needs_attention() {
        let entry = ctx.audit_entry(
            "ldap.push",
            serde_json::json!({ "created": report.created, "locked": report.locked,
                "unlocked": report.unlocked, "groups_created": report.groups_created }),
            (report.created.len() + report.locked.len() + report.unlocked.len()) as i64,
            serde_json::json!({ "url": settings.url, "passwords_set": report.passwords_set,
                "members_added": report.members_added, "members_removed": report.members_removed,
                "taken": report.taken, "renamed": report.renamed,
                "password_refused": report.password_refused, "failed": report.failed,
                "missing_password": report.missing_password, "lost": report.lost,
                "operations_sent": report.operations_sent }),
        );
        let mut tx = db.begin().await?;
        crate::store::audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
    }
    Ok(report)
}

/// The exit status of a push: 4 when the connection was lost, 3 when an entry needs a person.
pub fn exit_of(report: &PushReport) -> Exit {
    if report.lost.is_some() {
        Exit::TryLater
    } else if report.needs_attention() {
        Exit::Attention
    } else {
        Exit::Ok
    }
}

/// The job: a push of everything planned.
pub async fn job(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.text(ctx.lang)))?;
    let report = send(ctx, db, &settings).await?;
    let counts = serde_json::json!({ "created": report.created.len(),
        "passwords_set": report.passwords_set, "locked": report.locked.len(),
        "unlocked": report.unlocked.len(), "members_added": report.members_added,
        "members_removed": report.members_removed, "taken": report.taken.len(),
        "renamed": report.renamed.len(), "password_refused": report.password_refused.len(),
        "failed": report.failed.len(), "operations_sent": report.operations_sent });
    let mut items: Vec<String> = Vec::new();
    items.extend(report.locked.iter().map(|l| format!("locked {l}")));
    items.extend(report.unlocked.iter().map(|l| format!("unlocked {l}")));
    items.extend(
        report
            .renamed
            .iter()
            .map(|r| format!("login {} replaced by {}: {}", r.old, r.new, r.detail)),
    );
    items.extend(
        report
            .password_refused
            .iter()
            .map(|r| format!("{} blocked, password refused: {}", r.login, r.detail)),
    );
    items.extend(
        report
            .failed
            .iter()
            .map(|p| format!("{}: {}", p.dn, p.detail)),
    );
    let exit = exit_of(&report);
    let mut r = Report::new(Job::LdapPush, exit, counts, items);
    r.message = report.lost.clone();
    Ok(r)
}
