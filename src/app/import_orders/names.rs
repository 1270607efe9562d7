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
use std::collections::{BTreeSet, HashMap};

/// Rejects the orders that name another person than the one on record, and notes the
/// surnames changed.
pub(super) async fn check_names(
    tx: &mut Tx,
    run: &mut Importer<'_>,
    req: &Request,
    bulk: bool,
) -> anyhow::Result<()> {
    let found = if bulk {
        names_after_bulk(tx, run.import_id).await?
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
    run.summary.imported -= order_store::delete(tx, &ids).await?;
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

/// After a bulk load: the orders of people with several, streamed by person; each order of
/// this import compared with the person's name on record (the latest order of an earlier
/// import, else the first of this one). Only the orders whose name is written otherwise are
/// kept.
async fn names_after_bulk(tx: &mut Tx, import_id: i64) -> anyhow::Result<Vec<NameToCheck>> {
    let mut found = Vec::new();
    let mut person: Vec<order_store::PersonOrder> = Vec::new();
    let mut settle = |person: &mut Vec<order_store::PersonOrder>| {
        // The latest import's latest order: ids of PostgreSQL's identity are cached per
        // connection, so the import orders them first.
        let reference = person
            .iter()
            .filter(|o| o.import_id != import_id)
            .max_by_key(|o| (o.import_id, o.id))
            .or_else(|| person.iter().find(|o| o.import_id == import_id));
        if let Some(r) = reference {
            for n in person
                .iter()
                .filter(|o| o.import_id == import_id && o.id != r.id)
            {
                let same = r.surname == n.surname
                    && r.name == n.name
                    && r.patronymic.as_deref().unwrap_or("")
                        == n.patronymic.as_deref().unwrap_or("");
                if !same {
                    found.push(NameToCheck {
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
            }
        }
        person.clear();
    };
    order_store::each_order_of_people_with_several(tx, |o| {
        if person.last().is_some_and(|p| p.iin != o.iin) {
            settle(&mut person);
        }
        person.push(o);
    })
    .await?;
    settle(&mut person);
    found.sort_by_key(|n| n.id);
    Ok(found)
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
