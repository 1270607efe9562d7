//! The journal of registration of users and issue of logins (Appendix 1, §25), as XLSX or CSV.
//!
//! XLSX: the form's title, its seven column headers in the chosen language, a frozen header
//! row, an autofilter, real date cells shown DD.MM.YYYY, and a print layout: A4 landscape, one
//! page wide, the headers repeated on every page, wrapped cells whose rows are as tall as their
//! text (`export::print`), sheet names in the chosen language. rust_xlsxwriter lays out the
//! package; the data rows are written as the XML rust_xlsxwriter would write and deflated on a
//! second thread straight into the staged output (`export::stream`), so a journal of millions
//! of rows needs a few megabytes and no second pass. Text is always
//! written as text: a name beginning with `=` is never a formula. Past Excel's 1,048,576 rows a
//! sheet, the journal continues on a new sheet with the same title and headers.
//!
//! CSV: UTF-8 with a BOM, `;` (what Excel in the ru/kk locales opens), every text field quoted,
//! and a cell that Excel would evaluate is prefixed with `'` (CWE-1236).

use super::print;
use crate::files::defuse;
use crate::i18n::{Lang, tr};
use crate::store::accounts::JournalRow;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Excel's rows per sheet.
const EXCEL_ROWS: u32 = 1_048_576;
/// The title row and the header row come first on every sheet.
const HEADER_ROW: u32 = 1;
const FIRST_DATA_ROW: u32 = 2;
const COLUMNS: u16 = 7;
/// The columns' widths (Excel units), for A4 landscape: wrapped text, nothing cut.
const WIDTHS: [f64; 7] = [5.0, 22.0, 52.0, 17.0, 20.0, 20.0, 30.0];

/// The form's column headers, in order, in a language.
pub fn headers(lang: Lang) -> [String; 7] {
    [
        "journal-col-no",
        "journal-col-letter",
        "journal-col-systems",
        "journal-col-date",
        "journal-col-basis",
        "journal-col-admin",
        "journal-col-note",
    ]
    .map(|k| tr!(lang, k))
}

/// Turns stored rows into the form's cells.
pub struct Cells {
    lang: Lang,
    system_names: HashMap<String, String>,
    reactivation: String,
    login_word: String,
    kinds: HashMap<String, String>,
}

impl Cells {
    /// `systems` are (code, name_kk, name_ru) of the catalogue.
    pub fn new(lang: Lang, systems: &[crate::domain::system::System]) -> Cells {
        let system_names = systems
            .iter()
            .map(|s| {
                let name = match lang {
                    Lang::Kk => s.name_kk.clone(),
                    _ => s.name_ru.clone(),
                };
                (s.code.clone(), format!("{name} ({})", s.code))
            })
            .collect();
        let kinds = ["hire", "transfer", "dismissal"]
            .into_iter()
            .map(|k| (k.to_owned(), tr!(lang, &format!("kind-{k}"))))
            .collect();
        Cells {
            lang,
            system_names,
            reactivation: tr!(lang, "journal-reactivation"),
            login_word: tr!(lang, "journal-login"),
            kinds,
        }
    }

