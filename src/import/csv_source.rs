//! CSV files as Excel and HR systems write them.
//!
//! Encoding: a BOM decides (UTF-8, UTF-16LE/BE — Excel's "Unicode text", usually tab-separated);
//! without one, a prefix that is valid UTF-8 means UTF-8, anything else Windows-1251 (the
//! Russian-locale Excel default). `--encoding` overrides. UTF-8 is read as it is (no decoding
//! pass) and checked row by row; an invalid row stops the file with its row and column named.
//! Delimiter: whichever of `;` `,` TAB `|` occurs most often outside quotes on the header line.

use super::{Counting, FileError, HeaderSearch, OpenOptions, Progress, RowSink, TableInfo};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1251};
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

pub fn read(
    path: &Path,
    head: Vec<u8>,
    file: File,
    bytes: u64,
    opts: &OpenOptions,
    progress: &Progress,
    sink: &mut dyn RowSink,
) -> Result<TableInfo, FileError> {
    let (encoding, bom_len) = encoding_of(path, &head, bytes, opts)?;
    let (decoded_head, _) = encoding.decode_without_bom_handling(&head[bom_len..]);
    let delimiter = detect_delimiter(&decoded_head);
    let mut info = TableInfo {
        path: path.display().to_string(),
        format: "csv",
        encoding: encoding.name().to_lowercase(),
        delimiter: Some(match delimiter {
            b'\t' => "tab".to_owned(),
            d => (d as char).to_string(),
        }),
        sheet: None,
        bytes,
        ..TableInfo::default()
    };
    progress.add(head.len() as u64);
    let raw = Cursor::new(head).chain(Counting::new(file, progress.clone()));
    let lines = Lines::default();
    let reader = lines.watch(decoder(path, raw, encoding, bom_len)?);
    let csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(reader);
    read_rows(path, csv, &lines, &mut info, sink)?;
    Ok(info)
}

/// The file's encoding and the length of its BOM: `--encoding`, else the BOM, else UTF-8 when
/// the first bytes are valid UTF-8, else Windows-1251. A binary file is refused.
fn encoding_of(
    path: &Path,
    head: &[u8],
    bytes: u64,
    opts: &OpenOptions,
) -> Result<(&'static Encoding, usize), FileError> {
    if let Some(enc) = opts.encoding {
        let bom = bom_of(head)
            .filter(|(e, _)| *e == enc)
            .map_or(0, |(_, n)| n);
        return Ok((enc, bom));
    }
    if let Some(found) = bom_of(head) {
        return Ok(found);
    }
    if looks_binary(head) {
        return Err(FileError::Binary(path.to_owned()));
    }
    let more = (head.len() as u64) < bytes;
    let enc = if valid_utf8_prefix(head, more) {
        UTF_8
    } else {
        WINDOWS_1251
    };
    Ok((enc, 0))
}

/// The file's text: UTF-8 as it is (past its BOM), anything else decoded on the way.
fn decoder<R: Read + 'static>(
    path: &Path,
    mut raw: R,
    encoding: &'static Encoding,
    bom_len: usize,
) -> Result<Box<dyn Read>, FileError> {
    if encoding != UTF_8 {
        return Ok(Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .strip_bom(true)
                .build(raw),
        ));
    }
    let skip = std::io::copy(&mut (&mut raw).take(bom_len as u64), &mut std::io::sink());
    skip.map_err(|source| FileError::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok(Box::new(raw))
}

/// The longest row taken: a row, and every copy made of it on its way, stays small.
const MAX_RECORD_BYTES: usize = 1 << 20;

/// Past this many bytes read since the last row ended, reading stops: the CSV parser would
/// otherwise buffer a row whole (a quote left open swallows the rest of the file). Room for
/// a row at the limit and the parser's read-ahead.
const UNENDED_ROW_BYTES: u64 = 3 << 20;

/// The error the reader gives when a row does not end (see [`UNENDED_ROW_BYTES`]).
#[derive(Debug, thiserror::Error)]
#[error("a row does not end within {} MiB", UNENDED_ROW_BYTES >> 20)]
struct UnendedRow;

/// The message of a row past the limit.
fn too_long(mib: Option<usize>) -> String {
    let size = mib.map_or_else(|| "more than 1".to_owned(), |m| m.to_string());
    format!(
        "a row of {size} MiB: no row of orders or requests is longer than {} MiB (a quote left open swallows the rows after it)",
        MAX_RECORD_BYTES >> 20
    )
}

