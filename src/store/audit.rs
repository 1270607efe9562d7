//! Storage of the audit chain (see `crate::audit`): append inside the caller's transaction,
//! read for `audit list` and `audit verify`.

use super::backend::{AuditRow, Backend, on_backend};
use super::{Store, Tx, on_pool, on_tx};
use crate::audit::{Entry, Record, record_hash};
use chrono::{SubsecRound, Utc};

/// Appends one record in the caller's transaction and moves the head. On PostgreSQL the head row
/// is locked (`FOR UPDATE`), so concurrent appends queue; SQLite's `BEGIN IMMEDIATE` already
/// holds the write lock.
pub async fn append(tx: &mut Tx, entry: &Entry) -> Result<i64, sqlx::Error> {
    append_with_objects(tx, entry, &entry.objects.to_string()).await
}

/// [`append`] with the objects given as their JSON text (`entry.objects` is not read): a
/// listing of half a million logins is written straight to text, not built as a
/// `serde_json::Value` of as many strings first. The record is the same.
pub async fn append_with_objects(
    tx: &mut Tx,
    entry: &Entry,
    objects: &str,
) -> Result<i64, sqlx::Error> {
    let (seq, prev): (i64, String) =
        on_backend!(tx, B, c => sqlx::query_as(B::AUDIT_HEAD).fetch_one(c).await)?;
    let at = entry.at.trunc_subsecs(0).with_timezone(&Utc);
    let details = entry.details.to_string();
    let hash = record_hash(
        at,
        &entry.actor,
        &entry.os_user,
        &entry.action,
        objects,
        entry.count,
        &details,
        &prev,
    );
    let seq = seq + 1;
    let row = AuditRow {
        seq,
        at,
        actor: &entry.actor,
        os_user: &entry.os_user,
        action: &entry.action,
        objects,
        count: entry.count,
        details: &details,
        prev_hash: &prev,
        hash: &hash,
    };
    on_backend!(tx, B, c => B::insert_audit(c, &row).await)?;
    let head = "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1";
    on_tx!(tx, c => sqlx::query(head).bind(seq).bind(&hash).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(seq)
}

const SELECT: &str =
    "SELECT seq, at, actor, os_user, action, objects, count, details, prev_hash, hash FROM audit";

/// The newest `limit` records (all when `None`), oldest first.
pub async fn list(store: &Store, limit: Option<i64>) -> Result<Vec<Record>, sqlx::Error> {
    let sql = format!("SELECT * FROM ({SELECT} ORDER BY seq DESC LIMIT $1) newest ORDER BY seq",);
    let limit = limit.unwrap_or(i64::MAX);
    on_pool!(store, p => sqlx::query_as::<_, Record>(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(p).await)
}

/// A record as stored, every column read as text: a value that no longer parses (a changed
/// timestamp, say) is still read, and found changed by `audit verify`.
#[derive(sqlx::FromRow)]
struct Raw {
    seq: i64,
    at: Option<String>,
    actor: Option<String>,
    os_user: Option<String>,
    action: Option<String>,
    objects: Option<String>,
    count: Option<String>,
    details: Option<String>,
    prev_hash: Option<String>,
    hash: Option<String>,
}

/// Reads a stored timestamp as either backend writes it.
fn parse_time(s: &str) -> Option<chrono::DateTime<Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z").ok())
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%#z").ok())
        .map(|t| t.with_timezone(&Utc))
}

impl Raw {
    /// The record, or its number when a value no longer reads as what was written.
    fn record(self) -> Result<Record, i64> {
        let seq = self.seq;
        let text = |v: Option<String>| v.ok_or(seq);
        Ok(Record {
            seq,
            at: self.at.as_deref().and_then(parse_time).ok_or(seq)?,
            actor: text(self.actor)?,
            os_user: text(self.os_user)?,
            action: text(self.action)?,
            objects: text(self.objects)?,
            count: self
                .count
                .as_deref()
                .and_then(|c| c.trim().parse().ok())
                .ok_or(seq)?,
            details: text(self.details)?,
            prev_hash: text(self.prev_hash)?,
            hash: text(self.hash)?,
        })
    }
}

/// Every record up to the head, in sequence order (or the number of one that no longer reads),
/// and the head (`seq`, `hash`). The head is read first, so a record appended meanwhile is
/// simply not looked at.
pub async fn chain(
    store: &Store,
) -> Result<(Vec<Result<Record, i64>>, (i64, String)), sqlx::Error> {
    let head: (i64, String) = on_pool!(store, p => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await)?;
    let sql = match store {
        Store::Sqlite(_) => super::sqlite::Sqlite::AUDIT_RECORDS,
        Store::Pg(_) => super::postgres::Postgres::AUDIT_RECORDS,
    };
    let raw = on_pool!(store, p => sqlx::query_as::<_, Raw>(sql).bind(head.0).fetch_all(p).await)?;
    Ok((raw.into_iter().map(Raw::record).collect(), head))
}
