//! HR orders: hire, transfer, dismissal (§23, §30), and the checks every imported row passes.
//!
//! A row of an HR file becomes an [`Order`] or a [`Reject`] with a stable reason code. The
//! checks run in a fixed order and the first that fails is the reason: `missing_field`,
//! `invalid_iin`, `bad_date`, `unknown_kind`, `future_order`, `older_than_one_year`.
//! (`duplicate_in_file` needs the other rows of the run and is decided by the importer.)

mod kind;

pub use kind::{KindWords, Nearest, OrderKind};

use super::date::parse_date;
use super::iin::{Iin, IinError};
use chrono::{Months, NaiveDate};

/// An order with its 1-based data row number in its file.
pub type Numbered = (u64, Order);

/// A checked HR order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub order_no: String,
    pub order_date: NaiveDate,
    pub kind: OrderKind,
    pub iin: Iin,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub position: String,
    pub department: String,
    /// When the order takes effect; the order date when the file leaves it empty.
    pub effective_date: NaiveDate,
    pub email: Option<String>,
}

/// One row of an HR file as read, each value trimmed; `None` or empty when absent.
#[derive(Debug, Default, Clone, Copy)]
pub struct RawOrder<'a> {
    pub order_no: &'a str,
    pub order_date: &'a str,
    pub kind: &'a str,
    pub iin: &'a str,
    pub surname: &'a str,
    pub name: &'a str,
    pub patronymic: &'a str,
    pub position: &'a str,
    pub department: &'a str,
    pub effective_date: &'a str,
    pub email: &'a str,
}

/// A field of an order, named as in DESIGN.md (the canonical English column name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    OrderNo,
    OrderDate,
    Kind,
    Iin,
    Surname,
    Name,
    Patronymic,
    FullName,
    Position,
    Department,
    EffectiveDate,
    Email,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::OrderNo => "order_no",
            Field::OrderDate => "order_date",
            Field::Kind => "kind",
            Field::Iin => "iin",
            Field::Surname => "surname",
            Field::Name => "name",
            Field::Patronymic => "patronymic",
            Field::FullName => "full_name",
            Field::Position => "position",
            Field::Department => "department",
            Field::EffectiveDate => "effective_date",
            Field::Email => "email",
        }
    }
}

/// Why a row is not an order. `code()` is the stable reason code of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    MissingField(Field),
    InvalidIin(IinError),
    BadDate(Field),
    /// None of the known words; the nearest known spelling, for the message.
    UnknownKind(Option<Nearest>),
    /// The order date is after the as-of date.
    FutureOrder,
    /// §23: a hire or transfer approved more than one year before the as-of date.
    OlderThanOneYear {
        limit: NaiveDate,
    },
    /// A value holds '?' where letters were: the file was saved in an encoding that cannot
    /// hold them (Kazakh letters in Windows-1251). Decided by the reader, which knows the
    /// encoding.
    LostLetters {
        field: Field,
        value: String,
    },
    /// The row has a non-empty cell beyond the header's last column (1-based): a delimiter
    /// inside an unquoted value has shifted its cells. Decided by the reader.
    ExtraCells {
        column: usize,
        value: String,
    },
    /// The IIN is on record under another person's name: an order never renames a person
    /// (decided against the database by the importer).
    NameMismatch {
        iin: String,
        on_record: String,
        written: String,
    },
    /// The same (order_no, order_date, iin, kind) appeared earlier in the run: at that row of
    /// that file.
    DuplicateInFile {
        file: String,
        row: u64,
    },
}

impl Reject {
    pub fn code(&self) -> &'static str {
        match self {
            Reject::MissingField(_) => "missing_field",
            Reject::InvalidIin(_) => "invalid_iin",
            Reject::BadDate(_) => "bad_date",
            Reject::UnknownKind(_) => "unknown_kind",
            Reject::FutureOrder => "future_order",
            Reject::OlderThanOneYear { .. } => "older_than_one_year",
            Reject::LostLetters { .. } => "lost_letters",
            Reject::ExtraCells { .. } => "extra_cells",
            Reject::NameMismatch { .. } => "name_mismatch",
            Reject::DuplicateInFile { .. } => "duplicate_in_file",
        }
    }
}

/// Something worth a look that does not stop the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A dismissal approved more than one year ago: recorded, because it proves the person is
    /// not acting staff (§30), but it is no basis for a request (§23).
    OldDismissal { limit: NaiveDate },
    /// An IIN of 11 digits (a spreadsheet dropped its leading zero when it held the IIN as a
    /// number) whose form with the zero is valid: taken with the zero.
    IinZeroRestored { written: String },
}

