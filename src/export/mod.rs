//! What skud writes for people: the Appendix 1 journal (XLSX, CSV), the filled Appendix 2
//! form, the deadlines report, reply letters (§22) and the rejects file of an import.

pub mod deadlines;
pub mod form;
pub mod journal;
pub mod letters;
pub mod print;
pub mod rejects;
pub mod stream;
