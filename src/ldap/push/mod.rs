//! The push (`ldap sync --push`): the plans of [`super::plan`] sent to the directory.
//!
//! - Entries first, a page of accounts at a time ([`Feed`]: read, planned and sent while the
//!   next page is read), many accounts at once on one connection (ldap3 multiplexes), each
//!   account's steps in order. Each confirmed entry is recorded (in batches) as soon as the
//!   directory confirmed it, so a run cut short resumes where it stopped.
//! - Then the groups, one Modify per group and per chunk of members, from a compact list of
//!   the entries done ([`done::Done`]).
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
mod done;
mod entries;
mod feed;
mod groups;
mod report;

pub use feed::{Feed, Page};
pub use report::{Problem, PushReport, Refused, Renamed, Taken};

use super::entry::{self, Person};
use super::plan::{EntryPlan, Step};
use super::{Flavour, Settings, first};
use crate::secrets::TransitKey;
use crate::store::Store;
use crate::store::directory::{self, AccountForPush, Pushed};
use chrono::{DateTime, Utc};
use conn::{Conn, Fail};
use done::Done;
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
/// One account to push: its plan, its record, and its temporary password once opened.
pub struct Item {
    pub plan: Box<EntryPlan>,
    account: Box<AccountForPush>,
    password: Option<String>,
}

/// Sends the pages of a round (`first`, then the rest of `feed`) on a bound connection and
/// records what the directory confirmed; a connection lost on the way is `report.lost`, the
/// rest is left for the next run. Each page is sent while the next one is read.
pub async fn execute(
    ldap: Ldap,
    s: &Settings,
    first: Page,
    feed: &mut Feed<'_>,
    store: &Store,
    at: DateTime<Utc>,
    report: &mut PushReport,
) -> anyhow::Result<()> {
    // This round's refusals only (a report may carry an earlier round's).
    let refused_from = report.password_refused.len();
    let sent = AtomicU64::new(0);
    let in_add = AtomicUsize::new(0);
    let mut round = Round {
        conn: Conn {
            ldap,
            timeout: s.timeout,
            sent: &sent,
            in_add: &in_add,
        },
        s,
        store,
        at,
        out: Outcomes::default(),
        // OpenLDAP: the first new entry made the classic way shows whether the others'
        // passwords can go in their Adds.
        probe: s.flavour == Flavour::OpenLdap,
    };
    feed.record_intents(&first, at).await?;
    let mut page = Some(first);
    while let Some(p) = page.take() {
        report.failed.extend(p.left_out);
        report.planned += p.items.len();
        let more = feed.more();
        let next = async {
            if more {
                feed.next_recorded(at).await
            } else {
                Ok(None)
            }
        };
        let (go_on, next) = futures_util::join!(round.send_page(p.items, more, report), next);
        let (go_on, next) = (go_on?, next?);
        if !go_on {
            break;
        }
        page = next;
    }
    let Round { conn, mut out, .. } = round;
    record(store, &mut out.to_record, at).await?;
    out.settle_refusals(store, &report.password_refused[refused_from..], at)
        .await?;
    if report.lost.is_none() {
        let failed = push_groups(&conn, s, &out.done, report).await;
        let confirmed: Vec<(&str, &str)> = out
            .done
            .entries()
            .filter(|e| !e.adds.iter().chain(e.removes).any(|g| failed.contains(g)))
            .map(|e| (e.login, e.target))
            .collect();
        record_groups(store, &confirmed, at).await?;
    }
    let mut ldap = conn.ldap;
    let _ = ldap.with_timeout(s.timeout).unbind().await;
    report.operations_sent += sent.load(Ordering::Relaxed);
    Ok(())
}

/// A round's entry phase as it goes.
struct Round<'c> {
    conn: Conn<'c>,
    s: &'c Settings,
    store: &'c Store,
    at: DateTime<Utc>,
    out: Outcomes,
    /// The probe (see [`entries::probe`]) is still to be made.
    probe: bool,
}

