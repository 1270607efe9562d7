//! The Rules as pure code: no IO, no database, no clock. Every rule is one function with its
//! paragraph (`§N`) in the doc comment, and takes "today" as an argument.

pub mod account;
pub mod adoption;
pub mod calendar;
pub mod date;
pub mod employee;
pub mod iin;
pub mod inactivity;
pub mod login;
pub mod order;
pub mod request;
pub mod system;
pub mod ticket;
