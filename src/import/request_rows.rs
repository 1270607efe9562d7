//! Reading a file of access requests (`requests import`): the header in English, Russian or
//! Kazakh, each row into a [`RawRequest`] with its original cells (for `--rejects`), streamed
//! to the intake one line at a time on a bounded channel: memory stays flat however large the
//! file.

use super::headers::normalize;
use super::order_rows::{spreadsheet_date, spreadsheet_iin};
use super::{AsRead, FileError, OpenOptions, Progress, RowSink, TableInfo, read_table};
use crate::domain::order::split_full_name;
use crate::domain::request::{Malformed, RawRequest, ReqField};
use std::path::{Path, PathBuf};

/// The field a header names in a request file, if any.
pub fn request_field(header: &str) -> Option<ReqField> {
    use ReqField as F;
    let h = normalize(header);
    Some(match h.as_str() {
        "kind"
        | "вид заявки"
        | "тип заявки"
        | "вид"
        | "заявка"
        | "прошу"
        | "өтінім түрі"
        | "түрі" => F::Kind,
        "iin" | "иин" | "жсн" => F::Iin,
        "full name"
        | "фио"
        | "ф.и.о."
        | "ф.и.о"
        | "фамилия имя отчество"
        | "таә"
        | "т.а.ә."
        | "тегі аты әкесінің аты" => F::FullName,
        "surname" | "фамилия" | "тегі" => F::Surname,
        "name" | "имя" | "аты" => F::Name,
        "patronymic" | "отчество" | "әкесінің аты" => F::Patronymic,
        "login" | "логин" | "логині" => F::Login,
        "work phone" | "рабочий телефон" | "жұмыс телефоны" => {
            F::WorkPhone
        }
        "cell phone" | "сотовый телефон" | "мобильный телефон" | "ұялы телефон" => {
            F::CellPhone
        }
        "ip"
        | "ip-адрес"
        | "ip адрес"
        | "ip-адрес компьютера"
        | "ip-мекенжай"
        | "ip-мекенжайы"
        | "компьютердің ip-мекенжайы" => F::Ip,
        "position" | "должность" | "лауазымы" | "лауазым" => F::Position,
        "department"
        | "подразделение"
        | "структурное подразделение"
        | "бөлімше"
        | "құрылымдық бөлімше" => F::Department,
        "systems" | "информационные системы" | "системы" | "ис" | "ақпараттық жүйелер" | "аж" => {
            F::Systems
        }
        "add_systems"
        | "add systems"
        | "добавить системы"
        | "добавляемые системы"
        | "қосылатын жүйелер" => F::AddSystems,
        "remove_systems"
        | "remove systems"
        | "исключить системы"
        | "удалить системы"
        | "исключаемые системы"
        | "алынатын жүйелер" => F::RemoveSystems,
        "functions" | "функции" | "функции (действия)" | "функциялар" => {
            F::Functions
        }
        "basis order no"
        | "основание"
        | "номер приказа"
        | "№ приказа"
        | "негіз"
        | "бұйрық нөмірі" => F::BasisOrderNo,
        "basis order date" | "дата приказа" | "дата основания" | "бұйрық күні" | "негіз күні" => {
            F::BasisOrderDate
        }
        "reply email"
        | "email"
        | "e-mail"
        | "электронная почта"
        | "электронный адрес"
        | "электрондық пошта"
        | "электрондық мекенжай" => F::ReplyEmail,
        "region" | "регион" | "өңір" => F::Region,
        "letter no" | "исх. номер" | "исходящий номер" | "номер письма" | "шығыс нөмірі" => {
            F::LetterNo
        }
        "letter date" | "дата письма" | "исх. дата" | "шығыс күні" | "хат күні" => {
            F::LetterDate
        }
        "incoming no" | "вход. номер" | "входящий номер" | "кіріс нөмірі" => {
            F::IncomingNo
        }
        "incoming date" | "вход. дата" | "дата входящего" | "кіріс күні" => {
            F::IncomingDate
        }
        "received at"
        | "дата получения"
        | "дата поступления"
        | "получено"
        | "түскен күні"
        | "алынған күні" => F::ReceivedAt,
        _ => return None,
    })
}

/// One row of a request file.
pub struct RequestLine {
    pub row: u64,
    pub raw: RawRequest,
    pub cells: csv::StringRecord,
    /// Cells beyond the header, or letters lost to the file's encoding.
    pub as_read: Option<Malformed>,
}

/// A request file's shape: what messages and the rejects file need of it.
pub struct RequestFile {
    /// As known when the header was found (format, encoding, size).
    pub info: TableInfo,
    pub headers: Vec<String>,
    /// The header's width (up to its last non-empty cell).
    pub width: usize,
    pub delimiter: u8,
    /// The header text of each field's column (for messages).
    pub columns: Vec<(ReqField, String)>,
}

impl RequestFile {
    pub fn header_of(&self, f: ReqField) -> String {
        self.columns
            .iter()
            .find(|(g, _)| *g == f)
            .or_else(|| match f {
                ReqField::Surname | ReqField::Name | ReqField::Patronymic => {
                    self.columns.iter().find(|(g, _)| *g == ReqField::FullName)
                }
                _ => None,
            })
            .map_or_else(|| f.as_str().to_owned(), |(_, h)| h.clone())
    }
}

/// What the reader thread sends: the file's shape once its header is found, then its lines.
pub enum Msg {
    Header(RequestFile),
    Line(Box<RequestLine>),
}

