//! The push (`ldap sync --push`): the plans of [`super::plan`] sent to the directory.
//!
//! - Entries first, many accounts at once on one connection (ldap3 multiplexes), each
//!   account's steps in order. Each confirmed entry is recorded (in batches) as soon as the
//!   directory confirmed it, so a run cut short resumes where it stopped.
//! - Then the groups, one Modify per group and per thousand members.
//! - Every operation is safe to send twice: an entry that already exists is adopted when it is
//!   the same person's (`employeeNumber` is the IIN) and otherwise left alone as a conflict; a
//!   member already in (or already out of) a group is no error.
//! - The directory's entries that skud did not make are never modified: skud only touches the
//!   DNs it recorded, and only the group members it put there.

use super::entry::{self, Person};
use super::plan::{EntryPlan, Step};
use super::{Flavour, Settings};
use crate::secrets::TransitKey;
use crate::store::Store;
use crate::store::directory::{self, AccountForPush, Pushed};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use ldap3::controls::RawControl;
use ldap3::{Ldap, LdapResult, Mod, Scope, SearchEntry};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

/// Accounts in flight at once on the connection.
const CONCURRENCY: usize = 64;
/// Confirmed entries recorded per database transaction.
const RECORD_EVERY: usize = 2000;
/// Members added or removed per Modify of a group.
const GROUP_CHUNK: usize = 1000;

/// One account to push: its plan, its record, and its temporary password once opened.
pub struct Item {
    pub plan: EntryPlan,
    account: AccountForPush,
    password: Option<String>,
}

/// The accounts the push must send something for, planned from the database.
pub async fn prepare(store: &Store, s: &Settings) -> anyhow::Result<Vec<Item>> {
    let mut tx = store.begin().await?;
    let systems = directory::systems_by_login(&mut tx).await?;
    let none = Vec::new();
    let mut items = Vec::new();
    directory::each_account_for_push(&mut tx, |a| {
        let codes = systems.get(&a.login).unwrap_or(&none);
        if let Some(plan) = super::plan::plan(&a, codes, &s.user_rdn, &s.users_base) {
            items.push(Item {
                plan,
                account: a,
                password: None,
            });
        }
    })
    .await?;
    tx.rollback().await?;
    Ok(items)
}

/// Whether any item must send a temporary password (and so needs the transit key).
pub fn needs_key(items: &[Item]) -> bool {
    items.iter().any(|i| i.plan.steps.contains(&Step::Password))
}

/// Opens the sealed temporary passwords; an item whose password does not open is dropped and
/// reported.
pub fn open_passwords(items: &mut Vec<Item>, key: &TransitKey, report: &mut PushReport) {
    items.retain_mut(|i| {
        if !i.plan.steps.contains(&Step::Password) {
            return true;
        }
        let opened = i
            .account
            .password_sealed
            .as_deref()
            .map(|sealed| key.open(&i.account.login, sealed));
        match opened {
            Some(Ok(pw)) => {
                i.password = Some(pw);
                true
            }
            Some(Err(e)) => {
                report.failed.push(Problem::new(&i.plan.dn, e.to_string()));
                false
            }
            None => true,
        }
    })
}

/// Something that went wrong with one entry or group.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub dn: String,
    pub detail: String,
}

impl Problem {
    fn new(dn: &str, detail: String) -> Problem {
        Problem {
            dn: dn.to_owned(),
            detail,
        }
    }
}

/// What a push did.
#[derive(Debug, Default, serde::Serialize)]
pub struct PushReport {
    /// Accounts with something to send.
    pub planned: usize,
    pub created: Vec<String>,
    pub passwords_set: u64,
    pub locked: Vec<String>,
    pub unlocked: Vec<String>,
    pub members_added: u64,
    pub members_removed: u64,
    pub groups_created: Vec<String>,
    /// Issued without a sealed password to send (issued before the directory was configured):
    /// the entry has no password; set one in the directory or reactivate the account.
    pub missing_password: Vec<String>,
    /// An entry with the account's DN exists and is not this person's: left alone.
    pub conflicts: Vec<Problem>,
    pub failed: Vec<Problem>,
    /// The connection was lost: the rest is left for the next run.
    pub lost: Option<String>,
    /// LDAP operations sent (a sync with nothing changed sends none).
    pub operations_sent: u64,
}

impl PushReport {
    /// Whether an administrator must look (exit 3).
    pub fn needs_attention(&self) -> bool {
        !(self.conflicts.is_empty() && self.failed.is_empty() && self.missing_password.is_empty())
    }
}

/// Why one entry or group was not done.
enum Fail {
    /// This entry only; the run goes on.
    Entry(Problem),
    Conflict(Problem),
    /// The connection is gone: stop, record what was confirmed.
    Lost(String),
}

