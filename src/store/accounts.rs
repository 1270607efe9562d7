//! Accounts (§20), their rights, and the journal of Appendix 1 (§25).
//!
//! Accounts are never deleted: the primary key on `login` is what makes a login impossible to
//! issue twice (§26).

use super::{Store, Tx, on_pool, on_tx};
use crate::domain::account::{AccountStatus, BlockReason};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashSet;

/// A stored account (the password hash is never read out).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AccountRow {
    pub login: String,
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: AccountStatus,
    pub block_reason: StoredReason,
    pub block_note: Option<String>,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub issued_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::date::json_time::option")]
    pub password_changed_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::domain::date::json_time::option")]
    pub last_login_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::domain::date::json_time::option")]
    pub blocked_at: Option<DateTime<Utc>>,
    /// `None` for an adopted account (issued before skud).
    pub request_id: Option<i64>,
    /// `issued` or `adopted`.
    pub origin: String,
    /// The login that replaced this one (the directory held it already).
    pub replaced_by: Option<String>,
}

/// A block reason as stored: its text, or NULL while the account is not blocked. Read back
/// into the domain's [`BlockReason`] at the store's edge; serialised as the text (or null).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct StoredReason(pub Option<BlockReason>);

impl<DB: sqlx::Database> sqlx::Type<DB> for StoredReason
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for StoredReason
where
    Option<String>: sqlx::Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <Option<String> as sqlx::Decode<'r, DB>>::decode(value)?;
        Ok(StoredReason(text.map(BlockReason::try_from).transpose()?))
    }
}

const COLUMNS: &str = "login, iin, surname, name, patronymic, status, block_reason, block_note, \
    issued_at, password_changed_at, last_login_at, blocked_at, request_id, origin, replaced_by";

pub async fn get(tx: &mut Tx, login: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE login = $1");
    on_tx!(tx, c => sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(sql)).bind(login).fetch_optional(&mut **c).await)
}

/// Which accounts a listing shows: every condition given must hold.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    pub status: Option<&'a str>,
    pub iin: Option<&'a str>,
    pub login: Option<&'a str>,
    /// Accounts with rights in this system.
    pub system: Option<&'a str>,
}

pub async fn list(store: &Store, f: &Filter<'_>) -> Result<Vec<AccountRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts WHERE ($1 IS NULL OR status = $1) \
         AND ($2 IS NULL OR iin = $2) AND ($3 IS NULL OR login = $3) \
         AND ($4 IS NULL OR login IN (SELECT login FROM account_systems WHERE system_code = $4)) \
         ORDER BY login"
    );
    on_pool!(store, p => sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(sql))
        .bind(f.status).bind(f.iin).bind(f.login).bind(f.system).fetch_all(p).await)
}

/// The holder of an account still in use (not replaced): IIN, surname, name, patronymic.
pub async fn holder(
    tx: &mut Tx,
    login: &str,
) -> Result<Option<(String, String, String, Option<String>)>, sqlx::Error> {
    on_tx!(tx, c => sqlx::query_as("SELECT iin, surname, name, patronymic FROM accounts \
            WHERE login = $1 AND replaced_by IS NULL")
        .bind(login.to_lowercase()).fetch_optional(&mut **c).await)
}

/// The systems of an account with the functions granted.
pub async fn systems(
    store: &Store,
    login: &str,
) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    on_pool!(store, p => sqlx::query_as("SELECT system_code, functions FROM account_systems WHERE login = $1 ORDER BY system_code")
        .bind(login).fetch_all(p).await)
}

/// The system codes of an account, inside a transaction.
pub async fn system_codes_in(tx: &mut Tx, login: &str) -> Result<Vec<String>, sqlx::Error> {
    on_tx!(tx, c => sqlx::query_scalar("SELECT system_code FROM account_systems WHERE login = $1 ORDER BY system_code")
        .bind(login).fetch_all(&mut **c).await)
}

/// Every login ever issued (they stay taken forever, §26).
pub async fn all_logins(tx: &mut Tx) -> Result<HashSet<String>, sqlx::Error> {
    let v: Vec<String> = on_tx!(tx, c => sqlx::query_scalar("SELECT login FROM accounts").fetch_all(&mut **c).await)?;
    Ok(v.into_iter().collect())
}

pub async fn exists(store: &Store, login: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on_pool!(store, p => sqlx::query_scalar("SELECT count(*) FROM accounts WHERE login = $1")
        .bind(login).fetch_one(p).await)?;
    Ok(n > 0)
}

