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

/// The system codes of the accounts with logins in `(after, last]`, sorted.
pub async fn systems_between(
    tx: &mut Tx,
    after: &str,
    last: &str,
) -> Result<HashMap<String, Vec<String>>, sqlx::Error> {
    let rows: Vec<(String, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT login, system_code FROM account_systems WHERE login > $1 AND login <= $2 \
         ORDER BY login, system_code")
        .bind(after).bind(last).fetch_all(&mut **c).await)?;
    let mut systems: HashMap<String, Vec<String>> = HashMap::new();
    for (login, code) in rows {
        systems.entry(login).or_default().push(code);
    }
    Ok(systems)
}

/// One page of the accounts with their pushed state: at most `limit`, the first logins after
/// `after` in order (keyset paging: a push of a hundred thousand accounts holds one page).
pub async fn accounts_for_push(
    tx: &mut Tx,
    after: &str,
    limit: usize,
) -> Result<Vec<AccountForPush>, sqlx::Error> {
    const SQL: &str = "SELECT a.login, a.iin, a.surname, a.name, a.patronymic, \
        CASE WHEN d.login IS NULL THEN (SELECT o.email FROM orders o WHERE o.iin = a.iin \
            AND o.email IS NOT NULL AND o.email <> '' ORDER BY o.order_date DESC, o.id DESC LIMIT 1) END AS email, \
        a.status, a.issued_at, a.password_sealed, d.dn, d.created, d.password_issue, d.locked, d.groups \
        FROM accounts a LEFT JOIN directory_entries d ON d.login = a.login \
        WHERE a.login > $1 ORDER BY a.login LIMIT $2";
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    on_tx!(tx, c => sqlx::query_as::<_, AccountForPush>(SQL)
        .bind(after).bind(limit).fetch_all(&mut **c).await)
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
/// directory now has: those of these rows whose issue is the one pushed (a reissue since keeps
/// its own).
pub async fn record(tx: &mut Tx, rows: &[Pushed], at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    const CHUNK: usize = 1000;
    for chunk in rows.chunks(CHUNK) {
        on_backend!(tx, B, c => B::record_entries(c, chunk, at).await)?;
        let sql = format!(
            "UPDATE accounts SET password_sealed = NULL WHERE login IN ({}) \
             AND password_sealed IS NOT NULL AND EXISTS (SELECT 1 FROM directory_entries d \
             WHERE d.login = accounts.login AND d.password_issue = accounts.issued_at)",
            placeholders(1, chunk.len())
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                q = q.bind(&r.login);
            }
            q.execute(&mut **c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// `$from, …` for `n` values (both databases take numbered placeholders).
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records the groups of entries whose group changes the directory confirmed (their other
/// state was recorded before): `(login, groups)`, the groups as in [`Pushed::groups`].
pub async fn record_groups(
    tx: &mut Tx,
    rows: &[(&str, &str)],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    const CHUNK: usize = 1000;
    let mut by_groups: HashMap<&str, Vec<&str>> = HashMap::new();
    for (login, groups) in rows {
        by_groups.entry(groups).or_default().push(login);
    }
    for (groups, logins) in by_groups {
        for chunk in logins.chunks(CHUNK) {
            let sql = format!(
                "UPDATE directory_entries SET groups = $1, pushed_at = $2 WHERE login IN ({})",
                placeholders(3, chunk.len())
            );
            on_tx!(tx, c => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(groups).bind(at);
                for login in chunk {
                    q = q.bind(*login);
                }
                q.execute(&mut **c).await.map(|r| r.rows_affected())
            })?;
        }
    }
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
