//! The catalogue of information systems.

use super::{Store, Tx, on_pool, on_tx};
use crate::domain::system::System;
use chrono::{DateTime, Utc};

/// What happened to one system of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Added,
    Updated,
    Unchanged,
}

/// Adds the system, or updates its names when they differ.
pub async fn upsert(tx: &mut Tx, s: &System, at: DateTime<Utc>) -> Result<Upsert, sqlx::Error> {
    let current: Option<(String, String)> = on_tx!(tx, c => sqlx::query_as("SELECT name_kk, name_ru FROM systems WHERE code = $1")
        .bind(&s.code).fetch_optional(&mut **c).await)?;
    match current {
        None => {
            on_tx!(tx, c => sqlx::query("INSERT INTO systems (code, name_kk, name_ru, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&s.code).bind(&s.name_kk).bind(&s.name_ru).bind(at).execute(&mut **c).await.map(|r| r.rows_affected()))?;
            Ok(Upsert::Added)
        }
        Some((kk, ru)) if kk == s.name_kk && ru == s.name_ru => Ok(Upsert::Unchanged),
        Some(_) => {
            on_tx!(tx, c => sqlx::query("UPDATE systems SET name_kk = $2, name_ru = $3 WHERE code = $1")
                .bind(&s.code).bind(&s.name_kk).bind(&s.name_ru).execute(&mut **c).await.map(|r| r.rows_affected()))?;
            Ok(Upsert::Updated)
        }
    }
}

pub async fn list(store: &Store) -> Result<Vec<System>, sqlx::Error> {
    let rows = on_pool!(store, p => sqlx::query_as::<_, (String, String, String)>("SELECT code, name_kk, name_ru FROM systems ORDER BY code").fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(code, name_kk, name_ru)| System {
            code,
            name_kk,
            name_ru,
        })
        .collect())
}
