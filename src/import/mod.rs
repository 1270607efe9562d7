//! Reading the files people send: CSV (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1251; `,` `;` or tab, detected) and spreadsheets (XLSX streamed cell by cell; XLS and
//! ODS, which are small by nature, through calamine's ranges). Rows are streamed to a sink one at
//! a time: memory stays flat however large the file.

pub mod csv_source;
pub mod headers;
pub mod order_rows;
pub mod request_rows;
pub mod sheet_source;
pub mod zip_guard;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What went wrong with a whole file. Each message names the file and, where there is one, the
/// row and column.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}: no such file")]
    NotFound(PathBuf),
    #[error("{0}: is a directory, not a file")]
    IsDirectory(PathBuf),
    #[error("{0}: the file is empty")]
    Empty(PathBuf),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: binary data, not a CSV or spreadsheet file (save it from Excel as CSV or XLSX)")]
    Binary(PathBuf),
    #[error(
        "{path}: row {row}, column {column}: the bytes are not valid UTF-8; save the file as UTF-8, or pass --encoding windows-1251 (or the file's encoding)"
    )]
    BadUtf8 {
        path: PathBuf,
        row: u64,
        column: String,
    },
    #[error("{path}: not a readable {format} file: {message}")]
    Spreadsheet {
        path: PathBuf,
        format: &'static str,
        message: String,
    },
    #[error("{0}: the workbook has no sheets")]
    NoSheets(PathBuf),
    #[error("{path}: no sheet named {sheet:?}; the sheets are: {available}")]
    UnknownSheet {
        path: PathBuf,
        sheet: String,
        available: String,
    },
    #[error("{path}: no header row: {detail}")]
    NoHeader { path: PathBuf, detail: String },
    #[error("{path}: the header (row {at} of the file): {detail}")]
    Header {
        path: PathBuf,
        at: u64,
        detail: String,
    },
    #[error("{path}: row {row}: {message}")]
    Csv {
        path: PathBuf,
        row: u64,
        message: String,
    },
    #[error("{path}: --sheet applies to spreadsheets, and this file is CSV")]
    SheetOnCsv { path: PathBuf },
    /// The consumer of the rows stopped (the database failed): not the file's fault.
    #[error("stopped")]
    Stopped,
}

impl FileError {
    /// The message in the reader's language (the `Display` text is English, for logs).
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        let p = |p: &PathBuf| p.display().to_string();
        let (path, what) = match self {
            FileError::NotFound(path) => (p(path), tr!(lang, "file-not-found")),
            FileError::IsDirectory(path) => (p(path), tr!(lang, "file-is-directory")),
            FileError::Empty(path) => (p(path), tr!(lang, "file-empty")),
            FileError::Io { path, source } => {
                (p(path), tr!(lang, "file-io", error = source.to_string()))
            }
            FileError::Binary(path) => (p(path), tr!(lang, "file-binary")),
            FileError::BadUtf8 { path, row, column } => (
                p(path),
                tr!(lang, "file-bad-utf8", row = *row, column = column.as_str()),
            ),
            FileError::Spreadsheet {
                path,
                format,
                message,
            } => (
                p(path),
                tr!(
                    lang,
                    "file-spreadsheet",
                    format = *format,
                    message = message.as_str()
                ),
            ),
            FileError::NoSheets(path) => (p(path), tr!(lang, "file-no-sheets")),
            FileError::UnknownSheet {
                path,
                sheet,
                available,
            } => (
                p(path),
                tr!(
                    lang,
                    "file-unknown-sheet",
                    sheet = sheet.as_str(),
                    available = available.as_str()
                ),
            ),
            FileError::NoHeader { path, detail } => (
                p(path),
                tr!(lang, "file-no-header", detail = detail.as_str()),
            ),
            FileError::Header { path, at, detail } => (
                p(path),
                tr!(lang, "file-header", at = *at, detail = detail.as_str()),
            ),
            FileError::Csv { path, row, message } => (
                p(path),
                tr!(lang, "file-csv", row = *row, message = message.as_str()),
            ),
            FileError::SheetOnCsv { path } => (p(path), tr!(lang, "file-sheet-on-csv")),
            FileError::Stopped => return tr!(lang, "file-stopped"),
        };
        format!("{path}: {what}")
    }
}

