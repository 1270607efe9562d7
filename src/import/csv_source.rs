//! CSV files as Excel and HR systems write them.
//!
//! Encoding: a BOM decides (UTF-8, UTF-16LE/BE — Excel's "Unicode text", usually tab-separated);
//! without one, a prefix that is valid UTF-8 means UTF-8, anything else Windows-1251 (the
//! Russian-locale Excel default). `--encoding` overrides. UTF-8 is read as it is (no decoding
//! pass) and checked row by row; an invalid row stops the file with its row and column named.
//! Delimiter: whichever of `;` `,` TAB `|` occurs most often outside quotes on the header line.

use super::{Counting, FileError, OpenOptions, Progress, RowSink, TableInfo};
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
    let reader = decoder(path, raw, encoding, bom_len)?;
    let csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(reader);
    read_rows(path, csv, &mut info, sink)?;
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

/// The header (blank lines before it skipped), then every non-blank row, to the sink.
fn read_rows(
    path: &Path,
    mut csv: csv::Reader<Box<dyn Read>>,
    info: &mut TableInfo,
    sink: &mut dyn RowSink,
) -> Result<(), FileError> {
    let mut bytes_rec = csv::ByteRecord::new();
    let mut header: Option<csv::StringRecord> = None;
    let mut row: u64 = 0;
    let numeric: Vec<bool> = Vec::new();
    loop {
        let more = csv
            .read_byte_record(&mut bytes_rec)
            .map_err(|e| csv_error(path, row, e))?;
        if !more {
            break;
        }
        let rec = csv::StringRecord::from_byte_record(bytes_rec)
            .map_err(|e| bad_utf8(path, header.as_ref(), row, &e))?;
        info.replacement_chars += rec.as_slice().matches('\u{FFFD}').count() as u64;
        let blank = rec.iter().all(|f| f.trim().is_empty());
        match &header {
            // Blank lines before the header: skip them.
            None if blank => {}
            None => {
                sink.header(info, &rec)?;
                header = Some(rec.clone());
            }
            Some(_) => {
                row += 1;
                if !blank {
                    info.rows += 1;
                    sink.row(row, &rec, &numeric)?;
                }
            }
        }
        bytes_rec = rec.into_byte_record();
    }
    if header.is_none() {
        return Err(FileError::NoHeader {
            path: path.to_owned(),
            detail: "the file has only empty lines".into(),
        });
    }
    Ok(())
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

/// The delimiter of the header line: the most frequent of `;` `,` TAB `|` outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            '|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t', b'|'];
    let best = (0..4)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(1);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter("a,b,c"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(detect_delimiter("single"), b',');
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
