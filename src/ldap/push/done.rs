//! The entries done in a run whose groups change: what the group phase needs once every entry
//! is sent, kept compact (one text buffer for the logins and DNs, groups as numbers), about
//! 100 bytes an entry instead of a whole plan.

use super::*;
use std::collections::HashMap;

/// One entry: its login, DN and groups end where the next entry's begin.
struct Row {
    login_end: usize,
    dn_end: usize,
    /// Its groups to join, then to leave, in [`Done::gids`].
    gids_end: usize,
    adds: usize,
    /// Its groups once the changes are confirmed, in [`Done::targets`].
    target: usize,
}

#[derive(Default)]
pub(super) struct Done {
    text: String,
    rows: Vec<Row>,
    gids: Vec<usize>,
    /// Group codes, by number.
    codes: Vec<String>,
    code_ids: HashMap<String, usize>,
    /// The groups of an entry once confirmed (as recorded: sorted codes, ',' between).
    targets: Vec<String>,
    target_ids: HashMap<String, usize>,
}

fn intern(list: &mut Vec<String>, ids: &mut HashMap<String, usize>, v: &str) -> usize {
    if let Some(&id) = ids.get(v) {
        return id;
    }
    list.push(v.to_owned());
    ids.insert(v.to_owned(), list.len() - 1);
    list.len() - 1
}

/// One entry as the group phase sees it.
pub(super) struct Entry<'a> {
    pub login: &'a str,
    pub dn: &'a str,
    pub adds: &'a [usize],
    pub removes: &'a [usize],
    pub target: &'a str,
}

impl Done {
    /// Notes an entry done, when its groups change.
    pub fn push(&mut self, plan: &EntryPlan) {
        if !plan.groups_change() {
            return;
        }
        self.text.push_str(&plan.after_entry.login);
        let login_end = self.text.len();
        self.text.push_str(&plan.dn);
        for g in plan.add_groups.iter().chain(&plan.remove_groups) {
            let id = intern(&mut self.codes, &mut self.code_ids, g);
            self.gids.push(id);
        }
        let target = intern(&mut self.targets, &mut self.target_ids, &plan.target_groups);
        self.rows.push(Row {
            login_end,
            dn_end: self.text.len(),
            gids_end: self.gids.len(),
            adds: plan.add_groups.len(),
            target,
        });
    }

    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        let mut text_at = 0;
        let mut gids_at = 0;
        self.rows.iter().map(move |r| {
            let gids = self.gids.get(gids_at..r.gids_end).unwrap_or_default();
            let (adds, removes) = gids.split_at(r.adds.min(gids.len()));
            let e = Entry {
                login: self.text.get(text_at..r.login_end).unwrap_or_default(),
                dn: self.text.get(r.login_end..r.dn_end).unwrap_or_default(),
                adds,
                removes,
                target: self.targets.get(r.target).map_or("", String::as_str),
            };
            text_at = r.dn_end;
            gids_at = r.gids_end;
            e
        })
    }

    /// The groups, by code (their numbers with them).
    pub fn groups(&self) -> Vec<(usize, &str)> {
        let mut g: Vec<(usize, &str)> = self
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.as_str()))
            .collect();
        g.sort_by(|a, b| a.1.cmp(b.1));
        g
    }

    /// The DNs of the entries to add to, and to remove from, one group.
    pub fn members(&self, gid: usize) -> (Vec<&str>, Vec<&str>) {
        let (mut adds, mut removes) = (Vec::new(), Vec::new());
        for e in self.entries() {
            if e.adds.contains(&gid) {
                adds.push(e.dn);
            }
            if e.removes.contains(&gid) {
                removes.push(e.dn);
            }
        }
        (adds, removes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_as_noted() {
        let mut done = Done::default();
        let p = |login: &str, add: &[&str], remove: &[&str], target: &str| {
            let mut plan = EntryPlan {
                dn: format!("uid={login},ou=people"),
                steps: Vec::new(),
                adopt: false,
                add_groups: add.iter().map(|s| (*s).to_owned()).collect(),
                remove_groups: remove.iter().map(|s| (*s).to_owned()).collect(),
                missing_password: false,
                after_entry: Pushed {
                    login: login.into(),
                    dn: String::new(),
                    created: true,
                    password_issue: None,
                    locked: false,
                    groups: "OLD".into(),
                },
                target_groups: target.into(),
            };
            plan.after_entry.dn = plan.dn.clone();
            plan
        };
        done.push(&p("a", &["ESOBES", "ASP"], &[], "ASP,ESOBES"));
        done.push(&p("b", &[], &[], "OLD"));
        done.push(&p("c", &["ASP"], &["OLD"], "ASP"));
        let all: Vec<_> = done.entries().collect();
        assert_eq!(all.len(), 2, "b's groups do not change");
        assert_eq!(
            (all[1].login, all[1].dn, all[1].target),
            ("c", "uid=c,ou=people", "ASP")
        );
        let groups = done.groups();
        let codes: Vec<&str> = groups.iter().map(|g| g.1).collect();
        assert_eq!(codes, ["ASP", "ESOBES", "OLD"]);
        let asp = groups[0].0;
        assert_eq!(done.members(asp).0, ["uid=a,ou=people", "uid=c,ou=people"]);
        assert_eq!(done.members(groups[2].0), (vec![], vec!["uid=c,ou=people"]));
    }
}
