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
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Check => check(ctx).await,
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
