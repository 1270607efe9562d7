//! What skud writes for people: the Appendix 1 journal (XLSX, CSV), the filled Appendix 2
//! form, reply letters (§22) and the credentials file.

pub mod credentials;
pub mod form;
pub mod journal;
pub mod letters;
pub mod outbox;