/// Result codes that mean the server, not the operation: busy, unavailable, unwilling to go on.
fn server_gone(rc: u32) -> bool {
    matches!(rc, 51 | 52 | 80)
}

fn describe(r: &LdapResult) -> String {
    if r.text.is_empty() {
        format!("result code {}", r.rc)
    } else {
        format!("result code {}: {}", r.rc, r.text)
    }
}

/// One operation's answer: sent and counted; a transport failure is `Lost`.
fn answered(r: Result<LdapResult, ldap3::LdapError>, sent: &AtomicU64) -> Result<LdapResult, Fail> {
    sent.fetch_add(1, Ordering::Relaxed);
    match r {
        Err(e) => Err(Fail::Lost(e.to_string())),
        Ok(r) if server_gone(r.rc) => Err(Fail::Lost(describe(&r))),
        Ok(r) => Ok(r),
    }
}

fn must_succeed(r: LdapResult, dn: &str, what: &str) -> Result<(), Fail> {
    if r.rc == 0 {
        Ok(())
    } else {
        Err(Fail::Entry(Problem::new(
            dn,
            format!("{what}: {}", describe(&r)),
        )))
    }
}

/// The first value of one attribute of one entry, or `None` when the entry has none.
async fn read_attr(
    ldap: &mut Ldap,
    dn: &str,
    attr: &str,
    sent: &AtomicU64,
) -> Result<Option<String>, Fail> {
    sent.fetch_add(1, Ordering::Relaxed);
    let r = ldap
        .search(dn, Scope::Base, "(objectClass=*)", vec![attr])
        .await
        .map_err(|e| Fail::Lost(e.to_string()))?;
    if server_gone(r.1.rc) {
        return Err(Fail::Lost(describe(&r.1)));
    }
    Ok(r.0.into_iter().next().and_then(|e| {
        SearchEntry::construct(e)
            .attrs
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(attr))
            .and_then(|(_, v)| v.into_iter().next())
    }))
}

/// Whether the entry at `dn` is this person's (its `employeeNumber` is the IIN).
async fn is_owner(ldap: &mut Ldap, dn: &str, iin: &str, sent: &AtomicU64) -> Result<bool, Fail> {
    sent.fetch_add(1, Ordering::Relaxed);
    let r = ldap
        .search(dn, Scope::Base, &entry::owner_filter(iin), vec!["1.1"])
        .await
        .map_err(|e| Fail::Lost(e.to_string()))?;
    if server_gone(r.1.rc) {
        return Err(Fail::Lost(describe(&r.1)));
    }
    Ok(!r.0.is_empty())
}

/// Sends one account's steps, in order.
async fn apply_entry(
    ldap: &mut Ldap,
    s: &Settings,
    item: &Item,
    sent: &AtomicU64,
) -> Result<(), Fail> {
    let a = &item.account;
    let dn = item.plan.dn.as_str();
    let mut password_done = false;
    for step in &item.plan.steps {
        match step {
            Step::Create => {
                let person = Person {
                    login: &a.login,
                    surname: &a.surname,
                    name: &a.name,
                    patronymic: a.patronymic.as_deref(),
                    iin: &a.iin,
                    email: a.email.as_deref(),
                };
                let in_add = match s.flavour {
                    Flavour::Ad => item.password.as_deref(),
                    Flavour::OpenLdap => None,
                };
                let attrs = entry::create_attrs(s.flavour, &person, &s.users_base, in_add);
                let r = answered(ldap.add(dn, attrs).await, sent)?;
                match r.rc {
                    0 => password_done = in_add.is_some(),
                    // Made by an earlier run cut short, or somebody else's.
                    68 => {
                        if !is_owner(ldap, dn, &a.iin, sent).await? {
                            return Err(Fail::Conflict(Problem::new(
                                dn,
                                "an entry with this DN exists and is not this person's \
                                 (its employeeNumber is not the IIN): left alone"
                                    .into(),
                            )));
                        }
                    }
                    _ => {
                        return Err(Fail::Entry(Problem::new(
                            dn,
                            format!("add: {}", describe(&r)),
                        )));
                    }
                }
            }
            Step::Password if password_done => {}
            Step::Password => {
                let Some(pw) = item.password.as_deref() else {
                    return Err(Fail::Entry(Problem::new(
                        dn,
                        "no temporary password to send".into(),
                    )));
                };
                let r = match s.flavour {
                    Flavour::OpenLdap => answered(
                        ldap.extended(ldap3::exop::PasswordModify {
                            user_id: Some(dn),
                            old_pass: None,
                            new_pass: Some(pw),
                        })
                        .await
                        .map(|r| r.1),
                        sent,
                    )?,
                    Flavour::Ad => answered(ldap.modify(dn, entry::ad_password(pw)).await, sent)?,
                };
                must_succeed(r, dn, "password")?;
            }
            Step::Lock | Step::Unlock => {
                let lock = *step == Step::Lock;
                let mods = match s.flavour {
                    Flavour::OpenLdap => entry::openldap_lock(lock),
                    Flavour::Ad => {
                        let uac = read_attr(ldap, dn, "userAccountControl", sent)
                            .await?
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(super::values::UAC_NORMAL_ACCOUNT);
                        entry::ad_lock(uac, lock)
                    }
                };
                let r = answered(ldap.modify(dn, mods).await, sent)?;
                must_succeed(r, dn, if lock { "lock" } else { "unlock" })?;
            }
        }
    }
    Ok(())
}

