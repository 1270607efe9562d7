//! PostgreSQL: the [`Backend`] operations (arrays through `UNNEST`, the streaming `COPY` of a
//! bulk load) and the [`Locking`] of advisory locks.

use super::backend::{AUDIT_INSERT, AuditRow, Backend, Block, Param};
use super::directory::Pushed;
use super::locks::{Held, Lease, Lock, Locking};
use super::orders::{COLUMNS, Existing, Row};
use crate::domain::order::Order;
use crate::domain::text_list::TextList;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// The PostgreSQL backend.
pub struct Postgres;

/// The foreign key of the orders (their file, of their import: migration 10), checked once
/// after a bulk load.
const FOREIGN_KEY: &str = "ALTER TABLE orders ADD CONSTRAINT orders_file_fk \
    FOREIGN KEY (file_id, import_id) REFERENCES import_files (id, import_id)";

impl Backend for Postgres {
    type Conn = PgConnection;
    // Arrays have no bound-variable limit.
    const ORDER_CHUNK: usize = 5000;
    const NUMBERED: bool = true;
    // The head row is locked, so concurrent appends queue.
    const AUDIT_HEAD: &'static str = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
    const AUDIT_RECORDS: &'static str = "SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at, \
         actor, os_user, action, objects, count::text AS count, details, prev_hash, hash \
         FROM audit WHERE seq <= $1 ORDER BY seq";
    const DATE_TYPE: &'static str = "DATE";

    async fn hold_for(c: &mut PgConnection, lock: Lock<'_>) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(lock.name())
            .execute(c)
            .await
            .map(|_| ())
    }

    async fn insert_orders(
        c: &mut PgConnection,
        import_id: i64,
        file_id: i64,
        rows: &[Row],
    ) -> Result<u64, sqlx::Error> {
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
        let col = |f: fn(&Order) -> String| rows.iter().map(|(_, o)| f(o)).collect::<Vec<String>>();
        let opt = |f: fn(&Order) -> Option<String>| {
            rows.iter()
                .map(|(_, o)| f(o))
                .collect::<Vec<Option<String>>>()
        };
        let date =
            |f: fn(&Order) -> NaiveDate| rows.iter().map(|(_, o)| f(o)).collect::<Vec<NaiveDate>>();
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
        Ok(q.execute(c).await?.rows_affected())
    }

    async fn lookup_orders(
        c: &mut PgConnection,
        table: &str,
        rows: &[Row],
    ) -> Result<Vec<Existing>, sqlx::Error> {
        let sql = format!(
            "SELECT {} FROM UNNEST($1::text[], $2::date[], $3::text[], $4::text[]) AS k(order_no, order_date, iin, kind) \
             JOIN {table} o ON o.order_no = k.order_no AND o.order_date = k.order_date AND o.iin = k.iin AND o.kind = k.kind",
            super::orders::EXISTING
        );
        let text = |f: fn(&Order) -> String| rows.iter().map(|(_, o)| f(o)).collect::<Vec<_>>();
        sqlx::query_as::<_, Existing>(sqlx::AssertSqlSafe(sql))
            .bind(text(|o| o.order_no.clone()))
            .bind(rows.iter().map(|(_, o)| o.order_date).collect::<Vec<_>>())
            .bind(text(|o| o.iin.as_str().to_owned()))
            .bind(text(|o| o.kind.as_str().to_owned()))
            .fetch_all(c)
            .await
    }

    async fn begin_bulk(c: &mut PgConnection) -> Result<(), sqlx::Error> {
        // The foreign key is checked by a trigger per row: the larger part of a million-row
        // load. It comes back, checked in one query, after it. The primary key would take
        // every id into its index one by one: it comes back in one sort (no other table refers
        // to the orders' ids). ALTER TABLE locks the orders until the commit, which the ids
        // of the COPY (see PgCopy) rely on.
        let sql = "ALTER TABLE orders DROP CONSTRAINT orders_file_fk, DROP CONSTRAINT orders_pkey";
        sqlx::query(sql).execute(c).await.map(|_| ())
    }

