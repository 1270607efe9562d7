//! `skud journal export`: the journal of Appendix 1 (§25) as XLSX or CSV.

use super::output;
use crate::context::Context;
use crate::domain::date::parse_date;
use crate::exit::{Exit, UsageError};
use crate::export::journal::{Cells, Csv, JournalWriter, Xlsx};
use crate::i18n::tr;
use crate::store::accounts as store;
use futures_util::StreamExt;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Export the journal: the form's title and headers in the chosen language
    Export {
        /// The file to write: .xlsx or .csv
        #[arg(long, value_name = "FILE.xlsx|FILE.csv")]
        out: PathBuf,
        /// Only logins issued on or after this day
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Only logins issued on or before this day
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only rows that name this system
        #[arg(long, value_name = "CODE")]
        system: Option<String>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    let Cmd::Export {
        out,
        from,
        to,
        system,
        force,
    } = cmd;
    let date = |flag: &str, v: Option<String>| -> anyhow::Result<Option<chrono::NaiveDate>> {
        v.map(|s| {
            parse_date(&s).ok_or_else(|| {
                UsageError(format!(
                    "--{flag} {s:?}: not a date (YYYY-MM-DD or DD.MM.YYYY)"
                ))
                .into()
            })
        })
        .transpose()
    };
    let (from, to) = (date("from", from)?, date("to", to)?);
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" && ext != "csv" {
        return Err(UsageError(format!(
            "--out {}: name a .xlsx or .csv file",
            out.display()
        ))
        .into());
    }
    if out.is_dir() {
        return Err(UsageError(format!("--out {}: is a directory", out.display())).into());
    }
    let system = system.map(|s| s.trim().to_uppercase());
    let (db, _) = super::open(ctx).await?;
    let cells = Cells::new(ctx.lang, &crate::store::systems::list(&db).await?);
    let mut writer: Box<dyn JournalWriter> = if ext == "xlsx" {
        Box::new(Xlsx::create(&out, ctx.lang, cells, force)?)
    } else {
        Box::new(Csv::create(&out, ctx.lang, cells, force)?)
    };
    // The database is read on this task while a blocking thread writes: both cores work.
    let (send, mut recv) = tokio::sync::mpsc::channel::<Vec<store::JournalRow>>(8);
    let abort = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let aborted = abort.clone();
    let writing = tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
        while let Some(batch) = recv.blocking_recv() {
            for r in &batch {
                writer.row(r)?;
            }
        }
        // A failed read leaves no file: the temporary one is dropped, an older export stays.
        if aborted.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(0);
        }
        Ok(writer.finish()?)
    });
    let mut stream = store::journal_stream(&db, from, to, system.as_deref());
    let mut batch = Vec::with_capacity(2048);
    let mut failed = None;
    while let Some(row) = stream.next().await {
        match row {
            Ok(r) => batch.push(r),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
        if batch.len() == 2048 && send.send(std::mem::take(&mut batch)).await.is_err() {
            break;
        }
    }
    if failed.is_some() {
        abort.store(true, std::sync::atomic::Ordering::SeqCst);
    } else if !batch.is_empty() {
        let _ = send.send(batch).await;
    }
    drop(send);
    drop(stream);
    let written = writing.await??;
    if let Some(e) = failed {
        return Err(e.into());
    }
    if ctx.json {
        output::json(
            &serde_json::json!({ "out": out, "rows": written, "from": from, "to": to, "system": system }),
        )?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "journal-exported",
                rows = written,
                path = out.display().to_string()
            )
        );
    }
    Ok(Exit::Ok)
}
