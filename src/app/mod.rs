//! The use cases: each file owns its transaction, calls the domain, the store and the
//! adapters, and returns a report that `cli/` prints. (The older commands still keep their use
//! case in `cli/`; they move here one by one.)

pub mod adopt;
pub mod answer;
pub mod deliver;
pub mod exit_status;
pub mod import_orders;
pub mod intake;
pub mod journal;
pub mod open;
pub mod relogin;
pub mod revert_import;