    pub fn systems(&self, codes: &str) -> String {
        codes
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| {
                self.system_names
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| c.to_owned())
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn basis(&self, r: &JournalRow) -> String {
        if r.basis_kind == "reactivation" {
            return tr!(self.lang, "journal-basis-reactivation");
        }
        let kind = self
            .kinds
            .get(&r.basis_kind)
            .cloned()
            .unwrap_or_else(|| r.basis_kind.clone());
        format!("{}, {kind}", r.basis)
    }

    pub fn note(&self, r: &JournalRow) -> String {
        let mut s = format!("{}, {} {}", r.full_name, self.login_word, r.login);
        if r.reactivation {
            s.push_str(", ");
            s.push_str(&self.reactivation);
        }
        if let Some(old) = &r.replaces {
            s.push_str(", ");
            s.push_str(&tr!(self.lang, "journal-replaces", old = old.as_str()));
        }
        s
    }
}

/// Where the journal is written.
pub trait JournalWriter: Send {
    /// How many rows will come (before the first).
    fn begin(&mut self, _rows: u64) -> Result<(), ExportError> {
        Ok(())
    }
    fn row(&mut self, r: &JournalRow) -> Result<(), ExportError>;
    fn finish(self: Box<Self>) -> Result<u64, ExportError>;
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Xlsx { path: PathBuf, source: XlsxError },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Its own message, and its cause, so that the exit status reads it like any `FileError`.
    #[error("{0}")]
    File(#[from] crate::files::FileError),
    #[error("{0}")]
    Save(String),
}

/// Data rows a sheet holds: Excel's rows less the title and the header.
const ROWS_PER_SHEET: u64 = (EXCEL_ROWS - FIRST_DATA_ROW) as u64;

/// The style indices of the data cells: registered in the template's workbook after the
/// default (0), the title's (1) and the header's (2), in the order rust_xlsxwriter met them
/// when it wrote the rows itself (the styles part stays the same).
const XF_NUMBER: u32 = 3;
const XF_TEXT: u32 = 4;
const XF_DATE: u32 = 5;
/// The middle of a text cell's XML (its style is `XF_TEXT`), and of an empty one.
const TEXT_CELL: &str = "\" s=\"4\" t=\"inlineStr\"><is><t";
const TEXT_BLANK: &str = "\" s=\"4\"/>";
const _: () = assert!(XF_TEXT == 4, "TEXT_CELL and TEXT_BLANK name style 4");

/// The XLSX journal. rust_xlsxwriter lays out the package (styles, sheets, title and header
/// rows, print setup, autofilter, defined names) as a template once the number of rows is
/// known ([`JournalWriter::begin`]); the data rows are written as sheet XML here, exactly as
/// rust_xlsxwriter writes them (same cells, styles and row heights), and deflated on a second
/// thread into the staged file ([`super::stream`]).
pub struct Xlsx {
    path: PathBuf,
    cells: Cells,
    title: String,
    headers: [String; 7],
    sheet_name: String,
    staged: Option<crate::files::Staged>,
    out: Option<super::stream::Streamed>,
    /// Data rows of each sheet, from the count.
    per_sheet: Vec<u64>,
    sheet: usize,
    in_sheet: u64,
    rows: u64,
    /// `ht` values by row height in pixels.
    heights: HashMap<u32, String>,
    /// The systems cell and its lines, by the codes (a journal names few combinations).
    systems: HashMap<String, (String, usize)>,
    /// The last administrator's name and its lines (one writes many rows).
    admin: (String, usize),
}

impl Xlsx {
    pub fn create(path: &Path, lang: Lang, cells: Cells, force: bool) -> Result<Xlsx, ExportError> {
        let staged = crate::files::create(path, &rules(force))?;
        Ok(Xlsx {
            path: path.to_owned(),
            cells,
            title: tr!(lang, "journal-title"),
            sheet_name: tr!(lang, "journal-sheet"),
            headers: headers(lang),
            staged: Some(staged),
            out: None,
            per_sheet: Vec::new(),
            sheet: 0,
            in_sheet: 0,
            rows: 0,
            heights: HashMap::new(),
            systems: HashMap::new(),
            admin: (String::new(), 1),
        })
    }

