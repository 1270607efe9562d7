//! Intake of access requests (`requests add`, `requests import`): each row is checked for form
//! (malformed rows are rejected and not recorded), then against the rules on record (§19, §23,
//! §27, §29, §30). A request that breaks a rule is recorded as refused — a refusal is an answer
//! (§22) — and one that passes waits as pending, due at the end of the third working day after
//! its receipt. Everything of a run is one transaction.

use crate::context::Context;
use crate::domain::calendar::Calendar;
use crate::domain::request::{self, Malformed, RawRequest, Refusal, ReqField, Request};
use crate::export::letters::{Addressee, Answer};
use crate::export::rejects::RejectsWriter;
use crate::i18n::{Lang, tr};
use crate::store::requests::{self as store, NewRequest};
use crate::store::{Store, Tx};
use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// One line to take in: its row number (1-based; 0 for `requests add`), the values, and the
/// original cells for the rejects file.
pub struct Line {
    pub row: u64,
    pub raw: RawRequest,
    pub cells: Option<csv::StringRecord>,
}

/// Where the lines came from.
pub struct Source<'a> {
    pub action: &'static str,
    pub file: Option<&'a crate::import::request_rows::RequestFile>,
    pub path: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub rows: usize,
    pub recorded: usize,
    pub refused: usize,
    pub already_recorded: usize,
    pub rejected: usize,
    pub requests: Vec<Outcome>,
    pub rejects: Vec<RejectOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejects_file: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub letters: Vec<String>,
    /// Something after the commit went wrong (a letter could not be put in place).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub id: i64,
    pub row: u64,
    pub status: String,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub due_at: String,
    /// The request was already on record (the same request sent again): nothing was added.
    pub already_recorded: bool,
}

#[derive(Debug, Serialize)]
pub struct RejectOut {
    pub row: u64,
    pub reason_code: String,
    pub reason: String,
}

