//! What skud writes for people: the Appendix 1 journal (XLSX, CSV), the filled Appendix 2
//! form, reply letters (§22) and the credentials file.

pub mod deadlines;
pub mod form;
pub mod journal;
pub mod letters;

use std::path::{Path, PathBuf};

/// The folder a file will be written in (`.` for a bare name): where its temporary file goes,
/// so that the final rename stays within one file system.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}