impl Round<'_> {
    /// Sends one page's entries, many at once. False when the run must stop (connection lost).
    async fn send_page(
        &mut self,
        mut items: Vec<Item>,
        more: bool,
        report: &mut PushReport,
    ) -> anyhow::Result<bool> {
        if self.probe
            && let Some(first) = items.iter().position(entries::fresh)
        {
            self.probe = false;
            // Only worth a read when another new entry follows (here, or perhaps in a later page).
            if more || items.iter().filter(|i| entries::fresh(i)).count() > 1 {
                let item = items.remove(first);
                if !self.probe_with(item, report).await {
                    return Ok(false);
                }
            }
        }
        let Round {
            conn,
            s,
            store,
            at,
            out,
            ..
        } = self;
        let (store, at, s) = (*store, *at, *s);
        let mut results = futures_util::stream::iter(items.into_iter().map(|item| {
            let mut c = conn.clone();
            async move {
                let r = apply_entry(&mut c, s, &item).await;
                (item, r)
            }
        }))
        .buffer_unordered(CONCURRENCY);
        // A batch of confirmed entries is recorded while the next replies come in (awaited
        // here, the commit's sync would leave the connection idle): one batch at a time, the
        // next one growing meanwhile.
        let mut recording: Option<tokio::task::JoinHandle<anyhow::Result<()>>> = None;
        let mut go_on = true;
        while let Some((item, r)) = results.next().await {
            go_on = out.take(item, r, report);
            if !go_on {
                break;
            }
            if out.to_record.len() >= RECORD_EVERY
                && recording.as_ref().is_none_or(|h| h.is_finished())
            {
                recorded(recording.take()).await?;
                let rows = std::mem::take(&mut out.to_record);
                recording = Some(tokio::spawn(record_owned(store.clone(), rows, at)));
            }
        }
        // Stopped (connection lost) or done: the batch under way is recorded before the rest.
        recorded(recording).await?;
        Ok(go_on)
    }

    /// One new entry made the classic way (Add, then Password Modify) and read back: sets how
    /// the others' passwords go. False when the run must stop.
    async fn probe_with(&mut self, item: Item, report: &mut PushReport) -> bool {
        let mut c = self.conn.clone();
        let r = apply_entry(&mut c, self.s, &item).await;
        let made = matches!(&r, Ok(steps) if steps.contains(&Step::Password));
        let salt = if made {
            entries::probe(&mut c, self.s, &item).await
        } else {
            Ok(0)
        };
        let go_on = self.out.take(item, r, report);
        match salt {
            Ok(n) => c.in_add.store(n, Ordering::Relaxed),
            Err(Fail::Lost(l)) => report.lost = report.lost.take().or(Some(l)),
            Err(_) => {}
        }
        go_on && report.lost.is_none()
    }
}

/// What the entry phase did, beyond the report.
#[derive(Default)]
struct Outcomes {
    /// The entries done whose groups change (the group phase's input).
    done: Done,
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
                self.done.push(&item.plan);
                self.to_record.push(item.plan.after_entry);
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

/// [`record`] of rows handed over, as a task of its own.
async fn record_owned(
    store: Store,
    mut rows: Vec<Pushed>,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    record(&store, &mut rows, at).await
}

/// The end of a recording task, if one was started: its error, or a panic, as an error.
async fn recorded(task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>) -> anyhow::Result<()> {
    match task {
        Some(task) => task
            .await
            .map_err(|e| anyhow::anyhow!("recording the entries: {e}"))?,
        None => Ok(()),
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

/// Records the groups of the entries whose group changes the directory confirmed.
async fn record_groups(
    store: &Store,
    rows: &[(&str, &str)],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    directory::push_cache(&mut tx, true).await?;
    directory::record_groups(&mut tx, rows, at).await?;
    directory::push_cache(&mut tx, false).await?;
    tx.commit().await?;
    Ok(())
}

/// The planned operations, one line each, for `--dry-run` (nothing is sent), a page at a time:
/// the entries' operations as their pages come, then one line per group.
#[derive(Default)]
pub struct Described {
    /// Accounts with something to send.
    pub planned: usize,
    per_group: BTreeMap<String, (usize, usize)>,
}

impl Described {
    /// The operations of one page's entries.
    pub fn page(&mut self, items: &[Item]) -> Vec<String> {
        let mut lines = Vec::new();
        self.planned += items.len();
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
                self.group(g).0 += 1;
            }
            for g in &i.plan.remove_groups {
                self.group(g).1 += 1;
            }
        }
        lines
    }

    fn group(&mut self, code: &str) -> &mut (usize, usize) {
        self.per_group.entry(code.to_owned()).or_default()
    }

    /// The groups' lines, after every page.
    pub fn groups(&self, s: &Settings) -> Vec<String> {
        self.per_group
            .iter()
            .map(|(code, (add, remove))| {
                format!(
                    "group {}: +{add} -{remove} members",
                    entry::group_dn(code, &s.groups_base)
                )
            })
            .collect()
    }
}
