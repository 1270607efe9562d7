//! What a push must send for one account: skud's record of the account against what the
//! directory confirmed last time (pure: tested without a server).
//!
//! - No entry yet: create it (not for a blocked account: there is nothing to lock), set the
//!   temporary password (the directory then forces a change at first login, §24), and put it
//!   into the groups of its systems.
//! - A new temporary password since the last push (reactivation, §29): set it.
//! - Blocked (§28, §30, or on request) and not yet locked: lock; no longer blocked: unlock.
//! - Groups: into those of its systems, out of those skud put it in and it no longer has
//!   (§27). A membership skud did not make is not skud's to remove.
//!
//! Nothing to do gives no plan: a sync with nothing changed sends nothing.

use super::entry::user_dn;
use crate::store::directory::{AccountForPush, Pushed};
use chrono::{DateTime, Utc};

/// One operation on the user's entry, in the order they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Create,
    Password,
    Lock,
    Unlock,
}

/// What to send for one account, and what to record once the directory confirmed it.
#[derive(Debug, Clone)]
pub struct EntryPlan {
    pub dn: String,
    pub steps: Vec<Step>,
    /// An earlier run sent this Add and was cut short before recording it: an entry found at
    /// the DN is taken over when it is this person's. Otherwise an entry there is somebody
    /// else's, even with the same IIN, and is left alone.
    pub adopt: bool,
    pub add_groups: Vec<String>,
    pub remove_groups: Vec<String>,
    /// A temporary password was issued but skud has no sealed copy to send (issued before the
    /// directory was configured): the entry gets none and stays locked; the administrator must
    /// act.
    pub missing_password: bool,
    /// The state once the entry's steps are confirmed (groups as before).
    pub after_entry: Pushed,
    /// The groups once the group changes are confirmed too (see [`EntryPlan::target`]).
    pub target_groups: String,
}

impl EntryPlan {
    /// The state once the group changes are confirmed too.
    #[cfg(test)]
    pub fn target(&self) -> Pushed {
        Pushed {
            groups: self.target_groups.clone(),
            ..self.after_entry.clone()
        }
    }

    /// Whether the group changes change the state recorded.
    pub fn groups_change(&self) -> bool {
        self.after_entry.groups != self.target_groups
    }

    /// The row written before a new entry's Add is sent (see [`EntryPlan::adopt`]).
    pub fn intent(&self) -> Option<Pushed> {
        (self.steps.contains(&Step::Create) && !self.adopt).then(|| Pushed {
            created: false,
            password_issue: None,
            locked: false,
            groups: String::new(),
            ..self.after_entry.clone()
        })
    }
}

