//! The directory entry of an account, for either flavour, and the names and filters that find
//! it. Every value put into a DN is escaped by RFC 4514 (`ldap3::dn_escape`, the RDN value
//! only, never the whole DN), every value put into a filter by RFC 4515
//! (`ldap3::ldap_escape`): a surname like `O'Brien, Jr. (HR)*` or a `\` does no harm.

use super::Flavour;
use chrono::{DateTime, Utc};
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

/// The filter that matches an entry only when it is this person's (`[ldap] iin_attribute`,
/// by default `employeeNumber`, is the IIN): how a push tells its own entry, made by a run cut
/// short, from somebody else's.
pub fn owner_filter(iin_attr: &str, iin: &str) -> String {
    format!("({iin_attr}={})", ldap_escape(iin))
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
    user_rdn: &str,
    iin_attr: &str,
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
        }
    }
    // AD's cn is single-valued and names the entry: the login (the full name is displayName).
    let cn = match flavour {
        Flavour::OpenLdap => p.full_name(),
        Flavour::Ad => p.login.to_owned(),
    };
    attrs.push(("cn".into(), one(&cn)));
    attrs.push(("sn".into(), one(p.surname)));
    attrs.push(("givenName".into(), one(p.name)));
    attrs.push((iin_attr.to_owned(), one(p.iin)));
    if let Some(mail) = p.email.filter(|m| !m.is_empty()) {
        attrs.push(("mail".into(), one(mail)));
    }
    // The entry must hold the value its RDN names (the login).
    match attrs
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(user_rdn))
    {
        Some((_, values)) => {
            values.insert(p.login.to_owned());
        }
        None => attrs.push((user_rdn.to_owned(), one(p.login))),
    }
    attrs
}

/// Attribute values as the wire takes them (AD's `unicodePwd` is not text).
pub type Attrs = Vec<(Vec<u8>, HashSet<Vec<u8>>)>;

fn bytes(attrs: Vec<(String, HashSet<String>)>) -> Attrs {
    attrs
        .into_iter()
        .map(|(k, v)| {
            (
                k.into_bytes(),
                v.into_iter().map(String::into_bytes).collect(),
            )
        })
        .collect()
}

/// The Add of a new user entry. AD takes the temporary password in the Add itself (over
/// LDAPS): `unicodePwd`, `pwdLastSet: 0` (change at next logon) and an enabled account; without
/// a password the account is made disabled. OpenLDAP gets its password by the Password Modify
/// operation afterwards (`password` is ignored here), so the server hashes it by its own policy
/// and ppolicy marks it `pwdReset`.
pub fn create_attrs(
    flavour: Flavour,
    p: &Person<'_>,
    (users_base, user_rdn, iin_attr): (&str, &str, &str),
    password: Option<&str>,
) -> Attrs {
    let mut attrs = bytes(new_entry(flavour, p, users_base, user_rdn, iin_attr));
    if flavour == Flavour::Ad {
        let disabled = password.is_none();
        let uac = super::values::with_disabled(super::values::UAC_NORMAL_ACCOUNT, disabled);
        attrs.push((
            b"userAccountControl".to_vec(),
            HashSet::from([uac.to_string().into_bytes()]),
        ));
        if let Some(pw) = password {
            attrs.extend(ad_password(pw).into_iter().map(|m| match m {
                ldap3::Mod::Replace(k, v) => (k, v),
                _ => unreachable!("ad_password only replaces"),
            }));
        }
    }
    attrs
}

