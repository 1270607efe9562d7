//! HR orders in the database: the bulk insert of an import, the look-up of rows that were
//! already there, and the listings.
//!
//! Bulk paths (see CRATES.md): on SQLite one multi-row `INSERT … VALUES` per chunk with a cached
//! statement; on PostgreSQL one `INSERT … SELECT FROM UNNEST(arrays)` per chunk. Both say
//! `ON CONFLICT DO NOTHING` on the natural key (order_no, order_date, iin, kind): a row already
//! stored is not an error, and the importer asks [`existing`] which rows those were.

use super::{Store, Tx, on_pool, on_tx};
use crate::domain::order::Order;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Rows per SQLite batch (also the look-ups: 6 values a row, under SQLite's 32,766 variables).
pub const SQLITE_CHUNK: usize = 2000;
/// Rows per PostgreSQL statement (arrays have no bound-variable limit).
pub const PG_CHUNK: usize = 5000;

const COLUMNS: &str = "order_no, order_date, kind, iin, surname, name, patronymic, position, \
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
pub type Row = (u64, Order);

/// Writes chunks of orders; keeps the SQLite statement text of a full chunk so that sqlx's
/// statement cache prepares it once.
#[derive(Default)]
pub struct OrderWriter {
    /// Loading in bulk: the natural-key index is absent, so nothing conflicts (PostgreSQL then
    /// takes the rows by [`PgCopy`] instead).
    pub bulk: bool,
}

/// The SQLite bulk path: one prepared statement, executed row by row on sqlx's own connection.
///
/// Why not sqlx's own binding: it hands every value to its worker thread and copies it twice on
/// the way, and with thousands of values per statement that dominates. Measured on 1,000,000
/// rows (2 cores): multi-row `VALUES` through sqlx 13.5 s, `sqlite3 .import` of the same file
/// 3.4 s; this path is the rusqlite prepared statement below, on the connection sqlx lends.
fn sqlite_insert(
    raw: std::ptr::NonNull<libsqlite3_sys::sqlite3>,
    import_id: i64,
    file_id: i64,
    rows: &[Row],
) -> rusqlite::Result<u64> {
    // SAFETY: `raw` is the live handle of the connection sqlx has locked for us for the whole
    // call; `from_handle` never closes it, and nothing of this Connection outlives the call.
    let conn = unsafe { rusqlite::Connection::from_handle(raw.as_ptr())? };
    let sql = format!(
        "INSERT INTO orders ({COLUMNS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14) ON CONFLICT DO NOTHING"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut inserted = 0u64;
    let (mut order_date, mut effective_date) = ([0u8; 10], [0u8; 10]);
    for (row, o) in rows {
        inserted += stmt.execute(rusqlite::params![
            o.order_no,
            iso_date_in(o.order_date, &mut order_date),
            o.kind.as_str(),
            o.iin.as_str(),
            o.surname,
            o.name,
            o.patronymic,
            o.position,
            o.department,
            iso_date_in(o.effective_date, &mut effective_date),
            o.email,
            import_id,
            file_id,
            *row as i64,
        ])? as u64;
    }
    Ok(inserted)
}

/// One `COPY` into the orders for a whole file of a bulk load on PostgreSQL: chunks stream in
/// while the server parses the ones before (one round trip a file, not one a chunk).
pub struct PgCopy<'c> {
    copy: sqlx::postgres::PgCopyIn<&'c mut sqlx::PgConnection>,
    import_id: i64,
    file_id: i64,
}

impl<'c> PgCopy<'c> {
    /// Starts the `COPY` (PostgreSQL bulk loads only; `None` otherwise).
    pub async fn begin(
        tx: &'c mut Tx,
        import_id: i64,
        file_id: i64,
    ) -> Result<Option<PgCopy<'c>>, sqlx::Error> {
        let Tx::Pg(c) = tx else { return Ok(None) };
        let copy = c
            .copy_in_raw(&format!("COPY orders ({COLUMNS}) FROM STDIN (FORMAT csv)"))
            .await?;
        Ok(Some(PgCopy {
            copy,
            import_id,
            file_id,
        }))
    }

    pub async fn send(&mut self, rows: &[Row]) -> Result<(), sqlx::Error> {
        let data = pg_copy_csv(self.import_id, self.file_id, rows)
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        self.copy.send(data).await?;
        Ok(())
    }

    /// Ends the `COPY`; returns the rows it stored.
    pub async fn finish(self) -> Result<u64, sqlx::Error> {
        self.copy.finish().await
    }

    /// Gives up (the run failed): leaves the connection usable for the rollback.
    pub async fn abort(self) -> Result<(), sqlx::Error> {
        self.copy.abort("skud: the import failed").await
    }
}

