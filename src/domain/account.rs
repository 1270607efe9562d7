//! Accounts and their states (§24, §28, §29, §30).
//!
//! An account is `pending` from the issue of its login and temporary password until the user
//! replaces the password at first login (§24: registration is complete), then `active`;
//! `blocked`, with its reason, until a reactivation request (§29) is answered.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    Pending,
    Active,
    Blocked,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Pending => "pending",
            AccountStatus::Active => "active",
            AccountStatus::Blocked => "blocked",
        }
    }

    pub fn parse(s: &str) -> Option<AccountStatus> {
        match s {
            "pending" => Some(AccountStatus::Pending),
            "active" => Some(AccountStatus::Active),
            "blocked" => Some(AccountStatus::Blocked),
            _ => None,
        }
    }
}

super::stored_as_text!(AccountStatus, "account status", [Pending, Active, Blocked]);

/// Why an account was blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockReason {
    /// No login for more than 30 calendar days (§28).
    Inactivity,
    /// The holder's dismissal has taken effect (§30).
    Dismissal,
    /// A block request (Appendix 2).
    Request,
    /// A breach of information security was found (§28).
    Security,
    /// The directory holds it locked or disabled (found so when adopted), or refused its
    /// temporary password: a reactivation (§29) issues a new one.
    Directory,
}

impl BlockReason {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockReason::Inactivity => "inactivity",
            BlockReason::Dismissal => "dismissal",
            BlockReason::Request => "request",
            BlockReason::Security => "security",
            BlockReason::Directory => "directory",
        }
    }
}

super::stored_as_text!(
    BlockReason,
    "block reason",
    [Inactivity, Dismissal, Request, Security, Directory]
);

/// What a password change reported for an account does (§24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    /// The temporary password was replaced: registration is complete.
    CompletesRegistration,
    /// The account was already active: only the time is recorded.
    AlreadyActive,
    /// A blocked account stays blocked until reactivated (§29).
    Blocked,
    /// The change is dated before the temporary password was issued: it cannot be the
    /// replacement of that password.
    BeforeIssue,
}

/// §24: registration completes when the temporary password is replaced after its issue.
pub fn password_change(
    status: AccountStatus,
    issued_at: chrono::DateTime<chrono::Utc>,
    changed_at: chrono::DateTime<chrono::Utc>,
) -> PasswordChange {
    if changed_at < issued_at {
        return PasswordChange::BeforeIssue;
    }
    match status {
        AccountStatus::Pending => PasswordChange::CompletesRegistration,
        AccountStatus::Active => PasswordChange::AlreadyActive,
        AccountStatus::Blocked => PasswordChange::Blocked,
    }
}
