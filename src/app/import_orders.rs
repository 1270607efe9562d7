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

use crate::context::Context;
use crate::domain::order::Reject;
use crate::export::rejects::RejectsWriter;
use crate::i18n::Lang;
use crate::import::order_rows::{Msg, ReadPlan, read_all, reason};
use crate::import::{FileError, OpenOptions, Progress, RowSink, TableInfo, read_table};
use crate::store::orders::{self as order_store, FileRecord, OrderWriter, Row};
use crate::store::{Store, Tx};
use anyhow::Context as _;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
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

/// One rejected row, as the JSON summary lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RejectEntry {
    pub file: String,
    pub row: u64,
    pub reason_code: &'static str,
    pub reason: String,
}

/// One warning.
#[derive(Debug, Clone, Serialize)]
pub struct WarningEntry {
    pub file: String,
    pub row: u64,
    pub warning_code: &'static str,
    pub warning: String,
}

/// The `--json` summary (DESIGN.md) and more.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: Vec<String>,
    pub rows: u64,
    pub imported: u64,
    pub already_imported: u64,
    pub rejected: u64,
    pub warnings: u64,
    pub rejects: Vec<RejectEntry>,
    pub warning_details: Vec<WarningEntry>,
    pub file_details: Vec<TableInfo>,
    pub dry_run: bool,
    pub rejects_file: Option<String>,
}