    fn io(&self, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// The workbook without its data rows: every sheet's title, headers, frozen header,
    /// autofilter over the rows to come, print layout; saved in memory.
    fn template(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        // The temporary files of constant-memory sheets go beside the output, not to a /tmp
        // that may be memory.
        book.set_tempdir(crate::files::folder_of(&self.path))?;
        let title_format = title_format();
        let header_format = header_format();
        for f in [&title_format, &header_format]
            .into_iter()
            .chain(&data_formats())
        {
            book.register_format(f);
        }
        let all: f64 = WIDTHS.iter().sum();
        let title_height = print::row_height(&[(&self.title, all, true)], 12.0);
        let header_height = header_height(&self.headers);
        for (i, rows) in self.per_sheet.iter().enumerate() {
            let name = if i == 0 {
                self.sheet_name.clone()
            } else {
                format!("{} {}", self.sheet_name, i + 1)
            };
            let ws = book.add_worksheet_with_constant_memory()?;
            ws.set_name(name)?;
            for (i, w) in WIDTHS.iter().enumerate() {
                ws.set_column_width(i as u16, *w)?;
            }
            ws.set_row_height(0, title_height)?;
            ws.merge_range(0, 0, 0, COLUMNS - 1, &self.title, &title_format)?;
            ws.set_row_height(HEADER_ROW, header_height)?;
            for (i, h) in self.headers.iter().enumerate() {
                ws.write_string_with_format(HEADER_ROW, i as u16, h, &header_format)?;
            }
            ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
            // Printed on A4 landscape, one page wide, the headers on every page.
            print::a4(ws, true, 0, Some((HEADER_ROW, HEADER_ROW)))?;
            ws.autofilter(HEADER_ROW, 0, HEADER_ROW + *rows as u32, COLUMNS - 1)?;
        }
        book.save_to_buffer()
    }
}

/// The `ht` attribute of a row of `pixels`, as rust_xlsxwriter writes it.
fn height_attr(heights: &mut HashMap<u32, String>, pixels: u32) -> &str {
    heights
        .entry(pixels)
        .or_insert_with(|| (f64::from(pixels) * 0.75).to_string())
}

/// The data cells' formats: the number, the wrapped text, the date (in that order: their
/// style indices are `XF_NUMBER`, `XF_TEXT`, `XF_DATE`).
/// The title's format.
fn title_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top)
}

/// The header row's height: as tall as its wrapped headers in their columns.
fn header_height(headers: &[String]) -> f64 {
    let head: Vec<(&str, f64, bool)> = headers
        .iter()
        .zip(WIDTHS)
        .map(|(h, w)| (h.as_str(), w, true))
        .collect();
    print::row_height(&head, 11.0)
}

/// The column headers' format.
fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
}

fn data_formats() -> [Format; 3] {
    [
        Format::new()
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left),
        Format::new().set_align(FormatAlign::Top).set_text_wrap(),
        Format::new()
            .set_num_format("dd.mm.yyyy")
            .set_align(FormatAlign::Top),
    ]
}

/// Excel's serial number of a date (rust_xlsxwriter's: days since 1899-12-31, plus Excel's
/// 29 February 1900).
fn excel_date(d: chrono::NaiveDate) -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 31).expect("a valid date");
    let days = (d - epoch).num_days();
    if days > 59 { days + 1 } else { days }
}

/// Appends one `<c>` of text: an inline string, or a blank cell with the style when empty.
fn push_string(buf: &mut Vec<u8>, col: u8, row: &[u8], text: &str) -> Result<(), XlsxError> {
    buf.extend_from_slice(b"<c r=\"");
    buf.push(col);
    buf.extend_from_slice(row);
    if text.is_empty() {
        buf.extend_from_slice(TEXT_BLANK.as_bytes());
        return Ok(());
    }
    // Excel's limit, checked as rust_xlsxwriter checks it.
    if text.len() > 32_767 && text.encode_utf16().count() > 32_767 {
        return Err(XlsxError::MaxStringLengthExceeded);
    }
    buf.extend_from_slice(TEXT_CELL.as_bytes());
    if text.starts_with(['\t', '\n', ' ']) || text.ends_with(['\t', '\n', ' ']) {
        buf.extend_from_slice(b" xml:space=\"preserve\"");
    }
    buf.push(b'>');
    super::stream::push_text(buf, text);
    buf.extend_from_slice(b"</t></is></c>");
    Ok(())
}

impl JournalWriter for Xlsx {
    fn begin(&mut self, rows: u64) -> Result<(), ExportError> {
        self.per_sheet = (0..rows.div_ceil(ROWS_PER_SHEET).max(1))
            .map(|i| (rows - i * ROWS_PER_SHEET).min(ROWS_PER_SHEET))
            .collect();
        let template = self.template().map_err(|source| ExportError::Xlsx {
            path: self.path.clone(),
            source,
        })?;
        let dimensions = self
            .per_sheet
            .iter()
            .map(|&n| (n > 0).then(|| format!("A1:G{}", u64::from(FIRST_DATA_ROW) + n)))
            .collect();
        let staged = self.staged.take().expect("begin once");
        self.out = Some(super::stream::Streamed::start(template, dimensions, staged));
        Ok(())
    }

