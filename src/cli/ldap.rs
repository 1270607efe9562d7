//! `skud ldap check`: the directory connection of `[ldap]`, tried for real.

use super::output;
use crate::context::Context;
use crate::exit::{Exit, TryLater, UsageError};
use crate::i18n::tr;
use crate::ldap::{self, LdapError, Settings};

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Connect and bind with the [ldap] settings, and look for the users' and groups' bases
    #[command(
        after_help = "Exit status 0: bound, both bases exist; 3: bound, a base is missing; \
4: the server cannot be reached (try later); 2: [ldap] is incomplete or wrong; 1: the bind was refused."
    )]
    Check,
    /// Bring skud and the directory in step. For now: --pull, which reads each account's last
    /// login and password change (§24, §28); the push comes with issue 5's next step
    Sync {
        /// Read last logins and password changes from the directory: update last_login_at and
        /// complete the registration (§24) of pending accounts whose temporary password was
        /// replaced
        #[arg(long, required = true)]
        pull: bool,
        /// Read and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Check => check(ctx).await,
        Cmd::Sync { pull: _, dry_run } => pull(ctx, dry_run).await,
    }
}

/// Maps directory errors to exit codes: settings 2, unreachable 4, the rest 1.
pub fn classify(e: LdapError) -> anyhow::Error {
    match e {
        LdapError::Settings(s) => UsageError(s.to_string()).into(),
        e @ LdapError::Unreachable { .. } => TryLater(e.to_string()).into(),
        e => anyhow::Error::new(e),
    }
}

async fn check(ctx: &Context) -> anyhow::Result<Exit> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.to_string()))?;
    let c = ldap::check(&settings).await.map_err(classify)?;
    let ok = c.users_base && c.groups_base;
    if ctx.json {
        output::json(&c)?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "ldap-bound",
                url = c.url.as_str(),
                who = c.bound_as.as_str()
            )
        );
        for (base, found) in [
            (&settings.users_base, c.users_base),
            (&settings.groups_base, c.groups_base),
        ] {
            let key = if found {
                "ldap-base-found"
            } else {
                "ldap-base-missing"
            };
            println!("{}", tr!(ctx.lang, key, base = base.as_str()));
        }
    }
    Ok(if ok { Exit::Ok } else { Exit::Attention })
}

/// `ldap sync --pull`: last logins (§28) and completed registrations (§24) from the directory.
async fn pull(ctx: &Context, dry_run: bool) -> anyhow::Result<Exit> {
    use crate::domain::account::{AccountStatus, PasswordChange, password_change};
    use crate::store::accounts;
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.to_string()))?;
    let (seen, entries) = ldap::pull::read(&settings).await.map_err(classify)?;
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    let known = accounts::usage(&mut tx).await?;
    let (mut logins, mut registered, mut unmanaged) = (Vec::new(), Vec::new(), 0u64);
    for s in &seen {
        let Some(u) = known.get(&s.login) else {
            // An entry skud does not manage: read, never changed.
            unmanaged += 1;
            continue;
        };
        if let Some(at) = s
            .last_login
            .filter(|at| u.last_login_at.is_none_or(|l| l < *at))
            && accounts::seen(&mut tx, &s.login, at).await?
        {
            logins.push(s.login.clone());
        }
        let status = AccountStatus::parse(&u.status).unwrap_or(AccountStatus::Blocked);
        if let Some(at) = s.password_changed
            && password_change(status, u.issued_at, at) == PasswordChange::CompletesRegistration
        {
            accounts::password_changed(&mut tx, &s.login, at).await?;
            registered.push(s.login.clone());
        }
    }
    let now = ctx.now;
    accounts::record_pull(
        &mut tx,
        now,
        entries as i64,
        logins.len() as i64,
        registered.len() as i64,
    )
    .await?;
    if !logins.is_empty() || !registered.is_empty() {
        let entry = ctx.audit_entry(
            "ldap.pull",
            serde_json::json!({ "registered": registered, "last_login_updated": logins.len() }),
            (logins.len() + registered.len()) as i64,
            serde_json::json!({ "url": settings.url, "entries": entries, "unmanaged": unmanaged }),
        );
        crate::store::audit::append(&mut tx, &entry).await?;
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    if ctx.json {
        output::json(
            &serde_json::json!({ "entries": entries, "last_login_updated": logins.len(),
            "registered": registered, "unmanaged": unmanaged, "dry_run": dry_run }),
        )?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "ldap-pulled",
                entries = entries,
                logins = logins.len(),
                registered = registered.len(),
                unmanaged = unmanaged
            )
        );
        if dry_run {
            eprintln!("{}", tr!(ctx.lang, "dry-run-nothing-written"));
        }
    }
    Ok(Exit::Ok)
}
