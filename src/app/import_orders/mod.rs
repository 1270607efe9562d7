//! `skud orders import`: HR files in, checked orders stored, rejects reported (§23, §30).
//!
//! ```text
//!  reader thread (order_rows.rs)         async side (one transaction for the whole run)
//!  ─────────────────────────────         ──────────────────────────────────────────────
//!  file → decode → CSV/XLSX rows         import row, file rows
//!       → header map (en/ru/kk)    ──►   per chunk: INSERT … ON CONFLICT DO NOTHING
//!       → domain::order::check_row       short count? look the keys up: a repeat within the
//!       → batches of valid rows,         run → duplicate_in_file; stored before → already_imported
//!         rejects, warnings              rejects → --rejects file
//!         (bounded channel: flat memory) end: audit record, commit (or roll back for --dry-run,
//!                                        or on any error: nothing half-written)
//! ```
//!
//! A run larger than the table loads in bulk instead: the key index is dropped for the load and
//! built once at the end, and the repeats are found then ([`settle_bulk`]).

mod ledger;
mod names;
mod repeats;
mod summary;

use summary::file_index;
pub use summary::{Summary, WarningEntry};

use crate::context::Context;
use crate::domain::order::Reject;
use crate::export::rejects::RejectsWriter;
use crate::import::order_rows::{Batch, Msg, ReadPlan, read_all, reason};
use crate::import::{FileError, OpenOptions, Progress, TableInfo};
use crate::store::orders::{self as order_store, FileRecord, OrderWriter, Row};
use crate::store::{Store, Tx};
use anyhow::Context as _;
use std::path::PathBuf;

/// What to import.
#[derive(Debug, Clone)]
pub struct Request {
    pub files: Vec<PathBuf>,
    pub open: OpenOptions,
    pub rejects: Option<PathBuf>,
    /// Replace an existing rejects file.
    pub force: bool,
    pub dry_run: bool,
}

/// Imports the files in one transaction.
pub async fn run(ctx: &Context, store: &Store, req: &Request) -> anyhow::Result<Summary> {
    let rejects_out = check_files(req)?;
    let mut tx = store.begin().await.context("cannot start a transaction")?;
    let import_id = order_store::begin_import(&mut tx, "orders", ctx.now, &ctx.admin).await?;
    let chunk = OrderWriter::chunk_len(&mut tx);
    let bytes = total_bytes(req);
    let (writer, earlier_orders) = start_writer(&mut tx, bytes).await?;
    let mut run = Importer {
        ctx,
        import_id,
        summary: Summary {
            import_id,
            files: req.files.iter().map(|p| p.display().to_string()).collect(),
            dry_run: req.dry_run,
            ..Summary::default()
        },
        rejects_out,
        files: Vec::new(),
        first_header: None,
        progress: Progress::default(),
        bar: progress_bar(ctx, bytes),
        ledger: ledger::NameLedger::default(),
        name_differs: ledger::Found::default(),
        spent: None,
    };
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Msg>(4);
    let (spent, spent_rows) = std::sync::mpsc::channel();
    run.spent = Some(spent);
    let reader = {
        let plan = ReadPlan {
            files: req.files.clone(),
            open: req.open.clone(),
            lang: ctx.lang,
            as_of: ctx.today(),
            kinds: ctx.config.order_kinds(),
            chunk,
            keep_raws: !writer.bulk,
        };
        let progress = run.progress.clone();
        tokio::task::spawn_blocking(move || read_all(&plan, &progress, sender, spent_rows))
    };
    let bulk = writer.bulk;
    let consumed = run.consume(&mut tx, writer, &mut receiver).await;
    drop(receiver);
    let read = reader
        .await
        .context("the file reader stopped unexpectedly")?;
    run.bar.finish_and_clear();
    match (read, consumed) {
        (Err(FileError::Stopped), Err(e)) | (Ok(()), Err(e)) => return Err(e),
        (Err(e), _) => return Err(e.into()),
        (Ok(()), Ok(())) => {}
    }
    if bulk {
        tracing::info!(
            rows = run.summary.rows,
            "rows loaded in bulk; building the key index"
        );
        names::compare_after_bulk(&mut tx, &mut run, earlier_orders).await?;
        repeats::settle_bulk(&mut tx, &mut run, req).await?;
    }
    names::check_names(&mut tx, &mut run, req, bulk).await?;
    names::dismissed_accounts(&mut tx, &mut run).await?;
    run.finish(tx, req).await
}

