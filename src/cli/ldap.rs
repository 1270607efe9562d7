//! `skud ldap check`: the directory connection of `[ldap]`, tried for real.

use super::output;
use crate::context::Context;
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::ldap::{self, Settings};

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Connect and bind with the [ldap] settings, and look for the users' and groups' bases
    #[command(
        after_help = "Exit status 0: bound, both bases exist; 3: bound, a base is missing; \
4: the server cannot be reached (try later); 2: [ldap] is incomplete or wrong; 1: the bind was refused."
    )]
    Check,
    /// Bring skud and the directory in step: --pull, then --push (both when neither is given)
    #[command(
        after_help = "Exit status 0: in step; 3: done, but an entry needs an administrator \
(a conflict with an entry skud does not manage, a failed operation, an account without a temporary \
password to send, a transit key that is missing); 4: the server cannot be reached, the connection \
was lost or an operation timed out (what was confirmed is recorded; the next run goes on from there); \
2: [ldap] is incomplete or wrong; 1: the bind was refused, or a database failure."
    )]
    Sync {
        /// Read last logins and password changes from the directory: update last_login_at and
        /// complete the registration (§24) of pending accounts whose temporary password was
        /// replaced
        #[arg(long)]
        pull: bool,
        /// Send skud's accounts to the directory: create the entries of new accounts with their
        /// temporary password (to be changed at first login), lock blocked accounts, unlock
        /// reactivated ones, and move members between the groups of their systems
        #[arg(long)]
        push: bool,
        /// Pull: read and report, write nothing. Push: print the planned operations, send nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Check => check(ctx).await,
        Cmd::Sync {
            pull: p,
            push: q,
            dry_run,
        } => sync(ctx, p || !q, q || !p, dry_run).await,
    }
}

async fn sync(ctx: &Context, do_pull: bool, do_push: bool, dry_run: bool) -> anyhow::Result<Exit> {
    let mut json = serde_json::Map::new();
    let mut exit = Exit::Ok;
    if do_pull {
        json.insert("pull".into(), pull(ctx, dry_run).await?);
    }
    if do_push {
        let (value, e) = push(ctx, dry_run).await?;
        json.insert("push".into(), value);
        exit = exit.max(e);
    }
    if ctx.json {
        let value = if json.len() == 1 {
            json.into_iter().next().map(|(_, v)| v).unwrap_or_default()
        } else {
            serde_json::Value::Object(json)
        };
        output::json(&value)?;
    }
    Ok(exit)
}

/// `ldap sync --push`: the directory brought in step with skud's accounts.
async fn push(ctx: &Context, dry_run: bool) -> anyhow::Result<(serde_json::Value, Exit)> {
    use crate::ldap::push;
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.to_string()))?;
    let (db, _) = super::open(ctx).await?;
    let items = push::prepare(&db, &settings).await?;
    if dry_run {
        let operations = push::describe_plans(&items, &settings);
        if !ctx.json {
            for line in &operations {
                println!("{line}");
            }
            eprintln!("{}", tr!(ctx.lang, "dry-run-nothing-sent", n = items.len()));
        }
        let value = serde_json::json!({ "planned": items.len(),
            "operations": operations, "dry_run": true });
        return Ok((value, Exit::Ok));
    }
    let report = crate::jobs::ldap_push::send(ctx, &db, &settings, items).await?;
    if !ctx.json {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "ldap-pushed",
                created = report.created.len(),
                passwords = report.passwords_set,
                locked = report.locked.len(),
                unlocked = report.unlocked.len(),
                added = report.members_added,
                removed = report.members_removed,
                operations = report.operations_sent
            )
        );
        for (key, problems) in [
            ("ldap-conflict", &report.conflicts),
            ("ldap-failed", &report.failed),
        ] {
            for p in problems {
                let (dn, detail) = (p.dn.as_str(), p.detail.as_str());
                eprintln!("{}", tr!(ctx.lang, key, dn = dn, detail = detail));
            }
        }
        for login in &report.missing_password {
            eprintln!(
                "{}",
                tr!(ctx.lang, "ldap-no-password", login = login.as_str())
            );
        }
    }
    if let Some(detail) = &report.lost {
        let (url, detail) = (settings.url.as_str(), detail.as_str());
        eprintln!("{}", tr!(ctx.lang, "ldap-lost", url = url, detail = detail));
    }
    let exit = crate::jobs::ldap_push::exit_of(&report);
    Ok((serde_json::to_value(&report)?, exit))
}

async fn check(ctx: &Context) -> anyhow::Result<Exit> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.to_string()))?;
    let c = ldap::check(&settings).await.map_err(ldap::classify)?;
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
async fn pull(ctx: &Context, dry_run: bool) -> anyhow::Result<serde_json::Value> {
    let (db, _) = super::open(ctx).await?;
    let p = crate::jobs::ldap_pull::pull(ctx, &db, dry_run).await?;
    if !ctx.json {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "ldap-pulled",
                entries = p.entries,
                logins = p.last_login_updated,
                registered = p.registered.len(),
                unmanaged = p.unmanaged
            )
        );
        if dry_run {
            eprintln!("{}", tr!(ctx.lang, "dry-run-nothing-written"));
        }
    }
    Ok(serde_json::to_value(&p)?)
}
