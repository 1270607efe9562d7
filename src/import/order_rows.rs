//! The reader side of `orders import`: rows of a file become checked orders or rejects
//! (`crate::domain::order::check_row`), in batches sent to the database side
//! (`super::orders`). Runs on its own thread; the bounded channel keeps memory flat.

use super::headers::{ColumnMap, HeaderProblem};
use super::{AsRead, FileError, OpenOptions, Progress, RowSink, TableInfo, read_table};
use crate::domain::order::Numbered as Row;
use crate::domain::order::{
    Field, KindWords, RawOrder, Reject, Warning, check_row, split_full_name,
};
use crate::i18n::{Lang, tr};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::path::PathBuf;

/// A batch of checked rows travelling from the reader thread to the database.
#[derive(Default)]
pub struct Batch {
    pub valid: Vec<Row>,
    pub raws: Vec<csv::StringRecord>,
    pub rejects: Vec<(u64, &'static str, String, csv::StringRecord)>,
    pub warnings: Vec<(u64, &'static str, String)>,
}

/// What the reader thread sends.
pub enum Msg {
    Header {
        file: usize,
        info: TableInfo,
        headers: Vec<String>,
    },
    Batch {
        file: usize,
        batch: Batch,
    },
    Done {
        info: TableInfo,
    },
}

/// What the reader thread reads, and how.
pub struct ReadPlan {
    pub files: Vec<PathBuf>,
    pub open: OpenOptions,
    pub lang: Lang,
    pub as_of: NaiveDate,
    /// The words that name the kinds (with the configuration's spellings).
    pub kinds: KindWords,
    /// Rows per batch.
    pub chunk: usize,
    /// Keep each valid row's original cells: the row-by-row path needs them when a row turns
    /// out to repeat another; a bulk load reads its few repeats again instead.
    pub keep_raws: bool,
}

/// The rows the database side is done with, sent back to be freed here, where they were made
/// (freeing them on the database thread cost it a tenth of its time in the allocator's locks).
pub type Spent = std::sync::mpsc::Receiver<Vec<Row>>;

/// The reader thread: every file in turn, into the channel.
pub fn read_all(
    plan: &ReadPlan,
    progress: &Progress,
    sender: tokio::sync::mpsc::Sender<Msg>,
    spent: Spent,
) -> Result<(), FileError> {
    for (i, path) in plan.files.iter().enumerate() {
        let mut sink = OrderSink {
            file: i,
            plan,
            map: None,
            width: 0,
            lossy: false,
            batch: Batch::default(),
            sender: &sender,
            spent: &spent,
            path: path.clone(),
        };
        let info = read_table(path, &plan.open, progress, &mut sink)?;
        sink.flush()?;
        sender
            .blocking_send(Msg::Done { info })
            .map_err(|_| FileError::Stopped)?;
    }
    Ok(())
}

struct OrderSink<'a> {
    file: usize,
    plan: &'a ReadPlan,
    map: Option<ColumnMap>,
    /// The header's width: a non-empty cell beyond it is `extra_cells`.
    width: usize,
    /// The file's encoding cannot hold Kazakh letters: '?' for a letter is `lost_letters`.
    lossy: bool,
    batch: Batch,
    sender: &'a tokio::sync::mpsc::Sender<Msg>,
    spent: &'a Spent,
    path: PathBuf,
}

impl OrderSink<'_> {
    fn flush(&mut self) -> Result<(), FileError> {
        let batch = std::mem::take(&mut self.batch);
        if batch.valid.is_empty() && batch.rejects.is_empty() && batch.warnings.is_empty() {
            return Ok(());
        }
        self.sender
            .blocking_send(Msg::Batch {
                file: self.file,
                batch,
            })
            .map_err(|_| FileError::Stopped)?;
        while let Ok(rows) = self.spent.try_recv() {
            drop(rows);
        }
        Ok(())
    }
}

impl OrderSink<'_> {
    /// What is wrong with a row as the file holds it, before its values are read: cells beyond
    /// the header, letters lost to the file's encoding.
    fn as_read(&self, rec: &csv::StringRecord, map: &ColumnMap) -> Option<Reject> {
        use Field::*;
        let fields = [
            (Surname, true),
            (Name, true),
            (Patronymic, true),
            (FullName, true),
            (Position, false),
            (Department, false),
            (Kind, false),
        ];
        let fields = fields.map(|(f, name)| (f, map.get(rec, f), name));
        super::as_read(rec, self.width, self.lossy, fields).map(|fault| match fault {
            AsRead::ExtraCells { column, value } => Reject::ExtraCells { column, value },
            AsRead::LostLetters { field, value } => Reject::LostLetters { field, value },
        })
    }
}

