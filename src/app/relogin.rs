//! §26: a login the directory turned out to hold is replaced.
//!
//! The generator skips the logins the last pull saw in the directory, but an entry can appear
//! between the issue and the push. When the push finds the login taken (an entry at the DN
//! that skud did not make, or AD's "sAMAccountName already in use"), the account gets a new
//! login in one transaction:
//!
//! - the taken login is recorded as the directory's, so it is never generated again;
//! - a new login is generated for the same person (skipping every login ever issued or seen);
//! - the account goes on under it with the same rights, state and temporary password (sealed
//!   again under the new login, so the password in the user's letter stays right);
//! - the old account row stays, blocked for good, marked `replaced_by` (its journal row refers
//!   to it, and a login is never issued twice);
//! - the journal gets a row for the new login that names the one it replaces (§25);
//! - one audit record.
//!
//! The administrator is told (the push exits 3): the user must learn the new login.

use crate::context::Context;
use crate::domain::login::{self, NameParts};
use crate::ldap::push::{Problem, Renamed, Taken};
use crate::secrets::TransitKey;
use crate::store::accounts::{self, JournalEntry};
use crate::store::{Store, Tx, audit, directory};
use chrono::Utc;

/// What the replacement did: the logins replaced, and those that could not be.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    pub renamed: Vec<Renamed>,
    pub failed: Vec<Problem>,
}

/// Replaces each taken login (one transaction for all of them).
pub async fn replace(
    ctx: &Context,
    db: &Store,
    taken: &[Taken],
    key: Option<&TransitKey>,
) -> anyhow::Result<Report> {
    let mut report = Report::default();
    if taken.is_empty() {
        return Ok(report);
    }
    let at = ctx.as_of.with_timezone(&Utc);
    let template = ctx.login_template()?;
    let reserved = crate::context::host_system_accounts();
    let mut tx = db.begin().await?;
    let seen: Vec<(String, String)> = taken
        .iter()
        .map(|t| (t.login.clone(), t.dn.clone()))
        .collect();
    directory::record_logins(&mut tx, &seen, at).await?;
    let mut in_use = accounts::all_logins(&mut tx).await?;
    in_use.extend(directory::directory_logins(&mut tx).await?);
    for t in taken {
        let fail = |detail: String| Problem {
            dn: t.dn.clone(),
            detail,
        };
        let Some(a) = accounts::get(&mut tx, &t.login).await? else {
            continue;
        };
        // Replaced already; or blocked (dismissed, say): it needs no new login now, and its
        // Add's row is forgotten, so nothing more is sent for it.
        if a.replaced_by.is_some() || a.status == crate::domain::account::AccountStatus::Blocked {
            continue;
        }
        let parts = NameParts {
            surname: &a.surname,
            name: &a.name,
            patronymic: a.patronymic.as_deref(),
        };
        let Some(new) = login::generate(&template, parts, &|l| in_use.contains(l), &reserved)
        else {
            report.failed.push(fail(format!(
                "{}; the name gives no other login: correct the name and reissue",
                t.detail
            )));
            continue;
        };
        in_use.insert(new.clone());
        let sealed = match (key, &t.password) {
            (Some(k), Some(pw)) => Some(k.seal(&new, pw)?),
            _ => None,
        };
        let note = format!(
            "login taken in the directory ({}); replaced by {new}",
            t.detail
        );
        if !accounts::replace_login(&mut tx, &t.login, &new, sealed.as_deref(), &note, at).await? {
            continue;
        }
        let full_name =
            crate::domain::order::full_name(&a.surname, &a.name, a.patronymic.as_deref());
        if let Some(request_id) = a.request_id {
            journal_again(ctx, &mut tx, &t.login, &new, request_id).await?;
        }
        report.renamed.push(Renamed {
            old: t.login.clone(),
            new,
            iin: a.iin.clone(),
            full_name,
            detail: t.detail.clone(),
        });
    }
    audit_renamed(ctx, &mut tx, &report.renamed).await?;
    tx.commit().await?;
    Ok(report)
}

/// The journal row of the new login: the old one's, naming the login it replaces (§25).
async fn journal_again(
    ctx: &Context,
    tx: &mut Tx,
    old: &str,
    new: &str,
    request_id: i64,
) -> anyhow::Result<()> {
    let Some(j) = accounts::last_journal_row(tx, old).await? else {
        return Ok(());
    };
    let entry = JournalEntry {
        issued_on: ctx.today(),
        login: new,
        request_id,
        letter: &j.letter,
        systems: &j.systems,
        basis: &j.basis,
        basis_kind: &j.basis_kind,
        admin: &ctx.admin,
        full_name: &j.full_name,
        reactivation: j.reactivation,
        replaces: Some(old),
    };
    accounts::journal_append(tx, &entry).await?;
    Ok(())
}

/// The audit record of the replacements, if any.
async fn audit_renamed(ctx: &Context, tx: &mut Tx, renamed: &[Renamed]) -> anyhow::Result<()> {
    if renamed.is_empty() {
        return Ok(());
    }
    let objects: Vec<String> = renamed
        .iter()
        .map(|r| format!("{} -> {}", r.old, r.new))
        .collect();
    let entry = ctx.audit_entry(
        "login.replace",
        serde_json::json!(objects),
        renamed.len() as i64,
        serde_json::json!({ "reason": "taken in the directory (§26)",
            "details": renamed.iter().map(|r| &r.detail).collect::<Vec<_>>() }),
    );
    audit::append(tx, &entry).await?;
    Ok(())
}
