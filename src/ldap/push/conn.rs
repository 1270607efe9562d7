//! The connection as the push uses it, and how the directory's answers are told apart.

use super::*;

/// Why one entry or group was not done.
pub(super) enum Fail {
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
pub(super) fn server_gone(rc: u32) -> bool {
    matches!(rc, 51 | 52)
}

pub(super) fn describe(r: &LdapResult) -> String {
    crate::ldap::describe_result(r.rc, &r.text)
}

/// Whether a refusal is the directory's password policy. AD (Windows and Samba): only its
/// ERROR_PASSWORD_RESTRICTION (`0000052D`), whatever the code, since AD answers other
/// constraint violations (a too long value, a UPN already in the forest) with 19 too.
/// OpenLDAP: constraintViolation from ppolicy's quality checks on the password operation.
pub(super) fn password_policy(flavour: Flavour, r: &LdapResult) -> bool {
    match flavour {
        Flavour::Ad => r.text.to_ascii_uppercase().contains("0000052D"),
        Flavour::OpenLdap => r.rc == 19,
    }
}

/// Whether an Add was refused because another entry holds the login: 68, or Windows' "UPN is
/// not unique in the forest" (`000021C8`, answered with 19).
pub(super) fn login_in_use(r: &LdapResult) -> bool {
    r.rc == 68 || r.text.to_ascii_uppercase().contains("000021C8")
}

/// The connection as the push uses it: every operation has the configured timeout (ldap3's
/// applies to one operation only), is counted, and a transport failure, a timeout or a busy
/// server is `Lost`.
#[derive(Clone)]
pub(super) struct Conn<'a> {
    pub(super) ldap: Ldap,
    pub(super) timeout: Duration,
    pub(super) sent: &'a AtomicU64,
    /// OpenLDAP: the salt length of the `{SSHA}` password the Add carries, 0 while the
    /// password goes by the Password Modify operation (see [`super::entries::probe`]).
    pub(super) in_add: &'a AtomicUsize,
}

impl Conn<'_> {
    pub(super) fn start(&mut self) -> &mut Ldap {
        self.sent.fetch_add(1, Ordering::Relaxed);
        self.ldap.with_timeout(self.timeout)
    }

    pub(super) fn answered(r: Result<LdapResult, ldap3::LdapError>) -> Result<LdapResult, Fail> {
        match r {
            Err(e) => Err(Fail::Lost(e.to_string())),
            Ok(r) if server_gone(r.rc) => Err(Fail::Lost(describe(&r))),
            Ok(r) => Ok(r),
        }
    }

    pub(super) async fn add(&mut self, dn: &str, attrs: entry::Attrs) -> Result<LdapResult, Fail> {
        Self::answered(self.start().add(dn, attrs).await)
    }

    /// An Add with the Relax Rules control (it may carry attributes that are the server's).
    pub(super) async fn add_relaxed(
        &mut self,
        dn: &str,
        attrs: entry::Attrs,
    ) -> Result<LdapResult, Fail> {
        let ldap = self.start();
        ldap.with_controls(relax_rules());
        Self::answered(ldap.add(dn, attrs).await)
    }

    pub(super) async fn modify(
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

    pub(super) async fn set_password(
        &mut self,
        dn: &str,
        password: &str,
    ) -> Result<LdapResult, Fail> {
        let exop = ldap3::exop::PasswordModify {
            user_id: Some(dn),
            old_pass: None,
            new_pass: Some(password),
        };
        Self::answered(self.start().extended(exop).await.map(|r| r.1))
    }

    /// One entry read by its DN (`None`: no such entry, or the filter does not match it).
    pub(super) async fn read(
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

pub(super) fn must_succeed(r: LdapResult, dn: &str, what: &str) -> Result<(), Fail> {
    if r.rc == 0 {
        Ok(())
    } else {
        Err(Fail::Entry(Problem::new(
            dn,
            format!("{what}: {}", describe(&r)),
        )))
    }
}

/// Adding a value that is there, or deleting one that is not, is no error (AD; OpenLDAP for
/// adds). Not critical: where it is not honoured, the group's members are read and the
/// operation repeated with exactly what is missing.
pub(super) fn permissive_modify() -> RawControl {
    RawControl {
        ctype: "1.2.840.113556.1.4.1413".into(),
        crit: false,
        val: None,
    }
}

/// Relax Rules (OpenLDAP): lets an administrator's Add carry `pwdChangedTime`. Critical: a
/// server that does not know it refuses the Add, which is then sent the classic way.
pub(super) fn relax_rules() -> RawControl {
    RawControl {
        ctype: "1.3.6.1.4.1.4203.666.5.12".into(),
        crit: true,
        val: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn result(rc: u32, text: &str) -> LdapResult {
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
    pub(super) fn refusals_are_told_apart() {
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