    async fn end_load(c: &mut PgConnection) -> Result<(), sqlx::Error> {
        // The primary key's index in one sort, before anything looks an order up by its id.
        sqlx::query("SET LOCAL maintenance_work_mem = '256MB'")
            .execute(&mut *c)
            .await?;
        sqlx::query("ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)")
            .execute(c)
            .await
            .map(|_| ())
    }

    async fn before_sort(c: &mut PgConnection) -> Result<(), sqlx::Error> {
        // Sort in memory, not in temporary files (this transaction only): an index build
        // (`maintenance_work_mem`) or the query that finds the repeats (`work_mem`).
        sqlx::query("SET LOCAL maintenance_work_mem = '256MB'")
            .execute(&mut *c)
            .await?;
        sqlx::query("SET LOCAL work_mem = '256MB'")
            .execute(c)
            .await
            .map(|_| ())
    }

    async fn after_sort(
        c: &mut PgConnection,
        built: &Result<bool, sqlx::Error>,
    ) -> Result<(), sqlx::Error> {
        // A failed transaction takes no more statements.
        if let Ok(built) = built {
            // The next queries' sorts and hashes each could take that much.
            sqlx::query("SET LOCAL work_mem TO DEFAULT")
                .execute(&mut *c)
                .await?;
            if *built {
                sqlx::query(FOREIGN_KEY).execute(c).await?;
            }
        }
        Ok(())
    }