/// Imports the files in one transaction.
pub async fn run(ctx: &Context, store: &Store, req: &Request) -> anyhow::Result<Summary> {
    // Every file must open before anything is written.
    for f in &req.files {
        crate::import::open_file(f)?;
    }
    if let Some(target) = &req.rejects {
        let same = |f: &PathBuf| match (std::fs::canonicalize(f), std::fs::canonicalize(target)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if req.files.iter().any(same) {
            return Err(crate::exit::UsageError(format!(
                "--rejects {}: that is one of the files being imported",
                target.display()
            ))
            .into());
        }
    }
    let mut rejects_out = match &req.rejects {
        Some(p) => Some(
            RejectsWriter::create(p, req.files.len() > 1, &req.files, req.force)
                .with_context(|| format!("{}: cannot write the rejects file", p.display()))?,
        ),
        None => None,
    };
    let mut summary = Summary {
        files: req.files.iter().map(|p| p.display().to_string()).collect(),
        dry_run: req.dry_run,
        ..Summary::default()
    };

    let mut tx = store.begin().await.context("cannot start a transaction")?;
    let import_id = order_store::begin_import(&mut tx, "orders", ctx.now, &ctx.admin).await?;
    let chunk = OrderWriter::chunk_len(&tx);
    let mut writer = OrderWriter::default();
    // A run that brings at least as many rows as the table holds loads in bulk: the key index is
    // dropped and built once after the rows (one sort) instead of row by row; repeats are found
    // afterwards. Measured on 1,000,000 rows: see README, "Benchmark".
    let estimated_rows = req
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum::<u64>()
        / BYTES_PER_ROW;
    writer.bulk = estimated_rows >= BULK_MIN_ROWS
        && estimated_rows as i64 >= order_store::max_id(&mut tx).await?;
    if writer.bulk {
        order_store::begin_bulk(&mut tx).await?;
    }

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Msg>(4);
    let progress = Progress::default();
    let bar = progress_bar(ctx, req);
    let reader = {
        let plan = ReadPlan {
            files: req.files.clone(),
            open: req.open.clone(),
            lang: ctx.lang,
            as_of: ctx.today(),
            chunk,
            keep_raws: !writer.bulk,
        };
        let progress = progress.clone();
        tokio::task::spawn_blocking(move || read_all(&plan, &progress, sender))
    };

    // file index → (file id, shown path, header, delimiter)
    let mut files: Vec<(i64, String, Vec<String>, u8)> = Vec::new();
    let mut first_header: Option<(Vec<String>, u8)> = None;
    let consumed: anyhow::Result<()> = async {
        while let Some(msg) = receiver.recv().await {
            match msg {
                Msg::Header {
                    file,
                    info,
                    headers,
                } => {
                    let id = order_store::add_file(
                        &mut tx,
                        import_id,
                        &FileRecord {
                            path: &info.path,
                            format: info.format,
                            encoding: &info.encoding,
                            bytes: info.bytes as i64,
                        },
                    )
                    .await?;
                    let delim = crate::import::delimiter_byte(&info);
                    first_header.get_or_insert_with(|| (headers.clone(), delim));
                    debug_assert_eq!(files.len(), file);
                    files.push((id, info.path.clone(), headers, delim));
                    // PostgreSQL bulk load: the whole file in one streaming COPY.
                    let copy = match writer.bulk {
                        true => order_store::PgCopy::begin(&mut tx, import_id, id).await?,
                        false => None,
                    };
                    if let Some(mut copy) = copy {
                        let streamed = stream_file(
                            &mut copy,
                            &mut receiver,
                            &mut summary,
                            rejects_out.as_mut(),
                            &files,
                        )
                        .await;
                        bar.set_position(progress.get());
                        match streamed {
                            Ok(()) => summary.imported += copy.finish().await?,
                            Err(e) => {
                                let _ = copy.abort().await;
                                return Err(e);
                            }
                        }
                    }
                }
                Msg::Batch { file, batch } => {
                    let (file_id, shown) = (files[file].0, files[file].1.clone());
                    let lang = ctx.lang;
                    let mut rejected_here: Vec<(u64, &'static str, String, &csv::StringRecord)> =
                        batch
                            .rejects
                            .iter()
                            .map(|(r, c, m, raw)| (*r, *c, m.clone(), raw))
                            .collect();
                    let inserted = writer
                        .insert(&mut tx, import_id, file_id, &batch.valid)
                        .await?;
                    summary.imported += inserted;
                    if inserted < batch.valid.len() as u64 {
                        let (already, repeats) =
                            conflicts(&mut tx, import_id, file_id, &batch.valid).await?;
                        summary.already_imported += already;
                        for (i, first_file, first_row) in repeats {
                            let (row, order) = &batch.valid[i];
                            let first_file = files
                                .iter()
                                .find(|f| f.0 == first_file)
                                .map_or_else(|| shown.clone(), |f| f.1.clone());
                            let reject = Reject::DuplicateInFile {
                                file: first_file,
                                row: first_row as u64,
                            };
                            rejected_here.push((
                                *row,
                                reject.code(),
                                reason(lang, &reject, None, order.order_date),
                                &batch.raws[i],
                            ));
                        }
                    }
                    record_batch(
                        &mut summary,
                        rejects_out.as_mut(),
                        &files[file],
                        rejected_here,
                        batch.warnings,
                    )?;
                    bar.set_position(progress.get());
                }
                Msg::Done { info } => {
                    summary.rows += info.rows;
                    summary.file_details.push(info);
                }
            }
        }
        Ok(())
    }
    .await;
    drop(receiver);
    let read = reader
        .await
        .context("the file reader stopped unexpectedly")?;
    bar.finish_and_clear();
    match (read, consumed) {
        (Err(FileError::Stopped), Err(e)) | (Ok(()), Err(e)) => return Err(e),
        (Err(e), _) => return Err(e.into()),
        (Ok(()), Ok(())) => {}
    }

    if writer.bulk {
        tracing::info!(
            rows = summary.rows,
            "rows loaded in bulk; building the key index"
        );
        settle_bulk(
            &mut tx,
            import_id,
            &files,
            req,
            &mut summary,
            rejects_out.as_mut(),
            ctx.lang,
        )
        .await?;
    }
    summary.rejects.sort_by(|a, b| {
        (file_index(&summary.files, &a.file), a.row)
            .cmp(&(file_index(&summary.files, &b.file), b.row))
    });
    tracing::info!(
        rows = summary.rows,
        imported = summary.imported,
        "rows stored"
    );
    order_store::forget_seen(&mut tx).await?;
    let entry = ctx.audit_entry(
        if req.dry_run { "orders.import.dry-run" } else { "orders.import" },
        serde_json::json!({ "files": summary.files, "import_id": import_id }),
        summary.imported as i64,
        serde_json::json!({
            "rows": summary.rows, "imported": summary.imported, "already_imported": summary.already_imported,
            "rejected": summary.rejected, "warnings": summary.warnings,
        }),
    );
    crate::store::audit::append(&mut tx, &entry).await?;
    finish(tx, req.dry_run).await?;
    tracing::info!("committed");
    if let Some(out) = rejects_out {
        let (header, delim) = first_header.unwrap_or_default();
        let path = out
            .finish(&header, delim)
            .context("cannot write the rejects file")?;
        summary.rejects_file = Some(path.display().to_string());
    }
    Ok(summary)
}

/// A file's file id, shown path, header cells and delimiter.
type FileSeen = (i64, String, Vec<String>, u8);

/// Records a batch's rejected rows (in row order) and warnings in the summary and the rejects
/// file.
fn record_batch(
    summary: &mut Summary,
    rejects_out: Option<&mut RejectsWriter>,
    file: &FileSeen,
    mut rejected: Vec<(u64, &'static str, String, &csv::StringRecord)>,
    warnings: Vec<(u64, &'static str, String)>,
) -> anyhow::Result<()> {
    let (_, shown, headers, delim) = file;
    rejected.sort_by_key(|r| r.0);
    let mut out = rejects_out;
    for (row, code, reason, raw) in rejected {
        if let Some(out) = out.as_deref_mut() {
            out.write(headers, *delim, shown, row, code, &reason, raw)
                .context("cannot write the rejects file")?;
        }
        summary.rejected += 1;
        summary.rejects.push(RejectEntry {
            file: shown.clone(),
            row,
            reason_code: code,
            reason,
        });
    }
    for (row, warning_code, warning) in warnings {
        summary.warnings += 1;
        summary.warning_details.push(WarningEntry {
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
    copy: &mut order_store::PgCopy<'_>,
    receiver: &mut tokio::sync::mpsc::Receiver<Msg>,
    summary: &mut Summary,
    mut rejects_out: Option<&mut RejectsWriter>,
    files: &[FileSeen],
) -> anyhow::Result<()> {
    while let Some(msg) = receiver.recv().await {
        match msg {
            Msg::Batch { file, batch } => {
                copy.send(&batch.valid).await?;
                let rejected = batch
                    .rejects
                    .iter()
                    .map(|(r, c, m, raw)| (*r, *c, m.clone(), raw))
                    .collect();
                record_batch(
                    summary,
                    rejects_out.as_deref_mut(),
                    &files[file],
                    rejected,
                    batch.warnings,
                )?;
            }
            Msg::Done { info } => {
                summary.rows += info.rows;
                summary.file_details.push(info);
                return Ok(());
            }
            Msg::Header { .. } => anyhow::bail!("the reader sent a header inside a file (a bug)"),
        }
    }
    Ok(())
}

/// A CSV order row is about 200 bytes; fewer bytes a row only makes bulk loading rarer.
const BYTES_PER_ROW: u64 = 200;
/// Below this, building the key index row by row costs less than dropping and rebuilding it.
const BULK_MIN_ROWS: u64 = 50_000;

/// The end of a bulk load: build the key index; if rows repeat a key, count the re-imported
/// ones, reject the repeats within the run (reading their original rows again for the rejects
/// file), delete both, and build the index then.
#[allow(clippy::too_many_arguments)]
async fn settle_bulk(
    tx: &mut Tx,
    import_id: i64,
    files: &[FileSeen],
    req: &Request,
    summary: &mut Summary,
    mut rejects_out: Option<&mut RejectsWriter>,
    lang: Lang,
) -> anyhow::Result<()> {
    if order_store::finish_bulk(tx).await? {
        return Ok(());
    }
    let repeats = order_store::repeats(tx, import_id).await?;
    let index_of = |id: i64| files.iter().position(|f| f.0 == id).unwrap_or(0);
    let mut wanted: HashMap<usize, std::collections::BTreeSet<u64>> = HashMap::new();
    for r in repeats.iter().filter(|r| r.first_id != r.id) {
        wanted
            .entry(index_of(r.file_id))
            .or_default()
            .insert(r.source_row as u64);
    }
    let ids: Vec<i64> = repeats.iter().map(|r| r.id).collect();
    let deleted = order_store::delete(tx, &ids).await?;
    summary.imported -= deleted;
    if !order_store::finish_bulk(tx).await? {
        anyhow::bail!(
            "the order key index cannot be built after removing the repeated rows (a bug: please report it)"
        );
    }
    let mut raws = reread(&req.files, &req.open, &wanted)?;
    for r in &repeats {
        if r.first_id == r.id {
            summary.already_imported += 1;
            continue;
        }
        let (i, first) = (index_of(r.file_id), index_of(r.first_file));
        let reject = Reject::DuplicateInFile {
            file: files[first].1.clone(),
            row: r.first_row as u64,
        };
        let text = reason(lang, &reject, None, NaiveDate::default());
        let row = r.source_row as u64;
        let raw = raws.remove(&(i, row)).unwrap_or_default();
        if let Some(out) = rejects_out.as_deref_mut() {
            let (_, shown, headers, delim) = &files[i];
            out.write(headers, *delim, shown, row, reject.code(), &text, &raw)
                .context("cannot write the rejects file")?;
        }
        summary.rejected += 1;
        summary.rejects.push(RejectEntry {
            file: files[i].1.clone(),
            row,
            reason_code: reject.code(),
            reason: text,
        });
    }
    Ok(())
}

/// Reads again the given rows of the given files (their original cells, for the rejects file).
fn reread(
    paths: &[PathBuf],
    open: &OpenOptions,
    wanted: &HashMap<usize, std::collections::BTreeSet<u64>>,
) -> Result<HashMap<(usize, u64), csv::StringRecord>, FileError> {
    struct Pick<'a> {
        file: usize,
        rows: &'a std::collections::BTreeSet<u64>,
        found: HashMap<(usize, u64), csv::StringRecord>,
    }
    impl RowSink for Pick<'_> {
        fn header(&mut self, _: &TableInfo, _: &csv::StringRecord) -> Result<(), FileError> {
            Ok(())
        }
        fn row(&mut self, row: u64, rec: &csv::StringRecord, _: &[bool]) -> Result<(), FileError> {
            if self.rows.contains(&row) {
                self.found.insert((self.file, row), rec.clone());
            }
            Ok(())
        }
    }
    let mut found = HashMap::new();
    for (&file, rows) in wanted {
        let mut pick = Pick {
            file,
            rows,
            found: HashMap::new(),
        };
        read_table(&paths[file], open, &Progress::default(), &mut pick)?;
        found.extend(pick.found);
    }
    Ok(found)
}

type Key<'a> = (&'a str, NaiveDate, &'a str, &'a str);

fn key_of(o: &crate::domain::order::Order) -> Key<'_> {
    (
        o.order_no.as_str(),
        o.order_date,
        o.iin.as_str(),
        o.kind.as_str(),
    )
}

fn by_key(found: &[order_store::Existing]) -> HashMap<Key<'_>, &order_store::Existing> {
    found
        .iter()
        .map(|e| {
            (
                (
                    e.order_no.as_str(),
                    e.order_date,
                    e.iin.as_str(),
                    e.kind.as_str(),
                ),
                e,
            )
        })
        .collect()
}

/// After an insert that stored fewer rows than it was given: which rows were stored by an
/// earlier run (`already_imported`, counted) and which repeat a row of this run (returned as
/// the row's index with the file id and row of the first occurrence: `duplicate_in_file`).
async fn conflicts(
    tx: &mut Tx,
    import_id: i64,
    file_id: i64,
    rows: &[Row],
) -> anyhow::Result<(u64, Vec<(usize, i64, i64)>)> {
    let stored = order_store::existing(tx, rows).await?;
    let stored = by_key(&stored);
    let is_self =
        |e: &order_store::Existing, row: u64| e.file_id == file_id && e.source_row == row as i64;
    let mut repeats = Vec::new();
    let mut earlier: Vec<(usize, Row)> = Vec::new();
    for (i, (row, order)) in rows.iter().enumerate() {
        match stored.get(&key_of(order)) {
            Some(e) if e.import_id != import_id => earlier.push((i, (*row, order.clone()))),
            Some(e) if !is_self(e, *row) => repeats.push((i, e.file_id, e.source_row)),
            _ => {}
        }
    }
    // A key stored by an earlier run is a re-import the first time this run meets it, and a
    // repeat after that: the run remembers such keys in a temporary table.
    let mut already = 0;
    if !earlier.is_empty() {
        let these: Vec<Row> = earlier.iter().map(|(_, r)| r.clone()).collect();
        let seen = order_store::first_seen(tx, file_id, &these).await?;
        let seen = by_key(&seen);
        for (i, (row, order)) in &earlier {
            match seen.get(&key_of(order)) {
                Some(e) if !is_self(e, *row) => repeats.push((*i, e.file_id, e.source_row)),
                _ => already += 1,
            }
        }
    }
    Ok((already, repeats))
}

async fn finish(tx: Tx, dry_run: bool) -> anyhow::Result<()> {
    if dry_run {
        tx.rollback().await.context("cannot roll back the dry run")
    } else {
        tx.commit().await.context("cannot commit the import")
    }
}

fn file_index(files: &[String], f: &str) -> usize {
    files.iter().position(|x| x == f).unwrap_or(usize::MAX)
}

fn progress_bar(ctx: &Context, req: &Request) -> indicatif::ProgressBar {
    if !ctx.progress() {
        return indicatif::ProgressBar::hidden();
    }
    let total: u64 = req
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
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
