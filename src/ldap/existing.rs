//! The user entries the directory already has, as the pull and adoption read them: their
//! logins, the IIN they keep, their use (last login, password change), their state (locked or
//! disabled), and their groups. Read with the paged-results control (RFC 2696), everything
//! under `[ldap] users_base` and nothing outside it.
//!
//! OpenLDAP: `uid`, `authTimestamp` (lastbind overlay), `pwdChangedTime`, `pwdReset` (ppolicy:
//! while TRUE the temporary password has not been replaced), `pwdAccountLockedTime`,
//! `createTimestamp`. Active Directory: `sAMAccountName`, the local part of
//! `userPrincipalName`, `lastLogonTimestamp` (replicated with a lag of up to 14 days: the
//! inactivity rule allows for it), `pwdLastSet` (0 while a change is required),
//! `userAccountControl` (ACCOUNTDISABLE), `isCriticalSystemObject`, `memberOf`, `whenCreated`.

use super::values::{from_filetime, parse_generalized_time};
use super::{Flavour, LdapError, Settings, first, normalize_dn};
use chrono::{DateTime, Utc};
use ldap3::adapters::{EntriesOnly, PagedResults};
use ldap3::{Ldap, Scope, SearchEntry};
use std::collections::{HashMap, HashSet};

/// One user entry of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub dn: String,
    /// The login the entry is known by, lower-cased: `uid`, or AD's `sAMAccountName`.
    pub login: Option<String>,
    /// Every login the entry holds, lower-cased (every `uid`; `sAMAccountName` and the local
    /// part of `userPrincipalName`): none of them may be issued to anybody else (§26).
    pub logins: Vec<String>,
    /// The value of `[ldap] iin_attribute`, as stored.
    pub iin: Option<String>,
    pub last_login: Option<DateTime<Utc>>,
    /// When the password was last set by its user (`None` while a change is required).
    pub password_changed: Option<DateTime<Utc>>,
    /// The password must be changed at the next login (a temporary one).
    pub must_change: bool,
    /// Locked (OpenLDAP `pwdAccountLockedTime`) or disabled (AD ACCOUNTDISABLE).
    pub disabled: bool,
    /// AD's critical system objects (Administrator, krbtgt, ...): never adopted.
    pub critical: bool,
    /// The DNs of the groups it is a member of, normalised (AD's `memberOf`; for OpenLDAP
    /// filled from the groups' `member` by [`read_groups`]).
    pub member_of: Vec<String>,
    pub created: Option<DateTime<Utc>>,
}