/// The header (found among the first rows: title and blank rows above it skipped), then every
/// non-blank row, to the sink.
fn read_rows(
    path: &Path,
    mut csv: csv::Reader<Box<dyn Read>>,
    lines: &Lines,
    info: &mut TableInfo,
    sink: &mut dyn RowSink,
) -> Result<(), FileError> {
    let mut bytes_rec = csv::ByteRecord::new();
    let mut search = HeaderSearch::new(path);
    let mut header: Option<csv::StringRecord> = None;
    let mut row: u64 = 0;
    let numeric: Vec<bool> = Vec::new();
    // U+FFFD's three bytes: its first, 0xEF, is rare in any text, where its last, 0xBD, is the
    // second byte of the Cyrillic "н" (a char search stops there).
    let replacement = memchr::memmem::Finder::new("\u{FFFD}");
    loop {
        let more = csv
            .read_byte_record(&mut bytes_rec)
            .map_err(|e| csv_error(path, row, e))?;
        if !more {
            break;
        }
        let end = csv.position().byte();
        let line = lines.of_record_ending_at(end);
        lines.ended(end);
        if bytes_rec.as_slice().len() > MAX_RECORD_BYTES {
            return Err(FileError::Csv {
                path: path.to_owned(),
                row: if header.is_some() { row + 1 } else { line },
                message: too_long(Some(bytes_rec.as_slice().len() >> 20)),
            });
        }
        let rec = csv::StringRecord::from_byte_record(bytes_rec)
            .map_err(|e| bad_utf8(path, header.as_ref(), row, &e))?;
        info.replacement_chars += replacement.find_iter(rec.as_slice().as_bytes()).count() as u64;
        let blank = rec.iter().all(|f| f.trim().is_empty());
        if header.is_some() {
            row += 1;
            if !blank {
                info.rows += 1;
                sink.row(row, &rec, &numeric)?;
            }
        } else if !blank && search.offer(sink, info, &rec, line)? {
            header = Some(rec.clone());
        }
        bytes_rec = rec.into_byte_record();
    }
    if !search.found() {
        return Err(search.give_up());
    }
    Ok(())
}

/// The line numbers of the first rows, which the CSV reader does not give reliably (a record's
/// position counts the end of the line before it, and blank lines are skipped unseen): the
/// offsets of the first line feeds of the text are noted as it is read.
#[derive(Clone, Default)]
struct Lines(std::rc::Rc<std::cell::RefCell<LineFeeds>>);

#[derive(Default)]
struct LineFeeds {
    /// Bytes read so far.
    read: u64,
    /// Where the last row read ended.
    record_end: u64,
    /// The offsets of the first line feeds (those of the chunk that passes the header search
    /// included).
    at: Vec<u64>,
}

impl Lines {
    fn watch(&self, inner: Box<dyn Read>) -> Box<dyn Read> {
        Box::new(Watched {
            inner,
            lines: self.clone(),
        })
    }

    /// The 1-based line on which a record ends, given the reader's position after it (past its
    /// CR, or past its LF): one more than the line feeds before its last byte. Past the lines
    /// watched it is a number beyond the header search.
    /// Notes where the last row ended.
    fn ended(&self, end: u64) {
        self.0.borrow_mut().record_end = end;
    }

    fn of_record_ending_at(&self, end: u64) -> u64 {
        let feeds = self.0.borrow();
        feeds.at.partition_point(|&o| o + 1 < end) as u64 + 1
    }
}

struct Watched {
    inner: Box<dyn Read>,
    lines: Lines,
}

impl Read for Watched {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut feeds = self.lines.0.borrow_mut();
        if feeds.at.len() as u64 <= super::HEADER_SEARCH_ROWS {
            let start = feeds.read;
            for (i, _) in buf[..n].iter().enumerate().filter(|(_, b)| **b == b'\n') {
                feeds.at.push(start + i as u64);
            }
        }
        feeds.read += n as u64;
        if feeds.read.saturating_sub(feeds.record_end) > UNENDED_ROW_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                UnendedRow,
            ));
        }
        Ok(n)
    }
}

/// A row that is not UTF-8: its row (0: the header) and column, named by the header.
fn bad_utf8(
    path: &Path,
    header: Option<&csv::StringRecord>,
    row: u64,
    e: &csv::FromUtf8Error,
) -> FileError {
    let col = e.utf8_error().field();
    let column = header
        .and_then(|h| h.get(col))
        .map_or_else(|| format!("{}", col + 1), |h| format!("{} ({h})", col + 1));
    let row = if header.is_some() { row + 1 } else { 0 };
    FileError::BadUtf8 {
        path: path.to_owned(),
        row,
        column,
    }
}

fn csv_error(path: &Path, row: u64, e: csv::Error) -> FileError {
    match e.into_kind() {
        csv::ErrorKind::Io(source)
            if source
                .get_ref()
                .is_some_and(|inner| inner.is::<UnendedRow>()) =>
        {
            FileError::Csv {
                path: path.to_owned(),
                row: row + 1,
                message: too_long(None),
            }
        }
        csv::ErrorKind::Io(source) => FileError::Io {
            path: path.to_owned(),
            source,
        },
        other => FileError::Csv {
            path: path.to_owned(),
            row: row + 1,
            message: format!("{other:?}"),
        },
    }
}

