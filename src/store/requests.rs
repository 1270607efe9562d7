//! Access requests (§19) and what the rules need to know about them (orders, accounts,
//! systems).

use super::{Store, Tx, on_pool, on_tx};
use crate::domain::employee::{deciding_order, status_from_last};
use crate::domain::order::OrderKind;
use crate::domain::request::{
    AccountFacts, BasisFacts, Facts, Request, RequestKind, RequestStatus, order_no_key,
    split_systems,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashSet;

/// A stored request.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
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
    pub systems: String,
    pub functions: Option<String>,
    pub basis_order_no: Option<String>,
    pub basis_order_date: Option<NaiveDate>,
    pub reply_email: String,
    pub region: Option<String>,
    pub letter_no: Option<String>,
    pub letter_date: Option<NaiveDate>,
    pub incoming_no: Option<String>,
    pub incoming_date: Option<NaiveDate>,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub received_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub due_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub status: RequestStatus,
    pub reason_code: Option<String>,
    pub reasons: Option<String>,
    pub reason_text: Option<String>,
    #[serde(serialize_with = "crate::domain::date::json_time::option")]
    pub answered_at: Option<DateTime<Utc>>,
    pub answer_login: Option<String>,
    /// A change's systems to add and to take away (codes separated by ',').
    pub add_systems: Option<String>,
    pub remove_systems: Option<String>,
    /// The first refusal's arguments (JSON), to write its sentence in the reader's language.
    pub reason_args: Option<String>,
}

impl RequestRow {
    pub fn full_name(&self) -> String {
        crate::domain::order::full_name(&self.surname, &self.name, self.patronymic.as_deref())
    }

    pub fn system_codes(&self) -> Vec<String> {
        crate::domain::request::split_systems(&self.systems)
    }

    /// The request as the domain knows it (for re-checking at answer time).
    pub fn to_request(&self) -> Option<Request> {
        Some(Request {
            kind: self.kind,
            iin: self.iin.clone(),
            surname: self.surname.clone(),
            name: self.name.clone(),
            patronymic: self.patronymic.clone(),
            login: self.login.clone(),
            work_phone: self.work_phone.clone(),
            cell_phone: self.cell_phone.clone(),
            ip: self.ip.clone(),
            position: self.position.clone(),
            department: self.department.clone(),
            systems: self.system_codes(),
            add_systems: split_systems(self.add_systems.as_deref().unwrap_or_default()),
            remove_systems: split_systems(self.remove_systems.as_deref().unwrap_or_default()),
            functions: self.functions.clone(),
            basis_order_no: self.basis_order_no.clone(),
            basis_order_date: self.basis_order_date,
            reply_email: self.reply_email.clone(),
            region: self.region.clone(),
            letter_no: self.letter_no.clone(),
            letter_date: self.letter_date,
            incoming_no: self.incoming_no.clone(),
            incoming_date: self.incoming_date,
            received_at: crate::domain::date::in_almaty(&self.received_at),
            received_given: true,
            iin_restored: false,
        })
    }
}

const COLUMNS: &str = "id, kind, iin, surname, name, patronymic, login, work_phone, cell_phone, ip, \
    position, department, systems, functions, basis_order_no, basis_order_date, reply_email, \
    region, letter_no, letter_date, incoming_no, incoming_date, received_at, due_at, status, \
    reason_code, reasons, reason_text, answered_at, answer_login, add_systems, remove_systems, reason_args";

/// How a request is recorded at intake.
pub struct NewRequest<'a> {
    pub req: &'a Request,
    pub due_at: DateTime<Utc>,
    /// Pending, or refused with its reasons.
    pub status: RequestStatus,
    pub reasons: &'a [&'a str],
    pub reason_text: Option<&'a str>,
    pub reason_args: Option<&'a str>,
    pub answered_at: Option<DateTime<Utc>>,
    pub fingerprint: &'a str,
    pub import_id: Option<i64>,
    pub source_row: Option<i64>,
    pub recorded_at: DateTime<Utc>,
}