/// OpenLDAP: the temporary password in the Add itself, as the server's own Password Modify
/// was seen to store it (see `push::probe`): `userPassword` salted SHA-1 (`{SSHA}`, the salt as
/// long as the server's), `pwdReset: TRUE` (ppolicy's "change it at first login") and
/// `pwdChangedTime` (sent with the Relax Rules control: the attribute is the server's).
pub fn openldap_password(
    password: &str,
    salt_len: usize,
    now: DateTime<Utc>,
) -> Result<Attrs, getrandom::Error> {
    use base64::Engine as _;
    use sha1::Digest as _;
    let mut salt = vec![0u8; salt_len];
    getrandom::fill(&mut salt)?;
    let mut h = sha1::Sha1::new();
    h.update(password.as_bytes());
    h.update(&salt);
    let mut raw = h.finalize().to_vec();
    raw.extend_from_slice(&salt);
    let hashed = format!(
        "{{SSHA}}{}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    );
    let one = |v: &[u8]| HashSet::from([v.to_vec()]);
    Ok(vec![
        (b"userPassword".to_vec(), one(hashed.as_bytes())),
        (b"pwdReset".to_vec(), one(b"TRUE")),
        (
            b"pwdChangedTime".to_vec(),
            one(now.format("%Y%m%d%H%M%SZ").to_string().as_bytes()),
        ),
    ])
}

/// AD: a new temporary password that must be changed at next logon.
pub fn ad_password(password: &str) -> Vec<ldap3::Mod<Vec<u8>>> {
    vec![
        ldap3::Mod::Replace(
            b"unicodePwd".to_vec(),
            HashSet::from([super::values::unicode_pwd(password)]),
        ),
        ldap3::Mod::Replace(b"pwdLastSet".to_vec(), HashSet::from([b"0".to_vec()])),
    ]
}

/// OpenLDAP: lock (ppolicy's "locked until an administrator unlocks") or unlock.
pub fn openldap_lock(lock: bool) -> Vec<ldap3::Mod<Vec<u8>>> {
    let values = if lock {
        HashSet::from([super::values::OPENLDAP_LOCKED_FOREVER.as_bytes().to_vec()])
    } else {
        // Replace with no values: removes the attribute, and is no error when it is absent.
        HashSet::new()
    };
    vec![ldap3::Mod::Replace(
        b"pwdAccountLockedTime".to_vec(),
        values,
    )]
}

/// AD: the userAccountControl that locks or unlocks, from the entry's current value (its
/// other bits are kept).
pub fn ad_lock(current_uac: u32, lock: bool) -> Vec<ldap3::Mod<Vec<u8>>> {
    let uac = super::values::with_disabled(current_uac, lock);
    vec![ldap3::Mod::Replace(
        b"userAccountControl".to_vec(),
        HashSet::from([uac.to_string().into_bytes()]),
    )]
}

/// The Add of a group of an information system, with its first members. AD's group gets the
/// system code as its `sAMAccountName` (without one, AD invents a name like
/// `$B3C0C5D-DAAEBF5657D2FF2`).
pub fn group_attrs(flavour: Flavour, code: &str, members: &[&str]) -> Attrs {
    let class: &[&str] = match flavour {
        Flavour::OpenLdap => &["top", "groupOfNames"],
        Flavour::Ad => &["top", "group"],
    };
    let mut attrs = vec![
        (
            b"objectClass".to_vec(),
            class.iter().map(|c| c.as_bytes().to_vec()).collect(),
        ),
        (b"cn".to_vec(), HashSet::from([code.as_bytes().to_vec()])),
        (
            b"member".to_vec(),
            members.iter().map(|m| m.as_bytes().to_vec()).collect(),
        ),
    ];
    if flavour == Flavour::Ad {
        attrs.push((
            b"sAMAccountName".to_vec(),
            HashSet::from([code.as_bytes().to_vec()]),
        ));
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
            owner_filter("employeeNumber", "*)(uid=*"),
            "(employeeNumber=\\2a\\29\\28uid=\\2a)"
        );
        assert_eq!(
            owner_filter("employeeNumber", "a\\b"),
            "(employeeNumber=a\\5cb)"
        );
        assert_eq!(
            group_dn("ESOBES", "ou=systems,dc=enbek,dc=kz"),
            "cn=ESOBES,ou=systems,dc=enbek,dc=kz"
        );
    }

    #[test]
    fn entries_of_both_flavours() {
        let p = obrien();
        let ol = new_entry(
            Flavour::OpenLdap,
            &p,
            "ou=people,dc=enbek,dc=kz",
            "uid",
            "employeeNumber",
        );
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
        let ad = new_entry(
            Flavour::Ad,
            &p,
            "OU=People,DC=enbek,DC=kz",
            "cn",
            "employeeNumber",
        );
        assert_eq!(
            get(&ad, "userPrincipalName").unwrap(),
            HashSet::from(["obrien.j@enbek.kz".to_owned()])
        );
        assert!(get(&ad, "uid").is_none());
        // The RDN's value is in the entry: AD's single cn is the login; OpenLDAP named by cn
        // gets the login beside the full name.
        assert_eq!(
            get(&ad, "cn").unwrap(),
            HashSet::from(["obrien.j".to_owned()])
        );
        assert_eq!(
            get(&ad, "displayName").unwrap(),
            HashSet::from([p.full_name()])
        );
        let by_cn = new_entry(Flavour::OpenLdap, &p, "ou=people", "cn", "employeeNumber");
        assert_eq!(
            get(&by_cn, "cn").unwrap(),
            HashSet::from([p.full_name(), "obrien.j".to_owned()])
        );
        assert_eq!(upn_domain("ou=people, dc=enbek , dc=kz"), "enbek.kz");
    }

    fn value<'a>(attrs: &'a Attrs, k: &str) -> Option<&'a HashSet<Vec<u8>>> {
        attrs
            .iter()
            .find(|(a, _)| a == k.as_bytes())
            .map(|(_, v)| v)
    }

    #[test]
    fn ad_create_lock_and_password() {
        let p = obrien();
        let with = create_attrs(
            Flavour::Ad,
            &p,
            ("OU=People,DC=enbek,DC=kz", "cn", "employeeNumber"),
            Some("Temp23456789abcd"),
        );
        let one = |v: &[u8]| HashSet::from([v.to_vec()]);
        assert_eq!(
            value(&with, "userAccountControl"),
            Some(&one(b"512")),
            "enabled"
        );
        assert_eq!(
            value(&with, "pwdLastSet"),
            Some(&one(b"0")),
            "change at next logon"
        );
        let pwd = value(&with, "unicodePwd")
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .clone();
        assert_eq!(&pwd[..4], &[b'"', 0, b'T', 0], "UTF-16LE, quoted");
        let without = create_attrs(
            Flavour::Ad,
            &p,
            ("OU=People,DC=enbek,DC=kz", "cn", "employeeNumber"),
            None,
        );
        assert_eq!(
            value(&without, "userAccountControl"),
            Some(&one(b"514")),
            "disabled"
        );
        assert!(value(&without, "unicodePwd").is_none());
        // OpenLDAP never carries the password in the Add.
        let ol = create_attrs(
            Flavour::OpenLdap,
            &p,
            ("ou=people", "uid", "employeeNumber"),
            Some("Temp23456789abcd"),
        );
        assert!(value(&ol, "userPassword").is_none() && value(&ol, "userAccountControl").is_none());
        // Locking keeps the other bits (0x10000: the password never expires).
        let replaced = |m: &[ldap3::Mod<Vec<u8>>]| match &m[0] {
            ldap3::Mod::Replace(k, v) => (String::from_utf8(k.clone()).unwrap(), v.clone()),
            _ => panic!("a replace"),
        };
        assert_eq!(
            replaced(&ad_lock(0x10200, true)),
            ("userAccountControl".into(), one(b"66050"))
        );
        assert_eq!(
            replaced(&ad_lock(0x10202, false)),
            ("userAccountControl".into(), one(b"66048"))
        );
        assert_eq!(
            replaced(&openldap_lock(true)),
            ("pwdAccountLockedTime".into(), one(b"000001010000Z"))
        );
        assert_eq!(
            replaced(&openldap_lock(false)),
            ("pwdAccountLockedTime".into(), HashSet::new())
        );
        let (k, v) = replaced(&ad_password("x"));
        assert_eq!(k, "unicodePwd");
        assert_eq!(v.iter().next().unwrap(), &vec![b'"', 0, b'x', 0, b'"', 0]);
        let g = group_attrs(Flavour::Ad, "ESOBES", &["CN=a,OU=People"]);
        assert!(
            value(&g, "objectClass")
                .unwrap()
                .contains(&b"group".to_vec())
        );
        assert_eq!(value(&g, "sAMAccountName"), Some(&one(b"ESOBES")));
        let g = group_attrs(Flavour::OpenLdap, "ESOBES", &["uid=a,ou=people"]);
        assert!(value(&g, "sAMAccountName").is_none());
    }
}
