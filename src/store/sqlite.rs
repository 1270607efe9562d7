//! SQLite, the embedded default: the [`Backend`] operations and the [`Locking`] of a file
//! shared by the daemon and cron (leases, and the one write lock every write transaction takes
//! with `BEGIN IMMEDIATE`).

use super::backend::{AUDIT_INSERT, AuditRow, Backend, Block, Param, values_list};
use super::directory::Pushed;
use super::locks::{Held, LEASE, Lease, Lock, Locking};
use super::orders::{COLUMNS, Existing, Row, iso_date_in};
use crate::domain::text_list::TextList;
use crate::store::accounts::{JOURNAL_COLUMNS, JOURNAL_FILTER, JournalPart, JournalRow};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

/// The SQLite backend.
pub struct Sqlite;

/// The page cache of a bulk load and its index sort: 16 MiB.
const BULK_CACHE_PRAGMA: &str = "PRAGMA cache_size = -16384";

/// A sort's settings (a bulk load's key index, its repeats): one worker thread, each of the
/// two with an 8 MiB share of the page cache (see `before_sort`).
const SORT_PRAGMAS: &str = "PRAGMA threads = 1; PRAGMA cache_size = -8192";

/// Rows per SQLite batch (also the look-ups: 6 values a row, under SQLite's 32,766 variables).
pub(super) const CHUNK: usize = 2000;

impl Backend for Sqlite {
    type Conn = SqliteConnection;
    const ORDER_CHUNK: usize = CHUNK;
    const NUMBERED: bool = false;
    // `BEGIN IMMEDIATE` already holds the write lock: appends queue.
    const AUDIT_HEAD: &'static str = "SELECT seq, hash FROM audit_head WHERE id = 1";
    const AUDIT_RECORDS: &'static str = "SELECT seq, CAST(at AS TEXT) AS at, CAST(actor AS TEXT) AS actor, \
         CAST(os_user AS TEXT) AS os_user, CAST(action AS TEXT) AS action, \
         CAST(objects AS TEXT) AS objects, CAST(count AS TEXT) AS count, \
         CAST(details AS TEXT) AS details, CAST(prev_hash AS TEXT) AS prev_hash, \
         CAST(hash AS TEXT) AS hash FROM audit WHERE seq <= $1 ORDER BY seq";
    const DATE_TYPE: &'static str = "TEXT";

    async fn hold_for(_: &mut SqliteConnection, _: Lock<'_>) -> Result<(), sqlx::Error> {
        // Every write transaction holds the one write lock (`BEGIN IMMEDIATE`): writers are
        // kept apart already.
        Ok(())
    }

    async fn insert_orders(
        c: &mut SqliteConnection,
        import_id: i64,
        file_id: i64,
        rows: &[Row],
    ) -> Result<u64, sqlx::Error> {
        // Same connection, same transaction as everything else of the run: sqlx lends its
        // handle for exactly this kind of low-level work.
        let mut handle = c.lock_handle().await?;
        let raw = handle.as_raw_handle();
        tokio::task::block_in_place(|| insert(raw, import_id, file_id, rows))
            .map_err(|e| sqlx::Error::Protocol(format!("SQLite bulk insert: {e}")))
    }

    async fn lookup_orders(
        c: &mut SqliteConnection,
        table: &str,
        rows: &[Row],
    ) -> Result<Vec<Existing>, sqlx::Error> {
        let mut out = Vec::new();
        // Four values a row: stay under SQLite's bound-variable limit.
        for part in rows.chunks(CHUNK) {
            let values = values_list(false, part.len(), "(?,?,?,?)");
            let sql = format!(
                "SELECT {} FROM (VALUES {values}) AS k JOIN {table} o ON o.order_no = k.column1 \
                 AND o.order_date = k.column2 AND o.iin = k.column3 AND o.kind = k.column4",
                super::orders::EXISTING
            );
            let mut q = sqlx::query_as::<_, Existing>(sqlx::AssertSqlSafe(sql));
            for (_, o) in part {
                q = q
                    .bind(o.order_no.clone())
                    .bind(o.order_date)
                    .bind(o.iin.as_str().to_owned())
                    .bind(o.kind.as_str());
            }
            out.extend(q.fetch_all(&mut *c).await?);
        }
        Ok(out)
    }

    async fn begin_bulk(c: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        // Rows are appended: a small page cache does (the rows reach the WAL once either way),
        // and leaves room for the import's own account of the names.
        sqlx::query(BULK_CACHE_PRAGMA).execute(c).await.map(|_| ())
    }

    async fn end_load(_: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        Ok(())
    }