/// Records a request; `None` when the same request (by fingerprint) is already on record.
pub async fn insert(tx: &mut Tx, n: &NewRequest<'_>) -> Result<Option<i64>, sqlx::Error> {
    let r = n.req;
    let sql = "INSERT INTO requests (kind, iin, surname, name, patronymic, login, work_phone, \
        cell_phone, ip, position, department, systems, functions, basis_order_no, \
        basis_order_date, reply_email, region, letter_no, letter_date, incoming_no, incoming_date, \
        received_at, due_at, status, reason_code, reasons, answered_at, fingerprint, import_id, \
        source_row, recorded_at, reason_text, add_systems, remove_systems, reason_args) VALUES ($1, $2, \
        $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
        $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35) \
        ON CONFLICT (fingerprint) DO NOTHING RETURNING id";
    let reasons = (!n.reasons.is_empty()).then(|| n.reasons.join(","));
    on_tx!(tx, c => sqlx::query_scalar::<_, i64>(sql)
        .bind(r.kind.as_str()).bind(&r.iin).bind(&r.surname).bind(&r.name).bind(&r.patronymic)
        .bind(&r.login).bind(&r.work_phone).bind(&r.cell_phone).bind(&r.ip).bind(&r.position)
        .bind(&r.department).bind(r.systems.join(",")).bind(&r.functions).bind(&r.basis_order_no)
        .bind(r.basis_order_date).bind(&r.reply_email).bind(&r.region).bind(&r.letter_no)
        .bind(r.letter_date).bind(&r.incoming_no).bind(r.incoming_date)
        .bind(r.received_at.with_timezone(&Utc)).bind(n.due_at).bind(n.status.as_str())
        .bind(n.reasons.first().copied()).bind(reasons).bind(n.answered_at).bind(n.fingerprint)
        .bind(n.import_id).bind(n.source_row).bind(n.recorded_at).bind(n.reason_text)
        .bind(joined(&r.add_systems)).bind(joined(&r.remove_systems)).bind(n.reason_args)
        .fetch_optional(&mut **c).await)
}

/// A list of codes as stored: separated by ',', NULL when empty.
fn joined(codes: &[String]) -> Option<String> {
    (!codes.is_empty()).then(|| codes.join(","))
}

/// A request's status, read in the transaction that will change it.
pub async fn status_of(tx: &mut Tx, id: i64) -> Result<Option<RequestStatus>, sqlx::Error> {
    let found: Option<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
        .bind(id).fetch_optional(&mut **c).await)?;
    found
        .map(|s| RequestStatus::try_from(s).map_err(decode))
        .transpose()
}

/// Takes a pending request back: never answered, its deadline no longer runs.
pub async fn withdraw(
    tx: &mut Tx,
    id: i64,
    at: DateTime<Utc>,
    note: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE requests SET status = 'withdrawn', answered_at = $2, \
            reason_text = $3 WHERE id = $1 AND status = 'pending'")
        .bind(id).bind(at).bind(note).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The id and status of the request recorded with this fingerprint.
pub async fn by_fingerprint(
    tx: &mut Tx,
    fp: &str,
) -> Result<Option<(i64, RequestStatus, Option<String>)>, sqlx::Error> {
    let found: Option<(i64, String, Option<String>)> = on_tx!(tx, c => sqlx::query_as("SELECT id, status, reason_code FROM requests WHERE fingerprint = $1")
        .bind(fp).fetch_optional(&mut **c).await)?;
    found
        .map(|(id, status, code)| Ok((id, RequestStatus::try_from(status).map_err(decode)?, code)))
        .transpose()
}

/// A stored value skud cannot read back.
fn decode(e: String) -> sqlx::Error {
    sqlx::Error::Decode(e.into())
}

pub async fn get(store: &Store, id: i64) -> Result<Option<RequestRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM requests WHERE id = $1");
    on_pool!(store, p => sqlx::query_as::<_, RequestRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)
}

/// Which requests a listing shows: every condition given must hold.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    pub status: Option<RequestStatus>,
    /// Only those pending past their due moment at this moment.
    pub overdue_at: Option<DateTime<Utc>>,
    pub iin: Option<&'a str>,
    /// Requests naming this login, or answered with it.
    pub login: Option<&'a str>,
    /// Requests that name this system.
    pub system: Option<&'a str>,
}

pub async fn list(store: &Store, f: &Filter<'_>) -> Result<Vec<RequestRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM requests WHERE ($1 IS NULL OR status = $1) \
         AND ($2 IS NULL OR (status = 'pending' AND due_at < $2)) \
         AND ($3 IS NULL OR iin = $3) AND ($4 IS NULL OR login = $4 OR answer_login = $4) \
         AND ($5 IS NULL OR (',' || systems || ',' || COALESCE(add_systems, '') || ',' \
              || COALESCE(remove_systems, '') || ',') LIKE ('%,' || $5 || ',%')) ORDER BY id"
    );
    on_pool!(store, p => sqlx::query_as::<_, RequestRow>(sqlx::AssertSqlSafe(sql))
        .bind(f.status.map(RequestStatus::as_str)).bind(f.overdue_at).bind(f.iin).bind(f.login)
        .bind(f.system).fetch_all(p).await)
}

/// The requests to answer: the given ids (any status, so that the caller can say what each
/// is), or every pending request of these kinds.
pub async fn to_answer(
    tx: &mut Tx,
    ids: &[i64],
    kinds: [RequestKind; 2],
) -> Result<Vec<RequestRow>, sqlx::Error> {
    if ids.is_empty() {
        let sql = format!(
            "SELECT {COLUMNS} FROM requests WHERE status = 'pending' AND kind IN ($1, $2) ORDER BY id"
        );
        return on_tx!(tx, c => sqlx::query_as::<_, RequestRow>(sqlx::AssertSqlSafe(sql))
            .bind(kinds[0].as_str()).bind(kinds[1].as_str()).fetch_all(&mut **c).await);
    }
    let mut out = Vec::with_capacity(ids.len());
    let sql = format!("SELECT {COLUMNS} FROM requests WHERE id = $1");
    for id in ids {
        let row = on_tx!(tx, c => sqlx::query_as::<_, RequestRow>(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id).fetch_optional(&mut **c).await)?;
        out.extend(row);
    }
    Ok(out)
}

