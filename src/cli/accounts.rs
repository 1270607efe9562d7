//! `skud accounts list|show|block|seen|password-changed`: accounts and their states (§24, §28,
//! §29).

use super::output;
use crate::context::Context;
use crate::domain::account::{AccountStatus, BlockReason, PasswordChange, password_change};
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::store::accounts::{self as store, AccountRow};
use chrono::{DateTime, FixedOffset, Utc};

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List accounts
    List {
        /// Only accounts in this state
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[command(flatten)]
        who: super::words::Who,
    },
    /// One account, with its systems
    Show { login: String },
    /// Block an account (§28: a security breach; or on request)
    Block {
        login: String,
        #[arg(long, value_enum)]
        reason: BlockArg,
        /// What happened (recorded with the block and in the audit log)
        #[arg(long)]
        note: String,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Record a login event from another source (§28 counts from the last one)
    Seen {
        login: String,
        /// When: DD.MM.YYYY or YYYY-MM-DD, with HH:MM (Asia/Almaty); not after the as-of moment
        #[arg(long, value_name = "DATE[ HH:MM]", value_parser = super::when::moment)]
        at: DateTime<FixedOffset>,
        #[arg(long)]
        dry_run: bool,
    },
    /// Record that the temporary password was replaced: registration is complete (§24)
    PasswordChanged {
        login: String,
        /// When: DD.MM.YYYY or YYYY-MM-DD, with HH:MM (Asia/Almaty); not after the as-of moment
        #[arg(long, value_name = "DATE[ HH:MM]", value_parser = super::when::moment)]
        at: DateTime<FixedOffset>,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum BlockArg {
    Security,
    Request,
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::List { status, who } => {
            list(ctx, status.map(StatusArg::status), who.normalized()).await
        }
        Cmd::Show { login } => show(ctx, &login).await,
        Cmd::Block {
            login,
            reason,
            note,
            dry_run,
        } => {
            let reason = match reason {
                BlockArg::Security => BlockReason::Security,
                BlockArg::Request => BlockReason::Request,
            };
            block(ctx, &login, reason, &note, dry_run).await
        }
        Cmd::Seen { login, at, dry_run } => seen(ctx, &login, at, dry_run).await,
        Cmd::PasswordChanged { login, at, dry_run } => {
            password_changed(ctx, &login, at, dry_run).await
        }
    }
}

/// A moment given with `--at`, which must not be after the as-of moment.
pub fn moment(ctx: &Context, at: DateTime<FixedOffset>) -> anyhow::Result<DateTime<Utc>> {
    if at > ctx.as_of {
        let shown = at.format("%d.%m.%Y %H:%M").to_string();
        let asof = ctx.as_of.format("%d.%m.%Y %H:%M").to_string();
        return Err(UsageError(tr!(ctx.lang, "at-in-future", at = shown, asof = asof)).into());
    }
    Ok(at.with_timezone(&Utc))
}

fn local(t: Option<DateTime<Utc>>) -> String {
    t.map(crate::context::local_time).unwrap_or_default()
}

pub fn account_json(a: &AccountRow) -> serde_json::Value {
    let r = |t: Option<DateTime<Utc>>| t.map(crate::context::rfc3339);
    serde_json::json!({
        "login": a.login, "iin": a.iin, "surname": a.surname, "name": a.name, "patronymic": a.patronymic,
        "status": a.status, "block_reason": a.block_reason, "block_note": a.block_note,
        "issued_at": crate::context::rfc3339(a.issued_at), "password_changed_at": r(a.password_changed_at),
        "last_login_at": r(a.last_login_at), "blocked_at": r(a.blocked_at), "request_id": a.request_id,
        "origin": a.origin, "replaced_by": a.replaced_by,
    })
}

/// `--status`: the account states (`domain::account::AccountStatus`), as flag values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    Pending,
    Active,
    Blocked,
}

impl StatusArg {
    fn status(self) -> AccountStatus {
        match self {
            StatusArg::Pending => AccountStatus::Pending,
            StatusArg::Active => AccountStatus::Active,
            StatusArg::Blocked => AccountStatus::Blocked,
        }
    }
}

async fn list(
    ctx: &Context,
    status: Option<AccountStatus>,
    who: super::words::Who,
) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let filter = store::Filter {
        status: status.map(AccountStatus::as_str),
        iin: who.iin.as_deref(),
        login: who.login.as_deref(),
        system: who.system.as_deref(),
    };
    let rows = store::list(&db, &filter).await?;
    if ctx.json {
        let list: Vec<_> = rows.iter().map(account_json).collect();
        output::json(&serde_json::json!({ "accounts": list }))?;
    } else {
        let header = [
            "col-login",
            "col-iin",
            "col-full-name",
            "col-status",
            "col-issued",
            "col-last-login",
        ]
        .map(|k| tr!(ctx.lang, k))
        .to_vec();
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|a| {
                let status = super::words::account_status(
                    ctx.lang,
                    a.status.as_str(),
                    a.block_reason.0.map(|r| r.as_str()),
                );
                vec![
                    a.login.clone(),
                    a.iin.clone(),
                    crate::domain::order::full_name(&a.surname, &a.name, a.patronymic.as_deref()),
                    status,
                    local(Some(a.issued_at)),
                    local(a.last_login_at),
                ]
            })
            .collect();
        output::table(&header, &table)?;
    }
    Ok(Exit::Ok)
}

