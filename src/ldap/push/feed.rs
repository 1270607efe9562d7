//! The accounts a round sends, a page at a time: read in login order (keyset paging) in one
//! read transaction per page, planned, their temporary passwords opened, and the rows of their
//! Adds recorded before any of them is sent. A push of a hundred thousand accounts holds a
//! page or two, never the whole list.

use super::*;

/// Accounts read and planned at once.
const PAGE: usize = 2000;

/// The pages of one round.
pub struct Feed<'a> {
    store: &'a Store,
    s: &'a Settings,
    /// Only these logins (a later round: the logins given in place of taken ones).
    only: Option<HashSet<String>>,
    /// The transit key, or why there is none.
    key: Result<&'a TransitKey, &'a str>,
    /// The last login read.
    after: String,
    end: bool,
}

/// One page ready to send, and the entries left out of the run (their temporary password
/// could not be opened: reported, the others go on).
pub struct Page {
    pub items: Vec<Item>,
    pub left_out: Vec<Problem>,
}

impl<'a> Feed<'a> {
    /// Every account (`only: None`), or only these logins; `key` opens their passwords.
    pub fn new(
        store: &'a Store,
        s: &'a Settings,
        only: Option<HashSet<String>>,
        key: Result<&'a TransitKey, &'a str>,
    ) -> Feed<'a> {
        Feed {
            store,
            s,
            only,
            key,
            after: String::new(),
            end: false,
        }
    }

    /// Whether more accounts may follow the pages read so far.
    pub fn more(&self) -> bool {
        !self.end
    }

    /// The next page's plans, never empty (`None`: no account left with something to send).
    pub async fn plans(&mut self) -> anyhow::Result<Option<Vec<Item>>> {
        while !self.end {
            let items = self.read_page().await?;
            if !items.is_empty() {
                return Ok(Some(items));
            }
        }
        Ok(None)
    }

    async fn read_page(&mut self) -> anyhow::Result<Vec<Item>> {
        let mut tx = self.store.begin_read().await?;
        directory::push_cache(&mut tx, true).await?;
        let accounts = directory::accounts_for_push(&mut tx, &self.after, PAGE).await?;
        let last = accounts.last().map(|a| a.login.clone());
        let systems = match &last {
            Some(last) => directory::systems_between(&mut tx, &self.after, last).await?,
            None => Default::default(),
        };
        directory::push_cache(&mut tx, false).await?;
        tx.rollback().await?;
        self.end = accounts.len() < PAGE;
        if let Some(last) = last {
            self.after = last;
        }
        let none = Vec::new();
        let s = self.s;
        let wanted = |a: &AccountForPush| self.only.as_ref().is_none_or(|o| o.contains(&a.login));
        Ok(accounts
            .into_iter()
            .filter(wanted)
            .filter_map(|a| {
                let codes = systems.get(&a.login).unwrap_or(&none);
                let ad = s.flavour == Flavour::Ad;
                let plan = super::super::plan::plan(&a, codes, &s.user_rdn, &s.users_base, ad)?;
                // What the push needs no more once planned is not kept.
                let account = AccountForPush {
                    status: String::new(),
                    groups: None,
                    ..a
                };
                Some(Item {
                    plan: Box::new(plan),
                    account: Box::new(account),
                    password: None,
                })
            })
            .collect())
    }

    /// The next page ready to send (`None`: no account left): its temporary passwords opened
    /// (see [`open_passwords`]). Its Adds' rows are recorded by [`Feed::record_intents`].
    pub async fn next(&mut self) -> anyhow::Result<Option<Page>> {
        let Some(mut items) = self.plans().await? else {
            return Ok(None);
        };
        let mut left_out = Vec::new();
        open_passwords(&mut items, self.key, &mut left_out);
        Ok(Some(Page { items, left_out }))
    }

    /// Records the rows of a page's Adds before they are sent, so that a run cut short can
    /// take over its own entries.
    pub async fn record_intents(&self, page: &Page, at: DateTime<Utc>) -> anyhow::Result<()> {
        let mut intents: Vec<Pushed> = page.items.iter().filter_map(|i| i.plan.intent()).collect();
        record(self.store, &mut intents, at).await
    }

    /// The next page, its Adds' rows recorded.
    pub async fn next_recorded(&mut self, at: DateTime<Utc>) -> anyhow::Result<Option<Page>> {
        let page = self.next().await?;
        if let Some(p) = &page {
            self.record_intents(p, at).await?;
        }
        Ok(page)
    }
}

/// Opens the sealed temporary passwords. An item whose password cannot be opened (no key, or
/// a key that does not open it) is left out of this run and reported; the others go on, so
/// that blocks are pushed even when the key is missing.
fn open_passwords(
    items: &mut Vec<Item>,
    key: Result<&TransitKey, &str>,
    left_out: &mut Vec<Problem>,
) {
    items.retain_mut(|i| {
        if !i.plan.steps.contains(&Step::Password) {
            return true;
        }
        let sealed = i.account.password_sealed.as_deref().unwrap_or_default();
        match key.map(|k| k.open(&i.account.login, sealed)) {
            Ok(Ok(pw)) => {
                i.password = Some(pw);
                // Opened: the sealed copy is not needed in memory any more.
                i.account.password_sealed = None;
                true
            }
            Ok(Err(e)) => {
                left_out.push(Problem::new(&i.plan.dn, e.to_string()));
                false
            }
            Err(why) => {
                left_out.push(Problem::new(&i.plan.dn, why.to_owned()));
                false
            }
        }
    })
}