/// Adding a value that is there, or deleting one that is not, is no error (AD; OpenLDAP for
/// adds). Not critical: where it is not honoured, the group's members are read and the
/// operation repeated with exactly what is missing.
fn permissive() -> RawControl {
    RawControl {
        ctype: "1.2.840.113556.1.4.1413".into(),
        crit: false,
        val: None,
    }
}

fn member_set(dns: &[String]) -> HashSet<Vec<u8>> {
    dns.iter().map(|d| d.as_bytes().to_vec()).collect()
}

/// The members of a group, lower-cased (one read; OpenLDAP returns every value).
async fn members(ldap: &mut Ldap, gdn: &str, sent: &AtomicU64) -> Result<HashSet<String>, Fail> {
    sent.fetch_add(1, Ordering::Relaxed);
    let r = ldap
        .search(gdn, Scope::Base, "(objectClass=*)", vec!["member"])
        .await
        .map_err(|e| Fail::Lost(e.to_string()))?;
    Ok(r.0
        .into_iter()
        .flat_map(|e| SearchEntry::construct(e).attrs.into_iter())
        .filter(|(k, _)| k.eq_ignore_ascii_case("member"))
        .flat_map(|(_, v)| v)
        .map(|v| v.to_lowercase())
        .collect())
}

/// Adds and removes one group's members. Returns whether the group was created.
async fn apply_group(
    ldap: &mut Ldap,
    s: &Settings,
    code: &str,
    adds: &[String],
    removes: &[String],
    sent: &AtomicU64,
) -> Result<bool, Fail> {
    let gdn = entry::group_dn(code, &s.groups_base);
    let fail = |what: &str, r: &LdapResult| {
        Fail::Entry(Problem::new(&gdn, format!("{what}: {}", describe(r))))
    };
    for (i, chunk) in adds.chunks(GROUP_CHUNK).enumerate() {
        let m = vec![Mod::Add(b"member".to_vec(), member_set(chunk))];
        let r = answered(ldap.with_controls(permissive()).modify(&gdn, m).await, sent)?;
        match r.rc {
            0 => {}
            // No such group: made now, with every member still to add.
            32 => {
                let rest = &adds[i * GROUP_CHUNK..];
                let attrs = entry::group_attrs(s.flavour, code, rest);
                let r = answered(ldap.add(&gdn, attrs).await, sent)?;
                if r.rc != 0 {
                    return Err(fail("create group", &r));
                }
                // A group made now holds none of the members to remove.
                return Ok(true);
            }
            // Some are members already: add exactly the others.
            20 => {
                let have = members(ldap, &gdn, sent).await?;
                let missing: Vec<String> = chunk
                    .iter()
                    .filter(|d| !have.contains(&d.to_lowercase()))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    let m = vec![Mod::Add(b"member".to_vec(), member_set(&missing))];
                    let r = answered(ldap.modify(&gdn, m).await, sent)?;
                    if r.rc != 0 {
                        return Err(fail("add members", &r));
                    }
                }
            }
            _ => return Err(fail("add members", &r)),
        }
    }
    for chunk in removes.chunks(GROUP_CHUNK) {
        let mut chunk = chunk.to_vec();
        let mut placeholder = false;
        let mut done = false;
        for _ in 0..3 {
            let mut m = Vec::new();
            if placeholder {
                // groupOfNames must keep a member: the empty DN, which names nobody.
                m.push(Mod::Add(b"member".to_vec(), HashSet::from([Vec::new()])));
            }
            m.push(Mod::Delete(b"member".to_vec(), member_set(&chunk)));
            let r = answered(ldap.with_controls(permissive()).modify(&gdn, m).await, sent)?;
            match r.rc {
                // Done, or no such group: nobody to take out.
                0 | 32 => {
                    done = true;
                    break;
                }
                // Some are not members (any more), or the group would be left with no member:
                // delete exactly those still in, keeping the placeholder where it empties.
                16 | 65 => {
                    let have = members(ldap, &gdn, sent).await?;
                    chunk.retain(|d| have.contains(&d.to_lowercase()));
                    if chunk.is_empty() {
                        done = true;
                        break;
                    }
                    placeholder = have.len() == chunk.len();
                }
                _ => return Err(fail("remove members", &r)),
            }
        }
        if !done {
            return Err(Fail::Entry(Problem::new(
                &gdn,
                "remove members: the group's members kept changing during the sync".into(),
            )));
        }
    }
    Ok(false)
}

