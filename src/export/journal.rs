//! The journal of registration of users and issue of logins (Appendix 1, §25), as XLSX or CSV.
//!
//! XLSX: the form's title, its seven column headers in the chosen language, a frozen header
//! row, an autofilter, real date cells shown DD.MM.YYYY, and a print layout: A4 landscape, one
//! page wide, the headers repeated on every page, wrapped cells whose rows are as tall as their
//! text (`export::print`), sheet names in the chosen language. rust_xlsxwriter's constant-memory
//! mode (rows go to a temporary file beside the output as
//! they are written), so a journal of millions of rows needs a few megabytes. Text is always
//! written as text: a name beginning with `=` is never a formula. Past Excel's 1,048,576 rows a
//! sheet, the journal continues on a new sheet with the same title and headers.
//!
//! CSV: UTF-8 with a BOM, `;` (what Excel in the ru/kk locales opens), every text field quoted,
//! and a cell that Excel would evaluate is prefixed with `'` (CWE-1236).

use super::print;
use crate::files::defuse;
use crate::i18n::{Lang, tr};
use crate::store::accounts::JournalRow;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
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

/// The XLSX journal.
pub struct Xlsx {
    path: PathBuf,
    book: Workbook,
    cells: Cells,
    title: String,
    headers: [String; 7],
    sheet: usize,
    row: u32,
    rows: u64,
    sheet_name: String,
    force: bool,
    text: Format,
    date: Format,
    number: Format,
}

impl Xlsx {
    pub fn create(path: &Path, lang: Lang, cells: Cells, force: bool) -> Result<Xlsx, ExportError> {
        let err = |source| ExportError::Xlsx {
            path: path.to_owned(),
            source,
        };
        crate::files::check(path, &rules(force))?;
        let mut book = Workbook::new();
        let dir = crate::files::folder_of(path);
        // The temporary files of constant-memory sheets go beside the output, not to a /tmp
        // that may be memory.
        book.set_tempdir(&dir).map_err(err)?;
        let headers = headers(lang);
        let mut x = Xlsx {
            path: path.to_owned(),
            book,
            cells,
            title: tr!(lang, "journal-title"),
            sheet_name: tr!(lang, "journal-sheet"),
            headers,
            sheet: 0,
            row: 0,
            rows: 0,
            force,
            text: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
            date: Format::new()
                .set_num_format("dd.mm.yyyy")
                .set_align(FormatAlign::Top),
            number: Format::new()
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
        };
        x.new_sheet()?;
        Ok(x)
    }

    fn err(&self, source: XlsxError) -> ExportError {
        ExportError::Xlsx {
            path: self.path.clone(),
            source,
        }
    }

    fn current(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.book.worksheet_from_index(self.sheet - 1)
    }

    /// Starts a sheet: title, headers, frozen header, autofilter over the rows to come.
    fn new_sheet(&mut self) -> Result<(), ExportError> {
        self.sheet += 1;
        let title_format = Format::new()
            .set_bold()
            .set_font_size(12)
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::Top);
        let header_format = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color("#DDEBF7");
        let (title, headers, sheet_no) = (self.title.clone(), self.headers.clone(), self.sheet);
        let name = if sheet_no == 1 {
            self.sheet_name.clone()
        } else {
            format!("{} {sheet_no}", self.sheet_name)
        };
        let result = (|| -> Result<(), XlsxError> {
            let ws = self.book.add_worksheet_with_constant_memory()?;
            ws.set_name(name)?;
            for (i, w) in WIDTHS.iter().enumerate() {
                ws.set_column_width(i as u16, *w)?;
            }
            let all: f64 = WIDTHS.iter().sum();
            ws.set_row_height(0, print::row_height(&[(&title, all, true)], 12.0))?;
            ws.merge_range(0, 0, 0, COLUMNS - 1, &title, &title_format)?;
            let head: Vec<(&str, f64, bool)> = headers
                .iter()
                .zip(WIDTHS)
                .map(|(h, w)| (h.as_str(), w, true))
                .collect();
            ws.set_row_height(HEADER_ROW, print::row_height(&head, 11.0))?;
            for (i, h) in headers.iter().enumerate() {
                ws.write_string_with_format(HEADER_ROW, i as u16, h, &header_format)?;
            }
            ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
            // Printed on A4 landscape, one page wide, the headers on every page.
            print::a4(ws, true, 0, Some((HEADER_ROW, HEADER_ROW)))?;
            Ok(())
        })();
        result.map_err(|e| self.err(e))?;
        self.row = FIRST_DATA_ROW;
        Ok(())
    }

    /// Sets the sheet's autofilter over the rows written.
    fn close_sheet(&mut self) -> Result<(), ExportError> {
        let last = self.row.saturating_sub(1).max(HEADER_ROW);
        let result = (|| -> Result<(), XlsxError> {
            let ws = self.current()?;
            ws.autofilter(HEADER_ROW, 0, last, COLUMNS - 1)?;
            Ok(())
        })();
        result.map_err(|e| self.err(e))
    }
}

impl JournalWriter for Xlsx {
    fn row(&mut self, r: &JournalRow) -> Result<(), ExportError> {
        if self.row >= EXCEL_ROWS {
            self.close_sheet()?;
            self.new_sheet()?;
        }
        let texts = [
            r.letter.clone(),
            self.cells.systems(&r.systems),
            self.cells.basis(r),
            r.admin.clone(),
            self.cells.note(r),
        ];
        let cells: Vec<(&str, f64, bool)> = [1usize, 2, 4, 5, 6]
            .iter()
            .zip(&texts)
            .map(|(c, t)| (t.as_str(), WIDTHS[*c], false))
            .collect();
        let height = print::row_height(&cells, 11.0);
        let (row, text, date, number) = (
            self.row,
            self.text.clone(),
            self.date.clone(),
            self.number.clone(),
        );
        let result = (|| -> Result<(), XlsxError> {
            let ws = self.current()?;
            ws.set_row_height(row, height)?;
            ws.write_number_with_format(row, 0, r.no as f64, &number)?;
            ws.write_string_with_format(row, 1, &texts[0], &text)?;
            ws.write_string_with_format(row, 2, &texts[1], &text)?;
            ws.write_datetime_with_format(row, 3, r.issued_on, &date)?;
            ws.write_string_with_format(row, 4, &texts[2], &text)?;
            ws.write_string_with_format(row, 5, &texts[3], &text)?;
            ws.write_string_with_format(row, 6, &texts[4], &text)?;
            Ok(())
        })();
        result.map_err(|e| self.err(e))?;
        self.row += 1;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64, ExportError> {
        self.close_sheet()?;
        let path = self.path.clone();
        // Saved under a temporary name and renamed: a failed export leaves no broken file.
        let book = &mut self.book;
        crate::files::save_with(&path, &rules(self.force), |tmp| book.save(tmp)).map_err(|e| {
            match e.downcast::<crate::files::FileError>() {
                Ok(f) => ExportError::File(f),
                Err(e) => ExportError::Save(e.to_string()),
            }
        })?;
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