/// The format of a file, found from its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// How to open a file (from the command line).
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The worksheet to read (spreadsheets; default: the first).
    pub sheet: Option<String>,
    /// Forces a text encoding (CSV); otherwise it is detected.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// What was learnt about a file while reading it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TableInfo {
    pub path: String,
    pub format: &'static str,
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub bytes: u64,
    /// Characters that could not be decoded (shown as U+FFFD): Kazakh letters saved as
    /// Windows-1251, typically.
    pub replacement_chars: u64,
    /// The file's row (1-based, counting every line or sheet row) taken as the header: title
    /// and blank rows above it are skipped.
    pub header_row: u64,
    /// Data rows read (empty rows are skipped and not counted).
    pub rows: u64,
}

/// Receives a table: the header first (offered each non-blank row of the first
/// [`HEADER_SEARCH_ROWS`] until it takes one), then each non-empty data row with its 1-based number
/// (the header is row 0). `numeric[i]` says the cell was a number in a spreadsheet (an IIN typed
/// as a number has lost its leading zero).
pub trait RowSink {
    /// `Ok` takes the row as the header. An error leaves it as a title row and is what the file
    /// gets when no row qualifies; the sink keeps no state from a row it refused.
    fn header(&mut self, info: &TableInfo, header: &csv::StringRecord) -> Result<(), FileError>;
    fn row(
        &mut self,
        row: u64,
        record: &csv::StringRecord,
        numeric: &[bool],
    ) -> Result<(), FileError>;
}

/// How far down the header is looked for: title rows (often merged) and blank rows above it are
/// skipped.
pub const HEADER_SEARCH_ROWS: u64 = 20;

/// Finds the header among the first rows of a table: each non-blank row is offered to the sink
/// until it takes one. When none of the first [`HEADER_SEARCH_ROWS`] does, the file gets the
/// error of the row that came closest (one that named some columns, else the first row).
pub(crate) struct HeaderSearch {
    path: PathBuf,
    found: bool,
    closest: Option<FileError>,
}

impl HeaderSearch {
    pub(crate) fn new(path: &Path) -> Self {
        HeaderSearch {
            path: path.to_owned(),
            found: false,
            closest: None,
        }
    }

    pub(crate) fn found(&self) -> bool {
        self.found
    }

    /// Offers the file's row `at` (1-based). `Ok(true)`: it is the header.
    pub(crate) fn offer(
        &mut self,
        sink: &mut dyn RowSink,
        info: &mut TableInfo,
        record: &csv::StringRecord,
        at: u64,
    ) -> Result<bool, FileError> {
        if at > HEADER_SEARCH_ROWS {
            return Err(self.give_up());
        }
        info.header_row = at;
        match sink.header(info, record) {
            Ok(()) => {
                self.found = true;
                Ok(true)
            }
            Err(FileError::Stopped) => Err(FileError::Stopped),
            Err(e) => {
                let e = match e {
                    FileError::Header { path, detail, .. } => {
                        FileError::Header { path, at, detail }
                    }
                    e => e,
                };
                let closer = matches!(e, FileError::Header { .. })
                    && !matches!(self.closest, Some(FileError::Header { .. }));
                if self.closest.is_none() || closer {
                    self.closest = Some(e);
                }
                info.header_row = 0;
                Ok(false)
            }
        }
    }

    /// The error for a table whose header was not found.
    pub(crate) fn give_up(&mut self) -> FileError {
        self.closest.take().unwrap_or_else(|| FileError::NoHeader {
            path: self.path.clone(),
            detail: "the file has only empty rows".into(),
        })
    }
}

