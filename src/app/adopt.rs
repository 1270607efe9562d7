//! `skud ldap adopt`: the directory's existing entries of people on record become governed
//! accounts (the rule: [`crate::domain::adoption`]).
//!
//! One read of the users' base (and, for OpenLDAP, of the groups), then one transaction:
//!
//! - every login the directory holds is recorded as taken (§26);
//! - each adopted entry becomes an account with the entry's login, the person's name from the
//!   latest order, its state (locked or disabled → blocked, reason `directory`; a password still
//!   to be changed → pending; else active), its last login and creation (§28 counts from them),
//!   and the systems of the catalogue whose groups hold it;
//! - its directory state is recorded as pushed (the DN, locked or not, the groups), so that the
//!   push from then on manages its lock (§28, §30) and its groups (§27) like any other, and
//!   never sends it a password;
//! - one audit record. No journal row: the journal records issues, and these were issued
//!   before skud.
//!
//! Running it again changes nothing: an adopted entry is "already governed".

use crate::context::Context;
use crate::domain::account::{AccountStatus, BlockReason};
use crate::domain::adoption::{Candidate, LeftOut, Verdict, verdict};
use crate::ldap::existing::{self, DirEntry};
use crate::ldap::{Settings, entry, normalize_dn};
use crate::store::accounts::{self, AdoptedAccount, Usage};
use crate::store::directory::{self, Pushed};
use crate::store::{Store, Tx, audit, employees};
use chrono::Utc;
use std::collections::{HashMap, HashSet};

/// An entry adopted.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Adopted {
    pub login: String,
    pub dn: String,
    pub iin: String,
    pub full_name: String,
    pub status: String,
    pub systems: Vec<String>,
}

/// An entry left out, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Left {
    pub dn: String,
    pub login: Option<String>,
    pub iin: Option<String>,
    pub reason_code: &'static str,
    /// Whether a person must look (exit 3).
    pub attention: bool,
}

/// What an adoption did (or, dry, would do).
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    pub entries: usize,
    pub adopted: Vec<Adopted>,
    /// Entries already governed by skud.
    pub already: usize,
    pub left_out: Vec<Left>,
    /// Logins of the directory recorded as taken for the first time.
    pub logins_recorded: u64,
    pub dry_run: bool,
}

impl Report {
    /// Exit 3: an entry that seems to be a person's was left out.
    pub fn needs_attention(&self) -> bool {
        self.left_out.iter().any(|l| l.attention)
    }
}

/// Whether an entry is in a protected group.
fn protected(e: &DirEntry, s: &Settings) -> bool {
    e.member_of.iter().any(|g| s.protected_groups.contains(g))
}

/// The verdicts on the entries, in order (the IINs on record looked up once each).
pub async fn judge(
    tx: &mut Tx,
    s: &Settings,
    entries: &[DirEntry],
    known: &HashMap<String, Usage>,
) -> anyhow::Result<Vec<Verdict>> {
    fn candidate<'e>(e: &'e DirEntry, s: &Settings) -> Candidate<'e> {
        Candidate {
            login: e.login.as_deref(),
            iin: e.iin.as_deref(),
            critical: e.critical,
            protected: protected(e, s),
        }
    }
    // The IIN of the account holding an entry's login (a replaced login is answered apart).
    let account_iin = |e: &DirEntry| {
        e.login
            .as_ref()
            .and_then(|l| known.get(l))
            .map(|u| u.iin.as_str())
    };
    let replaced = |e: &DirEntry| {
        e.login
            .as_ref()
            .and_then(|l| known.get(l))
            .is_some_and(|u| u.replaced)
    };
    // First pass without the record: which IINs need looking up.
    let mut wanted: HashSet<String> = HashSet::new();
    for e in entries {
        let account = account_iin(e);
        if let Verdict::Adopt(iin) = verdict(candidate(e, s), account, |_| true) {
            wanted.insert(iin.as_str().to_owned());
        }
    }
    let mut on_record = HashSet::new();
    for iin in wanted {
        if employees::name_of(tx, &iin).await?.is_some() {
            on_record.insert(iin);
        }
    }
    Ok(entries
        .iter()
        .map(|e| {
            if replaced(e) {
                return Verdict::LeftOut(LeftOut::LoginReplaced);
            }
            let account = account_iin(e);
            verdict(candidate(e, s), account, |i| on_record.contains(i.as_str()))
        })
        .collect())
}

/// Every (login, DN) the entries hold.
pub fn logins_of(entries: &[DirEntry]) -> Vec<(String, String)> {
    entries
        .iter()
        .flat_map(|e| e.logins.iter().map(|l| (l.clone(), e.dn.clone())))
        .collect()
}

/// Reads the directory and adopts what the rule allows.
pub async fn adopt(
    ctx: &Context,
    db: &Store,
    s: &Settings,
    dry_run: bool,
) -> anyhow::Result<Report> {
    let entries = read_directory(s).await?;
    let at = ctx.as_of.with_timezone(&Utc);
    let mut tx = db.begin().await?;
    let logins_recorded = directory::record_logins(&mut tx, &logins_of(&entries), at).await?;
    let known = accounts::usage(&mut tx).await?;
    let verdicts = judge(&mut tx, s, &entries, &known).await?;
    // The groups of the catalogue's systems, by normalised DN.
    let codes = crate::store::requests::system_codes(&mut tx).await?;
    let group_of: HashMap<String, String> = codes
        .iter()
        .map(|c| (normalize_dn(&entry::group_dn(c, &s.groups_base)), c.clone()))
        .collect();
    let mut run = Adoption {
        tx,
        at,
        known,
        group_of,
        pushed: Vec::new(),
        report: Report {
            entries: entries.len(),
            dry_run,
            logins_recorded,
            ..Report::default()
        },
    };
    for (e, v) in entries.iter().zip(verdicts) {
        match v {
            Verdict::Already => run.report.already += 1,
            Verdict::LeftOut(why) => run.report.left_out.push(left(e, why)),
            Verdict::Adopt(iin) => run.one(e, iin.as_str()).await?,
        }
    }
    run.finish(ctx, s).await
}

