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

use super::entry::{self, Person};
use super::plan::{EntryPlan, Step};
use super::{Flavour, Settings, first};
use crate::secrets::TransitKey;
use crate::store::Store;
use crate::store::directory::{self, AccountForPush, Pushed};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use ldap3::controls::RawControl;
use ldap3::{Ldap, LdapResult, Mod, Scope, SearchEntry};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

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

impl Item {
    pub fn login(&self) -> &str {
        &self.account.login
    }
}

/// The accounts the push must send something for, planned from the database.
pub async fn prepare(store: &Store, s: &Settings) -> anyhow::Result<Vec<Item>> {
    let mut tx = store.begin_read().await?;
    let systems = directory::systems_by_login(&mut tx).await?;
    let none = Vec::new();
    let mut items = Vec::new();
    directory::each_account_for_push(&mut tx, |a| {
        let codes = systems.get(&a.login).unwrap_or(&none);
        let ad = s.flavour == Flavour::Ad;
        if let Some(plan) = super::plan::plan(&a, codes, &s.user_rdn, &s.users_base, ad) {
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
    /// The login is held in the directory by an entry skud did not make: the entry is left
    /// alone, and the account must get a new login (§26).
    pub taken: Vec<Taken>,
    /// The new logins given in place of those taken (§26): the users must be told.
    pub renamed: Vec<Renamed>,
    /// The directory refused the temporary password (its password policy): the entry is locked
    /// and the account must be blocked until a reactivation (§29).
    pub password_refused: Vec<Refused>,
    pub failed: Vec<Problem>,
    /// The connection was lost: the rest is left for the next run.
    pub lost: Option<String>,
    /// LDAP operations sent (a sync with nothing changed sends none).
    pub operations_sent: u64,
}

/// A login found taken in the directory.
#[derive(Clone, serde::Serialize)]
pub struct Taken {
    pub login: String,
    /// The DN skud tried.
    pub dn: String,
    /// The server's answer (result code and text), and what skud found at the DN.
    pub detail: String,
    /// The temporary password, opened, when it must go with the new login (never serialised).
    #[serde(skip)]
    pub password: Option<String>,
}

impl std::fmt::Debug for Taken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Taken")
            .field("login", &self.login)
            .field("dn", &self.dn)
            .field("detail", &self.detail)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// A login replaced because the directory held it (§26).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Renamed {
    pub old: String,
    pub new: String,
    pub iin: String,
    pub full_name: String,
    /// The directory's answer that showed the login taken.
    pub detail: String,
}

/// A temporary password the directory refused.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Refused {
    pub login: String,
    pub dn: String,
    pub detail: String,
}

impl PushReport {
    /// Whether an administrator must look (exit 3).
    pub fn needs_attention(&self) -> bool {
        !(self.taken.is_empty()
            && self.password_refused.is_empty()
            && self.failed.is_empty()
            && self.missing_password.is_empty())
    }
}

/// Why one entry or group was not done.
enum Fail {
    /// This entry only; the run goes on.
    Entry(Problem),
    /// The login is somebody else's in the directory.
    Taken(Problem),
    /// The directory refused the temporary password; `entry` says whether the entry exists,
    /// `locked` whether skud locked it just now.
    PasswordRefused {
        problem: Problem,
        entry: bool,
        locked: bool,
    },
    /// The connection is gone: stop, record what was confirmed.
    Lost(String),
}

/// Result codes that mean the server, not the operation: busy, unavailable.
fn server_gone(rc: u32) -> bool {
    matches!(rc, 51 | 52)
}

fn describe(r: &LdapResult) -> String {
    super::describe_result(r.rc, &r.text)
}

/// Whether a refusal is the directory's password policy. AD (Windows and Samba): only its
/// ERROR_PASSWORD_RESTRICTION (`0000052D`), whatever the code, since AD answers other
/// constraint violations (a too long value, a UPN already in the forest) with 19 too.
/// OpenLDAP: constraintViolation from ppolicy's quality checks on the password operation.
fn password_policy(flavour: Flavour, r: &LdapResult) -> bool {
    match flavour {
        Flavour::Ad => r.text.to_ascii_uppercase().contains("0000052D"),
        Flavour::OpenLdap => r.rc == 19,
    }
}

/// Whether an Add was refused because another entry holds the login: 68, or Windows' "UPN is
/// not unique in the forest" (`000021C8`, answered with 19).
fn login_in_use(r: &LdapResult) -> bool {
    r.rc == 68 || r.text.to_ascii_uppercase().contains("000021C8")
}

/// The connection as the push uses it: every operation has the configured timeout (ldap3's
/// applies to one operation only), is counted, and a transport failure, a timeout or a busy
/// server is `Lost`.
#[derive(Clone)]
struct Conn<'a> {
    ldap: Ldap,
    timeout: Duration,
    sent: &'a AtomicU64,
}