/// A new account.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub iin: &'a str,
    pub surname: &'a str,
    pub name: &'a str,
    pub patronymic: Option<&'a str>,
    pub password_hash: &'a str,
    /// The temporary password sealed with the transit key, where a directory will be pushed to.
    pub password_sealed: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub request_id: i64,
}

pub async fn create(tx: &mut Tx, a: &NewAccount<'_>) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query("INSERT INTO accounts (login, iin, surname, name, patronymic, status, \
            password_hash, issued_at, created_at, request_id, password_sealed) \
            VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7, $8, $9)")
        .bind(a.login).bind(a.iin).bind(a.surname).bind(a.name).bind(a.patronymic)
        .bind(a.password_hash).bind(a.at).bind(a.request_id).bind(a.password_sealed).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replaces an account's rights with these systems and functions (§27).
pub async fn set_systems(
    tx: &mut Tx,
    login: &str,
    systems: &[String],
    functions: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query("DELETE FROM account_systems WHERE login = $1").bind(login).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    for s in systems {
        on_tx!(tx, c => sqlx::query("INSERT INTO account_systems (login, system_code, functions) VALUES ($1, $2, $3)")
            .bind(login).bind(s).bind(functions).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// §27 by difference: takes `remove` away and adds `add` (with `functions`, or keeping the
/// functions already granted when none are given); the other rights stay as they are.
pub async fn change_systems(
    tx: &mut Tx,
    login: &str,
    add: &[String],
    remove: &[String],
    functions: Option<&str>,
) -> Result<(), sqlx::Error> {
    for s in remove {
        on_tx!(tx, c => sqlx::query("DELETE FROM account_systems WHERE login = $1 AND system_code = $2")
            .bind(login).bind(s).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    for s in add.iter().filter(|s| !remove.contains(s)) {
        on_tx!(tx, c => sqlx::query("INSERT INTO account_systems (login, system_code, functions) \
                VALUES ($1, $2, $3) ON CONFLICT (login, system_code) \
                DO UPDATE SET functions = COALESCE(excluded.functions, account_systems.functions)")
            .bind(login).bind(s).bind(functions).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// §29: a blocked account becomes pending again with a new temporary password.
pub async fn reactivate(
    tx: &mut Tx,
    login: &str,
    password_hash: &str,
    password_sealed: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE accounts SET status = 'pending', block_reason = NULL, block_note = NULL, \
            blocked_at = NULL, password_hash = $2, issued_at = $3, password_changed_at = NULL, password_sealed = $4 \
            WHERE login = $1 AND status = 'blocked'")
        .bind(login).bind(password_hash).bind(at).bind(password_sealed).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Blocks an account that is not blocked yet; false when it already was. A temporary password
/// not yet pushed to the directory is void and its sealed copy dropped.
pub async fn block(
    tx: &mut Tx,
    login: &str,
    reason: BlockReason,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE accounts SET status = 'blocked', block_reason = $2, block_note = $3, \
            blocked_at = $4, password_sealed = NULL WHERE login = $1 AND status <> 'blocked'")
        .bind(login).bind(reason.as_str()).bind(note).bind(at).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// §24: the temporary password was replaced at `at`; a pending account becomes active.
pub async fn password_changed(
    tx: &mut Tx,
    login: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query("UPDATE accounts SET password_changed_at = $2, \
            status = CASE status WHEN 'pending' THEN 'active' ELSE status END WHERE login = $1")
        .bind(login).bind(at).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A login event; the latest one is kept.
pub async fn seen(tx: &mut Tx, login: &str, at: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE accounts SET last_login_at = $2 WHERE login = $1 \
            AND (last_login_at IS NULL OR last_login_at < $2)")
        .bind(login).bind(at).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// One row of the journal (Appendix 1).
pub struct JournalEntry<'a> {
    pub issued_on: NaiveDate,
    pub login: &'a str,
    pub request_id: i64,
    pub letter: &'a str,
    pub systems: &'a str,
    pub basis: &'a str,
    pub basis_kind: &'a str,
    pub admin: &'a str,
    pub full_name: &'a str,
    pub reactivation: bool,
    /// The login this one replaces (it was taken in the directory).
    pub replaces: Option<&'a str>,
}

/// Appends a journal row; returns its №. The № is the last one plus one, taken under the
/// access lock the answering commands hold (SQLite's write lock, a PostgreSQL advisory lock):
/// a sequence would leave gaps after a dry run or a failed run, and a gap in an official
/// journal reads as a removed row.
pub async fn journal_append(tx: &mut Tx, j: &JournalEntry<'_>) -> Result<i64, sqlx::Error> {
    on_tx!(tx, c => sqlx::query_scalar::<_, i64>("INSERT INTO journal (issued_on, login, request_id, letter, systems, \
            basis, basis_kind, admin, full_name, reactivation, replaces, no) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
            $11, (SELECT COALESCE(MAX(no), 0) + 1 FROM journal)) RETURNING no")
        .bind(j.issued_on).bind(j.login).bind(j.request_id).bind(j.letter).bind(j.systems)
        .bind(j.basis).bind(j.basis_kind).bind(j.admin).bind(j.full_name).bind(j.reactivation)
        .bind(j.replaces).fetch_one(&mut **c).await)
}

/// The columns of [`JournalRow`].
pub(crate) const JOURNAL_COLUMNS: &str = "no, letter, systems, issued_on, basis, basis_kind, admin, full_name, login, reactivation, replaces";

/// A journal row as exported.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JournalRow {
    pub no: i64,
    pub letter: String,
    pub systems: String,
    pub issued_on: NaiveDate,
    pub basis: String,
    pub basis_kind: String,
    pub admin: String,
    pub full_name: String,
    pub login: String,
    pub reactivation: bool,
    pub replaces: Option<String>,
}

/// What a journal read hands on: first how many rows come, then the rows, in batches.
pub enum JournalPart {
    Count(u64),
    Rows(Vec<JournalRow>),
}

/// The filter of a journal read: `$1` from, `$2` to (dates), `$3` a system code.
pub(crate) const JOURNAL_FILTER: &str = "WHERE ($1 IS NULL OR issued_on >= $1) \
     AND ($2 IS NULL OR issued_on <= $2) \
     AND ($3 IS NULL OR ',' || systems || ',' LIKE '%,' || $3 || ',%')";

/// The journal's rows in a date range and for one system, in № order, read in one snapshot:
/// first their number ([`JournalPart::Count`]), then the rows in batches of `batch`, each
/// handed to `sink`, which may block (it is called where blocking is allowed) and returns
/// false to stop. SQLite reads through rusqlite on sqlx's handle (see
/// [`crate::store::sqlite::journal_rows`]); PostgreSQL in a repeatable-read transaction.
pub async fn journal_read(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    system: Option<&str>,
    batch: usize,
    sink: &mut (dyn FnMut(JournalPart) -> bool + Send),
) -> Result<(), sqlx::Error> {
    match store {
        Store::Sqlite(pool) => {
            let mut conn = pool.acquire().await?;
            let mut handle = conn.lock_handle().await?;
            let raw = handle.as_raw_handle();
            tokio::task::block_in_place(|| {
                crate::store::sqlite::journal_rows(raw, (from, to, system), batch, sink)
            })
            .map_err(|e| sqlx::Error::Protocol(format!("SQLite journal read: {e}")))
        }
        Store::Pg(pool) => {
            use futures_util::StreamExt;
            let mut tx = pool.begin().await?;
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
            let count_sql = format!("SELECT count(*) FROM journal {JOURNAL_FILTER}");
            let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql))
                .bind(from)
                .bind(to)
                .bind(system)
                .fetch_one(&mut *tx)
                .await?;
            if !tokio::task::block_in_place(|| sink(JournalPart::Count(count.max(0) as u64))) {
                return Ok(());
            }
            let sql = format!("SELECT {JOURNAL_COLUMNS} FROM journal {JOURNAL_FILTER} ORDER BY no");
            let mut rows = sqlx::query_as::<_, JournalRow>(sqlx::AssertSqlSafe(sql))
                .bind(from)
                .bind(to)
                .bind(system)
                .fetch(&mut *tx);
            let mut part = Vec::with_capacity(batch);
            while let Some(row) = rows.next().await {
                part.push(row?);
                if part.len() == batch {
                    let full = std::mem::replace(&mut part, Vec::with_capacity(batch));
                    if !tokio::task::block_in_place(|| sink(JournalPart::Rows(full))) {
                        return Ok(());
                    }
                }
            }
            if !part.is_empty() {
                tokio::task::block_in_place(|| sink(JournalPart::Rows(part)));
            }
            Ok(())
        }
    }
}

/// What a pull compares with the directory: each account's state, issue and last login.
pub struct Usage {
    pub iin: String,
    /// The login was replaced (the directory held it): its entry there is somebody else's.
    pub replaced: bool,
    pub status: String,
    pub issued_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

pub async fn usage(tx: &mut Tx) -> Result<std::collections::HashMap<String, Usage>, sqlx::Error> {
    type Row = (
        String,
        String,
        bool,
        String,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as("SELECT login, iin, replaced_by IS NOT NULL, status, issued_at, \
            last_login_at FROM accounts").fetch_all(&mut **c).await)?;
    Ok(rows
        .into_iter()
        .map(|(login, iin, replaced, status, issued_at, last_login_at)| {
            (
                login,
                Usage {
                    iin,
                    replaced,
                    status,
                    issued_at,
                    last_login_at,
                },
            )
        })
        .collect())
}

/// Records a successful pull (the inactivity job looks at its time, §28).
pub async fn record_pull(
    tx: &mut Tx,
    at: DateTime<Utc>,
    entries: i64,
    logins: i64,
    registered: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query("INSERT INTO directory_pull (id, finished_at, entries, logins, registered) \
            VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET finished_at = $1, entries = $2, \
            logins = $3, registered = $4")
        .bind(at).bind(entries).bind(logins).bind(registered).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// §26: the account's login turned out to be held in the directory by somebody else's entry.
/// The account goes on under `new` (same person, rights, state and temporary password, sealed
/// again under the new login); the old row stays, blocked for good with `replaced_by`, because
/// the journal row of its issue refers to it and a login is never issued twice. False when the
/// old account is gone or already replaced.
pub async fn replace_login(
    tx: &mut Tx,
    old: &str,
    new: &str,
    password_sealed: Option<&str>,
    note: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = on_tx!(tx, c => sqlx::query("INSERT INTO accounts (login, iin, surname, name, patronymic, status, \
            block_reason, block_note, password_hash, issued_at, password_changed_at, last_login_at, blocked_at, \
            created_at, request_id, password_sealed, origin) \
            SELECT $2, iin, surname, name, patronymic, status, block_reason, block_note, password_hash, issued_at, \
            password_changed_at, last_login_at, blocked_at, $3, request_id, $4, origin \
            FROM accounts WHERE login = $1 AND replaced_by IS NULL")
        .bind(old).bind(new).bind(at).bind(password_sealed).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    if n != 1 {
        return Ok(false);
    }
    on_tx!(tx, c => sqlx::query("UPDATE account_systems SET login = $2 WHERE login = $1")
        .bind(old).bind(new).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query("DELETE FROM directory_entries WHERE login = $1")
        .bind(old).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query("UPDATE accounts SET status = 'blocked', block_reason = 'directory', block_note = $3, \
            blocked_at = $4, password_sealed = NULL, replaced_by = $2 WHERE login = $1")
        .bind(old).bind(new).bind(note).bind(at).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(true)
}

/// The journal row of an account's latest issue (what a replacement login repeats).
pub async fn last_journal_row(tx: &mut Tx, login: &str) -> Result<Option<JournalRow>, sqlx::Error> {
    let sql =
        format!("SELECT {JOURNAL_COLUMNS} FROM journal WHERE login = $1 ORDER BY no DESC LIMIT 1");
    on_tx!(tx, c => sqlx::query_as::<_, JournalRow>(sqlx::AssertSqlSafe(sql))
        .bind(login).fetch_optional(&mut **c).await)
}

/// An existing directory entry taken under skud's governance (`ldap adopt`).
pub struct AdoptedAccount<'a> {
    pub login: &'a str,
    pub iin: &'a str,
    pub surname: &'a str,
    pub name: &'a str,
    pub patronymic: Option<&'a str>,
    pub status: AccountStatus,
    pub block_reason: Option<BlockReason>,
    pub block_note: Option<&'a str>,
    /// The entry's creation (§28 counts from it when it was never used).
    pub issued_at: DateTime<Utc>,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// Records an adopted account: no request, no temporary password (its hash is `!`, which no
/// password matches), origin `adopted`.
pub async fn adopt(tx: &mut Tx, a: &AdoptedAccount<'_>) -> Result<(), sqlx::Error> {
    let blocked_at = a.block_reason.map(|_| a.at);
    on_tx!(tx, c => sqlx::query("INSERT INTO accounts (login, iin, surname, name, patronymic, status, block_reason, \
            block_note, password_hash, issued_at, password_changed_at, last_login_at, blocked_at, created_at, origin) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '!', $9, $10, $11, $12, $13, 'adopted')")
        .bind(a.login).bind(a.iin).bind(a.surname).bind(a.name).bind(a.patronymic).bind(a.status.as_str())
        .bind(a.block_reason.map(BlockReason::as_str)).bind(a.block_note).bind(a.issued_at).bind(a.password_changed_at)
        .bind(a.last_login_at).bind(blocked_at).bind(a.at).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