impl Warning {
    pub fn code(&self) -> &'static str {
        match self {
            Warning::OldDismissal { .. } => "old_dismissal",
            Warning::IinZeroRestored { .. } => "iin_zero_restored",
        }
    }
}

/// An IIN as written, or with the leading zero a spreadsheet dropped (with its warning).
fn iin_as_written(written: &str) -> Result<(Iin, Option<Warning>), IinError> {
    let (iin, restored) = Iin::parse_as_written(written)?;
    let warning = restored.then(|| Warning::IinZeroRestored {
        written: written.to_owned(),
    });
    Ok((iin, warning))
}

/// The earliest order date still "within one year" of `as_of` (§23): an order dated exactly one
/// year before the as-of date is within the year. 29 February counts back to 28 February.
pub fn one_year_limit(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_sub_months(Months::new(12))
        .unwrap_or(NaiveDate::MIN)
}

/// Checks one row (§23, §30). `as_of` is the date the import treats as today; `kinds` the words
/// that name the kinds.
pub fn check_row(
    raw: &RawOrder<'_>,
    as_of: NaiveDate,
    kinds: &KindWords,
) -> Result<(Order, Vec<Warning>), Reject> {
    let required = [
        (Field::OrderNo, raw.order_no),
        (Field::OrderDate, raw.order_date),
        (Field::Kind, raw.kind),
        (Field::Iin, raw.iin),
        (Field::Surname, raw.surname),
        (Field::Name, raw.name),
        (Field::Position, raw.position),
        (Field::Department, raw.department),
    ];
    if let Some((field, _)) = required.iter().find(|(_, v)| v.is_empty()) {
        return Err(Reject::MissingField(*field));
    }
    let (iin, restored) = iin_as_written(raw.iin).map_err(Reject::InvalidIin)?;
    let mut warnings: Vec<Warning> = restored.into_iter().collect();
    let order_date = parse_date(raw.order_date).ok_or(Reject::BadDate(Field::OrderDate))?;
    let effective_date = if raw.effective_date.is_empty() {
        order_date
    } else {
        parse_date(raw.effective_date).ok_or(Reject::BadDate(Field::EffectiveDate))?
    };
    let kind = kinds
        .parse(raw.kind)
        .ok_or_else(|| Reject::UnknownKind(kinds.nearest(raw.kind)))?;
    if order_date > as_of {
        return Err(Reject::FutureOrder);
    }
    let limit = one_year_limit(as_of);
    if order_date < limit {
        if kind.is_basis_for_access() {
            return Err(Reject::OlderThanOneYear { limit });
        }
        warnings.push(Warning::OldDismissal { limit });
    }
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Ok((
        Order {
            order_no: raw.order_no.to_owned(),
            order_date,
            kind,
            iin,
            surname: raw.surname.to_owned(),
            name: raw.name.to_owned(),
            patronymic: opt(raw.patronymic),
            position: raw.position.to_owned(),
            department: raw.department.to_owned(),
            effective_date,
            email: opt(raw.email),
        },
        warnings,
    ))
}

/// «Surname Name Patronymic»: the full name as forms write it (the inverse of
/// [`split_full_name`]).
pub fn full_name(surname: &str, name: &str, patronymic: Option<&str>) -> String {
    match patronymic {
        Some(p) if !p.is_empty() => format!("{surname} {name} {p}"),
        _ => format!("{surname} {name}"),
    }
}