impl RowSink for OrderSink<'_> {
    fn header(&mut self, info: &TableInfo, header: &csv::StringRecord) -> Result<(), FileError> {
        let lossy = super::loses_kazakh(info);
        let hint = match super::lost_letters_hint(info, header) {
            Some(hint) => hint,
            None if lossy => {
                " (the file was read as windows-1251; if it is in another encoding, pass --encoding)"
            }
            None => "",
        };
        let map = ColumnMap::for_orders(header).map_err(|p| match p {
            HeaderProblem::NoKnownColumn => FileError::NoHeader {
                path: self.path.clone(),
                detail: format!(
                    "none of the first {} rows names the expected columns (order_no, order_date, kind, iin, surname, name, full_name, position, department; or their Russian or Kazakh names); the first reads: {}{hint}",
                    super::HEADER_SEARCH_ROWS,
                    header.iter().take(6).collect::<Vec<_>>().join(" | ")
                ),
            },
            HeaderProblem::Missing(cols) => FileError::Header {
                path: self.path.clone(),
                at: info.header_row,
                detail: format!("required column{} missing: {}{hint}", if cols.len() > 1 { "s" } else { "" }, cols.join(", ")),
            },
            HeaderProblem::Twice { field, first, second } => FileError::Header {
                path: self.path.clone(),
                at: info.header_row,
                detail: format!("columns {first:?} and {second:?} both mean {field}; keep one"),
            },
        })?;
        let headers = map.headers.clone();
        self.map = Some(map);
        self.width = self.map.as_ref().map_or(0, ColumnMap::width);
        self.lossy = lossy;
        self.sender
            .blocking_send(Msg::Header {
                file: self.file,
                info: info.clone(),
                headers,
            })
            .map_err(|_| FileError::Stopped)
    }

    fn row(
        &mut self,
        row: u64,
        rec: &csv::StringRecord,
        numeric: &[bool],
    ) -> Result<(), FileError> {
        let Some(map) = &self.map else { return Ok(()) };
        let get = |f: Field| map.get(rec, f);
        let is_num = |f: Field| {
            map.index(f)
                .and_then(|i| numeric.get(i).copied())
                .unwrap_or(false)
        };
        let (surname, name, patronymic) = if map.has_name_columns() {
            (
                get(Field::Surname),
                get(Field::Name),
                get(Field::Patronymic),
            )
        } else {
            split_full_name(get(Field::FullName))
        };
        let iin = spreadsheet_iin(get(Field::Iin), is_num(Field::Iin));
        let order_date = spreadsheet_date(get(Field::OrderDate), is_num(Field::OrderDate));
        let effective_date =
            spreadsheet_date(get(Field::EffectiveDate), is_num(Field::EffectiveDate));
        let raw = RawOrder {
            order_no: get(Field::OrderNo),
            order_date: &order_date,
            kind: get(Field::Kind),
            iin: &iin,
            surname,
            name,
            patronymic,
            position: get(Field::Position),
            department: get(Field::Department),
            effective_date: &effective_date,
            email: get(Field::Email),
        };
        let checked = match self.as_read(rec, map) {
            Some(reject) => Err(reject),
            None => check_row(&raw, self.plan.as_of, &self.plan.kinds),
        };
        match checked {
            Ok((order, warnings)) => {
                for w in warnings {
                    self.batch.warnings.push((
                        row,
                        w.code(),
                        warning_text(self.plan.lang, &w, &order),
                    ));
                }
                self.batch.valid.push((row, order));
                if self.plan.keep_raws {
                    self.batch.raws.push(rec.clone());
                }
            }
            Err(reject) => {
                let text = reason(self.plan.lang, &reject, Some((map, &raw)), self.plan.as_of);
                self.batch
                    .rejects
                    .push((row, reject.code(), text, rec.clone()));
            }
        }
        if self.batch.valid.len() >= self.plan.chunk || self.batch.rejects.len() >= self.plan.chunk
        {
            self.flush()?;
        }
        Ok(())
    }
}

