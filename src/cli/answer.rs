//! Answering requests (§22): `logins issue` (grant, reactivate) and `requests apply` (change,
//! block). Each answer writes, in one transaction, the account change, the journal row (§25)
//! where a login and temporary password are issued, the request's status and answer time, and
//! the audit record. The rules are re-checked on the as-of date first: a person dismissed since
//! the request came in is refused, not given access (§30).

use super::output;
use crate::app::deliver::{self, Delivered, Letters, Route, letter_route};
use crate::app::intake::{access_lock, check_on_record, refusal_text};
use crate::context::Context;
use crate::domain::account::BlockReason;
use crate::domain::login::{self, NameParts};
use crate::domain::request::{Refusal, RequestKind};
use crate::exit::{Exit, UsageError};
use crate::export::letters::{Addressee, Answer};
use crate::i18n::tr;
use crate::secrets::TransitKey;
use crate::store::accounts::{self, JournalEntry, NewAccount};
use crate::store::deliveries::{self, Channel, NewDelivery};
use crate::store::requests::{self as store, RequestRow};
use crate::store::{Store, Tx};
use chrono::Utc;
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;

/// What happened to one request.
#[derive(Debug, Serialize)]
pub struct Answered {
    pub id: i64,
    pub kind: String,
    /// `done`, `refused`, or `skipped` (already answered before this run).
    pub status: String,
    pub login: Option<String>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct Report {
    answered: Vec<Answered>,
    done: usize,
    refused: usize,
    skipped: usize,
    /// Requests left pending because they cannot be answered as they stand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unanswered: Vec<String>,
    /// What was handed over: credentials files, letter files, letters sent (also those of
    /// earlier runs that a kill left undelivered).
    delivered: Delivered,
    dry_run: bool,
}

/// The start of an answering run: the transaction under the access lock, the pending requests
/// to answer, and the report with those already answered.
async fn begin(
    ctx: &Context,
    ids: &[i64],
    kinds: [&str; 2],
    other_command: &str,
    dry_run: bool,
) -> anyhow::Result<(Store, Tx, Vec<RequestRow>, Report)> {
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    access_lock(&mut tx).await?;
    let (pending, skipped) = select(ctx, &mut tx, ids, kinds, other_command).await?;
    let report = Report {
        skipped: skipped.len(),
        answered: skipped,
        dry_run,
        ..Report::default()
    };
    Ok((db, tx, pending, report))
}

/// The requests a run answers: the ids given (each must exist and be of a kind this command
/// answers), or every pending one of those kinds when none is given (`--all`).
async fn select(
    ctx: &Context,
    tx: &mut Tx,
    ids: &[i64],
    kinds: [&str; 2],
    other_command: &str,
) -> anyhow::Result<(Vec<RequestRow>, Vec<Answered>)> {
    // Each request once, in the order given (`issue 1 1` answers request 1 once).
    let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    let ids = &unique[..];
    let rows = store::to_answer(tx, ids, &kinds).await?;
    for id in ids {
        let Some(r) = rows.iter().find(|r| r.id == *id) else {
            return Err(UsageError(tr!(ctx.lang, "request-not-found", id = *id)).into());
        };
        if !kinds.contains(&r.kind.as_str()) {
            return Err(UsageError(tr!(
                ctx.lang,
                "answer-wrong-command",
                id = *id,
                kind = r.kind.as_str(),
                command = other_command
            ))
            .into());
        }
    }
    let (pending, done): (Vec<RequestRow>, Vec<RequestRow>) =
        rows.into_iter().partition(|r| r.status == "pending");
    let skipped = done
        .into_iter()
        .map(|r| Answered {
            id: r.id,
            kind: r.kind,
            status: "skipped".into(),
            login: r.answer_login,
            reason_code: Some(format!("already_{}", r.status)),
            reason: None,
        })
        .collect();
    Ok((pending, skipped))
}

/// Re-checks a pending request on the as-of date: the refusal to answer with, if any.
async fn recheck(
    ctx: &Context,
    tx: &mut Tx,
    r: &RequestRow,
    systems: &HashSet<String>,
) -> anyhow::Result<Option<(Vec<&'static str>, Refusal, String)>> {
    let Some(req) = r.to_request() else {
        return Ok(None);
    };
    let refusals = check_on_record(tx, &req, systems, ctx).await?;
    Ok(refusals.first().cloned().map(|first| {
        let text = refusal_text(ctx.lang, &first, &req);
        (refusals.iter().map(Refusal::code).collect(), first, text)
    }))
}

/// Records one letter of an answer, sealed, for delivery after the commit.
async fn letter(
    ctx: &Context,
    tx: &mut Tx,
    letters: &Letters,
    r: &RequestRow,
    answer: &Answer<'_>,
    what: &str,
) -> anyhow::Result<()> {
    let full_name = r.full_name();
    let to = Addressee {
        request_id: r.id,
        full_name: &full_name,
        email: &r.reply_email,
        received_on: r
            .received_at
            .with_timezone(&crate::context::almaty())
            .date_naive(),
    };
    deliver::queue_letter(ctx, tx, letters, &to, answer, what).await
}

/// Records a refusal at answer time, with its letter.
async fn refuse(
    ctx: &Context,
    tx: &mut Tx,
    letters: &Letters,
    r: &RequestRow,
    (codes, first, text): (Vec<&'static str>, Refusal, String),
) -> anyhow::Result<Option<Answered>> {
    if !store::answer(
        tx,
        r.id,
        "refused",
        &codes,
        Some(&text),
        ctx.as_of.with_timezone(&Utc),
        None,
    )
    .await?
    {
        return Ok(None);
    }
    letter(
        ctx,
        tx,
        letters,
        r,
        &Answer::Refused {
            reason: &text,
            paragraph: first.paragraph(),
        },
        "refused",
    )
    .await?;
    Ok(Some(Answered {
        id: r.id,
        kind: r.kind.clone(),
        status: "refused".into(),
        login: r.login.clone(),
        reason_code: codes.first().map(|c| (*c).to_owned()),
        reason: Some(text),
    }))
}

/// Re-checks a request on the as-of date; when it now breaks a rule, records the refusal (with
/// its letter) and returns true.
#[allow(clippy::too_many_arguments)]
async fn refused_now(
    ctx: &Context,
    tx: &mut Tx,
    letters: &Letters,
    r: &RequestRow,
    systems: &HashSet<String>,
    report: &mut Report,
    audit_objects: &mut Vec<serde_json::Value>,
) -> anyhow::Result<bool> {
    let Some(refusal) = recheck(ctx, tx, r, systems).await? else {
        return Ok(false);
    };
    if let Some(a) = refuse(ctx, tx, letters, r, refusal).await? {
        audit_objects.push(serde_json::json!({ "request": r.id, "refused": a.reason_code }));
        report.refused += 1;
        report.answered.push(a);
    }
    Ok(true)
}

/// The audit record of an answering run (never a password: logins and request numbers only).
async fn audit_run(
    ctx: &Context,
    tx: &mut Tx,
    action: &str,
    objects: Vec<serde_json::Value>,
    report: &Report,
) -> anyhow::Result<()> {
    let entry = ctx.audit_entry(
        action,
        serde_json::Value::Array(objects),
        (report.done + report.refused) as i64,
        serde_json::json!({ "done": report.done, "refused": report.refused, "skipped": report.skipped }),
    );
    crate::store::audit::append(tx, &entry).await?;
    Ok(())
}

/// The journal's letter column: region / outgoing letter / incoming registration.
fn letter_column(r: &RequestRow) -> String {
    let d = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d.%m.%Y").to_string());
    let numbered = |no: &Option<String>, date: Option<String>| match (no, date) {
        (Some(n), Some(d)) => Some(format!("№ {n}, {d}")),
        (Some(n), None) => Some(format!("№ {n}")),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    };
    [
        r.region.clone(),
        numbered(&r.letter_no, d(r.letter_date)),
        numbered(&r.incoming_no, d(r.incoming_date)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" / ")
}

/// The transit key: the temporary passwords wait sealed with it for `ldap sync --push`, and
/// the credentials rows and letters until they are delivered. A dry run makes nothing and
/// seals nothing.
fn transit_key(ctx: &Context, dry_run: bool) -> anyhow::Result<Option<TransitKey>> {
    if dry_run {
        return Ok(None);
    }
    deliver::transit_key(ctx).map(Some)
}

fn seal(key: &Option<TransitKey>, login: &str, password: &str) -> anyhow::Result<Option<String>> {
    Ok(key.as_ref().map(|k| k.seal(login, password)).transpose()?)
}

/// The sealed password for the directory push, only where a directory is configured.
fn seal_for_push(
    ctx: &Context,
    key: &Option<TransitKey>,
    login: &str,
    password: &str,
) -> anyhow::Result<Option<String>> {
    if ctx.config.ldap.is_none() {
        return Ok(None);
    }
    seal(key, login, password)
}

/// One row of the credentials file, as CSV text (a line).
fn credentials_line(fields: [&str; 7]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(fields)?;
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?,
    )?)
}

/// Delivers what this run (and any earlier, killed run) left open, after the commit.
async fn hand_over(ctx: &Context, db: &Store, report: &mut Report) -> anyhow::Result<()> {
    report.delivered = deliver::run(ctx, db, true).await?;
    Ok(())
}

/// `skud logins issue`: answers pending grant and reactivate requests.
pub async fn issue(
    ctx: &Context,
    ids: Vec<i64>,
    all: bool,
    credentials: PathBuf,
    outbox: Option<PathBuf>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    if ids.is_empty() && !all {
        return Err(UsageError(tr!(ctx.lang, "answer-name-requests")).into());
    }
    if ctx.admin_source == crate::context::Source::Default {
        return Err(UsageError(tr!(ctx.lang, "admin-required")).into());
    }
    let template = ctx.login_template()?;
    // Checked before anything is answered: a file of passwords is never written over, nor
    // through a symlink.
    crate::files::check(
        &credentials,
        &crate::files::Rules::private(crate::files::CREDENTIALS),
    )?;
    let credentials_target = absolute(&credentials)?;
    let route = letter_route(ctx, outbox)?;
    let (db, mut tx, pending, mut report) = begin(
        ctx,
        &ids,
        ["grant", "reactivate"],
        "requests apply",
        dry_run,
    )
    .await?;
    if pending.is_empty() {
        tx.rollback().await?;
        if !dry_run {
            hand_over(ctx, &db, &mut report).await?;
        }
        return finish(ctx, report, "logins-nothing-pending");
    }
    let transit = transit_key(ctx, dry_run)?;
    let letters = Letters {
        route,
        key: transit.clone(),
    };
    let systems = store::system_codes(&mut tx).await?;
    // §26: every login ever issued, and every login the directory was seen to hold.
    let mut taken = accounts::all_logins(&mut tx).await?;
    taken.extend(crate::store::directory::directory_logins(&mut tx).await?);
    let reserved = crate::context::host_system_accounts();
    // The passwords are hashed on the other cores while the database work goes on.
    let (send, mut secrets) = tokio::sync::mpsc::channel(4);
    let n = pending.len();
    let hashing = tokio::task::spawn_blocking(move || crate::secrets::stream_passwords(n, send));
    let mut ready: std::vec::IntoIter<(String, String)> = Vec::new().into_iter();
    let at = ctx.as_of.with_timezone(&Utc);
    let today = ctx.today();
    let mut audit_objects = Vec::new();
    for r in &pending {
        let (password, hash) = match ready.next() {
            Some(pair) => pair,
            None => {
                let batch = secrets
                    .recv()
                    .await
                    .ok_or_else(|| anyhow::anyhow!("the password hashing thread stopped"))??;
                ready = batch.into_iter();
                ready
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("the password hashing thread sent nothing"))?
            }
        };
        if refused_now(
            ctx,
            &mut tx,
            &letters,
            r,
            &systems,
            &mut report,
            &mut audit_objects,
        )
        .await?
        {
            continue;
        }
        let reactivation = r.kind == RequestKind::Reactivate.as_str();
        let login = if reactivation {
            let login = r.login.clone().unwrap_or_default();
            let sealed = seal_for_push(ctx, &transit, &login, &password)?;
            if !accounts::reactivate(&mut tx, &login, &hash, sealed.as_deref(), at).await? {
                anyhow::bail!(
                    "request {}: the account {login} changed during the run; nothing was written",
                    r.id
                );
            }
            login
        } else {
            let parts = NameParts {
                surname: &r.surname,
                name: &r.name,
                patronymic: r.patronymic.as_deref(),
            };
            let Some(login) = login::generate(&template, parts, &|l| taken.contains(l), &reserved)
            else {
                // Left pending for the administrator: the name must be corrected first.
                report.unanswered.push(tr!(
                    ctx.lang,
                    "login-cannot-generate",
                    id = r.id,
                    name = r.full_name()
                ));
                continue;
            };
            taken.insert(login.clone());
            let sealed = seal_for_push(ctx, &transit, &login, &password)?;
            let account = NewAccount {
                login: &login,
                iin: &r.iin,
                surname: &r.surname,
                name: &r.name,
                patronymic: r.patronymic.as_deref(),
                password_hash: &hash,
                password_sealed: sealed.as_deref(),
                at,
                request_id: r.id,
            };
            accounts::create(&mut tx, &account).await?;
            accounts::set_systems(&mut tx, &login, &r.system_codes(), r.functions.as_deref())
                .await?;
            login
        };
        let (basis, basis_kind) = match (&r.basis_order_no, r.basis_order_date) {
            (Some(no), Some(date)) if !reactivation => {
                // The rules were checked just now, so the order is on record.
                let Some((stored_no, kind)) = store::basis_order(&mut tx, &r.iin, no, date).await?
                else {
                    anyhow::bail!(
                        "request {}: its basis order disappeared during the run",
                        r.id
                    );
                };
                (format!("№ {stored_no}, {}", date.format("%d.%m.%Y")), kind)
            }
            _ => (String::new(), "reactivation".to_owned()),
        };
        let systems_of_account: Vec<String> = if reactivation {
            accounts::system_codes_in(&mut tx, &login).await?
        } else {
            r.system_codes()
        };
        let entry = JournalEntry {
            issued_on: today,
            login: &login,
            request_id: r.id,
            letter: &letter_column(r),
            systems: &systems_of_account.join(","),
            basis: &basis,
            basis_kind: &basis_kind,
            admin: &ctx.admin,
            full_name: &r.full_name(),
            reactivation,
            replaces: None,
        };
        let no = accounts::journal_append(&mut tx, &entry).await?;
        if !store::answer(&mut tx, r.id, "done", &[], None, at, Some(&login)).await? {
            anyhow::bail!(
                "request {} was answered during the run; nothing was written",
                r.id
            );
        }
        if let Some(key) = &transit {
            let id = r.id.to_string();
            let line = credentials_line([
                &id,
                &r.kind,
                &login,
                &password,
                &crate::files::defuse(&r.full_name()),
                &r.iin,
                &r.reply_email,
            ])?;
            deliveries::add(
                &mut tx,
                &NewDelivery {
                    request_id: r.id,
                    channel: Channel::Credentials,
                    what: &r.kind,
                    target: &credentials_target,
                    message_id: None,
                    sealed: &key.seal(&deliver::credentials_ad(r.id), &line)?,
                    at,
                },
            )
            .await?;
        }
        let answer = if reactivation {
            Answer::Reactivated {
                login: &login,
                password: &password,
            }
        } else {
            Answer::Issued {
                login: &login,
                password: &password,
            }
        };
        letter(
            ctx,
            &mut tx,
            &letters,
            r,
            &answer,
            if reactivation {
                "reactivated"
            } else {
                "issued"
            },
        )
        .await?;
        audit_objects
            .push(serde_json::json!({ "request": r.id, "login": login, "journal_no": no }));
        report.done += 1;
        report.answered.push(Answered {
            id: r.id,
            kind: r.kind.clone(),
            status: "done".into(),
            login: Some(login),
            reason_code: None,
            reason: None,
        });
    }
    drop(secrets);
    hashing.await?;
    audit_run(ctx, &mut tx, "logins.issue", audit_objects, &report).await?;
    if dry_run {
        tx.rollback().await?;
        return finish(ctx, report, "logins-issued");
    }
    tx.commit().await?;
    hand_over(ctx, &db, &mut report).await?;
    finish(ctx, report, "logins-issued")
}

