//! Access requests: one person's line of the Appendix 2 form (§19), and the checks a request
//! passes at intake (§23, §27, §29, §30).
//!
//! A row becomes a [`Request`] or a [`Malformed`] (rejected, not recorded). A request then
//! passes [`check`]: every rule it breaks is a [`Refusal`], in the order of DESIGN.md, and the
//! first is the reason its refusal quotes (§22: a refusal is an answer).

mod rules;

pub use rules::{AccountFacts, BasisFacts, Facts, Refusal, check};

use super::date::parse_date;
use super::iin::{Iin, IinError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::net::IpAddr;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    /// Register the user and grant rights (§19): answered with a login and a temporary password.
    Grant,
    /// Replace the user's rights (§27).
    Change,
    /// Block the account.
    Block,
    /// Unblock a blocked account with a new temporary password (§29).
    Reactivate,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Grant => "grant",
            RequestKind::Change => "change",
            RequestKind::Block => "block",
            RequestKind::Reactivate => "reactivate",
        }
    }

    /// Reads a kind as written in English, Russian or Kazakh, any case.
    pub fn parse(s: &str) -> Option<RequestKind> {
        let norm: String = s.trim().to_lowercase().replace('ё', "е");
        let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(match norm.as_str() {
            "grant"
            | "предоставить"
            | "предоставить доступ"
            | "предоставление доступа"
            | "беру"
            | "қол жеткізуді беру"
            | "кіру" => RequestKind::Grant,
            "change"
            | "изменить"
            | "изменить права"
            | "изменение прав"
            | "өзгерту"
            | "құқықтарды өзгерту" => RequestKind::Change,
            "block" | "заблокировать" | "блокировка" | "бұғаттау" => {
                RequestKind::Block
            }
            "reactivate"
            | "активировать"
            | "активация"
            | "разблокировать"
            | "белсендіру"
            | "іске қосу" => RequestKind::Reactivate,
            _ => return None,
        })
    }

    /// Whether the request names an existing account: change, block, reactivate.
    pub fn needs_login(self) -> bool {
        !matches!(self, RequestKind::Grant)
    }
}

super::stored_as_text!(
    RequestKind,
    "request kind",
    [Grant, Change, Block, Reactivate]
);

/// Where a request stands (§22: a refusal is an answer, like a request done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestStatus {
    /// Waiting for its answer, due at the end of the third working day after its receipt.
    Pending,
    /// Answered: done as asked.
    Done,
    /// Answered: refused, with its reasons.
    Refused,
    /// Taken back while pending (`requests withdraw`): never answered.
    Withdrawn,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Done => "done",
            RequestStatus::Refused => "refused",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }
}

super::stored_as_text!(
    RequestStatus,
    "request status",
    [Pending, Done, Refused, Withdrawn]
);

/// A field of a request, named as in DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReqField {
    Kind,
    Iin,
    FullName,
    Surname,
    Name,
    Patronymic,
    Login,
    WorkPhone,
    CellPhone,
    Ip,
    Position,
    Department,
    Systems,
    Functions,
    BasisOrderNo,
    BasisOrderDate,
    ReplyEmail,
    Region,
    LetterNo,
    LetterDate,
    IncomingNo,
    IncomingDate,
    ReceivedAt,
    AddSystems,
    RemoveSystems,
}

