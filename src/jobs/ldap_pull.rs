//! `ldap-pull` (§24, §28), also `ldap sync --pull`: what the directory knows of each account's
//! use. Updates `last_login_at`, completes the registration of pending accounts whose temporary
//! password was replaced after issue, and records when the pull succeeded (the inactivity job
//! refuses to block on an older one). Never writes to the directory.

use super::{Job, Report};
use crate::context::Context;
use crate::domain::account::{AccountStatus, PasswordChange, password_change};
use crate::exit::{Exit, UsageError};
use crate::ldap::{self, Settings};
use crate::store::{Store, accounts, audit};

/// What a pull read and changed.
#[derive(Debug, serde::Serialize)]
pub struct Pulled {
    pub entries: u64,
    pub last_login_updated: usize,
    pub registered: Vec<String>,
    /// Entries skud does not manage: read, never changed.
    pub unmanaged: u64,
    pub dry_run: bool,
}

pub async fn pull(ctx: &Context, db: &Store, dry_run: bool) -> anyhow::Result<Pulled> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.to_string()))?;
    let (seen, entries) = ldap::pull::read(&settings).await.map_err(ldap::classify)?;
    let mut tx = db.begin().await?;
    let known = accounts::usage(&mut tx).await?;
    let (mut logins, mut registered, mut unmanaged) = (0usize, Vec::new(), 0u64);
    for s in &seen {
        let Some(u) = known.get(&s.login) else {
            unmanaged += 1;
            continue;
        };
        if let Some(at) = s
            .last_login
            .filter(|at| u.last_login_at.is_none_or(|l| l < *at))
            && accounts::seen(&mut tx, &s.login, at).await?
        {
            logins += 1;
        }
        let status = AccountStatus::parse(&u.status).unwrap_or(AccountStatus::Blocked);
        if let Some(at) = s.password_changed
            && password_change(status, u.issued_at, at) == PasswordChange::CompletesRegistration
        {
            accounts::password_changed(&mut tx, &s.login, at).await?;
            registered.push(s.login.clone());
        }
    }
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
            serde_json::json!({ "url": settings.url, "entries": entries, "unmanaged": unmanaged }),
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
        dry_run,
    })
}

/// The job: a pull; an unreachable directory is exit 4 (try later).
pub async fn job(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let p = pull(ctx, db, false).await?;
    let counts = serde_json::json!({ "entries": p.entries,
        "last_login_updated": p.last_login_updated, "registered": p.registered.len(),
        "unmanaged": p.unmanaged });
    Ok(Report::new(Job::LdapPull, Exit::Ok, counts, p.registered))
}
