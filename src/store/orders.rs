//! HR orders in the database: the bulk insert of an import, the look-up of rows that were
//! already there, and the listings.
//!
//! Bulk paths (see CRATES.md), one per backend (`sqlite.rs`, `postgres.rs`): on SQLite a
//! prepared statement on sqlx's own connection; on PostgreSQL one `INSERT … SELECT FROM
//! UNNEST(arrays)` per chunk, or a streaming `COPY` for a bulk load. Both say `ON CONFLICT DO
//! NOTHING` on the natural key (order_no, order_date, iin, kind): a row already stored is not
//! an error, and the importer asks [`existing`] which rows those were.

use super::backend::{Backend, on_backend, values_list};
use super::{Store, Tx, on_pool, on_tx};
use crate::domain::order::OrderKind;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub use super::postgres::{CopyDone, PgCopy};

/// The columns an order is inserted with.
pub(super) const COLUMNS: &str = "order_no, order_date, kind, iin, surname, name, patronymic, position, \
                       department, effective_date, email, import_id, file_id, source_row";

/// Starts the record of an import run and returns its id.
pub async fn begin_import(
    tx: &mut Tx,
    what: &str,
    at: DateTime<Utc>,
    admin: &str,
) -> Result<i64, sqlx::Error> {
    // On PostgreSQL, imports run one at a time (a bulk load takes the orders table's exclusive
    // lock, and two loads meeting there would deadlock); SQLite's write lock already does this.
    super::locks::hold_for(tx, super::locks::Lock::Import).await?;
    let sql = "INSERT INTO imports (what, started_at, admin) VALUES ($1, $2, $3) RETURNING id";
    on_tx!(tx, c => sqlx::query_scalar(sql).bind(what).bind(at).bind(admin).fetch_one(&mut **c).await)
}

/// A file of an import run.
pub struct FileRecord<'a> {
    pub path: &'a str,
    pub format: &'a str,
    pub encoding: &'a str,
    pub bytes: i64,
}

pub async fn add_file(tx: &mut Tx, import_id: i64, f: &FileRecord<'_>) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO import_files (import_id, path, format, encoding, bytes) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    on_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(import_id).bind(f.path).bind(f.format).bind(f.encoding).bind(f.bytes)
        .fetch_one(&mut **c).await)
}

/// A row to insert: its 1-based data row number in its file, and the order.
pub type Row = crate::domain::order::Numbered;

/// Writes chunks of orders; keeps the SQLite statement text of a full chunk so that sqlx's
/// statement cache prepares it once.
#[derive(Default)]
pub struct OrderWriter {
    /// Loading in bulk: the natural-key index is absent, so nothing conflicts (PostgreSQL then
    /// takes the rows by [`PgCopy`] instead).
    pub bulk: bool,
}

/// Starts the streaming `COPY` of a file of a bulk load (PostgreSQL; `None` on SQLite, which
/// takes the rows by [`OrderWriter::insert`]).
pub async fn copy_in(
    tx: &mut Tx,
    import_id: i64,
    file_id: i64,
) -> Result<Option<PgCopy<'_>>, sqlx::Error> {
    match tx {
        Tx::Pg(c) => Ok(Some(PgCopy::begin(c, import_id, file_id).await?)),
        Tx::Sqlite(_) => Ok(None),
    }
}

/// After a file's `COPY` ([`PgCopy::finish`]): the orders' id sequence moved past the ids its
/// rows brought.
pub async fn copy_done(tx: &mut Tx, done: &CopyDone) -> Result<(), sqlx::Error> {
    match tx {
        Tx::Pg(c) => PgCopy::done(c, done).await,
        Tx::Sqlite(_) => Ok(()),
    }
}

/// `YYYY-MM-DD`, as sqlx writes a date to SQLite, into a buffer (no allocation: this runs
/// twice for every imported row).
pub(super) fn iso_date_in(d: NaiveDate, buf: &mut [u8; 10]) -> &str {
    use chrono::Datelike;
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    for (i, v) in [
        (0, y / 1000),
        (1, y / 100 % 10),
        (2, y / 10 % 10),
        (3, y % 10),
        (5, m / 10),
        (6, m % 10),
        (8, day / 10),
        (9, day % 10),
    ] {
        buf[i] = b'0' + v as u8;
    }
    buf[4] = b'-';
    buf[7] = b'-';
    std::str::from_utf8(buf).unwrap_or("0000-00-00")
}