impl ReqField {
    pub fn as_str(self) -> &'static str {
        match self {
            ReqField::Kind => "kind",
            ReqField::Iin => "iin",
            ReqField::FullName => "full_name",
            ReqField::Surname => "surname",
            ReqField::Name => "name",
            ReqField::Patronymic => "patronymic",
            ReqField::Login => "login",
            ReqField::WorkPhone => "work_phone",
            ReqField::CellPhone => "cell_phone",
            ReqField::Ip => "ip",
            ReqField::Position => "position",
            ReqField::Department => "department",
            ReqField::Systems => "systems",
            ReqField::Functions => "functions",
            ReqField::BasisOrderNo => "basis_order_no",
            ReqField::BasisOrderDate => "basis_order_date",
            ReqField::ReplyEmail => "reply_email",
            ReqField::Region => "region",
            ReqField::LetterNo => "letter_no",
            ReqField::LetterDate => "letter_date",
            ReqField::IncomingNo => "incoming_no",
            ReqField::IncomingDate => "incoming_date",
            ReqField::ReceivedAt => "received_at",
            ReqField::AddSystems => "add_systems",
            ReqField::RemoveSystems => "remove_systems",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One request as read from a file or the flags: each value trimmed, "" when absent. A full
/// name is split into its parts by the reader.
#[derive(Debug, Clone, Default)]
pub struct RawRequest {
    values: [String; 25],
}

impl RawRequest {
    pub fn get(&self, f: ReqField) -> &str {
        &self.values[f.index()]
    }

    pub fn set(&mut self, f: ReqField, v: &str) {
        self.values[f.index()] = v.trim().to_owned();
    }
}

/// A well-formed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub kind: RequestKind,
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub login: Option<String>,
    pub work_phone: Option<String>,
    pub cell_phone: Option<String>,
    pub ip: String,
    pub position: String,
    pub department: String,
    /// System codes, upper-case, each once, in the order given: the whole list of a grant, or
    /// the new list of a change (empty when the change names only additions and removals).
    pub systems: Vec<String>,
    /// A change's systems to add and to take away (§27), applied after `systems`.
    pub add_systems: Vec<String>,
    pub remove_systems: Vec<String>,
    pub functions: Option<String>,
    pub basis_order_no: Option<String>,
    pub basis_order_date: Option<NaiveDate>,
    pub reply_email: String,
    pub region: Option<String>,
    pub letter_no: Option<String>,
    pub letter_date: Option<NaiveDate>,
    pub incoming_no: Option<String>,
    pub incoming_date: Option<NaiveDate>,
    pub received_at: DateTime<FixedOffset>,
    /// Whether `received_at` was given (otherwise it is the as-of moment).
    pub received_given: bool,
    /// The IIN had 11 digits and got back the leading zero a spreadsheet dropped
    /// (`iin_zero_restored`).
    pub iin_restored: bool,
}

impl Request {
    pub fn full_name(&self) -> String {
        crate::domain::order::full_name(&self.surname, &self.name, self.patronymic.as_deref())
    }

    /// Whether the request rests on an HR order (§23): a grant, and a change that names a new
    /// list or systems to add. Taking rights away needs no order.
    pub fn needs_basis(&self) -> bool {
        match self.kind {
            RequestKind::Grant => true,
            RequestKind::Change => !self.systems.is_empty() || !self.add_systems.is_empty(),
            RequestKind::Block | RequestKind::Reactivate => false,
        }
    }

    /// The rights a change leaves: the new list (or the account's `current` one), with the
    /// additions and without the removals, each once.
    pub fn systems_after(&self, current: &[String]) -> Vec<String> {
        let base = if self.systems.is_empty() {
            current
        } else {
            &self.systems
        };
        let mut out: Vec<String> = Vec::new();
        for code in base.iter().chain(&self.add_systems) {
            if !out.contains(code) && !self.remove_systems.contains(code) {
                out.push(code.clone());
            }
        }
        out
    }

    /// The request's date for §22 and §23: the day it was received (Asia/Almaty).
    pub fn received_on(&self) -> NaiveDate {
        self.received_at.date_naive()
    }
}

/// Why a row is not a request (rejected into `--rejects`, not recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    MissingField(ReqField),
    UnknownKind,
    InvalidIin(IinError),
    InvalidIp,
    InvalidEmail,
    /// A date that does not parse, or a receipt in the future.
    BadDate(ReqField),
    /// A value holds '?' for letters the file's encoding cannot hold (decided by the reader).
    LostLetters {
        field: ReqField,
        value: String,
    },
    /// A non-empty cell beyond the header's last column (1-based; decided by the reader).
    ExtraCells {
        column: usize,
        value: String,
    },
    /// The same person appeared earlier in the same file, at that row.
    DuplicateInFile {
        row: u64,
    },
    /// A change names this system both to add and to take away.
    AddAndRemove(String),
}