/// Reads a whole table into the sink.
pub fn read_table(
    path: &Path,
    opts: &OpenOptions,
    progress: &Progress,
    sink: &mut dyn RowSink,
) -> Result<TableInfo, FileError> {
    let (mut file, len) = open_file(path)?;
    let mut head = vec![0u8; 64 * 1024];
    let n = read_full(&mut file, &mut head).map_err(|source| FileError::Io {
        path: path.to_owned(),
        source,
    })?;
    head.truncate(n);
    if head.is_empty() {
        return Err(FileError::Empty(path.to_owned()));
    }
    let format = sniff_format(&head, path);
    if format != Format::Csv {
        return sheet_source::read(path, format, len, opts, progress, sink);
    }
    if opts.sheet.is_some() {
        return Err(FileError::SheetOnCsv {
            path: path.to_owned(),
        });
    }
    csv_source::read(path, head, file, len, opts, progress, sink)
}

/// Opens a file to import, with the message for each way it can be wrong: missing, a
/// directory, unreadable, empty. Returns the file and its size.
pub fn open_file(path: &Path) -> Result<(std::fs::File, u64), FileError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::NotFound(path.to_owned()),
        _ => FileError::Io {
            path: path.to_owned(),
            source: e,
        },
    })?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory(path.to_owned()));
    }
    let file = std::fs::File::open(path).map_err(|source| FileError::Io {
        path: path.to_owned(),
        source,
    })?;
    if meta.is_file() && meta.len() == 0 {
        return Err(FileError::Empty(path.to_owned()));
    }
    Ok((file, meta.len()))
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn sniff_format(head: &[u8], path: &Path) -> Format {
    if head.starts_with(b"PK\x03\x04") {
        // An ODS file's first entry is `mimetype`, stored uncompressed: its content says so
        // whatever the file's name.
        const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
        let ods = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ods"))
            || head.windows(ODS_MIME.len()).any(|w| w == ODS_MIME);
        if ods { Format::Ods } else { Format::Xlsx }
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Xls
    } else {
        Format::Csv
    }
}

/// Bytes read so far, shared with the progress bar.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<AtomicU64>);

impl Progress {
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A reader that counts the bytes it reads into a [`Progress`].
pub struct Counting<R> {
    inner: R,
    progress: Progress,
}

impl<R> Counting<R> {
    pub fn new(inner: R, progress: Progress) -> Self {
        Counting { inner, progress }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.add(n as u64);
        Ok(n)
    }
}

/// The width of a header: up to its last non-empty cell (a spreadsheet's CSV often ends every
/// line with empty cells).
pub fn header_width<'a>(cells: impl IntoIterator<Item = &'a str>) -> usize {
    cells
        .into_iter()
        .enumerate()
        .filter(|(_, c)| !c.trim().is_empty())
        .last()
        .map_or(0, |(i, _)| i + 1)
}

/// The first non-empty cell of a row beyond the header's width: its 1-based column and value.
/// A delimiter inside an unquoted value shifts the cells after it to the right.
pub fn extra_cell(record: &csv::StringRecord, width: usize) -> Option<(usize, &str)> {
    record
        .iter()
        .enumerate()
        .skip(width)
        .find(|(_, c)| !c.trim().is_empty())
        .map(|(i, c)| (i + 1, c))
}

/// Whether a value holds '?' in place of letters, as an office suite writes Kazakh letters
/// (ә ғ қ ң ө ұ ү һ) into a Windows-1251 file ("?асымова А?марал"): a '?' before a Cyrillic
/// letter or another '?', or after one inside a word. A question mark that ends a word ("Что?")
/// is punctuation. In a person's name (`name`), any '?' beside a Cyrillic letter counts.
pub fn lost_letters(value: &str, name: bool) -> bool {
    let cyrillic = |c: Option<&char>| c.is_some_and(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    let chars: Vec<char> = value.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 1);
        c == '?' && (cyrillic(after) || (cyrillic(before) && (name || after == Some(&'?'))))
    })
}