fn split_groups(g: Option<&str>) -> Vec<String> {
    g.unwrap_or("")
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The plan for one account with its system codes, or `None` when nothing is to be sent.
/// `created_disabled` says that an entry made without a password is disabled (AD).
pub fn plan(
    a: &AccountForPush,
    systems: &[String],
    user_rdn: &str,
    users_base: &str,
    created_disabled: bool,
) -> Option<EntryPlan> {
    let blocked = a.status == "blocked";
    let sealed = a.password_sealed.is_some();
    let issue: Option<DateTime<Utc>> = Some(a.issued_at);
    let confirmed = a.dn.is_some() && a.created != Some(false);
    let mut steps = Vec::new();
    let mut missing_password = false;
    let mut password_issue = if confirmed { a.password_issue } else { None };
    // A new temporary password is sent while its sealed copy waits (and the account is not
    // blocked); one issued with no copy to send is reported once.
    let password = |steps: &mut Vec<Step>, missing: &mut bool, pushed: &mut Option<_>| {
        if blocked {
            return;
        }
        if sealed {
            steps.push(Step::Password);
        } else if *pushed != issue {
            *missing = true;
        }
        *pushed = issue;
    };
    let (dn, pushed_groups, locked) = if confirmed {
        password(&mut steps, &mut missing_password, &mut password_issue);
        let was_locked = a.locked.unwrap_or(false);
        let locked = match (blocked, was_locked) {
            (true, false) => {
                steps.push(Step::Lock);
                true
            }
            // Unlocked only with a new password to open it (§29), never with the old one.
            (false, true) if steps.contains(&Step::Password) => {
                steps.push(Step::Unlock);
                false
            }
            _ => was_locked,
        };
        let dn = a.dn.clone().unwrap_or_default();
        (dn, split_groups(a.groups.as_deref()), locked)
    } else {
        // No entry yet, or an Add not confirmed.
        if blocked && a.dn.is_none() {
            return None;
        }
        steps.push(Step::Create);
        password(&mut steps, &mut missing_password, &mut password_issue);
        if blocked {
            steps.push(Step::Lock);
        }
        let dn =
            a.dn.clone()
                .unwrap_or_else(|| user_dn(user_rdn, &a.login, users_base));
        let disabled = created_disabled && !steps.contains(&Step::Password);
        (dn, Vec::new(), blocked || disabled)
    };
    let mut want: Vec<String> = systems.to_vec();
    want.sort();
    want.dedup();
    let add_groups: Vec<String> = want
        .iter()
        .filter(|g| !pushed_groups.contains(g))
        .cloned()
        .collect();
    let remove_groups: Vec<String> = pushed_groups
        .iter()
        .filter(|g| !want.contains(g))
        .cloned()
        .collect();
    if steps.is_empty() && add_groups.is_empty() && remove_groups.is_empty() && !missing_password {
        return None;
    }
    let after_entry = Pushed {
        login: a.login.clone(),
        dn: dn.clone(),
        created: true,
        password_issue,
        locked,
        groups: pushed_groups.join(","),
    };
    Some(EntryPlan {
        dn,
        adopt: a.dn.is_some() && !confirmed,
        steps,
        add_groups,
        remove_groups,
        missing_password,
        after_entry,
        target_groups: want.join(","),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const BASE: &str = "ou=people,dc=enbek,dc=kz";

    fn account(status: &str) -> AccountForPush {
        AccountForPush {
            login: "petrov.is".into(),
            iin: "880808300018".into(),
            surname: "Петров".into(),
            name: "Иван".into(),
            patronymic: Some("Сергеевич".into()),
            email: None,
            status: status.into(),
            issued_at: Utc.with_ymd_and_hms(2026, 11, 20, 5, 0, 0).unwrap(),
            password_sealed: Some("sealed".into()),
            dn: None,
            created: None,
            password_issue: None,
            locked: None,
            groups: None,
        }
    }

    fn pushed(a: &mut AccountForPush, locked: bool, groups: &str) {
        a.dn = Some(format!("uid={},{BASE}", a.login));
        a.created = Some(true);
        a.password_issue = Some(a.issued_at);
        a.password_sealed = None;
        a.locked = Some(locked);
        a.groups = Some(groups.into());
    }

    fn codes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_new_account_is_created_with_its_password_and_groups() {
        let a = account("pending");
        let p = plan(&a, &codes(&["ESOBES", "ASP"]), "uid", BASE, false).unwrap();
        assert_eq!(p.dn, "uid=petrov.is,ou=people,dc=enbek,dc=kz");
        assert_eq!(p.steps, [Step::Create, Step::Password]);
        assert_eq!(p.add_groups, codes(&["ASP", "ESOBES"]));
        assert!(p.remove_groups.is_empty());
        assert_eq!(p.after_entry.groups, "");
        assert_eq!(p.target().groups, "ASP,ESOBES");
        assert_eq!(p.target().password_issue, Some(a.issued_at));
        assert!(!p.target().locked);
    }

    #[test]
    fn nothing_changed_gives_no_plan() {
        let mut a = account("active");
        pushed(&mut a, false, "ASP,ESOBES");
        assert!(plan(&a, &codes(&["ASP", "ESOBES"]), "uid", BASE, false).is_none());
        let mut b = account("blocked");
        pushed(&mut b, true, "ASP");
        assert!(plan(&b, &codes(&["ASP"]), "uid", BASE, false).is_none());
        // Blocked before it ever reached the directory: nothing to lock.
        assert!(plan(&account("blocked"), &codes(&["ASP"]), "uid", BASE, false).is_none());
    }

    #[test]
    fn block_locks_and_reactivation_sets_a_new_password_then_unlocks() {
        let mut a = account("blocked");
        pushed(&mut a, false, "ASP");
        let p = plan(&a, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        assert_eq!(p.steps, [Step::Lock]);
        assert!(p.target().locked);
        let mut r = account("pending");
        pushed(&mut r, true, "ASP");
        r.issued_at = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        r.password_sealed = Some("new".into());
        let p = plan(&r, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        assert_eq!(p.steps, [Step::Password, Step::Unlock]);
        assert_eq!(p.target().password_issue, Some(r.issued_at));
        assert!(!p.target().locked);
    }

    #[test]
    fn rights_changed_moves_groups() {
        let mut a = account("active");
        pushed(&mut a, false, "ASP,ESOBES");
        let p = plan(&a, &codes(&["ESOBES", "IS-TRUD"]), "uid", BASE, false).unwrap();
        assert!(p.steps.is_empty());
        assert_eq!(p.add_groups, codes(&["IS-TRUD"]));
        assert_eq!(p.remove_groups, codes(&["ASP"]));
        assert_eq!(p.after_entry.groups, "ASP,ESOBES");
        assert_eq!(p.target().groups, "ESOBES,IS-TRUD");
    }

    #[test]
    fn an_issue_without_a_sealed_password_is_reported_once() {
        let mut a = account("pending");
        a.password_sealed = None;
        let p = plan(&a, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        assert_eq!(p.steps, [Step::Create]);
        assert!(p.missing_password);
        // Recorded as dealt with: the next plan is empty.
        a.dn = Some(p.target().dn.clone());
        a.created = Some(true);
        a.password_issue = p.target().password_issue;
        a.locked = Some(p.target().locked);
        a.groups = Some(p.target().groups.clone());
        assert!(plan(&a, &codes(&["ASP"]), "uid", BASE, false).is_none());
    }

    #[test]
    fn an_add_cut_short_is_taken_over_and_only_that_one() {
        let a = account("pending");
        let p = plan(&a, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        let intent = p.intent().unwrap();
        assert!(!intent.created && !p.adopt);
        let mut b = account("pending");
        b.dn = Some(intent.dn.clone());
        b.created = Some(false);
        let q = plan(&b, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        assert!(q.adopt && q.intent().is_none());
        assert_eq!(q.steps, [Step::Create, Step::Password]);
        // Blocked in between: taken over and locked, no password.
        b.status = "blocked".into();
        b.password_sealed = None;
        let r = plan(&b, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        assert_eq!(r.steps, [Step::Create, Step::Lock]);
        assert!(!r.missing_password && r.target().locked);
    }

    #[test]
    fn no_unlock_without_a_new_password() {
        let mut r = account("pending");
        pushed(&mut r, true, "ASP");
        r.issued_at = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        r.password_sealed = None;
        let p = plan(&r, &codes(&["ASP"]), "uid", BASE, false).unwrap();
        assert!(p.steps.is_empty() && p.missing_password);
        assert!(p.target().locked, "stays locked with the old password");
        // AD makes an entry without a password disabled, and records it so.
        let mut n = account("pending");
        n.password_sealed = None;
        let p = plan(&n, &codes(&["ASP"]), "cn", BASE, true).unwrap();
        assert!(p.target().locked && p.missing_password);
        let p = plan(&account("pending"), &codes(&["ASP"]), "cn", BASE, true).unwrap();
        assert!(!p.target().locked);
    }
}