struct Sink {
    sender: tokio::sync::mpsc::Sender<Msg>,
    path: PathBuf,
    columns: Vec<(ReqField, usize)>,
    headers: Vec<String>,
    /// The header's width (up to its last non-empty cell).
    width: usize,
    /// The file's encoding cannot hold Kazakh letters.
    lossy: bool,
}

impl Sink {
    /// Cells beyond the header, or '?' for letters the file's encoding could not hold.
    fn as_read(&self, rec: &csv::StringRecord) -> Option<Malformed> {
        use ReqField::*;
        let names = [FullName, Surname, Name, Patronymic];
        let fields = self
            .columns
            .iter()
            .filter(|(f, _)| names.contains(f) || matches!(f, Position | Department | Functions))
            .map(|&(f, i)| (f, rec.get(i).unwrap_or("").trim(), names.contains(&f)));
        super::as_read(rec, self.width, self.lossy, fields).map(|fault| match fault {
            AsRead::ExtraCells { column, value } => Malformed::ExtraCells { column, value },
            AsRead::LostLetters { field, value } => Malformed::LostLetters { field, value },
        })
    }
}

impl RowSink for Sink {
    fn header(&mut self, info: &TableInfo, header: &csv::StringRecord) -> Result<(), FileError> {
        self.headers = header.iter().map(str::to_owned).collect();
        self.columns.clear();
        self.width = super::header_width(header);
        self.lossy = super::loses_kazakh(info);
        let hint = super::lost_letters_hint(info, header).unwrap_or("");
        for (i, h) in header.iter().enumerate() {
            if let Some(f) = request_field(h) {
                if let Some((_, j)) = self.columns.iter().find(|(g, _)| *g == f) {
                    return Err(FileError::Header {
                        path: self.path.clone(),
                        at: info.header_row,
                        detail: format!(
                            "columns {:?} and {h:?} both mean {}; keep one",
                            self.headers[*j],
                            f.as_str()
                        ),
                    });
                }
                self.columns.push((f, i));
            }
        }
        if self.columns.is_empty() {
            return Err(FileError::NoHeader {
                path: self.path.clone(),
                detail: format!(
                    "none of the first {} rows names the request columns (kind, iin, full_name, ip, position, department, systems, reply_email, ...); the first reads: {}{hint}",
                    super::HEADER_SEARCH_ROWS,
                    header.iter().take(6).collect::<Vec<_>>().join(" | ")
                ),
            });
        }
        let has = |f| self.columns.iter().any(|(g, _)| *g == f);
        let mut missing: Vec<&str> = [
            ReqField::Kind,
            ReqField::Iin,
            ReqField::Ip,
            ReqField::Position,
            ReqField::Department,
            ReqField::ReplyEmail,
        ]
        .into_iter()
        .filter(|f| !has(*f))
        .map(ReqField::as_str)
        .collect();
        let has_name = has(ReqField::FullName) || (has(ReqField::Surname) && has(ReqField::Name));
        if !has_name {
            missing.push("full_name (or surname and name)");
        }
        if !missing.is_empty() {
            return Err(FileError::Header {
                path: self.path.clone(),
                at: info.header_row,
                detail: format!("required columns missing: {}{hint}", missing.join(", ")),
            });
        }
        let shape = RequestFile {
            info: info.clone(),
            headers: self.headers.clone(),
            width: self.width,
            delimiter: super::delimiter_byte(info),
            columns: self
                .columns
                .iter()
                .map(|(f, i)| (*f, self.headers[*i].clone()))
                .collect(),
        };
        self.sender
            .blocking_send(Msg::Header(shape))
            .map_err(|_| FileError::Stopped)
    }

    fn row(
        &mut self,
        row: u64,
        rec: &csv::StringRecord,
        numeric: &[bool],
    ) -> Result<(), FileError> {
        let mut raw = RawRequest::default();
        for &(f, i) in &self.columns {
            let v = rec.get(i).unwrap_or("").trim();
            let num = numeric.get(i).copied().unwrap_or(false);
            match f {
                ReqField::FullName => {
                    let (s, n, p) = split_full_name(v);
                    if !self.columns.iter().any(|(g, _)| *g == ReqField::Surname) {
                        raw.set(ReqField::Surname, s);
                        raw.set(ReqField::Name, n);
                        raw.set(ReqField::Patronymic, p);
                    }
                }
                ReqField::Iin => raw.set(f, &spreadsheet_iin(v, num)),
                ReqField::BasisOrderDate
                | ReqField::LetterDate
                | ReqField::IncomingDate
                | ReqField::ReceivedAt => raw.set(f, &spreadsheet_date(v, num)),
                _ => raw.set(f, v),
            }
        }
        let as_read = self.as_read(rec);
        let line = RequestLine {
            row,
            raw,
            cells: rec.clone(),
            as_read,
        };
        self.sender
            .blocking_send(Msg::Line(Box::new(line)))
            .map_err(|_| FileError::Stopped)
    }
}

/// Reads a request file into the channel: its shape, then each line. Runs on a thread of its
/// own; returns what was learnt of the file.
pub fn stream(
    path: &Path,
    opts: &OpenOptions,
    sender: tokio::sync::mpsc::Sender<Msg>,
) -> Result<TableInfo, FileError> {
    let mut sink = Sink {
        sender,
        path: path.to_owned(),
        columns: Vec::new(),
        headers: Vec::new(),
        width: 0,
        lossy: false,
    };
    read_table(path, opts, &Progress::default(), &mut sink)
}
