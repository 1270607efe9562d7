//! Rows that repeat a key: stored by an earlier run (`already_imported`) or repeated within
//! this run (`duplicate_in_file`), found row by row after a short insert, or all at once at the
//! end of a bulk load.

use super::{Importer, Request};
use crate::domain::order::Reject;
use crate::import::order_rows::reason;
use crate::import::{FileError, OpenOptions, Progress, RowSink, TableInfo, read_table};
use crate::store::Tx;
use crate::store::orders::{self as order_store, Row};
use anyhow::Context as _;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// The end of a bulk load: build the key index; if rows repeat a key, count the re-imported
/// ones, reject the repeats within the run (reading their original rows again for the rejects
/// file), delete both, and build the index then.
pub(super) async fn settle_bulk(
    tx: &mut Tx,
    run: &mut Importer<'_>,
    req: &Request,
) -> anyhow::Result<()> {
    order_store::end_load(tx).await?;
    if order_store::finish_bulk(tx).await? {
        return Ok(());
    }
    // Streamed: a file sent again repeats all its rows, and only the repeats within the run
    // (each a reject, held by the summary anyway) are kept whole. Of the others, the id to
    // delete (8 bytes a row) and the count.
    let files = &run.files;
    let index_of = |id: i64| files.iter().position(|f| f.0 == id).unwrap_or(0);
    let watched = run.name_differs.places();
    let mut gone = HashSet::new();
    let mut ids: Vec<i64> = Vec::new();
    let mut within: Vec<order_store::Repeat> = Vec::new();
    let mut already = 0u64;
    order_store::each_repeat(tx, run.import_id, |r| {
        ids.push(r.id);
        let place = (index_of(r.file_id), r.source_row as u64);
        if watched.contains(&place) {
            gone.insert(place);
        }
        if r.first_id == r.id {
            already += 1;
        } else {
            within.push(r);
        }
    })
    .await?;
    run.name_differs.forget(&gone);
    let deleted = order_store::delete(tx, ids).await?;
    run.summary.imported -= deleted;
    run.summary.already_imported += already;
    if !order_store::finish_bulk(tx).await? {
        anyhow::bail!(
            "the order key index cannot be built after removing the repeated rows (a bug: please report it)"
        );
    }
    within.sort_unstable_by_key(|r| r.id);
    let mut wanted: HashMap<usize, BTreeSet<u64>> = HashMap::new();
    for r in &within {
        wanted
            .entry(index_of(r.file_id))
            .or_default()
            .insert(r.source_row as u64);
    }
    let mut raws = reread(&req.files, &req.open, files, &wanted)?;
    for r in &within {
        let (i, first) = (index_of(r.file_id), index_of(r.first_file));
        let reject = Reject::DuplicateInFile {
            file: files[first].1.clone(),
            row: r.first_row as u64,
        };
        let text = reason(run.ctx.lang, &reject, None, NaiveDate::default());
        let row = r.source_row as u64;
        let raw = raws.remove(&(i, row)).unwrap_or_default();
        let (_, shown, headers, delim, _) = &files[i];
        if let Some(out) = run.rejects_out.as_mut() {
            out.write(headers, *delim, shown, row, reject.code(), &text, &raw)
                .context("cannot write the rejects file")?;
        }
        run.summary.reject(shown, row, reject.code(), text);
    }
    Ok(())
}

/// Reads again the given rows of the given files (their original cells, for the rejects file).
/// Each file's header is the row the first reading took (`seen`), so that the rows count from
/// the same place below a title.
pub(super) fn reread(
    paths: &[PathBuf],
    open: &OpenOptions,
    seen: &[super::FileSeen],
    wanted: &HashMap<usize, BTreeSet<u64>>,
) -> Result<HashMap<(usize, u64), csv::StringRecord>, FileError> {
    struct Pick<'a> {
        file: usize,
        header_row: u64,
        rows: &'a BTreeSet<u64>,
        found: HashMap<(usize, u64), csv::StringRecord>,
    }
    impl RowSink for Pick<'_> {
        fn header(&mut self, info: &TableInfo, _: &csv::StringRecord) -> Result<(), FileError> {
            if info.header_row == self.header_row {
                return Ok(());
            }
            Err(FileError::NoHeader {
                path: std::path::PathBuf::from(&info.path),
                detail: format!("the header was row {} when first read", self.header_row),
            })
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
            header_row: seen.get(file).map_or(1, |f| f.4),
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
pub(super) async fn conflicts(
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