/// Splits a combined full name (ФИО, ТАӘ) on spaces: surname, name, and the rest as patronymic.
pub fn split_full_name(full: &str) -> (&str, &str, &str) {
    let full = full.trim();
    let (surname, rest) = full.split_once(char::is_whitespace).unwrap_or((full, ""));
    let rest = rest.trim_start();
    let (name, patronymic) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    (surname, name, patronymic.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn row<'a>(kind: &'a str, order_date: &'a str) -> RawOrder<'a> {
        RawOrder {
            order_no: "12-к",
            order_date,
            kind,
            iin: "880301400124",
            surname: "Петров",
            name: "Иван",
            patronymic: "Сергеевич",
            position: "главный специалист",
            department: "Департамент цифровизации",
            effective_date: "",
            email: "",
        }
    }

    fn valid_iin() -> String {
        let mut d = [0u8; 11];
        for (i, c) in "88030140012".bytes().enumerate() {
            d[i] = c - b'0';
        }
        format!(
            "88030140012{}",
            crate::domain::iin::check_digit(&d).unwrap()
        )
    }

    #[test]
    fn one_year_boundary_of_section_23() {
        let as_of = date("2026-11-20");
        let iin = valid_iin();
        let ok = |k: &str, d: &str| {
            let mut r = row(k, d);
            r.iin = &iin;
            check_row(&r, as_of, &KindWords::default())
        };
        assert!(
            ok("hire", "2025-11-20").unwrap().1.is_empty(),
            "exactly one year: within"
        );
        assert_eq!(
            ok("hire", "2025-11-19"),
            Err(Reject::OlderThanOneYear {
                limit: date("2025-11-20")
            })
        );
        assert_eq!(
            ok("transfer", "19.11.2025").unwrap_err().code(),
            "older_than_one_year"
        );
        let (_, w) = ok("dismissal", "2024-01-01").unwrap();
        assert_eq!(
            w,
            vec![Warning::OldDismissal {
                limit: date("2025-11-20")
            }]
        );
        assert_eq!(
            ok("hire", "2026-11-20").map(|o| o.0.order_date),
            Ok(date("2026-11-20"))
        );
        assert_eq!(ok("hire", "2026-11-21"), Err(Reject::FutureOrder));
        assert_eq!(one_year_limit(date("2028-02-29")), date("2027-02-28"));
    }

    #[test]
    fn checks_run_in_order() {
        let as_of = date("2026-11-20");
        let mut r = row("командировка", "31.02.2026");
        r.iin = "123";
        assert_eq!(
            check_row(&r, as_of, &KindWords::default()),
            Err(Reject::InvalidIin(IinError::NotTwelveDigits))
        );
        let iin = valid_iin();
        r.iin = &iin;
        assert_eq!(
            check_row(&r, as_of, &KindWords::default()),
            Err(Reject::BadDate(Field::OrderDate))
        );
        r.order_date = "01.02.2026";
        assert_eq!(
            check_row(&r, as_of, &KindWords::default())
                .unwrap_err()
                .code(),
            "unknown_kind"
        );
        r.kind = "hire";
        r.effective_date = "2026-13-01";
        assert_eq!(
            check_row(&r, as_of, &KindWords::default()),
            Err(Reject::BadDate(Field::EffectiveDate))
        );
        r.position = "";
        assert_eq!(
            check_row(&r, as_of, &KindWords::default()),
            Err(Reject::MissingField(Field::Position))
        );
    }

    /// An IIN that lost its leading zero (11 digits) is restored with a warning when the
    /// restored IIN is valid; any other 11-digit number stays an invalid IIN.
    #[test]
    fn lost_leading_zero() {
        let as_of = date("2026-11-20");
        let mut d = [0u8; 11];
        for (i, c) in "05031250001".bytes().enumerate() {
            d[i] = c - b'0';
        }
        let full = format!(
            "05031250001{}",
            crate::domain::iin::check_digit(&d).unwrap()
        );
        let mut r = row("hire", "01.11.2026");
        r.iin = &full[1..];
        let (o, w) = check_row(&r, as_of, &KindWords::default()).unwrap();
        assert_eq!(o.iin.as_str(), full);
        assert_eq!(w[0].code(), "iin_zero_restored");
        let mut bad = full[1..].to_owned();
        bad.replace_range(10..11, if bad.ends_with('9') { "8" } else { "9" });
        r.iin = &bad;
        assert_eq!(
            check_row(&r, as_of, &KindWords::default()),
            Err(Reject::InvalidIin(IinError::NotTwelveDigits))
        );
    }

    #[test]
    fn effective_date_defaults_to_order_date() {
        let iin = valid_iin();
        let mut r = row("hire", "01.02.2026");
        r.iin = &iin;
        let (o, _) = check_row(&r, date("2026-11-20"), &KindWords::default()).unwrap();
        assert_eq!(o.effective_date, date("2026-02-01"));
        assert_eq!(o.patronymic.as_deref(), Some("Сергеевич"));
        assert_eq!(o.email, None);
    }

    #[test]
    fn full_names_split_on_spaces() {
        assert_eq!(
            split_full_name("Петров Иван Сергеевич"),
            ("Петров", "Иван", "Сергеевич")
        );
        assert_eq!(
            split_full_name(" Жақсыбекова  Гүлнұр Қайрат қызы "),
            ("Жақсыбекова", "Гүлнұр", "Қайрат қызы")
        );
        assert_eq!(split_full_name("Smith John"), ("Smith", "John", ""));
        assert_eq!(split_full_name("Cher"), ("Cher", "", ""));
        assert_eq!(split_full_name(""), ("", "", ""));
    }
}
