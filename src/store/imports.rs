//! Import runs as records: what an import brought, what rests on it, and its revert
//! (`skud orders revert`).

use super::{Tx, on_tx};
use chrono::{DateTime, Utc};

/// An import run.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRecord {
    pub what: String,
    pub started_at: DateTime<Utc>,
    pub admin: String,
    pub reverted_at: Option<DateTime<Utc>>,
}

/// An import by its id.
pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<ImportRecord>, sqlx::Error> {
    let sql = "SELECT what, started_at, admin, reverted_at FROM imports WHERE id = $1";
    on_tx!(tx, c => sqlx::query_as::<_, ImportRecord>(sql).bind(id).fetch_optional(&mut **c).await)
}

/// A request answered on the basis of an order of the import (§23).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnsweredRequest {
    pub id: i64,
    pub kind: String,
    pub iin: String,
    pub basis_order_no: String,
    /// The number of the import's order it may rest on.
    pub order_no: String,
}

/// The requests done on the basis of one of the import's orders. The numbers are compared as
/// the answer compared them (`order_no_key`: case and spaces do not count), so candidates of the
/// same person and date are fetched and matched here.
pub async fn requests_resting_on(
    tx: &mut Tx,
    import_id: i64,
) -> Result<Vec<AnsweredRequest>, sqlx::Error> {
    let sql = "SELECT DISTINCT r.id, r.kind, r.iin, r.basis_order_no, o.order_no FROM requests r \
               JOIN orders o ON o.iin = r.iin AND o.order_date = r.basis_order_date \
               WHERE o.import_id = $1 AND r.status = 'done' AND r.basis_order_no IS NOT NULL \
               ORDER BY r.id";
    let found: Vec<AnsweredRequest> = on_tx!(tx, c => sqlx::query_as::<_, AnsweredRequest>(sql).bind(import_id).fetch_all(&mut **c).await)?;
    let key = crate::domain::request::order_no_key;
    let mut resting: Vec<AnsweredRequest> = found
        .into_iter()
        .filter(|r| key(&r.basis_order_no) == key(&r.order_no))
        .collect();
    resting.dedup_by_key(|r| r.id);
    Ok(resting)
}

/// The accounts blocked for dismissal (§30) of people the import dismisses. Any such block
/// counts, even when another dismissal is on record: that one may be followed by a rehire, and
/// then the block would rest on this import alone.
pub async fn blocks_resting_on(tx: &mut Tx, import_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let sql = "SELECT a.login FROM accounts a \
               WHERE a.status = 'blocked' AND a.block_reason = 'dismissal' \
                 AND EXISTS (SELECT 1 FROM orders o WHERE o.import_id = $1 \
                     AND o.kind = 'dismissal' AND o.iin = a.iin) \
               ORDER BY a.login";
    on_tx!(tx, c => sqlx::query_scalar(sql).bind(import_id).fetch_all(&mut **c).await)
}

/// Removes the import's orders and marks it reverted; returns the orders removed.
pub async fn revert(tx: &mut Tx, import_id: i64, at: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let removed = on_tx!(tx, c => sqlx::query("DELETE FROM orders WHERE import_id = $1")
        .bind(import_id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query("UPDATE imports SET reverted_at = $2 WHERE id = $1")
        .bind(import_id).bind(at).execute(&mut **c).await.map(|_| ()))?;
    Ok(removed)
}