    async fn record_entries(
        c: &mut PgConnection,
        rows: &[Pushed],
        at: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        let col = |f: fn(&Pushed) -> String| rows.iter().map(f).collect::<Vec<_>>();
        let issues: Vec<Option<DateTime<Utc>>> = rows.iter().map(|r| r.password_issue).collect();
        let locked: Vec<bool> = rows.iter().map(|r| r.locked).collect();
        let created: Vec<bool> = rows.iter().map(|r| r.created).collect();
        let sql = format!(
            "INSERT INTO directory_entries (login, dn, created, password_issue, locked, groups, pushed_at) \
             SELECT login, dn, created, password_issue, locked, groups, $7 \
             FROM UNNEST($1::text[], $2::text[], $3::boolean[], $4::timestamptz[], $5::boolean[], $6::text[]) \
                AS v(login, dn, created, password_issue, locked, groups){}",
            super::directory::ENTRY_UPSERT
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(col(|r| r.login.clone()))
            .bind(col(|r| r.dn.clone()))
            .bind(created)
            .bind(issues)
            .bind(locked)
            .bind(col(|r| r.groups.clone()))
            .bind(at)
            .execute(c)
            .await
            .map(|_| ())
    }

    async fn record_logins(
        c: &mut PgConnection,
        logins: &[(String, String)],
        at: DateTime<Utc>,
    ) -> Result<u64, sqlx::Error> {
        let names: Vec<&str> = logins.iter().map(|(l, _)| l.as_str()).collect();
        let dns: Vec<&str> = logins.iter().map(|(_, d)| d.as_str()).collect();
        let sql = "INSERT INTO directory_logins (login, dn, seen_at) \
                   SELECT login, dn, $3 FROM UNNEST($1::text[], $2::text[]) AS v(login, dn) \
                   ON CONFLICT (login) DO NOTHING";
        let q = sqlx::query(sql).bind(names).bind(dns).bind(at);
        Ok(q.execute(c).await?.rows_affected())
    }

    async fn insert_audit(c: &mut PgConnection, r: &AuditRow<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(AUDIT_INSERT)
            .bind(r.seq)
            .bind(r.at)
            .bind(r.actor)
            .bind(r.os_user)
            .bind(r.action)
            .bind(r.objects)
            .bind(r.count)
            .bind(r.details)
            .bind(r.prev_hash)
            .bind(r.hash)
            .execute(c)
            .await
            .map(|_| ())
    }

    async fn block_returning_logins(
        c: &mut PgConnection,
        block: &Block<'_>,
        params: &[Param<'_>],
    ) -> Result<TextList, sqlx::Error> {
        // One value, a line each: half a million rows one by one through the driver cost more
        // than the update itself.
        let Block { set, filter } = block;
        let sql = format!(
            "WITH b AS (UPDATE accounts SET {set} WHERE {filter} RETURNING login) \
             SELECT string_agg(login, E'\\n') FROM b"
        );
        let mut q = sqlx::query_scalar::<_, Option<String>>(sqlx::AssertSqlSafe(sql));
        for p in params {
            q = match *p {
                Param::Time(t) => q.bind(t),
                Param::Day(d) => q.bind(d),
                Param::Text(s) => q.bind(s),
            };
        }
        let all = q.fetch_one(c).await?.unwrap_or_default();
        Ok(all.lines().collect())
    }
}

/// One `COPY` into the orders for a whole file of a bulk load: chunks stream in while the
/// server parses the ones before (one round trip a file, not one a chunk).
pub struct PgCopy<'c> {
    copy: sqlx::postgres::PgCopyIn<&'c mut PgConnection>,
    import_id: i64,
    file_id: i64,
    /// The id of the next row: the rows bring their ids, taken from the orders' identity
    /// sequence at the start (the server then evaluates no default per row: 10-20% of its
    /// `COPY`). Safe because a bulk load holds the table's exclusive lock (see
    /// [`Backend::begin_bulk`]); [`copy_done`](super::orders::copy_done) moves the sequence
    /// past them, and the primary key, built again after the load, would refuse any id twice.
    next_id: i64,
}

/// What a finished `COPY` stored: its rows, and the id after the last.
pub struct CopyDone {
    pub rows: u64,
    pub(super) next_id: i64,
}

/// The orders' identity sequence.
const ORDER_IDS: &str = "pg_get_serial_sequence('orders', 'id')";

impl<'c> PgCopy<'c> {
    /// Starts the `COPY` (binary: the server parses no text, dates or numbers).
    pub async fn begin(
        c: &'c mut PgConnection,
        import_id: i64,
        file_id: i64,
    ) -> Result<PgCopy<'c>, sqlx::Error> {
        let next_id: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT nextval({ORDER_IDS})")))
                .fetch_one(&mut *c)
                .await?;
        let mut copy = c
            .copy_in_raw(&format!(
                "COPY orders (id, {COLUMNS}) FROM STDIN (FORMAT binary)"
            ))
            .await?;
        copy.send(COPY_HEADER).await?;
        Ok(PgCopy {
            copy,
            import_id,
            file_id,
            next_id,
        })
    }

    pub async fn send(&mut self, rows: &[Row]) -> Result<(), sqlx::Error> {
        let data = copy_binary(self.import_id, self.file_id, self.next_id, rows);
        self.next_id += rows.len() as i64;
        self.copy.send(data).await?;
        Ok(())
    }

    /// Ends the `COPY`: what it stored. Then [`copy_done`](super::orders::copy_done).
    pub async fn finish(mut self) -> Result<CopyDone, sqlx::Error> {
        self.copy.send(COPY_TRAILER).await?;
        let rows = self.copy.finish().await?;
        Ok(CopyDone {
            rows,
            next_id: self.next_id,
        })
    }

    /// After [`PgCopy::finish`]: the identity sequence past the ids the rows brought.
    pub(super) async fn done(c: &mut PgConnection, done: &CopyDone) -> Result<(), sqlx::Error> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval({ORDER_IDS}, $1, false)"
        )))
        .bind(done.next_id)
        .execute(c)
        .await
        .map(|_| ())
    }

    /// Gives up (the run failed): leaves the connection usable for the rollback.
    pub async fn abort(self) -> Result<(), sqlx::Error> {
        self.copy.abort("skud: the import failed").await
    }
}

