//! What an orders import reports: the `--json` summary (DESIGN.md), its rejects and warnings.

use crate::import::TableInfo;
use serde::Serialize;

/// One rejected row, as the JSON summary lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RejectEntry {
    pub file: String,
    pub row: u64,
    pub reason_code: &'static str,
    pub reason: String,
}

/// One warning.
#[derive(Debug, Clone, Serialize)]
pub struct WarningEntry {
    pub file: String,
    pub row: u64,
    pub warning_code: &'static str,
    pub warning: String,
}

/// A live account of a person the import dismisses, and the day the dismissals job blocks it
/// (§30).
#[derive(Debug, Clone, Serialize)]
pub struct DismissedAccount {
    pub file: String,
    pub row: u64,
    pub iin: String,
    pub login: String,
    pub status: String,
    pub effective_date: chrono::NaiveDate,
    pub blocked_on: chrono::NaiveDate,
}

/// The `--json` summary (DESIGN.md) and more.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// The import's id (`skud orders revert` takes it).
    pub import_id: i64,
    pub files: Vec<String>,
    pub rows: u64,
    pub imported: u64,
    pub already_imported: u64,
    pub rejected: u64,
    pub warnings: u64,
    pub rejects: Vec<RejectEntry>,
    pub warning_details: Vec<WarningEntry>,
    /// Rejects and warnings counted but not listed (past `app::LISTED_MAX`).
    pub not_listed: u64,
    pub file_details: Vec<TableInfo>,
    /// The live accounts of the people this import dismisses.
    pub dismissed_accounts: Vec<DismissedAccount>,
    pub dry_run: bool,
    pub rejects_file: Option<String>,
}

impl Summary {
    /// One rejected row.
    pub(super) fn reject(
        &mut self,
        file: &str,
        row: u64,
        reason_code: &'static str,
        reason: String,
    ) {
        self.rejected += 1;
        let entry = RejectEntry {
            file: file.to_owned(),
            row,
            reason_code,
            reason,
        };
        crate::app::keep_listed(&mut self.rejects, entry, &mut self.not_listed);
    }

    /// One warning.
    pub(super) fn warn(&mut self, entry: WarningEntry) {
        self.warnings += 1;
        crate::app::keep_listed(&mut self.warning_details, entry, &mut self.not_listed);
    }
}

/// A file's place in the run (rejects are sorted by it, then by row).
pub(super) fn file_index(files: &[String], f: &str) -> usize {
    files.iter().position(|x| x == f).unwrap_or(usize::MAX)
}
