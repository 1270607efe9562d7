//! An XLSX package whose big sheets' rows skud writes as XML itself, deflated on a second
//! thread straight into the output file.
//!
//! rust_xlsxwriter lays out the whole package as a small template (styles, the workbook and
//! its defined names, and each sheet's head and tail: columns, frozen panes, merged title,
//! header rows, autofilter, print setup). The sheets' rows are spliced in after the header
//! rows on the way into the ZIP: the caller appends row XML to a buffer, full buffers go
//! through a bounded channel to the thread that owns the [`zip::ZipWriter`], which copies the
//! template's other parts as they are and deflates the sheets. Why: with rust_xlsxwriter's own
//! constant-memory rows, a million journal rows spent most of their time in its per-cell
//! bookkeeping (a hashed `Format` per cell, a `String` per cell, a map entry per row height)
//! and then deflated 740 MB of sheet XML on one thread after all rows were written; here the
//! XML comes from plain byte appends and the deflate overlaps it.
//!
//! The file is the staged temporary file of `crate::files`: it is put in place by the caller
//! (`Staged::commit`) only when every row is written; an abandoned stream leaves nothing.

use crate::files::Staged;
use std::io::{BufWriter, Cursor, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;
use zip::write::SimpleFileOptions;

/// Bytes of row XML per hand-over to the deflating thread.
const CHUNK: usize = 256 * 1024;
/// Hand-overs in flight (memory: `CHUNK` times this).
const IN_FLIGHT: usize = 16;
/// The deflate level of the streamed sheets (zlib-rs). Measured on the XML of 1,000,000
/// journal rows (200 MB of it): level 1 0.34 s and 23.5 MB, level 2 0.56 s and 17.7 MB,
/// level 6 (rust_xlsxwriter's) 2.27 s and 13.9 MB. Level 2 keeps the file within a third of
/// the smallest at a quarter of the time.
const LEVEL: i64 = 2;

enum Chunk {
    Data(Vec<u8>),
    EndSheet,
}

/// The package being written.
pub struct Streamed {
    send: Option<SyncSender<Chunk>>,
    zipping: Option<JoinHandle<std::io::Result<Staged>>>,
    /// Row XML not yet handed over; the caller appends to it.
    pub buf: Vec<u8>,
}

impl Streamed {
    /// Starts writing `template` (a saved workbook) to `out`. `dimensions[i]` is the used
    /// range of the i-th sheet once its rows are in (`None`: the template's own).
    pub fn start(template: Vec<u8>, dimensions: Vec<Option<String>>, out: Staged) -> Streamed {
        let (send, recv) = sync_channel(IN_FLIGHT);
        let zipping = std::thread::spawn(move || zip_all(template, &dimensions, out, &recv));
        Streamed {
            send: Some(send),
            zipping: Some(zipping),
            buf: Vec::with_capacity(CHUNK + 64 * 1024),
        }
    }

    /// Hands the buffer over once it holds a chunk's worth.
    pub fn flush_if_full(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= CHUNK {
            let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 64 * 1024));
            self.hand_over(Chunk::Data(full))?;
        }
        Ok(())
    }

    /// The current sheet's rows are all written: its tail follows.
    pub fn end_sheet(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            self.hand_over(Chunk::Data(rest))?;
        }
        self.hand_over(Chunk::EndSheet)
    }

    /// Waits for the package to be complete; the staged file, not yet in place.
    pub fn finish(mut self) -> std::io::Result<Staged> {
        self.send = None;
        join(self.zipping.take())
    }

    fn hand_over(&mut self, chunk: Chunk) -> std::io::Result<()> {
        if self.send.as_ref().is_some_and(|s| s.send(chunk).is_ok()) {
            return Ok(());
        }
        // The deflating thread stopped: its error says why.
        Err(match join(self.zipping.take()) {
            Err(e) => e,
            Ok(_) => std::io::Error::other("the XLSX writer stopped"),
        })
    }
}

/// Dropped unfinished (a failed export): the thread ends, its temporary file goes with it.
impl Drop for Streamed {
    fn drop(&mut self) {
        self.send = None;
        if let Some(h) = self.zipping.take() {
            let _ = h.join();
        }
    }
}

fn join(h: Option<JoinHandle<std::io::Result<Staged>>>) -> std::io::Result<Staged> {
    match h {
        Some(h) => h
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the XLSX writer panicked"))),
        None => Err(std::io::Error::other("the XLSX writer stopped")),
    }
}

