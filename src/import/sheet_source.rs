//! Spreadsheets. XLSX is streamed cell by cell (`worksheet_cells_reader`): memory is the shared
//! strings table, never a dense range (calamine #428, #593). XLS and ODS (small by nature: XLS
//! stops at 65,536 rows) are read through a range after checking its dimensions.
//!
//! Cells become text as Excel users expect: a date cell becomes `YYYY-MM-DD`, a whole number
//! loses its `.0`, and numeric cells are flagged so that an IIN typed as a number gets its
//! leading zero back.

use super::{FileError, Format, HeaderSearch, OpenOptions, Progress, RowSink, TableInfo};
use calamine::{Data, DataRef, Reader, Xlsx};
use std::path::Path;

/// The largest XLS file skud reads (calamine holds it whole).
const MAX_XLS_BYTES: u64 = 64 << 20;

/// The largest range skud reads from an XLS or ODS sheet (cells).
const MAX_RANGE_CELLS: u64 = 50_000_000;

thread_local! {
    /// Set while calamine reads a file on this thread: a panic there is the file's fault, and
    /// is reported as such instead of by the default panic message.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the default panic message for every panic but one inside the spreadsheet reader, which
/// [`read`] turns into an error naming the file. Installed once by `main`.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !READING.with(std::cell::Cell::get) {
            default(info);
        }
    }));
}

/// Reads a spreadsheet into the sink. calamine may panic on a damaged file it does not expect
/// (an overflowing cell reference was found by fuzzing): that is a refusal of the file, exit 1
/// with its name, never a crash.
pub fn read(
    path: &Path,
    format: Format,
    bytes: u64,
    opts: &OpenOptions,
    progress: &Progress,
    sink: &mut dyn RowSink,
) -> Result<TableInfo, FileError> {
    READING.with(|r| r.set(true));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_unguarded(path, format, bytes, opts, progress, sink)
    }));
    READING.with(|r| r.set(false));
    read.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(FileError::Spreadsheet {
            path: path.to_owned(),
            format: format.as_str(),
            message: format!("the file is damaged; the spreadsheet reader stopped: {why}"),
        })
    })
}

fn read_unguarded(
    path: &Path,
    format: Format,
    bytes: u64,
    opts: &OpenOptions,
    progress: &Progress,
    sink: &mut dyn RowSink,
) -> Result<TableInfo, FileError> {
    let bad = |message: String| FileError::Spreadsheet {
        path: path.to_owned(),
        format: format.as_str(),
        message,
    };
    let mut info = TableInfo {
        path: path.display().to_string(),
        format: format.as_str(),
        encoding: "unicode".into(),
        bytes,
        ..TableInfo::default()
    };
    if matches!(format, Format::Xlsx | Format::Ods) {
        super::zip_guard::check(path, format, &super::zip_guard::LIMITS)?;
    } else if bytes > MAX_XLS_BYTES {
        return Err(bad(format!(
            "{} MiB is more than an XLS sheet of orders holds (at most {} MiB); save it as XLSX or CSV",
            bytes >> 20,
            MAX_XLS_BYTES >> 20
        )));
    }
    let mut rows = Rows::new(path);
    if format == Format::Xlsx {
        let mut wb: Xlsx<std::io::BufReader<std::fs::File>> =
            calamine::open_workbook(path).map_err(|e: calamine::XlsxError| bad(e.to_string()))?;
        let sheet = pick_sheet(path, wb.sheet_names(), opts)?;
        info.sheet = Some(sheet.clone());
        let mut cells = wb
            .worksheet_cells_reader(&sheet)
            .map_err(|e| bad(e.to_string()))?;
        while let Some(cell) = cells.next_cell().map_err(|e| bad(e.to_string()))? {
            let (r, c) = cell.get_position();
            let (text, numeric) = text_of_ref(cell.get_value());
            rows.cell(r, c, text, numeric, &mut info, sink)?;
        }
    } else {
        let mut wb = calamine::open_workbook_auto(path).map_err(|e| bad(e.to_string()))?;
        let sheet = pick_sheet(path, wb.sheet_names(), opts)?;
        info.sheet = Some(sheet.clone());
        let range = wb.worksheet_range(&sheet).map_err(|e| bad(e.to_string()))?;
        let (h, w) = range.get_size();
        if (h as u64) * (w as u64) > MAX_RANGE_CELLS {
            return Err(bad(format!(
                "the sheet spans {h} × {w} cells; save it as XLSX"
            )));
        }
        let start = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let (text, numeric) = text_of(v);
                rows.cell(
                    start.0 + i as u32,
                    start.1 + j as u32,
                    text,
                    numeric,
                    &mut info,
                    sink,
                )?;
            }
        }
    }
    rows.finish(&mut info, sink)?;
    progress.add(bytes);
    Ok(info)
}

fn pick_sheet(path: &Path, names: Vec<String>, opts: &OpenOptions) -> Result<String, FileError> {
    if names.is_empty() {
        return Err(FileError::NoSheets(path.to_owned()));
    }
    match &opts.sheet {
        None => Ok(names[0].clone()),
        Some(want) => names
            .iter()
            .find(|n| *n == want)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().to_lowercase() == want.trim().to_lowercase())
            })
            .cloned()
            .ok_or_else(|| FileError::UnknownSheet {
                path: path.to_owned(),
                sheet: want.clone(),
                available: names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
    }
}