    async fn before_sort(c: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        // One worker thread for SQLite's sorter: the file reader is done by now and the second
        // core is free. Each thread sorts in as much memory as the page cache, so the cache is
        // halved for the sort: the two threads together take what one did. Measured on the
        // key index of 1,000,000 orders (`scripts/bench-import`'s data): 1.08-1.13 s alone,
        // 0.78-0.99 s with the worker, 38 MB either way.
        sqlx::query(SORT_PRAGMAS).execute(c).await.map(|_| ())
    }

    async fn after_sort(
        c: &mut SqliteConnection,
        _built: &Result<bool, sqlx::Error>,
    ) -> Result<(), sqlx::Error> {
        // The bulk load's small cache again, and to the end of the run: what follows a bulk
        // load reads the table through (the repeats, the names), and a full 48 MiB cache on top
        // of the run's own account of the rows took a resent million-row file over 100 MB. Only
        // the `orders import` command loads in bulk, and its connections end with it. The
        // sorter's worker thread stays too: a resent file's repeats are found by a sort.
        sqlx::query(BULK_CACHE_PRAGMA).execute(c).await.map(|_| ())
    }

    async fn record_entries(
        c: &mut SqliteConnection,
        rows: &[Pushed],
        at: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO directory_entries (login, dn, created, password_issue, locked, groups, pushed_at) ",
        );
        q.push_values(rows, |mut b, r| {
            b.push_bind(&r.login)
                .push_bind(&r.dn)
                .push_bind(r.created)
                .push_bind(r.password_issue)
                .push_bind(r.locked)
                .push_bind(&r.groups)
                .push_bind(at);
        });
        q.push(super::directory::ENTRY_UPSERT);
        q.build().execute(c).await.map(|_| ())
    }

    async fn record_logins(
        c: &mut SqliteConnection,
        logins: &[(String, String)],
        at: DateTime<Utc>,
    ) -> Result<u64, sqlx::Error> {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO directory_logins (login, dn, seen_at) ",
        );
        q.push_values(logins, |mut b, (login, dn)| {
            b.push_bind(login).push_bind(dn).push_bind(at);
        });
        q.push(" ON CONFLICT (login) DO NOTHING");
        Ok(q.build().execute(c).await?.rows_affected())
    }

    async fn insert_audit(c: &mut SqliteConnection, r: &AuditRow<'_>) -> Result<(), sqlx::Error> {
        // Through the handle, the objects bound where they lie: through sqlx, a listing of half
        // a million logins was copied twice more (see `store::sqlite_raw`).
        use crate::store::sqlite_raw::{Prepared, Value};
        let at = as_sqlx_binds(Param::Time(r.at));
        let sql = AUDIT_INSERT.replace('$', "?");
        let mut handle = c.lock_handle().await?;
        let raw = handle.as_raw_handle();
        tokio::task::block_in_place(|| {
            Prepared::new(raw, &sql)?.run(&[
                Value::Int(r.seq),
                Value::Text(&at),
                Value::Text(r.actor),
                Value::Text(r.os_user),
                Value::Text(r.action),
                Value::Text(r.objects),
                Value::Int(r.count),
                Value::Text(r.details),
                Value::Text(r.prev_hash),
                Value::Text(r.hash),
            ])
        })
        .map(|_| ())
        .map_err(|e| sqlx::Error::Protocol(format!("SQLite audit record: {e}")))
    }

    async fn block_returning_logins(
        c: &mut SqliteConnection,
        block: &Block<'_>,
        params: &[Param<'_>],
    ) -> Result<TextList, sqlx::Error> {
        // `OR FAIL`: a constraint error ends the statement without undoing the rows it already
        // changed, and the caller's transaction is then rolled back whole. The default (`ABORT`)
        // would have SQLite keep a statement journal of every page the update changes, to undo
        // it alone: on 1,000,000 accounts, 93,000 page writes to a temporary file, a third of
        // the job's time (`scripts/bench-jobs`).
        //
        // No `RETURNING`: the logins come from SQLite's pre-update hook, as each row changes
        // (`update_noting`).
        let Block { set, filter } = block;
        let sql = format!("UPDATE OR FAIL accounts SET {set} WHERE {filter}");
        let params: Vec<String> = params.iter().map(|p| as_sqlx_binds(*p)).collect();
        let mut handle = c.lock_handle().await?;
        let raw = handle.as_raw_handle();
        tokio::task::block_in_place(|| update_noting(raw, &sql, &params))
            .map_err(|e| sqlx::Error::Protocol(format!("SQLite update: {e}")))
    }
}

/// A parameter as the text sqlx binds for its type (the stored values are compared as text).
fn as_sqlx_binds(p: Param<'_>) -> String {
    match p {
        Param::Time(t) => t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false),
        Param::Day(d) => d.format("%F").to_string(),
        Param::Text(s) => s.to_owned(),
    }
}

