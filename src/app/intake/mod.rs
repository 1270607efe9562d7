//! Intake of access requests (`requests add`, `requests import`): each row is checked for form
//! (malformed rows are rejected and not recorded), then against the rules on record (§19, §23,
//! §27, §29, §30). A request that breaks a rule is recorded as refused — a refusal is an answer
//! (§22) — and one that passes waits as pending, due at the end of the third working day after
//! its receipt. Everything of a run is one transaction.

mod texts;

pub use texts::{malformed_text, refusal_text, stored_reason};

use crate::context::Context;
use crate::domain::calendar::Calendar;
use crate::domain::request::{
    self, Malformed, RawRequest, Refusal, ReqField, Request, RequestStatus,
};
use crate::export::letters::{Addressee, Answer};
use crate::export::rejects::RejectsWriter;
use crate::import::request_rows;
use crate::import::{FileError, OpenOptions, TableInfo};
use crate::store::requests::{self as store, NewRequest};
use crate::store::{Store, Tx};
use anyhow::Context as _;
use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// One line to take in: its row number (1-based; 0 for `requests add`), the values, and the
/// original cells for the rejects file.
pub struct Line {
    pub row: u64,
    pub raw: RawRequest,
    pub cells: Option<csv::StringRecord>,
    /// What the reader found wrong with the row as the file holds it (cells beyond the
    /// header, letters lost to the encoding): rejected before its values are read.
    pub as_read: Option<Malformed>,
}

/// The lines to take in: given (`requests add`), or streamed from a file's reader thread, which
/// is joined at the end so that a file that breaks half-way rolls back the whole run.
pub enum Lines {
    Given(std::vec::IntoIter<Line>),
    Read {
        receiver: tokio::sync::mpsc::Receiver<request_rows::Msg>,
        reader: tokio::task::JoinHandle<Result<TableInfo, FileError>>,
    },
}

impl Lines {
    async fn next(&mut self) -> Option<Line> {
        match self {
            Lines::Given(lines) => lines.next(),
            Lines::Read { receiver, .. } => loop {
                match receiver.recv().await? {
                    request_rows::Msg::Line(l) => {
                        let l = *l;
                        return Some(Line {
                            row: l.row,
                            raw: l.raw,
                            cells: Some(l.cells),
                            as_read: l.as_read,
                        });
                    }
                    request_rows::Msg::Header(_) => continue,
                }
            },
        }
    }

    /// The reader's outcome, once every line was taken: what it learnt of the whole file.
    async fn finish(self) -> anyhow::Result<Option<TableInfo>> {
        let Lines::Read { receiver, reader } = self else {
            return Ok(None);
        };
        drop(receiver);
        let info = reader
            .await
            .context("the file reader stopped unexpectedly")??;
        Ok(Some(info))
    }
}