    fn row(&mut self, r: &JournalRow) -> Result<(), ExportError> {
        if self.in_sheet == self.per_sheet.get(self.sheet).copied().unwrap_or(0) {
            if self.sheet + 1 >= self.per_sheet.len() {
                return Err(ExportError::Save("more journal rows than counted".into()));
            }
            let ended = self.out.as_mut().expect("begun").end_sheet();
            ended.map_err(|e| self.io(e))?;
            self.sheet += 1;
            self.in_sheet = 0;
        }
        if !self.systems.contains_key(&r.systems) {
            let text = self.cells.systems(&r.systems);
            let lines = print::lines(&text, WIDTHS[2], false);
            if self.systems.len() >= 4096 {
                self.systems.clear();
            }
            self.systems.insert(r.systems.clone(), (text, lines));
        }
        if self.admin.0 != r.admin {
            self.admin = (r.admin.clone(), print::lines(&r.admin, WIDTHS[5], false));
        }
        let (systems, systems_lines) = &self.systems[&r.systems];
        let (basis, note) = (self.cells.basis(r), self.cells.note(r));
        let texts = [r.letter.as_str(), systems, &basis, &r.admin, &note];
        // The height `print::row_height` gives: the most lines of the five text cells.
        let lines = [
            print::lines(texts[0], WIDTHS[1], false),
            *systems_lines,
            print::lines(&basis, WIDTHS[4], false),
            self.admin.1,
            print::lines(&note, WIDTHS[6], false),
        ];
        let height = print::height(lines.into_iter().max().unwrap_or(1), 11.0);
        let pixels = (height * 4.0 / 3.0).round() as u32;
        let number = u64::from(FIRST_DATA_ROW) + self.in_sheet + 1;
        let ht = height_attr(&mut self.heights, pixels);
        let buf = &mut self.out.as_mut().expect("begun").buf;
        let row = number.to_string();
        let row = row.as_bytes();
        buf.extend_from_slice(b"<row r=\"");
        buf.extend_from_slice(row);
        // rust_xlsxwriter leaves the height out when it is the default (20 pixels).
        if pixels != 20 {
            buf.extend_from_slice(b"\" ht=\"");
            buf.extend_from_slice(ht.as_bytes());
            buf.extend_from_slice(b"\" customHeight=\"1");
        }
        buf.extend_from_slice(b"\"><c r=\"A");
        buf.extend_from_slice(row);
        let _ = write!(buf, "\" s=\"{XF_NUMBER}\"><v>{}</v></c>", r.no as f64);
        let result = (|| {
            push_string(buf, b'B', row, texts[0])?;
            push_string(buf, b'C', row, texts[1])?;
            buf.extend_from_slice(b"<c r=\"D");
            buf.extend_from_slice(row);
            let _ = write!(
                buf,
                "\" s=\"{XF_DATE}\"><v>{}</v></c>",
                excel_date(r.issued_on)
            );
            push_string(buf, b'E', row, texts[2])?;
            push_string(buf, b'F', row, texts[3])?;
            push_string(buf, b'G', row, texts[4])
        })();
        buf.extend_from_slice(b"</row>");
        result.map_err(|source| ExportError::Xlsx {
            path: self.path.clone(),
            source,
        })?;
        let flushed = self.out.as_mut().expect("begun").flush_if_full();
        flushed.map_err(|e| self.io(e))?;
        self.in_sheet += 1;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64, ExportError> {
        if self.out.is_none() {
            self.begin(0)?;
        }
        if self.sheet + 1 != self.per_sheet.len() || self.in_sheet != self.per_sheet[self.sheet] {
            return Err(ExportError::Save("fewer journal rows than counted".into()));
        }
        let mut out = self.out.take().expect("begun");
        let staged = out
            .end_sheet()
            .and_then(|()| out.finish())
            .map_err(|e| self.io(e))?;
        staged.commit()?;
        Ok(self.rows)
    }
}

/// The CSV journal.
pub struct Csv {
    path: PathBuf,
    out: csv::Writer<std::io::BufWriter<crate::files::Staged>>,
    cells: Cells,
    rows: u64,
}

impl Csv {
    pub fn create(path: &Path, lang: Lang, cells: Cells, force: bool) -> Result<Csv, ExportError> {
        let io = |source| ExportError::Io {
            path: path.to_owned(),
            source,
        };
        let tmp = crate::files::create(path, &rules(force))?;
        let mut buf = std::io::BufWriter::with_capacity(1 << 16, tmp);
        buf.write_all("\u{feff}".as_bytes()).map_err(io)?;
        // Every text field quoted: an office suite that also splits at commas (LibreOffice's
        // default separators) keeps "Астана, исх. № 5" in one cell.
        let mut out = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(csv::QuoteStyle::NonNumeric)
            .from_writer(buf);
        out.write_record(headers(lang).iter().map(|h| defuse(h)))
            .map_err(|e| io(e.into()))?;
        Ok(Csv {
            path: path.to_owned(),
            out,
            cells,
            rows: 0,
        })
    }
}

impl JournalWriter for Csv {
    fn row(&mut self, r: &JournalRow) -> Result<(), ExportError> {
        let cells = [
            r.no.to_string(),
            defuse(&r.letter),
            defuse(&self.cells.systems(&r.systems)),
            r.issued_on.format("%d.%m.%Y").to_string(),
            defuse(&self.cells.basis(r)),
            defuse(&r.admin),
            defuse(&self.cells.note(r)),
        ];
        self.out.write_record(&cells).map_err(|e| ExportError::Io {
            path: self.path.clone(),
            source: e.into(),
        })?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<u64, ExportError> {
        let io = |source| ExportError::Io {
            path: self.path.clone(),
            source,
        };
        let buf = self
            .out
            .into_inner()
            .map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let staged = buf.into_inner().map_err(|e| io(e.into_error()))?;
        staged.commit()?;
        Ok(self.rows)
    }
}

/// The journal names people and their logins: the owner only; replaced only with `--force`.
fn rules(force: bool) -> crate::files::Rules<'static> {
    crate::files::Rules::private("journal").forced(force)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;