/// `skud requests apply`: answers pending change (§27) and block requests.
pub async fn apply(
    ctx: &Context,
    ids: Vec<i64>,
    all: bool,
    outbox: Option<PathBuf>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    if ids.is_empty() && !all {
        return Err(UsageError(tr!(ctx.lang, "answer-name-requests")).into());
    }
    let route = letter_route(ctx, outbox)?;
    let (db, mut tx, pending, mut report) =
        begin(ctx, &ids, ["change", "block"], "logins issue", dry_run).await?;
    if pending.is_empty() {
        tx.rollback().await?;
        if !dry_run {
            hand_over(ctx, &db, &mut report).await?;
        }
        return finish(ctx, report, "requests-nothing-pending");
    }
    let letters = Letters {
        key: match route {
            Route::None => None,
            _ => transit_key(ctx, dry_run)?,
        },
        route,
    };
    let systems = store::system_codes(&mut tx).await?;
    let at = ctx.as_of.with_timezone(&Utc);
    let mut audit_objects = Vec::new();
    for r in &pending {
        if refused_now(
            ctx,
            &mut tx,
            &letters,
            r,
            &systems,
            &mut report,
            &mut audit_objects,
        )
        .await?
        {
            continue;
        }
        let login = r.login.clone().unwrap_or_default();
        let codes = r.system_codes();
        if r.kind == RequestKind::Change.as_str() {
            accounts::set_systems(&mut tx, &login, &codes, r.functions.as_deref()).await?;
        } else {
            let note = format!("request {}", r.id);
            accounts::block(
                &mut tx,
                &login,
                BlockReason::Request.as_str(),
                Some(&note),
                at,
            )
            .await?;
        }
        if !store::answer(&mut tx, r.id, "done", &[], None, at, Some(&login)).await? {
            anyhow::bail!(
                "request {} was answered during the run; nothing was written",
                r.id
            );
        }
        let joined = codes.join(", ");
        let (answer, what) = if r.kind == RequestKind::Change.as_str() {
            (
                Answer::Changed {
                    login: &login,
                    systems: &joined,
                },
                "changed",
            )
        } else {
            (Answer::Blocked { login: &login }, "blocked")
        };
        letter(ctx, &mut tx, &letters, r, &answer, what).await?;
        audit_objects.push(serde_json::json!({ "request": r.id, "kind": r.kind, "login": login, "systems": codes }));
        report.done += 1;
        report.answered.push(Answered {
            id: r.id,
            kind: r.kind.clone(),
            status: "done".into(),
            login: Some(login),
            reason_code: None,
            reason: None,
        });
    }
    audit_run(ctx, &mut tx, "requests.apply", audit_objects, &report).await?;
    if dry_run {
        tx.rollback().await?;
        return finish(ctx, report, "requests-applied");
    }
    tx.commit().await?;
    hand_over(ctx, &db, &mut report).await?;
    finish(ctx, report, "requests-applied")
}