/// Records the answer of a pending request; false when it was answered meanwhile.
pub async fn answer(
    tx: &mut Tx,
    id: i64,
    status: RequestStatus,
    reasons: &[&str],
    reason: Option<(&str, &str)>,
    at: DateTime<Utc>,
    login: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let reasons_text = (!reasons.is_empty()).then(|| reasons.join(","));
    let (reason_text, reason_args) = (reason.map(|r| r.0), reason.map(|r| r.1));
    let n = on_tx!(tx, c => sqlx::query("UPDATE requests SET status = $2, reason_code = $3, reasons = $4, \
            answered_at = $5, answer_login = $6, reason_text = $7, reason_args = $8 \
            WHERE id = $1 AND status = 'pending'")
        .bind(id).bind(status.as_str()).bind(reasons.first().copied()).bind(reasons_text).bind(at).bind(login)
        .bind(reason_text).bind(reason_args)
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The codes of the catalogue.
pub async fn system_codes(tx: &mut Tx) -> Result<HashSet<String>, sqlx::Error> {
    let v: Vec<String> =
        on_tx!(tx, c => sqlx::query_scalar("SELECT code FROM systems").fetch_all(&mut **c).await)?;
    Ok(v.into_iter().collect())
}

/// What the rules need to know about a request, on `as_of` (the person's state).
pub async fn facts(
    tx: &mut Tx,
    req: &Request,
    systems: &HashSet<String>,
    as_of: NaiveDate,
) -> Result<Facts, sqlx::Error> {
    // A code taken away that the catalogue no longer has is no obstacle: only rights given
    // must be of a known system.
    let unknown_systems = req
        .systems
        .iter()
        .chain(&req.add_systems)
        .filter(|s| !systems.contains(*s))
        .cloned()
        .collect();
    // A login replaced because the directory held it (§26) is nobody's account any more: a
    // request that names it is answered `unknown_login`.
    let account = match &req.login {
        Some(l) => {
            let row: Option<(String, String)> = on_tx!(tx, c => sqlx::query_as(
                    "SELECT iin, status FROM accounts WHERE login = $1 AND replaced_by IS NULL")
                .bind(l).fetch_optional(&mut **c).await)?;
            row.and_then(|(iin, st)| {
                Some(AccountFacts {
                    iin,
                    status: crate::domain::account::AccountStatus::parse(&st)?,
                })
            })
        }
        None => None,
    };
    let orders: Vec<(NaiveDate, NaiveDate, String, String)> = on_tx!(tx, c => sqlx::query_as(
            "SELECT effective_date, order_date, kind, order_no FROM orders WHERE iin = $1 ORDER BY id")
        .bind(&req.iin).fetch_all(&mut **c).await)?;
    let triples: Vec<(NaiveDate, NaiveDate, OrderKind)> = orders
        .iter()
        .filter_map(|(e, d, k, _)| Some((*e, *d, OrderKind::parse(k)?)))
        .collect();
    let person = (!triples.is_empty())
        .then(|| status_from_last(deciding_order(&triples, as_of).map(|i| triples[i].2)));
    let basis = match (&req.basis_order_no, req.basis_order_date) {
        (Some(no), Some(date)) => orders
            .iter()
            .filter(|(_, d, _, n)| *d == date && order_no_key(n) == order_no_key(no))
            .filter_map(|(_, d, k, _)| {
                Some(BasisFacts {
                    kind: OrderKind::parse(k)?,
                    order_date: *d,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Facts {
        unknown_systems,
        account,
        person,
        basis,
    })
}

/// The basis order as the journal writes it: its number as stored and its kind (a hire or
/// transfer preferred to a dismissal with the same number and date).
pub async fn basis_order(
    tx: &mut Tx,
    iin: &str,
    no: &str,
    date: NaiveDate,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let rows: Vec<(String, String)> = on_tx!(tx, c => sqlx::query_as(
            "SELECT order_no, kind FROM orders WHERE iin = $1 AND order_date = $2 ORDER BY id")
        .bind(iin).bind(date).fetch_all(&mut **c).await)?;
    let key = order_no_key(no);
    let mut matching: Vec<(String, String)> = rows
        .into_iter()
        .filter(|(n, _)| order_no_key(n) == key)
        .collect();
    matching.sort_by_key(|(_, k)| k == "dismissal");
    Ok(matching.into_iter().next())
}