/// What an entry says, by flavour (pure: tested without a server).
pub fn entry_of(flavour: Flavour, iin_attr: &str, e: &SearchEntry) -> DirEntry {
    let all = |a: &str| -> Vec<&str> {
        e.attrs
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(a))
            .flat_map(|(_, v)| v.iter().map(String::as_str))
            .collect()
    };
    let iin = first(e, iin_attr).map(|v| v.trim().to_owned());
    match flavour {
        Flavour::OpenLdap => {
            let logins: Vec<String> = all("uid").iter().map(|l| l.to_lowercase()).collect();
            let reset = first(e, "pwdReset").is_some_and(|v| v.eq_ignore_ascii_case("TRUE"));
            DirEntry {
                dn: e.dn.clone(),
                login: first(e, "uid").map(str::to_lowercase),
                logins,
                iin,
                last_login: first(e, "authTimestamp").and_then(parse_generalized_time),
                password_changed: if reset {
                    None
                } else {
                    first(e, "pwdChangedTime").and_then(parse_generalized_time)
                },
                must_change: reset,
                // Locked by an administrator (ppolicy's "until unlocked"), not a lockout after
                // failed binds, which carries its time and expires.
                disabled: first(e, "pwdAccountLockedTime")
                    == Some(super::values::OPENLDAP_LOCKED_FOREVER),
                critical: false,
                member_of: Vec::new(),
                created: first(e, "createTimestamp").and_then(parse_generalized_time),
            }
        }
        Flavour::Ad => {
            let filetime = |a| {
                first(e, a)
                    .and_then(|v| v.parse::<i64>().ok())
                    .and_then(from_filetime)
            };
            let sam = first(e, "sAMAccountName").map(str::to_lowercase);
            let mut logins: Vec<String> = sam.iter().cloned().collect();
            if let Some(local) = first(e, "userPrincipalName")
                .and_then(|u| u.split_once('@'))
                .map(|(l, _)| l.to_lowercase())
                && !logins.contains(&local)
            {
                logins.push(local);
            }
            let uac = first(e, "userAccountControl").and_then(|v| v.parse::<u32>().ok());
            DirEntry {
                dn: e.dn.clone(),
                login: sam,
                logins,
                iin,
                last_login: filetime("lastLogonTimestamp"),
                password_changed: filetime("pwdLastSet"),
                must_change: first(e, "pwdLastSet") == Some("0"),
                disabled: uac.is_some_and(super::values::is_disabled),
                critical: first(e, "isCriticalSystemObject")
                    .is_some_and(|v| v.eq_ignore_ascii_case("TRUE")),
                member_of: all("memberOf").iter().map(|d| normalize_dn(d)).collect(),
                created: first(e, "whenCreated").and_then(parse_generalized_time),
            }
        }
    }
}

/// A search by pages of `[ldap] page_size` (the adapter chases the cookies), entries only.
fn paged<'a>(s: &Settings) -> Vec<Box<dyn ldap3::adapters::Adapter<'a, &'a str, Vec<&'a str>>>> {
    vec![
        Box::new(EntriesOnly::new()),
        Box::new(PagedResults::new(s.page_size)),
    ]
}

/// Reads every user entry under the users' base, page by page, on a bound connection.
pub async fn read(ldap: &mut Ldap, s: &Settings) -> Result<Vec<DirEntry>, LdapError> {
    let op = |e: ldap3::LdapError| super::operation_error(s, e);
    let (filter, mut attrs) = match s.flavour {
        Flavour::OpenLdap => (
            "(|(objectClass=inetOrgPerson)(uid=*))",
            vec![
                "uid",
                "authTimestamp",
                "pwdChangedTime",
                "pwdReset",
                "pwdAccountLockedTime",
                "createTimestamp",
            ],
        ),
        Flavour::Ad => (
            "(objectClass=user)",
            vec![
                "sAMAccountName",
                "userPrincipalName",
                "lastLogonTimestamp",
                "pwdLastSet",
                "userAccountControl",
                "isCriticalSystemObject",
                "memberOf",
                "whenCreated",
            ],
        ),
    };
    attrs.push(&s.iin_attribute);
    let mut stream = ldap
        .with_timeout(s.timeout)
        .streaming_search_with(paged(s), &s.users_base, Scope::Subtree, filter, attrs)
        .await
        .map_err(op)?;
    let mut out = Vec::new();
    while let Some(re) = stream.next().await.map_err(op)? {
        out.push(entry_of(
            s.flavour,
            &s.iin_attribute,
            &SearchEntry::construct(re),
        ));
    }
    let res = stream.finish().await;
    res.success().map_err(op)?;
    Ok(out)
}

