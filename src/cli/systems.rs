//! `skud systems import|list|add`: the catalogue of information systems that requests name.

use super::output;
use crate::context::Context;
use crate::domain::system::{self, System};
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::import::{
    FileError, OpenOptions, Progress, RowSink, TableInfo, headers::normalize, read_table,
};
use crate::store::systems::{self as store, Upsert};
use anyhow::Context as _;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Add or update systems from a CSV/XLSX file with columns code, name_kk, name_ru
    Import {
        /// The catalogue file (samples/systems.csv is the list of the 2021 order, §4)
        file: PathBuf,
        /// Worksheet of a spreadsheet (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// List the systems
    List,
    /// Add one system, or update its names
    Add {
        /// Short code: Latin capitals, digits, '-' or '_' (it names the directory group)
        code: String,
        /// The name in Russian
        #[arg(long)]
        name_ru: String,
        /// The name in Kazakh
        #[arg(long)]
        name_kk: String,
        /// Check and report; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Import {
            file,
            sheet,
            dry_run,
        } => import(ctx, file, sheet, dry_run).await,
        Cmd::List => list(ctx).await,
        Cmd::Add {
            code,
            name_ru,
            name_kk,
            dry_run,
        } => {
            let s =
                system::check(&code, &name_kk, &name_ru).map_err(|e| UsageError(e.to_string()))?;
            apply(ctx, "systems.add", vec![(0, s)], Vec::new(), dry_run).await
        }
    }
}

/// Reads the catalogue file: the systems, and the rows that are not systems.
struct CatalogueSink {
    cols: [Option<usize>; 3],
    systems: Vec<(u64, System)>,
    bad: Vec<(u64, String)>,
    path: PathBuf,
}

fn column_of(h: &str) -> Option<usize> {
    match normalize(h).as_str() {
        "code" | "код" | "коды" => Some(0),
        "name kk" | "наименование на казахском" | "атауы" | "қазақша атауы" | "атауы (қазақша)" => {
            Some(1)
        }
        "name ru"
        | "наименование"
        | "наименование на русском"
        | "орысша атауы"
        | "атауы (орысша)" => Some(2),
        _ => None,
    }
}

impl RowSink for CatalogueSink {
    fn header(&mut self, info: &TableInfo, header: &csv::StringRecord) -> Result<(), FileError> {
        self.cols = Default::default();
        for (i, h) in header.iter().enumerate() {
            if let Some(c) = column_of(h) {
                self.cols[c].get_or_insert(i);
            }
        }
        let missing: Vec<&str> = ["code", "name_kk", "name_ru"]
            .iter()
            .zip(&self.cols)
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else if missing.len() == self.cols.len() {
            Err(FileError::NoHeader {
                path: self.path.clone(),
                detail: format!(
                    "none of the first {} rows names the columns code, name_kk, name_ru",
                    crate::import::HEADER_SEARCH_ROWS
                ),
            })
        } else {
            Err(FileError::Header {
                path: self.path.clone(),
                at: info.header_row,
                detail: format!("required columns missing: {}", missing.join(", ")),
            })
        }
    }

    fn row(&mut self, row: u64, rec: &csv::StringRecord, _: &[bool]) -> Result<(), FileError> {
        let get = |c: usize| self.cols[c].and_then(|i| rec.get(i)).unwrap_or("");
        match system::check(get(0), get(1), get(2)) {
            Ok(s) => self.systems.push((row, s)),
            Err(e) => self.bad.push((row, e.to_string())),
        }
        Ok(())
    }
}

async fn import(
    ctx: &Context,
    file: PathBuf,
    sheet: Option<String>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    let mut sink = CatalogueSink {
        cols: [None; 3],
        systems: Vec::new(),
        bad: Vec::new(),
        path: file.clone(),
    };
    let opts = OpenOptions {
        sheet,
        encoding: None,
    };
    read_table(&file, &opts, &Progress::default(), &mut sink)?;
    let shown = file.display().to_string();
    let bad = sink
        .bad
        .into_iter()
        .map(|(row, why)| format!("{shown}: row {row}: {why}"))
        .collect();
    apply(ctx, "systems.import", sink.systems, bad, dry_run).await
}

async fn apply(
    ctx: &Context,
    action: &str,
    systems: Vec<(u64, System)>,
    bad: Vec<String>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), Vec::new());
    for (_, s) in &systems {
        match store::upsert(&mut tx, s, ctx.now)
            .await
            .with_context(|| format!("system {}", s.code))?
        {
            Upsert::Added => added.push(s.code.clone()),
            Upsert::Updated => updated.push(s.code.clone()),
            Upsert::Unchanged => unchanged.push(s.code.clone()),
        }
    }
    let changed = added.len() + updated.len();
    if changed > 0 {
        let entry = ctx.audit_entry(
            action,
            serde_json::json!({ "added": added, "updated": updated }),
            changed as i64,
            serde_json::json!({ "unchanged": unchanged.len(), "rejected": bad.len() }),
        );
        crate::store::audit::append(&mut tx, &entry).await?;
    }
    if dry_run {
        tx.rollback().await?
    } else {
        tx.commit().await?
    }
    if ctx.json {
        output::json(&serde_json::json!({
            "added": added, "updated": updated, "unchanged": unchanged, "rejected": bad, "dry_run": dry_run,
        }))?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "systems-summary",
                added = added.len(),
                updated = updated.len(),
                unchanged = unchanged.len(),
                rejected = bad.len()
            )
        );
        for b in &bad {
            eprintln!("{b}");
        }
        if dry_run {
            output::dry_run_note(ctx.lang);
        }
    }
    Ok(if bad.is_empty() {
        Exit::Ok
    } else {
        Exit::Attention
    })
}

async fn list(ctx: &Context) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let systems = store::list(&db).await?;
    if ctx.json {
        output::json(&serde_json::json!({ "systems": systems }))?;
    } else {
        let header = vec![
            tr!(ctx.lang, "col-code"),
            tr!(ctx.lang, "col-name-kk"),
            tr!(ctx.lang, "col-name-ru"),
        ];
        let rows: Vec<Vec<String>> = systems
            .into_iter()
            .map(|s| vec![s.code, s.name_kk, s.name_ru])
            .collect();
        output::table(&header, &rows)?;
    }
    Ok(Exit::Ok)
}