fn finish(ctx: &Context, report: Report, summary_key: &str) -> anyhow::Result<Exit> {
    // Attention: a request left pending, or a file not put in place after the commit.
    let exit = if report.unanswered.is_empty() && report.delivered.failed.is_empty() {
        Exit::Ok
    } else {
        Exit::Attention
    };
    if ctx.json {
        output::json(&report)?;
        return Ok(exit);
    }
    for a in &report.answered {
        let line = match a.status.as_str() {
            "done" => tr!(
                ctx.lang,
                "answer-line-done",
                id = a.id,
                kind = a.kind.as_str(),
                login = a.login.clone().unwrap_or_default()
            ),
            "refused" => tr!(
                ctx.lang,
                "answer-line-refused",
                id = a.id,
                reason = a.reason.clone().unwrap_or_default()
            ),
            _ => tr!(
                ctx.lang,
                "answer-line-skipped",
                id = a.id,
                status = a.reason_code.clone().unwrap_or_default()
            ),
        };
        println!("{line}");
    }
    println!(
        "{}",
        tr!(
            ctx.lang,
            summary_key,
            done = report.done,
            refused = report.refused,
            skipped = report.skipped
        )
    );
    print_delivered(ctx, &report.delivered);
    for w in &report.unanswered {
        eprintln!("{w}");
    }
    if report.dry_run {
        eprintln!("{}", tr!(ctx.lang, "dry-run-nothing-written"));
    }
    Ok(exit)
}