/// Sends the plans on a bound connection and records what the directory confirmed; a
/// connection lost on the way is `report.lost`, the rest is left for the next run.
pub async fn execute(
    ldap: Ldap,
    s: &Settings,
    items: Vec<Item>,
    store: &Store,
    at: DateTime<Utc>,
    report: &mut PushReport,
) -> anyhow::Result<()> {
    report.planned += items.len();
    let sent = AtomicU64::new(0);
    let mut done: Vec<EntryPlan> = Vec::new();
    let mut to_record: Vec<Pushed> = Vec::new();
    {
        let mut results = futures_util::stream::iter(items.into_iter().map(|item| {
            let mut ldap = ldap.clone();
            let sent = &sent;
            async move {
                let r = apply_entry(&mut ldap, s, &item, sent).await;
                (item, r)
            }
        }))
        .buffer_unordered(CONCURRENCY);
        while let Some((item, r)) = results.next().await {
            match r {
                Ok(()) => {
                    let login = &item.account.login;
                    for step in &item.plan.steps {
                        match step {
                            Step::Create => report.created.push(login.clone()),
                            Step::Password => report.passwords_set += 1,
                            Step::Lock => report.locked.push(login.clone()),
                            Step::Unlock => report.unlocked.push(login.clone()),
                        }
                    }
                    if item.plan.missing_password {
                        report.missing_password.push(login.clone());
                    }
                    to_record.push(item.plan.after_entry.clone());
                    // Only the plan is needed from here on; the password is dropped now.
                    done.push(item.plan);
                }
                Err(Fail::Entry(p)) => report.failed.push(p),
                Err(Fail::Conflict(p)) => report.conflicts.push(p),
                Err(Fail::Lost(detail)) => {
                    report.lost = Some(detail);
                    break;
                }
            }
            if to_record.len() >= RECORD_EVERY {
                record(store, &mut to_record, at).await?;
            }
        }
    }
    record(store, &mut to_record, at).await?;
    if report.lost.is_none() {
        let failed = push_groups(&ldap, s, &done, &sent, report).await;
        let mut confirmed: Vec<Pushed> = done
            .iter()
            .filter(|p| p.after_entry != p.target)
            .filter(|p| {
                !p.add_groups
                    .iter()
                    .chain(&p.remove_groups)
                    .any(|g| failed.contains(g.as_str()))
            })
            .map(|p| p.target.clone())
            .collect();
        record(store, &mut confirmed, at).await?;
    }
    let mut ldap = ldap;
    let _ = ldap.unbind().await;
    report.operations_sent = sent.load(Ordering::Relaxed);
    Ok(())
}

/// The group phase: every group's additions and removals, from the accounts whose entries
/// are done. Returns the groups not done (failed, or not reached when the connection was lost).
async fn push_groups<'a>(
    ldap: &Ldap,
    s: &Settings,
    done: &'a [EntryPlan],
    sent: &AtomicU64,
    report: &mut PushReport,
) -> HashSet<&'a str> {
    let mut per_group: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for p in done {
        for g in &p.add_groups {
            per_group.entry(g).or_default().0.push(p.dn.clone());
        }
        for g in &p.remove_groups {
            per_group.entry(g).or_default().1.push(p.dn.clone());
        }
    }
    let mut not_done = HashSet::new();
    for (code, (adds, removes)) in per_group {
        if report.lost.is_some() {
            not_done.insert(code);
            continue;
        }
        let mut ldap = ldap.clone();
        match apply_group(&mut ldap, s, code, &adds, &removes, sent).await {
            Ok(created) => {
                if created {
                    report.groups_created.push(code.to_owned());
                }
                report.members_added += adds.len() as u64;
                report.members_removed += removes.len() as u64;
            }
            Err(Fail::Entry(p)) | Err(Fail::Conflict(p)) => {
                report.failed.push(p);
                not_done.insert(code);
            }
            Err(Fail::Lost(detail)) => {
                report.lost = Some(detail);
                not_done.insert(code);
            }
        }
    }
    not_done
}

async fn record(store: &Store, rows: &mut Vec<Pushed>, at: DateTime<Utc>) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    directory::record(&mut tx, rows, at).await?;
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