/// A chunk as CSV for PostgreSQL's `COPY … (FORMAT csv)`: an absent value is an unquoted empty
/// field, which COPY reads as NULL (no stored value is ever an empty string).
fn pg_copy_csv(import_id: i64, file_id: i64, rows: &[Row]) -> csv::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(rows.len() * 256));
    let (import_id, file_id) = (import_id.to_string(), file_id.to_string());
    let (mut order_date, mut effective_date) = ([0u8; 10], [0u8; 10]);
    for (row, o) in rows {
        w.write_record([
            o.order_no.as_str(),
            iso_date_in(o.order_date, &mut order_date),
            o.kind.as_str(),
            o.iin.as_str(),
            &o.surname,
            &o.name,
            o.patronymic.as_deref().unwrap_or(""),
            &o.position,
            &o.department,
            iso_date_in(o.effective_date, &mut effective_date),
            o.email.as_deref().unwrap_or(""),
            &import_id,
            &file_id,
            &row.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// `YYYY-MM-DD`, as sqlx writes a date to SQLite, into a buffer (no allocation: this runs
/// twice for every imported row).
fn iso_date_in(d: NaiveDate, buf: &mut [u8; 10]) -> &str {
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

/// `n` copies of a tuple of placeholders, `(?,?),(?,?)…`. SQLite gets anonymous `?`: it looks
/// a named `$N` up by walking a list, which makes a statement of thousands of them quadratic
/// (measured: 88% of an import's time in `sqlite3_bind_parameter_name`). PostgreSQL gets `$N`.
fn values_list(numbered: bool, n: usize, tuple: &str) -> String {
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

impl OrderWriter {
    /// The number of rows one statement takes on this backend.
    pub fn chunk_len(tx: &Tx) -> usize {
        match tx {
            Tx::Sqlite(_) => SQLITE_CHUNK,
            Tx::Pg(_) => PG_CHUNK,
        }
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
        match tx {
            Tx::Sqlite(c) => {
                // Same connection, same transaction as everything else of the run: sqlx lends
                // its handle for exactly this kind of low-level work.
                let mut handle = c.lock_handle().await?;
                let raw = handle.as_raw_handle();
                tokio::task::block_in_place(|| sqlite_insert(raw, import_id, file_id, rows))
                    .map_err(|e| sqlx::Error::Protocol(format!("SQLite bulk insert: {e}")))
            }
            Tx::Pg(c) => {
                let sql = format!(
                    "INSERT INTO orders ({COLUMNS}) \
                     SELECT u.order_no, u.order_date, u.kind, u.iin, u.surname, u.name, u.patronymic, u.position, \
                            u.department, u.effective_date, u.email, $12, $13, u.source_row \
                     FROM UNNEST($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], \
                                 $8::text[], $9::text[], $10::date[], $11::text[], $14::bigint[]) \
                          AS u(order_no, order_date, kind, iin, surname, name, patronymic, position, department, \
                               effective_date, email, source_row) \
                     ON CONFLICT DO NOTHING"
                );
                let col = |f: fn(&Order) -> String| {
                    rows.iter().map(|(_, o)| f(o)).collect::<Vec<String>>()
                };
                let opt = |f: fn(&Order) -> Option<String>| {
                    rows.iter()
                        .map(|(_, o)| f(o))
                        .collect::<Vec<Option<String>>>()
                };
                let date = |f: fn(&Order) -> NaiveDate| {
                    rows.iter().map(|(_, o)| f(o)).collect::<Vec<NaiveDate>>()
                };
                let q = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(col(|o| o.order_no.clone()))
                    .bind(date(|o| o.order_date))
                    .bind(col(|o| o.kind.as_str().to_owned()))
                    .bind(col(|o| o.iin.as_str().to_owned()))
                    .bind(col(|o| o.surname.clone()))
                    .bind(col(|o| o.name.clone()))
                    .bind(opt(|o| o.patronymic.clone()))
                    .bind(col(|o| o.position.clone()))
                    .bind(col(|o| o.department.clone()))
                    .bind(date(|o| o.effective_date))
                    .bind(opt(|o| o.email.clone()))
                    .bind(import_id)
                    .bind(file_id)
                    .bind(rows.iter().map(|(r, _)| *r as i64).collect::<Vec<i64>>());
                Ok(q.execute(&mut **c).await?.rows_affected())
            }
        }
    }
}

/// Where a stored order came from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Existing {
    pub order_no: String,
    pub order_date: NaiveDate,
    pub kind: String,
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

/// The rows of `table` (orders, or the run's import_seen) with the natural keys of these rows.
async fn lookup(tx: &mut Tx, table: &str, rows: &[Row]) -> Result<Vec<Existing>, sqlx::Error> {
    let pick = "o.order_no, o.order_date, o.kind, o.iin, o.import_id, o.file_id, o.source_row";
    match tx {
        Tx::Sqlite(c) => {
            let mut out = Vec::new();
            // Four values a row: stay under SQLite's bound-variable limit.
            for part in rows.chunks(SQLITE_CHUNK) {
                let values = values_list(false, part.len(), "(?,?,?,?)");
                let sql = format!(
                    "SELECT {pick} FROM (VALUES {}) AS k JOIN {table} o ON o.order_no = k.column1 \
                     AND o.order_date = k.column2 AND o.iin = k.column3 AND o.kind = k.column4",
                    values
                );
                let mut q = sqlx::query_as::<_, Existing>(sqlx::AssertSqlSafe(sql));
                for (_, o) in part {
                    q = q
                        .bind(o.order_no.clone())
                        .bind(o.order_date)
                        .bind(o.iin.as_str().to_owned())
                        .bind(o.kind.as_str());
                }
                out.extend(q.fetch_all(&mut **c).await?);
            }
            Ok(out)
        }
        Tx::Pg(c) => {
            let sql = format!(
                "SELECT {pick} FROM UNNEST($1::text[], $2::date[], $3::text[], $4::text[]) AS k(order_no, order_date, iin, kind) \
                 JOIN {table} o ON o.order_no = k.order_no AND o.order_date = k.order_date AND o.iin = k.iin AND o.kind = k.kind"
            );
            sqlx::query_as::<_, Existing>(sqlx::AssertSqlSafe(sql))
                .bind(
                    rows.iter()
                        .map(|(_, o)| o.order_no.clone())
                        .collect::<Vec<_>>(),
                )
                .bind(rows.iter().map(|(_, o)| o.order_date).collect::<Vec<_>>())
                .bind(
                    rows.iter()
                        .map(|(_, o)| o.iin.as_str().to_owned())
                        .collect::<Vec<_>>(),
                )
                .bind(
                    rows.iter()
                        .map(|(_, o)| o.kind.as_str().to_owned())
                        .collect::<Vec<_>>(),
                )
                .fetch_all(&mut **c)
                .await
        }
    }
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
    let (create, date_type) = match tx {
        Tx::Sqlite(_) => ("CREATE TEMP TABLE IF NOT EXISTS import_seen", "TEXT"),
        Tx::Pg(_) => ("CREATE TEMP TABLE IF NOT EXISTS import_seen", "DATE"),
    };
    let ddl = format!(
        "{create} (order_no TEXT NOT NULL, order_date {date_type} NOT NULL, iin TEXT NOT NULL, kind TEXT NOT NULL, \
         import_id BIGINT NOT NULL, file_id BIGINT NOT NULL, source_row BIGINT NOT NULL, \
         PRIMARY KEY (order_no, order_date, iin, kind))"
    );
    on_tx!(tx, c => sqlx::raw_sql(sqlx::AssertSqlSafe(ddl)).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    for part in rows.chunks(SQLITE_CHUNK) {
        let values = values_list(matches!(tx, Tx::Pg(_)), part.len(), "(?,?,?,?,0,?,?)");
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

const KEY_INDEX: &str =
    "CREATE UNIQUE INDEX orders_key ON orders (iin, order_no, order_date, kind)";

async fn exec(tx: &mut Tx, sql: &'static str) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query(sql).execute(&mut **c).await.map(|_| ()))
}

const PG_FOREIGN_KEYS: &str = "ALTER TABLE orders \
    ADD CONSTRAINT orders_import_fk FOREIGN KEY (import_id) REFERENCES imports(id), \
    ADD CONSTRAINT orders_file_fk FOREIGN KEY (file_id) REFERENCES import_files(id)";

/// Bulk load, step 1: drop the natural-key index, and on PostgreSQL the foreign keys (checked by
/// a trigger per row: the larger part of a million-row load), for the load. All of it in the
/// run's transaction: a failed or killed run gets them back with everything else. Readers of
/// PostgreSQL wait for the run to finish (the table is locked); SQLite readers see the old data.
pub async fn begin_bulk(tx: &mut Tx) -> Result<(), sqlx::Error> {
    exec(tx, "DROP INDEX orders_key").await?;
    if matches!(tx, Tx::Pg(_)) {
        exec(
            tx,
            "ALTER TABLE orders DROP CONSTRAINT orders_import_fk, DROP CONSTRAINT orders_file_fk",
        )
        .await?;
    }
    Ok(())
}

/// Bulk load, last step: build the natural-key index in one sort (and on PostgreSQL check the
/// foreign keys in one query). `false`, with nothing changed, when stored rows repeat a key
/// (then [`repeats`] names them).
pub async fn finish_bulk(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    // SQLite's sorter may use as much memory as the page cache: shrink the cache for the sort
    // so that the two together stay within the import's memory budget.
    let sqlite = matches!(tx, Tx::Sqlite(_));
    if sqlite {
        exec(tx, "PRAGMA cache_size = -16384").await?;
    } else {
        // Sort in memory, not in temporary files (this transaction only).
        exec(tx, "SET LOCAL maintenance_work_mem = '256MB'").await?;
    }
    let built = build_key_index(tx).await;
    if sqlite {
        exec(tx, super::SQLITE_CACHE_PRAGMA).await?;
    }
    built
}

async fn build_key_index(tx: &mut Tx) -> Result<bool, sqlx::Error> {
    exec(tx, "SAVEPOINT key_index").await?;
    match exec(tx, KEY_INDEX).await {
        Ok(()) => {
            exec(tx, "RELEASE SAVEPOINT key_index").await?;
            if matches!(tx, Tx::Pg(_)) {
                exec(tx, PG_FOREIGN_KEYS).await?;
            }
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

/// The rows of a bulk-loaded import that repeat a key (one sort of the whole table; run only
/// when building the key index failed).
pub async fn repeats(tx: &mut Tx, import_id: i64) -> Result<Vec<Repeat>, sqlx::Error> {
    let sql = "SELECT w.id, w.file_id, w.source_row, f.id AS first_id, f.file_id AS first_file, \
                      f.source_row AS first_row \
               FROM (SELECT id, import_id, file_id, source_row, \
                       first_value(id) OVER (PARTITION BY iin, order_no, order_date, kind, import_id ORDER BY id) AS run_first, \
                       CAST(MAX(CASE WHEN import_id <> $1 THEN 1 ELSE 0 END) \
                            OVER (PARTITION BY iin, order_no, order_date, kind) AS BIGINT) AS has_old \
                     FROM orders) w \
               JOIN orders f ON f.id = w.run_first \
               WHERE w.import_id = $1 AND (w.id <> w.run_first OR w.has_old = 1) \
               ORDER BY w.id";
    on_tx!(tx, c => sqlx::query_as::<_, Repeat>(sql).bind(import_id).fetch_all(&mut **c).await)
}

/// Deletes rows of the current import (the repeats of a bulk load).
pub async fn delete(tx: &mut Tx, ids: &[i64]) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for part in ids.chunks(SQLITE_CHUNK) {
        let list = part
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!("DELETE FROM orders WHERE id IN ({list})");
        n += on_tx!(tx, c => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(n)
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
    pub kind: String,
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub position: String,
    pub department: String,
    pub effective_date: NaiveDate,
    pub email: Option<String>,
}

const ORDER_ROW: &str = "SELECT id, order_no, order_date, kind, iin, surname, name, patronymic, position, \
                         department, effective_date, email FROM orders";

/// Orders, filtered by IIN and kind, in effective-date order.
pub async fn list(
    store: &Store,
    iin: Option<&str>,
    kind: Option<&str>,
    limit: Option<i64>,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!(
        "{ORDER_ROW} WHERE ($1 IS NULL OR iin = $1) AND ($2 IS NULL OR kind = $2) \
         ORDER BY effective_date, order_date, id LIMIT $3"
    );
    let limit = limit.unwrap_or(i64::MAX);
    on_pool!(store, p => sqlx::query_as::<_, OrderRow>(sqlx::AssertSqlSafe(sql))
        .bind(iin).bind(kind).bind(limit).fetch_all(p).await)
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
    fn placeholders() {
        assert_eq!(values_list(false, 2, "(?,?)"), "(?,?),(?,?)");
        assert_eq!(values_list(true, 2, "(?,0,?)"), "($1,0,$2),($3,0,$4)");
    }
}
