//! The locks that keep two runs apart, in one abstraction ([`Locking`]) with two
//! implementations: [`Leases`] (SQLite, `sqlite.rs`: a lease row, and the database's one write
//! lock) and [`Advisory`] (PostgreSQL, `postgres.rs`: advisory locks).
//!
//! - A job's lock is held for the whole run, across transactions: two daemons, or a daemon and
//!   a cron run, never run one job at once. A killed holder frees it (the lease runs out; the
//!   advisory lock goes with its connection).
//! - The import lock and the access lock are held for one transaction: imports run one at a
//!   time, and so do the commands that take in or answer requests, whose logins are generated
//!   from what is on record.

use super::backend::{Backend, on_backend};
use super::postgres::Advisory;
use super::sqlite::Leases;
use super::{Store, Tx};
use chrono::{DateTime, Utc};
use sqlx::Postgres;
use sqlx::pool::PoolConnection;

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
    pub(super) fn name(&self) -> String {
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
    pub(super) job: String,
    pub(super) holder: String,
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
    on_backend!(tx, B, c => B::hold_for(c, lock).await)
}
