//! The push (`ldap sync --push`): the plans of [`super::plan`] sent to the directory.
//!
//! - Entries first, many accounts at once on one connection (ldap3 multiplexes), each
//!   account's steps in order. Each confirmed entry is recorded (in batches) as soon as the
//!   directory confirmed it, so a run cut short resumes where it stopped.
//! - Then the groups, one Modify per group and per thousand members.
//! - Every operation is safe to send twice: an entry that already exists is taken over when an
//!   earlier run of skud sent its Add and it is the same person's (`[ldap] iin_attribute` is the
//!   IIN); a member already in (or already out of) a group is no error.
//! - The directory's entries that skud did not make (or adopt) are never modified: skud only
//!   touches the DNs it recorded, and only the group members it put there.
//! - A login the directory already holds (an entry at the DN, or AD's "sAMAccountName already in
//!   use") is reported as `taken`: the caller gives the account a new login (§26).
//! - A temporary password the directory refuses (its own password policy) is never sent again:
//!   the entry is locked, and the caller blocks the account until a reactivation (§29) issues
//!   a new password, so no user holds a letter that disagrees with the directory.
//! - Every refusal is reported with the server's result code and text as it gave them.

mod conn;
mod entries;
mod groups;
mod report;

pub use report::{Problem, PushReport, Refused, Renamed, Taken};

use super::entry::{self, Person};
use super::plan::{EntryPlan, Step};
use super::{Flavour, Settings, first};
use crate::secrets::TransitKey;
use crate::store::Store;
use crate::store::directory::{self, AccountForPush, Pushed};
use chrono::{DateTime, Utc};
use conn::{Conn, Fail};
use entries::apply_entry;
use futures_util::StreamExt;
use groups::push_groups;
use ldap3::controls::RawControl;
use ldap3::{Ldap, LdapResult, Mod, Scope, SearchEntry};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// Accounts in flight at once on the connection.
const CONCURRENCY: usize = 64;
/// Confirmed entries recorded per database transaction.
const RECORD_EVERY: usize = 2000;
/// Members added or removed per Modify of a group: AD (linked values, its own limits) a
/// thousand; OpenLDAP twenty thousand (each Modify rewrites the whole group entry, so a group
/// of 100,000 filled a thousand at a time was written a hundred times; 20,000 DNs stay well
/// under slapd's 4 MB limit on a request).
fn group_chunk(flavour: Flavour) -> usize {
    match flavour {
        Flavour::Ad => 1000,
        Flavour::OpenLdap => 20_000,
    }
}

/// One account to push: its plan, its record, and its temporary password once opened.
/// Boxed: a hundred thousand items are held at once, and the list itself stays small.
pub struct Item {
    pub plan: Box<EntryPlan>,
    account: Box<AccountForPush>,
    password: Option<String>,
}

impl Item {
    pub fn login(&self) -> &str {
        &self.account.login
    }
}

/// The accounts the push must send something for, planned from the database.
pub async fn prepare(store: &Store, s: &Settings) -> anyhow::Result<Vec<Item>> {
    let mut tx = store.begin_read().await?;
    directory::push_cache(&mut tx, true).await?;
    let systems = directory::systems_by_login(&mut tx).await?;
    let none = Vec::new();
    let mut items = Vec::new();
    directory::each_account_for_push(&mut tx, |a| {
        let codes = systems.get(&a.login).unwrap_or(&none);
        let ad = s.flavour == Flavour::Ad;
        if let Some(plan) = super::plan::plan(&a, codes, &s.user_rdn, &s.users_base, ad) {
            // What the push needs no more once planned is not kept.
            let account = AccountForPush {
                status: String::new(),
                groups: None,
                ..a
            };
            items.push(Item {
                plan: Box::new(plan),
                account: Box::new(account),
                password: None,
            });
        }
    })
    .await?;
    directory::push_cache(&mut tx, false).await?;
    tx.rollback().await?;
    Ok(items)
}

/// Whether any item must send a temporary password (and so needs the transit key).
pub fn needs_key(items: &[Item]) -> bool {
    items.iter().any(|i| i.plan.steps.contains(&Step::Password))
}

