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
(a login found taken in the directory and replaced: tell the user the new login; a temporary password \
the directory refused: the account is blocked until a reactivation; a failed operation; an account \
without a temporary password to send; a transit key that is missing); 4: the server cannot be reached, the connection \
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
    /// Take the directory's existing entries of people on record under skud's governance
    #[command(
        long_about = "Take the directory's existing entries of people on record under skud's \
governance. Every entry under [ldap] users_base whose [ldap] iin_attribute (default employeeNumber) \
holds the valid IIN of a person named by an HR order becomes a skud account with the entry's login \
and state (locked or disabled: blocked). From then on §28 counts its inactivity from the directory's \
last login (or the entry's creation), §30 blocks it on dismissal, and the push manages its lock and \
its membership in the groups of the catalogue's systems. No journal row is written (the journal \
records issues), one audit record is. Never adopted nor touched: entries without a recognisable IIN \
(service accounts), AD's critical system objects, members of [ldap] protected_groups, and anything \
outside users_base. Every login the directory holds is recorded as taken (§26). Running it again \
changes nothing.",
        after_help = "Exit status 0: done; 3: done, but an entry that seems to be a person's was \
left out (an IIN of nobody on record, an invalid IIN, a login that is another person's account, no \
login); 4: the server cannot be reached; 2: [ldap] is incomplete or wrong, or --out exists; 1: the \
bind was refused, or a database failure."
    )]
    Adopt {
        /// Read and report, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Also write every entry with its outcome (adopted, already, or the reason it was left
        /// out) to this CSV file (refused if it exists)
        #[arg(long, value_name = "FILE.csv")]
        out: Option<std::path::PathBuf>,
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
        Cmd::Adopt { dry_run, out } => adopt(ctx, dry_run, out).await,
    }
}

/// `ldap adopt`: the directory's existing entries of people on record become governed accounts.
async fn adopt(
    ctx: &Context,
    dry_run: bool,
    out: Option<std::path::PathBuf>,
) -> anyhow::Result<Exit> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.text(ctx.lang)))?;
    if let Some(path) = &out {
        crate::files::check(path, &adopt_rules())?;
    }
    let (db, _) = super::open(ctx).await?;
    let report = crate::app::adopt::adopt(ctx, &db, &settings, dry_run).await?;
    if let Some(path) = &out {
        write_adopt_csv(path, &report)?;
    }
    if ctx.json {
        output::json(&report)?;
    } else {
        for a in &report.adopted {
            let (login, dn, status) = (a.login.as_str(), a.dn.as_str(), a.status.as_str());
            let systems = a.systems.join(", ");
            println!(
                "{}",
                tr!(
                    ctx.lang,
                    "ldap-adopted",
                    login = login,
                    dn = dn,
                    status = status,
                    systems = systems
                )
            );
        }
        for l in &report.left_out {
            let (dn, code) = (l.dn.as_str(), l.reason_code);
            let reason = tr!(ctx.lang, &format!("adopt-{}", code.replace('_', "-")));
            println!(
                "{}",
                tr!(
                    ctx.lang,
                    "ldap-left-out",
                    dn = dn,
                    code = code,
                    reason = reason
                )
            );
        }
        println!(
            "{}",
            tr!(
                ctx.lang,
                "ldap-adopt-summary",
                entries = report.entries,
                adopted = report.adopted.len(),
                already = report.already,
                left = report.left_out.len()
            )
        );
        if dry_run {
            output::dry_run_note(ctx.lang);
        }
    }
    Ok(if report.needs_attention() {
        Exit::Attention
    } else {
        Exit::Ok
    })
}

fn adopt_rules() -> crate::files::Rules<'static> {
    crate::files::Rules::private("adopt")
}

/// The adoption report as CSV: one line per entry read. It names people (0600), and is
/// written the one way every file is (`files`): never through a symlink, never over a file.
fn write_adopt_csv(path: &std::path::Path, r: &crate::app::adopt::Report) -> anyhow::Result<()> {
    let mut staged = crate::files::create(path, &adopt_rules())?;
    {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(&mut staged));
        w.write_record([
            "dn",
            "login",
            "iin",
            "outcome",
            "reason_code",
            "status",
            "systems",
        ])?;
        // Values from the directory: a cell a spreadsheet would evaluate is defused.
        let defused = |cells: [&str; 7]| cells.map(crate::files::defuse);
        for a in &r.adopted {
            let systems = a.systems.join(",");
            w.write_record(defused([
                &a.dn, &a.login, &a.iin, "adopted", "", &a.status, &systems,
            ]))?;
        }
        for l in &r.left_out {
            w.write_record(defused([
                &l.dn,
                l.login.as_deref().unwrap_or(""),
                l.iin.as_deref().unwrap_or(""),
                "left_out",
                l.reason_code,
                "",
                "",
            ]))?;
        }
        w.flush()?;
    }
    staged.commit()?;
    Ok(())
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
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.text(ctx.lang)))?;
    let (db, _) = super::open(ctx).await?;
    if dry_run {
        // Planned a page at a time; the lines printed as they come (JSON: listed).
        let mut feed = push::Feed::new(&db, &settings, None, Err("dry run"));
        let mut described = push::Described::default();
        let mut operations = Vec::new();
        while let Some(items) = feed.plans().await? {
            let lines = described.page(&items);
            print_or_keep(ctx.json, lines, &mut operations);
        }
        print_or_keep(ctx.json, described.groups(&settings), &mut operations);
        if !ctx.json {
            println!(
                "{}",
                tr!(ctx.lang, "dry-run-nothing-sent", n = described.planned)
            );
        }
        let value = serde_json::json!({ "planned": described.planned,
            "operations": operations, "dry_run": true });
        return Ok((value, Exit::Ok));
    }
    let report = crate::jobs::ldap_push::send(ctx, &db, &settings).await?;
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
        for r in &report.renamed {
            let (old, new, name, detail) = (
                r.old.as_str(),
                r.new.as_str(),
                r.full_name.as_str(),
                r.detail.as_str(),
            );
            eprintln!(
                "{}",
                tr!(
                    ctx.lang,
                    "ldap-renamed",
                    old = old,
                    new = new,
                    name = name,
                    detail = detail
                )
            );
        }
        for r in &report.password_refused {
            let (login, detail) = (r.login.as_str(), r.detail.as_str());
            eprintln!(
                "{}",
                tr!(
                    ctx.lang,
                    "ldap-password-refused",
                    login = login,
                    detail = detail
                )
            );
        }
        for p in &report.failed {
            let (dn, detail) = (p.dn.as_str(), p.detail.as_str());
            eprintln!("{}", tr!(ctx.lang, "ldap-failed", dn = dn, detail = detail));
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

/// Dry-run lines: printed (text), or kept for the JSON answer.
fn print_or_keep(json: bool, lines: Vec<String>, kept: &mut Vec<String>) {
    if json {
        kept.extend(lines);
    } else {
        for line in lines {
            println!("{line}");
        }
    }
}

async fn check(ctx: &Context) -> anyhow::Result<Exit> {
    let settings =
        Settings::resolve(ctx.config.ldap.as_ref()).map_err(|e| UsageError(e.text(ctx.lang)))?;
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
        println!(
            "{}",
            tr!(
                ctx.lang,
                "ldap-pulled-logins",
                new = p.logins_recorded,
                adoptable = p.adoptable
            )
        );
        if dry_run {
            output::dry_run_note(ctx.lang);
        }
    }
    Ok(serde_json::to_value(&p)?)
}
