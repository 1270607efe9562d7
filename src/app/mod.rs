//! The use cases: each file owns its transaction, calls the domain, the store and the
//! adapters, and returns a report that `cli/` prints. (The older commands still keep their use
//! case in `cli/`; they move here one by one.)

/// How many rows a summary lists (rejects, warnings, outcomes): a file of a million bad rows
/// must not hold a million messages in memory. Beyond it rows are counted (`not_listed`); the
/// rejects file has them all.
pub const LISTED_MAX: usize = 100_000;

/// Lists a row in a summary, or counts it when the list is full.
pub fn keep_listed<T>(list: &mut Vec<T>, item: T, not_listed: &mut u64) {
    if list.len() < LISTED_MAX {
        list.push(item);
    } else {
        *not_listed += 1;
    }
}

pub mod adopt;
pub mod answer;
pub mod deliver;
pub mod exit_status;
pub mod import_orders;
pub mod intake;
pub mod journal;
pub mod open;
pub mod person;
pub mod relogin;
pub mod revert_import;
pub mod status;
pub mod withdraw_request;

#[cfg(test)]
mod tests {
    #[test]
    fn a_summary_lists_up_to_its_limit() {
        let (mut list, mut not_listed) = (Vec::new(), 0);
        for i in 0..super::LISTED_MAX + 5 {
            super::keep_listed(&mut list, i, &mut not_listed);
        }
        assert_eq!((list.len(), not_listed), (super::LISTED_MAX, 5));
    }
}