/// Opens the sealed temporary passwords. An item whose password cannot be opened (no key, or
/// a key that does not open it) is left out of this run and reported; the others go on, so
/// that blocks are pushed even when the key is missing.
pub fn open_passwords(
    items: &mut Vec<Item>,
    key: Result<&TransitKey, &str>,
    report: &mut PushReport,
) {
    items.retain_mut(|i| {
        if !i.plan.steps.contains(&Step::Password) {
            return true;
        }
        let sealed = i.account.password_sealed.as_deref().unwrap_or_default();
        match key.map(|k| k.open(&i.account.login, sealed)) {
            Ok(Ok(pw)) => {
                i.password = Some(pw);
                // Opened: the sealed copy is not needed in memory any more.
                i.account.password_sealed = None;
                true
            }
            Ok(Err(e)) => {
                report.failed.push(Problem::new(&i.plan.dn, e.to_string()));
                false
            }
            Err(why) => {
                report.failed.push(Problem::new(&i.plan.dn, why.to_owned()));
                false
            }
        }
    })
}

/// Sends the plans on a bound connection and records what the directory confirmed; a
/// connection lost on the way is `report.lost`, the rest is left for the next run.
pub async fn execute(
    ldap: Ldap,
    s: &Settings,
    mut items: Vec<Item>,
    store: &Store,
    at: DateTime<Utc>,
    report: &mut PushReport,
) -> anyhow::Result<()> {
    report.planned += items.len();
    // This round's refusals only (a report may carry an earlier round's).
    let refused_from = report.password_refused.len();
    let sent = AtomicU64::new(0);
    let in_add = AtomicUsize::new(0);
    let conn = Conn {
        ldap,
        timeout: s.timeout,
        sent: &sent,
        in_add: &in_add,
    };
    // The rows of the Adds about to be sent, so that a run cut short can take over its own.
    let mut intents: Vec<Pushed> = items.iter().filter_map(|i| i.plan.intent()).collect();
    record(store, &mut intents, at).await?;
    drop(intents);
    let mut out = Outcomes::default();
    // OpenLDAP, more than one new entry: the first made the classic way shows whether the
    // others' passwords can go in their Adds.
    let probe_at = (s.flavour == Flavour::OpenLdap)
        .then(|| items.iter().position(entries::fresh))
        .flatten()
        .filter(|_| items.iter().filter(|i| entries::fresh(i)).count() > 1);
    if let Some(at_index) = probe_at {
        let item = items.remove(at_index);
        let mut c = conn.clone();
        let r = apply_entry(&mut c, s, &item).await;
        let made = matches!(&r, Ok(steps) if steps.contains(&Step::Password));
        let salt = if made {
            entries::probe(&mut c, s, &item).await
        } else {
            Ok(0)
        };
        let go_on = out.take(item, r, report);
        match salt {
            Ok(n) => in_add.store(n, Ordering::Relaxed),
            Err(Fail::Lost(l)) => report.lost = report.lost.take().or(Some(l)),
            Err(_) => {}
        }
        if !go_on || report.lost.is_some() {
            items.clear();
        }
    }
    {
        let mut results = futures_util::stream::iter(items.into_iter().map(|item| {
            let mut c = conn.clone();
            async move {
                let r = apply_entry(&mut c, s, &item).await;
                (item, r)
            }
        }))
        .buffer_unordered(CONCURRENCY);
        while let Some((item, r)) = results.next().await {
            if !out.take(item, r, report) {
                break;
            }
            if out.to_record.len() >= RECORD_EVERY {
                record(store, &mut out.to_record, at).await?;
            }
        }
    }
    record(store, &mut out.to_record, at).await?;
    out.settle_refusals(store, &report.password_refused[refused_from..], at)
        .await?;
    if report.lost.is_none() {
        let failed = push_groups(&conn, s, &out.done, report).await;
        let mut confirmed: Vec<Pushed> = out
            .done
            .iter()
            .filter(|p| p.groups_change())
            .filter(|p| {
                !p.add_groups
                    .iter()
                    .chain(&p.remove_groups)
                    .any(|g| failed.contains(g.as_str()))
            })
            .map(|p| p.target())
            .collect();
        record(store, &mut confirmed, at).await?;
    }
    let mut ldap = conn.ldap;
    let _ = ldap.with_timeout(s.timeout).unbind().await;
    report.operations_sent += sent.load(Ordering::Relaxed);
    Ok(())
}

/// What the entry phase did, beyond the report.
#[derive(Default)]
struct Outcomes {
    /// The plans of the entries done (the group phase's input), moved out of their items
    /// as they are (a list of a hundred thousand plans inline would grow by copies).
    #[allow(clippy::vec_box)]
    done: Vec<Box<EntryPlan>>,
    /// Entries confirmed, to record.
    to_record: Vec<Pushed>,
    /// Adds that made no entry of skud's: their rows are forgotten.
    unmade: Vec<String>,
    /// Entries whose password was refused and that were locked instead.
    locked_instead: Vec<Pushed>,
}