impl Conn<'_> {
    fn start(&mut self) -> &mut Ldap {
        self.sent.fetch_add(1, Ordering::Relaxed);
        self.ldap.with_timeout(self.timeout)
    }

    fn answered(r: Result<LdapResult, ldap3::LdapError>) -> Result<LdapResult, Fail> {
        match r {
            Err(e) => Err(Fail::Lost(e.to_string())),
            Ok(r) if server_gone(r.rc) => Err(Fail::Lost(describe(&r))),
            Ok(r) => Ok(r),
        }
    }

    async fn add(&mut self, dn: &str, attrs: entry::Attrs) -> Result<LdapResult, Fail> {
        Self::answered(self.start().add(dn, attrs).await)
    }

    async fn modify(
        &mut self,
        dn: &str,
        mods: Vec<Mod<Vec<u8>>>,
        permissive: bool,
    ) -> Result<LdapResult, Fail> {
        let ldap = self.start();
        if permissive {
            ldap.with_controls(permissive_modify());
        }
        Self::answered(ldap.modify(dn, mods).await)
    }

    async fn set_password(&mut self, dn: &str, password: &str) -> Result<LdapResult, Fail> {
        let exop = ldap3::exop::PasswordModify {
            user_id: Some(dn),
            old_pass: None,
            new_pass: Some(password),
        };
        Self::answered(self.start().extended(exop).await.map(|r| r.1))
    }

    /// One entry read by its DN (`None`: no such entry, or the filter does not match it).
    async fn read(
        &mut self,
        dn: &str,
        filter: &str,
        attrs: Vec<&str>,
    ) -> Result<Option<SearchEntry>, Fail> {
        let r = self
            .start()
            .search(dn, Scope::Base, filter, attrs)
            .await
            .map_err(|e| Fail::Lost(e.to_string()))?;
        match r.1.rc {
            0 => Ok(r.0.into_iter().next().map(SearchEntry::construct)),
            32 => Ok(None),
            rc if server_gone(rc) => Err(Fail::Lost(describe(&r.1))),
            _ => Err(Fail::Entry(Problem::new(
                dn,
                format!("read: {}", describe(&r.1)),
            ))),
        }
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

/// An Add was answered "already exists" (68). The entry at the DN is taken over only when an
/// earlier run of skud sent that Add (`plan.adopt`) and it is this person's; then the answer is
/// whether the user has already replaced the temporary password (so it is not sent again).
/// Otherwise the login is taken: by an entry at the DN that skud did not make, or (AD) by
/// another entry with the same sAMAccountName or userPrincipalName.
async fn take_over(
    c: &mut Conn<'_>,
    s: &Settings,
    item: &Item,
    add: &LdapResult,
) -> Result<bool, Fail> {
    let dn = item.plan.dn.as_str();
    let answer = describe(add);
    let taken = |why: &str| Fail::Taken(Problem::new(dn, format!("add: {answer}; {why}")));
    let attrs = match s.flavour {
        Flavour::OpenLdap => vec!["pwdReset", "pwdChangedTime"],
        Flavour::Ad => vec!["pwdLastSet"],
    };
    let mine = if item.plan.adopt {
        let filter = entry::owner_filter(&s.iin_attribute, &item.account.iin);
        c.read(dn, &filter, attrs).await?
    } else {
        None
    };
    let Some(e) = mine else {
        let here = c.read(dn, "(objectClass=*)", vec!["1.1"]).await?.is_some();
        if here && item.plan.adopt {
            // Perhaps skud's own entry from a run cut short, whose IIN attribute reads
            // differently now ([ldap] iin_attribute changed?): a person must look; it is
            // neither taken over nor given up.
            return Err(Fail::Entry(Problem::new(
                dn,
                format!(
                    "add: {answer}; an earlier run sent this Add, but the entry's {} is not this \
                     person's IIN: check the entry, then run the sync again",
                    s.iin_attribute
                ),
            )));
        }
        return Err(taken(if here {
            "an entry with this DN exists and was not made by skud: left alone"
        } else {
            "no entry has this DN: another entry holds the login"
        }));
    };
    Ok(match s.flavour {
        Flavour::OpenLdap => {
            first(&e, "pwdChangedTime").is_some()
                && !first(&e, "pwdReset").is_some_and(|v| v.eq_ignore_ascii_case("TRUE"))
        }
        Flavour::Ad => first(&e, "pwdLastSet").is_some_and(|v| v != "0"),
    })
}

/// The directory refused the temporary password: the entry (when it exists) is locked at
/// once, so that neither the refused password nor an older one opens it. When the lock itself
/// fails, the entry is recorded as it was, so that the next push sends the lock again.
async fn refuse_password(
    c: &mut Conn<'_>,
    s: &Settings,
    item: &Item,
    r: &LdapResult,
    entry: bool,
) -> Fail {
    let dn = item.plan.dn.as_str();
    let mut detail = format!("password: {}", describe(r));
    let mut locked = false;
    if entry {
        match lock(c, s, dn, true).await {
            Ok(()) => locked = true,
            Err(Fail::Lost(l)) => return Fail::Lost(l),
            Err(Fail::Entry(p) | Fail::Taken(p) | Fail::PasswordRefused { problem: p, .. }) => {
                detail.push_str(&format!("; the entry could not be locked: {}", p.detail));
            }
        }
    }
    Fail::PasswordRefused {
        problem: Problem::new(dn, detail),
        entry,
        locked,
    }
}

/// Locks or unlocks an entry (AD: read-modify-write of userAccountControl, its other bits kept).
async fn lock(c: &mut Conn<'_>, s: &Settings, dn: &str, lock: bool) -> Result<(), Fail> {
    let mods = match s.flavour {
        Flavour::OpenLdap => entry::openldap_lock(lock),
        Flavour::Ad => {
            let e = c
                .read(dn, "(objectClass=*)", vec!["userAccountControl"])
                .await?;
            let Some(uac) = e
                .as_ref()
                .and_then(|e| first(e, "userAccountControl"))
                .and_then(|v| v.parse::<u32>().ok())
            else {
                return Err(Fail::Entry(Problem::new(
                    dn,
                    "userAccountControl cannot be read".into(),
                )));
            };
            entry::ad_lock(uac, lock)
        }
    };
    let r = c.modify(dn, mods, false).await?;
    must_succeed(r, dn, if lock { "lock" } else { "unlock" })
}

/// Sends one account's steps, in order; returns those done (a password the user has already
/// replaced in an entry taken over is not sent again).
async fn apply_entry(c: &mut Conn<'_>, s: &Settings, item: &Item) -> Result<Vec<Step>, Fail> {
    let a = &item.account;
    let dn = item.plan.dn.as_str();
    let mut password_done = false;
    let mut in_add_sent = false;
    let mut done = Vec::new();
    for step in &item.plan.steps {
        // A password the Add carried counts as sent; one the user already replaced in an
        // entry taken over is not sent and does not count.
        let sent_in_add = *step == Step::Password && password_done && in_add_sent;
        if *step != Step::Password || !password_done || sent_in_add {
            done.push(*step);
        }
        match step {
            // Windows refuses a sAMAccountName over 20 characters (Samba does not): a login
            // issued before skud limited logins to 20 is replaced rather than sent.
            Step::Create
                if s.flavour == Flavour::Ad
                    && !item.plan.adopt
                    && a.login.len() > crate::domain::login::MAX_LEN =>
            {
                return Err(Fail::Taken(Problem::new(
                    dn,
                    format!(
                        "the login has {} characters; Active Directory allows {} in sAMAccountName",
                        a.login.len(),
                        crate::domain::login::MAX_LEN
                    ),
                )));
            }
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
                let attrs = entry::create_attrs(
                    s.flavour,
                    &person,
                    (&s.users_base, &s.user_rdn, &s.iin_attribute),
                    in_add,
                );
                let r = c.add(dn, attrs).await?;
                match r.rc {
                    // The password went in the Add (AD): it is set.
                    0 => {
                        password_done = in_add.is_some();
                        in_add_sent = password_done;
                    }
                    _ if in_add.is_some() && password_policy(s.flavour, &r) => {
                        return Err(refuse_password(c, s, item, &r, false).await);
                    }
                    _ if login_in_use(&r) => password_done = take_over(c, s, item, &r).await?,
                    _ => must_succeed(r, dn, "add")?,
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
                    Flavour::OpenLdap => c.set_password(dn, pw).await?,
                    Flavour::Ad => c.modify(dn, entry::ad_password(pw), false).await?,
                };
                if r.rc != 0 && password_policy(s.flavour, &r) {
                    return Err(refuse_password(c, s, item, &r, true).await);
                }
                must_succeed(r, dn, "password")?;
            }
            Step::Lock | Step::Unlock => lock(c, s, dn, *step == Step::Lock).await?,
        }
    }
    Ok(done)
}

