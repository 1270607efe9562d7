//! `skud requests add|import|list|show|apply|form`: access requests (Appendix 2, §19) in, their
//! answers out (§22, §27).

mod args;

pub use args::AddArgs;

use super::output;
use crate::app::intake::{self, Line, Source, Summary};
use crate::context::Context;
use crate::domain::request::{Malformed, RawRequest, ReqField, RequestStatus};
use crate::exit::{Exit, UsageError};
use crate::export::rejects::RejectsWriter;
use crate::i18n::tr;
use crate::import::OpenOptions;
use crate::store::requests::{self as store, RequestRow};
use std::path::PathBuf;

const AFTER_IMPORT: &str = "A row too malformed to be a request (missing_field, invalid_iin, invalid_ip, invalid_email, \
bad_date, unknown_kind, duplicate_in_file, add_and_remove) is rejected and not recorded: exit status 3. A request that breaks a rule \
(unknown_system, unknown_login, not_acting_staff, no_basis, basis_too_old, basis_mismatch, not_blocked) is recorded as \
refused with its reason: a refusal is an answer (§22), not a failure. The others wait as pending, due at the end of the \
third working day after receipt (§22, Asia/Almaty).";

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Take in one request from flags
    #[command(after_help = AFTER_IMPORT)]
    Add(Box<AddArgs>),
    /// Take in a file of requests (CSV or XLSX; headers in English, Russian or Kazakh)
    #[command(after_help = AFTER_IMPORT)]
    Import {
        /// The file: CSV (UTF-8, UTF-16 with BOM, Windows-1251; `,` `;` or tab) or XLSX. Columns:
        /// kind, iin, full_name (or surname, name, patronymic), login, work_phone, cell_phone, ip,
        /// position, department, systems, functions, basis_order_no, basis_order_date,
        /// reply_email, region, letter_no, letter_date, incoming_no, incoming_date, received_at
        file: PathBuf,
        /// Worksheet of a spreadsheet (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// Write the rejected rows, with row, reason_code and reason, to this CSV file
        #[arg(long, value_name = "OUT.csv")]
        rejects: Option<PathBuf>,
        /// Replace the rejects file if it exists
        #[arg(long, requires = "rejects")]
        force: bool,
        /// Text encoding of a CSV file (default: detected), e.g. windows-1251, utf-8
        #[arg(long)]
        encoding: Option<String>,
        /// Write a reply letter for each refusal into this folder
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// List requests
    List {
        /// Only requests in this state
        #[arg(long, value_parser = ["pending", "refused", "done", "withdrawn"])]
        status: Option<String>,
        /// Only pending requests past their due moment (§22)
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        who: super::words::Who,
    },
    /// Take a pending request back: never answered, no letter, its deadline (§22) stops
    #[command(
        after_help = "Exit status 0: withdrawn; 1: the request is answered already (nothing \
changed); 2: no such request."
    )]
    Withdraw {
        /// The request's number
        id: i64,
        /// Why (kept with the request and in the audit log)
        #[arg(long)]
        note: Option<String>,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// One request, with its answer
    Show {
        /// The request's number
        id: i64,
    },
    /// Answer pending change (§27) and block requests
    Apply {
        /// The requests to answer (default with --all: every pending change and block)
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
        /// Answer every pending change and block request
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// Write a reply letter for each answer into this folder
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the filled Appendix 2 form of a request
    Form {
        /// The request's number
        id: i64,
        /// The XLSX file to write (mode 0600: it names a person)
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// Replace FILE.xlsx if it exists
        #[arg(long)]
        force: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Add(a) => add(ctx, *a).await,
        Cmd::Import {
            file,
            sheet,
            encoding,
            rejects,
            force,
            outbox,
            dry_run,
        } => {
            let open = OpenOptions {
                sheet,
                encoding: super::orders::parse_encoding(encoding)?,
            };
            import(ctx, file, open, (rejects, force), outbox, dry_run).await
        }
        Cmd::List {
            status,
            overdue,
            who,
        } => list(ctx, status, overdue, who.normalized()).await,
        Cmd::Show { id } => show(ctx, id).await,
        Cmd::Withdraw { id, note, dry_run } => {
            let w = crate::app::withdraw_request::withdraw(ctx, id, note, dry_run).await?;
            if ctx.json {
                output::json(&w)?;
            } else {
                let key = if w.dry_run {
                    "request-withdrawn-dry-run"
                } else {
                    "request-withdrawn"
                };
                println!("{}", tr!(ctx.lang, key, id = w.id));
            }
            Ok(Exit::Ok)
        }
        Cmd::Apply {
            ids,
            all,
            outbox,
            dry_run,
        } => {
            let sel = crate::app::answer::Selection { ids, all, dry_run };
            let report = crate::app::answer::apply(ctx, sel, outbox).await?;
            super::answer::print(ctx, &report, "requests-applied", "requests-nothing-pending")
        }
        Cmd::Form { id, out, force } => form(ctx, id, out, force).await,
    }
}

/// The systems a request names, as a table shows them: the list, and a change's `+ADDED`
/// and `-REMOVED`.
pub fn systems_text(r: &RequestRow) -> String {
    let mut parts: Vec<String> = r.system_codes();
    let split = |v: &Option<String>| {
        crate::domain::request::split_systems(v.as_deref().unwrap_or_default())
    };
    parts.extend(split(&r.add_systems).into_iter().map(|c| format!("+{c}")));
    parts.extend(
        split(&r.remove_systems)
            .into_iter()
            .map(|c| format!("-{c}")),
    );
    parts.join(",")
}

/// Why a flag of `requests add` cannot be a request's value, naming the flag.
fn flag_text(lang: crate::i18n::Lang, m: &Malformed, raw: &RawRequest) -> String {
    let flag = |f: ReqField| format!("--{}", f.as_str().replace('_', "-"));
    match m {
        Malformed::MissingField(f) => tr!(lang, "flag-missing", flag = flag(*f)),
        Malformed::BadDate(f) => {
            let written = raw.get(*f);
            let why = match crate::context::read_moment(written) {
                Err(bad) => crate::context::bad_when_text(lang, written, bad),
                Ok(_) => tr!(lang, "reject-received-in-future", value = written),
            };
            format!("{}: {why}", flag(*f))
        }
        _ => intake::malformed_text(lang, m, raw, &flag, 0),
    }
}

async fn add(ctx: &Context, a: AddArgs) -> anyhow::Result<Exit> {
    let raw = a.raw();
    // A flag that cannot be a request's value is a usage error naming the flag (exit 2), not a
    // rejected row of a file.
    if let Err(m) = crate::domain::request::parse_request(&raw, ctx.as_of) {
        return Err(crate::exit::UsageError(flag_text(ctx.lang, &m, &raw)).into());
    }
    let outbox = crate::app::deliver::letters_for(ctx, a.outbox.clone(), a.dry_run)?;
    let (db, _) = super::open(ctx).await?;
    let line = Line {
        row: 0,
        raw,
        cells: None,
        as_read: None,
    };
    let src = Source {
        action: "requests.add",
        file: None,
        path: None,
    };
    let lines = intake::Lines::Given(vec![line].into_iter());
    let sum = intake::intake(ctx, &db, lines, src, None, outbox, a.dry_run).await?;
    if ctx.json {
        if let Some(r) = sum.requests.first()
            && !sum.dry_run
            && let Some(row) = store::get(&db, r.id).await?
        {
            output::json(&show_json(ctx.lang, &row))?;
        } else {
            output::json(&sum)?;
        }
    } else {
        print_summary(ctx, &sum)?;
    }
    Ok(if sum.rejected > 0 {
        Exit::Attention
    } else {
        Exit::Ok
    })
}

async fn import(
    ctx: &Context,
    file: PathBuf,
    opts: OpenOptions,
    (rejects, force): (Option<PathBuf>, bool),
    outbox: Option<PathBuf>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    let rejects = rejects
        .map(|p| RejectsWriter::create(&p, false, std::slice::from_ref(&file), force))
        .transpose()?;
    let outbox = crate::app::deliver::letters_for(ctx, outbox, dry_run)?;
    let (db, _) = super::open(ctx).await?;
    let (sum, info) = intake::intake_file(ctx, &db, &file, &opts, rejects, outbox, dry_run).await?;
    if !ctx.json {
        output::file_notes(ctx.lang, &info);
    }
    print_summary(ctx, &sum)?;
    Ok(if sum.rejected > 0 {
        Exit::Attention
    } else {
        Exit::Ok
    })
}

/// `requests show --json`: the fields of DESIGN.md.
pub fn show_json(lang: crate::i18n::Lang, r: &RequestRow) -> serde_json::Value {
    serde_json::json!({
        "id": r.id, "kind": r.kind, "iin": r.iin, "full_name": r.full_name(), "login": r.login,
        "systems": r.system_codes(), "functions": r.functions, "status": r.status,
        "add_systems": r.add_systems.as_deref().map(crate::domain::request::split_systems),
        "remove_systems": r.remove_systems.as_deref().map(crate::domain::request::split_systems),
        "reason_code": r.reason_code, "reasons": r.reasons.as_deref().map(|s| s.split(',').collect::<Vec<_>>()),
        "reason": intake::stored_reason(lang, r), "received_at": crate::context::rfc3339(r.received_at), "due_at": crate::context::rfc3339(r.due_at),
        "answered_at": r.answered_at.map(crate::context::rfc3339), "answer_login": r.answer_login,
        "basis_order_no": r.basis_order_no, "basis_order_date": r.basis_order_date, "reply_email": r.reply_email,
        "ip": r.ip, "position": r.position, "department": r.department,
    })
}

async fn list(
    ctx: &Context,
    status: Option<String>,
    overdue: bool,
    who: super::words::Who,
) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let at = overdue.then(|| ctx.as_of.with_timezone(&chrono::Utc));
    let status = status
        .map(RequestStatus::try_from)
        .transpose()
        .map_err(UsageError)?;
    let filter = store::Filter {
        status,
        overdue_at: at,
        iin: who.iin.as_deref(),
        login: who.login.as_deref(),
        system: who.system.as_deref(),
    };
    let rows = store::list(&db, &filter).await?;
    if ctx.json {
        let list: Vec<_> = rows.iter().map(|r| show_json(ctx.lang, r)).collect();
        output::json(&serde_json::json!({ "requests": list }))?;
    } else {
        let header = [
            "col-id",
            "col-kind",
            "col-iin",
            "col-full-name",
            "col-systems",
            "col-status",
            "col-due",
            "col-reason",
        ]
        .map(|k| tr!(ctx.lang, k))
        .to_vec();
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    super::words::request_kind(ctx.lang, r.kind.as_str()),
                    r.iin.clone(),
                    r.full_name(),
                    systems_text(r),
                    super::words::request_status(ctx.lang, r.status.as_str()),
                    crate::context::local_time(r.due_at),
                    r.reason_code
                        .as_deref()
                        .map(|c| tr!(ctx.lang, "value-reason", code = c))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        output::table(&header, &table)?;
    }
    Ok(if overdue && !rows.is_empty() {
        Exit::Attention
    } else {
        Exit::Ok
    })
}