/// Takes in a file of requests (`requests import`), streamed: the reader thread sends the
/// file's shape once its header is found, then each line.
pub async fn intake_file(
    ctx: &Context,
    db: &Store,
    path: &std::path::Path,
    opts: &OpenOptions,
    rejects: Option<RejectsWriter>,
    letters: Option<crate::app::deliver::Letters>,
    dry_run: bool,
) -> anyhow::Result<(Summary, TableInfo)> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel(256);
    let reader = {
        let (path, opts) = (path.to_owned(), opts.clone());
        tokio::task::spawn_blocking(move || request_rows::stream(&path, &opts, sender))
    };
    let shape = match receiver.recv().await {
        Some(request_rows::Msg::Header(shape)) => shape,
        _ => {
            // The reader stopped before a header: its error says why.
            Lines::Read { receiver, reader }.finish().await?;
            anyhow::bail!("{}: the reader sent no header (a bug)", path.display());
        }
    };
    let src = Source {
        action: "requests.import",
        file: Some(&shape),
        path: Some(path.display().to_string()),
    };
    let lines = Lines::Read { receiver, reader };
    let mut sum = intake(ctx, db, lines, src, rejects, letters, dry_run).await?;
    let info = sum.file.take().unwrap_or_else(|| shape.info.clone());
    Ok((sum, info))
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
    /// Requests and rejects counted but not listed (past `app::LISTED_MAX`).
    pub not_listed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejects_file: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub letters: Vec<String>,
    /// Something after the commit went wrong (a letter could not be put in place).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub dry_run: bool,
    /// What the reader learnt of the whole file (undecodable characters, rows).
    #[serde(skip)]
    pub file: Option<TableInfo>,
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub id: i64,
    pub row: u64,
    pub status: RequestStatus,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub due_at: String,
    /// The request was already on record (the same request sent again): nothing was added.
    pub already_recorded: bool,
    /// `iin_zero_restored`: the IIN had 11 digits and got back its leading zero.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
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
    let mut parts = vec![
        r.kind.as_str().to_owned(),
        r.iin.clone(),
        r.login.clone().unwrap_or_default(),
        r.systems.join(","),
    ];
    // A change by difference (issue 15) adds its parts; every other request hashes exactly as
    // before, so that a request recorded by an older skud is still found when sent again.
    if !r.add_systems.is_empty() || !r.remove_systems.is_empty() {
        parts.push(format!("+{}", r.add_systems.join(",")));
        parts.push(format!("-{}", r.remove_systems.join(",")));
    }
    parts.extend([
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
    ]);
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
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
    mut lines: Lines,
    src: Source<'_>,
    rejects: Option<RejectsWriter>,
    letters: Option<crate::app::deliver::Letters>,
    dry_run: bool,
) -> anyhow::Result<Summary> {
    let mut tx = db.begin().await?;
    access_lock(&mut tx).await?;
    let import_id = record_source(ctx, &mut tx, &src).await?;
    let mut run = Intake {
        ctx,
        calendar: ctx.calendar()?,
        systems: store::system_codes(&mut tx).await?,
        tx,
        src,
        import_id,
        rejects,
        letters,
        sum: Summary {
            dry_run,
            ..Summary::default()
        },
        seen: HashMap::new(),
        recorded: Vec::new(),
    };
    while let Some(line) = lines.next().await {
        run.sum.rows += 1;
        run.take(&line).await?;
    }
    run.sum.file = lines.finish().await?;
    run.finish(db).await
}

/// A file's import record (`requests import`; none for `requests add`).
async fn record_source(
    ctx: &Context,
    tx: &mut Tx,
    src: &Source<'_>,
) -> anyhow::Result<Option<i64>> {
    let Some(p) = &src.path else {
        return Ok(None);
    };
    let id = crate::store::orders::begin_import(tx, src.action, ctx.now, &ctx.admin).await?;
    if let Some(f) = src.file {
        let rec = crate::store::orders::FileRecord {
            path: p,
            format: f.info.format,
            encoding: &f.info.encoding,
            bytes: f.info.bytes as i64,
        };
        crate::store::orders::add_file(tx, id, &rec).await?;
    }
    Ok(Some(id))
}

/// An intake run between its start and its commit.
struct Intake<'a> {
    ctx: &'a Context,
    calendar: Calendar,
    systems: HashSet<String>,
    tx: Tx,
    src: Source<'a>,
    import_id: Option<i64>,
    rejects: Option<RejectsWriter>,
    letters: Option<crate::app::deliver::Letters>,
    sum: Summary,
    /// A second line of the same kind for the same person in one file is a mistake of the
    /// letter (the form has one line per person); a block and a grant for one person are not.
    seen: HashMap<(String, &'static str), u64>,
    recorded: Vec<i64>,
}