/// The groups the entries are in, as adoption needs them: `member_of` of each entry gets the
/// protected groups it is in — directly or through nested groups on AD (the in-chain matching
/// rule) — and, for OpenLDAP with `systems`, the groups under `groups_base` (AD gives
/// `memberOf` on the entry itself). A protected group that does not exist is a configuration
/// error: it would protect nobody.
pub async fn read_groups(
    ldap: &mut Ldap,
    s: &Settings,
    entries: &mut [DirEntry],
    systems: bool,
) -> Result<(), LdapError> {
    let protected = read_protected(ldap, s).await?;
    if s.flavour == Flavour::Ad {
        return ad_protected_members(ldap, s, entries).await;
    }
    let mut groups_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut add = |group: &str, e: &SearchEntry| {
        for (k, vals) in &e.attrs {
            if k.eq_ignore_ascii_case("member") || k.eq_ignore_ascii_case("uniqueMember") {
                for m in vals {
                    groups_of
                        .entry(normalize_dn(m))
                        .or_default()
                        .push(group.to_owned());
                }
            }
        }
    };
    if systems {
        system_groups(ldap, s, &mut add).await?;
    }
    for (g, e) in &protected {
        add(g, e);
    }
    for e in entries.iter_mut() {
        if let Some(groups) = groups_of.get(&normalize_dn(&e.dn)) {
            let mut seen: HashSet<&String> = e.member_of.iter().collect::<HashSet<_>>();
            let new: Vec<String> = groups.iter().filter(|g| seen.insert(g)).cloned().collect();
            e.member_of.extend(new);
        }
    }
    Ok(())
}

/// Each protected group read once: that it exists and, for OpenLDAP, its members (AD's are
/// found through the in-chain rule, nested groups included).
async fn read_protected<'s>(
    ldap: &mut Ldap,
    s: &'s Settings,
) -> Result<Vec<(&'s String, SearchEntry)>, LdapError> {
    let op = |e: ldap3::LdapError| super::operation_error(s, e);
    let members = match s.flavour {
        Flavour::Ad => vec!["1.1"],
        Flavour::OpenLdap => vec!["member", "uniqueMember"],
    };
    let mut protected = Vec::new();
    for g in &s.protected_groups {
        let r = ldap
            .with_timeout(s.timeout)
            .search(g, Scope::Base, "(objectClass=*)", members.clone())
            .await
            .map_err(op)?;
        let Some(found) = r.0.into_iter().next().filter(|_| r.1.rc == 0) else {
            return Err(LdapError::Settings(super::SettingsError::ProtectedGroup(
                g.clone(),
            )));
        };
        protected.push((g, SearchEntry::construct(found)));
    }
    Ok(protected)
}

/// AD: the protected groups each entry is in, directly or through nested groups.
async fn ad_protected_members(
    ldap: &mut Ldap,
    s: &Settings,
    entries: &mut [DirEntry],
) -> Result<(), LdapError> {
    let op = |e: ldap3::LdapError| super::operation_error(s, e);
    for g in &s.protected_groups {
        let filter = format!(
            "(memberOf:1.2.840.113556.1.4.1941:={})",
            ldap3::ldap_escape(g)
        );
        let mut stream = ldap
            .with_timeout(s.timeout)
            .streaming_search_with(
                paged(s),
                &s.users_base,
                Scope::Subtree,
                &filter,
                vec!["1.1"],
            )
            .await
            .map_err(op)?;
        let mut inside = HashSet::new();
        while let Some(re) = stream.next().await.map_err(op)? {
            inside.insert(normalize_dn(&SearchEntry::construct(re).dn));
        }
        stream.finish().await.success().map_err(op)?;
        for e in entries.iter_mut() {
            if inside.contains(&normalize_dn(&e.dn)) && !e.member_of.contains(g) {
                e.member_of.push(g.clone());
            }
        }
    }
    Ok(())
}