    fn row(no: i64, letter: &str, note_name: &str, replaces: Option<&str>) -> JournalRow {
        JournalRow {
            no,
            letter: letter.to_owned(),
            systems: "ESOBES,ASP,NOPE".to_owned(),
            issued_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            basis: format!("№ {no}-л/с, 02.02.2026"),
            basis_kind: if no % 2 == 0 { "hire" } else { "reactivation" }.to_owned(),
            admin: "Иванов Иван Иванович".to_owned(),
            full_name: note_name.to_owned(),
            login: format!("user{no}"),
            reactivation: no % 3 == 0,
            replaces: replaces.map(str::to_owned),
        }
    }

    /// Rows that exercise the escaping, the preserved spaces, empty cells and tall rows.
    fn rows() -> Vec<JournalRow> {
        let mut rows = vec![
            row(
                1,
                "г. Астана / № 01-12/5, 17.11.2026",
                "Ахметов Данияр",
                None,
            ),
            row(2, "", "=cmd|' /C calc'!A0", Some("old.login")),
            row(3, " leading and trailing ", "A & B <c> \"d\" 'e'", None),
            row(4, "_x0041_ _xZZZZ_ tab\there\r\nline\u{1}", "Ли", None),
            row(
                5,
                &"очень длинное слово ".repeat(40),
                "ж".repeat(90).as_str(),
                None,
            ),
        ];
        rows.extend((6..300).map(|i| row(i, &format!("№ {i}"), "Петров Пётр Петрович", None)));
        rows
    }

    fn cells() -> Cells {
        let systems = [crate::domain::system::System {
            code: "ESOBES".into(),
            name_kk: "Е-Собес".into(),
            name_ru: "АИС «Е-Собес» & co".into(),
        }];
        Cells::new(Lang::Ru, &systems)
    }