/// The users' base, with each entry's groups.
async fn read_directory(s: &Settings) -> anyhow::Result<Vec<DirEntry>> {
    let mut ldap = crate::ldap::connect(s)
        .await
        .map_err(crate::ldap::classify)?;
    let mut entries = existing::read(&mut ldap, s)
        .await
        .map_err(crate::ldap::classify)?;
    existing::read_groups(&mut ldap, s, &mut entries, true)
        .await
        .map_err(crate::ldap::classify)?;
    let _ = ldap.unbind().await;
    Ok(entries)
}

/// An adoption between its read of the directory and its commit.
struct Adoption {
    tx: Tx,
    at: chrono::DateTime<Utc>,
    /// The accounts on record by login, with those adopted in this run.
    known: HashMap<String, Usage>,
    /// The catalogue's systems by their groups' normalised DN.
    group_of: HashMap<String, String>,
    /// The directory state of the adopted entries, recorded as pushed.
    pushed: Vec<Pushed>,
    report: Report,
}

impl Adoption {
    /// One entry the rule allows to adopt: adopted, unless its login is already an account or
    /// its person is not on record.
    async fn one(&mut self, e: &DirEntry, iin: &str) -> anyhow::Result<()> {
        let login = e.login.clone().unwrap_or_default();
        // Two entries with one login (OpenLDAP allows it): the second is another's (§26).
        if let Some(u) = self.known.get(&login) {
            let why = if u.replaced {
                LeftOut::LoginReplaced
            } else if u.iin == iin {
                self.report.already += 1;
                return Ok(());
            } else {
                LeftOut::LoginOfAnother
            };
            self.report.left_out.push(left(e, why));
            return Ok(());
        }
        let Some((surname, name, patronymic)) = employees::name_of(&mut self.tx, iin).await? else {
            self.report.left_out.push(left(e, LeftOut::NotOnRecord));
            return Ok(());
        };
        let (status, reason, note) = if e.disabled {
            (
                AccountStatus::Blocked,
                Some(BlockReason::Directory),
                Some("locked or disabled in the directory when adopted"),
            )
        } else if e.must_change {
            (AccountStatus::Pending, None, None)
        } else {
            (AccountStatus::Active, None, None)
        };
        let issued_at = e.created.unwrap_or(self.at);
        let account = AdoptedAccount {
            login: &login,
            iin,
            surname: &surname,
            name: &name,
            patronymic: patronymic.as_deref(),
            status,
            block_reason: reason,
            block_note: note,
            issued_at,
            password_changed_at: e.password_changed,
            last_login_at: e.last_login,
            at: self.at,
        };
        accounts::adopt(&mut self.tx, &account).await?;
        let systems = self.systems_of(e);
        accounts::set_systems(&mut self.tx, &login, &systems, None).await?;
        self.pushed.push(Pushed {
            login: login.clone(),
            dn: e.dn.clone(),
            created: true,
            password_issue: Some(issued_at),
            locked: e.disabled,
            groups: systems.join(","),
        });
        let usage = Usage {
            iin: iin.to_owned(),
            replaced: false,
            status: status.as_str().to_owned(),
            issued_at,
            last_login_at: e.last_login,
        };
        self.known.insert(login.clone(), usage);
        self.report.adopted.push(Adopted {
            login,
            dn: e.dn.clone(),
            iin: iin.to_owned(),
            full_name: crate::domain::order::full_name(&surname, &name, patronymic.as_deref()),
            status: status.as_str().to_owned(),
            systems,
        });
        Ok(())
    }

    /// The systems of the catalogue whose groups hold the entry.
    fn systems_of(&self, e: &DirEntry) -> Vec<String> {
        let mut systems: Vec<String> = e
            .member_of
            .iter()
            .filter_map(|g| self.group_of.get(g).cloned())
            .collect();
        systems.sort();
        systems.dedup();
        systems
    }

    /// The directory state and the audit record, then the commit (a dry run rolls back).
    async fn finish(mut self, ctx: &Context, s: &Settings) -> anyhow::Result<Report> {
        directory::record(&mut self.tx, &self.pushed, self.at).await?;
        let report = &self.report;
        if !report.adopted.is_empty() {
            let logins: Vec<&str> = report.adopted.iter().map(|a| a.login.as_str()).collect();
            let entry = ctx.audit_entry(
                "ldap.adopt",
                serde_json::json!(logins),
                logins.len() as i64,
                serde_json::json!({ "url": s.url, "entries": report.entries,
                    "already": report.already, "left_out": report.left_out.len() }),
            );
            audit::append(&mut self.tx, &entry).await?;
        }
        if report.dry_run {
            self.tx.rollback().await?;
        } else {
            self.tx.commit().await?;
        }
        Ok(self.report)
    }
}

fn left(e: &DirEntry, why: LeftOut) -> Left {
    Left {
        dn: e.dn.clone(),
        login: e.login.clone(),
        iin: e.iin.clone(),
        reason_code: why.code(),
        attention: why.needs_attention(),
    }
}
