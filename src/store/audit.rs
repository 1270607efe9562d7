//! Storage of the audit chain (see `crate::audit`): append inside the caller's transaction,
//! read for `audit list` and `audit verify`.

use super::{Store, Tx, on_pool, on_tx};
use crate::audit::{Entry, Record, record_hash};
use chrono::{SubsecRound, Utc};

/// Appends one record in the caller's transaction and moves the head. On PostgreSQL the head row
/// is locked (`FOR UPDATE`), so concurrent appends queue; SQLite's `BEGIN IMMEDIATE` already
/// holds the write lock.
pub async fn append(tx: &mut Tx, entry: &Entry) -> Result<i64, sqlx::Error> {
    let head_sql = match tx {
        Tx::Sqlite(_) => "SELECT seq, hash FROM audit_head WHERE id = 1",
        Tx::Pg(_) => "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
    };
    let (seq, prev): (i64, String) =
        on_tx!(tx, c => sqlx::query_as(head_sql).fetch_one(&mut **c).await)?;
    let at = entry.at.trunc_subsecs(0).with_timezone(&Utc);
    let objects = entry.objects.to_string();
    let details = entry.details.to_string();
    let hash = record_hash(
        at,
        &entry.actor,
        &entry.os_user,
        &entry.action,
        &objects,
        entry.count,
        &details,
        &prev,
    );
    let seq = seq + 1;
    let insert = "INSERT INTO audit (seq, at, actor, os_user, action, objects, count, details, prev_hash, hash) \
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    on_tx!(tx, c => sqlx::query(insert)
        .bind(seq)
        .bind(at)
        .bind(&entry.actor)
        .bind(&entry.os_user)
        .bind(&entry.action)
        .bind(&objects)
        .bind(entry.count)
        .bind(&details)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut **c)
        .await.map(|r| r.rows_affected()))?;
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

/// Every record up to the head, in sequence order, and the head (`seq`, `hash`). The head is
/// read first, so a record appended meanwhile is simply not looked at.
pub async fn chain(store: &Store) -> Result<(Vec<Record>, (i64, String)), sqlx::Error> {
    let head: (i64, String) = on_pool!(store, p => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await)?;
    let sql = format!("{SELECT} WHERE seq <= $1 ORDER BY seq");
    let records = on_pool!(store, p => sqlx::query_as::<_, Record>(sqlx::AssertSqlSafe(sql)).bind(head.0).fetch_all(p).await)?;
    Ok((records, head))
}
