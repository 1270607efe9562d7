//! Which of the directory's existing entries become governed accounts (`skud ldap adopt`).
//!
//! A ministry's directory holds accounts made before skud. Those of people on record (an HR
//! order names their IIN) are governed like any other account from then on: §28 counts their
//! inactivity, §30 blocks them on dismissal, §27 moves their rights. Everything else is left
//! exactly as it is, and said why:
//!
//! - the directory's own critical objects (AD's `isCriticalSystemObject`: Administrator,
//!   krbtgt, ...) and members of `[ldap] protected_groups`: never adopted, never touched;
//! - entries with no recognisable IIN: service accounts, kiosks, shared mailboxes;
//! - entries whose IIN names nobody on record, or whose login is already another person's
//!   account (§26: one login is never two people's).

use super::iin::Iin;

/// Why an entry was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// AD's critical system objects.
    CriticalSystemObject,
    /// A member of a protected group.
    ProtectedGroup,
    /// No login attribute (uid / sAMAccountName).
    NoLogin,
    /// No IIN in the IIN attribute, or a value that is not one: a service account.
    NoIin,
    /// Twelve digits that fail the IIN check: likely a typing error in a person's entry.
    InvalidIin,
    /// A valid IIN that no HR order names.
    NotOnRecord,
    /// The login is already a skud account of another person (§26).
    LoginOfAnother,
    /// skud issued this login once, found it held in the directory by this entry, and gave its
    /// account another login: the entry is not skud's (§26).
    LoginReplaced,
}

impl LeftOut {
    /// The stable code (`--json`, `--out`).
    pub fn code(self) -> &'static str {
        match self {
            LeftOut::CriticalSystemObject => "critical_system_object",
            LeftOut::ProtectedGroup => "protected_group",
            LeftOut::NoLogin => "no_login",
            LeftOut::NoIin => "no_iin",
            LeftOut::InvalidIin => "invalid_iin",
            LeftOut::NotOnRecord => "not_on_record",
            LeftOut::LoginOfAnother => "login_of_another",
            LeftOut::LoginReplaced => "login_replaced",
        }
    }

    /// Whether a person must look: the entry seems to be a person's (it has an IIN, or twelve
    /// digits where the IIN goes) and yet could not be adopted. Critical objects and protected
    /// groups are left out by design; entries without an IIN are service accounts.
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            LeftOut::InvalidIin | LeftOut::NotOnRecord | LeftOut::LoginOfAnother | LeftOut::NoLogin
        )
    }
}

/// What becomes of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Becomes a governed account of the person with this IIN.
    Adopt(Iin),
    /// Already governed (an account of skud's with this login and IIN).
    Already,
    LeftOut(LeftOut),
}

/// An entry as the rule needs it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub login: Option<&'a str>,
    pub iin: Option<&'a str>,
    pub critical: bool,
    pub protected: bool,
}

/// The verdict on one entry. `account_iin` is the IIN of the skud account with the entry's
/// login, if there is one; `on_record` says whether an HR order names an IIN.
pub fn verdict(
    c: Candidate<'_>,
    account_iin: Option<&str>,
    on_record: impl Fn(&Iin) -> bool,
) -> Verdict {
    if c.critical {
        return Verdict::LeftOut(LeftOut::CriticalSystemObject);
    }
    if c.protected {
        return Verdict::LeftOut(LeftOut::ProtectedGroup);
    }
    let raw = c.iin.map(str::trim).filter(|v| !v.is_empty());
    let iin = match raw.map(Iin::parse) {
        None => return Verdict::LeftOut(LeftOut::NoIin),
        Some(Ok(iin)) => iin,
        Some(Err(_)) => {
            let digits =
                raw.is_some_and(|v| v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()));
            return Verdict::LeftOut(if digits {
                LeftOut::InvalidIin
            } else {
                LeftOut::NoIin
            });
        }
    };
    if c.login.is_none_or(str::is_empty) {
        return Verdict::LeftOut(LeftOut::NoLogin);
    }
    match account_iin {
        Some(a) if a == iin.as_str() => return Verdict::Already,
        Some(_) => return Verdict::LeftOut(LeftOut::LoginOfAnother),
        None => {}
    }
    if !on_record(&iin) {
        return Verdict::LeftOut(LeftOut::NotOnRecord);
    }
    Verdict::Adopt(iin)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IIN: &str = "880808300014";

    fn c<'a>(login: Option<&'a str>, iin: Option<&'a str>) -> Candidate<'a> {
        Candidate {
            login,
            iin,
            critical: false,
            protected: false,
        }
    }

    #[test]
    fn every_verdict() {
        let yes = |_: &Iin| true;
        let no = |_: &Iin| false;
        assert!(
            matches!(verdict(c(Some("p"), Some(IIN)), None, yes), Verdict::Adopt(i) if i.as_str() == IIN)
        );
        assert_eq!(
            verdict(c(Some("p"), Some(IIN)), Some(IIN), yes),
            Verdict::Already
        );
        assert_eq!(
            verdict(c(Some("p"), Some(IIN)), Some("900101300017"), yes),
            Verdict::LeftOut(LeftOut::LoginOfAnother)
        );
        assert_eq!(
            verdict(c(Some("p"), Some(IIN)), None, no),
            Verdict::LeftOut(LeftOut::NotOnRecord)
        );
        assert_eq!(
            verdict(c(Some("svc"), None), None, yes),
            Verdict::LeftOut(LeftOut::NoIin)
        );
        assert_eq!(
            verdict(c(Some("svc"), Some("n/a")), None, yes),
            Verdict::LeftOut(LeftOut::NoIin)
        );
        assert_eq!(
            verdict(c(Some("p"), Some("880808300019")), None, yes),
            Verdict::LeftOut(LeftOut::InvalidIin)
        );
        assert_eq!(
            verdict(c(None, Some(IIN)), None, yes),
            Verdict::LeftOut(LeftOut::NoLogin)
        );
        let mut k = c(Some("administrator"), Some(IIN));
        k.critical = true;
        assert_eq!(
            verdict(k, None, yes),
            Verdict::LeftOut(LeftOut::CriticalSystemObject)
        );
        let mut p = c(Some("boss"), Some(IIN));
        p.protected = true;
        assert_eq!(
            verdict(p, None, yes),
            Verdict::LeftOut(LeftOut::ProtectedGroup)
        );
        assert!(LeftOut::NotOnRecord.needs_attention());
        assert!(!LeftOut::NoIin.needs_attention());
        assert!(!LeftOut::ProtectedGroup.needs_attention());
    }
}