/// The page cache of one set-based update, in KiB: the sqlite3 shell's 2 MiB. The update walks
/// the table once, so a bigger cache only holds dirty pages longer (they spill to the WAL,
/// uncommitted, either way: one transaction still); the connection's 48 MiB would be most of
/// the job's memory.
const UPDATE_CACHE_KIB: i64 = 2048;

/// A block's `UPDATE` of `accounts` stepped on sqlx's own connection, inside its transaction,
/// with a small page cache from the statement on: the job's audit record (half a million
/// logins) then spills to the WAL too instead of staying in the cache. The job puts the
/// connection's own cache back before its commit (`store::jobs::end_block`). The logins of the
/// rows it changed, in the table's order, noted by SQLite's pre-update hook as each row changes
/// (`sqlite_raw::noting_changes`).
///
/// Why not sqlx: it hands each row to its worker's channel, and half a million rows that way
/// cost more than the update; reading them again afterwards is a second pass over the whole
/// table. Why not `RETURNING`: SQLite holds the rows it returns in a temporary table until the
/// last one, and an SQL function noting them would have it keep a statement journal of every
/// page changed. Measured on 1,000,000 accounts, 463,910 blocked, the statement alone (`perf`,
/// `strace -c`, `scripts/bench-jobs`): with the hook 2.1 s; with `RETURNING` 2.3-2.6 s; with a
/// function 93,000 more page writes to a temporary file.
fn update_noting(
    raw: std::ptr::NonNull<libsqlite3_sys::sqlite3>,
    sql: &str,
    params: &[String],
) -> Result<TextList, String> {
    use crate::store::sqlite_raw::noting_changes;
    // SAFETY: as in `insert`: the live handle sqlx has locked for us for the whole call, never
    // closed by `from_handle`'s Connection, which does not outlive the call.
    let conn =
        unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }.map_err(|e| e.to_string())?;
    // `table_xinfo`: the hook counts hidden and generated columns too.
    let column: std::ffi::c_int = conn
        .execute_batch(&format!("PRAGMA cache_size = -{UPDATE_CACHE_KIB}"))
        .and_then(|()| {
            conn.query_row(
                "SELECT cid FROM pragma_table_xinfo('accounts') WHERE name = 'login'",
                [],
                |r| r.get(0),
            )
        })
        .map_err(|e| e.to_string())?;
    // SAFETY: the handle is sqlx's, locked for us for the whole call, and this thread steps the
    // only statement on it.
    let (run, logins) =
        unsafe { noting_changes(raw, c"accounts", column, || execute(&conn, sql, params)) };
    run.map_err(|e| e.to_string())?;
    logins
}

/// Binds `$N` to `params[N - 1]` (as sqlx does) and runs the statement.
fn execute(conn: &rusqlite::Connection, sql: &str, params: &[String]) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare(sql)?;
    for i in 1..=stmt.parameter_count() {
        let name = stmt.parameter_name(i).unwrap_or("?").to_owned();
        let value = name
            .strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| params.get(n.checked_sub(1)?))
            .ok_or(rusqlite::Error::InvalidParameterName(name))?;
        stmt.raw_bind_parameter(i, value.as_str())?;
    }
    stmt.raw_execute()
}

/// The order insert: one prepared statement, executed row by row on sqlx's own connection.
///
/// Why not sqlx's own binding: it hands every value to its worker thread and copies it twice on
/// the way, and with thousands of values per statement that dominates. Measured on 1,000,000
/// rows (2 cores): multi-row `VALUES` through sqlx 13.5 s, `sqlite3 .import` of the same file
/// 3.4 s. Nor rusqlite's: it has SQLite copy each of a row's eleven texts (see
/// [`crate::store::sqlite_raw`]).
fn insert(
    raw: std::ptr::NonNull<libsqlite3_sys::sqlite3>,
    import_id: i64,
    file_id: i64,
    rows: &[Row],
) -> Result<u64, String> {
    use crate::store::sqlite_raw::{Prepared, Value};
    let sql = format!(
        "INSERT INTO orders ({COLUMNS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14) ON CONFLICT DO NOTHING"
    );
    let stmt = Prepared::new(raw, &sql)?;
    let mut inserted = 0u64;
    let (mut order_date, mut effective_date) = ([0u8; 10], [0u8; 10]);
    for (row, o) in rows {
        inserted += stmt.run(&[
            Value::Text(&o.order_no),
            Value::Text(iso_date_in(o.order_date, &mut order_date)),
            Value::Text(o.kind.as_str()),
            Value::Text(o.iin.as_str()),
            Value::Text(&o.surname),
            Value::Text(&o.name),
            o.patronymic.as_deref().into(),
            Value::Text(&o.position),
            Value::Text(&o.department),
            Value::Text(iso_date_in(o.effective_date, &mut effective_date)),
            o.email.as_deref().into(),
            Value::Int(import_id),
            Value::Int(file_id),
            Value::Int(*row as i64),
        ])?;
    }
    Ok(inserted)
}

