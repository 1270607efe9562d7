//! The names of a bulk load, kept compact while the rows go in, so that the name check after
//! the load (`name_mismatch`, `surname_changed`) reads nothing back from the database when
//! every person's orders agree, which is the rule.
//!
//! For each stored row: its person (the IIN as a number), a 64-bit hash of the name exactly
//! as stored (surname, name, patronymic; no patronymic is the empty one), and its place in the
//! run (file, row). 24 bytes a row: 24 MB for a million rows, sorted once at the end. The
//! database is read only for the few rows whose name differs from their reference (to name
//! both in the reject), and for the people who already had orders before the run.

use crate::domain::order::Order;
use crate::store::orders::PersonOrder;
use crate::store::orders::Row;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// A place in the run: the file's index and the row in it.
pub(super) type Place = (usize, u64);

#[derive(Clone, Copy)]
struct Entry {
    iin: u64,
    name: u64,
    /// File index (high 24 bits) and row (low 40 bits): increasing in the order the rows were
    /// stored, which is the order of their ids.
    pos: u64,
}

/// The names of the rows stored by a bulk load.
#[derive(Default)]
pub(super) struct NameLedger {
    entries: Vec<Entry>,
}

/// The hash of a name exactly as stored: two names hash alike only if they are equal (but for
/// a 2⁻⁶⁴ chance).
pub(super) fn name_hash(surname: &str, name: &str, patronymic: Option<&str>) -> u64 {
    // SipHash with fixed keys: the same value on every run and machine.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    (surname, name, patronymic.unwrap_or("")).hash(&mut h);
    h.finish()
}

/// An IIN as a number (twelve digits); `None` for anything else.
pub(super) fn iin_number(iin: &str) -> Option<u64> {
    (iin.len() == 12 && iin.bytes().all(|b| b.is_ascii_digit()))
        .then(|| iin.parse().ok())
        .flatten()
}

fn pos_of((file, row): Place) -> u64 {
    ((file as u64) << 40) | (row & ((1 << 40) - 1))
}

fn place_of(pos: u64) -> Place {
    ((pos >> 40) as usize, pos & ((1 << 40) - 1))
}

impl NameLedger {
    /// Notes the rows of `file` just stored.
    pub(super) fn note(&mut self, file: usize, rows: &[Row]) {
        self.entries.reserve(rows.len());
        for (row, o) in rows {
            self.entries.push(entry(file, *row, o));
        }
    }

    /// The people of the run, each with its rows in the order they were stored.
    pub(super) fn people(mut self) -> People {
        self.entries.sort_unstable_by_key(|e| (e.iin, e.pos));
        People {
            entries: self.entries,
        }
    }
}

fn entry(file: usize, row: u64, o: &Order) -> Entry {
    Entry {
        // A stored order's IIN passed its check: twelve digits.
        iin: iin_number(o.iin.as_str()).unwrap_or(u64::MAX),
        name: name_hash(&o.surname, &o.name, o.patronymic.as_deref()),
        pos: pos_of((file, row)),
    }
}

/// The rows of a bulk load by person.
pub(super) struct People {
    entries: Vec<Entry>,
}

/// A row whose name is not written as its reference's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Differs {
    /// From the name on record before the run (the person's latest earlier order).
    FromEarlier { at: Place, iin: u64 },
    /// From the person's first order in this run, at `first`.
    FromFirst { at: Place, first: Place },
}

impl Differs {
    /// The row written otherwise.
    fn at(&self) -> Place {
        match *self {
            Differs::FromEarlier { at, .. } | Differs::FromFirst { at, .. } => at,
        }
    }
}

/// What the comparison found: the rows written otherwise, and the names on record they differ
/// from (by IIN).
#[derive(Default)]
pub(super) struct Found {
    pub differs: Vec<Differs>,
    pub on_record: HashMap<u64, PersonOrder>,
}

impl Found {
    /// Forgets rows removed from the run (the repeats of a bulk load). The first row of a
    /// person in the run is never one: a repeat repeats an earlier row of the same person, and a
    /// row already imported belongs to a person with earlier orders (`FromEarlier`).
    pub(super) fn forget(&mut self, gone: &HashSet<Place>) {
        self.differs.retain(|d| !gone.contains(&d.at()));
    }

    /// Where the rows written otherwise are.
    pub(super) fn places(&self) -> HashSet<Place> {
        self.differs.iter().map(Differs::at).collect()
    }
}

impl People {
    fn rows_of(&self, iin: u64) -> &[Entry] {
        let start = self.entries.partition_point(|e| e.iin < iin);
        let end = start + self.entries[start..].partition_point(|e| e.iin == iin);
        &self.entries[start..end]
    }

    /// Whether the run has rows of this person.
    pub(super) fn has(&self, iin: u64) -> bool {
        !self.rows_of(iin).is_empty()
    }

    /// The rows of this person whose name hash is not `name` (the name on record before the
    /// run), noted in `earlier` so that [`People::within_run`] skips the person.
    pub(super) fn against_earlier(
        &self,
        iin: u64,
        name: u64,
        earlier: &mut HashSet<u64>,
        out: &mut Vec<Differs>,
    ) {
        earlier.insert(iin);
        for e in self.rows_of(iin).iter().filter(|e| e.name != name) {
            out.push(Differs::FromEarlier {
                at: place_of(e.pos),
                iin,
            });
        }
    }

    /// For the people with no order before the run: the rows whose name is not that of the
    /// person's first row in the run.
    pub(super) fn within_run(&self, earlier: &HashSet<u64>, out: &mut Vec<Differs>) {
        for person in self.entries.chunk_by(|a, b| a.iin == b.iin) {
            let first = person[0];
            if person.len() < 2 || earlier.contains(&first.iin) {
                continue;
            }
            for e in person[1..].iter().filter(|e| e.name != first.name) {
                out.push(Differs::FromFirst {
                    at: place_of(e.pos),
                    first: place_of(first.pos),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_round_trip() {
        for p in [(0, 1), (3, 1_000_000), (200, (1 << 40) - 1)] {
            assert_eq!(place_of(pos_of(p)), p);
        }
        assert!(pos_of((0, 999)) < pos_of((1, 1)), "file order first");
    }

    #[test]
    fn names_hash_as_written() {
        let h = name_hash("Ахметова", "Айгуль", None);
        assert_eq!(h, name_hash("Ахметова", "Айгуль", Some("")));
        assert_ne!(h, name_hash("Ахметова", "Айгүль", None));
        assert_ne!(name_hash("ab", "c", None), name_hash("a", "bc", None));
        assert_eq!(iin_number("900101300123"), Some(900101300123));
        assert_eq!(iin_number("90010130012"), None);
    }
}