/// The binary `COPY` format (PostgreSQL manual, COPY, "Binary Format"): a signature, flags
/// (none) and the length of a header extension (none)...
const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// ... the tuples, and a field count of -1.
const COPY_TRAILER: &[u8] = &(-1i16).to_be_bytes();

/// A chunk as tuples of the binary `COPY` format (the id first, numbered from `first_id`): each a field count, then each field as its
/// length (-1: NULL) and its bytes in the type's binary form: text as UTF-8, a date as days
/// since 2000-01-01 (4 bytes), a bigint in 8 bytes, all big-endian.
fn copy_binary(import_id: i64, file_id: i64, first_id: i64, rows: &[Row]) -> Vec<u8> {
    fn text(out: &mut Vec<u8>, s: Option<&str>) {
        match s {
            Some(s) => {
                out.extend_from_slice(&(s.len() as i32).to_be_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            None => out.extend_from_slice(&(-1i32).to_be_bytes()),
        }
    }
    fn date(out: &mut Vec<u8>, d: NaiveDate) {
        let days = d.signed_duration_since(PG_EPOCH).num_days() as i32;
        out.extend_from_slice(&4i32.to_be_bytes());
        out.extend_from_slice(&days.to_be_bytes());
    }
    fn bigint(out: &mut Vec<u8>, v: i64) {
        out.extend_from_slice(&8i32.to_be_bytes());
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut out = Vec::with_capacity(rows.len() * 300);
    for ((row, o), id) in rows.iter().zip(first_id..) {
        out.extend_from_slice(&15i16.to_be_bytes());
        bigint(&mut out, id);
        text(&mut out, Some(&o.order_no));
        date(&mut out, o.order_date);
        text(&mut out, Some(o.kind.as_str()));
        text(&mut out, Some(o.iin.as_str()));
        text(&mut out, Some(&o.surname));
        text(&mut out, Some(&o.name));
        text(&mut out, o.patronymic.as_deref().filter(|s| !s.is_empty()));
        text(&mut out, Some(&o.position));
        text(&mut out, Some(&o.department));
        date(&mut out, o.effective_date);
        text(&mut out, o.email.as_deref().filter(|s| !s.is_empty()));
        bigint(&mut out, import_id);
        bigint(&mut out, file_id);
        bigint(&mut out, *row as i64);
    }
    out
}

/// Day 0 of PostgreSQL's dates.
const PG_EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("2000-01-01 is a date"),
};

/// PostgreSQL's job locks: session advisory locks on a connection kept for the run (released
/// when the connection closes, so a killed process frees them).
pub struct Advisory<'a>(pub &'a PgPool);

impl Advisory<'_> {
    /// The advisory lock key of a run's lock: stable across processes and machines.
    fn key(lock: Lock<'_>) -> i64 {
        use sha2::Digest;
        let d = sha2::Sha256::digest(lock.name().as_bytes());
        i64::from_be_bytes(d[..8].try_into().unwrap_or([0; 8]))
    }
}

impl Locking for Advisory<'_> {
    async fn try_hold(
        &self,
        lock: Lock<'_>,
        _holder: &str,
        _now: DateTime<Utc>,
    ) -> Result<Option<Held>, sqlx::Error> {
        let mut c = self.0.acquire().await?;
        let key = Self::key(lock);
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(key)
            .fetch_one(&mut *c)
            .await?;
        Ok(got.then_some(Held::Advisory(c, key)))
    }

    async fn renew(&self, _lease: &Lease, _now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
        Ok(true)
    }

    async fn release(&self, held: Held) -> Result<(), sqlx::Error> {
        if let Held::Advisory(mut c, key) = held {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(key)
                .execute(&mut *c)
                .await?;
        }
        Ok(())
    }
}
