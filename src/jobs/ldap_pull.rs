//! `ldap-pull` (§24, §26, §28), also `ldap sync --pull`: what the directory knows of each
//! account's use. Updates `last_login_at`, completes the registration of pending accounts whose
//! temporary password was replaced after issue, records every login the directory holds (never
//! issued by skud, §26), counts the entries that could be adopted (`skud ldap adopt`), and
//! records when the pull succeeded (the inactivity job refuses to block on an older one). Never
//! writes to the directory.

use super::{Job, Report};
use crate::context::Context;
use crate::domain::account::{AccountStatus, PasswordChange, password_change};
use crate::domain::adoption::Verdict;
use crate::exit::{Exit, UsageError};
use crate::ldap::{self, Settings};
use crate::store::{Store, accounts, audit, directory};

/// What a pull read and changed.
#[derive(Debug, serde::Serialize)]
pub struct Pulled {
    pub entries: u64,
    pub last_login_updated: usize,
    pub registered: Vec<String>,
    /// Entries skud does not manage: read, never changed.
    pub unmanaged: u64,
    /// Logins of the directory recorded as taken for the first time.
    pub logins_recorded: u64,
    /// Entries that `skud ldap adopt` would adopt.
    pub adoptable: usize,
    pub dry_run: bool,
}

pub async fn pull(ctx: &Context, db: &Store, dry_run: bool) -> anyhow::Result<Pulled> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.text(ctx.lang)))?;
    let dir = ldap::pull::read(&settings).await.map_err(ldap::classify)?;
    let entries = dir.len() as u64;
    let mut tx = db.begin().await?;
    let known = accounts::usage(&mut tx).await?;
    let (mut logins, mut registered, mut unmanaged) = (0usize, Vec::new(), 0u64);
    for e in &dir {
        // A replaced login's entry is somebody else's (§26): not this account's use.
        let Some(u) = e
            .login
            .as_ref()
            .and_then(|l| known.get(l))
            .filter(|u| !u.replaced)
        else {
            unmanaged += 1;
            continue;
        };
        let login = e.login.as_deref().unwrap_or_default();
        if let Some(at) = e
            .last_login
            .filter(|at| u.last_login_at.is_none_or(|l| l < *at))
            && accounts::seen(&mut tx, login, at).await?
        {
            logins += 1;
        }
        let status = AccountStatus::parse(&u.status).unwrap_or(AccountStatus::Blocked);
        if let Some(at) = e.password_changed
            && password_change(status, u.issued_at, at) == PasswordChange::CompletesRegistration
        {
            accounts::password_changed(&mut tx, login, at).await?;
            registered.push(login.to_owned());
        }
    }
    let logins_recorded =
        directory::record_logins(&mut tx, &crate::app::adopt::logins_of(&dir), ctx.now).await?;
    let adoptable = crate::app::adopt::judge(&mut tx, &settings, &dir, &known)
        .await?
        .iter()
        .filter(|v| matches!(v, Verdict::Adopt(_)))
        .count();
    accounts::record_pull(
        &mut tx,
        ctx.now,
        entries as i64,
        logins as i64,
        registered.len() as i64,
    )
    .await?;
    if logins > 0 || !registered.is_empty() {
        let entry = ctx.audit_entry(
            "ldap.pull",
            serde_json::json!({ "registered": registered, "last_login_updated": logins }),
            (logins + registered.len()) as i64,
            serde_json::json!({ "url": settings.url, "entries": entries, "unmanaged": unmanaged,
                "logins_recorded": logins_recorded, "adoptable": adoptable }),
        );
        audit::append(&mut tx, &entry).await?;
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(Pulled {
        entries,
        last_login_updated: logins,
        registered,
        unmanaged,
        logins_recorded,
        adoptable,
        dry_run,
    })
}

/// The job: a pull; an unreachable directory is exit 4 (try later).
pub async fn job(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let p = pull(ctx, db, false).await?;
    let counts = serde_json::json!({ "entries": p.entries,
        "last_login_updated": p.last_login_updated, "registered": p.registered.len(),
        "unmanaged": p.unmanaged, "logins_recorded": p.logins_recorded,
        "adoptable": p.adoptable });
    Ok(Report::new(Job::LdapPull, Exit::Ok, counts, p.registered))
}
