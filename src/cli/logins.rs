//! `skud logins validate|issue`: the login policy (§20, §26) and the answer to grant and
//! reactivate requests: a login and a temporary password (§22, §25).

use super::output;
use crate::app::answer::Selection;
use crate::context::Context;
use crate::domain::login::{self, LoginProblem};
use crate::exit::Exit;
use crate::i18n::tr;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Check logins against the policy and against every login ever issued
    Validate {
        #[arg(required = true, value_name = "LOGIN")]
        logins: Vec<String>,
    },
    /// Answer pending grant and reactivate requests with a login and a temporary password
    #[command(
        after_help = "The temporary passwords are written only to the credentials file (mode 0600; refused, exit \
status 2, if it exists) and the reply letters; the database keeps only their Argon2id hashes. Each answer writes the \
account, the journal row (§25), the request's status and the audit record in one transaction. Rules are checked again \
on the as-of date: a person dismissed since the request came in is refused (§30). The administrator's full name is \
required (--admin, SKUD_ADMIN or admin in the configuration; exit status 2 without it): it goes into the journal (§25). \
Nothing pending: exit status 0. A request whose name gives no login stays pending: exit status 3."
    )]
    Issue {
        /// The requests to answer (or --all)
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
        /// Answer every pending grant and reactivate request
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// Where the logins and temporary passwords go (a new file, mode 0600)
        #[arg(long, value_name = "OUT.csv")]
        credentials: PathBuf,
        /// Write a reply letter for each answer into this folder
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Validate { logins } => validate(ctx, logins).await,
        Cmd::Issue {
            ids,
            all,
            credentials,
            outbox,
            dry_run,
        } => {
            let what = crate::app::answer::Issue {
                selection: Selection { ids, all, dry_run },
                credentials,
                outbox,
            };
            let report = crate::app::answer::issue(ctx, what).await?;
            super::answer::print(ctx, &report, "logins-issued", "logins-nothing-pending")
        }
    }
}

async fn validate(ctx: &Context, logins: Vec<String>) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let reserved = crate::context::host_system_accounts();
    let mut results = Vec::new();
    for l in &logins {
        let mut problem = login::check_policy(l, &reserved).err();
        if problem.is_none()
            && (crate::store::accounts::exists(&db, l).await?
                || crate::store::directory::held(&db, l).await?)
        {
            problem = Some(LoginProblem::Taken);
        }
        results.push((l, problem));
    }
    let bad = results.iter().filter(|(_, p)| p.is_some()).count();
    if ctx.json {
        let list: Vec<_> = results
            .iter()
            .map(|(l, p)| serde_json::json!({ "login": l, "valid": p.is_none(),
                "problem": p.as_ref().map(LoginProblem::code), "message": p.as_ref().map(ToString::to_string) }))
            .collect();
        output::json(&serde_json::json!({ "logins": list, "invalid": bad }))?;
    } else {
        for (l, p) in &results {
            match p {
                None => println!("{}", tr!(ctx.lang, "login-valid", login = l.as_str())),
                Some(p) => println!(
                    "{}",
                    tr!(
                        ctx.lang,
                        "login-invalid",
                        login = l.as_str(),
                        problem = p.to_string()
                    )
                ),
            }
        }
    }
    Ok(if bad > 0 { Exit::Attention } else { Exit::Ok })
}
