//! What answers hand over, until it is delivered (§22): reply letters and credentials rows,
//! sealed with the transit key (see `app::deliver`).

use super::{Store, Tx, on_pool, on_tx};
use chrono::{DateTime, Utc};

/// Where a delivery goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A letter for the `[mail]` relay.
    Smtp,
    /// A letter written as a file into an outbox folder (`--outbox DIR`).
    Outbox,
    /// A row of a credentials file (`logins issue --credentials FILE`).
    Credentials,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Smtp => "smtp",
            Channel::Outbox => "outbox",
            Channel::Credentials => "credentials",
        }
    }
}

/// A delivery recorded with an answer.
pub struct NewDelivery<'a> {
    pub request_id: i64,
    pub channel: Channel,
    pub what: &'a str,
    pub target: &'a str,
    pub message_id: Option<&'a str>,
    pub sealed: &'a str,
    pub at: DateTime<Utc>,
}

/// An open delivery (not yet delivered).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Open {
    pub id: i64,
    pub request_id: i64,
    pub what: String,
    pub target: String,
    pub message_id: Option<String>,
    pub sealed: Option<String>,
}

/// One delivery as `mail list` shows it.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct Listed {
    pub id: i64,
    pub request_id: i64,
    pub channel: String,
    pub what: String,
    pub target: String,
    pub message_id: Option<String>,
    pub state: String,
    pub attempts: i64,
    pub reply: Option<String>,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::date::json_time::option")]
    pub done_at: Option<DateTime<Utc>>,
}

pub async fn add(tx: &mut Tx, d: &NewDelivery<'_>) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO deliveries (request_id, channel, what, target, message_id, sealed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(d.request_id).bind(d.channel.as_str()).bind(d.what).bind(d.target)
        .bind(d.message_id).bind(d.sealed).bind(d.at)
        .execute(&mut **c).await.map(|_| ()))?;
    Ok(())
}

/// The open deliveries of a channel, oldest first.
pub async fn open(db: &Store, channel: Channel) -> Result<Vec<Open>, sqlx::Error> {
    const SQL: &str = "SELECT id, request_id, what, target, message_id, sealed \
        FROM deliveries WHERE channel = $1 AND state = 'queued' ORDER BY id";
    on_pool!(db, p => sqlx::query_as::<_, Open>(SQL).bind(channel.as_str()).fetch_all(p).await)
}

/// Marks deliveries done: the sealed copy is dropped.
pub async fn delivered(
    tx: &mut Tx,
    ids: &[i64],
    reply: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for id in ids {
        on_tx!(tx, c => sqlx::query(
            "UPDATE deliveries SET state = 'sent', sealed = NULL, reply = $2, done_at = $3 \
             WHERE id = $1 AND state = 'queued'")
            .bind(id).bind(reply).bind(at).execute(&mut **c).await.map(|_| ()))?;
    }
    Ok(())
}

/// Marks a letter refused for good by the relay (5xx): reported, never retried; the sealed
/// copy is dropped (the password is in the credentials file).
pub async fn failed(
    tx: &mut Tx,
    id: i64,
    reply: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE deliveries SET state = 'failed', sealed = NULL, reply = $2, done_at = $3 \
         WHERE id = $1 AND state = 'queued'")
        .bind(id).bind(reply).bind(at).execute(&mut **c).await.map(|_| ()))?;
    Ok(())
}

/// Counts an attempt to send letters (before they go to the relay): a letter with more than
/// one attempt may have reached the relay twice, under the same Message-ID.
pub async fn attempt(tx: &mut Tx, ids: &[i64], reply: &str) -> Result<(), sqlx::Error> {
    for id in ids {
        on_tx!(tx, c => sqlx::query(
            "UPDATE deliveries SET attempts = attempts + 1, reply = $2 WHERE id = $1")
            .bind(id).bind(reply).execute(&mut **c).await.map(|_| ()))?;
    }
    Ok(())
}

/// Records the relay's temporary refusal on a letter that stays queued.
pub async fn deferred(db: &Store, id: i64, reply: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, p => sqlx::query("UPDATE deliveries SET reply = $2 WHERE id = $1")
        .bind(id).bind(reply).execute(p).await.map(|_| ()))?;
    Ok(())
}

/// Counts of what is not delivered: (queued, failed).
pub async fn undelivered(db: &Store) -> Result<(i64, i64), sqlx::Error> {
    const SQL: &str = "SELECT COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0), \
        COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM deliveries";
    on_pool!(db, p => sqlx::query_as::<_, (i64, i64)>(SQL).fetch_one(p).await)
}

/// Deliveries for `mail list`: all letters, or only the failed ones.
pub async fn list(db: &Store, failed_only: bool) -> Result<Vec<Listed>, sqlx::Error> {
    let sql = format!(
        "SELECT id, request_id, channel, what, target, message_id, state, attempts, reply, \
         created_at, done_at FROM deliveries WHERE channel <> 'credentials' {} ORDER BY id",
        if failed_only {
            "AND state = 'failed'"
        } else {
            ""
        }
    );
    on_pool!(db, p => sqlx::query_as::<_, Listed>(sqlx::AssertSqlSafe(sql)).fetch_all(p).await)
}