/// Assembles cells (in row-major order) into records and hands them to the sink.
struct Rows {
    path: std::path::PathBuf,
    current: Option<u32>,
    search: HeaderSearch,
    header_row: Option<u32>,
    cells: Vec<(u32, String, bool)>,
    record: csv::StringRecord,
    numeric: Vec<bool>,
}

impl Rows {
    fn new(path: &Path) -> Self {
        Rows {
            path: path.to_owned(),
            current: None,
            search: HeaderSearch::new(path),
            header_row: None,
            cells: Vec::new(),
            record: csv::StringRecord::new(),
            numeric: Vec::new(),
        }
    }

    fn cell(
        &mut self,
        r: u32,
        c: u32,
        text: String,
        numeric: bool,
        info: &mut TableInfo,
        sink: &mut dyn RowSink,
    ) -> Result<(), FileError> {
        if self.current != Some(r) {
            self.flush(info, sink)?;
            self.current = Some(r);
        }
        if !text.trim().is_empty() {
            self.cells.push((c, text, numeric));
        }
        Ok(())
    }

    fn flush(&mut self, info: &mut TableInfo, sink: &mut dyn RowSink) -> Result<(), FileError> {
        let Some(r) = self.current else { return Ok(()) };
        if self.cells.is_empty() {
            return Ok(());
        }
        let width = self
            .cells
            .iter()
            .map(|(c, _, _)| *c as usize + 1)
            .max()
            .unwrap_or(0);
        if width > 16_384 {
            return Err(FileError::Spreadsheet {
                path: self.path.clone(),
                format: info.format,
                message: format!("row {r}: more than 16,384 columns"),
            });
        }
        // Cells normally come in column order; a generated file may list them otherwise.
        self.cells.sort_by_key(|(c, _, _)| *c);
        self.cells.dedup_by_key(|(c, _, _)| *c);
        self.record.clear();
        self.numeric.clear();
        let mut next = 0usize;
        for (c, text, numeric) in self.cells.drain(..) {
            while next < c as usize {
                self.record.push_field("");
                self.numeric.push(false);
                next += 1;
            }
            self.record.push_field(&text);
            self.numeric.push(numeric);
            next += 1;
        }
        match self.header_row {
            None => {
                if self
                    .search
                    .offer(sink, info, &self.record, u64::from(r) + 1)?
                {
                    self.header_row = Some(r);
                }
            }
            Some(h) => {
                let row = r.checked_sub(h).filter(|n| *n > 0).ok_or_else(|| FileError::Spreadsheet {
                    path: self.path.clone(),
                    format: info.format,
                    message: format!("row {} comes after the header row {}: the sheet's rows are out of order", r + 1, h + 1),
                })?;
                info.rows += 1;
                sink.row(u64::from(row), &self.record, &self.numeric)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, info: &mut TableInfo, sink: &mut dyn RowSink) -> Result<(), FileError> {
        self.flush(info, sink)?;
        if self.header_row.is_none() {
            return Err(self.search.give_up());
        }
        Ok(())
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Excel's last day (31 December 9999) as a serial number.
const EXCEL_LAST_SERIAL: f64 = 2_958_466.0;

/// A date cell as text. A value no calendar holds (negative, infinite, past the year 9999: a
/// damaged or hostile file) stays a number, which the row's check then rejects as a bad date;
/// calamine's conversion would panic on it.
fn date_cell(d: &calamine::ExcelDateTime) -> String {
    let v = d.as_f64();
    if v.is_finite() && (0.0..=EXCEL_LAST_SERIAL).contains(&v) {
        date_text(d.as_datetime(), v)
    } else {
        number_text(v)
    }
}

fn date_text(dt: Option<chrono::NaiveDateTime>, raw: f64) -> String {
    match dt {
        Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.date().format("%Y-%m-%d").to_string(),
        Some(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => number_text(raw),
    }
}

fn text_of_ref(v: &DataRef<'_>) -> (String, bool) {
    match v {
        DataRef::Empty => (String::new(), false),
        DataRef::String(s) => (s.clone(), false),
        DataRef::SharedString(s) => ((*s).to_owned(), false),
        DataRef::Int(i) => (i.to_string(), true),
        DataRef::Float(f) => (number_text(*f), true),
        DataRef::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_owned(), false),
        DataRef::DateTime(d) => (date_cell(d), false),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), false),
        DataRef::Error(e) => (format!("{e}"), false),
    }
}

fn text_of(v: &Data) -> (String, bool) {
    match v {
        Data::Empty => (String::new(), false),
        Data::String(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => (number_text(*f), true),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_owned(), false),
        Data::DateTime(d) => (date_cell(d), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(e) => (format!("{e}"), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date cell with a value no calendar holds is a number, not a panic (found by fuzzing:
    /// `TimeDelta::milliseconds out of bounds`, exit 101).
    #[test]
    fn impossible_date_cells_do_not_panic() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let cell = |v: f64| date_cell(&ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(cell(46346.0), "2026-11-20");
        assert_eq!(cell(-1.0), "-1");
        assert!(cell(1e300).starts_with("1000000"));
        assert_eq!(cell(f64::INFINITY), "inf");
        assert_eq!(cell(f64::NEG_INFINITY), "-inf");
        assert_eq!(cell(f64::NAN), "NaN");
        assert_eq!(cell(3e6), "3000000");
    }
}