/// OpenLDAP: each group under `groups_base`, with its members, given to `add` as it comes
/// (none when the base is not there yet).
async fn system_groups(
    ldap: &mut Ldap,
    s: &Settings,
    add: &mut dyn FnMut(&str, &SearchEntry),
) -> Result<(), LdapError> {
    let op = |e: ldap3::LdapError| super::operation_error(s, e);
    let mut stream = ldap
        .with_timeout(s.timeout)
        .streaming_search_with(
            paged(s),
            &s.groups_base,
            Scope::Subtree,
            "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))",
            vec!["member", "uniqueMember"],
        )
        .await
        .map_err(op)?;
    while let Some(re) = stream.next().await.map_err(op)? {
        let e = SearchEntry::construct(re);
        add(&normalize_dn(&e.dn), &e);
    }
    let res = stream.finish().await;
    // No groups' base yet: no groups.
    if res.rc != 32 {
        res.success().map_err(op)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(attrs: &[(&str, &[&str])]) -> SearchEntry {
        SearchEntry {
            dn: "uid=x,ou=people".into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
                .collect::<HashMap<_, _>>(),
            bin_attrs: HashMap::new(),
        }
    }

    #[test]
    fn openldap_reset_means_not_changed() {
        let e = entry(&[
            ("uid", &["Petrov.IS", "ivan"]),
            ("authTimestamp", &["20261122192802Z"]),
            ("pwdChangedTime", &["20261120070000Z"]),
            ("pwdReset", &["TRUE"]),
            ("employeeNumber", &[" 880808300018 "]),
        ]);
        let d = entry_of(Flavour::OpenLdap, "employeeNumber", &e);
        assert_eq!(d.login.as_deref(), Some("petrov.is"));
        assert_eq!(d.logins, ["petrov.is", "ivan"]);
        assert_eq!(d.iin.as_deref(), Some("880808300018"));
        assert_eq!(
            d.last_login.unwrap().to_rfc3339(),
            "2026-11-22T19:28:02+00:00"
        );
        assert_eq!(d.password_changed, None);
        assert!(d.must_change && !d.disabled);
        let e = entry(&[
            ("uid", &["petrov.is"]),
            ("pwdChangedTime", &["20261121080000Z"]),
            ("pwdAccountLockedTime", &["000001010000Z"]),
        ]);
        let d = entry_of(Flavour::OpenLdap, "employeeNumber", &e);
        assert_eq!(d.last_login, None);
        assert!(d.password_changed.is_some() && d.disabled && !d.must_change);
        assert_eq!(d.iin, None);
        let none = entry_of(
            Flavour::OpenLdap,
            "employeeNumber",
            &entry(&[("cn", &["x"])]),
        );
        assert_eq!(none.login, None);
        assert!(none.logins.is_empty());
    }

    #[test]
    fn ad_filetimes_disabled_critical_and_upn() {
        let ticks = (1_795_305_600_i64 + 11_644_473_600) * 10_000_000;
        let t = ticks.to_string();
        let e = entry(&[
            ("sAMAccountName", &["Petrov.IS"]),
            ("userPrincipalName", &["Ivan.Petrov@enbek.kz"]),
            ("lastLogonTimestamp", &[t.as_str()]),
            ("pwdLastSet", &["0"]),
            ("userAccountControl", &["514"]),
            ("isCriticalSystemObject", &["TRUE"]),
            ("memberOf", &["CN=Domain Admins, CN=Users,DC=enbek,DC=kz"]),
            ("whenCreated", &["20261101120000.0Z"]),
        ]);
        let d = entry_of(Flavour::Ad, "employeeNumber", &e);
        assert_eq!(d.login.as_deref(), Some("petrov.is"));
        assert_eq!(d.logins, ["petrov.is", "ivan.petrov"]);
        assert_eq!(
            d.last_login.unwrap().to_rfc3339(),
            "2026-11-22T00:00:00+00:00"
        );
        assert_eq!(d.password_changed, None, "pwdLastSet 0: must change");
        assert!(d.must_change && d.disabled && d.critical);
        assert_eq!(d.member_of, ["cn=domain admins,cn=users,dc=enbek,dc=kz"]);
        assert_eq!(d.created.unwrap().to_rfc3339(), "2026-11-01T12:00:00+00:00");
        let enabled = entry(&[("sAMAccountName", &["a"]), ("userAccountControl", &["512"])]);
        assert!(!entry_of(Flavour::Ad, "employeeNumber", &enabled).disabled);
    }
}