impl Malformed {
    pub fn code(&self) -> &'static str {
        match self {
            Malformed::MissingField(_) => "missing_field",
            Malformed::UnknownKind => "unknown_kind",
            Malformed::InvalidIin(_) => "invalid_iin",
            Malformed::InvalidIp => "invalid_ip",
            Malformed::InvalidEmail => "invalid_email",
            Malformed::BadDate(_) => "bad_date",
            Malformed::LostLetters { .. } => "lost_letters",
            Malformed::ExtraCells { .. } => "extra_cells",
            Malformed::DuplicateInFile { .. } => "duplicate_in_file",
            Malformed::AddAndRemove(_) => "add_and_remove",
        }
    }
}

/// An e-mail address good enough to answer to (§22): `local@domain.tld`, no spaces, one `@`.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    s.parse::<lettre::Address>().is_ok()
        && !local.is_empty()
        && local.len() <= 64
        && !local.contains(|c: char| c.is_whitespace() || c == '@' || c.is_control())
        && domain.contains('.')
        && labels_ok
}

/// An order number as compared (§23): trimmed, spaces collapsed, lower case in any alphabet
/// (`12-Ж/Қ` is `12-ж/қ`).
pub fn order_no_key(no: &str) -> String {
    no.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Splits a system list: codes separated by commas, semicolons or spaces, upper-cased, each
/// once.
pub fn split_systems(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in s.split([',', ';', ' ', '\n']).map(str::trim) {
        let code = code.to_uppercase();
        if !code.is_empty() && !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// The fields a request of this kind must fill. A block names the account: its login and where
/// to answer are enough (the holder is read from the account on record); every other kind
/// names the person. A change names its systems as a new list, additions or removals; only a
/// list or additions need a basis order (§23, §27).
fn required_fields(kind: RequestKind, raw: &RawRequest) -> Vec<ReqField> {
    use ReqField as F;
    if kind == RequestKind::Block {
        return vec![F::Login, F::ReplyEmail];
    }
    let mut required = vec![F::Iin, F::Surname, F::Name];
    if kind.needs_login() {
        required.push(F::Login);
    }
    required.extend([F::Ip, F::Position, F::Department, F::ReplyEmail]);
    let adds = !raw.get(F::Systems).is_empty() || !raw.get(F::AddSystems).is_empty();
    match kind {
        RequestKind::Grant => required.extend([F::Systems, F::BasisOrderNo, F::BasisOrderDate]),
        RequestKind::Change if adds => required.extend([F::BasisOrderNo, F::BasisOrderDate]),
        RequestKind::Change if raw.get(F::RemoveSystems).is_empty() => required.push(F::Systems),
        _ => {}
    }
    required
}

/// Checks the form of a request (not the rules: see [`check`]). `as_of` is the moment treated
/// as now; it is also the receipt moment when the row gives none.
pub fn parse_request(raw: &RawRequest, as_of: DateTime<FixedOffset>) -> Result<Request, Malformed> {
    use ReqField as F;
    if raw.get(F::Kind).is_empty() {
        return Err(Malformed::MissingField(F::Kind));
    }
    let kind = RequestKind::parse(raw.get(F::Kind)).ok_or(Malformed::UnknownKind)?;
    let block = kind == RequestKind::Block;
    let required = required_fields(kind, raw);
    if let Some(f) = required.into_iter().find(|f| raw.get(*f).is_empty()) {
        return Err(Malformed::MissingField(f));
    }
    let (systems, add, remove) = (
        raw.get(F::Systems),
        raw.get(F::AddSystems),
        raw.get(F::RemoveSystems),
    );
    let (iin, iin_restored) = match raw.get(F::Iin) {
        "" if block => (None, false),
        written => {
            let (iin, restored) = Iin::parse_as_written(written).map_err(Malformed::InvalidIin)?;
            (Some(iin), restored)
        }
    };
    let ip = match raw.get(F::Ip) {
        "" if block => String::new(),
        written => written
            .parse::<IpAddr>()
            .map_err(|_| Malformed::InvalidIp)?
            .to_string(),
    };
    if !is_email(raw.get(F::ReplyEmail)) {
        return Err(Malformed::InvalidEmail);
    }
    let date = |f: ReqField| -> Result<Option<NaiveDate>, Malformed> {
        let v = raw.get(f);
        if v.is_empty() {
            Ok(None)
        } else {
            parse_date(v).map(Some).ok_or(Malformed::BadDate(f))
        }
    };
    let basis_order_date = date(F::BasisOrderDate)?;
    let letter_date = date(F::LetterDate)?;
    let incoming_date = date(F::IncomingDate)?;
    let (received_at, received_given) = match raw.get(F::ReceivedAt) {
        "" => (as_of, false),
        v => (
            super::date::read_moment(v).map_err(|_| Malformed::BadDate(F::ReceivedAt))?,
            true,
        ),
    };
    if received_at > as_of {
        return Err(Malformed::BadDate(F::ReceivedAt));
    }
    let (add_systems, remove_systems) = match kind {
        RequestKind::Change => (split_systems(add), split_systems(remove)),
        _ => (Vec::new(), Vec::new()),
    };
    if let Some(both) = add_systems.iter().find(|c| remove_systems.contains(c)) {
        return Err(Malformed::AddAndRemove(both.clone()));
    }
    let opt = |f: ReqField| Some(raw.get(f).to_owned()).filter(|v| !v.is_empty());
    Ok(Request {
        kind,
        iin: iin.map(|i| i.as_str().to_owned()).unwrap_or_default(),
        surname: raw.get(F::Surname).to_owned(),
        name: raw.get(F::Name).to_owned(),
        patronymic: opt(F::Patronymic),
        login: opt(F::Login).map(|l| l.to_lowercase()),
        work_phone: opt(F::WorkPhone),
        cell_phone: opt(F::CellPhone),
        ip,
        position: raw.get(F::Position).to_owned(),
        department: raw.get(F::Department).to_owned(),
        systems: split_systems(systems),
        add_systems,
        remove_systems,
        functions: opt(F::Functions),
        basis_order_no: opt(F::BasisOrderNo),
        basis_order_date,
        reply_email: raw.get(F::ReplyEmail).to_owned(),
        region: opt(F::Region),
        letter_no: opt(F::LetterNo),
        letter_date,
        incoming_no: opt(F::IncomingNo),
        incoming_date,
        received_at,
        received_given,
        iin_restored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::AccountStatus;
    use crate::domain::employee::EmployeeStatus;
    use crate::domain::order::OrderKind;
    use chrono::TimeZone;

    fn almaty() -> FixedOffset {
        FixedOffset::east_opt(5 * 3600).unwrap()
    }

    fn as_of() -> DateTime<FixedOffset> {
        almaty().with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
    }

    fn raw(kind: &str) -> RawRequest {
        let mut r = RawRequest::default();
        for (f, v) in [
            (ReqField::Kind, kind),
            (ReqField::Iin, "900101300017"),
            (ReqField::Surname, "Петров"),
            (ReqField::Name, "Иван"),
            (ReqField::Ip, "10.0.0.1"),
            (ReqField::Position, "инспектор"),
            (ReqField::Department, "отдел"),
            (ReqField::ReplyEmail, "hr@enbek.kz"),
            (ReqField::Systems, "esobes, ASP;esobes"),
            (ReqField::BasisOrderNo, "12-к"),
            (ReqField::BasisOrderDate, "01.11.2026"),
            (ReqField::Login, "petrov.i"),
        ] {
            r.set(f, v);
        }
        r
    }

    #[test]
    fn form_checks_in_order() {
        let ok = parse_request(&raw("предоставить"), as_of()).unwrap();
        assert_eq!(ok.kind, RequestKind::Grant);
        assert_eq!(ok.systems, ["ESOBES", "ASP"]);
        assert_eq!(ok.received_at, as_of());
        let mut r = raw("grant");
        r.set(ReqField::Ip, "300.1.1.1");
        assert_eq!(parse_request(&r, as_of()), Err(Malformed::InvalidIp));
        r.set(ReqField::Ip, "fe80::1");
        r.set(ReqField::ReplyEmail, "ivanov@");
        assert_eq!(parse_request(&r, as_of()), Err(Malformed::InvalidEmail));
        r.set(ReqField::ReplyEmail, "ivanov@enbek");
        assert_eq!(parse_request(&r, as_of()), Err(Malformed::InvalidEmail));
        r.set(ReqField::ReplyEmail, "иван,петр@enbek.kz");
        assert_eq!(parse_request(&r, as_of()), Err(Malformed::InvalidEmail));
        r.set(ReqField::ReplyEmail, "ivanov@enbek.kz");
        r.set(ReqField::ReceivedAt, "2026-11-21");
        assert_eq!(
            parse_request(&r, as_of()),
            Err(Malformed::BadDate(ReqField::ReceivedAt))
        );
        r.set(ReqField::ReceivedAt, "19.11.2026 17:45");
        assert_eq!(
            parse_request(&r, as_of()).unwrap().received_at.to_rfc3339(),
            "2026-11-19T17:45:00+05:00"
        );
        r.set(ReqField::Systems, "");
        assert_eq!(
            parse_request(&r, as_of()),
            Err(Malformed::MissingField(ReqField::Systems))
        );
        assert_eq!(
            parse_request(&raw("снести"), as_of()),
            Err(Malformed::UnknownKind)
        );
        let mut b = raw("block");
        b.set(ReqField::Login, "");
        assert_eq!(
            parse_request(&b, as_of()),
            Err(Malformed::MissingField(ReqField::Login))
        );
        let mut i = raw("grant");
        i.set(ReqField::Iin, "900101300016");
        assert!(matches!(
            parse_request(&i, as_of()),
            Err(Malformed::InvalidIin(_))
        ));
    }

    fn codes(kind: &str, facts: &Facts) -> Vec<&'static str> {
        let req = parse_request(&raw(kind), as_of()).unwrap();
        check(&req, facts).iter().map(Refusal::code).collect()
    }

    fn hire(date: &str) -> BasisFacts {
        BasisFacts {
            kind: OrderKind::Hire,
            order_date: parse_date(date).unwrap(),
        }
    }

    #[test]
    fn rules_in_order() {
        let acting = Facts {
            person: Some(EmployeeStatus::Acting),
            basis: vec![hire("2026-11-01")],
            ..Facts::default()
        };
        assert!(codes("grant", &acting).is_empty());
        let mut f = acting.clone();
        f.unknown_systems = vec!["XYZ".into()];
        f.basis.clear();
        assert_eq!(codes("grant", &f), ["unknown_system", "no_basis"]);
        // One year exactly is within the year; a day more is not (§23).
        let mut f = acting.clone();
        f.basis = vec![hire("2025-11-20")];
        assert!(codes("grant", &f).is_empty());
        f.basis = vec![hire("2025-11-19")];
        assert_eq!(codes("grant", &f), ["basis_too_old"]);
        f.basis = vec![BasisFacts {
            kind: OrderKind::Dismissal,
            order_date: parse_date("2026-11-01").unwrap(),
        }];
        f.person = Some(EmployeeStatus::Dismissed);
        assert_eq!(codes("grant", &f), ["not_acting_staff", "basis_mismatch"]);
        // Block needs neither a basis nor an acting person; only the person's own login.
        let mut f = Facts {
            person: Some(EmployeeStatus::Dismissed),
            account: Some(AccountFacts {
                iin: "900101300017".into(),
                status: AccountStatus::Active,
            }),
            ..Facts::default()
        };
        assert!(codes("block", &f).is_empty());
        assert_eq!(codes("reactivate", &f), ["not_acting_staff", "not_blocked"]);
        f.person = Some(EmployeeStatus::Acting);
        f.account.as_mut().unwrap().iin = "010101500013".into();
        assert_eq!(codes("block", &f), ["unknown_login"]);
        f.account = None;
        assert_eq!(codes("change", &f), ["unknown_login", "no_basis"]);
        // A reactivation for someone no order names: not known to be acting staff (§30).
        let unknown = Facts {
            account: Some(AccountFacts {
                iin: "900101300017".into(),
                status: AccountStatus::Blocked,
            }),
            ..Facts::default()
        };
        assert_eq!(codes("reactivate", &unknown), ["not_acting_staff"]);
    }
}
