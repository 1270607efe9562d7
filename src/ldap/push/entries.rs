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
