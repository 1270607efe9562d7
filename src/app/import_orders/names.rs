//! After the rows are stored: an order never renames a person, and a dismissal says which
//! accounts it will block.
//!
//! - An order whose name is not the name on record for its IIN is removed from the run and
//!   rejected (`name_mismatch`): a known IIN under another person's name would have the
//!   dismissals job block the wrong person's accounts (§30). A changed surname with the same
//!   name and patronymic is a marriage: kept, with the warning `surname_changed` (the earlier
//!   orders keep the old surname, so the history stays).
//! - A dismissal of a person with live accounts lists them, with the day the dismissals job
//!   blocks them (§30).

use super::ledger::{Differs, Found, Place, iin_number, name_hash};
use super::summary::{DismissedAccount, WarningEntry};
use super::{Importer, Request};
use crate::domain::order::Reject;
use crate::domain::person_name::{NameMatch, compare};
use crate::i18n::tr;
use crate::import::order_rows::reason;
use crate::store::Tx;
use crate::store::orders::{self as order_store, NameToCheck};
use anyhow::Context as _;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Rejects the orders that name another person than the one on record, and notes the
/// surnames changed. After a bulk load, from what [`compare_after_bulk`] found.
pub(super) async fn check_names(
    tx: &mut Tx,
    run: &mut Importer<'_>,
    req: &Request,
    bulk: bool,
) -> anyhow::Result<()> {
    let found = if bulk {
        names_after_bulk(tx, run).await?
    } else {
        order_store::names_to_check(tx, run.import_id).await?
    };
    let mut mismatched: Vec<&NameToCheck> = Vec::new();
    for n in &found {
        let on_record = (
            n.rec_surname.as_str(),
            n.rec_name.as_str(),
            n.rec_patronymic.as_deref().unwrap_or(""),
        );
        let new = (
            n.surname.as_str(),
            n.name.as_str(),
            n.patronymic.as_deref().unwrap_or(""),
        );
        match compare(on_record, new) {
            NameMatch::Same => {}
            NameMatch::SurnameChanged => {
                let text = tr!(
                    run.ctx.lang,
                    "warning-surname-changed",
                    before = n.rec_surname.as_str(),
                    after = n.surname.as_str()
                );
                let file = run.file_shown(n.file_id);
                run.summary.warn(WarningEntry {
                    file,
                    row: n.source_row as u64,
                    warning_code: "surname_changed",
                    warning: text,
                });
            }
            NameMatch::Different => mismatched.push(n),
        }
    }
    if mismatched.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = mismatched.iter().map(|n| n.id).collect();
    run.summary.imported -= order_store::delete(tx, ids).await?;
    let mut wanted: HashMap<usize, BTreeSet<u64>> = HashMap::new();
    if run.rejects_out.is_some() {
        for n in &mismatched {
            let file = run.file_index(n.file_id);
            wanted.entry(file).or_default().insert(n.source_row as u64);
        }
    }
    let mut raws = super::repeats::reread(&req.files, &req.open, &run.files, &wanted)?;
    for n in mismatched {
        let full = |s: &str, name: &str, p: &Option<String>| {
            crate::domain::order::full_name(s, name, p.as_deref())
        };
        let reject = Reject::NameMismatch {
            iin: n.iin.clone(),
            on_record: full(&n.rec_surname, &n.rec_name, &n.rec_patronymic),
            written: full(&n.surname, &n.name, &n.patronymic),
        };
        let text = reason(run.ctx.lang, &reject, None, NaiveDate::default());
        let i = run.file_index(n.file_id);
        let row = n.source_row as u64;
        let raw = raws.remove(&(i, row)).unwrap_or_default();
        let (_, shown, headers, delim, _) = &run.files[i];
        if let Some(out) = run.rejects_out.as_mut() {
            out.write(headers, *delim, shown, row, reject.code(), &text, &raw)
                .context("cannot write the rejects file")?;
        }
        let shown = shown.clone();
        run.summary.reject(&shown, row, reject.code(), text);
    }
    Ok(())
}