async fn fetch(
    ctx: &Context,
    tx: &mut crate::store::Tx,
    login: &str,
) -> anyhow::Result<AccountRow> {
    store::get(tx, login)
        .await?
        .ok_or_else(|| UsageError(tr!(ctx.lang, "account-not-found", login = login)).into())
}

async fn show(ctx: &Context, login: &str) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    let a = fetch(ctx, &mut tx, login).await?;
    tx.rollback().await?;
    let systems = store::systems(&db, login).await?;
    let mut v = account_json(&a);
    v["systems"] = serde_json::json!(
        systems
            .iter()
            .map(|(c, f)| serde_json::json!({ "code": c, "functions": f }))
            .collect::<Vec<_>>()
    );
    if ctx.json {
        output::json(&v)?;
    } else {
        output::fields(&v);
    }
    Ok(Exit::Ok)
}

/// Commits (or, with --dry-run, rolls back) a one-account change with its audit record.
#[allow(clippy::too_many_arguments)]
async fn finish(
    ctx: &Context,
    mut tx: crate::store::Tx,
    action: &str,
    login: &str,
    changed: bool,
    details: serde_json::Value,
    message: String,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    if changed {
        let entry = ctx.audit_entry(action, serde_json::json!([login]), 1, details.clone());
        crate::store::audit::append(&mut tx, &entry).await?;
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    if ctx.json {
        output::json(
            &serde_json::json!({ "login": login, "changed": changed, "details": details, "dry_run": dry_run }),
        )?;
    } else {
        println!("{message}");
        if dry_run {
            output::dry_run_note(ctx.lang);
        }
    }
    Ok(Exit::Ok)
}

async fn block(
    ctx: &Context,
    login: &str,
    reason: BlockReason,
    note: &str,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    fetch(ctx, &mut tx, login).await?;
    let changed = store::block(
        &mut tx,
        login,
        reason,
        Some(note),
        ctx.as_of.with_timezone(&Utc),
    )
    .await?;
    let msg = if changed {
        tr!(
            ctx.lang,
            "account-blocked",
            login = login,
            reason = reason.as_str()
        )
    } else {
        tr!(ctx.lang, "account-already-blocked", login = login)
    };
    finish(
        ctx,
        tx,
        "accounts.block",
        login,
        changed,
        serde_json::json!({ "reason": reason, "note": note }),
        msg,
        dry_run,
    )
    .await
}

async fn seen(
    ctx: &Context,
    login: &str,
    at: DateTime<FixedOffset>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    let at = moment(ctx, at)?;
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    fetch(ctx, &mut tx, login).await?;
    let changed = store::seen(&mut tx, login, at).await?;
    let shown = local(Some(at));
    let msg = if changed {
        tr!(ctx.lang, "account-seen", login = login, at = shown.as_str())
    } else {
        tr!(
            ctx.lang,
            "account-seen-older",
            login = login,
            at = shown.as_str()
        )
    };
    finish(
        ctx,
        tx,
        "accounts.seen",
        login,
        changed,
        serde_json::json!({ "at": crate::context::rfc3339(at) }),
        msg,
        dry_run,
    )
    .await
}

async fn password_changed(
    ctx: &Context,
    login: &str,
    at: DateTime<FixedOffset>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    let at = moment(ctx, at)?;
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    let a = fetch(ctx, &mut tx, login).await?;
    let status = a.status;
    let shown = local(Some(at));
    match password_change(status, a.issued_at, at) {
        PasswordChange::BeforeIssue => Err(UsageError(tr!(
            ctx.lang,
            "password-change-before-issue",
            login = login,
            at = shown.as_str(),
            issued = local(Some(a.issued_at))
        ))
        .into()),
        PasswordChange::Blocked => {
            Err(UsageError(tr!(ctx.lang, "password-change-blocked", login = login)).into())
        }
        outcome => {
            store::password_changed(&mut tx, login, at).await?;
            let msg = if outcome == PasswordChange::CompletesRegistration {
                tr!(
                    ctx.lang,
                    "registration-complete",
                    login = login,
                    at = shown.as_str()
                )
            } else {
                tr!(
                    ctx.lang,
                    "password-change-recorded",
                    login = login,
                    at = shown.as_str()
                )
            };
            let details = serde_json::json!({ "at": crate::context::rfc3339(at),
                "registration_complete": outcome == PasswordChange::CompletesRegistration });
            finish(
                ctx,
                tx,
                "accounts.password_changed",
                login,
                true,
                details,
                msg,
                dry_run,
            )
            .await
        }
    }
}