/// An IIN typed into a spreadsheet as a number has lost its leading zeros: give them back.
pub fn spreadsheet_iin(value: &str, numeric: bool) -> Cow<'_, str> {
    if numeric && !value.is_empty() && value.len() < 12 && value.bytes().all(|b| b.is_ascii_digit())
    {
        Cow::Owned(format!("{value:0>12}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A date cell that lost its date format is a bare serial number (days since 1899-12-30).
pub fn spreadsheet_date(value: &str, numeric: bool) -> Cow<'_, str> {
    let serial = value
        .parse::<u64>()
        .ok()
        .filter(|s| numeric && (1..=2_958_465).contains(s));
    let date = serial.and_then(|s| {
        NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(s))
    });
    match date {
        Some(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
        None => Cow::Borrowed(value),
    }
}

/// The reason sentence of a reject, in the chosen language.
pub fn reason(
    lang: Lang,
    reject: &Reject,
    row: Option<(&ColumnMap, &RawOrder<'_>)>,
    date: NaiveDate,
) -> String {
    let column = |f: Field| row.map_or_else(|| f.as_str().to_owned(), |(m, _)| m.header_of(f));
    let value = |f: Field| -> String {
        row.map(|(_, r)| match f {
            Field::OrderDate => r.order_date,
            Field::EffectiveDate => r.effective_date,
            Field::Kind => r.kind,
            Field::Iin => r.iin,
            _ => "",
        })
        .unwrap_or("")
        .to_owned()
    };
    let d = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    let order_date = row
        .and_then(|(_, r)| crate::domain::date::parse_date(r.order_date))
        .unwrap_or(date);
    match reject {
        Reject::MissingField(f) => tr!(lang, "reject-missing-field", column = column(*f)),
        Reject::InvalidIin(e) => tr!(
            lang,
            "reject-invalid-iin",
            value = value(Field::Iin),
            detail = tr!(lang, e.message_key())
        ),
        Reject::BadDate(f) => match crate::domain::date::read_day(&value(*f)) {
            Err(crate::domain::date::BadWhen::NoSuchDay { month, days }) => tr!(
                lang,
                "reject-impossible-day",
                column = column(*f),
                value = value(*f),
                month_in = tr!(lang, "month-in", month = month),
                days = days
            ),
            _ => tr!(
                lang,
                "reject-bad-date",
                column = column(*f),
                value = value(*f)
            ),
        },
        Reject::UnknownKind(None) => tr!(lang, "reject-unknown-kind", value = value(Field::Kind)),
        Reject::UnknownKind(Some(near)) => tr!(
            lang,
            "reject-unknown-kind-nearest",
            value = value(Field::Kind),
            nearest = near.spelling.as_str(),
            kind = near.kind.as_str()
        ),
        Reject::FutureOrder => tr!(
            lang,
            "reject-future-order",
            date = d(order_date),
            asof = d(date)
        ),
        Reject::OlderThanOneYear { limit } => tr!(
            lang,
            "reject-older-than-one-year",
            date = d(order_date),
            limit = d(*limit)
        ),
        Reject::LostLetters { field, value } => tr!(
            lang,
            "reject-lost-letters",
            column = column(*field),
            value = value.as_str()
        ),
        Reject::ExtraCells { column, value } => tr!(
            lang,
            "reject-extra-cells",
            column = *column,
            value = value.as_str(),
            width = row.map_or(0, |(m, _)| m.width())
        ),
        Reject::NameMismatch {
            iin,
            on_record,
            written,
        } => tr!(
            lang,
            "reject-name-mismatch",
            iin = iin.as_str(),
            on_record = on_record.as_str(),
            written = written.as_str()
        ),
        Reject::DuplicateInFile { file, row } => tr!(
            lang,
            "reject-duplicate-in-file",
            file = file.as_str(),
            row = *row
        ),
    }
}

fn warning_text(lang: Lang, w: &Warning, order: &crate::domain::order::Order) -> String {
    match w {
        Warning::OldDismissal { limit } => tr!(
            lang,
            "warning-old-dismissal",
            date = order.order_date.format("%d.%m.%Y").to_string(),
            limit = limit.format("%d.%m.%Y").to_string()
        ),
        Warning::IinZeroRestored { written } => tr!(
            lang,
            "warning-iin-zero-restored",
            written = written.as_str(),
            iin = order.iin.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers() {
        assert_eq!(spreadsheet_iin("50312689765", true), "050312689765");
        assert_eq!(spreadsheet_iin("50312689765", false), "50312689765");
        assert_eq!(spreadsheet_iin("5.03E+10", true), "5.03E+10");
        assert_eq!(spreadsheet_date("46346", true), "2026-11-20");
        assert_eq!(spreadsheet_date("46346", false), "46346");
    }
}