/// The fingerprint that makes a request taken in twice count once: every field that says what
/// is asked, on what letter, and when it was received.
pub fn fingerprint(r: &Request) -> String {
    let opt_date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let parts = [
        r.kind.as_str().to_owned(),
        r.iin.clone(),
        r.login.clone().unwrap_or_default(),
        r.systems.join(","),
        r.functions.clone().unwrap_or_default(),
        r.basis_order_no.clone().unwrap_or_default(),
        opt_date(r.basis_order_date),
        r.letter_no.clone().unwrap_or_default(),
        opt_date(r.letter_date),
        r.incoming_no.clone().unwrap_or_default(),
        opt_date(r.incoming_date),
        r.reply_email.to_lowercase(),
        // The moment when given; otherwise the day of receipt: the same request taken in twice
        // on one day counts once, sent again on another day it is a new request.
        if r.received_given {
            r.received_at.to_rfc3339()
        } else {
            r.received_on().to_string()
        },
    ];
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The sentence of a malformed row's reason.
pub fn malformed_text(
    lang: Lang,
    m: &Malformed,
    raw: &RawRequest,
    column: &dyn Fn(ReqField) -> String,
) -> String {
    match m {
        Malformed::MissingField(f) => tr!(lang, "reject-missing-field", column = column(*f)),
        Malformed::UnknownKind => tr!(
            lang,
            "reject-unknown-request-kind",
            value = raw.get(ReqField::Kind)
        ),
        Malformed::InvalidIin(e) => tr!(
            lang,
            "reject-invalid-iin",
            value = raw.get(ReqField::Iin),
            detail = tr!(lang, e.message_key())
        ),
        Malformed::InvalidIp => tr!(lang, "reject-invalid-ip", value = raw.get(ReqField::Ip)),
        Malformed::InvalidEmail => tr!(
            lang,
            "reject-invalid-email",
            value = raw.get(ReqField::ReplyEmail)
        ),
        Malformed::BadDate(ReqField::ReceivedAt)
            if request::parse_moment(raw.get(ReqField::ReceivedAt), crate::context::almaty())
                .is_some() =>
        {
            tr!(
                lang,
                "reject-received-in-future",
                value = raw.get(ReqField::ReceivedAt)
            )
        }
        Malformed::BadDate(f) => tr!(
            lang,
            "reject-bad-date",
            column = column(*f),
            value = raw.get(*f)
        ),
        Malformed::DuplicateInFile { row } => tr!(lang, "reject-duplicate-person", row = *row),
    }
}

/// The sentence of a refusal, in the chosen language.
pub fn refusal_text(lang: Lang, r: &Refusal, req: &Request) -> String {
    let d = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let login = req.login.clone().unwrap_or_default();
    match r {
        Refusal::UnknownSystem(codes) => {
            tr!(lang, "refusal-unknown-system", systems = codes.join(", "))
        }
        Refusal::UnknownLogin { other_iin: false } => {
            tr!(lang, "refusal-unknown-login", login = login)
        }
        Refusal::UnknownLogin { other_iin: true } => tr!(
            lang,
            "refusal-login-other-iin",
            login = login,
            iin = req.iin.as_str()
        ),
        Refusal::NotActingStaff => tr!(lang, "refusal-not-acting-staff", iin = req.iin.as_str()),
        Refusal::NoBasis => tr!(
            lang,
            "refusal-no-basis",
            no = req.basis_order_no.clone().unwrap_or_default(),
            date = req.basis_order_date.map(d).unwrap_or_default(),
            iin = req.iin.as_str()
        ),
        Refusal::BasisTooOld { order_date, limit } => tr!(
            lang,
            "refusal-basis-too-old",
            date = d(*order_date),
            limit = d(*limit)
        ),
        Refusal::BasisMismatch { kind } => tr!(
            lang,
            "refusal-basis-mismatch",
            kind = tr!(lang, &format!("kind-{}", kind.as_str()))
        ),
        Refusal::NotBlocked { .. } => tr!(lang, "refusal-not-blocked", login = login),
    }
}

/// Checks a request against what is on record, on the as-of date: the rules it breaks, in
/// order (none: it may be answered).
pub async fn check_on_record(
    tx: &mut Tx,
    req: &Request,
    systems: &std::collections::HashSet<String>,
    ctx: &Context,
) -> Result<Vec<Refusal>, sqlx::Error> {
    let facts = store::facts(tx, req, systems, ctx.today()).await?;
    Ok(request::check(req, &facts))
}

/// Takes the lines in: one transaction, the rejects file and the refusal letters after the
/// commit. Returns the summary (the caller prints it).
pub async fn intake(
    ctx: &Context,
    db: &Store,
    lines: Vec<Line>,
    src: Source<'_>,
    mut rejects: Option<RejectsWriter>,
    letters: Option<crate::app::deliver::Letters>,
    dry_run: bool,
) -> anyhow::Result<Summary> {
    let calendar: Calendar = ctx.calendar()?;
    let mut sum = Summary {
        rows: lines.len(),
        dry_run,
        ..Summary::default()
    };
    let mut tx = db.begin().await?;
    access_lock(&mut tx).await?;
    let import_id = match &src.path {
        Some(p) => {
            let id = crate::store::orders::begin_import(&mut tx, src.action, ctx.now, &ctx.admin)
                .await?;
            if let Some(f) = src.file {
                let rec = crate::store::orders::FileRecord {
                    path: p,
                    format: f.info.format,
                    encoding: &f.info.encoding,
                    bytes: f.info.bytes as i64,
                };
                crate::store::orders::add_file(&mut tx, id, &rec).await?;
            }
            Some(id)
        }
        None => None,
    };
    let systems = store::system_codes(&mut tx).await?;
    let column = |f: ReqField| {
        src.file.map_or_else(
            || format!("--{}", f.as_str().replace('_', "-")),
            |file| file.header_of(f),
        )
    };
    // A second line of the same kind for the same person in one file is a mistake of the
    // letter (the form has one line per person); a block and a grant for one person are not.
    let mut seen: HashMap<(String, &'static str), u64> = HashMap::new();
    let mut recorded_ids = Vec::new();
    for line in &lines {
        let parsed = request::parse_request(&line.raw, ctx.as_of).and_then(|r| {
            match seen.get(&(r.iin.clone(), r.kind.as_str())) {
                Some(first) => Err(Malformed::DuplicateInFile { row: *first }),
                None => Ok(r),
            }
        });
        let req = match parsed {
            Ok(r) => r,
            Err(m) => {
                let reason = malformed_text(ctx.lang, &m, &line.raw, &column);
                if let (Some(w), Some(file), Some(cells)) =
                    (rejects.as_mut(), src.file, &line.cells)
                {
                    w.write(
                        &file.headers,
                        file.delimiter,
                        "",
                        line.row,
                        m.code(),
                        &reason,
                        cells,
                    )?;
                }
                sum.rejects.push(RejectOut {
                    row: line.row,
                    reason_code: m.code().to_owned(),
                    reason,
                });
                continue;
            }
        };
        seen.insert((req.iin.clone(), req.kind.as_str()), line.row);
        let fp = fingerprint(&req);
        let due_at = crate::context::Context::end_of_day(calendar.answer_due(req.received_on()));
        let refusals = check_on_record(&mut tx, &req, &systems, ctx).await?;
        let codes: Vec<&str> = refusals.iter().map(Refusal::code).collect();
        let status = if codes.is_empty() {
            "pending"
        } else {
            "refused"
        };
        let at = ctx.as_of.with_timezone(&Utc);
        let reason = refusals.first().map(|r| refusal_text(ctx.lang, r, &req));
        let new = NewRequest {
            req: &req,
            due_at,
            status,
            reasons: &codes,
            reason_text: reason.as_deref(),
            answered_at: (!codes.is_empty()).then_some(at),
            fingerprint: &fp,
            import_id,
            source_row: (line.row > 0).then_some(line.row as i64),
            recorded_at: ctx.now,
        };
        let Some(id) = store::insert(&mut tx, &new).await? else {
            let Some((id, status, code)) = store::by_fingerprint(&mut tx, &fp).await? else {
                anyhow::bail!(
                    "row {}: the request is on record and yet not found",
                    line.row
                );
            };
            sum.already_recorded += 1;
            sum.requests.push(Outcome {
                id,
                row: line.row,
                status,
                reason_code: code,
                reason: None,
                due_at: crate::context::rfc3339(due_at),
                already_recorded: true,
            });
            continue;
        };
        recorded_ids.push(id);
        sum.recorded += 1;
        if let (Some(first), Some(l)) = (refusals.first(), letters.as_ref()) {
            let to = Addressee {
                request_id: id,
                full_name: &req.full_name(),
                email: &req.reply_email,
                received_on: req.received_on(),
            };
            let answer = Answer::Refused {
                reason: reason.as_deref().unwrap_or_default(),
                paragraph: first.paragraph(),
            };
            crate::app::deliver::queue_letter(ctx, &mut tx, l, &to, &answer, "refused").await?;
        }
        if !codes.is_empty() {
            sum.refused += 1;
        }
        sum.requests.push(Outcome {
            id,
            row: line.row,
            status: status.to_owned(),
            reason_code: codes.first().map(|c| (*c).to_owned()),
            reason,
            due_at: crate::context::rfc3339(due_at),
            already_recorded: false,
        });
    }
    sum.rejected = sum.rejects.len();
    if !recorded_ids.is_empty() {
        let entry = ctx.audit_entry(
            src.action,
            serde_json::json!({ "requests": recorded_ids, "file": src.path }),
            recorded_ids.len() as i64,
            serde_json::json!({ "rows": sum.rows, "recorded": sum.recorded, "refused": sum.refused,
                "already_recorded": sum.already_recorded, "rejected": sum.rejected }),
        );
        crate::store::audit::append(&mut tx, &entry).await?;
    }
    if dry_run {
        tx.rollback().await?;
        return Ok(sum);
    }
    tx.commit().await?;
    if let (Some(w), Some(file)) = (rejects.take(), src.file) {
        sum.rejects_file = Some(
            w.finish(&file.headers, file.delimiter)?
                .display()
                .to_string(),
        );
    }
    if letters.is_some() {
        let d = crate::app::deliver::run(ctx, db, true).await?;
        sum.letters = d.letters.clone();
        sum.warnings.extend(d.failed.iter().cloned());
        sum.warnings.extend(d.later.iter().cloned());
        sum.warnings.extend(d.cleaned.iter().cloned());
    }
    Ok(sum)
}

/// Serialises the commands that take in or answer requests (PostgreSQL; SQLite's write lock
/// already does it): logins are generated from what is on record, so two runs must not
/// interleave.
pub async fn access_lock(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if let Tx::Pg(c) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('skud.access'))")
            .execute(&mut **c)
            .await?;
    }
    Ok(())
}