/// Every file must open, and the rejects file must not be one of them, before anything is
/// written. The rejects file's writer, if one is asked for.
fn check_files(req: &Request) -> anyhow::Result<Option<RejectsWriter>> {
    for f in &req.files {
        crate::import::open_file(f)?;
    }
    let Some(target) = &req.rejects else {
        return Ok(None);
    };
    let same = |f: &PathBuf| match (std::fs::canonicalize(f), std::fs::canonicalize(target)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if req.files.iter().any(same) {
        let file = target.display().to_string();
        return Err(crate::exit::UsageError(crate::i18n::tr!(
            crate::i18n::Lang::display(),
            "rejects-is-input",
            file = file
        ))
        .into());
    }
    let out = RejectsWriter::create(target, req.files.len() > 1, &req.files, req.force)
        .with_context(|| format!("{}: cannot write the rejects file", target.display()))?;
    Ok(Some(out))
}

/// The order writer. A run that brings at least as many rows as the table holds loads in bulk:
/// the key index is dropped and built once after the rows (one sort) instead of row by row;
/// repeats are found afterwards. Measured on 1,000,000 rows: see README, "Benchmark". With it,
/// whether the table held orders before the run (for a bulk load's name check).
async fn start_writer(tx: &mut Tx, bytes: u64) -> anyhow::Result<(OrderWriter, bool)> {
    let mut writer = OrderWriter::default();
    let estimated_rows = bytes / BYTES_PER_ROW;
    if estimated_rows < BULK_MIN_ROWS {
        return Ok((writer, true));
    }
    let max_id = order_store::max_id(tx).await?;
    writer.bulk = estimated_rows as i64 >= max_id;
    if writer.bulk {
        order_store::begin_bulk(tx).await?;
    }
    Ok((writer, max_id > 0))
}

/// An import between its start and its commit: what it has seen and stored so far.
struct Importer<'a> {
    ctx: &'a Context,
    import_id: i64,
    summary: Summary,
    rejects_out: Option<RejectsWriter>,
    /// By file index: the file's id, shown path, header and delimiter.
    files: Vec<FileSeen>,
    first_header: Option<(Vec<String>, u8)>,
    progress: Progress,
    bar: indicatif::ProgressBar,
    /// The names of the rows a bulk load stored, for the name check after it.
    ledger: ledger::NameLedger,
    /// The rows of a bulk load written otherwise than their person's name on record.
    name_differs: ledger::Found,
    /// Back to the reader thread: the rows stored (see [`crate::import::order_rows::Spent`]).
    spent: Option<std::sync::mpsc::Sender<Vec<Row>>>,
}