/// Prints what a delivery run did (stderr: paths and problems; never a password).
pub fn print_delivered(ctx: &Context, d: &Delivered) {
    for c in &d.credentials {
        eprintln!(
            "{}",
            tr!(ctx.lang, "credentials-written", path = c.as_str())
        );
    }
    for l in &d.letters {
        eprintln!("{}", tr!(ctx.lang, "letter-written", path = l.as_str()));
    }
    if d.sent > 0 {
        eprintln!("{}", tr!(ctx.lang, "mail-sent", count = d.sent));
    }
    for f in &d.failed {
        eprintln!("{}", tr!(ctx.lang, "mail-failed", detail = f.as_str()));
    }
    for why in d.later.iter().chain(&d.misconfigured) {
        eprintln!(
            "{}",
            tr!(
                ctx.lang,
                "mail-later",
                count = d.waiting,
                reason = why.as_str()
            )
        );
    }
    for c in d.cleaned.iter().chain(&d.warnings) {
        eprintln!("{c}");
    }
}

/// The absolute path of a file to be written (its folder must exist).
fn absolute(path: &std::path::Path) -> anyhow::Result<String> {
    let folder = crate::files::folder_of(path);
    let folder = folder
        .canonicalize()
        .map_err(|e| UsageError(format!("{}: cannot write there: {e}", folder.display())))?;
    let name = path
        .file_name()
        .ok_or_else(|| UsageError(format!("{}: name a file", path.display())))?;
    Ok(folder.join(name).display().to_string())
}