fn bom_of(head: &[u8]) -> Option<(&'static Encoding, usize)> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((UTF_8, 3))
    } else if head.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, 2))
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Some((UTF_16BE, 2))
    } else {
        None
    }
}

/// NUL bytes, or many control characters, mean this is not text in a single-byte or UTF-8
/// encoding.
fn looks_binary(head: &[u8]) -> bool {
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    head.contains(&0) || control * 100 > head.len()
}

/// Whether the prefix is UTF-8, allowing a character cut at its end when the file goes on.
fn valid_utf8_prefix(head: &[u8], truncated: bool) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => truncated && e.error_len().is_none(),
    }
}

/// The delimiter: of `;` `,` TAB `|`, the one whose count outside quotes is the same on the
/// most of the first lines (as Python's `csv.Sniffer` reasons): a header and its rows agree,
/// a title line above them or a comma inside a long department name does not. A quote opens
/// only at the start of a field, as the CSV parser reads it (`ТОО "Алма` is text).
fn detect_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    let mut per_line: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    let mut at_field_start = true;
    for c in text.chars() {
        let candidate = c.is_ascii() && CANDIDATES.contains(&(c as u8));
        match c {
            '"' if quoted => quoted = false,
            '"' if at_field_start => quoted = true,
            '\n' if !quoted => {
                if counts.iter().any(|&n| n > 0) {
                    per_line.push(counts);
                }
                counts = [0; 4];
                if per_line.len() as u64 == super::HEADER_SEARCH_ROWS {
                    break;
                }
            }
            _ if candidate && !quoted => {
                let i = CANDIDATES.iter().position(|&d| d == c as u8).unwrap_or(0);
                counts[i] += 1;
            }
            _ => {}
        }
        at_field_start = !quoted && (candidate || c == '\n' || c == '\r');
    }
    if counts.iter().any(|&n| n > 0) {
        per_line.push(counts);
    }
    // For each candidate: how many lines share its most common non-zero count, and that count.
    let score = |i: usize| {
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for line in &per_line {
            let n = line[i];
            if n == 0 {
                continue;
            }
            match seen.iter_mut().find(|(count, _)| *count == n) {
                Some((_, lines)) => *lines += 1,
                None => seen.push((n, 1)),
            }
        }
        seen.into_iter()
            .map(|(count, lines)| (lines, count))
            .max()
            .unwrap_or((0, 0))
    };
    let best = (0..4)
        .max_by_key(|&i| (score(i), std::cmp::Reverse(i)))
        .unwrap_or(1);
    if score(best).0 == 0 {
        b','
    } else {
        CANDIDATES[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1,2;3"), b';');
        // A title line above the header, with a comma of its own.
        assert_eq!(
            detect_delimiter("Приказы, ноябрь 2026\n\nа;б;в;г\n1;2;3;4"),
            b';'
        );
        assert_eq!(detect_delimiter("\"a\nb;c;d\",e\nf,g"), b',');
        // A data row with more commas than the header has semicolons (found in review).
        let text = "№;Дата;Вид;ИИН;ФИО;Должность;Подразделение\n\
                    1;01.11.2026;прием;1;А Б;специалист, ведущий, по вопросам, связи, и, прочего, и, ещё, раз;Отдел\n\
                    2;01.11.2026;прием;2;В Г;специалист;Отдел";
        assert_eq!(detect_delimiter(text), b';');
        // A quote inside a title is text, not the start of a quoted field.
        assert_eq!(
            detect_delimiter("Приказы ТОО \"Алма\n\na;b;c\n1;2;3\n4;5;6"),
            b';'
        );
        assert_eq!(detect_delimiter("a,b,c"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(detect_delimiter("single"), b',');
    }

    /// The line of each record, with CRLF or LF ends and blank lines the reader skips.
    #[test]
    fn record_lines() {
        for (text, want) in [
            ("a;;\r\n;;;\r\nb;c\r\nd\r\n", vec![1, 2, 3, 4]),
            ("a\n\nb\nc", vec![1, 3, 4]),
            ("\n\n\"x\ny\";z\r\nw\n", vec![4, 5]),
        ] {
            let lines = Lines::default();
            let reader = lines.watch(Box::new(Cursor::new(text.as_bytes().to_vec())));
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(reader);
            let mut rec = csv::ByteRecord::new();
            let mut got = Vec::new();
            while csv.read_byte_record(&mut rec).unwrap() {
                got.push(lines.of_record_ending_at(csv.position().byte()));
            }
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn utf8_prefixes() {
        assert!(valid_utf8_prefix("ФИО".as_bytes(), false));
        assert!(valid_utf8_prefix(&"ФИО".as_bytes()[..3], true));
        assert!(!valid_utf8_prefix(&"ФИО".as_bytes()[..3], false));
        assert!(!valid_utf8_prefix(&[0xD4, 0xC8, 0xCE, b';'], true));
        assert!(looks_binary(&[0x50, 0x00, 0x01]));
        assert!(!looks_binary(b"a;b\r\n"));
    }
}