/// Right after a bulk load, before the key index is built: each row compared with its
/// person's name on record (the latest order of an earlier import, else the person's first row
/// in this run), from the names the load noted (`super::ledger`). The database is read only
/// for the people who had orders before the run. The rows written otherwise are kept in the
/// run (the repeats the index then finds are taken out of them); the ledger is freed, before
/// the sort needs the memory.
pub(super) async fn compare_after_bulk(
    tx: &mut Tx,
    run: &mut Importer<'_>,
    earlier_orders: bool,
) -> anyhow::Result<()> {
    let people = std::mem::take(&mut run.ledger).people();
    let mut found = Found::default();
    let mut with_earlier = HashSet::new();
    if earlier_orders {
        let mut last = None::<String>;
        order_store::each_earlier_order_by_person(tx, run.import_id, |o| {
            if last.as_deref() == Some(o.iin.as_str()) {
                return; // only the person's latest order is on record
            }
            last = Some(o.iin.clone());
            let Some(iin) = iin_number(&o.iin).filter(|&i| people.has(i)) else {
                return;
            };
            let before = found.differs.len();
            let name = name_hash(&o.surname, &o.name, o.patronymic.as_deref());
            people.against_earlier(iin, name, &mut with_earlier, &mut found.differs);
            if found.differs.len() > before {
                found.on_record.insert(iin, o);
            }
        })
        .await?;
    }
    people.within_run(&with_earlier, &mut found.differs);
    run.name_differs = found;
    Ok(())
}

/// After a bulk load, the rows [`compare_after_bulk`] found written otherwise, with both names
/// read from the database (one pass over the import's rows, only when there are any), in id
/// order.
async fn names_after_bulk(tx: &mut Tx, run: &mut Importer<'_>) -> anyhow::Result<Vec<NameToCheck>> {
    let Found { differs, on_record } = std::mem::take(&mut run.name_differs);
    if differs.is_empty() {
        return Ok(Vec::new());
    }
    let mut wanted: HashSet<Place> = HashSet::new();
    for d in &differs {
        match *d {
            Differs::FromEarlier { at, .. } => wanted.insert(at),
            Differs::FromFirst { at, first } => wanted.insert(at) | wanted.insert(first),
        };
    }
    let mut found: HashMap<Place, order_store::PersonOrder> = HashMap::new();
    let files: Vec<i64> = run.files.iter().map(|f| f.0).collect();
    order_store::each_order_of_import(tx, run.import_id, |o| {
        let file = files.iter().position(|&f| f == o.file_id).unwrap_or(0);
        let place = (file, o.source_row as u64);
        if wanted.contains(&place) {
            found.insert(place, o);
        }
    })
    .await?;
    let mut out = Vec::with_capacity(differs.len());
    for d in differs {
        let (at, reference) = match d {
            Differs::FromEarlier { at, iin } => (at, on_record.get(&iin)),
            Differs::FromFirst { at, first } => (at, found.get(&first)),
        };
        let (Some(n), Some(r)) = (found.get(&at), reference) else {
            anyhow::bail!(
                "an order of this import was not found again for the name check (a bug: please report it)"
            );
        };
        out.push(NameToCheck {
            id: n.id,
            file_id: n.file_id,
            source_row: n.source_row,
            iin: n.iin.clone(),
            surname: n.surname.clone(),
            name: n.name.clone(),
            patronymic: n.patronymic.clone(),
            rec_surname: r.surname.clone(),
            rec_name: r.name.clone(),
            rec_patronymic: r.patronymic.clone(),
        });
    }
    out.sort_by_key(|n| n.id);
    Ok(out)
}

/// The live accounts of the people this import dismisses, with the day the dismissals job
/// (at 00:30 every night) blocks them: the day the dismissal takes effect, or the next night
/// when it already has.
pub(super) async fn dismissed_accounts(tx: &mut Tx, run: &mut Importer<'_>) -> anyhow::Result<()> {
    let next_night = run.ctx.next_night();
    let live = order_store::live_accounts_of_dismissed(tx, run.import_id).await?;
    for a in live {
        run.summary.dismissed_accounts.push(DismissedAccount {
            file: run.file_shown(a.file_id),
            row: a.source_row as u64,
            iin: a.iin,
            login: a.login,
            status: a.status,
            effective_date: a.effective_date,
            blocked_on: a.effective_date.max(next_night),
        });
    }
    Ok(())
}