/// The deflating thread: the template's parts in their order, each worksheet with the rows
/// received spliced in.
fn zip_all(
    template: Vec<u8>,
    dimensions: &[Option<String>],
    out: Staged,
    recv: &Receiver<Chunk>,
) -> std::io::Result<Staged> {
    let mut archive = zip::ZipArchive::new(Cursor::new(template)).map_err(std::io::Error::other)?;
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 17, out));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(zip::DateTime::default());
    let mut sheet = 0;
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(std::io::Error::other)?
            .name()
            .map_err(std::io::Error::other)?
            .into_owned();
        if !(name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml")) {
            let part = archive.by_index_raw(i).map_err(std::io::Error::other)?;
            zip.raw_copy_file(part).map_err(std::io::Error::other)?;
            continue;
        }
        let mut xml = String::new();
        archive
            .by_index(i)
            .map_err(std::io::Error::other)?
            .read_to_string(&mut xml)?;
        let (head, tail) = split(&xml, dimensions.get(sheet).cloned().flatten())?;
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(head.as_bytes())?;
        loop {
            match recv.recv() {
                Ok(Chunk::Data(d)) => zip.write_all(&d)?,
                Ok(Chunk::EndSheet) => break,
                Err(_) => return Err(std::io::Error::other("the export was abandoned")),
            }
        }
        zip.write_all(tail.as_bytes())?;
        sheet += 1;
    }
    let buffered = zip.finish().map_err(std::io::Error::other)?;
    buffered.into_inner().map_err(|e| e.into_error())
}

/// A template sheet's XML cut after its last row (the rows streamed go there), its dimension
/// set to `dimension`. rust_xlsxwriter's constant-memory sheets repeat the last row's
/// attributes as an empty `<row/>` after it: the cut leaves that out.
fn split(xml: &str, dimension: Option<String>) -> std::io::Result<(String, &str)> {
    let bad = || std::io::Error::other("unexpected worksheet XML in the template");
    let end = xml.find("</sheetData>").ok_or_else(bad)?;
    let cut = xml[..end].rfind("</row>").ok_or_else(bad)? + "</row>".len();
    let mut head = xml[..cut].to_owned();
    if let Some(dimension) = dimension {
        let at = head.find("<dimension ref=\"").ok_or_else(bad)? + "<dimension ref=\"".len();
        let len = head[at..].find('"').ok_or_else(bad)?;
        head.replace_range(at..at + len, &dimension);
    }
    Ok((head, &xml[end..]))
}

/// Appends `s` as the text of an inline string, escaped as rust_xlsxwriter escapes it: XML's
/// `& < >`, control characters and U+FFFE/U+FFFF as `_xHHHH_`, and a literal `_xHHHH_` with
/// its underscore escaped (`_x005F_xHHHH_`), so that Excel reads back the same text.
pub fn push_text(buf: &mut Vec<u8>, s: &str) {
    let plain = !s
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | 0xEF) || (b < 0x20 && b != b'\t' && b != b'\n'))
        && !s.contains("_x");
    if plain {
        buf.extend_from_slice(s.as_bytes());
        return;
    }
    let s = escape_escapes(s);
    for ch in s.chars() {
        match ch {
            '&' => buf.extend_from_slice(b"&amp;"),
            '<' => buf.extend_from_slice(b"&lt;"),
            '>' => buf.extend_from_slice(b"&gt;"),
            '\t' | '\n' => buf.push(ch as u8),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(buf, "_x{:04X}_", ch as u32);
            }
            _ => {
                let mut b = [0u8; 4];
                buf.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
            }
        }
    }
}

/// rust_xlsxwriter's `escape_xml_escapes`: `_x` + four hex digits + `_` gets `_x005F` before.
fn escape_escapes(original: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = 7; // _xHHHH_
    if !original.contains("_x") {
        return std::borrow::Cow::Borrowed(original);
    }
    let mut escaped = original.to_owned();
    for (index, _) in original.rmatch_indices("_x") {
        if index + LEN > original.len()
            || !original.is_char_boundary(index + LEN - 1)
            || !original[index + LEN - 1..].starts_with('_')
        {
            continue;
        }
        if original[index + 2..index + LEN - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit())
        {
            escaped.replace_range(index..index, "_x005F");
        }
    }
    std::borrow::Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut b = Vec::new();
        push_text(&mut b, s);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn text_is_escaped_like_rust_xlsxwriter() {
        assert_eq!(text("Иванов И. И."), "Иванов И. И.");
        assert_eq!(text("a & b <c> d"), "a &amp; b &lt;c&gt; d");
        assert_eq!(text("a\tb\nc\rd\u{1}"), "a\tb\nc_x000D_d_x0001_");
        assert_eq!(
            text("_x0041_ and _xZZZZ_ and _x12"),
            "_x005F_x0041_ and _xZZZZ_ and _x12"
        );
        assert_eq!(text("snake_case"), "snake_case");
        assert_eq!(text("\u{FFFE}ё"), "_xFFFE_ё");
    }

    #[test]
    fn the_template_is_cut_after_its_last_row() {
        let xml = r#"<worksheet><dimension ref="A1:G2"/><sheetData><row r="1"><c/></row><row r="2"><c/></row><row r="2" ht="90"/></sheetData><autoFilter ref="A2:G9"/></worksheet>"#;
        let (head, tail) = split(xml, Some("A1:G9".into())).unwrap();
        assert_eq!(
            head,
            r#"<worksheet><dimension ref="A1:G9"/><sheetData><row r="1"><c/></row><row r="2"><c/></row>"#
        );
        assert_eq!(tail, r#"</sheetData><autoFilter ref="A2:G9"/></worksheet>"#);
    }
}
