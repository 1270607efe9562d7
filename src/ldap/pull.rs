//! The pull (`ldap sync --pull`): what the directory knows of each account's use — its last
//! login and whether the temporary password was replaced — read with the paged-results
//! control (RFC 2696).
//!
//! OpenLDAP: `authTimestamp` (lastbind overlay), `pwdChangedTime`, and `pwdReset` (ppolicy:
//! while it is TRUE the temporary password has not been replaced). Active Directory:
//! `lastLogonTimestamp` (replicated with a lag of up to 14 days: the inactivity rule allows for
//! it), `pwdLastSet` (0 while a change is required).

use super::values::{from_filetime, parse_generalized_time};
use super::{Flavour, LdapError, Settings, connect, first};
use chrono::{DateTime, Utc};
use ldap3::adapters::{EntriesOnly, PagedResults};
use ldap3::{Scope, SearchEntry};

/// One directory entry's use of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub login: String,
    pub last_login: Option<DateTime<Utc>>,
    /// When the user replaced the temporary password (`None` while it must still be changed).
    pub password_changed: Option<DateTime<Utc>>,
}

/// What an entry says, by flavour (pure: tested without a server).
pub fn seen_of(flavour: Flavour, e: &SearchEntry) -> Option<Seen> {
    match flavour {
        Flavour::OpenLdap => {
            let login = first(e, "uid")?.to_owned();
            let reset = first(e, "pwdReset").is_some_and(|v| v.eq_ignore_ascii_case("TRUE"));
            Some(Seen {
                login,
                last_login: first(e, "authTimestamp").and_then(parse_generalized_time),
                password_changed: if reset {
                    None
                } else {
                    first(e, "pwdChangedTime").and_then(parse_generalized_time)
                },
            })
        }
        Flavour::Ad => {
            let filetime = |a| {
                first(e, a)
                    .and_then(|v| v.parse::<i64>().ok())
                    .and_then(from_filetime)
            };
            Some(Seen {
                login: first(e, "sAMAccountName")?.to_lowercase(),
                last_login: filetime("lastLogonTimestamp"),
                password_changed: filetime("pwdLastSet"),
            })
        }
    }
}

/// Reads every user entry under the users' base, page by page.
pub async fn read(s: &Settings) -> Result<(Vec<Seen>, u64), LdapError> {
    let mut ldap = connect(s).await?;
    let op = |e: ldap3::LdapError| super::operation_error(s, e);
    let (filter, attrs) = match s.flavour {
        Flavour::OpenLdap => (
            "(objectClass=inetOrgPerson)",
            vec!["uid", "authTimestamp", "pwdChangedTime", "pwdReset"],
        ),
        Flavour::Ad => (
            "(objectClass=user)",
            vec!["sAMAccountName", "lastLogonTimestamp", "pwdLastSet"],
        ),
    };
    let adapters: Vec<Box<dyn ldap3::adapters::Adapter<_, _>>> = vec![
        Box::new(EntriesOnly::new()),
        Box::new(PagedResults::new(s.page_size)),
    ];
    let mut stream = ldap
        .with_timeout(s.timeout)
        .streaming_search_with(adapters, &s.users_base, Scope::Subtree, filter, attrs)
        .await
        .map_err(op)?;
    let mut out = Vec::new();
    let mut entries = 0u64;
    while let Some(re) = stream.next().await.map_err(op)? {
        entries += 1;
        if let Some(seen) = seen_of(s.flavour, &SearchEntry::construct(re)) {
            out.push(seen);
        }
    }
    let res = stream.finish().await;
    res.success().map_err(op)?;
    let _ = ldap.unbind().await;
    Ok((out, entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn entry(attrs: &[(&str, &str)]) -> SearchEntry {
        SearchEntry {
            dn: "uid=x,ou=people".into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()]))
                .collect::<HashMap<_, _>>(),
            bin_attrs: HashMap::new(),
        }
    }

    #[test]
    fn openldap_reset_means_not_changed() {
        let e = entry(&[
            ("uid", "petrov.is"),
            ("authTimestamp", "20261122192802Z"),
            ("pwdChangedTime", "20261120070000Z"),
            ("pwdReset", "TRUE"),
        ]);
        let s = seen_of(Flavour::OpenLdap, &e).unwrap();
        assert_eq!(s.login, "petrov.is");
        assert_eq!(
            s.last_login.unwrap().to_rfc3339(),
            "2026-11-22T19:28:02+00:00"
        );
        assert_eq!(s.password_changed, None);
        let e = entry(&[("uid", "petrov.is"), ("pwdChangedTime", "20261121080000Z")]);
        let s = seen_of(Flavour::OpenLdap, &e).unwrap();
        assert_eq!(s.last_login, None);
        assert!(s.password_changed.is_some());
        assert_eq!(seen_of(Flavour::OpenLdap, &entry(&[("cn", "x")])), None);
    }

    #[test]
    fn ad_filetimes() {
        let ticks = (1_795_305_600_i64 + 11_644_473_600) * 10_000_000;
        let e = entry(&[
            ("sAMAccountName", "Petrov.IS"),
            ("lastLogonTimestamp", &ticks.to_string()),
            ("pwdLastSet", "0"),
        ]);
        let s = seen_of(Flavour::Ad, &e).unwrap();
        assert_eq!(s.login, "petrov.is");
        assert_eq!(
            s.last_login.unwrap().to_rfc3339(),
            "2026-11-22T00:00:00+00:00"
        );
        assert_eq!(s.password_changed, None, "pwdLastSet 0: must change");
    }
}
