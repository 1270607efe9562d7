//! The directory entry of an account, for either flavour, and the names and filters that find
//! it. Every value put into a DN is escaped by RFC 4514 (`ldap3::dn_escape`, the RDN value
//! only, never the whole DN), every value put into a filter by RFC 4515
//! (`ldap3::ldap_escape`): a surname like `O'Brien, Jr. (HR)*` or a `\` does no harm.
//!
//! Used by `ldap sync` (issue 5, being built): until then only the tests call it.
#![allow(dead_code)]

use super::Flavour;
use ldap3::{dn_escape, ldap_escape};
use std::collections::HashSet;

/// What skud knows of an account that goes into the directory.
#[derive(Debug, Clone)]
pub struct Person<'a> {
    pub login: &'a str,
    pub surname: &'a str,
    pub name: &'a str,
    pub patronymic: Option<&'a str>,
    pub iin: &'a str,
    pub email: Option<&'a str>,
}

impl Person<'_> {
    pub fn full_name(&self) -> String {
        crate::domain::order::full_name(self.surname, self.name, self.patronymic)
    }
}

/// The DN of an account's entry: `RDN=login,users_base` (the login is the RDN value in both
/// flavours: it is unique, where full names are not).
pub fn user_dn(rdn_attr: &str, login: &str, users_base: &str) -> String {
    format!("{rdn_attr}={},{users_base}", dn_escape(login))
}

/// The DN of the group of an information system: `cn=CODE,groups_base`.
pub fn group_dn(code: &str, groups_base: &str) -> String {
    format!("cn={},{groups_base}", dn_escape(code))
}

/// The filter that finds an account's entry by its login.
pub fn login_filter(flavour: Flavour, login: &str) -> String {
    match flavour {
        Flavour::OpenLdap => format!("(&(objectClass=inetOrgPerson)(uid={}))", ldap_escape(login)),
        Flavour::Ad => format!(
            "(&(objectClass=user)(sAMAccountName={}))",
            ldap_escape(login)
        ),
    }
}

/// The user principal name's domain from the DN of the users' base: `ou=people,dc=enbek,dc=kz`
/// → `enbek.kz`.
pub fn upn_domain(users_base: &str) -> String {
    users_base
        .split(',')
        .filter_map(|rdn| {
            let (k, v) = rdn.trim().split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("dc")
                .then(|| v.trim().to_owned())
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The attributes of a new entry. The password is set separately (OpenLDAP: the Password
/// Modify operation then `pwdReset: TRUE`; AD: `unicodePwd` over LDAPS, `pwdLastSet: 0`).
pub fn new_entry(
    flavour: Flavour,
    p: &Person<'_>,
    users_base: &str,
) -> Vec<(String, HashSet<String>)> {
    let one = |v: &str| HashSet::from([v.to_owned()]);
    let mut attrs: Vec<(String, HashSet<String>)> = Vec::new();
    match flavour {
        Flavour::OpenLdap => {
            attrs.push((
                "objectClass".into(),
                ["top", "person", "organizationalPerson", "inetOrgPerson"]
                    .map(String::from)
                    .into(),
            ));
            attrs.push(("uid".into(), one(p.login)));
        }
        Flavour::Ad => {
            attrs.push((
                "objectClass".into(),
                ["top", "person", "organizationalPerson", "user"]
                    .map(String::from)
                    .into(),
            ));
            attrs.push(("sAMAccountName".into(), one(p.login)));
            attrs.push((
                "userPrincipalName".into(),
                one(&format!("{}@{}", p.login, upn_domain(users_base))),
            ));
            attrs.push(("displayName".into(), one(&p.full_name())));
            // Created disabled; enabled once its password is set (AD refuses an enabled
            // account without one).
            attrs.push((
                "userAccountControl".into(),
                one(
                    &(super::values::UAC_NORMAL_ACCOUNT | super::values::UAC_ACCOUNTDISABLE)
                        .to_string(),
                ),
            ));
        }
    }
    attrs.push(("cn".into(), one(&p.full_name())));
    attrs.push(("sn".into(), one(p.surname)));
    attrs.push(("givenName".into(), one(p.name)));
    attrs.push(("employeeNumber".into(), one(p.iin)));
    if let Some(mail) = p.email.filter(|m| !m.is_empty()) {
        attrs.push(("mail".into(), one(mail)));
    }
    attrs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obrien() -> Person<'static> {
        Person {
            login: "obrien.j",
            surname: "O'Brien, Jr. (HR)*",
            name: "John\\",
            patronymic: None,
            iin: "900101300017",
            email: Some("obrien@enbek.kz"),
        }
    }

    #[test]
    fn dns_and_filters_are_escaped() {
        assert_eq!(
            user_dn("uid", "petrov.is", "ou=people,dc=enbek,dc=kz"),
            "uid=petrov.is,ou=people,dc=enbek,dc=kz"
        );
        // A value with DN specials (RFC 4514) and filter specials (RFC 4515).
        assert_eq!(
            user_dn("cn", "a,b+c=\"d\"\\", "ou=p"),
            "cn=a\\2cb\\2bc\\3d\\22d\\22\\5c,ou=p"
        );
        assert_eq!(
            login_filter(Flavour::OpenLdap, "*)(uid=*"),
            "(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a))"
        );
        assert_eq!(
            login_filter(Flavour::Ad, "a\\b"),
            "(&(objectClass=user)(sAMAccountName=a\\5cb))"
        );
        assert_eq!(
            group_dn("ESOBES", "ou=systems,dc=enbek,dc=kz"),
            "cn=ESOBES,ou=systems,dc=enbek,dc=kz"
        );
    }

    #[test]
    fn entries_of_both_flavours() {
        let p = obrien();
        let ol = new_entry(Flavour::OpenLdap, &p, "ou=people,dc=enbek,dc=kz");
        let get = |attrs: &[(String, HashSet<String>)], k: &str| {
            attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone())
        };
        assert!(get(&ol, "objectClass").unwrap().contains("inetOrgPerson"));
        assert_eq!(
            get(&ol, "uid").unwrap(),
            HashSet::from(["obrien.j".to_owned()])
        );
        // Values go in as they are: escaping is for DNs and filters, not attribute values.
        assert_eq!(
            get(&ol, "sn").unwrap(),
            HashSet::from(["O'Brien, Jr. (HR)*".to_owned()])
        );
        assert!(get(&ol, "sAMAccountName").is_none());
        let ad = new_entry(Flavour::Ad, &p, "OU=People,DC=enbek,DC=kz");
        assert_eq!(
            get(&ad, "userPrincipalName").unwrap(),
            HashSet::from(["obrien.j@enbek.kz".to_owned()])
        );
        assert_eq!(
            get(&ad, "userAccountControl").unwrap(),
            HashSet::from(["514".to_owned()])
        );
        assert!(get(&ad, "uid").is_none());
        assert_eq!(upn_domain("ou=people, dc=enbek , dc=kz"), "enbek.kz");
    }
}
