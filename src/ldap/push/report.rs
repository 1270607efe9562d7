//! What a push did, and what went wrong with which entry.

/// Something that went wrong with one entry or group.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub dn: String,
    pub detail: String,
}

impl Problem {
    pub(super) fn new(dn: &str, detail: String) -> Problem {
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