impl Intake<'_> {
    /// One line: rejected when malformed, else recorded as pending or refused.
    async fn take(&mut self, line: &Line) -> anyhow::Result<()> {
        if let Some(m) = &line.as_read {
            return self.reject(line, m);
        }
        let mut req = match request::parse_request(&line.raw, self.ctx.as_of) {
            Ok(r) => r,
            Err(m) => return self.reject(line, &m),
        };
        // A block written with its login alone is the account holder's.
        if req.kind == request::RequestKind::Block
            && (req.iin.is_empty() || req.surname.is_empty())
            && let Some(login) = &req.login
            && let Some((iin, surname, name, patronymic)) =
                crate::store::accounts::holder(&mut self.tx, login).await?
            && (req.iin.is_empty() || req.iin == iin)
        {
            req.iin = iin;
            if req.surname.is_empty() {
                (req.surname, req.name, req.patronymic) = (surname, name, patronymic);
            }
        }
        let person = match req.iin.as_str() {
            "" => format!("login:{}", req.login.as_deref().unwrap_or_default()),
            iin => iin.to_owned(),
        };
        if let Some(first) = self.seen.get(&(person.clone(), req.kind.as_str())) {
            let m = Malformed::DuplicateInFile { row: *first };
            return self.reject(line, &m);
        }
        self.seen.insert((person, req.kind.as_str()), line.row);
        self.record(line, &req).await
    }

    /// A malformed line: not recorded; reported, and written to the rejects file.
    fn reject(&mut self, line: &Line, m: &Malformed) -> anyhow::Result<()> {
        let file = self.src.file;
        let column = |f: ReqField| {
            file.map_or_else(
                || format!("--{}", f.as_str().replace('_', "-")),
                |file| file.header_of(f),
            )
        };
        let width = file.map_or(0, |f| f.width);
        let reason = malformed_text(self.ctx.lang, m, &line.raw, &column, width);
        if let (Some(w), Some(file), Some(cells)) = (self.rejects.as_mut(), file, &line.cells) {
            let (headers, delim) = (&file.headers, file.delimiter);
            w.write(headers, delim, "", line.row, m.code(), &reason, cells)?;
        }
        let out = RejectOut {
            row: line.row,
            reason_code: m.code().to_owned(),
            reason,
        };
        self.sum.rejected += 1;
        crate::app::keep_listed(&mut self.sum.rejects, out, &mut self.sum.not_listed);
        Ok(())
    }

    /// A well-formed request checked against the rules on record and stored: pending, or
    /// refused with its letter; already on record when taken in before.
    async fn record(&mut self, line: &Line, req: &Request) -> anyhow::Result<()> {
        let ctx = self.ctx;
        let fp = fingerprint(req);
        let due_at = Context::end_of_day(self.calendar.answer_due(req.received_on()));
        let refusals = check_on_record(&mut self.tx, req, &self.systems, ctx).await?;
        let codes: Vec<&str> = refusals.iter().map(Refusal::code).collect();
        let status = match codes.is_empty() {
            true => RequestStatus::Pending,
            false => RequestStatus::Refused,
        };
        let at = ctx.as_of.with_timezone(&Utc);
        let reason = refusals.first().map(|r| refusal_text(ctx.lang, r, req));
        let reason_args = refusals.first().map(|r| r.args().to_string());
        let new = NewRequest {
            req,
            due_at,
            status,
            reasons: &codes,
            reason_text: reason.as_deref(),
            reason_args: reason_args.as_deref(),
            answered_at: (!codes.is_empty()).then_some(at),
            fingerprint: &fp,
            import_id: self.import_id,
            source_row: (line.row > 0).then_some(line.row as i64),
            recorded_at: ctx.now,
        };
        let Some(id) = store::insert(&mut self.tx, &new).await? else {
            return self.already(line, &fp, due_at).await;
        };
        self.recorded.push(id);
        self.sum.recorded += 1;
        if let (Some(first), Some(l)) = (refusals.first(), self.letters.as_ref()) {
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
            let tx = &mut self.tx;
            crate::app::deliver::queue_letter(ctx, tx, l, &to, &answer, "refused").await?;
        }
        if !codes.is_empty() {
            self.sum.refused += 1;
        }
        let outcome = Outcome {
            id,
            row: line.row,
            status,
            reason_code: codes.first().map(|c| (*c).to_owned()),
            reason,
            due_at: crate::context::rfc3339(due_at),
            already_recorded: false,
            warning_code: req.iin_restored.then_some("iin_zero_restored"),
            warning: req.iin_restored.then(|| {
                crate::i18n::tr!(
                    ctx.lang,
                    "warning-iin-zero-restored",
                    written = line.raw.get(ReqField::Iin),
                    iin = req.iin.as_str()
                )
            }),
        };
        let sum = &mut self.sum;
        crate::app::keep_listed(&mut sum.requests, outcome, &mut sum.not_listed);
        Ok(())
    }

    /// The same request taken in before: reported with its status on record.
    async fn already(
        &mut self,
        line: &Line,
        fp: &str,
        due_at: chrono::DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let Some((id, status, code)) = store::by_fingerprint(&mut self.tx, fp).await? else {
            anyhow::bail!(
                "row {}: the request is on record and yet not found",
                line.row
            );
        };
        self.sum.already_recorded += 1;
        let outcome = Outcome {
            id,
            row: line.row,
            status,
            reason_code: code,
            reason: None,
            due_at: crate::context::rfc3339(due_at),
            already_recorded: true,
            warning_code: None,
            warning: None,
        };
        let sum = &mut self.sum;
        crate::app::keep_listed(&mut sum.requests, outcome, &mut sum.not_listed);
        Ok(())
    }

    /// The audit record, the commit (a dry run rolls back), then the rejects file and the
    /// letters.
    async fn finish(mut self, db: &Store) -> anyhow::Result<Summary> {
        let ctx = self.ctx;
        let sum = &mut self.sum;
        if !self.recorded.is_empty() {
            let entry = ctx.audit_entry(
                self.src.action,
                serde_json::json!({ "requests": self.recorded, "file": self.src.path }),
                self.recorded.len() as i64,
                serde_json::json!({ "rows": sum.rows, "recorded": sum.recorded, "refused": sum.refused,
                    "already_recorded": sum.already_recorded, "rejected": sum.rejected }),
            );
            crate::store::audit::append(&mut self.tx, &entry).await?;
        }
        if sum.dry_run {
            self.tx.rollback().await?;
            return Ok(self.sum);
        }
        self.tx.commit().await?;
        if let (Some(w), Some(file)) = (self.rejects.take(), self.src.file) {
            let path = w.finish(&file.headers, file.delimiter)?;
            sum.rejects_file = Some(path.display().to_string());
        }
        if self.letters.is_some() {
            let d = crate::app::deliver::run(ctx, db, true).await?;
            sum.letters = d.letters.clone();
            sum.warnings.extend(d.failed.iter().cloned());
            sum.warnings.extend(d.later.iter().cloned());
            sum.warnings.extend(d.cleaned.iter().cloned());
        }
        Ok(self.sum)
    }
}