async fn show(ctx: &Context, id: i64) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let Some(r) = store::get(&db, id).await? else {
        return Err(UsageError(tr!(ctx.lang, "request-not-found", id = id)).into());
    };
    let v = show_json(ctx.lang, &r);
    if ctx.json {
        output::json(&v)?;
    } else {
        output::fields(&v);
    }
    Ok(Exit::Ok)
}

async fn form(ctx: &Context, id: i64, out: PathBuf, force: bool) -> anyhow::Result<Exit> {
    let mut rules = crate::files::Rules::private("form");
    rules.force = force;
    crate::files::check(&out, &rules)?;
    let (db, _) = super::open(ctx).await?;
    let Some(r) = store::get(&db, id).await? else {
        return Err(UsageError(tr!(ctx.lang, "request-not-found", id = id)).into());
    };
    let systems = crate::store::systems::list(&db).await?;
    crate::files::save_with(&out, &rules, |tmp| {
        crate::export::form::write(ctx.lang, &r, &systems, tmp)
    })?;
    if ctx.json {
        output::json(&serde_json::json!({ "id": id, "out": out }))?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "form-written",
                id = id,
                path = out.display().to_string()
            )
        );
    }
    Ok(Exit::Ok)
}

/// Prints the summary of an intake as text (stdout: one line per request; stderr: rejects).
fn print_summary(ctx: &Context, sum: &Summary) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(sum);
    }
    // `-q` prints less on stderr: no line per rejected row (as for orders).
    let rejects = if ctx.quiet { &[][..] } else { &sum.rejects[..] };
    for r in &sum.requests {
        let line = match (&r.reason, r.already_recorded) {
            (_, true) => tr!(
                ctx.lang,
                "request-line-already",
                id = r.id,
                row = r.row,
                status = r.status.as_str()
            ),
            (Some(reason), _) => tr!(
                ctx.lang,
                "request-line-refused",
                id = r.id,
                row = r.row,
                reason = reason.as_str()
            ),
            (None, _) => tr!(
                ctx.lang,
                "request-line-pending",
                id = r.id,
                row = r.row,
                due = r.due_at.as_str()
            ),
        };
        println!("{line}");
        if let (Some(w), Some(code)) = (&r.warning, r.warning_code) {
            eprintln!("{} {}: {w} ({code})", tr!(ctx.lang, "word-row"), r.row);
        }
    }
    for r in rejects {
        eprintln!(
            "{}",
            tr!(
                ctx.lang,
                "request-line-rejected",
                row = r.row,
                code = r.reason_code.as_str(),
                reason = r.reason.as_str()
            )
        );
    }
    if sum.not_listed > 0 {
        eprintln!(
            "{}",
            tr!(ctx.lang, "summary-not-listed", n = sum.not_listed)
        );
    }
    println!(
        "{}",
        tr!(
            ctx.lang,
            "requests-summary",
            rows = sum.rows,
            recorded = sum.recorded,
            refused = sum.refused,
            already = sum.already_recorded,
            rejected = sum.rejected
        )
    );
    for l in &sum.letters {
        eprintln!("{}", tr!(ctx.lang, "letter-written", path = l.as_str()));
    }
    for w in &sum.warnings {
        eprintln!("{w}");
    }
    if sum.dry_run {
        output::dry_run_note(ctx.lang);
    }
    Ok(())
}