impl OrderWriter {
    /// The number of rows one statement takes on this backend.
    pub fn chunk_len(tx: &mut Tx) -> usize {
        on_backend!(tx, B, _c => B::ORDER_CHUNK)
    }

    /// Inserts the rows (at most [`OrderWriter::chunk_len`]) and returns how many were new.
    pub async fn insert(
        &mut self,
        tx: &mut Tx,
        import_id: i64,
        file_id: i64,
        rows: &[Row],
    ) -> Result<u64, sqlx::Error> {
        if rows.is_empty() {
            return Ok(0);
        }
        on_backend!(tx, B, c => B::insert_orders(c, import_id, file_id, rows).await)
    }
}

/// Where a stored order came from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Existing {
    pub order_no: String,
    pub order_date: NaiveDate,
    #[sqlx(try_from = "String")]
    pub kind: OrderKind,
    pub iin: String,
    pub import_id: i64,
    pub file_id: i64,
    pub source_row: i64,
}

/// The stored orders with the natural keys of these rows (used after an insert that did not
/// insert every row, to tell re-imported rows from repeats within the run).
pub async fn existing(tx: &mut Tx, rows: &[Row]) -> Result<Vec<Existing>, sqlx::Error> {
    lookup(tx, "orders", rows).await
}

/// The columns of [`Existing`], of the orders `o`.
pub(super) const EXISTING: &str =
    "o.order_no, o.order_date, o.kind, o.iin, o.import_id, o.file_id, o.source_row";

/// The rows of `table` (orders, or the run's import_seen) with the natural keys of these rows.
async fn lookup(tx: &mut Tx, table: &str, rows: &[Row]) -> Result<Vec<Existing>, sqlx::Error> {
    on_backend!(tx, B, c => B::lookup_orders(c, table, rows).await)
}

/// Rows of this run whose key was stored by an earlier run: they are remembered in a temporary
/// table for the run, so that a second occurrence within the run is still a repeat
/// (`duplicate_in_file`) and not a second `already_imported`. Returns, for the given rows, where
/// each key was first seen in this run.
pub async fn first_seen(
    tx: &mut Tx,
    file_id: i64,
    rows: &[Row],
) -> Result<Vec<Existing>, sqlx::Error> {
    let (date_type, numbered, chunk) =
        on_backend!(tx, B, _c => (B::DATE_TYPE, B::NUMBERED, B::ORDER_CHUNK));
    let ddl = format!(
        "CREATE TEMP TABLE IF NOT EXISTS import_seen (order_no TEXT NOT NULL, order_date {date_type} NOT NULL, iin TEXT NOT NULL, kind TEXT NOT NULL, \
         import_id BIGINT NOT NULL, file_id BIGINT NOT NULL, source_row BIGINT NOT NULL, \
         PRIMARY KEY (order_no, order_date, iin, kind))"
    );
    on_tx!(tx, c => sqlx::raw_sql(sqlx::AssertSqlSafe(ddl)).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    // Six values a row: SQLite's chunk stays under its bound-variable limit.
    for part in rows.chunks(chunk.min(super::sqlite::CHUNK)) {
        let values = values_list(numbered, part.len(), "(?,?,?,?,0,?,?)");
        let sql = format!(
            "INSERT INTO import_seen (order_no, order_date, iin, kind, import_id, file_id, source_row) VALUES {} ON CONFLICT DO NOTHING",
            values
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (row, o) in part {
                q = q.bind(o.order_no.clone()).bind(o.order_date).bind(o.iin.as_str().to_owned()).bind(o.kind.as_str())
                    .bind(file_id).bind(*row as i64);
            }
            q.execute(&mut **c).await.map(|r| r.rows_affected())
        })?;
    }
    lookup(tx, "import_seen", rows).await
}