/// The journal read of [`crate::store::accounts::journal_read`] on SQLite: one read
/// transaction (one snapshot) for the count and the rows, through a rusqlite statement on the
/// connection sqlx lends. Why not sqlx's stream: it moves every row through its worker thread
/// and a channel; measured on 1,000,000 rows, that took about as long as writing them.
pub(crate) fn journal_rows(
    raw: std::ptr::NonNull<libsqlite3_sys::sqlite3>,
    (from, to, system): (Option<NaiveDate>, Option<NaiveDate>, Option<&str>),
    batch: usize,
    sink: &mut (dyn FnMut(JournalPart) -> bool + Send),
) -> rusqlite::Result<()> {
    // SAFETY: as in `insert`: the live handle of the connection sqlx has locked for the call.
    let conn = unsafe { rusqlite::Connection::from_handle(raw.as_ptr())? };
    // Rolled back when dropped: the connection goes back to the pool as it came.
    let tx = conn.unchecked_transaction()?;
    let (mut a, mut b) = ([0u8; 10], [0u8; 10]);
    let from = from.map(|d| iso_date_in(d, &mut a).to_owned());
    let to = to.map(|d| iso_date_in(d, &mut b).to_owned());
    let params = rusqlite::params![from, to, system];
    let count: i64 = tx.query_row(
        &format!("SELECT count(*) FROM journal {JOURNAL_FILTER}"),
        params,
        |r| r.get(0),
    )?;
    if !sink(JournalPart::Count(count.max(0) as u64)) {
        return Ok(());
    }
    let mut stmt = tx.prepare(&format!(
        "SELECT {JOURNAL_COLUMNS} FROM journal {JOURNAL_FILTER} ORDER BY no"
    ))?;
    let mut rows = stmt.query(params)?;
    let mut part = Vec::with_capacity(batch);
    while let Some(r) = rows.next()? {
        let issued_on = r.get_ref(3)?.as_str()?;
        let issued_on = issued_on.parse::<NaiveDate>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into())
        })?;
        part.push(JournalRow {
            no: r.get(0)?,
            letter: r.get(1)?,
            systems: r.get(2)?,
            issued_on,
            basis: r.get(4)?,
            basis_kind: r.get(5)?,
            admin: r.get(6)?,
            full_name: r.get(7)?,
            login: r.get(8)?,
            reactivation: r.get(9)?,
            replaces: r.get(10)?,
        });
        if part.len() == batch {
            let full = std::mem::replace(&mut part, Vec::with_capacity(batch));
            if !sink(JournalPart::Rows(full)) {
                return Ok(());
            }
        }
    }
    if !part.is_empty() {
        sink(JournalPart::Rows(part));
    }
    Ok(())
}

/// SQLite's job locks: leases in `job_leases`.
pub struct Leases<'a>(pub &'a SqlitePool);

impl Locking for Leases<'_> {
    async fn try_hold(
        &self,
        lock: Lock<'_>,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Held>, sqlx::Error> {
        // The lease row is keyed by the job's name.
        let job = match lock {
            Lock::Job(job) => job.to_owned(),
            other => other.name(),
        };
        // Read first: a running job holds SQLite's one write lock for its long statement, so
        // an INSERT would wait for it (the busy timeout) and might only get in once the lease
        // is gone. A reader is never blocked (WAL): a live lease is "held" at once.
        let expires: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT expires_at FROM job_leases WHERE job = $1")
                .bind(&job)
                .fetch_optional(self.0)
                .await?;
        if expires.is_some_and(|e| e >= now) {
            return Ok(None);
        }
        let n = sqlx::query(
            "INSERT INTO job_leases (job, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
             WHERE job_leases.expires_at < $4",
        )
        .bind(&job)
        .bind(holder)
        .bind(now + LEASE)
        .bind(now)
        .execute(self.0)
        .await?
        .rows_affected();
        let holder = holder.to_owned();
        Ok((n == 1).then_some(Held::Lease(Lease { job, holder })))
    }

    async fn renew(&self, lease: &Lease, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE job_leases SET expires_at = $3 WHERE job = $1 AND holder = $2";
        let n = sqlx::query(sql)
            .bind(&lease.job)
            .bind(&lease.holder)
            .bind(now + LEASE)
            .execute(self.0)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    async fn release(&self, held: Held) -> Result<(), sqlx::Error> {
        if let Held::Lease(l) = held {
            sqlx::query("DELETE FROM job_leases WHERE job = $1 AND holder = $2")
                .bind(&l.job)
                .bind(&l.holder)
                .execute(self.0)
                .await?;
        }
        Ok(())
    }
}