impl Outcomes {
    /// One entry's outcome, into the report. False when the connection was lost (stop).
    fn take(&mut self, item: Item, r: Result<Vec<Step>, Fail>, report: &mut PushReport) -> bool {
        let login = item.account.login.clone();
        match r {
            Ok(steps) => {
                for step in &steps {
                    match step {
                        Step::Create => report.created.push(login.clone()),
                        Step::Password => report.passwords_set += 1,
                        Step::Lock => report.locked.push(login.clone()),
                        Step::Unlock => report.unlocked.push(login.clone()),
                    }
                }
                if item.plan.missing_password {
                    report.missing_password.push(login);
                }
                self.to_record.push(item.plan.after_entry.clone());
                // Only the plan is needed from here on; the password is dropped now.
                self.done.push(item.plan);
            }
            Err(Fail::Entry(p)) => report.failed.push(p),
            Err(Fail::Taken(p)) => {
                self.unmade.push(login.clone());
                report.taken.push(Taken {
                    login,
                    dn: p.dn,
                    detail: p.detail,
                    password: item.password.clone(),
                });
            }
            Err(Fail::PasswordRefused {
                problem,
                entry,
                locked,
            }) => {
                if entry {
                    // The entry as it now is: with whatever password it had before, locked if
                    // skud locked it now or before (else the next push locks it).
                    let confirmed = item.account.created == Some(true) && item.account.dn.is_some();
                    let prior = item.account.password_issue.filter(|_| confirmed);
                    let was_locked = confirmed && item.account.locked == Some(true);
                    self.locked_instead.push(Pushed {
                        password_issue: prior,
                        locked: locked || was_locked,
                        ..item.plan.after_entry.clone()
                    });
                } else {
                    self.unmade.push(login.clone());
                }
                report.password_refused.push(Refused {
                    login,
                    dn: problem.dn,
                    detail: problem.detail,
                });
            }
            Err(Fail::Lost(detail)) => {
                report.lost = Some(detail);
                return false;
            }
        }
        true
    }

    /// One transaction: the entries as they are, and the accounts whose password was refused
    /// blocked (their sealed copy goes with the block), so none waits to be sent again.
    async fn settle_refusals(
        &self,
        store: &Store,
        refused: &[Refused],
        at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        if self.unmade.is_empty() && refused.is_empty() {
            return Ok(());
        }
        let mut tx = store.begin().await?;
        directory::forget_unconfirmed(&mut tx, &self.unmade).await?;
        directory::record(&mut tx, &self.locked_instead, at).await?;
        for r in refused {
            let note = format!(
                "the directory refused the temporary password ({}); a reactivation request (§29) issues a new one",
                r.detail
            );
            let reason = crate::domain::account::BlockReason::Directory;
            crate::store::accounts::block(&mut tx, &r.login, reason, Some(&note), at).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn record(store: &Store, rows: &mut Vec<Pushed>, at: DateTime<Utc>) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    directory::push_cache(&mut tx, true).await?;
    directory::record(&mut tx, rows, at).await?;
    directory::push_cache(&mut tx, false).await?;
    tx.commit().await?;
    rows.clear();
    Ok(())
}

/// The planned operations, one line each, for `--dry-run` (nothing is sent).
pub fn describe_plans(items: &[Item], s: &Settings) -> Vec<String> {
    let mut lines = Vec::new();
    let mut per_group: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for i in items {
        for step in &i.plan.steps {
            let verb = match step {
                Step::Create => "create",
                Step::Password => "set temporary password",
                Step::Lock => "lock",
                Step::Unlock => "unlock",
            };
            lines.push(format!("{verb} {}", i.plan.dn));
        }
        if i.plan.missing_password {
            lines.push(format!("no temporary password to send for {}", i.plan.dn));
        }
        for g in &i.plan.add_groups {
            per_group.entry(g).or_default().0 += 1;
        }
        for g in &i.plan.remove_groups {
            per_group.entry(g).or_default().1 += 1;
        }
    }
    for (code, (add, remove)) in per_group {
        lines.push(format!(
            "group {}: +{add} -{remove} members",
            entry::group_dn(code, &s.groups_base)
        ));
    }
    lines
}
