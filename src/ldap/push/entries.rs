//! One account's entry: its Add (or the take-over of an entry of skud's own cut-short Add),
//! its temporary password, its lock.

use super::conn::*;
use super::*;

/// An Add was answered "already exists" (68). The entry at the DN is taken over only when an
/// earlier run of skud sent that Add (`plan.adopt`) and it is this person's; then the answer is
/// whether the user has already replaced the temporary password (so it is not sent again).
/// Otherwise the login is taken: by an entry at the DN that skud did not make, or (AD) by
/// another entry with the same sAMAccountName or userPrincipalName.
pub(super) async fn take_over(
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
pub(super) async fn refuse_password(
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
pub(super) async fn lock(c: &mut Conn<'_>, s: &Settings, dn: &str, lock: bool) -> Result<(), Fail> {
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

/// The attributes of an account's new entry (AD: with its password, when given).
fn create_attrs(s: &Settings, item: &Item, password: Option<&str>) -> entry::Attrs {
    let a = &item.account;
    let person = Person {
        login: &a.login,
        surname: &a.surname,
        name: &a.name,
        patronymic: a.patronymic.as_deref(),
        iin: &a.iin,
        email: a.email.as_deref(),
    };
    entry::create_attrs(
        s.flavour,
        &person,
        (&s.users_base, &s.user_rdn, &s.iin_attribute),
        password,
    )
}

/// OpenLDAP: the Add, carrying the temporary password when the probe showed how the server
/// stores it (one write instead of two). Refused for any reason but an entry already there,
/// the Add is sent again the classic way (the password then follows by the Password Modify
/// operation), so the outcome is the classic one. Returns whether the password went in.
async fn add_openldap(
    c: &mut Conn<'_>,
    item: &Item,
    attrs: entry::Attrs,
) -> Result<(LdapResult, bool), Fail> {
    let dn = item.plan.dn.as_str();
    let salt = c.in_add.load(Ordering::Relaxed);
    let wanted = salt > 0 && item.plan.steps.contains(&Step::Password);
    if let Some(pw) = item.password.as_deref().filter(|_| wanted)
        && let Ok(with_password) = entry::openldap_password(pw, salt, crate::context::real_now())
    {
        let mut full = attrs.clone();
        full.extend(with_password);
        let r = c.add_relaxed(dn, full).await?;
        if r.rc == 0 || login_in_use(&r) {
            let done = r.rc == 0;
            return Ok((r, done));
        }
        // Refused as a whole (the control, the access to the password's attributes): the
        // rest of the run goes the classic way.
        if matches!(r.rc, 12 | 19 | 50 | 53) {
            c.in_add.store(0, Ordering::Relaxed);
        }
    }
    Ok((c.add(dn, attrs).await?, false))
}

/// Whether an item is a new entry with its password: the probe's kind.
pub(super) fn fresh(item: &Item) -> bool {
    !item.plan.adopt
        && item.password.is_some()
        && item.plan.steps.starts_with(&[Step::Create, Step::Password])
}

/// The probe (OpenLDAP): one new entry made the classic way (Add, then Password Modify), read
/// back. When the server's Password Modify stored nothing but a `{SSHA}` userPassword,
/// `pwdReset: TRUE` and `pwdChangedTime` — so the binder is the password administrator, whose
/// passwords ppolicy neither checks for quality nor hashes otherwise — the other entries get
/// exactly that in their Add. Returns the salt length of the server's value (0: classic).
pub(super) async fn probe(c: &mut Conn<'_>, s: &Settings, item: &Item) -> Result<usize, Fail> {
    let attrs = vec![
        "*",
        "pwdReset",
        "pwdChangedTime",
        "pwdHistory",
        "pwdGraceUseTime",
        "pwdFailureTime",
        "pwdAccountLockedTime",
        "pwdStartTime",
        "pwdEndTime",
        "pwdLastSuccess",
        "pwdPolicySubentry",
    ];
    let e = match c.read(&item.plan.dn, "(objectClass=*)", attrs).await {
        Ok(e) => e,
        Err(Fail::Lost(l)) => return Err(Fail::Lost(l)),
        Err(_) => None,
    };
    Ok(e.map_or(0, |e| in_add_salt(&e, &create_attrs(s, item, None))))
}

/// See [`probe`] (pure: tested without a server).
pub(super) fn in_add_salt(e: &SearchEntry, created: &entry::Attrs) -> usize {
    use base64::Engine as _;
    let server = ["userPassword", "pwdReset", "pwdChangedTime"];
    let known = |k: &str| {
        server.iter().any(|a| a.eq_ignore_ascii_case(k))
            || created
                .iter()
                .any(|(n, _)| String::from_utf8_lossy(n).eq_ignore_ascii_case(k))
    };
    let names = e.attrs.keys().chain(e.bin_attrs.keys());
    let values = |a: &str| -> Vec<&String> {
        e.attrs
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(a))
            .flat_map(|(_, v)| v)
            .collect()
    };
    let reset = first(e, "pwdReset").is_some_and(|v| v.eq_ignore_ascii_case("TRUE"));
    let pw = values("userPassword");
    let salt = match pw.as_slice() {
        [v] if v.len() > 6 && v[..6].eq_ignore_ascii_case("{SSHA}") => {
            base64::engine::general_purpose::STANDARD
                .decode(&v[6..])
                .map_or(0, |raw| raw.len().saturating_sub(20))
        }
        _ => 0,
    };
    let only_known = names.into_iter().all(|k| known(k));
    if only_known && reset && first(e, "pwdChangedTime").is_some() && (4..=64).contains(&salt) {
        salt
    } else {
        0
    }
}

/// Sends one account's steps, in order; returns those done (a password the user has already
/// replaced in an entry taken over is not sent again).
pub(super) async fn apply_entry(
    c: &mut Conn<'_>,
    s: &Settings,
    item: &Item,
) -> Result<Vec<Step>, Fail> {
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
                let in_add = match s.flavour {
                    Flavour::Ad => item.password.as_deref(),
                    Flavour::OpenLdap => None,
                };
                let attrs = create_attrs(s, item, in_add);
                let (r, pw_in_add) = match s.flavour {
                    Flavour::Ad => (c.add(dn, attrs).await?, in_add.is_some()),
                    Flavour::OpenLdap => add_openldap(c, item, attrs).await?,
                };
                match r.rc {
                    // The password went in the Add: it is set.
                    0 => {
                        password_done = pw_in_add;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn entry(attrs: &[(&str, &str)]) -> SearchEntry {
        SearchEntry {
            dn: "uid=a,ou=people".into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()]))
                .collect::<HashMap<_, _>>(),
            bin_attrs: HashMap::new(),
        }
    }

    /// The password goes in the Add only when the server's own Password Modify stored exactly
    /// what skud's Add can: a `{SSHA}` value (the salt as long), pwdReset and pwdChangedTime.
    #[test]
    fn the_probe_decides_the_password_in_the_add() {
        let created: entry::Attrs = vec![
            (b"uid".to_vec(), Default::default()),
            (b"cn".to_vec(), Default::default()),
        ];
        let ssha = "{SSHA}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 24 bytes: a 4-byte salt
        let good = [
            ("uid", "a"),
            ("CN", "A"),
            ("userPassword", ssha),
            ("pwdReset", "TRUE"),
            ("pwdChangedTime", "20261203150000Z"),
        ];
        assert_eq!(in_add_salt(&entry(&good), &created), 4);
        // Not the password administrator: ppolicy did not mark it reset.
        assert_eq!(in_add_salt(&entry(&good[..4]), &created), 0);
        // Another hash, or something more written by the server (a history, an overlay's).
        let mut other = good;
        other[2] = ("userPassword", "{CRYPT}$6$abc");
        assert_eq!(in_add_salt(&entry(&other), &created), 0);
        let mut more = good.to_vec();
        more.push(("sambaNTPassword", "x"));
        assert_eq!(in_add_salt(&entry(&more), &created), 0);
        // What skud writes is what the probe accepts, and it is the password's.
        let attrs = entry::openldap_password("Temp-2026", 4, crate::context::real_now()).unwrap();
        let pw = String::from_utf8(attrs[0].1.iter().next().unwrap().clone()).unwrap();
        let mut mine = good;
        mine[2] = ("userPassword", &pw);
        assert_eq!(in_add_salt(&entry(&mine), &created), 4);
        use base64::Engine as _;
        use sha1::Digest as _;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(&pw[6..])
            .unwrap();
        let (digest, salt) = raw.split_at(20);
        let mut h = sha1::Sha1::new();
        h.update(b"Temp-2026");
        h.update(salt);
        assert_eq!(h.finalize().as_slice(), digest);
    }
}