/// What is wrong with a row as the file holds it, before its values are read (orders and
/// requests alike; each turns it into its own reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsRead<F> {
    /// A non-empty cell beyond the header's width: its 1-based column and value.
    ExtraCells { column: usize, value: String },
    /// '?' for letters the file's encoding could not hold, in this field.
    LostLetters { field: F, value: String },
}

/// Checks a row as the file holds it: first a cell beyond the header's `width`, then, in a file
/// whose encoding has no Kazakh letters (`lossy`), each of `fields` (the field, its value, and
/// whether it is a part of a name) for '?' standing for letters.
pub fn as_read<'a, F>(
    record: &csv::StringRecord,
    width: usize,
    lossy: bool,
    fields: impl IntoIterator<Item = (F, &'a str, bool)>,
) -> Option<AsRead<F>> {
    if let Some((column, value)) = extra_cell(record, width) {
        let value = value.to_owned();
        return Some(AsRead::ExtraCells { column, value });
    }
    if !lossy {
        return None;
    }
    fields
        .into_iter()
        .find(|(_, value, name)| lost_letters(value, *name))
        .map(|(field, value, _)| AsRead::LostLetters {
            field,
            value: value.to_owned(),
        })
}

/// The hint a header gets when its own cells hold '?' for letters.
pub fn lost_letters_hint(info: &TableInfo, header: &csv::StringRecord) -> Option<&'static str> {
    (loses_kazakh(info) && header.iter().any(|h| lost_letters(h, true))).then_some(
        " (its cells hold '?' in place of letters: the file was saved as Windows-1251, which cannot hold Kazakh letters; save it as UTF-8 CSV or XLSX)",
    )
}

/// Whether a table was read in an encoding that has no Kazakh letters.
pub fn loses_kazakh(info: &TableInfo) -> bool {
    info.encoding == "windows-1251"
}

/// The delimiter byte of a CSV table (`,` for a spreadsheet): the rejects file uses the
/// imported file's own.
pub fn delimiter_byte(info: &TableInfo) -> u8 {
    match info.delimiter.as_deref() {
        Some(";") => b';',
        Some("tab") => b'\t',
        Some("|") => b'|',
        _ => b',',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_letters_and_extra_cells() {
        assert!(lost_letters("?асымова", true));
        assert!(lost_letters("А?марал", true));
        assert!(lost_letters("Б?лім", false));
        assert!(lost_letters("Аман??л", false));
        assert!(lost_letters("А?", true), "a name has no question mark");
        assert!(!lost_letters("А?", false));
        assert!(
            !lost_letters("Что? Где?", false),
            "a question mark after a word ends it"
        );
        assert!(!lost_letters("?", true));
        assert!(!lost_letters("Smith?", true));
        assert_eq!(header_width(["a", "b", "", "c", ""]), 4);
        let row = csv::StringRecord::from(vec!["1", "2", "3", "4", " ", "x"]);
        assert_eq!(extra_cell(&row, 4), Some((6, "x")));
        assert_eq!(extra_cell(&row, 6), None);
    }

    /// An ODS file named otherwise is told by its `mimetype` entry (once compared a 39-byte
    /// window with a 38-byte literal, so it never matched).
    #[test]
    fn ods_told_by_content() {
        let mut head = b"PK\x03\x04\x14\0\0\x08\0\0mimetype".to_vec();
        head.extend_from_slice(b"application/vnd.oasis.opendocument.spreadsheetPK");
        assert_eq!(sniff_format(&head, Path::new("orders.bin")), Format::Ods);
        assert_eq!(
            sniff_format(b"PK\x03\x04xl/workbook.xml", Path::new("a.bin")),
            Format::Xlsx
        );
        assert_eq!(sniff_format(b"PK\x03\x04", Path::new("a.ODS")), Format::Ods);
    }
}
