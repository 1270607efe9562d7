//! What skud pushed to the directory, entry by entry (`ldap sync --push`), and the accounts as
//! the push needs them.

use super::backend::{Backend, on_backend};
use super::{Store, Tx, on_pool, on_tx};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// An account as the push compares it with what was pushed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountForPush {
    pub login: String,
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    /// From the latest order that gives one; read only for accounts without an entry.
    pub email: Option<String>,
    pub status: String,
    pub issued_at: DateTime<Utc>,
    pub password_sealed: Option<String>,
    pub dn: Option<String>,
    pub created: Option<bool>,
    pub password_issue: Option<DateTime<Utc>>,
    pub locked: Option<bool>,
    pub groups: Option<String>,
}

/// The system codes of every account, sorted.
pub async fn systems_by_login(tx: &mut Tx) -> Result<HashMap<String, Vec<String>>, sqlx::Error> {
    let rows: Vec<(String, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT login, system_code FROM account_systems ORDER BY login, system_code")
        .fetch_all(&mut **c).await)?;
    let mut systems: HashMap<String, Vec<String>> = HashMap::new();
    for (login, code) in rows {
        systems.entry(login).or_default().push(code);
    }
    Ok(systems)
}

/// Every account with its pushed state, streamed into `each` (a sync of a hundred thousand
/// accounts keeps only those with something to send).
pub async fn each_account_for_push(
    tx: &mut Tx,
    mut each: impl FnMut(AccountForPush),
) -> Result<(), sqlx::Error> {
    use futures_util::TryStreamExt;
    const SQL: &str = "SELECT a.login, a.iin, a.surname, a.name, a.patronymic, \
        CASE WHEN d.login IS NULL THEN (SELECT o.email FROM orders o WHERE o.iin = a.iin \
            AND o.email IS NOT NULL AND o.email <> '' ORDER BY o.order_date DESC, o.id DESC LIMIT 1) END AS email, \
        a.status, a.issued_at, a.password_sealed, d.dn, d.created, d.password_issue, d.locked, d.groups \
        FROM accounts a LEFT JOIN directory_entries d ON d.login = a.login ORDER BY a.login";
    on_tx!(tx, c => {
        let mut rows = sqlx::query_as::<_, AccountForPush>(SQL).fetch(&mut **c);
        while let Some(a) = rows.try_next().await? {
            each(a);
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// SQLite: the page cache of this transaction's connection while a push reads or records a
/// hundred thousand accounts (`small`), or as usual again. The push scans the accounts
/// sequentially: the usual cache of a bulk import would only hold memory. PostgreSQL: nothing.
pub async fn push_cache(tx: &mut Tx, small: bool) -> Result<(), sqlx::Error> {
    if let Tx::Sqlite(c) = tx {
        let sql = if small {
            "PRAGMA cache_size = -4096"
        } else {
            crate::store::SQLITE_CACHE_PRAGMA
        };
        sqlx::query(sql).execute(&mut **c).await?;
    }
    Ok(())
}

/// One entry's state as the directory confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub login: String,
    pub dn: String,
    /// The directory confirmed the Add (false: about to be sent, see the migration).
    pub created: bool,
    pub password_issue: Option<DateTime<Utc>>,
    pub locked: bool,
    /// Sorted system codes, joined by ','.
    pub groups: String,
}

/// How a directory state replaces the one recorded (after the rows to insert).
pub(super) const ENTRY_UPSERT: &str = " ON CONFLICT (login) DO UPDATE SET dn = excluded.dn, \
    created = excluded.created, password_issue = excluded.password_issue, locked = excluded.locked, \
    groups = excluded.groups, pushed_at = excluded.pushed_at";

/// Records confirmed states (insert or replace), then clears the sealed temporary passwords the
/// directory now has: those whose issue is the one pushed (a reissue since keeps its own).
pub async fn record(tx: &mut Tx, rows: &[Pushed], at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    const CHUNK: usize = 1000;
    for chunk in rows.chunks(CHUNK) {
        on_backend!(tx, B, c => B::record_entries(c, chunk, at).await)?;
    }
    on_tx!(tx, c => sqlx::query(
        "UPDATE accounts SET password_sealed = NULL WHERE password_sealed IS NOT NULL AND EXISTS \
         (SELECT 1 FROM directory_entries d WHERE d.login = accounts.login AND d.password_issue = accounts.issued_at)")
        .execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets the rows of Adds that found somebody else's entry at the DN: a later run must not
/// take that entry over.
pub async fn forget_unconfirmed(tx: &mut Tx, logins: &[String]) -> Result<(), sqlx::Error> {
    for login in logins {
        on_tx!(tx, c => sqlx::query("DELETE FROM directory_entries WHERE login = $1 AND created = $2")
            .bind(login).bind(false).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Records logins the directory holds (whoever made their entries); a login already recorded
/// keeps its first DN. Returns how many were new.
pub async fn record_logins(
    tx: &mut Tx,
    logins: &[(String, String)],
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    const CHUNK: usize = 1000;
    let mut new = 0;
    for chunk in logins.chunks(CHUNK) {
        new += on_backend!(tx, B, c => B::record_logins(c, chunk, at).await)?;
    }
    Ok(new)
}

/// Every login the directory was seen to hold (§26: never issued by skud).
pub async fn directory_logins(tx: &mut Tx) -> Result<HashSet<String>, sqlx::Error> {
    let v: Vec<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT login FROM directory_logins")
        .fetch_all(&mut **c).await)?;
    Ok(v.into_iter().collect())
}

/// Whether the directory was seen to hold a login.
pub async fn held(store: &Store, login: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on_pool!(store, p => sqlx::query_scalar("SELECT count(*) FROM directory_logins WHERE login = $1")
        .bind(login).fetch_one(p).await)?;
    Ok(n > 0)
}