    /// The journal as rust_xlsxwriter writes it by itself (as skud did before the streamed
    /// rows): constant-memory sheet, a row height and seven formatted cells a row.
    fn reference(path: &Path, rows: &[JournalRow]) -> Vec<u8> {
        let x = Xlsx::create(path, Lang::Ru, cells(), true).unwrap();
        let mut x = x;
        x.per_sheet = vec![rows.len() as u64];
        let template = x.template().unwrap();
        // The template's parts, and its sheet redone with rust_xlsxwriter's own rows.
        let mut book = Workbook::new();
        book.set_tempdir(crate::files::folder_of(path)).unwrap();
        let [number, text, date] = data_formats();
        let ws = book.add_worksheet_with_constant_memory().unwrap();
        ws.set_name(&x.sheet_name).unwrap();
        for (i, w) in WIDTHS.iter().enumerate() {
            ws.set_column_width(i as u16, *w).unwrap();
        }
        let all: f64 = WIDTHS.iter().sum();
        ws.set_row_height(0, print::row_height(&[(&x.title, all, true)], 12.0))
            .unwrap();
        let title_format = title_format();
        ws.merge_range(0, 0, 0, COLUMNS - 1, &x.title, &title_format)
            .unwrap();
        ws.set_row_height(HEADER_ROW, header_height(&x.headers))
            .unwrap();
        let header_format = header_format();
        for (i, h) in x.headers.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, i as u16, h, &header_format)
                .unwrap();
        }
        ws.set_freeze_panes(FIRST_DATA_ROW, 0).unwrap();
        print::a4(ws, true, 0, Some((HEADER_ROW, HEADER_ROW))).unwrap();
        for (i, r) in rows.iter().enumerate() {
            let at = FIRST_DATA_ROW + i as u32;
            let texts = [
                r.letter.clone(),
                x.cells.systems(&r.systems),
                x.cells.basis(r),
                r.admin.clone(),
                x.cells.note(r),
            ];
            let cells: Vec<(&str, f64, bool)> = [1usize, 2, 4, 5, 6]
                .iter()
                .zip(&texts)
                .map(|(c, t)| (t.as_str(), WIDTHS[*c], false))
                .collect();
            ws.set_row_height(at, print::row_height(&cells, 11.0))
                .unwrap();
            ws.write_number_with_format(at, 0, r.no as f64, &number)
                .unwrap();
            for (c, t) in [1u16, 2, 4, 5, 6].into_iter().zip(&texts) {
                ws.write_string_with_format(at, c, t, &text).unwrap();
            }
            ws.write_datetime_with_format(at, 3, r.issued_on, &date)
                .unwrap();
        }
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + rows.len() as u32, COLUMNS - 1)
            .unwrap();
        drop(template);
        book.save_to_buffer().unwrap()
    }

    fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut s = String::new();
                f.read_to_string(&mut s).unwrap();
                (f.name().unwrap().into_owned(), s)
            })
            .filter(|(name, _)| name != "docProps/core.xml")
            .collect()
    }

    #[test]
    fn streamed_rows_are_rust_xlsxwriters_rows() {
        let dir = tempfile::tempdir().unwrap();
        let rows = rows();
        let want = parts(&reference(&dir.path().join("ref.xlsx"), &rows));
        let path = dir.path().join("journal.xlsx");
        let mut x: Box<dyn JournalWriter> =
            Box::new(Xlsx::create(&path, Lang::Ru, cells(), false).unwrap());
        x.begin(rows.len() as u64).unwrap();
        for r in &rows {
            x.row(r).unwrap();
        }
        assert_eq!(x.finish().unwrap(), rows.len() as u64);
        let got = parts(&std::fs::read(&path).unwrap());
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        for (name, text) in &want {
            let mut text = text.clone();
            if name == "xl/worksheets/sheet1.xml" {
                // rust_xlsxwriter repeats the last row's attributes as an empty <row/>.
                let end = text.find("</sheetData>").unwrap();
                let dup = text[..end].rfind("<row ").unwrap();
                assert!(text[dup..end].ends_with("/>"), "{}", &text[dup..end]);
                text.replace_range(dup..end, "");
            }
            assert!(
                got[name] == text,
                "{name} differs:\n{}\n{}",
                got[name],
                text
            );
        }
    }

    #[test]
    fn an_empty_journal_has_its_title_and_headers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.xlsx");
        let mut x: Box<dyn JournalWriter> =
            Box::new(Xlsx::create(&path, Lang::Ru, cells(), false).unwrap());
        x.begin(0).unwrap();
        assert_eq!(x.finish().unwrap(), 0);
        let got = parts(&std::fs::read(&path).unwrap());
        let sheet = &got["xl/worksheets/sheet1.xml"];
        assert!(sheet.contains("<dimension ref=\"A1:G2\"/>"), "{sheet}");
        assert!(sheet.contains("<autoFilter ref=\"A2:G2\"/>"), "{sheet}");
        assert!(sheet.contains("<row r=\"2\""), "{sheet}");
    }

    #[test]
    fn the_text_style_is_the_registered_one() {
        assert!(TEXT_CELL.contains(&format!("s=\"{XF_TEXT}\"")));
        assert!(TEXT_BLANK.contains(&format!("s=\"{XF_TEXT}\"")));
    }
}
