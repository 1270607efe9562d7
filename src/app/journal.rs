//! `skud journal export`: the journal of Appendix 1 (§25), streamed from the database into an
//! XLSX or CSV file (the database read on this task while a blocking thread writes: both
//! cores work).

use crate::context::Context;
use crate::export::journal::{Cells, Csv, JournalWriter, Xlsx};
use crate::store::accounts::{self as store, JournalRow};
use chrono::NaiveDate;
use futures_util::StreamExt;
use std::path::PathBuf;

/// What to export.
pub struct Export {
    pub out: PathBuf,
    /// XLSX, else CSV.
    pub xlsx: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub system: Option<String>,
    /// Replace the file if it exists.
    pub force: bool,
}

/// Rows per batch handed to the writer.
const BATCH: usize = 2048;

/// Writes the journal; the number of rows written.
pub async fn export(ctx: &Context, what: Export) -> anyhow::Result<u64> {
    let (db, _) = crate::app::open::open(ctx).await?;
    let cells = Cells::new(ctx.lang, &crate::store::systems::list(&db).await?);
    let writer: Box<dyn JournalWriter> = if what.xlsx {
        Box::new(Xlsx::create(&what.out, ctx.lang, cells, what.force)?)
    } else {
        Box::new(Csv::create(&what.out, ctx.lang, cells, what.force)?)
    };
    let (send, recv) = tokio::sync::mpsc::channel::<Vec<JournalRow>>(8);
    let abort = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writing = {
        let aborted = abort.clone();
        tokio::task::spawn_blocking(move || write_all(writer, recv, &aborted))
    };
    let mut stream = store::journal_stream(&db, what.from, what.to, what.system.as_deref());
    let mut batch = Vec::with_capacity(BATCH);
    let mut failed = None;
    while let Some(row) = stream.next().await {
        match row {
            Ok(r) => batch.push(r),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
        if batch.len() == BATCH && send.send(std::mem::take(&mut batch)).await.is_err() {
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
    Ok(written)
}

/// The writer's side: every batch, then the file put in place. A failed read leaves no file:
/// the temporary one is dropped, an older export stays.
fn write_all(
    mut writer: Box<dyn JournalWriter>,
    mut recv: tokio::sync::mpsc::Receiver<Vec<JournalRow>>,
    aborted: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<u64> {
    while let Some(batch) = recv.blocking_recv() {
        for r in &batch {
            writer.row(r)?;
        }
    }
    if aborted.load(std::sync::atomic::Ordering::SeqCst) {
        return Ok(0);
    }
    Ok(writer.finish()?)
}
