//! The locks that keep two runs apart, in one abstraction ([`Locking`]) with two
//! implementations: [`Leases`] (SQLite: a lease row, and the database's one write lock) and
//! [`Advisory`] (PostgreSQL's advisory locks).
//!
//! - A job's lock is held for the whole run, across transactions: two daemons, or a daemon and
//!   a cron run, never run one job at once. A killed holder frees it (the lease runs out; the
//!   advisory lock goes with its connection).
//! - The import lock and the access lock are held for one transaction: imports run one at a
//!   time, and so do the commands that take in or answer requests, whose logins are generated
//!   from what is on record.

use super::{Store, Tx};
use chrono::{DateTime, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres, SqlitePool};

/// How long a lease lasts without renewal; a running job renews it every [`LEASE_RENEW`], so
/// only a killed process leaves one behind, and only for this long.
pub const LEASE: chrono::TimeDelta = chrono::TimeDelta::minutes(2);
pub const LEASE_RENEW: std::time::Duration = std::time::Duration::from_secs(30);

/// What a lock keeps apart.
#[derive(Debug, Clone, Copy)]
pub enum Lock<'a> {
    /// One scheduled job (held for its run).
    Job(&'a str),
    /// Imports of orders and requests (held for the transaction).
    Import,
    /// Taking in and answering requests (held for the transaction).
    Access,
}

impl Lock<'_> {
    /// The lock's name: the lease row's key and the advisory lock's key.
    fn name(&self) -> String {
        match self {
            Lock::Job(job) => format!("skud.job.{job}"),
            Lock::Import => "skud.orders.import".into(),
            Lock::Access => "skud.access".into(),
        }
    }
}

/// A lock held across transactions, until [`release`] or the holder's death.
pub enum Held {
    Lease(Lease),
    Advisory(PoolConnection<Postgres>, i64),
}

/// A lease: what renews it.
#[derive(Debug, Clone)]
pub struct Lease {
    job: String,
    holder: String,
}

impl Held {
    /// The lease to renew while the run goes on (none for an advisory lock).
    pub fn lease(&self) -> Option<Lease> {
        match self {
            Held::Lease(l) => Some(l.clone()),
            Held::Advisory(..) => None,
        }
    }
}

/// The locks of one backend.
pub trait Locking {
    /// Takes a lock for a run, or `None` when another run holds it (never waits).
    async fn try_hold(
        &self,
        lock: Lock<'_>,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Held>, sqlx::Error>;
    /// Renews a lease. False when it was lost.
    async fn renew(&self, lease: &Lease, now: DateTime<Utc>) -> Result<bool, sqlx::Error>;
    /// Gives a lock back.
    async fn release(&self, held: Held) -> Result<(), sqlx::Error>;
}

/// SQLite: leases in `job_leases`.
pub struct Leases<'a>(pub &'a SqlitePool);

/// PostgreSQL: session advisory locks on a connection kept for the run.
pub struct Advisory<'a>(pub &'a PgPool);

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

/// Takes a lock for a run on whichever backend the store is.
pub async fn try_hold(
    store: &Store,
    lock: Lock<'_>,
    holder: &str,
    now: DateTime<Utc>,
) -> Result<Option<Held>, sqlx::Error> {
    match store {
        Store::Sqlite(p) => Leases(p).try_hold(lock, holder, now).await,
        Store::Pg(p) => Advisory(p).try_hold(lock, holder, now).await,
    }
}

/// Renews a run's lease. False when it was lost.
pub async fn renew(store: &Store, lease: &Lease, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    match store {
        Store::Sqlite(p) => Leases(p).renew(lease, now).await,
        Store::Pg(p) => Advisory(p).renew(lease, now).await,
    }
}

/// Gives a run's lock back.
pub async fn release(store: &Store, held: Held) -> Result<(), sqlx::Error> {
    match store {
        Store::Sqlite(p) => Leases(p).release(held).await,
        Store::Pg(p) => Advisory(p).release(held).await,
    }
}

/// Holds a lock until the transaction ends. On SQLite every write transaction already holds
/// the one write lock (`BEGIN IMMEDIATE`), which keeps all writers apart; on PostgreSQL it is
/// a transaction advisory lock.
pub async fn hold_for(tx: &mut Tx, lock: Lock<'_>) -> Result<(), sqlx::Error> {
    if let Tx::Pg(c) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(lock.name())
            .execute(&mut **c)
            .await?;
    }
    Ok(())
}
