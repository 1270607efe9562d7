//! What differs between the two databases, behind one trait ([`Backend`]) with one
//! implementation each: [`super::sqlite::Sqlite`] and [`super::postgres::Postgres`]. The
//! measured fast paths live there (rusqlite on sqlx's handle; PostgreSQL's arrays and COPY),
//! with the locks ([`super::locks`]).
//!
//! Everything else is SQL that both understand, written once in the table modules. Callers
//! never branch on the backend: [`on_backend!`] is the one place that picks the implementation
//! for a transaction.

use super::directory::Pushed;
use super::locks::Lock;
use super::orders::{Existing, Row};
use crate::domain::text_list::TextList;
use chrono::{DateTime, NaiveDate, Utc};

/// The operations whose SQL or method differs by backend.
pub trait Backend {
    /// The connection a transaction runs on.
    type Conn;
    /// Order rows per insert or look-up statement.
    const ORDER_CHUNK: usize;
    /// Whether placeholders are numbered (`$1`) rather than anonymous (`?`).
    const NUMBERED: bool;
    /// The audit chain's head, read for an append (locked where writers do not queue anyway).
    const AUDIT_HEAD: &'static str;
    /// The audit records up to `$1`, every column as the text stored.
    const AUDIT_RECORDS: &'static str;
    /// The type of a date column in a temporary table.
    const DATE_TYPE: &'static str;

    /// Holds a lock until the transaction ends.
    async fn hold_for(c: &mut Self::Conn, lock: Lock<'_>) -> Result<(), sqlx::Error>;
    /// Inserts order rows (at most [`Backend::ORDER_CHUNK`]); how many were new.
    async fn insert_orders(
        c: &mut Self::Conn,
        import_id: i64,
        file_id: i64,
        rows: &[Row],
    ) -> Result<u64, sqlx::Error>;
    /// The rows of `table` with the natural keys of these rows.
    async fn lookup_orders(
        c: &mut Self::Conn,
        table: &str,
        rows: &[Row],
    ) -> Result<Vec<Existing>, sqlx::Error>;
    /// A bulk load's checks set aside (beyond the key index both drop).
    async fn begin_bulk(c: &mut Self::Conn) -> Result<(), sqlx::Error>;
    /// The rows are in: what the load set aside that the steps after it need, back.
    async fn end_load(c: &mut Self::Conn) -> Result<(), sqlx::Error>;
    /// The memory settings for building the key index in one sort.
    async fn before_sort(c: &mut Self::Conn) -> Result<(), sqlx::Error>;
    /// After the sort, whatever its outcome: the settings back, and (when the index was built)
    /// the checks set aside.
    async fn after_sort(
        c: &mut Self::Conn,
        built: &Result<bool, sqlx::Error>,
    ) -> Result<(), sqlx::Error>;
    /// Inserts or replaces directory states (a chunk).
    async fn record_entries(
        c: &mut Self::Conn,
        rows: &[Pushed],
        at: DateTime<Utc>,
    ) -> Result<(), sqlx::Error>;
    /// Records logins the directory holds (a chunk); how many were new.
    async fn record_logins(
        c: &mut Self::Conn,
        logins: &[(String, String)],
        at: DateTime<Utc>,
    ) -> Result<u64, sqlx::Error>;
    /// Inserts one record of the audit chain (the caller moves the head).
    async fn insert_audit(c: &mut Self::Conn, row: &AuditRow<'_>) -> Result<(), sqlx::Error>;
    /// Runs the `UPDATE accounts` of `block`, with the parameters `$1…` (`params` in order),
    /// inside the caller's transaction: the logins of the rows it changed, in no particular
    /// order. A failing statement leaves the transaction to be rolled back whole, so a backend
    /// need not keep the means to undo the statement alone.
    async fn block_returning_logins(
        c: &mut Self::Conn,
        block: &Block<'_>,
        params: &[Param<'_>],
    ) -> Result<TextList, sqlx::Error>;
}

/// A record of the audit chain as [`Backend::insert_audit`] stores it.
#[derive(Debug, Clone, Copy)]
pub struct AuditRow<'a> {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub os_user: &'a str,
    pub action: &'a str,
    /// The objects' JSON text (half a million logins for a night's blocks).
    pub objects: &'a str,
    pub count: i64,
    pub details: &'a str,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// The audit table's columns, in [`AuditRow`]'s order.
pub const AUDIT_INSERT: &str = "INSERT INTO audit (seq, at, actor, os_user, action, objects, count, details, prev_hash, hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// A set-based block of accounts: `UPDATE accounts SET {set} WHERE {filter}`, of which
/// [`Backend::block_returning_logins`] tells the logins changed (each backend its own way).
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The assignments.
    pub set: &'a str,
    /// The rows to block.
    pub filter: &'a str,
}

/// A parameter of [`Backend::block_returning_logins`], bound as each backend binds its type.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    Time(DateTime<Utc>),
    Day(NaiveDate),
    Text(&'a str),
}

/// Runs `$body` with `$B` the transaction's backend and `$c` its connection.
macro_rules! on_backend {
    ($tx:expr, $B:ident, $c:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                type $B = $crate::store::sqlite::Sqlite;
                let $c: &mut sqlx::SqliteConnection = &mut **t;
                $body
            }
            $crate::store::Tx::Pg(t) => {
                type $B = $crate::store::postgres::Postgres;
                let $c: &mut sqlx::PgConnection = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_backend;

/// `n` copies of a tuple of placeholders, `(?,?),(?,?)…`. SQLite gets anonymous `?`: it looks
/// a named `$N` up by walking a list, which makes a statement of thousands of them quadratic
/// (measured: 88% of an import's time in `sqlite3_bind_parameter_name`). PostgreSQL gets `$N`.
pub(crate) fn values_list(numbered: bool, n: usize, tuple: &str) -> String {
    let mut out = String::with_capacity(n * tuple.len() * 3);
    let mut p = 0;
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        for ch in tuple.chars() {
            if ch == '?' && numbered {
                p += 1;
                out.push('$');
                out.push_str(&p.to_string());
            } else {
                out.push(ch);
            }
        }
    }
    out
}
