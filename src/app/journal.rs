//! `skud journal export`: the journal of Appendix 1 (§25), streamed from the database into an
//! XLSX or CSV file (the database read on this task while a blocking thread writes: both
//! cores work).

use crate::context::Context;
use crate::export::journal::{Cells, Csv, JournalWriter, Xlsx};
use crate::store::accounts::{self as store, JournalPart};
use chrono::NaiveDate;
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
    let (send, recv) = tokio::sync::mpsc::channel::<JournalPart>(8);
    let writing = tokio::task::spawn_blocking(move || write_all(writer, recv));
    // The rows are read on this task (blocking where the store says so) while the writer's
    // thread writes: both cores work.
    let mut sink = |part: JournalPart| send.blocking_send(part).is_ok();
    let read = store::journal_read(
        &db,
        what.from,
        what.to,
        what.system.as_deref(),
        BATCH,
        &mut sink,
    )
    .await;
    // A failed read closes the channel without the end mark: the writer drops its temporary
    // file and no export is put in place.
    let complete = read.is_ok();
    let _ = tokio::task::block_in_place(|| {
        complete && send.blocking_send(JournalPart::Rows(Vec::new())).is_ok()
    });
    drop(send);
    let written = writing.await??;
    read?;
    Ok(written)
}

/// The writer's side: the number of rows, every batch, then (after the empty batch that marks
/// the end) the file put in place. A failed read leaves no file: the temporary one is
/// dropped, an older export stays.
fn write_all(
    mut writer: Box<dyn JournalWriter>,
    mut recv: tokio::sync::mpsc::Receiver<JournalPart>,
) -> anyhow::Result<u64> {
    while let Some(part) = recv.blocking_recv() {
        match part {
            JournalPart::Count(n) => writer.begin(n)?,
            JournalPart::Rows(rows) if rows.is_empty() => return Ok(writer.finish()?),
            JournalPart::Rows(rows) => {
                for r in &rows {
                    writer.row(r)?;
                }
            }
        }
    }
    Ok(0)
}