impl Importer<'_> {
    /// Stores what the reader thread sends, up to its end.
    async fn consume(
        &mut self,
        tx: &mut Tx,
        mut writer: OrderWriter,
        receiver: &mut tokio::sync::mpsc::Receiver<Msg>,
    ) -> anyhow::Result<()> {
        while let Some(msg) = receiver.recv().await {
            match msg {
                Msg::Header {
                    file,
                    info,
                    headers,
                } => {
                    self.file(tx, file, &info, headers).await?;
                    // PostgreSQL bulk load: the whole file in one streaming COPY.
                    if writer.bulk {
                        self.copy_file(tx, receiver).await?;
                    }
                }
                Msg::Batch { file, batch } => self.batch(tx, &mut writer, file, batch).await?,
                Msg::Done { info } => {
                    self.summary.rows += info.rows;
                    self.summary.file_details.push(info);
                }
            }
        }
        Ok(())
    }

    /// A file begins: its record in the import.
    async fn file(
        &mut self,
        tx: &mut Tx,
        file: usize,
        info: &TableInfo,
        headers: Vec<String>,
    ) -> anyhow::Result<()> {
        let record = FileRecord {
            path: &info.path,
            format: info.format,
            encoding: &info.encoding,
            bytes: info.bytes as i64,
        };
        let id = order_store::add_file(tx, self.import_id, &record).await?;
        let delim = crate::import::delimiter_byte(info);
        self.first_header
            .get_or_insert_with(|| (headers.clone(), delim));
        debug_assert_eq!(self.files.len(), file);
        self.files
            .push((id, info.path.clone(), headers, delim, info.header_row));
        Ok(())
    }

    /// The file just begun, streamed whole into one PostgreSQL `COPY` (nothing on SQLite).
    async fn copy_file(
        &mut self,
        tx: &mut Tx,
        receiver: &mut tokio::sync::mpsc::Receiver<Msg>,
    ) -> anyhow::Result<()> {
        let file_id = self.files.last().map_or(0, |f| f.0);
        let Some(mut copy) = order_store::copy_in(tx, self.import_id, file_id).await? else {
            return Ok(());
        };
        let streamed = self.stream_file(&mut copy, receiver).await;
        self.bar.set_position(self.progress.get());
        match streamed {
            Ok(()) => {
                let done = copy.finish().await?;
                self.summary.imported += done.rows;
                order_store::copy_done(tx, &done).await?;
            }
            Err(e) => {
                let _ = copy.abort().await;
                return Err(e);
            }
        }
        Ok(())
    }

    /// One batch of checked rows, inserted; its repeats and rejects recorded.
    async fn batch(
        &mut self,
        tx: &mut Tx,
        writer: &mut OrderWriter,
        file: usize,
        batch: Batch,
    ) -> anyhow::Result<()> {
        let (file_id, shown) = (self.files[file].0, self.files[file].1.clone());
        let mut rejected_here: Vec<(u64, &'static str, String, &csv::StringRecord)> = batch
            .rejects
            .iter()
            .map(|(r, c, m, raw)| (*r, *c, m.clone(), raw))
            .collect();
        let inserted = writer
            .insert(tx, self.import_id, file_id, &batch.valid)
            .await?;
        if writer.bulk {
            self.ledger.note(file, &batch.valid);
        }
        self.summary.imported += inserted;
        if inserted < batch.valid.len() as u64 {
            let found = repeats::conflicts(tx, self.import_id, file_id, &batch.valid).await?;
            let (already, repeats) = found;
            self.summary.already_imported += already;
            for (i, first_file, first_row) in repeats {
                let (row, order) = &batch.valid[i];
                let first_file = self
                    .files
                    .iter()
                    .find(|f| f.0 == first_file)
                    .map_or_else(|| shown.clone(), |f| f.1.clone());
                let reject = Reject::DuplicateInFile {
                    file: first_file,
                    row: first_row as u64,
                };
                let text = reason(self.ctx.lang, &reject, None, order.order_date);
                rejected_here.push((*row, reject.code(), text, &batch.raws[i]));
            }
        }
        self.record_batch(file, rejected_here, batch.warnings)?;
        self.bar.set_position(self.progress.get());
        self.give_back(batch.valid);
        Ok(())
    }

    /// Rows stored: freed on the reader thread (or here once it has stopped).
    fn give_back(&self, rows: Vec<Row>) {
        if let Some(spent) = &self.spent {
            let _ = spent.send(rows);
        }
    }

    /// The end: rejects sorted, the audit record, the commit (a dry run rolls back), then the
    /// rejects file put in place.
    async fn finish(mut self, mut tx: Tx, req: &Request) -> anyhow::Result<Summary> {
        let summary = &mut self.summary;
        let files = summary.files.clone();
        let place = |file: &str, row: u64| (file_index(&files, file), row);
        summary.rejects.sort_by_key(|r| place(&r.file, r.row));
        summary
            .warning_details
            .sort_by_key(|w| place(&w.file, w.row));
        tracing::info!(
            rows = summary.rows,
            imported = summary.imported,
            "rows stored"
        );
        order_store::forget_seen(&mut tx).await?;
        let entry = self.ctx.audit_entry(
            if req.dry_run { "orders.import.dry-run" } else { "orders.import" },
            serde_json::json!({ "files": summary.files, "import_id": self.import_id }),
            summary.imported as i64,
            serde_json::json!({
                "rows": summary.rows, "imported": summary.imported, "already_imported": summary.already_imported,
                "rejected": summary.rejected, "warnings": summary.warnings,
            }),
        );
        crate::store::audit::append(&mut tx, &entry).await?;
        if req.dry_run {
            tx.rollback()
                .await
                .context("cannot roll back the dry run")?;
        } else {
            tx.commit().await.context("cannot commit the import")?;
        }
        tracing::info!("committed");
        if let Some(out) = self.rejects_out {
            let (header, delim) = self.first_header.unwrap_or_default();
            let path = out
                .finish(&header, delim)
                .context("cannot write the rejects file")?;
            self.summary.rejects_file = Some(path.display().to_string());
        }
        Ok(self.summary)
    }
}