/// Adding a value that is there, or deleting one that is not, is no error (AD; OpenLDAP for
/// adds). Not critical: where it is not honoured, the group's members are read and the
/// operation repeated with exactly what is missing.
fn permissive_modify() -> RawControl {
    RawControl {
        ctype: "1.2.840.113556.1.4.1413".into(),
        crit: false,
        val: None,
    }
}

fn member_set(dns: &[String]) -> HashSet<Vec<u8>> {
    dns.iter().map(|d| d.as_bytes().to_vec()).collect()
}

/// The members of a group, lower-cased (`None`: no such group). One read: OpenLDAP returns
/// every value; AD returns ranges past 1,500, but AD honours permissive modify and so never
/// needs this.
async fn members(c: &mut Conn<'_>, gdn: &str) -> Result<Option<HashSet<String>>, Fail> {
    Ok(c.read(gdn, "(objectClass=*)", vec!["member"])
        .await?
        .map(|e| {
            e.attrs
                .into_iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("member"))
                .flat_map(|(_, v)| v)
                .map(|v| v.to_lowercase())
                .collect()
        }))
}

/// Adds and removes one group's members. Returns whether the group was created.
async fn apply_group(
    c: &mut Conn<'_>,
    s: &Settings,
    code: &str,
    adds: &[String],
    removes: &[String],
) -> Result<bool, Fail> {
    let gdn = entry::group_dn(code, &s.groups_base);
    let fail = |what: &str, r: &LdapResult| {
        Fail::Entry(Problem::new(&gdn, format!("{what}: {}", describe(r))))
    };
    let mut created = false;
    for chunk in adds.chunks(GROUP_CHUNK) {
        let m = vec![Mod::Add(b"member".to_vec(), member_set(chunk))];
        let r = c.modify(&gdn, m, true).await?;
        match r.rc {
            0 => {}
            // No such group (or, on AD, a member DN that does not exist).
            32 => {
                if members(c, &gdn).await?.is_some() {
                    return Err(fail("add members (a member's entry is missing)", &r));
                }
                let r = c
                    .add(&gdn, entry::group_attrs(s.flavour, code, chunk))
                    .await?;
                if r.rc != 0 {
                    return Err(fail("create group", &r));
                }
                created = true;
            }
            // Some are members already: add exactly the others.
            20 => {
                let have = members(c, &gdn).await?.unwrap_or_default();
                let missing: Vec<String> = chunk
                    .iter()
                    .filter(|d| !have.contains(&d.to_lowercase()))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    let m = vec![Mod::Add(b"member".to_vec(), member_set(&missing))];
                    let r = c.modify(&gdn, m, false).await?;
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
            let r = c.modify(&gdn, m, true).await?;
            match r.rc {
                // Done, or no such group: nobody to take out.
                0 | 32 => {
                    done = true;
                    break;
                }
                // Some are not members (any more), or the group would be left with no member:
                // delete exactly those still in, keeping the placeholder where it empties.
                16 | 65 => {
                    let have = members(c, &gdn).await?.unwrap_or_default();
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
    Ok(created)
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
    // This round's refusals only (a report may carry an earlier round's).
    let refused_from = report.password_refused.len();
    let sent = AtomicU64::new(0);
    let conn = Conn {
        ldap,
        timeout: s.timeout,
        sent: &sent,
    };
    // The rows of the Adds about to be sent, so that a run cut short can take over its own.
    let mut intents: Vec<Pushed> = items.iter().filter_map(|i| i.plan.intent()).collect();
    record(store, &mut intents, at).await?;
    let mut out = Outcomes::default();
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
    let mut ldap = conn.ldap;
    let _ = ldap.with_timeout(s.timeout).unbind().await;
    report.operations_sent += sent.load(Ordering::Relaxed);
    Ok(())
}

/// What the entry phase did, beyond the report.
#[derive(Default)]
struct Outcomes {
    /// The plans of the entries done (the group phase's input).
    done: Vec<EntryPlan>,
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
            let reason = crate::domain::account::BlockReason::Directory.as_str();
            crate::store::accounts::block(&mut tx, &r.login, reason, Some(&note), at).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The group phase: every group's additions and removals, from the accounts whose entries
/// are done. Returns the groups not done (failed, or not reached when the connection was lost).
async fn push_groups<'a>(
    conn: &Conn<'_>,
    s: &Settings,
    done: &'a [EntryPlan],
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
        let mut c = conn.clone();
        match apply_group(&mut c, s, code, &adds, &removes).await {
            Ok(created) => {
                if created {
                    report.groups_created.push(code.to_owned());
                }
                report.members_added += adds.len() as u64;
                report.members_removed += removes.len() as u64;
            }
            Err(Fail::Entry(p))
            | Err(Fail::Taken(p))
            | Err(Fail::PasswordRefused { problem: p, .. }) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn result(rc: u32, text: &str) -> LdapResult {
        LdapResult {
            rc,
            matched: String::new(),
            text: text.to_owned(),
            refs: Vec::new(),
            ctrls: Vec::new(),
        }
    }

    /// AD answers many constraint violations with 19: only ERROR_PASSWORD_RESTRICTION is a
    /// refused password; Windows' "UPN not unique" is a taken login; OpenLDAP's ppolicy refuses
    /// with 19 on the password operation.
    #[test]
    fn refusals_are_told_apart() {
        let samba = result(
            19,
            "0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!",
        );
        let windows = result(
            53,
            "0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0",
        );
        let upn = result(
            19,
            "000021C8: AtrErr: DSID-03200BBA, #1: 0: 000021C8: DSID-03200BBA, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 90290 (userPrincipalName)",
        );
        let too_long = result(
            19,
            "00002082: AtrErr: DSID-03151F1F, #1: 0: 00002082: problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 4 (sn)",
        );
        assert!(password_policy(Flavour::Ad, &samba));
        assert!(password_policy(Flavour::Ad, &windows));
        assert!(!password_policy(Flavour::Ad, &upn));
        assert!(!password_policy(Flavour::Ad, &too_long));
        assert!(login_in_use(&upn));
        assert!(login_in_use(&result(
            68,
            "samAccountName 'x' already in use!"
        )));
        assert!(!login_in_use(&too_long));
        let ppolicy = result(19, "Password fails quality checking policy");
        assert!(password_policy(Flavour::OpenLdap, &ppolicy));
        assert!(!password_policy(Flavour::OpenLdap, &result(50, "")));
        assert_eq!(
            describe(&samba).split(':').next(),
            Some("result code 19 (constraintViolation)")
        );
    }
}
