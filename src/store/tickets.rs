//! Support tickets (§12-§15) and their attachments.

use super::{Store, Tx, on_pool, on_tx};
use crate::domain::date::json_time;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A new ticket.
pub struct NewTicket<'a> {
    pub full_name: &'a str,
    pub position: Option<&'a str>,
    pub login: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub system_code: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub body: Option<&'a str>,
    /// SHA-256 (hex), file name, size.
    pub attachment: Option<(&'a str, &'a str, i64)>,
    pub submitted_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
}

/// Keeps an attachment's content once by its SHA-256.
pub async fn store_attachment(
    tx: &mut Tx,
    sha256: &str,
    content: &[u8],
) -> Result<(), sqlx::Error> {
    on_tx!(tx, c => sqlx::query("INSERT INTO ticket_attachments (sha256, size, content) VALUES ($1, $2, $3) \
            ON CONFLICT (sha256) DO NOTHING")
        .bind(sha256).bind(content.len() as i64).bind(content).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn open(tx: &mut Tx, t: &NewTicket<'_>) -> Result<i64, sqlx::Error> {
    let (sha, name, size) = match t.attachment {
        Some((s, n, z)) => (Some(s), Some(n), Some(z)),
        None => (None, None, None),
    };
    on_tx!(tx, c => sqlx::query_scalar("INSERT INTO tickets (full_name, position, login, reason, phone, email, \
            system_code, subject, body, attachment_sha256, attachment_name, attachment_size, submitted_at, due_at, \
            recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id")
        .bind(t.full_name).bind(t.position).bind(t.login).bind(t.reason).bind(t.phone).bind(t.email)
        .bind(t.system_code).bind(t.subject).bind(t.body).bind(sha).bind(name).bind(size)
        .bind(t.submitted_at).bind(t.due_at).bind(t.recorded_at).fetch_one(&mut **c).await)
}

/// Closes an open ticket; false when it is unknown or already closed.
pub async fn close(
    tx: &mut Tx,
    id: i64,
    resolution: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE tickets SET closed_at = $2, resolution = $3 \
            WHERE id = $1 AND closed_at IS NULL")
        .bind(id).bind(at).bind(resolution).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A ticket as listed (never the attachment's content).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub full_name: String,
    pub position: Option<String>,
    pub login: Option<String>,
    pub reason: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub system_code: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub attachment_sha256: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_size: Option<i64>,
    #[serde(serialize_with = "json_time::utc")]
    pub submitted_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::utc")]
    pub due_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::option")]
    pub closed_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
}

const COLUMNS: &str = "id, full_name, position, login, reason, phone, email, system_code, subject, body, \
    attachment_sha256, attachment_name, attachment_size, submitted_at, due_at, closed_at, resolution";

/// Tickets: all, only open ones, or only those open past `overdue_at`; only those of `login`
/// when given.
pub async fn list(
    store: &Store,
    open_only: bool,
    overdue_at: Option<DateTime<Utc>>,
    login: Option<&str>,
) -> Result<Vec<TicketRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE ($1 = FALSE OR closed_at IS NULL) \
         AND ($2 IS NULL OR (closed_at IS NULL AND due_at < $2)) \
         AND ($3 IS NULL OR login = $3) ORDER BY id"
    );
    on_pool!(store, p => sqlx::query_as::<_, TicketRow>(sqlx::AssertSqlSafe(sql))
        .bind(open_only).bind(overdue_at).bind(login).fetch_all(p).await)
}

pub async fn exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT count(*) FROM tickets WHERE id = $1")
        .bind(id).fetch_one(&mut **c).await)?;
    Ok(n > 0)
}