/// A file's file id, shown path, header cells, delimiter and header row (in the file).
type FileSeen = (i64, String, Vec<String>, u8, u64);

impl Importer<'_> {
    /// The place in the run of the file with this id.
    fn file_index(&self, file_id: i64) -> usize {
        self.files.iter().position(|f| f.0 == file_id).unwrap_or(0)
    }

    /// The path of the file with this id, as shown.
    fn file_shown(&self, file_id: i64) -> String {
        self.files
            .get(self.file_index(file_id))
            .map(|f| f.1.clone())
            .unwrap_or_default()
    }

    /// Records a batch's rejected rows (in row order) and warnings in the summary and the
    /// rejects file.
    fn record_batch(
        &mut self,
        file: usize,
        mut rejected: Vec<(u64, &'static str, String, &csv::StringRecord)>,
        warnings: Vec<(u64, &'static str, String)>,
    ) -> anyhow::Result<()> {
        let (_, shown, headers, delim, _) = &self.files[file];
        rejected.sort_by_key(|r| r.0);
        for (row, code, reason, raw) in rejected {
            if let Some(out) = self.rejects_out.as_mut() {
                out.write(headers, *delim, shown, row, code, &reason, raw)
                    .context("cannot write the rejects file")?;
            }
            self.summary.reject(shown, row, code, reason);
        }
        for (row, warning_code, warning) in warnings {
            self.summary.warn(WarningEntry {
                file: shown.clone(),
                row,
                warning_code,
                warning,
            });
        }
        Ok(())
    }

    /// Streams one file's batches into an open PostgreSQL `COPY`, up to the file's end.
    async fn stream_file(
        &mut self,
        copy: &mut order_store::PgCopy<'_>,
        receiver: &mut tokio::sync::mpsc::Receiver<Msg>,
    ) -> anyhow::Result<()> {
        while let Some(msg) = receiver.recv().await {
            match msg {
                Msg::Batch { file, batch } => {
                    copy.send(&batch.valid).await?;
                    self.ledger.note(file, &batch.valid);
                    let rejected = batch
                        .rejects
                        .iter()
                        .map(|(r, c, m, raw)| (*r, *c, m.clone(), raw))
                        .collect();
                    self.record_batch(file, rejected, batch.warnings)?;
                    self.give_back(batch.valid);
                }
                Msg::Done { info } => {
                    self.summary.rows += info.rows;
                    self.summary.file_details.push(info);
                    return Ok(());
                }
                Msg::Header { .. } => {
                    anyhow::bail!("the reader sent a header inside a file (a bug)")
                }
            }
        }
        Ok(())
    }
}

/// A CSV order row is about 200 bytes; fewer bytes a row only makes bulk loading rarer.
const BYTES_PER_ROW: u64 = 200;
/// Below this, building the key index row by row costs less than dropping and rebuilding it.
const BULK_MIN_ROWS: u64 = 50_000;

/// The size of the files to import (the progress bar's total, and the bulk-load estimate).
fn total_bytes(req: &Request) -> u64 {
    req.files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

fn progress_bar(ctx: &Context, total: u64) -> indicatif::ProgressBar {
    if !ctx.progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}