/// The largest order id: a cheap measure of the table's size (an index look-up on both).
pub async fn max_id(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on_tx!(tx, c => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM orders").fetch_one(&mut **c).await)
}

/// The natural-key index of the orders, built after a bulk load.
const KEY_INDEX: &str =
    "CREATE UNIQUE INDEX orders_key ON orders (iin, order_no, order_date, kind)";

async fn exec(tx: &mut Tx, sql: &'static str) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query(sql).execute(&mut **c).await.map(|_| ()))
}

/// Bulk load, step 1: drop the natural-key index, and on PostgreSQL the foreign key and the
/// primary key, for the load. All of it in the run's transaction: a failed or killed run gets them back with
/// everything else. Readers of PostgreSQL wait for the run to finish (the table is locked);
/// SQLite readers see the old data.
pub async fn begin_bulk(tx: &mut Tx) -> Result<(), sqlx::Error> {
    // The backend's settings first: dropping the index reads its every page (on SQLite, into
    // the page cache the load keeps small).
    on_backend!(tx, B, c => B::begin_bulk(c).await)?;
    exec(tx, "DROP INDEX orders_key").await
}

/// Bulk load, after the rows: what the load set aside that the next steps need (on
/// PostgreSQL the primary key), back. Once, before [`finish_bulk`].
pub async fn end_load(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_backend!(tx, B, c => B::end_load(c).await)
}

/// Bulk load, last step: build the natural-key index in one sort (and on PostgreSQL check the
/// foreign key in one query). `false`, with nothing changed, when stored rows repeat a key
/// (then [`each_repeat`] names them).
pub async fn finish_bulk(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    on_backend!(tx, B, c => B::before_sort(c).await)?;
    let built = build_key_index(tx).await;
    on_backend!(tx, B, c => B::after_sort(c, &built).await)?;
    built
}

async fn build_key_index(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    exec(tx, "SAVEPOINT key_index").await?;
    match exec(tx, KEY_INDEX).await {
        Ok(()) => {
            exec(tx, "RELEASE SAVEPOINT key_index").await?;
            Ok(true)
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            exec(tx, "ROLLBACK TO SAVEPOINT key_index").await?;
            exec(tx, "RELEASE SAVEPOINT key_index").await?;
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// A row of this import whose key is stored more than once: either its first occurrence in the
/// run, when an earlier import stored the key (`first_id == id`: already imported), or a later
/// occurrence in the run (a repeat of the row `first_id`, at `first_file`, `first_row`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Repeat {
    pub id: i64,
    pub file_id: i64,
    pub source_row: i64,
    pub first_id: i64,
    pub first_file: i64,
    pub first_row: i64,
}

/// The rows of a bulk-loaded import that repeat a key, in no particular order, streamed into `each` (one
/// query over the whole table, with the sort settings of the key index; run only when
/// building the key index failed). Streamed: a file sent again repeats every one of its rows.
pub async fn each_repeat(
    tx: &mut Tx,
    import_id: i64,
    each: impl FnMut(Repeat),
) -> Result<(), sqlx::Error> {
    // One query, no join: the first row of the key in the run comes with its file and row
    // from the same window. No ORDER BY: the caller orders the few it keeps.
    const SQL: &str = "SELECT id, file_id, source_row, first_id, first_file, first_row FROM ( \
                 SELECT id, import_id, file_id, source_row, \
                        first_value(id) OVER run AS first_id, \
                        first_value(file_id) OVER run AS first_file, \
                        first_value(source_row) OVER run AS first_row, \
                        MAX(CASE WHEN import_id <> $1 THEN 1 ELSE 0 END) \
                            OVER (PARTITION BY iin, order_no, order_date, kind) AS has_old \
                 FROM orders \
                 WINDOW run AS (PARTITION BY iin, order_no, order_date, kind, import_id ORDER BY id)) w \
               WHERE import_id = $1 AND (id <> first_id OR has_old = 1)";
    on_backend!(tx, B, c => B::before_sort(c).await)?;
    let streamed = each_order(tx, SQL, import_id, each).await;
    // No index was built: nothing set aside comes back. After a failure, the failure itself
    // (a failed PostgreSQL transaction would refuse the settings' statement).
    if streamed.is_ok() {
        on_backend!(tx, B, c => B::after_sort(c, &Ok(false)).await)?;
    }
    streamed
}

/// An order of this import written with another name than the one on record for its IIN: that
/// of the latest order of an earlier import, else of the first order of this import.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NameToCheck {
    pub id: i64,
    pub file_id: i64,
    pub source_row: i64,
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub rec_surname: String,
    pub rec_name: String,
    pub rec_patronymic: Option<String>,
}

/// The orders of a small import whose name is written otherwise than the name on record: each
/// of its rows looks its person up in the key index (the latest order of an earlier import,
/// else the first of this one). After a bulk load, the import's own account of the names
/// serves instead (the names it noted while storing): a look-up per row would cost a seek per
/// loaded row.
pub async fn names_to_check(tx: &mut Tx, import_id: i64) -> Result<Vec<NameToCheck>, sqlx::Error> {
    let sql = "SELECT n.id, n.file_id, n.source_row, n.iin, n.surname, n.name, n.patronymic, \
                      r.surname AS rec_surname, r.name AS rec_name, r.patronymic AS rec_patronymic \
               FROM orders n \
               JOIN orders r ON r.id = COALESCE( \
                   (SELECT p.id FROM orders p WHERE p.iin = n.iin AND p.import_id <> $1 \
                    ORDER BY p.import_id DESC, p.id DESC LIMIT 1), \
                   (SELECT min(p.id) FROM orders p WHERE p.iin = n.iin AND p.import_id = $1)) \
               WHERE n.import_id = $1 AND r.id <> n.id \
                 AND (r.surname <> n.surname OR r.name <> n.name \
                      OR COALESCE(r.patronymic, '') <> COALESCE(n.patronymic, '')) \
               ORDER BY n.id";
    on_tx!(tx, c => sqlx::query_as::<_, NameToCheck>(sql).bind(import_id).fetch_all(&mut **c).await)
}

/// An order as the name check after a bulk load reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonOrder {
    pub id: i64,
    pub iin: String,
    pub file_id: i64,
    pub source_row: i64,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
}

/// The orders of earlier imports, by person (IIN), each person's latest first (the latest
/// import's latest order: the name on record), streamed into `each`. For the name check after
/// a bulk load into a table that held orders before.
pub async fn each_earlier_order_by_person(
    tx: &mut Tx,
    import_id: i64,
    each: impl FnMut(PersonOrder),
) -> Result<(), sqlx::Error> {
    const SQL: &str = "SELECT id, iin, file_id, source_row, surname, name, patronymic \
        FROM orders WHERE import_id <> $1 ORDER BY iin, import_id DESC, id DESC";
    each_order(tx, SQL, import_id, each).await
}

/// The orders of an import, in no particular order, streamed into `each` (one pass over the
/// table: the name check reads the few rows it names this way).
pub async fn each_order_of_import(
    tx: &mut Tx,
    import_id: i64,
    each: impl FnMut(PersonOrder),
) -> Result<(), sqlx::Error> {
    const SQL: &str = "SELECT id, iin, file_id, source_row, surname, name, patronymic \
        FROM orders WHERE import_id = $1";
    each_order(tx, SQL, import_id, each).await
}

/// The rows of a query on one import id, streamed into `each` as they come.
async fn each_order<R>(
    tx: &mut Tx,
    sql: &'static str,
    import_id: i64,
    mut each: impl FnMut(R),
) -> Result<(), sqlx::Error>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    use futures_util::TryStreamExt;
    on_tx!(tx, c => {
        let mut rows = sqlx::query_as::<_, R>(sql).bind(import_id).fetch(&mut **c);
        while let Some(o) = rows.try_next().await? {
            each(o);
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// A live account (pending or active) of a person this import dismisses (§30).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveAccount {
    pub file_id: i64,
    pub source_row: i64,
    pub iin: String,
    pub login: String,
    pub status: String,
    pub effective_date: NaiveDate,
}

/// The accounts not yet blocked of the people this import dismisses.
pub async fn live_accounts_of_dismissed(
    tx: &mut Tx,
    import_id: i64,
) -> Result<Vec<LiveAccount>, sqlx::Error> {
    let sql = "SELECT o.file_id, o.source_row, o.iin, a.login, a.status, o.effective_date \
               FROM orders o JOIN accounts a ON a.iin = o.iin \
               WHERE o.import_id = $1 AND o.kind = 'dismissal' AND a.status <> 'blocked' \
               ORDER BY o.id, a.login";
    on_tx!(tx, c => sqlx::query_as::<_, LiveAccount>(sql).bind(import_id).fetch_all(&mut **c).await)
}

/// Deletes rows of the current import (the repeats of a bulk load, the rows refused for their
/// name): by runs of consecutive ids, up to [`RUNS_PER_DELETE`] a statement. A file sent again
/// is one run of a million ids, one range scan; listed one by one, it took 500 statements and
/// 7 s on SQLite.
pub async fn delete(tx: &mut Tx, ids: Vec<i64>) -> Result<u64, sqlx::Error> {
    let runs = id_runs(ids);
    let mut n = 0;
    for part in runs.chunks(RUNS_PER_DELETE) {
        let terms = part
            .iter()
            .map(|(a, b)| format!("id BETWEEN {a} AND {b}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!("DELETE FROM orders WHERE {terms}");
        n += on_tx!(tx, c => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(n)
}

/// Runs of consecutive ids per `DELETE` statement. SQLite nests a chain of `OR`s one level a
/// term, and refuses an expression deeper than 1,000 (`SQLITE_MAX_EXPR_DEPTH`): stay well
/// below.
const RUNS_PER_DELETE: usize = 500;

/// The ids, sorted and without repeats, as runs of consecutive values `(first, last)`.
fn id_runs(mut sorted: Vec<i64>) -> Vec<(i64, i64)> {
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for id in sorted {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(id) => *last = id,
            _ => runs.push((id, id)),
        }
    }
    runs
}

/// Forgets the keys remembered by [`first_seen`] (end of a run).
pub async fn forget_seen(tx: &mut Tx) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query("DROP TABLE IF EXISTS import_seen").execute(&mut **c).await.map(|_| ()))
}

/// An order as listed.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub order_no: String,
    pub order_date: NaiveDate,
    #[sqlx(try_from = "String")]
    pub kind: OrderKind,
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub position: String,
    pub department: String,
    pub effective_date: NaiveDate,
    pub email: Option<String>,
    /// The import that brought it (`skud orders revert` takes an import back).
    pub import_id: i64,
}

const ORDER_ROW: &str = "SELECT id, order_no, order_date, kind, iin, surname, name, patronymic, position, \
                         department, effective_date, email, import_id FROM orders";

/// Orders, filtered by IIN and kind, in effective-date order.
pub async fn list(
    store: &Store,
    iin: Option<&str>,
    kind: Option<&str>,
    import: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!(
        "{ORDER_ROW} WHERE ($1 IS NULL OR iin = $1) AND ($2 IS NULL OR kind = $2) \
         AND ($3 IS NULL OR import_id = $3) ORDER BY effective_date, order_date, id LIMIT $4"
    );
    let limit = limit.unwrap_or(i64::MAX);
    on_pool!(store, p => sqlx::query_as::<_, OrderRow>(sqlx::AssertSqlSafe(sql))
        .bind(iin).bind(kind).bind(import).bind(limit).fetch_all(p).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_sqlx_writes_them() {
        let mut buf = [0u8; 10];
        for d in ["1900-01-01", "2026-11-20", "2100-12-31", "2028-02-29"] {
            let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            assert_eq!(iso_date_in(date, &mut buf), d);
            assert_eq!(
                date.format("%Y-%m-%d").to_string(),
                d,
                "the form sqlx writes"
            );
        }
    }

    #[test]
    fn consecutive_ids_make_one_run() {
        assert_eq!(id_runs(vec![]), Vec::<(i64, i64)>::new());
        assert_eq!(id_runs(vec![7]), vec![(7, 7)]);
        assert_eq!(id_runs(vec![5, 3, 4, 9, 4, 11, 10]), vec![(3, 5), (9, 11)]);
        assert_eq!(
            id_runs(vec![i64::MAX, i64::MAX - 1, i64::MIN]),
            vec![(i64::MIN, i64::MIN), (i64::MAX - 1, i64::MAX)]
        );
        let million: Vec<i64> = (1_000_001..=2_000_000).rev().collect();
        assert_eq!(id_runs(million), vec![(1_000_001, 2_000_000)]);
    }

    #[test]
    fn placeholders() {
        use super::super::backend::values_list;
        assert_eq!(values_list(false, 2, "(?,?)"), "(?,?),(?,?)");
        assert_eq!(values_list(true, 2, "(?,0,?)"), "($1,0,$2),($3,0,$4)");
    }
}
