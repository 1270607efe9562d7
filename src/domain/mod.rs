//! The Rules as pure code: no IO, no database, no clock. Every rule is one function with its
//! paragraph (`§N`) in the doc comment, and takes "today" as an argument.

/// The text a value is stored as, read back: `TryFrom<String>` over the values' `as_str` (the
/// store converts at its edge; the domain knows no database).
macro_rules! stored_as_text {
    ($t:ident, $what:literal, [$($v:ident),+ $(,)?]) => {
        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<$t, String> {
                [$($t::$v),+]
                    .into_iter()
                    .find(|k| k.as_str() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $what, " {:?}"), s))
            }
        }
    };
}
pub(crate) use stored_as_text;

pub mod account;
pub mod adoption;
pub mod calendar;
pub mod date;
pub mod employee;
pub mod iin;
pub mod inactivity;
pub mod login;
pub mod order;
pub mod person_name;
pub mod request;
pub mod system;
pub mod text_list;
pub mod ticket;
