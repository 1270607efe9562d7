//! `skud orders import|list`: HR orders in (§23), and what is on record.

use super::output;
use crate::app::import_orders::{self, Request};
use crate::context::Context;
use crate::domain::order::full_name;
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::import::OpenOptions;
use crate::store::orders as store;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Import HR order files (CSV or XLSX) in one transaction
    #[command(
        after_help = "Rows that fail a check are rejected with a reason code (missing_field, invalid_iin, bad_date, \
future_order, older_than_one_year, unknown_kind, duplicate_in_file, name_mismatch, lost_letters, extra_cells); the good rows \
are stored. Exit status 3 when any row was rejected. A row already stored is counted as already_imported and changes \
nothing. The header is looked for in the first 20 rows, below a title. The summary names the import (import_id), \
which `skud orders revert` takes back."
    )]
    Import {
        /// The files: CSV (UTF-8, UTF-16 with BOM, Windows-1251; `,` `;` or tab) or XLSX
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Worksheet of a spreadsheet (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// Write the rejected rows, with row, reason_code and reason, to this CSV file
        #[arg(long, value_name = "OUT.csv")]
        rejects: Option<PathBuf>,
        /// Replace the rejects file if it exists
        #[arg(long, requires = "rejects")]
        force: bool,
        /// Text encoding of CSV files (default: detected), e.g. windows-1251, utf-8, koi8-r
        #[arg(long)]
        encoding: Option<String>,
        /// Check and report; write nothing to the database
        #[arg(long)]
        dry_run: bool,
    },
    /// List the orders on record
    List {
        /// Only this person's orders
        #[arg(long)]
        iin: Option<String>,
        /// Only orders of this kind
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only the orders of this import (its import_id)
        #[arg(long, value_name = "IMPORT_ID")]
        import: Option<i64>,
        /// At most this many orders
        #[arg(long)]
        limit: Option<i64>,
    },
    /// Take an import back: remove its orders, when nothing rests on them yet
    #[command(
        after_help = "Refused, naming them, when a request was answered on the basis of one of its orders (§23) or an \
account was blocked for dismissal of a person it dismisses (§30). One transaction with an audit record; the import stays on record as \
reverted. `skud orders list` shows each order's import_id."
    )]
    Revert {
        /// The import's id (`orders import --json` gives it as import_id)
        #[arg(value_name = "IMPORT_ID")]
        import_id: i64,
        /// Check and count; remove nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Hire,
    Transfer,
    Dismissal,
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Import {
            files,
            sheet,
            rejects,
            force,
            encoding,
            dry_run,
        } => {
            let encoding = parse_encoding(encoding)?;
            let req = Request {
                files,
                open: OpenOptions { sheet, encoding },
                rejects,
                force,
                dry_run,
            };
            import(ctx, &req).await
        }
        Cmd::List {
            iin,
            kind,
            import,
            limit,
        } => list(ctx, iin, kind, import, limit).await,
        Cmd::Revert { import_id, dry_run } => revert(ctx, import_id, dry_run).await,
    }
}

async fn import(ctx: &Context, req: &Request) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let s = import_orders::run(ctx, &db, req).await?;
    db.close().await;
    if ctx.json {
        output::json(&s)?;
    } else {
        let lang = ctx.lang;
        for f in &s.file_details {
            output::file_notes(lang, f);
        }
        const SHOWN: usize = 20;
        if !ctx.quiet {
            for r in s.rejects.iter().take(SHOWN) {
                eprintln!(
                    "{}: {} {}: {} ({})",
                    r.file,
                    tr!(lang, "word-row"),
                    r.row,
                    r.reason,
                    r.reason_code
                );
            }
            if s.rejected > SHOWN as u64 {
                eprintln!(
                    "{}",
                    tr!(lang, "import-more-rejects", n = s.rejected - SHOWN as u64)
                );
            }
            for w in s.warning_details.iter().take(SHOWN) {
                eprintln!(
                    "{}: {} {}: {} ({})",
                    w.file,
                    tr!(lang, "word-row"),
                    w.row,
                    w.warning,
                    w.warning_code
                );
            }
        }
        for a in &s.dismissed_accounts {
            let d = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "import-dismissed-account",
                    file = a.file.as_str(),
                    row = a.row,
                    iin = a.iin.as_str(),
                    date = d(a.effective_date),
                    login = a.login.as_str(),
                    status = a.status.as_str(),
                    blocked = d(a.blocked_on)
                )
            );
        }
        println!(
            "{}",
            tr!(
                lang,
                "import-summary",
                rows = s.rows,
                imported = s.imported,
                already = s.already_imported,
                rejected = s.rejected,
                warnings = s.warnings
            )
        );
        if s.dry_run {
            output::dry_run_note(lang);
        }
        if let Some(p) = &s.rejects_file {
            println!("{}", tr!(lang, "import-rejects-file", file = p.as_str()));
        }
    }
    Ok(if s.rejected > 0 {
        Exit::Attention
    } else {
        Exit::Ok
    })
}

async fn list(
    ctx: &Context,
    iin: Option<String>,
    kind: Option<KindArg>,
    import: Option<i64>,
    limit: Option<i64>,
) -> anyhow::Result<Exit> {
    let kind = kind.map(|k| match k {
        KindArg::Hire => "hire",
        KindArg::Transfer => "transfer",
        KindArg::Dismissal => "dismissal",
    });
    let (db, _) = super::open(ctx).await?;
    let rows = store::list(&db, iin.as_deref(), kind, import, limit).await?;
    if ctx.json {
        output::json(&serde_json::json!({ "orders": rows }))?;
        return Ok(Exit::Ok);
    }
    let l = ctx.lang;
    let header = [
        "col-order-no",
        "col-order-date",
        "col-kind",
        "col-iin",
        "col-full-name",
        "col-position",
        "col-department",
        "col-effective-date",
        "col-import",
    ]
    .map(|k| tr!(l, k))
    .to_vec();
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|o| {
            vec![
                o.order_no,
                o.order_date.format("%d.%m.%Y").to_string(),
                tr!(l, &format!("kind-{}", o.kind.as_str())),
                o.iin,
                full_name(&o.surname, &o.name, o.patronymic.as_deref()),
                o.position,
                o.department,
                o.effective_date.format("%d.%m.%Y").to_string(),
                o.import_id.to_string(),
            ]
        })
        .collect();
    output::table(&header, &table)?;
    Ok(Exit::Ok)
}

async fn revert(ctx: &Context, import_id: i64, dry_run: bool) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let r = crate::app::revert_import::run(ctx, &db, import_id, dry_run).await;
    db.close().await;
    let r = r?;
    if ctx.json {
        output::json(&r)?;
    } else {
        println!(
            "{}",
            tr!(ctx.lang, "revert-done", id = r.import_id, n = r.removed)
        );
        if r.dry_run {
            output::dry_run_note(ctx.lang);
        }
    }
    Ok(Exit::Ok)
}

/// `--encoding LABEL`: a text encoding encoding_rs knows (utf-8, windows-1251, utf-16le, ...).
pub fn parse_encoding(
    label: Option<String>,
) -> Result<Option<&'static encoding_rs::Encoding>, UsageError> {
    label
        .map(|label| {
            encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                UsageError(crate::i18n::Lang::display().msg(
                    "unknown-encoding",
                    &[("label", crate::i18n::Arg::from(label.as_str()))],
                ))
            })
        })
        .transpose()
}
