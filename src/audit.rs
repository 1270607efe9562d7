//! The action log of §7 ("user actions are registered"), made tamper-evident.
//!
//! Every state-changing command appends records — who, what, when, which objects, how many — in
//! the same transaction as the change. Each record carries the hash of the record before it, so
//! the records form a chain:
//!
//! ```text
//!   head ──► #3 {…, prev = h2, hash = h3} ─► #2 {…, prev = h1, hash = h2} ─► #1 {…, prev = "", hash = h1}
//! ```
//!
//! `hash = SHA-256(content, prev)`, where the content is every field but the sequence number (the
//! link, not the number, fixes the order). A separate head row holds the newest record's number
//! and hash, so that removing the newest records is found as well. [`verify`] walks the chain and
//! names the first record that was changed, removed or put out of order.
//!
//! Secrets (passwords) never enter a record: callers pass counts and identifiers only.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What a command appends.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub os_user: String,
    /// A stable dotted name: `orders.import`, `systems.add`, ...
    pub action: String,
    /// The objects touched (files, codes, IINs), as JSON.
    pub objects: serde_json::Value,
    /// How many objects changed.
    pub count: i64,
    /// The command's summary, as JSON.
    pub details: serde_json::Value,
}

/// A stored record.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Record {
    pub seq: i64,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub at: DateTime<Utc>,
    pub actor: String,
    pub os_user: String,
    pub action: String,
    #[serde(serialize_with = "crate::domain::date::json_time::json")]
    pub objects: String,
    pub count: i64,
    #[serde(serialize_with = "crate::domain::date::json_time::json")]
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The timestamp as hashed: UTC, whole seconds (what both databases store exactly).
pub fn canonical_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The hash of a record's content and the hash of the record before it (hex SHA-256). Each field
/// is length-prefixed, so no choice of values can make two different records hash alike.
#[allow(clippy::too_many_arguments)]
pub fn record_hash(
    at: DateTime<Utc>,
    actor: &str,
    os_user: &str,
    action: &str,
    objects: &str,
    count: i64,
    details: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"skud-audit-v1");
    let count = count.to_string();
    for field in [
        &canonical_time(at),
        actor,
        os_user,
        action,
        objects,
        &count,
        details,
        prev_hash,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

impl Record {
    fn computed_hash(&self) -> String {
        record_hash(
            self.at,
            &self.actor,
            &self.os_user,
            &self.action,
            &self.objects,
            self.count,
            &self.details,
            &self.prev_hash,
        )
    }
}

/// The first thing wrong with a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The record's content no longer matches its hash.
    Changed { seq: i64 },
    /// The record does not link to the one before it, and its link points to no record: one or
    /// more records before it were removed (or the one before it was rewritten and rehashed).
    RemovedBefore { seq: i64 },
    /// The record links to another record than the one before it: the records were reordered.
    Reordered { seq: i64, follows: i64 },
    /// The log ends before the head says it should: the newest records were removed.
    RemovedAtEnd { last_seq: i64, head_seq: i64 },
}

/// Walks the records (in sequence order) and the head (`seq`, `hash`), returning the first
/// problem, if any.
pub fn verify(records: &[Result<Record, i64>], head: (i64, &str)) -> Option<Problem> {
    // A record whose stored values no longer read as written is the first changed one.
    let mut readable = Vec::with_capacity(records.len());
    for r in records {
        match r {
            Ok(r) => readable.push(r),
            Err(seq) => {
                if let Some(p) = verify_readable(&readable, None) {
                    return Some(p);
                }
                return Some(Problem::Changed { seq: *seq });
            }
        }
    }
    verify_readable(&readable, Some(head))
}

/// The chain check over records that all read; `head` is checked when given.
fn verify_readable(records: &[&Record], head: Option<(i64, &str)>) -> Option<Problem> {
    let by_hash: std::collections::HashMap<&str, i64> =
        records.iter().map(|r| (r.hash.as_str(), r.seq)).collect();
    let mut prev = "";
    for r in records {
        if r.computed_hash() != r.hash {
            return Some(Problem::Changed { seq: r.seq });
        }
        if r.prev_hash != prev {
            return Some(match by_hash.get(r.prev_hash.as_str()) {
                Some(&follows) => Problem::Reordered {
                    seq: r.seq,
                    follows,
                },
                None => Problem::RemovedBefore { seq: r.seq },
            });
        }
        prev = &r.hash;
    }
    let last_seq = records.last().map_or(0, |r| r.seq);
    let head = head?;
    if head.1 != prev {
        return Some(Problem::RemovedAtEnd {
            last_seq,
            head_seq: head.0,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: i64) -> Vec<Record> {
        let mut out: Vec<Record> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map(|r| r.hash.clone()).unwrap_or_default();
            let at = Utc
                .with_ymd_and_hms(2026, 11, 20, 10, 0, seq as u32)
                .unwrap();
            let mut r = Record {
                seq,
                at,
                actor: "Иванов И.И.".into(),
                os_user: "root".into(),
                action: "orders.import".into(),
                objects: format!("{{\"n\":{seq}}}"),
                count: seq,
                details: "{}".into(),
                prev_hash: prev,
                hash: String::new(),
            };
            r.hash = r.computed_hash();
            out.push(r);
        }
        out
    }

    fn ok(c: &[Record]) -> Vec<Result<Record, i64>> {
        c.iter().cloned().map(Ok).collect()
    }

    #[test]
    fn an_unreadable_record_is_named() {
        let c = chain(3);
        let h = head(&c);
        let mut v = ok(&c);
        v[1] = Err(2);
        assert_eq!(verify(&v, (h.0, &h.1)), Some(Problem::Changed { seq: 2 }));
    }

    fn head(c: &[Record]) -> (i64, String) {
        c.last()
            .map(|r| (r.seq, r.hash.clone()))
            .unwrap_or((0, String::new()))
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let h = head(&c);
        assert_eq!(verify(&ok(&c), (h.0, &h.1)), None);
        assert_eq!(verify(&ok(&[]), (0, "")), None);
    }

    #[test]
    fn finds_changed_removed_reordered() {
        let c = chain(5);
        let h = head(&c);
        let mut changed = c.clone();
        changed[2].count = 999;
        assert_eq!(
            verify(&ok(&changed), (h.0, &h.1)),
            Some(Problem::Changed { seq: 3 })
        );

        let mut rehashed = c.clone();
        rehashed[2].actor = "someone else".into();
        rehashed[2].hash = rehashed[2].computed_hash();
        assert_eq!(
            verify(&ok(&rehashed), (h.0, &h.1)),
            Some(Problem::RemovedBefore { seq: 4 })
        );

        let mut removed = c.clone();
        removed.remove(1);
        assert_eq!(
            verify(&ok(&removed), (h.0, &h.1)),
            Some(Problem::RemovedBefore { seq: 3 })
        );

        let mut reordered = c.clone();
        reordered.swap(1, 2);
        let (a, b) = (reordered[1].seq, reordered[2].seq);
        reordered[1].seq = b;
        reordered[2].seq = a;
        assert_eq!(
            verify(&ok(&reordered), (h.0, &h.1)),
            Some(Problem::Reordered { seq: 2, follows: 3 })
        );

        let mut cut = c.clone();
        cut.pop();
        assert_eq!(
            verify(&ok(&cut), (h.0, &h.1)),
            Some(Problem::RemovedAtEnd {
                last_seq: 4,
                head_seq: 5
            })
        );
    }
}