/// Serialises the commands that take in or answer requests: logins are generated from what
/// is on record, so two runs must not interleave.
pub async fn access_lock(tx: &mut Tx) -> Result<(), sqlx::Error> {
    crate::store::locks::hold_for(tx, crate::store::locks::Lock::Access).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::{RawRequest, ReqField, parse_request};
    use chrono::TimeZone;

    /// The fingerprint of a request that is not a change by difference is the one skud
    /// recorded before issue 15 (the formula as it was, written out): an upgraded database
    /// still finds the requests it took in.
    #[test]
    fn fingerprints_of_older_requests_are_unchanged() {
        let mut raw = RawRequest::default();
        for (f, v) in [
            (ReqField::Kind, "grant"),
            (ReqField::Iin, "900101300017"),
            (ReqField::Surname, "Петров"),
            (ReqField::Name, "Иван"),
            (ReqField::Ip, "10.0.0.1"),
            (ReqField::Position, "инспектор"),
            (ReqField::Department, "отдел"),
            (ReqField::ReplyEmail, "HR@enbek.kz"),
            (ReqField::Systems, "ESOBES,ASP"),
            (ReqField::BasisOrderNo, "12-к"),
            (ReqField::BasisOrderDate, "01.11.2026"),
        ] {
            raw.set(f, v);
        }
        let as_of = crate::domain::date::almaty()
            .with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
            .unwrap()
            .fixed_offset();
        let r = parse_request(&raw, as_of).unwrap();
        let old_parts = [
            "grant",
            "900101300017",
            "",
            "ESOBES,ASP",
            "",
            "12-к",
            "2026-11-01",
            "",
            "",
            "",
            "",
            "hr@enbek.kz",
            "2026-11-20",
        ];
        let mut h = Sha256::new();
        for p in old_parts {
            h.update((p.len() as u64).to_le_bytes());
            h.update(p.as_bytes());
        }
        assert_eq!(fingerprint(&r), hex::encode(h.finalize()));
        // A change by difference hashes its additions and removals too.
        let mut change = r.clone();
        change.add_systems = vec!["ENP".into()];
        assert_ne!(fingerprint(&change), fingerprint(&r));
    }
}
